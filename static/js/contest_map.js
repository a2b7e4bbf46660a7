// The drawing contest's small maps, drawn with MapLibre GL JS on the offline base
// style (or a configured one), like the other Birge maps:
//   "gallery": the drawings that have a place, a dot each, a popup with the picture;
//   "one":     one drawing's place;
//   "pick":    the send form's place picker: a tap marks the place (optional).
// Popups are built from DOM nodes with textContent, never innerHTML.
(function () {
  "use strict";

  const configNode = document.getElementById("map-config");
  const container = document.getElementById("map");
  if (!configNode || !container) return;

  const config = JSON.parse(configNode.textContent);
  const labels = config.labels || {};
  const status = document.getElementById("map-status");
  const AWARD_COLOURS = ["match", ["get", "award"], "diploma", "#b07d00", "certificate", "#0b5d8c", "#4a5a66"];

  const el = window.birgeBaseMap.el;

  function failed() {
    container.dataset.state = "failed";
    if (status) status.textContent = labels.map_failed || "";
  }

  const getJSON = window.birgeBaseMap.getJSON;

  // URLs of drawing number 0 from the server, with each drawing's number put in.
  function urlFor(template, number) {
    return template.replace("/drawings/0/", "/drawings/" + number + "/");
  }

  function boundsOf(features) {
    const bounds = new maplibregl.LngLatBounds();
    const extend = (coords) => (typeof coords[0] === "number" ? bounds.extend(coords) : coords.forEach(extend));
    features.forEach((f) => f.geometry && extend(f.geometry.coordinates));
    return bounds;
  }

  function popupContent(props) {
    const box = el("div", "popup");
    box.appendChild(el("p", "popup-kind", (labels.drawing || "") + " №" + props.number));
    const picture = el("img");
    picture.src = urlFor(config.thumb_url, props.number);
    picture.alt = "";
    picture.width = 200;
    picture.className = "popup-picture";
    box.appendChild(picture);
    const title = el("h3", "popup-title", props.title);
    title.lang = props.language || "";
    box.appendChild(title);
    box.appendChild(el("p", null, props.first_name + ", " + (labels.age || "") + " " + props.age));
    if (props.award) box.appendChild(el("p", "badge badge-" + props.award, labels[props.award]));
    const link = el("a", "popup-link", labels.open);
    link.href = urlFor(config.drawing_url, props.number);
    const line = el("p", "popup-open");
    line.appendChild(link);
    box.appendChild(line);
    return box;
  }

  if (!window.maplibregl) {
    failed();
    return;
  }
  let map;
  try {
    map = birgeBaseMap.create(container, config, {
      bounds: config.town.bounds,
      fitBoundsOptions: { padding: 24 },
    });
  } catch (error) {
    failed();
    return;
  }
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");

  function addTown(town, sites) {
    map.addSource("town", { type: "geojson", data: town });
    map.addLayer({ id: "town-fill", type: "fill", source: "town", paint: { "fill-color": "#fbfaf5" } });
    map.addLayer({ id: "town-line", type: "line", source: "town", paint: { "line-color": "#2c3e50", "line-width": 2 } });
    const site = (sites.features || []).filter((f) => config.site && f.properties.slug === config.site);
    map.addSource("site", { type: "geojson", data: { type: "FeatureCollection", features: site } });
    map.addLayer({
      id: "site-fill",
      type: "fill",
      source: "site",
      paint: { "fill-color": "#59a14f", "fill-opacity": 0.25 },
    });
    map.addLayer({ id: "site-line", type: "line", source: "site", paint: { "line-color": "#2e7d32", "line-width": 2 } });
    return site;
  }

  function showGallery(collection) {
    const features = collection.features || [];
    map.addSource("drawings", { type: "geojson", data: collection });
    map.addLayer({
      id: "drawings",
      type: "circle",
      source: "drawings",
      paint: {
        "circle-color": AWARD_COLOURS,
        "circle-radius": 9,
        "circle-stroke-color": "#ffffff",
        "circle-stroke-width": 2,
      },
    });
    if (features.length) map.fitBounds(boundsOf(features), { padding: 48, maxZoom: 16, duration: 0 });
    let popup = null;
    map.on("click", (event) => {
      const p = event.point;
      const slop = 12; // a finger is wider than a dot
      const hits = map.queryRenderedFeatures(
        [
          [p.x - slop, p.y - slop],
          [p.x + slop, p.y + slop],
        ],
        { layers: ["drawings"] }
      );
      if (!hits.length) return;
      if (popup) popup.remove();
      popup = new maplibregl.Popup({ maxWidth: "240px" })
        .setLngLat(hits[0].geometry.coordinates)
        .setDOMContent(popupContent(hits[0].properties))
        .addTo(map);
      if (status) status.textContent = "№" + hits[0].properties.number + " " + hits[0].properties.title;
    });
    map.on("mouseenter", "drawings", () => (map.getCanvas().style.cursor = "pointer"));
    map.on("mouseleave", "drawings", () => (map.getCanvas().style.cursor = ""));
    return features.length;
  }

  function showOne() {
    new maplibregl.Marker({ color: "#b07d00" }).setLngLat(config.place).addTo(map);
    map.jumpTo({ center: config.place, zoom: 15 });
    return 1;
  }

  function pickPlace(site) {
    const output = document.querySelector("[data-place-output]");
    const state = document.getElementById("place-state");
    const clear = document.getElementById("place-clear");
    let marker = null;
    const set = (lngLat) => {
      if (!lngLat) {
        if (marker) marker.remove();
        marker = null;
        if (output) output.value = "";
        if (state) state.textContent = labels.not_placed || "";
        return;
      }
      const coordinates = [Number(lngLat[0].toFixed(6)), Number(lngLat[1].toFixed(6))];
      if (!marker) marker = new maplibregl.Marker({ color: "#b07d00" }).setLngLat(coordinates).addTo(map);
      else marker.setLngLat(coordinates);
      if (output) output.value = JSON.stringify({ type: "Point", coordinates: coordinates });
      if (state) state.textContent = labels.placed || "";
    };
    // A form shown again after an error keeps the place that was marked.
    try {
      const previous = output && output.value ? JSON.parse(output.value) : null;
      if (previous && previous.type === "Point") set(previous.coordinates);
    } catch (error) {
      set(null);
    }
    if (site.length) map.fitBounds(boundsOf(site), { padding: 60, maxZoom: 17, duration: 0 });
    map.on("click", (event) => set([event.lngLat.lng, event.lngLat.lat]));
    if (clear) clear.addEventListener("click", () => set(null));
    return marker ? 1 : 0;
  }

  map.on("load", async () => {
    try {
      const wantsDrawings = config.mode === "gallery" && config.layers && config.layers.drawings;
      const [town, sites, drawings] = await Promise.all([
        getJSON(config.data.town),
        getJSON(config.data.sites),
        wantsDrawings ? getJSON(config.layers.drawings) : Promise.resolve(null),
      ]);
      const site = addTown(town, sites);
      let shown = 0;
      if (config.mode === "gallery" && drawings) shown = showGallery(drawings);
      else if (config.mode === "one" && config.place) shown = showOne();
      else if (config.mode === "pick") shown = pickPlace(site);
      container.dataset.features = String(shown);
      map.once("idle", () => (container.dataset.state = "ready"));
    } catch (error) {
      if (window.console) console.error(error);
      failed();
    }
  });
})();
