"""The owner's confirmation of a reading, bound to exactly what was confirmed (issue 18).

``python -m checker confirm READING`` records who confirmed and when, with a fingerprint:
the sha256 of the canonical JSON of what was signed (the question, the reading or the
chosen alternative, its quotes, and the rules and fields resting on it), and a short hash
of each part, so that when one of them changes later ``verify`` can say which. A
confirmation whose fingerprint does not match (edited since, or typed by hand) does not
count: the reading is ``proposed`` again wherever it is shown.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .policy import Policy

RULE_KEYS = ("section", "quote", "situation", "when", "overrides", "then")
"""What of a rule resting on a reading is signed with it: what it says and decides."""

PART_WORDS = {"question": "frågan", "reading": "läsningen", "quotes": "citaten"}
"""How verify names a changed part (a rule or a field is named by its id)."""


def _digest(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def signed_parts(policy: Policy, interpretation_id: str) -> dict[str, Any]:
    """What a confirmation of the reading signs, part by part, as the policy now stands."""
    item = policy.interpretations[interpretation_id]
    chosen = policy.choices.get(interpretation_id)
    parts: dict[str, Any] = {
        "question": item["question"],
        "reading": item["reading"] if chosen is None else policy.alternative(interpretation_id, chosen),
        "quotes": item["quotes"],
    }
    for rule_id, rule in policy.rules.items():
        if interpretation_id in rule.get("rests_on", []):
            parts[f"rule {rule_id}"] = {key: rule[key] for key in RULE_KEYS if key in rule}
    for situation in policy.situations.values():
        for field in situation.fields.values():
            if interpretation_id in field.data.get("rests_on", []):
                parts[f"field {situation.id}.{field.id}"] = {"ignore_case": field.data.get("ignore_case", False)}
    return parts


def fingerprint(policy: Policy, interpretation_id: str) -> tuple[str, dict[str, str]]:
    """The fingerprint of what is signed, and a short hash of each part."""
    parts = signed_parts(policy, interpretation_id)
    return _digest(parts), {name: _digest(value)[:12] for name, value in parts.items()}


def confirmation_problem(policy: Policy, interpretation_id: str) -> str | None:
    """Why a recorded confirmation does not hold (None: it holds, or there is none)."""
    item = policy.interpretations[interpretation_id]
    confirmed = item.get("confirmed")
    if confirmed is None:
        return None
    if "fingerprint" not in confirmed:
        return "bekräftelsen saknar fingeravtryck och räknas inte; bekräfta med 'python -m checker confirm'."
    now, parts = fingerprint(policy, interpretation_id)
    if confirmed["fingerprint"] == now:
        return None
    recorded = confirmed.get("parts", {})
    if not recorded:
        return "bekräftelsens fingeravtryck stämmer inte och räknas inte; bekräfta med 'python -m checker confirm'."
    changed = [name for name in {**recorded, **parts} if recorded.get(name) != parts.get(name)]
    named = ", ".join(
        PART_WORDS.get(name, name.replace("rule ", "regeln ").replace("field ", "fältet ")) for name in changed
    )
    return f"bekräftelsen gäller inte längre: ändrat sedan den gavs: {named or 'fingeravtrycket'}."


def status_of(policy: Policy, interpretation_id: str) -> str:
    """``confirmed`` only where the recorded confirmation still matches what it signed."""
    item = policy.interpretations[interpretation_id]
    if item["status"] == "confirmed" and confirmation_problem(policy, interpretation_id) is None:
        return "confirmed"
    return "proposed"


def confirmed_text(text: str, interpretation_id: str, by: str, date: str, policy: Policy) -> str:
    """policy.yaml's text with the reading confirmed: its status line set and its
    ``confirmed`` block written (or rewritten), every other line as it was."""
    digest, parts = fingerprint(policy, interpretation_id)
    lines = text.split("\n")
    section = lines.index("interpretations:")
    start = lines.index(f"  - id: {interpretation_id}", section)
    end = start + 1
    while end < len(lines) and not lines[end].startswith("  - ") and not (lines[end] and lines[end][0] != " "):
        end += 1
    block: list[str] = []
    skipping = False
    for line in lines[start:end]:
        if skipping and (line.startswith("      ") or not line.strip()) and line.strip():
            continue
        skipping = line.startswith("    confirmed:")
        if skipping:
            continue
        block.append(line)
    quoted = [json.dumps(name, ensure_ascii=False) if " " in name else name for name in parts]
    record = [
        "    confirmed:",
        f"      date: {date}",
        f"      by: {json.dumps(by, ensure_ascii=False)}",
        f"      fingerprint: {digest}",
        "      parts:",
        *(f"        {name}: {value}" for name, value in zip(quoted, parts.values(), strict=True)),
    ]
    status = next(index for index, line in enumerate(block) if line.startswith("    status:"))
    block[status : status + 1] = ["    status: confirmed", *record]
    return "\n".join(lines[:start] + block + lines[end:])
