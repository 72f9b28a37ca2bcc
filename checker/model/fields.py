"""A situation and its fields: the questions a scenario answers, with the values each can hold."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FIELD_TYPES = ("choice", "boolean", "integer", "text")


@dataclass
class Field:
    """One question of a situation, with its allowed values in the policy's order."""

    id: str
    label: str
    type: str
    data: dict[str, Any]
    values: list[dict[str, str]] = field(default_factory=list)

    @property
    def required(self) -> bool:
        return "default" not in self.data and not self.data.get("optional", False)

    @property
    def default(self) -> Any:
        return self.data.get("default")

    def value_ids(self) -> list[str]:
        return [value["id"] for value in self.values]

    def value_is_proper(self, value: Any) -> bool:
        return any(item["id"] == value and item.get("proper", False) for item in self.values)

    def value_label(self, value: Any) -> str:
        for item in self.values:
            if item["id"] == value:
                return item["label"]
        return str(value)


@dataclass
class Situation:
    id: str
    label: str
    data: dict[str, Any]
    fields: dict[str, Field]


def value_fits(field_: Field, value: Any) -> bool:
    """Whether ``value`` is one the field can hold (used for defaults and rule conditions)."""
    if field_.type == "boolean":
        return isinstance(value, bool)
    if field_.type == "integer":
        return (
            isinstance(value, int) and not isinstance(value, bool) and field_.data["min"] <= value <= field_.data["max"]
        )
    if field_.type == "choice":
        return value in field_.value_ids()
    return isinstance(value, str) and len(value) <= field_.data["max_length"]
