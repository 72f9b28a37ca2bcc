// The verdict and the problems, drawn from checker.apps.web.ask()'s JSON (the verdict's words: its `view`).
//
// Each part of the verdict carries a data-* marker (data-outcome, data-rule, data-source,
// data-part) so that pages and the browser tests can read it field by field. The outcome is
// shown as an icon, a word and a border style, never by colour alone.

import { el, format } from "./dom.js";
import { controlId } from "./questions.js";
import { recordFoot, recordHead, recordQuote } from "./record.js";

const ICONS = { allowed: "✓", allowed_with_conditions: "!", not_allowed: "✕", not_covered: "?" };

/** Copy `text` to the clipboard; say in `status` whether it worked. */
async function copy(text, status, labels) {
  try {
    await navigator.clipboard.writeText(text);
    status.textContent = labels.copied;
    return;
  } catch {
    // navigator.clipboard exists only on https or localhost; an intranet on plain http
    // still allows the older selection-based copy.
  }
  const scratch = el("textarea", { class: "kontroll-dold", readonly: true, "aria-hidden": "true", tabindex: "-1" });
  scratch.value = text;
  document.body.append(scratch);
  scratch.select();
  let copied = false;
  try {
    copied = document.execCommand("copy");
  } catch {
    copied = false;
  }
  scratch.remove();
  status.textContent = copied ? labels.copied : labels.copy_failed;
}

/** A button that copies `getText()`, with its own polite status beside it. */
function copyButton(label, getText, labels) {
  const status = el("span", { class: "kontroll-kopierat", role: "status" });
  const button = el("button", { type: "button", class: "md-button kontroll-knapp" }, label);
  button.addEventListener("click", () => copy(getText(), status, labels));
  return el("div", { class: "kontroll-kopiera" }, button, status);
}

function section(title, ...content) {
  return [el("h3", {}, title), ...content];
}

/** The readings the answer rests on, each linked to its entry on "Tolkningar", with its status. */
function interpretationsNotice(part) {
  return el("aside", {
    class: `admonition ${part.warning ? "warning" : "info"} kontroll-tolkningar`, "data-part": "interpretations",
    "aria-labelledby": "kontroll-tolkningar-rubrik",
  },
  el("h3", { id: "kontroll-tolkningar-rubrik", class: "admonition-title" }, part.title),
  el("ul", {}, part.items.map((item) => el("li", { "data-interpretation": item.id, "data-status": item.status },
    el("p", {}, el("a", { href: `../${item.link}` }, item.question)),
    el("p", {}, item.reading),
    el("p", { class: "kontroll-villkor" }, item.status_words)))));
}

/**
 * "Fråga rutinens ägare" for a verdict the routine leaves open: a mail holding the owner
 * question, this page's link (the answers) and the policy version, and nothing else. It always
 * names who is asked (the settings' role, else the policy's words); without an address
 * (mkdocs.yml extra.rutinagare.epost) it says so instead of linking. Python wrote every word;
 * only the page's address and the site's settings are filled in here.
 */
function askOwner(part, settings) {
  const who = el("p", {}, format(part.who, { who: settings.ownerRole || part.owner_role }));
  if (!settings.owner) {
    return el("div", { class: "kontroll-agare", "data-part": "ask-owner" }, el("h3", {}, part.title), who, el("p", {}, part.unset));
  }
  const body = format(part.body, { link: location.href });
  const href = `mailto:${settings.owner}?subject=${encodeURIComponent(part.subject)}&body=${encodeURIComponent(body)}`;
  return el("div", { class: "kontroll-agare", "data-part": "ask-owner" },
    el("h3", {}, part.title), who,
    el("p", {}, el("a", { href, class: "md-button" }, part.title)),
    el("p", { class: "kontroll-hjalp" }, part.help));
}

