"""The pages staff and web editors read outside the checker, in the built site (site/).

Staff words only: no rule, field or value id where people read (anchors and addresses may
keep them), conditions as Swedish clauses, the theme's own strings in Swedish. *Vad har
ändrats* says what changes for staff and marks the changed words; *Länka till rutinen*
leads with the checker's own "Kopiera länk" and says what a left-out yes/no question means.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from checker import Policy
from checker.model.wording import rule_conditions

ROOT = Path(__file__).resolve().parent.parent
ENGLISH = (
    "Permanent link",
    "Back to top",
    "Copy to clipboard",
    "Copied to clipboard",
    "Skip to content",
    "Table of contents",
    "Previous",
    "Next",
    "Search",
    "Type to start searching",
    "Initializing search",
    "Clear",
    "Share",
    "Made with",
)
"""mkdocs-material's and Python-Markdown's English strings (a reader of the site sees them
in text, in a title or an aria-label)."""


@dataclass
class Element:
    """One element of a page with what a reader gets from it."""

    tag: str
    attributes: dict[str, str]
    text: list[str] = field(default_factory=list)
    without: dict[str, list[str]] = field(default_factory=lambda: {"del": [], "ins": []})
    """The text as it reads with the deleted (or the inserted) words left out."""
    children: list[Element] = field(default_factory=list)

    @property
    def words(self) -> str:
        return squash("".join(self.text))

    def reads(self, left_out: str) -> str:
        return squash("".join(self.without[left_out]))

    def find(self, tag: str, **attributes: str) -> list[Element]:
        found = []
        for child in self.children:
            if child.tag == tag and all(child.attributes.get(key) == value for key, value in attributes.items()):
                found.append(child)
            found += child.find(tag, **attributes)
        return found

    def has_class(self, name: str) -> bool:
        return name in self.attributes.get("class", "").split()


VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr", "col", "area", "base", "embed", "track"}


class Tree(HTMLParser):
    """A built page as a tree of elements, each with its text (scripts and styles left out)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("document", {})
        self.open = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {key: value or "" for key, value in attrs})
        self.open[-1].children.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                del self.open[depth:]
                return

    def handle_data(self, data: str) -> None:
        if any(element.tag in ("script", "style") for element in self.open):
            return
        marks = {element.tag for element in self.open} & {"del", "ins"}
        for element in self.open:
            element.text.append(data)
            for left_out in ("del", "ins"):
                if left_out not in marks:
                    element.without[left_out].append(data)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def built(site_dir: Path, path: str) -> Element:
    tree = Tree()
    tree.feed((site_dir / path / "index.html").read_text(encoding="utf-8"))
    tree.close()
    return tree.root


def article(root: Element) -> Element:
    [found] = root.find("article")
    return found


def routine_ids(policy: Policy) -> set[str]:
    """Every id the policy names that is not also a Swedish word staff could read."""
    ids = set(policy.rules) | set(policy.interpretations)
    for situation in policy.situations.values():
        ids.add(situation.id)
        for item in situation.fields.values():
            ids.add(item.id)
            ids |= set(item.value_ids())
    return {name for name in ids if isinstance(name, str) and re.search(r"[_-]", name)}


def visible_ids(text: str, ids: set[str]) -> list[str]:
    return sorted(name for name in ids if re.search(rf"(?<![\w/#=-]){re.escape(name)}(?![\w-])", text))


@pytest.fixture(scope="session")
def changes_page(site_dir: Path) -> Element:
    return article(built(site_dir, "vad-har-andrats"))


@pytest.fixture(scope="session")
def step(published_history: list[dict[str, Any]]) -> dict[str, Any]:
    return published_history[-1]


# --- Vad har ändrats ------------------------------------------------------------------------


def latest_entries(changes_page: Element, step: dict[str, Any]) -> list[Element]:
    """The page's entries for the newest version step (the page shows every step, newest first)."""
    entries = changes_page.find("div", **{"class": "andring"})
    return [entry for entry in entries if entry.attributes["data-change"].startswith(f"{step['to']}-")]


def latest_groups(changes_page: Element, step: dict[str, Any]) -> list[tuple[Element, list[int]]]:
    """Each group of like changes in ``step`` (most tests: the newest), with the numbers of its entries."""
    groups = []
    for group in changes_page.find("div", **{"class": "andringsgrupp"}):
        numbers = [
            int(entry.attributes["data-change"].rsplit("-", 1)[1])
            for entry in group.find("div", **{"class": "andring"})
            if entry.attributes["data-change"].startswith(f"{step['to']}-")
        ]
        if numbers:
            groups.append((group, numbers))
    return groups


def test_the_changes_page_names_no_rule_field_or_value_by_id(changes_page: Element, policy: Policy) -> None:
    assert visible_ids(changes_page.words, routine_ids(policy)) == []
    for link in changes_page.find("a"):
        href = link.attributes.get("href", "")
        if "#regel-" in href:
            rule_id = href.split("#regel-", 1)[1]
            assert link.words and link.words != rule_id
            assert link.words in squash(policy.rules[rule_id]["then"]["says"]), (rule_id, link.words)


