"""The page "Vad har ändrats": what each policy version answers differently, for staff.

Built from the published versions' answers and the current policy (checker.changes), never
by hand: each step from one version to the next lists the changes that give staff another
answer, numbered as the checker's "Ändrat i version …" links number them, with a link to try
the question. Changes that only add the reading an answer rests on are counted in one line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from checker.changes import history
from checker.policy import Policy
from checker.wording import group_words, verdict_words

from .markdown import bullets, heading, page, plain, words
from .reader_pages import NO_PLACE
from .routine import Place

PAGE = "changes_page"
"""The group of policy.yaml's texts that holds the page's own words."""


def changes_page(policy: Policy, published: Path) -> str:
    place = Place(policy, NO_PLACE)
    steps = history(policy, published)
    blocks = [f"# {words(policy, PAGE, 'title')}", words(policy, PAGE, "intro")]
    if not steps:
        blocks.append(words(policy, PAGE, "none"))
    for step in reversed(steps):
        blocks += _step(policy, place, step)
    return page(*blocks)


def _date(policy: Policy, version: str) -> str:
    return next(
        (str(item["date"]) for item in policy.data["meta"].get("policy_changes", []) if item["version"] == version), ""
    )


def _step(policy: Policy, place: Place, step: dict[str, Any]) -> list[str]:
    new = step["to"]
    answered = [entry for entry in step["changes"] if entry["answer_changed"]]
    readings = [entry for entry in step["changes"] if not entry["answer_changed"]]
    title = words(policy, PAGE, "step", new=new, date=_date(policy, new), old=step["from"])
    blocks = [heading(2, title, f"version-{new.replace('.', '-')}")]
    about = next(
        (item["change"] for item in policy.data["meta"].get("policy_changes", []) if item["version"] == new), None
    )
    if about:
        blocks.append(words(policy, PAGE, "about", change=plain(about)))
    blocks.append(
        words(policy, PAGE, "count", count=len(answered), scenarios=sum(len(entry["scenarios"]) for entry in answered))
    )
    for number, entry in enumerate(answered, 1):
        blocks.append(_entry(policy, place, new, number, entry))
    if readings:
        blocks.append(
            words(
                policy,
                PAGE,
                "readings_only",
                scenarios=sum(len(entry["scenarios"]) for entry in readings),
                interpretations=f"[{words(policy, 'interpretations_page', 'title')}](tolkningar.md)",
            )
        )
    return blocks


def _entry(policy: Policy, place: Place, version: str, number: int, entry: dict[str, Any]) -> str:
    """One change: which questions, the answer before and now with its rules, and a link to try it."""
    anchor = policy.change_link(version, number).split("#", 1)[1]
    lines = [f"**{plain(group_words(policy, entry['situation'], entry['values']))}** ({len(entry['scenarios'])})"]
    before, after = entry["before"] or {}, entry["after"] or {}
    for label, verdict, rules in (
        ("before", entry["before"], entry["rules_before"]),
        ("after", entry["after"], entry["rules_after"]),
    ):
        named = ", ".join(_rule_link(policy, place, rule["id"]) for rule in rules)
        line = f"{words(policy, PAGE, label)}: {plain(verdict_words(policy, verdict))}"
        if named:
            line += f" {words(policy, PAGE, 'rules')}: {named}."
        if verdict and before.get("conditions") != after.get("conditions") and verdict["conditions"]:
            line += f" {words(policy, PAGE, 'conditions')}: " + " ".join(plain(text) for text in verdict["conditions"])
        if verdict and before.get("messages") != after.get("messages") and verdict["messages"]:
            line += (
                f" {words(policy, PAGE, 'messages')}: "
                + ", ".join(f"”{plain(message['title'])}”" for message in verdict["messages"])
                + "."
            )
        lines.append(line)
    lines.append(f"[{words(policy, 'pages', 'try')}]({place.checker_href(entry['scenarios'][0])})")
    body = bullets(lines)
    return f'<div class="andring" id="{anchor}" data-change="{version}-{number}" markdown>\n\n{body}\n\n</div>'


def _rule_link(policy: Policy, place: Place, rule_id: str) -> str:
    """A rule by its id, linked to its box while the policy still has it."""
    return f"[{rule_id}]({place.rule_href(rule_id)})" if rule_id in policy.rules else f"`{rule_id}`"
