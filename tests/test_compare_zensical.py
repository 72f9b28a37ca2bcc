"""The Zensical comparison notices what web editors would lose: pages, anchors, tooltips."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from compare_zensical import PageFacts, differences


def test_identical_sites_have_no_differences() -> None:
    page = PageFacts(title="Barn", ids={"barn", "regel-x"}, tooltips=3, scripts={"bundle.js"})
    assert differences({"barn": page}, {"barn": page}) == []


def test_lost_pages_anchors_tooltips_and_checker_are_reported() -> None:
    ours = {
        "barn": PageFacts(title="Barn", ids={"barn", "regel-x"}, tooltips=3),
        "kontroll": PageFacts(title="Kontroll", scripts={"kontroll.js"}),
        "ordlista": PageFacts(title="Ordlista"),
    }
    theirs = {"barn": PageFacts(title="Barn", ids={"barn"}), "kontroll": PageFacts(title="Kontroll")}
    found = differences(ours, theirs)
    assert found == [
        "sidan /ordlista/ saknas i Zensicals bygge",
        "/barn/: 1 ankare saknas, t.ex. #regel-x",
        "/barn/: ordlistans förklaringar (abbr) saknas",
        "/kontroll/: kontrollens skript laddas inte",
    ]
