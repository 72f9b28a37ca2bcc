"""A text of the routine aligned with the policy, word by word (``python -m checker source [FILE]``).

When the routine's owner publishes a new revision, they need to know what it changes for the
policy: sections added, removed or renamed, sentences changed (word by word), the rules whose
quotes no longer stand, and new normative sentences that no rule cites yet. The text is what
the owner has: a plain-text copy of the document, line breaks wherever the copy put them.

Both sides therefore become one stream of words, the policy's from its sections in order
(title, then sentences) and the text's from its lines, so that re-wrapping changes nothing.
The streams are aligned word by word; every difference is widened to the whole sentences (or
titles) it touches and reported once. A sentence ending in a colon and the list after it count
as one sentence, so a system added to a list of approved systems names the rule that quotes
it. Only where the text has words the policy lacks is the text's layout used: a short line
after a blank line, without a sentence's end, is a new section's title. A Word document says
which lines are its headings (:class:`RoutineText`); then those, and only those, are titles.
The routine's change log (``routine_text.change_log``) is text the policy keeps but no rule
needs: what changes there is reported, but asks for no rule. The report in the owner's words
is :mod:`checker.revision.report`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..model.policy import Policy, normalise
from .comparison import (
    NormativeSentence,
    QuoteChange,
    Revision,
    SectionChange,
    TextChange,
    diff_line,
    word_diff_parts,
)
from .routine_file import RoutineText

IGNORED_TOKENS = {"-", "•"}
"""List markers: a bullet in the document, a dash in policy.yaml; neither is a word."""

SENTENCE_END = re.compile(r"[.!?:][”’\"')]*$")
HEADING_MAX_WORDS = 12
SIMILAR = 0.6
"""How alike (difflib ratio) a new sentence must be to an old one to count as its new wording."""


def _pieces(text: str) -> list[tuple[str, bool]]:
    """A section's text cut at line breaks and sentence ends: (piece, whether a list item).

    A list item ("- " in policy.yaml) stays whole: "1177.se (inkl. stöd och behandling)".
    """
    pieces: list[tuple[str, bool]] = []
    for line in text.splitlines():
        if line.lstrip().startswith("- "):
            pieces.append((normalise(line.lstrip()[2:]), True))
        else:
            pieces += [(normalise(piece), False) for piece in re.split(r"(?<=[.!?:])\s+", line) if piece.strip()]
    return pieces


def sentences(text: str) -> list[str]:
    """Sentences of a section's text, with list items and quoted lines as sentences of their own."""
    return [piece for piece, _ in _pieces(text)]


def normative_pattern(policy: Policy) -> re.Pattern[str]:
    """The words that make a sentence normative (``routine_text.normative_markers``)."""
    markers = sorted(policy.data["routine_text"]["normative_markers"], key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(normalise(marker)) for marker in markers) + r")\b", re.IGNORECASE)


@dataclass(frozen=True)
class Word:
    """One word of the text, with where it stands in its lines (used only for new text)."""

    text: str
    line_start: bool = False
    line_end: bool = False
    after_blank: bool = False
    heading: bool = False
    """The line is one of the document's headings (a Word heading style)."""


@dataclass(frozen=True)
class Unit:
    """A title or a sentence of the policy, as a range of words in the policy's stream.

    A sentence that ends in a colon and the list items after it are one unit (kind "list"):
    a system added to a list of approved systems changes what the sentence says.
    """

    kind: str  # "title", "sentence" or "list"
    section: str
    text: str
    start: int
    end: int


def _tokens(text: str) -> list[str]:
    return [token for token in text.split() if token not in IGNORED_TOKENS]


