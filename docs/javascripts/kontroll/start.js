// Starts the checker's worker (and Pyodide in it) as early as the page allows, and fetches
// the two large files for it in the order they are needed: the checker page loads this
// module with `async` at the top of its content, so it runs as soon as it has arrived,
// without waiting for the rest of the page, the theme's scripts or the form.
//
// A first visit is mostly two files: Pyodide's WebAssembly and the memory snapshot (see
// worker.js), about as large as each other. The worker used to ask for both only once its
// own chain of imports had loaded, and Pyodide compiled the wasm only once both were in. Now
// the page's head has a preload hint for the wasm (generated into the page by
// scripts/bundle_checker.py), so it is on its way as soon as the HTML is read; this module
// fetches it with the same request, compiles it while it streams and hands the compiled
// module to the worker, which instantiates it while the snapshot is still arriving.
// Numbers: guides/prestanda.md.
//
// Nothing listens yet when the worker starts talking, and a dedicated worker's messages
// are dropped without a listener: they are kept here until client.js takes them (listen).

import { WASM } from "../../assets/checker/files.js";

performance.mark("kontroll: start.js"); // marks: scripts/bench's waterfall shows them

const early = [];
let deliver = (event) => early.push(event);

/** The worker, or null if this browser cannot run it (client.js says why). */
export let worker = null;
/** Why the worker could not be created, if the browser threw. */
export let startError = null;

if (typeof WebAssembly === "object" && typeof Worker === "function") {
  try {
    worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
    worker.onmessage = (event) => deliver(event);
    // Fires when worker.js or one of its imports cannot be fetched or parsed.
    worker.onerror = (event) => {
      event.preventDefault();
      deliver(event);
    };
    compileForWorker(worker);
  } catch (error) {
    startError = error;
  }
}

/** Hand every message and error, the early ones first, to `handler`. */
export function listen(handler) {
  deliver = handler;
  for (const event of early.splice(0)) handler(event);
}

function describe(error) {
  return (error && (error.message || String(error))) || "okänt fel";
}

/**
 * Post the worker `{type: "wasm", module}` (or `error`: Pyodide then compiles it itself).
 * The same request as the page's preload hint, so the browser hands over the bytes already
 * on their way.
 */
function compileForWorker(target) {
  Promise.resolve()
    .then(() => WebAssembly.compileStreaming(fetch(WASM)))
    .then(
      (module) => {
        performance.mark("kontroll: wasm compiled");
        target.postMessage({ type: "wasm", module });
      },
      (error) => target.postMessage({ type: "wasm", error: describe(error) }),
    );
}
