"""The checker in a real browser: Debian's Chromium against the built site on 127.0.0.1.

Pyodide runs the same ``checker`` package as CPython here, so every example scenario of
``policy.yaml`` must give the same verdict in both runtimes, field by field. Every request
any test makes is recorded and must stay on the site's own origin.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from browser_support import (
    PROBLEMS,
    ROOT,
    START_TIMEOUT_MS,
    VERDICT,
    Recorded,
    axe_violations,
    expected_view,
    read_verdict,
    record,
    serve,
    show_query,
)
from playwright.sync_api import Browser, Page, expect

from checker import Policy, ScenarioError, check, scenario_from_query
from checker.model.scenario import scenario_to_query

SCRIPTS = ROOT / "docs" / "javascripts" / "kontroll"


def open_checker(page: Page, site_url: str, query: str = "") -> None:
    page.goto(f"{site_url}kontroll/" + (f"?{query}" if query else ""))


def routine_pages(site_dir: Path) -> list[str]:
    """Every page of the built site except the checker and the 404 page, as paths."""
    pages = []
    for index in sorted(site_dir.rglob("index.html")):
        path = index.parent.relative_to(site_dir).as_posix()
        if path != "kontroll":
            pages.append("" if path == "." else f"{path}/")
    return pages


# --- the page's own code ---------------------------------------------------------------


def test_page_script_never_parses_data_as_markup() -> None:
    for path in SCRIPTS.glob("*.js"):
        source = path.read_text(encoding="utf-8")
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
            assert sink not in source, f"{path.name} använder {sink}"
        # Either would fall back to a CDN without throwing; the comments may name them.
        assert not re.search(r"loadPackage\w*\s*\(|\bmicropip\.", source), path.name


def test_only_the_needed_pyodide_files_are_shipped(site_dir: Path) -> None:
    folders = list((site_dir / "assets").glob("pyodide*"))
    assert len(folders) == 1, folders  # one content-hashed folder (see test_performance.py)
    # Without the build's .br and .gz copies of each (scripts/precompress.py).
    shipped = sorted(path.name for path in folders[0].iterdir() if path.suffix not in (".br", ".gz"))
    built = [name for name in shipped if re.fullmatch(r"checker-[0-9a-f]{12}\.bin|stdlib-[0-9a-f]{12}\.zip", name)]
    # The memory snapshot and the trimmed standard library (test_performance.py), one each.
    assert sorted(name.split("-")[0] for name in built) == ["checker", "stdlib"], shipped
    assert sorted(set(shipped) - set(built)) == sorted(
        ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "no-stdlib.zip"]
    )


# --- the verdict, in two runtimes -------------------------------------------------------


def test_every_example_gives_the_cpython_verdict_field_by_field(page: Page, site_url: str, policy: Policy) -> None:
    examples = list(policy.examples())
    assert len(examples) > 20
    open_checker(page, site_url, "situation=suicidal_chat")
    page.wait_for_selector(VERDICT)
    mismatches: list[str] = []
    for _, example in examples:
        query = scenario_to_query(example["scenario"])
        show_query(page, query)
        page.wait_for_selector(VERDICT)  # popstate clears the old verdict at once
        shown, expected = read_verdict(page), expected_view(check(policy, example["scenario"]))
        for key in expected:
            if shown[key] != expected[key]:
                mismatches.append(
                    f"{example['name']} ({query}): {key}: webbläsaren {shown[key]!r}, CPython {expected[key]!r}"
                )
    assert mismatches == []


def example_with_journal_text(policy: Policy) -> dict[str, Any]:
    """The first example whose verdict asks for a text in the journal."""
    return next(
        example["scenario"]
        for _, example in policy.examples()
        if (check(policy, example["scenario"])["consent"] or {}).get("journal_text")
    )


def test_verdict_shows_consent_journal_text_and_messages_with_copy_buttons(
    page: Page, site_url: str, policy: Policy
) -> None:
    with_journal = example_with_journal_text(policy)
    open_checker(page, site_url, scenario_to_query(with_journal))
    verdict = page.locator(VERDICT)
    expect(verdict.locator('[data-part="journal-text"]')).to_be_visible()
    expect(verdict.get_by_role("button", name=policy.text("checker_page", "copy_journal"))).to_be_visible()
    expect(verdict.get_by_role("button", name=policy.text("checker_page", "copy_link"))).to_be_visible()
    expect(verdict).to_have_attribute("data-policy-version", policy.version)


def test_copy_link_copies_the_shareable_address(page: Page, recorded: Recorded, site_url: str, policy: Policy) -> None:
    recorded.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    query = "situation=proxy&child_age=12&actor=guardian&action=read_journal"
    open_checker(page, site_url, query)
    page.locator(VERDICT).get_by_role("button", name=policy.text("checker_page", "copy_link")).click()
    expect(page.locator(VERDICT).get_by_text(policy.text("checker_page", "copied"))).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == f"{site_url}kontroll/?{query}"


READ_JOURNAL_AT_14 = "situation=proxy&child_age=14&actor=guardian&action=read_journal"
"""Decided by a rule that rests on a reading the owner has not confirmed (ombud-bara-under-13)."""
LEFT_OPEN = "situation=proxy&child_age=12&actor=child&action=send_message"
"""Not covered, and no other routine named: a question for the routine's owner (barn-under-13-sjalvt-meddelanden)."""
OWNER = "agare@example.se"


