"""The checker page as a nurse meets it between two patients (issue 16), in Debian's Chromium.

Opened from a link the answer comes first; filling in the form herself nothing is answered in
advance and no verdict shows before every question is; every verdict says what to write in
the journal; a wrong link speaks to her, not to its author; the live region is short and
speaks once; Back leaves the page; a verdict prints on one A4 page. Texts come from
policy.yaml, so the tests name no Swedish sentence of their own.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any
from urllib.parse import urlsplit

import pytest
from browser_support import PROBLEMS, ROOT, VERDICT, axe_violations, show_query
from command_line import run_checker
from playwright.sync_api import Page, expect

from checker import Policy, check, load_policy_json
from checker.apps import web
from checker.model.policy import COMPILED_POLICY
from checker.model.scenario import scenario_key, scenario_to_query

VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
TO_PHONE = "situation=channel&patient_channel=chat&proposed_channel=phone&added_value=true"
"""A verdict with a journal text, an example message and the routine's reminders, from a
link that leaves three yes/no questions out."""
URGENT_BY_PHONE = "situation=channel&patient_channel=chat&proposed_channel=phone&urgent=true"
SPECIAL_REASON_BY_PHONE = "situation=channel&patient_channel=chat&proposed_channel=phone&special_reason=true"
"""A link that leaves four yes/no questions out and gives one answer that does not decide."""
PROXY = "situation=proxy&child_age=12&actor=guardian&action=read_journal"
ELSEWHERE = "situation=suicidal_chat"
LEFT_OPEN = "situation=proxy&child_age=12&actor=child&action=send_message"
"""Not covered, and no other routine named: the owner is asked."""


def open_checker(page: Page, site_url: str, query: str = "") -> None:
    page.goto(f"{site_url}kontroll/" + (f"?{query}" if query else ""))


def text(policy: Policy, key: str) -> str:
    return policy.text("checker_page", key)


def web_verdict(policy: Policy, query: str) -> dict[str, Any]:
    """What checker.apps.web gives the page for a query (the same code the worker runs)."""
    web._policy = policy
    return json.loads(web.check_query(query))["verdict"]


def visible_text(page: Page) -> str:
    """The checker's text as a reader sees it: hidden parts and closed <details> left out."""
    return page.locator("#kontroll").inner_text()


def routine_ids(policy: Policy) -> set[str]:
    """Ids no Swedish sentence contains: rules, situations, fields and values with - or _."""
    ids = set(policy.rules) | set(policy.situations)
    for situation in policy.situations.values():
        for field in situation.fields.values():
            ids.add(field.id)
            ids.update(field.value_ids() if field.type == "choice" else [])
    return {item for item in ids if re.search(r"[-_]", str(item))}


# --- 1. the answer first ---------------------------------------------------------------------


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=list(VIEWPORTS))
def test_a_link_opens_with_the_answer_first_and_focus_on_it(
    page: Page, site_url: str, policy: Policy, viewport: str
) -> None:
    page.set_viewport_size(VIEWPORTS[viewport])
    open_checker(page, site_url, TO_PHONE)
    verdict = page.locator(VERDICT)
    heading = verdict.locator("h2")
    expect(heading).to_be_focused()
    # The verdict is on the first screen, its heading's outline visible.
    box = verdict.bounding_box()
    assert box["y"] < VIEWPORTS[viewport]["height"] / 3
    outline = heading.evaluate("(node) => [getComputedStyle(node).outlineStyle, getComputedStyle(node).outlineWidth]")
    assert outline[0] != "none" and float(outline[1].rstrip("px")) >= 2
    # Then "Dina svar", each answer with "Ändra"; the form after it, collapsed.
    answers = verdict.locator('[data-part="your-answers"] [data-answer]')
    scenario = web_verdict(policy, TO_PHONE)["scenario"]
    expect(answers).to_have_count(len(scenario))
    expect(answers.locator("a[data-change]")).to_have_count(len(scenario))
    form = page.locator("details.kontroll-alla-fragor")
    assert form.evaluate("(node) => node.open") is False
    assert page.evaluate(
        "() => document.querySelector('#kontroll [data-outcome]').compareDocumentPosition(document.querySelector('details.kontroll-alla-fragor')) & Node.DOCUMENT_POSITION_FOLLOWING"
    )
    journal = verdict.locator('[data-part="journal-text"]')
    assert journal.bounding_box()["y"] < verdict.locator('[data-part="your-answers"]').bounding_box()["y"]
    assert axe_violations(page) == []


