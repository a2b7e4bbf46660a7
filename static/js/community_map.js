// The community maps: the directory (areas of work, meeting places and the
// network of links between communities) and one community's page (its area,
// its places, lines to its partners). Drawn with MapLibre GL JS on the base map.
// Popups are built from DOM nodes with textContent, never innerHTML.
// The map is exposed as window.birgeMap; window.birgeMapReady resolves with it
// once the layers are on, so the edit page's drawing script can attach to it.
(function () {
  "use strict";

  const configNode = document.getElementById("map-config");
  const container = document.getElementById("map");
  if (!configNode || !container) return;

  const config = JSON.parse(configNode.textContent);
  const status = document.getElementById("map-status");
  const labels = config.labels || {};
  const colours = config.colours || { community: {}, link: {} };
  const lang = document.documentElement.lang || undefined;
  const DEFAULT_COLOUR = "#4e79a7";
  const CLICKABLE = ["places", "partners", "links", "areas-fill"];

  let settle;
  window.birgeMapReady = new Promise((resolve, reject) => {
    settle = { resolve, reject };
  });
  window.birgeMapReady.catch(() => {});

  const el = window.birgeBaseMap.el;

  function failed(error) {
    container.dataset.state = "failed";
    if (status) status.textContent = labels.map_failed || "";
    settle.reject(error || new Error("map failed"));
  }

  const getJSON = window.birgeBaseMap.getJSON;

  function match(property, table) {
    const pairs = Object.entries(table || {}).flat();
    return pairs.length ? ["match", ["get", property], ...pairs, DEFAULT_COLOUR] : DEFAULT_COLOUR;
  }

  function popupContent(props) {
    const box = el("div", "popup");
    const facts = el("dl", "popup-facts");
    const add = (term, value) => {
      if (value === undefined || value === null || value === "") return;
      facts.appendChild(el("dt", null, term));
      facts.appendChild(el("dd", null, value));
    };
    let url = props.url;
    if (props.layer === "place") {
      box.appendChild(el("p", "popup-kind", labels.meeting_place));
      box.appendChild(el("h3", "popup-title", props.name));
      add(labels.community, props.community);
      add(labels.what, props.activity);
      add(labels.when, props.schedule);
      if (props.open) facts.appendChild(el("dd", "popup-note", labels.open_to_all));
    } else if (props.layer === "link") {
      box.appendChild(el("p", "popup-kind", props.link_label));
      box.appendChild(el("h3", "popup-title", props.source + " – " + props.target));
      url = null;
      const line = el("p", "popup-open");
      [
        [props.source, props.source_url],
        [props.target, props.target_url],
      ].forEach(([name, href], i) => {
        if (i) line.appendChild(document.createTextNode(" · "));
        const link = el("a", "popup-link", name);
        link.href = href;
        line.appendChild(link);
      });
      box.appendChild(line);
    } else {
      box.appendChild(el("p", "popup-kind", props.layer === "partner" ? labels.partner : labels.area_of_work));
      box.appendChild(el("h3", "popup-title", props.name));
      add(labels.community, props.kind_label);
    }
    if (facts.childNodes.length) box.appendChild(facts);
    if (url) {
      const link = el("a", "popup-link", labels.open);
      link.href = url;
      const line = el("p", "popup-open");
      line.appendChild(link);
      box.appendChild(line);
    }
    return box;
  }

  if (!window.maplibregl || !window.birgeBaseMap) {
    failed();
    return;
  }
  let map;
  try {
    map = birgeBaseMap.create(container, config, {
      bounds: config.town.bounds,
      fitBoundsOptions: { padding: 24 },
    });
  } catch (error) {
    failed(error);
    return;
  }
  window.birgeMap = map;
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

  function addTownLayers(town, districts) {
    window.birgeBaseMap.addTownLayers(map, town, districts);
  }

  function addCommunityLayers(collection) {
    const kindColour = match("kind", colours.community);
    const linkColour = match("link_kind", colours.link);
    map.addSource("communities", { type: "geojson", data: collection });
    const layer = (name) => ["==", ["get", "layer"], name];
    map.addLayer({
      id: "areas-fill",
      type: "fill",
      source: "communities",
      filter: layer("area"),
      paint: { "fill-color": kindColour, "fill-opacity": 0.12 },
    });
    map.addLayer({
      id: "areas-line",
      type: "line",
      source: "communities",
      filter: layer("area"),
      paint: { "line-color": kindColour, "line-width": 1.5, "line-opacity": 0.7 },
    });
    // Not colour alone: each kind of link has its own dash.
    const dashed = (kind, dash) => ({
      id: "links-" + kind,
      type: "line",
      source: "communities",
      filter: ["all", layer("link"), ["==", ["get", "link_kind"], kind]],
      layout: { "line-cap": "round" },
      paint: { "line-color": linkColour, "line-width": 2.5, "line-opacity": 0.85, "line-dasharray": dash },
    });
    map.addLayer(dashed("partnership", [1, 0]));
    map.addLayer(dashed("umbrella", [4, 2]));
    map.addLayer(dashed("joint_project", [1, 1.5]));
    // A wide invisible line, so a finger can hit a thin one.
    map.addLayer({
      id: "links",
      type: "line",
      source: "communities",
      filter: layer("link"),
      paint: { "line-color": "#000000", "line-width": 14, "line-opacity": 0 },
    });
    map.addLayer({
      id: "partners",
      type: "circle",
      source: "communities",
      filter: layer("partner"),
      paint: {
        "circle-color": "#ffffff",
        "circle-radius": 6,
        "circle-stroke-color": kindColour,
        "circle-stroke-width": 3,
      },
    });
    map.addLayer({
      id: "places",
      type: "circle",
      source: "communities",
      filter: layer("place"),
      paint: {
        "circle-color": kindColour,
        "circle-radius": 7,
        "circle-stroke-color": "#ffffff",
        "circle-stroke-width": 2,
      },
    });
    CLICKABLE.forEach((id) => {
      map.on("mouseenter", id, () => {
        if (!config.draw) map.getCanvas().style.cursor = "pointer";
      });
      map.on("mouseleave", id, () => {
        if (!config.draw) map.getCanvas().style.cursor = "";
      });
    });
    if (!config.draw) {
      map.on("click", (event) => {
        const hits = map.queryRenderedFeatures(event.point, { layers: CLICKABLE });
        if (!hits.length) return;
        new maplibregl.Popup({ maxWidth: "20rem" })
          .setLngLat(event.lngLat)
          .setDOMContent(popupContent(hits[0].properties))
          .addTo(map);
      });
    }
    if (config.fit) {
      const bounds = new maplibregl.LngLatBounds();
      const extend = (c) => (typeof c[0] === "number" ? bounds.extend(c) : c.forEach(extend));
      (collection.features || []).forEach((f) => f.geometry && extend(f.geometry.coordinates));
      if (!bounds.isEmpty()) window.birgeMapFit(bounds.toArray(), { padding: 48, maxZoom: 15 });
    }
  }

  const layersUrl = config.layers && config.layers.communities;
  const communities = config.communities
    ? Promise.resolve(config.communities)
    : layersUrl
      ? getJSON(layersUrl)
      : Promise.resolve({ type: "FeatureCollection", features: [] });

  map.on("load", () => {
    Promise.all([getJSON(config.data.town), getJSON(config.data.districts), communities])
      .then(([town, districts, collection]) => {
        addTownLayers(town, districts);
        addCommunityLayers(collection);
        map.once("idle", () => {
          container.dataset.state = "ready";
          container.dataset.features = String((collection.features || []).length);
          settle.resolve(map);
        });
      })
      .catch(failed);
  });
})();
