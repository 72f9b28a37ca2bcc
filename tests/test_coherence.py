"""One verdict says one thing (issue 23): verify proves it over every scenario, and fails,
naming the scenario, when a policy would make a verdict say two things."""

from __future__ import annotations

from pathlib import Path

from checker.engine.verify import verify
from checker.model.loading import load_policy
from checker.model.policy import DEFAULT_POLICY

REMINDER_TEXT = "fråga först i den kanal där patienten tog kontakt, och ring när patienten har godkänt."


def _policy_with(tmp_path: Path, old: str, new: str):
    text = DEFAULT_POLICY.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path = tmp_path / "policy.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    (tmp_path / "source").symlink_to(DEFAULT_POLICY.parent / "source")
    return load_policy(path)


def test_the_policy_in_force_is_coherent_over_every_scenario() -> None:
    report = verify(load_policy())
    assert report.incoherent == [] and report.idle_reminders == []
    assert report.ok


def test_a_reminder_that_contradicts_the_documentation_fails_verify(tmp_path: Path) -> None:
    policy = _policy_with(tmp_path, REMINDER_TEXT, REMINDER_TEXT + " Samtycket dokumenteras i journalen.")
    report = verify(policy)
    assert not report.ok
    assert any("olika om journalen" in problem for item in report.incoherent for problem in item["problems"])


def test_a_line_speaking_of_the_journal_in_unsorted_words_fails_verify(tmp_path: Path) -> None:
    policy = _policy_with(tmp_path, REMINDER_TEXT, REMINDER_TEXT + " För in det i journalen.")
    problems = [problem for item in verify(policy).incoherent for problem in item["problems"]]
    assert problems and all("inte sorterat" in problem for problem in problems)


def test_a_reminder_shown_nowhere_fails_verify(tmp_path: Path) -> None:
    old = "          patient_channel: {one_of: [1177_message, chat, video]}\n          asks_patient_to_call: true"
    new = "          patient_channel: {one_of: [chat], not_one_of: [chat]}\n          asks_patient_to_call: true"
    assert verify(_policy_with(tmp_path, old, new)).idle_reminders
