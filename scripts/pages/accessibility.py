"""The accessibility statement (tillgänglighetsredogörelse) Swedish public-sector sites publish.

Lagen (2018:1937) om tillgänglighet till digital offentlig service asks every public-sector
site to say how accessible it is, what is known not to work, how to report a problem and
who supervises. Where problems are reported is the publisher's to decide: it is set in
mkdocs.yml under ``extra.tillganglighet.kontakt``; without it the page says so rather than
inventing an address.
"""

from __future__ import annotations

from checker.policy import Policy

from .markdown import heading, page, plain


def accessibility_statement(policy: Policy, contact: str | None, reviewed: str) -> str:
    meta = policy.data["meta"]
    if contact:
        report = f"Rapportera brister till {plain(contact)}. Beskriv vilken sida och vad som inte fungerade."
    else:
        report = ("Adressen för att rapportera brister är inte angiven ännu. Kontakta rutinens ägare på "
                  f"{plain(meta['organisation'])} så länge.")
    return page(
        "# Tillgänglighetsredogörelse",
        f"{plain(meta['organisation'])} står bakom den här webbplatsen med rutinen {plain(meta['title'])}. "
        "Vi vill att så många som möjligt ska kunna använda den. Här beskriver vi hur webbplatsen uppfyller "
        "lagen om tillgänglighet till digital offentlig service, vilka brister vi känner till och hur du "
        "rapporterar problem så att vi kan åtgärda dem.",
        heading(2, "Hur tillgänglig är webbplatsen?", "hur-tillganglig"),
        "Vi bedömer att webbplatsen är helt förenlig med lagen om tillgänglighet till digital offentlig service: "
        "den uppfyller WCAG 2.1 på nivå AA så långt vi känner till. Bedömningen bygger på automatiska tester och "
        "egen granskning; ingen extern granskning har gjorts.",
        heading(2, "Om något inte fungerar för dig", "om-nagot-inte-fungerar"),
        "Rutinens sidor fungerar utan JavaScript och går att skriva ut. Kontrollen behöver JavaScript och "
        "WebAssembly i webbläsaren; fungerar den inte hittar du samma regler, med samma villkor, på rutinens sidor.",
        heading(2, "Rapportera brister i webbplatsens tillgänglighet", "rapportera-brister"),
        report,
        heading(2, "Tillsyn", "tillsyn"),
        "Myndigheten för digital förvaltning (Digg) har ansvaret för tillsyn över lagen om tillgänglighet till "
        "digital offentlig service. Om du inte är nöjd med hur vi hanterar dina synpunkter kan du kontakta Digg "
        "och påtala det (digg.se).",
        heading(2, "Kända brister", "kanda-brister"),
        "Vi känner inte till några brister mot WCAG 2.1 nivå AA.",
        heading(2, "Hur vi testat webbplatsen", "hur-vi-testat"),
        "Varje bygge testas automatiskt innan det publiceras: axe-core granskar varje sida mot WCAG 2.1 nivå A och AA, "
        "och kontrollen i alla sina lägen (varje situations frågor, felmeddelanden och varje utfall). Kontrollen "
        "fylls i med enbart tangentbord, felmeddelanden samlas överst och vid varje fält, och svaret läses upp "
        "av skärmläsare när det visas.",
        f"Redogörelsen uppdaterades senast {plain(reviewed)}.",
    )
