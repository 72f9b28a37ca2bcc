"""The checker's speed in a real browser, side by side with the floor (a bare Pyodide start).

Run ``scripts/bench`` after ``scripts/build``; it builds nothing itself (only the build-time
row runs the generator and mkdocs into a temporary folder). It copies the built site into
a temporary folder, adds a bench-only folder (``bench/``: a blank page that only starts
Pyodide, and a blank PyScript page that runs the same checker package) and serves that copy
on 127.0.0.1 with Debian's nginx and the build's own configuration (scripts/nginx_site.py:
build/hosting/nginx.conf, so security headers, cache rules and the pre-compressed files are
exactly production's). Nothing of the bench is ever written into site/.

Each round runs every measurement once, interleaved (bare, cold, warm, peer, human pace,
then bare and cold over each emulated network); five rounds by default. Cold runs get a
fresh Chromium profile on disk; the warm run is the second navigation in the cold run's
profile (as a repeat visit is). Times are from the navigation's start (``performance.now()``
in the page) to the moment an element with ``data-outcome`` (or the bare page's
``data-bench-done``) is in the document, seen by a MutationObserver installed before any
page script runs.

``--network 20,100`` (the default) measures the bare start and the cold verdict over
Chromium's emulated network at each rate (Mbit/s each way, 20 ms latency; the worker's
requests included), as remote clinics and a LAN see a first visit.

Bytes over the wire are nginx's own count (``$bytes_sent``: headers and body as encoded),
per file for a first visit to the pre-filled checker link and in total for it and two
routine pages. Prints min / median / max per row, the byte table and the ratios (medians of
the same run) against the targets of issue 12, and writes everything to build/bench.json
(``--out``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

import nginx_site  # noqa: E402
import precompress  # noqa: E402
from chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from playwright.sync_api import BrowserContext, Page, sync_playwright  # noqa: E402

from checker import check, load_policy, scenario_from_query  # noqa: E402

SITE = ROOT / "site"
HEADERS = ROOT / "build" / "hosting" / "headers.json"
BYTES_TARGET = 5_000_000
"""Issue 12: every byte a first visit to the pre-filled link moves, as served."""
FLOOR_RATE = 20.0
FLOOR_TARGET = 1.25
"""Issue 20: the cold verdict at 20 Mbit/s within 1.25 × its wire floor (its bytes ÷ the link rate)."""
LATENCY_MS = 20
PYSCRIPT = ROOT / "node_modules" / "@pyscript" / "core"
PYODIDE_LOCK = ROOT / "node_modules" / "pyodide" / "pyodide-lock.json"

QUERY = "situation=proxy&child_age=12&actor=guardian&action=read_journal"
"""The pre-filled link: the scenario contract's own example, also the README's (a guardian
asks to read a 12-year-old's journal). Fixed, so that runs compare; the links here use only
the contract's ids (checker/contract.json), which a policy cannot load without."""
HUMAN_ANSWERS = parse_qsl(QUERY)
"""The same answers, given by hand through the form, one per second (a radio button where the
form has one for the value, else typed)."""
ROUND_TRIP_QUERIES = [
    QUERY,
    "situation=proxy&child_age=15&actor=guardian&action=book_visit",
    "situation=suicidal_chat",
    "situation=proxy&child_age=abc",  # an invalid link: the engine's messages, also a round trip
]
ROUND_TRIPS = 200


def quoted_page() -> str:
    """The routine page the pre-filled link's verdict quotes (its first source): the page a
    nurse follows from the answer, measured beside the checker."""
    policy = load_policy(ROOT / "policy.yaml")
    return check(policy, scenario_from_query(policy, QUERY))["sources"][0].split("#")[0]


TIMEOUT_MS = 120_000
WARM_PAUSE_S = 2.0
"""Between the cold and the warm navigation: Chromium writes its wasm code cache after compiling."""

OBSERVER = """
(() => {
  const done = () => document.querySelector("[data-outcome], [data-bench-done]");
  const mark = () => {
    if (window.__doneAt === undefined && done()) window.__doneAt = performance.now();
  };
  new MutationObserver(mark).observe(document, { childList: true, subtree: true, attributes: true });
  for (const type of ["input", "change"]) {
    addEventListener(type, () => { window.__lastInputAt = performance.now(); }, true);
  }
})();
"""


# --- the served copy -------------------------------------------------------------------------


def peer_location() -> str:
    """nginx location for the PyScript page: the site's headers, its CSP with 'unsafe-eval'.

    PyScript evaluates strings as JavaScript: under the site's policy it does not start at
    all. Its page alone gets 'unsafe-eval', so it can be measured; everything else is served
    exactly as the build's configuration says.
    """
    hosted = json.loads(HEADERS.read_text(encoding="utf-8"))
    headers = dict(hosted["headers"])
    headers["Content-Security-Policy"] = headers["Content-Security-Policy"].replace(
        "script-src 'self'", "script-src 'self' 'unsafe-eval'"
    )
    headers["Cache-Control"] = hosted["cache"]["default"]
    lines = "".join(f'            add_header {name} "{value}" always;\n' for name, value in headers.items())
    return f"        location = /bench/peer.html {{\n{lines}        }}\n"


def pyodide_dir(site: Path) -> str:
    """The site's Pyodide folder, relative to the site root (its name may carry a hash)."""
    found = sorted(site.glob("assets/pyodide*/pyodide.mjs"))
    if len(found) != 1:
        sys.exit(f"bench: väntade en assets/pyodide*/pyodide.mjs i {site}, fann {len(found)}")
    return found[0].parent.relative_to(site).as_posix()


def wheel_path(site: Path) -> str:
    found = sorted(site.glob("assets/checker*/*.whl"))
    if len(found) != 1:
        sys.exit(f"bench: väntade ett hjul under assets/checker*/ i {site}, fann {len(found)}")
    return found[0].relative_to(site).as_posix()


def abi_version() -> str:
    """Pyodide's ABI version, which the inline lock of every start names (javascripts/pyodide/start.js)."""
    return str(json.loads(PYODIDE_LOCK.read_text(encoding="utf-8"))["info"]["abi_version"])


def bench_copy(tmp: Path, source: Path = SITE) -> Path:
    """The built site plus bench/ (bare and PyScript pages) and Pyodide's standard library, in a temporary folder."""
    site = tmp / "site"
    shutil.copytree(source, site)
    runtime = pyodide_dir(site)
    bench = site / "bench"
    bench.mkdir()
    # The bare start loads Pyodide's whole standard library, which the site does not ship;
    # in this copy it lies where Pyodide looks, compressed like every other file.
    precompress.precompress(Path(shutil.copy2(PYODIDE_LOCK.parent / "python_stdlib.zip", site / runtime)))
    # bare: a blank page, one module that only starts Pyodide on the site's own files, with
    # the checker's own start-up options (javascripts/pyodide/start.js: the same inline lock,
    # so neither fetches pyodide-lock.json) and Pyodide's whole standard library.
    (bench / "bare.html").write_text(
        '<!doctype html>\n<html lang="sv"><head><meta charset="utf-8"><title>bare</title>\n'
        '<link rel="icon" href="data:,">\n'
        '<script type="module" src="bare.js"></script></head><body></body></html>\n',
        encoding="utf-8",
    )
    (bench / "bare.js").write_text(
        f'import {{ loadPyodide }} from "../{runtime}/pyodide.mjs";\n'
        'import { startOptions } from "../javascripts/pyodide/start.js";\n'
        f'const pyodide = await loadPyodide(startOptions({{ indexURL: new URL("../{runtime}/", import.meta.url).href,\n'
        f"  abiVersion: {json.dumps(abi_version())} }}));\n"
        'pyodide.runPython("1 + 1");\n'
        'document.body.setAttribute("data-bench-done", "");\n',
        encoding="utf-8",
    )
    # peer: PyScript (self-hosted from node_modules) on a blank page, told to use our Pyodide
    # files; it unpacks the same checker wheel and evaluates the page's query string.
    shutil.copytree(PYSCRIPT / "dist", bench / "pyscript", ignore=shutil.ignore_patterns("*.map"))
    # PyScript passes no inline lock: Pyodide fetches pyodide-lock.json next to pyodide.mjs.
    # It is put there in this temporary copy only; the site itself never ships it.
    shutil.copy2(PYODIDE_LOCK, site / runtime / "pyodide-lock.json")
    (bench / "peer.json").write_text(
        json.dumps(
            {
                "interpreter": f"/{runtime}/pyodide.mjs",
                "files": {f"/{wheel_path(site)}": "./checker-wheel/*"},
            }
        ),
        encoding="utf-8",
    )
    (bench / "peer.html").write_text(
        '<!doctype html>\n<html lang="sv"><head><meta charset="utf-8"><title>peer</title>\n'
        '<link rel="icon" href="data:,">\n'
        '<link rel="stylesheet" href="pyscript/core.css">\n'
        '<script type="module" src="pyscript/core.js"></script></head><body>\n'
        '<script type="py" src="peer.py" config="peer.json"></script>\n</body></html>\n',
        encoding="utf-8",
    )
    (bench / "peer.py").write_text(
        "import json, sys\n"
        "import js\n"
        "sys.path.insert(0, '/home/pyodide/checker-wheel')\n"
        "from checker.apps import web\n"
        "web.setup_packaged()\n"
        "result = json.loads(web.check_query(str(js.location.search)[1:]))\n"
        "node = js.document.createElement('p')\n"
        "node.setAttribute('data-outcome', result['verdict']['outcome'])\n"
        "node.textContent = result['verdict']['outcome_label']\n"
        "js.document.body.append(node)\n",
        encoding="utf-8",
    )
    return site


# --- measurements ----------------------------------------------------------------------------


class Browser:
    """Launches Debian's Chromium with a fresh on-disk profile per cold run."""

    def __init__(self, playwright: Any, tmp: Path) -> None:
        self.playwright = playwright
        self.tmp = tmp
        self.runs = 0
        self.version = ""

    @contextlib.contextmanager
    def profile(self) -> Iterator[BrowserContext]:
        self.runs += 1
        user_data = self.tmp / f"profile-{self.runs}"
        context = self.playwright.chromium.launch_persistent_context(
            str(user_data), executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True, locale="sv-SE"
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.add_init_script(OBSERVER)
        self.version = context.browser.version if context.browser else self.version
        try:
            yield context
        finally:
            context.close()
            shutil.rmtree(user_data, ignore_errors=True)


def page_of(context: BrowserContext) -> Page:
    page = context.pages[0] if context.pages else context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page._bench_errors = errors  # type: ignore[attr-defined]
    return page


def wait_done(page: Page) -> None:
    """Poll from outside the page (wait_for_function evaluates a string, which the CSP forbids);
    the time itself was taken inside the page by the observer, so polling adds nothing to it."""
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while page.evaluate("window.__doneAt") is None:
        if time.monotonic() > deadline:
            raise TimeoutError(f"{page.url}: no verdict within {TIMEOUT_MS} ms")
        time.sleep(0.1)


def until_done(page: Page, url: str) -> float:
    """Navigate and return milliseconds from navigation start to the finished mark."""
    page.goto(url, wait_until="commit")
    wait_done(page)
    errors = getattr(page, "_bench_errors", [])
    if errors:
        raise RuntimeError(f"{url}: {errors}")
    return page.evaluate("window.__doneAt")


def bare(browser: Browser, base: str) -> float:
    with browser.profile() as context:
        return until_done(page_of(context), base + "bench/bare.html")


def throttle(context: BrowserContext, page: Page, mbit: float) -> None:
    """Chromium's own network emulation for this page and its worker: `mbit` Mbit/s each way, 20 ms latency."""
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    rate = mbit * 1_000_000 / 8  # bytes per second
    session.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": LATENCY_MS, "downloadThroughput": rate, "uploadThroughput": rate},
    )


def bare_over(browser: Browser, base: str, mbit: float) -> float:
    with browser.profile() as context:
        page = page_of(context)
        throttle(context, page, mbit)
        return until_done(page, base + "bench/bare.html")


def cold_and_warm(browser: Browser, base: str) -> tuple[float, float]:
    with browser.profile() as context:
        page = page_of(context)
        cold = until_done(page, f"{base}kontroll/?{QUERY}")
        page.goto("about:blank")
        time.sleep(WARM_PAUSE_S)
        warm = until_done(page, f"{base}kontroll/?{QUERY}")
        return cold, warm


def cold_over(browser: Browser, base: str, mbit: float) -> float:
    with browser.profile() as context:
        page = page_of(context)
        throttle(context, page, mbit)
        return until_done(page, f"{base}kontroll/?{QUERY}")


RESOURCES = """() => ({
  origin: performance.timeOrigin,
  entries: performance.getEntriesByType("resource").map((e) => ({
    name: e.name, start: e.startTime, response: e.responseStart, end: e.responseEnd, bytes: e.transferSize,
  })),
  marks: performance.getEntriesByType("mark").map((e) => ({ name: e.name, at: e.startTime })),
})"""


def waterfall(browser: Browser, base: str, mbit: float) -> dict[str, Any]:
    """One cold visit over the emulated link: each file's request start, first byte and end, from
    the page and from the worker (Resource Timing, both on the page's clock), and the worker's marks."""
    with browser.profile() as context:
        page = page_of(context)
        throttle(context, page, mbit)
        done = until_done(page, f"{base}kontroll/?{QUERY}")
        page.wait_for_load_state("networkidle")
        timelines = [("page", page.evaluate(RESOURCES))]
        timelines += [("worker", worker.evaluate(RESOURCES)) for worker in page.workers]
    origin = timelines[0][1]["origin"]
    rows: list[dict[str, Any]] = []
    for where, timeline in timelines:
        shift = timeline["origin"] - origin
        for entry in timeline["entries"]:
            path = entry["name"].removeprefix(base.rstrip("/")).split("?")[0]
            rows.append(
                {
                    "where": where,
                    "file": path,
                    **{key: entry[key] + shift for key in ("start", "response", "end")},
                    "bytes": entry["bytes"],
                }
            )
        for mark in timeline["marks"]:
            rows.append({"where": where, "mark": mark["name"], "start": mark["at"] + shift})
    rows.sort(key=lambda row: row["start"])
    return {"mbit": mbit, "verdict": done, "rows": rows}


def waterfall_lines(fall: dict[str, Any]) -> list[str]:
    lines = [
        f"| waterfall at {fall['mbit']:g} Mbit/s ({LATENCY_MS} ms): file or mark | where | start | first byte | end | bytes |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for row in fall["rows"]:
        if "mark" in row:
            lines.append(f"| *{row['mark']}* | {row['where']} | {row['start']:.0f} | | | |")
        else:
            lines.append(
                f"| {row['file']} | {row['where']} | {row['start']:.0f} | {row['response']:.0f} | {row['end']:.0f} "
                f"| {row['bytes']} |"
            )
    lines.append(f"| **verdict shown** | page | {fall['verdict']:.0f} | | | |")
    if fall.get("before"):
        lines[0] = lines[0].replace("| waterfall", "| before (--baseline): waterfall")
    return lines


def peer(browser: Browser, base: str) -> float:
    with browser.profile() as context:
        return until_done(page_of(context), f"{base}bench/peer.html?{QUERY}")


def human_and_round_trips(browser: Browser, base: str) -> tuple[float, list[float]]:
    """Answers one per second from the moment the form is shown; then the round trips."""
    with browser.profile() as context:
        page = page_of(context)
        page.goto(base + "kontroll/")
        page.locator('input[name="situation"]').first.wait_for(state="visible")
        for name, value in HUMAN_ANSWERS:
            time.sleep(1.0)
            choice = page.locator(f'input[type="radio"][name="{name}"][value="{value}"]')
            if choice.count():
                choice.check()
            else:
                page.locator(f'input[name="{name}"]').fill(value)
        wait_done(page)
        done, last = page.evaluate("[window.__doneAt, window.__lastInputAt]")
        if done < last:
            raise RuntimeError(
                "a verdict was shown before the last answer: the scenario needs fewer answers than given"
            )
        times = page.evaluate(
            """async ([queries, n]) => {
              const { check } = await import(new URL("../javascripts/kontroll/client.js", location.href).href);
              const times = [];
              for (let i = 0; i < n; i++) {
                const started = performance.now();
                await check(queries[i % queries.length]);
                times.push(performance.now() - started);
              }
              return times;
            }""",
            [ROUND_TRIP_QUERIES, ROUND_TRIPS],
        )
        return done - last, times


def page_bytes(browser: Browser, base: str, server: nginx_site.Server, path: str, wait_verdict: bool) -> dict[str, Any]:
    """What a first visit to ``path`` moved, per file, as nginx counted it (headers and encoded body)."""
    with browser.profile() as context:
        page = page_of(context)
        mark = server.mark()
        if wait_verdict:
            until_done(page, base + path)
        else:
            page.goto(base + path, wait_until="load")
        page.wait_for_load_state("networkidle")
        sent = server.since(mark)
        return {
            "path": path,
            "bytes": sum(entry.bytes for entry in sent),
            "requests": len(sent),
            "files": [{"path": entry.path, "bytes": entry.bytes, "encoding": entry.encoding} for entry in sent],
            "pyodide_files": sorted({entry.path for entry in sent if "/assets/pyodide" in entry.path}),
        }


def timed(command: list[str], **kwargs: Any) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True, **kwargs)
    return (time.perf_counter() - started) * 1000


def build_time(tmp: Path) -> float:
    """generate_pages.py + mkdocs build, into a temporary folder (site/ is not touched)."""
    docs, out = tmp / "docs", tmp / "site-build"
    config = tmp / "mkdocs.yml"
    config.write_text(json.dumps({"INHERIT": str(ROOT / "mkdocs.yml"), "docs_dir": str(docs)}), encoding="utf-8")
    python = sys.executable
    total = timed([python, "scripts/generate_pages.py", str(docs)])
    # The checker page includes the preload hints scripts/bundle_checker.py writes (not timed
    # here: it makes the snapshot); the last build's copy stands in for it.
    shutil.copy2(ROOT / "build" / "docs" / "includes" / "kontroll-start.md", docs / "includes")
    total += timed(
        [python, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(config), "--site-dir", str(out)],
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    shutil.rmtree(docs, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    return total


# --- report ----------------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def row(label: str, values: list[float]) -> str:
    def fmt(value: float) -> str:
        return f"{value:.0f}" if value >= 100 else f"{value:.2f}"

    return f"| {label} | {fmt(min(values))} | {fmt(statistics.median(values))} | {fmt(max(values))} | ms |"


def machine() -> dict[str, Any]:
    return {"nproc": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()}


def rates(text: str) -> list[float]:
    return [float(part) for part in text.split(",") if part.strip()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "bench.json")
    parser.add_argument("--only", choices=["browser", "build"], help="run only the browser rows or the build rows")
    parser.add_argument(
        "--network",
        type=rates,
        default=[10.0, 20.0, 100.0],
        metavar="MBIT,MBIT",
        help="emulated networks (Mbit/s) for the bare start and the cold verdict; '' for none",
    )
    parser.add_argument(
        "--waterfall",
        type=rates,
        default=[20.0],
        metavar="MBIT,MBIT",
        help="one cold visit per rate, each file's request start and end from the browser; '' for none",
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        metavar="DIR",
        help="an earlier build (DIR/site, DIR/hosting) measured side by side: cold, warm, cold over each network",
    )
    parser.add_argument(
        "--book",
        action="store_true",
        help="only the answer book's budgets (issue 24), side by side with --baseline: scripts/bench_book.py",
    )
    args = parser.parse_args()
    if args.book:
        import bench_book

        return bench_book.run(args)
    if not (SITE / "index.html").exists() or not HEADERS.exists():
        print("bench: site/ eller build/hosting/headers.json saknas: kör scripts/build först", file=sys.stderr)
        return 2
    problem = nginx_site.missing()
    if problem and args.only != "build":
        print(f"bench: {problem}", file=sys.stderr)
        return 2
    results: dict[str, list[float]] = {}
    pages: list[dict[str, Any]] = []
    pages_before: list[dict[str, Any]] = []
    falls: list[dict[str, Any]] = []
    chromium = ""
    with tempfile.TemporaryDirectory(prefix="bench-") as tmpname:
        tmp = Path(tmpname)
        if args.only != "build":
            site = bench_copy(tmp)
            with (
                nginx_site.serve(site, extra=peer_location()) as server,
                baseline_server(args.baseline, tmp) as baseline,
                sync_playwright() as playwright,
            ):
                base = server.url
                before = baseline.url if baseline else ""
                browser = Browser(playwright, tmp)
                for round_ in range(1, args.rounds + 1):
                    b = bare(browser, base)
                    cold, warm = cold_and_warm(browser, base)
                    p = peer(browser, base)
                    human, trips = human_and_round_trips(browser, base)
                    measured = {
                        "bare": b,
                        "cold": cold,
                        "warm": warm,
                        "peer": p,
                        "human": human,
                        "trip_median": statistics.median(trips),
                        "trip_p95": percentile(trips, 0.95),
                    }
                    for mbit in args.network:
                        measured[f"bare@{mbit:g}"] = bare_over(browser, base, mbit)
                        measured[f"cold@{mbit:g}"] = cold_over(browser, base, mbit)
                        if before:
                            measured[f"before_cold@{mbit:g}"] = cold_over(browser, before, mbit)
                    if before:
                        measured["before_cold"], measured["before_warm"] = cold_and_warm(browser, before)
                    for key, value in measured.items():
                        results.setdefault(key, []).append(value)
                    print(
                        f"round {round_}: " + "  ".join(f"{key} {value:.1f}" for key, value in measured.items()),
                        file=sys.stderr,
                    )
                pages.append(page_bytes(browser, base, server, f"kontroll/?{QUERY}", wait_verdict=True))
                pages.append(page_bytes(browser, base, server, quoted_page(), wait_verdict=False))
                pages.append(page_bytes(browser, base, server, "", wait_verdict=False))
                falls += [waterfall(browser, base, mbit) for mbit in args.waterfall]
                if baseline is not None:
                    falls += [{**waterfall(browser, before, mbit), "before": True} for mbit in args.waterfall]
                    checker_before = page_bytes(browser, before, baseline, f"kontroll/?{QUERY}", wait_verdict=True)
                    pages_before.append(checker_before)
                chromium = browser.version
        if args.only != "browser":
            for _ in range(args.rounds):
                results.setdefault("build", []).append(build_time(tmp))
                results.setdefault("verify", []).append(timed([sys.executable, "-m", "checker", "verify"]))
    report(results, pages, chromium, args, falls, pages_before)
    return 0


@contextlib.contextmanager
def baseline_server(folder: Path | None, tmp: Path) -> Iterator[nginx_site.Server | None]:
    """The earlier build to measure side by side (``--baseline``: a folder with its ``site/`` and
    ``hosting/``, as scripts/build left them), served by its own nginx with its own configuration."""
    if folder is None:
        yield None
        return
    (tmp / "before").mkdir()
    site = bench_copy(tmp / "before", folder / "site")
    with nginx_site.serve(site, snippet=folder / "hosting" / "nginx.conf") as server:
        yield server


def label(key: str) -> str:
    fixed = {
        "bare": "bare: loadPyodide() on a blank page",
        "cold": "cold verdict (fresh profile)",
        "warm": "warm verdict (same profile, 2nd visit)",
        "peer": "peer: PyScript, same checker",
        "human": "human pace: last answer → verdict",
        "trip_median": f"round trip, median of {ROUND_TRIPS}",
        "trip_p95": f"round trip, p95 of {ROUND_TRIPS}",
        "build": "generate + mkdocs build",
        "before_cold": "before (--baseline): cold verdict",
        "before_warm": "before (--baseline): warm verdict",
        "verify": "python -m checker verify",
    }
    if "@" in key:
        what, mbit = key.split("@")
        over = {"bare": "bare", "cold": "cold verdict", "before_cold": "before (--baseline): cold verdict"}
        return f"{over[what]} at {mbit} Mbit/s ({LATENCY_MS} ms)"
    return fixed[key]


def floor_ms(page: dict[str, Any], mbit: float) -> float:
    """The wire floor: the time the page's bytes need on a link of ``mbit`` Mbit/s, nothing else."""
    return page["bytes"] * 8 / (mbit * 1e6) * 1000


def byte_lines(pages: list[dict[str, Any]]) -> list[str]:
    """Per file for the checker's first visit (largest first), then each page's total."""

    def size(value: int) -> str:
        return f"{value:,}".replace(",", " ")

    lines = ["| first visit, pre-filled checker link: file | encoding | bytes on the wire |", "|---|---|---:|"]
    checker = pages[0]
    for entry in sorted(checker["files"], key=lambda entry: -entry["bytes"]):
        lines.append(f"| {entry['path'].split('?')[0]} | {entry['encoding'] or '–'} | {size(entry['bytes'])} |")
    lines += [
        f"| **total: {page['path'].split('?')[0] or 'start page'}** ({page['requests']} requests) | | **{size(page['bytes'])}** |"
        for page in pages
    ]
    return lines


def report(
    results: dict[str, list[float]],
    pages: list[dict[str, Any]],
    chromium: str,
    args: argparse.Namespace,
    falls: list[dict[str, Any]],
    pages_before: list[dict[str, Any]],
) -> None:
    med = {key: statistics.median(values) for key, values in results.items()}
    lines = ["| measurement | min | median | max | |", "|---|---:|---:|---:|---|"]
    lines += [row(label(key), values) for key, values in results.items()]
    # The spread of the ratio itself: each round's warm visit over the cold one it followed.
    pairs = [warm / cold for warm, cold in zip(results.get("warm", []), results.get("cold", []), strict=False)]
    if pairs:
        lines.append(
            f"| warm / cold, each round's own pair | {min(pairs):.2f} | {statistics.median(pairs):.2f} "
            f"| {max(pairs):.2f} | ratio |"
        )
    checks: list[tuple[str, float, str, bool | None]] = []
    checker: dict[str, Any] = {}
    if pages:
        lines += ["", *byte_lines(pages)]
        checker, routine = pages[0], pages[1:]
        if pages_before:
            lines.append(
                f"| before (--baseline): pre-filled checker link ({pages_before[0]['requests']} requests) "
                f"| | {pages_before[0]['bytes']:,} |".replace(",", " ")
            )
        checks.append(
            (
                "first visit, pre-filled link: bytes on the wire (MB)",
                checker["bytes"] / 1e6,
                "≤ 5.00",
                checker["bytes"] <= BYTES_TARGET,
            )
        )
        checks.append(
            (
                "routine pages: Pyodide files fetched",
                float(sum(len(p["pyodide_files"]) for p in routine)),
                "0",
                all(not p["pyodide_files"] for p in routine),
            )
        )
    if "cold" in med:
        ratio = lambda a, b: med[a] / med[b]  # noqa: E731
        checks += [
            ("cold verdict / bare, 127.0.0.1", ratio("cold", "bare"), "≤ 0.41", ratio("cold", "bare") <= 0.41),
            *[
                (
                    f"cold verdict / bare at {mbit:g} Mbit/s",
                    ratio(f"cold@{mbit:g}", f"bare@{mbit:g}"),
                    "≤ 0.60" if mbit <= 20 else "≤ 0.41",
                    ratio(f"cold@{mbit:g}", f"bare@{mbit:g}") <= (0.60 if mbit <= 20 else 0.41),
                )
                for mbit in args.network
            ],
            *[
                (
                    f"cold verdict / wire floor at {mbit:g} Mbit/s ({floor_ms(checker, mbit):.0f} ms)",
                    med[f"cold@{mbit:g}"] / floor_ms(checker, mbit),
                    "≤ 1.25" if mbit == FLOOR_RATE else "–",
                    med[f"cold@{mbit:g}"] / floor_ms(checker, mbit) <= FLOOR_TARGET if mbit == FLOOR_RATE else None,
                )
                for mbit in args.network
                if pages
            ],
            *[
                (
                    f"before (--baseline): cold verdict / its wire floor at {mbit:g} Mbit/s "
                    f"({floor_ms(pages_before[0], mbit):.0f} ms)",
                    med[f"before_cold@{mbit:g}"] / floor_ms(pages_before[0], mbit),
                    "–",
                    None,
                )
                for mbit in args.network
                if pages_before
            ],
            ("warm verdict / cold verdict (information)", ratio("warm", "cold"), "–", None),
            ("ours (cold) / PyScript", ratio("cold", "peer"), "< 1", ratio("cold", "peer") < 1),
            ("human pace (ms)", med["human"], "≤ 100", med["human"] <= 100),
            ("round trip p95 (ms)", med["trip_p95"], "≤ 5", med["trip_p95"] <= 5),
        ]
    if checks:
        lines += ["", "| target (medians, same run) | value | target | |", "|---|---:|---|---|"]
        lines += [
            f"| {name} | {value:.2f} | {target} | {'' if ok is None else 'ok' if ok else 'MISSED'} |"
            for name, value, target, ok in checks
        ]
    for fall in falls:
        lines += ["", *waterfall_lines(fall)]
    host = machine()
    lines += [
        "",
        f"{args.rounds} rounds, interleaved; served by nginx {nginx_version()} with build/hosting/nginx.conf; "
        f"{host['nproc']} CPU, {host['platform']}, Chromium {chromium or '-'}; "
        f"load average (1, 5, 15 min) at the end: {', '.join(f'{load:.2f}' for load in os.getloadavg())}",
    ]
    print("\n".join(lines))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps(
            {
                "machine": {**host, "chromium": chromium},
                "rounds": args.rounds,
                "query": QUERY,
                "ms": results,
                "median_ms": med,
                "warm_cold_pairs": pairs,
                "pages": pages,
                "pages_before": pages_before,
                "waterfalls": falls,
                "load_average": os.getloadavg(),
                "targets": [
                    {"name": name, "value": value, "target": target, "met": ok} for name, value, target, ok in checks
                ],
                "table": "\n".join(lines),
            },
            indent=1,
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"\nskrivet: {args.out}", file=sys.stderr)


def nginx_version() -> str:
    found = subprocess.run([nginx_site.NGINX, "-v"], capture_output=True, text=True)
    return found.stderr.strip().rsplit("/", 1)[-1]


if __name__ == "__main__":
    sys.exit(main())
