"""A reading's alternatives are data the engine decides with (issues 17 and 18).

An alternative with ``rules`` (or ``fields``) says what the policy would decide instead;
``chosen`` switches the reading to it; a verdict names a reading exactly where one of its
computable alternatives would answer otherwise. Edits are made to the real policy.yaml as
text, as the owner would make them, and loaded from a temporary file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker import Policy, check, load_policy
from checker.engine.decide import RuleConflict, answer, answer_of, decide, decision_of
from checker.engine.verify import verify
from checker.versions.alternatives import alternative_impact
from checker.versions.diff import changes, count_scenarios, diff
from checker.versions.records import from_policy, space

ROOT = Path(__file__).resolve().parent.parent
POLICY = load_policy(ROOT / "policy.yaml")
IN_FORCE = from_policy(POLICY)
"""POLICY as a version to compare with, shared: it decides each scenario once for every test."""
COMPUTABLE = [
    (reading_id, alternative["id"])
    for reading_id, item in POLICY.interpretations.items()
    for alternative in item["alternatives"]
    if "rules" in alternative or "fields" in alternative
]


def edited(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    """policy.yaml with each (find, replace) made once, written to a temporary file."""
    text = (ROOT / "policy.yaml").read_text(encoding="utf-8")
    for find, replace in edits:
        assert find in text, find
        text = text.replace(find, replace, 1)
    path = tmp_path / "policy.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def choosing(tmp_path: Path, reading_id: str, alternative_id: str) -> Path:
    """policy.yaml with ``chosen: <alternative>`` written into the reading."""
    text = (ROOT / "policy.yaml").read_text(encoding="utf-8")
    start = text.index(f"  - id: {reading_id}\n    question:")
    at = text.index("    chosen: null\n", start)
    path = tmp_path / "policy.yaml"
    path.write_text(text[:at] + f"    chosen: {alternative_id}\n" + text[at + len("    chosen: null\n") :], "utf-8")
    return path


def test_every_reading_has_an_alternative_the_engine_can_decide_with() -> None:
    assert {reading_id for reading_id, _ in COMPUTABLE} == set(POLICY.interpretations)


def test_chosen_switches_the_reading_and_the_verdict_names_the_choice(tmp_path: Path) -> None:
    scenario = {"situation": "system", "system": "lifecare", "purpose": "video_visit"}
    assert check(POLICY, scenario)["outcome"] == "not_allowed"
    policy = load_policy(choosing(tmp_path, "videolistan-ar-sluten", "videolistan-ar-exempel"))
    verdict = check(policy, scenario)
    assert verdict["outcome"] == "not_covered"
    assert "video-bara-i-godkanda-plattformar" not in policy.rules
    named = {item["id"]: item for item in verdict["interpretations"]}
    assert (
        named["videolistan-ar-sluten"]["reading"]
        == policy.alternative("videolistan-ar-sluten", "videolistan-ar-exempel")["text"]
    )


@pytest.mark.parametrize("reading_id, alternative_id", COMPUTABLE, ids=[item[1] for item in COMPUTABLE])
def test_an_alternatives_impact_is_what_diff_reports_when_it_is_chosen(
    tmp_path: Path, reading_id: str, alternative_id: str
) -> None:
    impact = alternative_impact(POLICY, reading_id, alternative_id, IN_FORCE)
    assert impact is not None
    chosen = load_policy(choosing(tmp_path, reading_id, alternative_id))
    report = diff(IN_FORCE, from_policy(chosen))
    assert impact["scenarios"] == count_scenarios(report["changes"]) > 0
    assert json.dumps(impact["changes"], sort_keys=True) == json.dumps(report["changes"], sort_keys=True)


def test_diff_shows_the_effect_of_a_choice_and_the_version_rule_applies(tmp_path: Path) -> None:
    chosen = load_policy(choosing(tmp_path, "ombud-bara-under-13", "ombud-fran-13-avgors-inte"))
    entries = changes(IN_FORCE, from_policy(chosen), space(chosen))
    assert {(entry["before"]["outcome"], entry["after"]["outcome"]) for entry in entries} == {
        ("not_allowed", "not_covered")
    }


def decision_or_conflict(policy: Policy, scenario: dict) -> dict | None:
    """What a reading can decide (outcome, consent, conditions, documentation: not the example
    messages alone), or None where the rules would contradict each other (another answer too)."""
    try:
        return decision_of(answer(policy, scenario))
    except RuleConflict:
        return None


def decided_otherwise(policy: Policy, scenario: dict, reading_id: str, told: dict | None = None) -> bool:
    """Whether one of the reading's computable alternatives decides the scenario otherwise
    (``told``: the policy's own decision, where the caller has it already)."""
    if told is None:
        told = decision_or_conflict(policy, scenario)
    return any(
        decision_or_conflict(policy.under(reading_id, alternative_id), scenario) != told
        for other, alternative_id in COMPUTABLE
        if other == reading_id
    )


def deciding_alternatives(policy: Policy, scenario: dict) -> set[str]:
    """The readings the scenario's decision depends on: those with an alternative that decides
    it otherwise; and, where two readings each bear a deciding rule (two refusals, say), each
    one whose alternative decides otherwise once the other is read as one of its alternatives."""
    bearing = {
        reading_id
        for rule_id in answer(policy, scenario)["rules"]
        for reading_id in policy.rules[rule_id].get("rests_on", [])
    }
    found = set()
    told = decision_or_conflict(policy, scenario)  # the same for every reading below
    for reading_id in {reading_id for reading_id, _ in COMPUTABLE}:
        if decided_otherwise(policy, scenario, reading_id, told):
            found.add(reading_id)
            continue
        if reading_id in bearing:
            contexts = [
                policy.under(other, alternative_id)
                for other, alternative_id in COMPUTABLE
                if other in bearing and other != reading_id
            ]
            if any(decided_otherwise(context, scenario, reading_id) for context in contexts):
                found.add(reading_id)
    return found


def test_a_verdict_names_a_reading_exactly_where_an_alternative_would_answer_otherwise() -> None:
    """Named where an alternative changes the decision; not where it changes a message alone."""
    messages_alone = False
    for scenario in space(POLICY):
        verdict = decide(POLICY, scenario)
        named = {item["id"] for item in verdict["interpretations"]}
        assert named == deciding_alternatives(POLICY, scenario), scenario
        messages_alone = messages_alone or any(
            reading_id not in named
            and answer_of(verdict) != answer_of(answer(POLICY.under(reading_id, other), scenario))
            for reading_id, other in COMPUTABLE
            if reading_id in POLICY.readings_for(scenario["situation"])
        )
    assert messages_alone, "no alternative changes a message alone: the test no longer tells the two apart"


@pytest.mark.parametrize("sender", [" reghalland ", "REGHALLAND", "1177 ", ""])
def test_the_sender_reading_is_named_where_it_decides(sender: str) -> None:
    verdict = check(POLICY, {"situation": "sms", "sms_type": "notification", "sender": sender})
    assert verdict["outcome"] == "allowed_with_conditions"
    assert "avsandare-utan-skiftlage" in [item["id"] for item in verdict["interpretations"]]


@pytest.mark.parametrize("sender", ["Mottagningen", "Region Halland"])
def test_the_sender_reading_is_not_named_where_it_does_not_decide(sender: str) -> None:
    verdict = check(POLICY, {"situation": "sms", "sms_type": "notification", "sender": sender})
    assert verdict["outcome"] == "not_allowed"
    assert "avsandare-utan-skiftlage" not in [item["id"] for item in verdict["interpretations"]]


def test_a_wording_only_alternative_changes_nothing(tmp_path: Path) -> None:
    wording = (
        "      - id: videolistan-ar-exempel\n"
        "        text: Listan räknar upp exempel. Om en annan plattform får användas för video avgör rutinen inte.\n"
        "        rules: []\n",
        "      - id: videolistan-ar-exempel\n        text: Listan räknar upp exempel.\n",
    )
    policy = load_policy(edited(tmp_path, wording))
    assert alternative_impact(policy, "videolistan-ar-sluten", "videolistan-ar-exempel") is None
    scenario = {"situation": "system", "system": "lifecare", "purpose": "video_visit"}
    assert check(policy, scenario)["interpretations"] == []


def test_an_alternative_whose_rules_contradict_the_kept_rules_fails_verify(tmp_path: Path) -> None:
    unlabelled = (
        "          - id: exempelmeddelande-vid-byte-mellan-digitala-satt\n            label: byte-av-kanal\n",
        "          - id: exempelmeddelande-vid-byte-mellan-digitala-satt\n",
    )
    report = verify(load_policy(edited(tmp_path, unlabelled)))
    assert not report.ok
    assert [alternative for alternative, _ in report.alternative_conflicts] == [
        "exempelmeddelande-vid-alla-digitala-byten"
    ]
