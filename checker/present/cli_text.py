"""A verdict and the changes between two versions as plain Swedish text (``check --format text``, ``diff``).

Every sentence comes from ``policy.yaml``'s ``texts`` and the phrases of
:mod:`checker.model.wording`, the same the browser and the pages show.
"""

from __future__ import annotations

from typing import Any

from ..model.policy import Policy
from ..model.scenario import scenario_to_query
from ..model.wording import consent_lines, group_words, interpretation_words


def verdict_text(policy: Policy, verdict: dict[str, Any]) -> str:
    """The verdict as readable Swedish for a terminal (``--format text``)."""
    report = policy.data["texts"]["report"]
    out = [report["title"].format(outcome=policy.text("outcomes", verdict["outcome"]))]
    for step in verdict["explanation"]:
        out.append(f"  {step['says']}")
    if verdict["outcome"] == "not_covered" and not verdict["rules"]:
        out.append(f"  {report['not_covered']}")
    out += consent_lines(policy, verdict["consent"])
    if verdict["conditions"]:
        out.append(report["conditions"])
        out += [f"  - {condition}" for condition in verdict["conditions"]]
    for message in verdict["messages"]:
        out.append(report["messages"].format(title=message["title"]))
        out += [f"    {line}" for line in message["text"].splitlines()]
    out.append(verdict["documentation"]["text"])
    out += [reminder["text"] for reminder in verdict["reminders"]]
    if verdict["hints"]:
        out.append(report["hints"])
        out += [f"  - {hint}" for hint in verdict["hints"]]
    if verdict["references"]:
        out.append(report["references"])
        out += [
            f"  - {ref['title']}" + (f" ({ref['url']})" if ref["url"] else f" – {ref['find']}")
            for ref in verdict["references"]
        ]
    if verdict["interpretations"]:
        out.append(report["interpretations"])
        out += [f"  - {interpretation_words(policy, item)}" for item in verdict["interpretations"]]
    if verdict.get("changed"):
        out.append(f"{verdict['changed']['text']} ({verdict['changed']['link']})")
    if verdict["rules"]:
        out.append(report["rules"].format(rules=", ".join(verdict["rules"])))
    out.append(report["sources"].format(sources=", ".join(verdict["sources"])))
    out.append(report["policy_version"].format(version=verdict["policy_version"]))
    return "\n".join(out)


def verdict_words(policy: Policy, verdict: dict[str, Any] | None) -> str:
    """A verdict in one line: the outcome and what goes with it (consent, journal text)."""
    if verdict is None:
        return policy.text("changes", "situation_missing")
    words = [policy.text("outcomes", verdict["outcome"])]
    words += consent_lines(policy, verdict["consent"])
    return " ".join(word if word.endswith(".") else word + "." for word in words)


def changes_text(policy: Policy, report: dict[str, Any]) -> str:
    """``python -m checker diff`` as readable Swedish: each group, before and after, with quotes."""
    changes = policy.data["texts"]["changes"]
    entries = report["changes"]
    if not entries:
        return changes["none"].format(old=report["from"], new=report["to"])
    out = [
        changes["title"].format(
            old=report["from"],
            new=report["to"],
            count=len(entries),
            scenarios=sum(len(entry["scenarios"]) for entry in entries),
        )
    ]
    for number, entry in enumerate(entries, 1):
        out.append("")
        out.append(f"{number}. {group_words(policy, entry['situation'], entry['values'])} ({len(entry['scenarios'])})")
        for key, verdict, rules in (
            ("before", entry["before"], entry["rules_before"]),
            ("after", entry["after"], entry["rules_after"]),
        ):
            out.append("   " + changes[key].format(verdict=verdict_words(policy, verdict)))
            if verdict and verdict["conditions"]:
                out += [f"     - {condition}" for condition in verdict["conditions"]]
            if rules:
                out.append("     " + changes["rules"].format(rules=", ".join(rule["id"] for rule in rules)))
            for rule in rules:
                out += [f"       ”{quote}” ({rule['section']})" for quote in rule["quote"]]
        out.append("   " + changes["try"].format(link="kontroll/?" + scenario_to_query(entry["scenarios"][0])))
    return "\n".join(out)
