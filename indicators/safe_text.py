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
