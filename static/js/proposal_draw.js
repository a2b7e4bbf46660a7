// The drawing tools of the propose and edit pages: a resident draws one point,
// line or area with Terra Draw on the budget map, and its GeoJSON goes into the
// form's hidden geometry field. The form never depends on this script: without
// it the server says that the place is missing.
(function () {
  "use strict";

  const configNode = document.getElementById("map-config");
  if (!configNode) return;
  const config = JSON.parse(configNode.textContent);
  if (!config.draw) return;

  const labels = config.labels || {};
  const output = document.querySelector("input[data-draw-output]");
  const measure = document.getElementById("draw-measure");
  const toolbar = document.querySelector(".draw-tools");
  const container = document.getElementById("map");
  if (!output || !toolbar || !container) return;

  const modeTools = Array.from(toolbar.querySelectorAll(".tool[data-mode]"));
  const SHAPES = { Point: "point", LineString: "linestring", Polygon: "polygon" };
  const DRAWING_MODES = ["point", "linestring", "polygon"];
  const COLOUR = "#0b5d8c";
  const WHITE = "#ffffff";
  const lang = document.documentElement.lang || undefined;
  const metres = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
  const hectares = (ha) =>
    new Intl.NumberFormat(lang, { maximumFractionDigits: ha < 10 ? 2 : 1 }).format(ha);

  if (!window.terraDraw || !window.terraDrawMaplibreGlAdapter || !window.birgeMapReady) {
    toolbar.hidden = true;
    return;
  }

  // Measured on the sphere (never on degrees): static/js/sphere.js.
  const { lineLength, polygonArea } = window.birgeSphere;

  function describe(geometry) {
    if (!geometry) return labels.nothing_drawn || "";
    if (geometry.type === "Point") return labels.drawn_point || "";
    if (geometry.type === "LineString") {
      return (labels.drawn_line || "").replace("%(m)s", metres.format(lineLength(geometry.coordinates)));
    }
    if (geometry.type === "Polygon") {
      return (labels.drawn_area || "").replace("%(ha)s", hectares(polygonArea(geometry.coordinates) / 10000));
    }
    return "";
  }

  // --- The geometry already in the form (edit page, or a form sent back) -----------

  function round(coords) {
    // Terra Draw refuses coordinates more precise than it keeps (PostGIS gives 15
    // decimals); 7 decimals is about a centimetre.
    return typeof coords[0] === "number"
      ? coords.map((c) => Math.round(c * 1e7) / 1e7)
      : coords.map(round);
  }

  function parseGeometry(text) {
    if (!text) return null;
    try {
      let geometry = JSON.parse(text);
      if (geometry && geometry.type === "Feature") geometry = geometry.geometry;
      if (!geometry || !SHAPES[geometry.type] || !Array.isArray(geometry.coordinates)) return null;
      return { type: geometry.type, coordinates: round(geometry.coordinates) };
    } catch (error) {
      return null;
    }
  }

  window.birgeMapReady.then(start, () => {
    // No map: the tools would do nothing. The form still works and the server
    // names the missing place.
    toolbar.hidden = true;
  });

  function start(map) {
    const td = window.terraDraw;
    const Adapter = window.terraDrawMaplibreGlAdapter.TerraDrawMapLibreGLAdapter;
    const notSelfIntersecting = (feature, context) =>
      context && (context.updateType === "finish" || context.updateType === "commit")
        ? td.ValidateNotSelfIntersecting(feature)
        : { valid: true };
    const editable = { midpoints: true, draggable: true, deletable: true };

    const draw = new td.TerraDraw({
      adapter: new Adapter({ map: map, coordinatePrecision: 7 }),
      modes: [
        new td.TerraDrawPointMode({
          editable: true,
          styles: { pointColor: COLOUR, pointWidth: 9, pointOutlineColor: WHITE, pointOutlineWidth: 3 },
        }),
        new td.TerraDrawLineStringMode({
          validation: notSelfIntersecting,
          styles: {
            lineStringColor: COLOUR,
            lineStringWidth: 4,
            closingPointColor: WHITE,
            closingPointWidth: 9,
            closingPointOutlineColor: COLOUR,
            closingPointOutlineWidth: 3,
          },
        }),
        new td.TerraDrawPolygonMode({
          validation: notSelfIntersecting,
          styles: {
            fillColor: COLOUR,
            fillOpacity: 0.3,
            outlineColor: COLOUR,
            outlineWidth: 3,
            closingPointColor: WHITE,
            closingPointWidth: 9,
            closingPointOutlineColor: COLOUR,
            closingPointOutlineWidth: 3,
          },
        }),
        new td.TerraDrawSelectMode({
          flags: {
            point: { feature: { draggable: true } },
            linestring: { feature: { draggable: true, coordinates: editable } },
            polygon: { feature: { draggable: true, coordinates: editable } },
          },
          styles: {
            selectedPointColor: COLOUR,
            selectedPointWidth: 10,
            selectedPointOutlineColor: WHITE,
            selectedPointOutlineWidth: 3,
            selectedLineStringColor: COLOUR,
            selectedLineStringWidth: 5,
            selectedPolygonColor: COLOUR,
            selectedPolygonFillOpacity: 0.35,
            selectedPolygonOutlineColor: COLOUR,
            selectedPolygonOutlineWidth: 4,
            // Vertex handles a finger can hold.
            selectionPointColor: WHITE,
            selectionPointWidth: 9,
            selectionPointOutlineColor: COLOUR,
            selectionPointOutlineWidth: 3,
            midPointColor: COLOUR,
            midPointWidth: 6,
            midPointOutlineColor: WHITE,
            midPointOutlineWidth: 2,
          },
        }),
      ],
    });
    draw.start();

    let kept = null; // the id of the one finished feature
    const states = []; // geometries as JSON text (or null), oldest first, for undo
    const MAX_STATES = 30;

    function shapes() {
      // The drawn features, without Terra Draw's guidance points and handles.
      return draw.getSnapshot().filter((f) => SHAPES[f.geometry.type] === f.properties.mode);
    }

    function inProgress() {
      return shapes().find((f) => f.properties.currentlyDrawing) || null;
    }

    function keptGeometry() {
      const feature = kept !== null && draw.hasFeature(kept) ? draw.getSnapshotFeature(kept) : null;
      return feature ? feature.geometry : null;
    }

    let pending = 0;
    function showMeasure() {
      // Live while drawing, at most a few times a second so screen readers are not flooded.
      if (pending) return;
      pending = window.setTimeout(() => {
        pending = 0;
        const drawing = inProgress();
        const text = describe(drawing ? drawing.geometry : keptGeometry());
        if (measure && measure.textContent !== text) measure.textContent = text;
      }, 150);
    }

    function press(mode) {
      modeTools.forEach((tool) => tool.setAttribute("aria-pressed", String(tool.dataset.mode === mode)));
    }

    function remember(text) {
      if (states.length && states[states.length - 1] === text) return;
      states.push(text);
      if (states.length > MAX_STATES) states.shift();
    }

    function commit(id) {
      kept = id;
      const geometry = keptGeometry();
      output.value = geometry ? JSON.stringify(geometry) : "";
      remember(output.value || null);
      showMeasure();
    }

    function load(geometry) {
      kept = null;
      if (!geometry) return;
      const id = draw.getFeatureId();
      const [result] = draw.addFeatures([
        { id: id, type: "Feature", geometry: geometry, properties: { mode: SHAPES[geometry.type] } },
      ]);
      if (result && result.valid) kept = id;
    }

    let restoring = false;
    function restore(text) {
      // Back to a remembered state: wipe everything, then put that geometry back.
      const mode = draw.getMode();
      restoring = true;
      try {
        draw.clear();
        load(parseGeometry(text));
      } finally {
        restoring = false;
      }
      output.value = text && kept !== null ? text : "";
      if (mode !== draw.getMode()) draw.setMode(mode);
      showMeasure();
    }

    draw.on("finish", (id, context) => {
      if (context.action === "draw") {
        // One place per proposal: a new drawing replaces the old one.
        const others = shapes()
          .map((f) => f.id)
          .filter((other) => other !== id);
        kept = id;
        if (others.length) draw.removeFeatures(others);
        commit(id);
        if (context.mode !== "point") {
          // Straight into editing: the corners can now be dragged.
          draw.setMode("select");
          draw.selectFeature(id);
          press(null);
        }
      } else if (id === kept) {
        commit(id);
      }
    });

    draw.on("change", (ids, type) => {
      if (restoring) return;
      if (type === "delete" && kept !== null && !draw.hasFeature(kept)) {
        // Deleted in the select mode (the Delete key): nothing is drawn now.
        kept = null;
        output.value = "";
        remember(null);
      }
      if (type !== "styling") showMeasure();
    });

    modeTools.forEach((tool) => {
      tool.addEventListener("click", () => {
        draw.setMode(tool.dataset.mode);
        press(tool.dataset.mode);
      });
    });

    const undo = toolbar.querySelector("[data-action=undo]");
    if (undo) {
      undo.addEventListener("click", () => {
        if (inProgress()) {
          // An unfinished shape is dropped first; switching modes cancels it.
          const mode = draw.getMode();
          draw.setMode("select");
          draw.setMode(mode);
        } else if (states.length > 1) {
          states.pop();
          restore(states[states.length - 1]);
        }
        showMeasure();
      });
    }

    const clear = toolbar.querySelector("[data-action=clear]");
    if (clear) {
      clear.addEventListener("click", () => {
        restore(null);
        remember(null);
      });
    }

    // The place already in the form comes back, so nothing drawn is lost.
    const initial = parseGeometry(output.value);
    load(initial);
    if (kept !== null) {
      output.value = JSON.stringify(keptGeometry());
      const bounds = new maplibregl.LngLatBounds();
      const extend = (c) => (typeof c[0] === "number" ? bounds.extend(c) : c.forEach(extend));
      extend(initial.coordinates);
      // The resident sees their own place first (and again after turning the phone).
      if (window.birgeMapFit) window.birgeMapFit(bounds.toArray(), { padding: 60, maxZoom: 15 });
      else map.fitBounds(bounds, { padding: 60, maxZoom: 15, duration: 0 });
    }
    remember(kept !== null ? output.value : null);
    draw.setMode(kept !== null && initial.type !== "Point" ? "select" : "static");
    press(null);
    showMeasure();
    container.dataset.draw = "ready";
  }
})();
