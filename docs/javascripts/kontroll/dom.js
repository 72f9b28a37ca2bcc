// A tiny DOM builder. Text always goes in as text nodes, never parsed as HTML: answers come from
// the URL and verdicts from the policy, and neither may ever be parsed as markup.

/**
 * Create an element: `el("p", {class: "x", "data-part": "hints"}, "text", child, …)`.
 * Attributes with value null/undefined/false are left out; `true` sets an empty attribute.
 */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return node;
}

/** Fill a policy text template: format("Utfall: {outcome}", {outcome: "Tillåtet"}). */
export function format(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? String(values[key]) : whole));
}
