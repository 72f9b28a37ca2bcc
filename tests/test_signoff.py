"""The owner's sign-off (issue 25): her decisions on *Tolkningar* as a file, the round trip
through ``confirm --from``, and the printed sheet.

The browser tests drive the built site (scripts/build); the file the page saves is applied
to a copy of policy.yaml with the command, as whoever maintains the policy would.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from browser_support import axe_violations
from playwright.sync_api import Page, expect

from checker import Policy, check, load_policy
from checker.model.confirmation import reading_fingerprint, status_of

ROOT = Path(__file__).resolve().parent.parent
BY = "Anna Andersson, rutinägare"
CONFIRMED = "aldre-an-13-ar-fran-13"
CHOSEN, ALTERNATIVE = "videolistan-ar-sluten", "videolistan-ar-exempel"
CHANGED = {"situation": "system", "system": "lifecare", "purpose": "video_visit"}
"""A scenario the chosen alternative decides otherwise: not_allowed in force, not_covered chosen."""
COMMENTED, COMMENT = "textlistan-ar-sluten", "Jag vill prata om listan på mötet."


def reading(page: Page, interpretation_id: str):
    return page.locator(f'[data-interpretation="{interpretation_id}"]')


def test_decisions_chosen_on_the_page_round_trip_through_confirm_from(
    page: Page, site_url: str, policy: Policy, tmp_path: Path
) -> None:
    page.goto(f"{site_url}tolkningar/")
    for interpretation_id in policy.interpretations:  # each reading carries what she saw, as Python computes it
        expect(reading(page, interpretation_id)).to_have_attribute(
            "data-fingerprint", reading_fingerprint(policy, interpretation_id)
        )
    button = page.locator("[data-decisions]")
    button.click()  # nothing chosen yet: says so, saves nothing
    expect(page.locator("[data-decisions-status]")).to_have_text(policy.text("interpretations_page", "decisions_none"))

    reading(page, CONFIRMED).locator('input[value="confirm"]').check()
    alternative_text = policy.alternative(CHOSEN, ALTERNATIVE)["text"]
    reading(page, CHOSEN).get_by_label(f"Jag väljer i stället: {alternative_text}").check()  # by its words
    reading(page, COMMENTED).locator("textarea").fill(COMMENT)
    with page.expect_download() as download:
        button.click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == f"tolkningar-beslut-{policy.version}.json"
    expect(page.locator("[data-decisions-status]")).to_contain_text(f"3 beslut sparade i filen {saved.name}")
    assert [item["interpretation"] for item in json.loads(saved.read_text(encoding="utf-8"))["decisions"]] == [
        item for item in policy.interpretations if item in (CONFIRMED, CHOSEN, COMMENTED)
    ]

    copy = tmp_path / "policy.yaml"
    copy.write_text((ROOT / "policy.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    command = [sys.executable, "-m", "checker", "--policy", str(copy), "confirm", "--from", str(saved), "--by", BY]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    decided = load_policy(copy)
    assert status_of(decided, CONFIRMED) == "confirmed"
    assert decided.choices[CHOSEN] == ALTERNATIVE and status_of(decided, CHOSEN) == "confirmed"
    assert status_of(decided, COMMENTED) == "proposed"
    assert decided.interpretations[COMMENTED]["comment"]["text"] == COMMENT
    assert check(decided, CHANGED)["outcome"] == "not_covered"


def test_her_pages_show_no_terminal_command(page: Page, site_url: str) -> None:
    for owner_page in ("tolkningar/", "vad-rutinen-inte-reglerar/"):
        page.goto(f"{site_url}{owner_page}")
        text = page.locator(".md-content").inner_text()
        assert "python -m checker" not in text and "checker confirm" not in text and "chosen:" not in text


def test_her_pages_name_the_alternatives_by_their_words(page: Page, site_url: str, policy: Policy) -> None:
    """An alternative reading on *Tolkningar* is its words; its id is for the decisions file."""
    page.goto(f"{site_url}tolkningar/")
    text = page.locator(".md-content").inner_text()
    ids = [other["id"] for item in policy.data["interpretations"] for other in item["alternatives"]]
    assert ids and [alternative for alternative in ids if alternative in text] == []


MAX_PAGES_PER_READING = 0.6
"""Each open reading takes under two thirds of an A4 page on the sheet (measured: about 0.4)."""


def test_the_printed_sign_off_sheet(page: Page, site_url: str, policy: Policy, tmp_path: Path) -> None:
    page.goto(f"{site_url}tolkningar/")
    sheet = page.locator(".signeringsark")
    expect(sheet).to_be_hidden()
    page.emulate_media(media="print")
    expect(sheet).to_be_visible()
    expect(page.locator("[data-interpretation]").first).to_be_hidden()
    expect(page.locator("[data-decisions]")).to_be_hidden()
    expect(sheet.locator("thead")).to_contain_text(policy.data["meta"]["title"])
    numbered = list(enumerate(policy.interpretations, 1))
    open_readings = [(number, item) for number, item in numbered if status_of(policy, item) != "confirmed"]
    rows = sheet.locator("tbody tr")
    expect(rows).to_have_count(len(open_readings))
    for index, (number, interpretation_id) in enumerate(open_readings):
        row = rows.nth(index)
        item = policy.interpretations[interpretation_id]
        expect(row).to_have_attribute("data-sheet-row", interpretation_id)
        expect(row.locator("th")).to_have_text(f"T{number}")
        for quote in item["quotes"]:
            expect(row.locator("blockquote", has_text=quote["text"])).to_have_count(1)
        boxes = row.locator(".ruta")
        options = [other for other in item["alternatives"] if other["id"] != policy.choices.get(interpretation_id)]
        expect(boxes).to_have_count(2 + len(options) + (policy.choices.get(interpretation_id) is not None))
        for other in options:  # each alternative in words, never its id
            expect(row.locator(".ruta", has_text=other["text"])).to_have_count(1)
            assert other["id"] not in row.inner_text()
        assert row.evaluate("element => getComputedStyle(element).breakInside") == "avoid"
    confirmed = [item for _, item in numbered if status_of(policy, item) == "confirmed"]
    expect(sheet.locator("[data-sheet-confirmed]")).to_have_count(len(confirmed))
    expect(sheet.locator(".signering")).to_contain_text("Underskrift")
    pdf = page.pdf(format="A4")
    (tmp_path / "ark.pdf").write_bytes(pdf)
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert 1 <= pages <= 1 + MAX_PAGES_PER_READING * len(open_readings)


def test_confirmed_readings_print_apart_without_boxes(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    from pages.owner import options, sheet

    from checker.model.confirmation import confirmed_text
    from checker.versions.records import from_policy

    path = tmp_path / "policy.yaml"
    text = (ROOT / "policy.yaml").read_text(encoding="utf-8")
    path.write_text(
        confirmed_text(text, CONFIRMED, BY, "2026-12-03", load_policy(ROOT / "policy.yaml")), encoding="utf-8"
    )
    policy = load_policy(path)
    current = from_policy(policy)  # the sheet prints the options the page computed (pages.owner.interpretations_page)
    printed = sheet(policy, {item: options(policy, item, current) for item in policy.interpretations})
    assert f'data-sheet-row="{CONFIRMED}"' not in printed
    apart = re.search(rf'<li data-sheet-confirmed="{CONFIRMED}">(.*?)</li>', printed)
    assert apart and "2026-12-03" in apart.group(1) and "☐" not in apart.group(1)
    assert f'data-sheet-row="{CHOSEN}"' in printed


# --- short pages for people ---------------------------------------------------------------

MAX_CHANGES_PAGES = 10
"""*Vad har ändrats* prints its latest version on at most ten A4 pages (issue 25)."""


def test_what_changed_prints_its_latest_version_in_ten_pages(page: Page, site_url: str, policy: Policy) -> None:
    page.goto(f"{site_url}vad-har-andrats/")
    older = page.locator(".tidigare-version")
    page.emulate_media(media="print")
    if older.count():
        expect(older.first).to_be_hidden()
        expect(page.locator(".bara-utskrift")).to_be_visible()
    expect(page.locator(".viktigast").first).to_be_visible()
    pdf = page.pdf(format="A4")
    assert 1 <= len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) <= MAX_CHANGES_PAGES


def test_near_duplicate_questions_are_one_question_with_a_row_each(page: Page, site_url: str, policy: Policy) -> None:
    page.goto(f"{site_url}vad-rutinen-inte-reglerar/")
    questions = policy.data["owner_questions"]
    for question in questions:  # every question keeps its own anchor and entry
        expect(page.locator(f'[data-question="{question["id"]}"] #fraga-{question["id"]}')).to_have_count(1)
    groups = page.locator("[data-question-group]")
    assert groups.count() >= 1
    for index in range(groups.count()):
        group = groups.nth(index)
        rows = group.locator("[data-question]")
        assert rows.count() >= 2
        expect(group.locator("h2")).to_contain_text("…")
        for row in range(rows.count()):  # a row names only what differs, not the whole question again
            own = rows.nth(row).locator("h3").inner_text()
            full = next(q["question"] for q in questions if q["id"] == rows.nth(row).get_attribute("data-question"))
            assert own.strip() and len(own) < len(full)
    signature = page.locator(".signering")
    expect(signature).to_be_hidden()
    page.emulate_media(media="print")
    expect(signature).to_be_visible()
    expect(signature).to_contain_text("Underskrift")


def test_the_owners_pages_are_axe_clean_with_decisions_chosen(page: Page, site_url: str) -> None:
    found = {}
    page.goto(f"{site_url}tolkningar/")
    reading(page, CONFIRMED).locator('input[value="confirm"]').check()
    page.locator("[data-decisions]").click()
    found["tolkningar"] = axe_violations(page)
    for path in ("vad-har-andrats/", "vad-rutinen-inte-reglerar/"):
        page.goto(site_url + path)
        found[path] = axe_violations(page)
    assert found == {"tolkningar": [], "vad-har-andrats/": [], "vad-rutinen-inte-reglerar/": []}


def test_each_question_quotes_the_routine_word_for_word(page: Page, site_url: str, policy: Policy) -> None:
    page.goto(f"{site_url}vad-rutinen-inte-reglerar/")
    for question in policy.data["owner_questions"]:
        shown = page.locator(f'[data-question="{question["id"]}"]')
        group = page.locator("[data-question-group]", has=shown)
        where = group if group.count() else shown  # a merged group quotes once for all its rows
        for quote in question["quotes"]:
            expect(where.locator("blockquote", has_text=quote["text"]).first).to_be_visible()


def test_a_question_quote_not_in_the_routine_stops_loading_with_its_line(tmp_path: Path) -> None:
    from checker.model.source import PolicyError

    text = (ROOT / "policy.yaml").read_text(encoding="utf-8")
    wrong = text.replace(
        'text: "Avsändaren ska vara från Region Halland (RegHalland – max 11 tecken) eller 1177."',
        'text: "Avsändaren ska vara från Region Halland (RegHalland – max 12 tecken) eller 1177."',
        1,
    )
    assert wrong != text
    path = tmp_path / "policy.yaml"
    path.write_text(wrong, encoding="utf-8")
    line = wrong[: wrong.index("max 12 tecken")].count("\n") + 1
    try:
        load_policy(path)
    except PolicyError as error:
        assert f"policy.yaml:{line}:" in str(error) and "andra-avsandarnamn-for-aviseringar" in str(error)
    else:
        raise AssertionError("a quote not in the routine loaded")
