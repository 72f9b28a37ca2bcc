"""What a new version of the policy changes: published records and the diff between them.

A published version is kept as its verdicts, not only as its policy file: the engine and
the vocabulary grow (new fields, new templates), and reading an old policy with new code
would need a compatibility layer that grows with every release. The verdict staff got is
what matters, so ``python -m checker publish`` records, once, every scenario of the space
with what the checker answered, the rules' quotes and sections, in ``published/VERSION.json``.

``diff`` compares two versions, each a policy file or a published record: every scenario of
the newer space is decided under both (a field the older policy did not have is one its
rules did not look at), and the scenarios whose verdict changed are grouped, so that the
same change for a range of ages or a list of systems is one entry.
"""

from __future__ import annotations

import difflib
import itertools
import json
import re
from pathlib import Path
from typing import Any

from ..engine.decide import answer_of, decide
from ..engine.verify import all_scenarios
from ..model.policy import CHANGE_PARTS, Policy, load_policy
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


def _date_of(policy: Policy) -> str | None:
    for change in policy.data["meta"].get("policy_changes", []):
        if change["version"] == policy.version:
            return str(change["date"])
    return None


def from_policy(policy: Policy) -> Version:
    fields = {situation_id: list(situation.fields) for situation_id, situation in policy.situations.items()}
    return Version(
        policy.version,
        _date_of(policy),
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
        "date": _date_of(policy),
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


def changes(old: Version, new: Version, scenarios: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The scenarios whose verdict differs, grouped by what staff are told before and after.

    Scenarios whose answers differ only in which rules gave them are one change; the entry
    lists every rule (and its quotes) on each side.
    """
    groups: dict[str, dict[str, Any]] = {}
    for scenario in scenarios:
        try:
            before, after = old.verdict(scenario), new.verdict(scenario)
        except KeyError:
            continue  # not comparable: see Version.verdict
        if before == after:
            continue
        key = json.dumps([scenario["situation"], _told(before), _told(after)], ensure_ascii=False, sort_keys=True)
        group = groups.setdefault(
            key,
            {
                "situation": scenario["situation"],
                "before": before,
                "after": after,
                "scenarios": [],
                "before_rules": [],
                "after_rules": [],
            },
        )
        group["scenarios"].append(scenario)
        for side, verdict in (("before_rules", before), ("after_rules", after)):
            group[side] += [rule for rule in (verdict or {}).get("rules", []) if rule not in group[side]]
    entries = []
    for group in groups.values():
        for part in _products(group["scenarios"]):
            entries.append(
                {
                    "situation": group["situation"],
                    "scenarios": part,
                    "values": _values(part),
                    "answer_changed": answer_of(group["before"]) != answer_of(group["after"]),
                    "before": group["before"],
                    "after": group["after"],
                    "rules_before": _rules(old, group["before_rules"]),
                    "rules_after": _rules(new, group["after_rules"]),
                }
            )
    return entries


def _told(verdict: dict[str, Any] | None) -> Any:
    """What staff are told: the verdict without the ids of the rules that gave it."""
    if verdict is None:
        return None
    return {key: value for key, value in verdict.items() if key != "rules"}


def _values(scenarios: list[dict[str, Any]]) -> dict[str, list[Any]]:
    """Each field's values over a group, in first-seen order."""
    values: dict[str, list[Any]] = {}
    for scenario in scenarios:
        for key, value in scenario.items():
            if key != "situation" and value not in values.setdefault(key, []):
                values[key].append(value)
    return values


def _is_product(scenarios: list[dict[str, Any]]) -> bool:
    size = 1
    for options in _values(scenarios).values():
        size *= len(options)
    return size == len(scenarios)


def _products(scenarios: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Split a group into as few parts as can be found, each every combination of its
    fields' values, so that "ages 13-17, these five actions" says exactly which scenarios.

    At each step the field whose split leaves the fewest parts is taken (groups are small:
    a few hundred scenarios over a handful of fields).
    """
    if _is_product(scenarios):
        return [scenarios]
    best: list[list[dict[str, Any]]] | None = None
    for field, options in _values(scenarios).items():
        if len(options) < 2:
            continue
        parts: list[list[dict[str, Any]]] = []
        for value in options:
            parts += _products([scenario for scenario in scenarios if scenario.get(field) == value])
        parts = _merged(parts)
        if best is None or len(parts) < len(best):
            best = parts
    return best or [scenarios]


def _merged(parts: list[list[dict[str, Any]]]) -> list[list[dict[str, Any]]]:
    """Join parts whose union is still every combination (split by one field, rejoined)."""
    merged: list[list[dict[str, Any]]] = []
    for part in parts:
        for index, other in enumerate(merged):
            if _is_product(other + part):
                merged[index] = other + part
                break
        else:
            merged.append(part)
    return merged


def _rules(version: Version, rule_ids: list[str]) -> list[dict[str, Any]]:
    return [
        {"id": rule_id, "section": version.sections.get(rule_id), "quote": version.quotes.get(rule_id, [])}
        for rule_id in rule_ids
    ]


def diff(old: Version, new: Version) -> dict[str, Any]:
    """The contract's ``diff --format json``: ``{"from", "to", "changes"}``."""
    scenarios = space(new.policy) if new.policy is not None else _record_space(new)
    return {"from": old.version, "to": new.version, "changes": changes(old, new, scenarios)}


def _record_space(version: Version) -> list[dict[str, Any]]:
    """The scenarios of a published record, rebuilt from its keys."""
    scenarios = []
    for key in version.verdicts:
        situation, *values = json.loads(key)
        scenario = {"situation": situation}
        scenario.update(
            {field: value for field, value in zip(version.fields[situation], values, strict=True) if value is not None}
        )
        scenarios.append(scenario)
    return scenarios


def count_scenarios(entries: list[dict[str, Any]]) -> int:
    return sum(len(entry["scenarios"]) for entry in entries)


def published_versions(folder: Path) -> list[Version]:
    """Every published record in ``folder``, oldest version first."""
    records = [from_record(json.loads(path.read_text(encoding="utf-8"))) for path in folder.glob("*.json")]
    return sorted(records, key=lambda version: tuple(int(part) for part in version.version.split(".")))


def history(policy: Policy, folder: Path) -> list[dict[str, Any]]:
    """Each published step, oldest first, ending with the current policy: ``diff`` reports
    from one version to the next (the current policy replaces its own record, if any)."""
    versions = [version for version in published_versions(folder) if version.version != policy.version]
    versions.append(from_policy(policy))
    return [diff(old, new) for old, new in itertools.pairwise(versions)]


def changed_parts(before: dict[str, Any] | None, after: dict[str, Any]) -> list[str]:
    """Which parts of the answer differ between two verdicts (all of them for a new question)."""
    if before is None:
        return list(CHANGE_PARTS)
    return [part for part in CHANGE_PARTS if before.get(part) != after.get(part)]


def change_index(policy: Policy, report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """For the checker: each scenario whose answer changed in the current version, keyed as
    :func:`scenario_key` keys it, with the version, its date, the earlier outcome, which parts
    of the answer changed (``CHANGE_PARTS``) and the number of its entry on the changes page."""
    fields = {situation_id: list(situation.fields) for situation_id, situation in policy.situations.items()}
    index = {}
    number = 0
    for entry in report["changes"]:
        if not entry["answer_changed"]:
            continue
        number += 1
        before = entry["before"]["outcome"] if entry["before"] else None
        parts = changed_parts(entry["before"], entry["after"])
        for scenario in entry["scenarios"]:
            index[scenario_key(scenario, fields[scenario["situation"]])] = {
                "version": report["to"],
                "date": _date_of(policy),
                "before": before,
                "parts": parts,
                "entry": number,
            }
    return index


_WORD = re.compile(r"\s*(?:\w+|[^\w\s])", re.UNICODE)


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Two texts as runs of (``"="``, ``"-"`` or ``"+"``, text), compared word by word, so that
    a page can mark only the words that changed. Punctuation counts as a word of its own
    ("valde." → "valde, och be …" changes the full stop, not "valde"); the space before a
    word stays with it, and joining the runs of one side gives that text back."""
    before, after = _WORD.findall(old), _WORD.findall(new)
    matcher = difflib.SequenceMatcher(
        a=[token.strip() for token in before], b=[token.strip() for token in after], autojunk=False
    )
    runs: list[tuple[str, str]] = []
    for operation, low, high, new_low, new_high in matcher.get_opcodes():
        if operation == "equal":
            runs.append(("=", "".join(after[new_low:new_high])))
            continue
        if high > low:
            runs.append(("-", "".join(before[low:high])))
        if new_high > new_low:
            runs.append(("+", "".join(after[new_low:new_high])))
    return runs


BUMPS = ("patch", "minor", "major")
"""What a version number promises (see the owner's guide): patch, wording only; minor, new
rules, examples, interpretations or questions, no answer changes; major, an outcome or
consent changes, or a public id (rule, section) is gone."""


def bump(old: str, new: str) -> str | None:
    """How far ``new`` is from ``old`` (None: not after it)."""
    before, after = (tuple(int(part) for part in version.split(".")) for version in (old, new))
    if after <= before:
        return None
    if after[0] > before[0]:
        return "major"
    return "minor" if after[1] > before[1] else "patch"


def required_bump(old: Version, new: Version, entries: list[dict[str, Any]]) -> tuple[str, list[str]]:
    """The smallest bump the change needs, and why (Swedish, one line per reason)."""
    reasons: dict[str, list[str]] = {level: [] for level in BUMPS}
    counts: dict[tuple[str, str], int] = {}
    for entry in entries:
        before, after = entry["before"], entry["after"]
        kind: tuple[str, str]
        if before is None:
            kind = "minor", "nya frågor"
        elif (before["outcome"], before["consent"]) != (after["outcome"], after["consent"]):
            kind = "major", "svar eller samtycke ändras"
        elif answer_of(before) != answer_of(after):
            kind = "patch", "villkor eller meddelanden ändras"
        else:
            kind = "minor", "svar vilar nu på en tolkning"
        counts[kind] = counts.get(kind, 0) + len(entry["scenarios"])
    for (level, words), count in counts.items():
        reasons[level].append(f"{words} i {count} scenarier")
    for ids in ("rules", "sections"):
        gone = [name for name in old.ids.get(ids, []) if name not in new.ids.get(ids, [])]
        reasons["major"] += [f"{ids} '{name}' finns inte längre" for name in gone]
    for ids in ("rules", "interpretations", "examples"):
        added = [name for name in new.ids.get(ids, []) if name not in old.ids.get(ids, [])]
        reasons["minor"] += [f"ny i {ids}: {name}" for name in added]
    level = next((level for level in reversed(BUMPS) if reasons[level]), "patch")
    return level, reasons[level]


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
