"""What the checker's start-up relies on (issue 5), as behaviour; the timings are scripts/bench.

Pyodide lives in a folder named after its content, so it may be cached for a year; the
hosting examples say so for nginx and IIS; a repeat visit takes Pyodide from the browser's
cache; the worker is started by an early async module and from the build's memory snapshot
(or, without it, the normal way); routine pages never touch any of it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import struct
import sys
import zipfile
from pathlib import Path

import pytest
from browser_support import ROOT, START_TIMEOUT_MS, VERDICT, Recorded
from playwright.sync_api import Browser, Page, expect

sys.path.insert(0, str(ROOT / "scripts"))
import bench_browser
import hosting
import nginx_site
from chromium import CHROMIUM, CHROMIUM_ARGS

PYODIDE_FILES = ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip"]
SHIPPED = PYODIDE_FILES[:3]
HOSTING = ROOT / "build" / "hosting"
QUERY = bench_browser.QUERY
READY = "#kontroll .kontroll-status[data-state=ready]"
"""Pyodide has started: a link's verdict alone may come from the answer book (test_answer_book.py)."""


@pytest.fixture(scope="module")
def runtime(site_dir: Path) -> Path:
    folders = list((site_dir / "assets").glob("pyodide*"))
    assert len(folders) == 1, folders
    return folders[0]


def snapshot_of(runtime: Path) -> Path:
    """The checker's memory snapshot beside Pyodide's files: one, named after its own content."""
    snapshots = list(runtime.glob("checker-*.bin"))
    assert len(snapshots) == 1, snapshots
    return snapshots[0]


def stdlib_of(runtime: Path) -> Path:
    """The trimmed standard library beside Pyodide's files: one, named after its own content."""
    found = list(runtime.glob("stdlib-*.zip"))
    assert len(found) == 1, found
    return found[0]


def served(runtime: Path) -> list[str]:
    """The files of the hashed folder as the site serves them (without the compressed copies)."""
    return sorted(path.name for path in runtime.iterdir() if path.suffix not in (".br", ".gz"))


def test_pyodide_folder_is_named_after_its_content(runtime: Path) -> None:
    digest = hashlib.sha256()
    for name in PYODIDE_FILES:  # the npm package's, whether shipped whole or trimmed
        digest.update(
            name.encode() + b"\0" + hashlib.sha256((ROOT / "node_modules" / "pyodide" / name).read_bytes()).digest()
        )
    assert runtime.name == f"pyodide-{digest.hexdigest()[:12]}"
    assert served(runtime) == sorted([*SHIPPED, snapshot_of(runtime).name, stdlib_of(runtime).name, "no-stdlib.zip"])
    for name in SHIPPED:  # the npm package's files, unchanged
        assert (runtime / name).read_bytes() == (ROOT / "node_modules" / "pyodide" / name).read_bytes()


def test_the_standard_library_is_trimmed_to_pyodides_own_files(site_dir: Path, runtime: Path) -> None:
    """Only files of Pyodide's python_stdlib.zip, unchanged, and few of them; runtime.js names
    the zip. That they suffice is what the fallback test below and the build prove (every
    example, started the normal way and from the snapshot, scripts/snapshot.mjs)."""
    trimmed = zipfile.ZipFile(stdlib_of(runtime))
    full = zipfile.ZipFile(ROOT / "node_modules" / "pyodide" / "python_stdlib.zip")
    assert set(trimmed.namelist()) < set(full.namelist())
    assert len(trimmed.namelist()) < len(full.namelist()) / 2
    assert all(trimmed.read(name) == full.read(name) for name in trimmed.namelist())
    assert {"checker"} & {name.split("/")[0] for name in trimmed.namelist()} == set()  # the wheel's, not here
    assert stdlib_of(runtime).name == f"stdlib-{hashlib.sha256(stdlib_of(runtime).read_bytes()).hexdigest()[:12]}.zip"
    generated = (site_dir / "assets" / "checker" / "runtime.js").read_text(encoding="utf-8")
    assert f'export const STDLIB = "{stdlib_of(runtime).name}";' in generated


def test_the_worker_finds_pyodide_through_runtime_js_only(site_dir: Path, runtime: Path) -> None:
    """runtime.js (the worker's) and files.js (the page's and, through runtime.js, the worker's)
    are the only scripts that name the hashed folder."""
    generated = (site_dir / "assets" / "checker" / "runtime.js").read_text(encoding="utf-8")
    assert f'export {{ loadPyodide }} from "../{runtime.name}/pyodide.mjs";' in generated
    files = (site_dir / "assets" / "checker" / "files.js").read_text(encoding="utf-8")
    assert f'new URL("../{runtime.name}/", import.meta.url)' in files
    for script in (site_dir / "javascripts" / "kontroll").glob("*.js"):
        code = re.sub(r"^\s*//.*$", "", script.read_text(encoding="utf-8"), flags=re.MULTILINE)
        assert "assets/pyodide" not in code, script.name


