// Starts the checker's worker (and Pyodide in it) as early as the page allows, and fetches
// the large files for it in the order they are needed: the checker page loads this
// module with `async` at the top of its content, so it runs as soon as it has arrived,
// without waiting for the rest of the page, the theme's scripts or the form.
//
// "As early as the page allows" is after the page's first answer: a link the answer book
// holds (book.js) is answered from it first, and only then do Pyodide's megabytes start to
// cross the wire, so they do not hold that answer up; a page without a query, or with one
// the book lacks, starts the worker at once (book.js: `firstAnswer`).
//
// A first visit is then mostly two files: Pyodide's WebAssembly and the memory snapshot
// (see worker.js), about as large as each other. This module fetches the wasm, compiles it
// while it streams and hands the compiled module to the worker, which instantiates it
// while the snapshot is still arriving. Numbers: guides/prestanda.md.
//
// Nothing listens yet when the worker starts talking, and a dedicated worker's messages
// are dropped without a listener: they are kept here until client.js takes them (listen);
// messages to the worker before it exists are kept too (post).

import { WASM } from "../../assets/checker/files.js";
import { firstAnswer } from "./book.js";

performance.mark("kontroll: start.js"); // marks: scripts/bench's waterfall shows them

const early = [];
let deliver = (event) => early.push(event);
const outbox = [];
let worker = null;
let stopped = false;

/** Whether this browser can run the worker at all (without WebAssembly, only the book answers). */
export const canRun = typeof WebAssembly === "object" && typeof Worker === "function";

if (canRun) firstAnswer.then(startWorker);

function startWorker() {
  if (stopped) return;
  performance.mark("kontroll: worker started");
  try {
    worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
  } catch (error) {
    deliver({ type: "error", message: describe(error) });
    return;
  }
  worker.onmessage = (event) => deliver(event);
  // Fires when worker.js or one of its imports cannot be fetched or parsed.
  worker.onerror = (event) => {
    event.preventDefault();
    deliver(event);
  };
  compileForWorker(worker);
  for (const message of outbox.splice(0)) worker.postMessage(message);
}

/** Send the worker a message; kept until it has started. */
export function post(message) {
  if (worker) worker.postMessage(message);
  else outbox.push(message);
}

/** Stop the worker (or never start it). */
export function stop() {
  stopped = true;
  worker?.terminate();
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
