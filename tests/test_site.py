"""Content tests on the built routine site (site/, built by scripts/build).

They read the HTML a reader gets and hold it against policy.yaml and the engine: every
section in order, every rule anchor with a working "Pröva i kontrollen" link, the fixed
texts verbatim, every internal link resolving, every cell of the computed tables equal to
the engine's verdict, and nothing fetched from another origin.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

import pytest
import yaml

from checker import Policy, check, load_policy, scenario_from_query
from checker.engine.decide import ALLOWING, as_read
from checker.engine.verify import Report, examples_of
from checker.model.domain import field_domain
from checker.model.scenario import scenario_to_query
from checker.model.wording import consent_lines, value_words
from checker.versions.alternatives import alternative_impact
from checker.versions.diff import change_index
from checker.versions.records import Version

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from generate_pages import owner_pages, routine_pages  # noqa: E402
from pages.owner import Owner  # noqa: E402
from pages.reader_pages import review_banner  # noqa: E402
from pages.tables import table_specs  # noqa: E402

TRY = "Pröva i kontrollen"
EXTERNAL = re.compile(r"^([a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)
"""A URL that names a scheme or a host; data: URIs are checked separately (they are local)."""


@dataclass
class Anchor:
    href: str
    text: str
    rule: str | None
    """The id of the rule box (regel-…) the link stands in, if any."""


@dataclass
class Page(HTMLParser):
    """What the tests need from one built HTML page, collected in one pass."""

    lang: str | None = None
    ids: set[str] = field(default_factory=set)
    headings: list[tuple[int, str | None, str]] = field(default_factory=list)
    anchors: list[Anchor] = field(default_factory=list)
    resources: list[tuple[str, str, str]] = field(default_factory=list)
    """(tag, attribute, URL) of everything the browser would fetch or follow."""
    tables: dict[str, list[list[str]]] = field(default_factory=dict)
    code: list[str] = field(default_factory=list)
    abbrs: set[tuple[str, str]] = field(default_factory=set)
    entries: list[dict[str, str]] = field(default_factory=list)
    """The attributes of each owner question and reading (data-question, data-interpretation)."""
    text: str = ""

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._divs: list[str | None] = []
        self._heading: list[Any] | None = None
        self._anchor: list[Any] | None = None
        self._cell: list[str] | None = None
        self._pre: list[str] | None = None
        self._abbr: list[str] | None = None
        self._skip = 0
        self._headerlink = False
        self._in_article = 0
        self._parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {key: value or "" for key, value in attrs}
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag == "html":
            self.lang = attributes.get("lang")
        for name in ("src", "href", "srcset", "data", "poster"):
            if name in attributes and tag != "a":
                self.resources.append((tag, name, attributes[name]))
        if "style" in attributes:
            self.resources += [(tag, "style", url) for url in css_urls(attributes["style"])]
        if tag == "div":
            self._divs.append(attributes.get("id"))
            if any(f"data-{kind}" in attributes for kind in ("question", "interpretation", "alternative", "change")):
                self.entries.append(attributes)
            if "motortabell" in attributes.get("class", "").split():
                self.tables[attributes["id"]] = []
        if tag in ("h1", "h2", "h3", "h4"):
            self._heading = [int(tag[1]), attributes.get("id"), []]
        if tag == "a":
            self._headerlink = "headerlink" in attributes.get("class", "").split()
            self._anchor = [attributes.get("href", ""), []]
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "article":
            self._in_article += 1
        if tag == "tr" and self._table() is not None:
            self.tables[self._table()].append([])
        if tag in ("td", "th") and self._table() is not None:
            self._cell = []
        if tag == "pre":
            self._pre = []
        if tag == "abbr":
            self._abbr = [attributes.get("title", "")]

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self._divs:
            self._divs.pop()
        if tag in ("h1", "h2", "h3", "h4") and self._heading:
            level, anchor, parts = self._heading
            self.headings.append((level, anchor, squash("".join(parts))))
            self._heading = None
        if tag == "a" and self._anchor is not None:
            self._headerlink = False
            rule = next((div for div in reversed(self._divs) if div and div.startswith("regel-")), None)
            self.anchors.append(Anchor(self._anchor[0], squash("".join(self._anchor[1])), rule))
            self._anchor = None
        if tag in ("script", "style"):
            self._skip -= 1
        if tag == "article":
            self._in_article -= 1
        if tag in ("td", "th") and self._cell is not None:
            self.tables[self._table()][-1].append(squash("".join(self._cell)))
            self._cell = None
        if tag == "pre" and self._pre is not None:
            self.code.append("".join(self._pre).rstrip("\n"))
            self._pre = None
        if tag == "abbr" and self._abbr is not None:
            self.abbrs.add((squash("".join(self._abbr[1:])), self._abbr[0]))
            self._abbr = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._headerlink:
            self._anchor[1].append(data)
            return
        for collector in (self._cell, self._pre):
            if collector is not None:
                collector.append(data)
        if self._heading is not None:
            self._heading[2].append(data)
        if self._anchor is not None:
            self._anchor[1].append(data)
        if self._abbr is not None:
            self._abbr.append(data)
        if self._in_article:
            self._parts.append(data)

    def close(self) -> None:
        super().close()
        self.text = squash("".join(self._parts))

    def _table(self) -> str | None:
        return next((div for div in reversed(self._divs) if div in self.tables), None)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def css_urls(css: str) -> list[str]:
    found = re.findall(r"url\(\s*['\"]?([^'\")]+)", css)
    return found + re.findall(r"@import\s+['\"]([^'\"]+)", css)


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


@pytest.fixture(scope="session")
def pages(site_dir: Path) -> dict[str, Page]:
    """Every built HTML page, by its URL path from the site root ("barn/", "")."""
    found = {}
    for path in sorted(site_dir.rglob("*.html")):
        url = path.relative_to(site_dir).as_posix()
        found[url[: -len("index.html")] if url.endswith("index.html") else url] = parse(path)
    return found


def walk(sections: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for section in sections:
        yield section
        yield from walk(section.get("sections", []))


def section_headings(page: Page, policy: Policy) -> list[tuple[str | None, str]]:
    return [(anchor, text) for _, anchor, text in page.headings if anchor in policy.sections]


# --- The routine, whole and in order ---------------------------------------------------


def test_every_page_is_swedish(pages: dict[str, Page]) -> None:
    assert pages and all(page.lang == "sv" for page in pages.values()), [
        url for url, page in pages.items() if page.lang != "sv"
    ]


def test_whole_routine_page_has_every_section_in_order(pages: dict[str, Page], policy: Policy) -> None:
    expected = [(section["id"], section["title"]) for section in walk(policy.data["sections"])]
    assert section_headings(pages["hela-rutinen/"], policy) == expected


def test_each_section_page_has_its_sections_in_order(pages: dict[str, Page], policy: Policy) -> None:
    for top in policy.data["sections"]:
        page = pages[f"{top['id']}/"]
        assert page.headings[0] == (1, top["id"], top["title"])
        assert section_headings(page, policy) == [(section["id"], section["title"]) for section in walk([top])]


def test_navigation_lists_the_sections_in_policy_order(policy: Policy) -> None:
    nav = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    routine = next(item["Rutinen"] for item in nav if isinstance(item, dict) and "Rutinen" in item)
    assert routine == [f"{section['id']}.md" for section in policy.data["sections"]]


def test_routine_text_appears_in_full(pages: dict[str, Page], policy: Policy) -> None:
    """Every sentence the rules quote is on the section's page (the prose is not dropped)."""
    for rule in policy.rules.values():
        page = pages[f"{policy.pages[rule['section']]}/"]
        for quote in rule["quote"]:
            assert squash(quote) in page.text, (rule["id"], quote)


