"""The verdict's view model (checker.present.verdict_view): every word the checker page shows for a
verdict is built in Python, and the page's scripts only draw it; form.js carries the texts
the scripts draw themselves and no other."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import ROOT

from checker import Policy, check
from checker.apps import web
from checker.present.verdict_view import (
    answer_words,
    changed_line,
    kept_answers,
    link_answers,
    owner_mail,
    verdict_view,
)

SCRIPTS = ROOT / "docs" / "javascripts" / "kontroll"
ELSEWHERE = "situation=suicidal_chat"
LEFT_OPEN = "situation=proxy&child_age=12&actor=child&action=send_message"
TO_PHONE = "situation=channel&patient_channel=chat&proposed_channel=phone&added_value=true"


@pytest.fixture(scope="module")
def loaded(policy: Policy) -> Iterator[Policy]:
    web.setup(policy.to_json())
    yield web._loaded()


def asked(query: str, linked: bool = True) -> dict[str, Any]:
    return json.loads(web.ask(query, linked))


def test_answer_words_for_each_field_type(policy: Policy) -> None:
    fields = {**policy.situations["proxy"].fields, **policy.situations["sms"].fields}
    assert answer_words(policy, fields["sms_consent"], True) == policy.text("checker_page", "answer_yes")
    assert answer_words(policy, fields["sms_consent"], False) == policy.text("checker_page", "answer_no")
    assert answer_words(policy, fields["actor"], "child") == fields["actor"].value_label("child")
    assert answer_words(policy, fields["child_age"], 12) == "12 år"
    assert answer_words(policy, fields["sender"], "Vårdcentralen") == "”Vårdcentralen”"


def test_your_answers_name_each_answer_the_verdict_took_in_words(loaded: Policy) -> None:
    answer = asked(TO_PHONE)
    rows = answer["view"]["your_answers"]["rows"]
    fields = loaded.situations["channel"].fields
    # The link's answers, then the defaults it left out (shown, so that "Ändra" keeps them).
    assert list(rows) == ["situation", *answer["verdict"]["answered"]]
    assert list(rows)[:4] == ["situation", "patient_channel", "proposed_channel", "added_value"]
    assert rows["situation"]["words"] == loaded.situations["channel"].label
    assert rows["patient_channel"] == {
        "label": fields["patient_channel"].label,
        "words": fields["patient_channel"].value_label("chat"),
        "hidden": " " + loaded.text("checker_page", "change_hidden").format(question=fields["patient_channel"].label),
    }
    assert rows["added_value"]["words"] == loaded.text("checker_page", "answer_yes")


def test_the_headline_of_a_question_another_routine_decides_names_that_routine(loaded: Policy) -> None:
    answer = asked(ELSEWHERE)
    verdict, view = answer["verdict"], answer["view"]
    assert verdict["outcome"] == "not_covered" and verdict["references"]
    titles = [ref["title"] for ref in verdict["references"]]
    template = loaded.text("checker_page", "decided_elsewhere")
    assert view["headline"]["text"] == template.format(routine=", ".join(titles))
    routines = [part for part in view["headline"]["parts"] if isinstance(part, dict)]
    assert [part["id"] for part in routines] == [ref["id"] for ref in verdict["references"]]
    words = "".join(part if isinstance(part, str) else part["title"] for part in view["headline"]["parts"])
    assert words == view["headline"]["text"]
    assert view["announce"].startswith(loaded.text("checker_page", "announce").split("{")[0] + view["headline"]["text"])
    assert view["ask_owner"] is None  # another routine decides: the owner is not asked


def test_a_question_the_routine_leaves_open_asks_the_owner_by_mail(loaded: Policy) -> None:
    answer = asked(LEFT_OPEN)
    verdict, view = answer["verdict"], answer["view"]
    assert verdict["outcome"] == "not_covered" and not verdict["references"]
    assert view["headline"]["text"] == loaded.text("outcomes", "not_covered")
    mail = view["ask_owner"]
    assert mail["subject"] == loaded.text("checker_page", "ask_owner_subject").format(
        title=loaded.data["meta"]["title"]
    )
    # Only the page's address is left for the browser to fill in.
    assert mail["body"] == loaded.text("checker_page", "ask_owner_body").format(
        question=web.owner_question(loaded, verdict)["question"], link="{link}", version=loaded.version
    )
    assert view["rules"] is None and view["not_covered"]["sources"]


def test_each_rule_says_when_it_applies_and_where_it_stands(loaded: Policy) -> None:
    answer = asked(TO_PHONE)
    steps, items = answer["verdict"]["explanation"], answer["view"]["rules"]["items"]
    assert [item["rule"] for item in items] == [step["rule"] for step in steps]
    for step, item in zip(steps, items, strict=True):
        when = "; ".join(matched["text"] for matched in step["matched"])
        assert item["when"] == (loaded.text("checker_page", "rule_when").format(conditions=when) if when else None)
        section = loaded.sections[step["section"]]["title"]
        assert item["words"] == loaded.text("checker_page", "rule_link").format(section=section)
        assert item["quote"] == [f"”{text}”" for text in loaded.rules[step["rule"]]["quote"]]


def _with_change(policy: Policy, verdict: dict[str, Any], before: str, parts: list[str]) -> dict[str, Any]:
    changed = {"before": before, "parts": parts, "text": "Ändrat i version …", "link": "vad-har-andrats/#x"}
    return {**verdict, "changed": changed}


def test_the_changed_line_says_something_or_is_left_out(policy: Policy) -> None:
    """One behaviour (issue 26): the line the engine writes is shown whenever it names what
    changed (the earlier outcome, or the parts that changed under the same outcome), and
    left out when it could name nothing: the same outcome and no part."""
    verdict = check(policy, {"situation": "proxy", "child_age": 12, "actor": "guardian", "action": "read_journal"})
    outcome = verdict["outcome"]
    other = next(item for item in ("allowed", "not_allowed") if item != outcome)
    assert changed_line(policy, {**verdict, "changed": None}) is None
    assert changed_line(policy, _with_change(policy, verdict, outcome, [])) is None
    same = changed_line(policy, _with_change(policy, verdict, outcome, ["conditions"]))
    assert same == {
        "text": "Ändrat i version …",
        "link": "vad-har-andrats/#x",
        "words": policy.text("checker_page", "changed_link"),
    }
    assert changed_line(policy, _with_change(policy, verdict, other, ["outcome"])) is not None


def test_the_words_of_a_link_the_checker_cannot_use(loaded: Policy) -> None:
    answer = asked("situation=proxy&child_age=abc&actor=guardian&action=nope&utm_source=x")
    assert answer["errors"] and answer["verdict"] is None and "view" not in answer
    fields = loaded.situations["proxy"].fields
    assert answer["link_answers"] == link_answers(
        loaded, "situation=proxy&child_age=abc&actor=guardian&action=nope&utm_source=x"
    )
    assert answer["link_answers"]["items"] == [
        f"{loaded.text('checker_page', 'situation_legend')} (situation): {loaded.situations['proxy'].label} (proxy)",
        f"{fields['child_age'].label} (child_age): abc",
        f"{fields['actor'].label} (actor): {fields['actor'].value_label('guardian')} (guardian)",
        f"{fields['action'].label} (action): nope",
        "utm_source: x",
    ]


def test_every_verdict_of_the_examples_has_its_view(loaded: Policy) -> None:
    """The view is built for every example, and each part the page draws unconditionally is there."""
    from checker.model.scenario import scenario_to_query

    for _, example in loaded.examples():
        answer = asked(scenario_to_query(example["scenario"]))
        view = answer["view"]
        assert set(view) == set(
            verdict_view(loaded, json.loads(web.check_query(scenario_to_query(example["scenario"])))["verdict"])
        )
        assert view["documentation"]["title"] and view["policy_version"].endswith(loaded.version)
        assert (view["rules"] is None) == (view["not_covered"] is not None)


# --- form.js carries the texts the page's scripts draw, and no other ----------------------


def used_texts() -> tuple[set[str], set[str]]:
    """The checker_page keys the scripts name (``TEXTS.key``/``texts.key``), and the prefixes
    of the keys they build (``TEXTS[`failed_${reason}`]``)."""
    source = "\n".join(path.read_text(encoding="utf-8") for path in SCRIPTS.glob("*.js"))
    groups = set(re.findall(r"\b(?:FORM|form)\.texts\.(\w+)", source))
    assert groups == {"checker_page"}, groups
    named = set(re.findall(r"(?<!\.)\b(?:TEXTS|texts)\.(\w+)", source)) - {"checker_page"}
    built = set(re.findall(r"\b(?:TEXTS|texts)\[`(\w+)\$\{", source))
    return named, built


def test_form_js_carries_exactly_the_texts_the_scripts_use(loaded: Policy) -> None:
    named, built = used_texts()
    listed = set(web.PAGE_TEXTS)
    assert named - listed == set(), "the scripts use texts form.js lacks"
    unused = {key for key in listed - named if not any(key.startswith(prefix) for prefix in built)}
    assert unused == set(), "form.js ships texts no script uses"
    for prefix in built:
        assert any(key.startswith(prefix) for key in listed), prefix
    form = json.loads(web.form())
    assert set(form["texts"]) == {"checker_page"}
    assert set(form["texts"]["checker_page"]) == listed
    assert listed <= set(loaded.data["texts"]["checker_page"])


def test_the_verdict_scripts_compose_no_sentence() -> None:
    """verdict.js and record.js draw the view's words: they name no policy text but the two
    the page draws itself (the hidden "Fel:" before a field's problem, and the title of the
    part for whoever made the link) and put no answer into words themselves (only the page's
    address, the print date and the site's role for the owner are filled in there)."""
    for name in ("verdict.js", "record.js"):
        source = (SCRIPTS / name).read_text(encoding="utf-8")
        named = set(re.findall(r"\b(?:texts|report|form)\.(\w+)", source))
        assert named <= {"error_prefix", "link_details"}, (name, named)
        assert "answerWords" not in source and "outcome ===" not in source and "!== verdict" not in source, name
        filled = set(re.findall(r"format\([^,]+, \{ (\w+):", source))
        assert filled <= {"link", "who", "date"}, (name, filled)


def test_no_script_splits_a_sentence_or_checks_a_value() -> None:
    """A sentence is never cut at a placeholder in JavaScript to put links in it (Python gives
    its parts), and whether a value fits a field is the engine's to say, not a script's."""
    for path in SCRIPTS.glob("*.js"):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"\.split\(\s*[\"'`]\{", source), path.name
        assert not re.search(r"[<>]=?\s*\w+\.(?:max_length|min|max)\b|\.length\s*<=", source), path.name


