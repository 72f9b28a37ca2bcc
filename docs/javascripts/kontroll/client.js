// The page's side of the checker worker: one worker per page load, started by start.js as
// early as the page allows (after the answer book's first answer, before the reader answers
// anything else), kept across mkdocs-material's instant navigation, and watched so that a
// failure is always said instead of "Laddar…" forever.

import { canRun, listen, post, stop } from "./start.js";

const WATCHDOG_MS = 90_000;
// A missing or wrongly served pyodide.asm.wasm makes Pyodide wait forever without an error;
// after this long the page gives up and points to the routine pages instead.

let status = { state: "loading", stage: "runtime" };
const listeners = new Set();
const pending = new Map();
let started = false;
let watchdog = 0;
let nextId = 0;

function setStatus(next) {
  status = next;
  for (const listener of listeners) listener(status);
}

function fail(reason, detail = "") {
  if (status.state === "failed") return;
  clearTimeout(watchdog);
  stop();
  for (const { reject } of pending.values()) reject(new Error(reason));
  pending.clear();
  setStatus({ state: "failed", reason, detail });
}

function receive({ data }) {
  if (data.type === "progress") {
    setStatus({ state: "loading", stage: data.stage });
  } else if (data.type === "ready") {
    clearTimeout(watchdog);
    setStatus({ state: "ready" });
  } else if (data.type === "failed") {
    fail("error", data.detail);
  } else if (data.type === "result" && pending.has(data.id)) {
    pending.get(data.id).resolve(JSON.parse(data.json));
    pending.delete(data.id);
  }
}

/** Take over the worker start.js started, once; later calls do nothing. */
export function startChecker() {
  if (started || status.state === "failed") return;
  if (!canRun) {
    fail("no_wasm");
    return;
  }
  started = true;
  watchdog = setTimeout(() => fail("timeout"), WATCHDOG_MS);
  // An error event fires when worker.js or one of its imports cannot be fetched or parsed;
  // its message is then often empty, so the reason is named here.
  listen((event) => (event.type === "error" ? fail("error", event.message || "worker.js kunde inte laddas") : receive(event)));
}

/** Call `listener(status)` now and on every change; returns a function that stops it. */
export function watchStatus(listener) {
  listeners.add(listener);
  listener(status);
  return () => listeners.delete(listener);
}

/**
 * Ask the engine about a query string (checker.apps.web.ask): resolves to {ignored, errors, answers,
 * assumed, ask, verdict}; `linked` (a link's answers) fills in the contract's defaults.
 * Rejects if the checker failed.
 */
export function check(query, linked = false) {
  if (status.state === "failed") return Promise.reject(new Error(status.reason));
  const id = ++nextId;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    post({ id, query, linked });
  });
}
