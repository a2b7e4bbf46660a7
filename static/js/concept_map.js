// The maps of the site co-design pages: the site over the town, the akimat's plan
// as a faint overlay, and concepts in their palette colours. Everything it shows
// comes in the page's JSON config (a site holds tens of elements, not thousands).
// The map is exposed as window.birgeMap, and window.birgeMapReady resolves with it
// once its layers are on, so the drawing script can attach to the same map.
(function () {
  "use strict";

  // Palette swatches carry their colour in data-colour: CSS cannot read it, and a
  // style attribute would be an inline style. A DOM property is neither.
  const HEX = /^#[0-9a-fA-F]{6}$/;
  document.querySelectorAll("[data-colour]").forEach((node) => {
    if (HEX.test(node.dataset.colour)) node.style.setProperty("--kind-colour", node.dataset.colour);
  });

  const configNode = document.getElementById("map-config");
  const container = document.getElementById("map");
  if (!configNode || !container) return;

  const config = JSON.parse(configNode.textContent);
  const labels = config.labels || {};
  const status = document.getElementById("map-status");
  const lang = document.documentElement.lang || undefined;
  const FALLBACK_COLOUR = "#777777";
  const colour = ["coalesce", ["get", "colour"], FALLBACK_COLOUR];
  const isArea = ["==", ["geometry-type"], "Polygon"];
  const isLine = ["==", ["geometry-type"], "LineString"];
  const isPoint = ["==", ["geometry-type"], "Point"];

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

  function boundsOf(geometry) {
    const bounds = new maplibregl.LngLatBounds();
    const extend = (c) => (typeof c[0] === "number" ? bounds.extend(c) : c.forEach(extend));
    if (geometry && geometry.coordinates) extend(geometry.coordinates);
    return bounds;
  }

  // Multi-part shapes (a zone the site edge cut in two) draw like their parts.
  const flat = (collection) => ({
    type: "FeatureCollection",
    features: ((collection && collection.features) || []).flatMap((f) => {
      const g = f.geometry;
      if (!g || !g.type.startsWith("Multi")) return [f];
      const type = g.type.slice(5);
      return g.coordinates.map((coordinates) => ({ ...f, geometry: { type: type, coordinates: coordinates } }));
    }),
  });

  if (!window.maplibregl || !config.site) {
    failed();
    return;
  }
  const siteBounds = boundsOf(config.site.geometry).toArray();
  let map;
  try {
    map = birgeBaseMap.create(container, config, {
      bounds: siteBounds,
      fitBoundsOptions: { padding: 32 },
      maxZoom: 21,
    });
  } catch (error) {
    failed(error);
    return;
  }
  window.birgeMap = map;

  // The site stays in view when the phone turns, until the person moves the map.
  let moved = false;
  window.birgeMapFit = (bounds, options) => map.fitBounds(bounds, Object.assign({ padding: 32, duration: 0 }, options));
  map.on("movestart", (event) => {
    if (event.originalEvent) moved = true;
  });
  map.on("resize", () => {
    if (!moved) window.birgeMapFit(siteBounds);
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
  map.addControl(new maplibregl.ScaleControl({ unit: "metric" }), "bottom-left");

  function addShapes(prefix, collection, look) {
    map.addSource(prefix, { type: "geojson", data: flat(collection) });
    map.addLayer({
      id: prefix + "-fill",
      type: "fill",
      source: prefix,
      filter: isArea,
      paint: { "fill-color": colour, "fill-opacity": look.fill },
    });
    map.addLayer({
      id: prefix + "-outline",
      type: "line",
      source: prefix,
      filter: isArea,
      paint: Object.assign(
        { "line-color": colour, "line-width": look.outline, "line-opacity": look.opacity },
        look.dash ? { "line-dasharray": look.dash } : {}
      ),
    });
    map.addLayer({
      id: prefix + "-line",
      type: "line",
      source: prefix,
      filter: isLine,
      layout: { "line-cap": "round", "line-join": "round" },
      paint: Object.assign(
        { "line-color": colour, "line-width": look.line, "line-opacity": look.opacity },
        look.dash ? { "line-dasharray": look.dash } : {}
      ),
    });
    map.addLayer({
      id: prefix + "-point",
      type: "circle",
      source: prefix,
      filter: isPoint,
      paint: {
        "circle-color": colour,
        "circle-radius": look.radius,
        "circle-opacity": look.opacity,
        "circle-stroke-color": "#ffffff",
        "circle-stroke-width": 2,
        "circle-stroke-opacity": look.opacity,
      },
    });
    return [prefix + "-fill", prefix + "-outline", prefix + "-line", prefix + "-point"];
  }

  const layerGroups = { site: ["site-fill", "site-line"], official: [], shown: [] };

  function addSite() {
    map.addSource("site", { type: "geojson", data: config.site });
    map.addLayer({
      id: "site-fill",
      type: "fill",
      source: "site",
      paint: { "fill-color": "#ffffff", "fill-opacity": 0.55 },
    });
  }

  function addSiteEdge() {
    // Over the concepts, under the drawing tools: the edge everything is cut to.
    map.addLayer({
      id: "site-line",
      type: "line",
      source: "site",
      paint: { "line-color": "#2c3e50", "line-width": 2.5, "line-dasharray": [3, 2], "line-opacity": 0.8 },
    });
  }

  function toggle(id, layers) {
    const box = document.getElementById(id);
    if (!box) return;
    const apply = () =>
      layers().forEach((layer) => {
        if (map.getLayer(layer)) map.setLayoutProperty(layer, "visibility", box.checked ? "visible" : "none");
      });
    box.addEventListener("change", apply);
    apply();
  }

  function filterConcepts() {
    // The session page: one concept at a time, or all of them.
    const select = document.getElementById("concept-filter");
    if (!select) return;
    const apply = () => {
      const chosen = select.value ? Number(select.value) : null;
      const base = { "concepts-fill": isArea, "concepts-outline": isArea, "concepts-line": isLine, "concepts-point": isPoint };
      Object.entries(base).forEach(([layer, shape]) => {
        map.setFilter(layer, chosen === null ? shape : ["all", shape, ["==", ["get", "concept"], chosen]]);
      });
    };
    select.addEventListener("change", apply);
    apply();
  }

  map.on("load", async () => {
    try {
      const town = config.data && config.data.town ? await getJSON(config.data.town).catch(() => null) : null;
      if (town) {
        map.addSource("town", { type: "geojson", data: town });
        map.addLayer({ id: "town-fill", type: "fill", source: "town", paint: { "fill-color": "#fbfaf5" } });
        map.addLayer({ id: "town-line", type: "line", source: "town", paint: { "line-color": "#8aa2b5", "line-width": 1.5 } });
      }
      addSite();
      if (config.official) {
        layerGroups.official = addShapes("official", config.official, {
          fill: 0.14,
          outline: 1.5,
          line: 3,
          radius: 4,
          opacity: 0.55,
          dash: [2, 2],
        });
      }
      if (config.concepts) {
        const others = {
          type: "FeatureCollection",
          features: config.concepts.features.filter((f) => !f.properties.official),
        };
        layerGroups.shown = addShapes("concepts", others, { fill: 0.35, outline: 1.5, line: 4, radius: 6, opacity: 0.9 });
      } else if (config.elements && !config.draw) {
        layerGroups.shown = addShapes("elements", config.elements, { fill: 0.55, outline: 2, line: 5, radius: 7, opacity: 1 });
      }
      addSiteEdge();
      toggle("toggle-site", () => layerGroups.site);
      toggle("toggle-official", () => layerGroups.official);
      if (config.concepts) filterConcepts();

      map.once("idle", () => {
        const shown = layerGroups.shown.filter((id) => map.getLayer(id));
        const rendered = shown.length ? map.queryRenderedFeatures({ layers: shown }) : [];
        container.dataset.features = String(new Set(rendered.map((f) => f.id ?? JSON.stringify(f.geometry))).size);
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
