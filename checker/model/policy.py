"""The routine's policy as a checked, indexed model.

``load_policy`` reads ``policy.yaml`` (or the compiled ``policy.json``), checks its shape
with :mod:`checker.schema` and then every cross-reference (sections, rules, fields, values,
quotes, the public contract's ids). Whatever is wrong stops loading with the file, the line
and one sentence, so a broken routine never reaches the site or the checker.
"""

from __future__ import annotations

import dataclasses
import json
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .confirmation import status_of
from .operators import OPERATORS, operators_of
from .page_texts import PAGE_TEXTS
from .parameters import check_words as check_parameter_words
from .parameters import resolve as resolve_parameters
from .schema import POLICY
from .source import Lines, Location, PolicyError, read_policy_file

OUTCOMES = ("allowed", "allowed_with_conditions", "not_allowed", "not_covered")
"""The verdicts of the scenario contract; ``allowed`` ones are what a hint looks for."""

CHANGE_PARTS = ("outcome", "consent", "conditions", "messages", "interpretations")
"""The parts of a verdict staff are told, in the order a change to them is described
(checker.changes; the checker's "Ändrat i version" names each but the outcome in words)."""

STATUSES = ("proposed", "confirmed")
"""An interpretation is proposed until the routine's owner confirms it (contract v2)."""

FIELD_TYPES = ("choice", "boolean", "integer", "text")

_ERROR = {"field", "given", "allowed"}
REQUIRED_TEXTS: dict[str, dict[str, set[str]]] = {
    "outcomes": {outcome: set() for outcome in OUTCOMES},
    "errors": {
        "not_an_object": _ERROR,
        "too_large": _ERROR | {"limit"},
        "invalid_json": _ERROR | {"reason"},
        "missing": _ERROR | {"label"},
        "unknown_field": _ERROR | {"situation"},
        "unknown_value": _ERROR | {"label"},
        "not_boolean": _ERROR | {"label"},
        "not_integer": _ERROR | {"label", "min", "max"},
        "out_of_range": _ERROR | {"label", "min", "max"},
        "not_text": _ERROR | {"label"},
        "too_long": _ERROR | {"label", "max_length"},
        "repeated": _ERROR,
        "repeated_in_json": _ERROR,
        "number_too_large": _ERROR | {"label", "min", "max", "digits"},
        "too_deep": set(),
    },
    "wording": {
        **{key: operator.placeholders() for operator in OPERATORS.values() for key in operator.wording},
        "hint_change": {"field", "value"},
        "or": set(),
        "and": set(),
        "hint": {"change"},
        "hint_below": {"value", "unit"},
        "hint_at_least": {"value", "unit"},
        "hint_between": {"low", "high", "unit"},
        "integer_range": {"min", "max"},
        "see_routine": {"routine"},
        "routine_named": {"title"},
        "find_routine": {"title"},
        "hint_with_note": {"change", "note"},
        "nothing_given": set(),
        "situation": set(),
    },
    "consent": {
        "required": set(),
        "not_required": set(),
        "method": {"method"},
        "documented": set(),
        "documented_unknown": set(),
        "not_documented": set(),
        "journal_text": {"text"},
    },
    "report": {
        "title": {"outcome"},
        "rules": {"rules"},
        "conditions": set(),
        "messages": {"title"},
        "sources": {"sources"},
        "hints": set(),
        "policy_version": {"version"},
        "not_covered": set(),
        "references": set(),
        "interpretations": set(),
        "interpretation": {"question", "reading", "status", "link"},
        "proposed": set(),
        "confirmed": set(),
    },
    "changes": {
        "title": {"old", "new", "count", "scenarios"},
        "none": {"old", "new"},
        "situation_missing": set(),
        "before": {"verdict"},
        "after": {"verdict"},
        "rules": {"rules"},
        "try": {"link"},
        "changed_in": {"version", "date", "what"},
        "changed_outcome": {"before"},
        "changed_new": set(),
        "changed_same": {"parts"},
        **{f"changed_{part}": set() for part in CHANGE_PARTS if part != "outcome"},
    },
    # checker.revision: the report of `source` and of the page ny-rutintext/, one set of words.
    "revision_report": {
        "file": {"file"},
        "compared": {"policy_file", "version"},
        "compared_follows": {"policy_file", "version", "source"},
        "agrees": {"sections", "sentences"},
        "differs": {"summary"},
        "section": {"title", "section"},
        "new_section": {"title"},
        **{key: set() for key in ("sections", "text", "text_legend", "rules", "interpretations", "normative")},
        "section_removed": {"section"},
        "section_renamed": {"section", "title"},
        "section_untitled": {"section"},
        "section_added": {"title", "section"},
        **{f"text_{kind}": {"section"} for kind in ("changed", "removed", "added")},
        "quote": {"id", "title", "status"},
        **{key: set() for key in ("quote_vanished", "quote_list_changed", "quote_changed")},
        **{
            f"count_{kind}_{number}": {"count"}
            for kind in ("sections", "changes", "rules", "interpretations", "normative")
            for number in ("one", "many")
        },
        # checker.revision_impact: one line per change, on the page ny-rutintext/.
        "empty": set(),
        "change_line": {"change", "impact"},
        "impact_editorial": set(),
        "impact": {"answers", "rules", "interpretations", "questions"},
        "impact_with_normative": {"impact", "normative"},
        "value_computed": {"label", "before", "after", "answers"},
        "value_not_computed": {"label", "before", "after", "reason"},
        "value_unknown_item": {"item"},
        "value_conflict": set(),
        **{
            f"impact_{kind}_{number}": {"count"}
            for kind in ("answers", "rules", "interpretations", "questions", "normative")
            for number in ("one", "many")
        },
    },
    # checker.routine_file: why a text of the routine cannot be read.
    "routine_file": {
        **{key: set() for key in ("not_found", "not_text", "old_word", "damaged_word")},
        "unreadable": {"reason"},
    },
    # Filled in by the browser (dom.js format()), which would show an unknown {x} as it is.
    "checker_page": {
        **{
            key: set()
            for key in (
                "situation_legend",
                "answer_yes",
                "answer_no",
                "optional",
                "submit",
                "loading_runtime",
                "loading_checker",
                "ready",
                "waiting",
                "incomplete",
                "failed",
                "failed_no_wasm",
                "failed_timeout",
                "failed_help",
                "to_routine",
                "error_summary",
                "error_prefix",
                "verdict_label",
                "rules",
                "consent",
                "journal_text",
                "conditions",
                "messages",
                "hints",
                "references",
                "copy_journal",
                "copy_link",
                "copied",
                "copy_failed",
                "link_help",
                "changed_link",
            )
        },
        "failed_error": {"detail"},
        "rule_when": {"conditions"},
        "rule_link": {"section"},
        "read_routine": {"section"},
        "copy_message": {"title"},
        **{
            key: set()
            for key in (
                "interpretations",
                "interpretations_proposed",
                "ask_owner",
                "ask_owner_help",
                "ask_owner_unset",
                "link_answers",
                "print_quote",
            )
        },
        "interpretation_reading": {"reading"},
        "ask_owner_subject": {"title"},
        "ask_owner_body": {"question", "link", "version"},
        "print_title": {"title"},
        "print_question": {"question"},
        "print_date": {"date"},
        "decided_elsewhere": {"routine"},
        "ask_owner_who": {"who"},
        "assumed": {"question", "answer"},
        "unused": {"question", "answer"},
        "not_asked": {"questions"},
        "intro": set(),
        "ignored": {"names"},
        "link_missing": set(),
        "announce": {"outcome", "sentence"},
        "answers_title": set(),
        "change": set(),
        "change_hidden": {"question"},
        "form_title": set(),
        "new_question": set(),
        "link_wrong": {"questions"},
        "link_wrong_unknown": set(),
        "link_wrong_situation": set(),
        "link_wrong_help": set(),
        "link_details": set(),
        "field_wrong": set(),
        "owner_role": set(),
        "documentation": set(),
        "reminders": set(),
        "unanswered": {"questions"},
        "print_link": {"link"},
    },
    # engine.documentation(): what every verdict says about the journal.
    "documentation": {
        "journal_text": {"text"},
        "consent_documented": set(),
        "consent_unknown": set(),
        "no_entry": set(),
        "not_covered": set(),
    },
    # checker.properties: why a property the owner signs does not hold (verify, and its page).
    "properties": {
        "stricter": set(),
        "more_permissive": set(),
        "counterexample": {"says", "before", "outcome_before", "after", "outcome_after", "relation", "count"},
        "counterexample_bound": {"says", "before", "outcome_before", "bound", "count"},
        "nothing_compared": {"says"},
    },
    **PAGE_TEXTS,
}
"""Texts the code fills in, with the placeholders each may use: a template asking for another
one would fail only when a user hits it, so loading refuses it instead. These are all the
texts there are: one no code asks for is an error too (a misspelt key, or copy left behind)."""

