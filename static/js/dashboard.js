// The NGO's quick hotline entry: a click on the map writes "lat, lon" into the
// coordinates field (the server reads that field), pasted coordinates show up on
// the map, and Ctrl+Enter saves from any field. The form works without it.
(function () {
  "use strict";

  const form = document.getElementById("record-form");
  if (!form) return;
  const field = form.querySelector('input[name="coordinates"]');
  const output = form.querySelector("input[data-place-output]");
  const status = document.getElementById("pick-status");

  form.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      if (form.requestSubmit) form.requestSubmit();
      else form.submit();
    }
  });

  if (!field || !window.birgeMapReady) return;

  // The same readings as the server's: "49.95, 82.61", "49,95 82,61", "49.95;82.61".
  const NUMBER = "[-+]?\\d{1,3}(?:[.,]\\d+)?";
  const LAT_LON = new RegExp(
    "^\\s*[NS]?\\s*(" + NUMBER + ")\\s*°?\\s*[NS]?\\s*(?:[,;]\\s*|\\s+)[EW]?\\s*(" + NUMBER + ")\\s*°?\\s*[EW]?\\s*$",
    "i"
  );

  function parse(text) {
    const match = LAT_LON.exec(text || "");
    if (!match) return null;
    const [lat, lon] = [match[1], match[2]].map((part) => parseFloat(part.replace(",", ".")));
    return Number.isFinite(lat) && Number.isFinite(lon) ? { lat: lat, lon: lon } : null;
  }

  window.birgeMapReady.then((map) => {
    const empty = { type: "FeatureCollection", features: [] };
    map.addSource("pick", { type: "geojson", data: empty });
    map.addLayer({
      id: "pick",
      type: "circle",
      source: "pick",
      paint: {
        "circle-color": "#b3261e",
        "circle-radius": 8,
        "circle-stroke-color": "#ffffff",
        "circle-stroke-width": 2,
      },
    });

    function show(place, pan) {
      const source = map.getSource("pick");
      if (!place) {
        source.setData(empty);
        if (output) output.value = "";
        return;
      }
      const point = { type: "Point", coordinates: [place.lon, place.lat] };
      source.setData({ type: "FeatureCollection", features: [{ type: "Feature", geometry: point, properties: {} }] });
      if (output) output.value = JSON.stringify(point);
      if (pan && !map.getBounds().contains([place.lon, place.lat]) && Math.abs(place.lat) <= 90) {
        map.jumpTo({ center: [place.lon, place.lat] });
      }
    }

    map.getCanvas().classList.add("pick-canvas");
    map.on("click", (event) => {
      const lat = event.lngLat.lat.toFixed(6);
      const lon = event.lngLat.lng.toFixed(6);
      field.value = lat + ", " + lon;
      show({ lat: parseFloat(lat), lon: parseFloat(lon) }, false);
      if (status) status.textContent = field.value;
    });
    field.addEventListener("input", () => show(parse(field.value), true));
    show(parse(field.value), true);
  });
})();
