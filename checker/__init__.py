"""The routine "Digital kommunikation med invånare och patient" as checkable rules.

A generic engine over the policy data: it holds no knowledge of the routine itself, so
that ``policy.yaml`` alone decides. Runs unchanged in CPython and in Pyodide.
"""

from .engine import check, decide
from .policy import Policy, load_policy, load_policy_json
from .scenario import Problem, ScenarioError, scenario_from_query, validate_scenario
from .source import PolicyError

__all__ = [
    "Policy",
    "PolicyError",
    "Problem",
    "ScenarioError",
    "check",
    "decide",
    "load_policy",
    "load_policy_json",
    "scenario_from_query",
    "validate_scenario",
]