def test_change_opens_the_form_at_that_question(page: Page, site_url: str, policy: Policy) -> None:
    open_checker(page, site_url, PROXY)
    page.locator(VERDICT).locator('a[data-change="actor"]').click()
    expect(page.locator("details.kontroll-alla-fragor")).to_have_attribute("open", "")
    expect(page.locator('input[name="actor"][value="guardian"]')).to_be_focused()
    expect(page.locator('input[name="actor"][value="guardian"]')).to_be_checked()
    page.locator('input[name="actor"][value="child"]').check()
    expect(page.locator(VERDICT)).to_have_attribute(
        "data-outcome", check(policy, {**_query(PROXY), "actor": "child"})["outcome"]
    )
    # The verdict now follows the form she is filling in.
    assert page.evaluate(
        "() => document.querySelector('details.kontroll-alla-fragor').compareDocumentPosition(document.querySelector('#kontroll [data-outcome]')) & Node.DOCUMENT_POSITION_FOLLOWING"
    )
    assert axe_violations(page) == []


def _query(query: str) -> dict[str, Any]:
    scenario: dict[str, Any] = {}
    for pair in query.split("&"):
        key, value = pair.split("=")
        scenario[key] = int(value) if value.isdigit() else {"true": True, "false": False}.get(value, value)
    return scenario


# --- 2. nothing assumed silently -------------------------------------------------------------


def test_the_form_starts_unanswered_and_shows_no_verdict_before_no_question_can_change_it(
    page: Page, site_url: str, policy: Policy
) -> None:
    web._policy = policy
    open_checker(page, site_url)
    page.locator('input[name="situation"][value="channel"]').check()
    page.locator('input[name="patient_channel"][value="1177_message"]').check()
    page.locator('input[name="proposed_channel"][value="phone"]').check()
    asked = json.loads(web.ask("situation=channel&patient_channel=1177_message&proposed_channel=phone"))["ask"]
    expect(page.locator("#kontroll fieldset[data-field]:visible")).to_have_count(3 + len(asked))
    for field in policy.situations["channel"].fields.values():
        if field.type == "boolean":
            assert page.locator(f'input[name="{field.id}"]:checked').count() == 0, field.id
    page.wait_for_timeout(500)  # a verdict the engine might still send would be drawn by now
    assert page.locator("[data-outcome]").count() == 0
    assert page.locator(".kontroll-fel").count() == 0
    # "Kontrollera" names what is left to answer, and still shows no verdict.
    page.locator("form.kontroll-formular button[type=submit]").click()
    expect(page.locator(PROBLEMS).locator('[data-part="unanswered"]')).to_contain_text(
        policy.situations["channel"].fields["added_value"].label
    )
    assert page.locator("[data-outcome]").count() == 0
    page.mouse.move(0, 0)  # the summary moved the form: the pointer may rest on a link (the theme's hover colour)
    assert axe_violations(page) == []
    answer_as_asked(page, {})  # No to each question the form still asks
    shown = json.loads(web.ask(urlsplit(page.url).query))["verdict"]
    assert shown["outcome"] == check(policy, _query(urlsplit(page.url).query))["outcome"] == "not_allowed"
    expect(page.locator(VERDICT)).to_have_attribute("data-outcome", "not_allowed")
    expect(page.locator(VERDICT).locator('[data-part="assumed"]')).to_have_count(0)
    expect(page.locator(VERDICT).locator('[data-part="not-asked"]')).to_be_visible()


def test_a_link_that_leaves_questions_out_says_what_the_checker_took_and_what_did_not_decide(
    page: Page, site_url: str, policy: Policy
) -> None:
    web._policy = policy
    expected = json.loads(web.ask(SPECIAL_REASON_BY_PHONE, True))["verdict"]
    assert expected["outcome"] == check(policy, _query(SPECIAL_REASON_BY_PHONE))["outcome"]  # the contract's defaults
    assert {item["field"] for item in expected["assumed"]} == {
        "added_value",
        "urgent",
        "asks_patient_to_call",
        "patient_asked",
    }
    assert [item["field"] for item in expected["unused"]] == ["special_reason"]
    open_checker(page, site_url, SPECIAL_REASON_BY_PHONE)
    verdict = page.locator(VERDICT)
    expect(verdict.locator('[data-part="assumed"] li')).to_have_text([item["text"] for item in expected["assumed"]])
    expect(verdict.locator('[data-part="unused"] li')).to_have_text([item["text"] for item in expected["unused"]])
    label = policy.situations["channel"].fields["added_value"].label
    assert text(policy, "assumed").format(question=label, answer=text(policy, "answer_no")) in visible_text(page)
    # The routine's reminders for calling the patient, only those that apply (policy 4.0.0).
    reminders = expected["reminders"]
    assert 0 < len(reminders) < len(policy.situations["channel"].data["reminders"])
    expect(verdict.locator('[data-part="reminders"] li')).to_have_count(len(reminders))
    for reminder in reminders:
        expect(verdict.locator('[data-part="reminders"]')).to_contain_text(reminder["text"])


