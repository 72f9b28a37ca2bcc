"""Read policy data from YAML or JSON, keeping the line of every value.

The routine owner edits ``policy.yaml`` by hand; when it is wrong they must be told the
line. PyYAML's plain ``safe_load`` forgets lines and silently keeps the last of two equal
keys, so YAML is read here through its node tree instead. The tree comes from libyaml's C
parser where PyYAML has it (``CSafeLoader``, ten times faster on the policy; its nodes carry
the same line marks) and from the pure-Python one where not. PyYAML is imported only when a
YAML file is read: under Pyodide the checker reads the compiled JSON and needs nothing but
the standard library.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

Location = tuple[Any, ...]
"""A value's place in the policy: the keys and list indexes that lead to it."""


class PolicyError(Exception):
    """A policy file that cannot be used: the file, the line (when known) and one reason."""

    def __init__(self, file: str, line: int | None, reason: str) -> None:
        self.file = file
        self.line = line
        self.reason = reason
        where = f"{file}:{line}:" if line else f"{file}:"
        super().__init__(f"{where} {reason}")


class Lines:
    """Maps each location in the policy to the line it was written on."""

    def __init__(self, file: str, lines: dict[Location, int] | None = None) -> None:
        self.file = file
        self._lines = lines or {}

    def of(self, location: Location) -> int | None:
        """The line of ``location``, or of the nearest enclosing value that has one."""
        while True:
            if location in self._lines:
                return self._lines[location]
            if not location:
                return None
            location = location[:-1]

    def error(self, location: Location, reason: str) -> PolicyError:
        return PolicyError(self.file, self.of(location), reason)


def read_policy_file(path: str | Path) -> tuple[Any, Lines]:
    """Parse ``path`` (``.yaml``/``.yml`` or ``.json``) into plain data and its lines."""
    path = Path(path)
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise PolicyError(name, None, f"filen kan inte läsas ({error.strerror}).") from None
    except UnicodeDecodeError:
        raise PolicyError(name, None, "filen är inte sparad som UTF-8.") from None
    if path.suffix in (".yaml", ".yml"):
        return read_yaml(text, name)
    try:
        return json.loads(text), Lines(name)
    except json.JSONDecodeError as error:
        raise PolicyError(name, error.lineno, f"ogiltig JSON: {error.msg}.") from None


def read_yaml(text: str, name: str) -> tuple[Any, Lines]:
    """Parse YAML text into plain data, refusing duplicate keys, and record every line."""
    import yaml  # only needed when the routine owner's YAML is read

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        problem = error.problem or error.context or "okänt fel"
        raise PolicyError(name, line, f"YAML-syntaxfel: {problem}.") from None
    except yaml.YAMLError as error:
        raise PolicyError(name, None, f"YAML-syntaxfel: {error}.") from None
    finally:
        loader.dispose()
    if root is None:
        raise PolicyError(name, 1, "filen är tom.")
    lines: dict[Location, int] = {}
    constructor = yaml.SafeLoader("")

    def convert(node: Any, location: Location) -> Any:
        lines.setdefault(location, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = constructor.construct_object(key_node)
                if not isinstance(key, str):
                    key = str(key)
                if key in result:
                    raise PolicyError(name, key_node.start_mark.line + 1, f"nyckeln '{key}' står två gånger.")
                lines[location + (key,)] = key_node.start_mark.line + 1
                result[key] = convert(value_node, location + (key,))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [convert(item, location + (index,)) for index, item in enumerate(node.value)]
        value = constructor.construct_object(node)
        if isinstance(value, (datetime.date, datetime.datetime)):
            return value.isoformat()
        return value

    try:
        data = convert(root, ())
    except yaml.YAMLError as error:
        raise PolicyError(name, None, f"YAML-fel: {error}.") from None
    return data, Lines(name, lines)
