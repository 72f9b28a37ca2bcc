"""One verdict says one thing: the checks that every verdict of the answer space must pass.

A verdict is read by a nurse as one answer: the outcome, the consent, the conditions and
steps, the reminders beside it, the hints and the sentence on documentation. Reviews of the
policy kept finding verdicts whose parts disagreed (a reminder saying the consent is
documented in the journal on a verdict that asks for no entry; a duty on a case the routine
does not decide; a line printed twice). These checks make such verdicts impossible: `verify`
runs them on every scenario and the build stops at the first that fails, naming it.

Nothing here knows the routine: how a line speaks of the journal is the policy's own data
(``documentation.journal``), matched as phrases.
"""

from __future__ import annotations

from typing import Any

from ..model.policy import Policy
from ..model.wording import routine_named

JOURNAL_CLAIMS = ("entry", "no_entry", "open")
"""What a line can say about the journal: an entry is made, none is, the routine does not say."""


def journal_claim(policy: Policy, line: str) -> str | None:
    """What one line says about the journal (one of :data:`JOURNAL_CLAIMS`), None if nothing.

    Raises ValueError for a line that speaks of the journal in words the policy has not
    sorted: a new wording must be sorted before it can be shown, or the check would miss it.
    """
    phrases = policy.data["documentation"].get("journal")
    if phrases is None:
        return None  # a policy from before the phrases were sorted: nothing to check against
    folded = line.casefold()
    if not any(word.casefold() in folded for word in phrases["words"]):
        return None
    found = [
        (len(phrase), kind)
        for kind in (*JOURNAL_CLAIMS, "not_documentation")
        for phrase in phrases[kind]
        if phrase.casefold() in folded
    ]
    if not found:
        raise ValueError(line)
    kind = max(found)[1]
    return None if kind == "not_documentation" else kind


def lines_of(verdict: dict[str, Any]) -> list[tuple[str, str]]:
    """Every line a nurse reads on the verdict, with the part it stands in."""
    lines = [("says", item["says"]) for item in verdict["explanation"]]
    lines += [("conditions", text) for text in verdict["conditions"]]
    lines += [("reminders", item["text"]) for item in verdict["reminders"]]
    lines += [("hints", text) for text in verdict["hints"]]
    lines.append(("documentation", verdict["documentation"]["text"]))
    return lines


def consent_claim(consent: dict[str, Any] | None) -> str | None:
    """What the verdict's consent says about the journal."""
    if consent is None:
        return None
    documented = consent["documented_in_journal"]
    return "open" if documented is None else "entry" if documented else "no_entry"


def problems(policy: Policy, verdict: dict[str, Any]) -> list[str]:
    """What makes a verdict say two things, in words (empty: it says one thing)."""
    found: list[str] = []
    claims: dict[str, list[str]] = {}
    consent = consent_claim(verdict["consent"])
    if consent:
        claims.setdefault(consent, []).append("samtycket")
    seen: set[str] = set()
    for part, line in lines_of(verdict):
        try:
            claim = journal_claim(policy, line)
        except ValueError:
            found.append(
                f"raden talar om journalen med ord som policyn inte sorterat (documentation.journal): ”{line}”"
            )
            continue
        if claim:
            claims.setdefault(claim, []).append(part)
        if part != "says" and line in seen:
            found.append(f"raden står två gånger: ”{line}”")
        if part != "says":
            seen.add(line)
    if len(claims) > 1:
        said = "; ".join(f"{claim} ({', '.join(parts)})" for claim, parts in claims.items())
        found.append(f"svaret säger olika om journalen: {said}")
    if verdict["outcome"] == "not_covered":
        found += _duties_of_open_case(policy, verdict, claims)
    return found


def _duties_of_open_case(policy: Policy, verdict: dict[str, Any], claims: dict[str, list[str]]) -> list[str]:
    """A case the routine does not decide asserts no duty beyond pointing to who decides."""
    pointers = {
        policy.text("wording", "see_routine").format(routine=routine_named(policy, policy.references[reference["id"]]))
        for reference in verdict["references"]
    }
    found = []
    if verdict["consent"] is not None:
        found.append("ett fall som rutinen inte avgör kräver ändå samtycke")
    if verdict["messages"]:
        found.append("ett fall som rutinen inte avgör har ändå exempelmeddelanden")
    duties = [text for text in verdict["conditions"] if text not in pointers]
    if duties:
        found.append(f"ett fall som rutinen inte avgör ställer ändå villkor: {duties}")
    if claims:
        found.append(f"ett fall som rutinen inte avgör säger ändå något om journalen: {sorted(claims)}")
    return found
