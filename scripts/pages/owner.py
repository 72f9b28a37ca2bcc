"""The pages for the routine's owner: the readings the rules rest on, and what the routine leaves open.

Both are worked out by the engine (checker.verify), so a count or an example on them cannot
drift from what the checker answers. Where the owner is reached by e-mail is the
publisher's to set (mkdocs.yml ``extra.rutinagare.epost``); without it no mail link is made
and the pages say so.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from checker.changes import alternative_impact
from checker.confirmation import status_of
from checker.policy import Policy, fields_resting_on
from checker.scenario import scenario_to_query
from checker.verify import examples_of, verify
from checker.wording import condition_words

from .markdown import bullets, heading, indent, page, plain, words
from .reader_pages import NO_PLACE
from .routine import Place, first_sentence

READINGS = "interpretations_page"
QUESTIONS = "questions_page"
"""The groups of policy.yaml's texts that hold the two pages' own words."""


@dataclass(frozen=True)
class Owner:
    """How the routine's owner is reached from the site (mkdocs.yml)."""

    email: str | None
    """The owner's address; None: not set yet, no mail link anywhere."""
    site_url: str | None
    """The site's address (mkdocs.yml ``site_url``), so a checker link in a mail works
    outside the site; without it the link is written from the site's root."""
    role: str | None = None
    """Who the owner is, in words (mkdocs.yml ``extra.rutinagare.roll``); None: the policy's
    own words (``texts.checker_page.owner_role``), so the checker always names who to ask."""
    routines: dict[str, str] = field(default_factory=dict)
    """The other routines' addresses by reference id (mkdocs.yml ``extra.rutiner``), which web
    editors know and the policy does not; a reference without one is shown by name only."""

    def checker_link(self, scenario: dict[str, Any]) -> str:
        return f"{self.site_url or ''}kontroll/?{scenario_to_query(scenario)}"


def mailto(policy: Policy, email: str, question: str, link: str) -> str:
    """A mail to the owner holding the question, the checker link and the policy version, nothing else.

    The browser makes the same mail from the same texts (verdict.js, ``ask_owner_*``).
    """
    subject = policy.text("checker_page", "ask_owner_subject").format(title=policy.data["meta"]["title"])
    body = policy.text("checker_page", "ask_owner_body").format(question=question, link=link, version=policy.version)
    return f"mailto:{email}?subject={quote(subject, safe='')}&body={quote(body, safe='')}"


def answers_words(policy: Policy, scenario: dict[str, Any]) -> str:
    """A scenario's answers in the checker's own words, e.g. "Barnets ålder: 5 år; …"."""
    fields = policy.situations[scenario["situation"]].fields
    answers = [condition_words(policy, fields[key], value) for key, value in scenario.items() if key != "situation"]
    return "; ".join(answers) or policy.situations[scenario["situation"]].label


def try_link(policy: Policy, place: Place, scenario: dict[str, Any]) -> str:
    return (
        f"[{words(policy, 'pages', 'try')}]({place.checker_href(scenario)}) – {plain(answers_words(policy, scenario))}"
    )


def section_links(policy: Policy, place: Place, section_ids: list[str]) -> str:
    return ", ".join(f"[{plain(policy.sections[s]['title'])}]({place.section_href(s)})" for s in section_ids)


def entry(data: dict[str, str], body: list[str], css_class: str = "agarpost") -> str:
    """One entry in a block carrying its id as data (``data-interpretation="…"``)."""
    attributes = " ".join(f'data-{key}="{html.escape(value)}"' for key, value in data.items())
    return f'<div class="{css_class}" {attributes} markdown>\n\n' + "\n\n".join(body) + "\n\n</div>"


def status_words(policy: Policy, interpretation_id: str) -> str:
    """The reading's status as it holds: a confirmation that no longer matches counts as proposed."""
    interpretation = policy.interpretations[interpretation_id]
    if status_of(policy, interpretation_id) == "confirmed":
        confirmed = interpretation["confirmed"]
        status = words(policy, READINGS, "confirmed", date=confirmed["date"], by=plain(confirmed["by"]))
    else:
        status = words(policy, READINGS, "proposed")
    return f"**{words(policy, READINGS, 'status')}** {status}"


