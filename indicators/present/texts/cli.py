"""Texts of the command line that carry a message in the language of `--lang` (the rest of its output is in
Nynorsk)."""

from __future__ import annotations

# status: the follow-up database cannot be read ({reason}: why, from the domain)
DATABASE_UNAVAILABLE_STATUS = "Åtvaring: oppfølgingsdatabasen kan ikkje lesast ({reason}); statusane er frå planfilene."
# export handlingsprogram: the same, for the action programme
DATABASE_UNAVAILABLE_ACTIONS = "Åtvaring: oppfølgingsdatabasen kan ikkje lesast ({reason}); statusane er frå planfila."
