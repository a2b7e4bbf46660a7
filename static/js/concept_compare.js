// The architect's comparison page: two concepts on synced maps (side by side or
// swiped over each other), the agreement map, sortable tables and a heat-coloured
// similarity matrix. Colours are set as DOM properties, never inline styles, and
// popups and legends are built with textContent.
(function () {
  "use strict";

  // The similarity matrix is coloured by value, on the page and in the report.
  document.querySelectorAll("td.heat[data-heat]").forEach((cell) => {
    const value = parseFloat(cell.dataset.heat);
    if (!Number.isFinite(value)) return;
    cell.style.backgroundColor = "rgba(46, 125, 50, " + (0.08 + 0.8 * value).toFixed(2) + ")";
    if (value > 0.6) cell.classList.add("dark");
  });

  const configNode = document.getElementById("map-config");
  if (!configNode) return;
  const config = JSON.parse(configNode.textContent);
  const kinds = config.kinds || {};
  const lang = document.documentElement.lang || undefined;
  const percent = new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 0 });
  const status = document.getElementById("map-status");

  // Swatches and heat cells take their colour from data attributes.
  document.querySelectorAll("[data-colour]").forEach((node) => {
    const kind = kinds[node.dataset.colour];
    if (kind) node.style.backgroundColor = kind.colour;
  });

  sortableTables();

  if (!window.maplibregl) {
    document.querySelectorAll(".map").forEach((node) => (node.dataset.state = "failed"));
    if (status) status.textContent = (config.labels || {}).map_failed || "";
    return;
  }
  function getJSON(url) {
    return fetch(url, {
      headers: { Accept: "application/geo+json", "Accept-Language": lang || "" },
      credentials: "same-origin",
    }).then((response) => {
      if (!response.ok) throw new Error(url + ": " + response.status);
      return response.json();
    });
  }

  function siteBounds() {
    const bounds = new maplibregl.LngLatBounds();
    (config.site.coordinates[0] || []).forEach((c) => bounds.extend(c));
    return bounds;
  }

  function newMap(container) {
    return birgeBaseMap.create(container, config, {
      bounds: siteBounds(),
      fitBoundsOptions: { padding: 24 },
    });
  }

  function kindColour() {
    const pairs = Object.entries(kinds).flatMap(([slug, kind]) => [slug, kind.colour]);
    return ["match", ["get", "kind"], ...pairs, "#888888"];
  }

  function addSite(map) {
    map.addSource("site", { type: "geojson", data: config.site });
    map.addLayer({
      id: "site-outline",
      type: "line",
      source: "site",
      paint: { "line-color": "#333", "line-width": 2, "line-dasharray": [2, 1] },
    });
  }

  function addConcept(map, data) {
    map.addSource("concept", { type: "geojson", data: data });
    const colour = kindColour();
    map.addLayer({
      id: "zones",
      type: "fill",
      source: "concept",
      filter: ["==", ["geometry-type"], "Polygon"],
      paint: { "fill-color": colour, "fill-opacity": 0.6, "fill-outline-color": "#ffffff" },
    });
    map.addLayer({
      id: "paths",
      type: "line",
      source: "concept",
      filter: ["==", ["geometry-type"], "LineString"],
      paint: { "line-color": colour, "line-width": 4 },
    });
    map.addLayer({
      id: "objects",
      type: "circle",
      source: "concept",
      filter: ["==", ["geometry-type"], "Point"],
      paint: { "circle-color": colour, "circle-radius": 5, "circle-stroke-color": "#fff", "circle-stroke-width": 1 },
    });
  }

  function loaded(map) {
    return new Promise((resolve) => (map.loaded() ? resolve(map) : map.once("load", () => resolve(map))));
  }

  // --- Two concepts, synced -------------------------------------------------
  const twin = document.getElementById("twin-maps");
  if (twin && config.a && config.b) {
    const left = newMap("map-a");
    const right = newMap("map-b");
    let syncing = false;
    const follow = (from, to) => () => {
      if (syncing) return;
      syncing = true;
      to.jumpTo({ center: from.getCenter(), zoom: from.getZoom(), bearing: from.getBearing(), pitch: from.getPitch() });
      syncing = false;
    };
    left.on("move", follow(left, right));
    right.on("move", follow(right, left));
    Promise.all([
      loaded(left).then(() => getJSON(config.a.url)).then((data) => (addSite(left), addConcept(left, data))),
      loaded(right).then(() => getJSON(config.b.url)).then((data) => (addSite(right), addConcept(right, data))),
    ])
      .then(() => (twin.dataset.state = "ready"))
      .catch((error) => {
        twin.dataset.state = "failed";
        if (status) status.textContent = (config.labels || {}).map_failed || String(error);
      });

    const swipe = document.getElementById("swipe");
    const clip = () => {
      const right = document.getElementById("map-b").parentElement;
      right.style.clipPath = twin.classList.contains("swipe") ? "inset(0 0 0 " + swipe.value + "%)" : "";
    };
    swipe.addEventListener("input", clip);
    document.querySelectorAll(".pair [data-view]").forEach((button) => {
      button.addEventListener("click", () => {
        twin.classList.toggle("swipe", button.dataset.view === "swipe");
        twin.classList.toggle("side", button.dataset.view === "side");
        document.querySelectorAll(".pair [data-view]").forEach((b) => b.setAttribute("aria-pressed", String(b === button)));
        clip();
        left.resize();
        right.resize();
      });
    });
  }

  // --- The agreement map ----------------------------------------------------
  const agreementNode = document.getElementById("map-agreement");
  if (agreementNode && config.agreement) {
    const map = newMap(agreementNode);
    const legend = document.getElementById("agreement-legend");
    const views = {
      leading: {
        "fill-color": ["match", ["get", "leading"], "unassigned", "#ffffff", ...kindColour().slice(2)],
        "fill-opacity": ["+", 0.15, ["*", 0.75, ["get", "leading_share"]]],
      },
      entropy: {
        "fill-color": ["interpolate", ["linear"], ["get", "entropy"], 0, "#f7fbff", 0.5, "#fdae6b", 1, "#a63603"],
        "fill-opacity": 0.8,
      },
      differs: {
        "fill-color": ["case", ["==", ["get", "plan_differs"], true], "#d62728", "#ffffff"],
        "fill-opacity": ["case", ["==", ["get", "plan_differs"], true], 0.8, 0.2],
      },
    };
    const show = (name, cells) => {
      Object.entries(views[name]).forEach(([property, value]) => map.setPaintProperty("cells", property, value));
      legend.replaceChildren();
      if (name === "leading") {
        const used = new Set(cells.features.map((f) => f.properties.leading));
        used.forEach((slug) => {
          const item = document.createElement("span");
          item.className = "legend-item";
          const swatch = document.createElement("span");
          swatch.className = "swatch";
          swatch.style.backgroundColor = slug === "unassigned" ? "#ffffff" : (kinds[slug] || {}).colour;
          item.append(swatch, slug === "unassigned" ? config.unassigned : (kinds[slug] || {}).name || slug);
          legend.append(item);
        });
      }
    };
    loaded(map)
      .then(() => getJSON(config.agreement))
      .then((cells) => {
        map.addSource("cells", { type: "geojson", data: cells });
        map.addLayer({ id: "cells", type: "fill", source: "cells", paint: views.leading });
        addSite(map);
        show("leading", cells);
        map.on("click", "cells", (event) => {
          const p = event.features[0].properties;
          const box = document.createElement("div");
          const name = p.leading === "unassigned" ? config.unassigned : (kinds[p.leading] || {}).name;
          box.textContent = name + ": " + percent.format(p.leading_share);
          new maplibregl.Popup().setLngLat(event.lngLat).setDOMContent(box).addTo(map);
        });
        document.querySelectorAll("[data-show]").forEach((button) => {
          button.addEventListener("click", () => {
            show(button.dataset.show, cells);
            document.querySelectorAll("[data-show]").forEach((b) => b.setAttribute("aria-pressed", String(b === button)));
          });
        });
        agreementNode.dataset.state = "ready";
        agreementNode.dataset.cells = String(cells.features.length);
      })
      .catch(() => (agreementNode.dataset.state = "failed"));
  }

  // --- Sortable tables --------------------------------------------------------
  function sortableTables() {
    document.querySelectorAll("table.sortable").forEach((table) => {
      const heads = Array.from(table.tHead.rows[0].cells);
      heads.forEach((head, column) => {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "sort";
        button.append(...head.childNodes);
        head.append(button);
        button.addEventListener("click", () => {
          const ascending = head.getAttribute("aria-sort") !== "ascending";
          heads.forEach((h) => h.removeAttribute("aria-sort"));
          head.setAttribute("aria-sort", ascending ? "ascending" : "descending");
          const numeric = head.dataset.type === "number";
          const rows = Array.from(table.tBodies[0].rows);
          const key = (row) => row.cells[column].dataset.value || "";
          rows.sort((a, b) => {
            const x = key(a);
            const y = key(b);
            let order;
            if (numeric) {
              // Missing values go last whichever way the column is sorted.
              if (x === "" || y === "") return (x === "") - (y === "");
              order = parseFloat(x) - parseFloat(y);
            } else {
              order = x.localeCompare(y, lang);
            }
            return ascending ? order : -order;
          });
          table.tBodies[0].append(...rows);
        });
      });
    });
  }
})();