def test_search_finds_each_section_once_on_its_own_page(site_dir: Path, policy: Policy) -> None:
    """The whole-routine page repeats every section: searched too, each hit would show twice."""
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = [doc["location"] for doc in index["docs"]]
    assert not [location for location in locations if location.startswith("hela-rutinen/")]
    for section in walk(policy.data["sections"]):
        found = [
            location
            for location in locations
            if location.endswith(f"#{section['id']}") or location == f"{section['id']}/"
        ]
        assert found == [
            f"{policy.pages[section['id']]}/" + ("" if section["id"] in policy.pages.values() else f"#{section['id']}")
        ], (section["id"], found)


def test_search_finds_a_quoted_sentence_on_its_section_page_and_the_detail_pages_by_their_titles(
    site_dir: Path, policy: Policy
) -> None:
    """The readings, the link page's lists and older versions quote the routine and list every
    answer: left out of the index (data-search-exclude), a sentence is found on its section's
    page and not again among the readings, and those pages are still found by their titles and
    introductions. (An owner question quotes its sentence under its own title, and is searched.)"""
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = index["docs"]
    for page in ("tolkningar/", "lanka-till-rutinen/", "vad-har-andrats/"):
        assert [doc for doc in docs if doc["location"] == page], page
    assert not [doc["location"] for doc in docs if doc["location"].startswith("tolkningar/#tolkning-")]
    assert not [doc["location"] for doc in docs if doc["location"].startswith("lanka-till-rutinen/#kontroll-")]
    quote = next(item for item in policy.data["interpretations"] if item["quotes"])["quotes"][0]
    sentence = " ".join(quote["text"].split())
    found = sorted({doc["location"].split("#")[0] for doc in docs if sentence in " ".join(doc["text"].split())})
    assert f"{policy.pages[quote['section']]}/" in found
    assert not {"tolkningar/", "lanka-till-rutinen/", "vad-har-andrats/"} & set(found), found
    # The latest version's changes are searched; an older version's are not.
    versions = [doc["location"] for doc in docs if doc["location"].startswith("vad-har-andrats/#version-")]
    assert versions == [f"vad-har-andrats/#version-{policy.version.replace('.', '-')}"], versions


