"""The pages around the routine: start, version history, links, glossary.

Each is a function from the policy model to Markdown; the Swedish words that frame the
policy's own content stand in policy.yaml, one group of ``texts`` per page (``start_page``,
``history_page``, ``links_page``, ``glossary_page``).
"""

from __future__ import annotations

import datetime
import html
from typing import Any

from checker.model.fields import Field
from checker.model.policy import Policy

from .markdown import bullets, heading, page, plain, scroll_box, table, words
from .routine import Place, deciding_example, first_sentence

NO_PLACE: frozenset[str] = frozenset()


def top_sections(policy: Policy) -> list[dict[str, Any]]:
    return policy.data["sections"]


MORE = (
    ("vad-rutinen-inte-reglerar.md", "questions_page", "more_questions"),
    ("tolkningar.md", "interpretations_page", "more_interpretations"),
    ("hela-rutinen.md", "whole_routine_page", "more_whole_routine"),
    ("vad-har-andrats.md", "changes_page", "more_changes"),
    ("versionshistorik.md", "history_page", None),
    ("lanka-till-rutinen.md", "links_page", "more_links"),
    ("ordlista.md", "glossary_page", None),
    ("tillganglighetsredogorelse.md", "accessibility_page", None),
)
"""The pages around the routine the start page lists: file, the page's texts (its title) and
what the start page says about it, if anything."""


def start_page(policy: Policy) -> str:
    """What the routine is for, where to start reading, and the way to the checker."""
    meta = policy.data["meta"]
    place = Place(policy, NO_PLACE)
    # Each question opens the checker with its situation chosen (the contract's link, ?situation=ID).
    questions = bullets(
        f"[{plain(situation.data['question'])}]({place.checker_href({'situation': situation.id})})"
        for situation in policy.situations.values()
    )
    sections = bullets(
        f"[{plain(section['title'])}]({place.section_href(section['id'])})" for section in top_sections(policy)
    )
    more = [
        f"[{words(policy, group, 'title')}]({file})" + (f" – {words(policy, 'start_page', about)}" if about else "")
        for file, group, about in MORE
    ]
    return page(
        f"# {plain(meta['title'])}",
        words(policy, "start_page", "intro", organisation=plain(meta["organisation"]), approved=meta["approved"]),
        f'!!! tip "{words(policy, "start_page", "checker_title")}"\n\n'
        f"    {words(policy, 'start_page', 'checker')}\n\n"
        + "\n".join("    " + line for line in questions.splitlines())
        + f"\n\n    [{words(policy, 'start_page', 'open_checker')}](kontroll/index.md){{ .md-button .md-button--primary }}",
        heading(2, words(policy, "start_page", "sections"), "rutinens-avsnitt"),
        sections,
        heading(2, words(policy, "start_page", "more"), "mer-om-rutinen"),
        bullets(more),
    )


def history_page(policy: Policy) -> str:
    """The routine's own history and the policy's versions."""
    meta = policy.data["meta"]

    def say(key: str, **values: str) -> str:
        return words(policy, "history_page", key, **values)

    history = [
        [str(item["date"]) if item["date"] else say("no_date"), plain(item["change"])] for item in meta["history"]
    ]
    changes = [[item["version"], str(item["date"]), plain(item["change"])] for item in meta["policy_changes"]]
    return page(
        f"# {say('title')}",
        say("intro", version=meta["version"], approved=meta["approved"], organisation=plain(meta["organisation"])),
        heading(2, say("routine_history"), "rutinens-historik"),
        table([say("date"), say("change")], history),
        heading(2, say("policy_versions"), "policyns-versioner"),
        say("policy_versions_intro"),
        table([say("version"), say("date"), say("change")], changes),
    )


def field_values(policy: Policy, field: Field) -> str:
    """The values a field takes in a link, with what each means (a number: its range; a text: its length)."""
    named = field.named_values()
    if named:
        return ", ".join(f"`{value}` ({plain(meaning)})" for value, meaning in named)
    if field.counted:
        return plain(policy.text("wording", "integer_range").format(min=field.data["min"], max=field.data["max"]))
    return words(policy, "links_page", "text_values", max_length=field.data["max_length"])


def field_default(policy: Policy, field: Field) -> str:
    """What a link that leaves the field out gets: required, the contract's default, or nothing."""
    if field.required:
        return words(policy, "links_page", "required")
    if "default" in field.data:
        default = field.default
        if isinstance(default, bool):
            answer = policy.text("checker_page", "answer_yes" if default else "answer_no")
            return words(policy, "links_page", "default_answer", value=f"`{str(default).lower()}`", answer=answer)
        return f"`{default}`"
    return words(policy, "links_page", "optional")


