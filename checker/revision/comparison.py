"""What comparing a routine's text with the policy found (checker.revision.align finds it):
sections added, removed or renamed, sentences changed, quotes that no longer stand, new
normative sentences, and a change of words as runs (``Parts``) and as text. The report (checker.revision.report) and the desk read these records.
"""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class SectionChange:
    kind: str  # "added", "removed" or "renamed"
    section: str | None  # the policy's id; None for an added section
    title: str  # the policy's title, or the new section's
    new_title: str | None = None  # renamed: the title in the text ("" when the text has none)
    after: str | None = None  # added: the section it follows


Parts = list[tuple[str, str]]
"""A word diff as runs of words: ("same" | "del" | "ins", the words), for the page's <del>/<ins>."""


@dataclass
class TextChange:
    kind: str  # "changed", "removed" or "added"
    section: str | None
    section_title: str
    old: str
    new: str
    diff: str
    parts: Parts = field(default_factory=list)
    span: tuple[int, int] = (0, 0)
    """The policy's words it replaces (positions in the policy's stream): what rests on them."""


@dataclass
class QuoteChange:
    rule: str
    """The id of the rule, the interpretation or the owner question (``kind``) whose quote it is."""
    section: str
    quote: str
    status: str  # "changed" or "vanished"
    diff: str
    kind: str = "rule"  # "interpretation": a reading rests on the sentence too; "question": an owner question
    parts: Parts = field(default_factory=list)
    span: tuple[int, int] = (0, 0)
    """The quote's words in the policy's stream (with a list it introduces)."""


@dataclass
class NormativeSentence:
    section: str | None
    section_title: str
    sentence: str


@dataclass
class Revision:
    """Everything in which a text of the routine differs from the policy's sections."""

    file: str
    sections: list[SectionChange] = field(default_factory=list)
    changes: list[TextChange] = field(default_factory=list)
    quotes: list[QuoteChange] = field(default_factory=list)
    normative: list[NormativeSentence] = field(default_factory=list)
    questions: list[QuoteChange] = field(default_factory=list)
    """The owner questions whose quoted sentence changed (what the report's line per change
    counts; no finding of its own: the question is asked again on the page of questions)."""
    empty: bool = False
    """The text has no words at all (an empty document): nothing is compared."""

    @property
    def agrees(self) -> bool:
        return not (self.empty or self.sections or self.changes or self.quotes or self.normative)

    def as_dict(self) -> dict[str, Any]:
        data = {key: value for key, value in asdict(self).items() if key != "file"}
        for change in data["changes"] + data["quotes"] + data["questions"]:
            del change["span"]  # positions in the policy's stream: for the desk, not for readers
        return {"file": self.file, "agrees": self.agrees, **data}


def word_diff_parts(old: list[str], new: list[str]) -> Parts:
    """``old`` turned into ``new``: runs of kept, removed and added words, in order."""
    parts: Parts = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            parts.append(("same", " ".join(old[i1:i2])))
        if tag in ("delete", "replace"):
            parts.append(("del", " ".join(old[i1:i2])))
        if tag in ("insert", "replace"):
            parts.append(("ins", " ".join(new[j1:j2])))
    return parts


DIFF_MARKS = {"same": "{}", "del": "[-{}-]", "ins": "{{+{}+}}"}


def diff_line(parts: Parts) -> str:
    """A word diff as one line: removed words in [-…-], added ones in {+…+}."""
    return " ".join(DIFF_MARKS[tag].format(words) for tag, words in parts)


def word_diff(old: list[str], new: list[str]) -> str:
    """``old`` turned into ``new`` as one line (:func:`diff_line`)."""
    return diff_line(word_diff_parts(old, new))
