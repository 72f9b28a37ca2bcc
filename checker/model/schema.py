"""The shape every policy file must have, checked strictly before anything uses it.

Unknown keys are errors (a misspelt key would otherwise be ignored without a word), and
every error names the line and says in one sentence what is wrong. The schema describes
only the structure of a policy; the routine itself is the policy's data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .operators import OPERATORS
from .source import Lines, Location

TYPE_NAMES = {str: "text", bool: "sant/falskt", int: "heltal", list: "lista", dict: "nyckel–värde-tabell"}


class Spec:
    """One kind of value in the policy; ``check`` raises a located PolicyError."""

    def check(self, value: Any, location: Location, lines: Lines) -> None:
        raise NotImplementedError


def _describe(location: Location) -> str:
    return ".".join(str(part) for part in location) or "filen"


@dataclass
class Scalar(Spec):
    kind: type
    nullable: bool = False
    blank: bool = False
    """Whether a text may be empty (only where an empty text is itself the point)."""

    def check(self, value: Any, location: Location, lines: Lines) -> None:
        if value is None and self.nullable:
            return
        matches = isinstance(value, self.kind) and not (self.kind is int and isinstance(value, bool))
        if not matches or (self.kind is str and not self.blank and not value.strip()):
            wanted = TYPE_NAMES[self.kind]
            raise lines.error(location, f"'{_describe(location)}' ska vara {wanted}, inte {value!r}.")


@dataclass
class ListOf(Spec):
    item: Spec
    min_items: int = 0

    def check(self, value: Any, location: Location, lines: Lines) -> None:
        if not isinstance(value, list):
            raise lines.error(location, f"'{_describe(location)}' ska vara en lista.")
        if len(value) < self.min_items:
            raise lines.error(location, f"'{_describe(location)}' får inte vara tom.")
        for index, item in enumerate(value):
            self.item.check(item, location + (index,), lines)


@dataclass
class Record(Spec):
    """A mapping with known keys; ``optional`` keys may be left out."""

    required: dict[str, Spec]
    optional: dict[str, Spec] = field(default_factory=dict)

    def check(self, value: Any, location: Location, lines: Lines) -> None:
        if not isinstance(value, dict):
            raise lines.error(location, f"'{_describe(location)}' ska vara en nyckel–värde-tabell.")
        known = {**self.required, **self.optional}
        for key in value:
            if key not in known:
                allowed = ", ".join(known)
                raise lines.error(
                    location + (key,),
                    f"okänd nyckel '{key}' i '{_describe(location)}' (tillåtna: {allowed}).",
                )
        for key in self.required:
            if key not in value:
                raise lines.error(location, f"'{_describe(location)}' saknar nyckeln '{key}'.")
        for key, spec in known.items():
            if key in value:
                spec.check(value[key], location + (key,), lines)


@dataclass
class MapOf(Spec):
    """A mapping whose keys are chosen by the policy (ids), each value of one kind."""

    value: Spec

    def check(self, value: Any, location: Location, lines: Lines) -> None:
        if not isinstance(value, dict):
            raise lines.error(location, f"'{_describe(location)}' ska vara en nyckel–värde-tabell.")
        for key, item in value.items():
            self.value.check(item, location + (key,), lines)


class AnyScalar(Spec):
    """A plain value in a condition or scenario: text, number or true/false."""

    def check(self, value: Any, location: Location, lines: Lines) -> None:
        if not isinstance(value, (str, int, bool)):
            raise lines.error(location, f"'{_describe(location)}' ska vara ett enkelt värde, inte {value!r}.")


OPERANDS: dict[str, Spec] = {
    "value": AnyScalar(),
    "values": ListOf(AnyScalar(), min_items=1),
    "number": Scalar(int),
    "flag": Scalar(bool),
    "field": Scalar(str),
}
"""What may follow an operator, by the kind of operand it takes (see checker.model.operators)."""


class Condition(Spec):
    """A rule condition: a plain value (equals) or a mapping of the operators in the table."""

    OPERATORS = Record({}, {name: OPERANDS[operator.operand] for name, operator in OPERATORS.items()})

    def check(self, value: Any, location: Location, lines: Lines) -> None:
        if isinstance(value, dict):
            if not value:
                raise lines.error(location, f"villkoret '{_describe(location)}' är tomt.")
            self.OPERATORS.check(value, location, lines)
        else:
            AnyScalar().check(value, location, lines)


class ValueList(Spec):
    """A field's allowed values: the name of a shared list, or items (a value or ``from``)."""

    ITEM = Record(
        {}, {"id": Scalar(str), "label": Scalar(str), "help": Scalar(str), "from": Scalar(str), "proper": Scalar(bool)}
    )

    def check(self, value: Any, location: Location, lines: Lines) -> None:
        if isinstance(value, str):
            return
        ListOf(self.ITEM, min_items=1).check(value, location, lines)
        for index, item in enumerate(value):
            if ("from" in item) == ("id" in item):
                raise lines.error(location + (index,), "ett värde ska ha antingen 'id' och 'label' eller 'from'.")
            if "id" in item and "label" not in item:
                raise lines.error(location + (index,), f"värdet '{item['id']}' saknar 'label'.")


