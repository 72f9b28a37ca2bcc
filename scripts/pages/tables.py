"""Tables computed by the checker itself, so that a page cannot disagree with the engine.

Which situation to tabulate, and along which fields, stands in ``policy.yaml`` on the
section the table belongs to (``tables:``, checked when the policy loads); every cell is
the engine's verdict for that scenario (other fields at their defaults). A whole-number
field is shown as bands: the numbers are split wherever any cell of the table would
change, so no band hides a different answer.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from checker.engine.decide import ALLOWING, check
from checker.model.domain import field_domain
from checker.model.fields import Field
from checker.model.policy import Policy
from checker.model.wording import consent_lines, number_runs, value_words

from .markdown import plain, scroll_box, table, words, wrapped


@dataclass(frozen=True)
class EngineTable:
    """One table of verdicts: rows × columns, one table per value of ``split``."""

    section: str
    """The section the table stands in (policy.yaml), after the section's own rules."""
    situation: str
    rows: str
    columns: str
    caption: str
    split: str | None = None
    consent: bool = False
    """Also list the consent and journal text of every allowed cell that asks for consent."""


def table_specs(policy: Policy) -> list[EngineTable]:
    """Every table of every section, in the routine's order."""
    return [
        EngineTable(section_id, **spec)
        for section_id, section in policy.sections.items()
        for spec in section.get("tables", [])
    ]


PAGE = "routine_tables"
"""The group of policy.yaml's texts that holds the tables' own words."""


def verdict(policy: Policy, spec: EngineTable, values: dict[str, Any]) -> dict[str, Any]:
    """The engine's verdict for one cell (the checker's own ``check``, defaults filled in)."""
    return check(policy, {"situation": spec.situation, **values})


def split_values(policy: Policy, spec: EngineTable) -> list[Any]:
    """The values of the split field; a yes/no question shows "yes" first, the case it asks about."""
    if spec.split is None:
        return [None]
    field = policy.situations[spec.situation].fields[spec.split]
    values = field_domain(policy, field)
    return field.table_order(values)


def column_groups(policy: Policy, spec: EngineTable) -> list[list[Any]]:
    """The column values; a whole-number field folded into bands that share every answer."""
    fields = policy.situations[spec.situation].fields
    values = field_domain(policy, fields[spec.columns])
    if not fields[spec.columns].counted:
        return [[value] for value in values]
    splits = split_values(policy, spec)
    groups: list[list[Any]] = []
    previous: tuple[str, ...] | None = None
    for value in values:
        answers = tuple(
            verdict(policy, spec, _cell(spec, row, value, split))["outcome"]
            for row in field_domain(policy, fields[spec.rows])
            for split in splits
        )
        if answers == previous:
            groups[-1].append(value)
        else:
            groups.append([value])
        previous = answers
    return groups


def _cell(spec: EngineTable, row: Any, column: Any, split: Any) -> dict[str, Any]:
    values = {spec.rows: row, spec.columns: column}
    if spec.split:
        values[spec.split] = split
    return values


def group_words(policy: Policy, field: Field, group: list[Any]) -> str:
    return number_runs(policy, field, group) if field.counted else value_words(field, group[0], heading=True)


def table_id(spec: EngineTable, split: Any) -> str:
    suffix = "" if spec.split is None else "-" + (str(split).lower() if isinstance(split, bool) else str(split))
    return f"tabell-{spec.situation}{suffix}"


def verdict_table(policy: Policy, spec: EngineTable, split: Any) -> str:
    """One table of outcome labels, in a block with a stable id."""
    fields = policy.situations[spec.situation].fields
    groups = column_groups(policy, spec)
    header = [plain(fields[spec.rows].label)] + [
        plain(group_words(policy, fields[spec.columns], group)) for group in groups
    ]
    rows = []
    for row in field_domain(policy, fields[spec.rows]):
        cells = [
            policy.text("outcomes", verdict(policy, spec, _cell(spec, row, group[0], split))["outcome"])
            for group in groups
        ]
        rows.append([plain(value_words(fields[spec.rows], row, heading=True))] + cells)
    caption = spec.caption
    if spec.split is not None:
        caption = policy.text(PAGE, "split_caption").format(
            caption=caption, value=value_words(fields[spec.split], split)
        )
    intro = words(policy, PAGE, "intro", rows=plain(fields[spec.rows].label), columns=plain(fields[spec.columns].label))
    return wrapped(
        table_id(spec, split),
        "motortabell",
        f"**{plain(caption)}**\n\n{intro}\n\n{scroll_box(caption, table(header, rows))}",
    )


def consent_table(policy: Policy, spec: EngineTable) -> str:
    """Every allowed cell that asks for consent, with the consent and journal lines."""
    fields = policy.situations[spec.situation].fields
    keys = [spec.rows, spec.columns] + ([spec.split] if spec.split else [])
    rows = []
    for values in itertools.product(*(field_domain(policy, fields[key]) for key in keys)):
        answer = verdict(policy, spec, dict(zip(keys, values, strict=True)))
        if answer["outcome"] in ALLOWING and answer["consent"]:
            cells = [value_words(fields[key], value, heading=True) for key, value in zip(keys, values, strict=True)]
            rows.append([plain(cell) for cell in cells] + [plain(" ".join(consent_lines(policy, answer["consent"])))])
    header = [plain(fields[key].label) for key in keys] + [words(policy, PAGE, "consent_header")]
    caption = policy.text(PAGE, "consent_caption")
    return wrapped(
        f"tabell-{spec.situation}-samtycke",
        "motortabell",
        f"**{plain(caption)}**\n\n{scroll_box(caption, table(header, rows))}",
    )


def engine_tables(policy: Policy) -> dict[str, list[str]]:
    """The tables of every section that has any, as Markdown blocks, by section id."""
    found: dict[str, list[str]] = {}
    for spec in table_specs(policy):
        blocks = found.setdefault(spec.section, [])
        blocks += [verdict_table(policy, spec, split) for split in split_values(policy, spec)]
        if spec.consent:
            blocks.append(consent_table(policy, spec))
    return found
