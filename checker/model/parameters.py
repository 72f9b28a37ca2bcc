"""Values the routine states, with the words that state them (OpenFisca's parameters, bound to the text).

A number or a closed list that the routine states — an age limit, the systems approved for a
purpose, a sender's length — stands once under ``parameters`` in policy.yaml, with the
sentences that state it, and the rules use it by name::

    parameters:
      - id: ombud-alder
        label: Åldern då vårdnadshavaren inte längre är ombud
        section: barn
        quotes: [Vårdnadshavare kan vara ombud för barn under 13 år.]
        value: 13                              # a number: each quote states it
      - id: system-for-text
        label: …
        section: …
        quotes: ["För att kommunicera i text … är följande regionala system godkända:"]
        items: {"1177": 1177.se (inkl. stöd och behandling), platform24: Platform24 (Clinic24)}
                                                # a list: the value ids, each with its words,
                                                # the list items after the (one) quote
    rules:
      - when: {patient_age: {below: {parameter: ombud-alder}}}   # a field of the rule's situation

Loading replaces each ``{parameter: id}`` in a rule's ``when`` by the value before anything
else reads the rules (the engine never sees a name) and records where it stood (``uses``,
kept in the compiled policy), so that the owner's desk can decide every scenario again under
a new value. The build checks that the words still state the value; the desk reads the new
value from a new text with the same words (:func:`value_in_text`).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from typing import Any

from .source import Lines, Location

REFERENCE = "parameter"


def _is_reference(operand: Any) -> bool:
    return isinstance(operand, dict) and list(operand) == [REFERENCE]


def value_of(parameter: dict[str, Any]) -> int | list[str]:
    """The parameter's value: its number, or the ids of its list in order."""
    return parameter["value"] if "value" in parameter else list(parameter["items"])


def resolve(data: dict[str, Any], lines: Lines) -> None:
    """Put each parameter's value where a rule names it, and record the place in ``uses``
    (rule id, field, operator). A compiled policy has values already and keeps its uses."""
    parameters = data.get("parameters")
    if not isinstance(parameters, list):
        return
    known: dict[str, dict[str, Any]] = {}
    for position, parameter in enumerate(parameters):
        here: Location = ("parameters", position)
        if not isinstance(parameter, dict) or not isinstance(parameter.get("id"), str):
            raise lines.error(here, "ett värde under 'parameters' behöver ett id.")
        if ("value" in parameter) == ("items" in parameter):
            raise lines.error(
                here, f"värdet '{parameter['id']}' ska ha antingen 'value' (ett tal) eller 'items' (en lista)."
            )
        if "value" in parameter and (isinstance(parameter["value"], bool) or not isinstance(parameter["value"], int)):
            raise lines.error(here + ("value",), f"värdet '{parameter['id']}' ska vara ett heltal.")
        if "items" in parameter and not isinstance(parameter["items"], dict):
            raise lines.error(
                here + ("items",), f"listan i värdet '{parameter['id']}' ska ha ett id och dess ord på varje rad."
            )
        if parameter["id"] in known:
            raise lines.error(here + ("id",), f"värdet '{parameter['id']}' står två gånger under 'parameters'.")
        known[parameter["id"]] = parameter
    found: dict[str, list[list[str]]] = {}
    rule_lists: list[tuple[Any, ...]] = [("rules",)]
    # A damaged shape (a reading that is no mapping, rules that are no list) is skipped here:
    # the schema names it with its line once the references are in place.
    interpretations = data.get("interpretations")
    rule_lists += [
        ("interpretations", index, "alternatives", other, "rules")
        for index, item in enumerate(interpretations if isinstance(interpretations, list) else [])
        if isinstance(item, dict) and isinstance(item.get("alternatives"), list)
        for other, alternative in enumerate(item["alternatives"])
        if isinstance(alternative, dict) and "rules" in alternative
    ]
    for path in rule_lists:
        rules: Any = data
        for key in path:
            rules = rules[key]
        if not isinstance(rules, list):
            continue
        for position, rule in enumerate(rules):
            when = rule.get("when") if isinstance(rule, dict) else None
            for field_id, condition in (when if isinstance(when, dict) else {}).items():
                if not isinstance(condition, dict):
                    continue
                for operator, operand in condition.items():
                    if not _is_reference(operand):
                        continue
                    name = operand[REFERENCE]
                    if name not in known:
                        raise lines.error(
                            (*path, position, "when", field_id, operator),
                            f"regeln '{rule.get('id')}' använder värdet '{name}', som inte finns under 'parameters' "
                            f"(finns: {', '.join(known) or 'inga'}).",
                        )
                    condition[operator] = copy.deepcopy(value_of(known[name]))
                    found.setdefault(name, []).append([rule.get("id"), field_id, operator])
    for name, parameter in known.items():
        if name in found:
            parameter["uses"] = found[name]