def test_each_change_says_what_changes_for_staff(changes_page: Element, policy: Policy, step: dict[str, Any]) -> None:
    """The first line of what changes names the outcome: from X to Y, or that it stays; like
    changes are one group, every numbered entry (the checker links to it) in exactly one."""
    answered = [entry for entry in step["changes"] if entry["answer_changed"]]
    groups = latest_groups(changes_page, step)
    assert sorted(number for _, numbers in groups for number in numbers) == list(range(1, len(answered) + 1))
    assert len(latest_entries(changes_page, step)) == len(answered) > 0
    told = []
    for element, numbers in groups:
        said = [squash(item.words) for item in element.find("li")]
        told.append(tuple(said))
        for number in numbers:
            entry = answered[number - 1]
            after = policy.text("outcomes", entry["after"]["outcome"])
            if entry["before"] is None:
                expected = policy.text("changes_page", "outcome_new").format(after=after)
            elif entry["before"]["outcome"] != entry["after"]["outcome"]:
                before = policy.text("outcomes", entry["before"]["outcome"])
                expected = policy.text("changes_page", "outcome_changed").format(before=before, after=after)
            else:
                expected = policy.text("changes_page", "outcome_same").format(after=after)
            assert squash(expected.replace("**", "")) in said, number
        scenarios = sum(len(answered[number - 1]["scenarios"]) for number in numbers)
        assert f"({scenarios} svar)" in element.words  # answers counted as answers
    assert len(set(told)) == len(told)  # no two groups tell staff the same thing


def test_each_version_opens_with_what_matters_most(
    changes_page: Element, policy: Policy, published_history: list[dict[str, Any]]
) -> None:
    boxes = changes_page.find("div", **{"class": "viktigast"})
    steps = published_history
    assert len(boxes) == len(steps)
    title = policy.text("changes_page", "most_important")
    for box in boxes:
        assert box.words.startswith(title)
        lines = box.find("li")
        assert 1 <= len(lines) <= 5
    said = {policy.text("changes_page", "text_same")}
    assert changes_page.words.count(squash(next(iter(said)))) + changes_page.words.count(
        squash(policy.text("changes_page", "text_changed").split("(")[0])
    ) == len(steps)


def test_the_words_that_changed_are_marked_and_the_rest_reads_as_before_and_after(
    changes_page: Element, policy: Policy, published_history: list[dict[str, Any]]
) -> None:
    """Without the inserted words a reworded condition reads as it did; without the deleted
    words, as it does now; the words both have are not marked. Every step on the page is
    read: a step may add and remove conditions without rewording one (4.0.0 does)."""
    label = squash(policy.text("changes_page", "condition_changed").format(diff=""))
    reworded = 0
    for step in published_history:
        answered = [entry for entry in step["changes"] if entry["answer_changed"]]
        for element, numbers in latest_groups(changes_page, step):
            entry = answered[numbers[0] - 1]
            for item in element.find("li"):
                if not item.words.startswith(label):
                    continue
                reworded += 1
                assert item.find("del") or item.find("ins")
                now, then = item.reads("del")[len(label) :].strip(), item.reads("ins")[len(label) :].strip()
                assert now in [squash(text) for text in entry["after"]["conditions"]], now
                assert then in [squash(text) for text in entry["before"]["conditions"]], then
                for mark in item.find("del") + item.find("ins"):
                    assert mark.words not in ("", " ")
    assert reworded, "ingen ändring med omformulerat villkor att pröva"


def test_a_condition_asking_the_patient_to_call_is_marked_as_added_words(changes_page: Element) -> None:
    """2.0.0: the urgent answer in the same channel now also asks the patient to call."""
    items = [item for item in changes_page.find("li") if item.find("ins")]
    marked = [
        item
        for item in items
        if [mark.words for mark in item.find("ins")] == [", och be patienten ringa mottagningen"]
        and not item.find("del")
    ]
    assert marked
    assert any(
        "Svara i samma kanal som patienten valde, och be patienten ringa mottagningen." in item.words for item in marked
    )


def test_the_version_history_line_of_the_changes_page_is_in_plain_swedish(
    changes_page: Element, policy: Policy
) -> None:
    for change in policy.data["meta"]["policy_changes"]:
        assert visible_ids(change["change"], routine_ids(policy)) == [], change["version"]
    assert "special_reason" not in changes_page.words


# --- Conditions on the routine pages -----------------------------------------------------


def test_every_condition_reads_as_a_swedish_clause(policy: Policy) -> None:
    """No question label with a colon ("Vem gör det?: …"), no id, no "Label: value"."""
    labels = {item.label for situation in policy.situations.values() for item in situation.fields.values()}
    for rule in policy.rules.values():
        for condition in rule_conditions(policy, rule):
            text = condition["text"]
            assert "?" not in text and ": " not in text, (rule["id"], text)
            assert not any(label in text for label in labels if label.endswith("?")), (rule["id"], text)
            assert visible_ids(text, routine_ids(policy)) == [], (rule["id"], text)
            assert text[:1].islower(), (rule["id"], text)