def test_hosting_caches_only_the_hashed_folder_for_a_year(runtime: Path) -> None:
    cache = json.loads((HOSTING / "headers.json").read_text(encoding="utf-8"))["cache"]
    assert cache["immutable"] == [f"/assets/{runtime.name}/"]
    year = "public, max-age=31536000, immutable"
    assert hosting.cache_control(f"/assets/{runtime.name}/pyodide.asm.wasm", cache) == year
    for other in (
        "/",
        "/kontroll/",
        "/assets/checker/runtime.js",
        "/javascripts/kontroll/worker.js",
        "/assets/pyodide/x",
    ):
        assert hosting.cache_control(other, cache) == "no-cache", other
    nginx = (HOSTING / "nginx.conf").read_text(encoding="utf-8")
    block = re.search(rf"location \^~ /assets/{runtime.name}/ \{{(.*?)\n\}}", nginx, re.DOTALL)
    assert block and f'add_header Cache-Control "{year}" always;' in block.group(1)
    # add_header inside a location replaces the server's: the security headers are repeated.
    assert "Content-Security-Policy" in block.group(1)
    assert 'add_header Cache-Control "no-cache" always;' in nginx.split("location")[0]
    iis = (runtime.parent.parent / "web.config").read_text(encoding="utf-8")
    location = re.search(rf'<location path="assets/{runtime.name}">(.*?)</location>', iis, re.DOTALL)
    assert location and f'<add name="Cache-Control" value="{year}" />' in location.group(1)
    assert '<clientCache cacheControlMode="DisableCache" />' in iis


def test_the_checker_page_hints_the_book_and_starts_the_worker_first(site_dir: Path, runtime: Path) -> None:
    html = (site_dir / "kontroll" / "index.html").read_text(encoding="utf-8")
    start = html.index('<script type="module" async src="../javascripts/kontroll/start.js">')
    # Hints before start.js: every module the page's scripts import, and the answer book (as
    # the request book.js makes, so its fetch takes the preloaded bytes). Nothing of Pyodide
    # is hinted: it waits for the page's first answer (start.js). All name files the site has.
    hints = re.findall(r'<link rel="((?:module)?preload)" href="([^"]+)"([^>]*)>', html)
    book = next((site_dir / "assets" / "checker").glob("book-*.json")).name
    assert ("modulepreload", "../assets/checker/files.js") in [(rel, href) for rel, href, _ in hints]
    assert {href for rel, href, _ in hints if rel == "modulepreload"} >= {
        "../javascripts/kontroll/book.js",
        "../javascripts/kontroll/verdict.js",
        "../assets/checker/form.js",
    }
    assert hints[-1][:2] == ("preload", f"../assets/checker/{book}")
    assert hints[-1][2].split() == ['as="fetch"', "crossorigin"]
    assert not [href for _, href, _ in hints if "pyodide" in href or href.endswith("worker.js")]
    for _, href, _ in hints:
        assert (site_dir / "kontroll" / href).resolve().is_file(), href
        assert html.index(href) < start
    files = (site_dir / "assets" / "checker" / "files.js").read_text(encoding="utf-8")
    assert f'new URL("../{runtime.name}/", import.meta.url)' in files
    assert 'export const WASM = new URL("pyodide.asm.wasm", INDEX_URL).href;' in files
    assert start < html.index("<h1") < html.index('src="../javascripts/kontroll/kontroll.js"')
    for page in site_dir.rglob("*.html"):
        if page.parent.name != "kontroll":
            text = page.read_text(encoding="utf-8")
            assert "start.js" not in text and runtime.name not in text, page


def test_the_wasm_is_on_its_way_before_the_worker_asks_for_the_snapshot(
    browser: Browser, hosted: nginx_site.Server, runtime: Path
) -> None:
    """The page asks for the wasm as it starts the worker, before the worker runs and asks
    for the snapshot (one request of it in the page), and the worker fetches the snapshot
    (Resource Timing, the page's and the worker's, on one clock)."""
    context = browser.new_context()
    context.set_default_timeout(START_TIMEOUT_MS)
    page = context.new_page()
    page.goto(f"{hosted.url}kontroll/?{QUERY}")
    expect(page.locator(VERDICT)).to_be_attached()
    expect(page.locator(READY)).to_be_attached()  # Pyodide too, not only the answer book
    timeline = """(name) => performance.getEntriesByType("resource")
      .filter((entry) => entry.name.endsWith(name))
      .map((entry) => [performance.timeOrigin + entry.startTime, performance.timeOrigin + entry.responseEnd])"""
    wasm = page.evaluate(timeline, "/pyodide.asm.wasm")
    found = [times for worker in page.workers for times in worker.evaluate(timeline, f"/{snapshot_of(runtime).name}")]
    context.close()
    assert len(wasm) == 1 and len(found) == 1, (wasm, found)
    assert wasm[0][0] < found[0][0], (wasm, found)


