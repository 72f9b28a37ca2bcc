"""The conditions a rule can set on a field, each once: types, operand, evaluation, wording.

A rule's ``when`` maps a field to a plain value (``equals``) or to operators. Everything
that knows about an operator reads this table: the schema (which keys a condition may
have and what their operands look like), loading (which field types an operator applies
to), the engine (whether it holds) and the wording (how it reads in Swedish). An operator
that is not in the table cannot pass loading, so the engine never meets one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

ALL_TYPES = frozenset({"choice", "boolean", "integer", "text"})


@dataclass(frozen=True)
class Operator:
    """One kind of condition.

    ``operand`` says what follows the operator and so how it is checked and worded:
    ``value`` (one value of the field), ``values`` (a list of them), ``number`` (a whole
    number, a bound; for text, a number of characters), ``flag`` (true/false) or ``field`` (another field of the situation).
    ``wording`` names the template(s) in ``texts.wording``: for a flag, the one for true
    and the one for false.
    """

    name: str
    types: frozenset[str]
    operand: str
    holds: Callable[[Any, Any, dict[str, Any]], bool]
    wording: tuple[str, ...]

    def placeholders(self) -> set[str]:
        """The names its wording templates may use (checked when the policy loads)."""
        if self.operand == "flag":
            return {"field"}
        if self.operand == "field":
            return {"field", "other_field"}
        return {"field", "value"}


OPERATORS: dict[str, Operator] = {
    operator.name: operator
    for operator in (
        Operator(
            "equals",
            ALL_TYPES,
            "value",
            lambda value, operand, _: value == operand and type(value) is type(operand),
            ("equals",),
        ),
        Operator(
            "one_of",
            frozenset({"choice", "integer", "text"}),
            "values",
            lambda value, operand, _: value in operand,
            ("one_of",),
        ),
        Operator(
            "not_one_of",
            frozenset({"choice", "integer", "text"}),
            "values",
            lambda value, operand, _: value not in operand,
            ("not_one_of",),
        ),
        Operator(
            "below",
            frozenset({"integer"}),
            "number",
            lambda value, operand, _: value is not None and value < operand,
            ("below",),
        ),
        Operator(
            "at_least",
            frozenset({"integer"}),
            "number",
            lambda value, operand, _: value is not None and value >= operand,
            ("at_least",),
        ),
        Operator(
            "longer_than",
            frozenset({"text"}),
            "number",
            lambda value, operand, _: value is not None and len(value) > operand,
            ("longer_than",),
        ),
        Operator(
            "given",
            frozenset({"text"}),
            "flag",
            lambda value, operand, _: (value is not None) == operand,
            ("given", "not_given"),
        ),
        Operator(
            "same_as", ALL_TYPES, "field", lambda value, operand, scenario: value == scenario.get(operand), ("same_as",)
        ),
        Operator(
            "not_same_as",
            ALL_TYPES,
            "field",
            lambda value, operand, scenario: value != scenario.get(operand),
            ("not_same_as",),
        ),
    )
}


def operators_of(condition: Any) -> dict[str, Any]:
    """A condition as operator → operand; a plain value is ``equals``."""
    return condition if isinstance(condition, dict) else {"equals": condition}
