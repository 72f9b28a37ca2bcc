"""Issue 27's routine pages, on a phone (390×844) and a desktop (1366×900), and the publishing
gate for other routines' addresses.

- the routine's own words come before the tables the engine computes;
- a table wider than the column scrolls in its own box inside the column, never off the screen;
- a rule's address ("Regelns adress") is shown on *Länka till rutinen* only;
- a case the routine leaves open (``not_covered``) is not drawn green like "Tillåtet";
- the start page's questions open the checker with their situation chosen;
- the theme's search dialog has a name (Lighthouse's ``aria-dialog-name``), axe clean;
- the build stops while a routine a verdict hands over to has no address, unless named.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from browser_support import ROOT, axe_violations
from playwright.sync_api import Page, expect

from checker import Policy
from checker.engine.decide import check

sys.path.insert(0, str(ROOT / "scripts"))
import generate_pages
from pages.owner import Owner, address_problems, routines_without_address
from pages.routine import ADMONITION
from pages.tables import table_specs

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}
BOTH = pytest.mark.parametrize("viewport", VIEWPORTS, ids=list(VIEWPORTS))


def open_page(page: Page, site_url: str, path: str, viewport: str) -> None:
    page.set_viewport_size(VIEWPORTS[viewport])
    page.goto(site_url + path)
    page.wait_for_load_state("load")


def pages_with_tables(policy: Policy) -> list[str]:
    return sorted({policy.pages[spec.section] for spec in table_specs(policy)})


# --- The routine's words first, tables in their own box ----------------------------------


@BOTH
def test_the_routines_own_words_come_before_the_computed_tables(
    page: Page, site_url: str, policy: Policy, viewport: str
) -> None:
    for name in pages_with_tables(policy):
        open_page(page, site_url, f"{name}/", viewport)
        # Every section's heading and text (the routine's words) stands above the first table.
        order = page.evaluate(
            """() => {
              const article = document.querySelector('article');
              const top = (element) => element.getBoundingClientRect().top + scrollY;
              const tables = [...article.querySelectorAll('.motortabell')].map(top);
              const words = [...article.querySelectorAll(':scope > h1, :scope > h2, :scope > h3, :scope > h4, :scope > p:not([class])')]
                .filter((element) => !element.closest('.motortabell')).map(top);
              return {firstTable: Math.min(...tables), lastWords: Math.max(...words)};
            }"""
        )
        assert order["lastWords"] < order["firstTable"], name


@BOTH
def test_a_wide_table_scrolls_in_its_own_box_inside_the_column(
    page: Page, site_url: str, policy: Policy, viewport: str
) -> None:
    width = VIEWPORTS[viewport]["width"]
    scrolled = 0
    for name in [*pages_with_tables(policy), "hela-rutinen", "lanka-till-rutinen", "versionshistorik"]:
        open_page(page, site_url, f"{name}/", viewport)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, name
        boxes = page.evaluate(
            """() => {
              const column = document.querySelector('article').getBoundingClientRect();
              return [...document.querySelectorAll('article table')].map((table) => {
                // The box the table scrolls in: itself or the nearest box around it inside the
                // article that scrolls sideways and is narrower than what it holds.
                let box = table;
                const scrolls = (element) => ['auto', 'scroll'].includes(getComputedStyle(element).overflowX)
                  && element.scrollWidth > element.clientWidth + 1;
                while (!scrolls(box) && box.parentElement.tagName !== 'ARTICLE') box = box.parentElement;
                const rect = (scrolls(box) ? box : table).getBoundingClientRect();
                return {
                  scrolls: scrolls(box) ? box.className || box.tagName : null,
                  wider: table.scrollWidth > box.clientWidth + 1,
                  left: rect.left, right: rect.right, columnLeft: column.left, columnRight: column.right,
                };
              });
            }"""
        )
        for box in boxes:
            scrolled += box["scrolls"] is not None
            # The table, or the box it scrolls in, stays inside the text column: never off the screen.
            assert box["left"] >= box["columnLeft"] - 1 and box["right"] <= box["columnRight"] + 1, (name, box)
    if viewport == "phone":
        assert scrolled, "ingen tabell är bredare än en telefon: testet prövar inget"


def test_a_wide_computed_table_scrolls_from_the_keyboard_on_a_phone(page: Page, site_url: str, policy: Policy) -> None:
    spec = max(table_specs(policy), key=lambda spec: len(policy.situations[spec.situation].fields))
    open_page(page, site_url, f"{policy.pages[spec.section]}/", "phone")
    wide = [
        box
        for box in page.locator(".motortabell .tabellruta").all()
        if box.evaluate("(box) => box.scrollWidth > box.clientWidth + 1")
    ]
    assert wide, "ingen framräknad tabell är bredare än en telefon här"
    box = wide[0]
    expect(box).to_have_attribute("role", "region")
    assert box.get_attribute("aria-label")
    box.focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    # Arrow keys scroll smoothly: wait for the box to have moved rather than read it at once.
    page.wait_for_function("(box) => box.scrollLeft > 0", arg=box.element_handle(), timeout=5_000)


@BOTH
def test_pages_with_tables_stay_axe_clean(page: Page, site_url: str, policy: Policy, viewport: str) -> None:
    for name in [*pages_with_tables(policy), "hela-rutinen", "lanka-till-rutinen"]:
        open_page(page, site_url, f"{name}/", viewport)
        assert axe_violations(page) == [], name


# --- Regelns adress only for web editors ----------------------------------------------------


def test_a_rules_address_is_shown_on_the_links_page_only(site_dir: Path, policy: Policy) -> None:
    addresses = {policy.rule_link(rule_id) for rule_id in policy.rules}
    shown: dict[str, set[str]] = {}
    for html_file in site_dir.rglob("index.html"):
        codes = set(re.findall(r"<code>([^<]+)</code>", html_file.read_text(encoding="utf-8")))
        found = codes & addresses
        if found:
            shown[html_file.parent.name] = found
    assert set(shown) == {"lanka-till-rutinen"}
    assert shown["lanka-till-rutinen"] == addresses


# --- A case left open is not green ------------------------------------------------------------


def relative_luminance(rgb: tuple[int, ...]) -> float:
    def channel(value: int) -> float:
        value_ = value / 255
        return value_ / 12.92 if value_ <= 0.03928 else ((value_ + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(value) for value in rgb[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: tuple[int, ...], second: tuple[int, ...]) -> float:
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def rgb(css: str) -> tuple[int, ...]:
    return tuple(int(float(part)) for part in re.findall(r"[\d.]+", css)[:3])


@BOTH
def test_a_case_the_routine_leaves_open_is_not_drawn_like_allowed(
    page: Page, site_url: str, policy: Policy, viewport: str
) -> None:
    def first_rule(outcome: str) -> str:
        return next(rule_id for rule_id, rule in policy.rules.items() if rule["then"]["outcome"] == outcome)

    open_page(page, site_url, "vad-rutinen-inte-reglerar/", viewport)  # any page: the colours are the site's
    colours = {}
    for outcome in ("allowed", "not_covered"):
        rule_id = first_rule(outcome)
        open_page(page, site_url, policy.rule_link(rule_id), viewport)
        box = page.locator(f'[id="{policy.rule_link(rule_id).split("#")[1]}"] > .admonition')
        expect(box).to_have_class(re.compile(rf"\b{ADMONITION[outcome]}\b"))
        colours[outcome] = box.evaluate(
            """(box) => {
              const title = box.querySelector('.admonition-title');
              const icon = getComputedStyle(title, '::before');
              return {border: getComputedStyle(box).borderLeftColor, icon: icon.backgroundColor,
                      text: getComputedStyle(title).color, title: getComputedStyle(title).backgroundColor};
            }"""
        )
    allowed, left_open = colours["allowed"], colours["not_covered"]
    assert rgb(left_open["border"]) != rgb(allowed["border"]) and rgb(left_open["icon"]) != rgb(allowed["icon"])
    red, green, blue = rgb(left_open["border"])
    assert not (green > red + 40 and green > blue + 40), f"grön ram: {left_open['border']}"
    white = (255, 255, 255)
    assert contrast(rgb(left_open["border"]), white) >= 3  # the box's edge is seen (WCAG 1.4.11)
    # The title's tint is drawn over white: its text keeps AA contrast on it.
    tint = rgb(left_open["title"])
    alpha = float(re.findall(r"[\d.]+", left_open["title"])[3]) if left_open["title"].startswith("rgba") else 1.0
    over_white = tuple(round(value * alpha + 255 * (1 - alpha)) for value in tint)
    assert contrast(rgb(left_open["text"]), over_white) >= 4.5
    assert axe_violations(page) == []


# --- The start page's questions open the checker ----------------------------------------------


@BOTH
def test_the_start_pages_questions_open_the_checker_with_their_situation(
    page: Page, site_url: str, policy: Policy, viewport: str
) -> None:
    open_page(page, site_url, "", viewport)
    situations = list(policy.situations.values())
    for situation in situations:
        link = page.locator("article a", has_text=situation.data["question"])
        expect(link).to_have_count(1)
        expect(link).to_have_attribute("href", f"kontroll/?situation={situation.id}")
    chosen = situations[len(situations) // 2]
    page.locator("article a", has_text=chosen.data["question"]).click()
    page.wait_for_url(re.compile(rf"/kontroll/\?situation={chosen.id}$"))
    expect(page.locator(f'input[name="situation"][value="{chosen.id}"]')).to_be_checked()
    expect(page.locator("#kontroll [data-outcome]")).to_have_count(0)  # she still answers the questions
    assert axe_violations(page) == []


# --- The theme's search dialog has a name ------------------------------------------------------


@BOTH
def test_the_search_dialog_has_a_name(page: Page, site_url: str, viewport: str) -> None:
    for path in ("", "kontroll/"):
        open_page(page, site_url, path, viewport)
        dialog = page.locator('[role="dialog"][data-md-component="search"]')
        expect(dialog).to_have_attribute("aria-label", "Sök")
        if not page.evaluate("typeof window.axe === 'object'"):
            page.add_script_tag(path=str(ROOT / "node_modules" / "axe-core" / "axe.min.js"))
        named = page.evaluate(
            "() => axe.run(document, {runOnly: {type: 'rule', values: ['aria-dialog-name']}}).then((r) => r.violations.length)"
        )
        assert named == 0
        assert axe_violations(page) == []


@BOTH
def test_the_themes_navigation_links_are_targets_of_24_px(page: Page, site_url: str, viewport: str) -> None:
    open_page(page, site_url, "kontroll/", viewport)
    if viewport == "phone":
        page.locator('.md-header label[for="__drawer"]').click()
    heights = page.evaluate(
        """() => [...document.querySelectorAll('.md-sidebar--primary a.md-nav__link')]
          .filter((link) => link.offsetParent && link.getBoundingClientRect().height > 0)
          .map((link) => link.getBoundingClientRect().height)"""
    )
    assert heights and min(heights) >= 24


# --- Never a dead end: the build stops while an address is missing ------------------------------


def test_every_routine_a_verdict_hands_over_to_stops_the_build_until_named(policy: Policy) -> None:
    nobody = Owner(None, None)
    missing = routines_without_address(policy, nobody)
    assert missing, "policyn hänvisar inte till någon annan rutin: testet prövar inget"
    problems = address_problems(policy, nobody, set())
    assert len(problems) == len(missing)
    for reference_id, problem in zip(missing, problems, strict=True):
        assert reference_id in problem and "--utan-adress" in problem
    assert address_problems(policy, nobody, set(missing)) == []
    first, *rest = missing
    with_address = Owner(None, None, None, {first: "https://intra.example/rutiner/"})
    assert address_problems(policy, with_address, set(rest)) == []
    typo = address_problems(policy, nobody, {*missing, "sms-paminelser"})
    assert len(typo) == 1 and "sms-paminelser" in typo[0]


def test_generate_pages_writes_nothing_while_an_address_is_missing(
    tmp_path: Path,
    policy: Policy,
    generated: dict[str, str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # What it writes is the session's generation (conftest.py, checked page by page in
    # test_site.py); here the question is whether main writes it at all.
    monkeypatch.setattr(generate_pages, "generated_pages", lambda policy, owner: generated)
    missing = routines_without_address(policy, generate_pages.owner_settings())
    assert missing, "mkdocs.yml har adresser till alla rutiner: testet prövar inget"
    output = tmp_path / "docs"
    assert generate_pages.main(["generate_pages.py", str(output)]) == 2
    assert not output.exists()
    errors = capsys.readouterr().err
    assert all(f"--utan-adress {reference_id}" in errors for reference_id in missing)
    assert generate_pages.main(["generate_pages.py", str(output), "--utan-adress", ",".join(missing)]) == 0
    assert (output / "index.md").is_file()


def test_a_hand_over_without_an_address_says_where_to_find_the_routine(policy: Policy) -> None:
    wording = policy.text("wording", "find_routine")
    handed_over = [rule for rule in policy.rules.values() if rule["then"].get("see")]
    assert handed_over
    for rule in handed_over:
        example = rule.get("examples", [{}])[0].get("scenario")
        if not example:
            continue
        for reference in check(policy, example)["references"]:
            assert reference["find"] == wording.format(title=reference["title"])
            assert reference["title"] in reference["find"]