def text_words(text: str, outside: Iterable[str] = (), headings: Iterable[str] = ()) -> list[Word]:
    """The text's words, leaving out the passages the policy keeps outside its sections;
    the words of a line that is one of ``headings`` are marked as a heading's."""
    titled = {" ".join(_tokens(heading)) for heading in headings}
    words: list[Word] = []
    blank = True
    for line in text.splitlines():
        tokens = _tokens(line)
        if not tokens:
            blank = True
            continue
        last = len(tokens) - 1
        heading = " ".join(tokens) in titled
        words += [
            Word(token, index == 0, index == last, (blank or heading) and index == 0, heading)
            for index, token in enumerate(tokens)
        ]
        blank = heading
    for passage in outside:
        words = _without(words, _tokens(passage))
    return words


def _without(words: list[Word], passage: list[str]) -> list[Word]:
    """``words`` with every occurrence of ``passage`` (a list of tokens) left out."""
    kept: list[Word] = []
    index = 0
    while index < len(words):
        if passage and [word.text for word in words[index : index + len(passage)]] == passage:
            index += len(passage)
        else:
            kept.append(words[index])
            index += 1
    return kept


def policy_units(policy: Policy) -> tuple[list[str], list[Unit]]:
    """The policy's sections as one stream of words, and its titles and sentences in it."""
    words: list[str] = []
    units: list[Unit] = []
    for section_id, section in policy.sections.items():
        for kind, text in [("title", section["title"])] + [
            ("item" if item else "sentence", piece) for piece, item in _pieces(section.get("text", ""))
        ]:
            tokens = _tokens(text)
            last = units[-1] if units else None
            if (
                kind == "item"
                and last
                and last.section == section_id
                and (last.kind == "list" or last.text.endswith(":"))
            ):
                units[-1] = Unit(
                    "list", section_id, f"{last.text} {' '.join(tokens)}", last.start, last.end + len(tokens)
                )
            elif tokens:
                units.append(
                    Unit(
                        "title" if kind == "title" else "sentence",
                        section_id,
                        " ".join(tokens),
                        len(words),
                        len(words) + len(tokens),
                    )
                )
            words += tokens
    return words, units


Edit = tuple[str, int, int, int, int]
"""One of difflib's opcodes: (tag, policy start, policy end, text start, text end)."""


class _Alignment:
    """The policy's words aligned with the text's: the edits, and which words stayed."""

    def __init__(self, old: list[str], new: list[Word], list_ends: set[int]) -> None:
        self.old = old
        self.new = new
        self.list_ends = list_ends
        opcodes = difflib.SequenceMatcher(None, old, [word.text for word in new], autojunk=False).get_opcodes()
        self.edits = [op for op in opcodes if op[0] != "equal"]
        self.kept_old = [False] * len(old)
        self.kept_new = [False] * len(new)
        for tag, i1, i2, j1, j2 in opcodes:
            if tag == "equal":
                self.kept_old[i1:i2] = [True] * (i2 - i1)
                self.kept_new[j1:j2] = [True] * (j2 - j1)

    def edits_in(self, start: int, end: int) -> list[Edit]:
        """Edits that touch old words [start, end), or insert words inside them (or new items
        at the end of a list)."""
        return [
            op
            for op in self.edits
            if (op[1] < end and op[2] > start)
            or (op[1] == op[2] and start < op[1] < end)
            or (op[1] == op[2] == end and self.extends_list(op))
        ]

    def extends_list(self, op: Edit) -> bool:
        """An insertion right after a list, on the next line without a blank line: new items."""
        return op[1] == op[2] and op[1] in self.list_ends and op[3] < len(self.new) and not self.new[op[3]].after_blank


def _text_range(edits: list[Edit], start: int, end: int) -> tuple[int, int]:
    """The text's range that stands where the policy's words [start, end) stood, given the
    edits that touch them: the words around the edits are unchanged, one for one."""
    first, last = min(op[1] for op in edits), max(op[2] for op in edits)
    return min(op[3] for op in edits) - max(0, first - start), max(op[4] for op in edits) + max(0, end - last)


