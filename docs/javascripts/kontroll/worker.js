// The checker's module worker: runs the `checker` package in Pyodide, off the page's thread.
//
// Protocol (small messages, text only):
//   page -> worker  {id, query}                  evaluate a URL query string
//   worker -> page  {type: "progress", stage}    "runtime", then "checker" while loading
//                   {type: "ready"}              the checker can answer
//                   {type: "failed", detail}     loading failed; the page says so in Swedish
//                   {type: "result", id, json}   checker.web.check_query(query), verbatim
//
// Everything comes from the site itself: Pyodide's four files under assets/pyodide/, the
// checker's wheel under assets/checker/. loadPackage and micropip are never called: they
// fall back to a CDN without throwing, and the checker needs nothing but the standard library.

// Static imports only, and no top-level await: `self.onmessage` must be set while the module
// is evaluated, or messages the page posts meanwhile are lost.
import { loadPyodide } from "../../assets/pyodide/pyodide.mjs";
import { ABI_VERSION, WHEEL } from "../../assets/checker/runtime.js";

const INDEX_URL = new URL("../../assets/pyodide/", import.meta.url).href;
const WHEEL_URL = new URL(`../../assets/checker/${WHEEL.file}`, import.meta.url).href;
const PACKAGE_DIR = "/home/pyodide/checker-wheel";

function describe(error) {
  return (error && (error.message || String(error))) || "okänt fel";
}

async function start() {
  self.postMessage({ type: "progress", stage: "runtime" });
  // Fetch the wheel while Pyodide starts; "no-cache" revalidates, so a rebuilt site never
  // runs yesterday's rules, and the integrity hash turns a wrong file into a clear error.
  const wheel = fetch(WHEEL_URL, { integrity: WHEEL.integrity, cache: "no-cache" }).then((response) => {
    if (!response.ok) throw new Error(`${WHEEL.file}: HTTP ${response.status}`);
    return response.arrayBuffer();
  });
  wheel.catch(() => {}); // reported below, once Pyodide is up; avoid an "unhandled" warning
  const pyodide = await loadPyodide({
    indexURL: INDEX_URL,
    // An inline lock with no packages: pyodide-lock.json is never fetched. Only the ABI
    // version is checked against the runtime. packageBaseUrl points at our own files, so
    // even an accidental loadPackage would fail here instead of reaching a CDN.
    lockFileContents: { info: { arch: "wasm32", abi_version: ABI_VERSION }, packages: {} },
    packageBaseUrl: INDEX_URL,
  });
  self.postMessage({ type: "progress", stage: "checker" });
  // A wheel is a zip archive; unpacked into its own folder on sys.path it is importable.
  pyodide.unpackArchive(await wheel, "zip", { extractDir: PACKAGE_DIR });
  pyodide.runPython(`import sys; sys.path.insert(0, ${JSON.stringify(PACKAGE_DIR)})`);
  const web = pyodide.pyimport("checker.web");
  web.setup_packaged();
  self.postMessage({ type: "ready" });
  return web;
}

const ready = start();
ready.catch((error) => self.postMessage({ type: "failed", detail: describe(error) }));

self.onmessage = async ({ data }) => {
  let web;
  try {
    web = await ready;
  } catch {
    return; // already reported as "failed"
  }
  try {
    self.postMessage({ type: "result", id: data.id, json: web.check_query(String(data.query)) });
  } catch (error) {
    self.postMessage({ type: "failed", detail: describe(error) });
  }
};
