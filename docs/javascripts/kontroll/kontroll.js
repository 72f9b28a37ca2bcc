// The checker page (kontroll/): the guided form, the verdict, and the answers in the URL.
//
// Only kontroll/index.md loads this module, so routine pages never load a byte of Pyodide.
// The form is drawn at once from the form model generated at build time; the worker (and
// Pyodide in it) starts loading in the same moment and answers when it is ready.
//
// The URL's query string is the state: the contract's ids, booleans as true/false. Every
// answer updates it (so a verdict can be shared and back/forward work), and the engine is
// always asked about exactly what the URL says, so a bad link shows the engine's messages.

import FORM from "../../assets/checker/form.js";
import { check, startChecker, watchStatus } from "./client.js";
import { el, format } from "./dom.js";
import { answered, fieldGroups, showAnswers, situationGroup } from "./questions.js";
import { linkAnswers } from "./record.js";
import { clearProblems, showProblems, verdictView } from "./verdict.js";

const TEXTS = FORM.texts.checker_page;
const SITUATIONS = new Map(FORM.situations.map((situation) => [situation.id, situation]));

startChecker();

/** Whether an answer given for another situation also fits `field` (kept when switching). */
function fits(field, value) {
  if (field.type === "boolean") return value === "true" || value === "false";
  if (field.type === "choice") return field.values.some((option) => option.id === value);
  if (field.type === "integer") return /^[0-9]+$/.test(value) && field.min <= Number(value) && Number(value) <= field.max;
  return value.length <= field.max_length;
}

/** Put `params` into the address bar: a new history entry, or a replacement of this one. */
function setUrl(params, { push }) {
  const query = params.toString();
  const url = location.pathname + (query ? `?${query}` : "");
  // Keep history.state: mkdocs-material keeps the scroll position there.
  if (push) history.pushState(null, "", url);
  else history.replaceState(history.state, "", url);
}

