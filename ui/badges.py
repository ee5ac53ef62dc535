"""Status badges: colour, icon and text together, so status never rests on colour alone."""

from __future__ import annotations

import html

from indicators.progress import STATUS_COLOURS, STATUS_ICONS, STATUS_LABELS

# Text colour per badge colour, chosen for a contrast ratio of at least 4.5:1.
_LIGHT_TEXT_ON = {"#0072B2", "#6B6B6B"}


def badge_html(status: str, size_px: int = 17) -> str:
    colour = STATUS_COLOURS.get(status, "#6B6B6B")
    text_colour = "#FFFFFF" if colour in _LIGHT_TEXT_ON else "#000000"
    label = html.escape(STATUS_LABELS.get(status, status))
    icon = STATUS_ICONS.get(status, "")
    return (
        f'<span class="status-badge" style="background:{colour};color:{text_colour};padding:0.15em 0.6em;'
        f'border-radius:0.4em;font-weight:600;font-size:{size_px}px;white-space:nowrap">'
        f'<span aria-hidden="true">{icon}</span> {label}</span>'
    )