def test_without_the_pages_compiled_wasm_the_worker_compiles_it_itself(
    page: Page, recorded: Recorded, site_url: str
) -> None:
    """A browser without WebAssembly.compileStreaming in the page: the worker is told, Pyodide
    fetches and compiles the wasm itself, and the verdict comes all the same."""
    page.add_init_script("delete WebAssembly.compileStreaming")
    page.goto(f"{site_url}kontroll/?{QUERY}")
    expect(page.locator(VERDICT)).to_be_attached()
    expect(page.locator(READY)).to_be_attached()  # Pyodide too, not only the answer book
    assert not any(url.endswith(".whl") for url in recorded.urls)  # still from the snapshot


def test_a_repeat_visit_takes_pyodide_from_the_cache(
    browser: Browser, hosted: nginx_site.Server, tmp_path: Path, runtime: Path
) -> None:
    # A profile on disk, as a staff member's browser has (the shared browser's contexts are
    # in memory); launched through the same Playwright as every other browser test.
    context = browser.browser_type.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
    )
    context.set_default_timeout(START_TIMEOUT_MS)
    try:
        page = context.pages[0] if context.pages else context.new_page()
        mark = hosted.mark()
        page.goto(f"{hosted.url}kontroll/?{QUERY}")
        expect(page.locator(VERDICT)).to_be_attached()
        expect(page.locator(READY)).to_be_attached()  # Pyodide too, not only the answer book
        first = [sent for sent in hosted.since(mark) if runtime.name in sent.path]
        # Each once on the wire (the wasm too: the page fetches it, and the worker answers
        # Pyodide's own request for it without the network), as the brotli copies the
        # build wrote; started from the snapshot, the worker fetches the empty zip, not the
        # standard library.
        assert sorted(Path(sent.path).name for sent in first) == sorted(
            set(served(runtime)) - {stdlib_of(runtime).name}
        )
        assert {sent.encoding for sent in first} == {"br"}
        page.goto("about:blank")
        mark = hosted.mark()
        page.goto(f"{hosted.url}kontroll/?{QUERY}")
        expect(page.locator(VERDICT)).to_be_attached()
        expect(page.locator(READY)).to_be_attached()  # Pyodide too, not only the answer book
        again = hosted.since(mark)
        assert [sent.path for sent in again if runtime.name in sent.path] == []
        assert "/javascripts/kontroll/worker.js" in [sent.path for sent in again]  # the rest is revalidated
    finally:
        context.close()
        shutil.rmtree(tmp_path / "profile", ignore_errors=True)


def test_the_bench_copy_adds_its_pages_outside_site(site_dir: Path, tmp_path: Path, runtime: Path) -> None:
    before = sorted(str(path) for path in site_dir.rglob("*"))
    copy = bench_browser.bench_copy(tmp_path)
    assert sorted(str(path) for path in site_dir.rglob("*")) == before
    assert not (site_dir / "bench").exists() and (copy / "bench" / "peer.html").exists()
    config = json.loads((copy / "bench" / "peer.json").read_text(encoding="utf-8"))
    assert config["interpreter"] == f"/assets/{runtime.name}/pyodide.mjs"  # our Pyodide, no CDN
    assert (copy / "bench" / "pyscript" / "core.js").exists()


# --- the memory snapshot ----------------------------------------------------------------


def test_the_snapshot_is_named_after_its_content_and_runtime_js_names_it(site_dir: Path, runtime: Path) -> None:
    snapshot = snapshot_of(runtime)
    assert snapshot.name == f"checker-{hashlib.sha256(snapshot.read_bytes()).hexdigest()[:12]}.bin"
    # Runs of bytes with a table at the end (docs/javascripts/kontroll/snapshot.js): the first
    # run is Pyodide's header (its magic number first), and all of it is far smaller than
    # the memory it restores, the rest being what a fresh instance already has.
    packed = snapshot.read_bytes()
    count, header, size = struct.unpack("<III", packed[-12:])
    offsets = struct.unpack(f"<{2 * count}I", packed[-12 - 8 * count : -12])
    assert packed[:4] == (1886286592).to_bytes(4, "little") and offsets[0] == 0 < header
    assert sum(offsets[1::2]) == len(packed) - 12 - 8 * count < size / 3
    generated = (site_dir / "assets" / "checker" / "files.js").read_text(encoding="utf-8")
    # The worker makes the instance before the file is in: files.js carries its size and header.
    assert f'"file": "{snapshot.name}"' in generated
    assert f'"size": {size}, "header": {header}' in generated
    assert 'export { INDEX_URL, SNAPSHOT } from "./files.js";' in (
        site_dir / "assets" / "checker" / "runtime.js"
    ).read_text(encoding="utf-8")
    assert (
        hosting.cache_control(
            f"/assets/{runtime.name}/{snapshot.name}",
            json.loads((HOSTING / "headers.json").read_text(encoding="utf-8"))["cache"],
        )
        == "public, max-age=31536000, immutable"
    )


