"""The version number a change needs: patch, minor or major (see the owner's guide)."""

from __future__ import annotations

from typing import Any

from ..engine.decide import answer_of
from .records import Version

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
