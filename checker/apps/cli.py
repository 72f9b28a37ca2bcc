"""Command line: ``python -m checker check FILE|-``, ``verify``, ``compile``, ``source [FILE]``, ``diff``, ``publish``
and ``confirm READING`` | ``confirm --from FILE``.

Exit status 0 with the verdict on standard output; 2 with one plain Swedish line per
problem on standard error, for an invalid scenario or a broken policy (as the scenario
contract says). No traceback reaches the user.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
import time
from pathlib import Path

from ..engine.decide import RuleConflict, check
from ..engine.proofs import failure, prove_all
from ..engine.verify import verify
from ..model.confirmation import (
    DecisionsError,
    chosen_text,
    confirmation_problem,
    confirmed_text,
    read_decisions,
    refused,
)
from ..model.loading import load_policy
from ..model.policy import DEFAULT_POLICY, PUBLISHED, Policy
from ..model.properties import BOUND
from ..model.scenario import MAX_INPUT_CHARS, ScenarioError, scenario_from_json, scenario_to_query
from ..model.source import PolicyError
from ..present.cli_text import changes_text, verdict_text
from ..revision.align import compare
from ..revision.impact import decide_today, impact, impact_lines
from ..revision.report import render, unreadable
from ..revision.routine_file import UnreadableFile, read_routine
from ..versions.diff import change_index, count_scenarios, diff, history
from ..versions.numbering import BUMPS, bump, required_bump
from ..versions.records import from_policy, from_record, load_version, published_versions, record


def _read_input(name: str) -> str:
    if name == "-":
        return sys.stdin.read(MAX_INPUT_CHARS + 1)
    with open(name, encoding="utf-8") as stream:
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
        print(verdict_text(policy, verdict))
    else:
        print(json.dumps(verdict, ensure_ascii=False, indent=2))
    return 0


def review_warning(policy: Policy, today: datetime.date) -> str | None:
    """A warning (never an error) when the routine's review date has passed or is not set."""
    review_by = policy.data["meta"].get("review_by")
    if review_by is None:
        return "rutinens ägare har inte satt något datum för nästa översyn (meta.review_by)."
    if datetime.date.fromisoformat(str(review_by)) < today:
        return f"rutinen skulle ha setts över senast {review_by} (meta.review_by)."
    return None


MAX_INCOHERENT_SHOWN = 20
"""Incoherent verdicts printed by verify: the first are enough to find the rule; the count says the rest."""


