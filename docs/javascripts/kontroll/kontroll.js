// The checker page (kontroll/): the guided form, the verdict, and the answers in the URL.
//
// Only kontroll/index.md loads this module, so routine pages never load a byte of Pyodide.
// The form is drawn at once from the form model generated at build time; the worker (and
// Pyodide in it) starts loading in the same moment and answers when it is ready.
//
// The URL's query string is the state: the contract's ids, booleans as true/false. Every
// answer replaces it (so a verdict can be shared, and Back leaves the page), and the engine is
// always asked about exactly what the URL says, so a bad link shows the engine's messages.
//
// Two layouts. Opened from a link with answers, the answer comes first: the verdict, "Dina
// svar", and the form collapsed below. Filling in the form, the form comes first and the
// verdict follows it, shown only once every question is answered (never a provisional one).

import FORM from "../../assets/checker/form.js";
import { answers, pageQuery } from "./book.js"; // the answer book: see book.js
import { check, startChecker, watchStatus } from "./client.js";
import { el, format } from "./dom.js";
import { controlId, fieldGroups, showAnswers, situationGroup, unanswered } from "./questions.js";
import { linkAnswers } from "./record.js";
import { clearProblems, headlineText, showProblems, showUnanswered, verdictView } from "./verdict.js";

const TEXTS = FORM.texts.checker_page;
const SITUATIONS = new Map(FORM.situations.map((situation) => [situation.id, situation]));
const ANNOUNCE_MAX = 300;

startChecker();

/** Whether an answer given for another situation also fits `field` (kept when switching). */
function fits(field, value) {
  if (field.type === "boolean") return value === "true" || value === "false";
  if (field.type === "choice") return field.values.some((option) => option.id === value);
  if (field.type === "integer") return /^[0-9]+$/.test(value) && field.min <= Number(value) && Number(value) <= field.max;
  return value.length <= field.max_length;
}

/** Put `params` into the address bar: a new history entry (a new question) or a replacement. */
function setUrl(params, { push }) {
  const query = pageQuery(params, SITUATIONS.get(params.get("situation")));
  const url = location.pathname + (query ? `?${query}` : "");
  // Keep history.state: mkdocs-material keeps the scroll position there.
  if (push) history.pushState(null, "", url);
  else history.replaceState(history.state, "", url);
}

/** The settings the build wrote into the page (no inline script: the CSP). */
function pageSettings() {
  const node = document.getElementById("kontroll-agare");
  let routines = {};
  try {
    routines = JSON.parse(node?.dataset.routines || "{}");
  } catch {
    routines = {};
  }
  return { owner: node?.dataset.ownerEmail ?? "", ownerRole: node?.dataset.ownerRole ?? "", routines };
}

/** The outcome and one sentence, for the live region: short enough to hear between two patients. */
function announcement(verdict) {
  const first = verdict.explanation[0]?.says ?? verdict.conditions[0] ?? "";
  const sentence = first.match(/^.*?[.!?](\s|$)/)?.[0].trim() ?? first;
  const text = format(TEXTS.announce, { outcome: headlineText(verdict, TEXTS), sentence });
  return text.length <= ANNOUNCE_MAX ? text : `${text.slice(0, ANNOUNCE_MAX - 1)}…`;
}

