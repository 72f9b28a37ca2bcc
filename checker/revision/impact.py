"""What each change of a new routine text does: one line per change, for the owner's desk.

The report of :mod:`checker.revision.align` lists findings by kind (sections, words, rules, readings,
new normative sentences). The routine's owner first needs, per change she made, whether it is
editorial or what rests on it: "redaktionell", or "ändrar N svar, M regler, K tolkningar,
L frågor till dig". A change is a run of changed words (a :class:`~checker.revision.TextChange`)
or a section's new title. What rests on it:

- the rules and readings whose quotes lie in the changed words (their positions in the
  policy's stream of words, which the comparison keeps);
- the owner's questions that rest on it: those whose quoted sentence changed (found as a
  rule's quote is), and those whose scenarios (the answers "the routine does not decide") a
  new value decides;
- the staff answers those rules decide, and the rules resting on those readings: the answers
  that must be looked at again before the new text is published. Where the change is nothing
  but a value the desk decided again (``parameters``), the answers that really change under
  it, and those of rules whose quoted sentence is gone.

The change log (``routine_text.change_log``) is editorial by definition: it needs no rule.
"""

from __future__ import annotations

import copy
import textwrap
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ..engine.decide import RuleConflict, decide
from ..engine.verify import all_scenarios, question_claims
from ..model.fields import Field
from ..model.loading import build_policy
from ..model.parameters import list_after, value_in_text, value_of
from ..model.policy import Policy
from ..model.scenario import scenario_to_query
from ..model.source import Lines, PolicyError
from ..model.wording import condition_words
from .align import change_log_sections, normative_pattern
from .comparison import Revision
from .routine_file import RoutineText


def scenario_space(policy: Policy) -> list[dict[str, Any]]:
    """Every scenario of every situation, in one order (as ``verify`` and ``diff`` walk them)."""
    return [scenario for situation_id in policy.situations for scenario in all_scenarios(policy, situation_id)]


