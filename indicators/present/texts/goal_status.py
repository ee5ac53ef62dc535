"""Texts of a goal's two statuses (the method's and the secretariat's), wherever a goal's status is shown."""

from __future__ import annotations

STATISTICS = "Statistikken:"
ASSESSMENT = "Sekretariatet si vurdering:"
ASSESSED_BY = "vurdert av {body} {date}"
ASSESSED_ON = "vurdert {date}"
FROM_PLAN_FILE = "frå planfila"
ENTERED = "registrert av {user} {entered}"
NOT_ASSESSED = "Ikkje vurdert av sekretariatet enno."
SHOW_ALL = "Vis heile"
EVIDENCE = "Dokumentasjon"
# the counts say which status they count (the rule is on Om)
COUNTED_BY = "talt etter sekretariatet si vurdering der ho finst, elles statistikken"
