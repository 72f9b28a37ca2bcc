"""Playwright helpers for the browser tests: Debian's Chromium, no outside host, request log.

The browser is Debian's Chromium launched as scripts/chromium.py says (no call home, DNS
for 127.0.0.1 only), so every request left in the log was made by the site. Each test gets
a fresh context (empty profile, empty cache) whose every request is recorded and checked
against the site's origin when the test ends.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, Page

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
START_TIMEOUT_MS = 60_000
"""Pyodide starts in about two seconds here; a minute only ever catches a real hang."""

VERDICT = "#kontroll [data-outcome]"
PROBLEMS = "#kontroll .kontroll-problem:not([hidden])"


@dataclass
class Recorded:
    """A browser context and every URL it requested (page, worker, fetches)."""

    context: BrowserContext
    origin: str
    urls: list[str] = field(default_factory=list)

    def foreign(self) -> list[str]:
        """Requests that left the site's own origin (data: and blob: URLs stay in the page)."""
        return [
            url for url in self.urls if urlsplit(url).scheme not in ("data", "blob") and origin_of(url) != self.origin
        ]


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def record(context: BrowserContext, site_url: str) -> Recorded:
    recorded = Recorded(context, origin_of(site_url))
    context.on("request", lambda request: recorded.urls.append(request.url))
    return recorded


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that leaves a page (or a test that closes it) while a file is on its way
        resets the connection: that is no error of the site's, and not printed as one."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(directory: Path, port: int = 0) -> Iterator[str]:
    """Serve ``directory`` as static files on 127.0.0.1, on a free port unless ``port`` is
    given (a site whose site_url names the port); yields the base URL."""
    server = _Server(("127.0.0.1", port), functools.partial(_QuietHandler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def read_verdict(page: Page) -> dict[str, Any]:
    """The shown verdict, field by field, from its data-* markers and texts."""
    return page.evaluate(
        """() => {
        const v = document.querySelector("#kontroll [data-outcome]");
        const texts = (selector) => [...v.querySelectorAll(selector)].map((node) => node.textContent);
        const consent = v.querySelector('[data-part="consent"]');
        const journal = v.querySelector('[data-part="journal-text"]');
        return {
          outcome: v.dataset.outcome,
          policy_version: v.dataset.policyVersion,
          rules: [...v.querySelectorAll("a[data-rule]")].map((a) => a.dataset.rule),
          says: texts("[data-rule-id] > p:first-child"),
          sources: [...v.querySelectorAll("a[data-source]")].map((a) => a.getAttribute("href")),
          consent: consent && {
            required: consent.dataset.required === "true",
            method: consent.dataset.method || null,
            documented_in_journal: {true: true, false: false}[consent.dataset.documented] ?? null,
            journal_text: journal ? journal.textContent : null,
          },
          conditions: texts('[data-part="conditions"] > li'),
          messages: [...v.querySelectorAll('[data-part="message"]')].map((m) => ({
            title: m.querySelector('[data-part="message-title"]').textContent,
            text: m.querySelector('[data-part="message-text"]').textContent,
          })),
          hints: texts('[data-part="hints"] > li'),
          references: [...v.querySelectorAll("[data-reference]")].map((li) => li.dataset.reference),
          interpretations: [...v.querySelectorAll("li[data-interpretation]")].map((li) => [li.dataset.interpretation, li.dataset.status]),
        };
    }"""
    )


def expected_view(verdict: dict[str, Any]) -> dict[str, Any]:
    """The CPython verdict in the shape :func:`read_verdict` reads from the page."""
    consent = verdict["consent"]
    return {
        "outcome": verdict["outcome"],
        "policy_version": verdict["policy_version"],
        "rules": verdict["rules"],
        "says": [step["says"] for step in verdict["explanation"]],
        "sources": ["../" + source for source in verdict["sources"]],
        "consent": consent
        and {
            "required": consent["required"],
            "method": consent["method"],
            "documented_in_journal": consent["documented_in_journal"],
            "journal_text": consent.get("journal_text"),
        },
        "conditions": verdict["conditions"],
        "messages": verdict["messages"],
        "hints": verdict["hints"],
        "references": [reference["id"] for reference in verdict["references"]],
        "interpretations": [[item["id"], item["status"]] for item in verdict["interpretations"]],
    }


def show_query(page: Page, query: str) -> None:
    """Open another scenario in an already loaded checker, as back/forward would."""
    page.evaluate(
        """(query) => {
        history.pushState(null, "", "?" + query);
        dispatchEvent(new PopStateEvent("popstate"));
    }""",
        query,
    )


def axe_violations(page: Page) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now, one line each."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    # A half-finished fade (the header's title swaps as the page scrolls) has half the contrast.
    page.evaluate("() => Promise.all(document.getAnimations().map((animation) => animation.finished))")
    result = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", WCAG_TAGS
    )
    return [
        f"{violation['id']}: {violation['help']} -> {[node['target'] for node in violation['nodes']][:5]}"
        for violation in result["violations"]
    ]
