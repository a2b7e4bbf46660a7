// The concerns map: districts (choropleth), hexagons, density (heatmap),
// Gi* hotspots and points, with the filter panel, legend and charts.
// The page's URL holds the filters and the view (kept with replaceState), so a
// copied link opens the same map. After each load the map container carries
// data-state, data-view, data-total and, for hexagons, data-hexagons; the
// district chart carries data-district-counts. DOM only, never innerHTML.
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
  const LAYERS = {
    districts: ["districts-fill", "districts-line"],
    hexagons: ["hexagons-fill", "hexagons-line"],
    heatmap: ["heatmap"],
    hotspots: ["hotspots-fill", "hotspots-line"],
    points: ["points-circle"],
  };
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
    history.replaceState(null, "", window.location.pathname + "?" + pageQuery(state));
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
      ["town", "districts", "hexagons", "hotspots", "points"].forEach((name) =>
        map.addSource(name, { type: "geojson", data: name === "town" ? town : emptyCollection })
      );
      map.addLayer({ id: "town-fill", type: "fill", source: "town", paint: { "fill-color": "#fbfaf5" } });
      map.addLayer({ id: "districts-fill", type: "fill", source: "districts", paint: { "fill-color": "#fecc5c", "fill-opacity": 0.7 } });
      map.addLayer({ id: "districts-line", type: "line", source: "districts", paint: { "line-color": "#5b6770", "line-width": 1.2 } });
      map.addLayer({ id: "hexagons-fill", type: "fill", source: "hexagons", paint: { "fill-color": "#fd8d3c", "fill-opacity": 0.75 } });
      map.addLayer({ id: "hexagons-line", type: "line", source: "hexagons", paint: { "line-color": "#ffffff", "line-width": 0.6 } });
      map.addLayer({ id: "hotspots-fill", type: "fill", source: "hotspots", paint: { "fill-color": hotspotColour(), "fill-opacity": 0.8 } });
      map.addLayer({ id: "hotspots-line", type: "line", source: "hotspots", paint: { "line-color": "#ffffff", "line-width": 0.6 } });
      map.addLayer({
        id: "heatmap",
        type: "heatmap",
        source: "points",
        paint: {
          "heatmap-weight": ["interpolate", ["linear"], ["get", "count"], 0, 0, 10, 1],
          "heatmap-radius": ["interpolate", ["linear"], ["zoom"], 10, 14, 15, 45],
          "heatmap-intensity": ["interpolate", ["linear"], ["zoom"], 10, 0.6, 15, 1.2],
          "heatmap-opacity": 0.85,
          "heatmap-color": [
            "interpolate", ["linear"], ["heatmap-density"],
            0, "rgba(255, 237, 160, 0)", 0.15, SEQUENTIAL[0], 0.35, SEQUENTIAL[1],
            0.55, SEQUENTIAL[3], 0.8, SEQUENTIAL[4], 1, SEQUENTIAL[5],
          ],
        },
      });
      map.addLayer({
        id: "points-circle",
        type: "circle",
        source: "points",
        paint: {
          "circle-color": ["match", ["get", "category"], ...Object.entries(colours).flat(), "#8c8c8c"],
          "circle-radius": ["interpolate", ["linear"], ["sqrt", ["get", "count"]], 1, 5, 10, 18],
          "circle-stroke-color": "#ffffff",
          "circle-stroke-width": 1.5,
          "circle-opacity": 0.85,
        },
      });
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
    map.on("click", "districts-fill", (e) => {
      const p = e.features[0].properties;
      popup(e, [[p.name], [labels.count, number.format(p.count)]]);
    });
    map.on("click", "hexagons-fill", (e) => popup(e, [[labels.count, number.format(e.features[0].properties.count)]]));
    map.on("click", "hotspots-fill", (e) => {
      const p = e.features[0].properties;
      const kind = p.class === "hot" ? labels.hot : p.class === "cold" ? labels.cold : labels.not_significant;
      popup(e, [[kind], [labels.count, number.format(p.count)], [labels.z, p.z], [labels.p, p.p_sim]]);
    });
    map.on("click", "points-circle", (e) => {
      const p = e.features[0].properties;
      popup(e, [[p.category_label], [labels.count, number.format(p.count)]]);
    });
    ["districts-fill", "hexagons-fill", "hotspots-fill", "points-circle"].forEach((id) => {
      map.on("mouseenter", id, () => (map.getCanvas().style.cursor = "pointer"));
      map.on("mouseleave", id, () => (map.getCanvas().style.cursor = ""));
    });
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
    if (state.view === "heatmap" || state.view === "points") {
      map.getSource("points").setData(data.view);
      const max = Math.max(1, ...data.view.features.map((f) => f.properties.count));
      const weight = max > 1 ? ["interpolate", ["linear"], ["get", "count"], 0, 0, 1, 0.25, max, 1] : 0.3;
      map.setPaintProperty("heatmap", "heatmap-weight", weight);
      if (state.view === "heatmap") legendGradient(labels.density, null);
      else {
        const present = new Map();
        data.view.features.forEach((f) => present.set(f.properties.category, f.properties.category_label));
        legendSwatches(labels.points, [...present].map(([code, label]) => [colours[code] || "#8c8c8c", label]));
      }
    }
    showLayers(state.view);
    // The districts stay outlined under every view.
    map.setLayoutProperty("districts-line", "visibility", "visible");
    map.setLayoutProperty("districts-fill", "visibility", "visible");
  }

  function viewUrl(state, filters) {
    if (usesSize(state.view)) {
      const query = new URLSearchParams(state.filters);
      query.set("size", state.size);
      return withQuery(state.view === "hexagons" ? endpoints.hexagons : endpoints.hotspots, query.toString());
    }
    if (state.view === "heatmap" || state.view === "points") return withQuery(endpoints.points, filters);
    return null;
  }

  function refresh() {
    const state = currentState();
    const mine = ++sequence;
    syncPage(state);
    const filters = state.filters.toString();
    container.dataset.state = "loading";
    if (status) status.textContent = labels.loading || "";
    const wanted = viewUrl(state, filters);
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
