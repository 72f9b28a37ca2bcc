"""The checker's entry points for the browser, where Pyodide runs this same package.

The page's worker passes text in and gets JSON text back, so nothing but strings crosses
between JavaScript and Python. The evaluation is :func:`checker.engine.check`, the same
code the command line runs.
"""

from __future__ import annotations

import json
from typing import Any

from .engine import check, decide, field_domain
from .policy import COMPILED_POLICY, Field, Policy, load_policy_json
from .scenario import ScenarioError, scenario_from_query
from .verify import question_claims
from .wording import consent_lines

_policy: Policy | None = None


def setup(policy_json: str) -> str:
    """Load the compiled policy once; returns the form model (see :func:`form`)."""
    global _policy
    _policy = load_policy_json(policy_json)
    return form()


def setup_packaged() -> None:
    """Load the compiled policy shipped inside this package (``checker/policy.json``).

    The browser unpacks the package's wheel, which carries the policy the build compiled,
    so the worker needs no second download and the policy always matches the code. The
    file is read beside this module rather than through importlib.resources, and no form
    model is built: the page has its own from the build, and every millisecond here is a
    millisecond before the first verdict.
    """
    global _policy
    _policy = load_policy_json(COMPILED_POLICY.read_text(encoding="utf-8"))


def _loaded() -> Policy:
    if _policy is None:
        raise RuntimeError("setup() must be called with the compiled policy first")
    return _policy


def form() -> str:
    """What the page needs to draw the questions: situations, fields, labels, section titles and texts."""
    policy = _loaded()
    situations: list[dict[str, Any]] = []
    for situation in policy.situations.values():
        situations.append(
            {
                "id": situation.id,
                "label": situation.label,
                "question": situation.data["question"],
                "help": situation.data.get("help", ""),
                "fields": [
                    {
                        "id": field.id,
                        "label": field.label,
                        "type": field.type,
                        "help": field.data.get("help", ""),
                        "required": field.required,
                        "default": field.data.get("default"),
                        "min": field.data.get("min"),
                        "max": field.data.get("max"),
                        "max_length": field.data.get("max_length"),
                        "unit": field.data.get("unit"),
                        "values": field.values,
                    }
                    for field in situation.fields.values()
                ],
            }
        )
    sections = {section_id: section["title"] for section_id, section in policy.sections.items()}
    return json.dumps(
        {
            "version": policy.version,
            "title": policy.data["meta"]["title"],
            "situations": situations,
            "sections": sections,
            "texts": policy.data["texts"],
        },
        ensure_ascii=False,
    )


def check_query(query: str) -> str:
    """Evaluate a URL query string: ``{"verdict": …}`` or ``{"errors": […]}`` as JSON."""
    policy = _loaded()
    try:
        raw = scenario_from_query(policy, query)
        verdict = check(policy, raw)
    except ScenarioError as error:
        return json.dumps({"errors": [problem.as_dict() for problem in error.problems]}, ensure_ascii=False)
    verdict["outcome_label"] = policy.text("outcomes", verdict["outcome"])
    verdict["consent_lines"] = consent_lines(policy, verdict["consent"], journal=False)
    for item in verdict["interpretations"]:
        item["link"] = policy.interpretation_link(item["id"])
    for step in verdict["explanation"]:
        step["quote"] = policy.rules[step["rule"]]["quote"]  # the printed record cites the routine
    verdict["owner_question"] = owner_question(policy, verdict)
    verdict["assumed"] = assumed(policy, raw, verdict["scenario"])
    verdict["unused"] = unused(policy, raw, verdict)
    return json.dumps({"verdict": verdict}, ensure_ascii=False)


def _answer_words(policy: Policy, field: Field, value: Any) -> str:
    """An answer as the form shows it: Ja/Nej, the option's label, the number with its unit."""
    if field.type == "boolean":
        return policy.text("checker_page", "answer_yes" if value else "answer_no")
    if field.type == "choice":
        return field.value_label(value)
    if field.type == "integer":
        return f"{value} {field.data.get('unit', '')}".strip()
    return f"”{value}”"


def assumed(policy: Policy, raw: dict[str, Any], scenario: dict[str, Any]) -> list[dict[str, str]]:
    """The answers a link left out and the contract's default filled in, said in words: a
    verdict never rests on an answer the nurse did not give without telling her."""
    fields = policy.situations[scenario["situation"]].fields
    return [
        {
            "field": field_id,
            "text": policy.text("checker_page", "assumed").format(
                question=fields[field_id].label, answer=_answer_words(policy, fields[field_id], value)
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
            decide(policy, {**scenario, field_id: other})["outcome"] == verdict["outcome"] for other in others
        ):
            words = policy.text("checker_page", "unused").format(
                question=field.label, answer=_answer_words(policy, field, value)
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
