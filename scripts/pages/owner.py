"""The pages for the routine's owner: the readings the rules rest on, and what the routine leaves open.

Both are worked out by the engine (checker.verify), so a count or an example on them cannot
drift from what the checker answers. Where the owner is reached by e-mail is the
publisher's to set (mkdocs.yml ``extra.rutinagare.epost``); without it no mail link is made
and the pages say so.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from checker.policy import Policy
from checker.scenario import scenario_to_query
from checker.verify import examples_of, interpretation_impact, verify
from checker.wording import condition_words

from .markdown import bullets, heading, indent, page, plain
from .reader_pages import NO_PLACE
from .routine import WORDS, Place, first_sentence

TRY = WORDS["try"]


@dataclass(frozen=True)
class Owner:
    """How the routine's owner is reached from the site (mkdocs.yml)."""

    email: str | None
    """The owner's address; None: not set yet, no mail link anywhere."""
    site_url: str | None
    """The site's address (mkdocs.yml ``site_url``), so a checker link in a mail works
    outside the site; without it the link is written from the site's root."""

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
    words = [condition_words(policy, fields[key], value) for key, value in scenario.items() if key != "situation"]
    return "; ".join(words) or policy.situations[scenario["situation"]].label


def try_link(policy: Policy, place: Place, scenario: dict[str, Any]) -> str:
    return f"[{TRY}]({place.checker_href(scenario)}) – {plain(answers_words(policy, scenario))}"


def section_links(policy: Policy, place: Place, section_ids: list[str]) -> str:
    return ", ".join(f"[{plain(policy.sections[s]['title'])}]({place.section_href(s)})" for s in section_ids)


def entry(data: dict[str, str], body: list[str]) -> str:
    """One entry in a block carrying its id as data (``data-interpretation="…"``)."""
    attributes = " ".join(f'data-{key}="{value}"' for key, value in data.items())
    return f'<div class="agarpost" {attributes} markdown>\n\n' + "\n\n".join(body) + "\n\n</div>"


def status_words(interpretation: dict[str, Any]) -> str:
    if interpretation["status"] == "confirmed":
        confirmed = interpretation["confirmed"]
        return f"**Status:** Bekräftad av rutinens ägare {confirmed['date']} ({plain(confirmed['by'])})."
    return "**Status:** Föreslagen, inte bekräftad av rutinens ägare ännu."


SIGN_OFF = (
    '<div class="signering" markdown>\n\n'
    "Rutinens ägare: ☐ Läsningen stämmer. ☐ Läsningen ska ändras (skriv hur):\n\n"
    "<span class=\"signeringsrad\">&nbsp;</span>\n\n"
    "Datum: <span class=\"signeringsrad kort\">&nbsp;</span> "
    "Underskrift: <span class=\"signeringsrad\">&nbsp;</span>\n\n"
    "Namnförtydligande: <span class=\"signeringsrad\">&nbsp;</span>\n\n"
    "</div>"
)
"""Printed only (print.css): a place for the owner to confirm each reading on paper."""


def impact_words(policy: Policy, place: Place, interpretation_id: str) -> str:
    """How many scenarios would be answered otherwise without the reading, with examples."""
    impact = interpretation_impact(policy, interpretation_id)
    if not impact:
        return ("**Vad tolkningen avgör:** Inget svar i kontrollen ändras utan de regler som vilar på tolkningen; "
                "den avgör hur reglerna är skrivna, inte vad kontrollen svarar.")
    outcome = {**policy.data["texts"]["outcomes"], "conflict": "reglerna säger emot varandra"}
    examples = [f"[{TRY}]({place.checker_href(item['scenario'])}) – nu: **{plain(outcome[item['outcome']])}**, "
                f"utan tolkningen: **{plain(outcome[item['without']])}** ({plain(answers_words(policy, item['scenario']))})"
                for item in examples_of(impact)]
    combinations = "kombination" if len(impact) == 1 else "kombinationer"
    return (f"**Vad tolkningen avgör:** Utan de regler som vilar på tolkningen blir svaret ett annat i "
            f"{len(impact)} {combinations} av svar i kontrollen. Exempel:\n\n" + bullets(examples))


