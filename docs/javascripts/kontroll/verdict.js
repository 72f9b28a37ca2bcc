// The verdict and the problems, drawn from checker.web.check_query()'s JSON.
//
// Each part of the verdict carries a data-* marker (data-outcome, data-rule, data-source,
// data-part) so that pages and the browser tests can read it field by field. The outcome is
// shown as an icon, a word and a border style, never by colour alone.

import { el, format } from "./dom.js";
import { controlId } from "./questions.js";
import { recordFoot, recordHead, recordQuote } from "./record.js";

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
 * "Fråga rutinens ägare" for a verdict the routine does not decide: a mail holding the owner
 * question, this page's link (the answers) and the policy version, and nothing else. Without
 * an address (mkdocs.yml extra.rutinagare.epost) the page says so instead.
 */
function askOwner(verdict, form, owner) {
  const texts = form.texts.checker_page;
  if (!owner) {
    return el("div", { class: "kontroll-agare", "data-part": "ask-owner" }, el("h3", {}, texts.ask_owner), el("p", {}, texts.ask_owner_unset));
  }
  const subject = format(texts.ask_owner_subject, { title: form.title });
  const body = format(texts.ask_owner_body, { question: verdict.owner_question.question, link: location.href, version: verdict.policy_version });
  const href = `mailto:${owner}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
  return el("div", { class: "kontroll-agare", "data-part": "ask-owner" },
    el("h3", {}, texts.ask_owner),
    el("p", {}, el("a", { href, class: "md-button" }, texts.ask_owner)),
    el("p", { class: "kontroll-hjalp" }, texts.ask_owner_help));
}

/** The verdict as a DOM tree; `owner` is the routine owner's address, or "" if not set. */
export function verdictView(verdict, form, owner) {
  const texts = form.texts.checker_page;
  const report = form.texts.report;
  const parts = [];

  if (verdict.changed) {
    parts.push(el("p", { class: "kontroll-andrad", "data-part": "changed" }, verdict.changed.text, " ",
      el("a", { href: `../${verdict.changed.link}` }, texts.changed_link)));
  }

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

  if (verdict.interpretations.length) parts.push(interpretationsNotice(verdict, texts, report));
  if (verdict.outcome === "not_covered") parts.push(askOwner(verdict, form, owner));

  const consent = verdict.consent;
  if (consent) {
    parts.push(...section(texts.consent,
      el("ul", {
        "data-part": "consent", "data-required": String(consent.required), "data-method": consent.method ?? "",
        "data-documented": String(consent.documented_in_journal),
      }, verdict.consent_lines.map((line) => el("li", {}, line))),
      consent.journal_text ? el("div", { class: "kontroll-kopiera-text" },
        el("h4", {}, texts.journal_text),
        el("p", { class: "kontroll-text", "data-part": "journal-text" }, consent.journal_text),
        copyButton(texts.copy_journal, () => consent.journal_text, texts)) : null));
  }

  if (verdict.conditions.length) {
    parts.push(...section(texts.conditions, el("ul", { "data-part": "conditions" }, verdict.conditions.map((text) => el("li", {}, text)))));
  }

  if (verdict.messages.length) {
    parts.push(...section(texts.messages, verdict.messages.map((message) => el("div", { class: "kontroll-kopiera-text", "data-part": "message" },
      el("h4", { "data-part": "message-title" }, message.title),
      el("p", { class: "kontroll-text", "data-part": "message-text" }, message.text),
      copyButton(format(texts.copy_message, { title: message.title }), () => message.text, texts)))));
  }

  if (verdict.hints.length) {
    parts.push(...section(texts.hints, el("ul", { "data-part": "hints" }, verdict.hints.map((text) => el("li", {}, text)))));
  }

  if (verdict.references.length) {
    parts.push(...section(texts.references, el("ul", { "data-part": "references" }, verdict.references.map((ref) =>
      el("li", { "data-reference": ref.id }, ref.url ? el("a", { href: ref.url }, ref.title) : ref.title)))));
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
    el("span", { class: "kontroll-dold" }, `${texts.verdict_label}: `),
    verdict.outcome_label),
  ...parts);
}

/**
 * Show the engine's problems: each message next to its field (aria-describedby,
 * aria-invalid), and a summary whose links move focus to the field (GOV.UK's pattern).
 * Answers stay as they are. Returns the summary element.
 */
export function showProblems(formNode, summary, problems, texts) {
  clearProblems(formNode, summary);
  const items = problems.map((problem) => {
    const group = formNode.querySelector(`[data-field="${CSS.escape(String(problem.field))}"]`);
    if (!group) return el("li", {}, problem.message);
    const messageId = `${controlId(problem.field)}-fel`;
    let message = group.querySelector(`#${CSS.escape(messageId)}`);
    if (!message) {
      message = el("p", { id: messageId, class: "kontroll-fel" });
      group.querySelector("legend, label").after(message);
      const described = [group.dataset.describedby, messageId].filter(Boolean).join(" ");
      const target = group.matches("fieldset") ? group : group.querySelector("input");
      target.setAttribute("aria-describedby", described);
      target.setAttribute("aria-invalid", "true");
    }
    message.append(el("span", { class: "kontroll-dold" }, `${texts.error_prefix} `), problem.message, " ");
    const focusTarget = group.querySelector("input:checked") ?? group.querySelector("input");
    const link = el("a", { href: `#${focusTarget.id}` }, problem.message);
    // Focus the control itself rather than scrolling to an anchor; also keeps mkdocs-material's
    // instant navigation away from the click.
    link.addEventListener("click", (event) => {
      event.preventDefault();
      focusTarget.focus();
    });
    return el("li", {}, link);
  });
  summary.replaceChildren(el("h2", {}, texts.error_summary), el("ul", {}, items));
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