def test_the_added_value_question_uses_the_routines_words(policy: Policy) -> None:
    field = policy.situations["channel"].fields["added_value"]
    routine = " ".join(policy.sections[section].get("text", "") for section in policy.sections)
    routine = re.sub(r"\s+", " ", routine)
    for words in ("mervärde för patienten", "säkrare bedömning", "mer värdefullt och snabbt sätt för patienten"):
        assert words in routine
        assert words in f"{field.label} {field.data['help']}"


def test_a_routine_without_an_address_says_where_to_find_it(page: Page, site_url: str, policy: Policy) -> None:
    """Built with --utan-adress (scripts/test): the hand-over names the routine and where it is."""
    web._policy = policy
    references = json.loads(web.ask(ELSEWHERE, True))["verdict"]["references"]
    assert references and not any(reference["url"] for reference in references)
    open_checker(page, site_url, ELSEWHERE)
    for reference in references:
        item = page.locator(f'{VERDICT} [data-reference="{reference["id"]}"]')
        expect(item.locator('[data-part="find-routine"]')).to_have_text(f" – {reference['find']}")
        expect(item.locator("a")).to_have_count(0)


# --- 3. the documentation question -----------------------------------------------------------


def test_every_verdict_answers_the_documentation_question(page: Page, site_url: str, policy: Policy) -> None:
    pointer = policy.data["documentation"]
    link = "../" + policy.section_link(pointer["section"])
    open_checker(page, site_url, ELSEWHERE)
    expect(page.locator(VERDICT)).to_be_attached()
    seen = set()
    for _, example in policy.examples():
        scenario = example["scenario"]
        if scenario["situation"] in seen:
            continue
        seen.add(scenario["situation"])
        verdict = check(policy, scenario)
        page.evaluate(
            "(query) => { history.pushState(null, '', '?' + query); dispatchEvent(new PopStateEvent('popstate')); }",
            scenario_to_query(scenario),
        )
        documentation = page.locator(VERDICT).locator('[data-part="documentation"]')
        if verdict["documentation"]["journal_text"]:
            expect(documentation.locator('[data-part="journal-text"]')).to_have_text(
                verdict["documentation"]["journal_text"]
            )
        else:
            expect(documentation.locator('[data-part="documentation-text"]')).to_contain_text(
                verdict["documentation"]["text"]
            )
            expect(documentation.locator('[data-part="documentation-link"]')).to_have_attribute("href", link)
    assert seen == set(policy.situations)


def test_the_command_line_gives_the_documentation_too(policy: Policy) -> None:
    scenario = {"situation": "attachments", "transfer_method": "usb_stick"}
    out = run_checker("check", "-", stdin=json.dumps(scenario))
    assert out.returncode == 0, out.stderr
    documentation = json.loads(out.stdout)["documentation"]
    assert documentation["text"] == policy.text("documentation", "no_entry")
    assert documentation["journal_text"] is None and documentation["section"] == policy.data["documentation"]["section"]
    out = run_checker("check", "-", "--format", "text", stdin=json.dumps(scenario))
    assert out.returncode == 0, out.stderr
    assert policy.text("documentation", "no_entry") in out.stdout


# --- 4. another routine decides --------------------------------------------------------------


def with_settings(page: Page, **attributes: str) -> None:
    """Serve the checker page as a build with these mkdocs.yml settings would."""

    def fulfil(route: Any) -> None:
        response = route.fetch()
        html = response.text()
        for name, value in attributes.items():
            html = re.sub(rf'data-{name}="[^"]*"', f'data-{name}="{value}"', html)
        route.fulfill(response=response, body=html)

    page.route(lambda url: urlsplit(url).path == "/kontroll/", fulfil)


def test_another_routine_deciding_is_a_pointer_not_a_gap(page: Page, site_url: str, policy: Policy) -> None:
    verdict = check(policy, {"situation": "suicidal_chat"})
    reference = verdict["references"][0]
    headline = text(policy, "decided_elsewhere").format(routine=reference["title"])
    open_checker(page, site_url, ELSEWHERE)
    heading = page.locator(VERDICT).locator("h2")
    expect(heading).to_contain_text(headline)
    assert (
        page.locator(VERDICT).locator(f'[data-routine-link="{reference["id"]}"]').count() == 0
    )  # no address: no dead link
    assert page.locator('[data-part="ask-owner"]').count() == 0
    assert axe_violations(page) == []
    address = "https://intra.example/rutiner/platform24"
    with_settings(page, routines=json.dumps({reference["id"]: address}).replace('"', "&quot;"))
    open_checker(page, site_url, ELSEWHERE)
    expect(heading.locator(f'a[data-routine-link="{reference["id"]}"]')).to_have_attribute("href", address)


