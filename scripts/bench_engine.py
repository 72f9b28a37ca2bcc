"""Benchmark the engine in CPython: load the policy, verify the whole space, check scenarios.

Targets (issue "The whole routine as checkable rules"): `verify` over every combination in
under 2 s on this machine. Run: .venv/bin/python scripts/bench_engine.py [--repeat N]
Prints min / median / max per measurement; a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from checker import check, load_policy
from checker.engine.verify import all_scenarios, verify


def measure(label: str, action: Callable[[], object], repeat: int) -> None:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    print(
        f"{label:<42} min {min(times) * 1000:8.2f} ms   median {statistics.median(times) * 1000:8.2f} ms   max {max(times) * 1000:8.2f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    policy = load_policy()
    scenarios = [scenario for situation in policy.situations for scenario in all_scenarios(policy, situation)]
    print(
        f"Python {sys.version.split()[0]}, policy {policy.version}: {len(policy.rules)} rules, {len(scenarios)} scenarios"
    )
    measure("load policy.yaml (parse + validate)", load_policy, repeat)
    measure("verify (every combination)", lambda: verify(policy), repeat)
    measure(
        f"check x{len(scenarios)} (validate + decide + hints)", lambda: [check(policy, s) for s in scenarios], repeat
    )


if __name__ == "__main__":
    main()
