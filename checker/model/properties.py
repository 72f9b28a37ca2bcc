"""Properties the routine's owner can read and sign: what one says, and that its form is sound.

A property is a sentence ("Ett mycket brådskande ärende får aldrig ett strängare svar än
samma ärende utan brådska") with a small machine form: a field, how it changes, the
scenarios it is about, and the way the outcome may never move. ``verify`` proves each over
the whole answer space: every scenario is paired with the same scenario with the field
changed, and the two outcomes are compared under :data:`STRICTNESS`. A property names no
rule, so it holds however the rules are written; that is what makes it something the owner
can sign, and what catches a rule written later that breaks it. The proof is the engine's
(checker.engine.proofs); here loading checks each property can compare something.
"""

from __future__ import annotations

from typing import Any

from .domain import field_domain
from .policy import Policy
from .source import Lines, Location
from .validation import check_condition

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
                check_condition(situation, field_id, condition, here + ("when", field_id), lines, item["id"])


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
        if not field_.counted:
            raise lines.error(
                here, f"{who}: increasing går bara på ett heltalsfält, inte på '{field_.id}' ({field_.type})."
            )
        return
    for key in ("from", "to"):
        for value in values(change[key]):
            if not field_.fits(value):
                allowed = field_.allowed_words()
                raise lines.error(
                    here + (key,), f"{who}: värdet {value!r} finns inte för fältet '{field_.id}' (tillåtna: {allowed})."
                )
    same = [value for value in values(change["from"]) if value in values(change["to"])]
    if same:
        raise lines.error(here, f"{who}: {same[0]!r} står både i from och i to; då ändras ingenting.")
