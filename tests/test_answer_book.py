"""The answer book (issue 24): the checker's answers computed at build time, shown before
Pyodide has loaded and without WebAssembly; and the wasm crossing the wire once.

The book's identity with checker.apps.web.ask is proved here for every entry, in CPython, on the
built file; the browser tests prove that a link is answered with Pyodide's files blocked,
that a browser without WebAssembly (``--js-flags=--jitless``) still answers every book
query and says what needs the full checker, that a worker whose answer differs from the
book's replaces it, and that the wasm is fetched once from a server without cache headers.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import http.server
import json
import re
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
from browser_support import ROOT, START_TIMEOUT_MS, VERDICT
from chromium import CHROMIUM, CHROMIUM_ARGS  # scripts/, put on the path by conftest
from playwright.sync_api import Browser, Page, expect

from checker.apps import web
from checker.model.policy import COMPILED_POLICY, Policy

sys.path.insert(0, str(ROOT / "scripts"))
import answer_book

QUERY = "situation=proxy&child_age=12&actor=guardian&action=read_journal"
FREE_TEXT = "situation=sms&sms_type=reminder&sender=Vardcentralen"
BUT_NOT_EMPTY = re.compile(r".+")
"""A query with free text: never in the book, answered only by Pyodide."""


@pytest.fixture(scope="module")
def book_file(site_dir: Path) -> Path:
    found = list((site_dir / "assets" / "checker").glob("book-*.json"))
    assert len(found) == 1, found
    return found[0]


@pytest.fixture(scope="module")
def book(book_file: Path) -> dict:
    web.setup(COMPILED_POLICY.read_text(encoding="utf-8"))
    return json.loads(book_file.read_text(encoding="utf-8"))


# --- the book, in CPython ----------------------------------------------------------------


def test_every_entry_of_the_built_book_is_asks_answer(book: dict) -> None:
    assert answer_book.prove(book) == len(book["answers"]) + len({**book["answers"], **book["linked"]}) > 1000


def test_the_book_holds_every_form_query_and_every_link_of_the_site(book: dict, site_dir: Path) -> None:
    complete = set(answer_book.form_queries(web._loaded()))
    links = set(answer_book.site_queries(ROOT / "build" / "docs"))
    assert QUERY in complete and links and FREE_TEXT not in book["answers"] and FREE_TEXT not in book["linked"]
    # Answered as the form asks (checker.apps.web.ask), and as a page opened with it asks (linked).
    assert complete | links == set(book["answers"]) == set(book["answers"]) | set(book["linked"])
    assert QUERY not in book["linked"]  # nothing left out: the link's answer is the form's, stored once
    assert book["linked"], "no link that leaves questions out is answered otherwise"
    # Every link to the checker in the built site too, as its pages write it.
    assert set(answer_book.site_queries(site_dir)) <= set(book["answers"]) | set(book["linked"])


def test_the_book_is_named_after_its_content_and_files_js_names_it(book_file: Path, site_dir: Path) -> None:
    assert book_file.name == f"book-{hashlib.sha256(book_file.read_bytes()).hexdigest()[:12]}.json"
    files = (site_dir / "assets" / "checker" / "files.js").read_text(encoding="utf-8")
    assert f'export const BOOK = new URL("{book_file.name}", import.meta.url).href;' in files
    assert book_file.with_name(book_file.name + ".br").stat().st_size <= 60_000


def test_a_wrong_entry_is_caught(book: dict) -> None:
    wrong = {**book, "linked": {**book["linked"], QUERY: book["answers"]["situation=suicidal_chat"]}}
    with pytest.raises(answer_book.BookError, match="child_age=12"):
        answer_book.prove(wrong)


def test_page_query_writes_what_urlsearchparams_writes(browser: Browser) -> None:
    pairs = [("situation", "sms"), ("sender", "Vård central ~*'()!&="), ("x", "a.b-c_d")]
    page = browser.new_page()
    try:
        written = page.evaluate("(pairs) => new URLSearchParams(pairs).toString()", pairs)
    finally:
        page.close()
    assert answer_book.page_query(pairs) == written


def test_the_form_queries_come_from_the_vocabulary(policy: Policy) -> None:
    web.setup(COMPILED_POLICY.read_text(encoding="utf-8"))
    compiled = web._loaded()
    queries = list(answer_book.form_queries(compiled))
    assert len(queries) == len(set(queries))
    for query in queries:
        pairs = parse_qsl(query)
        situation = compiled.situations[pairs[0][1]]
        # The situation first, then its fields in the policy's order; free text left out.
        assert [name for name, _ in pairs[1:]] == [
            field.id for field in situation.fields.values() if field.type != "text"
        ], query


# --- the page ----------------------------------------------------------------------------


def test_a_link_is_answered_from_the_book_with_pyodide_blocked(page: Page, site_url: str, book: dict) -> None:
    """No Pyodide file and no worker can load: the link's verdict is shown all the same."""
    page.route("**/assets/pyodide-*/**", lambda route: route.abort())
    page.route("**/javascripts/kontroll/worker.js", lambda route: route.abort())
    page.goto(f"{site_url}kontroll/?{QUERY}")
    expected = json.loads(answer_book.answer_text(book, QUERY, linked=True))["verdict"]
    expect(page.locator(VERDICT)).to_have_attribute("data-outcome", expected["outcome"])
    expect(page.locator(VERDICT)).to_contain_text(expected["outcome_label"])


