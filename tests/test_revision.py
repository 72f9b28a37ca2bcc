"""``python -m checker source``: a new text of the routine against the policy.

Each revision in routine_revisions.yaml is the routine's text with a few edits a reader can
see at a glance, and the report the owner must get for it. The end-to-end test is the
owner's guide: a revised routine, the report naming the rules, the policy edited, agreement.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
import yaml

from checker import load_policy
from checker.apps.cli import main
from checker.revision.align import compare, policy_units, text_words
from checker.revision.routine_file import routine_text

ROOT = Path(__file__).resolve().parent.parent
POLICY = load_policy(ROOT / "policy.yaml")
ROUTINE = ROOT / POLICY.data["meta"]["source"]
REVISIONS: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).with_name("routine_revisions.yaml")).read_text(encoding="utf-8")
)


def revised(revision: dict[str, Any]) -> str:
    """The routine's text with the revision's edits, each made exactly once."""
    text = ROUTINE.read_text(encoding="utf-8")
    for edit in revision["edits"]:
        assert text.count(edit["old"]) == 1, (revision["id"], edit["old"])
        text = text.replace(edit["old"], edit["new"])
    return text


def run_source(capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, str, str]:
    status = main(["source", *arguments])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_there_are_the_revisions_the_issue_asks_for() -> None:
    ids = {revision["id"] for revision in REVISIONS}
    assert {
        "age-limit-changed",
        "platform-added-to-list",
        "sentence-removed",
        "section-renamed",
        "normative-sentence-added",
        "whitespace-only",
    } <= ids


@pytest.mark.parametrize("revision", REVISIONS, ids=[revision["id"] for revision in REVISIONS])
def test_a_revision_gives_its_report(
    revision: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "rutin.txt"
    path.write_text(revised(revision), encoding="utf-8")
    status, out, err = run_source(capsys, str(path))
    lines = out.splitlines()
    assert lines[0] == f"Rutinens text: {path}"
    assert lines[1].startswith("Jämförd med: policy.yaml")
    assert "\n".join(lines[2:]).strip("\n") == revision["report"].rstrip("\n")
    assert status == (0 if "stämmer överens" in lines[-1] else 1) and err == ""


def test_the_policy_agrees_with_the_text_it_follows(capsys: pytest.CaptureFixture[str]) -> None:
    assert ROUTINE.parent == ROOT / "source" and re.fullmatch(r"\d{4}-\d\d-\d\d-[a-z-]+\.txt", ROUTINE.name)
    status, out, _ = run_source(capsys)
    assert status == 0, out
    assert out.splitlines()[0].startswith("Rutinens text: ") and out.splitlines()[0].endswith(ROUTINE.name)


def test_rewrapping_the_whole_text_changes_nothing() -> None:
    lines = [" ".join(line.split()) for line in ROUTINE.read_text(encoding="utf-8").splitlines()]
    rewrapped = "\n".join(line.replace(" och ", "\noch ").replace(", ", ",\t ") + "   " for line in lines)
    assert compare(POLICY, rewrapped).agrees


def test_every_passage_kept_outside_the_sections_is_needed() -> None:
    """Each routine_text.outside_sections passage stands in the routine and in no section."""
    words = " ".join(word.text for word in text_words(ROUTINE.read_text(encoding="utf-8")))
    sections = " ".join(policy_units(POLICY)[0])
    for item in POLICY.data["routine_text"]["outside_sections"]:
        passage = " ".join(item["text"].split())
        assert passage in words and passage not in sections, passage


def test_json_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "rutin.txt"
    path.write_text(revised(next(r for r in REVISIONS if r["id"] == "age-limit-changed")), encoding="utf-8")
    status, out, _ = run_source(capsys, str(path), "--format", "json")
    report = json.loads(out)
    assert status == 1 and report["agrees"] is False and report["sections"] == [] and report["normative"] == []
    assert [(quote["rule"], quote["status"]) for quote in report["quotes"]] == [
        ("barn-laser-journal-fran-16", "changed"),
        ("barn-laser-inte-journal-fore-16", "changed"),
    ]
    assert (
        report["changes"][0]["diff"]
        == "Först när barnet fyllt [-16-] {+15+} år kan barnet läsa sin journal via 1177.se."
    )


@pytest.mark.parametrize(
    "make, reason",
    [
        (lambda tmp: tmp / "finns-inte.txt", "filen finns inte."),
        (lambda tmp: tmp, "filen kan inte läsas"),
        (lambda tmp: written(tmp / "bild.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "filen är varken text"),
        (lambda tmp: written(tmp / "rutin.doc", OLD_WORD + b"\x00" * 64), "filen är ett Word-dokument i det äldre"),
        (lambda tmp: written(tmp / "rutin.docx", b"PK\x03\x04" + b"\x00" * 64), "filen ser ut som ett Word-dokument"),
        (lambda tmp: written(tmp / "rutin.docx", docx({"content.xml": "<office/>"})), "filen är varken text"),
        (
            lambda tmp: written(tmp / "rutin.docx", docx({"word/document.xml": "<w:document"})),
            "filen ser ut som ett Word-dokument",
        ),
    ],
)
def test_a_file_that_cannot_be_read_exits_2(
    make: Any, reason: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = make(tmp_path)
    status, out, err = run_source(capsys, str(path))
    assert status == 2 and out == "" and err.startswith(f"{path}: {reason}")


def test_nothing_in_the_project_reads_outside_it() -> None:
    """The routine's text is read from source/; no code, test or script reads the shared folder
    beside the project (a clone without it must build and pass)."""
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    pattern = re.compile(r"\.\./shared|shared[/]seed|parent\s*/\s*[\"']shared[\"']")  # [/]: not matching itself
    offenders = [
        name
        for name in tracked
        if not name.endswith(".md")
        and (ROOT / name).is_file()
        and pattern.search((ROOT / name).read_text(encoding="utf-8", errors="replace"))
    ]
    assert offenders == []


# --- Word documents, written here as the zip of XML they are ------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
OLD_WORD = bytes.fromhex("d0cf11e0a1b11ae1")


def written(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def docx(parts: dict[str, str]) -> bytes:
    """A zip archive holding ``parts`` (name -> XML text), as Word writes a document."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in parts.items():
            archive.writestr(name, xml)
    return buffer.getvalue()