def test_ask_the_owner_always_names_who_is_asked(page: Page, site_url: str, policy: Policy) -> None:
    open_checker(page, site_url, LEFT_OPEN)
    ask = page.locator(VERDICT).locator('[data-part="ask-owner"]')
    expect(ask).to_contain_text(text(policy, "ask_owner_who").format(who=text(policy, "owner_role")))
    with_settings(page, **{"owner-role": "Enheten för digital vård"})
    open_checker(page, site_url, LEFT_OPEN)
    expect(ask).to_contain_text(text(policy, "ask_owner_who").format(who="Enheten för digital vård"))


def test_the_build_warns_about_each_routine_without_an_address(policy: Policy) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    from pages.owner import Owner, missing_routine_addresses

    named = {ref for rule in policy.rules.values() for ref in rule["then"].get("see", [])}
    missing = missing_routine_addresses(policy, Owner(None, None))
    assert missing == [policy.references[ref]["title"] for ref in policy.references if ref in named]
    first = next(ref for ref in policy.references if ref in named)
    assert policy.references[first]["title"] not in missing_routine_addresses(
        policy, Owner(None, None, None, {first: "https://intra.example/"})
    )


# --- 5. staff words only ---------------------------------------------------------------------


def test_no_ids_in_the_text_staff_read(page: Page, site_url: str, policy: Policy) -> None:
    ids = routine_ids(policy)
    open_checker(page, site_url, TO_PHONE)
    expect(page.locator(VERDICT)).to_be_attached()
    for query in (TO_PHONE, URGENT_BY_PHONE, PROXY, ELSEWHERE, LEFT_OPEN, "situation=sms&sms_type=reminder"):
        page.evaluate(
            "(query) => { history.pushState(null, '', '?' + query); dispatchEvent(new PopStateEvent('popstate')); }",
            query,
        )
        expect(page.locator(VERDICT)).to_be_attached()
        shown = visible_text(page)
        assert [item for item in ids if re.search(rf"(?<![\w-]){re.escape(item)}(?![\w-])", shown)] == [], query


def test_the_changed_line_says_what_changed_and_never_todays_outcome_as_the_earlier_one(
    page: Page, site_url: str, policy: Policy
) -> None:
    """One behaviour, Python's (issue 26): under the same outcome the line says which parts
    changed; under another it names the earlier outcome. Either way the page shows the
    engine's line as it is."""
    compiled = load_policy_json(COMPILED_POLICY.read_text(encoding="utf-8"))
    same = differs = None
    for scenario in _changed_scenarios(compiled):
        verdict = check(compiled, scenario)
        if verdict["changed"]["before"] == verdict["outcome"]:
            same = same or (scenario, verdict)
        else:
            differs = differs or (scenario, verdict)
    assert same and differs
    for scenario, verdict in (same, differs):
        open_checker(page, site_url, scenario_to_query(scenario))
        changed = page.locator(VERDICT).locator('[data-part="changed"]')
        expect(changed).to_be_visible()
        expect(changed).to_contain_text(verdict["changed"]["text"])
        assert f"”{policy.text('outcomes', verdict['outcome'])}”" not in changed.inner_text()


def _changed_scenarios(policy: Policy) -> list[dict[str, Any]]:
    from checker.engine.verify import all_scenarios

    changed = policy.data.get("changes", {})
    return [
        scenario
        for situation in policy.situations
        for scenario in all_scenarios(policy, situation)
        if scenario_key(scenario, list(policy.situations[scenario["situation"]].fields)) in changed
    ]


# --- 6. wrong links --------------------------------------------------------------------------


def test_a_wrong_link_says_so_to_the_nurse_with_the_ids_only_for_its_author(
    page: Page, site_url: str, policy: Policy
) -> None:
    open_checker(page, site_url, "situation=proxy&child_age=99&actor=guardian&action=read_journal")
    summary = page.locator(PROBLEMS)
    expect(summary).to_be_focused()
    label = policy.situations["proxy"].fields["child_age"].label
    expect(summary.locator('[data-part="link-wrong"]')).to_have_text(
        text(policy, "link_wrong").format(questions=f"”{label}”")
    )
    expect(page.locator("#kontroll-falt-child_age-fel")).to_contain_text(text(policy, "field_wrong"))
    assert "child_age" not in visible_text(page)
    details = summary.locator('[data-part="link-details"]')
    assert details.evaluate("(node) => node.open") is False
    details.locator("summary").click()
    expect(details).to_contain_text("child_age")
    assert axe_violations(page) == []
    summary.locator('[data-part="link-wrong"] a').click()
    expect(page.locator("#kontroll-falt-child_age")).to_be_focused()


def test_an_unknown_situation_is_one_sentence_and_choosing_one_shows_no_error(
    page: Page, site_url: str, policy: Policy
) -> None:
    open_checker(page, site_url, "situation=weather")
    summary = page.locator(PROBLEMS)
    expect(summary.locator('[data-part="link-wrong"]')).to_have_text(text(policy, "link_wrong_situation"))
    shown = visible_text(page)
    assert "weather" not in shown
    # Each situation's label stands once, beside its radio button, not again in a message.
    for situation in policy.situations.values():
        assert shown.split("\n").count(situation.label) == 1, situation.label
    page.locator('input[name="situation"][value="proxy"]').check()
    expect(page.locator(PROBLEMS)).to_have_count(0)
    assert page.locator(".kontroll-fel").count() == 0
    assert page.locator("[data-outcome]").count() == 0