def test_pyodide_starts_only_after_the_books_answer(page: Page, site_url: str) -> None:
    """Nothing of Pyodide is asked for before the book's verdict is in the page."""
    page.add_init_script(
        """new MutationObserver(() => {
             if (!window.__answeredAt && document.querySelector("#kontroll [data-outcome]"))
               window.__answeredAt = performance.now();
           }).observe(document, { childList: true, subtree: true });"""
    )
    page.goto(f"{site_url}kontroll/?{QUERY}")
    expect(page.locator("#kontroll .kontroll-status[data-state=ready]")).to_be_attached()
    answered, first = page.evaluate(
        """() => [window.__answeredAt, Math.min(...performance.getEntriesByType("resource")
              .filter((entry) => entry.name.includes("/assets/pyodide-") || entry.name.endsWith("/worker.js"))
              .map((entry) => entry.startTime))]"""
    )
    assert answered is not None and answered < first, (answered, first)


def test_a_free_text_link_starts_pyodide_without_waiting_for_the_book(
    page: Page, site_url: str, book_file: Path
) -> None:
    """The book never holds a free-text answer (files.js UNBOOKED): while the book is held on
    the wire, the worker is already asked for and the full checker answers."""
    held = []
    page.route(f"**/{book_file.name}", lambda route: held.append(route))  # not answered until the end
    with page.expect_request("**/javascripts/kontroll/worker.js", timeout=START_TIMEOUT_MS):
        page.goto(f"{site_url}kontroll/?{FREE_TEXT}")
    assert held, "the book was not asked for"
    expect(page.locator(VERDICT)).to_have_attribute("data-outcome", BUT_NOT_EMPTY, timeout=START_TIMEOUT_MS)
    for route in held:
        route.abort()


def test_a_worker_answer_that_differs_replaces_the_books_and_is_logged(
    page: Page, site_url: str, book: dict, book_file: Path
) -> None:
    """The book says another verdict for the link (as a stale book would): it is shown first,
    then Pyodide's answer replaces it and the page logs the difference."""
    other = "situation=suicidal_chat"
    wrong = {**book, "linked": {**book["linked"], QUERY: book["answers"][other]}}
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.route(f"**/{book_file.name}", lambda route: route.fulfill(json=wrong))
    page.goto(f"{site_url}kontroll/?{QUERY}")
    shown = json.loads(answer_book.answer_text(book, other, linked=True))["verdict"]["outcome"]
    right = json.loads(web.ask(QUERY, True))["verdict"]["outcome"]
    assert shown != right
    expect(page.locator(VERDICT)).to_have_attribute("data-outcome", shown)
    expect(page.locator(VERDICT)).to_have_attribute("data-outcome", right)
    assert any("Svarsboken och kontrollen svarar olika" in error for error in errors), errors


