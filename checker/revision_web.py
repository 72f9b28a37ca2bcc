"""The owner's desk in the browser: a new text of the routine against the published policy.

The page *Pröva en ny version av rutinen* (ny-rutintext/) runs this module in Pyodide, in a
worker of its own, beside the staff checker's (checker.web) but never loaded by it. The
comparison and its words are :mod:`checker.revision`'s, the same that ``python -m checker
source`` prints; the file is read by :mod:`checker.routine_file`, as on the command line.
Only strings cross between JavaScript and Python: the worker writes a chosen file into
Pyodide's in-memory file system, passes its path, and removes it again.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from .policy import COMPILED_POLICY, Policy, load_policy_json
from .revision import compare, read_routine, report, summary, unreadable
from .routine_file import UnreadableFile

_policy: Policy | None = None


def setup_packaged() -> str:
    """Load the compiled policy shipped in the package (the one the site was built from);
    returns its version, which the page shows beside the report."""
    global _policy
    _policy = load_policy_json(COMPILED_POLICY.read_text(encoding="utf-8"))
    return _policy.version


def _loaded() -> Policy:
    if _policy is None:
        raise RuntimeError("setup_packaged() must be called first")
    return _policy


def report_data(policy: Policy, text: str) -> dict[str, Any]:
    """The report as data: agreement, the summary line, and the findings by group."""
    revision = compare(policy, text)
    return {
        "agrees": revision.agrees,
        "summary": summary(policy, revision),
        "groups": [asdict(group) for group in report(policy, revision)],
    }


def compare_text(text: str) -> str:
    """A pasted text against the policy: the report (:func:`report_data`) as JSON."""
    return json.dumps(report_data(_loaded(), text), ensure_ascii=False)


def compare_file(path: str) -> str:
    """A chosen file (plain text or .docx) against the policy: the report, or
    ``{"error": …}`` saying in Swedish why the file cannot be read."""
    policy = _loaded()
    try:
        text = read_routine(path)
    except UnreadableFile as error:
        return json.dumps({"error": unreadable(policy, error)}, ensure_ascii=False)
    return json.dumps(report_data(policy, text), ensure_ascii=False)
