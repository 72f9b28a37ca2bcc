"""The routine "Digital kommunikation med invånare och patient" as checkable rules.

A generic engine over the policy data: it holds no knowledge of the routine itself, so
that ``policy.yaml`` alone decides. Runs unchanged in CPython and in Pyodide.
"""

from .engine.decide import check, decide
from .model.loading import load_policy, load_policy_json
from .model.policy import Policy
from .model.scenario import Problem, ScenarioError, scenario_from_query, validate_scenario
from .model.source import PolicyError

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
