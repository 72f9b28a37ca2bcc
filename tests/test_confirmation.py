"""The owner's confirmation holds only for what was confirmed (issue 18, contract v3 ``confirm``).

Each test confirms a reading in a copy of policy.yaml with the command, then edits the
copy as the owner would (as text) and asks ``verify`` and the checker what still holds.
"""

from __future__ import annotations

import difflib
import json
import sys
from pathlib import Path

import pytest
from command_line import run_checker

from checker import check, load_policy
from checker.apps.cli import next_version
from checker.model.confirmation import lapsed, reading_fingerprint, status_of

ROOT = Path(__file__).resolve().parent.parent
READING = "ombud-bara-under-13"
SCENARIO = {"situation": "proxy", "child_age": 14, "actor": "guardian", "action": "read_journal"}
BY = "Anna Andersson, rutinägare"


def status(path: Path) -> str:
    verdict = check(load_policy(path), SCENARIO)
    return next(item["status"] for item in verdict["interpretations"] if item["id"] == READING)


@pytest.fixture(scope="module")
def confirmed_text(tmp_path_factory: pytest.TempPathFactory) -> str:
    """policy.yaml after ``confirm`` READING, run once for the module (it weighs the version
    step over the whole space, seconds of work the tests below would otherwise repeat)."""
    path = tmp_path_factory.mktemp("confirmed") / "policy.yaml"
    original = (ROOT / "policy.yaml").read_text(encoding="utf-8")
    path.write_text(original, encoding="utf-8")
    result = run_checker("--policy", str(path), "confirm", READING, "--by", BY, "--date", "2026-12-03")
    assert result.returncode == 0, result.stderr
    text = path.read_text(encoding="utf-8")
    assert f'    status: confirmed\n    confirmed:\n      date: 2026-12-03\n      by: "{BY}"\n' in text
    removed = [line for line in difflib.ndiff(original.splitlines(), text.splitlines()) if line.startswith("- ")]
    assert removed == ["-     status: proposed"]  # every other line, comments included, as it was
    return text


@pytest.fixture
def confirmed(confirmed_text: str, tmp_path: Path) -> Path:
    """The confirmed policy.yaml, a copy of its own for each test to edit."""
    path = tmp_path / "policy.yaml"
    path.write_text(confirmed_text, encoding="utf-8")
    return path


