"""The routine's policy as a model: situations, rules, sections, readings and their indexes.

Built and checked by :mod:`checker.model.loading`; read by every layer above. A reading's
alternative is applied here (``Policy.under``), so the engine decides under it as under the
reading itself.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .confirmation import status_of
from .fields import Situation
from .source import Lines

OUTCOMES = ("allowed", "allowed_with_conditions", "not_allowed", "not_covered")
"""The verdicts of the scenario contract; ``allowed`` ones are what a hint looks for."""

CHANGE_PARTS = ("outcome", "consent", "conditions", "messages", "interpretations")
"""The parts of a verdict staff are told, in the order a change to them is described
(checker.versions; the checker's "Ändrat i version" names each but the outcome in words)."""

STATUSES = ("proposed", "confirmed")
"""An interpretation is proposed until the routine's owner confirms it (contract v2)."""


PACKAGE = Path(__file__).resolve().parent.parent
"""The checker package's folder: its data files (the contract, the compiled policy) lie there."""
CONTRACT_FILE = PACKAGE / "contract.json"
DEFAULT_POLICY = PACKAGE.parent / "policy.yaml"
COMPILED_POLICY = PACKAGE / "policy.json"
PUBLISHED = DEFAULT_POLICY.parent / "published"
"""Each published version's verdicts (see checker.versions), kept beside policy.yaml."""


def _choices_key(choices: dict[str, str | None]) -> tuple[tuple[str, str | None], ...]:
    """The choices of every reading, in the readings' order: one key for one way of reading."""
    return tuple(sorted(choices.items(), key=lambda item: item[0]))


def normalise(text: str) -> str:
    """Text with runs of white space folded, so quotes survive re-wrapping of lines."""
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Policy:
    """The validated policy with indexes the engine, verifier and site generator share."""

    data: dict[str, Any]
    file: str
    situations: dict[str, Situation]
    rules: dict[str, dict[str, Any]]
    sections: dict[str, dict[str, Any]]
    pages: dict[str, str]
    references: dict[str, dict[str, Any]]
    interpretations: dict[str, dict[str, Any]] = field(default_factory=dict)
    labels: dict[str, list[str]] = field(default_factory=dict)
    """Rule labels (Catala's étiquettes): an exception may name a label for all its rules."""
    choices: dict[str, str | None] = field(default_factory=dict)
    """Each reading's alternative in force (None: the reading itself); ``chosen`` in the file."""
    written_situations: dict[str, Situation] = field(default_factory=dict, repr=False)
    """The situations with every field read as the file writes it (an alternative's ``fields`` change them)."""
    lines: Lines = field(default_factory=lambda: Lines(""), repr=False, compare=False)
    """Where each part of the file stands, for an error found after loading (a property verify disproves)."""

    # What the policy works out once and keeps: never given, so a policy made from another
    # (dataclasses.replace) starts without the other's, but for the variants :meth:`under` shares.
    variants: dict[tuple[tuple[str, str | None], ...], Policy] = field(init=False, repr=False, compare=False)
    """The policies :meth:`under` has made, kept by the choices they read the readings by: the
    engine asks for them scenario by scenario. Shared by the policy and every variant made from
    it, so a variant of a variant that reads every reading as another variant does *is* that
    variant, with the decisions it has kept (``decided``)."""
    near: dict[tuple[str, str | None], Policy] = field(init=False, repr=False, compare=False)
    """The variants this policy was asked for (:meth:`under`), by reading and alternative: found
    without spelling out every choice again."""
    touching: dict[str, list[str]] = field(init=False, repr=False, compare=False)
    """The readings bearing on each situation, as :meth:`readings_for` finds them (kept)."""
    statuses: dict[str, str] = field(init=False, repr=False, compare=False)
    """Each reading's status as it holds (checker.model.confirmation.status_of), kept."""
    by_situation: dict[str, list[dict[str, Any]]] = field(init=False, repr=False, compare=False)
    """The rules in force of each situation, in the file's order (:meth:`rules_for`): the
    engine asks for them for every scenario it decides, under every reading's alternatives."""
    decided: dict[tuple[Any, ...], Any] = field(init=False, repr=False, compare=False)
    """The decision of each scenario asked so far, or the conflict it raised (kept by
    checker.engine.decide.decision): a verdict's readings, a hint, a proof and a reading's
    impact ask this policy, and each of its alternatives, for the same scenarios again and again.
    Shared with the variants like ``variants``, and kept by what a decision rests on
    (:meth:`grounds`), so an alternative that leaves a situation alone decides it once for all."""
    grounds_of: dict[str, tuple[int, ...]] = field(init=False, repr=False, compare=False)
    """Each situation's :meth:`grounds`, kept."""
    matchers: dict[str, list[Any]] = field(init=False, repr=False, compare=False)
    """Each situation's rules with their conditions made ready to test, kept (made and read by
    checker.engine.decide.matching_rules)."""

    def __post_init__(self) -> None:
        self.variants = {}
        self.near = {}
        self.touching = {}
        self.statuses = {}
        self.decided = {}
        self.grounds_of = {}
        self.matchers = {}
        self.by_situation = {}
        for rule in self.rules.values():
            self.by_situation.setdefault(rule["situation"], []).append(rule)

    def under(self, reading_id: str, alternative_id: str | None) -> Policy:
        """The same policy with one reading read as one of its alternatives (None: as the reading).

        Under alternative A of reading R the policy decides with every rule that does not
        rest on R, plus A's rules (without ``rules``: R's own rules stay), and reads the
        fields A names as A says.
        """
        if (reading_id, alternative_id) in self.near:
            return self.near[(reading_id, alternative_id)]
        self.variants.setdefault(_choices_key(self.choices), self)
        choices = {**self.choices, reading_id: alternative_id}
        key = _choices_key(choices)
        if key not in self.variants:
            rules, situations = rules_in_force(self.data, self.written_situations or self.situations, choices)
            variant = dataclasses.replace(
                self, rules=rules, situations=situations, labels=labels_of(rules), choices=choices
            )
            variant.variants = self.variants
            variant.decided = self.decided
            self.variants[key] = variant
        self.near[(reading_id, alternative_id)] = self.variants[key]
        return self.variants[key]

    @property
    def version(self) -> str:
        return self.data["meta"]["version"]

    def text(self, group: str, key: str) -> str:
        return self.data["texts"][group][key]

    def rules_for(self, situation: str) -> list[dict[str, Any]]:
        return self.by_situation.get(situation, [])

    def grounds(self, situation_id: str) -> tuple[int, ...]:
        """What a decision in a situation rests on, by identity: the situation (how its fields
        are read) and its rules in force. Every policy of a family reads the same file, so two
        with the same grounds decide the situation alike; the family keeps every object named
        here (``variants``), so no identity is reused while ``decided`` holds it."""
        if situation_id not in self.grounds_of:
            self.grounds_of[situation_id] = (
                id(self.situations[situation_id]),
                *(id(rule) for rule in self.rules_for(situation_id)),
            )
        return self.grounds_of[situation_id]

    def readings_for(self, situation_id: str) -> list[str]:
        """The readings that bear on a situation: a rule (in force or an alternative's) or a
        field there rests on them, or an alternative reads a field there."""
        if situation_id not in self.touching:
            self.touching[situation_id] = [
                item["id"]
                for item in self.data.get("interpretations", [])
                if situation_id in _situations_of(self, item)
            ]
        return self.touching[situation_id]

    def other_options(self, interpretation_id: str) -> list[str | None]:
        """The choices for a reading other than the one in force that decide something: its
        alternatives with rules or fields, and the reading itself (None) when one is chosen."""
        chosen = self.choices.get(interpretation_id)
        options: list[str | None] = [] if chosen is None else [None]
        options += [
            item["id"]
            for item in self.interpretations[interpretation_id]["alternatives"]
            if item["id"] != chosen and ("rules" in item or "fields" in item)
        ]
        return options

    def interpretation_summary(self, interpretation_id: str) -> dict[str, Any]:
        """What a verdict says of a reading: its question, the reading in force, its status."""
        item = self.interpretations[interpretation_id]
        summary = {key: item[key] for key in ("id", "question", "reading")}
        if interpretation_id not in self.statuses:
            self.statuses[interpretation_id] = status_of(self, interpretation_id)
        summary["status"] = self.statuses[interpretation_id]
        chosen = self.choices.get(interpretation_id)
        if chosen is not None:
            summary["reading"] = self.alternative(interpretation_id, chosen)["text"]
        return summary

    def alternative(self, interpretation_id: str, alternative_id: str) -> dict[str, Any]:
        return next(
            item for item in self.interpretations[interpretation_id]["alternatives"] if item["id"] == alternative_id
        )

    def overridden_by(self, rule: dict[str, Any]) -> set[str]:
        """The ids of the rules an exception overrides, its labels resolved."""
        return {target for name in rule.get("overrides", []) for target in self.labels.get(name, [name])}

    def former_ids(self, current: str) -> list[str]:
        """Published ids renamed to ``current`` (``renamed``): their anchors must still land here."""
        return [item["old"] for item in self.data.get("renamed", []) if item["new"] == current]

    def rule_link(self, rule_id: str) -> str:
        section = self.rules[rule_id]["section"]
        return self.data["links"]["rule"].format(page=self.pages[section], rule=rule_id)

    def interpretation_link(self, interpretation_id: str) -> str:
        return self.data["links"]["interpretation"].format(interpretation=interpretation_id)

    def change_link(self, version: str, number: int) -> str:
        return self.data["links"]["change"].format(version=version.replace(".", "-"), number=number)

    def section_link(self, section_id: str) -> str:
        return self.data["links"]["section"].format(page=self.pages[section_id], section=section_id)

    def examples(self) -> Iterator[tuple[str | None, dict[str, Any]]]:
        """Every example: (the rule it stands beside, or None) and the example itself."""
        for rule in self.rules.values():
            for example in rule.get("examples", []):
                yield rule["id"], example
        for example in self.data.get("examples", []):
            yield None, example

    def to_json(self) -> str:
        return json.dumps(self.data, ensure_ascii=False, indent=1, sort_keys=False)


def _situations_of(policy: Policy, interpretation: dict[str, Any]) -> set[str]:
    """The situations a reading bears on (see Policy.readings_for)."""
    reading_id = interpretation["id"]
    found = {rule["situation"] for rule in policy.data["rules"] if reading_id in rule.get("rests_on", [])}
    for alternative in interpretation["alternatives"]:
        found |= {rule["situation"] for rule in alternative.get("rules", [])}
        found |= {reading["situation"] for reading in alternative.get("fields", [])}
    found |= {situation for situation, _ in fields_resting_on(policy).get(reading_id, [])}
    return found


def labels_of(rules: dict[str, dict[str, Any]]) -> dict[str, list[str]]:
    labels: dict[str, list[str]] = {}
    for rule in rules.values():
        if "label" in rule:
            labels.setdefault(rule["label"], []).append(rule["id"])
    return labels


def rules_in_force(
    data: dict[str, Any], written: dict[str, Situation], choices: dict[str, str | None]
) -> tuple[dict[str, dict[str, Any]], dict[str, Situation]]:
    """The rules and situations when each reading is read as ``choices`` says (see Policy.under).

    ``written``: the situations as the file writes them, which an alternative's ``fields`` change.
    """
    rules = {rule["id"]: rule for rule in data["rules"]}
    readings: dict[tuple[str, str], dict[str, Any]] = {}
    for item in data.get("interpretations", []):
        alternative_id = choices.get(item["id"])
        if alternative_id is None:
            continue
        alternative = next(other for other in item["alternatives"] if other["id"] == alternative_id)
        if "rules" in alternative:
            rules = {rule_id: rule for rule_id, rule in rules.items() if item["id"] not in rule.get("rests_on", [])}
            # The alternative's rules carry the reading: a verdict they give rests on the owner's choice.
            rules.update(
                {
                    rule["id"]: {**rule, "rests_on": [*rule.get("rests_on", []), item["id"]]}
                    for rule in alternative["rules"]
                }
            )
        for reading in alternative.get("fields", []):
            readings[(reading["situation"], reading["field"])] = reading
    return rules, _read_as(written, readings)


def _read_as(situations: dict[str, Situation], readings: dict[tuple[str, str], dict[str, Any]]) -> dict[str, Situation]:
    """The situations with the named fields read as the alternatives say (the rest as written).
    A situation and a field no reading names stay the very objects they were, so a decision
    kept for them holds under every alternative that leaves them alone (``Policy.decided``).
    """
    changed = dict(situations)
    for situation_id in {situation_id for situation_id, _ in readings}:
        situation = situations[situation_id]
        fields = dict(situation.fields)
        for (named_situation, field_id), reading in readings.items():
            if named_situation == situation_id:
                read = {key: value for key, value in reading.items() if key not in ("situation", "field")}
                fields[field_id] = dataclasses.replace(fields[field_id], data={**fields[field_id].data, **read})
        changed[situation_id] = dataclasses.replace(situation, fields=fields)
    return changed


def fields_resting_on(policy: Policy) -> dict[str, list[tuple[str, str]]]:
    """Each reading that lives on how a field is read, with the (situation, field) pairs."""
    found: dict[str, list[tuple[str, str]]] = {}
    for situation in policy.situations.values():
        for field_ in situation.fields.values():
            for item in field_.data.get("rests_on", []):
                found.setdefault(item, []).append((situation.id, field_.id))
    return found
