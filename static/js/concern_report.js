// The resident's report form: mark one point or one small area with Terra Draw on
// the concern map (static/js/concern_place.js), or take the browser's location.
// The GeoJSON goes into the form's hidden geometry field. The form never depends
// on this script: without it the server says that the place is missing.
(function () {
  "use strict";

  const configNode = document.getElementById("map-config");
  const output = document.querySelector("input[data-draw-output]");
  const toolbar = document.querySelector(".draw-tools");
  const measure = document.getElementById("draw-measure");
  const container = document.getElementById("map");
  if (!configNode || !output || !toolbar || !container) return;
  const config = JSON.parse(configNode.textContent);
  const labels = config.labels || {};
  const SHAPES = { Point: "point", Polygon: "polygon" };
  const COLOUR = "#b3261e";
  const WHITE = "#ffffff";
  const modeTools = Array.from(toolbar.querySelectorAll(".tool[data-mode]"));
  const locateTool = toolbar.querySelector("[data-action=locate]");
  const clearTool = toolbar.querySelector("[data-action=clear]");
  const lang = document.documentElement.lang || undefined;
  const metres = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });

  if (!window.terraDraw || !window.terraDrawMaplibreGlAdapter || !window.birgeMapReady) return;

  function say(text) {
    if (measure && measure.textContent !== text) measure.textContent = text || "";
  }

  function describe(geometry) {
    if (!geometry) return labels.nothing_drawn;
    return geometry.type === "Point" ? labels.drawn_point : labels.drawn_area;
  }

  function round(coords) {
    // Terra Draw refuses coordinates more precise than it keeps.
    return typeof coords[0] === "number" ? coords.map((c) => Math.round(c * 1e7) / 1e7) : coords.map(round);
  }

  function parseGeometry(text) {
    if (!text) return null;
    try {
      const geometry = JSON.parse(text);
      if (!geometry || !SHAPES[geometry.type] || !Array.isArray(geometry.coordinates)) return null;
      return { type: geometry.type, coordinates: round(geometry.coordinates) };
    } catch (error) {
      return null;
    }
  }

  // How exact the mark is follows the browser's own accuracy, when it gives one.
  function choosePrecision(accuracy) {
    const value = accuracy <= 25 ? "10" : accuracy <= 150 ? "100" : "500";
    const radio = document.querySelector('input[name="precision_m"][value="' + value + '"]');
    if (radio) radio.checked = true;
  }

  window.birgeMapReady.then(start, () => {
    // No map: a location can still be taken, and the server names a missing place.
    toolbar.hidden = true;
  });

  function start(map) {
    const td = window.terraDraw;
    const Adapter = window.terraDrawMaplibreGlAdapter.TerraDrawMapLibreGLAdapter;
    const draw = new td.TerraDraw({
      adapter: new Adapter({ map: map, coordinatePrecision: 7 }),
      modes: [
        new td.TerraDrawPointMode({
          editable: true,
          styles: { pointColor: COLOUR, pointWidth: 9, pointOutlineColor: WHITE, pointOutlineWidth: 3 },
        }),
        new td.TerraDrawPolygonMode({
          validation: (feature, context) =>
            context && (context.updateType === "finish" || context.updateType === "commit")
              ? td.ValidateNotSelfIntersecting(feature)
              : { valid: true },
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
            polygon: {
              feature: { draggable: true, coordinates: { midpoints: true, draggable: true, deletable: true } },
            },
          },
          styles: {
            selectedPointColor: COLOUR,
            selectedPointWidth: 10,
            selectedPointOutlineColor: WHITE,
            selectedPointOutlineWidth: 3,
            selectedPolygonColor: COLOUR,
            selectedPolygonFillOpacity: 0.35,
            selectedPolygonOutlineColor: COLOUR,
            selectedPolygonOutlineWidth: 4,
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
    let kept = null;

    function shapes() {
      return draw.getSnapshot().filter((f) => SHAPES[f.geometry.type] === f.properties.mode);
    }

    function keptGeometry() {
      const feature = kept !== null && draw.hasFeature(kept) ? draw.getSnapshotFeature(kept) : null;
      return feature ? feature.geometry : null;
    }

    function commit(id) {
      kept = id;
      const geometry = keptGeometry();
      output.value = geometry ? JSON.stringify(geometry) : "";
      say(describe(geometry));
    }

    function press(mode) {
      modeTools.forEach((tool) => tool.setAttribute("aria-pressed", String(tool.dataset.mode === mode)));
    }

    function replaceWith(geometry) {
      draw.clear();
      kept = null;
      if (!geometry) {
        output.value = "";
        say(describe(null));
        return;
      }
      const id = draw.getFeatureId();
      const [result] = draw.addFeatures([
        { id: id, type: "Feature", geometry: geometry, properties: { mode: SHAPES[geometry.type] } },
      ]);
      if (result && result.valid) commit(id);
    }

    draw.on("finish", (id, context) => {
      if (context.action === "draw") {
        // One place per concern: a new mark replaces the old one.
        const others = shapes()
          .map((f) => f.id)
          .filter((other) => other !== id);
        if (others.length) draw.removeFeatures(others);
        commit(id);
        if (context.mode === "polygon") {
          draw.setMode("select");
          draw.selectFeature(id);
          press(null);
        }
      } else if (id === kept) {
        commit(id);
      }
    });

    draw.on("change", (ids, type) => {
      if (type === "delete" && kept !== null && !draw.hasFeature(kept)) {
        kept = null;
        output.value = "";
        say(describe(null));
      }
    });

    modeTools.forEach((tool) => {
      tool.addEventListener("click", () => {
        draw.setMode(tool.dataset.mode);
        press(tool.dataset.mode);
      });
    });

    if (clearTool) clearTool.addEventListener("click", () => replaceWith(null));

    if (locateTool) {
      if (!navigator.geolocation || !window.isSecureContext) {
        locateTool.hidden = true;
      } else {
        locateTool.addEventListener("click", () => {
          say(labels.locating);
          navigator.geolocation.getCurrentPosition(
            (position) => {
              const lonLat = round([position.coords.longitude, position.coords.latitude]);
              replaceWith({ type: "Point", coordinates: lonLat });
              const accuracy = position.coords.accuracy || 0;
              choosePrecision(accuracy);
              say((labels.located || "").replace("%(m)s", metres.format(Math.max(1, accuracy))));
              map.jumpTo({ center: lonLat, zoom: Math.max(map.getZoom(), 16) });
              draw.setMode("point");
              press("point");
            },
            () => say(labels.location_failed),
            { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
          );
        });
      }
    }

    // A form sent back with an error keeps its mark.
    const initial = parseGeometry(output.value);
    replaceWith(initial);
    if (initial) {
      const bounds = new maplibregl.LngLatBounds();
      const extend = (c) => (typeof c[0] === "number" ? bounds.extend(c) : c.forEach(extend));
      extend(initial.coordinates);
      map.fitBounds(bounds, { padding: 60, maxZoom: 16, duration: 0 });
    }
    // Ready to mark a point at once: most concerns are a spot.
    draw.setMode("point");
    press("point");
    toolbar.hidden = false;
    container.dataset.draw = "ready";
  }
})();
