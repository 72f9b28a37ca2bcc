"""The owner's desk: *Pröva en ny version av rutinen* (ny-rutintext/).

The page holds a form (a text area and a file input) and, as data for its script
(docs/javascripts/ny-rutintext/), what the report links to: for every rule its title, its
place on the site, how many of the checker's scenarios it decides today and a few of them to
try in the checker; for every reading its question and place. Those are worked out here, at
build time, by the engine (a rule's reach is the whole space, as ``verify`` walks it), so the
browser only compares texts. The comparison itself runs in the browser (checker.apps.desk).

The page is for the routine's owner, not for staff: it is linked from the owner's pages
(Tolkningar, Vad rutinen inte reglerar), left out of the navigation (mkdocs.yml
``not_in_nav``) and out of the search index.
"""

from __future__ import annotations

import html
import json
from typing import Any

from checker.engine.decide import decide
from checker.engine.verify import all_scenarios, examples_of
from checker.model.page_texts import PAGE_TEXTS, REPORT_GROUPS
from checker.model.policy import Policy
from checker.revision.impact import answers_words

from .markdown import page, words
from .reader_pages import NO_PLACE
from .routine import Place, first_sentence

GROUP = "revision_page"
PAGE = "ny-rutintext.md"
SCRIPT_TEXTS = sorted(key for key in PAGE_TEXTS[GROUP] if key not in {"title", "link", "intro", "private", "noscript"})
"""The page's words its script shows (the rest stand in the Markdown)."""
NOT_SEARCHED = "---\nsearch:\n  exclude: true\n---\n"


def site_href(href: str) -> str:
    """A Markdown link of the page builders (``SECTION.md#regel-x``, ``kontroll/index.md?…``) as
    the built URL from this page, which the script writes as it stands (``../SECTION/#regel-x``)."""
    cut = min((href.index(mark) for mark in "#?" if mark in href), default=len(href))
    path, rest = href[:cut], href[cut:]
    path = path.removesuffix(".md").removesuffix("index").rstrip("/")
    return f"../{path}/{rest}" if path else f"../{rest}"


def rule_reach(policy: Policy) -> dict[str, list[dict[str, Any]]]:
    """The scenarios each rule decides today (it is among the verdict's rules)."""
    decided: dict[str, list[dict[str, Any]]] = {rule_id: [] for rule_id in policy.rules}
    for situation_id in policy.situations:
        for scenario in all_scenarios(policy, situation_id):
            for rule_id in decide(policy, scenario)["rules"]:
                decided[rule_id].append(scenario)
    return decided


def desk_data(policy: Policy) -> dict[str, Any]:
    """What the page's script needs besides the report: words, rules, readings, totals."""
    place = Place(policy, NO_PLACE)
    reach = rule_reach(policy)
    total = sum(len(all_scenarios(policy, situation_id)) for situation_id in policy.situations)
    rules = {
        rule_id: {
            "title": first_sentence(rule["then"]["says"]),
            "href": site_href(place.rule_href(rule_id)),
            "scenarios": len(reach[rule_id]),
            "tries": [
                {"href": site_href(place.checker_href(scenario)), "answers": answers_words(policy, scenario)}
                for scenario in examples_of(reach[rule_id])
            ],
        }
        for rule_id, rule in policy.rules.items()
    }
    # A reading's alternatives have rules that decide nothing today; the report names them when
    # their quote changes, so they are linked to their reading on Tolkningar.
    rules.update(
        {
            rule["id"]: {
                "title": first_sentence(rule["then"]["says"]),
                "href": site_href(place.interpretation_href(item_id)),
                "scenarios": 0,
                "tries": [],
            }
            for item_id, item in policy.interpretations.items()
            for alternative in item["alternatives"]
            for rule in alternative.get("rules", [])
            if rule["id"] not in rules
        }
    )
    interpretations = {
        item_id: {"title": item["question"], "href": site_href(place.interpretation_href(item_id))}
        for item_id, item in policy.interpretations.items()
    }
    texts = {key: policy.text(GROUP, key) for key in SCRIPT_TEXTS}
    texts["try"] = policy.text("pages", "try")
    return {
        "version": policy.version,
        "total": total,
        "groups": list(REPORT_GROUPS),
        "texts": texts,
        "rules": rules,
        "interpretations": interpretations,
    }


def _data_block(data: dict[str, Any]) -> str:
    """The data as a JSON block the page's script reads (not run: the CSP allows no inline
    script); ``<`` escaped so that no text can close the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    return f'<script type="application/json" id="ny-rutintext-data">{text}</script>'


def revision_page(policy: Policy) -> str:
    def say(key: str) -> str:
        return html.escape(policy.text(GROUP, key))

    form = "\n".join(
        [
            '<form id="ny-rutintext" class="ny-rutintext" hidden>',
            f'<label class="ny-rutintext-fraga" for="ny-rutintext-text">{say("text_label")}</label>',
            f'<p class="ny-rutintext-hjalp" id="ny-rutintext-text-hjalp">{say("text_help")}</p>',
            '<textarea id="ny-rutintext-text" name="text" rows="12" spellcheck="false" autocomplete="off" '
            'aria-describedby="ny-rutintext-text-hjalp"></textarea>',
            f'<label class="ny-rutintext-fraga" for="ny-rutintext-fil">{say("file_label")}</label>',
            f'<p class="ny-rutintext-hjalp" id="ny-rutintext-fil-hjalp">{say("file_help")}</p>',
            '<input type="file" id="ny-rutintext-fil" name="file" aria-describedby="ny-rutintext-fil-hjalp" '
            'accept=".docx,.txt,text/plain,application/vnd.openxmlformats-officedocument.wordprocessingml.document">',
            f'<p><button type="submit" class="md-button md-button--primary">{say("submit")}</button></p>',
            '<p class="ny-rutintext-status" id="ny-rutintext-status" role="status"></p>',
            "</form>",
        ]
    )
    return NOT_SEARCHED + page(
        f"# {words(policy, GROUP, 'title')}",
        '<link rel="stylesheet" href="../stylesheets/ny-rutintext.css">',
        words(policy, GROUP, "intro", version=policy.version),
        words(policy, GROUP, "private"),
        f"<noscript><p><strong>{say('noscript')}</strong></p></noscript>",
        form,
        '<div id="ny-rutintext-rapport" class="ny-rutintext-rapport" tabindex="-1"></div>',
        _data_block(desk_data(policy)),
        '<script type="module" src="../javascripts/ny-rutintext/desk.js"></script>',
    )