def command_verify(policy: Policy, arguments: argparse.Namespace) -> int:
    started = time.perf_counter()
    report = verify(policy)
    proofs = prove_all(policy)
    seconds = time.perf_counter() - started
    proven = all(proof.holds for proof in proofs)
    if arguments.format == "json":
        confirmations = [
            {"interpretation": item, "problem": problem}
            for item in policy.interpretations
            if (problem := confirmation_problem(policy, item))
        ]
        print(
            json.dumps(
                {
                    **report.as_dict(),
                    "ok": report.ok and proven,
                    "properties": [
                        {
                            "id": proof.property["id"],
                            "holds": proof.holds,
                            "answers": proof.answers,
                            "pairs": proof.pairs,
                            "broken": proof.broken,
                            **({} if proof.holds else {"error": str(failure(policy, proof))}),
                        }
                        for proof in proofs
                    ],
                    "confirmations": confirmations,
                    "seconds": round(seconds, 3),
                },
                ensure_ascii=False,
                indent=1,
            )
        )
        return 0 if report.ok and proven else 1
    print(f"Policy {policy.version}: {len(policy.rules)} regler, {report.scenarios} scenarier på {seconds:.2f} s.")
    warning = review_warning(policy, datetime.date.today())
    if warning:
        print(f"VARNING: {warning}")
    for outcome, count in report.outcomes.items():
        print(f"  {policy.text('outcomes', outcome)} ({outcome}): {count}")
    print(f"Konflikter: {len(report.conflicts)}")
    for conflict in report.conflicts:
        print(f"  FEL: {conflict}")
    print(f"Regler som aldrig avgör: {len(report.unreachable)}")
    for rule_id in report.unreachable:
        print(f"  FEL: regeln '{rule_id}' avgör inget scenario (den skuggas helt).")
    print(
        f"Rutinen reglerar inte: {len(report.not_covered)} scenarier, i {len(report.questions)} frågor till rutinens ägare:"
    )
    for question in report.questions:
        print(f"  {question['id']} ({len(question['scenarios'])}): {question['question']}")
    for item in report.unasked:
        claimed = ", ".join(item["questions"]) or "ingen fråga"
        print(
            f"  FEL: scenariot {scenario_to_query(item['scenario'])} hör till {claimed}; det ska höra till precis en fråga i 'owner_questions'."
        )
    for alternative, conflict in report.alternative_conflicts:
        print(f"  FEL: alternativet '{alternative}': {conflict}.")
    print(f"Svar som säger två saker: {len(report.incoherent)} (av {report.scenarios} prövade)")
    for item in report.incoherent[:MAX_INCOHERENT_SHOWN]:
        print(f"  FEL: {scenario_to_query(item['scenario'])}: {' | '.join(item['problems'])}")
    for reminder in report.idle_reminders:
        print(f"  FEL: påminnelsen visas i inget svar (dess 'when' gäller aldrig): {reminder}")
    for interpretation_id in policy.interpretations:
        problem = confirmation_problem(policy, interpretation_id)
        if problem:
            print(f"VARNING: tolkningen '{interpretation_id}': {problem} Den räknas som föreslagen.")
    for question_id in report.idle_questions:
        print(
            f"  FEL: frågan '{question_id}' gäller inget scenario som rutinen lämnar öppet; ta bort den eller ändra 'when'."
        )
    print(f"Egenskaper: {sum(proof.holds for proof in proofs)} av {len(proofs)} bevisade över hela svarsrymden.")
    for proof in proofs:
        if proof.holds:
            pairs = "" if BOUND in proof.property else f" ({proof.pairs} jämförda par)"
            print(f"  {proof.property['id']}: bevisad över {proof.answers} svar{pairs}.")
        else:
            print(failure(policy, proof))
    return 0 if report.ok and proven else 1


def command_compile(policy: Policy, arguments: argparse.Namespace) -> int:
    """The policy as JSON for the browser, with the index of answers this version changed."""
    data = dict(policy.data)
    data["generated"] = f"Genererad från {policy.file} med 'python -m checker compile'; ändra inte här."
    steps = history(policy, Path(arguments.published))
    if steps:
        data["changes"] = change_index(policy, steps[-1])
    Path(arguments.output).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


def command_diff(arguments: argparse.Namespace) -> int:
    try:
        old, new = load_version(arguments.old), load_version(arguments.new)
    except PolicyError as error:
        print(error, file=sys.stderr)
        return 2
    report = diff(old, new)
    if arguments.format == "json":
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        words = new.policy or load_policy(arguments.policy)
        print(changes_text(words, report))
    return 0


def version_problem(policy: Policy, folder: Path) -> str | None:
    """Why the version number is too small for what changed since the last published one."""
    earlier = [version for version in published_versions(folder) if bump(version.version, policy.version)]
    if not earlier:
        return None
    last, current = earlier[-1], from_policy(policy)
    renamed = {item["old"] for item in policy.data.get("renamed", [])}
    gone = [
        name
        for kind in ("rules", "sections")
        for name in last.ids.get(kind, [])
        if name not in current.ids[kind] and name not in renamed
    ]
    if gone:
        return (
            f"{', '.join(gone)} publicerades i version {last.version} men finns inte längre. Länkar dit sparas av "
            "andra: ange under 'renamed' vart de har flyttat (old, new)."
        )
    level, reasons = required_bump(last, current, diff(last, current)["changes"])
    given = bump(last.version, policy.version)
    if BUMPS.index(given) >= BUMPS.index(level):
        return None
    shown = "; ".join(reasons[:5]) + (" med mera" if len(reasons) > 5 else "")
    return (
        f"Version {policy.version} efter {last.version} är en {given}-ändring, men ändringen kräver {level}: {shown}. "
        "Se ägarens guide om versionsnummer."
    )


