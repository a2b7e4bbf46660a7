// The concerns map: districts (choropleth), hexagons, density (heatmap),
// Gi* hotspots and points, with the filter panel, legend and charts.
// The page's URL holds the filters and the view (kept with replaceState), and
// its hash the map's place (#zoom/lat/lng), so a copied link opens the same map.
// Points and density are drawn from the concerns vector tiles (tile_layers.js):
// below zoom 14 a tile holds counts per cell, which carry no category or date
// and so cannot be filtered; with a filter set they are hidden there and the
// legend says to zoom in. From zoom 14 the filters are MapLibre filters on the
// tiles' attributes. After each load the map container carries data-state,
// data-view, data-total and, for hexagons, data-hexagons; in the point view,
// after each move, data-tile-points (concerns drawn; a cell counts its points)
// and data-tile-categories (JSON, concerns drawn per category, from zoom 14).
// The district chart carries data-district-counts. DOM only, never innerHTML.
(function () {
  "use strict";

  const configNode = document.getElementById("map-config");
  const container = document.getElementById("map");
  const form = document.getElementById("concern-filters");
  if (!configNode || !container || !form) return;

  const config = JSON.parse(configNode.textContent);
  const settings = config.concerns;
  const labels = config.labels || {};
  const endpoints = settings.endpoints;
  const colours = settings.category_colours;
  const charts = window.birgeConcernCharts;
  const lang = document.documentElement.lang || undefined;
  const number = new Intl.NumberFormat(lang);
  const status = document.getElementById("map-status");
  const legendBox = document.getElementById("map-legend");
  const totalBox = document.getElementById("concerns-total");
  const errorBox = document.getElementById("filter-error");
  const sizeLabel = form.querySelector(".size-select");
  // Yellow to red; "none" is the wash an empty district gets.
  const NONE = "#f4f1e6";
  const SEQUENTIAL = ["#ffeda0", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026"];
  const HOTSPOT_COLOURS = [
    ["hot", 99, "#b2182b"],
    ["hot", 95, "#ef8a62"],
    ["hot", 90, "#fddbc7"],
    ["cold", 90, "#d1e5f0"],
    ["cold", 95, "#67a9cf"],
    ["cold", 99, "#2166ac"],
  ];
  // The concerns tile layer, its raw points coloured like the charts.
  const concerns = birgeTiles.prepare(config.tiles).find((layer) => layer.name === "concerns");
  concerns.colours = concerns.codes.map(([code]) => [code, colours[code] || "#8c8c8c"]);
  const clustersId = concerns.source + "-clusters";
  const pointsId = concerns.source + "-points";
  const RAW = ["!", ["has", "count"]];
  const LAYERS = {
    districts: ["districts-fill", "districts-line"],
    hexagons: ["hexagons-fill", "hexagons-line"],
    heatmap: ["heatmap"],
    hotspots: ["hotspots-fill", "hotspots-line"],
    points: birgeTiles.ids([concerns]),
  };
  const onTiles = (view) => view === "heatmap" || view === "points";
  let tileFilter = null; // the filters as a MapLibre expression, or null for none
  let drawnView = null; // the view on the map now
  let tileCategories = []; // the categories the filter keeps (none: all)
  const el = charts.htmlNode;
  const fill = (text, values) => String(text || "").replace(/\{(\w+)\}/g, (_, key) => (key in values ? values[key] : ""));

  function currentState() {
    const data = new FormData(form);
    const filters = new URLSearchParams();
    for (const [name, value] of data.entries()) {
      if (name === "view" || name === "size" || value === "") continue;
      filters.append(name, value);
    }
    const view = settings.views.includes(data.get("view")) ? data.get("view") : settings.default_view;
    return { view: view, size: data.get("size") || String(settings.default_size), filters: filters };
  }

  const usesSize = (view) => view === "hexagons" || view === "hotspots";

  function pageQuery(state) {
    const query = new URLSearchParams(state.filters);
    query.set("view", state.view);
    if (usesSize(state.view)) query.set("size", state.size);
    return query.toString();
  }

  function syncPage(state) {
    history.replaceState(null, "", window.location.pathname + "?" + pageQuery(state) + window.location.hash);
    document.querySelectorAll(".export-links a[data-base]").forEach((link) => {
      const query = new URLSearchParams(state.filters);
      if (link.dataset.exact) query.set("exact", "1");
      const text = query.toString();
      link.href = link.dataset.base + (text ? "?" + text : "");
    });
    if (sizeLabel) sizeLabel.hidden = !usesSize(state.view);
  }

  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" }).then((response) =>
      response.json().then(
        (body) => {
          if (!response.ok) throw new Error((body.error && body.error.message) || String(response.status));
          return body;
        },
        () => {
          throw new Error(labels.failed);
        }
      )
    );
  }

  function withQuery(url, query) {
    return query ? url + "?" + query : url;
  }

  function sequential(max) {
    if (max <= 1) return ["case", [">", ["get", "count"], 0], SEQUENTIAL[2], NONE];
    const stops = [0, NONE];
    SEQUENTIAL.forEach((colour, i) => stops.push(1 + ((max - 1) * i) / (SEQUENTIAL.length - 1), colour));
    return ["interpolate", ["linear"], ["get", "count"], ...stops];
  }

  function hotspotColour() {
    const key = ["concat", ["get", "class"], "-", ["to-string", ["get", "confidence"]]];
    const pairs = HOTSPOT_COLOURS.flatMap(([kind, level, colour]) => [kind + "-" + level, colour]);
    return ["match", key, ...pairs, "#f2f2f2"];
  }

  // --- Legend -----------------------------------------------------------------
  function legendGradient(title, max) {
    charts.clear(legendBox);
    legendBox.appendChild(el("p", "legend-title", title));
    const bar = el("div", "legend-gradient");
    const row = el("div", "legend-scale");
    row.appendChild(el("span", null, max === null ? labels.low : "1"));
    row.appendChild(el("span", null, max === null ? labels.high : number.format(max)));
    legendBox.appendChild(bar);
    legendBox.appendChild(row);
  }

  function legendSwatches(title, items) {
    charts.clear(legendBox);
    legendBox.appendChild(el("p", "legend-title", title));
    const list = el("ul", "legend-list");
    items.forEach(([colour, text]) => {
      const item = el("li");
      const swatch = el("span", "swatch");
      swatch.style.backgroundColor = colour;
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(text));
      list.appendChild(item);
    });
    legendBox.appendChild(list);
  }

  function hotspotLegend(size, data) {
    if (!data.enough_data) {
      charts.clear(legendBox);
      legendBox.appendChild(el("p", "legend-title", fill(labels.hotspots_title, { size: size })));
      legendBox.appendChild(el("p", "legend-message", data.message));
      return;
    }
    const items = HOTSPOT_COLOURS.map(([kind, level, colour]) => [
      colour,
      (kind === "hot" ? labels.hot : labels.cold) + ", " + fill(labels.confidence, { level: level }),
    ]);
    items.splice(3, 0, ["#f2f2f2", labels.not_significant]);
    legendSwatches(fill(labels.hotspots_title, { size: size }), items);
  }

  // --- Map --------------------------------------------------------------------
  if (!window.maplibregl) {
    container.dataset.state = "failed";
    if (status) status.textContent = labels.map_failed || "";
    return;
  }
  let map;
  try {
    map = birgeBaseMap.create(container, config, {
      bounds: config.town.bounds,
      fitBoundsOptions: { padding: 24 },
      hash: true,
    });
  } catch (error) {
    container.dataset.state = "failed";
    if (status) status.textContent = labels.map_failed || "";
    return;
  }
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
  map.addControl(new maplibregl.ScaleControl({ unit: "metric" }), "bottom-left");
  const emptyCollection = { type: "FeatureCollection", features: [] };

  const mapReady = new Promise((resolve) => map.on("load", resolve)).then(() =>
    getJSON(config.data.town).then((town) => {
      ["town", "districts", "hexagons", "hotspots"].forEach((name) =>
        map.addSource(name, { type: "geojson", data: name === "town" ? town : emptyCollection })
      );
      map.addLayer({ id: "town-fill", type: "fill", source: "town", paint: { "fill-color": "#fbfaf5" } });
      map.addLayer({ id: "districts-fill", type: "fill", source: "districts", paint: { "fill-color": "#fecc5c", "fill-opacity": 0.7 } });
      map.addLayer({ id: "districts-line", type: "line", source: "districts", paint: { "line-color": "#5b6770", "line-width": 1.2 } });
      map.addLayer({ id: "hexagons-fill", type: "fill", source: "hexagons", paint: { "fill-color": "#fd8d3c", "fill-opacity": 0.75 } });
      map.addLayer({ id: "hexagons-line", type: "line", source: "hexagons", paint: { "line-color": "#ffffff", "line-width": 0.6 } });
      map.addLayer({ id: "hotspots-fill", type: "fill", source: "hotspots", paint: { "fill-color": hotspotColour(), "fill-opacity": 0.8 } });
      map.addLayer({ id: "hotspots-line", type: "line", source: "hotspots", paint: { "line-color": "#ffffff", "line-width": 0.6 } });
      birgeTiles.add(map, concerns);
      map.addLayer(
        {
        id: "heatmap",
        type: "heatmap",
        source: concerns.source,
        "source-layer": concerns.name,
        paint: {
          // A concern weighs 0.3; a cell by its count (see tuneHeatmap).
          "heatmap-weight": 0.3,
          "heatmap-radius": ["interpolate", ["linear"], ["zoom"], 10, 30, 15, 45],
          "heatmap-intensity": ["interpolate", ["linear"], ["zoom"], 10, 0.6, 15, 1.2],
          "heatmap-opacity": 0.85,
          "heatmap-color": [
            "interpolate", ["linear"], ["heatmap-density"],
            0, "rgba(255, 237, 160, 0)", 0.15, SEQUENTIAL[0], 0.35, SEQUENTIAL[1],
            0.55, SEQUENTIAL[3], 0.8, SEQUENTIAL[4], 1, SEQUENTIAL[5],
          ],
        },
        },
        clustersId
      );
      map.addLayer({ id: "town-line", type: "line", source: "town", paint: { "line-color": "#2c3e50", "line-width": 2 } });
      return map;
    })
  );

  function showLayers(view) {
    Object.entries(LAYERS).forEach(([name, ids]) =>
      ids.forEach((id) => map.setLayoutProperty(id, "visibility", name === view ? "visible" : "none"))
    );
  }

  function popup(event, lines) {
    const box = el("div", "popup");
    lines.forEach(([term, value], i) => box.appendChild(el(i === 0 ? "h3" : "p", i === 0 ? "popup-title" : null, value === undefined ? term : term + ": " + value)));
    new maplibregl.Popup({ maxWidth: "18rem" }).setLngLat(event.lngLat).setDOMContent(box).addTo(map);
  }

  mapReady.then(() => {
    const clickable = ["districts-fill", "hexagons-fill", "hotspots-fill", clustersId, pointsId];
    map.on("click", "districts-fill", (e) => {
      // Whatever lies on top of the district answers instead.
      const above = clickable.filter((id) => id !== "districts-fill");
      if (map.queryRenderedFeatures(e.point, { layers: above }).length) return;
      const p = e.features[0].properties;
      popup(e, [[p.name], [labels.count, number.format(p.count)]]);
    });
    map.on("click", "hexagons-fill", (e) => popup(e, [[labels.count, number.format(e.features[0].properties.count)]]));
    map.on("click", "hotspots-fill", (e) => {
      const p = e.features[0].properties;
      const kind = p.class === "hot" ? labels.hot : p.class === "cold" ? labels.cold : labels.not_significant;
      popup(e, [[kind], [labels.count, number.format(p.count)], [labels.z, p.z], [labels.p, p.p_sim]]);
    });
    map.on("click", clustersId, (e) => birgeTiles.zoomInto(map, e.features[0]));
    map.on("click", pointsId, (e) => {
      // Private concerns share the centre of their 100 m cell: count them all.
      const box = [
        [e.point.x - 5, e.point.y - 5],
        [e.point.x + 5, e.point.y + 5],
      ];
      const here = new Map();
      map.queryRenderedFeatures(box, { layers: [pointsId] }).forEach((f) => here.set(f.id, f.properties.category));
      const perCategory = new Map();
      here.forEach((category) => perCategory.set(category, (perCategory.get(category) || 0) + 1));
      const names = new Map(concerns.codes);
      popup(e, [
        [fill(labels.here, { count: number.format(here.size) })],
        ...[...perCategory].map(([category, n]) => [names.get(category) || category, number.format(n)]),
      ]);
    });
    clickable.forEach((id) => {
      map.on("mouseenter", id, () => (map.getCanvas().style.cursor = "pointer"));
      map.on("mouseleave", id, () => (map.getCanvas().style.cursor = ""));
    });
  });

  // --- Tiles: filters, legend, what is drawn -------------------------------------
  // The page's filters as one expression on the tiles' attributes (null: none).
  function tileExpression(filters) {
    const parts = [];
    for (const name of ["category", "status", "source"]) {
      const chosen = filters.getAll(name);
      if (chosen.length) parts.push(["in", ["get", name], ["literal", chosen]]);
    }
    const communities = filters.getAll("community").map((slug) => settings.community_ids[slug]);
    if (communities.length) parts.push(["in", ["get", "community"], ["literal", communities.filter((id) => id !== undefined)]]);
    // Dates travel as yyyymmdd integers in the tiles.
    const day = (text) => Number(String(text).replace(/-/g, ""));
    if (filters.get("from")) parts.push([">=", ["get", "reported"], day(filters.get("from"))]);
    if (filters.get("to")) parts.push(["<=", ["get", "reported"], day(filters.get("to"))]);
    return parts.length ? ["all", ...parts] : null;
  }

  function filterTiles(state) {
    tileFilter = tileExpression(state.filters);
    tileCategories = state.filters.getAll("category");
    birgeTiles.setFilter(map, concerns, tileFilter);
    map.setFilter("heatmap", tileFilter ? ["all", RAW, tileFilter] : null);
  }

  // Below zoom 14 cells carry no attributes: with a filter they are hidden, and
  // the legend says why. Runs after each view change and zoom.
  function tileView() {
    const view = drawnView;
    if (!onTiles(view)) return;
    const clustered = map.getZoom() < concerns.cluster_below;
    if (view === "points") map.setLayoutProperty(clustersId, "visibility", tileFilter ? "none" : "visible");
    if (clustered && tileFilter) {
      charts.clear(legendBox);
      legendBox.appendChild(el("p", "legend-message legend-note", labels.filters_zoom));
    } else if (view === "heatmap") {
      legendGradient(labels.density, null);
    } else if (clustered) {
      charts.clear(legendBox);
      legendBox.appendChild(el("p", "legend-message", labels.clusters));
    } else {
      const chosen = new Set(tileCategories);
      const shown = concerns.codes.filter(([code]) => !chosen.size || chosen.has(code));
      legendSwatches(labels.points, shown.map(([code, text]) => [colours[code] || "#8c8c8c", text]));
    }
    container.dataset.tileNote = clustered && tileFilter ? "zoom" : "";
  }

  // What the point view draws now (a signal for tests, read from the map).
  function countDrawn() {
    if (drawnView !== "points" || !map.isSourceLoaded(concerns.source)) return;
    const drawn = birgeTiles.rendered(map, concerns);
    const perCategory = {};
    const seen = new Set();
    map.queryRenderedFeatures({ layers: [pointsId] }).forEach((f) => {
      if (seen.has(f.id)) return;
      seen.add(f.id);
      perCategory[f.properties.category] = (perCategory[f.properties.category] || 0) + 1;
    });
    container.dataset.tilePoints = String(drawn.count);
    container.dataset.tileCategories = JSON.stringify(perCategory);
  }

  // Zoomed out, a cell weighs by its count against the largest cell in view,
  // as the density had it when it came from points.geojson.
  let heatMax = 1;
  function tuneHeatmap() {
    if (drawnView !== "heatmap" || !map.isSourceLoaded(concerns.source)) return;
    let max = 1;
    map.querySourceFeatures(concerns.source, { sourceLayer: concerns.name }).forEach((f) => {
      if (f.properties.count > max) max = f.properties.count;
    });
    if (max === heatMax) return;
    heatMax = max;
    const weight = ["interpolate", ["linear"], ["get", "count"], 0, 0, max, 3];
    map.setPaintProperty("heatmap", "heatmap-weight", max > 1 ? ["case", ["has", "count"], weight, 0.3] : 0.3);
  }

  mapReady.then(() => {
    map.on("zoomend", tileView);
    map.on("idle", countDrawn);
    map.on("idle", tuneHeatmap);
  });

  // --- Loading ------------------------------------------------------------------
  let sequence = 0;

  function drawView(state, data) {
    const size = Number(state.size);
    if (state.view === "districts") {
      const max = Math.max(0, ...data.districts.features.map((f) => f.properties.count));
      map.setPaintProperty("districts-fill", "fill-color", sequential(max));
      map.setPaintProperty("districts-fill", "fill-opacity", 0.75);
      legendGradient(labels.per_district, max);
    } else {
      map.setPaintProperty("districts-fill", "fill-opacity", 0);
    }
    if (state.view === "hexagons") {
      map.getSource("hexagons").setData(data.view);
      map.setPaintProperty("hexagons-fill", "fill-color", sequential(data.view.max));
      legendGradient(fill(labels.per_hexagon, { size: number.format(size) }), data.view.max);
      container.dataset.hexagons = String(data.view.hexagons);
      container.dataset.total = String(data.view.total);
    } else {
      container.dataset.total = String(data.districts.total);
    }
    if (state.view === "hotspots") {
      map.getSource("hotspots").setData(data.view);
      hotspotLegend(size, data.view);
      container.dataset.hotspots = String(data.view.features.length);
      if (status) status.textContent = data.view.enough_data ? "" : data.view.message;
    }
    if (onTiles(state.view)) filterTiles(state);
    showLayers(state.view);
    drawnView = state.view;
    tileView();
    // The districts stay outlined under every view.
    map.setLayoutProperty("districts-line", "visibility", "visible");
    map.setLayoutProperty("districts-fill", "visibility", "visible");
  }

  function viewUrl(state) {
    if (usesSize(state.view)) {
      const query = new URLSearchParams(state.filters);
      query.set("size", state.size);
      return withQuery(state.view === "hexagons" ? endpoints.hexagons : endpoints.hotspots, query.toString());
    }
    return null;
  }

  function refresh() {
    const state = currentState();
    const mine = ++sequence;
    syncPage(state);
    const filters = state.filters.toString();
    container.dataset.state = "loading";
    if (status) status.textContent = labels.loading || "";
    const wanted = viewUrl(state);
    Promise.all([
      mapReady,
      getJSON(withQuery(endpoints.districts, filters)),
      getJSON(withQuery(endpoints.timeline, filters)),
      getJSON(withQuery(endpoints.seasons, filters)),
      wanted ? getJSON(wanted) : Promise.resolve(null),
    ])
      .then(([, districts, months, seasons, view]) => {
        if (mine !== sequence) return;
        errorBox.hidden = true;
        map.getSource("districts").setData(districts);
        drawView(state, { districts: districts, view: view });
        charts.districtBars(document.getElementById("district-chart"), districts.features, labels);
        charts.timeline(document.getElementById("time-chart"), document.getElementById("time-legend"), months, colours, labels);
        charts.seasons(document.getElementById("season-chart"), seasons, colours, labels);
        totalBox.textContent = fill(labels.total, { count: number.format(districts.total) });
        totalBox.dataset.total = String(districts.total);
        const outside = districts.total - districts.in_districts;
        if (outside > 0) totalBox.textContent += " · " + fill(labels.outside, { count: number.format(outside) });
        if (status && !(state.view === "hotspots" && view && !view.enough_data)) {
          status.textContent = districts.total ? "" : labels.none;
        }
        container.dataset.view = state.view;
        container.dataset.size = state.size;
        container.dataset.state = "ready";
      })
      .catch((error) => {
        if (mine !== sequence) return;
        errorBox.textContent = error.message;
        errorBox.hidden = false;
        if (status) status.textContent = error.message;
        container.dataset.state = "failed";
      });
  }

  let timer = null;
  form.addEventListener("change", () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 120);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    refresh();
  });
  refresh();
})();