def links_page(policy: Policy) -> str:
    """For web editors: the easy way to link a filled-in question (the checker's own "Kopiera
    länk"), what a link that leaves a yes/no question out means, then every address by hand:
    the checker's fields and values, each section and each rule."""
    place = Place(policy, NO_PLACE)

    def say(key: str, **values: str) -> str:
        return words(policy, "links_page", key, **values)

    section_rows = [
        [f"[{plain(section['title'])}]({place.section_href(section_id)})", f"`{policy.section_link(section_id)}`"]
        for section_id, section in policy.sections.items()
    ]
    rule_rows = [
        [
            f"[{plain(first_sentence(rule['then']['says']).rstrip('.'))}]({place.rule_href(rule_id)})",
            plain(policy.sections[rule["section"]]["title"]),
            f"`{policy.rule_link(rule_id)}`",
        ]
        for rule_id, rule in policy.rules.items()
    ]
    sample = place.checker_href(deciding_example(policy, next(iter(policy.rules)))["scenario"])
    blocks = [
        f"# {say('title')}",
        say("intro"),
        heading(2, say("checker"), "lanka-till-kontrollen"),
        say("easy", checker="kontroll/index.md", copy_link=policy.text("checker_page", "copy_link")),
        say(
            "omitted",
            no=policy.text("checker_page", "answer_no"),
            yes=policy.text("checker_page", "answer_yes"),
        ),
        heading(3, say("by_hand"), "adressen-for-hand", searched=False),
        say("checker_intro", example=f"`{sample.replace('/index.md', '/')}`", link=f"[{say('try')}]({sample})"),
    ]
    for situation in policy.situations.values():
        rows = [
            [f"`{field.id}`", plain(field.label), field_values(policy, field), field_default(policy, field)]
            for field in situation.fields.values()
        ]
        blocks += [
            heading(
                4, say("situation", label=situation.label, id=situation.id), f"kontroll-{situation.id}", searched=False
            ),
            f"*{plain(situation.data['question'])}*",
        ]
        header = [say("field"), say("question"), say("values"), say("omitted_column")]
        label = say("situation", label=situation.label, id=situation.id)
        blocks.append(scroll_box(label, table(header, rows)) if rows else say("no_fields"))
    blocks += [
        heading(2, say("sections"), "avsnitt", searched=False),
        say("sections_intro"),
        scroll_box(say("sections"), table([say("sections"), say("address")], section_rows)),
        heading(2, say("rules"), "regler", searched=False),
        scroll_box(say("rules"), table([say("rule"), say("sections"), say("address")], rule_rows)),
    ]
    return page(*blocks)


def glossary_page(policy: Policy) -> str:
    """The glossary; the same terms are tooltips on every page (see :func:`abbreviations`)."""
    entries = [f"{plain(item['term'])}\n:   {plain(item['definition'])}" for item in policy.data["glossary"]]
    return page(
        f"# {words(policy, 'glossary_page', 'title')}", words(policy, "glossary_page", "intro"), "\n\n".join(entries)
    )


def abbreviations(policy: Policy) -> str:
    """The glossary as abbreviations, appended to every page by pymdownx.snippets."""
    return "\n".join(f"*[{item['term']}]: {item['definition']}" for item in policy.data["glossary"]) + "\n"


def policy_version_line(policy: Policy) -> str:
    """The policy version and the day it applies from, appended to every page by pymdownx.snippets."""
    meta = policy.data["meta"]
    line = words(
        policy,
        "pages",
        "policy_version",
        version=meta["version"],
        applies_from=meta["applies_from"],
        title=plain(meta["title"]),
        organisation=plain(meta["organisation"]),
        approved=meta["approved"],
    )
    return f"{line}\n{{: .policyversion }}\n"


def review_banner(policy: Policy, today: datetime.date) -> str:
    """The theme's announcement bar (overrides/main.html): a notice on every page once the
    routine's review date (``meta.review_by``) has passed.

    The site is built once and served for months, so the notice is also written, hidden, when
    the date is still ahead; a small script (docs/javascripts/oversyn.js) shows it when the
    day comes. Without a review date there is no notice at all.
    """
    review_by = policy.data["meta"].get("review_by")
    block = ""
    if review_by:
        hidden = "" if datetime.date.fromisoformat(str(review_by)) < today else " hidden"
        notice = words(policy, "pages", "review_notice", date=review_by)
        block = f'<p class="oversyn" data-review-by="{html.escape(str(review_by))}"{hidden}>{html.escape(notice)}</p>'
    return (
        "{# Genererad av scripts/generate_pages.py ur policy.yaml (meta.review_by); ändra inte här. #}\n"
        '{% extends "base.html" %}\n'
        f"{{% block announce %}}{block}{{% endblock %}}\n"
    )
