"""The pages around the routine: start, version history, links, glossary.

Each is a function from the policy model to Markdown; the Swedish words that frame the
policy's own content stand at the top of each function, where a writer can find them.
"""

from __future__ import annotations

import datetime
import html
from typing import Any

from checker.policy import Field, Policy

from .markdown import bullets, heading, page, plain, table
from .routine import Place, deciding_example

NO_PLACE: frozenset[str] = frozenset()


def top_sections(policy: Policy) -> list[dict[str, Any]]:
    return policy.data["sections"]


def start_page(policy: Policy) -> str:
    """What the routine is for, where to start reading, and the way to the checker."""
    meta = policy.data["meta"]
    place = Place(policy, NO_PLACE)
    questions = bullets(plain(situation.data["question"]) for situation in policy.situations.values())
    sections = bullets(f"[{plain(section['title'])}]({place.section_href(section['id'])})" for section in top_sections(policy))
    return page(
        f"# {plain(meta['title'])}",
        f"{plain(meta['organisation'])}s rutin för digital kommunikation med invånare och patient, "
        f"godkänd {meta['approved']}. Här läser du hela rutinen, och i kontrollen prövar du en "
        "situation mot rutinens regler: får jag göra detta, och vad ska jag dokumentera?",
        '!!! tip "Kontrollera en situation"\n\n'
        "    Kontrollen svarar på de här frågorna, med samma regler som står på sidorna:\n\n"
        + "\n".join("    " + line for line in questions.splitlines())
        + "\n\n    [Öppna kontrollen](kontroll/index.md){ .md-button .md-button--primary }",
        heading(2, "Rutinens avsnitt", "rutinens-avsnitt"),
        sections,
        heading(2, "Mer om rutinen", "mer-om-rutinen"),
        bullets([
            "[Vad rutinen inte reglerar](vad-rutinen-inte-reglerar.md) – de fall ingen regel avgör, som frågor till rutinens ägare",
            "[Tolkningar](tolkningar.md) – där reglerna läser rutinen på ett visst sätt, för rutinens ägare att bekräfta",
            "[Hela rutinen](hela-rutinen.md) – allt på en sida, för utskrift",
            "[Vad har ändrats](vad-har-andrats.md) – svar som en ny version av policyn ändrat",
            "[Versionshistorik](versionshistorik.md)",
            "[Länka till rutinen](lanka-till-rutinen.md) – adresser för webbredaktörer",
            "[Ordlista](ordlista.md)",
            "[Tillgänglighetsredogörelse](tillganglighetsredogorelse.md)",
        ]),
    )


def history_page(policy: Policy) -> str:
    """The routine's own history and the policy's versions."""
    meta = policy.data["meta"]
    history = [[str(item["date"]) if item["date"] else "utan datum", plain(item["change"])] for item in meta["history"]]
    changes = [[item["version"], str(item["date"]), plain(item["change"])] for item in meta["policy_changes"]]
    return page(
        "# Versionshistorik",
        f"Policyversion **{meta['version']}**. Rutinen godkändes {meta['approved']} ({plain(meta['organisation'])}).",
        heading(2, "Rutinens historik", "rutinens-historik"),
        table(["Datum", "Ändring"], history),
        heading(2, "Policyns versioner", "policyns-versioner"),
        "Policyn är rutinen skriven som regler (`policy.yaml`); kontrollen och sidorna byggs ur den.",
        table(["Version", "Datum", "Ändring"], changes),
    )


def field_values(policy: Policy, field: Field) -> str:
    """The values a field takes in a link, with what each means."""
    if field.type == "choice":
        return ", ".join(f"`{value['id']}` ({plain(value['label'])})" for value in field.values)
    if field.type == "boolean":
        return f"`true` ({plain(field.data['when_true'])}), `false` ({plain(field.data['when_false'])})"
    if field.type == "integer":
        return plain(policy.text("wording", "integer_range").format(min=field.data["min"], max=field.data["max"]))
    return f"text, högst {field.data['max_length']} tecken"


def field_default(field: Field) -> str:
    if field.required:
        return "krävs"
    if "default" in field.data:
        default = field.default
        return f"`{str(default).lower() if isinstance(default, bool) else default}`"
    return "valfritt"


