"""A file holding a text of the routine: plain text, or the routine as a Word document (.docx).

The routine's owner writes the routine in Word; what ``python -m checker source`` and the
page *Pröva en ny version av rutinen* compare is its text. Both read the file here, from its
bytes, so that the command line and the browser (Pyodide) accept and refuse the same files.

Plain text is read as UTF-8 (with or without a byte order mark), as UTF-16 when it starts
with one (Notepad's "Unicode"), and otherwise as Windows-1252, the "ANSI" a Swedish Windows
saves in; all three read "å", "ä" and "ö" right. A file with control characters in it is not
text (a PDF, an image or an old .doc would otherwise be read as nonsense).

A Word document is a zip archive of XML (Office Open XML): the body, ``word/document.xml``,
is read with ``zipfile`` and ``xml.etree`` only. Its paragraphs come in document order, table
cells and list items included; headers, footers, footnotes and comments are other parts of
the archive and are not read; a tracked deletion (``w:del``) is left out and a tracked
insertion (``w:ins``) kept, so the text is the document as it reads with the changes accepted.
Paragraphs are separated by a blank line, as in the plain-text copy the policy follows, except
between the items of one list (which a blank line would cut into separate sentences); a soft
line break is a line break and a tab a tab.

Word also says what a paragraph is, by its style (``word/styles.xml`` names each style id:
"heading 1", "Title"; a Swedish Word writes the ids "Rubrik1" and "Rubrik"). Where a document
has heading styles they, and only they, begin sections: a short line in a table cell is not a
title (:class:`RoutineText` carries them to :mod:`checker.revision`). The region's template
opens with the document's name in the Title style and a table of metadata (dokumenttyp,
godkänt, fastställare) before the first heading; neither is the routine's text, and both are
left out. A plain text has no styles: its titles are found by their layout.

What cannot be read raises :class:`UnreadableFile` with the key of its explanation in
``texts.routine_file``: the Swedish words stand in policy.yaml, for the terminal and the page.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
BODY = "word/document.xml"
STYLES = "word/styles.xml"
MAX_BODY_BYTES = 50_000_000
"""A routine's body is well under a megabyte of XML; more is a damaged or hostile archive."""
HEADING_STYLE = re.compile(r"(heading|rubrik) ?[1-9]", re.IGNORECASE)
"""A heading style's name ("heading 1", as Word stores it) or id ("Heading1", "Rubrik1")."""
TITLE_STYLES = {"title", "subtitle", "rubrik", "underrubrik"}
"""The document's name and subtitle (Word's Title and Subtitle: ids "Rubrik", "Underrubrik" in Swedish)."""
ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")
OLD_WORD_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""Word 97-2003 (.doc) and other OLE compound files: not readable with the standard library."""
TEXT_CONTROLS = {"\t", "\n", "\r", "\f", "\v"}

SKIPPED = {W + "del", W + "moveFrom", W + "pPr", W + "rPr", W + "txbxContent", W + "instrText", MC + "Fallback"}
"""Inside a paragraph: deleted text, formatting (whose w:tab elements are tab stops, not
tabs), text boxes, field codes, and the fallback copy of content that also has a modern form."""
CONTAINERS = {W + "sdt", W + "sdtContent", W + "customXml", W + "ins", W + "moveTo", W + "smartTag"}
"""Between paragraphs: elements whose paragraphs and tables belong to the body as they stand."""


class UnreadableFile(Exception):
    """The file cannot be read as a text of the routine.

    ``reason`` is a key in ``texts.routine_file``; ``detail`` fills its ``{reason}`` (the
    operating system's words, for a file that cannot be opened).
    """

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class RoutineText:
    """A routine's text, and its titles where the file says which lines are titles.

    ``headings`` is None for plain text (titles are then found by their layout); for a Word
    document with heading styles it is every heading, in order, and no other line is a title.
    """

    text: str
    headings: tuple[str, ...] | None = None


def routine_text(data: bytes) -> RoutineText:
    """The text in a routine's file: a Word document's paragraphs, or the plain text itself."""
    if data[:4] in ZIP_SIGNATURES:
        return word_text(data)
    if data.startswith(OLD_WORD_SIGNATURE):
        raise UnreadableFile("old_word")
    return RoutineText(plain_text(data))


def plain_text(data: bytes) -> str:
    """Text in UTF-8, UTF-16 with a byte order mark, or Windows-1252; line ends as ``\\n``."""
    try:
        if data.startswith(codecs.BOM_UTF8):
            text = data[len(codecs.BOM_UTF8) :].decode("utf-8")
        elif data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
            text = data.decode("utf-16")
        else:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = data.decode("cp1252")  # five bytes are undefined there: binary fails
    except UnicodeDecodeError:
        raise UnreadableFile("not_text") from None
    if any((ord(char) < 32 and char not in TEXT_CONTROLS) or char == "\x7f" for char in text):
        raise UnreadableFile("not_text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def word_text(data: bytes) -> RoutineText:
    """The body of a Word document as text: paragraphs in document order (see the module)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            try:
                body = archive.getinfo(BODY)
            except KeyError:
                raise UnreadableFile("not_text") from None  # a zip, but not a Word document
            if body.file_size > MAX_BODY_BYTES:
                raise UnreadableFile("damaged_word")
            root = ElementTree.fromstring(archive.read(body))
            styles = _style_kinds(archive)
    except (zipfile.BadZipFile, zlib.error, EOFError, ElementTree.ParseError, NotImplementedError):
        raise UnreadableFile("damaged_word") from None
    document = root.find(W + "body")
    if document is None:
        raise UnreadableFile("damaged_word")
    blocks = [block for block in _paragraphs(document, styles) if block[0].strip() and block[1] != "title"]
    has_headings = any(kind == "heading" for _, kind, _ in blocks)
    if has_headings:  # the template's metadata table stands before the first heading
        first = next(index for index, (_, kind, _) in enumerate(blocks) if kind == "heading")
        blocks = [block for index, block in enumerate(blocks) if index >= first or not block[2]]
    text = ""
    previous_item = False
    for paragraph, kind, _ in blocks:
        item = kind == "item"
        if text:
            text += "\n" if item and previous_item else "\n\n"
        text += paragraph
        previous_item = item
    headings = tuple(" ".join(paragraph.split()) for paragraph, kind, _ in blocks if kind == "heading")
    return RoutineText(text + "\n" if text else "", headings if has_headings else None)


def _style_kinds(archive: zipfile.ZipFile) -> dict[str, str]:
    """Paragraph style id -> "heading" or "title", from the style's name, its outline level or
    the style it is based on (a house style built on "heading 2" is a heading)."""
    try:
        info = archive.getinfo(STYLES)
    except KeyError:
        return {}
    if info.file_size > MAX_BODY_BYTES:
        raise UnreadableFile("damaged_word")
    styles: dict[str, tuple[str, str | None, bool]] = {}
    for style in ElementTree.fromstring(archive.read(info)).iter(W + "style"):
        name = style.find(W + "name")
        based = style.find(W + "basedOn")
        outline = style.find(f"{W}pPr/{W}outlineLvl")
        styles[style.get(W + "styleId") or ""] = (
            (name.get(W + "val") or "") if name is not None else "",
            based.get(W + "val") if based is not None else None,
            outline is not None and (outline.get(W + "val") or "9") < "9",
        )

    def kind(style_id: str, depth: int = 0) -> str:
        name, based, outlined = styles.get(style_id, ("", None, False))
        own = _kind_of(name) or _kind_of(style_id) or ("heading" if outlined else "")
        return own or (kind(based, depth + 1) if based and depth < 10 else "")

    return {style_id: found for style_id in styles if (found := kind(style_id))}


def _kind_of(name: str) -> str:
    if name.lower() in TITLE_STYLES:
        return "title"
    return "heading" if HEADING_STYLE.fullmatch(name) else ""


def _paragraphs(
    parent: ElementTree.Element, styles: dict[str, str], cell: bool = False
) -> Iterator[tuple[str, str, bool]]:
    """(text, kind, whether in a table) for every paragraph under ``parent``, tables cell by
    cell, row by row; kind is "title", "heading", "item" (of a list) or "text"."""
    for child in parent:
        if child.tag == W + "p":
            yield _paragraph_text(child), _paragraph_kind(child, styles), cell
        elif child.tag == W + "tbl":
            for row in child.findall(W + "tr"):
                for table_cell in row.findall(W + "tc"):
                    yield from _paragraphs(table_cell, styles, True)
        elif child.tag in CONTAINERS:
            yield from _paragraphs(child, styles, cell)


def _paragraph_text(paragraph: ElementTree.Element) -> str:
    parts: list[str] = []

    def walk(element: ElementTree.Element) -> None:
        for child in element:
            if child.tag in SKIPPED:
                continue
            if child.tag == W + "t":
                parts.append(child.text or "")
            elif child.tag == W + "tab":
                parts.append("\t")
            elif child.tag in (W + "br", W + "cr"):
                parts.append("\n")
            elif child.tag == W + "noBreakHyphen":
                parts.append("-")
            else:
                walk(child)

    walk(paragraph)
    return "".join(parts)


def _paragraph_kind(paragraph: ElementTree.Element, styles: dict[str, str]) -> str:
    """ "title" or "heading" by the paragraph's style (or its own outline level); "item" when
    numbered or bulleted (``w:numPr``) or in a list style ("List Paragraph", "Liststycke")."""
    properties = paragraph.find(W + "pPr")
    if properties is None:
        return "text"
    style = properties.find(W + "pStyle")
    style_id = (style.get(W + "val") or "") if style is not None else ""
    outline = properties.find(W + "outlineLvl")
    styled = styles.get(style_id) or _kind_of(style_id)
    if styled:
        return styled
    if outline is not None and (outline.get(W + "val") or "9") < "9":
        return "heading"
    if properties.find(W + "numPr") is not None or "list" in style_id.lower():
        return "item"
    return "text"


def read_routine(name: str) -> RoutineText:
    """The text in the file ``name`` (plain text or .docx); raises UnreadableFile, whose
    ``reason`` :func:`checker.revision.report.unreadable` puts into words."""
    try:
        data = Path(name).read_bytes()
    except FileNotFoundError:
        raise UnreadableFile("not_found") from None
    except OSError as error:
        raise UnreadableFile("unreadable", error.strerror or str(error)) from None
    return routine_text(data)
