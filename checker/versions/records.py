"""A version of the policy as its verdicts: from a policy file or a published record.

A published version is kept as its verdicts, not only as its policy file: the engine and
the vocabulary grow (new fields, new templates), and reading an old policy with new code
would need a compatibility layer that grows with every release. The verdict staff got is
what matters, so ``python -m checker publish`` records, once, every scenario of the space
with what the checker answered, the rules' quotes and sections, in ``published/VERSION.json``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..engine.decide import decide
from ..engine.verify import all_scenarios
from ..model.loading import load_policy
from ..model.policy import Policy
from ..model.scenario import scenario_key
from ..model.source import PolicyError

SEEN = ("outcome", "rules", "consent", "conditions", "messages", "interpretations")
"""The parts of a verdict a change is about (the contract's ``diff``): what staff are told."""


class Version:
    """One version's verdicts by scenario, from a policy file or a published record."""

    def __init__(
        self,
        version: str,
        date: str | None,
        fields: dict[str, list[str]],
        verdicts: dict[str, dict[str, Any]],
        quotes: dict[str, list[str]],
        sections: dict[str, str],
        policy: Policy | None = None,
    ) -> None:
        self.version = version
        self.date = date
        self.fields = fields
        """Each situation's fields, in order: which parts of a scenario this version reads."""
        self.verdicts = verdicts
        self.quotes = quotes
        self.sections = sections
        self.policy = policy
        self.ids: dict[str, list[str]] = public_ids(policy) if policy is not None else {}
        self._decided: dict[str, dict[str, Any]] = {}
        """A policy's verdicts as decided so far: one version is compared with many (each
        alternative of each reading against the choice in force), and deciding is the cost."""

    def verdict(self, scenario: dict[str, Any]) -> dict[str, Any] | None:
        """The verdict for a scenario of any version's space (None: no such question then).

        Raises KeyError when a published record lacks the scenario although it had the
        question: a text its rules never named (a sender), which the record cannot decide.
        """
        fields = self.fields.get(scenario["situation"])
        if fields is None:
            return None
        key = scenario_key(scenario, fields)
        if self.policy is None:
            return self.verdicts[key]
        if key not in self._decided:
            known = {name: value for name, value in scenario.items() if name == "situation" or name in fields}
            self._decided[key] = _seen(decide(self.policy, known))
        return self._decided[key]


def _seen(verdict: dict[str, Any]) -> dict[str, Any]:
    return {key: verdict.get(key, []) if key == "interpretations" else verdict[key] for key in SEEN}


def space(policy: Policy) -> list[dict[str, Any]]:
    """Every scenario of the policy's space, situation by situation (what ``verify`` decides)."""
    return [scenario for situation_id in policy.situations for scenario in all_scenarios(policy, situation_id)]


def date_of(policy: Policy) -> str | None:
    """The date of the policy's version in its change log (None: not logged)."""
    for change in policy.data["meta"].get("policy_changes", []):
        if change["version"] == policy.version:
            return str(change["date"])
    return None


def from_policy(policy: Policy) -> Version:
    fields = {situation_id: list(situation.fields) for situation_id, situation in policy.situations.items()}
    return Version(
        policy.version,
        date_of(policy),
        fields,
        {},
        {rule_id: rule["quote"] for rule_id, rule in policy.rules.items()},
        {rule_id: rule["section"] for rule_id, rule in policy.rules.items()},
        policy,
    )


def record(policy: Policy) -> dict[str, Any]:
    """The published record of a policy: its verdicts for the whole space, deduplicated."""
    fields = {situation_id: list(situation.fields) for situation_id, situation in policy.situations.items()}
    bodies: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    scenarios = []
    for scenario in space(policy):
        body = _seen(decide(policy, scenario))
        text = json.dumps(body, ensure_ascii=False, sort_keys=True)
        if text not in index:
            index[text] = len(bodies)
            bodies.append(body)
        scenarios.append([scenario_key(scenario, fields[scenario["situation"]]), index[text]])
    return {
        "version": policy.version,
        "date": date_of(policy),
        "recorded": "python -m checker publish; ändra inte för hand.",
        "fields": fields,
        "rules": {
            rule_id: {"section": rule["section"], "quote": rule["quote"]} for rule_id, rule in policy.rules.items()
        },
        "ids": public_ids(policy),
        "verdicts": bodies,
        "scenarios": scenarios,
    }


def from_record(data: dict[str, Any]) -> Version:
    verdicts = {key: data["verdicts"][index] for key, index in data["scenarios"]}
    version = Version(
        data["version"],
        data.get("date"),
        data["fields"],
        verdicts,
        {rule_id: rule["quote"] for rule_id, rule in data["rules"].items()},
        {rule_id: rule["section"] for rule_id, rule in data["rules"].items()},
    )
    version.ids = data["ids"]
    return version


def public_ids(policy: Policy) -> dict[str, list[str]]:
    """What a version publishes by name: anchors people link to and what a minor bump adds."""
    return {
        "rules": list(policy.rules),
        "sections": list(policy.sections),
        "interpretations": [item["id"] for item in policy.data.get("interpretations", [])],
        "examples": [example["name"] for _, example in policy.examples()],
    }


def load_version(path: str | Path) -> Version:
    """A policy file (YAML or compiled JSON) or a published record, by its content."""
    path = Path(path)
    if path.suffix == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise PolicyError(path.name, None, f"filen kan inte läsas ({error}).") from None
        if isinstance(data, dict) and "scenarios" in data and "verdicts" in data:
            return from_record(data)
    return from_policy(load_policy(path))


def published_versions(folder: Path) -> list[Version]:
    """Every published record in ``folder``, oldest version first."""
    records = [from_record(json.loads(path.read_text(encoding="utf-8"))) for path in folder.glob("*.json")]
    return sorted(records, key=lambda version: tuple(int(part) for part in version.version.split(".")))
