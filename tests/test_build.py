"""A broken policy or a failing step stops scripts/build and publishes nothing half-made.

The build runs in a copy of the project (with this work tree's installed .venv and
node_modules and the build's two caches linked in), over a site/ that
stands for the one already published.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT_FILES = [
    "policy.yaml",
    "source",
    "published",
    "mkdocs.yml",
    "pyproject.toml",
    "package.json",
    "checker",
    "scripts",
    "docs",
]
"""Everything the build reads. ``published`` too: without it the compiled policy would have no
changed answers to index, so the checker's wheel, and with it every cached step, would differ."""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    copy = tmp_path / "project"
    copy.mkdir()
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__", "policy.json"))
        else:
            shutil.copy2(source, copy / name)
    for installed in (".venv", "node_modules"):
        os.symlink(ROOT / installed, copy / installed)
    # The build's caches too, both keyed by content: the compression cache
    # (scripts/precompress.py; brotli at quality 11 takes about a minute for Pyodide's wasm,
    # which no test changes) and the slow steps' results (scripts/build_cache.py: the
    # snapshot, the trimmed standard libraries, the answer book; no test here changes them).
    (copy / "build").mkdir()
    for name in ("precompress-cache", "build-cache"):
        cache = ROOT / "build" / name
        cache.mkdir(parents=True, exist_ok=True)
        os.symlink(cache, copy / "build" / name)
    (copy / "site").mkdir()
    (copy / "site" / "index.html").write_text("publicerad", encoding="utf-8")
    return copy


def build(project: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "scripts/build", *options], cwd=project, capture_output=True, text=True, timeout=300)


def without_addresses(project: Path) -> list[str]:
    """``--utan-adress`` naming every routine mkdocs.yml (copied into the project) has no address for."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from generate_pages import owner_settings
    from pages.owner import routines_without_address

    from checker import load_policy

    return ["--utan-adress", ",".join(routines_without_address(load_policy(project / "policy.yaml"), owner_settings()))]


def assert_nothing_published(project: Path) -> None:
    assert (project / "site" / "index.html").read_text(encoding="utf-8") == "publicerad"
    assert not (project / "site.new").exists()


def test_a_broken_policy_stops_the_build_with_its_line(project: Path) -> None:
    policy = project / "policy.yaml"
    text = policy.read_text(encoding="utf-8").replace(
        "    overrides: [avisering-via-sms,", "    overrides: [avisering-med-sms,", 1
    )
    policy.write_text(text, encoding="utf-8")
    line = text[: text.index("avisering-med-sms")].count("\n") + 1
    result = build(project)
    assert result.returncode == 2
    assert f"policy.yaml:{line}: " in result.stderr and "Traceback" not in result.stderr
    assert_nothing_published(project)


def test_a_routine_text_that_differs_from_the_policy_stops_the_build(project: Path) -> None:
    routine = project / "source" / "2024-03-13-digital-kommunikation.txt"
    routine.write_text(routine.read_text(encoding="utf-8").replace("fyllt 16 år", "fyllt 15 år", 1), encoding="utf-8")
    result = build(project)
    assert result.returncode != 0
    assert "Först när barnet fyllt [-16-] {+15+} år" in result.stderr and "barn-laser-journal-fran-16" in result.stderr
    assert_nothing_published(project)


def test_a_failing_site_build_leaves_the_published_site_alone(project: Path) -> None:
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("  - ordlista.md\n", "  - saknas.md\n", 1), encoding="utf-8"
    )
    result = build(project)
    assert result.returncode != 0
    assert_nothing_published(project)


def test_a_routine_without_an_address_stops_the_build_unless_named(project: Path) -> None:
    """Issue 27: a verdict that hands over to another routine must be able to link it."""
    result = build(project)
    assert result.returncode == 2
    assert "FEL: rutinen" in result.stderr and "--utan-adress" in result.stderr and "Traceback" not in result.stderr
    assert_nothing_published(project)


def test_a_whole_build_replaces_the_site(project: Path) -> None:
    result = build(project, *without_addresses(project))
    assert result.returncode == 0, result.stderr
    assert "publicerad" not in (project / "site" / "index.html").read_text(encoding="utf-8")
