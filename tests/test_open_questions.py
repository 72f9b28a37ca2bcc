"""Only questions that can still decide (issue 27), proven over the whole answer space.

For every situation and every set of answers the page can hold (each field answered with
any value of its domain, or not yet), a question the checker leaves unasked never changes
what staff are told, and the verdict shows only when no question left can change it. The
proof compares with a table of the whole space built here, one scenario at a time.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest

from checker import Policy
from checker.apps import web
from checker.engine.decide import answer, answer_of
from checker.engine.open_questions import ask_now, open_questions
from checker.model.domain import field_domain
from checker.model.scenario import scenario_to_query

UNANSWERED = object()


def _key(scenario: dict[str, Any]) -> str:
    return json.dumps(scenario, sort_keys=True)


def _space(policy: Policy, situation_id: str) -> tuple[list[str], list[list[Any]], dict[str, Any]]:
    """The fields, their domains and what staff are told for every complete scenario."""
    fields = list(policy.situations[situation_id].fields.values())
    domains = [field_domain(policy, field) for field in fields]
    table = {}
    for values in itertools.product(*domains):
        scenario = {"situation": situation_id, **{field.id: value for field, value in zip(fields, values, strict=True)}}
        table[_key(scenario)] = json.dumps(answer_of(answer(policy, scenario)), sort_keys=True)
    return [field.id for field in fields], domains, table


def _partials(field_ids: list[str], domains: list[list[Any]]):
    for values in itertools.product(*[[UNANSWERED, *domain] for domain in domains]):
        yield {field_id: value for field_id, value in zip(field_ids, values, strict=True) if value is not UNANSWERED}


@pytest.mark.parametrize(
    "situation_id",
    ["channel", "system", "proxy", "sms", "consent", "booking", "protected_identity", "attachments", "chat_request"],
)
def test_a_question_left_unasked_never_changes_the_answer(policy: Policy, situation_id: str) -> None:
    field_ids, domains, table = _space(policy, situation_id)
    told_of = lambda scenario: table[_key(scenario)]  # noqa: E731
    checked = 0
    for given in _partials(field_ids, domains):
        still_open = open_questions(policy, situation_id, given, told_of)
        missing = [field_id for field_id in field_ids if field_id not in given]
        assert still_open == [field_id for field_id in missing if field_id in still_open], "the policy's order"
        unasked = [field_id for field_id in missing if field_id not in still_open]
        rest_domains = {field_id: domains[field_ids.index(field_id)] for field_id in missing}
        completions = [
            {"situation": situation_id, **given, **dict(zip(missing, values, strict=True))}
            for values in itertools.product(*rest_domains.values())
        ]
        said = {told_of(scenario) for scenario in completions}
        if not still_open:
            assert len(said) == 1, f"{given}: final, yet completions differ"
        for field_id in unasked:
            for scenario in completions:
                assert {told_of({**scenario, field_id: value}) for value in rest_domains[field_id]} == {
                    told_of(scenario)
                }, f"{given}: {field_id} left unasked changes the answer at {scenario}"
        for field_id in still_open:  # an open question really can change the answer
            assert any(
                len({told_of({**scenario, field_id: value}) for value in rest_domains[field_id]}) > 1
                for scenario in completions
            )
        checked += 1
    assert checked == len(list(_partials(field_ids, domains)))


@pytest.mark.parametrize("situation_id", ["channel", "sms", "proxy", "booking", "consent"])
def test_the_page_asks_only_open_questions_and_always_one_until_the_answer_is_final(
    policy: Policy, situation_id: str
) -> None:
    """Walk every way the page can be answered from an empty form (answering only what it
    asks): what it asks is open, never empty before the end, and the verdict it then shows
    is what every completion of the unasked questions is told."""
    field_ids, domains, table = _space(policy, situation_id)
    web._policy = policy
    told_of = lambda scenario: table[_key(scenario)]  # noqa: E731
    fields = policy.situations[situation_id].fields
    may_stay_empty = [field_id for field_id in field_ids if web._may_stay_empty(fields[field_id])]
    seen: set[str] = set()
    wired: set[tuple[str, ...]] = set()
    queue: list[dict[str, Any]] = [{}]
    finals = 0
    while queue:
        given = queue.pop()
        if _key(given) in seen:
            continue
        seen.add(_key(given))
        # A question that may stay empty is empty until the nurse writes in it.
        held = {**dict.fromkeys(may_stay_empty), **given}
        asked = ask_now(policy, situation_id, held, told_of)
        still_open = open_questions(policy, situation_id, held, told_of)
        assert set(asked) <= set(still_open)
        if not still_open:
            finals += 1
            missing = [field_id for field_id in field_ids if field_id not in held]
            said = {
                told_of({"situation": situation_id, **held, **dict(zip(missing, values, strict=True))})
                for values in itertools.product(*[domains[field_ids.index(field_id)] for field_id in missing])
            }
            assert len(said) == 1, f"{given}: a verdict shown while an unasked question decides"
            if tuple(given) not in wired:  # the page's own verdict, once per set of questions answered
                wired.add(tuple(given))
                page = json.loads(web.ask(scenario_to_query({"situation": situation_id, **given})))
                assert page["verdict"] and json.dumps(answer_of(page["verdict"]), sort_keys=True) in said
        else:
            assert asked
        for field_id in asked + [field_id for field_id in may_stay_empty if field_id not in given]:
            for value in domains[field_ids.index(field_id)]:
                if value is not None:
                    queue.append({**given, field_id: value})
    assert finals


def _answers_to(policy: Policy, situation_id: str, story: dict[str, Any]) -> int:
    """How many answers the page takes to a verdict when the nurse answers what it asks as
    ``story`` says (a question the story does not name: No, the usual case)."""
    web._policy = policy
    given: dict[str, Any] = {}
    while True:
        page = json.loads(web.ask(scenario_to_query({"situation": situation_id, **given})))
        if page["verdict"]:
            return len(given)
        field_id = page["ask"][0]
        given[field_id] = story.get(field_id, False)


def test_1177_message_to_phone_for_a_safer_assessment_takes_five_answers_not_seven(policy: Policy) -> None:
    story = {"patient_channel": "1177_message", "proposed_channel": "phone", "added_value": True}
    assert _answers_to(policy, "channel", story) == 5
    assert len(policy.situations["channel"].fields) == 7


def test_a_check_scenario_is_judged_as_before(policy: Policy) -> None:
    """The contract: a JSON scenario (and a link's defaults) is judged exactly as before."""
    web._policy = policy
    query = "situation=channel&patient_channel=1177_message&proposed_channel=phone"
    before = json.loads(web.check_query(query))["verdict"]
    page = json.loads(web.ask(query, True))
    assert answer_of(page["verdict"]) == answer_of(before)
    assert page["assumed"] and not page["ask"]


def test_a_link_with_tracking_parameters_is_answered_and_names_them(policy: Policy) -> None:
    web._policy = policy
    page = json.loads(
        web.ask("situation=proxy&child_age=12&actor=guardian&action=read_journal&utm_source=x&fbclid=y", True)
    )
    assert page["ignored"] == ["utm_source", "fbclid"] and not page["errors"] and page["verdict"]
    assert json.loads(
        web.ask("situation=proxy&child_age=12&actor=guardian&action=read_journal&patient_channel=chat", True)
    )["errors"]


def test_a_link_that_leaves_out_a_deciding_question_asks_it(policy: Policy) -> None:
    web._policy = policy
    page = json.loads(web.ask("situation=proxy&child_age=12&action=read_journal", True))
    assert page["ask"] == ["actor"] and not page["errors"] and page["verdict"] is None
