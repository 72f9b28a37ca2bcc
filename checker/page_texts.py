"""The routine site's own words (scripts/pages), with the values each text may ask for.

The pages' headings and sentences stand in ``policy.yaml`` under ``texts``, one group per
page, beside the checker's texts, so that the Swedish a reader sees has one home and the
page code holds only the Markdown around it. They are registered here, like the checker's
own texts in :data:`checker.policy.REQUIRED_TEXTS`, so that a missing text, a text no page
uses, or a template asking for a value the page does not give stops loading with its line
instead of breaking the site build (or a page) later.
"""

from __future__ import annotations

REPORT_GROUPS = ("sections", "text", "rules", "interpretations", "normative")
"""The groups of checker.revision.report(); the page has a heading and a meaning for each."""


def _words(*keys: str) -> dict[str, set[str]]:
    """Texts that are written as they stand (no values filled in)."""
    return {key: set() for key in keys}


PAGE_TEXTS: dict[str, dict[str, set[str]]] = {
    # Words on several pages.
    "pages": {
        "try": set(),
        "policy_version": {"version", "applies_from", "title", "organisation", "approved"},
        "review_notice": {"date"},
    },
    "start_page": {
        **_words(
            "checker_title",
            "checker",
            "open_checker",
            "sections",
            "more",
            "more_questions",
            "more_interpretations",
            "more_whole_routine",
            "more_changes",
            "more_links",
        ),
        "intro": {"organisation", "approved"},
    },
    "routine_page": {
        **_words(
            "consent",
            "journal_copy",
            "exceptions",
            "quote",
            "note",
            "see",
            "rests_on",
            "consequence",
            "consequence_note",
        ),
        "rule_title": {"outcome"},
        "example": {"name"},
        "applies": {"situation"},
        "applies_always": {"situation"},
    },
    "routine_tables": {
        **_words("consent_caption", "consent_header"),
        "intro": {"rows", "columns"},
        "split_caption": {"caption", "value"},
    },
    "whole_routine_page": {"title": set(), "intro": {"title"}},
    "questions_page": {
        **_words("title", "no_owner", "try", "answer"),
        "intro": {"scenarios", "not_covered", "questions", "interpretations"},
        "applies_one": {"count", "situation", "sections"},
        "applies_many": {"count", "situation", "sections"},
    },
    "interpretations_page": {
        **_words(
            "title",
            "intro",
            "print_intro",
            "reading",
            "alternatives",
            "quotes",
            "rules",
            "no_impact",
            "wording_only",
            "part_consent",
            "part_conditions",
            "part_messages",
            "and",
            "status",
            "proposed",
            "sheet_reading",
            "sheet_decision",
            "sheet_confirm",
            "sheet_choose",
            "sheet_other",
            "sheet_comment",
            "sheet_wording_only",
            "sign_date",
            "sign_signature",
            "sign_name",
        ),
        "impact_one": {"count"},
        "impact_many": {"count"},
        "impact_rules_only": {"count"},
        "impact_example": {"now", "then", "answers"},
        "impact_example_same_outcome": {"now", "what", "answers"},
        "field": {"field"},
        "confirmed": {"date", "by"},
        "sheet_version": {"version"},
        "sheet_changes": {"count"},
        "sheet_signed": {"version"},
    },
    "changes_page": {
        **_words("title", "intro", "none", "rules_now", "rules_before"),
        "step": {"new", "date", "old"},
        "about": {"change"},
        "count": {"count", "scenarios"},
        "when": {"situation"},
        "what": {"count"},
        "outcome_changed": {"before", "after"},
        "outcome_same": {"after"},
        "outcome_new": {"after"},
        **{
            f"{kind}_{change}": {"diff"}
            for kind in ("consent", "condition")
            for change in ("added", "removed", "changed")
        },
        "message_added": {"title"},
        "message_removed": {"title"},
        "message_changed": {"title", "diff"},
        **{f"reading_{change}": {"reading"} for change in ("added", "removed")},
        "reading_status": {"reading", "status"},
        "readings_only": {"scenarios", "interpretations"},
    },
    "moved_page": {"title": set(), "text": {"section"}},
    "history_page": {
        **_words(
            "title",
            "routine_history",
            "no_date",
            "date",
            "change",
            "policy_versions",
            "policy_versions_intro",
            "version",
        ),
        "intro": {"version", "approved", "organisation"},
    },
    "links_page": {
        **_words(
            "title",
            "intro",
            "checker",
            "by_hand",
            "sections",
            "sections_intro",
            "address",
            "rules",
            "rule",
            "try",
            "field",
            "question",
            "values",
            "omitted_column",
            "no_fields",
            "required",
            "optional",
        ),
        "easy": {"checker", "copy_link"},
        "omitted": {"no", "yes"},
        "default_answer": {"value", "answer"},
        "checker_intro": {"example", "link"},
        "situation": {"label", "id"},
        "text_values": {"max_length"},
    },
    "revision_page": {
        **_words(
            "title",
            "link",
            "private",
            "noscript",
            "text_label",
            "text_help",
            "file_label",
            "file_help",
            "submit",
            "loading",
            "ready",
            "working",
            "empty",
            "compared_text",
            "report_title",
            "agrees_meaning",
            "differs_meaning",
            "print",
            "interpretation_link",
            *(f"{part}_{kind}" for part in ("heading", "meaning") for kind in REPORT_GROUPS),
        ),
        "intro": {"version"},
        "failed": {"detail"},
        "file_error": {"name", "reason"},
        "compared_file": {"name"},
        "compared_with": {"version"},
        "rule_reach": {"count", "total"},
    },
    "glossary_page": _words("title", "intro"),
    "accessibility_page": {
        **_words(
            "title",
            "how_accessible",
            "how_accessible_text",
            "not_working",
            "not_working_text",
            "report",
            "supervision",
            "supervision_text",
            "known",
            "known_text",
            "tested",
            "tested_text",
        ),
        "intro": {"organisation", "title"},
        "report_to": {"contact"},
        "report_unset": {"organisation"},
        "reviewed": {"date"},
    },
}
