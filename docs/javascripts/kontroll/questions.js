// The questions, drawn from the form model (checker.apps.web.form(), generated at build time):
// the situation first, then only the fields that situation has. Labels, help texts, values
// and defaults all come from policy.yaml; nothing here names a situation or a field.
//
// Every control's name is the scenario contract's id, and its value is the id the URL
// carries ("true"/"false" for booleans), so reading an answer needs no mapping.

import { el } from "./dom.js";

/** The id of the element that holds field `fieldId` (what error links and messages point at). */
export function controlId(fieldId) {
  return `kontroll-falt-${fieldId}`;
}

function hint(id, text) {
  return text ? el("div", { id, class: "kontroll-hjalp" }, text) : null;
}

/** A radio group as a fieldset with a legend; each option with its own label and help. */
function radioGroup(name, legend, help, options, texts, { required, optional }) {
  const groupId = controlId(name);
  const helpId = help ? `${groupId}-hjalp` : null;
  const legendId = `${groupId}-rubrik`;
  const legendNode = el("legend", { id: legendId, class: "kontroll-fraga" }, legend,
    optional ? el("span", { class: "kontroll-valfri" }, ` ${texts.optional}`) : null);
  const radios = options.map((option, index) => {
    const id = index === 0 ? groupId : `${groupId}-${option.id}`;
    const optionHelpId = option.help ? `${id}-hjalp` : null;
    return el("div", { class: "kontroll-val" },
      el("input", { type: "radio", id, name, value: option.id, "aria-describedby": optionHelpId }),
      el("label", { for: id }, option.label),
      hint(optionHelpId, option.help));
  });
  // role=radiogroup (allowed on fieldset) makes aria-required/aria-invalid valid here;
  // aria-labelledby keeps the legend as the group's name under that role.
  return el("fieldset", {
    class: "kontroll-grupp", "data-field": name, role: "radiogroup", "aria-labelledby": legendId,
    "aria-describedby": helpId, "data-describedby": helpId ?? "", "aria-required": required ? "true" : null,
  }, legendNode, hint(helpId, help), ...radios);
}

/** A number or text field with a visible label, help and (for numbers) the unit. */
function inputField(field, texts) {
  const id = controlId(field.id);
  const helpId = field.help ? `${id}-hjalp` : null;
  const attributes = field.type === "integer"
    ? { type: "number", inputmode: "numeric", min: field.min, max: field.max, step: 1 }
    : { type: "text", maxlength: field.max_length, autocomplete: "off", spellcheck: "false" };
  return el("div", { class: "kontroll-grupp", "data-field": field.id, "data-describedby": helpId ?? "" },
    el("label", { for: id, class: "kontroll-fraga" }, field.label,
      field.optional ? el("span", { class: "kontroll-valfri" }, ` ${texts.optional}`) : null),
    hint(helpId, field.help),
    el("div", { class: "kontroll-inmatning" },
      el("input", { id, name: field.id, ...attributes, "aria-describedby": helpId, "aria-required": field.optional ? null : "true" }),
      field.unit ? el("span", { class: "kontroll-enhet", "aria-hidden": "true" }, field.unit) : null));
}

/** The situation question: one radio per situation, its question as help. */
export function situationGroup(form) {
  const texts = form.texts.checker_page;
  const options = form.situations.map((situation) => ({ id: situation.id, label: situation.label, help: situation.question }));
  return radioGroup("situation", texts.situation_legend, "", options, texts, { required: true, optional: false });
}

/** The controls for one situation's fields, in the policy's order. */
export function fieldGroups(situation, texts) {
  const yesNo = [{ id: "true", label: texts.answer_yes }, { id: "false", label: texts.answer_no }];
  return situation.fields.map((field) => {
    if (field.type === "boolean" || field.type === "choice") {
      // Nothing starts answered, not even a field with a default (that is for links that
      // leave it out): the nurse answers the questions that can still decide.
      const optional = field.optional; // checker.apps.web.form: may stay unanswered (an optional text)
      return radioGroup(field.id, field.label, field.help, field.type === "boolean" ? yesNo : field.values, texts, { required: !optional, optional });
    }
    return inputField(field, texts);
  });
}

/** Show the answers in `params` (URLSearchParams); a question not in it shows no answer. */
export function showAnswers(root, situation, params) {
  const fields = [{ id: "situation" }, ...(situation ? situation.fields : [])];
  for (const field of fields) {
    const shown = params.get(field.id) ?? "";
    for (const input of root.querySelectorAll(`[name="${CSS.escape(field.id)}"]`)) {
      if (input.type === "radio") input.checked = input.value === shown;
      else if (input.value !== shown) input.value = shown; // keep the caret while typing
    }
  }
}


/**
 * Show only the questions `fieldIds` of the situation drawn in `root` (checker.apps.web.ask: the
 * answered ones and those that can still change the answer); the others stay drawn, hidden,
 * so that the form is drawn once and a question comes back without being rebuilt.
 */
export function showOnly(root, fieldIds) {
  for (const group of root.querySelectorAll("[data-field]")) group.hidden = !fieldIds.includes(group.dataset.field);
}