class CheckerPage {
  constructor(root) {
    this.root = root;
    this.pathname = location.pathname;
    this.situationId = undefined;
    this.latest = 0; // the newest evaluation; an older, slower answer is dropped
    this.ready = false;
    this.announced = null; // the query whose verdict the live region last said
    this.settings = pageSettings();
    this.intro = document.querySelector(".kontroll-intro");

    this.status = el("div", { class: "kontroll-status", role: "status" });
    this.summary = el("div", { class: "kontroll-problem", tabindex: "-1", hidden: true });
    this.questions = el("div", { class: "kontroll-fragor" });
    this.form = el("form", { class: "kontroll-formular", novalidate: true },
      situationGroup(FORM), this.questions,
      el("button", { type: "submit", class: "md-button md-button--primary kontroll-knapp" }, TEXTS.submit));
    this.details = el("details", { class: "kontroll-alla-fragor", open: true },
      el("summary", {}, TEXTS.form_title), this.form);
    // The live region says the outcome and one sentence, once per settled verdict; the full
    // verdict follows it in the page, outside the region.
    this.announcer = el("div", { class: "kontroll-dold", role: "status", "aria-atomic": "true", "data-part": "announcement" });
    this.answer = el("div", { class: "kontroll-svar" });
    root.replaceChildren(this.status, this.summary, this.details, this.announcer, this.answer);

    this.form.addEventListener("change", (event) => event.target.type === "radio" && this.answerChanged(event.target));
    this.form.addEventListener("input", (event) => event.target.type !== "radio" && this.answerChanged(event.target));
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.submit();
    });
    // Opening the form by hand leaves the answer-first layout; the form stays where she looks.
    this.details.addEventListener("toggle", () => {
      if (!this.details.open || !this.answerFirst) return;
      this.layout(false);
      this.details.scrollIntoView({ block: "start" });
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

  /**
   * Answer first (a link's verdict on top, the form collapsed below it) or form first. The
   * page's introduction is about filling in the form, so it steps aside for a link's answer.
   */
  layout(answerFirst) {
    // A checker that cannot start has no answer to put first: the form stays open.
    answerFirst = answerFirst && this.status.dataset.state !== "failed";
    this.answerFirst = answerFirst;
    this.root.classList.toggle("kontroll--svar-forst", answerFirst);
    if (this.intro) this.intro.hidden = answerFirst;
    if (answerFirst) {
      this.details.open = false;
      this.summary.after(this.announcer, this.answer);
    } else {
      this.details.open = true;
      this.details.after(this.announcer, this.answer);
    }
  }

  /** Draw the URL's answers and, if it has any, ask the engine about exactly that URL. */
  fromUrl({ focus }) {
    const params = new URLSearchParams(location.search);
    this.layout(location.search.length > 1);
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
      situation.help ? el("p", { class: "kontroll-hjalp" }, situation.help) : null,
      ...fieldGroups(situation, TEXTS),
    ] : []));
  }

  answerChanged(input) {
    const params = new URLSearchParams(location.search);
    if (input.name === "situation") {
      // Another situation: answers that also fit it are kept. Arrow keys select each
      // situation on the way, so this replaces the entry too instead of filling the history.
      const situation = SITUATIONS.get(input.value);
      const next = new URLSearchParams({ situation: input.value });
      for (const field of situation.fields) {
        const value = params.get(field.id);
        if (value !== null && fits(field, value)) next.set(field.id, value);
      }
      setUrl(next, { push: false });
      this.drawSituation(input.value);
      showAnswers(this.form, situation, next);
    } else {
      if (input.value === "") params.delete(input.name);
      else params.set(input.name, input.value);
      setUrl(params, { push: false });
    }
    // A question not answered yet is no error: the problems go until she asks again.
    clearProblems(this.form, this.summary);
    if (this.complete()) this.evaluate({ focus: false });
    else this.clearAnswer(TEXTS.incomplete);
  }

  /** Whether the questions shown are all answered (the optional text aside). */
  complete() {
    const situation = SITUATIONS.get(this.situationId);
    return Boolean(situation) && unanswered(situation, new URLSearchParams(location.search)).length === 0;
  }

  submit() {
    const situation = SITUATIONS.get(this.situationId);
    if (situation && !this.complete()) {
      this.clearAnswer(TEXTS.incomplete);
      showUnanswered(this.form, this.summary, unanswered(situation, new URLSearchParams(location.search)), TEXTS).focus();
      return;
    }
    this.evaluate({ focus: "submit" });
  }

  /** "Ny fråga": an empty checker as a new history entry, so Back returns to this verdict. */
  newQuestion() {
    setUrl(new URLSearchParams(), { push: true });
    this.fromUrl({ focus: false });
    this.form.querySelector('input[name="situation"]').focus();
  }

  /** "Ändra" in "Dina svar": the form opens at that question, the verdict below the form. */
  change(fieldId) {
    this.layout(false);
    const group = this.form.querySelector(`[data-field="${CSS.escape(fieldId)}"]`);
    (group?.querySelector("input:checked") ?? group?.querySelector("input") ?? document.getElementById(controlId(fieldId)))?.focus();
  }

  clearAnswer(text) {
    this.latest++;
    this.answer.replaceChildren(el("p", { class: "kontroll-hjalp" }, text));
  }

  /**
   * Ask the engine about the URL and show the verdict or the problems. `focus` says where
   * focus goes: "submit" (the reader pressed Kontrollera) to the verdict or the problems;
   * "link" (a page opened from a link) there too, unless the reader is already answering by
   * the time the engine replies; false (an answer changed) nowhere.
   */
  async evaluate({ focus }) {
    this.clearAnswer(this.ready || this.status.dataset.state === "book" ? "" : TEXTS.waiting);
    const id = this.latest;
    const query = location.search.slice(1);
    // The answer book's answer at once, then the worker's only if it differs (book.js).
    for await (const result of answers(query, check)) {
      if (id !== this.latest || !this.connected) return;
      this.show(result, query, focus);
      focus = false; // a replacement does not move focus again
    }
  }

  /** Draw one answer to `query`: the verdict, or the problems with the link. */
  show(result, query, focus) {
    const move = focus === "submit" || (focus === "link" && !this.form.contains(document.activeElement));
    if (result.errors) {
      this.layout(false);
      showProblems(this.form, this.summary, result.errors, TEXTS, linkAnswers(new URLSearchParams(location.search), FORM));
      this.answer.replaceChildren();
      if (move) this.summary.focus();
      return;
    }
    clearProblems(this.form, this.summary);
    this.answer.replaceChildren(verdictView(result.verdict, FORM, this.settings, {
      change: (fieldId) => this.change(fieldId),
      newQuestion: () => this.newQuestion(),
    }));
    if (this.announced !== query) {
      this.announced = query;
      this.announcer.textContent = announcement(result.verdict);
    }
    if (move) this.answer.querySelector("h2").focus();
  }

  showStatus(status) {
    if (!this.root.isConnected) {
      this.stop();
      return;
    }
    this.ready = status.state === "ready";
    // Without WebAssembly the answer book still answers (book.js): one sentence says what
    // needs the full checker, and the book's answers stay.
    const bookOnly = status.state === "failed" && status.reason === "no_wasm";
    this.status.dataset.state = bookOnly ? "book" : status.state;
    if (bookOnly) {
      this.status.replaceChildren(el("p", { class: "kontroll-hjalp", "data-failed": status.reason }, TEXTS.failed_no_wasm));
    } else if (status.state === "loading") {
      const text = TEXTS[`loading_${status.stage}`];
      this.status.replaceChildren(el("progress", { "aria-label": text }), el("span", {}, ` ${text}`));
    } else if (status.state === "ready") {
      this.status.replaceChildren(el("span", {}, TEXTS.ready));
    } else {
      const reason = format(TEXTS[`failed_${status.reason}`], { detail: status.detail });
      this.status.replaceChildren(el("div", { class: "kontroll-fel-laddning", "data-failed": status.reason },
        el("p", {}, el("strong", {}, TEXTS.failed), " ", reason),
        el("p", {}, TEXTS.failed_help, " ", el("a", { href: "../" }, TEXTS.to_routine))));
      if (this.answer.querySelector("[data-outcome]")) return; // the answer book's verdict stays
      this.answer.replaceChildren();
      this.layout(false);
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
