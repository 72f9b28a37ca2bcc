"""Build the same pages with Zensical and report how its site differs from mkdocs' site.

mkdocs 1.x is at its end and mkdocs-material is in maintenance; Zensical, their successor,
reads mkdocs.yml. This keeps the move visible: it builds build/docs with Zensical (from its
own venv, .venv-zensical) and compares page by page what readers and web editors rely on:
the pages, their titles, every id a link may point to, the glossary tooltips, the checker's
script. It reports and never fails the run (exit 0), because Zensical is not yet what we
publish. Run by scripts/zensical (which installs Zensical first) after scripts/build:

    scripts/zensical
"""

from __future__ import annotations

import html.parser
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ZENSICAL = ROOT / ".venv-zensical" / "bin" / "zensical"
CONFIG = ROOT / "build" / "zensical.yml"
SITE = ROOT / "site"
ZENSICAL_SITE = ROOT / "build" / "zensical-site"


@dataclass
class PageFacts:
    """What a page offers that readers and links depend on."""

    title: str = ""
    ids: set[str] = field(default_factory=set)
    tooltips: int = 0
    scripts: set[str] = field(default_factory=set)


class _Facts(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.facts = PageFacts()
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.facts.ids.add(values["id"] or "")
        if tag == "abbr":
            self.facts.tooltips += 1
        if tag == "script" and values.get("src"):
            self.facts.scripts.add(Path(values["src"] or "").name)
        self._in_title = tag == "title"

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.facts.title += data

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False


def page_facts(site: Path) -> dict[str, PageFacts]:
    pages = {}
    for path in sorted(site.rglob("index.html")):
        parser = _Facts()
        parser.feed(path.read_text(encoding="utf-8"))
        pages[path.parent.relative_to(site).as_posix()] = parser.facts
    return pages


def build_with_zensical() -> str | None:
    """Build; return None on success, else what went wrong in one line."""
    if not ZENSICAL.exists():
        return f"{ZENSICAL.relative_to(ROOT)} saknas (scripts/test installerar den från requirements-zensical.txt)"
    CONFIG.write_text(
        "# Genererad av scripts/compare_zensical.py: mkdocs.yml, byggd med Zensical.\n"
        "INHERIT: ../mkdocs.yml\ndocs_dir: docs\nsite_dir: zensical-site\n"
        "theme:\n  custom_dir: docs/overrides\n",  # mkdocs.yml's path, seen from build/
        encoding="utf-8",
    )
    result = subprocess.run(
        [str(ZENSICAL), "build", "--clean", "-f", str(CONFIG)], cwd=ROOT, capture_output=True, text=True
    )
    if result.returncode != 0:
        return (
            (result.stderr or result.stdout).strip().splitlines()[-1:][0]
            if (result.stderr or result.stdout).strip()
            else f"status {result.returncode}"
        )
    return None


def differences(ours: dict[str, PageFacts], theirs: dict[str, PageFacts]) -> list[str]:
    found = [f"sidan /{page}/ saknas i Zensicals bygge" for page in sorted(ours.keys() - theirs.keys())]
    found += [f"sidan /{page}/ finns bara i Zensicals bygge" for page in sorted(theirs.keys() - ours.keys())]
    for page in sorted(ours.keys() & theirs.keys()):
        mine, other = ours[page], theirs[page]
        if mine.title.strip() != other.title.strip():
            found.append(f"/{page}/: titeln är '{other.title.strip()}', inte '{mine.title.strip()}'")
        missing = sorted(i for i in mine.ids - other.ids if i.startswith("regel-") or "-" in i)
        if missing:
            found.append(f"/{page}/: {len(missing)} ankare saknas, t.ex. #{missing[0]}")
        if mine.tooltips and not other.tooltips:
            found.append(f"/{page}/: ordlistans förklaringar (abbr) saknas")
        if "kontroll.js" in mine.scripts and "kontroll.js" not in other.scripts:
            found.append(f"/{page}/: kontrollens skript laddas inte")
    return found


def main() -> int:
    print("Zensical-jämförelse (informativ, stoppar inte körningen):")
    problem = build_with_zensical()
    if problem:
        print(f"  Zensical kunde inte bygga: {problem}")
        return 0
    ours, theirs = page_facts(SITE), page_facts(ZENSICAL_SITE)
    found = differences(ours, theirs)
    print(f"  {len(ours)} sidor med mkdocs, {len(theirs)} med Zensical; {len(found)} skillnader.")
    for line in found[:40]:
        print(f"  - {line}")
    if len(found) > 40:
        print(f"  … och {len(found) - 40} till.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
