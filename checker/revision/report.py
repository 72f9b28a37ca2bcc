"""A comparison of a routine's text with the policy in the owner's words: grouped findings,
their summary line, and the text ``python -m checker source`` prints (the page ny-rutintext/
shows the same groups). Every sentence is one of ``texts.revision_report``.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..model.policy import Policy
from .align import sentences
from .comparison import Parts, QuoteChange, Revision, SectionChange, diff_line
from .routine_file import UnreadableFile


@dataclass
class Finding:
    """One finding, in the words the terminal prints and the page shows.

    ``id`` is the rule's or the reading's id (quote groups) and ``section`` the policy's section
    it is in, so the page can link them and mark them (``data-rule``, ``data-interpretation``).
    """

    line: str
    parts: Parts = field(default_factory=list)
    """The words that changed, where the finding is a change of words."""
    sentence: str = ""
    """A new normative sentence, as the text has it."""
    id: str | None = None
    section: str | None = None
    said: str = ""
    """What the page shows instead of ``line``, where ``line`` names a rule or reading by its
    id for the maintainer: the page names it by its own words, above (a quote's status)."""


@dataclass
class Group:
    kind: str  # "sections", "text", "rules", "interpretations" or "normative"
    heading: str
    findings: list[Finding]


def _say(policy: Policy, key: str, **values: object) -> str:
    return policy.text("revision_report", key).format(**values)


def summary(policy: Policy, revision: Revision) -> str:
    """The report's last line: that the text agrees, or how many findings of each kind (or
    that it is empty: one sentence, not every section reported removed)."""
    if revision.empty:
        return _say(policy, "empty")
    if revision.agrees:
        count = sum(len(sentences(section.get("text", ""))) for section in policy.sections.values())
        return _say(policy, "agrees", sections=len(policy.sections), sentences=count)
    counts = [
        ("sections", len(revision.sections)),
        ("changes", len(revision.changes)),
        ("rules", sum(quote.kind == "rule" for quote in revision.quotes)),
        ("interpretations", sum(quote.kind == "interpretation" for quote in revision.quotes)),
        ("normative", len(revision.normative)),
    ]
    shown = ", ".join(
        _say(policy, f"count_{kind}_{'one' if count == 1 else 'many'}", count=count) for kind, count in counts if count
    )
    return _say(policy, "differs", summary=shown)


def report(policy: Policy, revision: Revision) -> list[Group]:
    """The findings in the owner's words, grouped as both the terminal and the page show them."""
    titles = {section_id: section["title"] for section_id, section in policy.sections.items()}

    def label(section: str | None, title: str) -> str:
        return (
            _say(policy, "section", title=title, section=section)
            if section
            else _say(policy, "new_section", title=title)
        )

    def section_line(change: SectionChange) -> str:
        named = label(change.section, change.title)
        if change.kind == "removed":
            return _say(policy, "section_removed", section=named)
        if change.kind == "renamed":
            if change.new_title:
                return _say(policy, "section_renamed", section=named, title=change.new_title)
            return _say(policy, "section_untitled", section=named)
        after = change.after or ""
        return _say(policy, "section_added", title=change.title, section=label(after, titles[after]))

    def quote_status(quote: QuoteChange) -> str:
        key = (
            "quote_vanished"
            if quote.status == "vanished"
            else "quote_list_changed"
            if quote.quote.rstrip().endswith(":")
            else "quote_changed"
        )
        return _say(policy, key)

    def quote_line(quote: QuoteChange) -> str:
        return _say(policy, "quote", id=quote.rule, title=titles[quote.section], status=quote_status(quote))

    groups = [
        Group(
            "sections",
            _say(policy, "sections"),
            [Finding(section_line(change), section=change.section) for change in revision.sections],
        ),
        Group(
            "text",
            _say(policy, "text"),
            [
                Finding(
                    _say(policy, f"text_{change.kind}", section=label(change.section, change.section_title)),
                    change.parts,
                    section=change.section,
                )
                for change in revision.changes
            ],
        ),
        *(
            Group(
                kind,
                _say(policy, kind),
                [
                    Finding(
                        quote_line(quote),
                        quote.parts,
                        id=quote.rule,
                        section=quote.section,
                        said=quote_status(quote)[:1].upper() + quote_status(quote)[1:],
                    )
                    for quote in revision.quotes
                    if quote.kind == one
                ],
            )
            for kind, one in (("rules", "rule"), ("interpretations", "interpretation"))
        ),
        Group(
            "normative",
            _say(policy, "normative"),
            [
                Finding(label(item.section, item.section_title), sentence=item.sentence, section=item.section)
                for item in revision.normative
            ],
        ),
    ]
    return [group for group in groups if group.findings]


def render(policy: Policy, revision: Revision, policy_file: str, impact: Sequence[str] = ()) -> str:
    """The comparison as Swedish text for the routine's owner in a terminal: first what the
    desk shows first (``impact``: one line per change, then the answers a new value changes),
    then the findings in detail."""
    follows = policy.data["meta"].get("source")
    lines = [
        _say(policy, "file", file=revision.file),
        _say(policy, "compared_follows", policy_file=policy_file, version=policy.version, source=follows)
        if follows
        else _say(policy, "compared", policy_file=policy_file, version=policy.version),
    ]
    if revision.agrees or revision.empty:
        return "\n".join([*lines, summary(policy, revision)])

    def wrapped(text: str) -> list[str]:
        return textwrap.wrap(
            text, 100, initial_indent="    ", subsequent_indent="    ", break_long_words=False, break_on_hyphens=False
        )

    lines += impact
    for group in report(policy, revision):
        legend = f" ({_say(policy, 'text_legend')})" if group.kind == "text" else ""
        lines += ["", f"{group.heading}{legend}:"]
        for finding in group.findings:
            detail = diff_line(finding.parts) if finding.parts else f"”{finding.sentence}”" if finding.sentence else ""
            lines.append(f"  {finding.line}:" if detail else f"  {finding.line}")
            lines += wrapped(detail) if detail else []
    lines += ["", summary(policy, revision)]
    return "\n".join(lines)


def unreadable(policy: Policy, error: UnreadableFile) -> str:
    """Why a routine's file cannot be read, in the owner's words (texts.routine_file)."""
    return policy.text("routine_file", error.reason).format(reason=error.detail)
