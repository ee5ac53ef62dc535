"""Every indicator the goals, the export command and the pages can ask for, by id.

An indicator module lists its `IndicatorSpec`s in a module-level `INDICATORS`; this registry collects them
from the modules named in `_MODULES`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

_MODULES: tuple[str, ...] = (
    "indicators.population",
    "indicators.jobs",
    "indicators.plan_actions",
    "indicators.emissions",
)


@dataclass(frozen=True)
class IndicatorSpec:
    id: str
    title: str  # Nynorsk, shown to users
    unit: str  # Nynorsk, e.g. "personar"
    datasets: tuple[str, ...]  # cache datasets it reads (their manifests give the provenance)
    # compute(region=None|code, cache_directory=None, **params) -> tidy frame (region_code, region_name,
    # period, [dimensions], value, status). With region=None: every region the indicator has.
    compute: Callable[..., pd.DataFrame]
    params: dict[str, tuple[str, ...]] = field(default_factory=dict)  # allowed CLI params and example values
    period_label: str = "{year}"  # how a period reads in the UI, e.g. "1. januar {year}"
    tidy: bool = True  # False for tables that are not series (the action programme)
    empty_message: str = ""  # Nynorsk: why there may be no data and how to get it (e.g. an import)

    def describe_period(self, year: int | None) -> str:
        return "–" if year is None else self.period_label.format(year=year)


class UnknownIndicatorError(KeyError):
    def __init__(self, indicator_id: str, known: list[str]):
        self.indicator_id = indicator_id
        super().__init__(f"Ukjend indikator «{indicator_id}». Kjende: {', '.join(sorted(known))}.")

    def __str__(self) -> str:  # KeyError quotes its message otherwise
        return str(self.args[0])


_registry: dict[str, IndicatorSpec] | None = None


def all_indicators() -> dict[str, IndicatorSpec]:
    global _registry
    if _registry is None:
        found: dict[str, IndicatorSpec] = {}
        for module_name in _MODULES:
            module = importlib.import_module(module_name)
            for spec in module.INDICATORS:
                found[spec.id] = spec
        _registry = found
    return _registry


def get_indicator(indicator_id: str) -> IndicatorSpec:
    indicators = all_indicators()
    try:
        return indicators[indicator_id]
    except KeyError:
        raise UnknownIndicatorError(indicator_id, list(indicators)) from None