def words_of(parts: list[Any]) -> str:
    return "".join(part if isinstance(part, str) else part["text"] for part in parts)


def test_a_wrong_link_is_one_sentence_naming_its_questions_as_links(loaded: Policy) -> None:
    texts = loaded.data["texts"]["checker_page"]
    fields = loaded.situations["proxy"].fields
    problems = asked("situation=proxy&child_age=abc&actor=nobody&action=read_journal")["problems"]
    assert problems["fields"] == ["child_age", "actor"]
    named = f"”{fields['child_age'].label}”, ”{fields['actor'].label}”"
    assert words_of(problems["sentence"]) == texts["link_wrong"].format(questions=named)
    links = [part for part in problems["sentence"] if not isinstance(part, str)]
    assert links == [
        {"field": "child_age", "text": f"”{fields['child_age'].label}”"},
        {"field": "actor", "text": f"”{fields['actor'].label}”"},
    ]
    assert problems["field_wrong"] == texts["field_wrong"] and problems["title"] == texts["error_summary"]
    assert len(problems["messages"]) == 2 and all("(child_age)" in m or "(actor)" in m for m in problems["messages"])
    # A situation the checker lacks is said as such, and marked at the situation question.
    wrong = asked("situation=weather")["problems"]
    assert wrong["sentence"] == [texts["link_wrong_situation"]] and wrong["fields"] == ["situation"]
    # Answers without a situation: the situation question is what is wrong.
    assert asked("child_age=3")["problems"]["fields"] == ["situation"]


