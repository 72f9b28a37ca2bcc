// The page Pröva en ny version av rutinen (ny-rutintext/): a pasted text or a chosen (or
// dropped) file, compared in the desk's worker by checker.apps.desk, the report shown
// below the form. The page's words and the rules' data stand in the page as JSON (written by
// scripts/pages/revision_page.py from policy.yaml). Nothing is sent or stored: the text and
// the file go to the worker in this browser, and nowhere else.

import { format, report } from "./report.js";

const data = JSON.parse(document.getElementById("ny-rutintext-data").textContent);
const texts = data.texts;
const form = document.getElementById("ny-rutintext");
const textarea = document.getElementById("ny-rutintext-text");
const fileInput = document.getElementById("ny-rutintext-fil");
const status = document.getElementById("ny-rutintext-status");
const output = document.getElementById("ny-rutintext-rapport");

let worker = null;
let ready = false;
let failed = false;
let waiting = null; // the request made before the worker was ready (only the last one)
let current = 0; // the request whose answer is shown; older answers are dropped
const labels = new Map();

function say(text) {
  status.textContent = text;
}

function fail(detail) {
  if (failed) return;
  failed = true;
  worker?.terminate();
  say(format(texts.failed, { detail }));
}

function post(message) {
  worker.postMessage(message, message.file ? [message.file.buffer] : []);
}

function request(message, compared) {
  if (failed) return;
  current += 1;
  labels.set(current, compared);
  const numbered = { ...message, id: current };
  say(ready ? texts.working : texts.loading);
  if (ready) post(numbered);
  else waiting = numbered;
}

function show(id, json) {
  const compared = labels.get(id);
  labels.delete(id);
  if (id !== current) return;
  const answer = JSON.parse(json);
  if (answer.error) {
    output.replaceChildren();
    const problem = document.createElement("p");
    problem.className = "ny-rutintext-fel";
    problem.setAttribute("role", "alert");
    problem.dataset.error = "file";
    problem.textContent = format(texts.file_error, { name: compared.name, reason: answer.error });
    output.append(problem);
    say("");
    return;
  }
  output.replaceChildren(report(answer, compared.words, data));
  say("");
  output.focus();
}

async function compareFile(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  request({ file: bytes }, { name: file.name, words: format(texts.compared_file, { name: file.name }) });
}

function receive({ data: message }) {
  if (message.type === "ready") {
    ready = true;
    if (waiting) {
      post(waiting);
      waiting = null;
      say(texts.working);
    } else {
      say(texts.ready);
    }
  } else if (message.type === "failed") {
    fail(message.detail);
  } else if (message.type === "result") {
    show(message.id, message.json);
  }
}

form.hidden = false;
say(texts.loading);
try {
  worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
  worker.onmessage = receive;
  worker.onerror = (event) => {
    event.preventDefault();
    fail(event.message || "worker.js");
  };
} catch (error) {
  fail(error.message);
}

// Text pasted from Word comes with an HTML copy, whose headings (h1–h6, and Word's own
// heading classes) say where sections begin, and whose title (MsoTitle) is no routine text.
// They are kept for as long as the pasted text stands in the box.
let pastedHeadings = null;
const HEADINGS = "h1, h2, h3, h4, h5, h6, p[class^='MsoHeading'], p[class^='MsoTitle'], p[class^='MsoSubtitle']";

function clean(text) {
  return text.replace(/\s+/g, " ").trim();
}

textarea.addEventListener("paste", (event) => {
  const markup = event.clipboardData?.getData("text/html");
  pastedHeadings = null;
  if (!markup) return;
  const pasted = new DOMParser().parseFromString(markup, "text/html");
  const found = [...pasted.querySelectorAll(HEADINGS)];
  const title = (node) => /^Mso(Sub)?Title/.test(node.className);
  const plain = event.clipboardData.getData("text/plain");
  if (!found.length || !plain) return;
  event.preventDefault();
  // The title is not routine text: the pasted text is the plain copy without it.
  let text = plain.replace(/\r\n?/g, "\n");
  for (const node of found.filter(title)) text = text.replace(clean(node.textContent), "");
  pastedHeadings = found.filter((node) => !title(node)).map((node) => clean(node.textContent)).filter(Boolean);
  textarea.setRangeText(text, textarea.selectionStart, textarea.selectionEnd, "end");
});
textarea.addEventListener("input", () => {
  if (!textarea.value.trim()) pastedHeadings = null;
});

form.addEventListener("submit", (event) => {
  event.preventDefault();
  if (textarea.value.trim()) {
    request({ text: textarea.value, headings: pastedHeadings }, { name: "", words: texts.compared_text });
  } else if (fileInput.files.length) {
    compareFile(fileInput.files[0]);
  } else {
    say(texts.empty);
    textarea.focus();
  }
});

fileInput.addEventListener("change", () => {
  if (fileInput.files.length) compareFile(fileInput.files[0]);
});

// A file dropped anywhere on the form is taken as if chosen (and shown in the file input).
form.addEventListener("dragover", (event) => {
  event.preventDefault();
  form.classList.add("ny-rutintext-slapp");
});
form.addEventListener("dragleave", () => form.classList.remove("ny-rutintext-slapp"));
form.addEventListener("drop", (event) => {
  event.preventDefault();
  form.classList.remove("ny-rutintext-slapp");
  const files = event.dataTransfer?.files;
  if (!files?.length) return;
  fileInput.files = files;
  compareFile(files[0]);
});
