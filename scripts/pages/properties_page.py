"""The page *Egenskaper som alltid gäller*: the sentences the routine's owner signs about every answer.

Each property stands with its machine form in words and what the build proved of it
(checker.model.properties), so the owner reads the sentence, sees what exactly was compared, and
knows over how many answers it holds. The page's own words are ``texts.properties_page``.
"""

from __future__ import annotations

from typing import Any

from checker.engine.proofs import Proof, failure, prove_all
from checker.model.policy import Policy
from checker.model.properties import BOUND, INCREASING, STRICTNESS, situations_of, values
from checker.model.wording import condition_words, field_phrase, group_conditions, join_all

from .markdown import bullets, heading, page, plain, words
from .reader_pages import NO_PLACE
from .routine import Place

PAGE = "egenskaper.md"
GROUP = "properties_page"


def change_words(policy: Policy, item: dict[str, Any]) -> str:
    """How the property changes its field, as the clauses staff read in the checker."""
    situation_id = situations_of(policy, item)[0]
    if item["change"] == INCREASING:
        field_ = policy.situations[situation_id].fields[item["field"]]
        return words(policy, GROUP, "increasing", field=plain(field_phrase(field_)))
    before, after = (
        "; ".join(group_conditions(policy, situation_id, {item["field"]: values(item["change"][key])}))
        for key in ("from", "to")
    )
    return words(policy, GROUP, "change", before=plain(before), after=plain(after))


def machine_form(policy: Policy, item: dict[str, Any]) -> list[str]:
    """The property's machine form, one line per part: where, what changes, when, and the relation."""
    situations = [policy.situations[situation_id] for situation_id in situations_of(policy, item)]
    lines = [
        words(
            policy,
            GROUP,
            "applies",
            situations=plain(join_all(policy, [situation.label for situation in situations])),
        ),
    ]
    if BOUND not in item:
        lines.append(change_words(policy, item))
    if item.get("when"):
        fields = situations[0].fields
        conditions = [condition_words(policy, fields[key], value) for key, value in item["when"].items()]
        lines.append(words(policy, GROUP, "only_when", conditions=plain(join_all(policy, conditions))))
    if BOUND in item:
        lines.append(words(policy, GROUP, "at_most", bound=plain(policy.text("outcomes", item[BOUND]))))
    else:
        lines.append(words(policy, GROUP, "never", relation=policy.text("properties", item["never"])))
    return lines


def proof_words(policy: Policy, place: Place, proof: Proof) -> list[str]:
    """What the build proved: over how many answers, or where the property fails."""
    if not proof.holds:
        shown = [words(policy, GROUP, "broken", reason=plain(failure(policy, proof).reason))]
        if proof.counterexample:
            cases = [case for case in proof.counterexample[::2] if case is not None]
            shown.append(bullets(f"[{words(policy, 'pages', 'try')}]({place.checker_href(case)})" for case in cases))
        return shown
    if BOUND in proof.property:
        return [words(policy, GROUP, "proven_bound", answers=proof.answers)]
    return [words(policy, GROUP, "proven", answers=proof.answers, pairs=proof.pairs)]


def properties_page(policy: Policy) -> str:
    """Every property: the sentence, its machine form in words, and what the build proved."""
    place = Place(policy, NO_PLACE)
    outcomes = policy.data["texts"]["outcomes"]
    ranks = sorted(set(STRICTNESS.values()))
    order = " < ".join(
        " = ".join(f"*{plain(outcomes[outcome])}*" for outcome, rank in STRICTNESS.items() if rank == level)
        for level in ranks
    )
    blocks = [
        f"# {words(policy, GROUP, 'title')}",
        words(policy, GROUP, "intro"),
        words(policy, GROUP, "order", order=order),
    ]
    for proof in prove_all(policy):
        item = proof.property
        blocks += [
            heading(2, item["says"], f"egenskap-{item['id']}"),
            f"**{words(policy, GROUP, 'machine')}**\n\n" + bullets(machine_form(policy, item)),
            *proof_words(policy, place, proof),
        ]
        if item.get("note"):
            blocks.append(plain(item["note"]))
    return page(*blocks)


def interpretations_link(policy: Policy) -> str:
    """The one line on *Tolkningar* that leads here."""
    return words(policy, GROUP, "from_interpretations", link=f"[{words(policy, GROUP, 'title')}]({PAGE})")