PACKAGE = Path(__file__).resolve().parent.parent
"""The checker package's folder: its data files (the contract, the compiled policy) lie there."""
CONTRACT_FILE = PACKAGE / "contract.json"
DEFAULT_POLICY = PACKAGE.parent / "policy.yaml"
COMPILED_POLICY = PACKAGE / "policy.json"
PUBLISHED = DEFAULT_POLICY.parent / "published"
"""Each published version's verdicts (see checker.changes), kept beside policy.yaml."""


def normalise(text: str) -> str:
    """Text with runs of white space folded, so quotes survive re-wrapping of lines."""
    return re.sub(r"\s+", " ", text).strip()


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


@dataclass
class Policy:
    """The validated policy with indexes the engine, verifier and site generator share."""

    data: dict[str, Any]
    file: str
    situations: dict[str, Situation]
    rules: dict[str, dict[str, Any]]
    sections: dict[str, dict[str, Any]]
    pages: dict[str, str]
    references: dict[str, dict[str, Any]]
    interpretations: dict[str, dict[str, Any]] = field(default_factory=dict)
    labels: dict[str, list[str]] = field(default_factory=dict)
    """Rule labels (Catala's étiquettes): an exception may name a label for all its rules."""
    choices: dict[str, str | None] = field(default_factory=dict)
    """Each reading's alternative in force (None: the reading itself); ``chosen`` in the file."""
    written_situations: dict[str, Situation] = field(default_factory=dict, repr=False)
    """The situations with every field read as the file writes it (an alternative's ``fields`` change them)."""
    variants: dict[tuple[str, str | None], Policy] = field(default_factory=dict, repr=False, compare=False)
    """The policies :meth:`under` has made, kept: the engine asks for them scenario by scenario."""
    touching: dict[str, list[str]] = field(default_factory=dict, repr=False, compare=False)
    """The readings bearing on each situation, as :meth:`readings_for` finds them (kept)."""
    statuses: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    """Each reading's status as it holds (checker.confirmation.status_of), kept."""
    lines: Lines = field(default_factory=lambda: Lines(""), repr=False, compare=False)
    """Where each part of the file stands, for an error found after loading (a property verify disproves)."""

    def under(self, reading_id: str, alternative_id: str | None) -> Policy:
        """The same policy with one reading read as one of its alternatives (None: as the reading).

        Under alternative A of reading R the policy decides with every rule that does not
        rest on R, plus A's rules (without ``rules``: R's own rules stay), and reads the
        fields A names as A says.
        """
        key = (reading_id, alternative_id)
        if key not in self.variants:
            choices = {**self.choices, reading_id: alternative_id}
            rules, situations = rules_in_force(self.data, self.written_situations or self.situations, choices)
            self.variants[key] = dataclasses.replace(
                self,
                rules=rules,
                situations=situations,
                labels=labels_of(rules),
                choices=choices,
                variants={},
                touching={},
                statuses={},
            )
        return self.variants[key]

    @property
    def version(self) -> str:
        return self.data["meta"]["version"]

    def text(self, group: str, key: str) -> str:
        return self.data["texts"][group][key]

    def rules_for(self, situation: str) -> list[dict[str, Any]]:
        return [rule for rule in self.rules.values() if rule["situation"] == situation]

    def readings_for(self, situation_id: str) -> list[str]:
        """The readings that bear on a situation: a rule (in force or an alternative's) or a
        field there rests on them, or an alternative reads a field there."""
        if situation_id not in self.touching:
            self.touching[situation_id] = [
                item["id"]
                for item in self.data.get("interpretations", [])
                if situation_id in _situations_of(self, item)
            ]
        return self.touching[situation_id]

    def other_options(self, interpretation_id: str) -> list[str | None]:
        """The choices for a reading other than the one in force that decide something: its
        alternatives with rules or fields, and the reading itself (None) when one is chosen."""
        chosen = self.choices.get(interpretation_id)
        options: list[str | None] = [] if chosen is None else [None]
        options += [
            item["id"]
            for item in self.interpretations[interpretation_id]["alternatives"]
            if item["id"] != chosen and ("rules" in item or "fields" in item)
        ]
        return options

    def interpretation_summary(self, interpretation_id: str) -> dict[str, Any]:
        """What a verdict says of a reading: its question, the reading in force, its status."""
        item = self.interpretations[interpretation_id]
        summary = {key: item[key] for key in ("id", "question", "reading")}
        if interpretation_id not in self.statuses:
            self.statuses[interpretation_id] = status_of(self, interpretation_id)
        summary["status"] = self.statuses[interpretation_id]
        chosen = self.choices.get(interpretation_id)
        if chosen is not None:
            summary["reading"] = self.alternative(interpretation_id, chosen)["text"]
        return summary

    def alternative(self, interpretation_id: str, alternative_id: str) -> dict[str, Any]:
        return next(
            item for item in self.interpretations[interpretation_id]["alternatives"] if item["id"] == alternative_id
        )

    def overridden_by(self, rule: dict[str, Any]) -> set[str]:
        """The ids of the rules an exception overrides, its labels resolved."""
        return {target for name in rule.get("overrides", []) for target in self.labels.get(name, [name])}

    def former_ids(self, current: str) -> list[str]:
        """Published ids renamed to ``current`` (``renamed``): their anchors must still land here."""
        return [item["old"] for item in self.data.get("renamed", []) if item["new"] == current]

    def rule_link(self, rule_id: str) -> str:
        section = self.rules[rule_id]["section"]
        return self.data["links"]["rule"].format(page=self.pages[section], rule=rule_id)

    def interpretation_link(self, interpretation_id: str) -> str:
        return self.data["links"]["interpretation"].format(interpretation=interpretation_id)

    def change_link(self, version: str, number: int) -> str:
        return self.data["links"]["change"].format(version=version.replace(".", "-"), number=number)

    def section_link(self, section_id: str) -> str:
        return self.data["links"]["section"].format(page=self.pages[section_id], section=section_id)

    def examples(self) -> Iterator[tuple[str | None, dict[str, Any]]]:
        """Every example: (the rule it stands beside, or None) and the example itself."""
        for rule in self.rules.values():
            for example in rule.get("examples", []):
                yield rule["id"], example
        for example in self.data.get("examples", []):
            yield None, example

    def to_json(self) -> str:
        return json.dumps(self.data, ensure_ascii=False, indent=1, sort_keys=False)


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
    if isinstance(data, dict):
        resolve_parameters(data, lines)  # rules name values; from here on they hold them
    POLICY.check(data, (), lines)
    _check_texts(data, lines)
    sections, pages, section_locations = _index_sections(data, lines)
    references = _index_by_id(data["references"], ("references",), lines, "referensen")
    situations = _build_situations(data, sections, lines)
    rules = _index_by_id(data["rules"], ("rules",), lines, "regeln")
    interpretations = _index_by_id(data.get("interpretations", []), ("interpretations",), lines, "tolkningen")
    written = Policy(
        data, lines.file, situations, rules, sections, pages, references, interpretations, labels_of(rules), lines=lines
    )
    written.choices = dict.fromkeys(interpretations)
    _check_contract(written, lines)
    _check_sections(written, section_locations, lines)
    check_parameter_words(sections, data, lines)
    for position, rule in enumerate(data["rules"]):
        _check_rule(written, rule, ("rules", position), lines)
    _check_alternatives(written, lines)
    _check_interpretations(written, lines)
    _check_quoted_notes(written, lines)
    choices = {item_id: item.get("chosen") for item_id, item in interpretations.items()}
    rules_now, situations_now = rules_in_force(data, situations, choices)
    policy = dataclasses.replace(
        written,
        rules=rules_now,
        situations=situations_now,
        labels=labels_of(rules_now),
        choices=choices,
        written_situations=situations,
        variants={},
        touching={},
        statuses={},
    )
    _check_owner_questions(policy, lines)
    _check_renamed(written, lines)
    _check_examples(written, lines)
    from ..engine.properties import check_properties  # it evaluates scenarios with the engine, which needs this module

    check_properties(policy, lines)
    return policy


