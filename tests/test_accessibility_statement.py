"""The tillgänglighetsredogörelse is published, reachable and honest about where to report."""

from __future__ import annotations

import sys
from pathlib import Path

from checker import Policy

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from pages.accessibility import accessibility_statement


def test_the_statement_is_published_in_swedish_and_linked_from_the_start_page(site_dir: Path) -> None:
    statement = (site_dir / "tillganglighetsredogorelse" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="sv"' in statement
    for part in ("Tillgänglighetsredogörelse", "Rapportera brister", "Tillsyn", "Digg", "WCAG 2.1"):
        assert part in statement
    assert 'href="tillganglighetsredogorelse/"' in (site_dir / "index.html").read_text(encoding="utf-8")


def test_a_configured_address_is_where_problems_are_reported(policy: Policy) -> None:
    text = accessibility_statement(policy, "tillganglighet@exempel.se", "2026-11-26")
    assert "Rapportera brister till tillganglighet@exempel.se." in text
    assert "2026-11-26" in text


def test_without_an_address_the_page_says_so_and_invents_none(policy: Policy) -> None:
    text = accessibility_statement(policy, None, "2026-11-26")
    assert "Adressen för att rapportera brister är inte angiven ännu." in text
    assert "@" not in text
