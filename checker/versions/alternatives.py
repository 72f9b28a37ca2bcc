"""What choosing another alternative of a reading would change: the diff against the choice in force."""

from __future__ import annotations

from typing import Any

from ..engine.verify import all_scenarios
from ..model.policy import Policy
from .diff import changes, count_scenarios
from .records import Version, from_policy


def alternative_impact(
    policy: Policy, reading_id: str, alternative_id: str | None, current: Version | None = None
) -> dict[str, Any] | None:
    """What choosing an alternative of a reading would change, against the choice in force.

    The same entries as ``diff`` between the policy and the policy with that alternative
    chosen (issue 18), computed over the situations the reading bears on: elsewhere both
    decide with the same rules. None: the alternative is wording only and changes nothing
    the checker can compute. ``current`` is ``from_policy(policy)`` when the caller weighs
    several alternatives: the choice in force is then decided once for all of them.
    """
    if alternative_id is not None:
        alternative = policy.alternative(reading_id, alternative_id)
        if "rules" not in alternative and "fields" not in alternative:
            return None
    chosen = policy.under(reading_id, alternative_id)
    old, new = current or from_policy(policy), from_policy(chosen)
    situations = [item for item in policy.situations if reading_id in policy.readings_for(item)]
    scenarios = [scenario for item in situations for scenario in all_scenarios(chosen, item)]
    entries = changes(old, new, scenarios)
    return {
        "changes": entries,
        "scenarios": count_scenarios(entries),
        "answers": count_scenarios([entry for entry in entries if entry["answer_changed"]]),
    }
