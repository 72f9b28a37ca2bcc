"""Evaluate a scenario against the policy's rules: the routine's answer, explained.

The engine knows nothing of the routine. It matches each rule's ``when`` against the
scenario, drops the rules that a matching exception overrides (as Catala's exceptions do),
and merges what the remaining rules say. Where no rule decides, the answer is
``not_covered``: the checker never guesses.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..model.domain import field_domain
from ..model.operators import OPERATORS, operators_of
from ..model.policy import Policy
from ..model.scenario import scenario_key, validate_scenario
from ..model.wording import (
    field_phrase,
    join_all,
    join_alternatives,
    number_runs,
    routine_named,
    rule_conditions,
    value_words,
)

ALLOWING = ("allowed", "allowed_with_conditions")


class RuleConflict(Exception):
    """Two rules decide the same scenario differently and neither overrides the other."""

    def __init__(self, first: str, second: str, scenario: dict[str, Any]) -> None:
        self.rules = (first, second)
        self.scenario = scenario
        super().__init__(
            f"reglerna '{first}' och '{second}' säger olika om {scenario} och ingen av dem gör undantag från den andra"
        )


Test = tuple[Callable[[Any, Any, dict[str, Any]], bool], Any, Any]
"""One operator of a condition made ready (:func:`_tests`): its test, its operand, and the
operand casefolded where the field's text is compared without regard to case (else None)."""


def _tests(condition: Any, ignore_case: bool) -> list[Test]:
    """A condition's operators (a plain value: ``equals``), each looked up once."""
    tests: list[Test] = []
    for name, operand in operators_of(condition).items():
        operator = OPERATORS[name]
        folds = ignore_case and operator.operand in ("value", "values")
        tests.append((operator.holds, operand, _casefolded(operand) if folds else None))
    return tests


def _passes(tests: list[Test], value: Any, scenario: dict[str, Any]) -> bool:
    for holds, operand, folded in tests:
        if folded is not None and isinstance(value, str):
            if not holds(value.casefold(), folded, scenario):
                return False
        elif not holds(value, operand, scenario):
            return False
    return True


def condition_holds(condition: Any, value: Any, scenario: dict[str, Any], ignore_case: bool = False) -> bool:
    """Whether a scenario value meets one condition (plain value = equals; else all operators).

    ``ignore_case``: the field's text is compared with the condition's values without regard
    to letter case (a reading the policy records on the field, e.g. a sender "REGHALLAND" is
    "RegHalland"); a count of characters is taken of the text as given.
    """
    return _passes(_tests(condition, ignore_case), value, scenario)


def as_read(policy: Policy, scenario: dict[str, Any]) -> dict[str, Any]:
    """The scenario as the policy reads it, for the verdict to echo.

    How a value is read (a text with ``ignore_case``: trimmed, blank as not given) is a reading
    of the routine (the field's ``rests_on``), so it is decided here, under the policy in force
    or an alternative of it (``Field.read``), not when the input is checked.
    """
    fields = policy.situations[scenario["situation"]].fields
    read = {key: value if key == "situation" else fields[key].read(value) for key, value in scenario.items()}
    return {key: value for key, value in read.items() if value is not None}


def _casefolded(operand: Any) -> Any:
    if isinstance(operand, str):
        return operand.casefold()
    if isinstance(operand, list):
        return [_casefolded(item) for item in operand]
    return operand


ANSWER = ("outcome", "consent", "conditions", "messages")
"""What a verdict tells staff to do, apart from why (rules) and what it rests on (readings):
the part that counts as another answer in checker.engine.verify and checker.versions."""

DECISION = ("outcome", "consent", "conditions", "documentation")
"""What a reading can decide: a reading is named on a verdict where one of its alternatives
would change one of these; an example message alone is wording, not a decision (issue 23)."""


