"""The status badge: colour, icon and text together, so status never rests on colour alone. The one badge
the board, the goal pages, meeting mode and the report all draw."""

from __future__ import annotations

from indicators.present.html import Markup, render
from indicators.progress import STATUS_COLOURS, STATUS_ICONS, STATUS_LABELS

# Text colour per badge colour, chosen for a contrast ratio of at least 4.5:1.
_LIGHT_TEXT_ON = {"#0072B2", "#6B6B6B"}
DEFAULT_COLOUR = "#6B6B6B"


def badge_colours(status: str) -> tuple[str, str]:
    """(background, text) colours of a status badge."""
    colour = STATUS_COLOURS.get(status, DEFAULT_COLOUR)
    return colour, "#FFFFFF" if colour in _LIGHT_TEXT_ON else "#000000"


def badge_html(status: str, size_px: int | None = 17, css_class: str = "status-badge") -> Markup:
    """The badge as an HTML span; `size_px` None leaves the size to the surrounding CSS (meeting mode)."""
    colour, text_colour = badge_colours(status)
    size = f"padding:0.15em 0.6em;border-radius:0.4em;font-weight:600;font-size:{size_px}px;white-space:nowrap" \
        if size_px is not None else ""
    return render("snippets/badge.html.j2", css_class=css_class, colour=colour, text_colour=text_colour, size=size,
                  icon=STATUS_ICONS.get(status, ""), label=STATUS_LABELS.get(status, status))
