"""The checker's layers import downward only, and its modules stay small (guides/beslut/0011-lager.md).

Data flows one way: policy.yaml → model → engine → versions and revision → present → apps.
Each subpackage of ``checker/`` is a layer; a module may import its own layer and those
below it, never one above, and never inside a function (an import hidden there is how a
cycle hid before). A module longer than :data:`MAX_LINES` says why in its docstring.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

LAYERS = ("model", "engine", "versions", "revision", "present", "apps")
"""The layers from the bottom up: the one order of the package, stated here once."""

ENTRIES = ("__init__.py", "__main__.py")
"""The package's own two modules stand above every layer: the public names, ``python -m checker``."""

MAX_LINES = 500
LONG_REASON = "Longer than 500 lines"
"""What a longer module's docstring says, followed by why it is one module."""

CHECKER = Path(__file__).resolve().parent.parent / "checker"


def _rank(parts: list[str]) -> int | None:
    """The layer of a module given as its path inside the package (None: in no layer)."""
    if len(parts) == 1:
        return len(LAYERS) if parts[0] in ENTRIES else None
    return LAYERS.index(parts[0]) if parts[0] in LAYERS else None


def _imported(node: ast.Import | ast.ImportFrom, package: list[str]) -> list[list[str]]:
    """The checker modules an import names, as dotted parts inside the package ([]: the package)."""
    if isinstance(node, ast.Import):
        named = [alias.name.split(".") for alias in node.names]
    elif node.level == 0:
        named = [(node.module or "").split(".")]
    else:
        base = package[: len(package) - node.level + 1]
        named = [base + (node.module.split(".") if node.module else [])]
    return [name[1:] for name in named if name[0] == "checker"]


def _layer_of(inside: list[str]) -> int | None:
    """The rank of an imported module (the package itself ranks with the entries, above all)."""
    if not inside:
        return len(LAYERS)
    return LAYERS.index(inside[0]) if inside[0] in LAYERS else None


def _module_level(tree: ast.Module) -> set[ast.stmt]:
    """The statements that run when the module is imported (``if TYPE_CHECKING:`` blocks too)."""
    top = set(tree.body)
    for block in tree.body:
        if isinstance(block, ast.If) and isinstance(block.test, ast.Name) and block.test.id == "TYPE_CHECKING":
            top |= set(block.body)
    return top


def problems(root: Path) -> list[str]:
    """Every way the package at ``root`` breaks the layers or the size rule, one line each."""
    found = []
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root).parts)
        name = "/".join(parts)
        rank = _rank(parts)
        if rank is None:
            found.append(f"{name}: in no layer (put it in one of {', '.join(LAYERS)})")
            continue
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text)
        lines = len(text.splitlines())
        if lines > MAX_LINES and LONG_REASON not in (ast.get_docstring(tree) or ""):
            found.append(f"{name}: {lines} lines, and its docstring does not say why ({LONG_REASON}: ...)")
        top = _module_level(tree)
        layer = LAYERS[rank] if rank < len(LAYERS) else "checker"
        for node in ast.walk(tree):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            for inside in _imported(node, ["checker", *parts[:-1]]):
                shown = ".".join(["checker", *inside])
                if node not in top:
                    found.append(f"{name}:{node.lineno}: imports {shown} inside a function")
                other = _layer_of(inside)
                if other is not None and other > rank:
                    found.append(f"{name}:{node.lineno}: {layer} imports {shown}, a layer above it")
    return found


def test_the_checker_imports_downward_only() -> None:
    assert problems(CHECKER) == []


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "checker"
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"model/policy.py": "from ..engine.decide import decide\n"}, "model imports checker.engine.decide"),
        (
            {"engine/decide.py": "from checker.present.cli_text import verdict_text\n"},
            "engine imports checker.present.cli_text",
        ),
        ({"model/wording.py": "def f():\n    from ..model.domain import x\n"}, "inside a function"),
        ({"model/policy.py": "from checker import load_policy\n"}, "a layer above it"),
        ({"verdict_view.py": ""}, "in no layer"),
        ({"model/policy.py": '"""The model."""\n' + "x = 1\n" * MAX_LINES}, "does not say why"),
    ],
)
def test_a_wrong_import_or_a_long_module_is_found(tmp_path: Path, files: dict[str, str], expected: str) -> None:
    """The check above can fail: each breach, planted in a package of its own, is reported."""
    found = problems(_package(tmp_path, files))
    assert any(expected in line for line in found), found


def test_downward_imports_and_a_long_module_with_its_reason_pass(tmp_path: Path) -> None:
    root = _package(
        tmp_path,
        {
            "__main__.py": "from .apps.cli import main\n",
            "apps/cli.py": "from ..model.policy import Policy\nfrom ..engine.decide import decide\n",
            "engine/decide.py": "from ..model.policy import Policy\nfrom . import verify\n",
            "model/confirmation.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .policy import Policy\n",
            "model/schema.py": f'"""The schema. {LONG_REASON}: one table."""\n' + "x = 1\n" * MAX_LINES,
        },
    )
    assert problems(root) == []


# --- one class per field type: nothing else switches on it ---------------------------------

SCRIPTS = CHECKER.parent / "scripts"


def type_switches(root: Path) -> list[str]:
    """Where code compares a field's ``type`` with one of the kinds policy.yaml names, instead
    of asking the field (checker.model.fields: one class per kind says what differs)."""
    from checker.model.fields import FIELD_TYPES

    found = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Compare):
                continue
            sides = [node.left, *node.comparators]
            kinds = [side.value for side in sides if isinstance(side, ast.Constant) and side.value in FIELD_TYPES]
            typed = [side for side in sides if isinstance(side, ast.Attribute) and side.attr == "type"]
            if kinds and typed:
                found.append(f"{path.relative_to(root)}:{node.lineno}: {ast.unparse(node)}")
    return found


def test_no_code_switches_on_a_field_type() -> None:
    assert type_switches(CHECKER) + type_switches(SCRIPTS) == []


def test_a_switch_on_a_field_type_is_found(tmp_path: Path) -> None:
    (tmp_path / "page.py").write_text(
        'def words(field):\n    return "n" if field.type == "integer" else ""\n', encoding="utf-8"
    )
    assert type_switches(tmp_path) == ["page.py:2: field.type == 'integer'"]
