// Starts Django's MapWidget for each Birge geometry field in the admin, with an
// offline base: the towns' boundaries from Birge's own API (and a tile layer only
// when BIRGE_ADMIN_TILES_URL is set). Options come from a JSON script element.
/* global ol, MapWidget */
(function () {
  "use strict";

  function baseLayer(options) {
    const layers = [];
    if (options.tiles_url) {
      layers.push(new ol.layer.Tile({ source: new ol.source.XYZ({ url: options.tiles_url }) }));
    }
    layers.push(
      new ol.layer.Vector({
        source: new ol.source.Vector({ url: options.context_url, format: new ol.format.GeoJSON() }),
        style: new ol.style.Style({
          stroke: new ol.style.Stroke({ color: "#0b5d8c", width: 1.5 }),
          fill: new ol.style.Fill({ color: "rgba(11, 93, 140, 0.06)" }),
        }),
      })
    );
    return new ol.layer.Group({ layers: layers });
  }

  function start() {
    document.querySelectorAll(".birge-map-widget > script[type='application/json']").forEach((node) => {
      const options = JSON.parse(node.textContent);
      options.base_layer = baseLayer(options);
      window[options.module] = new MapWidget(options);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