def test_a_verdict_says_it_rests_on_an_unconfirmed_reading_and_links_it(
    page: Page, site_url: str, policy: Policy
) -> None:
    open_checker(page, site_url, READ_JOURNAL_AT_14)
    notice = page.locator(VERDICT).locator('[data-part="interpretations"]')
    expect(notice.get_by_role("heading")).to_have_text(policy.text("checker_page", "interpretations_proposed"))
    item = notice.locator('li[data-interpretation="ombud-bara-under-13"]')
    reading = policy.interpretations["ombud-bara-under-13"]
    expect(item.get_by_role("link", name=reading["question"])).to_have_attribute(
        "href", "../tolkningar/#tolkning-ombud-bara-under-13"
    )
    expect(item).to_contain_text(reading["reading"])
    expect(item).to_contain_text(policy.text("report", "proposed"), ignore_case=True)
    item.get_by_role("link").click()
    expect(page.locator("#tolkning-ombud-bara-under-13")).to_be_visible()


def test_a_verdict_this_version_changed_says_so_and_links_the_change(
    page: Page, site_url: str, policy: Policy, published_history: list[dict[str, Any]]
) -> None:
    # The answers the current version changed against the last published one: the session's
    # history (conftest.py), not a second one computed while the tests are collected.
    changed_now = [entry for entry in published_history[-1]["changes"] if entry["answer_changed"]]
    if not changed_now:
        pytest.skip("this version changes no answer against the last published one")
    first = changed_now[0]
    open_checker(page, site_url, scenario_to_query(first["scenarios"][0]))
    changed = page.locator(VERDICT).locator('[data-part="changed"]')
    expect(changed).to_contain_text(f"Ändrat i version {policy.version}")
    before = first["before"]["outcome"] if first["before"] else None
    if before:
        expect(changed).to_contain_text(policy.text("outcomes", before))
    link = changed.get_by_role("link", name=policy.text("checker_page", "changed_link"))
    href = link.get_attribute("href")
    assert href.startswith("../vad-har-andrats/#andring-")
    link.click()
    expect(page.locator("#" + href.split("#", 1)[1])).to_be_visible()


def test_the_review_notice_appears_when_its_day_has_passed(page: Page, site_url: str) -> None:
    """A site built before the review date shows the notice once the date is past (oversyn.js)."""

    def fulfil(route: Any) -> None:
        response = route.fetch()
        banner = '<div class="md-banner"><p class="oversyn" data-review-by="2000-01-01" hidden>Rutinen ska ses över.</p></div>'
        route.fulfill(
            response=response,
            body=response.text().replace('<div class="md-container"', banner + '<div class="md-container"', 1),
        )

    page.route(lambda url: urlsplit(url).path == "/barn/", fulfil)
    page.goto(f"{site_url}barn/")
    expect(page.locator(".oversyn")).to_be_visible()


