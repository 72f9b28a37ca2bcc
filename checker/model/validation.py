"""Every cross-reference of the policy checked, each failure at its file and line.

Sections, tables, consequences and quotes; rules and their conditions (each names a field of
its situation and values it can hold, with an operator that fits the field's type); readings
and their alternatives; owner questions, renamed ids, examples (each a valid scenario) and the
public contract's ids. :mod:`checker.model.loading` calls the two entries in the order the
model is built.
"""

from __future__ import annotations

import json
from typing import Any

from .fields import Situation
from .operators import OPERATORS, operators_of
from .parameters import check_words as check_parameter_words
from .policy import CONTRACT_FILE, OUTCOMES, STATUSES, Policy, fields_resting_on, normalise
from .scenario import ScenarioError, validate_scenario
from .source import Lines, Location

TABLE_FIELD_TYPES = {
    "rows": ("choice", "boolean"),
    "columns": ("choice", "boolean", "integer"),
    "split": ("choice", "boolean"),
}
"""What a table can show along each axis: every value a heading, or whole numbers as bands
(columns only); a text field has no values to lay out."""


def check_sections(policy: Policy, locations: dict[str, Location], lines: Lines) -> None:
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
            check_consequence(policy, consequence, here + ("consequences", index), lines)
        for index, table in enumerate(section.get("tables", [])):
            check_table(policy, table, here + ("tables", index), lines)
            if table["situation"] in tabulated:
                raise lines.error(
                    here + ("tables", index, "situation"),
                    f"situationen '{table['situation']}' har redan en tabell (i avsnittet '{tabulated[table['situation']]}'); "
                    "tabellens adress (tabell-situation) måste vara unik.",
                )
            tabulated[table["situation"]] = section_id


def check_table(policy: Policy, table: dict[str, Any], here: Location, lines: Lines) -> None:
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


def check_consequence(policy: Policy, consequence: dict[str, Any], here: Location, lines: Lines) -> None:
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
        if field_ is None or not field_.fits(value):
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


def check_quote(policy: Policy, section_id: str, quote: str, here: Location, lines: Lines, who: str) -> None:
    """A quote must stand word for word (white space folded) in the section it names."""
    if section_id not in policy.sections:
        raise lines.error(here, f"{who} hänvisar till avsnittet '{section_id}', som inte finns.")
    if normalise(quote) not in normalise(policy.sections[section_id].get("text", "")):
        raise lines.error(here, f"{who} citerar en mening som inte står i avsnittet '{section_id}': \"{quote[:60]}\".")


def check_alternatives(policy: Policy, lines: Lines) -> None:
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
                check_rule(variant, rule, at + ("rules", number), lines)
        chosen = item.get("chosen")
        if chosen is not None and chosen not in ids:
            allowed = ", ".join(ids) or "inga; ett alternativ som kan väljas har ett id"
            raise lines.error(
                here + ("chosen",),
                f"{who} har chosen: '{chosen}', som inte är ett av dess alternativ (tillåtna: {allowed}).",
            )


def check_interpretations(policy: Policy, lines: Lines) -> None:
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
            check_quote(policy, quote["section"], quote["text"], here + ("quotes", index), lines, who)
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


def check_quoted_notes(policy: Policy, lines: Lines) -> None:
    """The situations' reminders and the documentation pointer quote the routine as rules do."""
    for position, situation in enumerate(policy.data["situations"]):
        for index, reminder in enumerate(situation.get("reminders", [])):
            here = ("situations", position, "reminders", index)
            who = f"påminnelsen i situationen '{situation['id']}'"
            check_quote(policy, reminder["section"], reminder["quote"], here + ("quote",), lines, who)
            for field_id, condition in reminder.get("when", {}).items():
                check_condition(
                    policy.situations[situation["id"]], field_id, condition, here + ("when", field_id), lines, who
                )
    documentation = policy.data["documentation"]
    check_quote(policy, documentation["section"], documentation["quote"], ("documentation",), lines, "documentation")


def check_renamed(policy: Policy, lines: Lines) -> None:
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


def check_owner_questions(policy: Policy, lines: Lines) -> None:
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
            check_condition(situation, field_id, condition, here + ("when", field_id), lines, item["id"])
        for index, quote in enumerate(item.get("quotes", [])):
            where = here + ("quotes", index)
            check_quote(policy, quote["section"], quote["text"], where + ("text",), lines, f"frågan '{item['id']}'")


def check_rule(policy: Policy, rule: dict[str, Any], here: Location, lines: Lines) -> None:
    """A rule names known sections, fields, values and readings, and quotes its section verbatim."""
    rule_id = rule["id"]
    if rule["section"] not in policy.sections:
        raise lines.error(
            here + ("section",), f"regeln '{rule_id}' hänvisar till avsnittet '{rule['section']}', som inte finns."
        )
    for index, quote in enumerate(rule["quote"]):
        check_quote(policy, rule["section"], quote, here + ("quote", index), lines, f"regeln '{rule_id}'")
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
        check_condition(situation, field_id, condition, here + ("when", field_id), lines, rule_id)
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


def check_condition(
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
        if operator.operand == "number" and field_.open:
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
            if not field_.fits(value):
                allowed = field_.allowed_words()
                raise lines.error(
                    here,
                    f"regeln '{rule_id}': värdet {value!r} finns inte för fältet '{field_id}' (tillåtna: {allowed}).",
                )


def check_contract(policy: Policy, lines: Lines) -> None:
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


def check_examples(policy: Policy, lines: Lines) -> None:
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


def check_as_written(policy: Policy, section_locations: dict[str, Location], lines: Lines) -> None:
    """What must hold of the policy as the file writes it (before any reading's choice is applied)."""
    check_contract(policy, lines)
    check_sections(policy, section_locations, lines)
    check_parameter_words(policy.sections, policy.data, lines)
    for position, rule in enumerate(policy.data["rules"]):
        check_rule(policy, rule, ("rules", position), lines)
    check_alternatives(policy, lines)
    check_interpretations(policy, lines)
    check_quoted_notes(policy, lines)


def check_in_force(policy: Policy, written: Policy, lines: Lines) -> None:
    """What must hold once the readings' choices are applied (``written``: the policy as the file
    writes it, where renamed ids and examples are checked)."""
    check_owner_questions(policy, lines)
    check_renamed(written, lines)
    check_examples(written, lines)
