// Starts the checker's worker (and Pyodide in it) as early as the page allows: the checker
// page loads this module with `async` at the top of its content, so it runs as soon as it
// has arrived, without waiting for the rest of the page, the theme's scripts or the form.
// Pyodide's start-up is almost all of the time to a first verdict, so every millisecond
// it starts earlier is a millisecond off the verdict.
//
// Nothing listens yet when the worker starts talking, and a dedicated worker's messages
// are dropped without a listener: they are kept here until client.js takes them (listen).

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
  } catch (error) {
    startError = error;
  }
}

/** Hand every message and error, the early ones first, to `handler`. */
export function listen(handler) {
  deliver = handler;
  for (const event of early.splice(0)) handler(event);
}
