// Copy the front-end files the desk serves from node_modules (installed from
// npm at the exact versions in package-lock.json) into the Python package, with
// each library's licence. Run by `make assets`; the output is committed so a
// pip install needs neither npm nor a CDN.
import { copyFileSync, mkdirSync, rmSync, writeFileSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "src", "claimledger", "web", "static", "vendor");
const files = {
  "leaflet/dist/leaflet.js": "leaflet/leaflet.js",
  "leaflet/dist/leaflet.css": "leaflet/leaflet.css",
  "leaflet/LICENSE": "leaflet/LICENSE",
  "topojson-client/dist/topojson-client.min.js": "topojson-client/topojson-client.min.js",
  "topojson-client/LICENSE": "topojson-client/LICENSE",
  // Natural Earth 1:50m country outlines: the map's offline base layer
  "world-atlas/countries-50m.json": "world-atlas/countries-50m.json",
  "world-atlas/LICENSE": "world-atlas/LICENSE",
  "swagger-ui-dist/swagger-ui-bundle.js": "swagger-ui/swagger-ui-bundle.js",
  "swagger-ui-dist/swagger-ui.css": "swagger-ui/swagger-ui.css",
  "swagger-ui-dist/LICENSE": "swagger-ui/LICENSE",
};
rmSync(out, { recursive: true, force: true });
const versions = {};
for (const [from, to] of Object.entries(files)) {
  const target = join(out, to);
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(join(here, "node_modules", from), target);
  const pkg = from.split("/")[0];
  versions[pkg] ??= JSON.parse(readFileSync(join(here, "node_modules", pkg, "package.json"))).version;
}
writeFileSync(join(out, "VERSIONS.json"), JSON.stringify(versions, null, 1) + "\n");
console.log(`copied ${Object.keys(files).length} files into ${out}`);
