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
// svar", and the form collapsed below; the link's left-out answers take the contract's
// defaults (checker.apps.web.ask, linked). Filling in the form, the form comes first and shows only
// the questions that can still change the answer (checker.open_questions); the verdict follows
// as soon as none can (never a provisional one). A link that leaves out a question that decides
// asks it, with the rest filled in.

import FORM from "../../assets/checker/form.js";
import { answers, pageQuery } from "./book.js"; // the answer book: see book.js
import { check, startChecker, watchStatus } from "./client.js";
import { el, format } from "./dom.js";
import { controlId, fieldGroups, showAnswers, showOnly, situationGroup } from "./questions.js";
import { linkAnswers } from "./record.js";
import { clearProblems, ignoredNote, showProblems, showUnanswered, verdictView } from "./verdict.js";

const TEXTS = FORM.texts.checker_page;
const SITUATIONS = new Map(FORM.situations.map((situation) => [situation.id, situation]));

startChecker();

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

/** Whether a query carries answers (a link's), not only the situation or unknown parameters. */
function carriesAnswers(params) {
  const fields = SITUATIONS.get(params.get("situation"))?.fields ?? [];
  return fields.some((field) => params.has(field.id));
}

class CheckerPage {
  constructor(root) {
    this.root = root;
    this.pathname = location.pathname;
    this.situationId = undefined;
    this.latest = 0; // the newest evaluation; an older, slower answer is dropped
    this.ready = false;
    this.announced = null; // the query whose verdict the live region last said
    this.shownQuery = null; // the query whose verdict is on the page, null while none is
    this.linked = false; // the answers came from a link: its left-out answers take their defaults
    this.assumed = {}; // those defaults, shown in the form so that "Ändra" keeps them
    this.settings = pageSettings();

    this.status = el("div", { class: "kontroll-status", role: "status" });
    this.summary = el("div", { class: "kontroll-problem", tabindex: "-1", hidden: true });
    this.questions = el("div", { class: "kontroll-fragor" });
    // The introduction is about filling in the form, so it is part of it: drawn with it, at
    // once, and out of the way (collapsed with the form) under a link's answer.
    this.form = el("form", { class: "kontroll-formular", novalidate: true },
      el("p", { class: "kontroll-intro" }, TEXTS.intro), situationGroup(FORM), this.questions,
      el("button", { type: "submit", class: "md-button md-button--primary kontroll-knapp" }, TEXTS.submit));
    this.details = el("details", { class: "kontroll-alla-fragor", open: true },
      el("summary", {}, TEXTS.form_title), this.form);
    // The live region says the outcome and one sentence, once per settled verdict; the full
    // verdict follows it in the page, outside the region.
    this.announcer = el("div", { class: "kontroll-dold", role: "status", "aria-atomic": "true", "data-part": "announcement" });
    this.answer = el("div", { class: "kontroll-svar" });
    this.forLink = el("div", { class: "kontroll-for-lanken-plats" });
    root.replaceChildren(this.status, this.summary, this.details, this.announcer, this.answer, this.forLink);

    // Whether the last answer came by pointer: the arrow keys select each option of a radio
    // group on the way, and focus must not leave the group while she moves through it.
    this.byPointer = false;
    this.form.addEventListener("pointerdown", () => { this.byPointer = true; });
    this.form.addEventListener("keydown", () => { this.byPointer = false; });
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
   * Answer first (a link's verdict on top, the form collapsed below it) or form first.
   */
  layout(answerFirst) {
    // A checker that cannot start has no answer to put first: the form stays open.
    answerFirst = answerFirst && this.status.dataset.state !== "failed";
    if (answerFirst === this.answerFirst) return;
    this.answerFirst = answerFirst;
    this.root.classList.toggle("kontroll--svar-forst", answerFirst);
    if (answerFirst) {
      this.details.open = false;
      this.summary.after(this.announcer, this.answer);
    } else {
      this.details.open = true;
      this.details.after(this.announcer, this.answer);
    }
  }

  /** Draw the URL's answers and, if it has a situation, ask the engine about exactly that URL. */
  fromUrl({ focus }) {
    const params = new URLSearchParams(location.search);
    this.linked = carriesAnswers(params);
    this.assumed = {};
    this.layout(this.linked);
    this.drawSituation(params.get("situation"));
    showAnswers(this.form, SITUATIONS.get(this.situationId), params);
    // Another question altogether (a link, Back, Forward): the last one's answer goes at once.
    // Without WebAssembly ("book") nothing is loading: no "waiting" (book.js answers or not).
    const waiting = this.ready || this.status.dataset.state === "book" ? "" : TEXTS.waiting;
    this.clearAnswer(location.search.length > 1 ? waiting : TEXTS.incomplete);
    if (location.search.length > 1) this.evaluate({ focus });
  }

  /** The situation's questions, drawn once; before the engine answers, what the build says it asks first. */
  drawSituation(id) {
    if (id === this.situationId) return;
    this.situationId = id;
    const situation = SITUATIONS.get(id);
    // replaceChildren() writes a null as the text "null": only nodes go in.
    this.questions.replaceChildren(...(situation ? [
      el("h2", { class: "kontroll-rubrik" }, situation.question),
      situation.help ? el("p", { class: "kontroll-hjalp" }, situation.help) : null,
      ...fieldGroups(situation, TEXTS),
    ] : []).filter(Boolean));
    if (situation) showOnly(this.questions, this.linked ? situation.fields.map((field) => field.id) : situation.ask);
  }

  answerChanged(input) {
    const params = new URLSearchParams(location.search);
    if (input.name === "situation") {
      // Another situation: answers that also fit it are kept, as the form model says
      // (checker.present.verdict_view.kept_answers). Arrow keys select each situation on the way, so
      // this replaces the entry too instead of filling the history.
      const situation = SITUATIONS.get(input.value);
      const next = new URLSearchParams({ situation: input.value });
      for (const field of situation.fields) {
        const value = params.get(field.id);
        const kept = field.kept[params.get("situation")];
        if (value !== null && (kept === true || kept?.includes(value))) next.set(field.id, value);
      }
      this.linked = false;
      this.assumed = {};
      setUrl(next, { push: false });
      this.drawSituation(input.value);
      showAnswers(this.form, situation, next);
    } else {
      if (input.value === "") params.delete(input.name);
      else params.set(input.name, input.value);
      delete this.assumed[input.name];
      setUrl(params, { push: false });
    }
    // A question not answered yet is no error: the problems go until she asks again.
    clearProblems(this.form, this.summary);
    this.evaluate({ focus: false });
  }

  /** "Kontrollera": the verdict, or the problems, or (checker.apps.web.ask's `unanswered`) the questions still to answer. */
  submit() {
    if (!this.situationId) {
      showUnanswered(this.form, this.summary, FORM.unanswered).focus();
      return;
    }
    this.evaluate({ focus: "submit" });
  }

  /**
   * Say at the question a link left out (and that decides) that the link does not answer it,
   * heard with the question (aria-describedby); `fieldId` null takes the note away.
   */
  markAsked(fieldId) {
    for (const note of this.form.querySelectorAll('[data-part="link-missing"]')) {
      const group = note.closest("[data-field]");
      const target = group.matches("fieldset") ? group : group.querySelector("input");
      if (group.dataset.describedby) target.setAttribute("aria-describedby", group.dataset.describedby);
      else target.removeAttribute("aria-describedby");
      note.remove();
    }
    const group = fieldId && this.form.querySelector(`[data-field="${CSS.escape(fieldId)}"]`);
    if (!group) return;
    const id = `${controlId(fieldId)}-lanken`;
    group.querySelector("legend, label").after(el("p", { id, class: "kontroll-lanken-saknar", "data-part": "link-missing" }, TEXTS.link_missing));
    const target = group.matches("fieldset") ? group : group.querySelector("input");
    target.setAttribute("aria-describedby", [group.dataset.describedby, id].filter(Boolean).join(" "));
  }

  /** "Ny fråga": an empty checker as a new history entry, so Back returns to this verdict. */
  newQuestion() {
    setUrl(new URLSearchParams(), { push: true });
    this.fromUrl({ focus: false });
    this.form.querySelector('input[name="situation"]').focus();
  }

  /** "Ändra" in "Dina svar": the form opens at that question, every answer kept, the verdict below the form. */
  change(fieldId) {
    this.layout(false);
    const group = this.form.querySelector(`[data-field="${CSS.escape(fieldId)}"]`);
    (group?.querySelector("input:checked") ?? group?.querySelector("input") ?? document.getElementById(controlId(fieldId)))?.focus();
  }

  clearAnswer(text) {
    this.latest++;
    this.answer.removeAttribute("aria-busy");
    this.shownQuery = null;
    this.answer.replaceChildren(el("p", { class: "kontroll-hjalp" }, text));
    this.forLink.replaceChildren();
  }

  /**
   * Ask the engine about the URL and show what it says: the questions that can still decide,
   * the verdict once none can, or the problems. `focus` says where focus goes: "submit" (the
   * reader pressed Kontrollera) to the verdict or the problems; "link" (a page opened from a
   * link) there too, or to the question the link left out, unless the reader is already
   * answering by the time the engine replies; false (an answer changed) to the verdict only
   * when it first appears after a click or tap (arrow keys keep her in the radio group; the
   * live region says the verdict, and it scrolls into view).
   */
  async evaluate({ focus }) {
    const id = ++this.latest;
    const waiting = !this.ready && this.status.dataset.state !== "book" && this.shownQuery === null;
    if (waiting) this.answer.replaceChildren(el("p", { class: "kontroll-hjalp" }, TEXTS.waiting));
    const query = location.search.slice(1);
    this.answer.setAttribute("aria-busy", "true"); // until the engine has answered the newest question
    // The answer book's answer at once, then the worker's only if it differs (book.js).
    for await (const result of answers(query, this.linked, check)) {
      if (id !== this.latest || !this.connected) return;
      this.answer.removeAttribute("aria-busy");
      this.show(result, query, focus);
      focus = false; // a replacement does not move focus again
    }
    if (id === this.latest) this.answer.removeAttribute("aria-busy"); // the checker failed to load: showStatus said so
  }

  /** Draw checker.apps.web.ask()'s answer for `query` (the one function that draws a result). */
  show(result, query, focus) {
    const move = focus === "submit" || (focus === "link" && !this.form.contains(document.activeElement));
    this.forLink.replaceChildren(...(result.ignored_text ? [ignoredNote(result.ignored_text, TEXTS)] : []));
    if (result.errors.length) {
      this.layout(false);
      showProblems(this.form, this.summary, result.problems, TEXTS, linkAnswers(result.link_answers));
      this.answer.replaceChildren();
      this.shownQuery = null;
      if (move) this.summary.focus();
      return;
    }
    clearProblems(this.form, this.summary);
    const situation = SITUATIONS.get(this.situationId);
    if (situation) {
      this.assumed = { ...result.assumed };
      const shown = [...Object.keys(result.answers), ...Object.keys(result.assumed), ...result.ask];
      showOnly(this.questions, situation.fields.map((field) => field.id).filter((fieldId) => shown.includes(fieldId)));
      showAnswers(this.form, situation, new URLSearchParams({ ...result.assumed, ...result.answers, situation: situation.id }));
    }
    if (!result.verdict) {
      if (focus === "submit") showUnanswered(this.form, this.summary, result.unanswered).focus();
      const first = situation && result.ask.find((fieldId) => situation.fields.some((field) => field.id === fieldId && !field.optional));
      this.markAsked(this.linked ? first : null);
      if (this.linked && first) {
        // A link that leaves out a question that decides: that question, asked, not an error.
        this.layout(false);
        if (move && focus !== "submit") this.form.querySelector(`[data-field="${CSS.escape(first)}"] input`)?.focus();
      }
      this.shownQuery = null;
      this.answer.replaceChildren(el("p", { class: "kontroll-hjalp" }, situation ? TEXTS.incomplete : ""));
      return;
    }
    this.markAsked(null);
    const first = this.shownQuery === null;
    const changed = this.shownQuery !== query;
    this.shownQuery = query;
    this.answer.replaceChildren(verdictView(result.verdict, result.view, this.settings, {
      change: (fieldId) => this.change(fieldId),
      newQuestion: () => this.newQuestion(),
    }));
    if (this.announced !== query) {
      this.announced = query;
      this.announcer.textContent = result.view.announce; // the outcome and its one sentence
    }
    const heading = this.answer.querySelector("h2");
    if (move || (focus === false && first && this.byPointer)) heading.focus({ preventScroll: true });
    // The answer comes into view: after an answer that made or changed it, its heading on screen.
    if (move || (focus === false && changed)) intoView(heading);
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

/** Scroll `node` to the top part of the screen unless it is already there (below the theme's header). */
function intoView(node) {
  const box = node.getBoundingClientRect();
  const header = document.querySelector(".md-header")?.getBoundingClientRect().bottom ?? 0;
  if (box.top >= header && box.bottom <= innerHeight * 0.5) return;
  scrollBy({ top: box.top - header - 16, behavior: "instant" });
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
