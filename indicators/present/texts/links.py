"""Notices about a link's query parameters that could not be used (ui/state.py)."""

from __future__ import annotations

REPEATED = "Lenkja hadde «{param}» fleire gonger. Viser standardvalet i staden."
TOO_LONG = "Lenkja hadde ein altfor lang verdi for «{param}». Viser standardvalet i staden."
UNKNOWN = "Lenkja hadde ein ukjend verdi for «{param}» («{value}»). Viser standardvalet i staden."
UNKNOWN_ITEMS_SKIPPED = "Lenkja hadde ukjende verdiar for «{param}» («{values}»); dei er hoppa over."
UNKNOWN_ITEMS = "Lenkja hadde ukjende verdiar for «{param}» («{values}»). Viser standardvalet i staden."
