// The drawing page of a site concept. A resident picks a kind from the palette and
// draws zones (areas), paths (lines) and objects (points) with Terra Draw on the
// site map made by concept_map.js. Corners snap to the site edge and to the other
// elements; every change can be undone and redone; the measures and the estimated
// cost follow each tap. "Save" sends the whole drawing as a GeoJSON
// FeatureCollection; the server checks every element, stores all or nothing, and
// names the first element it refuses, which is then shown on the map and in the list.
(function () {
  "use strict";

  const configNode = document.getElementById("map-config");
  if (!configNode) return;
  const config = JSON.parse(configNode.textContent);
  if (!config.draw) return;

  // --- The page ------------------------------------------------------------------

  const labels = config.labels || {};
  const palette = config.palette || [];
  const KINDS = new Map(palette.map((entry) => [entry.kind, entry]));
  const SHAPE = { zone: "Polygon", path: "LineString", object: "Point" };
  const GUIDANCE = ["edited", "selectionPoint", "midPoint", "closingPoint", "snappingPoint", "coordinatePoint"];
  const MAX_HISTORY = 100;
  const WHITE = "#ffffff";
  const INK = "#1d2a33";
  const SNAP_MARK = "#d81b60";
  const PROBLEM = "#c62828";
  // Fingers are wider than mouse pointers: bigger handles, snapping from further away.
  const coarse = Boolean(window.matchMedia && window.matchMedia("(pointer: coarse)").matches);
  const SNAP_PX = coarse ? 22 : 12;
  const POINTER_PX = coarse ? 30 : 20;

  const container = document.getElementById("map");
  const hint = document.getElementById("draw-hint");
  const list = document.getElementById("element-list");
  const empty = document.getElementById("elements-empty");
  const measureBody = document.querySelector("#live-measures tbody");
  const total = document.getElementById("live-total");
  const unpricedNote = document.getElementById("live-unpriced");
  const message = document.getElementById("save-message");
  const saveButton = document.getElementById("save-button");
  const submitForm = document.getElementById("submit-form");
  const kindButtons = Array.from(document.querySelectorAll(".kind-button[data-kind]"));
  const tool = (action) => document.querySelector(`.draw-toolbar [data-action=${action}]`);
  if (!container || !list || !measureBody || !saveButton) return;

  const lang = document.documentElement.lang || undefined;
  const whole = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
  const hundredths = new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });

  function format(template, values) {
    return String(template || "").replace(/%\((\w+)\)[sd]/g, (match, key) => (key in values ? values[key] : match));
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function swatch(entry) {
    // The palette's colour and symbol, as the buttons and legends show them.
    const box = el("span", "kind-mark");
    const chip = el("span", "swatch swatch-" + entry.family);
    chip.style.setProperty("--kind-colour", entry.colour);
    const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("class", "symbol");
    svg.setAttribute("aria-hidden", "true");
    const use = document.createElementNS("http://www.w3.org/2000/svg", "use");
    use.setAttribute("href", "#symbol-" + entry.symbol);
    svg.appendChild(use);
    box.append(chip, svg);
    box.setAttribute("aria-hidden", "true");
    return box;
  }

  function say(text, tone) {
    if (!message) return;
    message.textContent = text || "";
    message.className = "save-message" + (tone ? " " + tone : "");
    message.setAttribute("role", tone === "error" ? "alert" : "status");
  }

  function disableTools() {
    document.querySelectorAll(".draw-toolbar .tool, .kind-button").forEach((b) => (b.disabled = true));
    saveButton.disabled = true;
  }

  // Measured on the sphere (never on degrees): static/js/sphere.js.
  const { lineLength, polygonArea } = window.birgeSphere;

  function amountOf(family, geometry) {
    // m² of a zone, metres of a path, one of an object.
    if (family === "zone") return polygonArea(geometry.coordinates);
    if (family === "path") return lineLength(geometry.coordinates);
    return 1;
  }

  function sizeText(family, amount) {
    if (family === "zone") {
      return format(labels.area_value, { m2: whole.format(amount), ha: hundredths.format(amount / 10000) });
    }
    if (family === "path") return format(labels.length_value, { m: whole.format(amount) });
    return format(labels.count_value, { n: whole.format(amount) });
  }

  const money = (amount) => format(labels.money, { amount: whole.format(Math.round(amount)) });

  if (!window.terraDraw || !window.terraDrawMaplibreGlAdapter || !window.birgeMapReady) {
    disableTools();
    return;
  }
  window.birgeMapReady.then(start, disableTools);

  function start(map) {
    const td = window.terraDraw;
    const Adapter = window.terraDrawMaplibreGlAdapter.TerraDrawMapLibreGLAdapter;

    // --- Snapping: to other elements' corners and edges (Terra Draw's toFeature, as
    // toCoordinate and toLine only reach features of the same mode, i.e. kind), and to
    // the site edge (toCustom). Terra Draw asks toCustom last, so the edge wins when
    // both are within reach: what lies outside it is cut off on saving anyway.

    const isElement = (f) => {
      const entry = f && f.properties && KINDS.get(f.properties.mode);
      return Boolean(entry && f.geometry.type === SHAPE[entry.family] && !GUIDANCE.some((k) => f.properties[k]));
    };
    const siteRings = outerRings(config.site && config.site.geometry);

    function outerRings(geometry) {
      if (!geometry) return [];
      if (geometry.type === "Polygon") return [geometry.coordinates[0]];
      if (geometry.type === "MultiPolygon") return geometry.coordinates.map((polygon) => polygon[0]);
      return [];
    }

    function snapToSite(event, context) {
      // The site's corners within a finger's reach win; then the nearest point on
      // its edge within SNAP_PX. Screen pixels, so it feels the same at any zoom.
      const x = event.containerX;
      const y = event.containerY;
      let corner = null;
      let edge = null;
      for (const ring of siteRings) {
        const points = ring.map((c) => context.project(c[0], c[1]));
        for (let i = 0; i < points.length - 1; i += 1) {
          const a = points[i];
          const b = points[i + 1];
          const d = Math.hypot(a.x - x, a.y - y);
          if (d < SNAP_PX * 1.5 && (!corner || d < corner.d)) corner = { d: d, at: ring[i] };
          const dx = b.x - a.x;
          const dy = b.y - a.y;
          const span = dx * dx + dy * dy;
          const t = span ? Math.max(0, Math.min(1, ((x - a.x) * dx + (y - a.y) * dy) / span)) : 0;
          const px = a.x + t * dx;
          const py = a.y + t * dy;
          const e = Math.hypot(px - x, py - y);
          if (e < SNAP_PX && (!edge || e < edge.d)) edge = { d: e, x: px, y: py };
        }
      }
      if (corner) return corner.at;
      if (!edge) return undefined;
      const at = context.unproject(edge.x, edge.y);
      return [Math.round(at.lng * 1e7) / 1e7, Math.round(at.lat * 1e7) / 1e7];
    }

    const snapping = {
      toFeature: { filter: (f) => isElement(f) && f.geometry.type !== "Point", toCoordinate: true, toLine: true },
      toCustom: snapToSite,
    };
    const notSelfIntersecting = (feature, context) =>
      context && (context.updateType === "finish" || context.updateType === "commit")
        ? td.ValidateNotSelfIntersecting(feature)
        : { valid: true };

    // --- One Terra Draw mode per kind: the kind is the feature's mode ---------------

    const guidance = {
      closingPointColor: WHITE,
      closingPointWidth: coarse ? 11 : 8,
      closingPointOutlineColor: INK,
      closingPointOutlineWidth: 3,
      snappingPointColor: WHITE,
      snappingPointWidth: coarse ? 9 : 7,
      snappingPointOutlineColor: SNAP_MARK,
      snappingPointOutlineWidth: 3,
    };

    function modeFor(entry) {
      const common = { modeName: entry.kind, pointerDistance: POINTER_PX };
      if (entry.family === "zone") {
        return new td.TerraDrawPolygonMode({
          ...common,
          snapping: snapping,
          validation: notSelfIntersecting,
          styles: { fillColor: entry.colour, fillOpacity: 0.5, outlineColor: entry.colour, outlineWidth: 3, ...guidance },
        });
      }
      if (entry.family === "path") {
        return new td.TerraDrawLineStringMode({
          ...common,
          snapping: snapping,
          validation: notSelfIntersecting,
          styles: { lineStringColor: entry.colour, lineStringWidth: 5, ...guidance },
        });
      }
      return new td.TerraDrawPointMode({
        ...common,
        styles: { pointColor: entry.colour, pointWidth: coarse ? 10 : 8, pointOutlineColor: WHITE, pointOutlineWidth: 2 },
      });
    }

    const editable = { draggable: true, midpoints: true, deletable: true, snappable: snapping };
    const flags = {};
    palette.forEach((entry) => {
      flags[entry.kind] =
        entry.family === "object"
          ? { feature: { draggable: true } }
          : { feature: { draggable: true, validation: notSelfIntersecting, coordinates: editable } };
    });
    const kindColour = (f) => ((f.properties && KINDS.get(f.properties.mode)) || {}).colour || INK;

    const draw = new td.TerraDraw({
      adapter: new Adapter({ map: map, coordinatePrecision: 7 }),
      modes: [
        ...palette.map(modeFor),
        new td.TerraDrawSelectMode({
          flags: flags,
          pointerDistance: POINTER_PX,
          styles: {
            selectedPolygonColor: kindColour,
            selectedPolygonFillOpacity: 0.65,
            selectedPolygonOutlineColor: INK,
            selectedPolygonOutlineWidth: 4,
            selectedLineStringColor: kindColour,
            selectedLineStringWidth: 7,
            selectedPointColor: kindColour,
            selectedPointWidth: coarse ? 13 : 11,
            selectedPointOutlineColor: INK,
            selectedPointOutlineWidth: 3,
            // Corner handles a finger can hold.
            selectionPointColor: WHITE,
            selectionPointWidth: coarse ? 11 : 8,
            selectionPointOutlineColor: INK,
            selectionPointOutlineWidth: 3,
            midPointColor: WHITE,
            midPointWidth: coarse ? 7 : 5,
            midPointOutlineColor: INK,
            midPointOutlineWidth: 2,
          },
        }),
      ],
      // Undo of the last corner while a shape is being drawn; whole changes are
      // undone with the page's own history below.
      undoRedo: { modeLevel: new td.TerraDrawModeUndoRedo() },
    });
    draw.start();

    // --- The drawing as data, and its history --------------------------------------

    let order = []; // element ids in the order the server numbers them (1, 2, ...)
    const labelOf = new Map();
    let history = [];
    let at = -1;
    let saved = null;
    let restoring = false;
    let selected = null;
    let problem = [];
    let unshown = 0; // stored elements Terra Draw could not take: saving would lose them

    const drawingNow = () => draw.getModeState() === "drawing";

    function elements() {
      const found = new Map(
        draw
          .getSnapshot()
          .filter((f) => isElement(f) && !f.properties.currentlyDrawing)
          .map((f) => [f.id, f])
      );
      order = order.filter((id) => found.has(id));
      found.forEach((f, id) => {
        if (!order.includes(id)) order.push(id);
      });
      return order.map((id) => found.get(id));
    }

    function serialise() {
      return JSON.stringify(
        elements().map((f) => ({ id: f.id, kind: f.properties.mode, label: labelOf.get(f.id) || "", geometry: f.geometry }))
      );
    }

    const dirty = () => history[at] !== saved;

    function status(news) {
      // What just happened, and whether it still needs saving.
      say([news, dirty() ? labels.unsaved : labels.saved].filter(Boolean).join(" "));
    }

    function commit() {
      // Every finished change is one step of the history.
      if (restoring) return;
      const text = serialise();
      if (history[at] !== text) {
        history = history.slice(0, at + 1);
        history.push(text);
        if (history.length > MAX_HISTORY) history.shift();
        at = history.length - 1;
        clearProblem();
      }
      refresh();
    }

    function restore(text) {
      // Back to a drawing (a step of the history): returns how many of its
      // elements Terra Draw could not take (none, for what it drew itself).
      const items = JSON.parse(text);
      const mode = draw.getMode();
      let refused = 0;
      restoring = true;
      try {
        draw.setMode("static"); // drops an unfinished shape and any selection
        draw.clear();
        labelOf.clear();
        const results = draw.addFeatures(
          items.map((item) => ({ id: item.id, type: "Feature", geometry: item.geometry, properties: { mode: item.kind } }))
        );
        results.forEach((result) => {
          if (result.valid) return;
          refused += 1;
          if (window.console) console.warn("element not shown", result.id, result.reason);
        });
        items.forEach((item) => labelOf.set(item.id, item.label || ""));
        order = items.map((item) => item.id);
        selected = null;
      } finally {
        restoring = false;
      }
      draw.setMode(mode);
      refresh();
      return refused;
    }

    const round = (c) => (typeof c[0] === "number" ? c.map((n) => Math.round(n * 1e7) / 1e7) : c.map(round));

    function fromServer(collection) {
      // The stored elements as drawable items; a zone cut in two by the site edge
      // comes back as a MultiPolygon and is drawn (and saved again) as two zones.
      const items = [];
      ((collection && collection.features) || []).forEach((f) => {
        const g = f.geometry;
        const parts = g.type.startsWith("Multi")
          ? g.coordinates.map((c) => ({ type: g.type.slice(5), coordinates: c }))
          : [g];
        parts.forEach((part) =>
          items.push({
            id: draw.getFeatureId(),
            kind: f.properties.kind,
            label: f.properties.label || "",
            geometry: { type: part.type, coordinates: round(part.coordinates) },
          })
        );
      });
      return items;
    }

    function undo() {
      if (drawingNow()) {
        // Inside a shape: take back the last corner (or the whole unfinished shape).
        if (draw.canUndo()) draw.undo();
        else draw.setMode(draw.getMode());
      } else if (at > 0) {
        at -= 1;
        restore(history[at]);
        status(labels.undone);
      }
      refresh();
    }

    function redo() {
      if (drawingNow()) {
        if (draw.canRedo()) draw.redo();
      } else if (at < history.length - 1) {
        at += 1;
        restore(history[at]);
        status(labels.redone);
      }
      refresh();
    }

    function remove(id) {
      const entry = KINDS.get((draw.getSnapshotFeature(id) || { properties: {} }).properties.mode);
      if (selected === id) {
        draw.deselectFeature(id);
        selected = null;
      }
      if (draw.hasFeature(id)) draw.removeFeatures([id]);
      commit();
      status(entry ? format(labels.deleted, { name: entry.name }) : "");
    }

    function changeKind(id, kind) {
      const items = JSON.parse(serialise());
      items.forEach((item) => {
        if (item.id === id) item.kind = kind;
      });
      restore(JSON.stringify(items));
      commit();
      status();
    }

    function select(id) {
      setTool("select");
      draw.selectFeature(id);
      selected = id;
      refresh();
    }

    // --- What the person sees: tools, hint, measures, the list ----------------------

    function setTool(mode) {
      if (draw.getMode() !== mode) draw.setMode(mode);
      kindButtons.forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.kind === mode)));
      const selectTool = tool("select");
      if (selectTool) selectTool.setAttribute("aria-pressed", String(mode === "select"));
      const entry = KINDS.get(mode);
      if (hint) {
        hint.textContent = entry
          ? format(labels["hint_" + entry.family], { name: entry.name })
          : mode === "select"
            ? labels.hint_select
            : labels.hint_start;
      }
    }

    let pending = 0;
    function refreshSoon() {
      // Live while drawing, at most once a frame.
      if (pending) return;
      pending = window.requestAnimationFrame(() => {
        pending = 0;
        showMeasures();
        showButtons();
      });
    }

    function refresh() {
      showMeasures();
      showList();
      showButtons();
    }

    function showButtons() {
      const undoTool = tool("undo");
      const redoTool = tool("redo");
      const deleteTool = tool("delete");
      const drawing = drawingNow();
      if (undoTool) undoTool.disabled = !(drawing || at > 0);
      if (redoTool) redoTool.disabled = !(drawing ? draw.canRedo() : at < history.length - 1);
      if (deleteTool) deleteTool.disabled = selected === null;
    }

    function showMeasures() {
      // Finished elements and the one being drawn, per kind in palette order.
      const sums = new Map();
      draw
        .getSnapshot()
        .filter(isElement)
        .forEach((f) => {
          const entry = KINDS.get(f.properties.mode);
          const amount = amountOf(entry.family, f.geometry);
          const sum = sums.get(entry.kind) || 0;
          sums.set(entry.kind, sum + amount);
        });
      measureBody.replaceChildren();
      let cost = 0;
      let unpriced = false;
      palette.forEach((entry) => {
        if (!sums.has(entry.kind)) return;
        const amount = sums.get(entry.kind);
        const row = el("tr");
        row.dataset.kind = entry.kind;
        const name = el("th");
        name.scope = "row";
        const inner = el("span", "kind-name");
        inner.append(swatch(entry), entry.name);
        name.appendChild(inner);
        const size = el("td", "number", sizeText(entry.family, amount));
        let price;
        if (entry.unit_cost === null || entry.unit_cost === undefined) {
          price = el("td", "number muted", labels.no_price);
          unpriced = true;
        } else {
          const value = Math.round(amount * entry.unit_cost);
          cost += value;
          price = el("td", "number", money(value));
        }
        row.append(name, size, price);
        measureBody.appendChild(row);
      });
      if (!sums.size) {
        const row = el("tr");
        const cell = el("td", "muted", labels.nothing);
        cell.colSpan = 3;
        row.appendChild(cell);
        measureBody.appendChild(row);
      }
      if (total) total.textContent = sums.size ? money(cost) : "—";
      if (unpricedNote) unpricedNote.hidden = !unpriced;
    }

    function showList() {
      // The map's text alternative, and where labels and kinds are changed.
      const active = document.activeElement;
      const focused = active && active.closest ? active.closest("[data-id]") : null;
      const focusRole = focused ? active.dataset.role : null;
      const focusId = focused ? focused.dataset.id : null;
      const items = elements();
      list.replaceChildren();
      if (empty) empty.hidden = items.length > 0;
      items.forEach((f, index) => {
        const entry = KINDS.get(f.properties.mode);
        const row = el("li", "element-row");
        row.dataset.id = f.id;
        if (f.id === selected) row.classList.add("selected");
        if (problem.includes(f.id)) row.classList.add("problem");
        const head = el("div", "element-head");
        head.append(
          swatch(entry),
          el("span", "element-name", format(labels.element, { n: index + 1 }) + " · " + entry.name),
          el("span", "element-size", sizeText(entry.family, amountOf(entry.family, f.geometry)))
        );
        const edit = el("div", "element-edit");
        const kindField = el("label", "element-field");
        kindField.append(el("span", null, labels.kind));
        const kindSelect = el("select");
        kindSelect.dataset.role = "kind";
        palette
          .filter((other) => other.family === entry.family)
          .forEach((other) => {
            const option = el("option", null, other.name);
            option.value = other.kind;
            option.selected = other.kind === entry.kind;
            kindSelect.appendChild(option);
          });
        kindSelect.addEventListener("change", () => changeKind(f.id, kindSelect.value));
        kindField.appendChild(kindSelect);
        const labelField = el("label", "element-field");
        labelField.append(el("span", null, labels.label));
        const input = el("input");
        input.type = "text";
        input.maxLength = 200;
        input.value = labelOf.get(f.id) || "";
        input.dataset.role = "label";
        input.addEventListener("change", () => {
          labelOf.set(f.id, input.value.trim());
          commit();
          status();
        });
        labelField.appendChild(input);
        const selectButton = el("button", "tool small", labels.select);
        selectButton.type = "button";
        selectButton.dataset.role = "select";
        selectButton.addEventListener("click", () => select(f.id));
        const deleteButton = el("button", "tool small danger", labels.delete);
        deleteButton.type = "button";
        deleteButton.dataset.role = "delete";
        deleteButton.addEventListener("click", () => remove(f.id));
        edit.append(kindField, labelField, selectButton, deleteButton);
        row.append(head, edit);
        list.appendChild(row);
      });
      if (focusId) {
        const again = list.querySelector(`[data-id="${focusId}"] [data-role="${focusRole}"]`);
        if (again) again.focus();
      }
    }

    // --- A refused save: the message, and the element(s) it names ------------------

    map.addSource("problem", { type: "geojson", data: { type: "FeatureCollection", features: [] } });
    map.addLayer({
      id: "problem-area",
      type: "line",
      source: "problem",
      filter: ["!=", ["geometry-type"], "Point"],
      paint: { "line-color": PROBLEM, "line-width": 6, "line-dasharray": [1.5, 1] },
    });
    map.addLayer({
      id: "problem-point",
      type: "circle",
      source: "problem",
      filter: ["==", ["geometry-type"], "Point"],
      paint: { "circle-radius": 16, "circle-color": "rgba(0,0,0,0)", "circle-stroke-color": PROBLEM, "circle-stroke-width": 4 },
    });

    function showProblem(ids) {
      problem = ids.filter((id) => draw.hasFeature(id));
      const features = problem.map((id) => draw.getSnapshotFeature(id));
      map.getSource("problem").setData({ type: "FeatureCollection", features: features });
      if (features.length) {
        const bounds = new maplibregl.LngLatBounds();
        const extend = (c) => (typeof c[0] === "number" ? bounds.extend(c) : c.forEach(extend));
        features.forEach((f) => extend(f.geometry.coordinates));
        map.fitBounds(bounds, { padding: 60, maxZoom: map.getZoom(), duration: 0 });
      }
      showList();
      const row = list.querySelector(".problem");
      if (row) row.scrollIntoView({ block: "nearest" });
    }

    function clearProblem() {
      if (!problem.length) return;
      problem = [];
      map.getSource("problem").setData({ type: "FeatureCollection", features: [] });
    }

    // --- Saving and submitting -------------------------------------------------------

    const csrf = () => (document.querySelector("input[name=csrfmiddlewaretoken]") || {}).value || "";

    // Optimistic locking: each save names the concept's revision this page has; a
    // save made elsewhere since is answered 409 and nothing is overwritten. After
    // such an answer the next Save replaces it knowingly (the message says so).
    let revision = config.revision;
    let conflicted = false;
    const submitRevision = document.getElementById("submit-revision");

    // Idempotency: a save whose answer never came (the network dropped) is sent
    // again with the same key, so the server replays its answer instead of saving
    // twice (or refusing the repeat as stale).
    let unanswered = null;

    function newKey() {
      if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
      const bytes = window.crypto.getRandomValues(new Uint8Array(16));
      bytes[6] = (bytes[6] & 0x0f) | 0x40;
      bytes[8] = (bytes[8] & 0x3f) | 0x80;
      const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
      return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
    }

    function keyFor(text) {
      if (!unanswered || unanswered.text !== text) unanswered = { text: text, key: newKey() };
      return unanswered.key;
    }

    function totalSize(items) {
      return items.reduce((sum, item) => sum + amountOf(KINDS.get(item.kind).family, item.geometry), 0);
    }

    async function save() {
      if (unshown) {
        say(format(labels.not_editable, { n: unshown }), "error");
        return false;
      }
      if (drawingNow()) {
        say(labels.finish_first, "error");
        return false;
      }
      const items = JSON.parse(serialise());
      const sent = items.map((item) => item.id);
      const body = {
        type: "FeatureCollection",
        revision: revision,
        features: items.map((item) => ({
          type: "Feature",
          geometry: item.geometry,
          properties: { kind: item.kind, label: item.label },
        })),
      };
      const text = JSON.stringify(body);
      saveButton.disabled = true;
      say(labels.saving);
      let response;
      let answer;
      try {
        response = await fetch(config.save, {
          method: "POST",
          headers: {
            "Content-Type": "application/json",
            Accept: "application/json",
            "X-CSRFToken": csrf(),
            "Idempotency-Key": keyFor(text),
          },
          credentials: "same-origin",
          body: text,
        });
        answer = await response.json();
      } catch (error) {
        saveButton.disabled = false;
        say(labels.offline, "error");
        return false;
      }
      saveButton.disabled = false;
      // A server error may or may not have saved: keep the key for the retry.
      if (response.status < 500) unanswered = null;
      if (!response.ok) {
        const error = (answer && answer.error) || {};
        say(error.message || labels.offline, "error");
        if (response.status === 409 && error.code === "stale" && error.details) {
          revision = error.details.revision;
          conflicted = true;
          return false;
        }
        const named = Array.isArray(error.elements) ? error.elements : Number.isInteger(error.element) ? [error.element] : [];
        showProblem(named.map((index) => sent[index]).filter(Boolean));
        return false;
      }
      revision = answer.revision;
      conflicted = false;
      if (submitRevision) submitRevision.value = String(revision);
      // What was stored is the truth (cut to the site): it replaces the drawing
      // without becoming a step of its own.
      const stored = fromServer(answer.elements);
      const cut = Math.abs(totalSize(stored) - totalSize(items)) > 0.005 * Math.max(1, totalSize(items));
      const storedText = JSON.stringify(stored);
      restore(storedText);
      history = history.slice(0, at + 1);
      history[at] = storedText;
      saved = storedText;
      refresh();
      say(answer.message + (cut ? " " + labels.clipped : ""), "success");
      return true;
    }

    saveButton.addEventListener("click", () => {
      save();
    });

    if (submitForm) {
      submitForm.addEventListener("submit", (event) => {
        if (drawingNow()) {
          event.preventDefault();
          say(labels.finish_first, "error");
        } else if (conflicted) {
          // Submitting would first save over what was saved elsewhere: that is
          // the person's explicit choice (Save), never a side effect.
          event.preventDefault();
          say(labels.conflict_first, "error");
        } else if (dirty()) {
          // Submit what is on the screen: save it first, then send the form.
          event.preventDefault();
          save().then((ok) => {
            if (ok) submitForm.submit();
          });
        }
      });
    }

    window.addEventListener("beforeunload", (event) => {
      if (dirty() || drawingNow()) {
        event.preventDefault();
        event.returnValue = "";
      }
    });

    // --- Wiring ------------------------------------------------------------------

    draw.on("finish", (id, context) => {
      if (restoring) return;
      commit();
      const entry = KINDS.get(context.mode);
      status(context.action === "draw" && entry ? format(labels.drawn, { name: entry.name, n: order.indexOf(id) + 1 }) : "");
    });
    draw.on("change", (ids, type) => {
      if (restoring) return;
      if (type === "delete" && ids.some((id) => order.includes(id))) {
        // The Delete key in the select mode removed an element: a change of its own.
        commit();
        status();
      } else if (type !== "styling") {
        refreshSoon();
      }
    });
    draw.on("select", (id) => {
      selected = id;
      if (restoring) return;
      showList();
      showButtons();
    });
    draw.on("deselect", () => {
      selected = null;
      if (restoring) return;
      showList();
      showButtons();
    });

    kindButtons.forEach((button) => button.addEventListener("click", () => setTool(button.dataset.kind)));
    const selectTool = tool("select");
    if (selectTool) selectTool.addEventListener("click", () => setTool("select"));
    tool("undo").addEventListener("click", undo);
    tool("redo").addEventListener("click", redo);
    tool("delete").addEventListener("click", () => {
      if (selected === null) say(labels.select_first);
      else remove(selected);
    });
    document.addEventListener("keydown", (event) => {
      const target = event.target;
      if (!(event.ctrlKey || event.metaKey) || (target.closest && target.closest("input, textarea, select"))) return;
      const key = event.key.toLowerCase();
      if (key === "z" && !event.shiftKey) undo();
      else if (key === "y" || (key === "z" && event.shiftKey)) redo();
      else return;
      event.preventDefault();
    });

    // The saved drawing comes back, ready to change.
    unshown = restore(JSON.stringify(fromServer(config.elements)));
    history = [serialise()];
    at = 0;
    saved = history[0];
    setTool(order.length ? "select" : "static");
    refresh();
    if (unshown) {
      // Saving would drop what cannot be shown (an area with a hole, say): refuse.
      saveButton.disabled = true;
      say(format(labels.not_editable, { n: unshown }), "error");
    } else if (order.length) {
      status();
    }
    container.dataset.draw = "ready";
  }
})();
