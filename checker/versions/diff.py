"""What a new version of the policy changes: the diff between two versions (checker.versions.records).

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

from ..engine.decide import answer_of
from ..model.policy import CHANGE_PARTS, Policy
from ..model.scenario import scenario_key
from .records import Version, date_of, from_policy, published_versions, space


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
                "date": date_of(policy),
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
