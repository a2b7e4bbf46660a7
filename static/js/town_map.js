// The town map: boundary, districts and sites from Birge's GeoJSON API, drawn
// with MapLibre GL JS on an offline base style (or a configured one), and the
// public layers (proposals, built objects, concerns, communities, meeting places)
// from vector tiles with a layer switcher (tile_layers.js).
// Popups are built from DOM nodes with textContent, never innerHTML.
// Signals for tests and the benchmark, on #map: data-state=ready once the
// districts are drawn; data-tiles=drawn once the proposals' tiles of the first
// view are drawn, with data-tile-features (circles, lines and areas drawn) and
// data-tile-count (the proposals they stand for: a cluster counts its points).
// The view is kept in the URL's hash (#zoom/lat/lng), so a link opens it.
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("map-config").textContent);
  const container = document.getElementById("map");
  const status = document.getElementById("map-status");
  const labels = config.labels;
  const PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#edc948", "#76b7b2", "#ff9da7", "#9c755f"];
  const SITE_COLOUR = "#c0392b";
  const tiles = config.tiles && window.birgeTiles ? birgeTiles.prepare(config.tiles) : [];

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function popupContent(layer, props) {
    const box = el("div", "popup");
    box.appendChild(el("p", "popup-kind", layer === "sites" ? labels.site : labels.district));
    box.appendChild(el("h3", "popup-title", props.name));
    const facts = el("dl", "popup-facts");
    const add = (term, value) => {
      if (value === undefined || value === null || value === "") return;
      facts.appendChild(el("dt", null, term));
      facts.appendChild(el("dd", null, value));
    };
    add(labels.area, number.format(props.area_ha) + " " + labels.hectares);
    if (layer === "sites") {
      add(labels.status, props.status_label);
      add(labels.district, props.district);
    }
    box.appendChild(facts);
    if (props.description) box.appendChild(el("p", "popup-description", props.description));
    return box;
  }

  const number = new Intl.NumberFormat(document.documentElement.lang, { maximumFractionDigits: 1 });

  function mapPadding() {
    // The list panel covers the map's left side on wide screens and its lower part
    // on phones: keep the town in the part of the map that can be seen.
    const panel = document.querySelector(".map-panel");
    const wide = window.matchMedia("(min-width: 48rem)").matches;
    const size = panel ? (wide ? panel.offsetWidth : panel.offsetHeight) : 0;
    return {
      top: 24,
      right: 24,
      bottom: wide ? 24 : size + 24,
      left: wide ? size + 36 : 24,
    };
  }

  function failed() {
    container.dataset.state = "failed";
    status.textContent = labels.map_failed;
  }

  if (!window.maplibregl) {
    failed();
    return;
  }
  let map;
  try {
    map = birgeBaseMap.create(container, config, {
      bounds: config.town.bounds,
      fitBoundsOptions: { padding: mapPadding() },
      cooperativeGestures: false,
      hash: true,
    });
  } catch (error) {
    failed();
    return;
  }
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
  map.addControl(new maplibregl.ScaleControl({ unit: "metric" }), "bottom-left");
  if (tiles.length) map.addControl(birgeTiles.switcher(map, config.tiles, tiles), "top-right");

  const collections = {};

  // The first view's proposals: what the benchmark and the tests wait for.
  function watchTiles() {
    const proposals = tiles.find((layer) => layer.name === "proposals");
    if (!proposals) {
      container.dataset.tiles = "none";
      return;
    }
    const check = () => {
      if (!map.isSourceLoaded(proposals.source)) return;
      map.off("idle", check);
      const drawn = birgeTiles.rendered(map, proposals);
      container.dataset.tileFeatures = String(drawn.features);
      container.dataset.tileCount = String(drawn.count);
      container.dataset.tiles = "drawn";
    };
    map.on("idle", check);
  }

  map.on("load", async () => {
    // Tiles first: they start loading while the town's GeoJSON is fetched, and
    // the GeoJSON layers go in under them.
    tiles.forEach((layer) => birgeTiles.add(map, layer));
    if (tiles.length) birgeTiles.hover(map, config.tiles, tiles);
    watchTiles();
    const before = tiles.length ? tiles[0].parts[0].id : undefined;
    const addLayer = (layer) => map.addLayer(layer, before);
    try {
      const [town, districts, sites] = await Promise.all(
        ["town", "districts", "sites"].map((key) =>
          fetch(config.data[key], {
            // Names come back in the page's language, whatever the browser prefers.
            headers: { Accept: "application/geo+json", "Accept-Language": document.documentElement.lang },
          }).then((r) => {
            if (!r.ok) throw new Error(key + ": " + r.status);
            return r.json();
          })
        )
      );
      collections.districts = districts;
      collections.sites = sites;
      map.addSource("town", { type: "geojson", data: town });
      map.addSource("districts", { type: "geojson", data: districts, promoteId: "slug" });
      map.addSource("sites", { type: "geojson", data: sites, promoteId: "slug" });

      addLayer({ id: "town-fill", type: "fill", source: "town", paint: { "fill-color": "#fbfaf5" } });
      addLayer({
        id: "districts-fill",
        type: "fill",
        source: "districts",
        paint: {
          "fill-color": ["to-color", ["at", ["%", ["get", "index"], PALETTE.length], ["literal", PALETTE]]],
          "fill-opacity": ["case", ["boolean", ["feature-state", "selected"], false], 0.45, 0.22],
        },
      });
      addLayer({
        id: "districts-line",
        type: "line",
        source: "districts",
        paint: { "line-color": "#ffffff", "line-width": 1.5 },
      });
      addLayer({
        id: "town-line",
        type: "line",
        source: "town",
        paint: { "line-color": "#2c3e50", "line-width": 2.5 },
      });
      addLayer({
        id: "sites-fill",
        type: "fill",
        source: "sites",
        paint: {
          "fill-color": SITE_COLOUR,
          "fill-opacity": ["case", ["boolean", ["feature-state", "selected"], false], 0.7, 0.45],
        },
      });
      addLayer({
        id: "sites-line",
        type: "line",
        source: "sites",
        paint: { "line-color": SITE_COLOUR, "line-width": 2 },
      });
      addDistrictLabels(districts);

      map.once("idle", () => {
        const drawn = new Set(
          map.queryRenderedFeatures({ layers: ["districts-fill"] }).map((f) => f.properties.slug)
        );
        container.dataset.districtsRendered = String(drawn.size);
        container.dataset.state = "ready";
      });
    } catch (error) {
      failed();
    }
  });
  map.on("error", (event) => {
    if (window.console) console.error(event && event.error);
    if (container.dataset.state === "loading" && event && event.error && /WebGL/i.test(String(event.error.message))) {
      failed();
    }
  });

  const districtLabels = [];

  function addDistrictLabels(districts) {
    // Larger districts first: they keep their label when two would overlap.
    const byArea = [...districts.features].sort((a, b) => b.properties.area_ha - a.properties.area_ha);
    for (const feature of byArea) {
      const label = el("span", "district-label", feature.properties.name);
      label.setAttribute("aria-hidden", "true");
      new maplibregl.Marker({ element: label }).setLngLat(feature.properties.label_point).addTo(map);
      districtLabels.push(label);
    }
    declutter();
    map.on("moveend", declutter);
  }

  function declutter() {
    const kept = [];
    for (const label of districtLabels) {
      label.style.visibility = "visible";
      const box = label.getBoundingClientRect();
      const overlaps = kept.some(
        (k) => box.left < k.right && box.right > k.left && box.top < k.bottom && box.bottom > k.top
      );
      if (overlaps) label.style.visibility = "hidden";
      else kept.push(box);
    }
  }

  let selected = null;
  let popup = null;

  function select(layer, feature, lngLat) {
    if (selected) map.setFeatureState(selected, { selected: false });
    selected = { source: layer, id: feature.properties.slug };
    map.setFeatureState(selected, { selected: true });
    if (popup) popup.remove();
    popup = new maplibregl.Popup({ maxWidth: "320px", closeButton: true })
      .setLngLat(lngLat)
      .setDOMContent(popupContent(layer, feature.properties))
      .addTo(map);
    status.textContent = feature.properties.name;
  }

  // The topmost thing under the click answers it: a tile feature (a cluster
  // zooms in, a real feature shows its details), else a site, else a district.
  map.on("click", (event) => {
    const hit = tiles.length ? birgeTiles.featureAt(map, tiles, event.point) : null;
    if (hit && hit.cluster) {
      birgeTiles.zoomInto(map, hit.feature);
      return;
    }
    if (hit) {
      if (selected) map.setFeatureState(selected, { selected: false });
      selected = null;
      birgeTiles
        .showDetails(map, config.tiles, hit.layer, hit.feature, event.lngLat)
        .then((heading) => (status.textContent = heading));
      return;
    }
    const ours = ["sites-fill", "districts-fill"].filter((id) => map.getLayer(id));
    const top = ours.length ? map.queryRenderedFeatures(event.point, { layers: ours })[0] : null;
    if (top) select(top.layer.id === "sites-fill" ? "sites" : "districts", top, event.lngLat);
  });

  for (const layer of ["sites", "districts"]) {
    map.on("mouseenter", layer + "-fill", () => (map.getCanvas().style.cursor = "pointer"));
    map.on("mouseleave", layer + "-fill", () => (map.getCanvas().style.cursor = ""));
  }

  // The lists beside the map are its text alternative; a button shows the place.
  document.querySelectorAll(".feature-button").forEach((button) => {
    button.addEventListener("click", () => {
      const layer = button.dataset.layer;
      const collection = collections[layer];
      if (!collection) return;
      const feature = collection.features.find((f) => f.properties.slug === button.dataset.id);
      if (!feature) return;
      const bounds = new maplibregl.LngLatBounds();
      const extend = (coords) =>
        typeof coords[0] === "number" ? bounds.extend(coords) : coords.forEach(extend);
      extend(feature.geometry.coordinates);
      map.fitBounds(bounds, { padding: mapPadding(), maxZoom: 17 });
      const anchor = layer === "districts" ? feature.properties.label_point : bounds.getCenter();
      select(layer, feature, anchor);
    });
  });
})();