def test_kontrollera_names_the_questions_she_must_still_answer(loaded: Policy) -> None:
    texts = loaded.data["texts"]["checker_page"]
    form = json.loads(web.form())
    situation = f"”{texts['situation_legend']}”"
    assert words_of(form["unanswered"]["sentence"]) == texts["unanswered"].format(questions=situation)
    assert asked("")["unanswered"] == form["unanswered"]
    for situation_id, situation_ in loaded.situations.items():
        answer = asked(f"situation={situation_id}", linked=False)
        if answer["verdict"] is not None:
            assert "unanswered" not in answer
            continue
        links = [part["field"] for part in answer["unanswered"]["sentence"] if not isinstance(part, str)]
        # Every question still asked, but one that may stay empty (an optional text).
        must = [
            field_id
            for field_id in answer["ask"]
            if situation_.fields[field_id].required or "default" in situation_.fields[field_id].data
        ]
        assert links == must and links, situation_id
    assert "unanswered" not in asked(LEFT_OPEN) and "unanswered" not in asked("situation=weather")


def test_an_answer_is_kept_for_another_situation_only_where_its_field_takes_it(loaded: Policy) -> None:
    """Switching situations keeps an answer to a field of the same id where both fields take
    that value; the form model carries which (the page decides nothing)."""
    shared = {
        (situation.id, field.id): field
        for situation in loaded.situations.values()
        for field in situation.fields.values()
        if sum(field.id in other.fields for other in loaded.situations.values()) > 1
    }
    assert shared, "the policy has no field shared by two situations to test with"
    for (situation_id, _), field in shared.items():
        for other_id, kept in kept_answers(loaded, field).items():
            twin = loaded.situations[other_id].fields[field.id]
            assert other_id != situation_id
            if field.type in ("boolean", "choice"):
                words = ["true", "false"] if field.type == "boolean" else field.value_ids()
                twin_words = ["true", "false"] if twin.type == "boolean" else twin.value_ids()
                assert set(kept) == set(words) & set(twin_words) if twin.type == field.type else kept == []
    form = json.loads(web.form())
    action = {situation["id"]: situation for situation in form["situations"]}["proxy"]["fields"]
    assert next(field for field in action if field["id"] == "action")["kept"] == {
        "consent": sorted(
            set(loaded.situations["proxy"].fields["action"].value_ids())
            & set(loaded.situations["consent"].fields["action"].value_ids()),
            key=loaded.situations["consent"].fields["action"].value_ids().index,
        )
    }


def test_the_owner_pages_mail_is_the_checker_pages_mail(loaded: Policy) -> None:
    from urllib.parse import unquote

    from scripts.pages.owner import mailto

    link = "https://intra.example/kontroll/?situation=proxy"
    href = mailto(loaded, "agare@example.se", "Får barnet?", link)
    subject, body = href.split("?", 1)[1].split("&")
    mail = owner_mail(loaded, "Får barnet?", link, loaded.version)
    assert unquote(subject.removeprefix("subject=")) == mail["subject"]
    assert unquote(body.removeprefix("body=")) == mail["body"]
