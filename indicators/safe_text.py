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


def plotly_label(text: Any) -> str:
    """Text for a plotly label (title, legend, axis, hover) or an HTML cell: ``<``, ``>`` and ``&`` escaped, so
    it cannot become a link or markup."""
    return html.escape("" if text is None else str(text), quote=False)