/** Another routine's name, linked where the policy or the settings know its address. */
function routineLink(ref, settings) {
  const url = ref.url || settings.routines[ref.id];
  return url ? el("a", { href: url, "data-routine-link": ref.id }, ref.title) : el("span", {}, ref.title);
}

/** "Dina svar": each answer in words with "Ändra" (GOV.UK's "check your answers"); `change(fieldId)` opens the form there. */
function yourAnswers(part, change) {
  return el("div", { class: "kontroll-dina-svar", "data-part": "your-answers" },
    el("h3", {}, part.title),
    el("dl", { class: "kontroll-svarslista" }, Object.entries(part.rows).map(([fieldId, row]) => {
      const link = el("a", { href: `#${controlId(fieldId)}`, "data-change": fieldId },
        part.change, el("span", { class: "kontroll-dold" }, row.hidden));
      link.addEventListener("click", (event) => {
        event.preventDefault();
        change(fieldId);
      });
      return el("div", { "data-answer": fieldId }, el("dt", {}, row.label), el("dd", {}, row.words), el("dd", { class: "kontroll-andra" }, link));
    })));
}

/**
 * The verdict as a DOM tree (the one function that draws a verdict): `verdict` for the ids
 * and data-* markers, `view` (checker.present.verdict_view, in checker.apps.web.ask's answer) for every
 * word. Outcome first, detail after: the outcome and its one sentence, what to do, the message
 * to send, the journal text, consent; then what the checker took and her answers; then the
 * rules, the readings and the history. A part the view leaves out (null) is not drawn.
 * `settings`: the owner's address and role and the other routines' addresses from the build
 * ("" / {} where unset); `change(fieldId)` opens the form at a question; `newQuestion()`
 * starts an empty one.
 */
