// Pyodide's start, written once for every place that starts it on the site's own files: the
// staff checker's worker (../kontroll/worker.js), the owner's desk's worker
// (../ny-rutintext/worker.js), and under Node the build's checks, scripts/snapshot.mjs (the
// checker's memory snapshot) and scripts/desk_check.mjs (the desk's standard library), and
// the bench's bare page (scripts/bench_browser.py). What each start must agree on is here:
// the options loadPyodide gets (no CDN, no pyodide-lock.json), where the checker's wheel is
// unpacked, how a packaged module is set up, a look at the fresh instance's memory (the
// snapshot's base), and which standard-library files a start has loaded.
//
// The same file runs in a browser's module worker and under Node: it touches no global of
// either when it is imported, and fetches nothing itself (the caller reads the wheel, from
// the network or from disk).

/** Where every start unpacks the checker's wheel; a snapshot made under Node has it on sys.path. */
export const PACKAGE_DIR = "/home/pyodide/checker-wheel";

/**
 * loadPyodide's options for a start on the site's own files. An inline lock with no packages:
 * pyodide-lock.json is never fetched, only the ABI version is checked against the runtime.
 * packageBaseUrl points at our own files, so even an accidental loadPackage (or micropip)
 * fails here instead of reaching a CDN. Without `stdLibURL` Pyodide takes its whole
 * python_stdlib.zip beside pyodide.mjs.
 */
export function startOptions({ indexURL, abiVersion, stdLibURL }) {
  return {
    indexURL,
    ...(stdLibURL === undefined ? {} : { stdLibURL }),
    lockFileContents: { info: { arch: "wasm32", abi_version: abiVersion }, packages: {} },
    packageBaseUrl: indexURL,
  };
}

/**
 * Emscripten's settings, changed so that `onInstance` sees the fresh instance's memory (a
 * Uint8Array over it) before any code has run in it: the base a snapshot is made against and
 * laid over.
 */
export function watchInstance(settings, onInstance) {
  const instantiate = settings.instantiateWasm;
  settings.instantiateWasm = (imports, done) =>
    instantiate(imports, (instance, module) => {
      onInstance(new Uint8Array(instance.exports.memory.buffer));
      done(instance, module);
    });
  return settings;
}

/** The checker's wheel (a zip archive's bytes) unpacked into its own folder on sys.path. */
export function installWheel(pyodide, wheel) {
  pyodide.unpackArchive(wheel, "zip", { extractDir: PACKAGE_DIR });
  pyodide.runPython(`import sys; sys.path.insert(0, ${JSON.stringify(PACKAGE_DIR)})`);
}

/** A module of the installed wheel (checker.apps.web, checker.apps.desk), told it runs packaged. */
export function packagedModule(pyodide, name) {
  const module = pyodide.pyimport(name);
  module.setup_packaged();
  return module;
}

const STDLIB_PREFIX = "/lib/python3"; // Pyodide mounts the zip as /lib/python3XY.zip

/** The standard library's files (paths inside the zip) that this start has imported, sorted. */
export function stdlibUsed(pyodide) {
  return pyodide
    .runPython(
      `
import sys
sorted({m.__spec__.origin.split(".zip/", 1)[1] for m in list(sys.modules.values())
        if getattr(m, "__spec__", None) and (m.__spec__.origin or "").startswith(${JSON.stringify(STDLIB_PREFIX)})})
`,
    )
    .toJs();
}
