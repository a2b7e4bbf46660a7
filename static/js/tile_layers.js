// Public layers drawn from Birge's vector tiles (TileJSON at /tiles/<layer>.json),
// shared by the map pages. Below a layer's cluster_below zoom a dense layer comes
// as counts per cell: circles sized and shaded by count (the offline style has no
// glyphs, so the number is told on hover, never drawn as text); a click zooms in.
// At and above it come the real points, lines and areas, coloured by the layer's
// first coded attribute (status, kind, category); a click fetches the feature's
// details from the OGC API and shows them in a popup built from DOM nodes.
// Exposed as window.birgeTiles; the page's config.tiles comes from
// mapping.mapconfig.tile_layers_config.
(function () {
  "use strict";

  // One hue per layer (its clusters, its swatch); raw features by code. The
  // known layers keep theirs whatever else is registered; sites are red.
  const HUES = { proposals: "#1f5f99", built: "#2e7d32", concerns: "#b8336a", communities: "#6a3d9a", places: "#b35900" };
  const MORE_HUES = ["#00838f", "#5d4037", "#827717", "#37474f"];
  const PALETTE = [
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
    "#b07aa1", "#ff9da7", "#9c755f", "#2f6b3a", "#8c8c8c", "#bab0ac",
  ];
  const types = (...names) => ["in", ["geometry-type"], ["literal", names]];
  const POLYGON = types("Polygon", "MultiPolygon");
  const LINE = types("LineString", "MultiLineString");
  const POINT = types("Point", "MultiPoint");
  // Cells carry a count and nothing else; real features never do.
  const CLUSTER = ["has", "count"];
  const RAW = ["!", CLUSTER];
  // Popup facts: the property the OGC item carries, and the label naming it.
  const FACTS = [
    ["status_label", "status"],
    ["kind_label", "kind"],
    ["category_label", "category"],
    ["category_name", "category"],
    ["source_label", "source"],
    ["district", "district"],
    ["community_name", "community"],
    ["date", "date"],
    ["schedule", "schedule"],
  ];

  const el = (tag, className, text) => birgeBaseMap.el(tag, className, text);
  const number = new Intl.NumberFormat(document.documentElement.lang || undefined);
  const fill = (text, values) =>
    String(text || "").replace(/\{(\w+)\}/g, (_, key) => (key in values ? values[key] : ""));

  function mix(hex, towards, share) {
    const rgb = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
    const [a, b] = [rgb(hex), rgb(towards)];
    return "#" + a.map((v, i) => Math.round(v + (b[i] - v) * share).toString(16).padStart(2, "0")).join("");
  }

  // The config's layers, with what the map needs: ids, colours, filters.
  function prepare(tiles) {
    return tiles.layers.map((layer, index) => {
      const hue = HUES[layer.name] || MORE_HUES[index % MORE_HUES.length];
      const colours = layer.codes.map(([code], i) => [code, PALETTE[i % PALETTE.length]]);
      const source = "tiles-" + layer.name;
      const raw = layer.cluster_below === null ? [] : [RAW];
      const parts = [];
      if (layer.cluster_below !== null) parts.push({ id: source + "-clusters", kind: "clusters", filter: CLUSTER });
      if (layer.geometry === "polygon" || layer.geometry === "mixed") {
        parts.push({ id: source + "-fill", kind: "fill", filter: ["all", ...raw, POLYGON] });
      }
      if (layer.geometry !== "point") {
        const shapes = layer.geometry === "line" ? LINE : layer.geometry === "polygon" ? POLYGON : ["any", LINE, POLYGON];
        parts.push({ id: source + "-line", kind: "line", filter: ["all", ...raw, shapes] });
      }
      if (layer.geometry === "point" || layer.geometry === "mixed") {
        parts.push({ id: source + "-points", kind: "points", filter: ["all", ...raw, POINT] });
      }
      return { ...layer, hue, colours, source, parts };
    });
  }

  function colourOf(layer) {
    if (!layer.colour_by || !layer.colours.length) return layer.hue;
    return ["match", ["to-string", ["get", layer.colour_by]], ...layer.colours.flat(), layer.hue];
  }

  function style(layer, part) {
    const colour = colourOf(layer);
    if (part.kind === "clusters") {
      const steps = [1, 10, 100, 1000, 10000];
      const shades = [mix(layer.hue, "#ffffff", 0.45), mix(layer.hue, "#ffffff", 0.3), mix(layer.hue, "#ffffff", 0.15), layer.hue, mix(layer.hue, "#000000", 0.35)];
      const step = (values) => ["step", ["get", "count"], values[0], ...steps.slice(1).flatMap((s, i) => [s, values[i + 1]])];
      return {
        type: "circle",
        paint: {
          "circle-radius": step([6, 9, 12, 15, 18]),
          "circle-color": step(shades),
          "circle-stroke-color": "#ffffff",
          "circle-stroke-width": 1.5,
          "circle-opacity": 0.9,
        },
      };
    }
    if (part.kind === "fill") {
      return { type: "fill", paint: { "fill-color": colour, "fill-opacity": 0.3 } };
    }
    if (part.kind === "line") {
      return {
        type: "line",
        paint: { "line-color": colour, "line-width": ["case", POLYGON, 1.5, 3.5], "line-opacity": 0.9 },
        layout: { "line-cap": "round", "line-join": "round" },
      };
    }
    return {
      type: "circle",
      paint: {
        "circle-color": colour,
        "circle-radius": ["interpolate", ["linear"], ["zoom"], 14, 4.5, 18, 8],
        "circle-stroke-color": "#ffffff",
        "circle-stroke-width": 1.2,
      },
    };
  }

  // Adds the layer's source and map layers (under ``before`` if given).
  function add(map, layer, before) {
    map.addSource(layer.source, { type: "vector", url: new URL(layer.tilejson, window.location.href).href });
    for (const part of layer.parts) {
      const { type, paint, layout } = style(layer, part);
      map.addLayer(
        {
          id: part.id,
          type: type,
          source: layer.source,
          "source-layer": layer.name,
          filter: part.filter,
          paint: paint,
          layout: { ...(layout || {}), visibility: layer.shown ? "visible" : "none" },
        },
        before
      );
    }
  }

  function setVisible(map, layer, visible) {
    layer.shown = visible;
    for (const part of layer.parts) map.setLayoutProperty(part.id, "visibility", visible ? "visible" : "none");
  }

  // Narrows the real features (clusters carry no attributes and stay as they are).
  function setFilter(map, layer, expression) {
    for (const part of layer.parts) {
      if (part.kind === "clusters") continue;
      map.setFilter(part.id, expression ? ["all", part.filter, expression] : part.filter);
    }
  }

  const ids = (layers) => layers.flatMap((layer) => layer.parts.map((part) => part.id));

  // The topmost tile feature within a few pixels of a click, and its layer.
  function featureAt(map, layers, point) {
    const box = [
      [point.x - 5, point.y - 5],
      [point.x + 5, point.y + 5],
    ];
    const hit = map.queryRenderedFeatures(box, { layers: ids(layers) })[0];
    if (!hit) return null;
    const layer = layers.find((l) => l.source === hit.source);
    return layer ? { layer: layer, feature: hit, cluster: hit.properties.count !== undefined } : null;
  }

  function zoomInto(map, feature) {
    map.easeTo({ center: feature.geometry.coordinates, zoom: map.getZoom() + 2 });
  }

  // How many features of a layer are drawn now, and how many things they stand
  // for (a cell counts its points; a feature split over tiles counts once).
  function rendered(map, layer) {
    const seen = new Set();
    let features = 0;
    let count = 0;
    for (const feature of map.queryRenderedFeatures({ layers: ids([layer]) })) {
      if (feature.properties.count !== undefined) {
        features += 1;
        count += Number(feature.properties.count);
      } else if (feature.id === undefined || !seen.has(feature.id)) {
        seen.add(feature.id);
        features += 1;
        count += 1;
      }
    }
    return { features: features, count: count };
  }

  function itemUrl(tiles, layer, id) {
    return tiles.item.replace("{layer}", encodeURIComponent(layer.name)).replace("{id}", encodeURIComponent(id));
  }

  // A popup for a real feature: its layer at once, its details when they come.
  // Resolves with the heading shown (for the page's status line).
  function showDetails(map, tiles, layer, feature, lngLat) {
    const labels = tiles.labels;
    const box = el("div", "popup");
    box.appendChild(el("p", "popup-kind", layer.title));
    const heading = el("h3", "popup-title", labels.loading);
    box.appendChild(heading);
    new maplibregl.Popup({ maxWidth: "320px", closeButton: true }).setLngLat(lngLat).setDOMContent(box).addTo(map);
    if (feature.id === undefined) {
      heading.textContent = labels.failed;
      return Promise.resolve(labels.failed);
    }
    return birgeBaseMap
      .getJSON(itemUrl(tiles, layer, feature.id))
      .then((item) => {
        const props = item.properties || {};
        heading.textContent = props.title || props.name || props.category_label || layer.title;
        const facts = el("dl", "popup-facts");
        const shown = new Set([heading.textContent]);
        for (const [key, term] of FACTS) {
          const value = props[key];
          if (value === undefined || value === null || value === "" || shown.has(String(value))) continue;
          shown.add(String(value));
          facts.appendChild(el("dt", null, labels[term]));
          facts.appendChild(el("dd", null, value));
        }
        if (facts.childNodes.length) box.appendChild(facts);
        if (props.text) box.appendChild(el("p", "popup-description", props.text));
        const links = item.links || props.links || [];
        const page = links.find((link) => link.rel === "alternate" && String(link.type || "").startsWith("text/html"));
        const href = page ? new URL(String(page.href), window.location.href) : null;
        if (href && (href.protocol === "https:" || href.protocol === "http:")) {
          const link = el("a", "popup-link", labels.open);
          link.href = href.href;
          box.appendChild(link);
        }
        return heading.textContent;
      })
      .catch(() => {
        heading.textContent = labels.failed;
        return labels.failed;
      });
  }

  // A pointer over anything clickable; over a cell, how many it holds.
  function hover(map, tiles, layers) {
    const tip = new maplibregl.Popup({ closeButton: false, closeOnClick: false, className: "cluster-tip", offset: 14 });
    for (const layer of layers) {
      for (const part of layer.parts) {
        map.on("mouseenter", part.id, () => (map.getCanvas().style.cursor = "pointer"));
        map.on("mouseleave", part.id, () => {
          map.getCanvas().style.cursor = "";
          tip.remove();
        });
        if (part.kind !== "clusters") continue;
        map.on("mousemove", part.id, (event) => {
          const feature = event.features && event.features[0];
          if (!feature) return;
          const text = fill(tiles.labels.cluster, { layer: layer.title, count: number.format(feature.properties.count) });
          tip.setLngLat(feature.geometry.coordinates).setText(text).addTo(map);
        });
      }
    }
  }

  // The layer switcher: a checkbox per layer and, folded, the colours' key.
  function switcher(map, tiles, layers, onChange) {
    const labels = tiles.labels;
    const box = el("details", "maplibregl-ctrl maplibregl-ctrl-group map-layers");
    box.open = window.matchMedia("(min-width: 48rem)").matches;
    box.appendChild(el("summary", "map-layers-summary", labels.layers));
    const fieldset = el("fieldset", "map-layers-list");
    const legend = el("legend", "map-layers-legend", labels.layers);
    fieldset.appendChild(legend);
    const key = el("details", "map-layers-key");
    key.appendChild(el("summary", null, labels.colours));
    const keyLists = new Map();
    // Topmost first, as the layers lie on the map.
    for (const layer of [...layers].reverse()) {
      const label = el("label", "map-layer");
      const input = el("input");
      input.type = "checkbox";
      input.name = "layer";
      input.value = layer.name;
      input.checked = layer.shown;
      const swatch = el("span", "swatch");
      swatch.style.backgroundColor = layer.hue;
      label.appendChild(input);
      label.appendChild(swatch);
      label.appendChild(document.createTextNode(layer.title));
      fieldset.appendChild(label);
      if (layer.colours.length) {
        const section = el("div", "map-layers-codes");
        section.appendChild(el("p", "map-layers-codes-title", layer.title));
        const list = el("ul", "legend-list");
        layer.codes.forEach(([, text], i) => {
          const item = el("li");
          const chip = el("span", "swatch");
          chip.style.backgroundColor = layer.colours[i][1];
          item.appendChild(chip);
          item.appendChild(document.createTextNode(text));
          list.appendChild(item);
        });
        section.appendChild(list);
        section.hidden = !layer.shown;
        key.appendChild(section);
        keyLists.set(layer.name, section);
      }
      input.addEventListener("change", () => {
        setVisible(map, layer, input.checked);
        if (keyLists.has(layer.name)) keyLists.get(layer.name).hidden = !input.checked;
        if (onChange) onChange(layer, input.checked);
      });
    }
    box.appendChild(fieldset);
    if (keyLists.size) box.appendChild(key);
    return {
      onAdd: () => box,
      onRemove: () => box.remove(),
    };
  }

  window.birgeTiles = { prepare, add, setVisible, setFilter, ids, featureAt, zoomInto, rendered, showDetails, hover, switcher };
})();