# --- 7. the live region and the history ------------------------------------------------------


def watch_announcements(page: Page) -> None:
    page.evaluate(
        """() => {
        window.announced = [];
        const node = document.querySelector('[data-part="announcement"]');
        new MutationObserver(() => node.textContent && window.announced.push(node.textContent))
          .observe(node, {childList: true, characterData: true, subtree: true});
    }"""
    )


def test_the_live_region_says_the_outcome_and_one_sentence_once(page: Page, site_url: str, policy: Policy) -> None:
    open_checker(page, site_url)
    expect(page.locator('input[name="situation"]').first).to_be_visible()
    watch_announcements(page)
    page.locator('input[name="situation"][value="channel"]').check()
    page.locator('input[name="patient_channel"][value="chat"]').check()
    page.locator('input[name="proposed_channel"][value="phone"]').check()
    page.locator('input[name="asks_patient_to_call"][value="true"]').check()
    page.wait_for_timeout(500)
    assert page.evaluate("window.announced") == []  # nothing provisional while answering
    page.locator('input[name="urgent"][value="true"]').check()
    answer_as_asked(page, {})  # No to what the form still asks
    expect(page.locator(VERDICT)).to_be_attached()
    page.locator("form.kontroll-formular button[type=submit]").click()
    expect(page.locator(VERDICT).locator("h2")).to_be_focused()
    page.wait_for_timeout(500)
    announced = page.evaluate("window.announced")
    assert len(announced) == 1
    web._policy = policy
    shown = json.loads(web.ask(urlsplit(page.url).query))["verdict"]
    outcome = policy.text("outcomes", shown["outcome"])
    assert announced[0].startswith(text(policy, "announce").format(outcome=outcome, sentence="").strip())
    assert len(announced[0]) <= 300
    # The region holds only that; the verdict itself follows it in the page.
    live = page.locator('#kontroll [aria-live], #kontroll [role="status"]')
    assert page.locator(VERDICT).evaluate("(node) => !node.closest('[aria-live], [role=status]')")
    assert live.count() >= 1


def test_answering_replaces_the_history_entry_and_new_question_pushes_one(
    page: Page, site_url: str, policy: Policy
) -> None:
    page.goto(site_url)
    open_checker(page, site_url)
    start = page.evaluate("history.length")
    situation = page.locator('input[name="situation"]').first
    situation.focus()
    for _ in range(4):
        page.keyboard.press("ArrowDown")  # each situation on the way is selected
    page.locator('input[name="situation"][value="attachments"]').check()
    page.locator('input[name="transfer_method"][value="email"]').check()
    expect(page.locator(VERDICT)).to_have_attribute("data-outcome", "not_allowed")
    assert page.url.endswith("?situation=attachments&transfer_method=email")
    assert page.evaluate("history.length") == start
    page.locator(VERDICT).locator('[data-part="new-question"]').click()
    assert urlsplit(page.url).query == ""
    expect(page.locator('input[name="situation"]').first).to_be_focused()
    assert page.locator("[data-outcome]").count() == 0
    page.go_back()
    expect(page.locator(VERDICT)).to_have_attribute("data-outcome", "not_allowed")
    page.go_back()
    page.wait_for_url(site_url)


# --- 8. print --------------------------------------------------------------------------------


def longest_examples(policy: Policy, count: int) -> list[str]:
    """The examples with the most to print: journal text, messages, conditions, quotes, readings."""

    def size(scenario: dict[str, Any]) -> int:
        verdict = check(policy, scenario)
        quotes = [quote for step in verdict["explanation"] for quote in policy.rules[step["rule"]]["quote"]]
        parts = [*verdict["conditions"], *quotes, *(message["text"] for message in verdict["messages"])]
        parts += [reminder["text"] for reminder in verdict["reminders"]]
        parts += [item["question"] + item["reading"] for item in verdict["interpretations"]]
        return sum(map(len, parts)) + len(verdict["documentation"]["journal_text"] or "")

    ranked = sorted((example["scenario"] for _, example in policy.examples()), key=size, reverse=True)
    # The longest of all, and the longest with a journal text: the parts that take most room.
    with_journal = [scenario for scenario in ranked if check(policy, scenario)["documentation"]["journal_text"]]
    chosen = ranked[:count] + [scenario for scenario in with_journal[:2] if scenario not in ranked[:count]]
    return [scenario_to_query(scenario) for scenario in chosen]


