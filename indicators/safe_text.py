"""Text from outside the program (a note, a plan file, a file name, a cell, an upload) made safe to show.

One helper per way text is rendered:

* `markdown_escaped` for a user's or a plan file's text shown with Streamlit's markdown (`st.markdown`,
  `st.caption`, a toast, a message, a widget label): every character markdown, HTML, emoji codes, autolinks or
  formulas could use is backslash-escaped, so the text reads as written. The one helper for this on the pages.
* `markdown_literal` for a raw value quoted inside a message (a file or sheet name, a cell in an import error):
  a code span, shown as itself in the app and readable in a terminal.
* `plotly_label` for plotly labels: plotly reads pseudo-HTML (``<a href=…>``, ``<b>``) in titles, legends, axis
  and hover labels, so ``<``, ``>`` and ``&`` are escaped; plotly shows the entities as the characters.

HTML is not made here: the presentation renders it from Jinja2 templates with autoescape
(`indicators/present/html.py`); `web_address_parts` and `safe_url` only say which pieces of a text are web
addresses. Pure string functions without dependencies: the importer's messages use `markdown_literal` too.
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Any


def clean_text(value: Any) -> str:
    """Trim, collapse inner whitespace (the agency's names carry trailing newlines), NFC-normalise."""
    if value is None:
        return ""
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


def markdown_literal(text: Any) -> str:
    """Text for a message that may be shown as markdown: a code span with backticks dropped and whitespace
    collapsed, so the page shows it as itself (never as a link, image, emoji or formula) and a terminal shows it
    readably. Empty text is «»."""
    clean = clean_text(text).replace("`", "")
    return f"`{clean}`" if clean else "«»"


# markdown, HTML and formula characters; a colon before a non-space (":smile:", "https://"), the dot of "www."
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#!|<>~$&@]|:(?=\S)|(?<=www)\.)")


def markdown_escaped(text: Any) -> str:
    """Text for a markdown message that should read as ordinary words (a toast, a success line): every character
    markdown, HTML, emoji short codes, autolinks or formulas could use is backslash-escaped, so it is shown as
    itself. (Not for text at the start of a line: "1." or "- " there would still make a list.)"""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", "" if text is None else str(text))


def plotly_label(text: Any) -> str:
    """Text for a plotly label (title, legend, axis, hover) or an HTML cell: ``<``, ``>`` and ``&`` escaped, so
    it cannot become a link or markup."""
    return html.escape("" if text is None else str(text), quote=False)


# A web address in a note: http(s) only, up to whitespace or a character that cannot end one in running text.
_WEB_ADDRESS = re.compile(r"""https?://[^\s<>"'«»]+""", re.IGNORECASE)
_TRAILING = ".,;:!?)]}'\""


def safe_url(url: Any) -> str | None:
    """`url` when it is an http(s) address (the only kind shown as a link), else None (`javascript:`, `data:`,
    relative paths and anything else stay text)."""
    text = "" if url is None else str(url).strip()
    match = _WEB_ADDRESS.fullmatch(text)
    return match.group(0) if match else None


def web_address_parts(text: Any) -> list[tuple[str, bool]]:
    """Text from a user or a plan file cut into (piece, is_web_address) in order: each http(s) address (without
    the punctuation that ends a sentence after it) is one piece. Nothing else counts as a link: markdown and
    `javascript:…` stay text. The presentation escapes the pieces and links the addresses (`present.html.linked`)."""
    source = "" if text is None else str(text)
    parts: list[tuple[str, bool]] = []
    position = 0
    for match in _WEB_ADDRESS.finditer(source):
        url = match.group(0)
        stripped = url.rstrip(_TRAILING)
        # a closing parenthesis belongs to the address when it opened one ("…/Bok_(1)")
        while url != stripped and url[len(stripped)] == ")" and stripped.count("(") > stripped.count(")"):
            stripped += ")"
        parts.append((source[position:match.start()], False))
        parts.append((stripped, True))
        position = match.start() + len(stripped)
    parts.append((source[position:], False))
    return [(piece, is_address) for piece, is_address in parts if piece]
