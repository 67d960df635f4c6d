// Copies the front-end files Haumai's pages load from node_modules to ../wwwroot/lib, so that
// pages never depend on a CDN (installs are often on closed networks). Run by the build after
// `npm ci` (see Haumai.Web.csproj); wwwroot/lib is not committed.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
// The chat widget (issue 6) runs on other sites' pages: its SignalR client is bundled into it inside
// one function, with a module object of its own so that the client's UMD wrapper leaves no global.
const signalr = readFileSync(join(here, "node_modules", "@microsoft/signalr/dist/browser/signalr.min.js"), "utf8")
  .replace(/\n\/\/# sourceMappingURL=.*$/m, "");
const widget = readFileSync(join(here, "widget", "widget.js"), "utf8");
mkdirSync(join(lib, "chat"), { recursive: true });
writeFileSync(join(lib, "chat", "widget.js"),
  "/*! Haumai chat widget; includes @microsoft/signalr (MIT) */\n(function(){var module={exports:{}},exports=module.exports;\n"
  + signalr + "\nvar signalR=module.exports;\n" + widget + "\n})();\n");

writeFileSync(join(lib, ".stamp"), new Date().toISOString() + "\n");
console.log(`copied ${Object.keys(files).length} files to ${lib}`);
