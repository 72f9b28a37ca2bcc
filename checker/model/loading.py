"""Load the policy: read ``policy.yaml`` (or the compiled ``policy.json``), check it, build the model.

``load_policy`` reads the file with its line numbers, checks its shape with
:mod:`checker.model.schema` and then every cross-reference (:mod:`checker.model.validation`:
sections, rules, fields, values, quotes, the public contract's ids; and the properties'
form). Whatever is wrong stops loading with the file, the line and one sentence, so a broken
routine never reaches the site or the checker.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from typing import Any

from .fields import FIELD_TYPES, Field, Situation
from .parameters import resolve as resolve_parameters
from .policy import COMPILED_POLICY, DEFAULT_POLICY, Policy, labels_of, rules_in_force
from .properties import check_properties
from .schema import POLICY
from .source import Lines, Location, PolicyError, read_policy_file
from .texts import check_texts
from .validation import check_as_written, check_in_force


def load_policy(path: str | Path | None = None) -> Policy:
    """Load and check a policy; with no path, ``policy.yaml`` beside the package or the compiled JSON."""
    if path is None:
        path = DEFAULT_POLICY if DEFAULT_POLICY.exists() else COMPILED_POLICY
    data, lines = read_policy_file(path)
    return build_policy(data, lines)


def load_policy_json(text: str, name: str = "policy.json") -> Policy:
    """Load the compiled policy from JSON text (as the browser receives it)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise PolicyError(name, error.lineno, f"ogiltig JSON: {error.msg}.") from None
    return build_policy(data, Lines(name))


def build_policy(data: Any, lines: Lines) -> Policy:
    """The model from the file's data: parameters resolved, the shape checked, indexed, every
    cross-reference checked (checker.model.validation), the readings' choices applied."""
    if isinstance(data, dict):
        resolve_parameters(data, lines)  # rules name values; from here on they hold them
    POLICY.check(data, (), lines)
    check_texts(data, lines)
    sections, pages, section_locations = _index_sections(data, lines)
    references = _index_by_id(data["references"], ("references",), lines, "referensen")
    situations = _build_situations(data, sections, lines)
    rules = _index_by_id(data["rules"], ("rules",), lines, "regeln")
    interpretations = _index_by_id(data.get("interpretations", []), ("interpretations",), lines, "tolkningen")
    written = Policy(
        data, lines.file, situations, rules, sections, pages, references, interpretations, labels_of(rules), lines=lines
    )
    written.choices = dict.fromkeys(interpretations)
    check_as_written(written, section_locations, lines)
    choices = {item_id: item.get("chosen") for item_id, item in interpretations.items()}
    rules_now, situations_now = rules_in_force(data, situations, choices)
    policy = dataclasses.replace(
        written,
        rules=rules_now,
        situations=situations_now,
        labels=labels_of(rules_now),
        choices=choices,
        written_situations=situations,
    )
    check_in_force(policy, written, lines)
    check_properties(policy, lines)
    return policy


def _index_by_id(items: list[dict[str, Any]], location: Location, lines: Lines, what: str) -> dict[str, dict[str, Any]]:
    index: dict[str, dict[str, Any]] = {}
    for position, item in enumerate(items):
        if item["id"] in index:
            raise lines.error(location + (position, "id"), f"{what} '{item['id']}' finns redan; id måste vara unika.")
        index[item["id"]] = item
    return index


def _index_sections(
    data: dict[str, Any], lines: Lines
) -> tuple[dict[str, dict[str, Any]], dict[str, str], dict[str, Location]]:
    """Index sections by id, with the page (top-level section) each one is shown on."""
    sections: dict[str, dict[str, Any]] = {}
    pages: dict[str, str] = {}
    locations: dict[str, Location] = {}

    def walk(items: list[dict[str, Any]], location: Location, page: str | None) -> None:
        for position, section in enumerate(items):
            here = location + (position,)
            if section["id"] in sections:
                raise lines.error(here + ("id",), f"avsnittet '{section['id']}' finns redan; id måste vara unika.")
            if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", section["id"]):
                raise lines.error(
                    here + ("id",),
                    f"avsnittets id '{section['id']}' får bara ha a–z, 0–9 och bindestreck (det blir en adress).",
                )
            sections[section["id"]] = section
            locations[section["id"]] = here
            pages[section["id"]] = page or section["id"]
            walk(section.get("sections", []), here + ("sections",), page or section["id"])

    walk(data["sections"], ("sections",), None)
    return sections, pages, locations


def _resolve_values(
    spec: Any, shared: dict[str, list[dict[str, str]]], location: Location, lines: Lines
) -> list[dict[str, str]]:
    if isinstance(spec, str):
        spec = [{"from": spec}]
    values: list[dict[str, str]] = []
    for position, item in enumerate(spec):
        if "from" in item:
            if item["from"] not in shared:
                raise lines.error(location + (position,), f"värdelistan '{item['from']}' finns inte under 'values'.")
            values.extend(shared[item["from"]])
        else:
            values.append({key: item[key] for key in ("id", "label", "help", "proper") if key in item})
    seen: set[str] = set()
    for value in values:
        if value["id"] in seen:
            raise lines.error(location, f"värdet '{value['id']}' står två gånger i samma fält.")
        seen.add(value["id"])
    return values


def _build_situations(data: dict[str, Any], sections: dict[str, Any], lines: Lines) -> dict[str, Situation]:
    situations: dict[str, Situation] = {}
    for position, raw in enumerate(data["situations"]):
        here = ("situations", position)
        if raw["id"] in situations:
            raise lines.error(here + ("id",), f"situationen '{raw['id']}' finns redan; id måste vara unika.")
        for index, section_id in enumerate(raw["sections"]):
            if section_id not in sections:
                raise lines.error(
                    here + ("sections", index), f"situationen hänvisar till avsnittet '{section_id}', som inte finns."
                )
        fields: dict[str, Field] = {}
        for index, raw_field in enumerate(raw.get("fields", [])):
            at = here + ("fields", index)
            field_id = raw_field["id"]
            if field_id in fields or field_id == "situation":
                raise lines.error(at + ("id",), f"fältet '{field_id}' finns redan i situationen '{raw['id']}'.")
            kind = raw_field["type"]
            if kind not in FIELD_TYPES:
                raise lines.error(at + ("type",), f"okänd fälttyp '{kind}' (tillåtna: {', '.join(FIELD_TYPES)}).")
            kind_of = FIELD_TYPES[kind]
            if not set(kind_of.needs) <= raw_field.keys():
                raise lines.error(at, kind_of.lacking.format(id=field_id))
            values: list[dict[str, str]] = []
            if "values" in kind_of.needs:
                values = _resolve_values(raw_field["values"], data["values"], at + ("values",), lines)
            # Conditions and hints name the field inside a sentence (checker.model.wording).
            if not kind_of.clause and "phrase" not in raw_field:
                raise lines.error(
                    at, f"fältet '{field_id}' ska ha 'phrase', hur fältet nämns i en mening (t.ex. 'barnets ålder')."
                )
            built = kind_of(field_id, raw_field["label"], kind, raw_field, values)
            if "default" in raw_field and not built.fits(raw_field["default"]):
                raise lines.error(
                    at + ("default",), f"standardvärdet {raw_field['default']!r} passar inte fältet '{field_id}'."
                )
            fields[field_id] = built
        situations[raw["id"]] = Situation(raw["id"], raw["label"], raw, fields)
    return situations
