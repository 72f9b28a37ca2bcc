"""What the owner's desk (ny-rutintext/) moves over the wire: ``.venv/bin/python scripts/bench_desk.py``.

The built site (site/) is served by Debian's nginx with the build's own configuration
(brotli copies, cache headers), as the browser tests' ``hosted`` fixture serves it. One
fresh browser profile opens the staff checker and waits for a verdict, then opens the desk
and compares the routine's own text; nginx's access log says what each step sent (headers and
encoded body). Printed per file: what the desk loads beyond the staff checker, on a cold
cache, and again after the staff checker warmed it. Bytes only, no timings: on a shared
machine only the bytes are the same on every run.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

import nginx_site  # noqa: E402
from chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from playwright.sync_api import Page, sync_playwright  # noqa: E402

from checker import load_policy  # noqa: E402
from checker.model.scenario import scenario_to_query  # noqa: E402

TIMEOUT_MS = 120_000


def compare_routine(page: Page, url: str, text: str) -> None:
    page.goto(url + "ny-rutintext/")
    page.fill("#ny-rutintext-text", text)
    page.click("#ny-rutintext button[type=submit]")
    page.wait_for_selector("#ny-rutintext-rapport [data-drift]", timeout=TIMEOUT_MS)
    page.wait_for_load_state("networkidle")


def table(title: str, sent: list[nginx_site.Sent]) -> str:
    lines = [title, f"  {'bytes':>9}  {'status':>6}  {'encoding':8}  path"]
    for entry in sorted(sent, key=lambda entry: -entry.bytes):
        lines.append(f"  {entry.bytes:>9}  {entry.status:>6}  {entry.encoding or '-':8}  {entry.path}")
    lines.append(f"  {sum(entry.bytes for entry in sent):>9}  total ({len(sent)} requests)")
    return "\n".join(lines)


def main() -> int:
    policy = load_policy(ROOT / "policy.yaml")
    text = (ROOT / policy.data["meta"]["source"]).read_text(encoding="utf-8")
    _, example = next(iter(policy.examples()))  # any verdict: the staff checker fully loaded
    staff = "kontroll/?" + scenario_to_query(example["scenario"])
    with nginx_site.serve(ROOT / "site") as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for warm in (False, True):
            context = browser.new_context(locale="sv-SE")
            page = context.new_page()
            if warm:
                page.goto(server.url + staff)
                page.wait_for_selector("#kontroll [data-outcome]", timeout=TIMEOUT_MS)
                page.wait_for_load_state("networkidle")
            mark = server.mark()
            compare_routine(page, server.url, text)
            title = "desk after the staff checker (what it loads beyond it)" if warm else "desk, cold cache"
            print(table(title, server.since(mark)), end="\n\n")
            context.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
