"""The pages for the routine's owner: the readings the rules rest on, and what the routine leaves open.

Both are worked out by the engine (checker.engine.verify), so a count or an example on them cannot
drift from what the checker answers. On *Tolkningar* the owner decides per reading (confirm,
an alternative by its words, or a comment) and saves her decisions as a file; each reading
carries its fingerprint, computed here by checker.model.confirmation, which ``confirm --from``
checks again. Printed, it is her sign-off sheet. *Vad rutinen inte reglerar* quotes the
routine for each question and shows questions alike but for one value as one. Where the owner is reached by e-mail is the
publisher's to set (mkdocs.yml ``extra.rutinagare.epost``); without it no mail link is made
and the pages say so.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from checker.engine.verify import examples_of, verify
from checker.model.confirmation import lapsed, reading_fingerprint, status_of
from checker.model.policy import Policy, fields_resting_on
from checker.model.scenario import scenario_to_query
from checker.model.wording import condition_words
from checker.present.verdict_view import owner_mail
from checker.versions.alternatives import alternative_impact
from checker.versions.records import Version, from_policy

from .markdown import bullets, heading, indent, page, plain, words
from .properties_page import interpretations_link
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

    The checker page's "Fråga rutinens ägare" sends the same mail: both take it from
    :func:`checker.present.verdict_view.owner_mail`.
    """
    mail = owner_mail(policy, question, link, policy.version)
    return f"mailto:{email}?subject={quote(mail['subject'], safe='')}&body={quote(mail['body'], safe='')}"


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
    """The reading's status as it holds: a confirmation that no longer matches counts as
    proposed, and says so, with the words she confirmed and the words now."""
    interpretation = policy.interpretations[interpretation_id]
    if status_of(policy, interpretation_id) == "confirmed":
        confirmed = interpretation["confirmed"]
        status = words(policy, READINGS, "confirmed", date=confirmed["date"], by=plain(confirmed["by"]))
    else:
        status = words(policy, READINGS, "proposed")
    shown = f"**{words(policy, READINGS, 'status')}** {status}"
    gone = lapsed(policy, interpretation_id)
    if gone is not None:
        shown = lapsed_notice(policy, gone) + "\n\n" + shown
    comment = interpretation.get("comment")
    if comment:
        shown += "\n\n" + words(
            policy,
            READINGS,
            "comment_recorded",
            date=comment["date"],
            by=plain(comment["by"]),
            text=plain(comment["text"]),
        )
    return shown


def lapsed_notice(policy: Policy, gone: dict[str, Any]) -> str:
    """ "Din bekräftelse från DATUM gäller inte längre", the words then and now, and what else changed."""
    lines = [words(policy, READINGS, "lapsed", date=gone["date"])]
    if gone["then"] is None:
        lines.append(words(policy, READINGS, "lapsed_no_words"))
    else:
        if gone["question_then"] != gone["question_now"]:
            lines.append(
                words(
                    policy,
                    READINGS,
                    "lapsed_question",
                    then=plain(gone["question_then"]),
                    now=plain(gone["question_now"]),
                )
            )
        if gone["then"] != gone["now"]:
            lines.append(words(policy, READINGS, "lapsed_reading", then=plain(gone["then"]), now=plain(gone["now"])))
    if gone["changed"]:
        lines.append(words(policy, READINGS, "lapsed_changed", parts=plain(", ".join(gone["changed"]))))
    body = "\n\n".join(lines[1:])
    return f'!!! warning "{lines[0]}"\n\n' + indent(body)


@dataclass(frozen=True)
class Option:
    """A choice for a reading other than the one in force: an alternative, or the reading
    itself where the owner has chosen an alternative."""

    id: str
    text: str
    impact: dict[str, Any] | None
    """As checker.versions.alternatives.alternative_impact computes it; None: wording only."""


def options(policy: Policy, interpretation_id: str, current: Version) -> list[Option]:
    """The reading's options; ``current`` is the policy in force, decided once for every reading."""
    item = policy.interpretations[interpretation_id]
    chosen = policy.choices.get(interpretation_id)
    found = []
    if chosen is not None:
        impact = alternative_impact(policy, interpretation_id, None, current)
        found.append(Option(interpretation_id, item["reading"], impact))
    for other in item["alternatives"]:
        if other["id"] != chosen:
            impact = alternative_impact(policy, interpretation_id, other["id"], current)
            found.append(Option(other["id"], other["text"], impact))
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
    body = [f"**{plain(option.text)}**", impact_count(policy, option.impact)]  # its words, not its id
    if option.impact and option.impact["answers"]:
        body.append(bullets(impact_examples(policy, place, option.impact)))
    return entry({"alternative": option.id, "changes": str(changes)}, body, "alternativ")