def test_the_longest_verdicts_print_on_one_a4_page(page: Page, site_url: str, policy: Policy) -> None:
    queries = longest_examples(policy, 4)
    assert any(web_verdict(policy, query)["documentation"]["journal_text"] for query in queries)
    assert any(web_verdict(policy, query)["messages"] for query in queries)
    open_checker(page, site_url, queries[0])
    for query in queries:
        show_query(page, query)  # in the loaded page: popstate clears the old verdict at once
        expect(page.locator(VERDICT)).to_be_attached()
        pdf = page.pdf(format="A4")
        assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1, query
    page.emulate_media(media="print")
    record = page.locator(VERDICT)
    expect(record.locator('[data-part="your-answers"]')).to_be_visible()
    expect(record.locator('[data-part="print-record"]')).to_be_visible()
    expect(record.locator('[data-part="quote"]').first).to_be_visible()
    expect(record.locator('[data-part="print-footer"]')).to_contain_text(page.url)
    assert record.locator("a[data-change]:visible, details:visible").count() == 0


# --- 9. the nurse's form (issue 27): only what can still decide, the answer in view ----------

SAFER_BY_PHONE = {
    "situation": "channel",
    "patient_channel": "1177_message",
    "proposed_channel": "phone",
    "added_value": "true",
}
"""1177 message, I want to call her for a safer assessment: what she answers where the form
asks; any other question the form asks, No."""
LAYOUT_SHIFT = """() => new Promise((resolve) => {
  let sum = 0;
  new PerformanceObserver((list) => { for (const entry of list.getEntries()) if (!entry.hadRecentInput) sum += entry.value; })
    .observe({ type: "layout-shift", buffered: true });
  setTimeout(() => resolve(sum), 1000);
})"""


def answer_as_asked(page: Page, story: dict[str, str]) -> int:
    """Answer the question the form shows first unanswered, as ``story`` says (else No, else
    the first option), until a verdict shows; returns the clicks it took."""
    clicks = 0
    settled = "() => document.querySelector('.kontroll-status')?.dataset.state === 'ready' && !document.querySelector('.kontroll-svar[aria-busy]')"
    page.wait_for_function(settled)
    while page.locator(VERDICT).count() == 0:
        assert clicks < 20, "no verdict"
        field_id = page.evaluate(
            "() => [...document.querySelectorAll('#kontroll fieldset[data-field]:not([hidden])')]"
            ".find((group) => !group.querySelector('input:checked'))?.dataset.field ?? ''"
        )
        assert field_id, "no question asked and no verdict"
        group = page.locator(f'#kontroll fieldset[data-field="{field_id}"]')
        value = story.get(field_id, "false")
        option = group.locator(f'input[value="{value}"]')
        option = option if option.count() else group.locator("input").first
        page.locator(f'label[for="{option.get_attribute("id")}"]').click()
        clicks += 1
        expect(group.locator("input:checked")).to_have_count(1)
        page.wait_for_function(settled)
    return clicks


def in_view(page: Page, selector: str) -> bool:
    return page.locator(selector).evaluate(
        "(node) => { const box = node.getBoundingClientRect(); return box.top >= 0 && box.bottom <= innerHeight; }"
    )


def no_null_words(page: Page) -> None:
    words = re.findall(r"\b(null|undefined|NaN)\b", page.locator("#kontroll").inner_text())
    assert words == []


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=list(VIEWPORTS))
def test_the_form_asks_only_what_can_still_decide_and_the_answer_comes_into_view(
    page: Page, site_url: str, policy: Policy, viewport: str
) -> None:
    page.set_viewport_size(VIEWPORTS[viewport])
    open_checker(page, site_url)
    expect(page.locator(".kontroll-status")).to_have_attribute("data-state", "ready")
    no_null_words(page)
    watch_announcements(page)
    clicks = answer_as_asked(page, SAFER_BY_PHONE)
    # Eight questions before; now the situation and the four answers that decide, and the
    # question whether the patient asked for it herself (it makes the case not_covered).
    assert clicks == 6
    web._policy = policy
    shown = json.loads(web.ask(urlsplit(page.url).query))["verdict"]
    expect(page.locator(VERDICT)).to_have_attribute("data-outcome", shown["outcome"])
    heading = page.locator(VERDICT).locator("h2")
    expect(heading).to_be_focused()  # the verdict first appeared: focus goes there
    assert in_view(page, f"{VERDICT} h2")
    # The questions it never asked, named; none of them changes the answer.
    expect(page.locator('[data-part="not-asked"]')).to_have_text(shown["not_asked"])
    no_null_words(page)
    assert axe_violations(page) == []
    # An answer that changes the verdict: the heading comes back into view, focus stays put.
    # (Policy 4.0.0: No to added value asks whether it is very urgent, so no verdict shows.)
    radio = page.locator('input[name="proposed_channel"][value="1177_message"]')
    radio.scroll_into_view_if_needed()
    page.locator(f'label[for="{radio.get_attribute("id")}"]').click()
    expect(page.locator(VERDICT)).not_to_have_attribute("data-outcome", shown["outcome"])
    page.wait_for_timeout(300)
    assert in_view(page, f"{VERDICT} h2")
    expect(radio).to_be_focused()
    assert len(page.evaluate("window.announced")) == 2  # once per verdict


