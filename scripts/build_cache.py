"""What the build's slow steps made, kept by the content of everything they read.

Three steps give the same files whenever their inputs are the same, which on most builds
they are (an edit of a page or of the docs changes none of them), and always in the test
that builds a copy of the project (tests/test_build.py links this folder in):

- ``scripts/bundle_checker.py`` starts Pyodide under Node three times to trim the standard
  library and make the checker's memory snapshot (scripts/snapshot.mjs);
- ``scripts/bundle_desk.py`` starts it twice for the desk's library (scripts/desk_check.mjs);
- ``scripts/bundle_checker.py`` asks ``checker.apps.web.ask`` every query of the answer book
  (scripts/answer_book.py), half a minute of processor time on its own.

A key is the SHA-256 of every input: for all three the checker wheel's files (names and
bytes, not the zip, whose dates change with every copy: the checker's code and compiled
policy), and what each step reads besides: for the Node runs the Pyodide folder's name
(itself the hash of Pyodide's files), the ABI version, the cases they must answer as CPython
does (with CPython's answers), the scripts that run under Node and the modules they import,
and Node's version; for the book its queries and scripts/answer_book.py. A result is kept only
after its step has passed every check, so a kept result was proved on exactly these inputs.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "build" / "build-cache"
NODE_SCRIPTS = (
    ROOT / "scripts" / "snapshot.mjs",
    ROOT / "scripts" / "desk_check.mjs",
    ROOT / "docs" / "javascripts" / "pyodide" / "start.js",
    ROOT / "docs" / "javascripts" / "kontroll" / "snapshot.js",
)
"""Everything of ours that runs under Node in those runs."""


def wheel_files(wheel: Path) -> bytes:
    """The wheel's files, names and bytes in order: the same package gives the same bytes."""
    digest = hashlib.sha256()
    with zipfile.ZipFile(wheel) as archive:
        for name in sorted(archive.namelist()):
            digest.update(name.encode("utf-8") + b"\0" + hashlib.sha256(archive.read(name)).digest())
    return digest.digest()


def key(*inputs: str | bytes) -> str:
    """The key of a step's result: the hash of its inputs, each as it is."""
    digest = hashlib.sha256()
    for part in inputs:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little") + data)
    return digest.hexdigest()


def node_key(node: str, *inputs: str | bytes) -> str:
    """The key of a run of ``node`` on these inputs: with Node's version and the scripts it runs."""
    version = subprocess.run([node, "--version"], check=True, capture_output=True, text=True).stdout.strip()
    return key(version, *(path.read_bytes() for path in NODE_SCRIPTS), *inputs)


def kept(name: str) -> Path | None:
    """The kept file ``name`` (``<key>.<what>``), if a passed step left it."""
    path = CACHE / name
    return path if path.is_file() else None


def keep(name: str, made: Path) -> None:
    """Keep a copy of ``made`` as ``name``; written whole or not at all (two builds at once)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = CACHE / f"{name}.part"
    shutil.copyfile(made, partial)
    partial.replace(CACHE / name)