def decision_form(policy: Policy, interpretation_id: str, alternatives: list[Option]) -> str:
    """Her choice for one reading on screen: no decision, confirm, or an alternative by its
    words (input values ``confirm`` or the option's id), and a comment. The page's script
    (tolkningar.js) only collects these into the decisions file."""
    esc = html.escape
    name = f"beslut-{interpretation_id}"
    choices = [("", words(policy, READINGS, "decision_none")), ("confirm", words(policy, READINGS, "decision_confirm"))]
    choices += [(option.id, words(policy, READINGS, "decision_choose", text=option.text)) for option in alternatives]
    radios = "".join(
        f'<label><input type="radio" name="{esc(name)}" value="{esc(value)}"{" checked" if not value else ""}> '
        f"{esc(text)}</label>"
        for value, text in choices
    )
    comment_id = f"kommentar-{interpretation_id}"
    return (
        f'<fieldset class="beslut"><legend>{esc(words(policy, READINGS, "decision_legend"))}</legend>{radios}'
        f'<label class="beslut-kommentar" for="{esc(comment_id)}">{esc(words(policy, READINGS, "decision_comment"))}</label>'
        f'<textarea id="{esc(comment_id)}" name="kommentar" rows="2"></textarea></fieldset>'
    )


def decisions_block(policy: Policy) -> str:
    """The button that gives her a file of her decisions, with the words the script shows."""
    esc = html.escape
    texts = {key: policy.text(READINGS, key) for key in ("decisions_none", "decisions_saved")}  # {count}: the script's
    attributes = " ".join(f'data-{key.replace("_", "-")}="{esc(text)}"' for key, text in texts.items())
    return (
        f"{heading(2, words(policy, READINGS, 'decisions_title'), 'spara-beslut', searched=False)}\n\n"
        f"{words(policy, READINGS, 'decisions_intro')}\n\n"
        f'<p hidden><button type="button" class="md-button md-button--primary" data-decisions '
        f'data-policy-version="{esc(policy.version)}" data-file="{esc(decisions_file(policy))}" {attributes}>'
        f"{esc(words(policy, READINGS, 'decisions_button'))}</button></p>\n"
        '<p class="beslut-status" data-decisions-status role="status"></p>\n'
        f"<noscript><p>{esc(words(policy, READINGS, 'decisions_noscript'))}</p></noscript>\n"
        '<script src="../javascripts/tolkningar.js" defer></script>'
    )


STYLESHEET = '<link rel="stylesheet" href="../stylesheets/tolkningar.css">'
"""The decision form's own styles (screen), loaded by this page only."""


def decisions_file(policy: Policy) -> str:
    """The name of the file her browser saves: the policy version it was made against."""
    return f"tolkningar-beslut-{policy.version}.json"


