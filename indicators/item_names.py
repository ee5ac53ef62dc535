"""An item of the plan named in words on one line: «Tiltak 12 – Vidareføre Ungt entreprenørskap …», «Mål – Fleire
arbeidsplassar». Used by «Kva er endra sidan sist» (the command line's lines and the pages')."""

from __future__ import annotations

from collections.abc import Mapping

TITLE_LENGTH = 70  # an item's title is cut here, at a word, with «…»


def short_title(title: str, limit: int = TITLE_LENGTH) -> str:
    """A title for one line: whole when short, else cut at a word with «…»."""
    title = " ".join((title or "").split())
    if len(title) <= limit:
        return title
    cut = title[:limit].rsplit(" ", 1)[0].rstrip(" ,;:–-")
    return f"{cut} …"


def item_words(kind: str, item_id: str, titles: Mapping[str, str]) -> str:
    """«Tiltak 12 – Vidareføre Ungt entreprenørskap …» or «Mål – Fleire arbeidsplassar» (the id when the title is
    unknown). `kind`: "goal" or "action", as the caller knows it (never guessed from the id's shape)."""
    title = short_title(titles.get(item_id, ""))
    if kind == "action":
        return f"Tiltak {item_id} – {title}" if title else f"Tiltak {item_id}"
    return f"Mål – {title or item_id}"