def links_page(policy: Policy) -> str:
    """Every section and rule anchor, and how to open the checker on a scenario."""
    place = Place(policy, NO_PLACE)
    section_rows = [
        [f"[{plain(section['title'])}]({place.section_href(section_id)})", f"`{policy.section_link(section_id)}`"]
        for section_id, section in policy.sections.items()
    ]
    rule_rows = [
        [f"[{rule_id}]({place.rule_href(rule_id)})", plain(policy.sections[rule['section']]['title']), f"`{policy.rule_link(rule_id)}`"]
        for rule_id, rule in policy.rules.items()
    ]
    sample = deciding_example(policy, next(iter(policy.rules)))
    blocks = [
        "# Länka till rutinen",
        "För webbredaktörer: varje avsnitt och varje regel har en fast adress. Adresserna gäller "
        "från webbplatsens rot; lägg till dem efter rutinens adress på intranätet.",
        heading(2, "Avsnitt", "avsnitt"),
        table(["Avsnitt", "Adress"], section_rows),
        heading(2, "Regler", "regler"),
        table(["Regel", "Avsnitt", "Adress"], rule_rows),
        heading(2, "Länka till kontrollen med en ifylld situation", "lanka-till-kontrollen"),
        "Kontrollen öppnas ifylld när adressen har situationen och dess svar som frågeparametrar, "
        f"till exempel `{place.checker_href(sample['scenario']).replace('/index.md', '/')}` "
        f"([pröva]({place.checker_href(sample['scenario'])})). "
        "Sant och falskt skrivs `true` och `false`. Ett fält som inte hör till situationen, ett okänt "
        "värde eller ett fält som krävs men saknas visas som fel i kontrollen. Fält med standardvärde "
        "kan utelämnas.",
    ]
    for situation in policy.situations.values():
        rows = [[f"`{field.id}`", plain(field.label), field_values(policy, field), field_default(field)]
                for field in situation.fields.values()]
        blocks += [heading(3, f"{situation.label} (situation={situation.id})", f"kontroll-{situation.id}"),
                   f"*{plain(situation.data['question'])}*"]
        blocks.append(table(["Fält", "Fråga", "Värden", "Om det utelämnas"], rows) if rows else "Situationen har inga fler fält.")
    return page(*blocks)


def glossary_page(policy: Policy) -> str:
    """The glossary; the same terms are tooltips on every page (see :func:`abbreviations`)."""
    entries = [f"{plain(item['term'])}\n:   {plain(item['definition'])}" for item in policy.data["glossary"]]
    return page("# Ordlista", "Orden förklaras också när du håller muspekaren över dem på sidorna.", "\n\n".join(entries))


def abbreviations(policy: Policy) -> str:
    """The glossary as abbreviations, appended to every page by pymdownx.snippets."""
    return "\n".join(f"*[{item['term']}]: {item['definition']}" for item in policy.data["glossary"]) + "\n"


def policy_version_line(policy: Policy) -> str:
    """The policy version and the day it applies from, appended to every page by pymdownx.snippets."""
    meta = policy.data["meta"]
    return (f"Policyversion {meta['version']}, gäller från {meta['applies_from']} · {plain(meta['title'])} · "
            f"{plain(meta['organisation'])}, godkänd {meta['approved']}\n{{: .policyversion }}\n")


REVIEW_NOTICE = ("Rutinen skulle ha setts över senast {date}. Den gäller tills vidare, men fråga rutinens "
                 "ägare om den fortfarande stämmer innan du förlitar dig på den.")


def review_banner(policy: Policy, today: datetime.date) -> str:
    """The theme's announcement bar (overrides/main.html): a notice on every page once the
    routine's review date (``meta.review_by``) has passed.

    The site is built once and served for months, so the notice is also written, hidden, when
    the date is still ahead; a small script (docs/javascripts/oversyn.js) shows it when the
    day comes. Without a review date there is no notice at all.
    """
    review_by = policy.data["meta"].get("review_by")
    block = ""
    if review_by:
        hidden = "" if datetime.date.fromisoformat(str(review_by)) < today else " hidden"
        block = (f'<p class="oversyn" data-review-by="{html.escape(str(review_by))}"{hidden}>'
                 f"{html.escape(REVIEW_NOTICE.format(date=review_by))}</p>")
    return ("{# Genererad av scripts/generate_pages.py ur policy.yaml (meta.review_by); ändra inte här. #}\n"
            '{% extends "base.html" %}\n'
            f"{{% block announce %}}{block}{{% endblock %}}\n")
