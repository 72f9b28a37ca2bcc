"""Prove the rules complete and consistent over every scenario the vocabulary allows.

Every combination of every situation's field values is evaluated. The proof fails when two
rules decide one scenario differently without one overriding the other, or when a rule
never decides any scenario (it is shadowed and a reader would be misled by it). The
combinations that no rule decides are the routine's own gaps; they are listed, not hidden.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ..model.domain import field_domain
from ..model.policy import Policy
from .coherence import problems
from .decide import RuleConflict, condition_holds, decide, decision, hints

MAX_EXAMPLES = 3
"""Scenarios shown per owner question or interpretation: enough to try, few enough to read."""
T = TypeVar("T")


@dataclass
class Report:
    scenarios: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    conflicts: list[RuleConflict] = field(default_factory=list)
    unreachable: list[str] = field(default_factory=list)
    not_covered: list[dict[str, Any]] = field(default_factory=list)
    questions: list[dict[str, Any]] = field(default_factory=list)
    """Each owner question with the not_covered scenarios that belong to it."""
    unasked: list[dict[str, Any]] = field(default_factory=list)
    """not_covered scenarios that no owner question, or more than one, claims."""
    idle_questions: list[str] = field(default_factory=list)
    """Owner questions that claim no not_covered scenario (the gap has been closed)."""
    alternative_conflicts: list[tuple[str, RuleConflict]] = field(default_factory=list)
    """Alternatives whose rules would contradict the rules kept beside them (alternative id, first conflict)."""
    incoherent: list[dict[str, Any]] = field(default_factory=list)
    """Verdicts that say two things (checker.engine.coherence), each with its scenario and problems."""
    idle_reminders: list[str] = field(default_factory=list)
    """Reminders shown on no verdict ("situation: text"): their ``when`` never holds."""

    @property
    def ok(self) -> bool:
        return (
            not self.conflicts
            and not self.unreachable
            and not self.unasked
            and not self.idle_questions
            and not self.alternative_conflicts
            and not self.incoherent
            and not self.idle_reminders
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "scenarios": self.scenarios,
            "outcomes": self.outcomes,
            "conflicts": [
                {"rules": list(conflict.rules), "scenario": conflict.scenario} for conflict in self.conflicts
            ],
            "unreachable": self.unreachable,
            "not_covered": self.not_covered,
            "questions": [{"id": item["id"], "scenarios": len(item["scenarios"])} for item in self.questions],
            "unasked": self.unasked,
            "idle_questions": self.idle_questions,
            "alternative_conflicts": [
                {"alternative": alternative, "rules": list(conflict.rules), "scenario": conflict.scenario}
                for alternative, conflict in self.alternative_conflicts
            ],
            "incoherent": self.incoherent,
            "idle_reminders": self.idle_reminders,
        }


def all_scenarios(policy: Policy, situation_id: str) -> list[dict[str, Any]]:
    """Every valid scenario of a situation: the product of its fields' domains."""
    fields = list(policy.situations[situation_id].fields.values())
    domains = [field_domain(policy, field_) for field_ in fields]
    scenarios = []
    for values in itertools.product(*domains):
        scenario: dict[str, Any] = {"situation": situation_id}
        scenario.update({field_.id: value for field_, value in zip(fields, values, strict=True) if value is not None})
        scenarios.append(scenario)
    return scenarios


