// The map every Birge page starts from: the configured basemap, or a plain
// background that works with no network (the town's own layers go on top), the
// MapLibre worker served by Birge, and the attribution the page's config names.
// Exposed as window.birgeBaseMap.create(container, config, options); the options
// (bounds, padding, zoom limits...) are MapLibre's own and win over these.
// Beside it, what every map script needs: getJSON (names in the page's language),
// el (a DOM node with text, never HTML) and addTownLayers (the town and districts).
(function () {
  "use strict";

  function offlineStyle() {
    return {
      version: 8,
      sources: {},
      layers: [{ id: "background", type: "background", paint: { "background-color": "#eef0ea" } }],
    };
  }

  function create(container, config, options) {
    const labels = config.labels || {};
    const basemap = config.basemap || {};
    maplibregl.setWorkerUrl(config.worker);
    return new maplibregl.Map({
      container: container,
      style: basemap.style || offlineStyle(),
      attributionControl: {
        compact: true,
        customAttribution: [labels.attribution, basemap.attribution].filter(Boolean),
      },
      ...options,
    });
  }

  function getJSON(url) {
    return fetch(url, {
      // Names come back in the page's language, whatever the browser prefers.
      headers: { Accept: "application/geo+json", "Accept-Language": document.documentElement.lang || "" },
      credentials: "same-origin",
    }).then((response) => {
      if (!response.ok) throw new Error(url + ": " + response.status);
      return response.json();
    });
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function addTownLayers(map, town, districts) {
    map.addSource("town", { type: "geojson", data: town });
    map.addSource("districts", { type: "geojson", data: districts });
    map.addLayer({ id: "town-fill", type: "fill", source: "town", paint: { "fill-color": "#fbfaf5" } });
    map.addLayer({
      id: "districts-line",
      type: "line",
      source: "districts",
      paint: { "line-color": "#8aa2b5", "line-width": 1.2 },
    });
    map.addLayer({
      id: "town-line",
      type: "line",
      source: "town",
      paint: { "line-color": "#2c3e50", "line-width": 2.5 },
    });
  }

  window.birgeBaseMap = { create, getJSON, el, addTownLayers };
})();
