// Starts the checker's worker (and Pyodide in it) as early as the page allows, and fetches
// the two large files for it in the order they are needed: the checker page loads this
// module with `async` at the top of its content, so it runs as soon as it has arrived,
// without waiting for the rest of the page, the theme's scripts or the form.
//
// A first visit is mostly two files: Pyodide's WebAssembly and the memory snapshot (see
// worker.js), about as large as each other. Fetched side by side each gets half the link
// and the wasm is compiled only once both are in. So the page fetches the wasm first, at the
// whole link, and compiles it while it streams (the page's head has a preload hint for it,
// generated into the page by scripts/bundle_checker.py, so it is on its way before this
// module is); the snapshot follows when the wasm's last byte is in. The worker gets the
// compiled module and the snapshot's bytes by message: it instantiates the module while the
// snapshot is still arriving. Numbers: guides/prestanda.md.
//
// Nothing listens yet when the worker starts talking, and a dedicated worker's messages
// are dropped without a listener: they are kept here until client.js takes them (listen).

import { SNAPSHOT, WASM } from "../../assets/checker/files.js";

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
    fetchForWorker(worker);
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
 * Post the worker `{type: "wasm", module}` and `{type: "snapshot", buffer}` (or, for either,
 * `error`: the worker then starts without it). The same request as the page's preload hint,
 * so the browser hands over the bytes already on their way.
 */
function fetchForWorker(target) {
  let snapshotAsked = false;
  const fetchSnapshot = () => {
    if (snapshotAsked) return;
    snapshotAsked = true;
    observer?.disconnect();
    performance.mark("kontroll: snapshot asked");
    fetch(SNAPSHOT.url, { integrity: SNAPSHOT.integrity })
      .then((response) => {
        if (!response.ok) throw new Error(`${SNAPSHOT.file}: HTTP ${response.status}`);
        return response.arrayBuffer();
      })
      .then(
        (buffer) => target.postMessage({ type: "snapshot", buffer }, [buffer]),
        (error) => target.postMessage({ type: "snapshot", error: describe(error) }),
      );
  };
  // The wasm's resource entry is written when its last byte is in, before the compile ends.
  const observer =
    typeof PerformanceObserver === "function"
      ? new PerformanceObserver((list) => list.getEntries().some(({ name }) => name === WASM) && fetchSnapshot())
      : null;
  observer?.observe({ type: "resource" });
  Promise.resolve()
    .then(() => WebAssembly.compileStreaming(fetch(WASM)))
    .then(
      (module) => {
        performance.mark("kontroll: wasm compiled");
        target.postMessage({ type: "wasm", module });
      },
      (error) => target.postMessage({ type: "wasm", error: describe(error) }),
    )
    .finally(fetchSnapshot);
}