def _situations_of(policy: Policy, interpretation: dict[str, Any]) -> set[str]:
    """The situations a reading bears on (see Policy.readings_for)."""
    reading_id = interpretation["id"]
    found = {rule["situation"] for rule in policy.data["rules"] if reading_id in rule.get("rests_on", [])}
    for alternative in interpretation["alternatives"]:
        found |= {rule["situation"] for rule in alternative.get("rules", [])}
        found |= {reading["situation"] for reading in alternative.get("fields", [])}
    found |= {situation for situation, _ in fields_resting_on(policy).get(reading_id, [])}
    return found


def labels_of(rules: dict[str, dict[str, Any]]) -> dict[str, list[str]]:
    labels: dict[str, list[str]] = {}
    for rule in rules.values():
        if "label" in rule:
            labels.setdefault(rule["label"], []).append(rule["id"])
    return labels


def rules_in_force(
    data: dict[str, Any], written: dict[str, Situation], choices: dict[str, str | None]
) -> tuple[dict[str, dict[str, Any]], dict[str, Situation]]:
    """The rules and situations when each reading is read as ``choices`` says (see Policy.under).

    ``written``: the situations as the file writes them, which an alternative's ``fields`` change.
    """
    rules = {rule["id"]: rule for rule in data["rules"]}
    readings: dict[tuple[str, str], dict[str, Any]] = {}
    for item in data.get("interpretations", []):
        alternative_id = choices.get(item["id"])
        if alternative_id is None:
            continue
        alternative = next(other for other in item["alternatives"] if other["id"] == alternative_id)
        if "rules" in alternative:
            rules = {rule_id: rule for rule_id, rule in rules.items() if item["id"] not in rule.get("rests_on", [])}
            # The alternative's rules carry the reading: a verdict they give rests on the owner's choice.
            rules.update(
                {
                    rule["id"]: {**rule, "rests_on": [*rule.get("rests_on", []), item["id"]]}
                    for rule in alternative["rules"]
                }
            )
        for reading in alternative.get("fields", []):
            readings[(reading["situation"], reading["field"])] = reading
    return rules, _read_as(written, readings)


