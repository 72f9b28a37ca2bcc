"""A situation and its fields: the questions a scenario answers, one class per kind of answer.

A field is a yes/no question (:class:`BooleanField`), a whole number in a range
(:class:`IntegerField`), one of a list of values (:class:`ChoiceField`) or a short text
(:class:`TextField`). What differs between them lives here, once: which values the field can
hold, every value it can take (a text's are only those the rules name: see
checker.model.domain), how a link's text stands for a value, the value in words, and what is
wrong with a value that does not fit. The rest of the checker asks the field and never
switches on its kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, ClassVar

MAX_DIGITS = 6
"""A whole number with more digits than this is too large for any field; it is not even parsed."""


class TooLargeNumber(str):
    """A whole number too long to be any field's value, kept as its digits so that the
    message can say it is too large (Python refuses to parse one of 4 300 digits or more)."""


def whole_number(digits: str) -> int | TooLargeNumber:
    """Digits (a link's, or JSON's) as a whole number, or kept as text when too long for any field."""
    return TooLargeNumber(digits) if len(digits.lstrip("-")) > MAX_DIGITS else int(digits)


@dataclass(frozen=True)
class Refusal:
    """What is wrong with a value for a field: the key of its message (``texts.errors``), the
    values that would do, and what else the message names."""

    kind: str
    allowed: list[Any]
    words: dict[str, Any] = field(default_factory=dict)
    echoed: bool = True
    """The value is shown as given (False: summarised, it may be a container)."""


@dataclass
class Field:
    """One question of a situation, with its allowed values in the policy's order."""

    id: str
    label: str
    type: str
    data: dict[str, Any]
    values: list[dict[str, str]] = field(default_factory=list)

    clause: ClassVar[bool] = False
    """Its value in words is a clause of its own ("svarskanalen är samma som patientens
    kanal"), not a value after the field's phrase."""
    counted: ClassVar[bool] = False
    """Its values are numbers, said as runs ("13–17 år")."""
    open: ClassVar[bool] = False
    """It can hold values no list names (a text): all of them cannot be offered or counted."""
    needs: ClassVar[tuple[str, ...]] = ()
    """The keys its definition in policy.yaml must have (beside id, label and type)."""
    lacking: ClassVar[str] = ""
    """What loading says when one of them is missing (``{id}``: the field's)."""

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

    def fits(self, value: Any) -> bool:
        """Whether ``value`` is one the field can hold (a default, a rule's condition)."""
        raise NotImplementedError

    def domain(self) -> list[Any]:
        """Every value the field can take (a text: none of its own; see checker.model.domain)."""
        return []

    def from_link(self, text: str) -> Any:
        """The value a link's text stands for (a text as it is: the scenario's check says if it fits)."""
        return text

    def words(self, value: Any, heading: bool = False) -> str:
        """A value as staff know it (see checker.model.wording.value_words)."""
        raise NotImplementedError

    def read(self, value: Any) -> Any:
        """A scenario's value as the policy reads it (checker.engine.decide.field_value)."""
        return value

    def answer(self, value: Any, yes_no: tuple[str, str]) -> str:
        """An answer as the checker page shows it under *Dina svar*: the option's label, the
        number with its unit, a text in quotation marks; a yes/no question's ``yes_no``."""
        return self.words(value, heading=True)

    def link_answer(self, text: str, yes_no: tuple[str, str]) -> str:
        """A value as a link wrote it, in words where it is one the field takes (for whoever
        made a wrong link: a value with an id is shown with it)."""
        return self.answer(text, yes_no)

    def url_words(self) -> list[str]:
        """Every value it takes, as a URL writes it (a text: none of its own)."""
        return [str(value) for value in self.domain()]

    def named_values(self) -> list[tuple[str, str]]:
        """Each value a link can give it that has words of its own, as the URL writes it, with
        those words (a number or a text: none; they are said by their limits)."""
        return []

    def table_order(self, values: list[Any]) -> list[Any]:
        """Its values in the order a table of answers shows them."""
        return values

    def refusal(self, value: Any) -> Refusal | None:
        """What is wrong with ``value`` as an answer (None: it fits)."""
        raise NotImplementedError

    def when_missing(self) -> list[Any]:
        """The values a message about a missing answer offers."""
        return []

    def blank(self, value: Any) -> bool:
        """An answer that counts as not given (a text of only spaces)."""
        return False

    def allowed_words(self) -> str:
        """The values it can hold, for a policy error: the ids, or the kind."""
        return self.type


