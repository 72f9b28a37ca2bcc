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

from checker.policy import Policy, alternatives_of
from checker.scenario import scenario_to_query
from checker.verify import examples_of, interpretation_impact, verify
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


def entry(data: dict[str, str], body: list[str]) -> str:
    """One entry in a block carrying its id as data (``data-interpretation="…"``)."""
    attributes = " ".join(f'data-{key}="{value}"' for key, value in data.items())
    return f'<div class="agarpost" {attributes} markdown>\n\n' + "\n\n".join(body) + "\n\n</div>"


def status_words(policy: Policy, interpretation: dict[str, Any]) -> str:
    if interpretation["status"] == "confirmed":
        confirmed = interpretation["confirmed"]
        status = words(policy, READINGS, "confirmed", date=confirmed["date"], by=plain(confirmed["by"]))
    else:
        status = words(policy, READINGS, "proposed")
    return f"**{words(policy, READINGS, 'status')}** {status}"


def sign_off(policy: Policy) -> str:
    """Printed only (print.css): a place for the owner to confirm each reading on paper."""
    line = '<span class="signeringsrad">&nbsp;</span>'
    return (
        '<div class="signering" markdown>\n\n'
        f"{words(policy, READINGS, 'sign_off')}\n\n{line}\n\n"
        f'{words(policy, READINGS, "sign_date")} <span class="signeringsrad kort">&nbsp;</span> '
        f"{words(policy, READINGS, 'sign_signature')} {line}\n\n"
        f"{words(policy, READINGS, 'sign_name')} {line}\n\n"
        "</div>"
    )


def impact_words(policy: Policy, place: Place, interpretation_id: str) -> str:
    """How many scenarios would be answered otherwise without the reading, with examples."""
    impact = interpretation_impact(policy, interpretation_id)
    label = f"**{words(policy, READINGS, 'impact')}**"
    if not impact:
        return f"{label} {words(policy, READINGS, 'no_impact')}"
    outcome = {**policy.data["texts"]["outcomes"], "conflict": words(policy, READINGS, "conflict")}
    examples = [
        f"[{words(policy, 'pages', 'try')}]({place.checker_href(item['scenario'])}) – "
        + words(
            policy,
            READINGS,
            "impact_example",
            now=plain(outcome[item["outcome"]]),
            without=plain(outcome[item["without"]]),
            answers=plain(answers_words(policy, item["scenario"])),
        )
        for item in examples_of(impact)
    ]
    count = words(policy, READINGS, "impact_one" if len(impact) == 1 else "impact_many", count=len(impact))
    return f"{label} {count}\n\n" + bullets(examples)


def interpretations_page(policy: Policy) -> str:
    """Every reading the rules rest on, as a sheet the owner can confirm and sign."""
    place = Place(policy, NO_PLACE)
    blocks = [
        f"# {words(policy, READINGS, 'title')}",
        words(policy, READINGS, "intro"),
        words(policy, READINGS, "print_intro"),
        f"[{words(policy, 'revision_page', 'link')}](ny-rutintext.md){{ .ny-rutintext-lank }}",
    ]
    for interpretation_id, item in policy.interpretations.items():
        rules = [rule for rule in policy.rules.values() if interpretation_id in rule.get("rests_on", [])]
        quotes = [
            f"> ”{plain(quote['text'])}” ([{plain(policy.sections[quote['section']]['title'])}]"
            f"({place.section_href(quote['section'])}))"
            for quote in item["quotes"]
        ]
        body = [
            heading(2, item["question"], f"tolkning-{interpretation_id}"),
            f"**{words(policy, READINGS, 'reading')}** {plain(item['reading'])}",
            f"**{words(policy, READINGS, 'alternatives')}**\n\n"
            + bullets(plain(other["text"]) for other in alternatives_of(item)),
            f"**{words(policy, READINGS, 'quotes')}**\n\n" + "\n\n".join(quotes),
            f"**{words(policy, READINGS, 'rules')}**\n\n"
            + bullets(
                f"[{plain(first_sentence(rule['then']['says']))}]({place.rule_href(rule['id'])})" for rule in rules
            ),
            impact_words(policy, place, interpretation_id),
            status_words(policy, item),
            sign_off(policy),
        ]
        blocks.append(entry({"interpretation": interpretation_id, "status": item["status"]}, body))
    return page(*blocks)


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


def missing_routine_addresses(policy: Policy, owner: Owner) -> list[str]:
    """The other routines a verdict points to whose address neither the policy nor the
    settings give: the checker shows their name without a link, and the build says so."""
    named = {ref for rule in policy.rules.values() for ref in rule["then"].get("see", [])}
    return [
        reference["title"]
        for reference_id, reference in policy.references.items()
        if reference_id in named and not reference.get("url") and not owner.routines.get(reference_id)
    ]