def test_a_sample_of_book_answers_equals_pyodides_in_chromium(page: Page, site_url: str, book: dict) -> None:
    """For a sample of links, Pyodide re-decides the book's answer and finds nothing to replace."""
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    everything = sorted({**book["answers"], **book["linked"]})
    queries = sorted(book["linked"])[:3] + everything[:: max(1, len(everything) // 3)]
    for query in queries:
        page.goto(f"{site_url}kontroll/?{query}")
        expect(page.locator("#kontroll .kontroll-status[data-state=ready]")).to_be_attached()
        check = page.evaluate(
            """async (query) => (await import("/javascripts/kontroll/client.js")).check(query, true)""", query
        )
        assert check == json.loads(answer_book.answer_text(book, query, linked=True)), query
    assert errors == []


@pytest.fixture(scope="module")
def jitless(browser: Browser) -> Iterator[Browser]:
    """Chromium with JavaScript's JIT off, as a hardened security mode runs it: no WebAssembly."""
    hardened = browser.browser_type.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, "--js-flags=--jitless"])
    yield hardened
    hardened.close()


def test_without_webassembly_every_book_query_is_answered(
    jitless: Browser, site_url: str, policy: Policy, book: dict
) -> None:
    context = jitless.new_context(locale="sv-SE")
    context.set_default_timeout(START_TIMEOUT_MS)
    page = context.new_page()
    try:
        page.goto(f"{site_url}kontroll/?{QUERY}")
        assert page.evaluate("typeof WebAssembly") == "undefined"
        expect(page.locator(VERDICT)).to_have_attribute(
            "data-outcome", json.loads(web.ask(QUERY, True))["verdict"]["outcome"]
        )
        status = page.locator('#kontroll [data-failed="no_wasm"]')
        expect(status).to_have_text(policy.text("checker_page", "failed_no_wasm"))
        # The form still answers from the book: another answer, another verdict at once.
        page.locator("details.kontroll-alla-fragor > summary").click()
        page.locator('input[name="action"][value="send_message"]').check()
        assert "action=send_message" in page.url
        expected = json.loads(web.ask(page.url.split("?", 1)[1], True))["verdict"]["outcome"]
        expect(page.locator(VERDICT)).to_have_attribute("data-outcome", expected)
        # Free text is not in the book: no verdict, and the sentence says why.
        page.goto(f"{site_url}kontroll/?{FREE_TEXT}")
        expect(status).to_be_visible()
        expect(page.locator(VERDICT)).to_have_count(0)
    finally:
        context.close()


class _NoCacheHeaders(http.server.SimpleHTTPRequestHandler):
    """Static files with no cache header at all, not even Last-Modified, as a bare server
    sends them; every path asked for is logged."""

    asked: list[str]

    def send_header(self, keyword: str, value: str) -> None:
        if keyword.lower() != "last-modified":
            super().send_header(keyword, value)

    def log_message(self, format: str, *args: object) -> None:
        self.asked.append(self.path)


@contextlib.contextmanager
def bare_server(directory: Path) -> Iterator[tuple[str, list[str]]]:
    asked: list[str] = []
    handler = type("Handler", (_NoCacheHeaders,), {"asked": asked})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", asked
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("query", ["", QUERY])
def test_the_wasm_crosses_the_wire_once_without_cache_headers(browser: Browser, site_dir: Path, query: str) -> None:
    with bare_server(site_dir) as (url, asked):
        context = browser.new_context()
        context.set_default_timeout(START_TIMEOUT_MS)
        try:
            page = context.new_page()
            page.goto(f"{url}kontroll/?{query or FREE_TEXT}")
            expect(page.locator("#kontroll .kontroll-status[data-state=ready]")).to_be_attached()
            expect(page.locator(VERDICT)).to_be_attached()
        finally:
            context.close()
    assert [path for path in asked if path.endswith("/pyodide.asm.wasm")] != []
    assert len([path for path in asked if path.endswith("/pyodide.asm.wasm")]) == 1, asked