# --- Rules: anchors, "Pröva i kontrollen", fixed texts -----------------------------------


def try_links(page: Page, rule_id: str) -> list[Anchor]:
    return [anchor for anchor in page.anchors if anchor.rule == f"regel-{rule_id}" and anchor.text == TRY]


@pytest.mark.parametrize("where", ["section page", "whole routine"])
def test_every_rule_has_its_anchor_and_a_link_the_checker_decides_with_it(
    pages: dict[str, Page], policy: Policy, where: str
) -> None:
    for rule_id, rule in policy.rules.items():
        url = f"{policy.pages[rule['section']]}/" if where == "section page" else "hela-rutinen/"
        page = pages[url]
        assert f"regel-{rule_id}" in page.ids, (url, rule_id)
        links = try_links(page, rule_id)
        assert len(links) == 1, (url, rule_id)
        target = urlsplit(urljoin(f"http://site/{url}", links[0].href))
        assert target.path == "/kontroll/", links[0].href
        verdict = check(policy, scenario_from_query(policy, target.query))
        assert rule_id in verdict["rules"], (rule_id, target.query, verdict["rules"])


def test_rule_anchors_match_the_engine_links(pages: dict[str, Page], policy: Policy) -> None:
    """The engine's sources ({page}/#regel-{rule}) land on a rule box of that id."""
    for rule_id in policy.rules:
        page_url, anchor = policy.rule_link(rule_id).split("#")
        assert anchor in pages[page_url].ids


def test_fixed_texts_are_verbatim(pages: dict[str, Page], policy: Policy) -> None:
    """Journal texts and example messages stand in code blocks exactly, line breaks included."""
    fixed = 0
    for rule in policy.rules.values():
        then = rule["then"]
        texts = [message["text"] for message in then.get("messages", [])]
        if then.get("consent") and then["consent"].get("journal_text"):
            texts.append(then["consent"]["journal_text"])
        for url in (f"{policy.pages[rule['section']]}/", "hela-rutinen/"):
            for text in texts:
                assert text in pages[url].code, (rule["id"], url, text)
                fixed += 1
    assert fixed >= 6
    page = pages["samtycke-byte-av-kommunikationssatt/"]
    assert "I samtycke med patient fortsätter samtalet på telefon" in page.code
    assert "Skriv i journalen: ”I samtycke med patient fortsätter samtalet på telefon”" in page.text


