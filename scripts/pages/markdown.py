"""Small Markdown helpers, so that every page builder writes the same plain Markdown.

Texts from ``policy.yaml`` that are not Markdown (what a rule says, its conditions) are
escaped only where a character would change the rendering; section texts and the pages'
own words (``texts``, see :func:`words`) are Markdown already and are written as they stand.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Any

from checker.model.policy import Policy

GENERATED_NOTE = (
    "<!-- Genererad från policy.yaml av scripts/generate_pages.py; ändra inte här.\n"
    "     Ändra policy.yaml och kör scripts/build (eller: python scripts/generate_pages.py build/docs). -->\n"
)

_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def plain(text: str) -> str:
    """Plain text made safe inside Markdown: characters with a meaning there are escaped."""
    return _SPECIAL.sub(r"\\\1", text)


def words(policy: Policy, group: str, key: str, **values: Any) -> str:
    """A page's own words from policy.yaml (``texts.<group>.<key>``), with ``values`` filled in.

    The text is inline Markdown as its writer left it; the values are the caller's to escape.
    Which values a text may use is checked when the policy loads (checker/model/page_texts.py).
    """
    return policy.text(group, key).format(**values)


def page(title: str, *blocks: str) -> str:
    """A whole page: its title, the generated-file note, then the blocks.

    The note follows the title because mkdocs takes a page's title from a first-line h1.
    """
    body = [block.strip("\n") for block in blocks if block]
    return title + "\n\n" + GENERATED_NOTE + "\n" + "\n\n".join(body) + "\n"


def heading(level: int, title: str, anchor: str, *, searched: bool = True) -> str:
    """A heading with a stable id (attr_list), the anchor web editors link to.

    ``searched=False`` leaves the heading's section (up to the next heading) out of the search
    index (mkdocs-material's ``data-search-exclude``): the detail of the owner's and the web
    editors' pages, which quotes the routine's sentences and lists every answer, address and
    id. Staff find each sentence once, on its section's page, and those pages by their titles
    and introductions; the index every page loads is a third smaller (guides/prestanda.md)."""
    excluded = "" if searched else " data-search-exclude"
    return f"{'#' * level} {plain(title)} {{ #{anchor}{excluded} }}"


def indent(text: str, spaces: int = 4) -> str:
    """Text indented as the body of an admonition; blank lines stay empty."""
    pad = " " * spaces
    return "\n".join(pad + line if line.strip() else "" for line in text.split("\n"))


def bullets(items: Iterable[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def code_block(text: str) -> str:
    """A fenced text block: the text verbatim, with the theme's copy button."""
    fence = "```"
    while fence in text:
        fence += "`"
    return f"{fence} text\n{text}\n{fence}"


def table(header: list[str], rows: list[list[str]]) -> str:
    """A pipe table; cells are already Markdown (use :func:`plain` for texts)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def wrapped(html_id: str, css_class: str, body: str) -> str:
    """A block with an id around Markdown (md_in_html), used for rule boxes and tables."""
    return f'<div id="{html_id}" class="{css_class}" markdown>\n\n{body.strip()}\n\n</div>'


def scroll_box(label: str, markdown_table: str) -> str:
    """A table in a box of its own that scrolls sideways where the table is wider than the
    column (a phone; docs/stylesheets/extra.css): focusable, so the keyboard scrolls it too,
    and named by ``label`` (the table's caption or heading, as plain text)."""
    return (
        f'<div class="tabellruta" tabindex="0" role="region" aria-label="{html.escape(label)}" markdown>\n\n'
        f"{markdown_table}\n\n</div>"
    )