def word_document(body: str, header: str = "", footer: str = "") -> bytes:
    """A .docx whose body is ``body`` (WordprocessingML), with a header and footer part."""
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        "</Types>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="word/document.xml"/></Relationships>'
    )
    section = (
        '<w:sectPr><w:headerReference w:type="default" r:id="rId2"/>'
        '<w:footerReference w:type="default" r:id="rId3"/></w:sectPr>'
    )
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{body}{section}</w:body></w:document>'
    )
    parts = {"[Content_Types].xml": content_types, "_rels/.rels": rels, "word/document.xml": document}
    for name, tag, text in (("header1", "hdr", header), ("footer1", "ftr", footer)):
        parts[f"word/{name}.xml"] = f'<w:{tag} xmlns:w="{W_NS}">{paragraph(text)}</w:{tag}>'
    return docx(parts)


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def paragraph(text: str, properties: str = "") -> str:
    """A paragraph whose lines are joined by soft line breaks (w:br), as Word keeps them."""
    runs = "<w:r><w:br/></w:r>".join(run(line) for line in text.split("\n"))
    return f"<w:p>{properties and f'<w:pPr>{properties}</w:pPr>'}{runs}</w:p>"


def docx_from_text(text: str) -> bytes:
    """The routine's text as Word holds it: a paragraph per block between blank lines."""
    blocks = [block.strip("\n") for block in re.split(r"\n[ \t]*\n", text) if block.strip()]
    return word_document("".join(paragraph(block) for block in blocks), "Region Halland", "Sida 1 av 9")


HEADING = '<w:pStyle w:val="Rubrik1"/>'
TITLE = '<w:pStyle w:val="Rubrik"/>'
CHANGE_LOG = ("Uppdaterat från föregående version", "Tidigare versionsuppdateringar")


def table(rows: list[list[str]]) -> str:
    cells = ("".join(f"<w:tc>{paragraph(cell)}</w:tc>" for cell in row) for row in rows)
    return "<w:tbl>" + "".join(f"<w:tr>{row}</w:tr>" for row in cells) + "</w:tbl>"


