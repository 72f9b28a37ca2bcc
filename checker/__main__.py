"""Command line: ``python -m checker check FILE|-``, ``verify``, ``compile`` and ``source [FILE]``.

Exit status 0 with the verdict on standard output; 2 with one plain Swedish line per
problem on standard error, for an invalid scenario or a broken policy (as the scenario
contract says). No traceback reaches the user.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from .engine import check
from .policy import Policy, load_policy
from .revision import command_source
from .scenario import MAX_INPUT_CHARS, ScenarioError, scenario_from_json
from .source import PolicyError
from .verify import grouped_gaps, verify
from .wording import gap_words


def _read_input(name: str) -> str:
    stream = sys.stdin if name == "-" else open(name, encoding="utf-8")
    with stream:
        return stream.read(MAX_INPUT_CHARS + 1)


def command_check(policy: Policy, arguments: argparse.Namespace) -> int:
    try:
        text = _read_input(arguments.file)
    except (OSError, UnicodeDecodeError) as error:
        print(f"{arguments.file}: {getattr(error, 'strerror', None) or error}", file=sys.stderr)
        return 2
    try:
        verdict = check(policy, scenario_from_json(policy, text))
    except ScenarioError as error:
        for problem in error.problems:
            print(problem.message, file=sys.stderr)
        return 2
    if arguments.format == "text":
        from .wording import verdict_text

        print(verdict_text(policy, verdict))
    else:
        print(json.dumps(verdict, ensure_ascii=False, indent=2))
    return 0


def command_verify(policy: Policy, arguments: argparse.Namespace) -> int:
    started = time.perf_counter()
    report = verify(policy)
    seconds = time.perf_counter() - started
    if arguments.format == "json":
        print(json.dumps({**report.as_dict(), "seconds": round(seconds, 3)}, ensure_ascii=False, indent=1))
        return 0 if report.ok else 1
    print(f"Policy {policy.version}: {len(policy.rules)} regler, {report.scenarios} scenarier på {seconds:.2f} s.")
    for outcome, count in report.outcomes.items():
        print(f"  {policy.text('outcomes', outcome)} ({outcome}): {count}")
    print(f"Konflikter: {len(report.conflicts)}")
    for conflict in report.conflicts:
        print(f"  FEL: {conflict}")
    print(f"Regler som aldrig avgör: {len(report.unreachable)}")
    for rule_id in report.unreachable:
        print(f"  FEL: regeln '{rule_id}' avgör inget scenario (den skuggas helt).")
    gaps = grouped_gaps(policy, report)
    print(f"Rutinen reglerar inte: {len(report.not_covered)} scenarier i {len(gaps)} grupper:")
    for gap in gaps:
        print(f"  {gap['situation']}: {gap_words(policy, gap)}")
    return 0 if report.ok else 1


def command_compile(policy: Policy, arguments: argparse.Namespace) -> int:
    data = dict(policy.data)
    data["generated"] = f"Genererad från {policy.file} med 'python -m checker compile'; ändra inte här."
    Path(arguments.output).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m checker", description="Rutinen Digital kommunikation med invånare och patient som kontrollerbara regler.")
    parser.add_argument("--policy", help="policyfil (standard: policy.yaml i projektet, annars den kompilerade policy.json)")
    commands = parser.add_subparsers(dest="command", required=True)
    check_parser = commands.add_parser("check", help="avgör ett scenario (JSON-fil eller - för standard in)")
    check_parser.add_argument("file")
    check_parser.add_argument("--format", choices=("json", "text"), default="json")
    verify_parser = commands.add_parser("verify", help="pröva alla kombinationer: konflikter, oanvända regler, luckor")
    verify_parser.add_argument("--format", choices=("text", "json"), default="text")
    compile_parser = commands.add_parser("compile", help="skriv den kontrollerade policyn som JSON (för webbläsaren)")
    compile_parser.add_argument("output")
    source_parser = commands.add_parser("source", help="jämför en text av rutinen med policyns avsnitt (standard: filen i meta.source)")
    source_parser.add_argument("file", nargs="?")
    source_parser.add_argument("--format", choices=("text", "json"), default="text")
    arguments = parser.parse_args(argv)
    try:
        policy = load_policy(arguments.policy)
    except PolicyError as error:
        print(error, file=sys.stderr)
        return 2
    handler = {"check": command_check, "verify": command_verify, "compile": command_compile, "source": command_source}[arguments.command]
    return handler(policy, arguments)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # the reader stopped early (e.g. `| head`): not an error of ours
        sys.stderr.close()
        sys.exit(0)
