// The owner's desk's Python under Node, on the files the site ships (scripts/bundle_desk.py):
//
//   node scripts/desk_check.mjs <pyodide folder> <stdlib zip> <wheel> <ABI> <cases.json>
//
// Starts Pyodide as the desk's worker does (docs/javascripts/ny-rutintext/worker.js: the
// given standard library, the checker's wheel, checker.revision_web), answers every case and
// stops with status 1 at the first answer that differs from CPython's; then prints (JSON) the
// standard library's files that were loaded. The build runs it twice: with Pyodide's whole
// library, to learn which files the desk needs, and with the zip made of exactly those, to
// prove it is enough.
//
// cases.json holds [{text, headings?, expected}] or [{file (base64), expected}], expected being
// checker.revision_web's JSON from CPython.

import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [folder, stdlib, wheelPath, abiVersion, casesPath] = process.argv.slice(2);
if (!casesPath) {
  console.error("användning: node scripts/desk_check.mjs <pyodide-mapp> <stdlib.zip> <hjul> <abi> <fall.json>");
  process.exit(2);
}
process.argv.splice(1); // as in a browser: no program name in sys.executable
const indexURL = resolve(folder) + "/";
const { loadPyodide } = await import(pathToFileURL(indexURL + "pyodide.mjs").href);
const PACKAGE_DIR = "/home/pyodide/checker-wheel"; // as in the desk's worker
const UPLOAD = "/tmp/rutintext"; // as in the desk's worker
const STDLIB_PREFIX = "/lib/python3";

const pyodide = await loadPyodide({
  indexURL,
  stdLibURL: resolve(stdlib),
  lockFileContents: { info: { arch: "wasm32", abi_version: abiVersion }, packages: {} },
  packageBaseUrl: indexURL,
});
pyodide.unpackArchive(new Uint8Array(readFileSync(wheelPath)), "zip", { extractDir: PACKAGE_DIR });
pyodide.runPython(`import sys; sys.path.insert(0, ${JSON.stringify(PACKAGE_DIR)})`);
const web = pyodide.pyimport("checker.apps.desk");
web.setup_packaged();

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
const used = pyodide.runPython(`
import sys
sorted({m.__spec__.origin.split(".zip/", 1)[1] for m in list(sys.modules.values())
        if getattr(m, "__spec__", None) and (m.__spec__.origin or "").startswith(${JSON.stringify(STDLIB_PREFIX)})})
`).toJs();
console.log(JSON.stringify(used));