def _read_as(situations: dict[str, Situation], readings: dict[tuple[str, str], dict[str, Any]]) -> dict[str, Situation]:
    """The situations with the named fields read as the alternatives say (the rest as written)."""
    if not readings:
        return situations
    changed = {}
    for situation_id, situation in situations.items():
        fields = {
            field_id: dataclasses.replace(
                field_,
                data={
                    **field_.data,
                    **{
                        key: value
                        for key, value in readings.get((situation_id, field_id), {}).items()
                        if key not in ("situation", "field")
                    },
                },
            )
            for field_id, field_ in situation.fields.items()
        }
        changed[situation_id] = dataclasses.replace(situation, fields=fields)
    return changed


def _check_texts(data: dict[str, Any], lines: Lines) -> None:
    for group, texts in data["texts"].items():
        if group not in REQUIRED_TEXTS:
            raise lines.error(
                ("texts", group), f"okänd grupp '{group}' i texts (tillåtna: {', '.join(REQUIRED_TEXTS)})."
            )
        unused = [key for key in texts if key not in REQUIRED_TEXTS[group]]
        if unused:
            raise lines.error(
                ("texts", group, unused[0]),
                f"texts.{group}.{unused[0]} används inte av någon sida eller av kontrollen.",
            )
    for group, keys in REQUIRED_TEXTS.items():
        if group not in data["texts"]:
            raise lines.error(("texts",), f"texts saknar gruppen '{group}'.")
        for key, allowed in keys.items():
            if key not in data["texts"][group]:
                raise lines.error(("texts", group), f"texts.{group} saknar texten '{key}'.")
            try:
                used = {
                    name for _, name, _, _ in string.Formatter().parse(data["texts"][group][key]) if name is not None
                }
            except ValueError:
                raise lines.error(
                    ("texts", group, key),
                    f"texts.{group}.{key} har en ensam {{ eller }}; skriv {{{{ eller }}}} för tecknet.",
                ) from None
            unknown = sorted(used - allowed)
            if unknown:
                words = ", ".join("{" + name + "}" for name in sorted(allowed)) or "inga"
                raise lines.error(
                    ("texts", group, key),
                    f"texts.{group}.{key} använder {{{unknown[0]}}}, som inte finns här (tillåtna: {words}).",
                )


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
            values: list[dict[str, str]] = []
            if kind == "choice":
                if "values" not in raw_field:
                    raise lines.error(at, f"valfältet '{field_id}' saknar 'values'.")
                values = _resolve_values(raw_field["values"], data["values"], at + ("values",), lines)
            if kind == "integer" and ("min" not in raw_field or "max" not in raw_field):
                raise lines.error(at, f"heltalsfältet '{field_id}' ska ha 'min' och 'max'.")
            if kind == "text" and "max_length" not in raw_field:
                raise lines.error(at, f"textfältet '{field_id}' ska ha 'max_length'.")
            # Conditions and hints name the field inside a sentence (checker.wording).
            if kind == "boolean" and not {"when_true", "when_false"} <= raw_field.keys():
                raise lines.error(
                    at, f"ja/nej-fältet '{field_id}' ska ha 'when_true' och 'when_false' (villkoret som en bisats)."
                )
            if kind != "boolean" and "phrase" not in raw_field:
                raise lines.error(
                    at, f"fältet '{field_id}' ska ha 'phrase', hur fältet nämns i en mening (t.ex. 'barnets ålder')."
                )
            built = Field(field_id, raw_field["label"], kind, raw_field, values)
            if "default" in raw_field and not _value_fits(built, raw_field["default"]):
                raise lines.error(
                    at + ("default",), f"standardvärdet {raw_field['default']!r} passar inte fältet '{field_id}'."
                )
            fields[field_id] = built
        situations[raw["id"]] = Situation(raw["id"], raw["label"], raw, fields)
    return situations


