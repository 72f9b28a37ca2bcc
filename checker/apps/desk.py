"""The owner's desk in the browser: a new text of the routine against the published policy.

The page *Pröva en ny version av rutinen* (ny-rutintext/) runs this module in Pyodide, in a
worker of its own, beside the staff checker's (checker.apps.web) but never loaded by it. The
comparison and its words are :mod:`checker.revision`'s, the same that ``python -m checker
source`` prints; the file is read by :mod:`checker.revision.routine_file`, as on the command line.
Only strings cross between JavaScript and Python: the worker writes a chosen file into
Pyodide's in-memory file system, passes its path, and removes it again. A pasted text comes
with the headings the clipboard marked (Word puts them there as HTML headings), so that pasted
text keeps its sections as a Word file does.

The report opens with one line per change (:mod:`checker.revision.impact`); what the rules
decide today over the whole space is worked out once, the first time a change touches a rule.
Where the new text states a value (``parameters``) differently, every answer is decided again
under the new value and the changed ones are shown before → after.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from ..model.loading import load_policy_json
from ..model.policy import COMPILED_POLICY, Policy
from ..revision.align import compare
from ..revision.impact import Decided, impact, scenario_space, verdicts_of
from ..revision.report import report, summary, unreadable
from ..revision.routine_file import RoutineText, UnreadableFile, read_routine

_policy: Policy | None = None
_decided: Decided | None = None


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


def _decided_today() -> Decided:
    """The space decided under the loaded policy, worked out once for every report."""
    global _decided
    if _decided is None:
        policy = _loaded()
        space = scenario_space(policy)
        _decided = (space, verdicts_of(policy, space))
    return _decided


def report_data(policy: Policy, text: RoutineText) -> dict[str, Any]:
    """The report as data: agreement (or an empty text), the summary line, one line per
    change, and the findings by group."""
    revision = compare(policy, text)
    lines, values = impact(policy, revision, text, _decided_today)
    return {
        "agrees": revision.agrees,
        "empty": revision.empty,
        "summary": summary(policy, revision),
        "changes": [asdict(line) for line in lines],
        "values": [asdict(value) for value in values],
        "groups": [asdict(group) for group in report(policy, revision)],
    }


def compare_text(text: str, headings: str = "null") -> str:
    """A pasted text against the policy: the report (:func:`report_data`) as JSON.
    ``headings``: a JSON list of the lines the clipboard marked as headings, or null."""
    marked = json.loads(headings)
    return json.dumps(report_data(_loaded(), pasted(text, marked)), ensure_ascii=False)


def pasted(text: str, headings: list[str] | None) -> RoutineText:
    """A pasted text with the headings its HTML copy marked: what stands before the first
    heading (the template's metadata table, as the clipboard's plain text holds it) is no
    routine text, as in a Word file."""
    if not headings:
        return RoutineText(text)
    lines = text.splitlines()
    first = next((index for index, line in enumerate(lines) if " ".join(line.split()) == headings[0]), 0)
    return RoutineText("\n".join(lines[first:]), tuple(headings))


def compare_file(path: str) -> str:
    """A chosen file (plain text or .docx) against the policy: the report, or
    ``{"error": …}`` saying in Swedish why the file cannot be read."""
    policy = _loaded()
    try:
        text = read_routine(path)
    except UnreadableFile as error:
        return json.dumps({"error": unreadable(policy, error)}, ensure_ascii=False)
    return json.dumps(report_data(policy, text), ensure_ascii=False)
