// The map of the concern pages (report, thank-you, hotline entry, one concern):
// the town and its districts, and the marks the page's config lists — the exact
// place (NGO only), the public point and its grid square. Everything comes from
// the JSON in #map-config (no inline script); labels are set with textContent.
// window.birgeMap is the map; window.birgeMapReady resolves with it once drawn,
// so the page's own script (drawing, picking) attaches to the same map.
(function () {
  "use strict";

  const configNode = document.getElementById("map-config");
  const container = document.getElementById("map");
  if (!configNode || !container) return;

  const config = JSON.parse(configNode.textContent);
  const labels = config.labels || {};
  const status = document.getElementById("map-status");
  const lang = document.documentElement.lang || undefined;
  const COLOURS = { exact: "#b3261e", public: "#0b5d8c", cell: "#0b5d8c" };

  let settle;
  window.birgeMapReady = new Promise((resolve, reject) => {
    settle = { resolve, reject };
  });
  window.birgeMapReady.catch(() => {});

  function failed(error) {
    container.dataset.state = "failed";
    if (status) status.textContent = labels.map_failed || "";
    settle.reject(error || new Error("map failed"));
  }

  const getJSON = window.birgeBaseMap.getJSON;

  function extend(bounds, coordinates) {
    if (typeof coordinates[0] === "number") bounds.extend(coordinates);
    else coordinates.forEach((c) => extend(bounds, c));
    return bounds;
  }

  if (!window.maplibregl || !window.birgeBaseMap) {
    failed();
    return;
  }
  let map;
  try {
    map = window.birgeBaseMap.create(container, config, {
      bounds: config.town.bounds,
      fitBoundsOptions: { padding: 24 },
    });
  } catch (error) {
    failed(error);
    return;
  }
  window.birgeMap = map;
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
  map.addControl(new maplibregl.ScaleControl({ unit: "metric" }), "bottom-left");

  function addTown(town, districts) {
    window.birgeBaseMap.addTownLayers(map, town, districts);
  }

  function addMarks(marks) {
    const features = marks.map((mark, index) => ({
      type: "Feature",
      id: index + 1,
      geometry: mark.geometry,
      properties: { role: mark.role },
    }));
    map.addSource("marks", { type: "geojson", data: { type: "FeatureCollection", features: features } });
    const role = (name) => ["==", ["get", "role"], name];
    const area = ["in", ["geometry-type"], ["literal", ["Polygon", "MultiPolygon"]]];
    const point = ["==", ["geometry-type"], "Point"];
    map.addLayer({
      id: "marks-cell",
      type: "fill",
      source: "marks",
      filter: ["all", role("cell"), area],
      paint: { "fill-color": COLOURS.cell, "fill-opacity": 0.12 },
    });
    map.addLayer({
      id: "marks-cell-line",
      type: "line",
      source: "marks",
      filter: ["all", role("cell"), area],
      paint: { "line-color": COLOURS.cell, "line-width": 2, "line-dasharray": [2, 1.5] },
    });
    map.addLayer({
      id: "marks-exact-area",
      type: "fill",
      source: "marks",
      filter: ["all", role("exact"), area],
      paint: { "fill-color": COLOURS.exact, "fill-opacity": 0.3, "fill-outline-color": COLOURS.exact },
    });
    map.addLayer({
      id: "marks-exact",
      type: "circle",
      source: "marks",
      filter: ["all", role("exact"), point],
      paint: {
        "circle-color": COLOURS.exact,
        "circle-radius": 8,
        "circle-stroke-color": "#ffffff",
        "circle-stroke-width": 2,
      },
    });
    map.addLayer({
      id: "marks-public",
      type: "circle",
      source: "marks",
      filter: ["all", role("public"), point],
      paint: {
        "circle-color": "#ffffff",
        "circle-radius": 7,
        "circle-stroke-color": COLOURS.public,
        "circle-stroke-width": 3,
      },
    });
    if (features.length) {
      const bounds = new maplibregl.LngLatBounds();
      features.forEach((f) => extend(bounds, f.geometry.coordinates));
      map.fitBounds(bounds, { padding: 60, maxZoom: 16, duration: 0 });
    }
    return features.length;
  }

  map.on("load", async () => {
    try {
      const [town, districts] = await Promise.all([getJSON(config.data.town), getJSON(config.data.districts)]);
      addTown(town, districts);
      container.dataset.marks = String(addMarks(config.marks || []));
      map.once("idle", () => {
        container.dataset.state = "ready";
        settle.resolve(map);
      });
    } catch (error) {
      if (window.console) console.error(error);
      failed(error);
    }
  });
  map.on("error", (event) => {
    if (window.console) console.error(event && event.error);
    if (container.dataset.state === "loading" && event && event.error && /WebGL/i.test(String(event.error.message))) {
      failed(event.error);
    }
  });
})();
