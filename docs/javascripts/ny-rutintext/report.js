// The desk's report as DOM, from checker.apps.desk's answer and the page's data (the
// rules' titles, places and reach, worked out by the build: scripts/pages/revision_page.py).
// Text only ever goes in as text (textContent), never as markup.

/** Fill {name} placeholders of a text from policy.yaml. */
export function format(template, values = {}) {
  return template.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? String(values[key]) : whole));
}

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  node.append(...children);
  return node;
}

/** A word diff: kept words as text, removed ones in <del>, added ones in <ins>. */
function diff(parts) {
  const line = element("p", { class: "ny-rutintext-diff" });
  parts.forEach(([tag, words], index) => {
    if (index) line.append(" ");
    line.append(tag === "del" || tag === "ins" ? element(tag, {}, words) : words);
  });
  return line;
}

function link(href, text) {
  return element("a", { href }, text);
}

/** One finding as a list item, marked with what it is about (data-rule, data-interpretation). */
function finding(kind, item, data) {
  const texts = data.texts;
  const entry = element("li", { class: "ny-rutintext-fynd" });
  if (kind === "rules") {
    const rule = data.rules[item.id];
    entry.dataset.rule = item.id;
    entry.append(element("p", { class: "ny-rutintext-titel" }, link(rule.href, rule.title)));
  } else if (kind === "interpretations") {
    const reading = data.interpretations[item.id];
    entry.dataset.interpretation = item.id;
    entry.append(element("p", { class: "ny-rutintext-titel" }, link(reading.href, reading.title)));
  } else if (item.section) {
    entry.dataset.section = item.section;
  }
  entry.append(element("p", {}, item.said || item.line));
  if (item.parts.length) entry.append(diff(item.parts));
  if (item.sentence) entry.append(element("blockquote", {}, element("p", {}, item.sentence)));
  if (kind === "rules") {
    const rule = data.rules[item.id];
    entry.append(element("p", { "data-part": "reach" }, format(texts.rule_reach, { count: rule.scenarios, total: data.total })));
    const tries = element("ul", { class: "ny-rutintext-prova" });
    for (const example of rule.tries) {
      tries.append(element("li", {}, link(example.href, texts.try), ` – ${example.answers}`));
    }
    entry.append(tries);
  }
  return entry;
}

/** One line per change, first: editorial, or what rests on it (checker.revision.impact). */
function changes(lines) {
  const list = element("ul", { class: "ny-rutintext-andringar" });
  for (const line of lines) {
    const entry = element("li", { "data-change": line.editorial ? "editorial" : "impact" }, line.line);
    if (line.section) entry.dataset.section = line.section;
    list.append(entry);
  }
  return list;
}

/** Values the new text states differently: each with the answers that change, before → after
 * (outcome ids in data-before/data-after), or why they cannot be computed. */
function values(items, data) {
  const texts = data.texts;
  const list = element("ul", { class: "ny-rutintext-varden" });
  for (const item of items) {
    const entry = element("li", { "data-parameter": item.parameter, "data-computed": String(item.computed) });
    entry.append(element("p", {}, item.line));
    if (item.answers.length) {
      const answers = element("ul", { class: "ny-rutintext-prova" });
      for (const answer of item.answers) {
        answers.append(
          element(
            "li",
            { "data-before": answer.before, "data-after": answer.after },
            link(answer.href, texts.try),
            ` – ${answer.answers}: `,
            element("strong", {}, format(texts.value_answer, { before: answer.before_words, after: answer.after_words })),
          ),
        );
      }
      entry.append(answers);
    }
    list.append(entry);
  }
  return list;
}

/** The whole report: agreement, one line per change, what it means for the owner, and every
 * finding by group. An empty text gets one sentence and nothing else. */
export function report(answer, compared, data) {
  const texts = data.texts;
  const drift = answer.empty ? "empty" : answer.agrees ? "agrees" : "differs";
  const result = element("section", {
    class: "ny-rutintext-resultat",
    "data-drift": drift,
    "data-policy-version": data.version,
    "aria-labelledby": "ny-rutintext-rubrik",
  });
  if (answer.empty) {
    result.append(
      element("h2", { id: "ny-rutintext-rubrik" }, texts.report_title),
      element("p", { "data-part": "summary" }, element("strong", {}, answer.summary)),
    );
    return result;
  }
  const print = element("button", { type: "button", class: "md-button ny-rutintext-skriv-ut" }, texts.print);
  print.addEventListener("click", () => window.print());
  result.append(
    element("h2", { id: "ny-rutintext-rubrik" }, texts.report_title),
    element("p", {}, compared, " ", format(texts.compared_with, { version: data.version })),
    element("p", { "data-part": "summary" }, element("strong", {}, answer.summary)),
    element("p", {}, answer.agrees ? texts.agrees_meaning : texts.differs_meaning),
    element("p", {}, print),
  );
  if (answer.changes.length) {
    result.append(element("h3", { "data-group": "changes" }, texts.heading_changes), changes(answer.changes));
  }
  if (answer.values.length) {
    result.append(
      element("h3", { "data-group": "values" }, texts.heading_values),
      element("p", {}, texts.meaning_values),
      values(answer.values, data),
    );
  }
  for (const group of answer.groups) {
    const list = element("ul", { class: "ny-rutintext-fynden" });
    for (const item of group.findings) list.append(finding(group.kind, item, data));
    result.append(
      element("h3", { "data-group": group.kind }, texts[`heading_${group.kind}`]),
      element("p", {}, texts[`meaning_${group.kind}`]),
      list,
    );
  }
  return result;
}
