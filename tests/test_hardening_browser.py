"""The site under strict hosting and hostile input, in a real browser.

The site is served by Debian's nginx with exactly the configuration scripts/hosting.py
writes (and web.config is held to the same headers, types and encodings), so a page that
needs anything the Content-Security-Policy does not allow fails here, not on the intranet. Hostile links must show the engine's messages as text and run nothing; the
checker stores nothing in the browser; axe-core finds nothing in any state of the checker.
"""

from __future__ import annotations

import gzip
import json
import re
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import quote
from xml.etree import ElementTree

import brotli
import nginx_site  # scripts/, put on the path by conftest
import pytest
from browser_support import PROBLEMS, ROOT, START_TIMEOUT_MS, VERDICT, axe_violations, record, show_query
from playwright.sync_api import Browser, Page, expect

from checker import Policy, ScenarioError, check, scenario_from_query
from checker.apps import web
from checker.model.policy import COMPILED_POLICY
from checker.model.scenario import scenario_to_query

HEADERS = ROOT / "build" / "hosting" / "headers.json"

# Collects every CSP violation the page reports (including those of its workers, which
# Chromium also logs to the page's console, caught separately).
CSP_LISTENER = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (event) =>
  window.__csp.push(event.violatedDirective + " " + (event.blockedURI || "inline")));
"""


@pytest.fixture(scope="module")
def hosted_url(hosted: nginx_site.Server) -> str:
    """The site as nginx serves it with the build's configuration (conftest's ``hosted``)."""
    return hosted.url


def test_the_policy_is_as_strict_as_the_issue_asks() -> None:
    headers = json.loads(HEADERS.read_text(encoding="utf-8"))["headers"]
    csp = dict(part.strip().split(" ", 1) for part in headers["Content-Security-Policy"].split(";"))
    assert csp["default-src"] == "'self'" and csp["style-src"] == "'self'"
    assert csp["object-src"] == "'none'" and csp["frame-ancestors"] == "'self'"
    assert "'unsafe-inline'" not in headers["Content-Security-Policy"]
    assert "'unsafe-eval'" not in headers["Content-Security-Policy"]
    assert csp["script-src"].startswith("'self' 'wasm-unsafe-eval' 'sha256-")
    assert headers["Referrer-Policy"] == "same-origin" and headers["X-Content-Type-Options"] == "nosniff"
    nginx = (ROOT / "build" / "hosting" / "nginx.conf").read_text(encoding="utf-8")
    iis = (ROOT / "site" / "web.config").read_text(encoding="utf-8")
    assert headers["Content-Security-Policy"] in nginx and headers["Content-Security-Policy"] in iis
    # nginx: a types block replaces the MIME map it inherits, so its own list must come first.
    assert nginx.index("include mime.types;") < nginx.index("types {")
    assert '<mimeMap fileExtension=".wasm" mimeType="application/wasm" />' in iis


def test_every_page_search_and_checker_work_under_the_csp(browser: Browser, hosted_url: str, site_dir: Path) -> None:
    context = browser.new_context()
    context.set_default_timeout(START_TIMEOUT_MS)
    context.add_init_script(CSP_LISTENER)
    recording = record(context, hosted_url)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    violations: dict[str, Any] = {}
    pages = sorted(index.parent.relative_to(site_dir).as_posix() for index in site_dir.rglob("index.html"))
    for path in pages:
        page.goto(hosted_url + ("" if path == "." else f"{path}/"))
        expect(page.locator("h1").first).to_be_visible()
        if page.evaluate("window.__csp.length"):
            violations[path] = page.evaluate("window.__csp")
    # Search: its worker and index load under the policy and find a word of the routine.
    page.goto(hosted_url + "barn/")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator(".md-search__input").press_sequentially("vårdnadshavare", delay=30)
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    # The checker: Pyodide's wasm and the worker start, and a verdict arrives.
    page.goto(
        hosted_url
        + "kontroll/?"
        + scenario_to_query({"situation": "proxy", "child_age": 12, "actor": "guardian", "action": "read_journal"})
    )
    expect(page.locator(VERDICT)).to_have_attribute("data-outcome", "allowed")
    violations["sök + kontroll"] = page.evaluate("window.__csp")
    context.close()
    assert {path: found for path, found in violations.items() if found} == {}
    assert [line for line in console if "Content Security Policy" in line or "Refused to" in line] == []
    assert recording.foreign() == []


HOSTILE = [
    "situation=proxy&child_age=<script>window.__pwned=1</script>&actor=guardian&action=read_journal",
    'situation=attachments&transfer_method="><img src=x onerror="window.__pwned=1">',
    "situation=proxy&child_age=12&child_age=13&actor=guardian&action=read_journal",
    "situation=proxy&child_age=12&actor=guardian&action=read_journal&__proto__=x&constructor=y",
    "situation=sms&sms_type=notification&sender=" + "R" * 5000,
    "situation=" + "x" * 20_000,
    "situation=<svg/onload=window.__pwned=1>",
    "javascript:window.__pwned=1",
]


@pytest.mark.parametrize("query", HOSTILE, ids=[f"fientlig-{index}" for index in range(len(HOSTILE))])
def test_a_hostile_link_shows_messages_and_injects_nothing(
    page: Page, site_url: str, policy: Policy, query: str
) -> None:
    """Every hostile link is wrong as a scenario; on the page (contract v4, "Links") a
    parameter that is no field of any situation is only named, and whatever else is wrong
    gets the engine's messages. Nothing from the link runs or becomes markup."""
    with pytest.raises(ScenarioError):
        check(policy, scenario_from_query(policy, query))
    web.setup(COMPILED_POLICY.read_text(encoding="utf-8"))
    expected = json.loads(web.ask(query, True))
    page.goto(f"{site_url}kontroll/?{quote(query, safe='=&')}")
    if expected["errors"]:
        summary = page.locator(PROBLEMS)
        expect(summary).to_be_visible()
        expect(summary).to_contain_text(expected["errors"][0]["message"][:60])
        # The nurse's sentence is Python's (checker.present.verdict_view.problems_view), drawn as text.
        sentence = expected["problems"]["sentence"]
        words = "".join(part if isinstance(part, str) else part["text"] for part in sentence)
        expect(summary.locator('[data-part="link-wrong"]')).to_have_text(words)
    else:
        assert expected["ignored"]
        expect(page.locator('[data-part="ignored"]')).to_contain_text(expected["ignored_text"])
    if expected["verdict"]:
        expect(page.locator(VERDICT)).to_have_attribute("data-outcome", expected["verdict"]["outcome"])
    else:  # the problems or the named parameters above are drawn with the answer, once it is in
        assert page.locator("[data-outcome]").count() == 0
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#kontroll script, #kontroll img, #kontroll svg[onload], #kontroll iframe").count() == 0