def _value_fits(field_: Field, value: Any) -> bool:
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


TABLE_FIELD_TYPES = {
    "rows": ("choice", "boolean"),
    "columns": ("choice", "boolean", "integer"),
    "split": ("choice", "boolean"),
}
"""What a table can show along each axis: every value a heading, or whole numbers as bands
(columns only); a text field has no values to lay out."""


def _check_sections(policy: Policy, locations: dict[str, Location], lines: Lines) -> None:
    tabulated: dict[str, str] = {}
    for section_id, section in policy.sections.items():
        here = locations[section_id]
        text = normalise(section.get("text", ""))
        for index, sentence in enumerate(section.get("normative", [])):
            if normalise(sentence) not in text:
                raise lines.error(
                    here + ("normative", index),
                    f'den normativa meningen står inte i avsnittets text: "{sentence[:60]}".',
                )
        for index, item in enumerate(section.get("not_decided_here", [])):
            if normalise(item["sentence"]) not in text:
                raise lines.error(
                    here + ("not_decided_here", index),
                    f'meningen står inte i avsnittets text: "{item["sentence"][:60]}".',
                )
        for index, reference in enumerate(section.get("see", [])):
            if reference not in policy.references:
                raise lines.error(here + ("see", index), f"referensen '{reference}' finns inte under 'references'.")
        for index, consequence in enumerate(section.get("consequences", [])):
            _check_consequence(policy, consequence, here + ("consequences", index), lines)
        for index, table in enumerate(section.get("tables", [])):
            _check_table(policy, table, here + ("tables", index), lines)
            if table["situation"] in tabulated:
                raise lines.error(
                    here + ("tables", index, "situation"),
                    f"situationen '{table['situation']}' har redan en tabell (i avsnittet '{tabulated[table['situation']]}'); "
                    "tabellens adress (tabell-situation) måste vara unik.",
                )
            tabulated[table["situation"]] = section_id


def _check_table(policy: Policy, table: dict[str, Any], here: Location, lines: Lines) -> None:
    """A table names a situation and distinct fields of it that a table can lay out."""
    situation = policy.situations.get(table["situation"])
    if situation is None:
        raise lines.error(here + ("situation",), f"tabellen gäller situationen '{table['situation']}', som inte finns.")
    used: list[str] = []
    for key, types in TABLE_FIELD_TYPES.items():
        if key not in table:
            continue
        field_ = situation.fields.get(table[key])
        if field_ is None:
            allowed = ", ".join(situation.fields) or "inga"
            raise lines.error(
                here + (key,),
                f"tabellen nämner fältet '{table[key]}', som inte finns i situationen '{situation.id}' (fält: {allowed}).",
            )
        if field_.type not in types:
            raise lines.error(
                here + (key,),
                f"fältet '{field_.id}' ({field_.type}) kan inte stå som {key} i en tabell (tillåtna typer: {', '.join(types)}).",
            )
        if field_.id in used:
            raise lines.error(here + (key,), f"tabellen använder fältet '{field_.id}' två gånger.")
        used.append(field_.id)


