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

What cannot be read raises :class:`UnreadableFile` with the key of its explanation in
``texts.routine_file``: the Swedish words stand in policy.yaml, for the terminal and the page.
"""

from __future__ import annotations

import codecs
import io
import zipfile
import zlib
from collections.abc import Iterator
from xml.etree import ElementTree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
BODY = "word/document.xml"
MAX_BODY_BYTES = 50_000_000
"""A routine's body is well under a megabyte of XML; more is a damaged or hostile archive."""
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


def routine_text(data: bytes) -> str:
    """The text in a routine's file: a Word document's paragraphs, or the plain text itself."""
    if data[:4] in ZIP_SIGNATURES:
        return word_text(data)
    if data.startswith(OLD_WORD_SIGNATURE):
        raise UnreadableFile("old_word")
    return plain_text(data)


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


def word_text(data: bytes) -> str:
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
    except (zipfile.BadZipFile, zlib.error, EOFError, ElementTree.ParseError, NotImplementedError):
        raise UnreadableFile("damaged_word") from None
    document = root.find(W + "body")
    if document is None:
        raise UnreadableFile("damaged_word")
    text = ""
    previous_item = False
    for paragraph, item in _paragraphs(document):
        if not paragraph.strip():
            continue  # an empty paragraph is spacing, and the blank line is there already
        if text:
            text += "\n" if item and previous_item else "\n\n"
        text += paragraph
        previous_item = item
    return text + "\n" if text else ""


def _paragraphs(parent: ElementTree.Element) -> Iterator[tuple[str, bool]]:
    """(text, whether a list item) for every paragraph under ``parent``, tables cell by cell."""
    for child in parent:
        if child.tag == W + "p":
            yield _paragraph_text(child), _is_list_item(child)
        elif child.tag == W + "tbl":
            for row in child.findall(W + "tr"):
                for cell in row.findall(W + "tc"):
                    yield from _paragraphs(cell)
        elif child.tag in CONTAINERS:
            yield from _paragraphs(child)


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


def _is_list_item(paragraph: ElementTree.Element) -> bool:
    """Numbered or bulleted (``w:numPr``), or in a list style ("List Paragraph", "Liststycke")."""
    properties = paragraph.find(W + "pPr")
    if properties is None:
        return False
    style = properties.find(W + "pStyle")
    named = style is not None and "list" in (style.get(W + "val") or "").lower()
    return properties.find(W + "numPr") is not None or named