@dataclass(frozen=True)
class Option:
    """A choice for a reading other than the one in force: an alternative, or the reading
    itself where the owner has chosen an alternative."""

    id: str
    text: str
    impact: dict[str, Any] | None
    """As checker.changes.alternative_impact computes it; None: wording only."""


def options(policy: Policy, interpretation_id: str) -> list[Option]:
    item = policy.interpretations[interpretation_id]
    chosen = policy.choices.get(interpretation_id)
    found = []
    if chosen is not None:
        found.append(Option(interpretation_id, item["reading"], alternative_impact(policy, interpretation_id, None)))
    for other in item["alternatives"]:
        if other["id"] != chosen:
            found.append(Option(other["id"], other["text"], alternative_impact(policy, interpretation_id, other["id"])))
    return found


def changed_parts(policy: Policy, before: dict[str, Any], after: dict[str, Any]) -> str:
    """What else changed in an answer whose outcome stayed (consent, conditions, messages)."""
    parts = [
        words(policy, READINGS, f"part_{key}")
        for key in ("consent", "conditions", "messages")
        if before[key] != after[key]
    ]
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + f" {words(policy, READINGS, 'and')} {parts[-1]}"


def impact_examples(policy: Policy, place: Place, impact: dict[str, Any]) -> list[str]:
    """A few changes to try, each a real one: another outcome, or the same outcome with the
    consent, conditions or messages changed (and then which)."""
    outcome = policy.data["texts"]["outcomes"]
    real = [
        (entry, scenario) for entry in impact["changes"] if entry["answer_changed"] for scenario in entry["scenarios"]
    ]
    lines = []
    for index in examples_of(list(range(len(real)))):
        entry, scenario = real[index]
        before, after = entry["before"], entry["after"]
        answers = plain(answers_words(policy, scenario))
        if before["outcome"] != after["outcome"]:
            said = words(
                policy,
                READINGS,
                "impact_example",
                now=plain(outcome[before["outcome"]]),
                then=plain(outcome[after["outcome"]]),
                answers=answers,
            )
        else:
            said = words(
                policy,
                READINGS,
                "impact_example_same_outcome",
                now=plain(outcome[before["outcome"]]),
                what=changed_parts(policy, before, after),
                answers=answers,
            )
        lines.append(f"[{words(policy, 'pages', 'try')}]({place.checker_href(scenario)}) – {said}")
    return lines


def impact_count(policy: Policy, impact: dict[str, Any] | None) -> str:
    """One line: how many answers the option changes (or that it is wording only)."""
    if impact is None:
        return words(policy, READINGS, "wording_only")
    if not impact["scenarios"]:
        return words(policy, READINGS, "no_impact")
    count = words(policy, READINGS, "impact_one" if impact["answers"] == 1 else "impact_many", count=impact["answers"])
    others = impact["scenarios"] - impact["answers"]
    return count + (" " + words(policy, READINGS, "impact_rules_only", count=others) if others else "")


def option_block(policy: Policy, place: Place, option: Option) -> str:
    """One alternative on screen: its text, what choosing it would change, examples to try."""
    changes = option.impact["scenarios"] if option.impact else 0
    body = [f"**{plain(option.id)}**: {plain(option.text)}", impact_count(policy, option.impact)]
    if option.impact and option.impact["answers"]:
        body.append(bullets(impact_examples(policy, place, option.impact)))
    return entry({"alternative": option.id, "changes": str(changes)}, body, "alternativ")