def _check_consequence(policy: Policy, consequence: dict[str, Any], here: Location, lines: Lines) -> None:
    situation = policy.situations.get(consequence["situation"])
    if situation is None:
        raise lines.error(
            here + ("situation",), f"följden gäller situationen '{consequence['situation']}', som inte finns."
        )
    for key in ("over", "for_every"):
        if consequence[key] not in situation.fields:
            raise lines.error(
                here + (key,),
                f"följden nämner fältet '{consequence[key]}', som inte finns i situationen '{situation.id}'.",
            )
    for field_id, value in consequence.get("when", {}).items():
        field_ = situation.fields.get(field_id)
        if field_ is None or not _value_fits(field_, value):
            raise lines.error(
                here + ("when", field_id),
                f"följdens villkor {field_id}: {value!r} passar inte situationen '{situation.id}'.",
            )
    if consequence["outcome"] not in OUTCOMES:
        raise lines.error(
            here + ("outcome",), f"okänt utfall '{consequence['outcome']}' (tillåtna: {', '.join(OUTCOMES)})."
        )
    if "{values}" not in consequence["says"]:
        raise lines.error(here + ("says",), "följdens mening ska ha {values} där värdena skrivs in.")


def _check_quote(policy: Policy, section_id: str, quote: str, here: Location, lines: Lines, who: str) -> None:
    """A quote must stand word for word (white space folded) in the section it names."""
    if section_id not in policy.sections:
        raise lines.error(here, f"{who} hänvisar till avsnittet '{section_id}', som inte finns.")
    if normalise(quote) not in normalise(policy.sections[section_id].get("text", "")):
        raise lines.error(here, f"{who} citerar en mening som inte står i avsnittet '{section_id}': \"{quote[:60]}\".")


def _check_alternatives(policy: Policy, lines: Lines) -> None:
    """Alternatives have ids unique in the policy; their rules are checked like the rules in
    force (as they would stand: under the alternative), their fields exist; ``chosen`` names one."""
    rule_ids = set(policy.rules)
    alternative_ids: set[str] = set()
    for position, item in enumerate(policy.data.get("interpretations", [])):
        here = ("interpretations", position)
        who = f"tolkningen '{item['id']}'"
        ids = []
        for index, alternative in enumerate(item["alternatives"]):
            at = here + ("alternatives", index)
            if alternative["id"] in alternative_ids or alternative["id"] in policy.interpretations:
                raise lines.error(at + ("id",), f"alternativet '{alternative['id']}' finns redan; id måste vara unika.")
            alternative_ids.add(alternative["id"])
            ids.append(alternative["id"])
            for number, rule in enumerate(alternative.get("rules", [])):
                if rule["id"] in rule_ids:
                    raise lines.error(
                        at + ("rules", number, "id"), f"regeln '{rule['id']}' finns redan; id måste vara unika."
                    )
                rule_ids.add(rule["id"])
                if item["id"] in rule.get("rests_on", []):
                    raise lines.error(
                        at + ("rules", number, "rests_on"),
                        f"regeln '{rule['id']}' är ett alternativ till {who} och kan inte vila på den.",
                    )
            for number, reading in enumerate(alternative.get("fields", [])):
                situation = policy.situations.get(reading["situation"])
                if situation is None or reading["field"] not in situation.fields:
                    raise lines.error(
                        at + ("fields", number),
                        f"alternativet '{alternative['id']}' läser fältet '{reading['field']}' i situationen "
                        f"'{reading['situation']}', som inte finns.",
                    )
            variant = policy.under(item["id"], alternative["id"])
            for number, rule in enumerate(alternative.get("rules", [])):
                _check_rule(variant, rule, at + ("rules", number), lines)
        chosen = item.get("chosen")
        if chosen is not None and chosen not in ids:
            allowed = ", ".join(ids) or "inga; ett alternativ som kan väljas har ett id"
            raise lines.error(
                here + ("chosen",),
                f"{who} har chosen: '{chosen}', som inte är ett av dess alternativ (tillåtna: {allowed}).",
            )


def fields_resting_on(policy: Policy) -> dict[str, list[tuple[str, str]]]:
    """Each reading that lives on how a field is read, with the (situation, field) pairs."""
    found: dict[str, list[tuple[str, str]]] = {}
    for situation in policy.situations.values():
        for field_ in situation.fields.values():
            for item in field_.data.get("rests_on", []):
                found.setdefault(item, []).append((situation.id, field_.id))
    return found


