// Every participatory-budgeting map: the town, its districts and the proposals
// (or one proposal's history), drawn with MapLibre GL JS like the town map.
// Popups are built from DOM nodes with textContent, never innerHTML.
// The map is exposed as window.birgeMap, and window.birgeMapReady resolves with
// it once its layers are on, so the drawing script can attach to the same map.
(function () {
  "use strict";

  // Chart bars carry their width in data-width: CSS cannot read it, and a
  // style attribute would be an inline style. A DOM property is neither.
  document.querySelectorAll(".bar[data-width]").forEach((bar) => {
    const width = parseFloat(bar.dataset.width);
    bar.style.width = (Number.isFinite(width) ? Math.min(100, Math.max(0, width)) : 0) + "%";
  });

  const configNode = document.getElementById("map-config");
  const container = document.getElementById("map");
  if (!configNode || !container) return;

  const config = JSON.parse(configNode.textContent);
  const status = document.getElementById("map-status");
  const labels = config.labels || {};
  const lang = document.documentElement.lang || undefined;
  const money = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
  const colours = config.status_colours || {};
  const DEFAULT_COLOUR = "#4e79a7";
  const PROPOSAL_LAYERS = [
    "proposals-fill",
    "proposals-outline",
    "proposals-line",
    "proposals-point",
    "proposals-mark",
  ];
  // Below this zoom a small area or a short line gets a dot too: a target a finger can hit.
  const MARK_MAX_ZOOM = 14;
  const HISTORY_LAYERS = ["history-fill", "history-line-before", "history-line-after", "history-point"];

  let settle;
  window.birgeMapReady = new Promise((resolve, reject) => {
    settle = { resolve, reject };
  });
  // Nobody may be waiting for the map (most pages); a failure is shown, not thrown.
  window.birgeMapReady.catch(() => {});

  const el = window.birgeBaseMap.el;

  function failed(error) {
    container.dataset.state = "failed";
    if (status) status.textContent = labels.map_failed || "";
    settle.reject(error || new Error("map failed"));
  }

  const getJSON = window.birgeBaseMap.getJSON;

  function statusColour() {
    const pairs = Object.entries(colours).flat();
    return pairs.length ? ["match", ["get", "status"], ...pairs, DEFAULT_COLOUR] : DEFAULT_COLOUR;
  }

  function extendBounds(bounds, geometry) {
    const extend = (coords) => (typeof coords[0] === "number" ? bounds.extend(coords) : coords.forEach(extend));
    if (geometry && geometry.coordinates) extend(geometry.coordinates);
    return bounds;
  }

  function popupContent(props) {
    const box = el("div", "popup");
    box.appendChild(el("p", "popup-kind", (labels.proposal || "") + " #" + props.number));
    box.appendChild(el("h3", "popup-title", props.title));
    const facts = el("dl", "popup-facts");
    const add = (term, value) => {
      if (value === undefined || value === null || value === "") return;
      facts.appendChild(el("dt", null, term));
      facts.appendChild(el("dd", null, value));
    };
    add(labels.status, props.status_label);
    if (props.cost !== undefined && props.cost !== null) {
      add(labels.cost, money.format(props.cost) + " " + (labels.tenge || ""));
    }
    add(labels.category, props.category);
    add(labels.district, props.district);
    box.appendChild(facts);
    if (props.url) {
      const link = el("a", "popup-link", labels.open);
      link.href = props.url;
      const line = el("p", "popup-open");
      line.appendChild(link);
      box.appendChild(line);
    }
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
      cooperativeGestures: false,
    });
  } catch (error) {
    failed(error);
    return;
  }
  window.birgeMap = map;

  // What the map shows until the person moves it: the town, or a proposal's
  // places. A phone turned sideways fits it again; a map someone moved stays put.
  let view = { bounds: config.town.bounds, options: { padding: 24 } };
  let moved = false;
  window.birgeMapFit = (bounds, options) => {
    view = { bounds: bounds, options: Object.assign({ padding: 24 }, options) };
    map.fitBounds(view.bounds, Object.assign({}, view.options, { duration: 0 }));
  };
  map.on("movestart", (event) => {
    if (event.originalEvent) moved = true;
  });
  map.on("resize", () => {
    if (!moved) map.fitBounds(view.bounds, Object.assign({}, view.options, { duration: 0 }));
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
  map.addControl(new maplibregl.ScaleControl({ unit: "metric" }), "bottom-left");

  const history = (config.history || []).filter(Boolean);
  const historyMode = history.length > 0;
  const proposalsUrl = config.layers && config.layers.proposals;

  function addTownLayers(town, districts) {
    window.birgeBaseMap.addTownLayers(map, town, districts);
  }

  function addProposalLayers(collection) {
    const wanted = Array.isArray(config.statuses) && config.statuses.length ? new Set(config.statuses) : null;
    const features = (collection.features || []).filter(
      (f) => f.geometry && (!wanted || wanted.has(f.properties.status))
    );
    map.addSource("proposals", {
      type: "geojson",
      data: { type: "FeatureCollection", features: features },
      promoteId: "number",
    });
    const colour = statusColour();
    const lit = ["boolean", ["feature-state", "highlight"], false];
    map.addLayer({
      id: "proposals-fill",
      type: "fill",
      source: "proposals",
      filter: ["==", ["geometry-type"], "Polygon"],
      paint: { "fill-color": colour, "fill-opacity": ["case", lit, 0.7, 0.45] },
    });
    map.addLayer({
      id: "proposals-outline",
      type: "line",
      source: "proposals",
      filter: ["==", ["geometry-type"], "Polygon"],
      paint: { "line-color": colour, "line-width": ["case", lit, 4, 2] },
    });
    map.addLayer({
      id: "proposals-line",
      type: "line",
      source: "proposals",
      filter: ["==", ["geometry-type"], "LineString"],
      layout: { "line-cap": "round", "line-join": "round" },
      paint: { "line-color": colour, "line-width": ["case", lit, 8, 5] },
    });
    map.addSource("proposal-marks", {
      type: "geojson",
      data: {
        type: "FeatureCollection",
        features: features
          .filter((f) => f.geometry.type !== "Point")
          .map((f) => ({
            type: "Feature",
            geometry: { type: "Point", coordinates: labelPoint(f.geometry).toArray() },
            properties: f.properties,
          })),
      },
      promoteId: "number",
    });
    map.addLayer({
      id: "proposals-mark",
      type: "circle",
      source: "proposal-marks",
      maxzoom: MARK_MAX_ZOOM,
      paint: {
        "circle-color": colour,
        "circle-radius": ["case", lit, 9, 6],
        "circle-stroke-color": "#ffffff",
        "circle-stroke-width": 2,
      },
    });
    map.addLayer({
      id: "proposals-point",
      type: "circle",
      source: "proposals",
      filter: ["==", ["geometry-type"], "Point"],
      paint: {
        "circle-color": colour,
        "circle-radius": ["case", lit, 11, 8],
        "circle-stroke-color": "#ffffff",
        "circle-stroke-width": 2,
      },
    });
    return features;
  }

  function sameGeometry(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  function addHistoryLayers() {
    // Status changes repeat the same place: "before" is the latest place that
    // differs from today's, so a moved or reshaped proposal shows both.
    const current = history[history.length - 1];
    let before = null;
    for (let i = history.length - 2; i >= 0; i -= 1) {
      if (!sameGeometry(history[i], current)) {
        before = history[i];
        break;
      }
    }
    const features = [];
    if (before) features.push({ type: "Feature", id: 1, geometry: before, properties: { version: "before" } });
    features.push({ type: "Feature", id: 2, geometry: current, properties: { version: "after" } });
    map.addSource("history", { type: "geojson", data: { type: "FeatureCollection", features: features } });
    const isBefore = ["==", ["get", "version"], "before"];
    const colour = ["case", isBefore, "#6b6b6b", "#0b5d8c"];
    map.addLayer({
      id: "history-fill",
      type: "fill",
      source: "history",
      filter: ["==", ["geometry-type"], "Polygon"],
      paint: { "fill-color": colour, "fill-opacity": ["case", isBefore, 0.12, 0.35] },
    });
    // Line layers cannot switch dash arrays per feature: one layer per version.
    for (const version of ["before", "after"]) {
      map.addLayer({
        id: "history-line-" + version,
        type: "line",
        source: "history",
        filter: ["all", ["==", ["get", "version"], version], ["!=", ["geometry-type"], "Point"]],
        layout: { "line-join": "round" },
        paint:
          version === "before"
            ? { "line-color": "#6b6b6b", "line-width": 3, "line-dasharray": [2, 1.5] }
            : { "line-color": "#0b5d8c", "line-width": 3.5 },
      });
    }
    map.addLayer({
      id: "history-point",
      type: "circle",
      source: "history",
      filter: ["==", ["geometry-type"], "Point"],
      paint: {
        "circle-color": ["case", isBefore, "#ffffff", "#0b5d8c"],
        "circle-radius": 8,
        "circle-stroke-color": colour,
        "circle-stroke-width": 3,
      },
    });

    if (before) {
      addGeometryLabel(before, labels.before, "history-label before", "bottom");
      addGeometryLabel(current, labels.after, "history-label after", "top");
      map.addControl(new Legend(), "top-left");
    }
    const bounds = new maplibregl.LngLatBounds();
    features.forEach((f) => extendBounds(bounds, f.geometry));
    window.birgeMapFit(bounds.toArray(), { padding: 60, maxZoom: 16 });
    return features;
  }

  function labelPoint(geometry) {
    // The centre of the geometry's box: good enough for the small places drawn here.
    const bounds = extendBounds(new maplibregl.LngLatBounds(), geometry);
    return bounds.getCenter();
  }

  function addGeometryLabel(geometry, text, className, anchor) {
    const label = el("span", className, text);
    label.setAttribute("aria-hidden", "true");
    new maplibregl.Marker({ element: label, anchor: anchor, offset: [0, anchor === "bottom" ? -10 : 10] })
      .setLngLat(labelPoint(geometry))
      .addTo(map);
  }

  // The key to the dashed and solid outlines, in the map's corner.
  class Legend {
    onAdd() {
      this.box = el("div", "maplibregl-ctrl history-legend");
      for (const version of ["before", "after"]) {
        const row = el("span", "legend-row " + version);
        row.appendChild(el("span", "legend-swatch " + version));
        row.appendChild(el("span", null, labels[version]));
        this.box.appendChild(row);
      }
      return this.box;
    }

    onRemove() {
      this.box.remove();
    }
  }

  map.on("load", async () => {
    try {
      const [town, districts, proposals] = await Promise.all([
        getJSON(config.data.town),
        getJSON(config.data.districts),
        proposalsUrl && !historyMode ? getJSON(proposalsUrl) : Promise.resolve(null),
      ]);
      addTownLayers(town, districts);
      let shown = [];
      if (historyMode) shown = addHistoryLayers();
      else if (proposals) shown = addProposalLayers(proposals);
      container.dataset.featuresExpected = String(shown.length);

      map.once("idle", () => {
        const layers = (historyMode ? HISTORY_LAYERS : PROPOSAL_LAYERS).filter((id) => map.getLayer(id));
        const rendered = new Set(
          (layers.length ? map.queryRenderedFeatures({ layers: layers }) : []).map((f) =>
            historyMode ? f.properties.version : f.properties.number
          )
        );
        container.dataset.features = String(rendered.size);
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

  // A proposal's popup: click or tap near it (a finger is wider than a line).
  let popup = null;

  function showPopup(feature, lngLat) {
    if (popup) popup.remove();
    popup = new maplibregl.Popup({ maxWidth: "320px", closeButton: true })
      .setLngLat(lngLat)
      .setDOMContent(popupContent(feature.properties))
      .addTo(map);
    if (status) status.textContent = "#" + feature.properties.number + " " + feature.properties.title;
  }

  if (!historyMode && proposalsUrl && !config.draw) {
    map.on("click", (event) => {
      const layers = PROPOSAL_LAYERS.filter((id) => map.getLayer(id));
      if (!layers.length) return;
      const p = event.point;
      const slop = 10;
      const hits = map.queryRenderedFeatures(
        [
          [p.x - slop, p.y - slop],
          [p.x + slop, p.y + slop],
        ],
        { layers: layers }
      );
      // Points and lines lie on top of areas: prefer them when several are hit.
      const rank = (f) => (f.layer.id === "proposals-point" ? 0 : { Point: 1, LineString: 2, Polygon: 3 }[f.geometry.type]);
      hits.sort((a, b) => rank(a) - rank(b));
      if (hits.length) showPopup(hits[0], event.lngLat);
    });
    for (const id of PROPOSAL_LAYERS) {
      map.on("mouseenter", id, () => (map.getCanvas().style.cursor = "pointer"));
      map.on("mouseleave", id, () => (map.getCanvas().style.cursor = ""));
    }

    // The list beside the map is its text alternative: focusing or pointing at
    // an item lights its place up on the map.
    let lit = null;
    const mark = (number, highlight) => {
      for (const source of ["proposals", "proposal-marks"]) {
        map.setFeatureState({ source: source, id: number }, { highlight: highlight });
      }
    };
    const light = (number) => {
      if (!map.getSource("proposals")) return;
      if (lit !== null) mark(lit, false);
      lit = number;
      if (lit !== null) mark(lit, true);
    };
    document.querySelectorAll(".proposal-item[data-number], tr[data-number]").forEach((item) => {
      const number = Number(item.dataset.number);
      item.addEventListener("mouseenter", () => light(number));
      item.addEventListener("focusin", () => light(number));
      item.addEventListener("mouseleave", () => light(null));
      item.addEventListener("focusout", () => light(null));
    });
  }
})();