def test_the_checker_stores_nothing_in_the_browser(browser: Browser, site_url: str) -> None:
    context = browser.new_context()
    context.set_default_timeout(START_TIMEOUT_MS)
    page = context.new_page()
    page.goto(site_url + "kontroll/")
    page.locator('input[name="situation"][value="consent"]').check()
    page.locator('input[name="action"][value="book_video_visit"]').check()
    page.locator('input[name="patient_has_eid"][value="true"]').check()  # no question starts answered
    expect(page.locator(VERDICT)).to_be_attached()
    page.goto(site_url + "kontroll/?situation=proxy&child_age=12&actor=guardian&action=read_journal")
    expect(page.locator(VERDICT)).to_be_attached()
    stored = page.evaluate("""async () => ({
        cookie: document.cookie,
        local: Object.keys(localStorage),
        session: Object.keys(sessionStorage),
        databases: indexedDB.databases ? (await indexedDB.databases()).map((db) => db.name) : [],
        caches: (await caches.keys()),
    })""")
    assert context.cookies() == []
    context.close()
    assert stored == {"cookie": "", "local": [], "session": [], "databases": [], "caches": []}


def test_the_checker_asks_for_no_free_text_about_the_patient(policy: Policy) -> None:
    """The only free-text answer is an SMS sender name, never a name, number or note about a person."""
    free_text = [
        (situation.id, field.id)
        for situation in policy.situations.values()
        for field in situation.fields.values()
        if field.type == "text"
    ]
    assert free_text == [("sms", "sender")]


def _outcome_examples(policy: Policy) -> dict[str, str]:
    found: dict[str, str] = {}
    for _, example in policy.examples():
        found.setdefault(check(policy, example["scenario"])["outcome"], scenario_to_query(example["scenario"]))
    return found


def test_every_state_of_the_checker_is_axe_clean(page: Page, site_url: str, policy: Policy) -> None:
    page.goto(site_url + "kontroll/")
    found: dict[str, list[str]] = {}
    for situation in policy.situations:
        page.locator(f'input[name="situation"][value="{situation}"]').check()
        expect(page.locator(f'input[name="situation"][value="{situation}"]')).to_be_checked()
        # A situation without questions is answered at once, and its verdict scrolls under the
        # pointer that chose it: the theme's hover colour is not the state being checked.
        page.mouse.move(0, 0)
        found[f"frågor: {situation}"] = axe_violations(page)
    outcomes = _outcome_examples(policy)
    assert set(outcomes) == {"allowed", "allowed_with_conditions", "not_allowed", "not_covered"}
    # Each further state in the loaded page, as back/forward would open it: the states are the
    # point here, not a cold start each.
    for outcome, query in outcomes.items():
        show_query(page, query)
        expect(page.locator(VERDICT)).to_have_attribute("data-outcome", outcome)
        found[f"utfall: {outcome}"] = axe_violations(page)
    show_query(page, "situation=booking&visit_form=boat&patient_has_eid=kanske")
    expect(page.locator(PROBLEMS)).to_be_visible()
    found["fel"] = axe_violations(page)
    assert {state: violations for state, violations in found.items() if violations} == {}


# --- the real web server and the pre-compressed files ---------------------------------------


