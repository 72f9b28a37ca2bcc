"""The owner's desk's Python runtime in the site: ``python scripts/bundle_desk.py build/docs``.

``scripts/build`` runs this after ``scripts/bundle_checker.py``, whose Pyodide files and
checker wheel the desk (the page ny-rutintext/) uses as they are. The desk starts Pyodide the
normal way, not from the staff checker's snapshot: it needs modules the checker never
imports (difflib, zipfile, xml.etree, the text encodings), and the staff checker's snapshot
and standard library stay as small as they are. It writes, under the given docs folder:

- ``assets/ny-rutintext/stdlib-<hash>.zip``: the standard library that Pyodide's start and
  ``checker.apps.desk`` load, trimmed as the staff checker's is and named after its
  content. It stays out of the hashed folders that browsers keep for a year
  (scripts/hosting.py): a repeat visit asks once and gets "not modified";
- ``assets/ny-rutintext/runtime.js``: generated for the desk's worker: ``loadPyodide`` from
  the staff checker's Pyodide folder, that folder's URL, the ABI version, this standard
  library's URL, and the checker's wheel with its SHA-256 for the fetch's integrity check.

Which files the desk needs is learnt under Node on the shipped files (scripts/desk_check.mjs),
by answering cases (the routine's own text, a shortened copy, the same in other encodings and
as a Word document, unreadable files); the trimmed library is then checked on the same cases.
Every answer must be CPython's. Any missing input stops the build with one plain line and
exit status 2.
"""

from __future__ import annotations

import base64
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import build_cache
from bundle_checker import (
    PYODIDE,
    PYODIDE_FILES,
    ROOT,
    BundleError,
    content_named,
    integrity,
    pyodide_abi_version,
    runtime_folder,
    stdlib_zip,
)

sys.path.insert(0, str(ROOT))

from checker.apps import desk as revision_web
from checker.model.loading import load_policy_json
from checker.model.policy import COMPILED_POLICY