def answer_of(verdict: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if verdict is None else {key: verdict[key] for key in ANSWER}


def decision_of(verdict: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if verdict is None else {key: verdict[key] for key in DECISION}


Check = tuple[str, Callable[[Any], Any], list[Test]]
"""One condition of a ``when`` made ready (:func:`_checks`): the field, how the policy reads
it, and its tests."""


def _checks(policy: Policy, situation_id: str, when: dict[str, Any]) -> list[Check]:
    """A ``when`` with every lookup that does not depend on the scenario done once: the
    engine tests each rule against millions of scenarios (``Policy.matchers`` keeps them)."""
    fields = policy.situations[situation_id].fields
    return [
        (field_id, fields[field_id].read, _tests(condition, fields[field_id].data.get("ignore_case", False)))
        for field_id, condition in when.items()
    ]


def _all_hold(checks: list[Check], scenario: dict[str, Any]) -> bool:
    return all(_passes(tests, read(scenario.get(field_id)), scenario) for field_id, read, tests in checks)


def applies(policy: Policy, when: dict[str, Any], scenario: dict[str, Any]) -> bool:
    """Whether every condition of a rule's (or a reminder's) ``when`` holds for the scenario,
    each field's value read as the policy reads it (``Field.read``; see :func:`condition_holds`)."""
    return _all_hold(_checks(policy, scenario["situation"], when), scenario)


def matching_rules(policy: Policy, scenario: dict[str, Any]) -> list[dict[str, Any]]:
    situation_id = scenario["situation"]
    if situation_id not in policy.matchers:
        policy.matchers[situation_id] = [
            (rule, _checks(policy, situation_id, rule.get("when", {}))) for rule in policy.rules_for(situation_id)
        ]
    return [rule for rule, checks in policy.matchers[situation_id] if _all_hold(checks, scenario)]


def deciding_rules(policy: Policy, scenario: dict[str, Any]) -> list[dict[str, Any]]:
    """The matching rules that no other matching rule overrides."""
    matched = matching_rules(policy, scenario)
    overridden = {target for rule in matched for target in policy.overridden_by(rule)}
    return [rule for rule in matched if rule["id"] not in overridden]


def decide(policy: Policy, scenario: dict[str, Any]) -> dict[str, Any]:
    """The verdict for a valid scenario (defaults filled), without hints.

    It names the readings that decide its answer: those under one of whose computable
    alternatives the scenario would be answered otherwise (issue 17: a reading is not named
    because a deciding rule mentions it, but because reading the routine otherwise would
    change what staff are told; a reading that lives on a field is found the same way).
    """
    verdict = answer(policy, scenario)
    verdict["interpretations"] = [
        policy.interpretation_summary(item) for item in deciding_readings(policy, scenario, verdict["rules"])
    ]
    return verdict


def deciding_readings(policy: Policy, scenario: dict[str, Any], rules: list[str]) -> list[str]:
    """The readings on which the scenario's decision (:data:`DECISION`) depends.

    A reading decides where one of its computable alternatives would decide otherwise; or,
    where it and another reading each bear a deciding rule (two refusals, say), where its
    alternative would decide otherwise once the other reading is read as one of its
    alternatives too: each reading is then part of the reason, and reading it otherwise is part
    of changing the answer. A reading that bears no deciding rule is named only by the first test.
    """
    readings = policy.readings_for(scenario["situation"])
    bearing = [item for item in readings if any(item in policy.rules[rule].get("rests_on", []) for rule in rules)]
    found = []
    for reading_id in readings:
        contexts: list[tuple[str, str | None] | None] = [None]
        if reading_id in bearing:
            contexts += [
                (other, option) for other in bearing if other != reading_id for option in policy.other_options(other)
            ]
        if any(_decides_under(policy, scenario, reading_id, context) for context in contexts):
            found.append(reading_id)
    return found


def _decides_under(
    policy: Policy, scenario: dict[str, Any], reading_id: str, context: tuple[str, str | None] | None
) -> bool:
    """Whether reading ``reading_id`` otherwise changes the decision, the policy read as ``context``."""
    base = policy if context is None else policy.under(*context)
    told = _decision_or_conflict(base, scenario)
    return any(
        _decision_or_conflict(base.under(reading_id, option), scenario) != told
        for option in policy.other_options(reading_id)
    )


def _decision_or_conflict(policy: Policy, scenario: dict[str, Any]) -> dict[str, Any] | None:
    try:
        return decision(policy, scenario)
    except RuleConflict:
        return None  # the rules would contradict each other: another answer too


def decision(policy: Policy, scenario: dict[str, Any]) -> dict[str, Any]:
    """The :data:`DECISION` parts of :func:`answer` alone, as ``decision_of(answer(…))`` gives
    them: what a reading's alternative or another answer to one question is compared by,
    without wording the explanation, the references and the reminders each time.

    Kept per policy (``Policy.decided``), conflict and all: the same scenarios are asked of the
    same policy, and of each reading's alternative, many times over. The decision returned is
    shared; it is compared, never changed. The key is the scenario's answers as given, after
    what the decision rests on: a field's answers are all of one type (the scenario is valid),
    so ``True`` and ``1`` never meet under one key, and answers given in another order are
    only decided again.
    """
    key = (policy.grounds(scenario["situation"]), *scenario.items())
    if key not in policy.decided:
        try:
            rules = deciding_rules(policy, scenario)
            told, _ = told_by(policy, scenario, rules)
            policy.decided[key] = {
                "outcome": told["outcome"],
                "consent": told["consent"],
                "conditions": told["conditions"],
                "documentation": documentation(policy, rules, told["consent"]),
            }
        except RuleConflict as conflict:
            policy.decided[key] = conflict
    kept = policy.decided[key]
    if isinstance(kept, RuleConflict):
        raise RuleConflict(*kept.rules, kept.scenario)
    return kept


def answer(policy: Policy, scenario: dict[str, Any]) -> dict[str, Any]:
    """The verdict for a valid scenario, without the readings it rests on and without hints."""
    rules = deciding_rules(policy, scenario)
    told, reference_ids = told_by(policy, scenario, rules)
    # ``find``: where to look for the routine when no address is known (the policy's, or the
    # site's mkdocs.yml extra.rutiner in the browser), so a hand-over is never a dead end.
    references = [
        {
            "id": ref,
            "title": policy.references[ref]["title"],
            "url": policy.references[ref].get("url"),
            "find": policy.text("wording", "find_routine").format(title=policy.references[ref]["title"]),
        }
        for ref in reference_ids
    ]
    if rules:
        sources = [policy.rule_link(rule["id"]) for rule in rules]
    else:
        sources = [
            policy.section_link(section) for section in policy.situations[scenario["situation"]].data["sections"]
        ]
    return {
        "outcome": told["outcome"],
        "rules": [rule["id"] for rule in rules],
        "consent": told["consent"],
        "conditions": told["conditions"],
        "messages": told["messages"],
        "sources": sources,
        "policy_version": policy.version,
        "scenario": as_read(policy, scenario),
        "explanation": [
            {
                "rule": rule["id"],
                "section": rule["section"],
                "says": rule["then"]["says"],
                "matched": rule_conditions(policy, rule),
                "link": policy.rule_link(rule["id"]),
            }
            for rule in rules
        ],
        "references": references,
        "hints": [],
        "documentation": documentation(policy, rules, told["consent"]),
        "reminders": [
            {
                **{key: value for key, value in reminder.items() if key != "when"},
                "link": policy.section_link(reminder["section"]),
            }
            for reminder in policy.situations[scenario["situation"]].data.get("reminders", [])
            if applies(policy, reminder.get("when", {}), scenario)
        ],
    }


def told_by(policy: Policy, scenario: dict[str, Any], rules: list[dict[str, Any]]) -> tuple[dict[str, Any], list[str]]:
    """What the deciding ``rules`` tell staff (the :data:`ANSWER` parts) and the other
    routines they point to; apart from :func:`answer` so that checker.engine.open_questions can
    compare answers over a whole situation without wording every explanation."""
    for rule in rules[1:]:
        first = rules[0]
        if rule["then"]["outcome"] != first["then"]["outcome"]:
            raise RuleConflict(first["id"], rule["id"], scenario)
    consents = [rule["then"]["consent"] for rule in rules if rule["then"].get("consent")]
    for consent in consents[1:]:
        if consent != consents[0]:
            raise RuleConflict(rules[0]["id"], rules[-1]["id"], scenario)

    conditions: list[str] = []
    messages: list[dict[str, str]] = []
    reference_ids: list[str] = []
    for rule in rules:
        then = rule["then"]
        conditions += [text for text in then.get("conditions", []) if text not in conditions]
        messages += [message for message in then.get("messages", []) if message not in messages]
        reference_ids += [ref for ref in then.get("see", []) if ref not in reference_ids]
    conditions += [
        policy.text("wording", "see_routine").format(routine=routine_named(policy, policy.references[ref]))
        for ref in reference_ids
    ]
    told = {
        "outcome": rules[0]["then"]["outcome"] if rules else "not_covered",
        "consent": dict(consents[0]) if consents else None,
        "conditions": conditions,
        "messages": [dict(message) for message in messages],
    }
    return told, reference_ids


def documentation(policy: Policy, rules: list[dict[str, Any]], consent: dict[str, Any] | None) -> dict[str, Any]:
    """What to write in the journal: the consent's journal text where the routine gives one,
    else what a deciding rule says is recorded, else what the routine says about documenting
    here, with its own sentence on documentation (which follows each system's routine), so no
    verdict leaves the question open and none invents a duty the routine does not state. Where
    the routine does not decide the case (no rule, or ``not_covered``), it does not say what to
    document either, and the verdict says just that."""
    pointer = policy.data["documentation"]
    recorded = [rule["then"]["documentation"] for rule in rules if rule["then"].get("documentation")]
    if not rules or rules[0]["then"]["outcome"] == "not_covered":
        text = policy.text("documentation", "not_covered")
    elif recorded:
        text = " ".join(dict.fromkeys(recorded))
    elif consent and consent.get("journal_text"):
        text = policy.text("documentation", "journal_text").format(text=consent["journal_text"])
    elif consent and consent["documented_in_journal"]:
        text = policy.text("documentation", "consent_documented")
    elif consent and consent["documented_in_journal"] is None:
        text = policy.text("documentation", "consent_unknown")
    else:
        text = policy.text("documentation", "no_entry")
    return {
        "journal_text": (consent or {}).get("journal_text"),
        "text": text,
        "section": pointer["section"],
        "link": policy.section_link(pointer["section"]),
        "quote": pointer["quote"],
    }


def check(policy: Policy, raw: Any) -> dict[str, Any]:
    """Validate ``raw`` and return the full verdict, with hints for a ``not_allowed``.

    Raises :class:`checker.model.scenario.ScenarioError` when the scenario is invalid.
    """
    scenario = validate_scenario(policy, raw)
    verdict = decide(policy, scenario)
    if verdict["outcome"] == "not_allowed":
        verdict["hints"] = hints(policy, scenario)
    verdict["changed"] = changed_in_this_version(policy, scenario)
    return verdict


def changed_in_this_version(policy: Policy, scenario: dict[str, Any]) -> dict[str, Any] | None:
    """Whether this version gives the scenario another answer than the one before, from the
    index the build compiles in (``changes``; see checker.versions.diff.change_index), and what
    changed, in words: the earlier outcome when the outcome changed, otherwise the parts that
    did (a verdict that is "Tillåtet med villkor" before and after never says "förut:
    Tillåtet med villkor" as if that were the change)."""
    key = scenario_key(scenario, list(policy.situations[scenario["situation"]].fields))
    change = policy.data.get("changes", {}).get(key)
    if change is None:
        return None
    parts = change["parts"]
    if change["before"] is None:
        what = policy.text("changes", "changed_new")
    elif "outcome" in parts:
        what = policy.text("changes", "changed_outcome").format(before=policy.text("outcomes", change["before"]))
    else:
        named = [policy.text("changes", f"changed_{part}") for part in parts]
        what = policy.text("changes", "changed_same").format(parts=join_all(policy, named))
    return {
        **change,
        "link": policy.change_link(change["version"], change["entry"]),
        "text": policy.text("changes", "changed_in").format(version=change["version"], date=change["date"], what=what),
    }


def hints(policy: Policy, scenario: dict[str, Any]) -> list[str]:
    """The smallest changes (one answer) that would make a refused scenario allowed.

    Fields marked ``fixed`` are what the question is about (the patient's channel, the
    action asked about); a hint to change those would answer another question.
    """
    situation = policy.situations[scenario["situation"]]
    found: list[str] = []
    for field in situation.fields.values():
        if field.data.get("fixed"):
            continue
        allowing = [
            value
            for value in field_domain(policy, field, reading_examples=False)
            if value != scenario.get(field.id)
            and decision(policy, {**scenario, field.id: value})["outcome"] in ALLOWING
        ]
        if not allowing:
            continue
        if field.counted:
            change = policy.text("wording", "hint_change").format(
                field=field_phrase(field), value=number_runs(policy, field, allowing)
            )
        elif field.open and allowing == [None]:
            change = policy.text("wording", "not_given").format(field=field_phrase(field))
        else:
            words = [value_words(field, value) for value in allowing if value is not None]
            change = (
                join_alternatives(policy, words)
                if field.clause
                else policy.text("wording", "hint_change").format(
                    field=field_phrase(field), value=join_alternatives(policy, words)
                )
            )
        note = field.data.get("hint_note")
        found.append(
            policy.text("wording", "hint_with_note").format(change=change, note=note)
            if note
            else policy.text("wording", "hint").format(change=change)
        )
    return found