def test_glossary_terms_are_tooltips(pages: dict[str, Page], policy: Policy) -> None:
    shown = {abbr for url, page in pages.items() if url != "ordlista/" for abbr in page.abbrs}
    for item in policy.data["glossary"]:
        assert (item["term"], item["definition"]) in shown, item["term"]


def test_policy_version_is_on_every_page(pages: dict[str, Page], policy: Policy) -> None:
    missing = [
        url for url, page in pages.items() if f"Policyversion {policy.version}" not in page.text and url != "404.html"
    ]
    assert not missing


# --- Computed tables ---------------------------------------------------------------------


def band(words: str, low: int, high: int) -> list[int]:
    """The ages a column header such as "under 13 år", "13–15 år" or "minst 16 år" covers."""
    numbers = [int(number) for number in re.findall(r"\d+", words)]
    if words.startswith("under"):
        return list(range(low, numbers[0]))
    if words.startswith("minst"):
        return list(range(numbers[0], high + 1))
    return list(range(numbers[0], numbers[-1] + 1))


def by_words(policy: Policy, field_: Any) -> dict[str, Any]:
    return {value_words(field_, value, heading=True): value for value in field_domain(policy, field_)}


@pytest.mark.parametrize("spec", table_specs(load_policy(ROOT / "policy.yaml")), ids=lambda spec: spec.situation)
def test_computed_tables_match_the_engine_in_every_cell(pages: dict[str, Page], policy: Policy, spec: Any) -> None:
    fields = policy.situations[spec.situation].fields
    splits = field_domain(policy, fields[spec.split]) if spec.split else [None]
    outcome_label = {
        policy.text("outcomes", key): key
        for key in ("allowed", "allowed_with_conditions", "not_allowed", "not_covered")
    }
    for url in (f"{policy.pages[spec.section]}/", "hela-rutinen/"):
        tables = pages[url].tables
        for split in splits:
            suffix = "" if split is None else "-" + (str(split).lower() if isinstance(split, bool) else split)
            rows = tables[f"tabell-{spec.situation}{suffix}"]
            header, body = rows[0], rows[1:]
            column = fields[spec.columns]
            if column.type == "integer":
                columns = [band(words, column.data["min"], column.data["max"]) for words in header[1:]]
                assert sorted(value for band_ in columns for value in band_) == list(
                    range(column.data["min"], column.data["max"] + 1)
                )
            else:
                columns = [[by_words(policy, column)[words]] for words in header[1:]]
                assert sorted(value for values in columns for value in values) == sorted(field_domain(policy, column))
            row_values = by_words(policy, fields[spec.rows])
            assert sorted(row_values[row[0]] for row in body) == sorted(field_domain(policy, fields[spec.rows]))
            cells = 0
            for row in body:
                for values, cell in zip(columns, row[1:], strict=True):
                    for value in values:
                        scenario = {"situation": spec.situation, spec.rows: row_values[row[0]], spec.columns: value}
                        if spec.split:
                            scenario[spec.split] = split
                        assert outcome_label[cell] == check(policy, scenario)["outcome"], (url, scenario, cell)
                        cells += 1
            assert cells == len(field_domain(policy, fields[spec.rows])) * len(field_domain(policy, column))
        if spec.consent:
            check_consent_table(policy, spec, tables[f"tabell-{spec.situation}-samtycke"])


def check_consent_table(policy: Policy, spec: Any, rows: list[list[str]]) -> None:
    """Exactly the allowed scenarios that ask for consent are listed, each with the engine's words."""
    fields = policy.situations[spec.situation].fields
    keys = [spec.rows, spec.columns] + ([spec.split] if spec.split else [])
    listed = {}
    for row in rows[1:]:
        values = tuple(by_words(policy, fields[key])[words] for key, words in zip(keys, row[: len(keys)], strict=True))
        listed[values] = row[-1]
    expected = {}
    for values in itertools.product(*(field_domain(policy, fields[key]) for key in keys)):
        verdict = check(policy, {"situation": spec.situation, **dict(zip(keys, values, strict=True))})
        if verdict["outcome"] in ALLOWING and verdict["consent"]:
            expected[values] = squash(" ".join(consent_lines(policy, verdict["consent"])))
    assert listed == expected


