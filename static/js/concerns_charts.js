// Charts of the concerns map, drawn as SVG with createElementNS (no chart
// library, no innerHTML): bars per district, stacked bars per month by
// category, and a season-by-category matrix. Labels come from the page's
// JSON, in the page's language. Exposed as window.birgeConcernCharts.
(function () {
  "use strict";

  const SVG = "http://www.w3.org/2000/svg";
  const lang = document.documentElement.lang || undefined;
  const number = new Intl.NumberFormat(lang);

  function svgNode(tag, attributes, text) {
    const node = document.createElementNS(SVG, tag);
    Object.entries(attributes || {}).forEach(([name, value]) => node.setAttribute(name, String(value)));
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function htmlNode(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function clear(container) {
    while (container.firstChild) container.removeChild(container.firstChild);
  }

  function canvas(container, width, height, title) {
    clear(container);
    const svg = svgNode("svg", {
      viewBox: `0 0 ${width} ${height}`,
      width: "100%",
      preserveAspectRatio: "xMinYMin meet",
      focusable: "false",
    });
    svg.appendChild(svgNode("title", {}, title));
    container.appendChild(svg);
    return svg;
  }

  function empty(container, message) {
    clear(container);
    container.appendChild(htmlNode("p", "chart-empty", message));
  }

  // Bars per district, longest first; the container gets data-district-counts.
  function districtBars(container, features, labels) {
    const counts = {};
    features.forEach((f) => (counts[f.properties.slug] = f.properties.count));
    container.dataset.districtCounts = JSON.stringify(counts);
    if (!features.length) {
      empty(container, labels.none);
      return;
    }
    const rows = features
      .map((f) => f.properties)
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, lang));
    const width = 400;
    const rowHeight = 26;
    const nameWidth = 140;
    const barSpace = width - nameWidth - 50;
    const max = Math.max(1, ...rows.map((r) => r.count));
    const svg = canvas(container, width, rows.length * rowHeight + 8, labels.district_chart);
    rows.forEach((row, i) => {
      const y = 4 + i * rowHeight;
      const group = svgNode("g", { class: "chart-row", "data-slug": row.slug });
      const name = row.name.length > 22 ? row.name.slice(0, 21) + "…" : row.name;
      group.appendChild(svgNode("text", { x: nameWidth - 6, y: y + 17, class: "chart-label", "text-anchor": "end" }, name));
      const w = (row.count / max) * barSpace;
      const bar = svgNode("rect", { x: nameWidth, y: y + 4, width: Math.max(w, row.count ? 2 : 0), height: rowHeight - 8, class: "chart-bar", rx: 2 });
      bar.appendChild(svgNode("title", {}, `${row.name}: ${number.format(row.count)}`));
      group.appendChild(bar);
      group.appendChild(svgNode("text", { x: nameWidth + w + 4, y: y + 17, class: "chart-value" }, number.format(row.count)));
      svg.appendChild(group);
    });
  }

  function monthLabel(month) {
    const [year, m] = month.split("-").map(Number);
    return new Intl.DateTimeFormat(lang, { month: "short", year: "2-digit" }).format(new Date(year, m - 1, 1));
  }

  function legend(container, series, colours) {
    clear(container);
    const list = htmlNode("ul", "legend-list");
    series.forEach((s) => {
      const item = htmlNode("li");
      const swatch = htmlNode("span", "swatch");
      swatch.style.backgroundColor = colours[s.category] || "#888";
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(s.label));
      list.appendChild(item);
    });
    container.appendChild(list);
  }

  // Stacked bars: one per month, a slice per category.
  function timeline(container, legendContainer, data, colours, labels) {
    if (!data.months.length) {
      empty(container, labels.none);
      clear(legendContainer);
      return;
    }
    const width = 400;
    const height = 190;
    const left = 34;
    const bottom = 30;
    const top = 8;
    const plotHeight = height - bottom - top;
    const totals = data.months.map((_, i) => data.series.reduce((sum, s) => sum + s.counts[i], 0));
    const max = Math.max(1, ...totals);
    const step = Math.min((width - left - 4) / data.months.length, 48);
    const svg = canvas(container, width, height, labels.month_chart);
    svg.appendChild(svgNode("line", { x1: left, y1: top + plotHeight, x2: width, y2: top + plotHeight, class: "chart-axis" }));
    [0, max].forEach((tick) => {
      const y = top + plotHeight - (tick / max) * plotHeight;
      svg.appendChild(svgNode("text", { x: left - 4, y: y + 4, class: "chart-tick", "text-anchor": "end" }, number.format(tick)));
    });
    const every = Math.max(1, Math.ceil(data.months.length / 8));
    data.months.forEach((month, i) => {
      let y = top + plotHeight;
      const x = left + i * step + step * 0.1;
      data.series.forEach((s) => {
        const count = s.counts[i];
        if (!count) return;
        const h = (count / max) * plotHeight;
        y -= h;
        const slice = svgNode("rect", { x: x, y: y, width: Math.max(step * 0.8, 1), height: h, fill: colours[s.category] || "#888" });
        slice.appendChild(svgNode("title", {}, `${monthLabel(month)} · ${s.label}: ${number.format(count)}`));
        svg.appendChild(slice);
      });
      if (i % every === 0) {
        svg.appendChild(svgNode("text", { x: x + step * 0.4, y: height - 12, class: "chart-tick", "text-anchor": "middle" }, monthLabel(month)));
      }
    });
    legend(legendContainer, data.series, colours);
  }

  // A matrix: a row per category, a column per season, shaded by count.
  function seasons(container, data, colours, labels) {
    if (!data.series.length) {
      empty(container, labels.none);
      return;
    }
    const width = 400;
    const nameWidth = 120;
    const head = 36;
    const rowHeight = 24;
    const cellWidth = (width - nameWidth) / data.seasons.length;
    const max = Math.max(1, ...data.series.flatMap((s) => s.counts));
    const svg = canvas(container, width, head + data.series.length * rowHeight + 4, labels.season_chart);
    data.seasons.forEach((season, j) => {
      const [name, months] = season.label.split(" (");
      const x = nameWidth + j * cellWidth + cellWidth / 2;
      svg.appendChild(svgNode("text", { x: x, y: 14, class: "chart-label", "text-anchor": "middle" }, name));
      if (months) svg.appendChild(svgNode("text", { x: x, y: 29, class: "chart-tick", "text-anchor": "middle" }, "(" + months));
    });
    data.series.forEach((s, i) => {
      const y = head + i * rowHeight;
      const name = s.label.length > 18 ? s.label.slice(0, 17) + "…" : s.label;
      svg.appendChild(svgNode("text", { x: nameWidth - 6, y: y + 16, class: "chart-label", "text-anchor": "end" }, name));
      s.counts.forEach((count, j) => {
        const cell = svgNode("rect", {
          x: nameWidth + j * cellWidth + 1,
          y: y + 1,
          width: cellWidth - 2,
          height: rowHeight - 2,
          fill: colours[s.category] || "#888",
          "fill-opacity": count ? 0.15 + 0.85 * (count / max) : 0.04,
          "data-season": data.seasons[j].code,
          "data-category": s.category,
          "data-count": count,
        });
        cell.appendChild(svgNode("title", {}, `${s.label} · ${data.seasons[j].label}: ${number.format(count)}`));
        svg.appendChild(cell);
        svg.appendChild(svgNode("text", {
          x: nameWidth + j * cellWidth + cellWidth / 2,
          y: y + 16,
          class: count / max > 0.6 ? "chart-value on-dark" : "chart-value",
          "text-anchor": "middle",
        }, number.format(count)));
      });
    });
  }

  window.birgeConcernCharts = { districtBars, timeline, seasons, htmlNode, clear };
})();
