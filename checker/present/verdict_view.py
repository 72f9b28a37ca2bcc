"""The verdict as the checker page shows it: every word, in Swedish, built once here.

The page's JavaScript only draws what this module says (docs/javascripts/kontroll/
verdict.js): which element, which ``data-*`` marker and which link are the page's, but no
sentence is composed there, no answer is put into words there and no outcome is compared
there to decide what to say. So the words the answer book stores at build time, the words
the worker says in the browser and the words a test reads here are one and the same.

Three values only the browser knows stay placeholders in the words: the page's address
(``{link}``: the owner's mail, the printed record), the day it is printed (``{date}``) and
the owner's role when the site's settings name one (``{who}``, else :data:`owner_role`).
Ids and links stay data beside the words.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

from ..model.fields import Field
from ..model.policy import Policy

ANNOUNCE_MAX = 300
"""The live region says the outcome and its sentence; a longer text is cut, not read out whole."""


def answer_words(policy: Policy, field: Field, value: Any) -> str:
    """An answer as the form shows it: Ja/Nej, the option's label, the number with its unit,
    a text within quotation marks."""
    return field.answer(value, _yes_no(policy))


def _yes_no(policy: Policy) -> tuple[str, str]:
    return policy.text("checker_page", "answer_yes"), policy.text("checker_page", "answer_no")


def verdict_view(policy: Policy, verdict: dict[str, Any]) -> dict[str, Any]:
    """What the page shows for ``verdict`` (a :func:`checker.apps.web.page_verdict`), part by part;
    a part with nothing to say for this verdict is None."""
    texts = policy.data["texts"]["checker_page"]
    headline = _headline(policy, verdict)
    return {
        "headline": headline,
        "announce": _cut(texts["announce"].format(outcome=headline["text"], sentence=verdict["summary"])),
        "labels": {
            key: texts[key]
            for key in ("verdict_label", "copied", "copy_failed", "copy_link", "link_help", "new_question")
        },
        "conditions": _titled(texts["conditions"], verdict["conditions"]),
        "messages": _titled(
            texts["messages"],
            [
                {**message, "copy": texts["copy_message"].format(title=message["title"])}
                for message in verdict["messages"]
            ],
        ),
        "documentation": _documentation(policy, verdict["documentation"]),
        "consent": _titled(texts["consent"], verdict["consent_lines"]) if verdict["consent"] else None,
        "hints": _titled(texts["hints"], verdict["hints"]),
        "ask_owner": _ask_owner(policy, verdict),
        "references": _titled(texts["references"], verdict["references"]),
        "your_answers": your_answers(policy, verdict),
        "rules": _rules(policy, verdict),
        "not_covered": _not_covered(policy, verdict),
        "reminders": _titled(
            texts["reminders"],
            [
                {"text": item["text"], "link": item["link"], "words": _read(policy, item["section"])}
                for item in verdict["reminders"]
            ],
        ),
        "interpretations": _interpretations(policy, verdict["interpretations"]),
        "changed": changed_line(policy, verdict),
        "policy_version": policy.text("report", "policy_version").format(version=verdict["policy_version"]),
        "print": {
            "title": texts["print_title"].format(title=policy.data["meta"]["title"]),
            "question": texts["print_question"].format(
                question=policy.situations[verdict["scenario"]["situation"]].data["question"]
            ),
            "date": texts["print_date"],
            "link": texts["print_link"],
        },
    }


def _titled(title: str, items: list[Any]) -> dict[str, Any] | None:
    return {"title": title, "items": items} if items else None


def _cut(text: str) -> str:
    return text if len(text) <= ANNOUNCE_MAX else text[: ANNOUNCE_MAX - 1] + "…"


def _section_title(policy: Policy, section_id: str) -> str:
    return policy.sections[section_id]["title"] if section_id in policy.sections else section_id


def _read(policy: Policy, section_id: str) -> str:
    """ "Läs avsnittet …": the words of a link to a section of the routine."""
    return policy.text("checker_page", "read_routine").format(section=_section_title(policy, section_id))


def _headline(policy: Policy, verdict: dict[str, Any]) -> dict[str, Any]:
    """The outcome, or for a question another routine decides, that routine: ``text`` for the
    live region, ``parts`` for the heading (words, and each routine as ``{id, title, url}``,
    which the page links where it knows the routine's address)."""
    references = verdict["references"] if verdict["outcome"] == "not_covered" else []
    if not references:
        return {"text": verdict["outcome_label"], "parts": [verdict["outcome_label"]]}
    template = policy.text("checker_page", "decided_elsewhere")
    before, _, after = template.partition("{routine}")
    names: list[Any] = []
    for index, ref in enumerate(references):
        names += [", "] if index else []
        names.append({key: ref.get(key) for key in ("id", "title", "url")})
    text = template.format(routine=", ".join(ref["title"] for ref in references))
    return {"text": text, "parts": [part for part in (before, *names, after) if part != ""]}


def _documentation(policy: Policy, documentation: dict[str, Any]) -> dict[str, Any]:
    """What to write in the journal (with its copy button), or where the routine says what to document."""
    texts = policy.data["texts"]["checker_page"]
    if documentation.get("journal_text"):
        return {
            "title": texts["journal_text"],
            "journal_text": documentation["journal_text"],
            "copy": texts["copy_journal"],
        }
    return {
        "title": texts["documentation"],
        "text": documentation["text"],
        "link": documentation["link"],
        "words": _read(policy, documentation["section"]),
    }


def _ask_owner(policy: Policy, verdict: dict[str, Any]) -> dict[str, Any] | None:
    """ "Fråga rutinens ägare", for a verdict the routine leaves open and no other routine
    decides: the mail's subject and body (the page's address as ``{link}``), who is asked
    (``{who}``: the site's role for the owner, else ``owner_role``)."""
    if verdict["outcome"] != "not_covered" or verdict["references"]:
        return None
    texts = policy.data["texts"]["checker_page"]
    question = verdict.get("owner_question") or {}
    return {
        "title": texts["ask_owner"],
        "who": texts["ask_owner_who"],
        "owner_role": texts["owner_role"],
        "unset": texts["ask_owner_unset"],
        **owner_mail(policy, question.get("question", ""), "{link}", verdict["policy_version"]),
        "help": texts["ask_owner_help"],
    }


def owner_mail(policy: Policy, question: str, link: str, version: str) -> dict[str, str]:
    """The mail to the routine's owner about ``question``: its ``subject`` and ``body`` (the
    checker's ``link`` with the answers, the policy ``version``). The checker page's
    "Fråga rutinens ägare" and the owner's questions page (scripts/pages/owner.py) send
    the same mail, so it is written here once."""
    texts = policy.data["texts"]["checker_page"]
    return {
        "subject": texts["ask_owner_subject"].format(title=policy.data["meta"]["title"]),
        "body": texts["ask_owner_body"].format(question=question, link=link, version=version),
    }


def your_answers(policy: Policy, verdict: dict[str, Any]) -> dict[str, Any]:
    """ "Dina svar": the situation and each answer she gave (``answered``; all, without it) in
    words, each with the hidden words of its "Ändra" link."""
    texts = policy.data["texts"]["checker_page"]
    scenario = verdict["scenario"]
    situation = policy.situations[scenario["situation"]]
    answered = verdict.get("answered", list(situation.fields))
    rows = {"situation": {"label": texts["situation_legend"], "words": situation.label}}
    for field in situation.fields.values():
        if field.id in answered and scenario.get(field.id) is not None:
            rows[field.id] = {"label": field.label, "words": answer_words(policy, field, scenario[field.id])}
    for row in rows.values():
        row["hidden"] = " " + texts["change_hidden"].format(question=row["label"])
    return {"title": texts["answers_title"], "change": texts["change"], "rows": rows}


def _rules(policy: Policy, verdict: dict[str, Any]) -> dict[str, Any] | None:
    """The deciding rules: each one's sentence, when it applies, its link's words and (printed) its quote."""
    texts = policy.data["texts"]["checker_page"]
    items = []
    for step in verdict["explanation"]:
        when = "; ".join(item["text"] for item in step["matched"])
        items.append(
            {
                "rule": step["rule"],
                "says": step["says"],
                "when": texts["rule_when"].format(conditions=when) if when else None,
                "link": step["link"],
                "words": texts["rule_link"].format(section=_section_title(policy, step["section"])),
                "quote": [f"”{text}”" for text in step["quote"]],
            }
        )
    return {"title": texts["rules"], "quote": texts["print_quote"], "items": items} if items else None


def _not_covered(policy: Policy, verdict: dict[str, Any]) -> dict[str, Any] | None:
    """No rule decides: the routine's silence, and the sections to read."""
    if verdict["explanation"]:
        return None
    return {
        "text": policy.text("report", "not_covered"),
        "sources": [
            {"link": link, "words": _read(policy, link.split("#", 1)[1] if "#" in link else link)}
            for link in verdict["sources"]
        ],
    }


def _interpretations(policy: Policy, items: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The readings the answer rests on, each with its status in words; ``warning`` when one
    is not confirmed."""
    if not items:
        return None
    texts = policy.data["texts"]["checker_page"]
    warning = any(item["status"] != "confirmed" for item in items)
    return {
        "title": texts["interpretations_proposed" if warning else "interpretations"],
        "warning": warning,
        "items": [
            {
                "id": item["id"],
                "status": item["status"],
                "question": item["question"],
                "link": item["link"],
                "reading": texts["interpretation_reading"].format(reading=item["reading"]),
                "status_words": _capitalised(policy.text("report", item["status"])) + ".",
            }
            for item in items
        ],
    }


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def changed_line(policy: Policy, verdict: dict[str, Any]) -> dict[str, Any] | None:
    """ "Ändrat i version …" with its link, when this version changed the answer in a way it
    can name: the earlier outcome, a new question, or the parts that changed under the same
    outcome (checker.engine.changed_in_this_version says which). None when nothing changed
    that the line could name: the same outcome and no part."""
    changed = verdict.get("changed")
    if not changed or (changed["before"] == verdict["outcome"] and not changed.get("parts")):
        return None
    return {"text": changed["text"], "link": changed["link"], "words": policy.text("checker_page", "changed_link")}


def link_answers(policy: Policy, query: str) -> dict[str, Any]:
    """The answers of a link the checker cannot use, for whoever made the link: each by its
    label with its id in parentheses (and a value's id beside its words), as the URL gave it."""
    texts = policy.data["texts"]["checker_page"]
    pairs = parse_qsl(query, keep_blank_values=True)
    situation = policy.situations.get(next((value for key, value in pairs if key == "situation"), ""))
    items = []
    for key, value in pairs:
        if key == "situation":
            label = texts["situation_legend"]
            words = policy.situations[value].label if value in policy.situations else None
            shown = f"{words} ({value})" if words else value
        elif situation is not None and key in situation.fields:
            field = situation.fields[key]
            label = field.label
            shown = _link_value(policy, field, value)
        else:
            items.append(f"{key}: {value}")
            continue
        items.append(f"{label} ({key}): {shown}")
    return {"title": texts["link_answers"], "items": items}


def _link_value(policy: Policy, field: Field, value: str) -> str:
    """A value as a link wrote it, in words where it is one the field takes."""
    return field.link_answer(value, _yes_no(policy))


def problems_view(policy: Policy, query: str, errors: list[dict[str, Any]]) -> dict[str, Any]:
    """A link the checker cannot use, said to the nurse who followed it: one sentence
    (``sentence``) naming the wrong questions by their labels, each as a focus link
    (``{"field": id, "text": words}``; the rest plain text), with what to do; ``fields``, the
    questions the page marks wrong with ``field_wrong``; and the engine's ``messages`` (with
    the ids) for whoever made the link, under ``details``. A problem with a parameter the
    form has no question for (not the situation, not one of the link's situation's fields)
    is named only as "uppgifter som kontrollen inte känner igen"."""
    texts = policy.data["texts"]["checker_page"]
    situation = policy.situations.get(next((value for key, value in parse_qsl(query) if key == "situation"), ""))
    labels = {"situation": texts["situation_legend"]}
    labels.update({field.id: field.label for field in situation.fields.values()} if situation else {})
    fields = list(dict.fromkeys(str(error["field"]) for error in errors if str(error["field"]) in labels))
    unknown = any(str(error["field"]) not in labels for error in errors)
    if "situation" in fields:
        sentence: list[Any] = [texts["link_wrong_situation"]]
    elif fields:
        sentence = _naming(texts["link_wrong"], fields, labels)
        if unknown:
            sentence += [" ", texts["link_wrong_unknown"]]
    else:
        sentence = [texts["link_wrong_unknown"]]
    return {
        "title": texts["error_summary"],
        "sentence": _joined(sentence),
        "fields": fields,
        "field_wrong": texts["field_wrong"],
        "details": texts["link_details"],
        "messages": [error["message"] for error in errors],
    }


def unanswered_view(policy: Policy, situation_id: str | None, field_ids: list[str]) -> dict[str, Any]:
    """ "Svara på alla frågor …": the questions still to answer before a verdict shows (after
    "Kontrollera"), each as a focus link (``{"field": id, "text": words}``) in the sentence;
    without a situation, the situation question."""
    texts = policy.data["texts"]["checker_page"]
    labels = {"situation": texts["situation_legend"]}
    if situation_id in policy.situations:
        labels.update({field.id: field.label for field in policy.situations[situation_id].fields.values()})
    return {
        "title": texts["error_summary"],
        "sentence": _joined(_naming(texts["unanswered"], field_ids or ["situation"], labels)),
    }


def _naming(template: str, field_ids: list[str], labels: dict[str, str]) -> list[Any]:
    """``template`` with its ``{questions}`` as the questions' labels, each a focus link."""
    before, _, after = template.partition("{questions}")
    parts: list[Any] = [before]
    for index, field_id in enumerate(field_ids):
        parts += [", "] if index else []
        parts.append({"field": field_id, "text": f"”{labels[field_id]}”"})
    return [*parts, after]


def _joined(parts: list[Any]) -> list[Any]:
    """Adjacent words as one text, and no empty text: what the page draws, part by part."""
    joined: list[Any] = []
    for part in parts:
        if part == "":
            continue
        if isinstance(part, str) and joined and isinstance(joined[-1], str):
            joined[-1] += part
        else:
            joined.append(part)
    return joined


def kept_answers(policy: Policy, field: Field) -> dict[str, Any]:
    """When she switches to this field's situation, which answer she gave to a field of the
    same id in another situation is kept: by that situation's id, the values (as the URL
    writes them) both fields take, or True when every answer to the other fits this one (a
    text no longer than the other's limit). Only situations with such a field are named.
    The page keeps an answer by this list, so whether a value fits a field is decided here,
    by the same rule the engine checks (the field's values, its range, its length)."""
    kept: dict[str, Any] = {}
    for other in policy.situations.values():
        twin = other.fields.get(field.id)
        if twin is None or twin is field:
            continue
        if type(twin) is not type(field):
            continue
        if field.open:  # a text: every answer to the other fits if its limit is no longer
            kept[other.id] = twin.data["max_length"] <= field.data["max_length"]
        else:
            mine = field.url_words()
            kept[other.id] = [word for word in twin.url_words() if word in mine]
    return kept
