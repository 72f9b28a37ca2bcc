"""Prove the rules complete and consistent over every scenario the vocabulary allows.

Every combination of every situation's field values is evaluated. The proof fails when two
rules decide one scenario differently without one overriding the other, or when a rule
never decides any scenario (it is shadowed and a reader would be misled by it). The
combinations that no rule decides are the routine's own gaps; they are listed, not hidden.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from .engine import RuleConflict, decide, field_domain
from .policy import Policy


@dataclass
class Report:
    scenarios: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    conflicts: list[RuleConflict] = field(default_factory=list)
    unreachable: list[str] = field(default_factory=list)
    not_covered: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.conflicts and not self.unreachable

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "scenarios": self.scenarios,
            "outcomes": self.outcomes,
            "conflicts": [{"rules": list(conflict.rules), "scenario": conflict.scenario} for conflict in self.conflicts],
            "unreachable": self.unreachable,
            "not_covered": self.not_covered,
        }


def all_scenarios(policy: Policy, situation_id: str) -> list[dict[str, Any]]:
    """Every valid scenario of a situation: the product of its fields' domains."""
    fields = list(policy.situations[situation_id].fields.values())
    domains = [field_domain(policy, field_) for field_ in fields]
    scenarios = []
    for values in itertools.product(*domains):
        scenario: dict[str, Any] = {"situation": situation_id}
        scenario.update({field_.id: value for field_, value in zip(fields, values) if value is not None})
        scenarios.append(scenario)
    return scenarios


def grouped_gaps(policy: Policy, report: Report) -> list[dict[str, Any]]:
    """The not_covered scenarios, with whole-number fields folded into runs.

    Eighteen ages that differ only in age are one gap for a reader ("13–15 år"), so
    scenarios that agree on every other field are merged and their numbers listed.
    """
    groups: dict[tuple[Any, ...], dict[str, Any]] = {}
    for item in report.not_covered:
        scenario = item["scenario"]
        fields = policy.situations[scenario["situation"]].fields
        numeric = [key for key in scenario if key in fields and fields[key].type == "integer"]
        key = (scenario["situation"], tuple(item["rules"]),
               tuple((k, v) for k, v in scenario.items() if k not in numeric))
        group = groups.setdefault(key, {"situation": scenario["situation"], "rules": item["rules"],
                                        "fields": {k: v for k, v in scenario.items() if k not in numeric and k != "situation"},
                                        "numbers": {k: [] for k in numeric}, "example": scenario})
        for k in numeric:
            group["numbers"][k].append(scenario[k])
    return list(groups.values())


def verify(policy: Policy) -> Report:
    report = Report(outcomes={outcome: 0 for outcome in ("allowed", "allowed_with_conditions", "not_allowed", "not_covered")})
    deciding: set[str] = set()
    for situation_id in policy.situations:
        for scenario in all_scenarios(policy, situation_id):
            report.scenarios += 1
            try:
                verdict = decide(policy, scenario)
            except RuleConflict as conflict:
                if not any(known.rules == conflict.rules for known in report.conflicts):
                    report.conflicts.append(conflict)
                continue
            report.outcomes[verdict["outcome"]] += 1
            deciding.update(verdict["rules"])
            if verdict["outcome"] == "not_covered":
                report.not_covered.append({"scenario": scenario, "rules": verdict["rules"]})
    report.unreachable = [rule_id for rule_id in policy.rules if rule_id not in deciding]
    return report