def command_publish(policy: Policy, arguments: argparse.Namespace) -> int:
    """Record the policy's verdicts as its published version (once per version).

    ``--check``: only say whether the record for this version, if there is one, still
    matches; a policy changed without a new version number fails here.
    """
    target = Path(arguments.folder) / f"{policy.version}.json"
    try:
        recorded = record(policy)
    except RuleConflict as conflict:
        print(f"FEL: {conflict}", file=sys.stderr)
        return 2
    if target.exists():
        kept = from_record(json.loads(target.read_text(encoding="utf-8")))
        changed = diff(kept, from_policy(policy))["changes"]
        if changed:
            print(
                f"{target}: version {policy.version} är redan publicerad och {count_scenarios(changed)} svar har ändrats "
                "sedan dess. Höj versionen i meta.version och lägg till en rad i meta.policy_changes.",
                file=sys.stderr,
            )
            return 1
        return 0
    problem = version_problem(policy, Path(arguments.folder))
    if problem:
        print(problem, file=sys.stderr)
        return 1
    if arguments.check:
        print(f"Version {policy.version} är inte publicerad ännu (ingen {target}); kör 'python -m checker publish'.")
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(recorded, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"Publicerad: {target}")
    return 0


def next_version(version: str, level: str) -> str:
    """The smallest version number after ``version`` with a ``level`` bump."""
    major, minor, patch = (int(part) for part in version.split("."))
    return {"major": f"{major + 1}.0.0", "minor": f"{major}.{minor + 1}.0", "patch": f"{major}.{minor}.{patch + 1}"}[
        level
    ]


def version_step(policy: Policy, folder: Path) -> str | None:
    """What the maintainer does next after a confirmation, so that the build never stops at
    an unexplained "already published" (``publish --check``): the version number to give,
    and why. None: nothing to do for the version."""
    published = folder / f"{policy.version}.json"
    if published.exists():
        kept = from_record(json.loads(published.read_text(encoding="utf-8")))
        changed = diff(kept, from_policy(policy))["changes"]
        if not changed:
            return None
        level, reasons = required_bump(kept, from_policy(policy), changed)
        shown = "; ".join(reasons[:3]) + (" med mera" if len(reasons) > 3 else "")
        return (
            f"Nästa steg: version {policy.version} är redan publicerad, och bygget (scripts/build, "
            f"'checker publish --check') stoppar tills versionen höjs. Ändringen är en {level}-ändring ({shown}): "
            f"sätt meta.version till {next_version(policy.version, level)}, lägg till en rad i meta.policy_changes "
            "och sätt meta.applies_from; kör sedan scripts/build och 'python -m checker publish'. "
            "Se guides/rutinens-agare.md, Versionsnummer."
        )
    problem = version_problem(policy, folder)
    if problem:
        return f"Nästa steg: {problem}"
    return None


def _date_argument(arguments: argparse.Namespace) -> str | None:
    try:
        return (datetime.date.fromisoformat(arguments.date) if arguments.date else datetime.date.today()).isoformat()
    except ValueError:
        print(f"datumet '{arguments.date}' ska skrivas ÅÅÅÅ-MM-DD.", file=sys.stderr)
        return None


