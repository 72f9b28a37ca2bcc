"""A broken policy.yaml stops with policy.yaml:LINE: and one plain sentence, never a traceback.

Each case in broken_policies.yaml makes one edit to the real policy and names the message
and the line it must produce, so the corpus follows the policy as it changes.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from checker import PolicyError, load_policy

ROOT = Path(__file__).resolve().parent.parent
CASES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).with_name("broken_policies.yaml")).read_text(encoding="utf-8")
)


def broken_text(case: dict[str, Any]) -> tuple[str, int]:
    """The edited policy text and the line the error must name."""
    if "whole_file" in case:
        return case["whole_file"], case["line"]
    original = (ROOT / "policy.yaml").read_text(encoding="utf-8")
    assert original.count(case["find"]) >= 1, f"the case no longer fits policy.yaml: {case['name']}"
    text = original.replace(case["find"], case["replace"], 1)
    assert text.count(case["line_of"]) >= 1, case["name"]
    line = text[: text.index(case["line_of"])].count("\n") + 1 + case.get("line_offset", 0)
    return text, line


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 15


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_broken_policy_names_line_and_reason(case: dict[str, Any], tmp_path: Path) -> None:
    text, line = broken_text(case)
    path = tmp_path / "policy.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    message = str(caught.value)
    assert message.startswith(f"policy.yaml:{line}: "), message
    assert case["message"] in message
    assert "\n" not in message


def test_cli_stops_with_exit_2_and_one_plain_line(tmp_path: Path) -> None:
    text, line = broken_text(CASES[2])
    path = tmp_path / "policy.yaml"
    path.write_text(text, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "checker", "--policy", str(path), "verify"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"policy.yaml:{line}: ")
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1
