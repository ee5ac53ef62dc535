"""The [emissions] table of plan/sources.toml: download address(es), manual page, timeout; and how to get the
file by hand."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass

from indicators.i18n import Message, labels
from indicators.regions import active_region
from indicators.sources.miljodirektoratet.common import (
    DEFAULT_SETTINGS,
    DEFAULT_TIMEOUT_SECONDS,
    MANUAL_PAGE,
    EmissionsDownloadError,
    PathLike,
)

# The settings' and the manual way's words: in the language active where they are shown (i18n.Message).
MESSAGES = labels("miljodirektoratet.SETTINGS", {
    "unreadable": "Innstillingsfila {file} kan ikkje lesast ({error}). {manual}",
    "either": "{first} eller {last}",
    "manual": "Last ned fila for hand: opne {page}, vel kommunen ({names}) og last ned Excel-fila (eller fila med alle "
              "kommunane, utslippsstatistikk_alle_kommuner.xlsx). Importer ho så på sida Klima, eller med "
              "`python -m indicators import-emissions FIL`.",
})


@dataclass(frozen=True)
class EmissionsSettings:
    download_urls: tuple[str, ...]
    manual_page: str = MANUAL_PAGE
    timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS


def load_settings(settings_path: PathLike = DEFAULT_SETTINGS) -> EmissionsSettings:
    """The [emissions] table of plan/sources.toml (download address(es), manual page, timeout)."""
    try:
        with open(settings_path, "rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise EmissionsDownloadError(
            MESSAGES.message("unreadable", file=settings_path, error=exc, manual=manual_instructions())
        ) from exc
    section = data.get("emissions", {})
    urls = section.get("download_urls", section.get("download_url", []))
    if isinstance(urls, str):
        urls = [urls]
    return EmissionsSettings(
        download_urls=tuple(u.strip() for u in urls if isinstance(u, str) and u.strip()),
        manual_page=section.get("manual_page", MANUAL_PAGE),
        timeout_seconds=float(section.get("timeout_seconds", DEFAULT_TIMEOUT_SECONDS)),
    )


def _choice(names: list[str]) -> Message | str:
    """'A, B eller C'."""
    return names[0] if len(names) == 1 else MESSAGES.message("either", first=", ".join(names[:-1]), last=names[-1])


def manual_instructions(manual_page: str = MANUAL_PAGE) -> Message:
    """How to get the file by hand, naming the active region's municipalities (worded where it is shown)."""
    return MESSAGES.message("manual", page=manual_page, names=_choice([m.name for m in active_region().members]))
