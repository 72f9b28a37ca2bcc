"""``python -m checker`` run inside the test process: the same ``main`` with the same
arguments, standard input and output, and exit status, without starting a new Python that
imports the checker and reads the policy again for each call (about a second each on a busy
machine). Tests about the process itself (no traceback reaches the terminal, the package
runs without PyYAML) still start one.
"""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from checker.apps.cli import main

ROOT = Path(__file__).resolve().parent.parent


def run_checker(*arguments: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """What ``python -m checker ARGUMENTS`` prints and returns, run from the project's root
    (relative paths such as ``policy.yaml`` mean what they mean on the command line)."""
    out, err = io.StringIO(), io.StringIO()
    with (
        contextlib.chdir(ROOT),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
        _standard_input(stdin),
    ):
        try:
            status = main(list(arguments))
        except SystemExit as stop:  # argparse's usage errors
            status = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    return subprocess.CompletedProcess(["python", "-m", "checker", *arguments], status, out.getvalue(), err.getvalue())


@contextlib.contextmanager
def _standard_input(text: str) -> Iterator[None]:
    saved = sys.stdin
    sys.stdin = io.StringIO(text)
    try:
        yield
    finally:
        sys.stdin = saved
