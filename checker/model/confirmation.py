"""The owner's confirmation of a reading, bound to exactly what was confirmed (issue 18).

``python -m checker confirm READING`` records who confirmed and when, with a fingerprint:
the sha256 of the canonical JSON of what was signed (the question, the reading or the
chosen alternative, its quotes, and the rules and fields resting on it), and a short hash
of each part, so that when one of them changes later ``verify`` can say which. A
confirmation whose fingerprint does not match (edited since, or typed by hand) does not
count: the reading is ``proposed`` again wherever it is shown.

The record also keeps the words she confirmed (the question and the reading), so that a
lapsed confirmation can say what she confirmed and what the words are now.

``confirm --from FILE`` (contract v4) applies the decisions the owner saved on *Tolkningar*:
per reading, confirmed, an alternative chosen (and so confirmed), or a comment, each with
the fingerprint of the reading as she saw it (:func:`reading_fingerprint`, computed here at
build time into the page). A decision whose reading changed since is refused by name, and
then nothing of the file is applied.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
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


def reading_fingerprint(policy: Policy, interpretation_id: str) -> str:
    """The fingerprint of a reading as the owner sees it on *Tolkningar*: what a confirmation
    signs and every choice offered (the reading, its alternatives and their rules). A decision
    saved with it holds only while all of that is unchanged."""
    item = policy.interpretations[interpretation_id]
    return _digest(
        {
            "signed": signed_parts(policy, interpretation_id),
            "reading": item["reading"],
            "alternatives": item["alternatives"],
            "chosen": policy.choices.get(interpretation_id),
        }
    )


def confirmed_words(policy: Policy, interpretation_id: str) -> dict[str, str]:
    """The words a confirmation is given to: the question and the reading in force."""
    item = policy.interpretations[interpretation_id]
    chosen = policy.choices.get(interpretation_id)
    reading = item["reading"] if chosen is None else policy.alternative(interpretation_id, chosen)["text"]
    return {"question": item["question"], "reading": reading}


def lapsed(policy: Policy, interpretation_id: str) -> dict[str, Any] | None:
    """A confirmation that was given but no longer holds: when, the words then and now
    (None: none was given, or it holds). Words are None where the record has none."""
    item = policy.interpretations[interpretation_id]
    confirmed = item.get("confirmed")
    if confirmed is None or confirmation_problem(policy, interpretation_id) is None:
        return None
    then = confirmed.get("words") or {}
    now = confirmed_words(policy, interpretation_id)
    return {
        "date": str(confirmed["date"]),
        "by": confirmed["by"],
        "then": then.get("reading"),
        "now": now["reading"],
        "question_then": then.get("question"),
        "question_now": now["question"],
        "changed": changed_since(policy, interpretation_id),
    }


def confirmation_problem(policy: Policy, interpretation_id: str) -> str | None:
    """Why a recorded confirmation does not hold (None: it holds, or there is none)."""
    item = policy.interpretations[interpretation_id]
    confirmed = item.get("confirmed")
    if confirmed is None:
        return None
    if "fingerprint" not in confirmed:
        return "bekräftelsen saknar fingeravtryck och räknas inte; bekräfta med 'python -m checker confirm'."
    if confirmed["fingerprint"] == fingerprint(policy, interpretation_id)[0]:
        return None
    if not confirmed.get("parts"):
        return "bekräftelsens fingeravtryck stämmer inte och räknas inte; bekräfta med 'python -m checker confirm'."
    named = ", ".join(changed_since(policy, interpretation_id))
    return f"bekräftelsen gäller inte längre: ändrat sedan den gavs: {named or 'fingeravtrycket'}."


def changed_since(policy: Policy, interpretation_id: str) -> list[str]:
    """The parts of a recorded confirmation that differ now, in words (frågan, regeln X …)."""
    recorded = policy.interpretations[interpretation_id].get("confirmed", {}).get("parts", {})
    parts = fingerprint(policy, interpretation_id)[1]
    changed = [name for name in {**recorded, **parts} if recorded.get(name) != parts.get(name)]
    return [PART_WORDS.get(name, name.replace("rule ", "regeln ").replace("field ", "fältet ")) for name in changed]


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
    start, end = _block(lines, interpretation_id)
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
    said = confirmed_words(policy, interpretation_id)
    record = [
        "    confirmed:",
        f"      date: {date}",
        f"      by: {_quoted(by)}",
        f"      fingerprint: {digest}",
        "      parts:",
        *(f"        {name}: {value}" for name, value in zip(quoted, parts.values(), strict=True)),
        "      words:",
        f"        question: {_quoted(said['question'])}",
        f"        reading: {_quoted(said['reading'])}",
    ]
    status = next(index for index, line in enumerate(block) if line.startswith("    status:"))
    block[status : status + 1] = ["    status: confirmed", *record]
    return "\n".join(lines[:start] + block + lines[end:])


def _quoted(text: str) -> str:
    """A YAML scalar on one line (a JSON string is one)."""
    return json.dumps(text, ensure_ascii=False)


def _block(lines: list[str], interpretation_id: str) -> tuple[int, int]:
    """Where a reading's entry starts and ends among policy.yaml's lines."""
    section = lines.index("interpretations:")
    start = lines.index(f"  - id: {interpretation_id}", section)
    end = start + 1
    while end < len(lines) and not lines[end].startswith("  - ") and not (lines[end] and lines[end][0] != " "):
        end += 1
    return start, end


def _set_key(text: str, interpretation_id: str, key: str, written: list[str]) -> str:
    """policy.yaml's text with one key of a reading's entry (and what is indented under it)
    replaced by ``written``, or added before its status line; every other line as it was."""
    lines = text.split("\n")
    start, end = _block(lines, interpretation_id)
    block = lines[start:end]
    at = next((index for index, line in enumerate(block) if line.startswith(f"    {key}:")), None)
    if at is None:
        at = next(index for index, line in enumerate(block) if line.startswith("    status:"))
        block[at:at] = written
    else:
        stop = at + 1
        while stop < len(block) and block[stop].startswith("      "):
            stop += 1
        block[at:stop] = written
    return "\n".join(lines[:start] + block + lines[end:])


CHOICES = ("confirm",)
"""A decision's ``choice`` besides an option's id: the reading confirmed as it stands."""


@dataclass(frozen=True)
class Decision:
    """One reading's decision as the owner saved it on *Tolkningar*."""

    interpretation: str
    choice: str | None
    """``confirm``, an alternative's id (or the reading's own id, back from a chosen
    alternative), or None: only a comment."""
    comment: str
    fingerprint: str