def sheet(policy: Policy, choices: dict[str, list[Option]]) -> str:
    """Printed only (print.css): the sign-off sheet. The readings still open numbered T1…
    as on screen, each with its question, the sentence it rests on, and per alternative a box
    in words, what it really changes and one before → after example; readings already
    confirmed apart, without boxes; signed once at the end. The routine's name repeats at the
    top of every page (the table's head) and the page numbers in the margin (print.css)."""
    esc = html.escape
    rows, confirmed = [], []
    for number, (interpretation_id, item) in enumerate(policy.interpretations.items(), 1):
        label = words(policy, READINGS, "number", number=number)
        if status_of(policy, interpretation_id) == "confirmed":
            record = item["confirmed"]
            confirmed.append(
                f'<li data-sheet-confirmed="{esc(interpretation_id)}"><b>{esc(label)}</b> {esc(item["question"])} '
                f"<i>{esc(words(policy, READINGS, 'confirmed', date=record['date'], by=record['by']))}</i> "
                f"{esc(words(policy, READINGS, 'reading'))} {esc(reading_in_force(policy, interpretation_id))}</li>"
            )
            continue
        rows.append(
            f'<tr data-sheet-row="{esc(interpretation_id)}"><th scope="row">{esc(label)}</th><td>'
            f"<p><b>{esc(item['question'])}</b></p>"
            + "".join(
                f"<blockquote><p>”{esc(quote['text'])}” ({esc(policy.sections[quote['section']]['title'])})</p></blockquote>"
                for quote in item["quotes"]
            )
            + sheet_lapsed(policy, interpretation_id)
            + f'<p class="ruta">{esc(words(policy, READINGS, "sheet_confirm", reading=reading_in_force(policy, interpretation_id)))}</p>'
            + "".join(sheet_option(policy, option) for option in choices[interpretation_id])
            + f'<p class="ruta">{esc(words(policy, READINGS, "sheet_other"))}</p><p class="kommentar"></p></td></tr>'
        )
    title = policy.data["meta"]["title"]
    header = (
        f'<thead><tr><th scope="col" colspan="2">'
        f"{esc(words(policy, READINGS, 'sheet_title', title=title, version=policy.version))}</th></tr></thead>"
    )
    intro = f'<p class="arkintro">{esc(words(policy, READINGS, "sheet_intro"))}</p>'
    table = f"<table><caption>{intro}</caption>{header}<tbody>{''.join(rows)}</tbody></table>" if rows else intro
    done = (
        f'<div class="arkbekraftade"><p><b>{esc(words(policy, READINGS, "sheet_confirmed_title"))}</b></p>'
        f"<ul>{''.join(confirmed)}</ul></div>"
        if confirmed
        else ""
    )
    line = '<span class="signeringsrad"></span>'
    signature = (
        '<div class="signering">'
        f"<p>{esc(words(policy, READINGS, 'sheet_signed', version=policy.version))}</p>"
        f'<p>{esc(words(policy, READINGS, "sign_date"))} <span class="signeringsrad kort"></span> '
        f"{esc(words(policy, READINGS, 'sign_signature'))} {line}</p>"
        f"<p>{esc(words(policy, READINGS, 'sign_name'))} {line}</p></div>"
    )
    return f'<div class="signeringsark">{table}{done}{signature}</div>'


def reading_in_force(policy: Policy, interpretation_id: str) -> str:
    item = policy.interpretations[interpretation_id]
    chosen = policy.choices.get(interpretation_id)
    return item["reading"] if chosen is None else policy.alternative(interpretation_id, chosen)["text"]


def sheet_lapsed(policy: Policy, interpretation_id: str) -> str:
    """On paper too: a confirmation given earlier that no longer holds says so."""
    gone = lapsed(policy, interpretation_id)
    if gone is None:
        return ""
    return f'<p class="arklapsed"><b>{html.escape(words(policy, READINGS, "lapsed", date=gone["date"]))}</b></p>'


def sheet_option(policy: Policy, option: Option) -> str:
    """One alternative on paper: a box with its words, how many answers really change, and
    one example before → after (as the checker would answer)."""
    esc = html.escape
    said = [f'<p class="ruta">{esc(words(policy, READINGS, "sheet_choose", text=option.text))}</p>']
    impact = option.impact
    if impact is None or not impact["answers"]:
        said.append(f'<p class="arkeffekt">{esc(words(policy, READINGS, "sheet_no_change"))}</p>')
        return "".join(said)
    key = "sheet_changes_one" if impact["answers"] == 1 else "sheet_changes"
    said.append(f'<p class="arkeffekt">{esc(words(policy, READINGS, key, count=impact["answers"]))} ')
    entry, scenario = next((entry, entry["scenarios"][0]) for entry in impact["changes"] if entry["answer_changed"])
    outcome = policy.data["texts"]["outcomes"]
    before, after = entry["before"], entry["after"]
    answers = answers_words(policy, scenario)
    now = outcome[before["outcome"]]
    if before["outcome"] != after["outcome"]:
        example = words(policy, READINGS, "sheet_example", answers=answers, now=now, then=outcome[after["outcome"]])
    else:
        what = changed_parts(policy, before, after)
        example = words(policy, READINGS, "sheet_example_same", answers=answers, now=now, what=what)
    said[-1] += f"{esc(example)}</p>"
    return "".join(said)