TEXT = Scalar(str)
OPTIONAL_TEXT = Scalar(str, nullable=True)
TEXTS = ListOf(TEXT)

VALUE = Record({"id": TEXT, "label": TEXT}, {"help": TEXT, "proper": Scalar(bool)})
"""proper: the label is a name ("Teams", "LifeCare") and keeps its capital inside a sentence."""

FIELD = Record(
    {"id": TEXT, "label": TEXT, "type": TEXT},
    {
        "help": TEXT,
        "values": ValueList(),
        "default": AnyScalar(),
        "min": Scalar(int),
        "max": Scalar(int),
        "max_length": Scalar(int),
        "unit": TEXT,
        "when_true": TEXT,
        "when_false": TEXT,
        "other_examples": TEXTS,
        "optional": Scalar(bool),
        "phrase": TEXT,
        "fixed": Scalar(bool),
        "ignore_case": Scalar(bool),
        "hint_note": TEXT,
        # rests_on: readings of the routine that live on how the field is read (ignore_case),
        # not on a rule; an alternative of such a reading says how it would read the field.
        "rests_on": TEXTS,
        # reading_examples: texts the field's reading takes as another value ("REGHALLAND" as
        # "RegHalland"), so that the whole space also holds the cases the reading decides.
        "reading_examples": ListOf(Scalar(str, blank=True), min_items=1),
    },
)

REMINDER = Record({"text": TEXT, "section": TEXT, "quote": TEXT}, {"when": MapOf(Condition())})
"""What the routine requires that staff must see beside a situation's verdicts (e.g. how to
call the patient), with the sentence it rests on (checked word for word). ``when``: the
scenarios it applies to, written as a rule's conditions; without it, every verdict of the
situation. A reminder is shown only where it applies (checker.engine.coherence proves it)."""

SITUATION = Record(
    {"id": TEXT, "label": TEXT, "question": TEXT, "sections": ListOf(TEXT, min_items=1)},
    {"help": TEXT, "fields": ListOf(FIELD), "reminders": ListOf(REMINDER)},
)

CONSENT = Record(
    # documented_in_journal: null where the routine does not say whether to document.
    {"required": Scalar(bool), "method": OPTIONAL_TEXT, "documented_in_journal": Scalar(bool, nullable=True)},
    {"journal_text": OPTIONAL_TEXT},
)

MESSAGE = Record({"title": TEXT, "text": TEXT})

EXAMPLE = Record(
    {
        "name": TEXT,
        "scenario": MapOf(AnyScalar()),
        "expect": Record(
            {"outcome": TEXT},
            {
                "rules": TEXTS,
                "consent": Record({}, {**CONSENT.required, **CONSENT.optional}),  # any part of a verdict's consent
                "hints": TEXTS,
            },
        ),
    },
)

RULE = Record(
    {
        "id": TEXT,
        "section": TEXT,
        "quote": ListOf(TEXT, min_items=1),
        "situation": TEXT,
        "then": Record(
            {"outcome": TEXT, "says": TEXT},
            # documentation: what the rule says is recorded (e.g. in Cosmic) where the routine says
            # so in its own words; it replaces the verdict's default sentence on documentation.
            {"consent": CONSENT, "conditions": TEXTS, "messages": ListOf(MESSAGE), "see": TEXTS, "documentation": TEXT},
        ),
    },
    {
        "when": MapOf(Condition()),
        "overrides": TEXTS,
        "examples": ListOf(EXAMPLE),
        "note": TEXT,
        "rests_on": TEXTS,
        "label": TEXT,
    },
)

JOURNAL_PHRASES = Record(
    {
        "words": TEXTS,
        "entry": TEXTS,
        "no_entry": TEXTS,
        "open": TEXTS,
        "not_documentation": TEXTS,
    }
)
"""How a line speaks of the journal: ``words`` mark a line that does; each such line must hold a
phrase saying that an entry is made (``entry``), that none is (``no_entry``), that the routine
does not say (``open``), or that it speaks of the journal otherwise (``not_documentation``:
reading one's journal in 1177.se). The longest phrase found decides."""

