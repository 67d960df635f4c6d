// Copies the front-end files Haumai's pages load from node_modules to ../wwwroot/lib, so that
// pages never depend on a CDN (installs are often on closed networks). Run by the build after
// `npm ci` (see Haumai.Web.csproj); wwwroot/lib is not committed.
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const lib = join(here, "..", "wwwroot", "lib");
const files = {
  "bootstrap/dist/css/bootstrap.min.css": "bootstrap/bootstrap.min.css",
  "bootstrap/dist/js/bootstrap.bundle.min.js": "bootstrap/bootstrap.bundle.min.js",
  "htmx.org/dist/htmx.min.js": "htmx/htmx.min.js",
  "@microsoft/signalr/dist/browser/signalr.min.js": "signalr/signalr.min.js",
};

rmSync(lib, { recursive: true, force: true });
for (const [from, to] of Object.entries(files)) {
  const target = join(lib, to);
  mkdirSync(dirname(target), { recursive: true });
  cpSync(join(here, "node_modules", from), target);
}
writeFileSync(join(lib, ".stamp"), new Date().toISOString() + "\n");
console.log(`copied ${Object.keys(files).length} files to ${lib}`);