def verdicts_of(policy: Policy, space: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every scenario of ``space`` decided today (worked out once, used for reach and for values)."""
    return [decide(policy, scenario) for scenario in space]


def rule_reach(policy: Policy, verdicts: list[dict[str, Any]]) -> dict[str, set[int]]:
    """For each rule, the scenarios (positions in the space) whose verdict it is among the rules of."""
    reach: dict[str, set[int]] = {rule_id: set() for rule_id in policy.rules}
    for index, verdict in enumerate(verdicts):
        for rule_id in verdict["rules"]:
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


SENTENCE_WORDS = 8
"""How many of a changed sentence's first words name the change (enough to find it in Word)."""


def _label(policy: Policy, section: str | None, title: str, words: str = "") -> str:
    """A change in her words: its section's title and, for changed text, the first words of
    the sentence (the findings below, and the terminal's, name the section's id too)."""
    if section is None:
        return _say(policy, "new_section", title=title)
    if not words:
        return _say(policy, "change_section", title=title)
    tokens = words.split()
    sentence = " ".join(tokens[:SENTENCE_WORDS]) + (" …" if len(tokens) > SENTENCE_WORDS else "")
    return _say(policy, "change_sentence", title=title, sentence=sentence)


def _overlaps(span: tuple[int, int], other: tuple[int, int]) -> bool:
    return span[0] < other[1] and other[0] < span[1]


def change_lines(
    policy: Policy, revision: Revision, reach: dict[str, set[int]], values: list[ValueChange] | None = None
) -> list[ChangeLine]:
    """One line per change of ``revision``, in the text's order (see the module). Where every
    rule a change touches uses a value computed under the new text (``values``), its answers
    are those that really change, not all those resting on the rules."""
    computed = [value for value in values or [] if value.computed]
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
    for quote in revision.quotes + revision.questions:
        if quote.section in removed:
            quotes.setdefault(quote.section, []).append(quote)
            continue
        index = next(
            (i for i, change in enumerate(revision.changes) if _overlaps(change.span, quote.span)),
            next((i for i, change in enumerate(revision.changes) if change.section == quote.section), -1),
        )
        quotes.setdefault(index, []).append(quote)

    def by_value(parts: list[tuple[str, str]]) -> tuple[ValueChange, ...]:
        """The computed values a change is nothing but (its removed and added words are their numbers)."""
        changed = {words for tag, words in parts if tag != "same"}
        return tuple(value for value in computed if changed and value.words and changed <= set(value.words))

    def asks(item: dict[str, Any], section: str | None, owned: list[Any], norm: bool, settled: list[Any]) -> bool:
        """Whether the owner question ``item`` rests on the change (see the module): a
        sentence it quotes changed here, or a new value decides one of its scenarios. A
        question that quotes nothing rests on a changed normative sentence (``norm``) of its
        sections."""
        if section in change_log:
            return False
        if any(item["id"] in answer.questions for value in settled for answer in value.answers):
            return True
        if not item.get("quotes"):
            return norm and section in item["sections"]
        return any(quote.kind == "question" and quote.rule == item["id"] for quote in owned)

    def line(
        named: str,
        section: str | None,
        owned: list[Any],
        normative: int,
        norm: bool,
        explained: tuple[ValueChange, ...] = (),
    ) -> ChangeLine:
        rules = list(dict.fromkeys(quote.rule for quote in owned if quote.kind == "rule"))
        readings = list(dict.fromkeys(quote.rule for quote in owned if quote.kind == "interpretation"))
        decided: set[int] = set().union(
            *(
                reach.get(rule_id, set())
                for rule_id in rules + [r for reading in readings for r in resting.get(reading, [])]
            )
        )
        settled = list(explained) or [value for value in computed if set(value.rules) & set(rules)]
        if explained or (rules and set(rules) <= {rule_id for value in settled for rule_id in value.rules}):
            gone = {quote.rule for quote in owned if quote.kind == "rule" and quote.status == "vanished"}
            by_value = {rule_id for value in settled for rule_id in value.rules}
            decided = {answer.position for value in settled for answer in value.answers}.union(
                *(reach.get(rule_id, set()) for rule_id in gone - by_value)
            )
        asked = [item["id"] for item in questions if asks(item, section, owned, norm, settled)]
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
        label = _label(policy, change.section, change.section_title, change.old or change.new)
        named = _say(policy, f"text_{change.kind}", section=label)
        explained = by_value(change.parts)
        owned = quotes.get(index, [])
        lines.append(line(named, change.section, owned, normative, touches_norm, explained))
    if -1 in quotes:
        for quote in quotes[-1]:
            title = policy.sections[quote.section]["title"]
            lines.append(line(_label(policy, quote.section, title), quote.section, [quote], 0, True))
    return lines


Decided = tuple[list[dict[str, Any]], list[dict[str, Any]]]
"""The whole space of scenarios and its verdicts today (:func:`scenario_space`, :func:`verdicts_of`)."""


def impact(
    policy: Policy, revision: Revision, text: RoutineText, decided: Callable[[], Decided]
) -> tuple[list[ChangeLine], list[ValueChange]]:
    """The report's one line per change, and the values the new text states differently with
    the answers they change: what the desk shows first and ``source`` prints first. The space
    is decided (``decided``, which may remember it) only when a change touches a rule."""
    if not revision.quotes:
        return change_lines(policy, revision, {}, []), []
    space, verdicts = decided()
    values = value_changes(policy, text.text, space, verdicts, text.headings or ())
    return change_lines(policy, revision, rule_reach(policy, verdicts), values), values


def impact_lines(policy: Policy, changes: list[ChangeLine], values: list[ValueChange]) -> list[str]:
    """What the desk shows first, as lines for a terminal (``source``): under its heading, one
    line per change, then each value stated differently and the answers it changes."""
    page = policy.data["texts"]["revision_page"]

    def wrapped(text: str, indent: str) -> list[str]:
        return textwrap.wrap(text, 100, initial_indent=indent, subsequent_indent=indent + "  ", break_long_words=False)

    lines: list[str] = []
    if changes:
        lines += ["", f"{page['heading_changes']}:"]
        lines += [wrapped_line for change in changes for wrapped_line in wrapped(change.line, "  ")]
    if values:
        lines += ["", f"{page['heading_values']}:"]
        for value in values:
            lines += wrapped(value.line, "  ")
            for answer in value.answers:
                said = page["value_answer"].format(before=answer.before_words, after=answer.after_words)
                lines += wrapped(f"{answer.answers}: {said}", "    ")
    return lines


def decide_today(policy: Policy) -> Decided:
    """The whole space and its verdicts under ``policy`` (for a single report)."""
    space = scenario_space(policy)
    return space, verdicts_of(policy, space)


# --- values with their words: the staff answers under a new value ------------------------------


@dataclass
class ChangedAnswer:
    """One scenario whose answer a new value changes: outcome ids before and after."""

    answers: str
    href: str
    before: str
    after: str
    before_words: str
    after_words: str
    position: int = -1
    """The scenario's place in the space (what the change lines count)."""
    questions: list[str] = field(default_factory=list)
    """The owner questions whose scenario it is today (an answer the routine did not decide)."""


@dataclass
class ValueChange:
    """A value the new text states differently (``parameters``), and what it does to staff answers.

    ``computed``: the answers were decided again under the new value; otherwise ``line`` says
    why not (a system the vocabulary has no id for, a rule contradicting another), and the
    rule change it needs is the report's rules and readings."""

    parameter: str
    line: str
    computed: bool
    rules: list[str] = field(default_factory=list)
    answers: list[ChangedAnswer] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    """The words that differ: a number before and after, a list's items removed or added (a
    change of nothing else is this value's)."""


def _value_words(policy: Policy, parameter: dict[str, Any], value: Any) -> str:
    """A number, or a list as the checker names its items (its field's labels: "Teams", not
    the routine's whole line about Teams); an item the checker has no value for, as its words."""
    if isinstance(value, int):
        return str(value)
    field_ = _field_of(policy, parameter)
    return ", ".join(field_.value_label(item) if item in field_.value_ids() else item for item in value)


def _field_of(policy: Policy, parameter: dict[str, Any]) -> Field:
    """The field the rules use the parameter on (every use is on the same kind of value)."""
    rule_id, field_id, _ = parameter["uses"][0]
    return policy.situations[policy.rules[rule_id]["situation"]].fields[field_id]


def _as_ids(policy: Policy, parameter: dict[str, Any], value: list[str]) -> list[str]:
    """A list read from a new text, with items the parameter did not list but the checker
    knows put as their ids: the words of another list of the same values (LifeCare added to
    the video platforms, from the text systems), or the checker's label for the value."""
    field_ = _field_of(policy, parameter)
    known: dict[str, str] = {}
    for other in policy.data.get("parameters", []):
        if "items" in other and other.get("uses") and _field_of(policy, other) is field_:
            known.update({" ".join(words.split()).casefold(): item for item, words in other["items"].items()})
    known.update({" ".join(item["label"].split()).casefold(): item["id"] for item in field_.values})
    ids = field_.value_ids()
    return [item if item in ids else known.get(" ".join(item.split()).casefold(), item) for item in value]


def _with_value(policy: Policy, parameter: dict[str, Any], value: Any) -> Policy:
    """The policy with ``value`` where the rules use the parameter (no examples: they state the
    old value; no parameters: their words are the old text's)."""
    data = copy.deepcopy(policy.data)
    uses = {(rule_id, field_id, operator) for rule_id, field_id, operator in parameter["uses"]}
    rule_lists = [data["rules"]] + [
        alternative.get("rules", []) for item in data.get("interpretations", []) for alternative in item["alternatives"]
    ]
    for rules in rule_lists:
        for rule in rules:
            rule.pop("examples", None)
            for field_id, condition in rule.get("when", {}).items():
                for operator in list(condition) if isinstance(condition, dict) else []:
                    if (rule["id"], field_id, operator) in uses:
                        condition[operator] = copy.deepcopy(value)
    data.pop("examples", None)
    data.pop("parameters", None)
    return build_policy(data, Lines(policy.file))


def _ids_unknown(policy: Policy, parameter: dict[str, Any], value: list[str]) -> list[str]:
    """The list's items that are no value of the field the rules use it on (new words)."""
    return [item for item in value if item not in _field_of(policy, parameter).value_ids()]


def value_changes(
    policy: Policy,
    text: str,
    space: list[dict[str, Any]],
    verdicts: list[dict[str, Any]],
    headings: Iterable[str] = (),
) -> list[ValueChange]:
    """The parameters a new text states with another value, each with the staff answers that
    change under it (decided again, with the same engine, in the situations of the rules that
    use it), or why that cannot be computed. ``verdicts``: the space decided today;
    ``headings``: a Word document's, where a list ends."""
    found = []
    for parameter in policy.data.get("parameters", []):
        before = value_of(parameter)
        after = value_in_text(parameter, text, headings)
        if isinstance(after, list):
            after = _as_ids(policy, parameter, after)
        if after is None or after == before:
            continue
        rules = list(dict.fromkeys(rule_id for rule_id, _, _ in parameter["uses"]))
        said = {
            "label": parameter["label"],
            "before": _value_words(policy, parameter, before),
            "after": _value_words(policy, parameter, after),
        }
        unknown = _ids_unknown(policy, parameter, after) if isinstance(after, list) else []
        if unknown:
            reason = _say(policy, "value_unknown_item", item=", ".join(unknown))
            found.append(
                ValueChange(parameter["id"], _say(policy, "value_not_computed", **said, reason=reason), False, rules)
            )
            continue
        try:
            changed = _with_value(policy, parameter, after)
            answers = []
            situations = {policy.rules[rule_id]["situation"] for rule_id in rules if rule_id in policy.rules}
            for position, (scenario, old) in enumerate(zip(space, verdicts, strict=True)):
                if scenario["situation"] not in situations:
                    continue
                new = decide(changed, scenario)
                if (old["outcome"], old["consent"]) != (new["outcome"], new["consent"]):
                    asked = [
                        item["id"]
                        for item in policy.data.get("owner_questions", [])
                        if old["outcome"] == "not_covered" and question_claims(policy, item, scenario)
                    ]
                    answers.append(
                        ChangedAnswer(
                            answers_words(policy, scenario),
                            "../kontroll/?" + scenario_to_query(scenario),
                            old["outcome"],
                            new["outcome"],
                            policy.text("outcomes", old["outcome"]),
                            policy.text("outcomes", new["outcome"]),
                            position,
                            asked,
                        )
                    )
        except (PolicyError, RuleConflict):
            reason = _say(policy, "value_conflict")
            found.append(
                ValueChange(parameter["id"], _say(policy, "value_not_computed", **said, reason=reason), False, rules)
            )
            continue
        count = _count(policy, "answers", len(answers))
        found.append(
            ValueChange(
                parameter["id"],
                _say(policy, "value_computed", **said, answers=count),
                True,
                rules,
                answers,
                _differing_words(parameter, before, after, text, headings),
            )
        )
    return found


def _differing_words(
    parameter: dict[str, Any], before: Any, after: Any, text: str, headings: Iterable[str]
) -> list[str]:
    """The words the two values differ by: two numbers, or the list's items (as the policy and
    the new text word them) that only one of them has."""
    if isinstance(after, int):
        return [str(before), str(after)]
    old = {" ".join(words.split()) for words in parameter["items"].values()}
    new = {" ".join(words.split()) for words in list_after(text, parameter["quotes"][0], headings) or []}
    return sorted(old ^ new)


def answers_words(policy: Policy, scenario: dict[str, Any]) -> str:
    """A scenario's answers in the checker's own words, e.g. "barnets ålder är 5 år; …"."""
    fields = policy.situations[scenario["situation"]].fields
    answers = [condition_words(policy, fields[key], value) for key, value in scenario.items() if key != "situation"]
    return "; ".join(answers) or policy.situations[scenario["situation"]].label
