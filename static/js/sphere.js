// Lengths and areas of lon/lat shapes on the sphere (never on degrees), for the
// live measures while drawing a proposal or a concept. Exposed as window.birgeSphere.
(function () {
  "use strict";

  const EARTH_RADIUS = 6371008.8; // metres, the mean radius
  const rad = (deg) => (deg * Math.PI) / 180;

  function haversine(a, b) {
    const dLat = rad(b[1] - a[1]);
    const dLon = rad(b[0] - a[0]);
    const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a[1])) * Math.cos(rad(b[1])) * Math.sin(dLon / 2) ** 2;
    return 2 * EARTH_RADIUS * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  function lineLength(coords) {
    let total = 0;
    for (let i = 1; i < coords.length; i += 1) total += haversine(coords[i - 1], coords[i]);
    return total;
  }

  function ringArea(ring) {
    // Spherical excess of a ring (Chamberlain & Duquette, "Some algorithms for
    // polygons on a sphere", 2007), in square metres.
    let sum = 0;
    for (let i = 0; i < ring.length - 1; i += 1) {
      const [lon1, lat1] = ring[i];
      const [lon2, lat2] = ring[i + 1];
      sum += rad(lon2 - lon1) * (2 + Math.sin(rad(lat1)) + Math.sin(rad(lat2)));
    }
    return Math.abs((sum * EARTH_RADIUS * EARTH_RADIUS) / 2);
  }

  function polygonArea(rings) {
    return rings.reduce((area, ring, i) => (i === 0 ? ringArea(ring) : area - ringArea(ring)), 0);
  }

  window.birgeSphere = { haversine, lineLength, polygonArea };
})();
