"""Bad input never crashes and never misleads (property-based, with Hypothesis).

Whatever JSON or query string arrives, the engine answers with a verdict for a valid
scenario or the contract's validation errors, and nothing else. Whatever one edit does to
policy.yaml, loading either succeeds or names a line and a reason.
"""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker import Policy, PolicyError, ScenarioError, check, load_policy, scenario_from_query, validate_scenario
from checker.model.domain import field_domain
from checker.model.scenario import scenario_from_json

ROOT = Path(__file__).resolve().parent.parent
POLICY = load_policy(ROOT / "policy.yaml")

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)


def known_or_junk(policy: Policy) -> st.SearchStrategy[dict[str, Any]]:
    """Scenarios near the real ones: a real situation, its fields with real or junk values."""

    def for_situation(situation_id: str) -> st.SearchStrategy[dict[str, Any]]:
        fields = policy.situations[situation_id].fields.values()
        entries = {
            field.id: st.sampled_from([value for value in field_domain(policy, field) if value is not None] or ["x"])
            | json_values
            for field in fields
        }
        return st.fixed_dictionaries({}, optional={"situation": st.just(situation_id), **entries, "extra": json_values})

    return st.sampled_from(list(policy.situations)).flatmap(for_situation)


def assert_verdict_or_errors(raw: Any) -> None:
    try:
        verdict = check(POLICY, raw)
    except ScenarioError as error:
        assert error.problems, "an invalid scenario names at least one problem"
        for problem in error.problems:
            assert (problem.message and isinstance(problem.field, (str, int, float, bool))) or problem.field is None
        return
    # A verdict only for a valid scenario: every key known, every value allowed.
    assert validate_scenario(POLICY, raw) == verdict["scenario"]
    assert verdict["outcome"] in ("allowed", "allowed_with_conditions", "not_allowed", "not_covered")


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(json_values)
def test_any_json_value_gives_a_verdict_or_errors(raw: Any) -> None:
    assert_verdict_or_errors(raw)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(known_or_junk(POLICY))
def test_near_valid_scenarios_give_a_verdict_or_errors(raw: dict[str, Any]) -> None:
    assert_verdict_or_errors(raw)


@settings(max_examples=300)
@given(st.text(max_size=200))
def test_any_json_text_gives_a_verdict_or_errors(text: str) -> None:
    try:
        raw = scenario_from_json(POLICY, text)
    except ScenarioError:
        return
    assert_verdict_or_errors(raw)


query_keys = st.sampled_from(
    [
        "situation",
        "child_age",
        "actor",
        "action",
        "patient_channel",
        "sms_type",
        "sender",
        "added_value",
        "x",
        "",
        "situation[]",
    ]
) | st.text(max_size=8)
query_values = st.sampled_from(
    ["proxy", "channel", "sms", "12", "-1", "true", "false", "<script>alert(1)</script>", "%3Cb%3E", "a" * 5000, ""]
) | st.text(max_size=12)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(query_keys, query_values), max_size=6), st.sampled_from(["&", ";", "&&"]))
def test_any_query_string_gives_a_verdict_or_errors(pairs: list[tuple[str, str]], separator: str) -> None:
    from urllib.parse import quote

    query = separator.join(f"{quote(key)}={quote(value)}" for key, value in pairs)
    try:
        raw = scenario_from_query(POLICY, query)
    except ScenarioError as error:
        assert error.problems
        return
    assert_verdict_or_errors(raw)


# --- policy.yaml mutations ------------------------------------------------------------------

BASE = yaml.load((ROOT / "policy.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)  # libyaml: 10× faster


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, path + (index,))
    return found


PATHS = [path for path in _paths(BASE) if path]
IDS = [path for path in PATHS if path[-1] == "id"]


def _mutate(data: Any, path: tuple[Any, ...], kind: str, other: tuple[Any, ...]) -> None:
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    key = path[-1]
    if kind == "drop":
        del parent[key]
    elif kind == "retype":
        value = parent[key]
        parent[key] = 7 if isinstance(value, str) else "sju"
    elif kind == "null":
        parent[key] = None
    elif kind == "duplicate_id":
        target = data
        for part in other[:-1]:
            target = target[part]
        parent[key] = target[other[-1]]
    elif kind == "dangle":
        parent[key] = "finns-inte"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(PATHS), kind=st.sampled_from(["drop", "retype", "null", "dangle"]))
def test_any_one_edit_of_the_policy_is_valid_or_named_with_a_line(path: tuple[Any, ...], kind: str) -> None:
    mutated_policy(path, kind, ())


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(IDS), other=st.sampled_from(IDS))
def test_a_duplicated_id_is_valid_or_named_with_a_line(path: tuple[Any, ...], other: tuple[Any, ...]) -> None:
    mutated_policy(path, "duplicate_id", other)


def mutated_policy(path: tuple[Any, ...], kind: str, other: tuple[Any, ...]) -> None:
    """Load the policy after one edit: it loads, or the error names a line and a reason."""
    data = copy.deepcopy(BASE)
    _mutate(data, path, kind, other)
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "policy.yaml"
        # libyaml's writer: the same data as safe_dump writes, in a sixth of the time.
        target.write_text(
            yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        try:
            load_policy(target)
        except PolicyError as error:
            assert error.line is not None and error.line >= 1, str(error)
            assert str(error).startswith(f"policy.yaml:{error.line}: ")
            assert error.reason and "\n" not in error.reason
