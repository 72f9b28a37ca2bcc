"""Every value a field can take that the rules can tell apart: the field's part of the answer space.

Hints, verify, the open questions and the wording of a group of scenarios all enumerate it.
"""

from __future__ import annotations

from typing import Any

from .fields import Field
from .operators import OPERATORS, operators_of
from .policy import Policy


def field_domain(policy: Policy, field: Field, reading_examples: bool = True) -> list[Any]:
    """Every value a field can take that the rules can tell apart (for hints and verify).

    ``reading_examples``: a text field's ``reading_examples`` too, the texts that only the
    field's reading tells apart (the whole space holds them; a hint never suggests them).
    """
    if not field.open:
        return field.domain()
    literals: list[Any] = [None]
    for rule in policy.rules.values():
        condition = rule.get("when", {}).get(field.id)
        if rule["situation"] not in policy.situations or condition is None:
            continue
        for name, operand in operators_of(condition).items():
            kind = OPERATORS[name].operand
            named = operand if kind == "values" else [operand] if kind == "value" else []
            literals += [value for value in named if value not in literals]
    literals += [value for value in field.data.get("other_examples", []) if value not in literals]
    if reading_examples:
        literals += [value for value in field.data.get("reading_examples", []) if value not in literals]
    return literals