def test_the_rule_boxes_say_when_a_rule_applies_in_clauses(site_dir: Path, policy: Policy) -> None:
    for rule_id, rule in policy.rules.items():
        page = built(site_dir, policy.pages[rule["section"]])
        [box] = page.find("div", id=f"regel-{rule_id}")
        situation = policy.situations[rule["situation"]].label
        applies = "applies" if rule.get("when") else "applies_always"
        assert squash(policy.text("routine_page", applies).format(situation=situation).replace("*", "")) in box.words
        assert "Situation:" not in box.words and "?:" not in box.words
        for condition in rule_conditions(policy, rule):
            assert squash(condition["text"]) in [item.words for item in box.find("li")], (rule_id, condition)


def test_a_same_as_condition_names_the_other_field_by_its_phrase(site_dir: Path, policy: Policy) -> None:
    rules = [rule for rule in policy.rules.values() if any("same_as" in str(c) for c in rule.get("when", {}).values())]
    assert rules
    for rule in rules:
        fields = policy.situations[rule["situation"]].fields
        for field_id, condition in rule["when"].items():
            if isinstance(condition, dict) and "same_as" in condition:
                expected = (
                    f"{fields[field_id].data['phrase']} är samma som {fields[condition['same_as']].data['phrase']}"
                )
                page = built(site_dir, policy.pages[rule["section"]])
                [box] = page.find("div", id=f"regel-{rule['id']}")
                assert expected in box.words


# --- The theme's own words ----------------------------------------------------------------


def test_the_theme_speaks_swedish_on_every_page(site_dir: Path) -> None:
    """Text, titles and aria-labels of every page: none of the theme's English strings."""
    title = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    permalink = next(
        item["toc"]["permalink_title"]
        for item in title["markdown_extensions"]
        if isinstance(item, dict) and "toc" in item
    )
    assert permalink not in ENGLISH
    found = []
    for path in sorted(site_dir.rglob("index.html")):
        tree = Tree()
        tree.feed(path.read_text(encoding="utf-8"))
        said = [tree.root.words]
        elements = [tree.root]
        while elements:
            element = elements.pop()
            elements += element.children
            said += [element.attributes.get(name, "") for name in ("title", "aria-label", "placeholder", "alt")]
            if element.has_class("headerlink"):
                assert element.attributes.get("title") == permalink, path
        found += [
            (path.parent.name, english) for english in ENGLISH if any(re.search(rf"\b{english}\b", t) for t in said)
        ]
    assert found == []


# --- Länka till rutinen -------------------------------------------------------------------


@pytest.fixture(scope="session")
def links_page(site_dir: Path) -> Element:
    return article(built(site_dir, "lanka-till-rutinen"))


def test_the_links_page_leads_with_the_checkers_copy_button(links_page: Element, policy: Policy) -> None:
    copy_link = policy.text("checker_page", "copy_link")
    blocks = [element for element in links_page.children if element.tag in ("h1", "h2", "h3", "p", "table", "div")]
    first_h2 = next(index for index, element in enumerate(blocks) if element.tag == "h2")
    assert blocks[first_h2].attributes.get("id") == "lanka-till-kontrollen"
    easy = blocks[first_h2 + 1]
    assert easy.tag == "p" and copy_link in easy.words
    assert any(link.attributes.get("href") == "../kontroll/" for link in easy.find("a"))
    first_address = next(
        index for index, element in enumerate(blocks) if element.find("code") or element.tag == "table"
    )
    assert first_address > first_h2 + 1


def test_the_links_page_says_what_a_left_out_yes_or_no_means(links_page: Element, policy: Policy) -> None:
    no, yes = policy.text("checker_page", "answer_no"), policy.text("checker_page", "answer_yes")
    omitted = [p for p in links_page.find("p") if f"”{no}”" in p.words and f"”{yes}”" in p.words]
    assert omitted, "ingen mening om vad en utelämnad ja/nej-fråga betyder"
    rows: dict[str, dict[str, list[str]]] = {}
    situation_id = None
    for element in links_page.children:
        if element.tag == "h4":
            situation_id = element.attributes["id"].removeprefix("kontroll-")
        elif element.tag == "h2":
            situation_id = None
        elif situation_id and (element.tag == "table" or "tabellruta" in element.attributes.get("class", "")):
            for row in element.find("tr"):
                cells = [cell.words for cell in row.find("td")]
                if cells:
                    rows.setdefault(situation_id, {})[cells[0]] = cells
    for situation in policy.situations.values():
        for item in situation.fields.values():
            if item.type == "boolean":
                cell = rows[situation.id][item.id][-1]
                answer = yes if item.default else no
                assert cell.startswith(str(item.default).lower()) and f"”{answer}”" in cell, (situation.id, item.id)


def test_the_links_page_keeps_the_ids_web_editors_need(links_page: Element, policy: Policy) -> None:
    code = {element.words for element in links_page.find("code")}
    for situation in policy.situations.values():
        assert set(situation.fields) <= code, situation.id
    assert {policy.rule_link(rule_id) for rule_id in policy.rules} <= code
    assert {policy.section_link(section_id) for section_id in policy.sections} <= code