def command_confirm(policy: Policy, arguments: argparse.Namespace) -> int:
    """Record the owner's confirmation of a reading in policy.yaml, bound to what it signs;
    with ``--from FILE``, every decision she saved on *Tolkningar* (see command_decisions).

    Exit 0 recorded; 2 an unknown reading, a date that is not YYYY-MM-DD, or no policy.yaml
    to write (the compiled JSON is never edited). Then says the version step that follows.
    """
    if (arguments.reading is None) == (arguments.decisions is None):
        print("ange antingen en tolkning (READING) eller --from FIL med ägarens beslut.", file=sys.stderr)
        return 2
    date = _date_argument(arguments)
    path = Path(arguments.policy) if arguments.policy else DEFAULT_POLICY
    if date is None:
        return 2
    if path.suffix not in (".yaml", ".yml"):
        print(f"{path.name}: bara policy.yaml kan bekräftas i (den kompilerade JSON-filen skrivs om).", file=sys.stderr)
        return 2
    if arguments.decisions is not None:
        return command_decisions(policy, arguments, path, date)
    reading = arguments.reading
    if reading not in policy.interpretations:
        known = ", ".join(policy.interpretations)
        print(f"tolkningen '{reading}' finns inte i {policy.file} (tolkningar: {known}).", file=sys.stderr)
        return 2
    text = path.read_text(encoding="utf-8")
    path.write_text(confirmed_text(text, reading, arguments.by, date, policy), encoding="utf-8")
    confirmed = load_policy(path)
    problem = confirmation_problem(confirmed, reading)
    if problem:  # the file was written but does not read back as confirmed: say so, never hide it
        print(f"tolkningen '{reading}': {problem}", file=sys.stderr)
        return 1
    print(f"Bekräftad: tolkningen '{reading}' av {arguments.by}, {date}.")
    step = version_step(confirmed, Path(arguments.published))
    if step:
        print(step)
    return 0


