"""What a new policy version changes: published records, ``diff`` and the version check.

The first published version, 1.0.0, is kept as the verdicts its own code gave
(``published/1.0.0.json``); the corrections of 2.0.0 are the first real change.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
from pathlib import Path
from typing import Any

from command_line import run_checker

from checker import Policy, check, load_policy
from checker.model.scenario import scenario_key
from checker.versions.diff import change_index, diff, word_diff
from checker.versions.records import from_policy, load_version, record

ROOT = Path(__file__).resolve().parent.parent
FIRST = ROOT / "published" / "1.0.0.json"


def test_the_first_published_version_stays_readable() -> None:
    first = load_version(FIRST)
    assert first.version == "1.0.0"
    journal_14 = {"situation": "proxy", "child_age": 14, "actor": "guardian", "action": "read_journal"}
    assert first.verdict(journal_14)["outcome"] == "not_covered"
    assert first.verdict({"situation": "digital_information"}) is None  # no such question then


def test_diff_names_the_guardian_correction_as_one_entry_with_quotes_before_and_after(policy: Policy) -> None:
    result = run_checker("diff", str(FIRST), "policy.yaml", "--format", "json")
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
    result = run_checker("diff", str(FIRST), "policy.yaml")
    assert result.returncode == 0
    assert result.stdout.startswith(f"Från version 1.0.0 till {policy.version}:")
    assert "Förut: Rutinen avgör inte detta." in result.stdout
    assert "Nu: Inte tillåtet." in result.stdout


def test_a_policy_against_itself_changes_nothing() -> None:
    result = run_checker("diff", "policy.yaml", "policy.yaml", "--format", "json")
    assert json.loads(result.stdout)["changes"] == []
    assert run_checker("diff", "policy.yaml", "policy.yaml").stdout.startswith("Inga svar ändras")


def test_a_record_and_its_policy_agree(policy: Policy) -> None:
    recorded = load_version_from(record(policy))
    assert diff(recorded, from_policy(policy))["changes"] == []


def load_version_from(data: dict) -> object:
    from checker.versions.records import from_record

    return from_record(json.loads(json.dumps(data)))


def test_a_changed_policy_under_a_published_version_number_fails_the_check(tmp_path: Path) -> None:
    published = tmp_path / "published"
    assert run_checker("publish", "--folder", str(published)).returncode == 0
    assert run_checker("publish", "--check", "--folder", str(published)).returncode == 0
    text = (ROOT / "policy.yaml").read_text(encoding="utf-8")
    changed = tmp_path / "policy.yaml"
    changed.write_text(
        text.replace("- Barnet loggar in själv på 1177.se med egen e-legitimation.", "- Barnet loggar in själv.", 1),
        encoding="utf-8",
    )
    result = run_checker("--policy", str(changed), "publish", "--check", "--folder", str(published))
    assert result.returncode == 1
    assert "Höj versionen" in result.stderr


def compiled_with_changes(policy: Policy, steps: list[dict[str, Any]]) -> Policy:
    """The policy with the index of this version's changes, as ``compile`` builds it."""
    assert steps[-1]["to"] == policy.version
    return dataclasses.replace(policy, data={**policy.data, "changes": change_index(policy, steps[-1])})


def test_the_checker_says_when_this_version_changed_an_answer(
    policy: Policy, published_history: list[dict[str, Any]]
) -> None:
    steps = published_history
    compiled = compiled_with_changes(policy, steps)
    entry = next(item for item in steps[-1]["changes"] if item["before"] and item["answer_changed"])
    verdict = check(compiled, entry["scenarios"][0])
    before = entry["before"]["outcome"]
    assert verdict["changed"]["before"] == before != verdict["outcome"]
    assert verdict["changed"]["parts"][0] == "outcome"
    assert verdict["changed"]["text"] == (
        f"Ändrat i version {policy.version} ({verdict['changed']['date']}). "
        f"Förut var svaret ”{policy.text('outcomes', before)}”."
    )
    assert verdict["changed"]["link"].startswith("vad-har-andrats/#andring-")
    unchanged = check(compiled, {"situation": "proxy", "child_age": 12, "actor": "guardian", "action": "read_journal"})
    assert unchanged["changed"] is None


def test_a_changed_answer_with_the_same_outcome_says_what_else_changed(
    policy: Policy, published_history: list[dict[str, Any]]
) -> None:
    """A scenario this version changed without changing its outcome (a condition reworded, a
    reading now named): the text says what else changed, not the outcome it still has."""
    steps = published_history
    compiled = compiled_with_changes(policy, steps)
    entry = next(
        item
        for item in steps[-1]["changes"]
        if item["before"] and item["answer_changed"] and item["before"]["outcome"] == item["after"]["outcome"]
    )
    verdict = check(compiled, entry["scenarios"][0])
    assert verdict["outcome"] == verdict["changed"]["before"]
    assert "outcome" not in verdict["changed"]["parts"]
    text = verdict["changed"]["text"]
    assert "Utfallet är detsamma som förut, men" in text
    assert all(policy.text("changes", f"changed_{part}") in text for part in verdict["changed"]["parts"])
    assert "Tidigare" not in text and policy.text("outcomes", verdict["outcome"]) not in text


