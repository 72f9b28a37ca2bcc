"""The checker's entry points for the browser, where Pyodide runs this same package.

The page's worker passes text in and gets JSON text back, so nothing but strings crosses
between JavaScript and Python. The evaluation is :func:`checker.engine.decide.check`, the same
code the command line runs.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qs

from ..engine.decide import check, decision
from ..engine.open_questions import Told, ask_now, open_questions, told
from ..engine.verify import question_claims
from ..model.domain import field_domain
from ..model.fields import Field
from ..model.loading import load_policy_json
from ..model.policy import COMPILED_POLICY, Policy
from ..model.scenario import ScenarioError, scenario_from_query, scenario_to_query, validate_scenario
from ..model.wording import consent_lines, join_all
from ..present.verdict_view import (
    answer_words,
    kept_answers,
    link_answers,
    problems_view,
    unanswered_view,
    verdict_view,
)

_policy: Policy | None = None
_told: tuple[Policy, Told] | None = None


def setup(policy_json: str) -> str:
    """Load the compiled policy once; returns the form model (see :func:`form`)."""
    global _policy, _told
    _policy = load_policy_json(policy_json)
    _told = None
    return form()


def setup_packaged() -> None:
    """Load the compiled policy shipped inside this package (``checker/policy.json``).

    The browser unpacks the package's wheel, which carries the policy the build compiled,
    so the worker needs no second download and the policy always matches the code. The
    file is read beside this module rather than through importlib.resources, and no form
    model is built: the page has its own from the build, and every millisecond here is a
    millisecond before the first verdict.
    """
    global _policy, _told
    _policy = load_policy_json(COMPILED_POLICY.read_text(encoding="utf-8"))
    _told = None


def _told_of(policy: Policy) -> Told:
    """What the engine tells for a complete scenario of ``policy``, remembered across answers."""
    global _told
    if _told is None or _told[0] is not policy:
        _told = (policy, told(policy))
    return _told[1]


def _loaded() -> Policy:
    if _policy is None:
        raise RuntimeError("setup() must be called with the compiled policy first")
    return _policy


def form() -> str:
    """What the page needs to draw the questions: situations, fields, labels and the texts it draws itself (:data:`PAGE_TEXTS`)."""
    policy = _loaded()
    situations: list[dict[str, Any]] = []
    for situation in policy.situations.values():
        situations.append(
            {
                "id": situation.id,
                "label": situation.label,
                "question": situation.data["question"],
                "help": situation.data.get("help", ""),
                # What the form asks first, before the engine has loaded (ask() at build time).
                "ask": json.loads(ask(scenario_to_query({"situation": situation.id})))["ask"],
                "fields": [
                    {
                        "id": field.id,
                        "label": field.label,
                        "type": field.type,
                        "help": field.data.get("help", ""),
                        # A question she may leave empty (an optional text): said as such,
                        # never required, never asked of a link (Python's one rule for it).
                        "optional": _may_stay_empty(field),
                        "min": field.data.get("min"),
                        "max": field.data.get("max"),
                        "max_length": field.data.get("max_length"),
                        "unit": field.data.get("unit"),
                        "values": field.values,
                        "kept": kept_answers(policy, field),
                    }
                    for field in situation.fields.values()
                ],
            }
        )
    page_texts = {key: policy.text("checker_page", key) for key in PAGE_TEXTS}
    # "Kontrollera" before a situation is chosen: the page asks no engine for that.
    unanswered = json.loads(ask(""))["unanswered"]
    return json.dumps(
        {
            "version": policy.version,
            "situations": situations,
            "unanswered": unanswered,
            "texts": {"checker_page": page_texts},
        },
        ensure_ascii=False,
    )


PAGE_TEXTS = (
    *("intro", "situation_legend", "answer_yes", "answer_no", "optional", "submit", "form_title"),
    *("loading_runtime", "loading_checker", "ready", "waiting", "incomplete", "link_missing"),
    *("failed", "failed_no_wasm", "failed_timeout", "failed_error", "failed_help", "to_routine"),
    *("error_prefix", "link_details"),
)
"""The texts (``checker_page``) the page's JavaScript draws itself: the form, the checker's
state and the problems. Every word of a verdict comes with it (:mod:`checker.present.verdict_view`),
so form.js carries these and no other; tests/test_verdict_view.py holds this list to what
the scripts use, both ways."""


def check_query(query: str) -> str:
    """Evaluate a URL query string: ``{"verdict": …}`` or ``{"errors": […]}`` as JSON."""
    policy = _loaded()
    try:
        raw = scenario_from_query(policy, query)
        verdict = check(policy, raw)
    except ScenarioError as error:
        return json.dumps({"errors": [problem.as_dict() for problem in error.problems]}, ensure_ascii=False)
    return json.dumps({"verdict": page_verdict(policy, raw, verdict)}, ensure_ascii=False)


def page_verdict(policy: Policy, raw: dict[str, Any], verdict: dict[str, Any]) -> dict[str, Any]:
    """The verdict with what the page adds in words: labels, consent lines, links, what was assumed."""
    verdict["outcome_label"] = policy.text("outcomes", verdict["outcome"])
    verdict["consent_lines"] = consent_lines(policy, verdict["consent"], journal=False)
    for item in verdict["interpretations"]:
        item["link"] = policy.interpretation_link(item["id"])
    for step in verdict["explanation"]:
        step["quote"] = policy.rules[step["rule"]]["quote"]  # the printed record cites the routine
    verdict["owner_question"] = owner_question(policy, verdict)
    verdict["assumed"] = assumed(policy, raw, verdict["scenario"])
    verdict["unused"] = unused(policy, raw, verdict)
    verdict["summary"] = summary(policy, verdict)
    return verdict


SUMMARY_MAX = 140
"""The sentence under the outcome is read at a glance, between two patients."""


def summary(policy: Policy, verdict: dict[str, Any]) -> str:
    """One sentence under the outcome (at most :data:`SUMMARY_MAX` characters): the first
    sentence of the first deciding rule, else of the first step, else the routine's silence;
    a longer one is cut at its last clause or word that fits."""
    first = (
        verdict["explanation"][0]["says"]
        if verdict["explanation"]
        else (verdict["conditions"] or [policy.text("report", "not_covered")])[0]
    )
    sentence = re.match(r"^.*?[.!?](?=\s|$)", first)
    text = sentence.group(0) if sentence else first
    if len(text) <= SUMMARY_MAX:
        return text
    cut = text[: SUMMARY_MAX - 1]
    clause = cut.rfind(";")
    cut = cut[:clause] if clause > SUMMARY_MAX // 2 else cut[: cut.rfind(" ")].rstrip(",")
    return cut + ("." if clause > SUMMARY_MAX // 2 else " …")


def ask(query: str, linked: bool = False) -> str:
    """What the page shows for the answers in a URL query string, as JSON (issue 27):

    - ``ignored``: parameters that are no field of any situation (``utm_source``, a tracking
      id), left out and named for whoever made the link (contract v4, "Links");
    - ``errors``: as :func:`check_query`, except that a question left out is no error;
    - ``answers``: the answers given, as the URL writes them; ``assumed``: for a link
      (``linked``), the defaults the contract fills in for the questions it leaves out;
    - ``ask``: the questions still to answer that can change the answer, in the policy's
      order (:func:`checker.open_questions.ask_now`); ``[]`` once the answer is final;
    - ``verdict``: the verdict once no question left can change it (the questions never asked
      take their default or, having none, any value: by then they cannot matter), else null;
    - ``view``: with a verdict, every word the page shows for it (:mod:`checker.present.verdict_view`);
      ``problems``: with errors, the sentence for the nurse and the messages for whoever made
      the link, and ``link_answers``, the link's answers in words for them;
      ``unanswered``: without either, the sentence naming the questions she must still answer
      ("Kontrollera" shows it).
    """
    policy = _loaded()
    result = _answer(policy, query, linked)
    if result["verdict"] is not None:
        result["view"] = verdict_view(policy, result["verdict"])
        # What page_verdict added for the page's words is in the view now: said once.
        for key in ("consent_lines", "owner_question"):
            del result["verdict"][key]
        for step in result["verdict"]["explanation"]:
            del step["quote"]
    if result["errors"]:
        result["problems"] = problems_view(policy, query, result["errors"])
        result["link_answers"] = link_answers(policy, query)
    elif result["verdict"] is None:
        situation = parse_qs(query).get("situation", [None])[0]
        fields = policy.situations[situation].fields if situation in policy.situations else {}
        must = [field_id for field_id in result["ask"] if not _may_stay_empty(fields[field_id])]
        result["unanswered"] = unanswered_view(policy, situation, must)
    return json.dumps(result, ensure_ascii=False)


def _answer(policy: Policy, query: str, linked: bool) -> dict[str, Any]:
    fields_of_any = {"situation"} | {field for situation in policy.situations.values() for field in situation.fields}
    result: dict[str, Any] = {"ignored": [], "errors": [], "answers": {}, "assumed": {}, "ask": [], "verdict": None}
    try:
        raw = scenario_from_query(policy, query)
    except ScenarioError as error:
        result["errors"] = [problem.as_dict() for problem in error.problems]
        return result
    result["ignored"] = [key for key in raw if key not in fields_of_any]
    if result["ignored"]:
        result["ignored_text"] = policy.text("checker_page", "ignored").format(names=", ".join(result["ignored"]))
    raw = {key: value for key, value in raw.items() if key in fields_of_any}
    situation = policy.situations.get(raw.get("situation"))  # type: ignore[arg-type]
    if situation is None:
        if raw:  # an unknown situation, or answers without one: the engine says which
            result["errors"] = _problems(policy, raw)
        return result
    fields = situation.fields
    left_out = [field_id for field_id in fields if field_id not in raw]
    # Validate what was given: each left-out question stands in with a value it may take.
    stand_in = {field_id: field_domain(policy, fields[field_id])[0] for field_id in left_out}
    standing = {**raw, **{key: value for key, value in stand_in.items() if value is not None}}
    problems = [problem for problem in _problems(policy, standing) if problem["field"] not in left_out]
    if problems:
        result["errors"] = problems
        return result
    given = {key: value for key, value in validate_scenario(policy, standing).items() if key in raw}
    given.pop("situation")
    assumed_now = {
        field_id: fields[field_id].default for field_id in left_out if linked and "default" in fields[field_id].data
    }
    # A question that may stay empty (an optional text) is answered by leaving it empty: it
    # is asked while it can decide, but the verdict does not wait for it.
    empty = {
        field_id: None for field_id in left_out if field_id not in assumed_now and _may_stay_empty(fields[field_id])
    }
    known = {**given, **assumed_now}
    told_of = _told_of(policy)
    result["answers"] = {key: _url_word(value) for key, value in given.items()}
    result["assumed"] = {key: _url_word(value) for key, value in assumed_now.items() if value is not None}
    still_open = open_questions(policy, situation.id, known, told_of)
    asked = ask_now(policy, situation.id, {**known, **empty}, told_of)
    result["ask"] = [
        field_id for field_id in fields if field_id in asked or (field_id in empty and field_id in still_open)
    ]
    if open_questions(policy, situation.id, {**known, **empty}, told_of):
        return result
    never_asked = {
        field_id: fields[field_id].default if "default" in fields[field_id].data else stand_in[field_id]
        for field_id in fields
        if field_id not in known and field_id not in empty
    }
    complete = {"situation": situation.id, **known, **never_asked}
    verdict = check(policy, {key: value for key, value in complete.items() if value is not None})
    verdict = page_verdict(policy, {"situation": situation.id, **given}, verdict)
    verdict["assumed"] = [item for item in verdict["assumed"] if item["field"] not in never_asked]
    verdict["not_asked"] = not_asked(policy, situation.id, list(never_asked))
    verdict["answered"] = [field_id for field_id in fields if field_id in known]
    result["verdict"] = verdict
    return result


def _may_stay_empty(field: Field) -> bool:
    return not field.required and "default" not in field.data


def _problems(policy: Policy, raw: dict[str, Any]) -> list[dict[str, Any]]:
    try:
        validate_scenario(policy, raw)
    except ScenarioError as error:
        return [problem.as_dict() for problem in error.problems]
    return []


def _url_word(value: Any) -> Any:
    """A value as the URL and the form's controls write it: booleans as true/false, numbers as digits."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if value is None else str(value)