def with_owner(page: Page, email: str) -> None:
    """Serve the checker page as a build with mkdocs.yml extra.rutinagare.epost set would."""

    def fulfil(route: Any) -> None:
        response = route.fetch()
        html = response.text()
        assert 'data-owner-email=""' in html
        route.fulfill(response=response, body=html.replace('data-owner-email=""', f'data-owner-email="{email}"'))

    page.route(lambda url: urlsplit(url).path == "/kontroll/", fulfil)


def test_not_covered_offers_a_mail_to_the_owner_with_the_question_link_and_version_only(
    page: Page, site_url: str, policy: Policy
) -> None:
    with_owner(page, OWNER)
    open_checker(page, site_url, LEFT_OPEN)
    link = (
        page.locator(VERDICT)
        .locator('[data-part="ask-owner"]')
        .get_by_role("link", name=policy.text("checker_page", "ask_owner"))
    )
    mail = urlsplit(link.get_attribute("href"))
    assert (mail.scheme, mail.path) == ("mailto", OWNER)
    question = next(
        item["question"] for item in policy.data["owner_questions"] if item["id"] == "barn-under-13-sjalvt-meddelanden"
    )
    assert parse_qs(mail.query) == {
        "subject": [policy.text("checker_page", "ask_owner_subject").format(title=policy.data["meta"]["title"])],
        "body": [
            policy.text("checker_page", "ask_owner_body").format(
                question=question, link=page.url, version=policy.version
            )
        ],
    }


def test_without_an_owner_address_the_verdict_says_so_and_has_no_mail_link(
    page: Page, site_url: str, policy: Policy
) -> None:
    open_checker(page, site_url, LEFT_OPEN)
    ask = page.locator(VERDICT).locator('[data-part="ask-owner"]')
    expect(ask).to_contain_text(policy.text("checker_page", "ask_owner_unset"))
    assert page.locator('a[href^="mailto:"]').count() == 0
    open_checker(page, site_url, READ_JOURNAL_AT_14)  # a decided verdict does not ask at all
    expect(page.locator(VERDICT)).to_be_attached()
    assert page.locator('[data-part="ask-owner"]').count() == 0


def test_printing_a_verdict_gives_a_record_without_form_buttons_or_navigation(
    page: Page, site_url: str, policy: Policy
) -> None:
    scenario = example_with_journal_text(policy)
    verdict = check(policy, scenario)
    open_checker(page, site_url, scenario_to_query(scenario))
    expect(page.locator(VERDICT)).to_be_attached()
    record = page.locator('[data-part="print-record"]')
    expect(record).to_be_hidden()  # on screen, the form is the record
    page.emulate_media(media="print")
    for hidden in (".md-header", ".md-sidebar--primary", ".md-footer", ".kontroll-formular", "h1"):
        expect(page.locator(hidden).first).to_be_hidden()
    assert page.locator("button:visible, .md-button:visible, input:visible").count() == 0
    situation = policy.situations[scenario["situation"]]
    expect(record).to_contain_text(situation.data["question"])
    # The answers print from "Dina svar", the situation first, without "Ändra".
    answers = page.locator(VERDICT).locator('[data-part="your-answers"] [data-answer]')
    expect(answers).to_have_count(len(verdict["scenario"]))
    expect(answers.first).to_be_visible()
    assert page.locator(VERDICT).locator("a[data-change]:visible").count() == 0
    for step in verdict["explanation"]:
        for quote in policy.rules[step["rule"]]["quote"]:
            expect(page.locator(VERDICT).locator('[data-part="quote"]').get_by_text(quote)).to_be_visible()
    expect(page.locator('[data-part="journal-text"]')).to_have_text(verdict["consent"]["journal_text"])
    expect(page.locator('[data-part="policy-version"]')).to_be_visible()
    expect(page.locator('[data-part="print-date"]')).to_have_text(re.compile(r"^Utskriven \d{1,2} [a-zåäö]+ \d{4}$"))
    expect(page.locator('[data-part="print-footer"]')).to_contain_text(page.url)


def test_the_open_questions_print_with_room_for_an_answer(page: Page, site_url: str, policy: Policy) -> None:
    page.goto(f"{site_url}vad-rutinen-inte-reglerar/")
    answers = page.locator("[data-question] .svarsrader")
    expect(answers).to_have_count(len(policy.data["owner_questions"]))
    expect(answers.first).to_be_hidden()
    page.emulate_media(media="print")
    expect(answers.first).to_be_visible()
    assert answers.first.locator(".svarsrad").first.bounding_box()["height"] > 10


