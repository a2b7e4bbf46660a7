// The community edit pages: draw the area of work (one or more polygons, with
// Terra Draw) or mark a meeting place (one click on the map). The result goes
// into the form's hidden field as GeoJSON; the form never depends on this
// script (without it the server says what is missing, and the area can be
// uploaded as a file instead).
(function () {
  "use strict";

  const configNode = document.getElementById("map-config");
  if (!configNode) return;
  const config = JSON.parse(configNode.textContent);
  const labels = config.labels || {};
  const measure = document.getElementById("draw-measure");
  const container = document.getElementById("map");
  const COLOUR = "#0b5d8c";
  const WHITE = "#ffffff";
  const lang = document.documentElement.lang || undefined;

  if (!container || !window.birgeMapReady) return;

  function say(text) {
    if (measure && measure.textContent !== text) measure.textContent = text || "";
  }

  function round(coords) {
    // Terra Draw refuses coordinates more precise than it keeps; 7 decimals ≈ 1 cm.
    return typeof coords[0] === "number" ? coords.map((c) => Math.round(c * 1e7) / 1e7) : coords.map(round);
  }

  function parse(text) {
    if (!text) return null;
    try {
      const geometry = JSON.parse(text);
      return geometry && Array.isArray(geometry.coordinates) ? geometry : null;
    } catch (error) {
      return null;
    }
  }

  // --- A meeting place: one click ------------------------------------------------

  function startPoint(map) {
    const output = document.querySelector("input[data-point-output]");
    if (!output) return;
    let marker = null;

    function put(lngLat) {
      if (!marker) {
        marker = new maplibregl.Marker({ color: COLOUR, draggable: true }).setLngLat(lngLat).addTo(map);
        marker.on("dragend", () => put(marker.getLngLat()));
      } else {
        marker.setLngLat(lngLat);
      }
      const point = { type: "Point", coordinates: round([lngLat.lng, lngLat.lat]) };
      output.value = JSON.stringify(point);
      say(labels.point_set);
    }

    const initial = parse(output.value);
    if (initial && initial.type === "Point") {
      put({ lng: initial.coordinates[0], lat: initial.coordinates[1] });
      window.birgeMapFit([initial.coordinates, initial.coordinates], { maxZoom: 15 });
    } else {
      say(labels.no_point);
    }
    map.getCanvas().style.cursor = "crosshair";
    map.on("click", (event) => put(event.lngLat));
    container.dataset.draw = "ready";
  }

  // --- The area of work: polygons ------------------------------------------------

  function startArea(map) {
    const output = document.querySelector("input[data-draw-output]");
    const toolbar = document.querySelector(".draw-tools");
    if (!output || !toolbar) return;
    if (!window.terraDraw || !window.terraDrawMaplibreGlAdapter) {
      toolbar.hidden = true;
      return;
    }
    const td = window.terraDraw;
    const Adapter = window.terraDrawMaplibreGlAdapter.TerraDrawMapLibreGLAdapter;
    const hectares = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
    const notSelfIntersecting = (feature, context) =>
      context && (context.updateType === "finish" || context.updateType === "commit")
        ? td.ValidateNotSelfIntersecting(feature)
        : { valid: true };
    const editable = { midpoints: true, draggable: true, deletable: true };
    const draw = new td.TerraDraw({
      adapter: new Adapter({ map: map, coordinatePrecision: 7 }),
      modes: [
        new td.TerraDrawPolygonMode({
          validation: notSelfIntersecting,
          styles: {
            fillColor: COLOUR,
            fillOpacity: 0.25,
            outlineColor: COLOUR,
            outlineWidth: 3,
            closingPointColor: WHITE,
            closingPointWidth: 9,
            closingPointOutlineColor: COLOUR,
            closingPointOutlineWidth: 3,
          },
        }),
        new td.TerraDrawSelectMode({
          flags: { polygon: { feature: { draggable: true, coordinates: editable } } },
          styles: {
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
    const tools = Array.from(toolbar.querySelectorAll(".tool[data-mode]"));

    function polygons() {
      return draw
        .getSnapshot()
        .filter((f) => f.geometry.type === "Polygon" && f.properties.mode === "polygon" && !f.properties.currentlyDrawing);
    }

    function write() {
      const parts = polygons().map((f) => f.geometry.coordinates);
      if (!parts.length) output.value = "";
      else if (parts.length === 1) output.value = JSON.stringify({ type: "Polygon", coordinates: parts[0] });
      else output.value = JSON.stringify({ type: "MultiPolygon", coordinates: parts });
      const area = parts.reduce((sum, rings) => sum + window.birgeSphere.polygonArea(rings), 0);
      say(parts.length ? (labels.drawn_area || "").replace("%(ha)s", hectares.format(area / 10000)) : labels.nothing_drawn);
    }

    function press(mode) {
      tools.forEach((tool) => tool.setAttribute("aria-pressed", String(tool.dataset.mode === mode)));
    }

    tools.forEach((tool) =>
      tool.addEventListener("click", () => {
        draw.setMode(tool.dataset.mode);
        press(tool.dataset.mode);
      })
    );
    const clear = toolbar.querySelector("[data-action=clear]");
    if (clear) {
      clear.addEventListener("click", () => {
        draw.clear();
        write();
      });
    }
    draw.on("finish", () => write());
    draw.on("change", (ids, type) => {
      if (type === "delete") write();
    });

    // The area already in the form comes back, one polygon per part.
    const initial = parse(output.value);
    if (initial && (initial.type === "Polygon" || initial.type === "MultiPolygon")) {
      const parts = initial.type === "Polygon" ? [initial.coordinates] : initial.coordinates;
      draw.addFeatures(
        parts.map((rings) => ({
          id: draw.getFeatureId(),
          type: "Feature",
          geometry: { type: "Polygon", coordinates: round(rings) },
          properties: { mode: "polygon" },
        }))
      );
      const bounds = new maplibregl.LngLatBounds();
      const extend = (c) => (typeof c[0] === "number" ? bounds.extend(c) : c.forEach(extend));
      extend(initial.coordinates);
      window.birgeMapFit(bounds.toArray(), { padding: 48, maxZoom: 15 });
      if (polygons().length) write();
    } else {
      say(labels.nothing_drawn);
    }
    draw.setMode("static");
    press(null);
    container.dataset.draw = "ready";
  }

  window.birgeMapReady.then(
    (map) => (config.draw === "point" ? startPoint(map) : startArea(map)),
    () => {
      const toolbar = document.querySelector(".draw-tools");
      if (toolbar) toolbar.hidden = true;
    }
  );
})();