def test_no_changed_answer_names_todays_outcome_as_the_earlier_one(
    policy: Policy, published_history: list[dict[str, Any]]
) -> None:
    """Over every scenario this version changed: the text names the earlier outcome only
    when it differs from today's, and otherwise each part that changed."""
    compiled = compiled_with_changes(policy, published_history)
    assert compiled.data["changes"]
    for key, change in compiled.data["changes"].items():
        situation, *values = json.loads(key)
        fields = policy.situations[situation].fields
        scenario = {"situation": situation, **{f: v for f, v in zip(fields, values, strict=True) if v is not None}}
        verdict = check(compiled, scenario)
        text = verdict["changed"]["text"]
        assert f"”{policy.text('outcomes', verdict['outcome'])}”" not in text, key
        assert "Tidigare:" not in text
        if change["before"] is not None and change["before"] != verdict["outcome"]:
            assert "outcome" in change["parts"] and f"”{policy.text('outcomes', change['before'])}”" in text
        elif change["before"] is not None:
            for part in change["parts"]:
                assert policy.text("changes", f"changed_{part}") in text, key


def test_a_new_question_says_it_did_not_exist_before(policy: Policy) -> None:
    scenario = {"situation": "digital_information"}
    key = scenario_key(scenario, list(policy.situations["digital_information"].fields))
    change = {"version": policy.version, "date": "2026-12-01", "before": None, "parts": ["outcome"], "entry": 1}
    compiled = dataclasses.replace(policy, data={**policy.data, "changes": {key: change}})
    text = check(compiled, scenario)["changed"]["text"]
    assert text == f"Ändrat i version {policy.version} (2026-12-01). Frågan fanns inte i den tidigare versionen."


def test_the_compiled_policy_carries_the_index(
    tmp_path: Path, policy: Policy, published_history: list[dict[str, Any]]
) -> None:
    target = tmp_path / "policy.json"
    assert run_checker("compile", str(target)).returncode == 0
    compiled = load_policy(target)
    assert compiled.data["changes"] == change_index(policy, published_history[-1])


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
    assert run_checker("publish", "--folder", str(published)).returncode == 0
    number = [int(part) for part in policy.version.split(".")]
    major, minor, patch = (
        f"{number[0] + 1}.0.0",
        f"{number[0]}.{number[1] + 1}.0",
        f"{number[0]}.{number[1]}.{number[2] + 1}",
    )
    age = ("    value: 16\n", "    value: 15\n")  # the journal age (parameters), used by its rules by name
    age_text = ("Först när barnet fyllt 16 år", "Först när barnet fyllt 15 år")
    wording = (
        "- Barnet loggar in själv på 1177.se med egen e-legitimation.",
        "- Barnet loggar in själv med egen e-legitimation.",
    )

    def version_check(version: str, *edits: tuple[str, str]) -> subprocess.CompletedProcess[str]:
        path = _edited(tmp_path, version, *edits)
        return run_checker("--policy", str(path), "publish", "--check", "--folder", str(published))

    outcome_as_patch = version_check(patch, age, age_text)
    assert outcome_as_patch.returncode == 1 and "kräver major" in outcome_as_patch.stderr
    assert version_check(minor, age, age_text).returncode == 1
    assert version_check(major, age, age_text).returncode == 0
    assert version_check(patch, wording).returncode == 0


def test_a_published_rule_renamed_must_say_where_it_went(tmp_path: Path, policy: Policy) -> None:
    published = tmp_path / "published"
    assert run_checker("publish", "--folder", str(published)).returncode == 0
    major = f"{int(policy.version.split('.')[0]) + 1}.0.0"
    rename = ("barn-laser-journal-fran-16", "barn-laser-journalen-fran-16")
    silent = run_checker(
        "--policy", str(_edited(tmp_path, major, rename)), "publish", "--check", "--folder", str(published)
    )
    assert silent.returncode == 1 and "barn-laser-journal-fran-16" in silent.stderr and "renamed" in silent.stderr
    said = _edited(
        tmp_path,
        major,
        rename,
        (
            "\nrenamed:\n",
            "\nrenamed:\n  - {old: barn-laser-journal-fran-16, new: barn-laser-journalen-fran-16}\n",
        ),
    )
    assert run_checker("--policy", str(said), "publish", "--check", "--folder", str(published)).returncode == 0


def test_a_word_diff_marks_only_the_words_that_changed() -> None:
    old = "Svara i samma kanal som patienten valde."
    new = "Svara i samma kanal som patienten valde, och be patienten ringa mottagningen."
    runs = word_diff(old, new)
    assert runs == [
        ("=", "Svara i samma kanal som patienten valde"),
        ("+", ", och be patienten ringa mottagningen"),
        ("=", "."),
    ]
    assert "".join(text for kind, text in runs if kind != "-") == new
    assert "".join(text for kind, text in word_diff(new, old) if kind != "-") == old
    assert word_diff("Avsändaren är RegHalland.", "Avsändaren ska vara RegHalland.") == [
        ("=", "Avsändaren"),
        ("-", " är"),
        ("+", " ska vara"),
        ("=", " RegHalland."),
    ]