QUOTE = Record({"section": TEXT, "text": TEXT})
"""A sentence of the routine, with the section it stands in (checked word for word)."""

ALTERNATIVE_RULE = Record(RULE.required, {key: spec for key, spec in RULE.optional.items() if key != "examples"})
"""A rule an alternative would use: a rule like any other, without examples (it is not in force)."""

FIELD_READING = Record({"situation": TEXT, "field": TEXT}, {"ignore_case": Scalar(bool)})
"""How an alternative would read a field instead (for a reading that lives on a field)."""

ALTERNATIVE = Record(
    {"id": TEXT, "text": TEXT},
    # rules: what the policy would decide instead, in place of every rule resting on the
    # reading ([]: those rules dropped, the routine then does not decide). Without rules the
    # rules resting on the reading stay: the alternative is wording only, unless `fields`
    # says how it would read a field instead (a reading that lives on a field's rests_on).
    {"rules": ListOf(ALTERNATIVE_RULE), "fields": ListOf(FIELD_READING, min_items=1)},
)

INTERPRETATION = Record(
    {
        "id": TEXT,
        "question": TEXT,
        "reading": TEXT,
        "alternatives": ListOf(ALTERNATIVE, min_items=1),
        "quotes": ListOf(QUOTE, min_items=1),
        "status": TEXT,
    },
    # confirmed: who confirmed the reading and when; only with status confirmed.
    # chosen: the alternative the owner chose instead of the reading (null: the reading).
    {
        # fingerprint, parts: written by `python -m checker confirm` (checker.model.confirmation), never by hand.
        "confirmed": Record(
            {"date": TEXT, "by": TEXT},
            {"fingerprint": TEXT, "parts": MapOf(TEXT), "words": Record({"question": TEXT, "reading": TEXT})},
        ),
        # comment: the owner's comment saved on Tolkningar, written by `confirm --from`.
        "comment": Record({"date": TEXT, "by": TEXT, "text": TEXT}),
        "note": TEXT,
        "chosen": OPTIONAL_TEXT,
    },
)

OWNER_QUESTION = Record(
    {"id": TEXT, "question": TEXT, "situation": TEXT, "sections": ListOf(TEXT, min_items=1)},
    # quotes: the routine's sentences the question is about, word for word (shown on the page).
    {"when": MapOf(Condition()), "note": TEXT, "quotes": ListOf(QUOTE, min_items=1)},
)

CONSEQUENCE = Record(
    # says: a sentence with {values}, the values of `over` for which every value of
    # `for_every` gets `outcome` (the other fields as in `when`, or at their defaults).
    {"says": TEXT, "situation": TEXT, "over": TEXT, "for_every": TEXT, "outcome": TEXT},
    {"when": MapOf(AnyScalar())},
)


class OneOrMore(Spec):
    """A plain value, or a list of them (each one meant)."""

    def check(self, value: Any, location: Location, lines: Lines) -> None:
        (ListOf(AnyScalar(), min_items=1) if isinstance(value, list) else AnyScalar()).check(value, location, lines)


class Change(Spec):
    """How a property changes its field: ``increasing`` (a whole number, every value to every
    higher one) or ``{from: …, to: …}`` (each value, or list of values, to each other one)."""

    STEP = Record({"from": OneOrMore(), "to": OneOrMore()})

    def check(self, value: Any, location: Location, lines: Lines) -> None:
        if isinstance(value, dict):
            self.STEP.check(value, location, lines)
        elif value != "increasing":
            raise lines.error(
                location,
                f"'{_describe(location)}' ska vara increasing eller {{from: …, to: …}}, inte {value!r}.",
            )


PROPERTY = Record(
    # A sentence the routine's owner signs ("says") and its machine form, proven over every
    # scenario by `python -m checker verify` (checker.engine.proofs): in `situation` (without it:
    # every situation that has the field), where `when` holds, changing `field` as `change`
    # says never makes the outcome `never` (stricter or more_permissive).
    # at_most instead of field, change and never: in every scenario of `situation` where `when`
    # holds, the outcome is never stricter than `at_most`.
    {"id": TEXT, "says": TEXT},
    {
        "field": TEXT,
        "change": Change(),
        "never": TEXT,
        "at_most": TEXT,
        "situation": TEXT,
        "when": MapOf(Condition()),
        "note": TEXT,
    },
)