def test_the_worker_starts_from_the_snapshot_without_the_wheel(
    page: Page, recorded: Recorded, site_url: str, runtime: Path
) -> None:
    page.goto(f"{site_url}kontroll/?{QUERY}")
    expect(page.locator(VERDICT)).to_be_attached()
    expect(page.locator(READY)).to_be_attached()  # Pyodide too, not only the answer book
    assert any(url.endswith(f"/{runtime.name}/{snapshot_of(runtime).name}") for url in recorded.urls)
    # Started from the snapshot, the checker is already in Pyodide's memory: no wheel.
    assert not any(url.endswith(".whl") for url in recorded.urls), recorded.urls


def damaged_snapshot(site_dir: Path, runtime: Path) -> tuple[bytes, str]:
    """A snapshot whose integrity checks out but which Pyodide refuses (a wrong magic number),
    and files.js naming its hash: the load itself fails, after the fetch succeeded."""
    damaged = bytearray(snapshot_of(runtime).read_bytes())
    damaged[0] ^= 0xFF  # the first run starts with Pyodide's header
    integrity = "sha256-" + base64.b64encode(hashlib.sha256(damaged).digest()).decode()
    generated = (site_dir / "assets" / "checker" / "files.js").read_text(encoding="utf-8")
    return bytes(damaged), re.sub(
        r'("file": "checker-[0-9a-f]+\.bin", "integrity": )"[^"]+"', rf'\1"{integrity}"', generated
    )


@pytest.mark.parametrize("case", ["missing", "refused"])
def test_without_its_snapshot_the_worker_starts_the_normal_way(
    page: Page, recorded: Recorded, site_url: str, site_dir: Path, runtime: Path, case: str
) -> None:
    warnings: list[str] = []
    page.on("console", lambda message: warnings.append(message.text) if message.type == "warning" else None)
    if case == "missing":
        recorded.context.route(
            f"**/{runtime.name}/checker-*.bin", lambda route: route.fulfill(status=404, body="saknas")
        )
    else:
        damaged, generated = damaged_snapshot(site_dir, runtime)
        recorded.context.route(f"**/{runtime.name}/checker-*.bin", lambda route: route.fulfill(body=damaged))
        recorded.context.route(
            "**/assets/checker/files.js", lambda route: route.fulfill(body=generated, content_type="text/javascript")
        )
    page.goto(f"{site_url}kontroll/?{QUERY}")
    expect(page.locator(VERDICT)).to_be_attached()
    expect(page.locator(READY)).to_be_attached()  # Pyodide too, not only the answer book
    assert any(url.endswith(".whl") for url in recorded.urls), recorded.urls  # the wheel, as before
    assert any("utan minnesavbild" in warning for warning in warnings), warnings
    if case == "refused":
        assert any("magic number" in warning for warning in warnings), warnings


def test_every_pyodide_start_goes_through_the_one_start_module() -> None:
    """The checker's and the desk's workers, the build's checks under Node and the bench's bare
    page start Pyodide with javascripts/pyodide/start.js: the options (no CDN, inline lock) and
    the wheel's install are written there only (the bench's PyScript page is PyScript's own start)."""
    shared = ROOT / "docs" / "javascripts" / "pyodide" / "start.js"
    starts = {
        ROOT / "docs" / "javascripts" / "kontroll" / "worker.js": "../pyodide/start.js",
        ROOT / "docs" / "javascripts" / "ny-rutintext" / "worker.js": "../pyodide/start.js",
        ROOT / "scripts" / "snapshot.mjs": "../docs/javascripts/pyodide/start.js",
        ROOT / "scripts" / "desk_check.mjs": "../docs/javascripts/pyodide/start.js",
        ROOT / "scripts" / "bench_browser.py": "../javascripts/pyodide/start.js",
    }
    for path, target in starts.items():
        code = re.sub(r"^\s*(//|#).*$", "", path.read_text(encoding="utf-8"), flags=re.MULTILINE)
        assert re.search(r'import \{[^}]*\bstartOptions\b[^}]*\} from "' + re.escape(target) + '"', code), path.name
        for written_once in ("lockFileContents", "unpackArchive", "abi_version:", "extractDir"):
            assert written_once not in code, f"{path.name}: {written_once}"
    assert all(name in shared.read_text(encoding="utf-8") for name in ("lockFileContents", "unpackArchive"))
