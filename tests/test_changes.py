"""What a new policy version changes: published records, ``diff`` and the version check.

The first published version, 1.0.0, is kept as the verdicts its own code gave
(``published/1.0.0.json``); the corrections of 2.0.0 are the first real change.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from checker import Policy, check, load_policy
from checker.changes import change_index, diff, from_policy, history, load_version, record

ROOT = Path(__file__).resolve().parent.parent
FIRST = ROOT / "published" / "1.0.0.json"


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "checker", *args], cwd=ROOT, capture_output=True, text=True)


def test_the_first_published_version_stays_readable() -> None:
    first = load_version(FIRST)
    assert first.version == "1.0.0"
    journal_14 = {"situation": "proxy", "child_age": 14, "actor": "guardian", "action": "read_journal"}
    assert first.verdict(journal_14)["outcome"] == "not_covered"
    assert first.verdict({"situation": "digital_information"}) is None  # no such question then


def test_diff_names_the_guardian_correction_as_one_entry_with_quotes_before_and_after(policy: Policy) -> None:
    result = run_cli("diff", str(FIRST), "policy.yaml", "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["from"], report["to"]) == ("1.0.0", policy.version)
    journal = [
        entry
        for entry in report["changes"]
        if entry["situation"] == "proxy" and "read_journal" in entry["values"]["action"]
    ]
    assert len(journal) == 1
    entry = journal[0]
    assert entry["values"]["child_age"] == [13, 14, 15, 16, 17] and entry["values"]["actor"] == ["guardian"]
    assert entry["before"]["outcome"] == "not_covered" and entry["after"]["outcome"] == "not_allowed"
    assert entry["answer_changed"]
    quotes = [quote for rule in entry["rules_after"] for quote in rule["quote"]]
    assert "Vårdnadshavare kan vara ombud för barn under 13 år." in quotes


def test_diff_as_text_is_swedish_and_lists_before_and_after(policy: Policy) -> None:
    result = run_cli("diff", str(FIRST), "policy.yaml")
    assert result.returncode == 0
    assert result.stdout.startswith(f"Från version 1.0.0 till {policy.version}:")
    assert "Förut: Rutinen avgör inte detta." in result.stdout
    assert "Nu: Inte tillåtet." in result.stdout


def test_a_policy_against_itself_changes_nothing() -> None:
    result = run_cli("diff", "policy.yaml", "policy.yaml", "--format", "json")
    assert json.loads(result.stdout)["changes"] == []
    assert run_cli("diff", "policy.yaml", "policy.yaml").stdout.startswith("Inga svar ändras")


def test_a_record_and_its_policy_agree(policy: Policy) -> None:
    recorded = load_version_from(record(policy))
    assert diff(recorded, from_policy(policy))["changes"] == []


def load_version_from(data: dict) -> object:
    from checker.changes import from_record

    return from_record(json.loads(json.dumps(data)))


def test_a_changed_policy_under_a_published_version_number_fails_the_check(tmp_path: Path) -> None:
    published = tmp_path / "published"
    assert run_cli("publish", "--folder", str(published)).returncode == 0
    assert run_cli("publish", "--check", "--folder", str(published)).returncode == 0
    text = (ROOT / "policy.yaml").read_text(encoding="utf-8")
    changed = tmp_path / "policy.yaml"
    changed.write_text(
        text.replace("- Barnet loggar in själv på 1177.se med egen e-legitimation.", "- Barnet loggar in själv.", 1),
        encoding="utf-8",
    )
    result = run_cli("--policy", str(changed), "publish", "--check", "--folder", str(published))
    assert result.returncode == 1
    assert "Höj versionen" in result.stderr


def test_the_checker_says_when_this_version_changed_an_answer(policy: Policy) -> None:
    steps = history(policy, ROOT / "published")
    assert steps[-1]["to"] == policy.version
    index = change_index(policy, steps[-1])
    if not index:
        pytest.skip(f"version {policy.version} changes no answer against the last published one")
    compiled = Policy(**{**policy.__dict__, "data": {**policy.data, "changes": index}})
    verdict = check(compiled, {"situation": "proxy", "child_age": 14, "actor": "guardian", "action": "read_journal"})
    assert verdict["changed"]["before"] == "not_covered"
    assert verdict["changed"]["text"].startswith(f"Ändrat i version {policy.version}")
    assert verdict["changed"]["link"].startswith("vad-har-andrats/#andring-")
    unchanged = check(compiled, {"situation": "proxy", "child_age": 12, "actor": "guardian", "action": "read_journal"})
    assert unchanged["changed"] is None


def test_the_compiled_policy_carries_the_index(tmp_path: Path, policy: Policy) -> None:
    target = tmp_path / "policy.json"
    assert run_cli("compile", str(target)).returncode == 0
    compiled = load_policy(target)
    assert compiled.data["changes"] == change_index(policy, history(policy, ROOT / "published")[-1])


def _edited(tmp_path: Path, version: str, *edits: tuple[str, str]) -> Path:
    text = (ROOT / "policy.yaml").read_text(encoding="utf-8")
    text = text.replace(f'  version: "{load_policy(ROOT / "policy.yaml").version}"', f'  version: "{version}"', 1)
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / "policy.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_version_number_must_be_as_large_as_the_change(tmp_path: Path, policy: Policy) -> None:
    """patch: wording; minor: new rules, examples, readings; major: an answer changes."""
    published = tmp_path / "published"
    assert run_cli("publish", "--folder", str(published)).returncode == 0
    number = [int(part) for part in policy.version.split(".")]
    major, minor, patch = (
        f"{number[0] + 1}.0.0",
        f"{number[0]}.{number[1] + 1}.0",
        f"{number[0]}.{number[1]}.{number[2] + 1}",
    )
    age = ("child_age: {at_least: 16}", "child_age: {at_least: 15}")
    age_below = ("child_age: {below: 16}", "child_age: {below: 15}")
    age_text = ("Först när barnet fyllt 16 år", "Först när barnet fyllt 15 år")
    wording = (
        "- Barnet loggar in själv på 1177.se med egen e-legitimation.",
        "- Barnet loggar in själv med egen e-legitimation.",
    )

    def version_check(version: str, *edits: tuple[str, str]) -> subprocess.CompletedProcess[str]:
        path = _edited(tmp_path, version, *edits)
        return run_cli("--policy", str(path), "publish", "--check", "--folder", str(published))

    outcome_as_patch = version_check(patch, age, age_below, age_text)
    assert outcome_as_patch.returncode == 1 and "kräver major" in outcome_as_patch.stderr
    assert version_check(minor, age, age_below, age_text).returncode == 1
    assert version_check(major, age, age_below, age_text).returncode == 0
    assert version_check(patch, wording).returncode == 0


def test_a_published_rule_renamed_must_say_where_it_went(tmp_path: Path, policy: Policy) -> None:
    published = tmp_path / "published"
    assert run_cli("publish", "--folder", str(published)).returncode == 0
    major = f"{int(policy.version.split('.')[0]) + 1}.0.0"
    rename = ("barn-laser-journal-fran-16", "barn-laser-journalen-fran-16")
    silent = run_cli(
        "--policy", str(_edited(tmp_path, major, rename)), "publish", "--check", "--folder", str(published)
    )
    assert silent.returncode == 1 and "barn-laser-journal-fran-16" in silent.stderr and "renamed" in silent.stderr
    said = _edited(
        tmp_path,
        major,
        rename,
        (
            "\nrules:\n",
            "\nrenamed:\n  - {old: barn-laser-journal-fran-16, new: barn-laser-journalen-fran-16}\n\nrules:\n",
        ),
    )
    assert run_cli("--policy", str(said), "publish", "--check", "--folder", str(published)).returncode == 0