def template_docx(text: str, extra: str = "") -> bytes:
    """The routine as the region's Word template holds it: the document's name in the Title
    style (Swedish Word's style id "Rubrik"), a metadata table, every section title in a
    heading style ("Rubrik1"), a short table inside the text, and ``extra`` at the end."""
    titles = {" ".join(section["title"].split()) for section in POLICY.sections.values()} | set(CHANGE_LOG)
    blocks = [block.strip("\n") for block in re.split(r"\n[ \t]*\n", text) if block.strip()]
    body = paragraph(POLICY.data["meta"]["title"], TITLE) + table(
        [["Dokumenttyp", "Rutin"], ["Godkänt", "2024-03-13"], ["Fastställare", "Hälso- och sjukvårdsdirektör"]]
    )
    for block in blocks:
        lines = block.split("\n")
        if " ".join(lines[0].split()) in titles:  # the change log's title has its entries below it
            body += paragraph(lines[0].strip(), HEADING) + "".join(paragraph(line) for line in lines[1:])
        else:
            body += paragraph(block)
    return word_document(body + extra, "Region Halland", "Sida 1 av 9")


def test_a_word_document_reads_in_document_order_without_header_footer_or_deletions() -> None:
    list_item = '<w:pStyle w:val="Liststycke"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'
    body = (
        paragraph("Vilka system får användas", '<w:pStyle w:val="Rubrik1"/>')
        + '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>'
        + run("Följande system")
        + '<w:del w:id="1" w:author="Ägaren"><w:r><w:delText>STRUKET </w:delText></w:r></w:del>'
        + f'<w:ins w:id="2" w:author="Ägaren">{run(" är godkända:")}</w:ins></w:p>'
        + paragraph("1177.se", list_item)
        + paragraph("Platform24", list_item)
        + "<w:p/>"
        + "<w:tbl><w:tr>"
        + f"<w:tc>{paragraph('Kanal')}</w:tc><w:tc>{paragraph('Får användas')}</w:tc>"
        + "</w:tr><w:tr>"
        + f"<w:tc>{paragraph('Chatt')}</w:tc><w:tc><w:p>{run('Ja')}<w:r><w:tab/></w:r>{run('med e-legitimation')}</w:p></w:tc>"
        + "</w:tr></w:tbl>"
        + '<w:p><w:r><w:instrText> HYPERLINK "https://example.org" </w:instrText></w:r>'
        + run("Sista raden")
        + "<w:r><w:br/></w:r>"
        + run("efter en mjuk radbrytning.")
        + "</w:p>"
    )
    data = word_document(body, header="SIDHUVUD", footer="SIDFOT")
    assert routine_text(data).text == (
        "Vilka system får användas\n\n"
        "Följande system är godkända:\n\n"
        "1177.se\nPlatform24\n\n"
        "Kanal\n\nFår användas\n\nChatt\n\nJa\tmed e-legitimation\n\n"
        "Sista raden\nefter en mjuk radbrytning.\n"
    )


