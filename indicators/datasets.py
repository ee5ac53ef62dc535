"""Dataset ids: the names of the folders in the data cache. Defined once, here; everything else imports them.

What each dataset is, where it comes from and how it is refreshed or built: indicators/catalogue.py.
"""

from __future__ import annotations

POPULATION = "population"
POPULATION_PROJECTION = "population_projection"
EMPLOYMENT = "employment"
COMMUTING = "commuting"
JOBS_BY_INDUSTRY = "jobs_by_industry"
EMISSIONS = "emissions"
NET_MIGRATION = "net_migration"
NEW_BUILDINGS = "new_buildings"
LOCAL_WORKERS = "local_workers"
FIBRE_COVERAGE = "fibre_coverage"
# Every municipality code 2005–2026 -> its 2024 code(s) with shares, and the 2024 municipalities with their county
MUNICIPALITY_CODES = "municipality_codes"
