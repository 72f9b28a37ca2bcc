"""The page "Vad har ändrats": what each policy version answers differently, for staff.

Built from the published versions' answers and the current policy (checker.versions), never
by hand: each step from one version to the next lists the changes that give staff another
answer, numbered as the checker's "Ändrat i version …" links number them. Each entry says,
in the words staff read in the checker, which questions it is about, what changes for them
(the outcome, the consent, a condition or an example message, with the changed words marked
``<del>``/``<ins>``), which rules decide, and links to try the question. Rules are named by
their own words, never by id (the id stays in the link). Changes that only add the reading
an answer rests on are counted in one line.

A version opens with "Viktigast för dig" (at most five lines: the changes that touch the most
answers) and says whether the routine's own text changed in that step or only how the rules
read it. Entries that tell staff the same thing (the same change for other channels, ages or
systems) are one group with a row per case; each row keeps its number and anchor, which the
checker links to. Only the latest version prints (print.css): the older ones stay on screen.
"""

from __future__ import annotations

import datetime
import difflib
import json
from pathlib import Path
from typing import Any

from checker.model.policy import Policy
from checker.model.wording import consent_lines, group_conditions
from checker.versions.diff import history, word_diff

from .markdown import bullets, heading, page, plain, words
from .reader_pages import NO_PLACE
from .routine import Place, first_sentence

PAGE = "changes_page"
"""The group of policy.yaml's texts that holds the page's own words."""


def changes_page(policy: Policy, published: Path) -> str:
    place = Place(policy, NO_PLACE)
    steps = history(policy, published)
    blocks = [f"# {words(policy, PAGE, 'title')}", words(policy, PAGE, "intro")]
    if not steps:
        blocks.append(words(policy, PAGE, "none"))
    for index, step in enumerate(reversed(steps)):
        shown = "\n\n".join(_step(policy, place, step, latest=not index))
        if index:  # older versions: on screen, not on paper, and not searched
            shown = f'<div class="tidigare-version" markdown>\n\n{shown}\n\n</div>'
        blocks.append(shown)
    if len(steps) > 1:
        blocks.append(f'<p class="bara-utskrift">{words(policy, PAGE, "print_older")}</p>')
    return page(*blocks)


def _date(policy: Policy, version: str) -> str:
    return next(
        (str(item["date"]) for item in policy.data["meta"].get("policy_changes", []) if item["version"] == version), ""
    )


MOST_IMPORTANT = 5
"""Lines under "Viktigast för dig", the last one saying how many more changes follow."""


def _step(policy: Policy, place: Place, step: dict[str, Any], *, latest: bool) -> list[str]:
    new = step["to"]
    answered = [entry for entry in step["changes"] if entry["answer_changed"]]
    readings = [entry for entry in step["changes"] if not entry["answer_changed"]]
    title = words(policy, PAGE, "step", new=new, date=_date(policy, new), old=step["from"])
    blocks = [heading(2, title, f"version-{new.replace('.', '-')}", searched=latest)]
    groups = _groups(policy, answered)
    if groups:
        blocks.append(_most_important(policy, new, groups))
    blocks.append(_text_or_reading(policy, step))
    about = next(
        (item["change"] for item in policy.data["meta"].get("policy_changes", []) if item["version"] == new), None
    )
    if about:
        blocks.append(words(policy, PAGE, "about", change=plain(about)))
    blocks.append(
        words(policy, PAGE, "count", answers=sum(len(entry["scenarios"]) for entry in answered), changes=len(groups))
    )
    blocks += [_group(policy, place, new, members) for members in groups]
    if readings:
        blocks.append(
            words(
                policy,
                PAGE,
                "readings_only",
                scenarios=sum(len(entry["scenarios"]) for entry in readings),
                interpretations=f"[{words(policy, 'interpretations_page', 'title')}](tolkningar.md)",
            )
        )
    return blocks


Group = list[tuple[int, dict[str, Any]]]
"""Entries that tell staff the same thing, each with its number on the page."""


def _groups(policy: Policy, answered: list[dict[str, Any]]) -> list[Group]:
    """The changed answers grouped by what staff are told (situation, what changes, the rules
    before and now), in the order of their first entry."""
    groups: dict[str, Group] = {}
    for number, entry in enumerate(answered, 1):
        key = json.dumps(
            [
                entry["situation"],
                what_changed(policy, entry),
                [rule["id"] for rule in entry["rules_after"]],
                [rule["id"] for rule in entry["rules_before"]],
            ],
            ensure_ascii=False,
        )
        groups.setdefault(key, []).append((number, entry))
    return list(groups.values())


def _answers(members: Group) -> int:
    return sum(len(entry["scenarios"]) for _, entry in members)