TABLE = Record(
    # An overview the engine computes on the section's page: one situation's `rows` field
    # against its `columns` field, one table per value of `split`; consent: also list the
    # consent and journal text of every allowed cell that asks for consent.
    {"caption": TEXT, "situation": TEXT, "rows": TEXT, "columns": TEXT},
    {"split": TEXT, "consent": Scalar(bool)},
)

SECTION = Record(
    {"id": TEXT, "title": TEXT},
    {
        "text": TEXT,
        "normative": TEXTS,
        "not_decided_here": ListOf(Record({"sentence": TEXT, "why": TEXT})),
        "see": TEXTS,
        "consequences": ListOf(CONSEQUENCE),
        "tables": ListOf(TABLE),
    },
)
SECTION.optional["sections"] = ListOf(SECTION)  # sections nest: a section may have subsections

CHANGE = Record(
    {"version": TEXT, "date": OPTIONAL_TEXT, "before": OPTIONAL_TEXT, "parts": ListOf(TEXT), "entry": Scalar(int)}
)
"""A scenario whose answer the current version changed (compiled in, see checker.versions)."""

ROUTINE_TEXT = Record(
    # How the routine's plain text is read (checker.revision): the words that make a sentence
    # normative, and text the routine prints outside its sections (kept elsewhere in the policy).
    {"normative_markers": ListOf(TEXT, min_items=1)},
    # change_log: the titles of the routine's change log, which no rule needs (checker.revision).
    {
        "outside_sections": ListOf(Record({"text": TEXT, "why": TEXT})),
        "change_log": ListOf(Record({"title": TEXT, "why": TEXT})),
    },
)

PARAMETER = Record(
    # A value the routine states, with its words (checker.model.parameters): a number or a list.
    # uses: written when the policy loads (where the rules name it), kept in the compiled policy.
    {"id": TEXT, "label": TEXT, "section": TEXT, "quotes": ListOf(TEXT, min_items=1)},
    {"value": Scalar(int), "items": MapOf(TEXT), "uses": ListOf(ListOf(TEXT))},
)

POLICY = Record(
    {
        "meta": Record(
            {
                "title": TEXT,
                "organisation": TEXT,
                "approved": TEXT,
                "version": TEXT,
                "history": ListOf(Record({"date": OPTIONAL_TEXT, "change": TEXT}), min_items=1),
            },
            # applies_from: the day this policy version applies from; review_by: the routine's
            # next review, set by its owner (null until set); source: the routine's text it follows.
            {
                "approved_by": TEXT,
                "policy_changes": ListOf(Record({"version": TEXT, "date": TEXT, "change": TEXT})),
                "applies_from": TEXT,
                "review_by": OPTIONAL_TEXT,
                "source": TEXT,
            },
        ),
        "texts": MapOf(MapOf(TEXT)),
        "links": Record({"rule": TEXT, "section": TEXT, "interpretation": TEXT, "change": TEXT}),
        "references": ListOf(Record({"id": TEXT, "title": TEXT}, {"url": OPTIONAL_TEXT, "note": TEXT, "phrase": TEXT})),
        "glossary": ListOf(Record({"term": TEXT, "definition": TEXT})),
        "values": MapOf(ListOf(VALUE, min_items=1)),
        "situations": ListOf(SITUATION, min_items=1),
        "sections": ListOf(SECTION, min_items=1),
        "rules": ListOf(RULE, min_items=1),
        # Where the routine says how documentation is done when a verdict asks for no journal
        # text: every verdict answers "what do I write in the journal?" (engine.documentation).
        # journal: the phrases by which a line of a verdict speaks of the journal, sorted by what
        # they say (checker.engine.coherence: every line of a verdict gives one answer about the journal).
        # (optional, so that policies published before it still load for `diff`.)
        "documentation": Record({"section": TEXT, "quote": TEXT}, {"journal": JOURNAL_PHRASES}),
    },
    # changes: written by `python -m checker compile` (see checker.versions.diff.change_index), never by hand.
    {
        "examples": ListOf(EXAMPLE),
        "generated": TEXT,
        "interpretations": ListOf(INTERPRETATION),
        "changes": MapOf(CHANGE),
        "owner_questions": ListOf(OWNER_QUESTION),
        "routine_text": ROUTINE_TEXT,
        "parameters": ListOf(PARAMETER),
        # renamed: rule and section ids that were published and renamed; their old anchors keep working.
        "renamed": ListOf(Record({"old": TEXT, "new": TEXT})),
        # properties: sentences about every answer, each proven by verify (checker.engine.proofs).
        "properties": ListOf(PROPERTY),
    },
)
