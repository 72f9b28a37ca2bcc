"""policy.yaml is complete, consistent and faithful to the routine it encodes.

The examples beside the rules are the routine's test cases (as OpenFisca keeps YAML tests
beside its parameters); verify proves there are no conflicts; traceability runs both ways
between the routine's normative sentences and the rules that cite them.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any

import pytest

from checker import Policy, check, load_policy
from checker.engine.verify import Report, consequence_values, question_claims, verify
from checker.model.operators import operators_of
from checker.model.policy import normalise
from checker.revision.align import normative_pattern, sentences
from checker.versions.alternatives import alternative_impact
from checker.versions.records import Version

ROOT = Path(__file__).resolve().parent.parent
POLICY = load_policy(ROOT / "policy.yaml")
SEED = ROOT / POLICY.data["meta"]["source"]  # the routine's text the policy follows, under source/
EXAMPLES = list(POLICY.examples())
MAX_QUESTIONS = 40
"""Open questions stay a list the owner can answer in one sitting; each asks one thing
(issue 18), so a gap over several values is several questions."""


@pytest.mark.parametrize("rule_id, example", EXAMPLES, ids=[example["name"] for _, example in EXAMPLES])
def test_example(policy: Policy, rule_id: str | None, example: dict[str, Any]) -> None:
    verdict = check(policy, example["scenario"])
    expect = example["expect"]
    assert verdict["outcome"] == expect["outcome"]
    if "rules" in expect:
        assert verdict["rules"] == expect["rules"]
    if "consent" in expect:
        assert verdict["consent"] is not None
        for key, value in expect["consent"].items():
            assert verdict["consent"][key] == value, key
    if "hints" in expect:
        assert verdict["hints"] == expect["hints"]
    if rule_id is not None and expect["outcome"] == verdict["outcome"]:
        assert rule_id in verdict["rules"] or expect.get("rules") is not None


def test_every_rule_is_exercised_by_an_example_that_it_decides(policy: Policy) -> None:
    decided = {rule for _, example in policy.examples() for rule in check(policy, example["scenario"])["rules"]}
    assert set(policy.rules) - decided == set()


def test_every_age_boundary_is_an_example_on_both_sides(policy: Policy) -> None:
    ages = {
        example["scenario"]["child_age"]
        for _, example in policy.examples()
        if example["scenario"]["situation"] == "proxy"
    }
    assert {0, 12, 13, 15, 16, 17} <= ages


def test_verify_finds_no_conflict_and_no_shadowed_rule(verified: Report) -> None:
    report = verified
    assert report.conflicts == []
    assert report.unreachable == []
    assert sum(report.outcomes.values()) == report.scenarios


def test_every_not_covered_scenario_belongs_to_exactly_one_owner_question(policy: Policy, verified: Report) -> None:
    report = verified
    questions = policy.data["owner_questions"]
    assert 0 < len(questions) <= MAX_QUESTIONS
    for item in report.not_covered:
        claiming = [question["id"] for question in questions if question_claims(policy, question, item["scenario"])]
        assert len(claiming) == 1, (item["scenario"], claiming)
    assert sum(len(question["scenarios"]) for question in report.questions) == len(report.not_covered)
    assert report.unasked == [] and report.idle_questions == []


def test_a_gap_no_question_asks_fails_verify(tmp_path: Path) -> None:
    text = (ROOT / "policy.yaml").read_text(encoding="utf-8")
    start = text.index("  - id: suicidal-patient-i-chatt\n")
    end = text.index("  - id: andra-onskemal-i-chatten\n")
    path = tmp_path / "policy.yaml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    report = verify(load_policy(path))
    assert not report.ok
    assert [item["scenario"] for item in report.unasked] == [{"situation": "suicidal_chat"}]


def test_the_two_journal_rules_leave_13_to_15_year_olds_without_journal(policy: Policy) -> None:
    """Not a gap: a consequence of two rules, computed and stated on the Barn page."""
    consequence = policy.sections["barn"]["consequences"][0]
    assert consequence_values(policy, consequence) == [13, 14, 15]


def test_every_interpretation_is_quoted_and_has_an_impact_or_says_why_not(policy: Policy, in_force: Version) -> None:
    assert len(policy.interpretations) >= 10
    for interpretation_id, item in policy.interpretations.items():
        for alternative in item["alternatives"]:
            impact = alternative_impact(policy, interpretation_id, alternative["id"], in_force)
            wording_only = "rules" not in alternative and "fields" not in alternative
            assert (impact is None) == wording_only, alternative["id"]
    assert alternative_impact(policy, "ombud-bara-under-13", "ombud-fran-13-avgors-inte", in_force)["scenarios"] == 30


def test_a_conflict_is_reported_with_both_rules(tmp_path: Path) -> None:
    text = (ROOT / "policy.yaml").read_text(encoding="utf-8")
    dropped = "    overrides: [avisering-via-sms, avsandare-annat-kort-namn-avgors-inte]\n"
    assert text.count(dropped) == 1
    text = text.replace(dropped, "    overrides: [avisering-via-sms]\n")
    path = tmp_path / "policy.yaml"
    path.write_text(text, encoding="utf-8")
    report = verify(load_policy(path))
    assert [conflict.rules for conflict in report.conflicts] == [
        ("avsandare-regionen-eller-1177", "avsandare-annat-kort-namn-avgors-inte")
    ]


def test_what_readings_and_verdicts_put_in_quotation_marks_is_the_routines_own_words(policy: Policy) -> None:
    """A passage of three words or more in quotation marks is a quote: it must stand in the
    routine as written (a "bör" must not become a "ska"; letter case aside)."""
    routine = normalise(" ".join(section.get("text", "") for section in policy.sections.values())).casefold()
    texts = [
        text
        for item in policy.data["interpretations"]
        for text in (item["question"], item["reading"], *(other["text"] for other in item["alternatives"]))
    ]
    texts += [rule["then"]["says"] for rule in policy.rules.values()]
    quoted = [found for text in texts for found in re.findall(r'["”]([^"”]+)["”]', text) if len(found.split()) >= 3]
    assert quoted, "no quotation found: the pattern no longer finds the policy's quotation marks"
    assert [found for found in quoted if normalise(found).casefold().rstrip(".") not in routine] == []


def test_every_normative_sentence_is_cited_by_a_rule(policy: Policy) -> None:
    quotes = [normalise(quote) for rule in policy.rules.values() for quote in rule["quote"]]
    uncited = [
        (section_id, sentence)
        for section_id, section in policy.sections.items()
        for sentence in section.get("normative", [])
        if not any(normalise(sentence) in quote or quote in normalise(sentence) for quote in quotes)
    ]
    assert uncited == []


def test_every_sentence_with_a_normative_word_is_marked(policy: Policy) -> None:
    """A sentence with a normative marker (routine_text.normative_markers: ska, måste, får endast,
    krävs, behöver inte …) is either normative (and so cited by a rule) or explicitly not
    decided here, with a reason."""
    normative_words = normative_pattern(policy)
    unmarked = []
    for section_id, section in policy.sections.items():
        marked = [normalise(s) for s in section.get("normative", [])]
        marked += [normalise(item["sentence"]) for item in section.get("not_decided_here", [])]
        for sentence in sentences(section.get("text", "")):
            if normative_words.search(sentence) and not any(m in sentence or sentence in m for m in marked):
                unmarked.append((section_id, sentence))
    assert unmarked == []


def test_every_quote_stands_in_its_section(policy: Policy) -> None:
    for rule in policy.rules.values():
        text = normalise(policy.sections[rule["section"]].get("text", ""))
        for quote in rule["quote"]:
            assert normalise(quote) in text, (rule["id"], quote)


def test_sections_follow_the_routine_in_order(policy: Policy) -> None:
    seed = normalise(SEED.read_text(encoding="utf-8"))
    positions = []
    for section in policy.sections.values():
        title = normalise(section["title"])
        probe = title.split(" (")[0] if title not in seed else title
        assert probe in seed, title
        positions.append(seed.index(probe, positions[-1] if positions else 0))
    assert positions == sorted(positions)


def test_section_texts_are_the_routines_words(policy: Policy) -> None:
    """Every sentence of every section stands in the routine (the seed), word for word."""
    seed = normalise(SEED.read_text(encoding="utf-8").replace("•", ""))
    for section in policy.sections.values():
        for sentence in sentences(section.get("text", "")):
            assert sentence.strip("”") in seed, sentence


@pytest.mark.parametrize(
    "text",
    [
        "I samtycke med patient fortsätter samtalet på telefon",
        "Exempel på fråga",
        "Exempel på meddelande",
    ],
)
def test_the_fixed_texts_are_kept_verbatim(policy: Policy, text: str) -> None:
    rendered = [rule["then"] for rule in policy.rules.values()]
    in_rules = any(
        text == then.get("consent", {}).get("journal_text")
        or any(message["title"] == text for message in then.get("messages", []))
        for then in rendered
    )
    assert in_rules


def test_example_messages_are_the_routines_words(policy: Policy) -> None:
    """The routine has two example messages; a rule may offer one of them again (calling in a
    very urgent case offers the same telephone message as calling for added value)."""
    seed = normalise(SEED.read_text(encoding="utf-8"))
    messages = {message["text"] for rule in policy.rules.values() for message in rule["then"].get("messages", [])}
    assert len(messages) == 2
    for message in messages:
        assert normalise(message) in seed


def test_metadata_and_history(policy: Policy) -> None:
    meta = policy.data["meta"]
    assert meta["organisation"] == "Region Halland" and meta["approved"] == "2023-11-10"
    assert [entry["date"] for entry in meta["history"]] == ["2023-12-19", "2024-03-13", None]
    assert "Överföring och journalföring av bilder och bilagor" in meta["history"][-1]["change"]


def test_references_never_invent_addresses(policy: Policy) -> None:
    for reference in policy.references.values():
        assert reference.get("url") is None or reference["url"].startswith(("/", "https://"))


JS_STRING = re.compile(r"'((?:[^'\\\n]|\\.)*)'|\"((?:[^\"\\\n]|\\.)*)\"|`((?:[^`\\]|\\.)*)`")
"""A string literal in JavaScript: '…', "…" or `…` (a template's text, substitutions and all)."""
JS_COMMENT = re.compile(r"/\*.*?\*/|^\s*//[^\n]*", re.DOTALL | re.MULTILINE)
"""Comments, left out first so that an apostrophe in one does not open a literal."""


def python_literals(path: Path) -> set[str]:
    """Every string in a Python file: literals, the text parts of f-strings, docstrings."""
    return {
        node.value
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }


def javascript_literals(path: Path) -> set[str]:
    code = JS_COMMENT.sub("", path.read_text(encoding="utf-8"))
    return {next(part for part in match.groups() if part is not None) for match in JS_STRING.finditer(code)}


ID_TOKEN = re.compile(r"[A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)*")
"""A word as the routine's ids are written: letters, digits and _, joined by -."""
LINK_VALUE = re.compile(r"=([A-Za-z0-9_-]+)")
"""A value in a link's query (``situation=proxy``)."""
PAGE = re.compile(r"(?<![\w./-])([A-Za-z0-9_-]+)(?:/|\.md\b)")
"""A page's address (``barn/``, ``barn.md``)."""


def ids_named(literal: str, ids: set[str], sections: set[str]) -> set[str]:
    """The routine's ids a string names: the whole string; inside it, an id with - or _ (no
    word of prose or code has one: a rule, a section, a field, a value such as read_journal);
    a plain-word id as a link's value (``situation=proxy``); a section as a page address. A
    plain word alone ("proxy", "system", "action") is left to prose and code."""
    found = {literal} & ids
    found |= {word for word in ID_TOKEN.findall(literal) if word in ids and re.search(r"[-_]", word)}
    found |= {value for value in LINK_VALUE.findall(literal) if value in ids}
    found |= {page for page in PAGE.findall(literal) if page in sections}
    return found


def contract_ids() -> set[str]:
    """The scenario contract's ids (checker/contract.json): a policy without one does not load."""
    contract = json.loads((ROOT / "checker" / "contract.json").read_text(encoding="utf-8"))
    found = set(contract["situations"])
    for fields in contract["situations"].values():
        for field_id, values in fields.items():
            found |= {field_id, *(values if isinstance(values, list) else [])}
    return found


def test_no_routine_knowledge_in_code(policy: Policy) -> None:
    """No code names a situation, field, value, rule or section of the routine: not the engine
    (checker/), not the page generator and the tools (scripts/), not the checker page's
    scripts (docs/javascripts/); not as a string of its own and not inside one (a link, a
    page address, a message). What the routine says stands in policy.yaml only, so renaming
    an id there cannot leave code behind that silently stops matching.

    'consent' and 'message' are also words of the verdict's own shape (the contract's output
    keys: the page script reads ``verdict.consent`` and an error's ``message``), which is why
    they may appear. The bench (scripts/bench_*.py) measures one fixed pre-filled link, the
    contract's own example, so that its runs compare; it may name the contract's ids in it,
    which cannot silently stop matching: a policy without them does not load.
    """
    ids = set(policy.situations) | set(policy.rules) | set(policy.sections)
    for situation in policy.situations.values():
        for field in situation.fields.values():
            ids |= {field.id, *map(str, field.value_ids())}
    ids -= {"consent", "message"}
    sections = set(policy.sections)
    python = sorted((ROOT / "checker").rglob("*.py")) + sorted((ROOT / "scripts").rglob("*.py"))
    javascript = sorted((ROOT / "docs" / "javascripts").rglob("*.js"))
    assert python and javascript
    named = [
        (path.relative_to(ROOT).as_posix(), literal, sorted(found))
        for paths, literals in ((python, python_literals), (javascript, javascript_literals))
        for path in paths
        for literal in sorted(literals(path))
        if (found := ids_named(literal, ids, sections))
        and not (path.name.startswith("bench_") and found <= contract_ids())
    ]
    assert named == []


def test_an_id_inside_a_string_is_found() -> None:
    """The search above finds what it is for, and leaves prose alone."""
    ids, sections = {"proxy", "child_age", "barn", "vardnadshavare-journal-under-13", "system"}, {"barn"}
    assert ids_named("situation=proxy&age=3", ids, sections) == {"proxy"}
    assert ids_named("see vardnadshavare-journal-under-13 here", ids, sections) == {"vardnadshavare-journal-under-13"}
    assert ids_named("{child_age} år", ids, sections) == {"child_age"}
    assert ids_named("barn/#regel-x", ids, sections) == {"barn"}
    assert ids_named("proxy", ids, sections) == {"proxy"}
    assert ids_named("the proxy_temp_path of the system", ids, sections) == set()


def test_every_age_limit_in_a_rule_stands_in_its_quote(policy: Policy) -> None:
    """A named threshold, as OpenFisca and Catala have them: a bound in a condition must be
    the routine's own number, in the sentence the rule quotes; or, where the rule names a
    parameter for it (``{parameter: ombud-alder}``), in the sentences the parameter quotes
    (a rule about rebooking quotes its own section, the age stands in the section on children)."""
    from_parameter = {
        (rule_id, field_id, operator): parameter
        for parameter in policy.data.get("parameters", [])
        for rule_id, field_id, operator in parameter.get("uses", [])
    }
    assert from_parameter, "no rule names a parameter: the test no longer sees parameters"
    checked = 0
    for rule_id, rule in policy.rules.items():
        for field_id, condition in rule.get("when", {}).items():
            if not isinstance(condition, dict):
                continue
            for operator in ("below", "at_least"):
                if operator in condition:
                    number = str(condition[operator])
                    parameter = from_parameter.get((rule_id, field_id, operator))
                    quotes = parameter["quotes"] if parameter else rule["quote"]
                    assert parameter is None or str(parameter["value"]) == number, (rule_id, parameter["id"])
                    assert any(re.search(rf"\b{number}\b", quote) for quote in quotes), (rule_id, number)
                    checked += 1
    assert checked


def test_each_owner_question_asks_one_thing(policy: Policy, verified: Report) -> None:
    """Issue 18: a question names one value of a field, not a list of them to answer at once
    (split by value; verify still gives every open scenario exactly one question)."""
    for question in policy.data["owner_questions"]:
        for field_id, condition in question.get("when", {}).items():
            lists = [operand for name, operand in operators_of(condition).items() if name in ("one_of", "not_one_of")]
            assert not lists, (question["id"], field_id)
    assert verified.ok