def fetch(url: str, accept_encoding: str) -> tuple[dict[str, str], bytes]:
    """Headers and the body as sent (urllib decodes nothing)."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": accept_encoding} if accept_encoding else {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return dict(response.headers.items()), response.read()


def samples(site_dir: Path) -> list[Path]:
    """One file of each kind that has pre-compressed copies, and the big ones the checker fetches."""
    by_kind: dict[str, Path] = {}
    for copy in sorted(site_dir.rglob("*.br"), key=lambda copy: -copy.stat().st_size):
        if copy.with_suffix(".gz").exists():  # a tiny file may shrink with one encoding only
            by_kind.setdefault(copy.with_suffix("").suffix, copy.with_suffix(""))
    runtime = next((site_dir / "assets").glob("pyodide-*"))
    return sorted({*by_kind.values(), runtime / "pyodide.asm.wasm", *runtime.glob("checker-*.bin")})


def test_nginx_runs_the_shipped_configuration_and_nothing_else(hosted: nginx_site.Server) -> None:
    shipped = ROOT / "build" / "hosting" / "nginx.conf"
    assert f"include {shipped};" in hosted.config
    # Headers, caching and compression all come from the shipped file, none from the wrapper.
    wrapper = hosted.config.replace(f"include {shipped};", "")
    assert not re.search(r"add_header|gzip_|brotli_static\s|expires|types\s*\{", wrapper)
    snippet = shipped.read_text(encoding="utf-8")
    assert all(line in snippet for line in ("brotli_static on;", "gzip_static on;", "gzip_vary on;"))


@pytest.mark.parametrize("accept, encoding", [("br, gzip", "br"), ("gzip", "gzip"), ("", "")])
def test_nginx_sends_the_precompressed_copies(
    hosted: nginx_site.Server, site_dir: Path, accept: str, encoding: str
) -> None:
    security = json.loads(HEADERS.read_text(encoding="utf-8"))["headers"]
    for path in samples(site_dir):
        url = hosted.url + path.relative_to(site_dir).as_posix()
        headers, body = fetch(url, accept)
        plain_headers, plain = fetch(url, "")
        stored = path.read_bytes()
        assert plain == stored, path
        assert headers.get("Content-Encoding", "") == encoding, path
        decoded = {"br": brotli.decompress, "gzip": gzip.decompress, "": bytes}[encoding](body)
        assert decoded == stored, path
        if encoding:
            assert body == path.with_name(path.name + {"br": ".br", "gzip": ".gz"}[encoding]).read_bytes()
            assert len(body) < len(stored) or len(stored) < 1000  # mkdocs' own sitemap.xml.gz is larger
        assert headers["Vary"] == "Accept-Encoding", path
        for name in ("Content-Type", "Cache-Control"):
            assert headers[name] == plain_headers[name], (path, name)
        assert {name: headers[name] for name in security} == security, path


def test_web_config_serves_the_same_copies_as_nginx(hosted: nginx_site.Server, site_dir: Path) -> None:
    config = ElementTree.parse(site_dir / "web.config").getroot()
    server = config.find("system.webServer")
    assert server is not None
    compression = server.find("urlCompression")
    assert compression is not None and compression.attrib == {
        "doStaticCompression": "false",
        "doDynamicCompression": "false",
    }
    rules = {rule.get("name"): rule for rule in server.iterfind("rewrite/rules/rule")}
    for encoding, suffix in (("br", ".br"), ("gzip", ".gz")):
        rule = rules[encoding]
        conditions = {add.get("input"): add.attrib for add in rule.iterfind("conditions/add")}
        assert re.search(conditions["{HTTP_ACCEPT_ENCODING}"]["pattern"], f"gzip, deflate, {encoding}")
        assert not re.search(conditions["{HTTP_ACCEPT_ENCODING}"]["pattern"], "identity")
        assert conditions[f"{{REQUEST_FILENAME}}{suffix}"]["matchType"] == "IsFile"
        assert rule.find("action").attrib == {"type": "Rewrite", "url": f"{{R:1}}{suffix}"}  # type: ignore[union-attr]
    assert list(rules) == ["br", "gzip"]  # brotli first, as nginx prefers it
    outbound = {
        (rule.find("match").get("serverVariable"), rule.find("action").get("value")):  # type: ignore[union-attr]
        rule.find("conditions/add").get("pattern")
        for rule in server.iterfind("rewrite/outboundRules/rule")
    }  # type: ignore[union-attr]
    assert outbound == {
        ("RESPONSE_Content_Encoding", "br"): r"\.br$",
        ("RESPONSE_Content_Encoding", "gzip"): r"\.gz$",
        ("RESPONSE_Vary", "Accept-Encoding"): r"\.(br|gz)$",
    }
    # Each compressed kind gets the Content-Type nginx sends for the original file.
    mime = {entry.get("fileExtension"): entry.get("mimeType") for entry in server.iterfind("staticContent/mimeMap")}
    for path in samples(site_dir):
        headers, _ = fetch(hosted.url + path.relative_to(site_dir).as_posix(), "br")
        for suffix in (".br", ".gz"):
            assert mime[path.suffix + suffix] == headers["Content-Type"], path
    custom = {add.get("name"): add.get("value") for add in server.iterfind("httpProtocol/customHeaders/add")}
    assert custom == json.loads(HEADERS.read_text(encoding="utf-8"))["headers"]
