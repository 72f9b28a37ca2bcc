"""The texts the code fills in (``texts`` in policy.yaml), with the placeholders each may use.

The page generator's groups live in :mod:`checker.model.page_texts`; here the checker's own
and the check that the file has exactly these texts, each with only its placeholders.
"""

from __future__ import annotations

import string
from typing import Any

from .operators import OPERATORS
from .page_texts import PAGE_TEXTS
from .policy import CHANGE_PARTS, OUTCOMES
from .source import Lines

_ERROR = {"field", "given", "allowed"}


REQUIRED_TEXTS: dict[str, dict[str, set[str]]] = {
    "outcomes": {outcome: set() for outcome in OUTCOMES},
    "errors": {
        "not_an_object": _ERROR,
        "too_large": _ERROR | {"limit"},
        "invalid_json": _ERROR | {"reason"},
        "missing": _ERROR | {"label"},
        "unknown_field": _ERROR | {"situation"},
        "unknown_value": _ERROR | {"label"},
        "not_boolean": _ERROR | {"label"},
        "not_integer": _ERROR | {"label", "min", "max"},
        "out_of_range": _ERROR | {"label", "min", "max"},
        "not_text": _ERROR | {"label"},
        "too_long": _ERROR | {"label", "max_length"},
        "repeated": _ERROR,
        "repeated_in_json": _ERROR,
        "number_too_large": _ERROR | {"label", "min", "max", "digits"},
        "too_deep": set(),
    },
    "wording": {
        **{key: operator.placeholders() for operator in OPERATORS.values() for key in operator.wording},
        "hint_change": {"field", "value"},
        "or": set(),
        "and": set(),
        "hint": {"change"},
        "hint_below": {"value", "unit"},
        "hint_at_least": {"value", "unit"},
        "hint_between": {"low", "high", "unit"},
        "integer_range": {"min", "max"},
        "see_routine": {"routine"},
        "routine_named": {"title"},
        "find_routine": {"title"},
        "hint_with_note": {"change", "note"},
        "nothing_given": set(),
        "situation": set(),
    },
    "consent": {
        "required": set(),
        "not_required": set(),
        "method": {"method"},
        "documented": set(),
        "documented_unknown": set(),
        "not_documented": set(),
        "journal_text": {"text"},
    },
    "report": {
        "title": {"outcome"},
        "rules": {"rules"},
        "conditions": set(),
        "messages": {"title"},
        "sources": {"sources"},
        "hints": set(),
        "policy_version": {"version"},
        "not_covered": set(),
        "references": set(),
        "interpretations": set(),
        "interpretation": {"question", "reading", "status", "link"},
        "proposed": set(),
        "confirmed": set(),
    },
    "changes": {
        "title": {"old", "new", "count", "scenarios"},
        "none": {"old", "new"},
        "situation_missing": set(),
        "before": {"verdict"},
        "after": {"verdict"},
        "rules": {"rules"},
        "try": {"link"},
        "changed_in": {"version", "date", "what"},
        "changed_outcome": {"before"},
        "changed_new": set(),
        "changed_same": {"parts"},
        **{f"changed_{part}": set() for part in CHANGE_PARTS if part != "outcome"},
    },
    # checker.revision: the report of `source` and of the page ny-rutintext/, one set of words.
    "revision_report": {
        "file": {"file"},
        "compared": {"policy_file", "version"},
        "compared_follows": {"policy_file", "version", "source"},
        "agrees": {"sections", "sentences"},
        "differs": {"summary"},
        "section": {"title", "section"},
        "new_section": {"title"},
        **{key: set() for key in ("sections", "text", "text_legend", "rules", "interpretations", "normative")},
        "section_removed": {"section"},
        "section_renamed": {"section", "title"},
        "section_untitled": {"section"},
        "section_added": {"title", "section"},
        **{f"text_{kind}": {"section"} for kind in ("changed", "removed", "added")},
        "quote": {"id", "title", "status"},
        **{key: set() for key in ("quote_vanished", "quote_list_changed", "quote_changed")},
        **{
            f"count_{kind}_{number}": {"count"}
            for kind in ("sections", "changes", "rules", "interpretations", "normative")
            for number in ("one", "many")
        },
        # checker.revision.impact: one line per change, on the page ny-rutintext/.
        "empty": set(),
        "change_line": {"change", "impact"},
        "change_section": {"title"},
        "change_sentence": {"title", "sentence"},
        "impact_editorial": set(),
        "impact": {"answers", "rules", "interpretations", "questions"},
        "impact_with_normative": {"impact", "normative"},
        "value_computed": {"label", "before", "after", "answers"},
        "value_not_computed": {"label", "before", "after", "reason"},
        "value_unknown_item": {"item"},
        "value_conflict": set(),
        **{
            f"impact_{kind}_{number}": {"count"}
            for kind in ("answers", "rules", "interpretations", "questions", "normative")
            for number in ("one", "many")
        },
    },
    # checker.revision.routine_file: why a text of the routine cannot be read.
    "routine_file": {
        **{key: set() for key in ("not_found", "not_text", "old_word", "damaged_word")},
        "unreadable": {"reason"},
    },
    # Filled in by the browser (dom.js format()), which would show an unknown {x} as it is.
    "checker_page": {
        **{
            key: set()
            for key in (
                "situation_legend",
                "answer_yes",
                "answer_no",
                "optional",
                "submit",
                "loading_runtime",
                "loading_checker",
                "ready",
                "waiting",
                "incomplete",
                "failed",
                "failed_no_wasm",
                "failed_timeout",
                "failed_help",
                "to_routine",
                "error_summary",
                "error_prefix",
                "verdict_label",
                "rules",
                "consent",
                "journal_text",
                "conditions",
                "messages",
                "hints",
                "references",
                "copy_journal",
                "copy_link",
                "copied",
                "copy_failed",
                "link_help",
                "changed_link",
            )
        },
        "failed_error": {"detail"},
        "rule_when": {"conditions"},
        "rule_link": {"section"},
        "read_routine": {"section"},
        "copy_message": {"title"},
        **{
            key: set()
            for key in (
                "interpretations",
                "interpretations_proposed",
                "ask_owner",
                "ask_owner_help",
                "ask_owner_unset",
                "link_answers",
                "print_quote",
            )
        },
        "interpretation_reading": {"reading"},
        "ask_owner_subject": {"title"},
        "ask_owner_body": {"question", "link", "version"},
        "print_title": {"title"},
        "print_question": {"question"},
        "print_date": {"date"},
        "decided_elsewhere": {"routine"},
        "ask_owner_who": {"who"},
        "assumed": {"question", "answer"},
        "unused": {"question", "answer"},
        "not_asked": {"questions"},
        "intro": set(),
        "ignored": {"names"},
        "link_missing": set(),
        "announce": {"outcome", "sentence"},
        "answers_title": set(),
        "change": set(),
        "change_hidden": {"question"},
        "form_title": set(),
        "new_question": set(),
        "link_wrong": {"questions"},
        "link_wrong_unknown": set(),
        "link_wrong_situation": set(),
        "link_wrong_help": set(),
        "link_details": set(),
        "field_wrong": set(),
        "owner_role": set(),
        "documentation": set(),
        "reminders": set(),
        "unanswered": {"questions"},
        "print_link": {"link"},
    },
    # engine.documentation(): what every verdict says about the journal.
    "documentation": {
        "journal_text": {"text"},
        "consent_documented": set(),
        "consent_unknown": set(),
        "no_entry": set(),
        "not_covered": set(),
    },
    # checker.engine.proofs: why a property the owner signs does not hold (verify, and its page).
    "properties": {
        "stricter": set(),
        "more_permissive": set(),
        "counterexample": {"says", "before", "outcome_before", "after", "outcome_after", "relation", "count"},
        "counterexample_bound": {"says", "before", "outcome_before", "bound", "count"},
        "nothing_compared": {"says"},
    },
    **PAGE_TEXTS,
}
"""Texts the code fills in, with the placeholders each may use: a template asking for another
one would fail only when a user hits it, so loading refuses it instead. These are all the
texts there are: one no code asks for is an error too (a misspelt key, or copy left behind)."""