export function verdictView(verdict, view, settings, { change, newQuestion }) {
  const labels = view.labels;
  const parts = [el("p", { class: "kontroll-sammanfattning", "data-part": "summary" }, verdict.summary)];

  if (view.conditions) {
    parts.push(...section(view.conditions.title, el("ul", { "data-part": "conditions" }, view.conditions.items.map((text) => el("li", {}, text)))));
  }

  if (view.messages) {
    parts.push(...section(view.messages.title, view.messages.items.map((message) => el("div", { class: "kontroll-kopiera-text", "data-part": "message" },
      el("h4", { "data-part": "message-title" }, message.title),
      el("p", { class: "kontroll-text", "data-part": "message-text" }, message.text),
      copyButton(message.copy, () => message.text, labels)))));
  }

  // Every verdict answers "what do I write in the journal?", from the policy (engine.documentation).
  const documentation = view.documentation;
  parts.push(el("section", { class: "kontroll-dokumentation", "data-part": "documentation", "aria-labelledby": "kontroll-dokumentation-rubrik" },
    el("h3", { id: "kontroll-dokumentation-rubrik" }, documentation.title),
    documentation.journal_text ? el("div", { class: "kontroll-kopiera-text" },
      el("p", { class: "kontroll-text", "data-part": "journal-text" }, documentation.journal_text),
      copyButton(documentation.copy, () => documentation.journal_text, labels))
      : el("p", { "data-part": "documentation-text" }, documentation.text, " ",
        el("a", { href: `../${documentation.link}`, "data-part": "documentation-link" }, documentation.words))));

  const consent = verdict.consent;
  if (view.consent) {
    parts.push(...section(view.consent.title, el("ul", {
      "data-part": "consent", "data-required": String(consent.required), "data-method": consent.method ?? "",
      "data-documented": String(consent.documented_in_journal),
    }, view.consent.items.map((line) => el("li", {}, line)))));
  }

  if (view.hints) {
    parts.push(...section(view.hints.title, el("ul", { "data-part": "hints" }, view.hints.items.map((text) => el("li", {}, text)))));
  }

  // Another routine decides: the headline points there, and the owner is not asked.
  if (view.ask_owner) parts.push(askOwner(view.ask_owner, settings));
  if (view.references) {
    parts.push(...section(view.references.title, el("ul", { "data-part": "references" }, view.references.items.map((ref) =>
      el("li", { "data-reference": ref.id }, routineLink(ref, settings),
        ref.url || settings.routines[ref.id] ? null : el("span", { "data-part": "find-routine" }, ` – ${ref.find}`))))));
  }

  // What the checker took without an answer, what it never asked, and the answers that did not decide: said, never silent.
  if (verdict.assumed.length) {
    parts.push(el("ul", { class: "kontroll-antaget", "data-part": "assumed" }, verdict.assumed.map((item) => el("li", { "data-field": item.field }, item.text))));
  }
  if (verdict.not_asked) parts.push(el("p", { class: "kontroll-oanvant", "data-part": "not-asked" }, verdict.not_asked));
  if (verdict.unused.length) {
    parts.push(el("ul", { class: "kontroll-oanvant", "data-part": "unused" }, verdict.unused.map((item) => el("li", { "data-field": item.field }, item.text))));
  }

  const another = el("button", { type: "button", class: "md-button kontroll-knapp", "data-part": "new-question" }, labels.new_question);
  another.addEventListener("click", newQuestion);
  parts.push(yourAnswers(view.your_answers, change), el("p", { class: "kontroll-ny" }, another));

  // Why: the deciding rules, each with its conditions, its link and (printed) its quote.
  if (view.rules) {
    parts.push(...section(view.rules.title, el("ul", { class: "kontroll-regler" }, view.rules.items.map((step) => el("li", { "data-rule-id": step.rule },
      el("p", {}, step.says),
      step.when ? el("p", { class: "kontroll-villkor" }, step.when) : null,
      el("p", {}, el("a", { href: `../${step.link}`, "data-rule": step.rule, "data-source": "" }, step.words)),
      recordQuote(view.rules.quote, step.quote))))));
  } else {
    parts.push(el("p", {}, view.not_covered.text), el("ul", {}, view.not_covered.sources.map((source) =>
      el("li", {}, el("a", { href: `../${source.link}`, "data-source": "" }, source.words)))));
  }

  if (view.reminders) {
    parts.push(el("aside", { class: "admonition info kontroll-paminnelser", "data-part": "reminders", "aria-labelledby": "kontroll-paminnelser-rubrik" },
      el("h3", { id: "kontroll-paminnelser-rubrik", class: "admonition-title" }, view.reminders.title),
      el("ul", {}, view.reminders.items.map((reminder) => el("li", {}, reminder.text, " ",
        el("a", { href: `../${reminder.link}` }, reminder.words))))));
  }

  if (view.interpretations) parts.push(interpretationsNotice(view.interpretations));

  if (view.changed) {
    parts.push(el("p", { class: "kontroll-andrad", "data-part": "changed" }, view.changed.text, " ",
      el("a", { href: `../${view.changed.link}` }, view.changed.words)));
  }

  parts.push(
    el("p", { class: "kontroll-version", "data-part": "policy-version" }, view.policy_version),
    recordFoot(view.print),
    copyButton(labels.copy_link, () => location.href, labels),
    el("p", { class: "kontroll-hjalp" }, labels.link_help),
  );

  const headline = view.headline.parts.map((part) => (typeof part === "string" ? part : routineLink(part, settings)));
  return el("article", {
    class: `kontroll-utfall kontroll-utfall--${verdict.outcome}`, "data-outcome": verdict.outcome,
    "data-policy-version": verdict.policy_version, "aria-labelledby": "kontroll-utfall-rubrik",
  },
  recordHead(view.print),
  el("h2", { id: "kontroll-utfall-rubrik", tabindex: "-1" },
    el("span", { class: "kontroll-ikon", "aria-hidden": "true" }, ICONS[verdict.outcome] ?? ""),
    el("span", {}, el("span", { class: "kontroll-dold" }, `${labels.verdict_label}: `), ...headline)),
  ...parts);
}

