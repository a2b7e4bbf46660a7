// Copies the front-end packages Birge serves itself from node_modules into
// static/vendor/, so pages and the admin work on a closed network (no CDN).
// Source maps come along: the hashed static storage checks every file a
// script refers to.
import { cpSync, mkdirSync, rmSync } from "node:fs";

const files = {
  "maplibre-gl": [
    "dist/maplibre-gl-csp.js",
    "dist/maplibre-gl-csp.js.map",
    "dist/maplibre-gl-csp-worker.js",
    "dist/maplibre-gl-csp-worker.js.map",
    "dist/maplibre-gl.css",
    "LICENSE.txt",
  ],
  // Leaflet draws the folium map of the printable comparison report.
  leaflet: [
    "dist/leaflet.js",
    "dist/leaflet.js.map",
    "dist/leaflet.css",
    "dist/images",
    "LICENSE",
  ],
  ol: ["dist/ol.js", "dist/ol.js.map", "ol.css", "LICENSE.md"],
  "terra-draw": ["dist/terra-draw.umd.js", "dist/terra-draw.umd.js.map", "package.json"],
  "terra-draw-maplibre-gl-adapter": [
    "dist/terra-draw-maplibre-gl-adapter.umd.js",
    "dist/terra-draw-maplibre-gl-adapter.umd.js.map",
  ],
};

rmSync("static/vendor", { recursive: true, force: true });
for (const [pkg, paths] of Object.entries(files)) {
  mkdirSync(`static/vendor/${pkg}`, { recursive: true });
  for (const path of paths) {
    const name = path.split("/").pop();
    cpSync(`node_modules/${pkg}/${path}`, `static/vendor/${pkg}/${name}`, { recursive: true });
  }
}