def check_texts(data: dict[str, Any], lines: Lines) -> None:
    """Every group and text the code asks for, none other, each with only its placeholders."""
    for group, texts in data["texts"].items():
        if group not in REQUIRED_TEXTS:
            raise lines.error(
                ("texts", group), f"okänd grupp '{group}' i texts (tillåtna: {', '.join(REQUIRED_TEXTS)})."
            )
        unused = [key for key in texts if key not in REQUIRED_TEXTS[group]]
        if unused:
            raise lines.error(
                ("texts", group, unused[0]),
                f"texts.{group}.{unused[0]} används inte av någon sida eller av kontrollen.",
            )
    for group, keys in REQUIRED_TEXTS.items():
        if group not in data["texts"]:
            raise lines.error(("texts",), f"texts saknar gruppen '{group}'.")
        for key, allowed in keys.items():
            if key not in data["texts"][group]:
                raise lines.error(("texts", group), f"texts.{group} saknar texten '{key}'.")
            try:
                used = {
                    name for _, name, _, _ in string.Formatter().parse(data["texts"][group][key]) if name is not None
                }
            except ValueError:
                raise lines.error(
                    ("texts", group, key),
                    f"texts.{group}.{key} har en ensam {{ eller }}; skriv {{{{ eller }}}} för tecknet.",
                ) from None
            unknown = sorted(used - allowed)
            if unknown:
                words = ", ".join("{" + name + "}" for name in sorted(allowed)) or "inga"
                raise lines.error(
                    ("texts", group, key),
                    f"texts.{group}.{key} använder {{{unknown[0]}}}, som inte finns här (tillåtna: {words}).",
                )