def test_the_four_first_examples_of_each_situation_take_fewer_answers(policy: Policy) -> None:
    """Counted by the page's own code (checker.apps.web.ask): answering what the form asks, with the
    example's answers (else its defaults), takes fewer answers than every question, for every
    situation with a question to leave out, and gives the example's answer."""
    web._policy = policy
    before = after = 0
    counts: list[tuple[str, dict[str, Any], int]] = []
    for situation_id, situation in policy.situations.items():
        examples = [example for _, example in policy.examples() if example["scenario"]["situation"] == situation_id][:4]
        for example in examples:
            scenario = check(policy, example["scenario"])["scenario"]
            given: dict[str, Any] = {"situation": situation_id}
            left_empty: set[str] = set()  # an optional text the example leaves out: she leaves it empty
            while True:
                page = json.loads(web.ask(scenario_to_query(given)))
                if page["verdict"]:
                    break
                field_id = next(field_id for field_id in page["ask"] if field_id not in left_empty)
                if scenario.get(field_id) is None:
                    left_empty.add(field_id)
                else:
                    given[field_id] = scenario[field_id]
            assert page["verdict"]["outcome"] == check(policy, example["scenario"])["outcome"]
            before += 1 + sum(1 for field in situation.fields.values() if not web._may_stay_empty(field))
            after += len(given)
            counts.append((situation_id, example["scenario"], len(given)))
    print("\n".join(f"{answers} answers: {scenario}" for _, scenario, answers in counts), f"\n{before} -> {after}")
    assert after < before


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=list(VIEWPORTS))
def test_from_a_link_the_journal_text_is_on_the_first_screen(
    page: Page, site_url: str, policy: Policy, viewport: str
) -> None:
    """Every verdict with a journal text, from a link: on desktop on the first screen, on a phone
    within one and a half screens; outcome, sentence, steps, message, journal, consent in order."""
    page.set_viewport_size(VIEWPORTS[viewport])
    height = VIEWPORTS[viewport]["height"]
    limit = height if viewport == "desktop" else 1.5 * height
    journals: dict[str, str] = {}
    for _, example in policy.examples():
        verdict = check(policy, example["scenario"])
        text = (verdict["consent"] or {}).get("journal_text")
        if text and text not in journals:
            journals[text] = scenario_to_query(example["scenario"])
    assert journals
    open_checker(page, site_url, next(iter(journals.values())))
    for query in journals.values():
        show_query(page, query)
        journal = page.locator(f'{VERDICT} [data-part="journal-text"]')
        expect(journal).to_be_visible()
        page.evaluate("() => scrollTo(0, 0)")
        box = journal.bounding_box()
        assert box["y"] + box["height"] <= limit, f"{query}: the journal text ends at {box['y'] + box['height']:.0f} px"
        order = page.locator(VERDICT).evaluate(
            """(node) => ['summary', 'conditions', 'message', 'journal-text', 'consent', 'your-answers']
               .map((part) => node.querySelector(`[data-part="${part}"]`))
               .filter(Boolean).map((part) => part.getBoundingClientRect().top)"""
        )
        assert order == sorted(order), query
        no_null_words(page)


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=list(VIEWPORTS))
@pytest.mark.parametrize("query", ["", TO_PHONE], ids=["empty", "link"])
def test_nothing_jumps(page: Page, site_url: str, viewport: str, query: str) -> None:
    page.set_viewport_size(VIEWPORTS[viewport])
    open_checker(page, site_url, query)
    if query:
        expect(page.locator(VERDICT)).to_be_visible()
    else:
        expect(page.locator(".kontroll-status")).to_have_attribute("data-state", "ready")
    assert page.evaluate(LAYOUT_SHIFT) <= 0.1


