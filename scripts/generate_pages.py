#!/usr/bin/env python3
"""Generate the routine site's Markdown from policy.yaml: python scripts/generate_pages.py build/docs [--utan-adress ID]

The output folder is wiped and filled with the hand-written ``docs/`` tree (stylesheets,
the checker page and its scripts) and then the generated pages: one page per top-level
section of the routine, the whole routine on one page, the questions for the routine's
owner, the readings the rules rest on, the properties the owner signs, the version history, the link list for web editors,
the glossary, the two snippets every page gets (the glossary as tooltips, the policy
version) and the one the checker page gets (the owner's address). mkdocs.yml reads the
folder as ``docs_dir``.
"""

from __future__ import annotations

import argparse
import datetime
import shutil
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402
from pages.accessibility import accessibility_statement  # noqa: E402
from pages.changes import changes_page  # noqa: E402
from pages.markdown import page, plain, words  # noqa: E402
from pages.owner import (  # noqa: E402
    Owner,
    address_problems,
    checker_owner,
    interpretations_page,
    missing_routine_addresses,
    questions_page,
)
from pages.properties_page import PAGE as PROPERTIES_PAGE  # noqa: E402
from pages.properties_page import properties_page  # noqa: E402
from pages.reader_pages import (  # noqa: E402
    abbreviations,
    glossary_page,
    history_page,
    links_page,
    policy_version_line,
    review_banner,
    start_page,
)
from pages.revision_page import PAGE as REVISION_PAGE  # noqa: E402
from pages.revision_page import revision_page  # noqa: E402
from pages.routine import Place, section_blocks  # noqa: E402
from pages.tables import engine_tables  # noqa: E402

from checker import Policy, load_policy  # noqa: E402
from checker.model.policy import PUBLISHED  # noqa: E402

HAND_WRITTEN = ROOT / "docs"
SITE_CONFIG = ROOT / "mkdocs.yml"
NOT_SEARCHED = "---\nsearch:\n  exclude: true\n---\n"
"""mkdocs-material's front matter that leaves a page out of the search index."""


def routine_pages(policy: Policy) -> dict[str, str]:
    """One page per top-level section, and the whole routine on one page."""
    tables = engine_tables(policy)
    pages = {}
    for section in policy.data["sections"]:
        place = Place(policy, frozenset([section["id"]]))
        pages[f"{section['id']}.md"] = page(*section_blocks(place, section, 1, tables))
    everywhere = Place(policy, frozenset(section["id"] for section in policy.data["sections"]))
    whole = [
        f"# {words(policy, 'whole_routine_page', 'title')}",
        words(policy, "whole_routine_page", "intro", title=plain(policy.data["meta"]["title"])),
    ]
    for section in policy.data["sections"]:
        whole += section_blocks(everywhere, section, 2, tables)
    # Out of the search index: every sentence of it is already found on its section's page,
    # where the link lands on the right heading; indexed twice, each hit showed up twice and
    # the theme's search worker built an index 40 % bigger on every page load.
    pages["hela-rutinen.md"] = NOT_SEARCHED + page(*whole)
    for item in policy.data.get("renamed", []):
        if policy.pages.get(item["new"]) == item["new"]:  # a page of its own: the old address lands here
            link = f"[{plain(policy.sections[item['new']]['title'])}]({item['new']}.md)"
            pages[f"{item['old']}.md"] = NOT_SEARCHED + page(
                f"# {words(policy, 'moved_page', 'title')}", words(policy, "moved_page", "text", section=link)
            )
    return pages


def site_config() -> dict[str, Any]:
    return yaml.safe_load(SITE_CONFIG.read_text(encoding="utf-8"))


def accessibility_settings() -> tuple[str | None, str]:
    """Where accessibility problems are reported and when the statement was reviewed (mkdocs.yml extra)."""
    settings = (site_config().get("extra") or {}).get("tillganglighet") or {}
    return settings.get("kontakt"), str(settings["granskad"])


def owner_settings() -> Owner:
    """Where the routine's owner is reached (mkdocs.yml ``extra.rutinagare.epost``) and the site's address."""
    config = site_config()
    extra = config.get("extra") or {}
    settings = extra.get("rutinagare") or {}
    site_url = config.get("site_url")
    routines = {key: url for key, url in (extra.get("rutiner") or {}).items() if url}
    return Owner(settings.get("epost"), site_url and site_url.rstrip("/") + "/", settings.get("roll"), routines)


def generated_pages(policy: Policy, owner: Owner | None = None) -> dict[str, str]:
    """Every file the generator writes, by path under the output folder (the checker page is
    hand-written, in docs/kontroll/); ``owner`` defaults to mkdocs.yml's settings."""
    return {**policy_pages(policy), **owner_pages(policy, owner or owner_settings())}


def policy_pages(policy: Policy) -> dict[str, str]:
    """The files that depend on the policy alone (the dearest part: what each reading's
    alternatives would change, the history of answers)."""
    files = {"index.md": start_page(policy)}
    files.update(routine_pages(policy))
    files.update(
        {
            "tolkningar.md": interpretations_page(policy),
            PROPERTIES_PAGE: properties_page(policy),
            REVISION_PAGE: revision_page(policy),
            "vad-har-andrats.md": changes_page(policy, PUBLISHED),
            "versionshistorik.md": history_page(policy),
            "lanka-till-rutinen.md": links_page(policy),
            "ordlista.md": glossary_page(policy),
            "tillganglighetsredogorelse.md": accessibility_statement(policy, *accessibility_settings()),
            "includes/abbreviations.md": abbreviations(policy),
            "includes/policyversion.md": policy_version_line(policy),
            "overrides/main.html": review_banner(policy, datetime.date.today()),
        }
    )
    return files


def owner_pages(policy: Policy, owner: Owner) -> dict[str, str]:
    """The files that name the routine's owner: the questions for them, the checker's "ask the owner"."""
    return {
        "vad-rutinen-inte-reglerar.md": questions_page(policy, owner),
        "includes/kontroll-agare.md": checker_owner(owner),
    }


def arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="scripts/generate_pages.py", description=__doc__.splitlines()[1])
    parser.add_argument("output", help="utmappen, till exempel build/docs")
    parser.add_argument(
        "--utan-adress",
        action="append",
        default=[],
        metavar="RUTIN[,RUTIN]",
        help="id (policy.yaml references) för en rutin som medvetet publiceras utan adress; får upprepas",
    )
    return parser.parse_args(argv[1:])


def main(argv: list[str]) -> int:
    """Write the pages; stop (status 2, nothing written) while a routine a verdict hands over
    to has no address and is not named with ``--utan-adress``: publishing never ships a dead end
    nobody chose."""
    given = arguments(argv)
    left_out = {name.strip() for names in given.utan_adress for name in names.split(",") if name.strip()}
    output = Path(given.output)
    policy = load_policy(ROOT / "policy.yaml")
    owner = owner_settings()
    problems = address_problems(policy, owner, left_out)
    for problem in problems:
        print(f"FEL: {problem}", file=sys.stderr)
    if problems:
        return 2
    for title in missing_routine_addresses(policy, owner):
        print(f"Utan adress (--utan-adress): {title}; kontrollen visar namnet utan länk.", file=sys.stderr)
    shutil.rmtree(output, ignore_errors=True)
    if HAND_WRITTEN.is_dir():
        shutil.copytree(HAND_WRITTEN, output)
    files = generated_pages(policy, owner)
    for name, text in files.items():
        target = output / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    print(f"Genererade {len(files)} filer i {output} (policy {policy.version}).")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
