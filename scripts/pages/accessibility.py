"""The accessibility statement (tillgänglighetsredogörelse) Swedish public-sector sites publish.

Lagen (2018:1937) om tillgänglighet till digital offentlig service asks every public-sector
site to say how accessible it is, what is known not to work, how to report a problem and
who supervises. Where problems are reported is the publisher's to decide: it is set in
mkdocs.yml under ``extra.tillganglighet.kontakt``; without it the page says so rather than
inventing an address. The statement's words stand in policy.yaml (``texts.accessibility_page``).
"""

from __future__ import annotations

from checker.model.policy import Policy

from .markdown import heading, page, plain, words

PAGE = "accessibility_page"
"""The group of policy.yaml's texts that holds the statement's words."""


def accessibility_statement(policy: Policy, contact: str | None, reviewed: str) -> str:
    meta = policy.data["meta"]

    def say(key: str, **values: str) -> str:
        return words(policy, PAGE, key, **values)

    if contact:
        report = say("report_to", contact=plain(contact))
    else:
        report = say("report_unset", organisation=plain(meta["organisation"]))
    return page(
        f"# {say('title')}",
        say("intro", organisation=plain(meta["organisation"]), title=plain(meta["title"])),
        heading(2, say("how_accessible"), "hur-tillganglig"),
        say("how_accessible_text"),
        heading(2, say("not_working"), "om-nagot-inte-fungerar"),
        say("not_working_text"),
        heading(2, say("report"), "rapportera-brister"),
        report,
        heading(2, say("supervision"), "tillsyn"),
        say("supervision_text"),
        heading(2, say("known"), "kanda-brister"),
        say("known_text"),
        heading(2, say("tested"), "hur-vi-testat"),
        say("tested_text"),
        say("reviewed", date=plain(reviewed)),
    )