@pytest.mark.parametrize(
    "encoded",
    [
        lambda text: text.encode("utf-8-sig"),
        lambda text: text.encode("utf-16"),
        lambda text: text.replace("\n", "\r\n").encode("cp1252"),
    ],
    ids=["utf-8-bom", "utf-16", "windows-1252"],
)
def test_the_routine_saved_in_another_encoding_agrees(
    encoded: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = written(tmp_path / "rutin.txt", encoded(ROUTINE.read_text(encoding="utf-8")))
    status, out, err = run_source(capsys, str(path))
    assert (status, err) == (0, ""), out


def test_the_routine_as_a_word_document_agrees(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = written(tmp_path / "rutin.docx", docx_from_text(ROUTINE.read_text(encoding="utf-8")))
    status, out, err = run_source(capsys, str(path))
    assert (status, err) == (0, ""), out
    assert out.splitlines()[-1].startswith("Texten och policyn stämmer överens")


@pytest.mark.parametrize("revision", REVISIONS, ids=[revision["id"] for revision in REVISIONS])
def test_a_revision_as_a_word_document_gives_the_same_report(
    revision: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = revised(revision)
    plain = run_source(capsys, str(written(tmp_path / "rutin.txt", text.encode("utf-8"))))
    word = run_source(capsys, str(written(tmp_path / "rutin.docx", docx_from_text(text))))
    assert word[0] == plain[0] and word[2] == plain[2] == ""
    assert word[1].splitlines()[1:] == plain[1].splitlines()[1:]


# The owner's guide, end to end: a revised routine, the report, the policy edited, agreement.
# Each step is a function of the project copy; the test ends with diff OLD NEW and the version check.

REVISED_ROUTINE = "source/2025-01-15-digital-kommunikation.txt"
OWNER_EDITS = [  # what the owner changes in policy.yaml after reading the report
    ("Först när barnet fyllt 16 år", "Först när barnet fyllt 15 år"),
    ("    value: 16\n", "    value: 15\n"),  # the journal age, under parameters: the rules use it by name
]


def project_with_revised_routine(tmp_path: Path) -> Path:
    """A copy of the policy beside a new revision of the routine (the journal age 16 -> 15)."""
    project = tmp_path / "projekt"
    (project / "source").mkdir(parents=True)
    (project / "policy.yaml").write_text((ROOT / "policy.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (project / REVISED_ROUTINE).write_text(
        revised(next(r for r in REVISIONS if r["id"] == "age-limit-changed")), encoding="utf-8"
    )
    return project


def edit_policy(project: Path) -> None:
    """The owner's edit: the new wording in section, normative list and quotes, the new age
    in the conditions, and meta.source pointing at the new text."""
    path = project / "policy.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in OWNER_EDITS:
        assert old in text, old
        text = text.replace(old, new)
    text = text.replace(f"source: {POLICY.data['meta']['source']}", f"source: {REVISED_ROUTINE}", 1)
    path.write_text(text, encoding="utf-8")


def test_owners_guide_revised_routine_then_edited_policy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = project_with_revised_routine(tmp_path)
    policy_file = str(project / "policy.yaml")

    status = main(["--policy", policy_file, "source", str(project / REVISED_ROUTINE)])
    report = capsys.readouterr().out
    assert status == 1
    assert "barn-laser-journal-fran-16, i ”Barn”: citatet har ändrats" in report
    assert "barn-laser-inte-journal-fore-16, i ”Barn”: citatet har ändrats" in report

    edit_policy(project)
    status = main(["--policy", policy_file, "source"])  # meta.source, beside the edited policy
    out = capsys.readouterr().out
    assert status == 0, out
    assert load_policy(project / "policy.yaml").data["meta"]["source"] == REVISED_ROUTINE

    # diff against the published policy: exactly the answer the owner meant to change.
    status = main(["diff", str(ROOT / "policy.yaml"), policy_file, "--format", "json"])
    changes = json.loads(capsys.readouterr().out)["changes"]
    assert status == 0
    assert [
        (
            entry["values"]["child_age"],
            entry["values"]["actor"],
            entry["values"]["action"],
            entry["before"]["outcome"],
            entry["after"]["outcome"],
        )
        for entry in changes
    ] == [([15], ["child"], ["read_journal"], "not_allowed", "allowed")]

    # The same version number with other answers does not build; a new number does.
    published = tmp_path / "published"
    assert main(["publish", "--folder", str(published)]) == 0
    capsys.readouterr()
    assert main(["--policy", policy_file, "publish", "--check", "--folder", str(published)]) == 1
    bumped = (
        (project / "policy.yaml")
        .read_text(encoding="utf-8")
        .replace(f'  version: "{POLICY.version}"', '  version: "9.0.0"', 1)
    )
    (project / "policy.yaml").write_text(bumped, encoding="utf-8")
    assert main(["--policy", policy_file, "publish", "--check", "--folder", str(published)]) == 0


# --- the region's Word template: title, metadata table, headings, tables, the change log -------


def test_the_template_title_and_metadata_table_are_not_routine_text() -> None:
    document = routine_text(template_docx(ROUTINE.read_text(encoding="utf-8")))
    assert POLICY.data["meta"]["title"] not in document.text and "Dokumenttyp" not in document.text
    assert document.headings is not None and document.headings[0] == "Syfte och bakgrund"
    assert compare(POLICY, document).agrees


def test_a_table_in_a_word_document_adds_no_phantom_section() -> None:
    """Short cells look like titles in plain text; in a document with heading styles only
    headings begin sections, so the table is changed text in its section."""
    text = ROUTINE.read_text(encoding="utf-8")
    grid = table([["Kanal", "Ålder"], ["Ombud", "Under 13 år"]])
    revision = compare(POLICY, routine_text(template_docx(text, grid)))
    assert [change.kind for change in revision.sections] == []
    assert [(change.kind, change.section) for change in revision.changes] == [
        ("added", "uppdaterat-fran-foregaende-version")
    ]


def test_the_change_log_needs_no_rule() -> None:
    """A new entry in the change log, with "ska" in it, is reported as text, not as a
    normative sentence, and its line says it is editorial."""
    from checker.revision.impact import change_lines

    text = ROUTINE.read_text(encoding="utf-8").replace(
        "Tidigare versionsuppdateringar  \n",
        "Tidigare versionsuppdateringar  \n2025-01-15 Barn ska kunna läsa sin journal från 15 år.\n",
    )
    for document in (text, routine_text(template_docx(text))):
        revision = compare(POLICY, document)
        assert revision.normative == [] and revision.sections == [] and len(revision.changes) == 1
        [line] = change_lines(POLICY, revision, {})
        assert line.editorial and line.line.endswith(": redaktionell")


def test_an_empty_document_is_one_sentence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = written(tmp_path / "tom.docx", word_document(paragraph("") + "<w:p/>"))
    status, out, err = run_source(capsys, str(path))
    assert (status, err) == (1, "")
    assert out.splitlines()[2:] == [POLICY.text("revision_report", "empty")]


def test_a_zip_bomb_is_refused_in_bounded_memory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A body that inflates beyond any routine's size is refused from the archive's directory,
    before it is inflated."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/document.xml", "w", force_zip64=True) as body,
    ):
        for _ in range(60):
            body.write(b" " * 1_000_000)
    path = written(tmp_path / "bomb.docx", buffer.getvalue())
    assert path.stat().st_size < 1_000_000
    status, out, err = run_source(capsys, str(path))
    assert (status, out) == (2, "") and err.startswith(f"{path}: filen ser ut som ett Word-dokument")


# --- values with their words (parameters) -------------------------------------------------------

POLICY_TEXT = (ROOT / "policy.yaml").read_text(encoding="utf-8")


def policy_error(tmp_path: Path, old: str, new: str) -> str:
    """The error loading policy.yaml with ``old`` replaced by ``new`` (once) gives."""
    from checker.model.source import PolicyError

    assert POLICY_TEXT.count(old) == 1, old
    path = written(tmp_path / "policy.yaml", POLICY_TEXT.replace(old, new).encode("utf-8"))
    with pytest.raises(PolicyError) as raised:
        load_policy(path)
    return str(raised.value)


def line_of(text: str) -> int:
    return POLICY_TEXT[: POLICY_TEXT.index(text)].count("\n") + 1


def test_rules_use_the_values_by_name() -> None:
    uses = {parameter["id"]: parameter["uses"] for parameter in POLICY.data["parameters"]}
    assert ["barn-laser-journal-fran-16", "child_age", "at_least"] in uses["journal-alder"]
    assert POLICY.rules["barn-laser-journal-fran-16"]["when"]["child_age"] == {"at_least": 16}
    assert "{parameter: journal-alder}" in POLICY_TEXT


def test_words_that_no_longer_state_the_value_stop_the_build(tmp_path: Path) -> None:
    error = policy_error(tmp_path, "    value: 16\n", "    value: 15\n")
    quote = line_of("Först när barnet fyllt 16 år kan barnet läsa sin journal via 1177.se.\n    value")
    assert error.startswith(f"policy.yaml:{quote}: ")
    assert "'journal-alder' är 15, men citatet säger inte 15" in error
    error = policy_error(tmp_path, "      lifecare: LifeCare\n", "")
    assert "listan i avsnittet är" in error and f":{line_of('    items:')}:" in error


def test_an_unknown_value_name_is_refused_with_its_line(tmp_path: Path) -> None:
    error = policy_error(
        tmp_path, "sender: {longer_than: {parameter: avsandare-langd}}", "sender: {longer_than: {parameter: langd}}"
    )
    assert f":{line_of('sender: {longer_than: {parameter: avsandare-langd}}')}:" in error
    assert "värdet 'langd', som inte finns under 'parameters'" in error


def test_a_new_value_decides_the_answers_again() -> None:
    from checker.revision.impact import scenario_space, value_changes, verdicts_of

    space = scenario_space(POLICY)
    verdicts = verdicts_of(POLICY, space)
    text = ROUTINE.read_text(encoding="utf-8").replace("fyllt 16 år", "fyllt 15 år")
    [change] = value_changes(POLICY, text, space, verdicts)
    assert change.parameter == "journal-alder" and change.computed
    assert [(answer.before, answer.after, answer.href) for answer in change.answers] == [
        ("not_allowed", "allowed", "../kontroll/?situation=proxy&child_age=15&actor=child&action=read_journal")
    ]
    added = ROUTINE.read_text(encoding="utf-8").replace("LifeCare  \n", "LifeCare  \nAlltid Öppet  \n")
    [change] = value_changes(POLICY, added, space, verdicts)
    assert not change.computed and "”Alltid Öppet” inte finns bland kontrollens värden" in change.line
    # both rules that name the list (4.0.0: reminders, too, only in the approved text systems)
    assert change.rules == ["text-i-godkanda-regionala-system", "paminnelse-i-godkanda-textsystem"]


@pytest.fixture(scope="module")
def decided_today() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The whole space and its verdicts under the policy (worked out once for this module)."""
    from checker.revision.impact import scenario_space, verdicts_of

    space = scenario_space(POLICY)
    return space, verdicts_of(POLICY, space)


def video_platforms(text: str, old: str, new: str) -> str:
    """The routine with the list of video platforms edited (``old`` → ``new``, once)."""
    start = text.index("För att kommunicera med patient via video")
    assert text[start:].count(old) >= 1, old
    return text[:start] + text[start:].replace(old, new, 1)


def test_the_video_platforms_are_a_named_value() -> None:
    [video] = [parameter for parameter in POLICY.data["parameters"] if parameter["id"] == "system-for-video"]
    assert list(video["items"]) == ["platform24", "hope", "teams", "mdk_system"]
    assert ["video-i-godkanda-plattformar", "system", "one_of"] in video["uses"]
    assert POLICY.rules["video-i-godkanda-plattformar"]["when"]["system"] == {"one_of": list(video["items"])}
    assert "system: {one_of: {parameter: system-for-video}}" in POLICY_TEXT


def test_a_video_platform_removed_or_added_is_decided_again(decided_today: Any) -> None:
    """Like the text systems and the ages: HOPE struck from the video list is no longer
    approved for video; LifeCare (a system the checker knows, from the text list) added is;
    a platform the checker has no value for needs a rule change, and names the rule."""
    from checker.revision.impact import value_changes

    space, verdicts = decided_today
    routine = ROUTINE.read_text(encoding="utf-8")
    [removed] = value_changes(POLICY, video_platforms(routine, "HOPE  \n", ""), space, verdicts)
    assert removed.parameter == "system-for-video" and removed.computed and removed.words == ["HOPE"]
    assert [(answer.before, answer.after, answer.href) for answer in removed.answers] == [
        ("allowed", "not_covered", "../kontroll/?situation=system&system=hope&purpose=video_visit")
    ]
    [added] = value_changes(POLICY, video_platforms(routine, "HOPE  \n", "HOPE  \nLifeCare  \n"), space, verdicts)
    assert added.computed and added.words == ["LifeCare"]
    assert "Platform24 (Clinic24), HOPE, LifeCare, Teams, System som används för MDK" in added.line
    assert [(answer.before, answer.after, answer.href) for answer in added.answers] == [
        ("not_allowed", "allowed", "../kontroll/?situation=system&system=lifecare&purpose=video_visit")
    ]
    [unknown] = value_changes(POLICY, video_platforms(routine, "HOPE  \n", "HOPE  \nZoom  \n"), space, verdicts)
    assert not unknown.computed and "”Zoom” inte finns bland kontrollens värden" in unknown.line
    assert unknown.rules == ["video-i-godkanda-plattformar"]


def impact_of(text: str, decided_today: Any) -> list[Any]:
    """The report's one line per change for ``text``, as the desk computes them."""
    from checker.revision.impact import change_lines, rule_reach, value_changes

    space, verdicts = decided_today
    values = value_changes(POLICY, text, space, verdicts)
    return change_lines(POLICY, compare(POLICY, text), rule_reach(POLICY, verdicts), values)


def test_a_change_counts_the_questions_that_rest_on_it(decided_today: Any) -> None:
    """L in "L frågor till dig" is the owner questions that quote a sentence in the changed
    words (or whose scenarios a new value decides), not every question of the section."""
    routine = ROUTINE.read_text(encoding="utf-8")
    quoted = "Sms-meddelanden är ingen säker kommunikation och får därför endast användas"
    assert any(
        quoted in quote["text"]
        for item in POLICY.data["owner_questions"]
        if item["id"] == "vilka-system-far-skicka-paminnelser"
        for quote in item["quotes"]
    )
    [line] = impact_of(routine.replace("därför endast", "därför bara"), decided_today)
    assert line.questions == ["vilka-system-far-skicka-paminnelser"]
    assert line.line.endswith(", 1 fråga till dig")
    # a sentence of the same section that no question quotes: its rules, and no question
    sections_questions = [
        item["id"] for item in POLICY.data["owner_questions"] if "textmeddelande-och-chatt" in item["sections"]
    ]
    assert len(sections_questions) > 1  # the old count would have named them all
    [line] = impact_of(
        routine.replace("I dessa system kan kommunikation", "I dessa system kan all kommunikation"), decided_today
    )
    assert line.questions == [] and line.rules and line.line.endswith(", 0 frågor till dig")
    # the ombud age: each sentence that states it, with the questions that quote that sentence
    lines = impact_of(routine.replace("under 13 år", "under 14 år"), decided_today)
    asked = {item: line.line for line in lines for item in line.questions}
    assert "barnet-sjalvt-endast-digitalt" in asked and "barn-under-13-sjalvt-meddelanden" not in asked
    assert all(re.search(rf", {len(line.questions)} frågor? till dig$", line.line) for line in lines)


def test_a_change_nothing_rests_on_is_editorial(decided_today: Any) -> None:
    routine = ROUTINE.read_text(encoding="utf-8")
    text = routine.replace("Rutinens syfte är att klargöra", "Rutinens syfte är att förklara")
    assert text != routine
    [line] = impact_of(text, decided_today)
    assert line.editorial and line.line.endswith(": redaktionell")
    assert (line.rules, line.interpretations, line.questions, line.normative) == ([], [], [], 0)


def test_source_prints_the_lines_per_change_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], decided_today: Any
) -> None:
    """The maintainer's terminal opens with what the desk opens with: one line per change
    (the same sentences, unwrapped), then the answers a new value changes, then the details."""
    text = ROUTINE.read_text(encoding="utf-8")
    for words in ("under 13 år", "från 13 år", "äldre än 13 år"):  # every sentence that states the ombud age
        text = text.replace(words, words.replace("13", "14"))
    text = video_platforms(text, "HOPE  \n", "")
    path = written(tmp_path / "rutin.txt", text.encode("utf-8"))
    status, out, _ = run_source(capsys, str(path))
    page = POLICY.data["texts"]["revision_page"]
    lines = out.splitlines()
    assert status == 1 and lines[2:4] == ["", f"{page['heading_changes']}:"]
    heading_values = lines.index(f"{page['heading_values']}:")
    shown = " ".join(line.strip() for line in lines[4:heading_values]).strip()
    expected = impact_of(text, decided_today)
    assert shown == " ".join(line.line for line in expected)
    assert any(line.line.endswith("frågor till dig") and line.questions for line in expected)
    # then each value, with its answers before → after, and only then the findings
    details = lines.index(
        f"{POLICY.text('revision_report', 'text')} ({POLICY.text('revision_report', 'text_legend').format()}):"
    )
    values = " ".join(line.strip() for line in lines[heading_values + 1 : details])
    assert "13 i dag, 14 i den nya texten" in values
    assert "systemet är HOPE; syftet är videobesök: Tillåtet → Rutinen avgör inte detta" in values
    assert heading_values < details


def test_a_word_documents_lists_state_the_values_as_the_text_does() -> None:
    """Word sets a blank line between its paragraphs: a list's items are paragraphs, and the
    list ends at the next heading, so an unchanged Word file states today's values (no value
    is reported changed beside a change elsewhere)."""
    from checker.model.parameters import value_in_text, value_of

    document = routine_text(template_docx(ROUTINE.read_text(encoding="utf-8")))
    for parameter in POLICY.data["parameters"]:
        assert value_in_text(parameter, document.text, document.headings or ()) == value_of(parameter), parameter["id"]
