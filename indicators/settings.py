"""Environment settings, in one place.

Neutral names; the variables of the first release (named after the first region) still work as aliases so
existing deployments keep running.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

REGION_CONFIG = "REGION_CONFIG"  # path of the region file (default plan/region.toml)
CACHE_DIR = "DASHBOARD_CACHE_DIR"  # folder of the data cache (default data_cache/)
CHROMIUM = "DASHBOARD_CHROMIUM"  # path of the Chromium used for chart images and the report
DATABASE_URL = "DATABASE_URL"
IMAGE_CACHE = "DASHBOARD_IMAGE_CACHE"  # folder of drawn chart images (default var/chart-images/; "off": none)

# Deprecated aliases, read when the neutral name is not set.
_ALIASES: dict[str, str] = {
    CACHE_DIR: "HALLINGDAL_CACHE_DIR",
    CHROMIUM: "HALLINGDAL_CHROMIUM",
}


def env(name: str) -> str | None:
    """The value of a setting from the environment (its deprecated alias as fallback); None when unset or empty."""
    value = os.environ.get(name)
    if not value and name in _ALIASES:
        value = os.environ.get(_ALIASES[name])
    return value or None


def aliases(name: str) -> tuple[str, ...]:
    """Every environment variable that sets `name` (the neutral one first)."""
    return (name, _ALIASES[name]) if name in _ALIASES else (name,)