# --- The pages around the routine --------------------------------------------------------


def checker_links(policy: Policy, page: Page, url: str) -> list[dict[str, Any]]:
    """The verdict behind every "Pröva i kontrollen" link on the page, in order."""
    links = [anchor for anchor in page.anchors if anchor.text == TRY]
    return [
        check(policy, scenario_from_query(policy, urlsplit(urljoin(f"http://site/{url}", anchor.href)).query))
        for anchor in links
    ]


def test_owner_questions_page_has_every_question_with_its_count(
    pages: dict[str, Page], policy: Policy, verified: Report
) -> None:
    """Every not_covered scenario belongs to exactly one question (test_policy.py), and every
    question is on the page with the number of scenarios it covers."""
    page = pages["vad-rutinen-inte-reglerar/"]
    report = verified
    shown = [(entry["data-question"], int(entry["data-scenarios"])) for entry in page.entries]
    assert shown == [(question["id"], len(question["scenarios"])) for question in report.questions]
    assert 0 < len(shown) <= 40 and sum(count for _, count in shown) == len(report.not_covered)
    for question_id, _ in shown:
        assert f"fraga-{question_id}" in page.ids
    tried = checker_links(policy, page, "vad-rutinen-inte-reglerar/")
    assert len(tried) == sum(len(examples_of(question["scenarios"])) for question in report.questions)
    assert {verdict["outcome"] for verdict in tried} == {"not_covered"}


def test_interpretations_page_has_every_reading_its_rules_and_impact(
    pages: dict[str, Page], policy: Policy, in_force: Version
) -> None:
    page = pages["tolkningar/"]
    readings = [entry["data-interpretation"] for entry in page.entries if "data-interpretation" in entry]
    assert readings == list(policy.interpretations)
    shown = [
        (entry["data-alternative"], int(entry["data-changes"])) for entry in page.entries if "data-alternative" in entry
    ]
    expected_alternatives = []
    expected_tries = []
    for interpretation_id, item in policy.interpretations.items():
        assert f"tolkning-{interpretation_id}" in page.ids
        assert squash(item["reading"]) in page.text
        for quote in item["quotes"]:
            assert squash(quote["text"]) in page.text
        for alternative in item["alternatives"]:
            impact = alternative_impact(policy, interpretation_id, alternative["id"], in_force)
            expected_alternatives.append((alternative["id"], impact["scenarios"] if impact else 0))
            if impact is None:
                continue
            real = [
                (entry, scenario)
                for entry in impact["changes"]
                if entry["answer_changed"]
                for scenario in entry["scenarios"]
            ]
            expected_tries += [
                (real[index][1], real[index][0]["before"]["outcome"]) for index in examples_of(list(range(len(real))))
            ]
    assert shown == expected_alternatives
    tried = checker_links(policy, page, "tolkningar/")
    assert [(verdict["scenario"], verdict["outcome"]) for verdict in tried] == [
        (as_read(policy, scenario), outcome) for scenario, outcome in expected_tries
    ]
    rule_links = {anchor.href for anchor in page.anchors if "#regel-" in anchor.href}
    assert rule_links == {
        f"../{policy.rule_link(rule_id)}" for rule_id, rule in policy.rules.items() if rule.get("rests_on")
    }


def test_every_impact_example_on_the_interpretations_page_shows_a_change(
    pages: dict[str, Page], policy: Policy
) -> None:
    """Issue 17.9: an example names two outcomes, or one outcome and what else changed."""
    outcomes = "|".join(re.escape(text) for text in policy.data["texts"]["outcomes"].values())
    text = squash(pages["tolkningar/"].text)
    other = re.findall(rf"{TRY} – nu: ({outcomes}), med alternativet: ({outcomes}) \(", text)
    same = re.findall(rf"{TRY} – nu och med alternativet: ({outcomes}), men (.+?) ändras \(", text)
    assert len(other) + len(same) == text.count(f"{TRY} – ") >= len(policy.interpretations)
    assert all(now != then for now, then in other)
    assert all(what.strip() for _, what in same)