UPLOAD = "upload"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def as_word_document(text: str) -> bytes:
    """A minimal .docx of ``text``: a paragraph per block between blank lines, its lines
    joined by soft line breaks (compressed, as Word writes it, so that zlib is used). A fixed
    date: the same text gives the same bytes, so the cases (and the cache key made of them,
    scripts/build_cache.py) stay the same from one build to the next."""
    paragraphs = []
    for block in re.split(r"\n[ \t]*\n", text):
        if block.strip():
            runs = "<w:r><w:br/></w:r>".join(
                f'<w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r>' for line in block.strip("\n").split("\n")
            )
            paragraphs.append(f"<w:p>{runs}</w:p>")
    document = f'<w:document xmlns:w="{W_NS}"><w:body>{"".join(paragraphs)}</w:body></w:document>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        entry = zipfile.ZipInfo("word/document.xml", date_time=(1980, 1, 1, 0, 0, 0))
        archive.writestr(entry, document, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def cases(work: Path) -> list[dict[str, str]]:
    """Texts and files for the desk, with CPython's answer to each."""
    policy = load_policy_json(COMPILED_POLICY.read_text(encoding="utf-8"))
    revision_web.setup_packaged()
    text = (ROOT / policy.data["meta"]["source"]).read_text(encoding="utf-8")
    age = next((p["value"] for p in policy.data.get("parameters", []) if "value" in p), 0)
    titles = json.dumps([section["title"] for section in policy.sections.values()], ensure_ascii=False)
    items: list[dict[str, str]] = [
        {"text": text, "expected": revision_web.compare_text(text)},
        {"text": text[: len(text) // 2], "expected": revision_web.compare_text(text[: len(text) // 2])},
        {"text": text, "headings": titles, "expected": revision_web.compare_text(text, titles)},
        {"text": "", "expected": revision_web.compare_text("")},
        # a value the routine states, changed: every answer decided again under the new value
        {
            "text": text.replace(f" {age} år", f" {age - 1} år"),
            "expected": revision_web.compare_text(text.replace(f" {age} år", f" {age - 1} år")),
        },
    ]
    files = [
        text.encode("utf-8-sig"),
        text.encode("utf-16"),
        text.replace("\n", "\r\n").encode("cp1252"),
        as_word_document(text),
        b"PK\x03\x04" + bytes(64),
        b"\x89PNG\r\n\x1a\n\x00",
    ]
    path = work / UPLOAD
    for data in files:
        path.write_bytes(data)
        items.append({"file": base64.b64encode(data).decode("ascii"), "expected": revision_web.compare_file(str(path))})
    return items


def desk_check(runtime_dir: Path, stdlib: Path, wheel: Path, abi_version: str, checks: Path) -> list[str]:
    """scripts/desk_check.mjs: every case answered in Pyodide; the standard library files used."""
    node = shutil.which("node")
    if node is None:
        raise BundleError("node saknas: ägarens sida prövas i Pyodide under Node.")
    done = subprocess.run(
        [
            node,
            # desk_check.mjs imports the workers' docs/javascripts/pyodide/start.js, an ES module
            # outside any "type": "module" package; Node would say so on every build.
            "--disable-warning=MODULE_TYPELESS_PACKAGE_JSON",
            str(ROOT / "scripts" / "desk_check.mjs"),
            str(runtime_dir),
            str(stdlib),
            str(wheel),
            abi_version,
            str(checks),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout)


def bundle_desk(docs: Path) -> None:
    abi_version = pyodide_abi_version()
    runtime = runtime_folder([PYODIDE / name for name in PYODIDE_FILES])
    runtime_dir = docs / "assets" / runtime
    wheels = sorted((docs / "assets" / "checker").glob("*.whl"))
    if not runtime_dir.is_dir() or len(wheels) != 1:
        raise BundleError("kontrollens Pyodide-filer eller hjul saknas: kör scripts/bundle_checker.py först.")
    desk_dir = docs / "assets" / "ny-rutintext"
    shutil.rmtree(desk_dir, ignore_errors=True)
    desk_dir.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        checks = work / "cases.json"
        checked = json.dumps(cases(work), ensure_ascii=False)
        checks.write_text(checked, encoding="utf-8")
        # Both runs' result, the trimmed library, is kept by the hash of what they read
        # (scripts/build_cache.py): an unchanged checker and Pyodide skip them, proved already.
        node = shutil.which("node")
        if node is None:
            raise BundleError("node saknas: ägarens sida prövas i Pyodide under Node.")
        wheel_files = build_cache.wheel_files(wheels[0])
        key = build_cache.node_key(node, "desk", runtime, abi_version, wheel_files, checked)
        kept = build_cache.kept(f"{key}.desk-stdlib.zip")
        trimmed = work / "stdlib.zip"
        if kept:
            shutil.copyfile(kept, trimmed)
        else:
            used = desk_check(runtime_dir, PYODIDE / "python_stdlib.zip", wheels[0], abi_version, checks)
            stdlib_zip(used, trimmed)
            desk_check(runtime_dir, trimmed, wheels[0], abi_version, checks)
            build_cache.keep(f"{key}.desk-stdlib.zip", trimmed)
        stdlib = shutil.copy2(content_named(trimmed, "stdlib"), desk_dir)
    wheel = wheels[0]
    (desk_dir / "runtime.js").write_text(
        "// Generated by scripts/bundle_desk.py from node_modules/pyodide and the checker wheel; do not edit.\n"
        + f'export {{ loadPyodide }} from "../{runtime}/pyodide.mjs";\n'
        + f'export const INDEX_URL = new URL("../{runtime}/", import.meta.url).href;\n'
        + f"export const ABI_VERSION = {json.dumps(abi_version)};\n"
        + f'export const STDLIB_URL = new URL("{Path(stdlib).name}", import.meta.url).href;\n'
        + f'export const WHEEL_URL = new URL("../checker/{wheel.name}", import.meta.url).href;\n'
        + f"export const WHEEL_INTEGRITY = {json.dumps(integrity(wheel))};\n",
        encoding="utf-8",
    )


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("användning: python scripts/bundle_desk.py build/docs", file=sys.stderr)
        return 2
    try:
        bundle_desk(Path(argv[1]))
    except (BundleError, subprocess.CalledProcessError) as error:
        detail = getattr(error, "stderr", None) or ""
        print(f"bundle_desk: {error} {detail}".rstrip(), file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
