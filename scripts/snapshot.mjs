// Build-time memory snapshot of the checker's Pyodide, for the browser worker to start from.
//
//   node scripts/snapshot.mjs <pyodide folder> <checker wheel> <ABI version> <output file>
//
// scripts/bundle_checker.py runs this on the very Pyodide files it ships (the hashed folder):
// Pyodide starts here, under Node, with its private `_makeSnapshot` option, unpacks the
// checker's wheel, imports every module of the `checker` package (not the command line's
// __main__), loads the packaged policy (`checker.web.setup_packaged()`), then writes the
// WebAssembly memory (`pyodide.makeMemorySnapshot()`), gzip-compressed. The worker passes it back as
// `_loadSnapshot`: Python's start, the imports and the policy's loading are then skipped.
// A snapshot only fits the exact Pyodide build it was made with (Pyodide checks its build id).
//
// Every checker module is imported here, so nothing of the package is imported later: the
// wheel's files are not in the browser's file system when it starts from the snapshot. The
// standard library is (python_stdlib.zip is still mounted), so lazy stdlib imports work.

import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";

const [folder, wheelPath, abiVersion, output] = process.argv.slice(2);
if (!output) {
  console.error("användning: node scripts/snapshot.mjs <pyodide-mapp> <hjul> <abi-version> <utfil>");
  process.exit(2);
}
// Emscripten takes the program's name and arguments from process.argv, and the name ends up
// in sys.executable and os.environ["_"], i.e. in the snapshot: as in a browser, there be none.
process.argv.splice(1);
const indexURL = resolve(folder) + "/"; // under Node, Pyodide wants a path here, not a file: URL
const { loadPyodide } = await import(pathToFileURL(indexURL + "pyodide.mjs").href);

const PACKAGE_DIR = "/home/pyodide/checker-wheel"; // as in docs/javascripts/kontroll/worker.js
const pyodide = await loadPyodide({
  indexURL,
  _makeSnapshot: true,
  lockFileContents: { info: { arch: "wasm32", abi_version: abiVersion }, packages: {} },
  packageBaseUrl: indexURL,
});
pyodide.unpackArchive(new Uint8Array(readFileSync(wheelPath)), "zip", { extractDir: PACKAGE_DIR });
pyodide.runPython(`
import importlib, pkgutil, sys
sys.path.insert(0, ${JSON.stringify(PACKAGE_DIR)})
import checker
for module in pkgutil.iter_modules(checker.__path__):
    if module.name != "__main__":  # the command line, not a library module
        importlib.import_module("checker." + module.name)
import checker.web
checker.web.setup_packaged()
`);
// The checker must answer from the snapshot: one check now, so a broken import shows here.
const web = pyodide.pyimport("checker.web");
JSON.parse(web.check_query(""));
web.destroy();
writeFileSync(output, gzipSync(pyodide.makeMemorySnapshot(), { level: 9 }));