class CheckerPage {
  constructor(root) {
    this.root = root;
    this.pathname = location.pathname;
    this.situationId = undefined;
    this.latest = 0; // the newest evaluation; an older, slower answer is dropped
    this.showingProblems = false;
    this.ready = false;
    // The owner's address, written into the page by the build (no inline script: the CSP).
    this.owner = document.getElementById("kontroll-agare")?.dataset.ownerEmail ?? "";

    this.status = el("div", { class: "kontroll-status", role: "status" });
    this.summary = el("div", { class: "kontroll-problem", tabindex: "-1", hidden: true });
    this.questions = el("div", { class: "kontroll-fragor" });
    this.form = el("form", { class: "kontroll-formular", novalidate: true },
      situationGroup(FORM), this.questions,
      el("button", { type: "submit", class: "md-button md-button--primary kontroll-knapp" }, TEXTS.submit));
    // The verdict's live region: a screen reader hears each new answer without moving focus.
    this.answer = el("section", { class: "kontroll-svar", "aria-live": "polite" });
    root.replaceChildren(this.status, this.summary, this.form, this.answer);

    this.form.addEventListener("change", (event) => event.target.type === "radio" && this.answerChanged(event.target));
    this.form.addEventListener("input", (event) => event.target.type !== "radio" && this.answerChanged(event.target));
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.evaluate({ focus: "submit" });
    });
    this.stopWatching = watchStatus((status) => this.showStatus(status));
    this.fromUrl({ focus: "link" });
  }

  get connected() {
    return this.root.isConnected && location.pathname === this.pathname;
  }

  stop() {
    this.stopWatching();
  }

  /** Draw the URL's answers and, if it has any, ask the engine about exactly that URL. */
  fromUrl({ focus }) {
    const params = new URLSearchParams(location.search);
    this.drawSituation(params.get("situation"));
    showAnswers(this.form, SITUATIONS.get(this.situationId), params);
    if (location.search.length > 1) this.evaluate({ focus });
    else this.clearAnswer(TEXTS.incomplete);
  }

  drawSituation(id) {
    if (id === this.situationId) return;
    this.situationId = id;
    const situation = SITUATIONS.get(id);
    this.questions.replaceChildren(...(situation ? [
      el("h2", { class: "kontroll-rubrik" }, situation.question),
      el("p", { class: "kontroll-hjalp" }, situation.help),
      ...fieldGroups(situation, TEXTS),
    ] : []));
  }

  answerChanged(input) {
    const params = new URLSearchParams(location.search);
    if (input.name === "situation") {
      // A new question: a new history entry. Answers that also fit it are kept.
      const situation = SITUATIONS.get(input.value);
      const next = new URLSearchParams({ situation: input.value });
      for (const field of situation.fields) {
        const value = params.get(field.id);
        if (value !== null && fits(field, value)) next.set(field.id, value);
      }
      setUrl(next, { push: true });
      this.drawSituation(input.value);
      showAnswers(this.form, situation, next);
    } else {
      // Arrow keys move through a radio group and change the answer at each step, so
      // answers within a question replace the entry instead of filling the history.
      if (input.value === "") params.delete(input.name);
      else params.set(input.name, input.value);
      setUrl(params, { push: false });
    }
    const situation = SITUATIONS.get(this.situationId);
    if (this.showingProblems || (situation && answered(situation, new URLSearchParams(location.search)))) {
      this.evaluate({ focus: false });
    } else {
      this.clearAnswer(TEXTS.incomplete);
    }
  }

  clearAnswer(text) {
    this.latest++;
    this.showingProblems = false;
    clearProblems(this.form, this.summary);
    this.answer.replaceChildren(el("p", { class: "kontroll-hjalp" }, text));
  }

  /**
   * Ask the engine about the URL and show the verdict or the problems. `focus` says where
   * focus goes: "submit" (the reader pressed Kontrollera) to the verdict or the problems;
   * "link" (a page opened from a link) to the problems, unless the reader is already
   * answering by the time the engine replies; false (an answer changed) nowhere.
   */
  async evaluate({ focus }) {
    this.clearAnswer(this.ready ? "" : TEXTS.waiting);
    const id = this.latest;
    let result;
    try {
      result = await check(location.search.slice(1));
    } catch {
      return; // the checker failed to load; showStatus has said so
    }
    if (id !== this.latest || !this.connected) return;
    if (result.errors) {
      this.showingProblems = true;
      showProblems(this.form, this.summary, result.errors, TEXTS);
      this.summary.append(linkAnswers(new URLSearchParams(location.search), FORM));
      this.answer.replaceChildren(el("p", {}, TEXTS.error_summary));
      if (focus === "submit" || (focus === "link" && !this.form.contains(document.activeElement))) this.summary.focus();
    } else {
      this.answer.replaceChildren(verdictView(result.verdict, FORM, this.owner));
      if (focus === "submit") this.answer.querySelector("h2").focus();
    }
  }

  showStatus(status) {
    if (!this.root.isConnected) {
      this.stop();
      return;
    }
    this.ready = status.state === "ready";
    if (status.state === "loading") {
      const text = TEXTS[`loading_${status.stage}`];
      this.status.replaceChildren(el("progress", { "aria-label": text }), el("span", {}, ` ${text}`));
    } else if (status.state === "ready") {
      this.status.replaceChildren(el("span", {}, TEXTS.ready));
    } else {
      const reason = format(TEXTS[`failed_${status.reason}`], { detail: status.detail });
      this.status.replaceChildren(el("div", { class: "kontroll-fel-laddning", "data-failed": status.reason },
        el("p", {}, el("strong", {}, TEXTS.failed), " ", reason),
        el("p", {}, TEXTS.failed_help, " ", el("a", { href: "../" }, TEXTS.to_routine))));
      this.answer.replaceChildren();
    }
  }
}

let page = null; // the checker on the current document; instant navigation may replace it

function start() {
  const root = document.getElementById("kontroll");
  if (!root || page?.root === root) return;
  page?.stop();
  page = new CheckerPage(root);
}

window.addEventListener("popstate", () => {
  if (page?.connected) page.fromUrl({ focus: false });
});

// mkdocs-material's instant navigation swaps pages without reloading this module; its
// document$ emits once per page shown, so subscribing there also covers the first load.
if (window.document$) window.document$.subscribe(start);
else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