def _hunks(alignment: _Alignment, units: list[Unit]) -> list[tuple[int, int, int, int]]:
    """Each difference widened to whole units: (first unit, end unit, text start, text end).

    An insertion between two units belongs to the one whose line it continues (or whose list
    it extends); one on lines of its own touches neither and is a hunk with no unit.
    """
    unit_at = [index for index, unit in enumerate(units) for _ in range(unit.start, unit.end)]
    starts = {unit.start: index for index, unit in enumerate(units)} | {len(alignment.old): len(units)}
    spans: list[tuple[int, int, list[Edit]]] = []
    for op in alignment.edits:
        _, i1, i2, j1, j2 = op
        if i1 == i2 and i1 in starts:
            unit = starts[i1]
            if unit > 0 and (alignment.extends_list(op) or not alignment.new[j1].line_start):
                first, end = unit - 1, unit
            elif unit < len(units) and not alignment.new[j2 - 1].line_end:
                first, end = unit, unit + 1
            else:
                first = end = unit
        else:
            first, end = unit_at[i1], unit_at[max(i1, i2 - 1)] + 1
        if spans and first < end and spans[-1][0] < spans[-1][1] and spans[-1][1] > first:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end), spans[-1][2] + [op])
        else:
            spans.append((first, end, [op]))
    hunks = []
    for first, end, ops in spans:
        old_start, old_end = (units[first].start, units[end - 1].end) if first < end else (ops[0][1], ops[0][2])
        hunks.append((first, end, *_text_range(ops, old_start, old_end)))
    return hunks


def _lines(words: list[Word]) -> list[list[Word]]:
    lines: list[list[Word]] = []
    for word in words:
        if word.line_start or not lines:
            lines.append([])
        lines[-1].append(word)
    return lines


def _looks_like_title(line: list[Word], styled: bool) -> bool:
    """A heading, where the document marks its headings (``styled``); otherwise a whole short
    line after a blank line, without a sentence's end: how titles are set in plain text."""
    if styled:
        return line[0].heading
    text = " ".join(word.text for word in line)
    return (
        line[0].after_blank
        and line[-1].line_end
        and len(line) <= HEADING_MAX_WORDS
        and not SENTENCE_END.search(text)
        and not text.endswith(",")
        and (text[0].isupper() or text[0].isdigit())
    )


def _new_sentences(words: list[Word]) -> list[str]:
    """New text's words as sentences, each ended by . ! ? : or a blank line."""
    found: list[list[str]] = [[]]
    for word in words:
        if word.after_blank and found[-1]:
            found.append([])
        found[-1].append(word.text)
        if SENTENCE_END.search(word.text):
            found.append([])
    return [" ".join(sentence) for sentence in found if sentence]


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio()


def change_log_sections(policy: Policy) -> set[str]:
    """The sections that are the routine's change log (``routine_text.change_log``): no rule needs them."""
    titles = {normalise(item["title"]) for item in policy.data["routine_text"].get("change_log", [])}
    return {section_id for section_id, section in policy.sections.items() if normalise(section["title"]) in titles}


