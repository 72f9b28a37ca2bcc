// The verdict and the problems, drawn from checker.web.ask()'s JSON.
//
// Each part of the verdict carries a data-* marker (data-outcome, data-rule, data-source,
// data-part) so that pages and the browser tests can read it field by field. The outcome is
// shown as an icon, a word and a border style, never by colour alone.

import { el, format } from "./dom.js";
import { controlId } from "./questions.js";
import { answerWords, recordFoot, recordHead, recordQuote } from "./record.js";

const ICONS = { allowed: "✓", allowed_with_conditions: "!", not_allowed: "✕", not_covered: "?" };

/** Copy `text` to the clipboard; say in `status` whether it worked. */
async function copy(text, status, texts) {
  try {
    await navigator.clipboard.writeText(text);
    status.textContent = texts.copied;
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
  status.textContent = copied ? texts.copied : texts.copy_failed;
}

/** A button that copies `getText()`, with its own polite status beside it. */
function copyButton(label, getText, texts) {
  const status = el("span", { class: "kontroll-kopierat", role: "status" });
  const button = el("button", { type: "button", class: "md-button kontroll-knapp" }, label);
  button.addEventListener("click", () => copy(getText(), status, texts));
  return el("div", { class: "kontroll-kopiera" }, button, status);
}

function section(title, ...content) {
  return [el("h3", {}, title), ...content];
}

function sectionTitle(form, link) {
  const id = link.split("#")[1] ?? "";
  return form.sections[id] ?? link;
}

function capitalised(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The readings the answer rests on, each linked to its entry on "Tolkningar", with its status. */
function interpretationsNotice(verdict, texts, report) {
  const unconfirmed = verdict.interpretations.some((item) => item.status !== "confirmed");
  return el("aside", {
    class: `admonition ${unconfirmed ? "warning" : "info"} kontroll-tolkningar`, "data-part": "interpretations",
    "aria-labelledby": "kontroll-tolkningar-rubrik",
  },
  el("h3", { id: "kontroll-tolkningar-rubrik", class: "admonition-title" }, unconfirmed ? texts.interpretations_proposed : texts.interpretations),
  el("ul", {}, verdict.interpretations.map((item) => el("li", { "data-interpretation": item.id, "data-status": item.status },
    el("p", {}, el("a", { href: `../${item.link}` }, item.question)),
    el("p", {}, format(texts.interpretation_reading, { reading: item.reading })),
    el("p", { class: "kontroll-villkor" }, `${capitalised(report[item.status])}.`)))));
}

/**
 * "Fråga rutinens ägare" for a verdict the routine leaves open: a mail holding the owner
 * question, this page's link (the answers) and the policy version, and nothing else. It always
 * names who is asked (the settings' role, else the policy's words); without an address
 * (mkdocs.yml extra.rutinagare.epost) it says so instead of linking.
 */
function askOwner(verdict, form, settings) {
  const texts = form.texts.checker_page;
  const who = el("p", {}, format(texts.ask_owner_who, { who: settings.ownerRole || texts.owner_role }));
  if (!settings.owner) {
    return el("div", { class: "kontroll-agare", "data-part": "ask-owner" }, el("h3", {}, texts.ask_owner), who, el("p", {}, texts.ask_owner_unset));
  }
  const subject = format(texts.ask_owner_subject, { title: form.title });
  const body = format(texts.ask_owner_body, { question: verdict.owner_question.question, link: location.href, version: verdict.policy_version });
  const href = `mailto:${settings.owner}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
  return el("div", { class: "kontroll-agare", "data-part": "ask-owner" },
    el("h3", {}, texts.ask_owner), who,
    el("p", {}, el("a", { href, class: "md-button" }, texts.ask_owner)),
    el("p", { class: "kontroll-hjalp" }, texts.ask_owner_help));
}

/** Another routine's name, linked where the policy or the settings know its address. */
function routineLink(ref, settings) {
  const url = ref.url || settings.routines[ref.id];
  return url ? el("a", { href: url, "data-routine-link": ref.id }, ref.title) : el("span", {}, ref.title);
}

/** The verdict's headline: the outcome, or for a question another routine decides, that routine. */
function headline(verdict, texts, settings) {
  if (verdict.outcome === "not_covered" && verdict.references.length) {
    const [before, after] = texts.decided_elsewhere.split("{routine}");
    const names = verdict.references.flatMap((ref, index) => [index ? ", " : "", routineLink(ref, settings)]);
    return [before, ...names, after ?? ""];
  }
  return [verdict.outcome_label];
}

/** The headline as words only, for the live region. */
export function headlineText(verdict, texts) {
  if (verdict.outcome === "not_covered" && verdict.references.length) {
    return format(texts.decided_elsewhere, { routine: verdict.references.map((ref) => ref.title).join(", ") });
  }
  return verdict.outcome_label;
}

/** "Dina svar": each answer in words with "Ändra" (GOV.UK's "check your answers"); `change(fieldId)` opens the form there. */
function yourAnswers(verdict, form, change) {
  const texts = form.texts.checker_page;
  const situation = form.situations.find((item) => item.id === verdict.scenario.situation);
  const rows = [{ id: "situation", label: texts.situation_legend, words: situation.label }];
  for (const field of situation.fields) {
    const value = verdict.scenario[field.id];
    if (value !== null && value !== undefined && (verdict.answered ?? [field.id]).includes(field.id)) rows.push({ id: field.id, label: field.label, words: answerWords(field, value, texts) });
  }
  return el("div", { class: "kontroll-dina-svar", "data-part": "your-answers" },
    el("h3", {}, texts.answers_title),
    el("dl", { class: "kontroll-svarslista" }, rows.map((row) => {
      const link = el("a", { href: `#${controlId(row.id)}`, "data-change": row.id },
        texts.change, el("span", { class: "kontroll-dold" }, ` ${format(texts.change_hidden, { question: row.label })}`));
      link.addEventListener("click", (event) => {
        event.preventDefault();
        change(row.id);
      });
      return el("div", { "data-answer": row.id }, el("dt", {}, row.label), el("dd", {}, row.words), el("dd", { class: "kontroll-andra" }, link));
    })));
}

