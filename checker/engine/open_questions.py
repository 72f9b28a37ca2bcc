"""Which questions can still decide: the checker asks only those (issue 27).

Given a situation and the answers so far, a question not yet answered is *open* when some
way of answering the other open ones leaves a choice in it that changes what staff are
told (:data:`checker.engine.decide.ANSWER`: outcome, consent, conditions, messages; the journal
text is the consent's). When no question is open, every way of answering the rest gives
the same answer: the verdict is final and the page shows it.

The search runs over every completion of the unanswered fields (their domains as
:func:`checker.model.domain.field_domain` knows them, so a text field is tried with every text
the rules tell apart), which is small for every situation of the routine; it knows no
situation or field by name.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from typing import Any

from ..model.domain import field_domain
from ..model.policy import Policy
from .decide import RuleConflict, deciding_rules, told_by

Told = Callable[[dict[str, Any]], Any]
"""What staff are told for one complete scenario; two scenarios told the same compare equal."""

CONFLICT = "conflict"
"""Stands for the answer of a scenario whose rules contradict each other (verify forbids it)."""


def told(policy: Policy) -> Told:
    """What the engine tells staff for a complete scenario (answer_of(answer(…))), as
    comparable text, remembered: the page asks after every answer, over the same space."""
    memory: dict[tuple[tuple[str, Any], ...], Any] = {}

    def of(scenario: dict[str, Any]) -> Any:
        key = tuple(sorted(scenario.items()))  # every value is a str, int, bool or None
        if key not in memory:
            try:
                said, _ = told_by(policy, scenario, deciding_rules(policy, scenario))
                memory[key] = json.dumps(said, sort_keys=True, ensure_ascii=False)
            except RuleConflict:
                memory[key] = CONFLICT
        return memory[key]

    return of


def completions(policy: Policy, situation_id: str, given: dict[str, Any]) -> tuple[list[str], list[dict[str, Any]]]:
    """The unanswered fields, in the policy's order, and every complete scenario that keeps ``given``."""
    fields = policy.situations[situation_id].fields
    missing = [field_id for field_id in fields if field_id not in given]
    domains = [field_domain(policy, fields[field_id]) for field_id in missing]
    base = {"situation": situation_id, **given}
    return missing, [{**base, **dict(zip(missing, values, strict=True))} for values in itertools.product(*domains)]


def open_questions(policy: Policy, situation_id: str, given: dict[str, Any], told_of: Told | None = None) -> list[str]:
    """The unanswered fields, in the policy's order, whose answer can still change what staff
    are told: for some completion of the other unanswered fields, two of its values give two
    answers. ``[]`` means the answer is final. ``told_of`` is what the engine tells (a test may
    pass a table of the whole space)."""
    told_of = told_of or told(policy)
    missing, scenarios = completions(policy, situation_id, given)
    if not missing:
        return []
    answers = [told_of(scenario) for scenario in scenarios]
    if len(set(answers)) == 1:
        return []
    found = []
    for field_id in missing:
        others = [other for other in missing if other != field_id]
        seen: dict[tuple[Any, ...], Any] = {}
        for scenario, said in zip(scenarios, answers, strict=True):
            key = tuple(json.dumps(scenario[other]) for other in others)
            if seen.setdefault(key, said) != said:
                found.append(field_id)
                break
    return found


def ask_now(policy: Policy, situation_id: str, given: dict[str, Any], told_of: Told | None = None) -> list[str]:
    """The open questions to show now, in the policy's order.

    A question with a default (a yes/no that is usually no) is shown once it changes the
    answer while the other such questions stand at their defaults; one that only matters
    after another is answered otherwise (an urgency that matters only if the patient is
    asked to call) waits until then. Questions without a default are always shown while
    open. The verdict still waits until :func:`open_questions` is empty, so nothing left
    unasked can change it; if no open question matters at the defaults, all open ones show.
    """
    told_of = told_of or told(policy)
    still_open = open_questions(policy, situation_id, given, told_of)
    fields = policy.situations[situation_id].fields
    usual = {field_id: fields[field_id].default for field_id in still_open if "default" in fields[field_id].data}
    shown = []
    for field_id in still_open:
        if field_id not in usual:
            shown.append(field_id)
            continue
        others = {key: value for key, value in usual.items() if key != field_id}
        missing, scenarios = completions(policy, situation_id, {**given, **others})
        rest = [other for other in missing if other != field_id]
        seen: dict[tuple[Any, ...], Any] = {}
        for scenario in scenarios:
            key = tuple(json.dumps(scenario[other]) for other in rest)
            if seen.setdefault(key, told_of(scenario)) != told_of(scenario):
                shown.append(field_id)
                break
    return shown or still_open
