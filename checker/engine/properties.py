"""Properties the routine's owner can read and sign, proven over every answer.

A property is a sentence ("Ett mycket brådskande ärende får aldrig ett strängare svar än
samma ärende utan brådska") with a small machine form: a field, how it changes, the
scenarios it is about, and the way the outcome may never move. ``verify`` proves each over
the whole answer space: every scenario is paired with the same scenario with the field
changed, and the two outcomes are compared under :data:`STRICTNESS`. A property names no
rule, so it holds however the rules are written; that is what makes it something the owner
can sign, and what catches a rule written later that breaks it. A property that fails
stops the build with its line in policy.yaml and the first counterexample in words.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from typing import Any

from ..model.policy import Policy, _check_condition, _value_fits
from ..model.source import Lines, Location, PolicyError
from ..model.wording import group_conditions, group_words
from .decide import RuleConflict, answer, applies, field_domain
from .verify import all_scenarios

STRICTNESS = {"allowed": 0, "allowed_with_conditions": 1, "not_allowed": 2, "not_covered": 2}
"""The contract's outcomes from the most permissive to the strictest.

``not_covered`` ranks with ``not_allowed``: neither gives staff the routine's support to act,
so an answer that goes from allowed to "the routine does not decide" has become stricter
(the review's count of answers made stricter by the patient's own wish counts it so), while
one between "not allowed" and "not decided" has moved neither way."""

RELATIONS = ("stricter", "more_permissive")
"""What a property says the outcome never becomes when its field changes (``never``)."""

COMPARISON = ("field", "change", "never")
"""A property of the first form: changing a field never moves the outcome one way."""

BOUND = "at_most"
"""A property of the second form: in every scenario it is about, the outcome is never
stricter than ``at_most`` (e.g. a very urgent call is never refused)."""

INCREASING = "increasing"
"""``change: increasing``: a whole number, each value against every higher one."""


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


def situations_of(policy: Policy, item: dict[str, Any]) -> list[str]:
    """The situations a property is about: its own, or every one that has its field."""
    if "situation" in item or "field" not in item:
        return [item["situation"]]
    return [situation.id for situation in policy.situations.values() if item["field"] in situation.fields]


def steps(policy: Policy, situation_id: str, item: dict[str, Any]) -> list[tuple[Any, Any]]:
    """The changes of the field a property compares: (value before, value after)."""
    change = item["change"]
    if change == INCREASING:
        domain = field_domain(policy, policy.situations[situation_id].fields[item["field"]])
        return [(low, high) for low in domain for high in domain if low < high]
    return [(before, after) for before in values(change["from"]) for after in values(change["to"])]


def values(given: Any) -> list[Any]:
    """``from`` or ``to`` of a change as a list (one value may stand alone)."""
    return given if isinstance(given, list) else [given]


def check_properties(policy: Policy, lines: Lines) -> None:
    """Each property is one of the two forms, names a field its situations have, a change the
    field can make, known conditions and a known relation or bound; so a property that could
    never compare is refused with its line."""
    seen: set[str] = set()
    for position, item in enumerate(policy.data.get("properties", [])):
        here = ("properties", position)
        who = f"egenskapen '{item['id']}'"
        if item["id"] in seen:
            raise lines.error(here + ("id",), f"{who} finns redan; id måste vara unika.")
        seen.add(item["id"])
        if "situation" in item and item["situation"] not in policy.situations:
            raise lines.error(here + ("situation",), f"{who} gäller situationen '{item['situation']}', som inte finns.")
        if BOUND in item:
            _check_bound(policy, item, here, lines, who)
        else:
            _check_comparison(policy, item, here, lines, who)
        for situation_id in situations_of(policy, item):
            situation = policy.situations[situation_id]
            for field_id, condition in item.get("when", {}).items():
                if field_id == item.get("field"):
                    raise lines.error(
                        here + ("when", field_id),
                        f"{who} kan inte både ändra fältet '{field_id}' och ställa villkor på det.",
                    )
                _check_condition(situation, field_id, condition, here + ("when", field_id), lines, item["id"])


def _check_bound(policy: Policy, item: dict[str, Any], here: Location, lines: Lines, who: str) -> None:
    """``at_most``: one situation, an outcome of the order, and nothing of the other form."""
    mixed = [key for key in COMPARISON if key in item]
    if mixed:
        raise lines.error(here + (mixed[0],), f"{who} har {BOUND} och kan därför inte ha '{mixed[0]}'.")
    if "situation" not in item:
        raise lines.error(here, f"{who} med {BOUND} ska ange 'situation'.")
    bound = item[BOUND]
    if bound not in STRICTNESS or STRICTNESS[bound] == max(STRICTNESS.values()):
        allowed = ", ".join(outcome for outcome, rank in STRICTNESS.items() if rank < max(STRICTNESS.values()))
        raise lines.error(here + (BOUND,), f"{who}: {BOUND} ska vara {allowed}, inte '{bound}'.")


def _check_comparison(policy: Policy, item: dict[str, Any], here: Location, lines: Lines, who: str) -> None:
    """``field``, ``change`` and ``never``: a field its situations have, a change it can make."""
    missing = [key for key in COMPARISON if key not in item]
    if missing:
        raise lines.error(here, f"{who} saknar nyckeln '{missing[0]}' (eller {BOUND}).")
    situations = situations_of(policy, item)
    if not situations or item["field"] not in policy.situations[situations[0]].fields:
        raise lines.error(here + ("field",), f"{who} ändrar fältet '{item['field']}', som ingen situation här har.")
    if item["never"] not in RELATIONS:
        raise lines.error(
            here + ("never",), f"{who}: never ska vara {' eller '.join(RELATIONS)}, inte '{item['never']}'."
        )
    for situation_id in situations:
        _check_change(policy.situations[situation_id].fields[item["field"]], item, here + ("change",), lines, who)


def _check_change(field_: Any, item: dict[str, Any], here: Location, lines: Lines, who: str) -> None:
    change = item["change"]
    if change == INCREASING:
        if field_.type != "integer":
            raise lines.error(
                here, f"{who}: increasing går bara på ett heltalsfält, inte på '{field_.id}' ({field_.type})."
            )
        return
    for key in ("from", "to"):
        for value in values(change[key]):
            if not _value_fits(field_, value):
                allowed = ", ".join(map(str, field_.value_ids())) if field_.type == "choice" else field_.type
                raise lines.error(
                    here + (key,), f"{who}: värdet {value!r} finns inte för fältet '{field_.id}' (tillåtna: {allowed})."
                )
    same = [value for value in values(change["from"]) if value in values(change["to"])]
    if same:
        raise lines.error(here, f"{who}: {same[0]!r} står både i from och i to; då ändras ingenting.")


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
                outcomes[key] = answer(policy, scenario)["outcome"]
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