class DecisionsError(Exception):
    """The decisions file cannot be read as one (a plain Swedish reason)."""


def read_decisions(text: str) -> list[Decision]:
    """The decisions in the file the page saves: ``{"decisions": [{"interpretation", "choice",
    "comment", "fingerprint"}, …]}``. Raises DecisionsError naming what is wrong."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise DecisionsError(f"filen är inte en beslutsfil från sidan Tolkningar (inte JSON: {error.msg}).") from None
    items = data.get("decisions") if isinstance(data, dict) else None
    if not isinstance(items, list) or not items:
        raise DecisionsError("filen är inte en beslutsfil från sidan Tolkningar (inga beslut under 'decisions').")
    decisions = []
    for number, item in enumerate(items, 1):
        fields = ("interpretation", "fingerprint")
        if not isinstance(item, dict) or not all(isinstance(item.get(key), str) and item[key] for key in fields):
            raise DecisionsError(f"beslut {number} saknar 'interpretation' eller 'fingerprint'.")
        choice, comment = item.get("choice"), item.get("comment") or ""
        if not (choice is None or isinstance(choice, str)) or not isinstance(comment, str):
            raise DecisionsError(f"beslut {number} ({item['interpretation']}): 'choice' och 'comment' ska vara text.")
        if choice is None and not comment.strip():
            raise DecisionsError(f"beslut {number} ({item['interpretation']}): varken val eller kommentar.")
        decisions.append(Decision(item["interpretation"], choice or None, comment.strip(), item["fingerprint"]))
    named = [decision.interpretation for decision in decisions]
    twice = sorted({name for name in named if named.count(name) > 1})
    if twice:
        raise DecisionsError(f"samma tolkning har mer än ett beslut i filen: {', '.join(twice)}.")
    return decisions


def refused(policy: Policy, decisions: list[Decision]) -> list[str]:
    """Why each decision that cannot be applied is refused, naming its reading: the reading
    is gone, has changed since the page was saved, or the choice is none of its options."""
    reasons = []
    for decision in decisions:
        name = decision.interpretation
        if name not in policy.interpretations:
            reasons.append(f"tolkningen '{name}' finns inte längre i policyn.")
        elif decision.fingerprint != reading_fingerprint(policy, name):
            reasons.append(
                f"tolkningen '{name}' har ändrats sedan sidan Tolkningar sparades; beslutet gäller något som inte "
                "står där längre. Be rutinens ägare titta på tolkningen igen."
            )
        elif decision.choice is not None and decision.choice not in choices_of(policy, name):
            allowed = ", ".join(choices_of(policy, name))
            reasons.append(f"tolkningen '{name}': valet '{decision.choice}' finns inte (tillåtna: {allowed}).")
    return reasons


def choices_of(policy: Policy, interpretation_id: str) -> list[str]:
    """What a decision may choose: confirm, an alternative, or the reading itself where an
    alternative is chosen (the options *Tolkningar* offers)."""
    chosen = policy.choices.get(interpretation_id)
    others = [item["id"] for item in policy.interpretations[interpretation_id]["alternatives"] if item["id"] != chosen]
    return [*CHOICES, *([interpretation_id] if chosen is not None else []), *others]


def chosen_text(text: str, decision: Decision, by: str, date: str) -> str:
    """policy.yaml's text with a decision's choice of alternative (``chosen``) and comment
    written; the confirmation itself follows once the policy reads the new choice."""
    name = decision.interpretation
    if decision.choice not in (None, *CHOICES):
        value = "null" if decision.choice == name else decision.choice
        text = _set_key(text, name, "chosen", [f"    chosen: {value}"])
    if decision.comment:
        comment = [
            "    comment:",
            f"      date: {date}",
            f"      by: {_quoted(by)}",
            f"      text: {_quoted(decision.comment)}",
        ]
        text = _set_key(text, name, "comment", comment)
    return text