# --- the form ---------------------------------------------------------------------------


def test_keyboard_alone_reaches_a_verdict(page: Page, site_url: str, policy: Policy) -> None:
    open_checker(page, site_url)
    for _ in range(150):  # from the top of the page, through header and navigation
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "situation":
            break
    else:
        pytest.fail("Tab når aldrig frågan om situationen")
    situations = list(policy.situations)
    for _ in range(situations.index("proxy")):
        page.keyboard.press("ArrowDown")  # moves through the radio group and selects
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "child_age"
    page.keyboard.type("12")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # first choice: the guardian
    page.keyboard.press("Tab")
    actions = policy.situations["proxy"].fields["action"].value_ids()
    page.keyboard.press("Space")
    for _ in range(actions.index("read_journal")):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"
    page.keyboard.press("Enter")
    expect(page.locator(VERDICT)).to_have_attribute("data-outcome", "allowed")
    assert page.evaluate("document.activeElement.id") == "kontroll-utfall-rubrik"
    assert page.url.endswith("?situation=proxy&child_age=12&actor=guardian&action=read_journal")


def test_answers_live_in_the_url_and_back_forward_work(page: Page, site_url: str) -> None:
    open_checker(page, site_url)
    page.locator('input[name="situation"][value="suicidal_chat"]').check()
    expect(page.locator(VERDICT)).to_be_attached()
    assert page.url.endswith("?situation=suicidal_chat")
    page.locator(VERDICT).locator('[data-part="new-question"]').click()  # a new question: a new entry
    page.locator('input[name="situation"][value="attachments"]').check()
    assert page.url.endswith("?situation=attachments")
    expect(page.locator(VERDICT)).not_to_be_attached()  # not answered yet: no verdict
    page.locator('input[name="transfer_method"][value="email"]').check()
    expect(page.locator(VERDICT)).to_have_attribute("data-outcome", "not_allowed")
    assert page.url.endswith("?situation=attachments&transfer_method=email")
    page.go_back()
    expect(page.locator('input[name="situation"][value="suicidal_chat"]')).to_be_checked()
    expect(page.locator(VERDICT)).to_be_attached()
    page.go_forward()
    expect(page.locator('input[name="transfer_method"][value="email"]')).to_be_checked()
    expect(page.locator(VERDICT)).to_have_attribute("data-outcome", "not_allowed")