def not_asked(policy: Policy, situation_id: str, field_ids: list[str]) -> str | None:
    """The questions the page never asked because no answer to them changes this verdict, in words."""
    if not field_ids:
        return None
    fields = policy.situations[situation_id].fields
    names = [f"”{fields[field_id].label}”" for field_id in field_ids]
    return policy.text("checker_page", "not_asked").format(questions=join_all(policy, names))


def assumed(policy: Policy, raw: dict[str, Any], scenario: dict[str, Any]) -> list[dict[str, str]]:
    """The answers a link left out and the contract's default filled in, said in words: a
    verdict never rests on an answer the nurse did not give without telling her."""
    fields = policy.situations[scenario["situation"]].fields
    return [
        {
            "field": field_id,
            "text": policy.text("checker_page", "assumed").format(
                question=fields[field_id].label, answer=answer_words(policy, fields[field_id], value)
            ),
        }
        for field_id, value in scenario.items()
        if field_id != "situation" and field_id not in raw and value is not None
    ]


def unused(policy: Policy, raw: dict[str, Any], verdict: dict[str, Any]) -> list[dict[str, str]]:
    """The answers given that did not decide: every other value of that field alone gives the
    same outcome. The fields the question is about (``fixed``) are left out; they are the
    question, not an answer to it."""
    scenario = verdict["scenario"]
    fields = policy.situations[scenario["situation"]].fields
    found = []
    for field_id, value in scenario.items():
        if field_id not in raw or field_id == "situation" or fields[field_id].data.get("fixed"):
            continue
        field = fields[field_id]
        others = [other for other in field_domain(policy, field) if other != value]
        if others and all(
            decision(policy, {**scenario, field_id: other})["outcome"] == verdict["outcome"] for other in others
        ):
            words = policy.text("checker_page", "unused").format(
                question=field.label, answer=answer_words(policy, field, value)
            )
            found.append({"field": field_id, "text": words})
    return found


def owner_question(policy: Policy, verdict: dict[str, Any]) -> dict[str, str] | None:
    """The owner question a not_covered verdict belongs to (verify proves there is one), for
    the mail to the routine's owner; None for a verdict the routine decides."""
    if verdict["outcome"] != "not_covered":
        return None
    for question in policy.data.get("owner_questions", []):
        if question_claims(policy, question, verdict["scenario"]):
            return {"id": question["id"], "question": question["question"]}
    return None