def verify(policy: Policy) -> Report:
    report = Report(outcomes=dict.fromkeys(("allowed", "allowed_with_conditions", "not_allowed", "not_covered"), 0))
    deciding: set[str] = set()
    shown: set[tuple[str, str]] = set()
    for situation_id in policy.situations:
        for scenario in all_scenarios(policy, situation_id):
            report.scenarios += 1
            try:
                verdict = decide(policy, scenario)
            except RuleConflict as conflict:
                _note_conflict(report, conflict)
                continue
            report.outcomes[verdict["outcome"]] += 1
            deciding.update(verdict["rules"])
            shown.update((situation_id, reminder["text"]) for reminder in verdict["reminders"])
            if verdict["outcome"] == "not_allowed":
                try:
                    verdict["hints"] = hints(policy, scenario)
                except RuleConflict as conflict:
                    # A hint answers a neighbouring scenario; where that one is decided two
                    # ways, the conflict is the report's finding, not verify's crash.
                    _note_conflict(report, conflict)
                    continue
            found = problems(policy, verdict)
            if found:
                report.incoherent.append({"scenario": scenario, "problems": found})
            if verdict["outcome"] == "not_covered":
                report.not_covered.append({"scenario": scenario, "rules": verdict["rules"]})
    report.unreachable = [rule_id for rule_id in policy.rules if rule_id not in deciding]
    report.idle_reminders = [
        f"{situation.id}: {reminder['text']}"
        for situation in policy.situations.values()
        for reminder in situation.data.get("reminders", [])
        if (situation.id, reminder["text"]) not in shown
    ]
    _assign_questions(policy, report)
    report.alternative_conflicts = alternative_conflicts(policy)
    return report


def _note_conflict(report: Report, conflict: RuleConflict) -> None:
    """Report each pair of rules that contradict each other once, at the first scenario found."""
    if not any(known.rules == conflict.rules for known in report.conflicts):
        report.conflicts.append(conflict)


def alternative_conflicts(policy: Policy) -> list[tuple[str, RuleConflict]]:
    """Each computable alternative whose rules, beside the rules it keeps, would decide some
    scenario two ways: its impact could not be computed, nor could it be chosen."""
    found = []
    for reading_id in policy.interpretations:
        for option in policy.other_options(reading_id):
            variant = policy.under(reading_id, option)
            situations = [item for item in policy.situations if reading_id in policy.readings_for(item)]
            for scenario in (scenario for item in situations for scenario in all_scenarios(variant, item)):
                try:
                    decision(variant, scenario)
                except RuleConflict as conflict:
                    found.append((option or reading_id, conflict))
                    break
    return found


def question_claims(policy: Policy, question: dict[str, Any], scenario: dict[str, Any]) -> bool:
    """Whether an owner question covers a scenario (its situation, and every condition)."""
    return scenario["situation"] == question["situation"] and all(
        condition_holds(condition, scenario.get(field_id), scenario)
        for field_id, condition in question.get("when", {}).items()
    )


def _assign_questions(policy: Policy, report: Report) -> None:
    """Give every not_covered scenario its one owner question; flag the rest."""
    questions = [{**question, "scenarios": []} for question in policy.data.get("owner_questions", [])]
    for item in report.not_covered:
        claiming = [question for question in questions if question_claims(policy, question, item["scenario"])]
        if len(claiming) == 1:
            claiming[0]["scenarios"].append(item["scenario"])
        else:
            report.unasked.append({**item, "questions": [question["id"] for question in claiming]})
    report.questions = questions
    report.idle_questions = [question["id"] for question in questions if not question["scenarios"]]


def examples_of(scenarios: list[T]) -> list[T]:
    """A few scenarios to try, spread over the list (first, middle, last)."""
    if len(scenarios) <= MAX_EXAMPLES:
        return list(scenarios)
    last = len(scenarios) - 1
    return [scenarios[round(index * last / (MAX_EXAMPLES - 1))] for index in range(MAX_EXAMPLES)]


def consequence_values(policy: Policy, consequence: dict[str, Any]) -> list[Any]:
    """The values of ``over`` for which every value of ``for_every`` gets ``outcome``."""
    situation = policy.situations[consequence["situation"]]
    every = field_domain(policy, situation.fields[consequence["for_every"]])
    values = []
    for value in field_domain(policy, situation.fields[consequence["over"]]):
        scenarios = [
            {
                "situation": situation.id,
                **{f.id: f.default for f in situation.fields.values() if "default" in f.data},
                **consequence.get("when", {}),
                consequence["over"]: value,
                consequence["for_every"]: other,
            }
            for other in every
        ]
        if all(decision(policy, scenario)["outcome"] == consequence["outcome"] for scenario in scenarios):
            values.append(value)
    return values
