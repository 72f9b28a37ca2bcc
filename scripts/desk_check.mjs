// The owner's desk's Python under Node, on the files the site ships (scripts/bundle_desk.py):
//
//   node scripts/desk_check.mjs <pyodide folder> <stdlib zip> <wheel> <ABI> <cases.json>
//
// Starts Pyodide as the desk's worker does, with the same start-up module
// (docs/javascripts/pyodide/start.js: the given standard library, the checker's wheel,
// checker.apps.desk), answers every case and
// stops with status 1 at the first answer that differs from CPython's; then prints (JSON) the
// standard library's files that were loaded. The build runs it twice: with Pyodide's whole
// library, to learn which files the desk needs, and with the zip made of exactly those, to
// prove it is enough.
//
// cases.json holds [{text, headings?, expected}] or [{file (base64), expected}], expected being
// checker.apps.desk's JSON from CPython.

import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { installWheel, packagedModule, startOptions, stdlibUsed } from "../docs/javascripts/pyodide/start.js";

const [folder, stdlib, wheelPath, abiVersion, casesPath] = process.argv.slice(2);
if (!casesPath) {
  console.error("användning: node scripts/desk_check.mjs <pyodide-mapp> <stdlib.zip> <hjul> <abi> <fall.json>");
  process.exit(2);
}
process.argv.splice(1); // as in a browser: no program name in sys.executable
const indexURL = resolve(folder) + "/"; // under Node, Pyodide wants a path here, not a file: URL
const { loadPyodide } = await import(pathToFileURL(indexURL + "pyodide.mjs").href);
const UPLOAD = "/tmp/rutintext"; // as in the desk's worker

const pyodide = await loadPyodide(startOptions({ indexURL, abiVersion, stdLibURL: resolve(stdlib) }));
installWheel(pyodide, new Uint8Array(readFileSync(wheelPath)));
const web = packagedModule(pyodide, "checker.apps.desk");

for (const [index, item] of JSON.parse(readFileSync(casesPath, "utf8")).entries()) {
  let got;
  if (item.file !== undefined) {
    pyodide.FS.writeFile(UPLOAD, new Uint8Array(Buffer.from(item.file, "base64")));
    got = web.compare_file(UPLOAD);
    pyodide.FS.unlink(UPLOAD);
  } else {
    got = web.compare_text(item.text, item.headings ?? "null");
  }
  if (got !== item.expected) {
    console.error(`fall ${index}: Pyodide gav ett annat svar än CPython`);
    process.exit(1);
  }
}
console.log(JSON.stringify(stdlibUsed(pyodide)));
