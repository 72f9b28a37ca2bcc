// Answers in staff's words: the printed record of a verdict, and what an invalid link said.
// Labels come from the form model (policy.yaml); an id is shown only beside its label, for
// the web editor who wrote the link.

import { el, format } from "./dom.js";

/** A value as staff know it (its label, Ja/Nej, the number and unit, the text); null if unknown. */
export function answerWords(field, value, texts) {
  if (field.type === "boolean") {
    if (value === true || value === "true") return texts.answer_yes;
    return value === false || value === "false" ? texts.answer_no : null;
  }
  if (field.type === "choice") return field.values.find((option) => option.id === value)?.label ?? null;
  if (field.type === "integer") return [value, field.unit].filter(Boolean).join(" ");
  return `”${value}”`;
}

/** The answers of a link (URLSearchParams) by their labels, each id in parentheses: only in
 * the collapsed part for whoever made the link. */
export function linkAnswers(params, form) {
  const texts = form.texts.checker_page;
  const situation = form.situations.find((item) => item.id === params.get("situation"));
  const items = [...params].map(([key, value]) => {
    const field = key === "situation"
      ? { label: texts.situation_legend, type: "choice", values: form.situations }
      : situation?.fields.find((item) => item.id === key);
    const words = field ? answerWords(field, value, texts) : null;
    const shown = words !== null && (field.type === "choice" || field.type === "boolean") ? `${words} (${value})` : (words ?? value);
    return `${field ? `${field.label} (${key})` : key}: ${shown}`;
  });
  return el("div", { "data-part": "link-answers" },
    el("p", {}, texts.link_answers),
    el("ul", {}, items.map((text) => el("li", {}, text))));
}

let dateTemplate = "{date}";

function printDate() {
  return format(dateTemplate, { date: new Date().toLocaleDateString("sv-SE", { year: "numeric", month: "long", day: "numeric" }) });
}

// The record carries the day it is printed, not the day the verdict was drawn.
addEventListener("beforeprint", () => {
  for (const node of document.querySelectorAll('[data-part="print-date"]')) node.textContent = printDate();
});

/** Printed only (kontroll.css): the site and the question; the answers print from "Dina svar". */
export function recordHead(verdict, form) {
  const texts = form.texts.checker_page;
  const situation = form.situations.find((item) => item.id === verdict.scenario.situation);
  return el("div", { class: "kontroll-utskrift", "data-part": "print-record" },
    el("p", { class: "kontroll-utskrift-titel" }, format(texts.print_title, { title: form.title })),
    el("p", {}, format(texts.print_question, { question: situation.question })));
}

/** Printed only: the rule's own sentences from the routine. */
export function recordQuote(step, texts) {
  return el("div", { class: "kontroll-utskrift", "data-part": "quote" },
    el("p", {}, el("em", {}, texts.print_quote)),
    ...step.quote.map((text) => el("blockquote", {}, `”${text}”`)));
}

/** Printed only: the date and the link that opens this verdict again. */
export function recordFoot(texts) {
  dateTemplate = texts.print_date;
  return el("div", { class: "kontroll-utskrift", "data-part": "print-footer" },
    el("p", { "data-part": "print-date" }, printDate()),
    el("p", {}, format(texts.print_link, { link: location.href })));
}