/** The parameters of a link that the checker left out, for whoever made the link (collapsed). */
export function ignoredNote(text, texts) {
  return el("details", { class: "kontroll-for-lanken", "data-part": "ignored" },
    el("summary", {}, texts.link_details), el("p", {}, text));
}

/** A link that moves focus to a control (GOV.UK's error summary), away from instant navigation. */
function focusLink(target, ...children) {
  const link = el("a", { href: `#${target.id}` }, ...children);
  link.addEventListener("click", (event) => {
    event.preventDefault();
    target.focus();
  });
  return link;
}

/** Mark a field's group as wrong, with `text` beside it (aria-describedby, aria-invalid). */
function markField(group, text, texts) {
  const field = group.dataset.field;
  const messageId = `${controlId(field)}-fel`;
  if (group.querySelector(`#${CSS.escape(messageId)}`)) return;
  const message = el("p", { id: messageId, class: "kontroll-fel" }, el("span", { class: "kontroll-dold" }, `${texts.error_prefix} `), text);
  group.querySelector("legend, label").after(message);
  const described = [group.dataset.describedby, messageId].filter(Boolean).join(" ");
  const target = group.matches("fieldset") ? group : group.querySelector("input");
  target.setAttribute("aria-describedby", described);
  target.setAttribute("aria-invalid", "true");
}

/** A sentence from checker.present.verdict_view: its words, and each question it names as a link to it. */
function sentence(formNode, parts) {
  return parts.map((part) => {
    if (typeof part === "string") return part;
    const group = formNode.querySelector(`[data-field="${CSS.escape(part.field)}"]`);
    const target = group?.querySelector("input:checked") ?? group?.querySelector("input");
    return target ? focusLink(target, part.text) : part.text;
  });
}

/**
 * A wrong link, said to the nurse who followed it (`problems`: checker.present.verdict_view.problems_view):
 * one sentence naming the questions by their labels, with what to do, and the wrong fields
 * marked; the engine's messages (with the ids) only in a collapsed part for whoever made the
 * link, with the link's answers (`details`). Answers stay.
 */
export function showProblems(formNode, summary, problems, texts, details) {
  clearProblems(formNode, summary);
  for (const field of problems.fields) {
    const group = formNode.querySelector(`[data-field="${CSS.escape(field)}"]`);
    if (group) markField(group, problems.field_wrong, texts);
  }
  summary.replaceChildren(
    el("h2", {}, problems.title),
    el("p", { "data-part": "link-wrong" }, ...sentence(formNode, problems.sentence)),
    el("details", { class: "kontroll-for-lanken", "data-part": "link-details" },
      el("summary", {}, problems.details),
      el("ul", { "data-part": "engine-messages" }, problems.messages.map((message) => el("li", {}, message))),
      details));
  summary.hidden = false;
  return summary;
}

/** The questions still to answer before a verdict is shown, as links to each (after "Kontrollera"; checker.present.verdict_view.unanswered_view). */
export function showUnanswered(formNode, summary, unanswered) {
  clearProblems(formNode, summary);
  summary.replaceChildren(el("h2", {}, unanswered.title), el("p", { "data-part": "unanswered" }, ...sentence(formNode, unanswered.sentence)));
  summary.hidden = false;
  return summary;
}

/** Remove every problem shown, restoring each control's own description. */
export function clearProblems(formNode, summary) {
  for (const message of formNode.querySelectorAll(".kontroll-fel")) message.remove();
  for (const node of formNode.querySelectorAll("[aria-invalid]")) {
    node.removeAttribute("aria-invalid");
    const group = node.closest("[data-field]");
    if (group.dataset.describedby) node.setAttribute("aria-describedby", group.dataset.describedby);
    else node.removeAttribute("aria-describedby");
  }
  summary.replaceChildren();
  summary.hidden = true;
}
