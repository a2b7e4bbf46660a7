// The map every Birge page starts from: the configured basemap, or a plain
// background that works with no network (the town's own layers go on top), the
// MapLibre worker served by Birge, and the attribution the page's config names.
// Exposed as window.birgeBaseMap.create(container, config, options); the options
// (bounds, padding, zoom limits...) are MapLibre's own and win over these.
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

  window.birgeBaseMap = { create };
})();
