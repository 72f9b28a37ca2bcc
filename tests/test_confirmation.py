"""The owner's confirmation holds only for what was confirmed (issue 18, contract v3 ``confirm``).

Each test confirms a reading in a copy of policy.yaml with the command, then edits the
copy as the owner would (as text) and asks ``verify`` and the checker what still holds.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from command_line import run_checker

from checker import check, load_policy

ROOT = Path(__file__).resolve().parent.parent
READING = "ombud-bara-under-13"
SCENARIO = {"situation": "proxy", "child_age": 14, "actor": "guardian", "action": "read_journal"}
BY = "Anna Andersson, rutinägare"


def status(path: Path) -> str:
    verdict = check(load_policy(path), SCENARIO)
    return next(item["status"] for item in verdict["interpretations"] if item["id"] == READING)


@pytest.fixture
def confirmed(tmp_path: Path) -> Path:
    path = tmp_path / "policy.yaml"
    original = (ROOT / "policy.yaml").read_text(encoding="utf-8")
    path.write_text(original, encoding="utf-8")
    result = run_checker("--policy", str(path), "confirm", READING, "--by", BY, "--date", "2026-12-03")
    assert result.returncode == 0, result.stderr
    text = path.read_text(encoding="utf-8")
    assert f'    status: confirmed\n    confirmed:\n      date: 2026-12-03\n      by: "{BY}"\n' in text
    removed = [line for line in difflib.ndiff(original.splitlines(), text.splitlines()) if line.startswith("- ")]
    assert removed == ["-     status: proposed"]  # every other line, comments included, as it was
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
        "      says: Vårdnadshavaren kan läsa journalen via 1177.se bara för barn under 13 år.",
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