def compare(policy: Policy, text: str | RoutineText, file: str = "") -> Revision:
    """What ``text`` (a revision of the routine) changes against the policy's sections."""
    document = text if isinstance(text, RoutineText) else RoutineText(text)
    if not document.text.split():
        return Revision(file, empty=True)
    outside = [item["text"] for item in policy.data["routine_text"].get("outside_sections", [])]
    change_log = change_log_sections(policy)
    change_log_titles = {normalise(item["title"]) for item in policy.data["routine_text"].get("change_log", [])}
    old, units = policy_units(policy)
    new = text_words(document.text, outside, document.headings or ())
    styled = document.headings is not None
    alignment = _Alignment(old, new, {unit.end for unit in units if unit.kind == "list"})
    marker = normative_pattern(policy)
    marked = [normalise(quote) for rule in policy.rules.values() for quote in rule["quote"]]
    for section in policy.sections.values():
        marked += [normalise(sentence) for sentence in section.get("normative", [])]
        marked += [normalise(item["sentence"]) for item in section.get("not_decided_here", [])]
    revision = Revision(file)
    removed = _removed_sections(policy, units, alignment)
    titles = {section_id: section["title"] for section_id, section in policy.sections.items()}

    for first, end, j1, j2 in _hunks(alignment, units):
        touched = units[first:end]
        new_words = new[j1:j2]
        owner = (touched[0] if touched else units[first - 1] if first else units[0]).section
        body_old = [unit for unit in touched if unit.kind != "title" and unit.section not in removed]
        body_new, body_kept = new_words, alignment.kept_new[j1:j2]
        for unit in touched:
            if unit.kind == "title" and unit.section not in removed:
                line = _best_line(unit.text, body_new)
                revision.sections.append(SectionChange("renamed", unit.section, unit.text, line))
                body_new, body_kept = _without_line(body_new, body_kept, line)
        at = units[first].start if first < len(units) else len(old)
        span = (units[first].start, units[end - 1].end) if first < end else (at, at)
        for title, section_words in _split_new_sections(body_new, body_kept, styled, owner not in change_log):
            if title is not None:
                revision.sections.append(SectionChange("added", None, title, after=owner))
                section_id, section_title = None, title
            else:
                section_id, section_title = owner, titles[owner]
            old_words = [word for unit in body_old for word in unit.text.split()] if title is None else []
            new_texts = [word.text for word in section_words]
            if old_words or new_texts:
                kind = "changed" if old_words and new_texts else "removed" if old_words else "added"
                parts = word_diff_parts(old_words, new_texts)
                revision.changes.append(
                    TextChange(
                        kind,
                        section_id,
                        section_title,
                        " ".join(old_words),
                        " ".join(new_texts),
                        diff_line(parts),
                        parts,
                        span if title is None else (span[1], span[1]),
                    )
                )
            if (section_id in change_log) if title is None else (normalise(title) in change_log_titles):
                continue  # the change log: what changed is said above; it needs no rule
            for sentence in _new_sentences(section_words):
                if not marker.search(sentence) or _is_marked(sentence, marked):
                    continue
                if title is None and any(
                    marker.search(unit.text) and _similarity(unit.text, sentence) >= SIMILAR for unit in body_old
                ):
                    continue  # a normative sentence reworded: shown above, and its rules below
                revision.normative.append(NormativeSentence(section_id, section_title, sentence))

    for section_id in removed:
        revision.sections.append(SectionChange("removed", section_id, titles[section_id]))
    revision.sections.sort(key=lambda change: ["removed", "renamed", "added"].index(change.kind))
    quotes = _quote_changes(policy, units, alignment)
    revision.quotes = [quote for quote in quotes if quote.kind != "question"]
    revision.questions = [quote for quote in quotes if quote.kind == "question"]
    return revision


def _is_marked(sentence: str, marked: list[str]) -> bool:
    sentence = normalise(sentence)
    return any(item in sentence or sentence in item for item in marked)


def _best_line(title: str, words: list[Word]) -> str:
    """The short line of ``words`` most like ``title``: a renamed section's new title ("" if none)."""
    lines = [" ".join(word.text for word in line) for line in _lines(words) if len(line) <= 2 * HEADING_MAX_WORDS]
    best = max(lines, key=lambda line: _similarity(title, line), default="")
    return best if best and _similarity(title, best) > 0 else ""


def _without_line(words: list[Word], kept: list[bool], line: str) -> tuple[list[Word], list[bool]]:
    """``words`` (and whether each is unchanged) without the first whole line reading ``line``."""
    position = 0
    for current in _lines(words):
        if " ".join(word.text for word in current) == line:
            end = position + len(current)
            return words[:position] + words[end:], kept[:position] + kept[end:]
        position += len(current)
    return words, kept