def test_rule_boxes_link_to_the_readings_they_rest_on(pages: dict[str, Page], policy: Policy) -> None:
    for rule_id, rule in policy.rules.items():
        hrefs = {
            anchor.href
            for anchor in pages[f"{policy.pages[rule['section']]}/"].anchors
            if anchor.rule == f"regel-{rule_id}"
        }
        assert {f"../{policy.interpretation_link(item)}" for item in rule.get("rests_on", [])} <= hrefs, rule_id


def test_barn_page_states_the_consequence_the_rules_compute(pages: dict[str, Page]) -> None:
    assert (
        "Varken vårdnadshavare eller barnet kan läsa journalen via 1177.se när barnet är 13–15 år."
        in pages["barn/"].text
    )


def test_link_page_lists_every_section_and_rule_address(pages: dict[str, Page], policy: Policy) -> None:
    page = pages["lanka-till-rutinen/"]
    shown = set(re.findall(r"\S+/#\S+", page.text))
    expected = {policy.section_link(section) for section in policy.sections} | {
        policy.rule_link(rule) for rule in policy.rules
    }
    assert expected <= shown
    for situation in policy.situations.values():
        assert f"kontroll-{situation.id}" in page.ids


def test_version_history_is_shown(pages: dict[str, Page], policy: Policy) -> None:
    text = pages["versionshistorik/"].text
    for item in policy.data["meta"]["history"] + policy.data["meta"]["policy_changes"]:
        assert squash(item["change"]) in text


def test_start_page_leads_to_the_checker(pages: dict[str, Page], policy: Policy) -> None:
    page = pages[""]
    assert policy.data["meta"]["title"] in page.text and policy.version in page.text
    assert any(anchor.href.startswith("kontroll/") for anchor in page.anchors)
    assert {"vad-rutinen-inte-reglerar/", "tolkningar/"} <= {anchor.href for anchor in page.anchors}


# --- Links and origins -------------------------------------------------------------------


def local_target(site_dir: Path, url: str, href: str) -> tuple[Path, str]:
    """The file a relative link on the page at ``url`` opens, and its fragment."""
    target = urlsplit(urljoin(f"http://site/{url}", href))
    path = unquote(target.path).lstrip("/")
    file = site_dir / path
    if path == "" or path.endswith("/") or file.is_dir():
        file = file / "index.html"
    return file, target.fragment


def test_every_internal_link_resolves(site_dir: Path, pages: dict[str, Page]) -> None:
    broken = []
    for url, page in pages.items():
        hrefs = [anchor.href for anchor in page.anchors] + [
            value for _, name, value in page.resources if name in ("src", "href")
        ]
        for href in hrefs:
            if not href or EXTERNAL.match(href):
                continue
            file, fragment = local_target(site_dir, url, href)
            if not file.is_file():
                broken.append((url, href))
            elif fragment and file.suffix == ".html":
                target_url = file.relative_to(site_dir).as_posix().removesuffix("index.html")
                if fragment not in pages[target_url].ids:
                    broken.append((url, href))
    assert not broken


def test_nothing_is_fetched_from_another_origin(site_dir: Path, pages: dict[str, Page]) -> None:
    external = [
        (url, tag, name, value)
        for url, page in pages.items()
        for tag, name, value in page.resources
        if any(EXTERNAL.match(part.strip()) and not part.strip().startswith("data:") for part in value.split(","))
    ]
    for css in site_dir.rglob("*.css"):
        external += [
            (css.name, "css", "url", value)
            for value in css_urls(css.read_text(encoding="utf-8"))
            if EXTERNAL.match(value) and not value.startswith("data:")
        ]
    assert not external
    for path in site_dir.rglob("*"):
        if path.suffix in (".html", ".css", ".js", ".json", ".xml"):
            assert not re.search(r"fonts\.(googleapis|gstatic)", path.read_text(encoding="utf-8", errors="replace")), (
                path
            )