def _most_important(policy: Policy, version: str, groups: list[Group]) -> str:
    """At most five lines: the changes touching the most answers, then how many more follow."""
    ranked = sorted(groups, key=_answers, reverse=True)
    room = MOST_IMPORTANT if len(ranked) <= MOST_IMPORTANT else MOST_IMPORTANT - 1
    lines = []
    for members in ranked[:room]:
        entry = members[0][1]
        lines.append(
            words(
                policy,
                PAGE,
                "most_important_line",
                situation=plain(_situation_label(policy, entry)),
                what=_headline(policy, entry),
                count=_answers(members),
                anchor=policy.change_link(version, members[0][0]).split("#", 1)[1],
            )
        )
    if len(ranked) > room:
        lines.append(words(policy, PAGE, "most_important_more", count=len(ranked) - room))
    return (
        f'<div class="viktigast" markdown>\n\n**{words(policy, PAGE, "most_important")}**\n\n{bullets(lines)}\n\n</div>'
    )


def _headline(policy: Policy, entry: dict[str, Any]) -> str:
    """What a change does, in one line: the new outcome, or, where the outcome stays, the
    first thing that changes (a condition, the consent, a message)."""
    lines = what_changed(policy, entry)
    same = entry["before"] is not None and entry["before"]["outcome"] == entry["after"]["outcome"]
    return (lines[1] if same and len(lines) > 1 else lines[0]).rstrip(".")


def _text_or_reading(policy: Policy, step: dict[str, Any]) -> str:
    """Whether the routine's own text changed in this step (a dated line of the routine's
    history after the earlier version's date, up to this one's), or only how the rules read it."""
    old, new = _date(policy, step["from"]), _date(policy, step["to"])
    changed = [
        item
        for item in policy.data["meta"].get("history", [])
        if item.get("date") is not None and old < str(item["date"]) <= (new or str(datetime.date.max))
    ]
    if changed:
        return words(
            policy,
            PAGE,
            "text_changed",
            changes=plain("; ".join(f"{item['date']}: {item['change']}" for item in changed)),
        )
    return words(policy, PAGE, "text_same")


def _situation_label(policy: Policy, entry: dict[str, Any]) -> str:
    situation = policy.situations.get(entry["situation"])
    return situation.label if situation else entry["situation"]


def _group(policy: Policy, place: Place, version: str, members: Group) -> str:
    """One change staff are told, once: what changes, which rules decide, then a row per case
    it applies to (each with its number, anchor and a link to try it)."""
    first = members[0][1]
    blocks = [
        f"**{plain(_situation_label(policy, first))}**",
        words(policy, PAGE, "what", count=_answers(members)) + "\n\n" + bullets(what_changed(policy, first)),
    ]
    after = _rule_links(policy, place, first["rules_after"])
    before = _rule_links(policy, place, first["rules_before"])
    if after:
        blocks.append(words(policy, PAGE, "rules_now") + "\n\n" + bullets(after))
    if before and before != after:
        blocks.append(words(policy, PAGE, "rules_before") + "\n\n" + bullets(before))
    blocks.append(words(policy, PAGE, "cases_one" if len(members) == 1 else "cases_many", count=len(members)))
    blocks += [_case(policy, place, version, number, entry) for number, entry in members]
    body = "\n\n".join(block for block in blocks if block)
    return f'<div class="andringsgrupp" markdown>\n\n{body}\n\n</div>'


def _case(policy: Policy, place: Place, version: str, number: int, entry: dict[str, Any]) -> str:
    """One case of a change on one line: when (in the checker's words), how many answers, try it."""
    anchor = policy.change_link(version, number).split("#", 1)[1]
    conditions = group_conditions(policy, entry["situation"], entry["values"])
    when = "; ".join(map(plain, conditions)) or plain(_situation_label(policy, entry))
    said = words(policy, PAGE, "case", when=when, count=len(entry["scenarios"]))
    link = f"[{words(policy, 'pages', 'try')}]({place.checker_href(entry['scenarios'][0])})"
    return f'<div class="andring" id="{anchor}" data-change="{version}-{number}" markdown>\n\n{said} {link}\n\n</div>'


def what_changed(policy: Policy, entry: dict[str, Any]) -> list[str]:
    """What changes for staff, one line each: the outcome first, then the consent, each
    condition and example message that came, went or was reworded, and the readings."""
    before, after = entry["before"], entry["after"]
    now = policy.text("outcomes", after["outcome"])
    if before is None:
        return [words(policy, PAGE, "outcome_new", after=now)]
    if before["outcome"] != after["outcome"]:
        lines = [words(policy, PAGE, "outcome_changed", before=policy.text("outcomes", before["outcome"]), after=now)]
    else:
        lines = [words(policy, PAGE, "outcome_same", after=now)]
    if before["consent"] != after["consent"]:
        old, new = (" ".join(consent_lines(policy, verdict["consent"])) for verdict in (before, after))
        kind = "consent_removed" if not new else "consent_added" if not old else "consent_changed"
        lines.append(words(policy, PAGE, kind, diff=marked(old, new)))
    lines += _list_changes(policy, before["conditions"], after["conditions"], "condition")
    lines += _message_changes(policy, before["messages"], after["messages"])
    lines += _reading_changes(policy, before.get("interpretations", []), after.get("interpretations", []))
    return lines