def edit(path: Path, find: str, replace: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert find in text, find
    path.write_text(text.replace(find, replace, 1), encoding="utf-8")


def verify_says(path: Path) -> str:
    result = run_checker("--policy", str(path), "verify")
    assert result.returncode == 0, result.stdout
    return next((line for line in result.stdout.splitlines() if f"tolkningen '{READING}'" in line), "")


def test_a_confirmation_holds_while_nothing_it_signed_changes(confirmed: Path) -> None:
    assert status(confirmed) == "confirmed"
    assert verify_says(confirmed) == ""


def test_a_changed_reading_loses_its_confirmation_by_name(confirmed: Path) -> None:
    edit(confirmed, "    reading: Ja. Ombudskapet finns bara", "    reading: Ja. Ombudskapet gäller bara")
    assert status(confirmed) == "proposed"
    assert "ändrat sedan den gavs: läsningen." in verify_says(confirmed)


def test_a_changed_quote_loses_its_confirmation_by_name(confirmed: Path) -> None:
    edit(
        confirmed,
        "        text: Vårdnadshavare kan vara ombud för barn under 13 år.\n"
        "      - section: barn\n        text: Vårdnadshavaren kan ta del av journalen för barn under 13 år.\n",
        "        text: Vårdnadshavare kan vara ombud för barn under 13 år.\n",
    )
    assert status(confirmed) == "proposed"
    assert "ändrat sedan den gavs: citaten." in verify_says(confirmed)


def test_a_changed_resting_rule_loses_its_confirmation_by_name(confirmed: Path) -> None:
    edit(
        confirmed,
        "      says: Vårdnadshavaren kan ta del av journalen via 1177.se bara för barn under 13 år.",
        # a change of wording that keeps the journal's sorted words (4.0.0: unsorted words about
        # the journal, such as "läsa journalen", are an error of their own in verify)
        "      says: Vårdnadshavaren kan ta del av journalen i 1177.se bara för barn under 13 år.",
    )
    assert status(confirmed) == "proposed"
    assert "ändrat sedan den gavs: regeln vardnadshavare-journal-inte-fran-13." in verify_says(confirmed)


def test_a_hand_typed_confirmation_does_not_count(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    text = (ROOT / "policy.yaml").read_text(encoding="utf-8")
    start = text.index(f"  - id: {READING}\n")
    at = text.index("    status: proposed\n", start)
    typed = '    status: confirmed\n    confirmed: {date: 2026-12-03, by: "Någon, rutinägare"}\n'
    path.write_text(text[:at] + typed + text[at + len("    status: proposed\n") :], encoding="utf-8")
    assert status(path) == "proposed"
    assert "saknar fingeravtryck och räknas inte" in verify_says(path)


def test_confirming_an_unknown_reading_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text((ROOT / "policy.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    result = run_checker("--policy", str(path), "confirm", "ingen-sadan-tolkning", "--by", BY)
    assert result.returncode == 2
    assert "tolkningen 'ingen-sadan-tolkning' finns inte" in result.stderr
    assert path.read_text(encoding="utf-8") == (ROOT / "policy.yaml").read_text(encoding="utf-8")


# --- a lapsed confirmation says so (issue 25) -------------------------------------------


def test_a_lapsed_confirmation_says_when_and_the_words_then_and_now(confirmed: Path) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    from pages.owner import interpretations_page

    before = load_policy(confirmed).interpretations[READING]["reading"]
    edit(confirmed, "    reading: Ja. Ombudskapet finns bara", "    reading: Ja. Ombudskapet gäller bara")
    policy = load_policy(confirmed)
    gone = lapsed(policy, READING)
    assert gone is not None
    assert (gone["date"], gone["then"], gone["now"]) == (
        "2026-12-03",
        before,
        policy.interpretations[READING]["reading"],
    )
    assert gone["changed"] == ["läsningen"]
    page = " ".join(interpretations_page(policy).split())
    assert "Din bekräftelse från 2026-12-03 gäller inte längre" in page
    assert "Ombudskapet finns bara" in page and "Ombudskapet gäller bara" in page
    assert lapsed(load_policy(ROOT / "policy.yaml"), READING) is None  # never confirmed: nothing lapsed


def test_confirm_names_the_version_step_that_follows(confirmed: Path, tmp_path: Path) -> None:
    """After a confirmation the published version's answers differ (the reading's status),
    so the build would stop at publish --check: confirm says what to do instead."""
    path = tmp_path / "again.yaml"
    path.write_text((ROOT / "policy.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    result = run_checker("--policy", str(path), "confirm", READING, "--by", BY)
    assert result.returncode == 0, result.stderr
    version = load_policy(path).version
    if (ROOT / "published" / f"{version}.json").exists():
        step = next(line for line in result.stdout.splitlines() if line.startswith("Nästa steg"))
        assert f"sätt meta.version till {next_version(version, 'minor')}" in step
        assert "meta.policy_changes" in step


# --- confirm --from FILE (contract v4) --------------------------------------------------

CONFIRMED = "aldre-an-13-ar-fran-13"
CHOSEN, ALTERNATIVE = "videolistan-ar-sluten", "videolistan-ar-exempel"
CHANGED = {"situation": "system", "system": "lifecare", "purpose": "video_visit"}
"""A scenario the chosen alternative decides otherwise: not_allowed in force, not_covered chosen."""
COMMENTED = "textlistan-ar-sluten"


def decisions_file(path: Path, policy_path: Path, **changes: dict[str, str]) -> Path:
    """A decisions file as the page saves it, fingerprints from the policy as it stands."""
    policy = load_policy(policy_path)
    decisions = [
        {"interpretation": CONFIRMED, "choice": "confirm", "comment": ""},
        {
            "interpretation": CHOSEN,
            "choice": ALTERNATIVE,
            "comment": "Listan över plattformar för video räknar upp exempel.",
        },
        {"interpretation": COMMENTED, "choice": None, "comment": "Jag vill prata om listan."},
    ]
    for decision in decisions:
        decision["fingerprint"] = reading_fingerprint(policy, decision["interpretation"])
        decision.update(changes.get(decision["interpretation"], {}))
    path.write_text(json.dumps({"kind": "tolkningar-beslut", "decisions": decisions}), encoding="utf-8")
    return path


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    path = tmp_path / "policy.yaml"
    path.write_text((ROOT / "policy.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    return path


def test_confirm_from_a_decisions_file_applies_every_decision(copy: Path, tmp_path: Path) -> None:
    decisions = decisions_file(tmp_path / "beslut.json", copy)
    result = run_checker("--policy", str(copy), "confirm", "--from", str(decisions), "--by", BY, "--date", "2026-12-07")
    assert result.returncode == 0, result.stderr
    policy = load_policy(copy)
    assert status_of(policy, CONFIRMED) == "confirmed" and policy.choices.get(CONFIRMED) is None
    assert status_of(policy, CHOSEN) == "confirmed" and policy.choices[CHOSEN] == ALTERNATIVE
    assert status_of(policy, COMMENTED) == "proposed"
    comment = policy.interpretations[COMMENTED]["comment"]
    assert (comment["text"], comment["by"], str(comment["date"])) == ("Jag vill prata om listan.", BY, "2026-12-07")
    assert check(load_policy(ROOT / "policy.yaml"), CHANGED)["outcome"] == "not_allowed"
    assert check(policy, CHANGED)["outcome"] == "not_covered"  # the chosen alternative decides now
    assert f"Tolkningen '{CHOSEN}': alternativet '{ALTERNATIVE}' valt och bekräftat" in result.stdout


def test_confirm_from_refuses_by_name_a_reading_changed_since_and_applies_nothing(copy: Path, tmp_path: Path) -> None:
    decisions = decisions_file(tmp_path / "beslut.json", copy)
    edit(
        copy,
        "    reading: Ja. Ett regionalt system som inte står på listan",
        "    reading: Ja. Ett system som inte står på listan",
    )
    saved = copy.read_text(encoding="utf-8")
    result = run_checker("--policy", str(copy), "confirm", "--from", str(decisions), "--by", BY)
    assert result.returncode == 1
    refused_lines = [line for line in result.stderr.splitlines() if line.startswith("Avvisat")]
    assert len(refused_lines) == 1 and f"'{COMMENTED}' har ändrats" in refused_lines[0]
    assert copy.read_text(encoding="utf-8") == saved


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("inte json", "inte JSON"),
        ('{"decisions": []}', "inga beslut"),
        ('{"decisions": [{"interpretation": "x"}]}', "saknar 'interpretation' eller 'fingerprint'"),
    ],
)
def test_confirm_from_an_unreadable_file_exits_2(copy: Path, tmp_path: Path, content: str, says: str) -> None:
    decisions = tmp_path / "beslut.json"
    decisions.write_text(content, encoding="utf-8")
    saved = copy.read_text(encoding="utf-8")
    result = run_checker("--policy", str(copy), "confirm", "--from", str(decisions), "--by", BY)
    assert result.returncode == 2 and says in result.stderr
    assert copy.read_text(encoding="utf-8") == saved


def test_confirm_from_refuses_a_choice_that_is_no_option(copy: Path, tmp_path: Path) -> None:
    decisions = decisions_file(tmp_path / "beslut.json", copy, **{CONFIRMED: {"choice": "inget-sadant-alternativ"}})
    result = run_checker("--policy", str(copy), "confirm", "--from", str(decisions), "--by", BY)
    assert (
        result.returncode == 1
        and f"tolkningen '{CONFIRMED}': valet 'inget-sadant-alternativ' finns inte" in result.stderr
    )