def command_decisions(policy: Policy, arguments: argparse.Namespace, path: Path, date: str) -> int:
    """``confirm --from FILE`` (contract v4): apply every decision of the owner's file, or none.

    Exit 0 all recorded; 1 some refused (each by name; nothing written); 2 the file cannot
    be read as decisions, or the policy does not read back after them (then restored).
    """
    try:
        decisions = read_decisions(Path(arguments.decisions).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        print(f"{arguments.decisions}: {getattr(error, 'strerror', None) or error}", file=sys.stderr)
        return 2
    except DecisionsError as error:
        print(f"{arguments.decisions}: {error}", file=sys.stderr)
        return 2
    reasons = refused(policy, decisions)
    if reasons:
        for reason in reasons:
            print(f"Avvisat: {reason}", file=sys.stderr)
        print(f"Inget av {arguments.decisions} har förts in i {path.name}.", file=sys.stderr)
        return 1
    original = path.read_text(encoding="utf-8")
    text = original
    for decision in decisions:
        text = chosen_text(text, decision, arguments.by, date)
    try:
        path.write_text(text, encoding="utf-8")
        chosen = load_policy(path)
        for decision in decisions:
            if decision.choice is not None:
                text = confirmed_text(text, decision.interpretation, arguments.by, date, chosen)
        path.write_text(text, encoding="utf-8")
        result = load_policy(path)
    except PolicyError as error:
        path.write_text(original, encoding="utf-8")
        print(f"{error}\nInget av {arguments.decisions} har förts in; {path.name} är som förut.", file=sys.stderr)
        return 2
    for decision in decisions:
        name = decision.interpretation
        if decision.choice is not None:
            problem = confirmation_problem(result, name)
            if problem:
                print(f"tolkningen '{name}': {problem}", file=sys.stderr)
                return 1
            picked = result.choices.get(name)
            what = f"alternativet '{picked}' valt och bekräftat" if picked else "bekräftad"
            print(f"Tolkningen '{name}': {what} av {arguments.by}, {date}.")
        if decision.comment:
            print(f"Tolkningen '{name}': kommentar sparad (comment i {path.name}): {decision.comment}")
    step = version_step(result, Path(arguments.published))
    if step:
        print(step)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m checker",
        description="Rutinen Digital kommunikation med invånare och patient som kontrollerbara regler.",
    )
    parser.add_argument(
        "--policy", help="policyfil (standard: policy.yaml i projektet, annars den kompilerade policy.json)"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check_parser = commands.add_parser("check", help="avgör ett scenario (JSON-fil eller - för standard in)")
    check_parser.add_argument("file")
    check_parser.add_argument("--format", choices=("json", "text"), default="json")
    verify_parser = commands.add_parser("verify", help="pröva alla kombinationer: konflikter, oanvända regler, luckor")
    verify_parser.add_argument("--format", choices=("text", "json"), default="text")
    compile_parser = commands.add_parser("compile", help="skriv den kontrollerade policyn som JSON (för webbläsaren)")
    compile_parser.add_argument("output")
    compile_parser.add_argument("--published", default=str(PUBLISHED), help="mappen med publicerade versioner")
    diff_parser = commands.add_parser(
        "diff", help="vilka svar som ändras från en policy (eller publicerad version) till en annan"
    )
    diff_parser.add_argument("old")
    diff_parser.add_argument("new")
    diff_parser.add_argument("--format", choices=("text", "json"), default="text")
    publish_parser = commands.add_parser("publish", help="spara policyns svar som publicerad version i published/")
    publish_parser.add_argument("--folder", default=str(PUBLISHED))
    publish_parser.add_argument(
        "--check", action="store_true", help="skriv inget; misslyckas om versionen ändrats utan ny versionsnummer"
    )
    source_parser = commands.add_parser(
        "source",
        help="jämför en text av rutinen (.txt, eller Word .docx) med policyns avsnitt (standard: filen i meta.source)",
    )
    source_parser.add_argument("file", nargs="?")
    source_parser.add_argument("--format", choices=("text", "json"), default="text")
    confirm_parser = commands.add_parser(
        "confirm", help="rutinens ägare bekräftar en tolkning; skrivs i policy.yaml med fingeravtryck"
    )
    confirm_parser.add_argument("reading", nargs="?", help="tolkningens id")
    confirm_parser.add_argument(
        "--from", dest="decisions", metavar="FIL", help="beslutsfilen som ägaren sparat från sidan Tolkningar"
    )
    confirm_parser.add_argument("--by", required=True, help='vem som bekräftar: "Namn, roll"')
    confirm_parser.add_argument("--date", help="ÅÅÅÅ-MM-DD (standard: i dag)")
    confirm_parser.add_argument("--published", default=str(PUBLISHED), help="mappen med publicerade versioner")
    arguments = parser.parse_args(argv)
    if arguments.command == "diff":
        return command_diff(arguments)
    try:
        policy = load_policy(arguments.policy)
    except PolicyError as error:
        print(error, file=sys.stderr)
        return 2
    handler = {
        "check": command_check,
        "verify": command_verify,
        "compile": command_compile,
        "publish": command_publish,
        "source": command_source,
        "confirm": command_confirm,
    }[arguments.command]
    return handler(policy, arguments)


def command_source(policy: Policy, arguments: argparse.Namespace) -> int:
    """``source [FILE]``: 0 when the text and the policy agree, 1 when they differ, 2 when
    FILE cannot be read (FILE defaults to ``meta.source``, beside the policy file)."""
    policy_path = Path(arguments.policy) if arguments.policy else DEFAULT_POLICY
    if "routine_text" not in policy.data:
        print(f"{policy.file}: policyn saknar 'routine_text' (hur rutinens text läses).", file=sys.stderr)
        return 2
    name = arguments.file
    if name is None:
        if "source" not in policy.data["meta"]:
            print(f"{policy.file}: ange rutinens text (FIL), eller sätt meta.source i policyn.", file=sys.stderr)
            return 2
        name = os.path.relpath(policy_path.parent / policy.data["meta"]["source"])
    try:
        text = read_routine(name)
    except UnreadableFile as error:
        print(f"{name}: {unreadable(policy, error)}", file=sys.stderr)
        return 2
    revision = compare(policy, text, name)
    if arguments.format == "json":
        print(json.dumps(revision.as_dict(), ensure_ascii=False, indent=1))
    else:
        changes, values = impact(policy, revision, text, lambda: decide_today(policy))
        print(render(policy, revision, policy.file, impact_lines(policy, changes, values)))
    return 0 if revision.agrees else 1