def _list_changes(policy: Policy, old: list[str], new: list[str], kind: str) -> list[str]:
    """Texts that came, went or were reworded between two lists (``kind`` names the texts
    of policy.yaml that say so), reworded ones first, then the gone, then the new."""
    lines = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for operation, low, high, new_low, new_high in matcher.get_opcodes():
        if operation == "equal":
            continue
        pairs = [pair for pair in zip(old[low:high], new[new_low:new_high], strict=False) if _similar(*pair)]
        lines += [words(policy, PAGE, f"{kind}_changed", diff=marked(a, b)) for a, b in pairs]
        paired = {text for pair in pairs for text in pair}
        lines += [words(policy, PAGE, f"{kind}_removed", diff=marked(a, "")) for a in old[low:high] if a not in paired]
        lines += [
            words(policy, PAGE, f"{kind}_added", diff=marked("", b)) for b in new[new_low:new_high] if b not in paired
        ]
    return lines


def _similar(old: str, new: str) -> bool:
    """Whether a new text is a rewording of an old one (most words kept) rather than another
    text: a rewording is shown word by word, another text as one gone and one new."""
    return difflib.SequenceMatcher(a=old.split(), b=new.split(), autojunk=False).ratio() >= SIMILAR


SIMILAR = 0.5
"""Share of words two texts have in common (difflib's ratio) to count as one text reworded."""


def _message_changes(policy: Policy, old: list[dict[str, str]], new: list[dict[str, str]]) -> list[str]:
    """Example messages by their title: added, gone, or the same title with other words."""
    before = {message["title"]: message["text"] for message in old}
    after = {message["title"]: message["text"] for message in new}
    lines = []
    for title, text in after.items():
        if title not in before:
            lines.append(words(policy, PAGE, "message_added", title=f"<ins>”{plain(title)}”</ins>"))
        elif before[title] != text:
            diff = marked(" ".join(before[title].split()), " ".join(text.split()))
            lines.append(words(policy, PAGE, "message_changed", title=f"”{plain(title)}”", diff=diff))
    lines += [
        words(policy, PAGE, "message_removed", title=f"<del>”{plain(title)}”</del>")
        for title in before
        if title not in after
    ]
    return lines


def _reading_changes(policy: Policy, old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[str]:
    """The readings of the routine an answer rests on: new, dropped, or newly confirmed."""
    before = {item["id"]: item for item in old}
    after = {item["id"]: item for item in new}
    lines = []
    for reading_id, item in after.items():
        named = _reading_link(policy, item)
        if reading_id not in before:
            lines.append(words(policy, PAGE, "reading_added", reading=named))
        elif before[reading_id]["status"] != item["status"]:
            status = policy.text("report", item["status"])
            lines.append(words(policy, PAGE, "reading_status", reading=named, status=status))
    lines += [
        words(policy, PAGE, "reading_removed", reading=_reading_link(policy, item))
        for reading_id, item in before.items()
        if reading_id not in after
    ]
    return lines


def _reading_link(policy: Policy, item: dict[str, Any]) -> str:
    """A reading by its question, linked while the policy still has it."""
    question = f"”{plain(item['question'])}”"
    if item["id"] in policy.interpretations:
        return f"[{question}]({Place.interpretation_href(item['id'])})"
    return question


def marked(old: str, new: str) -> str:
    """The newer text with the words that changed marked: gone words in ``<del>``, new in ``<ins>``.

    The space before a changed run stays outside the mark, so a reader sees whole words.
    """
    out = []
    for kind, text in word_diff(old, new):
        space = text[: len(text) - len(text.lstrip())]
        content = plain(text.lstrip())
        tag = MARKS.get(kind)
        out.append(f"{space}<{tag}>{content}</{tag}>" if tag else space + content)
    return "".join(out)


MARKS = {"-": "del", "+": "ins"}


def _rule_links(policy: Policy, place: Place, rules: list[dict[str, Any]]) -> list[str]:
    """Rules by their own words, each linked to its box: the first sentence of what the rule
    says, or, for a rule this policy no longer has, its section's title (or its quote)."""
    named = []
    for rule in rules:
        if rule["id"] in policy.rules:
            text = first_sentence(policy.rules[rule["id"]]["then"]["says"]).rstrip(".")
            named.append(f"[{plain(text)}]({place.rule_href(rule['id'])})")
        elif rule["section"] in policy.sections:
            title = policy.sections[rule["section"]]["title"]
            named.append(f"[{plain(title)}]({place.section_href(rule['section'])})")
        else:
            named.append(f"”{plain(' '.join(rule['quote']))}”")
    return named