def test_an_invalid_url_shows_the_engines_messages_next_to_the_fields(
    page: Page, site_url: str, policy: Policy
) -> None:
    query = "situation=proxy&child_age=200&actor=nobody&action=read_journal&colour=blue"
    with pytest.raises(ScenarioError) as raised:
        check(policy, scenario_from_query(policy, query))
    problems = {problem.field: problem.message for problem in raised.value.problems}
    assert set(problems) == {"child_age", "actor", "colour"}
    open_checker(page, site_url, query)
    summary = page.locator(PROBLEMS)
    expect(summary).to_be_focused()
    # A parameter that is no field of any situation is no error on the page (contract v4,
    # "Links"): it is named for whoever made the link.
    del problems["colour"]
    expect(page.locator('[data-part="ignored"]')).to_contain_text("colour")
    # Beside the fields, words for the nurse; the engine's messages for the link's author.
    field_wrong = policy.text("checker_page", "field_wrong")
    expect(page.locator("#kontroll-falt-child_age-fel")).to_contain_text(field_wrong)
    expect(page.locator("#kontroll-falt-actor-fel")).to_contain_text(field_wrong)
    summary.locator('[data-part="link-details"] summary').click()
    for message in problems.values():
        expect(summary.locator('[data-part="engine-messages"]')).to_contain_text(message)
    expect(page.locator("#kontroll-falt-child_age")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#kontroll-falt-child_age")).to_have_value("200")  # answers are kept
    expect(page.locator('[data-field="actor"]')).to_have_attribute("aria-invalid", "true")
    assert page.locator("[data-outcome]").count() == 0
    # The link's answers by their labels, each id in parentheses for the web editor who made it.
    answers = summary.locator('[data-part="link-answers"] li')
    action = policy.situations["proxy"].fields["action"]
    expect(answers.filter(has_text="(action)")).to_have_text(
        f"{action.label} (action): {action.value_label('read_journal')} (read_journal)"
    )
    expect(answers.filter(has_text="(actor)")).to_contain_text(": nobody")
    label = policy.situations["proxy"].fields["child_age"].label
    summary.locator('[data-part="link-wrong"]').get_by_role("link", name=label).click()
    expect(page.locator("#kontroll-falt-child_age")).to_be_focused()


def test_an_unknown_situation_is_marked_at_the_situation_question(page: Page, site_url: str, policy: Policy) -> None:
    open_checker(page, site_url, "situation=weather")
    expect(page.locator("#kontroll-falt-situation-fel")).to_contain_text(policy.text("checker_page", "field_wrong"))
    page.locator('[data-part="link-details"] summary').click()
    expect(page.locator('[data-part="engine-messages"]')).to_contain_text("weather")  # for the link's author
    expect(page.locator("[data-field] input").first).to_be_visible()  # the form still works


def test_without_webassembly_the_book_answers_and_says_what_it_cannot(
    page: Page, site_url: str, policy: Policy
) -> None:
    page.add_init_script("delete globalThis.WebAssembly")
    open_checker(page, site_url, "situation=suicidal_chat")
    expect(page.locator('#kontroll [data-failed="no_wasm"]')).to_have_text(
        policy.text("checker_page", "failed_no_wasm")
    )
    expect(page.locator(VERDICT)).to_be_attached()  # from the answer book (tests/test_answer_book.py)
    expect(page.locator('input[name="situation"]').first).to_be_attached()


def test_a_worker_that_fails_to_load_is_reported_not_left_hanging(page: Page, site_url: str, policy: Policy) -> None:
    page.route("**/javascripts/kontroll/worker.js", lambda route: route.fulfill(status=404, body="saknas"))
    open_checker(page, site_url)
    expect(page.locator('#kontroll [data-failed="error"]')).to_contain_text(
        policy.text("checker_page", "failed"), timeout=15_000
    )


DESK = "ny-rutintext/"
"""The owner's desk (not in the navigation): the one page besides the checker that runs Pyodide, on purpose."""


@dataclass
class Visits:
    """Every page of the site but the checker, each opened once in one fresh context."""

    violations: dict[str, list[str]]
    """axe-core's violations on each page that has any."""
    before_desk: list[str]
    """What every page but the desk asked for (the desk is opened last: its worker keeps loading)."""
    foreign: list[str]


@pytest.fixture(scope="module")
def routine_visits(browser: Browser, site_url: str, site_dir: Path) -> Visits:
    """One walk through the routine pages for the tests that each look at every page: what
    axe finds there and what the pages ask the server for (a page load and axe cost about a
    second each, over some thirty pages)."""
    context = browser.new_context(locale="sv-SE")
    context.set_default_timeout(START_TIMEOUT_MS)
    recording = record(context, site_url)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    violations: dict[str, list[str]] = {}
    before_desk: list[str] = []
    paths = routine_pages(site_dir)
    for path in [path for path in paths if path != DESK] + [path for path in paths if path == DESK]:
        if path == DESK:
            before_desk = list(recording.urls)
        page.goto(site_url + path)
        found = axe_violations(page)
        if found:
            violations[path or "/"] = found
    context.close()
    assert errors == []
    return Visits(violations, before_desk, recording.foreign())


def test_routine_pages_load_nothing_of_the_checker(routine_visits: Visits) -> None:
    loaded = [
        url
        for url in routine_visits.before_desk
        if re.search(r"/assets/(pyodide[^/]*|checker)/|/javascripts/kontroll/", url)
    ]
    assert routine_visits.before_desk and loaded == []
    assert routine_visits.foreign == []


# --- instant navigation -----------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml even if it holds !ENV or !!python tags (their values are not needed)."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


@pytest.fixture(scope="module")
def instant_site(site_dir: Path) -> Iterator[str]:
    """The same docs built with navigation.instant and a site_url matching where it is served."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_AnyTagLoader)
    features = [*config.get("theme", {}).get("features", []), "navigation.instant"]
    with tempfile.TemporaryDirectory() as tmp:
        test_config = Path(tmp) / "mkdocs.yml"
        test_config.write_text(
            yaml.safe_dump(
                {
                    "INHERIT": str(ROOT / "mkdocs.yml"),
                    "docs_dir": str(ROOT / "build" / "docs"),
                    # custom_dir is relative to the config file, which here stands in a temporary folder.
                    "site_url": url,
                    "theme": {
                        "name": "material",
                        "features": features,
                        "custom_dir": str(ROOT / "build" / "docs" / "overrides"),
                    },
                }
            ),
            encoding="utf-8",
        )
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(test_config), "--site-dir", f"{tmp}/site"],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        with serve(Path(tmp) / "site", port=port):
            yield url


def test_instant_navigation_to_the_checker_still_reaches_a_verdict(browser: Browser, instant_site: str) -> None:
    context = browser.new_context()
    context.set_default_timeout(START_TIMEOUT_MS)
    recording = record(context, instant_site)
    page = context.new_page()
    page.goto(instant_site)
    # The theme takes a link over only once it has its sitemap (navigation.instant); a click
    # before that is an ordinary page load, which a busy machine made happen.
    page.wait_for_load_state("networkidle")
    page.evaluate("window.sameDocument = true")  # survives instant navigation, not a reload
    page.locator('a[href$="kontroll/"]').first.click()
    page.locator('input[name="situation"][value="suicidal_chat"]').check()
    expect(page.locator(VERDICT)).to_be_attached()
    assert page.evaluate("window.sameDocument") is True, "sidan laddades om: instant navigation var inte på"
    # Away and back again: the checker is drawn anew on the new content and still answers.
    page.locator('a[href$="barn/"]').first.click()
    page.wait_for_url("**/barn/")
    page.go_back()
    expect(page.locator(VERDICT)).to_be_attached()
    assert page.evaluate("window.sameDocument") is True
    context.close()
    assert recording.foreign() == []


# --- accessibility ----------------------------------------------------------------------


def test_checker_page_has_no_axe_violations_empty_filled_or_with_errors(page: Page, site_url: str) -> None:
    open_checker(page, site_url)
    expect(page.locator('input[name="situation"]').first).to_be_visible()
    found: dict[str, Any] = {"tom": axe_violations(page)}
    page.locator('input[name="situation"][value="sms"]').check()
    page.locator('input[name="sms_type"][value="reminder"]').check()
    page.locator('input[name="has_booked_visit"][value="true"]').check()
    page.locator('input[name="sms_consent"][value="true"]').check()
    page.locator('input[name="content"][value="neutral_with_login_link"]').check()
    expect(page.locator(VERDICT)).to_be_attached()
    found["ifylld"] = axe_violations(page)
    show_query(page, READ_JOURNAL_AT_14)  # in the loaded page; only the owner's address needs a new load
    expect(page.locator(VERDICT).locator('[data-part="interpretations"]')).to_be_visible()
    found["tolkning"] = axe_violations(page)
    with_owner(page, OWNER)
    open_checker(page, site_url, LEFT_OPEN)
    expect(page.locator(VERDICT).locator('[data-part="ask-owner"] a')).to_be_visible()
    found["fråga ägaren"] = axe_violations(page)
    show_query(page, "situation=proxy&child_age=200&actor=nobody")
    page.wait_for_selector(PROBLEMS)
    found["fel"] = axe_violations(page)
    assert found == {"tom": [], "ifylld": [], "tolkning": [], "fråga ägaren": [], "fel": []}


def test_routine_pages_have_no_axe_violations(routine_visits: Visits) -> None:
    assert routine_visits.violations == {}


def test_a_link_under_the_pointer_keeps_its_contrast(page: Page, site_url: str) -> None:
    """The theme draws a hovered link in its accent colour; that colour too has 4.5:1 on the
    page (docs/stylesheets/extra.css), so a link stays readable while the pointer rests on it."""
    page.goto(f"{site_url}barn/")
    link = page.locator("article a[href^='../']").first
    link.hover()
    assert link.evaluate("(node) => node.matches(':hover')")
    assert axe_violations(page) == []
