"""Every indicator the goals, the export command and the pages can ask for, by id.

Each indicator module lists its `IndicatorSpec`s in a module-level `INDICATORS`; the registry names those
modules explicitly (an indicator module never imports the goals, so there is no import cycle).
"""

from __future__ import annotations

from indicators import broadband, commuting, emissions, jobs, land_use, migration, population
from indicators.model import IndicatorSpec, UnknownIndicatorError

__all__ = ["IndicatorSpec", "UnknownIndicatorError", "all_indicators", "get_indicator"]

_MODULES = (population, jobs, commuting, emissions, migration, broadband, land_use)
_registry: dict[str, IndicatorSpec] | None = None


def all_indicators() -> dict[str, IndicatorSpec]:
    global _registry
    if _registry is None:
        _registry = {spec.id: spec for module in _MODULES for spec in module.INDICATORS}
    return _registry


def get_indicator(indicator_id: str) -> IndicatorSpec:
    indicators = all_indicators()
    try:
        return indicators[indicator_id]
    except KeyError:
        raise UnknownIndicatorError(indicator_id, list(indicators)) from None
