// The answer book: the checker's answers, computed at build time by the same Python
// (scripts/answer_book.py), to every query the form can write without free text and to
// every link to the checker in the site's pages. A query found here is answered at once,
// before Pyodide has loaded, and also without WebAssembly; Pyodide starts once that first
// answer is shown (start.js waits for `firstAnswer`), re-decides the same query, and its
// answer replaces the book's should it ever differ. Why: guides/beslut/0009.
//
// No routine logic here: the key is the query as the page writes it (`pageQuery`, which
// scripts/answer_book.py `page_query` mirrors), the value is checker.apps.web.ask's text (for the form's
// answers, and for a link's where that differs: `linked`), stored as its members, each once
// (`parts`), and joined back here exactly as Python joined them.

import { BOOK, UNBOOKED } from "../../assets/checker/files.js";

/** The book, asked for at once with the same request as the page's preload hint; null if it cannot be had. */
const book = fetch(BOOK)
  .then((response) => (response.ok ? response.json() : null))
  .catch(() => null)
  .finally(() => performance.mark("kontroll: book in")); // scripts/bench's waterfall shows it

/**
 * The query as the page writes it into the address: the situation first, then the
 * situation's fields in the form's order, anything else after. The book's keys are written
 * the same way (answer_book.page_query), so a form answer is found whatever order she
 * answered in.
 */
export function pageQuery(params, situation) {
  const order = ["situation", ...(situation?.fields ?? []).map((field) => field.id)];
  const ordered = new URLSearchParams();
  for (const name of order) for (const value of params.getAll(name)) ordered.append(name, value);
  for (const [name, value] of params) if (!order.includes(name)) ordered.append(name, value);
  return ordered.toString();
}

/**
 * The book's answer to `query` (checker.apps.web.ask's, for a link's answers if `linked`), or null.
 * An entry is the answer's members in order: a number is one member as Python wrote it, a
 * list an object member (its key, then its own members, each again a number or a list),
 * joined as Python joined them.
 */
export async function bookAnswer(query, linked) {
  if (unbooked(query)) return null; // never in the book: not worth waiting for it
  const found = await book;
  const own = (map) => (Object.hasOwn(map, query) ? map[query] : null); // never a prototype's key
  // A link's answer is the form's unless the book holds one of its own (answer_book.write_book).
  const entries = found && ((linked && own(found.linked)) || own(found.answers));
  if (!entries) return null;
  const member = (item) => (typeof item === "number" ? found.parts[item]
    : `${found.parts[item[0]]}: {${item.slice(1).map(member).join(", ")}}`);
  return JSON.parse(`{${entries.map(member).join(", ")}}`);
}

let release;
/** Settles once the page has shown its first answer, or once it is clear the book has none for it. */
export const firstAnswer = new Promise((resolve) => (release = resolve));

/** Whether `query` answers a question the book never holds (free text: UNBOOKED, from the build). */
function unbooked(query) {
  return [...new URLSearchParams(query)].some(([name, value]) => value !== "" && UNBOOKED.includes(name));
}

// A link the book cannot answer is answered by the full checker only: Pyodide starts at once.
const opened = location.search.slice(1);
if (opened && !unbooked(opened)) bookAnswer(opened, true).then((found) => found || release());
else release();

/**
 * The answers to `query`, in the order they can be shown: the book's at once (if it has
 * one), then the worker's (`check`), but only if it differs from the book's, which is then
 * logged. Ends without the worker's answer if the worker cannot give one.
 */
export async function* answers(query, linked, check) {
  const early = await bookAnswer(query, linked);
  if (early) {
    try {
      yield early;
      performance.mark("kontroll: book answer shown");
    } finally {
      release(); // drawn (or no longer wanted): Pyodide may start
    }
  } else {
    release(); // the book has nothing to show first (its first look may have found it as a link's)
  }
  let late;
  try {
    late = await check(query, linked);
  } catch {
    return; // the checker could not load: the page's status says so, the book's answer stays
  }
  if (!early) {
    yield late;
  } else if (JSON.stringify(late) !== JSON.stringify(early)) {
    console.error(`Svarsboken och kontrollen svarar olika på ${query}; kontrollens svar visas.`);
    yield late;
  }
}
