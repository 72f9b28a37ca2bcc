// Build-time memory snapshot of the checker's Pyodide, for the browser worker to start from.
//
//   node scripts/snapshot.mjs <pyodide folder> <checker wheel> <ABI version> <output file>
//
// scripts/bundle_checker.py runs this on the very Pyodide files it ships (the hashed folder):
// Pyodide starts here, under Node, with its private `_makeSnapshot` option, unpacks the
// checker's wheel, imports every module of the `checker` package (not the command line's
// __main__), loads the packaged policy (`checker.web.setup_packaged()`), then writes the
// WebAssembly memory (`pyodide.makeMemorySnapshot()`) without its all-zero pages, gzip-compressed.
// The worker unzips it, puts the zero pages back and passes it as
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
writeFileSync(output, gzipSync(withoutZeroPages(pyodide.makeMemorySnapshot()), { level: 9 }));

/**
 * The snapshot without its all-zero pages: about half of Pyodide's 30 MB memory is zero, and
 * unzipping those megabytes cost the worker time on every start (≈ 30 ms on a repeat visit,
 * measured with scripts/bench). The pages that are not
 * all zero follow each other from the start (so Pyodide's magic number stays first), then
 * a table of where each run of them belongs in memory, then its length and the memory's:
 *
 *   data of every run | (offset u32, length u32) per run | run count u32 | memory size u32
 *
 * (all little-endian). The worker (unpack() in worker.js) puts the runs back into a zeroed
 * buffer of the memory's size.
 */
function withoutZeroPages(memory) {
  const PAGE = 4096;
  const runs = [];
  for (let at = 0; at < memory.length; at += PAGE) {
    const page = memory.subarray(at, Math.min(at + PAGE, memory.length));
    if (page.every((byte) => byte === 0)) continue;
    const last = runs[runs.length - 1];
    if (last && last.offset + last.length === at) last.length += page.length;
    else runs.push({ offset: at, length: page.length });
  }
  const data = runs.reduce((sum, run) => sum + run.length, 0);
  const packed = new Uint8Array(data + runs.length * 8 + 8);
  const view = new DataView(packed.buffer);
  let from = 0;
  runs.forEach((run, i) => {
    packed.set(memory.subarray(run.offset, run.offset + run.length), from);
    from += run.length;
    view.setUint32(data + i * 8, run.offset, true);
    view.setUint32(data + i * 8 + 4, run.length, true);
  });
  view.setUint32(packed.length - 8, runs.length, true);
  view.setUint32(packed.length - 4, memory.length, true);
  return packed;
}