def sheet(policy: Policy) -> str:
    """Printed only (print.css): the sign-off sheet, one row per reading, signed once at the end."""
    esc = html.escape
    rows = []
    for interpretation_id, item in policy.interpretations.items():
        chosen = policy.choices.get(interpretation_id)
        reading = item["reading"] if chosen is None else policy.alternative(interpretation_id, chosen)["text"]
        alternatives = "".join(
            f"<li><b>{esc(option.id)}</b>: {esc(option.text)} "
            f"<i>({esc(impact_count_short(policy, option.impact))})</i></li>"
            for option in options(policy, interpretation_id)
        )
        rows.append(
            f'<tr data-sheet-row="{esc(interpretation_id)}">'
            f'<td><p class="arkid">{esc(interpretation_id)} · '
            f"{esc(words(policy, READINGS, 'sheet_version', version=policy.version))}</p>"
            f"<p><b>{esc(item['question'])}</b></p>"
            f"<p>{esc(words(policy, READINGS, 'reading'))} {esc(reading)}</p>"
            f"<p>{esc(words(policy, READINGS, 'alternatives'))}</p><ul>{alternatives}</ul></td>"
            f"<td><p>{esc(words(policy, READINGS, 'sheet_confirm'))}</p>"
            f'<p>{esc(words(policy, READINGS, "sheet_choose"))} <span class="signeringsrad kort"></span></p>'
            f"<p>{esc(words(policy, READINGS, 'sheet_other'))}</p>"
            f"<p>{esc(words(policy, READINGS, 'sheet_comment'))}</p>"
            '<p class="kommentar"></p></td></tr>'
        )
    header = (
        f'<thead><tr><th scope="col">{esc(words(policy, READINGS, "sheet_reading"))}</th>'
        f'<th scope="col">{esc(words(policy, READINGS, "sheet_decision"))}</th></tr></thead>'
    )
    line = '<span class="signeringsrad"></span>'
    signature = (
        '<div class="signering">'
        f"<p>{esc(words(policy, READINGS, 'sheet_signed', version=policy.version))}</p>"
        f'<p>{esc(words(policy, READINGS, "sign_date"))} <span class="signeringsrad kort"></span> '
        f"{esc(words(policy, READINGS, 'sign_signature'))} {line}</p>"
        f"<p>{esc(words(policy, READINGS, 'sign_name'))} {line}</p></div>"
    )
    return f'<div class="signeringsark"><table>{header}<tbody>{"".join(rows)}</tbody></table>{signature}</div>'


def impact_count_short(policy: Policy, impact: dict[str, Any] | None) -> str:
    if impact is None:
        return words(policy, READINGS, "sheet_wording_only")
    return words(policy, READINGS, "sheet_changes", count=impact["answers"])


def interpretations_page(policy: Policy) -> str:
    """Every reading the rules rest on, each alternative with what choosing it would change;
    printed, one sign-off sheet for the owner."""
    place = Place(policy, NO_PLACE)
    blocks = [
        f"# {words(policy, READINGS, 'title')}",
        words(policy, READINGS, "intro"),
        words(policy, READINGS, "print_intro"),
        f"[{words(policy, 'revision_page', 'link')}](ny-rutintext.md){{ .ny-rutintext-lank }}",
    ]
    resting = fields_resting_on(policy)
    for interpretation_id, item in policy.interpretations.items():
        chosen = policy.choices.get(interpretation_id)
        reading = item["reading"] if chosen is None else policy.alternative(interpretation_id, chosen)["text"]
        rules = [rule for rule in policy.rules.values() if interpretation_id in rule.get("rests_on", [])]
        fields = [policy.situations[situation].fields[field] for situation, field in resting.get(interpretation_id, [])]
        quotes = [
            f"> ”{plain(quote['text'])}” ([{plain(policy.sections[quote['section']]['title'])}]"
            f"({place.section_href(quote['section'])}))"
            for quote in item["quotes"]
        ]
        resting_on = [
            f"[{plain(first_sentence(rule['then']['says']))}]({place.rule_href(rule['id'])})" for rule in rules
        ] + [words(policy, READINGS, "field", field=plain(field.label)) for field in fields]
        body = [
            heading(2, item["question"], f"tolkning-{interpretation_id}"),
            f"**{words(policy, READINGS, 'reading')}** {plain(reading)}",
            f"**{words(policy, READINGS, 'alternatives')}**",
            *(option_block(policy, place, option) for option in options(policy, interpretation_id)),
            f"**{words(policy, READINGS, 'quotes')}**\n\n" + "\n\n".join(quotes),
            f"**{words(policy, READINGS, 'rules')}**\n\n" + bullets(resting_on),
            status_words(policy, interpretation_id),
        ]
        blocks.append(
            entry({"interpretation": interpretation_id, "status": status_of(policy, interpretation_id)}, body)
        )
    blocks.append(sheet(policy))
    return page(*blocks)


