"""Fixtures shared by every test: the policy, the built site served on 127.0.0.1, the browser.

The site is built by ``scripts/build`` (``scripts/test`` runs it before pytest); tests read
the result instead of building it again, so a stale or missing build fails loudly here.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import nginx_site  # noqa: E402
import pytest  # noqa: E402
from browser_support import START_TIMEOUT_MS, Recorded, record, serve  # noqa: E402
from chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from playwright.sync_api import Browser, Page, expect, sync_playwright  # noqa: E402

from checker import Policy, load_policy  # noqa: E402
from checker.engine.verify import Report, verify  # noqa: E402
from checker.versions.diff import history  # noqa: E402
from checker.versions.records import Version, from_policy  # noqa: E402

LONGEST_FIRST = (
    "test_browser.py",
    "test_staff_checker.py",
    "test_routine_pages_phone.py",
    "test_hardening_browser.py",
    "test_owner_desk.py",
    "test_alternatives.py",
    "test_revision.py",
    "test_answer_book.py",
    "test_fuzz.py",
    "test_performance.py",
    "test_build.py",
    "test_confirmation.py",
    "test_signoff.py",
    "test_properties.py",
    "test_changes.py",
)
"""The files that take longest, longest first (the sum of each file's --durations=0 on two
workers, 2026-12-08: 79, 77, 54, 49, 47, 39, 37, 30, 26, 25, 23, 21, 21, 20 and 20 s; every
other file takes under 15): with ``--dist loadfile`` each file runs on one worker, and a long
file begun last keeps one worker busy alone while the other has nothing left (the whole-build
test once did so for two minutes; ordered by their number of tests, the last files were
those with few but slow tests, and the last tenth of the tests took a minute). scripts/test turns
off xdist's own order (files with the most tests first, ``--no-loadscope-reorder``) and this
hook keeps it for the other files (guides/utvecklare.md)."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The longest files first, then the files with the most tests; each file's tests in their order."""
    tests_in = Counter(item.path.name for item in items)

    def rank(item: pytest.Item) -> tuple[int, int]:
        name = item.path.name
        return (LONGEST_FIRST.index(name) if name in LONGEST_FIRST else len(LONGEST_FIRST), -tests_in[name])

    items.sort(key=rank)


# A fresh page starts Pyodide before it can answer; on a busy 2-core machine that can take
# longer than Playwright's 5 s default for expect(). A real hang still fails at a minute.
expect.set_options(timeout=START_TIMEOUT_MS)
SITE = ROOT / "site"


@pytest.fixture(scope="session")
def policy() -> Policy:
    return load_policy(ROOT / "policy.yaml")


@pytest.fixture(scope="session")
def verified(policy: Policy) -> Report:
    """``verify`` over the whole space, once per worker: several modules read its report."""
    return verify(policy)


@pytest.fixture(scope="session")
def in_force(policy: Policy) -> Version:
    """The policy in force as a version to compare with: it keeps what it has decided, so the
    tests that weigh each reading's alternatives decide each scenario under it once."""
    return from_policy(policy)


@pytest.fixture(scope="session")
def published_history(policy: Policy) -> list[dict[str, Any]]:
    """Each published step to this policy (``history``): every scenario decided under each."""
    return history(policy, ROOT / "published")


@pytest.fixture(scope="session")
def generated(policy: Policy) -> dict[str, str]:
    """What scripts/generate_pages.py writes for policy.yaml and mkdocs.yml's owner (the
    dearest part of the build: every reading's alternatives weighed), once per worker."""
    from generate_pages import generated_pages

    return generated_pages(policy)


@pytest.fixture(scope="session")
def site_dir() -> Path:
    if not (SITE / "index.html").exists():
        pytest.fail("site/ saknas: kör scripts/build (scripts/test gör det) innan testerna")
    return SITE


@pytest.fixture(scope="session")
def site_url(site_dir: Path) -> Iterator[str]:
    """The built site, served as static files on 127.0.0.1 (as intranet IT will host it)."""
    with serve(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def hosted(site_dir: Path) -> Iterator[nginx_site.Server]:
    """The site served by Debian's nginx with the build's own configuration
    (build/hosting/nginx.conf: security headers, cache rules, pre-compressed files), as the
    bench serves it; its access log tells what was sent."""
    with nginx_site.serve(site_dir) as server:
        yield server


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def recorded(browser: Browser, site_url: str) -> Iterator[Recorded]:
    """A fresh context (empty profile and cache) whose requests must all stay on the site."""
    context = browser.new_context(locale="sv-SE")
    context.set_default_timeout(START_TIMEOUT_MS)
    recording = record(context, site_url)
    yield recording
    context.close()
    assert recording.urls, "inga förfrågningar registrerades"
    assert recording.foreign() == [], "förfrågningar utanför webbplatsen"


@pytest.fixture
def page(recorded: Recorded) -> Iterator[Page]:
    """A page in the recorded context; an uncaught script error fails the test."""
    page = recorded.context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    assert errors == []
