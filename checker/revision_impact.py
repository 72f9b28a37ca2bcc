"""What each change of a new routine text does: one line per change, for the owner's desk.

The report of :mod:`checker.revision` lists findings by kind (sections, words, rules, readings,
new normative sentences). The routine's owner first needs, per change she made, whether it is
editorial or what rests on it: "redaktionell", or "ändrar N svar, M regler, K tolkningar,
L frågor till dig". A change is a run of changed words (a :class:`~checker.revision.TextChange`)
or a section's new title. What rests on it:

- the rules and readings whose quotes lie in the changed words (their positions in the
  policy's stream of words, which the comparison keeps);
- the owner's questions about the change's section, when the change touches a normative
  sentence (only such a sentence can answer a question);
- the staff answers those rules decide, and the rules resting on those readings: the answers
  that must be looked at again before the new text is published.

The change log (``routine_text.change_log``) is editorial by definition: it needs no rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .engine import decide
from .policy import Policy
from .revision import Revision, change_log_sections, normative_pattern
from .verify import all_scenarios


def scenario_space(policy: Policy) -> list[dict[str, Any]]:
    """Every scenario of every situation, in one order (as ``verify`` and ``diff`` walk them)."""
    return [scenario for situation_id in policy.situations for scenario in all_scenarios(policy, situation_id)]


def rule_reach(policy: Policy, space: list[dict[str, Any]]) -> dict[str, set[int]]:
    """For each rule, the scenarios (positions in ``space``) whose verdict it is among the rules of."""
    reach: dict[str, set[int]] = {rule_id: set() for rule_id in policy.rules}
    for index, scenario in enumerate(space):
        for rule_id in decide(policy, scenario)["rules"]:
            reach[rule_id].add(index)
    return reach


@dataclass
class ChangeLine:
    """One change of the text and what rests on it."""

    line: str
    section: str | None
    editorial: bool
    rules: list[str] = field(default_factory=list)
    interpretations: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    normative: int = 0
    answers: int = 0


def _say(policy: Policy, key: str, **values: object) -> str:
    return policy.text("revision_report", key).format(**values)


def _count(policy: Policy, kind: str, count: int) -> str:
    return _say(policy, f"impact_{kind}_{'one' if count == 1 else 'many'}", count=count)


def _label(policy: Policy, section: str | None, title: str) -> str:
    if section:
        return _say(policy, "section", title=title, section=section)
    return _say(policy, "new_section", title=title)


def _overlaps(span: tuple[int, int], other: tuple[int, int]) -> bool:
    return span[0] < other[1] and other[0] < span[1]


def change_lines(policy: Policy, revision: Revision, reach: dict[str, set[int]]) -> list[ChangeLine]:
    """One line per change of ``revision``, in the text's order (see the module)."""
    change_log = change_log_sections(policy)
    marker = normative_pattern(policy)
    resting: dict[str, list[str]] = {}
    for rule_id, rule in policy.rules.items():
        for reading in rule.get("rests_on", []):
            resting.setdefault(reading, []).append(rule_id)
    questions = policy.data.get("owner_questions", [])

    # Each quote to the change whose words it lies in (else the first change of its section);
    # a removed section's quotes to its removal.
    removed = {change.section for change in revision.sections if change.kind == "removed"}
    quotes: dict[int | str, list[Any]] = {}
    for quote in revision.quotes:
        if quote.section in removed:
            quotes.setdefault(quote.section, []).append(quote)
            continue
        index = next(
            (i for i, change in enumerate(revision.changes) if _overlaps(change.span, quote.span)),
            next((i for i, change in enumerate(revision.changes) if change.section == quote.section), -1),
        )
        quotes.setdefault(index, []).append(quote)

    def line(named: str, section: str | None, owned: list[Any], normative: int, touches_norm: bool) -> ChangeLine:
        rules = list(dict.fromkeys(quote.rule for quote in owned if quote.kind == "rule"))
        readings = list(dict.fromkeys(quote.rule for quote in owned if quote.kind == "interpretation"))
        asked = [
            item["id"]
            for item in questions
            if touches_norm and section is not None and section not in change_log and section in item["sections"]
        ]
        decided = set().union(
            *(
                reach.get(rule_id, set())
                for rule_id in rules + [r for reading in readings for r in resting.get(reading, [])]
            )
        )
        editorial = not (rules or readings or asked or normative)
        if editorial:
            said = _say(policy, "impact_editorial")
        else:
            said = _say(
                policy,
                "impact",
                answers=_count(policy, "answers", len(decided)),
                rules=_count(policy, "rules", len(rules)),
                interpretations=_count(policy, "interpretations", len(readings)),
                questions=_count(policy, "questions", len(asked)),
            )
            if normative:
                said = _say(
                    policy, "impact_with_normative", impact=said, normative=_count(policy, "normative", normative)
                )
        return ChangeLine(
            _say(policy, "change_line", change=named, impact=said),
            section,
            editorial,
            rules,
            readings,
            asked,
            normative,
            len(decided),
        )

    lines = []
    for section_change in revision.sections:
        named = _label(policy, section_change.section, section_change.title)
        if section_change.kind == "renamed":
            title = section_change.new_title or ""
            lines.append(
                line(_say(policy, "section_renamed", section=named, title=title), section_change.section, [], 0, False)
            )
        elif section_change.kind == "removed":
            said = _say(policy, "section_removed", section=named)
            owned = quotes.get(section_change.section or "", [])
            lines.append(line(said, section_change.section, owned, 0, True))
    for index, change in enumerate(revision.changes):
        in_log = change.section in change_log
        normative = (
            0
            if in_log
            else sum(
                item.section == change.section
                and item.section_title == change.section_title
                and item.sentence in change.new
                for item in revision.normative
            )
        )
        touches_norm = not in_log and bool(marker.search(change.old) or marker.search(change.new))
        named = _say(policy, f"text_{change.kind}", section=_label(policy, change.section, change.section_title))
        lines.append(line(named, change.section, quotes.get(index, []), normative, touches_norm))
    if -1 in quotes:
        for quote in quotes[-1]:
            title = policy.sections[quote.section]["title"]
            lines.append(line(_label(policy, quote.section, title), quote.section, [quote], 0, True))
    return lines
