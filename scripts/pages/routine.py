"""The routine itself: its sections in order, with each rule shown as a box in its section.

A rule box says what the rule says, when it applies (worded from the vocabulary by
:mod:`checker.model.wording`, the same words the checker uses), the consent and journal text it
asks for, its example messages verbatim, and a link that opens the checker on an example
the rule decides. Nothing in a box is written by hand: it all comes from ``policy.yaml``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from checker.engine.decide import check
from checker.engine.verify import consequence_values
from checker.model.policy import Policy
from checker.model.scenario import scenario_to_query
from checker.model.wording import consent_lines, join_alternatives, number_runs, rule_conditions, value_words

from .markdown import bullets, code_block, heading, indent, plain, words, wrapped

ADMONITION = {
    "allowed": "success",
    "allowed_with_conditions": "warning",
    "not_allowed": "danger",
    "not_covered": "oreglerat",
}
"""Admonition type per outcome; the outcome's label is always written out as well.

``oreglerat`` is the site's own type (docs/stylesheets/extra.css): the theme's ``question``
is green, and a case the routine leaves open must not look like "Tillåtet"."""

PAGE = "routine_page"
"""The group of policy.yaml's texts that holds these pages' own words."""


@dataclass(frozen=True)
class Place:
    """The page being written, so that links to sections and rules point to the right page."""

    policy: Policy
    local_pages: frozenset[str]
    """Top-level sections shown on this page: links to them stay on the page."""

    def section_href(self, section_id: str) -> str:
        page = self.policy.pages[section_id]
        return f"#{section_id}" if page in self.local_pages else f"{page}.md#{section_id}"

    def rule_href(self, rule_id: str) -> str:
        page = self.policy.pages[self.policy.rules[rule_id]["section"]]
        anchor = rule_anchor(self.policy, rule_id)
        return f"#{anchor}" if page in self.local_pages else f"{page}.md#{anchor}"

    @staticmethod
    def interpretation_href(interpretation_id: str) -> str:
        return f"tolkningar.md#tolkning-{interpretation_id}"

    @staticmethod
    def checker_href(scenario: dict[str, Any]) -> str:
        """The checker pre-filled with ``scenario`` (the contract's query string)."""
        return f"kontroll/index.md?{scenario_to_query(scenario)}"


def rule_anchor(policy: Policy, rule_id: str) -> str:
    """The rule box's anchor, taken from policy.yaml's ``links.rule``: the engine's links point there."""
    return policy.rule_link(rule_id).split("#", 1)[1]


def first_sentence(text: str) -> str:
    return text.split(". ")[0].rstrip(".") + "."


def deciding_example(policy: Policy, rule_id: str) -> dict[str, Any]:
    """The first example the rule really decides, so "Pröva i kontrollen" shows this rule.

    The rule's own examples come first, then the policy's shared ones; a rule without any
    stops the build, because its link would open the checker on something else.
    """
    own = policy.rules[rule_id].get("examples", [])
    shared = [example for _, example in policy.examples() if example not in own]
    for example in own + shared:
        if rule_id in check(policy, example["scenario"])["rules"]:
            return example
    raise SystemExit(f"policy.yaml: regeln '{rule_id}' har inget exempel som den avgör; lägg till ett under examples.")


def references(policy: Policy, ids: Iterable[str]) -> list[str]:
    """Referenced routines as list items: the title, linked only where IT has set a URL."""
    items = []
    for ref_id in ids:
        ref = policy.references[ref_id]
        title = f"[{plain(ref['title'])}]({ref['url']})" if ref.get("url") else plain(ref["title"])
        items.append(title + (f" – {plain(ref['note'])}" if ref.get("note") else ""))
    return items


def rule_box(place: Place, rule: dict[str, Any]) -> str:
    """One rule as an admonition inside a block with the rule's anchor (``regel-<id>``)."""
    policy = place.policy
    then = rule["then"]
    situation = policy.situations[rule["situation"]]
    when = [condition["text"] for condition in rule_conditions(policy, rule)]
    applies = (
        words(policy, PAGE, "applies", situation=plain(situation.label)) + "\n\n" + bullets(map(plain, when))
        if when
        else words(policy, PAGE, "applies_always", situation=plain(situation.label))
    )
    body = [f"**{plain(then['says'])}**", applies]
    if then.get("consent"):
        body.append(
            words(policy, PAGE, "consent") + "\n\n" + bullets(map(plain, consent_lines(policy, then["consent"])))
        )
        if then["consent"].get("journal_text"):
            body.append(words(policy, PAGE, "journal_copy") + "\n\n" + code_block(then["consent"]["journal_text"]))
    if then.get("conditions"):
        body.append(policy.text("report", "conditions") + "\n\n" + bullets(map(plain, then["conditions"])))
    for message in then.get("messages", []):
        body.append(f"{plain(message['title'])}:\n\n" + code_block(message["text"]))
    if then.get("see"):
        body.append(policy.text("report", "references") + "\n\n" + bullets(references(policy, then["see"])))
    if rule.get("overrides"):
        overridden = policy.overridden_by(rule)
        links = [
            f"[{plain(first_sentence(policy.rules[other]['then']['says']))}]({place.rule_href(other)})"
            for other in policy.rules
            if other in overridden
        ]
        body.append(words(policy, PAGE, "exceptions") + "\n\n" + bullets(links))
    if rule.get("note"):
        body.append(f"*{words(policy, PAGE, 'note')}* {plain(rule['note'])}")
    if rule.get("rests_on"):
        links = [
            f"[{plain(policy.interpretations[item]['question'])}]({place.interpretation_href(item)})"
            for item in rule["rests_on"]
        ]
        body.append(words(policy, PAGE, "rests_on") + "\n\n" + bullets(links))
    body.append(
        f'??? quote "{words(policy, PAGE, "quote")}"\n\n'
        + indent("\n\n".join(f"”{plain(quote)}”" for quote in rule["quote"]))
    )
    example = deciding_example(policy, rule["id"])
    body.append(
        f"[{words(policy, 'pages', 'try')}]({place.checker_href(example['scenario'])}){{ .md-button }} "
        + words(policy, PAGE, "example", name=plain(example["name"]))
    )
    title = words(policy, PAGE, "rule_title", outcome=policy.text("outcomes", then["outcome"]))
    box = f'!!! {ADMONITION[then["outcome"]]} "{title}"\n\n' + indent("\n\n".join(body))
    page = policy.pages[rule["section"]]
    former = [
        policy.data["links"]["rule"].format(page=page, rule=old).split("#", 1)[1]
        for old in policy.former_ids(rule["id"])
    ]
    return (former_anchors(former) + "\n\n" if former else "") + wrapped(rule_anchor(policy, rule["id"]), "regel", box)


def consequence_box(policy: Policy, consequence: dict[str, Any]) -> str:
    """What several rules together mean, with the values worked out by the engine ("13–15 år");
    nothing when no value has the consequence any more (the rules have changed)."""
    field = policy.situations[consequence["situation"]].fields[consequence["over"]]
    values = consequence_values(policy, consequence)
    if not values:
        return ""
    named = (
        number_runs(policy, field, values)
        if field.counted
        else join_alternatives(policy, [value_words(field, value) for value in values])
    )
    says = consequence["says"].format(values=named)
    return f'!!! info "{words(policy, PAGE, "consequence")}"\n\n' + indent(
        f"{plain(says)}\n\n{words(policy, PAGE, 'consequence_note')}"
    )


def former_anchors(ids: list[str]) -> str:
    """Empty targets for ids that were published and renamed, so old links still land here."""
    return "".join(f'<span id="{html_id}"></span>' for html_id in ids)


def section_blocks(place: Place, section: dict[str, Any], level: int, tables: dict[str, list[str]]) -> list[str]:
    """A section in the routine's order: heading, its text, references, its rules, subsections.

    ``tables`` holds the engine tables by section; they stand last, after the subsections:
    on a phone a matrix before the subsections pushed the routine's own words screens down.
    """
    policy = place.policy
    blocks = [former_anchors(policy.former_ids(section["id"]))] if policy.former_ids(section["id"]) else []
    blocks.append(heading(level, section["title"], section["id"]))
    if section.get("text"):
        blocks.append(section["text"].strip())
    blocks += [consequence_box(policy, consequence) for consequence in section.get("consequences", [])]
    if section.get("see"):
        blocks.append(words(policy, PAGE, "see") + "\n\n" + bullets(references(policy, section["see"])))
    blocks += [rule_box(place, rule) for rule in policy.rules.values() if rule["section"] == section["id"]]
    for subsection in section.get("sections", []):
        blocks += section_blocks(place, subsection, level + 1, tables)
    blocks += tables.get(section["id"], [])
    return blocks