def interpretations_page(policy: Policy) -> str:
    """Every reading the rules rest on, as a sheet the owner can confirm and sign."""
    place = Place(policy, NO_PLACE)
    blocks = [
        "# Tolkningar",
        "Där rutinen går att läsa på mer än ett sätt har reglerna valt en läsning. Här står varje läsning med "
        "de meningar i rutinen den bygger på, de regler som vilar på den och vad kontrollen skulle svara utan den. "
        "Kontrollen säger när ett svar vilar på en läsning som rutinens ägare inte har bekräftat ännu.",
        "Rutinens ägare kan skriva ut sidan och bekräfta eller ändra varje läsning; utskriften har plats för "
        "datum och underskrift. En bekräftad läsning skrivs in i policyn (`status: confirmed`).",
    ]
    for interpretation_id, item in policy.interpretations.items():
        rules = [rule for rule in policy.rules.values() if interpretation_id in rule.get("rests_on", [])]
        quotes = [f"> ”{plain(quote['text'])}” ([{plain(policy.sections[quote['section']]['title'])}]"
                  f"({place.section_href(quote['section'])}))" for quote in item["quotes"]]
        body = [
            heading(2, item["question"], f"tolkning-{interpretation_id}"),
            f"**Läsningen i reglerna:** {plain(item['reading'])}",
            "**Andra möjliga läsningar:**\n\n" + bullets(map(plain, item["alternatives"])),
            "**Ur rutinen:**\n\n" + "\n\n".join(quotes),
            "**Regler som vilar på tolkningen:**\n\n" + bullets(
                f"[{plain(first_sentence(rule['then']['says']))}]({place.rule_href(rule['id'])})" for rule in rules),
            impact_words(policy, place, interpretation_id),
            status_words(item),
            SIGN_OFF,
        ]
        blocks.append(entry({"interpretation": interpretation_id, "status": item["status"]}, body))
    return page(*blocks)


def questions_page(policy: Policy, owner: Owner) -> str:
    """What no rule decides, as questions for the owner; every open scenario belongs to one."""
    report = verify(policy)
    place = Place(policy, NO_PLACE)
    blocks = [
        "# Vad rutinen inte reglerar",
        f"Kontrollen prövar alla {report.scenarios} kombinationer av svar som frågorna tillåter. I "
        f"{len(report.not_covered)} av dem avgör rutinen inte vad som gäller. De är samlade här i "
        f"{len(report.questions)} frågor till rutinens ägare, och varje kombination hör till precis en fråga. "
        "Där reglerna avgör ett fall genom att läsa rutinen på ett visst sätt står läsningen under "
        "[Tolkningar](tolkningar.md).",
    ]
    if not owner.email:
        blocks.append(f'!!! note "{policy.text("checker_page", "ask_owner")}"\n\n'
                      + indent("Adressen till rutinens ägare är inte angiven på den här webbplatsen ännu, så frågorna "
                               "kan inte skickas härifrån."))
    for question in report.questions:
        scenarios = question["scenarios"]
        count = f"{len(scenarios)} kombination" if len(scenarios) == 1 else f"{len(scenarios)} kombinationer"
        body = [
            heading(2, question["question"], f"fraga-{question['id']}"),
            f"Gäller {count} av svar i kontrollen, i situationen *{plain(policy.situations[question['situation']].label)}*. "
            f"Avsnitt: {section_links(policy, place, question['sections'])}.",
            "Pröva:\n\n" + bullets(try_link(policy, place, scenario) for scenario in examples_of(scenarios)),
        ]
        if owner.email:
            link = mailto(policy, owner.email, question["question"], owner.checker_link(scenarios[0]))
            body.append(f"[{policy.text('checker_page', 'ask_owner')}]({link}){{ .md-button }}")
        blocks.append(entry({"question": question["id"], "scenarios": str(len(scenarios))}, body))
    return page(*blocks)


def checker_owner(owner: Owner) -> str:
    """The owner's address for the checker page's script, as data (the CSP allows no inline script).

    Included by kontroll/index.md; an empty attribute means the address is not set.
    """
    return f'<div id="kontroll-agare" hidden data-owner-email="{html.escape(owner.email or "")}"></div>\n'