def test_only_the_routines_own_addresses_leave_the_site(pages: dict[str, Page], policy: Policy) -> None:
    """Links to other origins are only the URLs IT set in references (none are invented)."""
    allowed = {ref["url"] for ref in policy.references.values() if ref.get("url")}
    leaving = {anchor.href for page in pages.values() for anchor in page.anchors if EXTERNAL.match(anchor.href)}
    assert leaving <= allowed, leaving - allowed


def test_print_stylesheet_hides_navigation_and_keeps_rule_boxes(site_dir: Path, pages: dict[str, Page]) -> None:
    assert ("link", "href", "../stylesheets/print.css") in pages["hela-rutinen/"].resources
    css = (site_dir / "stylesheets" / "print.css").read_text(encoding="utf-8")
    assert "@media print" in css and ".md-sidebar" in css and "break-inside: avoid" in css


# --- The generated pages and policy.yaml agree ---------------------------------------------


def table_ids(markdown: str) -> list[str]:
    return re.findall(r'<div id="(tabell-[^"]+)" class="motortabell"', markdown)


def test_a_section_renamed_in_policy_yaml_keeps_its_tables(policy: Policy, tmp_path: Path) -> None:
    """A table stands on its section in policy.yaml, so renaming the section moves it along
    (the section id is written as `id: barn`, `section: barn` or in a list, `[barn]`)."""
    text = (ROOT / "policy.yaml").read_text(encoding="utf-8")
    renamed_text, count = re.subn(r"(?:(?<=: )|(?<=\[))barn(?=[\],\n])", "barn-och-unga", text)
    assert count >= 10
    path = tmp_path / "policy.yaml"
    path.write_text(renamed_text, encoding="utf-8")
    before = table_ids(routine_pages(policy)["barn.md"])
    after = routine_pages(load_policy(path))
    assert "barn.md" not in after
    assert before and table_ids(after["barn-och-unga.md"]) == before


# ``generated`` (conftest.py): what the generator writes, made once per worker; the tests
# below differ only in the owner, and only ``owner_pages`` depend on the owner.


def test_generated_pages_are_those_policy_yaml_gives(generated: dict[str, str]) -> None:
    """build/docs (what the site was built from) holds exactly what policy.yaml generates now."""
    built = ROOT / "build" / "docs"
    expected = generated
    stale = [
        name
        for name, text in expected.items()
        if not (built / name).is_file() or (built / name).read_text(encoding="utf-8") != text
    ]
    assert not stale, f"kör scripts/build: {stale}"


def test_ask_the_owner_mails_the_question_the_checker_link_and_the_version_only(
    policy: Policy, generated: dict[str, str], verified: Report
) -> None:
    owner = Owner("agare@example.se", "https://intra.example/rutin/")
    files = {**generated, **owner_pages(policy, owner)}
    links = re.findall(r"\]\((mailto:[^)]+)\)", files["vad-rutinen-inte-reglerar.md"])
    questions = verified.questions
    assert len(links) == len(questions)
    subject = policy.text("checker_page", "ask_owner_subject").format(title=policy.data["meta"]["title"])
    for link, question in zip(links, questions, strict=True):
        parts = urlsplit(link)
        assert parts.path == owner.email
        checker_link = f"https://intra.example/rutin/kontroll/?{scenario_to_query(question['scenarios'][0])}"
        body = policy.text("checker_page", "ask_owner_body").format(
            question=question["question"], link=checker_link, version=policy.version
        )
        assert parse_qs(parts.query) == {"subject": [subject], "body": [body]}
    assert 'data-owner-email="agare@example.se"' in files["includes/kontroll-agare.md"]


def test_without_the_owners_address_there_is_no_mail_link_and_the_page_says_so(
    policy: Policy, generated: dict[str, str]
) -> None:
    files = {**generated, **owner_pages(policy, Owner(None, None))}
    assert not any("mailto:" in text for text in files.values())
    assert "Adressen till rutinens ägare är inte angiven" in files["vad-rutinen-inte-reglerar.md"]
    assert 'data-owner-email=""' in files["includes/kontroll-agare.md"]


