"""Text from outside the program (a file name, a cell, a sheet name, an upload) made safe to show.

Two sanitisers, one per way text is rendered:

* `markdown_literal` for text shown with Streamlit's markdown (and printed by the CLI): a code span, so a name
  like ``[klikk her](https:evil.example)`` or ``![x](…)`` is shown as itself, never as a link or an image.
* `plotly_label` for plotly labels and HTML cells: plotly reads pseudo-HTML (``<a href=…>``, ``<b>``) in titles,
  legends, axis and hover labels, so ``<``, ``>`` and ``&`` are escaped; plotly shows the entities as the
  characters.

Pure string functions without dependencies: the importer's messages use `markdown_literal` too.
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
LINK_ATTRIBUTES = 'target="_blank" rel="noopener noreferrer"'


def _web_link(url: str, label: str | None = None) -> str:
    return f'<a href="{html.escape(url, quote=True)}" {LINK_ATTRIBUTES}>{html.escape(label or url)}</a>'


def safe_url(url: Any) -> str | None:
    """`url` when it is an http(s) address (the only kind shown as a link), else None (`javascript:`, `data:`,
    relative paths and anything else stay text)."""
    text = "" if url is None else str(url).strip()
    match = _WEB_ADDRESS.fullmatch(text)
    return match.group(0) if match else None


def linked_html(text: Any) -> str:
    """Text from a user or a plan file as HTML: every character escaped, line breaks kept, and each http(s)
    address a link that opens in a new tab (`rel="noopener noreferrer"`). Nothing else becomes markup: markdown
    stays as written and `javascript:…` stays text. The one helper wherever a note is shown."""
    source = "" if text is None else str(text)
    parts: list[str] = []
    position = 0
    for match in _WEB_ADDRESS.finditer(source):
        url = match.group(0)
        stripped = url.rstrip(_TRAILING)
        # a closing parenthesis belongs to the address when it opened one ("…/Bok_(1)")
        while url != stripped and url[len(stripped)] == ")" and stripped.count("(") > stripped.count(")"):
            stripped += ")"
        parts.append(html.escape(source[position:match.start()]))
        parts.append(_web_link(stripped))
        position = match.start() + len(stripped)
    parts.append(html.escape(source[position:]))
    return "".join(parts).replace("\n", "<br>")


def link_html(url: Any, label: str) -> str:
    """A link to `url` labelled `label` (escaped) when `url` is http(s); else the label and the address as text."""
    safe = safe_url(url)
    if safe is not None:
        return _web_link(safe, label)
    return f"{html.escape(label)}: {html.escape(str(url))}" if url else html.escape(label)