def _check_interpretations(policy: Policy, lines: Lines) -> None:
    """Each reading is quoted, has a known status, and is rested on by at least one rule or field."""
    for position, situation in enumerate(policy.data["situations"]):
        for index, field_ in enumerate(situation.get("fields", [])):
            for number, item in enumerate(field_.get("rests_on", [])):
                if item not in policy.interpretations:
                    raise lines.error(
                        ("situations", position, "fields", index, "rests_on", number),
                        f"fältet '{field_['id']}' vilar på tolkningen '{item}', som inte finns under 'interpretations'.",
                    )
    rested_on = {item for rule in policy.rules.values() for item in rule.get("rests_on", [])}
    rested_on |= set(fields_resting_on(policy))
    for position, item in enumerate(policy.data.get("interpretations", [])):
        here = ("interpretations", position)
        who = f"tolkningen '{item['id']}'"
        for index, quote in enumerate(item["quotes"]):
            _check_quote(policy, quote["section"], quote["text"], here + ("quotes", index), lines, who)
        if item["status"] not in STATUSES:
            raise lines.error(
                here + ("status",), f"{who} har status '{item['status']}' (tillåtna: {', '.join(STATUSES)})."
            )
        if (item["status"] == "confirmed") != ("confirmed" in item):
            raise lines.error(
                here + ("status",),
                f"{who}: status confirmed skrivs med 'confirmed' (datum och vem), status proposed utan.",
            )
        if item["id"] not in rested_on:
            raise lines.error(
                here + ("id",),
                f"{who} bärs inte av någon regel eller något fält; ange den i 'rests_on' eller ta bort den.",
            )


def _check_quoted_notes(policy: Policy, lines: Lines) -> None:
    """The situations' reminders and the documentation pointer quote the routine as rules do."""
    for position, situation in enumerate(policy.data["situations"]):
        for index, reminder in enumerate(situation.get("reminders", [])):
            here = ("situations", position, "reminders", index)
            who = f"påminnelsen i situationen '{situation['id']}'"
            _check_quote(policy, reminder["section"], reminder["quote"], here + ("quote",), lines, who)
            for field_id, condition in reminder.get("when", {}).items():
                _check_condition(
                    policy.situations[situation["id"]], field_id, condition, here + ("when", field_id), lines, who
                )
    documentation = policy.data["documentation"]
    _check_quote(policy, documentation["section"], documentation["quote"], ("documentation",), lines, "documentation")


def _check_renamed(policy: Policy, lines: Lines) -> None:
    """A renamed rule or section points to one that exists, under an id no longer in use."""
    for position, item in enumerate(policy.data.get("renamed", [])):
        here = ("renamed", position)
        if item["old"] in policy.rules or item["old"] in policy.sections:
            raise lines.error(
                here + ("old",),
                f"'{item['old']}' finns fortfarande; bara ett id som inte längre används kan stå under renamed.",
            )
        if item["new"] not in policy.rules and item["new"] not in policy.sections:
            raise lines.error(here + ("new",), f"'{item['new']}' är varken en regel eller ett avsnitt.")


def _check_owner_questions(policy: Policy, lines: Lines) -> None:
    for position, item in enumerate(policy.data.get("owner_questions", [])):
        here = ("owner_questions", position)
        situation = policy.situations.get(item["situation"])
        if situation is None:
            raise lines.error(
                here + ("situation",),
                f"frågan '{item['id']}' gäller situationen '{item['situation']}', som inte finns.",
            )
        for index, section_id in enumerate(item["sections"]):
            if section_id not in policy.sections:
                raise lines.error(
                    here + ("sections", index),
                    f"frågan '{item['id']}' hänvisar till avsnittet '{section_id}', som inte finns.",
                )
        for field_id, condition in item.get("when", {}).items():
            _check_condition(situation, field_id, condition, here + ("when", field_id), lines, item["id"])
        for index, quote in enumerate(item.get("quotes", [])):
            where = here + ("quotes", index)
            _check_quote(policy, quote["section"], quote["text"], where + ("text",), lines, f"frågan '{item['id']}'")


def _check_rule(policy: Policy, rule: dict[str, Any], here: Location, lines: Lines) -> None:
    """A rule names known sections, fields, values and readings, and quotes its section verbatim."""
    rule_id = rule["id"]
    if rule["section"] not in policy.sections:
        raise lines.error(
            here + ("section",), f"regeln '{rule_id}' hänvisar till avsnittet '{rule['section']}', som inte finns."
        )
    for index, quote in enumerate(rule["quote"]):
        _check_quote(policy, rule["section"], quote, here + ("quote", index), lines, f"regeln '{rule_id}'")
    for index, item in enumerate(rule.get("rests_on", [])):
        if item not in policy.interpretations:
            raise lines.error(
                here + ("rests_on", index),
                f"regeln '{rule_id}' vilar på tolkningen '{item}', som inte finns under 'interpretations'.",
            )
    situation = policy.situations.get(rule["situation"])
    if situation is None:
        raise lines.error(
            here + ("situation",), f"regeln '{rule_id}' gäller situationen '{rule['situation']}', som inte finns."
        )
    for field_id, condition in rule.get("when", {}).items():
        _check_condition(situation, field_id, condition, here + ("when", field_id), lines, rule_id)
    then = rule["then"]
    if then["outcome"] not in OUTCOMES:
        raise lines.error(
            here + ("then", "outcome"), f"okänt utfall '{then['outcome']}' (tillåtna: {', '.join(OUTCOMES)})."
        )
    consent = then.get("consent")
    if consent and consent["required"] and not consent["method"]:
        raise lines.error(here + ("then", "consent"), f"regeln '{rule_id}' kräver samtycke men anger inget 'method'.")
    for index, reference in enumerate(then.get("see", [])):
        if reference not in policy.references:
            raise lines.error(here + ("then", "see", index), f"referensen '{reference}' finns inte under 'references'.")
    if rule.get("label") in policy.rules:
        raise lines.error(
            here + ("label",), f"etiketten '{rule['label']}' är också id för en regel; välj en annan etikett."
        )
    for index, name in enumerate(rule.get("overrides", [])):
        targets = policy.labels.get(name, [name])
        for target_id in targets:
            target = policy.rules.get(target_id)
            if target is None:
                raise lines.error(
                    here + ("overrides", index),
                    f"regeln '{rule_id}' gör undantag från '{name}', som varken är en regel eller en etikett.",
                )
            if target_id == rule_id or target["situation"] != rule["situation"]:
                raise lines.error(
                    here + ("overrides", index),
                    f"regeln '{rule_id}' kan bara göra undantag från andra regler i samma situation ('{name}').",
                )


