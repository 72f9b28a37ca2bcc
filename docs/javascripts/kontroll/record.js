// The printed record of a verdict, and what an invalid link said: drawn from the words
// checker.present.verdict_view wrote (the view's `print`, the answer's `link_answers`). Only what
// the browser alone knows is filled in here: the day it is printed and the page's address.

import { el, format } from "./dom.js";

/** The answers of a link the checker cannot use, in words with their ids: only in the
 * collapsed part for whoever made the link. */
export function linkAnswers(part) {
  return el("div", { "data-part": "link-answers" },
    el("p", {}, part.title),
    el("ul", {}, part.items.map((text) => el("li", {}, text))));
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
export function recordHead(print) {
  return el("div", { class: "kontroll-utskrift", "data-part": "print-record" },
    el("p", { class: "kontroll-utskrift-titel" }, print.title),
    el("p", {}, print.question));
}

/** Printed only: the rule's own sentences from the routine. */
export function recordQuote(title, quotes) {
  return el("div", { class: "kontroll-utskrift", "data-part": "quote" },
    el("p", {}, el("em", {}, title)),
    ...quotes.map((text) => el("blockquote", {}, text)));
}

/** Printed only: the date and the link that opens this verdict again. */
export function recordFoot(print) {
  dateTemplate = print.date;
  return el("div", { class: "kontroll-utskrift", "data-part": "print-footer" },
    el("p", { "data-part": "print-date" }, printDate()),
    el("p", {}, format(print.link, { link: location.href })));
}