def interpretations_page(policy: Policy) -> str:
    """Every reading the rules rest on, each alternative with what choosing it would change;
    printed, one sign-off sheet for the owner."""
    place = Place(policy, NO_PLACE)
    blocks = [
        f"# {words(policy, READINGS, 'title')}",
        words(policy, READINGS, "intro"),
        words(policy, READINGS, "print_intro"),
        f"[{words(policy, 'revision_page', 'link')}](ny-rutintext.md){{ .ny-rutintext-lank }}",
        interpretations_link(policy),
        STYLESHEET,
    ]
    resting = fields_resting_on(policy)
    current = from_policy(policy)
    choices = {item: options(policy, item, current) for item in policy.interpretations}
    for count, (interpretation_id, item) in enumerate(policy.interpretations.items(), 1):
        reading = reading_in_force(policy, interpretation_id)
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
        number = words(policy, READINGS, "number", number=count)
        body = [
            heading(2, f"{number}. {item['question']}", f"tolkning-{interpretation_id}", searched=False),
            f"**{words(policy, READINGS, 'reading')}** {plain(reading)}",
            f"**{words(policy, READINGS, 'alternatives')}**",
            *(option_block(policy, place, option) for option in choices[interpretation_id]),
            f"**{words(policy, READINGS, 'quotes')}**\n\n" + "\n\n".join(quotes),
            f"**{words(policy, READINGS, 'rules')}**\n\n" + bullets(resting_on),
            status_words(policy, interpretation_id),
            decision_form(policy, interpretation_id, choices[interpretation_id]),
        ]
        data = {
            "interpretation": interpretation_id,
            "status": status_of(policy, interpretation_id),
            "fingerprint": reading_fingerprint(policy, interpretation_id),
        }
        blocks.append(entry(data, body))
    blocks.append(decisions_block(policy))
    blocks.append(sheet(policy, choices))
    return page(*blocks)


def answer_lines(policy: Policy) -> str:
    """Printed only (print.css): room for the owner's answer under a question."""
    return (
        f'<div class="svarsrader"><p>{html.escape(words(policy, QUESTIONS, "answer"))}</p>'
        '<p class="svarsrad"></p><p class="svarsrad"></p><p class="svarsrad"></p></div>'
    )


def _first_sentence_and_rest(question: str) -> tuple[list[str], str]:
    """A question's first sentence as words (its question mark a word of its own, so that a
    shared ending compares), and the sentences after it."""
    first, _, rest = question.partition("? ")
    return first.rstrip("?").split() + ["?"], rest.strip()


def merged_questions(report_questions: list[dict[str, Any]], policy: Policy) -> list[list[dict[str, Any]]]:
    """Near-duplicate questions as one: the same situation and conditions but for one field
    (a system, an age, an action), whose first sentences differ only in the middle. Each
    group is one question with a row per value; a question alike to none stands alone."""
    data = {item["id"]: item for item in policy.data.get("owner_questions", [])}
    candidates: dict[str, list[dict[str, Any]]] = {}
    for question in report_questions:
        when = data[question["id"]].get("when", {})
        for field_id in when:
            others = {key: value for key, value in when.items() if key != field_id}
            key = json.dumps([question["situation"], field_id, sorted(when), others], sort_keys=True, default=str)
            candidates.setdefault(key, []).append(question)
    taken: set[str] = set()
    groups: dict[str, list[dict[str, Any]]] = {}
    for members in sorted(candidates.values(), key=len, reverse=True):
        free = [question for question in members if question["id"] not in taken]
        if len(free) > 1 and _shared_words(free)[0]:
            groups[free[0]["id"]] = free
            taken.update(question["id"] for question in free)
    return [
        groups.get(question["id"], [question])
        for question in report_questions
        if question["id"] not in taken or question["id"] in groups
    ]


def _shared_words(questions: list[dict[str, Any]]) -> tuple[list[str], list[str]]:
    """The words all first sentences begin and end with (the frame of the merged question)."""
    sentences = [_first_sentence_and_rest(question["question"])[0] for question in questions]
    prefix: list[str] = []
    for words_at in zip(*sentences, strict=False):
        if len(set(words_at)) > 1:
            break
        prefix.append(words_at[0])
    suffix: list[str] = []
    for words_at in zip(*(sentence[len(prefix) :][::-1] for sentence in sentences), strict=False):
        if len(set(words_at)) > 1:
            break
        suffix.insert(0, words_at[0])
    return prefix, suffix


def merged_title(questions: list[dict[str, Any]]) -> str:
    prefix, suffix = _shared_words(questions)
    return (" ".join(prefix) + " … " + " ".join(suffix)).replace(" ?", "?")


def merged_row(question: dict[str, Any], questions: list[dict[str, Any]]) -> str:
    """What one question of a merged group says in its own words: the middle of its first sentence."""
    prefix, suffix = _shared_words(questions)
    sentence = _first_sentence_and_rest(question["question"])[0]
    middle = sentence[len(prefix) : len(sentence) - len(suffix)]
    return " ".join(middle)