def answer_lines(policy: Policy) -> str:
    """Printed only (print.css): room for the owner's answer under a question."""
    return (
        f'<div class="svarsrader"><p>{html.escape(words(policy, QUESTIONS, "answer"))}</p>'
        '<p class="svarsrad"></p><p class="svarsrad"></p><p class="svarsrad"></p></div>'
    )


def questions_page(policy: Policy, owner: Owner) -> str:
    """What no rule decides, as questions for the owner; every open scenario belongs to one."""
    report = verify(policy)
    place = Place(policy, NO_PLACE)
    blocks = [
        f"# {words(policy, QUESTIONS, 'title')}",
        words(
            policy,
            QUESTIONS,
            "intro",
            scenarios=report.scenarios,
            not_covered=len(report.not_covered),
            questions=len(report.questions),
            interpretations=f"[{words(policy, READINGS, 'title')}](tolkningar.md)",
        ),
        f"[{words(policy, 'revision_page', 'link')}](ny-rutintext.md){{ .ny-rutintext-lank }}",
    ]
    if not owner.email:
        blocks.append(
            f'!!! note "{policy.text("checker_page", "ask_owner")}"\n\n' + indent(words(policy, QUESTIONS, "no_owner"))
        )
    for question in report.questions:
        scenarios = question["scenarios"]
        body = [
            heading(2, question["question"], f"fraga-{question['id']}"),
            words(
                policy,
                QUESTIONS,
                "applies_one" if len(scenarios) == 1 else "applies_many",
                count=len(scenarios),
                situation=plain(policy.situations[question["situation"]].label),
                sections=section_links(policy, place, question["sections"]),
            ),
            words(policy, QUESTIONS, "try")
            + "\n\n"
            + bullets(try_link(policy, place, scenario) for scenario in examples_of(scenarios)),
        ]
        if owner.email:
            link = mailto(policy, owner.email, question["question"], owner.checker_link(scenarios[0]))
            body.append(f"[{policy.text('checker_page', 'ask_owner')}]({link}){{ .md-button }}")
        body.append(answer_lines(policy))
        blocks.append(entry({"question": question["id"], "scenarios": str(len(scenarios))}, body))
    return page(*blocks)


def checker_owner(owner: Owner) -> str:
    """The owner's address for the checker page's script, as data (the CSP allows no inline script).

    Included by kontroll/index.md; an empty attribute means the address is not set. The
    owner's role and the other routines' addresses (reference id -> URL) go the same way.
    """
    routines = json.dumps(owner.routines, ensure_ascii=False, sort_keys=True)
    return (
        f'<div id="kontroll-agare" hidden data-owner-email="{html.escape(owner.email or "")}"'
        f' data-owner-role="{html.escape(owner.role or "")}" data-routines="{html.escape(routines)}"></div>\n'
    )


def routines_without_address(policy: Policy, owner: Owner) -> dict[str, str]:
    """The other routines a verdict points to whose address neither the policy nor the
    settings give, id -> title: the checker shows their name and where to look for them."""
    named = {ref for rule in policy.rules.values() for ref in rule["then"].get("see", [])}
    return {
        reference_id: reference["title"]
        for reference_id, reference in policy.references.items()
        if reference_id in named and not reference.get("url") and not owner.routines.get(reference_id)
    }


def missing_routine_addresses(policy: Policy, owner: Owner) -> list[str]:
    """The titles of :func:`routines_without_address`, as the build names them."""
    return list(routines_without_address(policy, owner).values())


def address_problems(policy: Policy, owner: Owner, left_out: set[str]) -> list[str]:
    """Why the site may not be published: a routine a verdict hands over to has no address
    and the maintainer has not named it as knowingly left without one (``--utan-adress``),
    or a name given there is no such routine. Empty: the site may be built."""
    missing = routines_without_address(policy, owner)
    problems = [
        f"rutinen {title} har ingen adress (mkdocs.yml extra.rutiner: {reference_id}). Ange den, eller "
        f"bygg med --utan-adress {reference_id} om rutinen medvetet ska stå utan länk."
        for reference_id, title in missing.items()
        if reference_id not in left_out
    ]
    problems += [
        f"--utan-adress {name}: ingen rutin som kontrollen hänvisar till har det id:t "
        f"(id:n: {', '.join(sorted(missing))})."
        for name in sorted(left_out - set(policy.references))
    ]
    return problems