class BooleanField(Field):
    clause = True
    needs = ("when_true", "when_false")
    lacking = "ja/nej-fältet '{id}' ska ha 'when_true' och 'when_false' (villkoret som en bisats)."

    def fits(self, value: Any) -> bool:
        return isinstance(value, bool)

    def domain(self) -> list[Any]:
        return [False, True]

    def from_link(self, text: str) -> Any:
        return text == "true" if text in ("true", "false") else text

    def words(self, value: Any, heading: bool = False) -> str:
        return self.data.get("when_true" if value else "when_false", str(value))

    def answer(self, value: Any, yes_no: tuple[str, str]) -> str:
        return yes_no[0] if value else yes_no[1]

    def link_answer(self, text: str, yes_no: tuple[str, str]) -> str:
        return f"{self.answer(text == 'true', yes_no)} ({text})" if text in ("true", "false") else text

    def url_words(self) -> list[str]:
        return ["true", "false"]

    def named_values(self) -> list[tuple[str, str]]:
        return [("true", self.data["when_true"]), ("false", self.data["when_false"])]

    def table_order(self, values: list[Any]) -> list[Any]:
        """Yes first: the case the question asks about."""
        return sorted(values, reverse=True)

    def refusal(self, value: Any) -> Refusal | None:
        return None if isinstance(value, bool) else Refusal("not_boolean", [True, False], echoed=False)


class IntegerField(Field):
    counted = True
    needs = ("min", "max")
    lacking = "heltalsfältet '{id}' ska ha 'min' och 'max'."

    @property
    def low(self) -> int:
        return int(self.data["min"])

    @property
    def high(self) -> int:
        return int(self.data["max"])

    def fits(self, value: Any) -> bool:
        return isinstance(value, int) and not isinstance(value, bool) and self.low <= value <= self.high

    def domain(self) -> list[Any]:
        return list(range(self.low, self.high + 1))

    def from_link(self, text: str) -> Any:
        return whole_number(text) if re.fullmatch(r"-?[0-9]+", text) else text

    def words(self, value: Any, heading: bool = False) -> str:
        return f"{value} {self.data.get('unit') or ''}".strip()

    def link_answer(self, text: str, yes_no: tuple[str, str]) -> str:
        return self.answer(text, yes_no) if re.fullmatch(r"-?[0-9]+", text) else text

    def refusal(self, value: Any) -> Refusal | None:
        limits = {"min": self.low, "max": self.high}
        if isinstance(value, TooLargeNumber):
            return Refusal("number_too_large", [self.low, self.high], {**limits, "digits": len(value.lstrip("-"))})
        if not isinstance(value, int) or isinstance(value, bool):
            return Refusal("not_integer", [self.low, self.high], limits, echoed=False)
        if not self.low <= value <= self.high:
            return Refusal("out_of_range", [self.low, self.high], limits)
        return None

    def when_missing(self) -> list[Any]:
        return [self.low, self.high]


class ChoiceField(Field):
    needs = ("values",)
    lacking = "valfältet '{id}' saknar 'values'."

    def fits(self, value: Any) -> bool:
        return value in self.value_ids()

    def domain(self) -> list[Any]:
        return list(self.value_ids())

    def words(self, value: Any, heading: bool = False) -> str:
        """Inside a sentence a label loses its capital ("om besöksformen är besök på
        mottagningen"), unless the value is a name (``proper: true`` in the policy, "Teams")
        or the label starts with an abbreviation ("USB-minne", "HOPE"). ``heading``: the
        label as it stands alone, for a table's row or column."""
        label = self.value_label(value)
        if heading or self.value_is_proper(value) or label[1:2].isupper():
            return label
        return label[:1].lower() + label[1:]

    def refusal(self, value: Any) -> Refusal | None:
        if isinstance(value, str) and not isinstance(value, TooLargeNumber) and value in self.value_ids():
            return None
        return Refusal("unknown_value", self.value_ids(), echoed=False)

    def when_missing(self) -> list[Any]:
        return self.value_ids()

    def link_answer(self, text: str, yes_no: tuple[str, str]) -> str:
        return f"{self.value_label(text)} ({text})" if text in self.value_ids() else text

    def named_values(self) -> list[tuple[str, str]]:
        return [(value["id"], value["label"]) for value in self.values]

    def allowed_words(self) -> str:
        return ", ".join(map(str, self.value_ids()))


class TextField(Field):
    open = True
    needs = ("max_length",)
    lacking = "textfältet '{id}' ska ha 'max_length'."

    def fits(self, value: Any) -> bool:
        return isinstance(value, str) and len(value) <= self.data["max_length"]

    def words(self, value: Any, heading: bool = False) -> str:
        return f"”{value}”" if isinstance(value, str) else str(value)

    def refusal(self, value: Any) -> Refusal | None:
        if not isinstance(value, str) or isinstance(value, TooLargeNumber):
            return Refusal("not_text", [], echoed=False)
        limit = self.data["max_length"]
        return Refusal("too_long", [], {"max_length": limit}) if len(value) > limit else None

    def blank(self, value: Any) -> bool:
        return not value.strip()

    def read(self, value: Any) -> Any:
        """With ``ignore_case`` a text is read trimmed, and blank as not given (the case is
        compared by checker.engine.decide.condition_holds); without it, exactly as given."""
        if isinstance(value, str) and self.data.get("ignore_case", False):
            return value.strip() or None
        return value


FIELD_TYPES: dict[str, type[Field]] = {
    "choice": ChoiceField,
    "boolean": BooleanField,
    "integer": IntegerField,
    "text": TextField,
}
"""Each kind of field in policy.yaml (``type``) and its class."""


@dataclass
class Situation:
    id: str
    label: str
    data: dict[str, Any]
    fields: dict[str, Field]