def test_a_link_with_tracking_parameters_is_answered_and_names_them_for_its_maker(
    page: Page, site_url: str, policy: Policy
) -> None:
    open_checker(page, site_url, PROXY + "&utm_source=nyhetsbrev&utm_medium=epost&fbclid=abc123")
    expect(page.locator(VERDICT)).to_have_attribute("data-outcome", check(policy, _query(PROXY))["outcome"])
    assert page.locator(PROBLEMS).count() == 0
    note = page.locator('[data-part="ignored"]')
    expect(note).to_be_attached()
    note.locator("summary").click()
    for name in ("utm_source", "utm_medium", "fbclid"):
        expect(note).to_contain_text(name)
    assert axe_violations(page) == []


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=list(VIEWPORTS))
def test_a_link_that_leaves_out_a_deciding_question_asks_it(
    page: Page, site_url: str, policy: Policy, viewport: str
) -> None:
    page.set_viewport_size(VIEWPORTS[viewport])
    open_checker(page, site_url, "situation=proxy&child_age=12&action=read_journal")
    expect(page.locator('input[name="actor"]').first).to_be_focused()
    expect(page.locator('[data-part="link-missing"]')).to_have_text(text(policy, "link_missing"))
    assert page.locator(".kontroll-fel").count() == 0
    expect(page.locator('input[name="action"][value="read_journal"]')).to_be_checked()
    expect(page.locator("#kontroll-falt-child_age")).to_have_value("12")
    assert axe_violations(page) == []
    page.locator('label[for="kontroll-falt-actor"]').click()
    expect(page.locator(VERDICT)).to_have_attribute("data-outcome", check(policy, _query(PROXY))["outcome"])
    assert in_view(page, f"{VERDICT} h2")


def test_change_keeps_every_answer_the_link_gave_or_assumed(page: Page, site_url: str, policy: Policy) -> None:
    open_checker(page, site_url, TO_PHONE)
    expect(page.locator(VERDICT)).to_be_visible()
    assumed = [item["field"] for item in web_verdict(policy, TO_PHONE)["assumed"]]
    page.locator(VERDICT).locator('a[data-change="asks_patient_to_call"]').click()
    for field_id, value in {**_query(TO_PHONE), **dict.fromkeys(assumed, False)}.items():
        if isinstance(value, bool):
            expect(page.locator(f'input[name="{field_id}"][value="{str(value).lower()}"]')).to_be_checked()
    expect(page.locator('input[name="asks_patient_to_call"][value="false"]')).to_be_focused()
    page.locator('label[for="kontroll-falt-asks_patient_to_call"]').click()  # Ja
    expected = check(policy, {**_query(TO_PHONE), "asks_patient_to_call": True})["outcome"]
    expect(page.locator(VERDICT)).to_have_attribute("data-outcome", expected)
    assert axe_violations(page) == []


def test_kontrollera_names_an_unanswered_number_question_too(page: Page, site_url: str, policy: Policy) -> None:
    open_checker(page, site_url, "situation=proxy")
    expect(page.locator("#kontroll-falt-child_age")).to_be_visible()
    page.locator("form.kontroll-formular button[type=submit]").click()
    sentence = page.locator(PROBLEMS).locator('[data-part="unanswered"]')
    expect(sentence).to_contain_text(policy.situations["proxy"].fields["child_age"].label)
    # The sentence is Python's (checker.apps.web.ask's unanswered), each question in it a link to it.
    web._policy = policy
    parts = json.loads(web.ask("situation=proxy"))["unanswered"]["sentence"]
    expect(sentence).to_have_text("".join(part if isinstance(part, str) else part["text"] for part in parts))
    assert page.locator(VERDICT).count() == 0
    sentence.get_by_role("link", name=policy.situations["proxy"].fields["child_age"].label).click()
    expect(page.locator("#kontroll-falt-child_age")).to_be_focused()


def test_kontrollera_without_a_situation_asks_for_one(page: Page, site_url: str, policy: Policy) -> None:
    open_checker(page, site_url)
    page.locator("form.kontroll-formular button[type=submit]").click()
    sentence = page.locator(PROBLEMS).locator('[data-part="unanswered"]')
    expect(sentence).to_have_text(text(policy, "unanswered").format(questions=f"”{text(policy, 'situation_legend')}”"))
    sentence.get_by_role("link").click()
    expect(page.locator('input[name="situation"]').first).to_be_focused()


def test_another_situation_keeps_only_the_answers_its_questions_take(page: Page, site_url: str, policy: Policy) -> None:
    """Switching situations keeps an answer where the new situation's question of the same id
    takes it (checker.present.verdict_view.kept_answers, in the form model), and drops the rest."""
    from checker.present.verdict_view import kept_answers

    for before, after in (("situation=system&system=teams", "protected_identity"), (PROXY, "consent")):
        open_checker(page, site_url, before)
        # The link's answer, or the question it leaves out, first: then the form is as it stays.
        expect(page.locator(f'{VERDICT}, [data-part="link-missing"]').first).to_be_visible()
        if not page.locator("form.kontroll-formular").is_visible():
            page.locator(".kontroll-alla-fragor > summary").click()
        page.locator(f'input[name="situation"][value="{after}"]').check()
        given = dict(pair.split("=") for pair in before.split("&"))
        kept = {
            field_id: value
            for field_id, value in given.items()
            if field_id in policy.situations[after].fields
            and value in kept_answers(policy, policy.situations[after].fields[field_id])[given["situation"]]
        }
        expect(page).to_have_url(re.compile(re.escape(scenario_to_query({"situation": after, **kept})) + "$"))
    assert kept == {}  # PROXY's action is none the consent situation's action takes