/**
 * The verdict as a DOM tree, from checker.web's JSON (the one function that draws a verdict).
 * Outcome first, detail after: the outcome and its one sentence, what to do, the message to
 * send, the journal text, consent; then what the checker took and her answers; then the rules,
 * the readings and the history. A part with nothing to say for this verdict is left out.
 * `settings`: the owner's address and role and the other routines' addresses from the build
 * ("" / {} where unset); `change(fieldId)` opens the form at a question; `newQuestion()`
 * starts an empty one.
 */
export function verdictView(verdict, form, settings, { change, newQuestion }) {
  const texts = form.texts.checker_page;
  const report = form.texts.report;
  const parts = [el("p", { class: "kontroll-sammanfattning", "data-part": "summary" }, verdict.summary)];

  if (verdict.conditions.length) {
    parts.push(...section(texts.conditions, el("ul", { "data-part": "conditions" }, verdict.conditions.map((text) => el("li", {}, text)))));
  }

  if (verdict.messages.length) {
    parts.push(...section(texts.messages, verdict.messages.map((message) => el("div", { class: "kontroll-kopiera-text", "data-part": "message" },
      el("h4", { "data-part": "message-title" }, message.title),
      el("p", { class: "kontroll-text", "data-part": "message-text" }, message.text),
      copyButton(format(texts.copy_message, { title: message.title }), () => message.text, texts)))));
  }

  // Every verdict answers "what do I write in the journal?", from the policy (engine.documentation).
  const documentation = verdict.documentation;
  // With a journal text, the heading says what to do with it ("Skriv i journalen").
  parts.push(el("section", { class: "kontroll-dokumentation", "data-part": "documentation", "aria-labelledby": "kontroll-dokumentation-rubrik" },
    el("h3", { id: "kontroll-dokumentation-rubrik" }, documentation.journal_text ? texts.journal_text : texts.documentation),
    documentation.journal_text ? el("div", { class: "kontroll-kopiera-text" },
      el("p", { class: "kontroll-text", "data-part": "journal-text" }, documentation.journal_text),
      copyButton(texts.copy_journal, () => documentation.journal_text, texts))
      : el("p", { "data-part": "documentation-text" }, documentation.text, " ",
        el("a", { href: `../${documentation.link}`, "data-part": "documentation-link" },
          format(texts.read_routine, { section: form.sections[documentation.section] ?? documentation.section })))));

  const consent = verdict.consent;
  if (consent) {
    parts.push(...section(texts.consent, el("ul", {
      "data-part": "consent", "data-required": String(consent.required), "data-method": consent.method ?? "",
      "data-documented": String(consent.documented_in_journal),
    }, verdict.consent_lines.map((line) => el("li", {}, line)))));
  }

  if (verdict.hints.length) {
    parts.push(...section(texts.hints, el("ul", { "data-part": "hints" }, verdict.hints.map((text) => el("li", {}, text)))));
  }

  // Another routine decides: the headline points there, and the owner is not asked.
  if (verdict.outcome === "not_covered" && !verdict.references.length) parts.push(askOwner(verdict, form, settings));
  if (verdict.references.length) {
    parts.push(...section(texts.references, el("ul", { "data-part": "references" }, verdict.references.map((ref) =>
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

  const another = el("button", { type: "button", class: "md-button kontroll-knapp", "data-part": "new-question" }, texts.new_question);
  another.addEventListener("click", newQuestion);
  parts.push(yourAnswers(verdict, form, change), el("p", { class: "kontroll-ny" }, another));

  // Why: the deciding rules, each with its conditions, its link and (printed) its quote.
  if (verdict.explanation.length) {
    parts.push(...section(texts.rules, el("ul", { class: "kontroll-regler" }, verdict.explanation.map((step) => {
      const when = step.matched.map((item) => item.text).join("; ");
      return el("li", { "data-rule-id": step.rule },
        el("p", {}, step.says),
        when ? el("p", { class: "kontroll-villkor" }, format(texts.rule_when, { conditions: when })) : null,
        el("p", {}, el("a", { href: `../${step.link}`, "data-rule": step.rule, "data-source": "" },
          format(texts.rule_link, { section: form.sections[step.section] ?? step.section }))),
        recordQuote(step, texts));
    }))));
  } else {
    parts.push(el("p", {}, report.not_covered), el("ul", {}, verdict.sources.map((link) =>
      el("li", {}, el("a", { href: `../${link}`, "data-source": "" }, format(texts.read_routine, { section: sectionTitle(form, link) }))))));
  }

  if (verdict.reminders.length) {
    parts.push(el("aside", { class: "admonition info kontroll-paminnelser", "data-part": "reminders", "aria-labelledby": "kontroll-paminnelser-rubrik" },
      el("h3", { id: "kontroll-paminnelser-rubrik", class: "admonition-title" }, texts.reminders),
      el("ul", {}, verdict.reminders.map((reminder) => el("li", {}, reminder.text, " ",
        el("a", { href: `../${reminder.link}` }, format(texts.read_routine, { section: form.sections[reminder.section] ?? reminder.section })))))));
  }

  if (verdict.interpretations.length) parts.push(interpretationsNotice(verdict, texts, report));

  // "Tidigare: X" says nothing when X is today's outcome too.
  if (verdict.changed && verdict.changed.before !== verdict.outcome) {
    parts.push(el("p", { class: "kontroll-andrad", "data-part": "changed" }, verdict.changed.text, " ",
      el("a", { href: `../${verdict.changed.link}` }, texts.changed_link)));
  }

  parts.push(
    el("p", { class: "kontroll-version", "data-part": "policy-version" }, format(report.policy_version, { version: verdict.policy_version })),
    recordFoot(texts),
    copyButton(texts.copy_link, () => location.href, texts),
    el("p", { class: "kontroll-hjalp" }, texts.link_help),
  );

  return el("article", {
    class: `kontroll-utfall kontroll-utfall--${verdict.outcome}`, "data-outcome": verdict.outcome,
    "data-policy-version": verdict.policy_version, "aria-labelledby": "kontroll-utfall-rubrik",
  },
  recordHead(verdict, form),
  el("h2", { id: "kontroll-utfall-rubrik", tabindex: "-1" },
    el("span", { class: "kontroll-ikon", "aria-hidden": "true" }, ICONS[verdict.outcome] ?? ""),
    el("span", {}, el("span", { class: "kontroll-dold" }, `${texts.verdict_label}: `), ...headline(verdict, texts, settings))),
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

function fieldLinks(groups, texts) {
  return groups.flatMap((group, index) => {
    const label = group.querySelector("legend, label").firstChild.textContent;
    const target = group.querySelector("input:checked") ?? group.querySelector("input");
    return [index ? ", " : "", focusLink(target, `”${label}”`)];
  });
}

/**
 * A wrong link, said to the nurse who followed it: one sentence naming the questions by their
 * labels, with what to do, and the wrong fields marked; the engine's messages (with the ids)
 * only in a collapsed part for whoever made the link, with the link's answers. Answers stay.
 */
export function showProblems(formNode, summary, problems, texts, details) {
  clearProblems(formNode, summary);
  const groups = [];
  let unknown = false;
  for (const problem of problems) {
    const group = formNode.querySelector(`[data-field="${CSS.escape(String(problem.field))}"]`);
    if (!group) unknown = true;
    else if (!groups.includes(group)) groups.push(group);
  }
  for (const group of groups) markField(group, texts.field_wrong, texts);
  const situationWrong = groups.some((group) => group.dataset.field === "situation");
  let sentence;
  if (situationWrong) sentence = [texts.link_wrong_situation];
  else if (groups.length) {
    const [before, after] = texts.link_wrong.split("{questions}");
    sentence = [before, ...fieldLinks(groups, texts), after ?? ""];
  } else sentence = [texts.link_wrong_unknown];
  if (unknown && groups.length && !situationWrong) sentence.push(" ", texts.link_wrong_unknown);
  summary.replaceChildren(
    el("h2", {}, texts.error_summary),
    el("p", { "data-part": "link-wrong" }, ...sentence),
    el("details", { class: "kontroll-for-lanken", "data-part": "link-details" },
      el("summary", {}, texts.link_details),
      el("ul", { "data-part": "engine-messages" }, problems.map((problem) => el("li", {}, problem.message))),
      details));
  summary.hidden = false;
  return summary;
}

/** The questions still to answer before a verdict is shown, as links to each (after "Kontrollera"). */
export function showUnanswered(formNode, summary, fieldIds, texts) {
  clearProblems(formNode, summary);
  const groups = fieldIds.map((id) => formNode.querySelector(`[data-field="${CSS.escape(id)}"]`)).filter(Boolean);
  const [before, after] = texts.unanswered.split("{questions}");
  summary.replaceChildren(el("h2", {}, texts.error_summary), el("p", { "data-part": "unanswered" }, before, ...fieldLinks(groups, texts), after ?? ""));
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