def check_words(sections: dict[str, dict[str, Any]], data: dict[str, Any], lines: Lines) -> None:
    """Each parameter's quotes stand in its section, and still state its value: the number in
    each quote, the list's items (their words, in order) right after the quote."""
    for position, parameter in enumerate(data.get("parameters", [])):
        here: Location = ("parameters", position)
        name = parameter["id"]
        section = sections.get(parameter["section"])
        if section is None:
            raise lines.error(
                here + ("section",),
                f"värdet '{name}' hänvisar till avsnittet '{parameter['section']}', som inte finns.",
            )
        if not parameter.get("uses"):
            raise lines.error(here, f"värdet '{name}' används inte av någon regel.")
        text = " ".join(section.get("text", "").split())
        for index, quote in enumerate(parameter["quotes"]):
            if " ".join(quote.split()) not in text:
                raise lines.error(
                    here + ("quotes", index),
                    f"värdet '{name}': citatet står inte i avsnittet '{parameter['section']}'.",
                )
            if "value" in parameter and numbers_in(quote).count(parameter["value"]) == 0:
                raise lines.error(
                    here + ("quotes", index),
                    f"värdet '{name}' är {parameter['value']}, men citatet säger inte {parameter['value']}.",
                )
        if "items" in parameter:
            stated = list_after(section.get("text", ""), parameter["quotes"][0])
            words = [" ".join(item.split()) for item in parameter["items"].values()]
            if stated != words:
                raise lines.error(
                    here + ("items",),
                    f"värdet '{name}': listan i avsnittet är {stated}, men 'items' säger {words}.",
                )


def numbers_in(text: str) -> list[int]:
    return [int(number) for number in re.findall(r"(?<![\d.,])\d+(?![\d.,]\d)", text)]


def _lines_of(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines()]


ITEM_MAX_WORDS = 14


def list_after(text: str, quote: str, headings: Iterable[str] = ()) -> list[str] | None:
    """The list items that follow ``quote`` in ``text`` ("- " items in policy.yaml, or short
    lines in a routine's text), or None when the quote is not there. A list ends at a long
    line, at a line with a sentence in it, at one of ``headings`` (a Word document's), and at
    a blank line after its items, unless the text sets a blank line between every paragraph
    (as a Word document's text does: a blank line before the first item too)."""
    joined = " ".join(quote.split())
    lines = _lines_of(text)
    titles = {" ".join(heading.split()) for heading in headings}
    for index in range(len(lines)):
        for end in range(index + 1, min(len(lines), index + 8) + 1):
            if " ".join(line for line in lines[index:end] if line) == joined:
                return _items(lines[end:], titles)
            if len(" ".join(lines[index:end])) > len(joined):
                break
    return None


def _items(lines: list[str], titles: set[str]) -> list[str]:
    items: list[str] = []
    spaced = dashed = False
    for line in lines:
        if not line:
            if items and (dashed or not spaced):
                break
            spaced = spaced or not items
            continue
        if line in titles or (items and dashed != line.startswith("- ")):
            break
        dashed = dashed or (not items and line.startswith("- "))
        item = line[2:] if dashed else line
        if len(item.split()) > ITEM_MAX_WORDS or re.search(r"[.!?:](\s+[A-ZÅÄÖ]|$)", item):
            break
        items.append(item)
    return items


def value_in_text(parameter: dict[str, Any], text: str, headings: Iterable[str] = ()) -> int | list[str] | None:
    """The parameter's value as a new text states it, or None when its words are not there
    as they were (the quotes with only the number changed, or the quote and a list of items)
    or the quotes disagree. A list item whose words are unknown is kept as its words."""
    flat = " ".join(text.split())
    if "value" in parameter:
        found: set[int] = set()
        for quote in parameter["quotes"]:
            tokens = re.split(rf"(?<![\d.,]){parameter['value']}(?![\d.,]\d)", " ".join(quote.split()))
            pattern = r"(\d+)".join(re.escape(part) for part in tokens)
            match = re.search(pattern, flat)
            if match is None:
                return None
            found.update(int(group) for group in match.groups())
        return found.pop() if len(found) == 1 else None
    stated = list_after(text, parameter["quotes"][0], headings)
    if stated is None:
        return None
    by_words = {" ".join(words.split()): value_id for value_id, words in parameter["items"].items()}
    return [by_words.get(item, item) for item in stated]
