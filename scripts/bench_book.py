"""The answer book's budgets (issue 24), side by side with an earlier build: ``scripts/bench --book --baseline DIR``.

Each round, for this build and the baseline in turn, fresh Chromium profiles, served by nginx
with each build's own configuration (as scripts/bench serves them):

- a pre-filled link, cold, at 20 Mbit/s (20 ms): milliseconds to the first answer
  (``data-outcome`` in the page) and the bytes that had crossed the wire by then (Resource
  Timing's ``transferSize``, page and worker, of every request finished before it; a request
  still under way is not counted, so for a build that answers only after Pyodide the number
  is a lower bound);
- the same with Chromium's CPU slowed 4× (``Emulation.setCPUThrottlingRate``);
- the same link on 127.0.0.1, cold and then warm (the same profile's second visit);
- a link with free text, cold at 20 Mbit/s: the book cannot answer it, so this is
  Pyodide ready and answering.

Medians, with the budgets: first answer ≤ 500 ms with ≤ 150 KB before it, ≤ 1000 ms at 4×,
warm ≤ 300 ms, free text no slower than before. Written to build/bench-book.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

import bench_browser
import nginx_site
from bench_browser import Browser, page_of, throttle, until_done
from playwright.sync_api import sync_playwright

FREE_TEXT = "situation=sms&sms_type=reminder&sender=Vardcentralen"
"""A link with free text (the sms's sender): never in the book, answered by Pyodide."""
BYTES_BEFORE = """(doneAt) => {
  const entries = [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")];
  return entries.filter((entry) => performance.timeOrigin + entry.responseEnd <= doneAt)
    .reduce((sum, entry) => sum + entry.transferSize, 0);
}"""
"""Bytes of the requests finished by ``doneAt`` (an absolute time), in the page or a worker."""
BUDGETS = {"first@20": 500, "bytes_before@20": 150_000, "first@20x4": 1000, "warm": 300}


def first_answer(browser: Browser, base: str, query: str, mbit: float, cpu: float = 1) -> tuple[float, float]:
    """A cold visit: ms to the first answer and the bytes on the wire before it."""
    with browser.profile() as context:
        page = page_of(context)
        throttle(context, page, mbit)
        if cpu != 1:
            context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": cpu})
        done = until_done(page, f"{base}kontroll/?{query}")
        at = page.evaluate("performance.timeOrigin") + done
        return done, page.evaluate(BYTES_BEFORE, at) + sum(worker.evaluate(BYTES_BEFORE, at) for worker in page.workers)


def measure(browser: Browser, base: str) -> dict[str, float]:
    first, before = first_answer(browser, base, bench_browser.QUERY, 20)
    slowed, _ = first_answer(browser, base, bench_browser.QUERY, 20, cpu=4)
    cold, warm = bench_browser.cold_and_warm(browser, base)
    free, _ = first_answer(browser, base, FREE_TEXT, 20)
    return {
        "first@20": first,
        "bytes_before@20": before,
        "first@20x4": slowed,
        "cold": cold,
        "warm": warm,
        "free_text@20": free,
    }


LABELS = {
    "first@20": "first answer, pre-filled link, cold, 20 Mbit/s (ms)",
    "bytes_before@20": "bytes on the wire before it",
    "first@20x4": "the same, CPU slowed 4× (ms)",
    "cold": "first answer, cold, 127.0.0.1 (ms)",
    "warm": "warm, 127.0.0.1 (ms)",
    "free_text@20": "free-text link (Pyodide ready), cold, 20 Mbit/s (ms)",
}


def run(args: argparse.Namespace) -> int:
    results: dict[str, dict[str, list[float]]] = {"after": {}, "before": {}}
    with tempfile.TemporaryDirectory(prefix="bench-book-") as tmpname:
        tmp = Path(tmpname)
        site = bench_browser.bench_copy(tmp)
        with (
            nginx_site.serve(site) as server,
            bench_browser.baseline_server(args.baseline, tmp) as baseline,
            sync_playwright() as playwright,
        ):
            browser = Browser(playwright, tmp)
            bases = {"after": server.url, **({"before": baseline.url} if baseline else {})}
            for round_ in range(1, args.rounds + 1):
                for build, base in bases.items():
                    for key, value in measure(browser, base).items():
                        results[build].setdefault(key, []).append(value)
                print(f"round {round_}: {json.dumps(results)}", file=sys.stderr)
    med = {build: {key: statistics.median(values) for key, values in rows.items()} for build, rows in results.items()}
    lines = ["| median of " + str(args.rounds) + " | before | after | budget |", "|---|---:|---:|---|"]
    for key, text in LABELS.items():
        before = med["before"].get(key)
        after = med["after"][key]
        budget: float | None = BUDGETS.get(key)
        if key == "free_text@20" and before is not None:
            budget = before
        verdict = "" if budget is None else ("ok" if after <= budget else "MISSED")
        lines.append(
            f"| {text} | {'–' if before is None else f'{before:.0f}'} | {after:.0f} | "
            f"{'–' if budget is None else f'≤ {budget:.0f}'} {verdict} |"
        )
    lines.append(f"\nload average (1, 5, 15 min) at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("\n".join(lines))
    out = args.out.with_name("bench-book.json")
    out.write_text(
        json.dumps({"ms": results, "median": med, "load_average": os.getloadavg(), "table": "\n".join(lines)}, indent=1)
        + "\n",
        encoding="utf-8",
    )
    print(f"\nskrivet: {out}", file=sys.stderr)
    return 0