def _check_condition(
    situation: Situation, field_id: str, condition: Any, here: Location, lines: Lines, rule_id: str
) -> None:
    field_ = situation.fields.get(field_id)
    if field_ is None:
        allowed = ", ".join(situation.fields) or "inga"
        raise lines.error(
            here,
            f"regeln '{rule_id}' har ett villkor på fältet '{field_id}', som inte finns i situationen '{situation.id}' (fält: {allowed}).",
        )
    for name, operand in operators_of(condition).items():
        operator = OPERATORS[name]
        if field_.type not in operator.types:
            raise lines.error(here, f"villkoret '{name}' går inte att använda på fältet '{field_id}' ({field_.type}).")
        if operator.operand == "flag":
            continue
        if operator.operand == "number" and field_.type == "text":
            if not 0 < operand < field_.data["max_length"]:
                raise lines.error(
                    here,
                    f"regeln '{rule_id}': '{name}' ska vara ett antal tecken från 1 till {field_.data['max_length'] - 1}, inte {operand!r}.",
                )
            continue
        if operator.operand == "field":
            other = situation.fields.get(operand)
            if (
                other is None
                or other.id == field_id
                or other.type != field_.type
                or other.value_ids() != field_.value_ids()
            ):
                raise lines.error(
                    here,
                    f"regeln '{rule_id}': '{name}' ska jämföra fältet '{field_id}' med ett annat fält av samma slag, inte '{operand}'.",
                )
            continue
        candidates = operand if operator.operand == "values" else [operand]
        for value in candidates:
            if not _value_fits(field_, value):
                allowed = ", ".join(map(str, field_.value_ids())) if field_.type == "choice" else field_.type
                raise lines.error(
                    here,
                    f"regeln '{rule_id}': värdet {value!r} finns inte för fältet '{field_id}' (tillåtna: {allowed}).",
                )


def _check_contract(policy: Policy, lines: Lines) -> None:
    """Every situation, field and value id of the public scenario contract must exist."""
    contract = json.loads(CONTRACT_FILE.read_text(encoding="utf-8"))
    for situation_id, fields in contract["situations"].items():
        situation = policy.situations.get(situation_id)
        if situation is None:
            raise lines.error(
                ("situations",), f"situationen '{situation_id}' i scenariokontraktet saknas i 'situations'."
            )
        where = ("situations", policy.data["situations"].index(situation.data))
        for field_id, values in fields.items():
            field_ = situation.fields.get(field_id)
            if field_ is None:
                raise lines.error(
                    where, f"fältet '{field_id}' i scenariokontraktet saknas i situationen '{situation_id}'."
                )
            if isinstance(values, list):
                missing = [value for value in values if value not in field_.value_ids()]
                if missing:
                    raise lines.error(
                        where,
                        f"värdet '{missing[0]}' i scenariokontraktet saknas i fältet '{field_id}' i situationen '{situation_id}'.",
                    )
            elif values != field_.type:
                raise lines.error(
                    where,
                    f"fältet '{field_id}' ska enligt scenariokontraktet vara av typen '{values}', inte '{field_.type}'.",
                )


def _check_examples(policy: Policy, lines: Lines) -> None:
    from .scenario import ScenarioError, validate_scenario

    locations: list[Location] = []
    for position, rule in enumerate(policy.data["rules"]):
        locations += [("rules", position, "examples", index) for index in range(len(rule.get("examples", [])))]
    locations += [("examples", index) for index in range(len(policy.data.get("examples", [])))]
    for location, (_, example) in zip(locations, policy.examples(), strict=True):
        try:
            validate_scenario(policy, example["scenario"])
        except ScenarioError as error:
            raise lines.error(
                location + ("scenario",),
                f'exemplet "{example["name"]}" är inget giltigt scenario: {error.problems[0].message}',
            ) from None
        expect = example["expect"]
        if expect["outcome"] not in OUTCOMES:
            raise lines.error(
                location + ("expect", "outcome"),
                f"okänt utfall '{expect['outcome']}' i exemplet \"{example['name']}\".",
            )
        for rule_id in expect.get("rules", []):
            if rule_id not in policy.rules:
                raise lines.error(
                    location + ("expect", "rules"),
                    f"exemplet \"{example['name']}\" väntar sig regeln '{rule_id}', som inte finns.",
                )