def question_quotes(policy: Policy, question_id: str) -> list[dict[str, str]]:
    """The routine's sentences a question is about (``quotes``, checked word for word when the policy loads)."""
    return next(item for item in policy.data["owner_questions"] if item["id"] == question_id).get("quotes", [])


def quoted(policy: Policy, place: Place, quotes: list[dict[str, str]]) -> str:
    """The routine's sentences word for word, each with a link to its section."""
    return "\n\n".join(
        f"> ”{plain(quote['text'])}” ([{plain(policy.sections[quote['section']]['title'])}]"
        f"({place.section_href(quote['section'])}))"
        for quote in quotes
    )


def _question_body(
    policy: Policy, owner: Owner, place: Place, question: dict[str, Any], quotes: bool = True
) -> list[str]:
    scenarios = question["scenarios"]
    body = [quoted(policy, place, question_quotes(policy, question["id"])) if quotes else ""]
    body += [
        words(
            policy,
            QUESTIONS,
            "applies_one" if len(scenarios) == 1 else "applies_many",
            count=len(scenarios),
            situation=plain(policy.situations[question["situation"]].label),
            sections=section_links(policy, place, question["sections"]),
        ),
        # On screen only (print.css): links to try mean nothing on paper.
        '<div class="prova" markdown>\n\n'
        + words(policy, QUESTIONS, "try")
        + "\n\n"
        + bullets(try_link(policy, place, scenario) for scenario in examples_of(scenarios))
        + "\n\n</div>",
    ]
    if owner.email:
        link = mailto(policy, owner.email, question["question"], owner.checker_link(scenarios[0]))
        body.append(f"[{policy.text('checker_page', 'ask_owner')}]({link}){{ .md-button }}")
    body.append(answer_lines(policy))
    return body


def signature_block(policy: Policy) -> str:
    """Printed only: the owner signs her answers once, at the end."""
    esc = html.escape
    line = '<span class="signeringsrad"></span>'
    return (
        '<div class="signering bara-utskrift">'
        f"<p>{esc(words(policy, QUESTIONS, 'signed', version=policy.version))}</p>"
        f'<p>{esc(words(policy, READINGS, "sign_date"))} <span class="signeringsrad kort"></span> '
        f"{esc(words(policy, READINGS, 'sign_signature'))} {line}</p>"
        f"<p>{esc(words(policy, READINGS, 'sign_name'))} {line}</p></div>"
    )


def questions_page(policy: Policy, owner: Owner) -> str:
    """What no rule decides, as questions for the owner; every open scenario belongs to one.
    Questions alike but for one value are one question with a row per value; on paper, room
    for her answer under each and one signature at the end."""
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
    for group in merged_questions(report.questions, policy):
        if len(group) == 1:
            question = group[0]
            body = [
                heading(2, question["question"], f"fraga-{question['id']}"),
                *_question_body(policy, owner, place, question),
            ]
            blocks.append(entry({"question": question["id"], "scenarios": str(len(question["scenarios"]))}, body))
            continue
        rests = {_first_sentence_and_rest(question["question"])[1] for question in group}
        shared_rest = len(rests) == 1
        shared = [plain(rests.pop())] if shared_rest else []
        said = {json.dumps(question_quotes(policy, question["id"])) for question in group}
        same_quotes = len(said) == 1
        if same_quotes:
            shared.insert(0, quoted(policy, place, question_quotes(policy, group[0]["id"])))
        rows = []
        for question in group:
            own = _first_sentence_and_rest(question["question"])[1]
            title = plain(merged_row(question, group)) + ("" if shared_rest or not own else f" – {plain(own)}")
            rows.append(
                entry(
                    {"question": question["id"], "scenarios": str(len(question["scenarios"]))},
                    [
                        heading(3, title, f"fraga-{question['id']}"),
                        *_question_body(policy, owner, place, question, quotes=not same_quotes),
                    ],
                )
            )
        title = merged_title(group)
        blocks.append(
            f'<div class="fragegrupp" data-question-group="{html.escape(group[0]["id"])}" markdown>\n\n'
            + "\n\n".join(
                [
                    heading(2, title, f"fragor-{group[0]['id']}"),
                    *shared,
                    words(policy, QUESTIONS, "merged", count=len(group)),
                    *rows,
                ]
            )
            + "\n\n</div>"
        )
    blocks.append(signature_block(policy))
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
