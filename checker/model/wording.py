"""Swedish phrases for values, conditions and groups of scenarios, built from the policy's own labels.

The same words appear in the command line's text output, the browser's verdict and the
rule boxes of the routine pages, so they are made in one place, from templates in
``policy.yaml``'s ``texts`` and the vocabulary's labels, never written twice.
"""

from __future__ import annotations

from typing import Any

from .domain import field_domain
from .fields import Field
from .operators import OPERATORS, operators_of
from .policy import Policy


def value_words(field: Field, value: Any, heading: bool = False) -> str:
    """A value as staff know it: its label, ``when_true``/``when_false`` phrasing, or years.

    Inside a sentence a label loses its capital ("om besöksformen är besök på mottagningen"),
    unless the value is a name (``proper: true`` in the policy, "Teams") or the label starts
    with an abbreviation ("USB-minne", "HOPE"). ``heading``: the label as it stands alone,
    for a table's row or column.
    """
    return field.words(value, heading)


def routine_named(policy: Policy, reference: dict[str, Any]) -> str:
    """How another routine is named inside a sentence: its ``phrase``, or "rutinen <title>"."""
    return reference.get("phrase") or policy.text("wording", "routine_named").format(title=reference["title"])


def join_alternatives(policy: Policy, words: list[str]) -> str:
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + f" {policy.text('wording', 'or')} " + words[-1]


def join_all(policy: Policy, words: list[str]) -> str:
    """Words that all hold, as a Swedish list: "a, b och c"."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + f" {policy.text('wording', 'and')} " + words[-1]


def number_runs(policy: Policy, field: Field, values: list[int]) -> str:
    """Whole numbers as runs a reader takes in at once: "under 13 år", "minst 16 år", "13–15 år"."""
    runs: list[list[int]] = []
    for value in sorted(values):
        if runs and value == runs[-1][1] + 1:
            runs[-1][1] = value
        else:
            runs.append([value, value])
    unit = field.data.get("unit", "")
    low_end, high_end = field.data["min"], field.data["max"]
    words = []
    for low, high in runs:
        if low == high:
            words.append(value_words(field, low))
        elif low == low_end and high < high_end:
            words.append(policy.text("wording", "hint_below").format(value=high + 1, unit=unit).strip())
        elif high == high_end and low > low_end:
            words.append(policy.text("wording", "hint_at_least").format(value=low, unit=unit).strip())
        else:
            words.append(policy.text("wording", "hint_between").format(low=low, high=high, unit=unit).strip())
    return join_alternatives(policy, words)


def condition_words(policy: Policy, field: Field, condition: Any) -> str:
    """One rule condition as a Swedish clause, e.g. "barnets ålder är under 13 år".

    The field is named by its ``phrase`` (a question label such as "Vem gör det?" cannot
    stand inside a sentence); a yes/no field by its ``when_true``/``when_false`` clause.
    Two operators on one field are joined with "och".
    """
    if field.clause and not isinstance(condition, dict):
        return value_words(field, condition)
    parts: list[str] = []
    for name, operand in operators_of(condition).items():
        operator = OPERATORS[name]
        if operator.operand == "flag":
            template = operator.wording[0 if operand else 1]
            parts.append(policy.text("wording", template).format(field=field_phrase(field)))
        elif operator.operand == "field":
            other = policy_field(policy, field, operand)
            parts.append(
                policy.text("wording", operator.wording[0]).format(
                    field=field_phrase(field), other_field=field_phrase(other)
                )
            )
        else:
            values = operand if operator.operand == "values" else [operand]
            words = join_alternatives(policy, [value_words(field, value) for value in values])
            parts.append(policy.text("wording", operator.wording[0]).format(field=field_phrase(field), value=words))
    return f" {policy.text('wording', 'and')} ".join(parts)


def field_phrase(field: Field) -> str:
    """How a field is named inside a sentence ("barnets ålder"); loading makes sure every
    field that is not a yes/no question has its ``phrase``."""
    return field.data.get("phrase", field.label)


def policy_field(policy: Policy, field: Field, other_id: str) -> Field:
    """The field named ``other_id`` in the same situation as ``field``."""
    for situation in policy.situations.values():
        if situation.fields.get(field.id) is field:
            return situation.fields[other_id]
    raise KeyError(other_id)


def rule_conditions(policy: Policy, rule: dict[str, Any]) -> list[dict[str, str]]:
    """Each condition of a rule, as (field id, Swedish text)."""
    fields = policy.situations[rule["situation"]].fields
    return [
        {"field": field_id, "text": condition_words(policy, fields[field_id], condition)}
        for field_id, condition in rule.get("when", {}).items()
    ]


def consent_lines(policy: Policy, consent: dict[str, Any] | None, journal: bool = True) -> list[str]:
    """What the consent part of a verdict asks of staff, as lines of Swedish.

    ``journal=False`` leaves out the journal text's line, for a reader (the browser) that
    shows the journal text by itself, with a copy button.
    """
    if consent is None:
        return []
    lines = [policy.text("consent", "required" if consent["required"] else "not_required")]
    if consent.get("method"):
        method = policy.data["values"].get("consent_method", [])
        label = next((item["label"] for item in method if item["id"] == consent["method"]), consent["method"])
        lines.append(policy.text("consent", "method").format(method=label))
    documented = consent["documented_in_journal"]
    lines.append(
        policy.text("consent", {True: "documented", False: "not_documented", None: "documented_unknown"}[documented])
    )
    if journal and consent.get("journal_text"):
        lines.append(policy.text("consent", "journal_text").format(text=consent["journal_text"]))
    return lines


def interpretation_words(policy: Policy, item: dict[str, Any]) -> str:
    """A reading a verdict rests on, with whether the owner has confirmed it, in one sentence."""
    return policy.text("report", "interpretation").format(
        question=item["question"],
        reading=item["reading"],
        status=policy.text("report", item["status"]),
        link=policy.interpretation_link(item["id"]),
    )


def group_words(policy: Policy, situation_id: str, values: dict[str, list[Any]]) -> str:
    """The scenarios of a group of changes in one line: the situation and its conditions
    ("Barn och vårdnadshavare i 1177.se; barnets ålder är 13–17 år; ...")."""
    situation = policy.situations.get(situation_id)
    if situation is None:
        return situation_id
    return "; ".join([situation.label, *group_conditions(policy, situation_id, values)])


def group_conditions(policy: Policy, situation_id: str, values: dict[str, list[Any]]) -> list[str]:
    """What the scenarios of a group share, one clause per field ("barnets ålder är 13–17 år").

    A field that takes every value it can in the group says nothing and is left out.
    """
    situation = policy.situations.get(situation_id)
    if situation is None:
        return []
    words = []
    for field_id, options in values.items():
        field = situation.fields.get(field_id)
        if field is None:
            continue
        if not field.open and set(map(str, options)) >= set(map(str, field_domain(policy, field))):
            continue
        if field.clause:
            words.append(join_alternatives(policy, [value_words(field, value) for value in options]))
            continue
        shown = (
            number_runs(policy, field, options)
            if field.counted
            else join_alternatives(policy, [value_words(field, value) for value in options])
        )
        words.append(policy.text("wording", "equals").format(field=field_phrase(field), value=shown))
    return words
