"""A reading's alternatives are data the engine can decide with (issue 18).

An alternative with ``rules`` says what the policy would decide instead; ``chosen`` switches
the reading to it. These tests edit the real policy.yaml as text (as the owner would) and
load the result from a temporary file.
"""

from __future__ import annotations

from pathlib import Path

from checker import check, load_policy

ROOT = Path(__file__).resolve().parent.parent
VIDEO_LIST = "      - Listan räknar upp exempel. Om en annan plattform får användas för video avgör rutinen inte.\n"
OPEN_VIDEO_LIST = """      - id: videolistan-exempel
        text: Listan räknar upp exempel. Om en annan plattform får användas för video avgör rutinen inte.
        rules: []
"""


def edited(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    """policy.yaml with each (find, replace) made once, written to a temporary file."""
    text = (ROOT / "policy.yaml").read_text(encoding="utf-8")
    for find, replace in edits:
        assert find in text, find
        text = text.replace(find, replace, 1)
    path = tmp_path / "policy.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_alternative_in_object_form_loads_and_decides_nothing_until_chosen(tmp_path: Path) -> None:
    scenario = {"situation": "system", "system": "lifecare", "purpose": "video_visit"}
    policy = load_policy(edited(tmp_path, (VIDEO_LIST, OPEN_VIDEO_LIST)))
    assert check(policy, scenario)["outcome"] == "not_allowed"
    assert policy.under("videolistan-ar-sluten", "videolistan-exempel").rules.keys() < policy.rules.keys()


def test_chosen_switches_the_reading_and_the_verdict_names_the_choice(tmp_path: Path) -> None:
    scenario = {"situation": "system", "system": "lifecare", "purpose": "video_visit"}
    chosen = (
        '        text: "För att kommunicera med patient via video är följande plattformar godkända:"\n    status: proposed\n',
        '        text: "För att kommunicera med patient via video är följande plattformar godkända:"\n'
        "    chosen: videolistan-exempel\n    status: proposed\n",
    )
    policy = load_policy(edited(tmp_path, (VIDEO_LIST, OPEN_VIDEO_LIST), chosen))
    verdict = check(policy, scenario)
    assert verdict["outcome"] == "not_covered"
    assert "video-bara-i-godkanda-plattformar" not in policy.rules