def test_site_was_built_from_this_policy(pages: dict[str, Page], policy: Policy) -> None:
    for rule_id, rule in policy.rules.items():
        assert f"regel-{rule_id}" in pages[f"{policy.pages[rule['section']]}/"].ids
    on_pages = {anchor for page in pages.values() for anchor in page.ids if anchor.startswith("regel-")}
    # A renamed rule keeps its published anchor beside its new one (policy.yaml, renamed).
    former = {f"regel-{old}" for rule_id in policy.rules for old in policy.former_ids(rule_id)}
    assert on_pages == {f"regel-{rule_id}" for rule_id in policy.rules} | former


# --- What changed, and which version applies ----------------------------------------------


def test_the_changes_page_has_each_changed_answer_the_checker_links_to(
    pages: dict[str, Page], policy: Policy, published_history: list[dict[str, Any]]
) -> None:
    steps = published_history
    step = steps[-1]
    page = pages["vad-har-andrats/"]
    changes = [entry for entry in page.entries if entry.get("data-change", "").startswith(f"{step['to']}-")]
    answered = [entry for entry in step["changes"] if entry["answer_changed"]]
    assert [entry["data-change"] for entry in changes] == [
        f"{step['to']}-{number}" for number in range(1, len(answered) + 1)
    ]
    links = {policy.change_link(item["version"], item["entry"]) for item in change_index(policy, step).values()}
    assert links and {link.split("#", 1)[1] for link in links} <= page.ids
    # Every version's changes are on the page, the latest first.
    tries = [anchor for anchor in page.anchors if anchor.text == TRY]
    assert len(tries) == sum(1 for each in steps for entry in each["changes"] if entry["answer_changed"])
    for anchor, entry in zip(tries[: len(answered)], answered, strict=True):
        query = urlsplit(urljoin("http://site/vad-har-andrats/", anchor.href)).query
        assert check(policy, scenario_from_query(policy, query))["outcome"] == entry["after"]["outcome"]


def test_every_page_says_which_version_applies_from_when(pages: dict[str, Page], policy: Policy) -> None:
    line = f"Policyversion {policy.version}, gäller från {policy.data['meta']['applies_from']}"
    assert [url for url, page in pages.items() if line not in page.text and url != "404.html"] == []


@pytest.mark.parametrize(
    ("review_by", "today", "shown"),
    [(None, "2026-12-01", None), ("2026-11-30", "2026-12-01", True), ("2026-12-01", "2026-12-01", False)],
)
def test_the_review_notice_is_shown_once_the_date_has_passed(
    policy: Policy, review_by: str | None, today: str, shown: bool | None
) -> None:
    meta = {**policy.data["meta"], "review_by": review_by}
    banner = review_banner(dataclasses.replace(policy, data={**policy.data, "meta": meta}), date.fromisoformat(today))
    assert "{% block announce %}" in banner
    if shown is None:
        assert "oversyn" not in banner
    else:
        assert f'data-review-by="{review_by}"' in banner
        assert (" hidden>" not in banner) == shown


def test_a_renamed_rule_and_section_keep_their_old_anchors_and_address(tmp_path: Path) -> None:
    text = (ROOT / "policy.yaml").read_text(encoding="utf-8")
    assert "\nrenamed:\n" in text
    renamed = text.replace("barn-laser-journal-fran-16", "barn-laser-journalen-fran-16").replace(
        "\nrenamed:\n",
        "\nrenamed:\n  - {old: barn-laser-journal-fran-16, new: barn-laser-journalen-fran-16}\n"
        "  - {old: skyddade-uppgifter, new: skyddade-personuppgifter}\n",
        1,
    )
    path = tmp_path / "policy.yaml"
    path.write_text(renamed, encoding="utf-8")
    files = routine_pages(load_policy(path))  # the pages a rename moves
    assert '<span id="regel-barn-laser-journal-fran-16"></span>' in files["barn.md"]
    assert 'id="regel-barn-laser-journalen-fran-16"' in files["barn.md"]
    assert "(skyddade-personuppgifter.md)" in files["skyddade-uppgifter.md"]
