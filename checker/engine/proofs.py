"""The properties proven over every answer (``verify``; the form is checked in checker.model.properties).

Every scenario a property is about is paired with the same scenario with its field changed,
and the two outcomes are compared under :data:`checker.model.properties.STRICTNESS`; a bound
is compared with each scenario's outcome. A property that fails stops the build with its
line in policy.yaml and the first counterexample in words (:func:`failure`).
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from typing import Any

from ..model.policy import Policy
from ..model.properties import BOUND, STRICTNESS, situations_of, steps
from ..model.source import Location, PolicyError
from ..model.wording import group_conditions, group_words
from .decide import RuleConflict, applies, decision
from .verify import all_scenarios


@dataclass
class Proof:
    """One property tried over every scenario it is about."""

    property: dict[str, Any]
    location: Location
    answers: int = 0
    """Distinct scenarios whose outcome entered a comparison."""
    pairs: int = 0
    """Comparisons made: pairs of scenarios (for a bound: scenarios against the bound)."""
    skipped: int = 0
    """Pairs not compared: two rules contradict each other on one side (verify reports that)."""
    broken: int = 0
    """Comparisons where the outcome moves the way the property says it never does."""
    counterexample: tuple[dict[str, Any], str, dict[str, Any] | None, str] | None = None
    """The first broken pair: scenario, its outcome, the changed scenario, its outcome (for a
    bound: the scenario, its outcome, None, the bound)."""

    @builtins.property  # the field ``property`` above shadows the builtin in this class body
    def holds(self) -> bool:
        """Proven: nothing broke it, and it compared something (a property that compares
        nothing proves nothing, and would be signed for nothing)."""
        return self.broken == 0 and self.pairs > 0


def _applies(policy: Policy, item: dict[str, Any], scenario: dict[str, Any]) -> bool:
    """Whether the property's ``when`` holds for a scenario (read as the engine reads fields)."""
    return applies(policy, item.get("when", {}), scenario)


def prove(
    policy: Policy, item: dict[str, Any], location: Location, outcomes: dict[tuple[Any, ...], str | None] | None = None
) -> Proof:
    """Try one property on every scenario it is about, in the order verify enumerates them.

    ``outcomes``: each scenario's outcome, worked out once and shared by the properties (a
    scenario is in many pairs: every step of an integer, every property on its situation).
    """
    proof = Proof(item, location)
    outcomes = {} if outcomes is None else outcomes
    compared: set[tuple[Any, ...]] = set()

    def outcome_of(scenario: dict[str, Any]) -> str | None:
        key = _key(scenario)
        if key not in outcomes:
            try:
                outcomes[key] = decision(policy, scenario)["outcome"]
            except RuleConflict:  # verify reports the conflict; here the pair is not compared
                outcomes[key] = None
        return outcomes[key]

    if BOUND in item:
        return _prove_bound(policy, item, proof, outcome_of)
    name = item["field"]
    for situation_id in situations_of(policy, item):
        changes = steps(policy, situation_id, item)
        for scenario in all_scenarios(policy, situation_id):
            if not _applies(policy, item, scenario):
                continue
            for before, after in changes:
                if scenario.get(name) != before:
                    continue
                changed = {**scenario, name: after}
                first, second = outcome_of(scenario), outcome_of(changed)
                if first is None or second is None:
                    proof.skipped += 1
                    continue
                proof.pairs += 1
                compared.update((_key(scenario), _key(changed)))
                moved = STRICTNESS[second] - STRICTNESS[first]
                if (moved > 0) if item["never"] == "stricter" else (moved < 0):
                    proof.broken += 1
                    if proof.counterexample is None:
                        proof.counterexample = (scenario, first, changed, second)
    proof.answers = len(compared)
    return proof


def _prove_bound(policy: Policy, item: dict[str, Any], proof: Proof, outcome_of: Any) -> Proof:
    """Every scenario the property is about against its bound (``at_most``)."""
    limit = STRICTNESS[item[BOUND]]
    for scenario in all_scenarios(policy, item["situation"]):
        if not _applies(policy, item, scenario):
            continue
        outcome = outcome_of(scenario)
        if outcome is None:
            proof.skipped += 1
            continue
        proof.pairs += 1
        proof.answers += 1
        if STRICTNESS[outcome] > limit:
            proof.broken += 1
            if proof.counterexample is None:
                proof.counterexample = (scenario, outcome, None, item[BOUND])
    return proof


def _key(scenario: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(sorted(scenario.items(), key=lambda pair: pair[0]))


def prove_all(policy: Policy) -> list[Proof]:
    """Every property of the policy, proven or not, in the file's order."""
    outcomes: dict[tuple[Any, ...], str | None] = {}
    return [
        prove(policy, item, ("properties", index), outcomes)
        for index, item in enumerate(policy.data.get("properties", []))
    ]


def failure(policy: Policy, proof: Proof) -> PolicyError:
    """Why a property is not proven, at its line: the first counterexample in staff's words,
    or that it compared nothing."""
    item = proof.property
    if proof.counterexample is None:
        return policy.lines.error(
            proof.location, policy.text("properties", "nothing_compared").format(says=item["says"])
        )
    scenario, first, changed, second = proof.counterexample
    outcomes = policy.data["texts"]["outcomes"]
    before = group_words(
        policy, scenario["situation"], {key: [value] for key, value in scenario.items() if key != "situation"}
    )
    if changed is None:
        reason = policy.text("properties", "counterexample_bound").format(
            says=item["says"], before=before, outcome_before=outcomes[first], bound=outcomes[second], count=proof.broken
        )
        return policy.lines.error(proof.location, reason)
    reason = policy.text("properties", "counterexample").format(
        says=item["says"],
        before=before,
        outcome_before=outcomes[first],
        after="; ".join(group_conditions(policy, changed["situation"], {item["field"]: [changed[item["field"]]]})),
        outcome_after=outcomes[second],
        relation=policy.text("properties", item["never"]),
        count=proof.broken,
    )
    return policy.lines.error(proof.location, reason)
