"""Every text a user reads, in Nynorsk, in one place: one module per page or topic (`common` for what the
whole app shares). Pages, UI helpers and chart builders take their words from here, so a translation means
translating this folder. Domain error messages stay with the domain.

Other languages: every submodule's UPPER_CASE constants read in the active language (`indicators.i18n`): a
submodule is a `TranslatedModule`, whose attribute access looks the Nynorsk string up in the language's gettext
catalogue (msgctxt `module.NAME`), so call sites stay `t.TITLE`. Functions in a text module must read their
constants through the module (`_t().NAME`), not as bare globals, to be translated. A text with a count in it is
an `i18n.Plural` (singular, plural), used like a str template: `t.GOALS.format(count=n)`.

Texts never name the region, its municipalities or the plan: they use the placeholders {region}, {plan},
{plan_period}, {plan_start}, {plan_end} and {council}, which `fill` takes from the region file.
"""

from __future__ import annotations

import importlib
import pkgutil
import types
from typing import Any

from indicators import i18n
from indicators.formatting import count_words
from indicators.regions import Region, RegionFileError, active_region

LANGUAGE = i18n.SOURCE_LANGUAGE  # the language these texts are written in (the catalogues' source)


def language() -> str:
    """The active language (BCP 47), declared on the page for screen readers."""
    return i18n.current()


def _region_language() -> str | None:
    try:
        return active_region().language
    except RegionFileError:
        return None


i18n.set_default(_region_language)


def words(region: Region | None = None) -> dict[str, Any]:
    """The region-specific words every text may use, from the region file."""
    region = region or active_region()
    plan = region.plan
    no_plan = common.NO_PLAN_NAME  # a region with members only
    return {
        "region": region.name,
        "plan": plan.name if plan else no_plan,
        "plan_title": plan.title if plan else no_plan,
        "plan_period": f"{plan.start}–{plan.end}" if plan else "",
        "plan_start": plan.start if plan else "",
        "plan_end": plan.end if plan else "",
        "council": region.council or region.name,
        "member_count": number_word(len(region.members)),
        "county": region.county.name if region.county else "",
        "country": region.country.name if region.country else "",
    }


def fill(template: str, region: Region | None = None, /, **extra: Any) -> str:
    """A text with the region's words (default: the active region; `extra` values win) put in for its
    placeholders."""
    return template.format(**{**words(region), **extra})


def number_word(count: int) -> str:
    """A small count as a word in the active language, for running text ("dei seks kommunane")."""
    if i18n.current() == i18n.SOURCE_LANGUAGE:
        return count_words(count)
    numbers = common.NUMBER_WORDS
    return numbers[count] if 0 <= count < len(numbers) else str(count)


_PACKAGE = __name__ + "."
_cache: dict[tuple[str, str, str, int], Any] = {}


class TranslatedModule(types.ModuleType):
    """A text module whose UPPER_CASE constants read in the active language."""

    def __getattribute__(self, name: str) -> Any:
        value = super().__getattribute__(name)
        if not name[:1].isupper() or not name.isupper() or callable(value) and not isinstance(value, i18n.Plural):
            return value
        language = i18n.current()
        if language == i18n.SOURCE_LANGUAGE:
            return value
        module = super().__getattribute__("__name__").removeprefix(_PACKAGE)
        key = (language, module, name, id(value))
        found = _cache.get(key)
        if found is None:
            found = _cache[key] = i18n.translate_value(f"{module}.{name}", value, language)
        return found


def message(module: types.ModuleType, name: str, **params: object) -> i18n.Message:
    """The text `module.NAME` with `params`, worded when it is shown (in the language active then): for a
    message that is kept (a remembered failure) or raised on another thread."""
    source = types.ModuleType.__getattribute__(module, name)
    return i18n.Message(f"{module.__name__.removeprefix(_PACKAGE)}.{name}", source, params)


def text_modules() -> list[types.ModuleType]:
    """Every text module of this package (imported, each a TranslatedModule)."""
    return [importlib.import_module(_PACKAGE + info.name) for info in pkgutil.iter_modules(__path__)]


for _module in text_modules():
    _module.__class__ = TranslatedModule

from indicators.present.texts import common  # noqa: E402 - for number_word; after the class is installed