def _split_new_sections(
    words: list[Word], kept: list[bool], styled: bool, split: bool = True
) -> list[tuple[str | None, list[Word]]]:
    """New text cut where a wholly new line looks like a title: (title or None, its words).

    In the change log (``split`` false) a new dated line is an entry, not a section."""
    parts: list[tuple[str | None, list[Word]]] = [(None, [])]
    position = 0
    for line in _lines(words):
        new_line = not any(kept[position : position + len(line)])
        previous_title = parts[-1][0] is not None and not parts[-1][1]
        if split and new_line and _looks_like_title(line, styled) and not previous_title:
            parts.append((" ".join(word.text for word in line), []))
        else:
            parts[-1][1].extend(line)
        position += len(line)
    return parts[:1] + [part for part in parts[1:] if part[1] or part[0] is not None]


def _removed_sections(policy: Policy, units: list[Unit], alignment: _Alignment) -> list[str]:
    """Sections whose title is gone from the text and most of whose own words are gone too."""
    removed = []
    for section_id in policy.sections:
        own = [unit for unit in units if unit.section == section_id]
        title = [position for unit in own if unit.kind == "title" for position in range(unit.start, unit.end)]
        body = [position for unit in own if unit.kind != "title" for position in range(unit.start, unit.end)]
        kept_body = sum(alignment.kept_old[position] for position in body)
        if not any(alignment.kept_old[position] for position in title) and kept_body * 2 < max(len(body), 1):
            removed.append(section_id)
    return removed


def _quotes(policy: Policy) -> list[tuple[str, str, str, str]]:
    """Every quote in the policy: (kind, id, section, sentence), rules (alternatives' too), then
    interpretations, then owner questions."""
    rules = [*policy.data["rules"]]  # those in force and those an alternative would use
    rules += [
        rule
        for item in policy.data.get("interpretations", [])
        for alternative in item["alternatives"]
        for rule in alternative.get("rules", [])
    ]
    quotes = [("rule", rule["id"], rule["section"], quote) for rule in rules for quote in rule["quote"]]
    quotes += [
        ("interpretation", item["id"], quote["section"], quote["text"])
        for item in policy.data.get("interpretations", [])
        for quote in item["quotes"]
    ]
    quotes += [
        ("question", item["id"], quote["section"], quote["text"])
        for item in policy.data.get("owner_questions", [])
        for quote in item.get("quotes", [])
    ]
    return quotes


def _quote_changes(policy: Policy, units: list[Unit], alignment: _Alignment) -> list[QuoteChange]:
    changes = []
    for kind, owner, section, quote in _quotes(policy):
        own = [unit for unit in units if unit.section == section and unit.kind != "title"]
        if not own:
            continue
        start, end = own[0].start, own[-1].end
        tokens = _tokens(quote)
        found = next(
            (
                position
                for position in range(start, end - len(tokens) + 1)
                if alignment.old[position : position + len(tokens)] == tokens
            ),
            None,
        )
        if found is None:
            continue
        quote_end = found + len(tokens)
        lists = [unit for unit in own if unit.kind == "list" and unit.start <= found and quote_end <= unit.end]
        if lists and tokens[-1].endswith(":"):
            quote_end = lists[0].end  # a list's items are part of the sentence that introduces them
        edits = alignment.edits_in(found, quote_end)
        if not edits:
            continue
        j1, j2 = _text_range(edits, found, quote_end)
        vanished = not any(alignment.kept_old[found:quote_end])
        new_words = [] if vanished else [word.text for word in alignment.new[j1:j2]]
        parts = word_diff_parts(alignment.old[found:quote_end], new_words)
        changes.append(
            QuoteChange(
                owner,
                section,
                quote,
                "vanished" if vanished else "changed",
                diff_line(parts),
                kind,
                parts,
                (found, quote_end),
            )
        )
    return changes
