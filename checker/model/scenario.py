"""Check a scenario against the policy's vocabulary, as the scenario contract demands.

Every problem is data (field, value given, values allowed, Swedish message) so that the
command line and the browser show the same words. Input is bounded before it is looked at:
the checker is fed URLs and files from anyone, and must refuse a huge or deeply nested
input at once instead of working through it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode

from .fields import Field, whole_number
from .policy import Policy

MAX_INPUT_CHARS = 16_384
"""Longer JSON or query text is refused before parsing; no real scenario is near this."""
MAX_PROBLEMS = 20
"""More problems than this are not listed one by one: the first ones say enough."""


@dataclass
class Problem:
    """One thing wrong with a scenario, in the words staff will read."""

    field: str
    given: Any
    allowed: list[Any]
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"field": self.field, "given": self.given, "allowed": self.allowed, "message": self.message}


class ScenarioError(Exception):
    """An invalid scenario; ``problems`` lists each field that is wrong."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(problem.message for problem in problems))


def _shown(value: Any) -> str:
    """A given value as staff see it in a message: JSON, cut short."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "…"


def _allowed_words(policy: Policy, values: list[Any]) -> str:
    return ", ".join(json.dumps(value, ensure_ascii=False) for value in values) or policy.text(
        "wording", "nothing_given"
    )


def _labelled(items: list[tuple[str, str]]) -> str:
    """Ids as staff read them, "Label (id)", so the one who wrote a link sees both."""
    return ", ".join(f"{label} ({item_id})" for item_id, label in items)


def _situations_words(policy: Policy) -> str:
    return _labelled([(situation.id, situation.label) for situation in policy.situations.values()])


def _problem(policy: Policy, kind: str, field: str, given: Any, allowed: list[Any], **extra: Any) -> Problem:
    words = extra.pop("allowed_words", None) or _allowed_words(policy, allowed)
    message = policy.text("errors", kind).format(field=field, given=_shown(given), allowed=words, **extra)
    return Problem(field, given, allowed, message)


def _scalar(value: Any) -> Any:
    """A given value safe to echo back: containers are summarised, never walked."""
    return value if isinstance(value, (str, int, float, bool)) or value is None else type(value).__name__


def _field_problem(policy: Policy, field: Field, value: Any) -> Problem | None:
    refusal = field.refusal(value)
    if refusal is None:
        return None
    labelled = _labelled([(value_id, field.value_label(value_id)) for value_id in field.value_ids()])
    given = value if refusal.echoed else _scalar(value)
    extra = {"allowed_words": labelled} if labelled else {}
    return _problem(policy, refusal.kind, field.id, given, refusal.allowed, label=field.label, **extra, **refusal.words)


def validate_scenario(policy: Policy, raw: Any) -> dict[str, Any]:
    """The scenario with defaults filled in, or ScenarioError listing every problem."""
    situation_ids = list(policy.situations)
    if not isinstance(raw, dict):
        raise ScenarioError([_problem(policy, "not_an_object", "situation", _scalar(raw), situation_ids)])
    if len(raw) > MAX_PROBLEMS + 10:
        raise ScenarioError([_problem(policy, "too_large", "situation", len(raw), [], limit=MAX_PROBLEMS + 10)])
    situation_id = raw.get("situation")
    if "situation" not in raw:
        raise ScenarioError(
            [
                _problem(
                    policy,
                    "missing",
                    "situation",
                    None,
                    situation_ids,
                    label=policy.text("wording", "situation"),
                    allowed_words=_situations_words(policy),
                )
            ]
        )
    if not isinstance(situation_id, str) or situation_id not in policy.situations:
        raise ScenarioError(
            [
                _problem(
                    policy,
                    "unknown_value",
                    "situation",
                    _scalar(situation_id),
                    situation_ids,
                    label=policy.text("wording", "situation"),
                    allowed_words=_situations_words(policy),
                )
            ]
        )
    situation = policy.situations[situation_id]
    problems: list[Problem] = []
    scenario: dict[str, Any] = {"situation": situation_id}
    blank: set[str] = set()
    for key, value in raw.items():
        if key == "situation":
            continue
        field = situation.fields.get(key) if isinstance(key, str) else None
        if field is None:
            problems.append(
                _problem(
                    policy,
                    "unknown_field",
                    _scalar(key),
                    _scalar(value),
                    list(situation.fields),
                    situation=situation_id,
                    allowed_words=_labelled([(item.id, item.label) for item in situation.fields.values()]),
                )
            )
            continue
        problem = _field_problem(policy, field, value)
        if problem:
            problems.append(problem)
        elif field.blank(value) and field.required:
            blank.add(key)  # a required text left blank is missing
        else:
            scenario[key] = value  # a text as given: how it is read is the field's reading (Field.read)
    for field in situation.fields.values():
        if field.id in raw and field.id not in blank:
            continue
        if field.required:
            allowed = field.when_missing()
            words = _labelled([(value_id, field.value_label(value_id)) for value_id in field.value_ids()]) or None
            if field.counted:
                words = policy.text("wording", "integer_range").format(min=allowed[0], max=allowed[1])
            problems.append(
                _problem(policy, "missing", field.id, None, allowed, label=field.label, allowed_words=words)
            )
        elif "default" in field.data:
            scenario[field.id] = field.default
    if problems:
        raise ScenarioError(problems[:MAX_PROBLEMS])
    return scenario


def scenario_from_json(policy: Policy, text: str) -> Any:
    """Parse JSON text into a raw scenario, refusing oversized or malformed input plainly."""
    if len(text) > MAX_INPUT_CHARS:
        raise ScenarioError([_problem(policy, "too_large", "situation", len(text), [], limit=MAX_INPUT_CHARS)])
    text = text.removeprefix("\ufeff")  # a byte order mark, as Windows Notepad saves UTF-8
    repeated: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in items:
            if key in result and key not in repeated:
                repeated.append(key)
            result[key] = value
        return result

    try:
        raw = json.loads(text, object_pairs_hook=pairs, parse_int=whole_number)
    except (ValueError, RecursionError) as error:
        reason = getattr(error, "msg", None) or policy.text("errors", "too_deep")
        raise ScenarioError([_problem(policy, "invalid_json", "situation", None, [], reason=reason)]) from None
    if repeated:
        raise ScenarioError([_problem(policy, "repeated_in_json", key, None, []) for key in repeated[:MAX_PROBLEMS]])
    return raw


def scenario_from_query(policy: Policy, query: str) -> dict[str, Any]:
    """Turn a URL query string into a raw scenario, typed by the policy's vocabulary.

    ``true``/``false`` become booleans and digits become integers only where the field is of
    that type; anything else is kept as text so that validation names it in its message.
    """
    query = query.lstrip("?")
    if len(query) > MAX_INPUT_CHARS:
        raise ScenarioError([_problem(policy, "too_large", "situation", len(query), [], limit=MAX_INPUT_CHARS)])
    raw: dict[str, Any] = {}
    problems: list[Problem] = []
    pairs = parse_qsl(query, keep_blank_values=True)
    situation = policy.situations.get(dict(pairs).get("situation", ""))
    for key, value in pairs:
        if key in raw:
            problems.append(_problem(policy, "repeated", key, value, []))
            continue
        field = situation.fields.get(key) if situation else None
        raw[key] = _typed(field, value)
    if problems:
        raise ScenarioError(problems[:MAX_PROBLEMS])
    return raw


def _typed(field: Field | None, value: str) -> Any:
    return value if field is None else field.from_link(value)


def scenario_key(scenario: dict[str, Any], fields: list[str]) -> str:
    """A scenario as the fields one policy version reads, as stable text: the key of a
    published record and of the compiled index of changed answers."""
    return json.dumps([scenario["situation"]] + [scenario.get(field) for field in fields], ensure_ascii=False)


def scenario_to_query(scenario: dict[str, Any]) -> str:
    """The query string that opens the checker with ``scenario`` (booleans as true/false)."""

    def word(value: Any) -> str:
        return ("true" if value else "false") if isinstance(value, bool) else str(value)

    return urlencode([(key, word(value)) for key, value in scenario.items()])
