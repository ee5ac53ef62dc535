"""Download the file(s) at the address(es) in plan/sources.toml and import them (the agency documents no API,
so no address is set by default and the error explains the manual way)."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from indicators.i18n import labels
from indicators.sources.miljodirektoratet.common import (
    DEFAULT_SETTINGS,
    EmissionsDownloadError,
    EmissionsImportError,
    PathLike,
)
from indicators.sources.miljodirektoratet.limits import MAX_FILE_BYTES
from indicators.sources.miljodirektoratet.release import ImportSummary, import_emissions
from indicators.sources.miljodirektoratet.settings import load_settings, manual_instructions

# Why the automatic download failed (each followed by the manual way): worded where it is shown (i18n.Message).
MESSAGES = labels("miljodirektoratet.DOWNLOAD", {
    "no_address": "Miljødirektoratet har ikkje noko dokumentert API, og ingen nedlastingsadresse er sett i {file}. "
                  "{manual}",
    "failed": "Nedlastinga frå {url} feila ({error}). {manual}",
    "not_excel": "Svaret frå {url} er ikkje ei Excel-fil (adressa kan ha endra seg). {manual}",
    "too_large": "Svaret frå {url} er større enn grensa for ei utsleppsfil ({megabytes} MB). {manual}",
    "not_imported": "Den nedlasta fila kunne ikkje importerast: {problem} {manual}",
})


def _file_name_from_response(response: Any, url: str) -> str:
    disposition = response.headers.get("Content-Disposition", "") if hasattr(response, "headers") else ""
    match = re.search(r"filename\*?=(?:UTF-8'')?\"?([^\";]+)\"?", disposition, flags=re.IGNORECASE)
    if match:
        return Path(unquote(match.group(1))).name
    name = Path(unquote(urlparse(url).path)).name
    return name if name.lower().endswith(".xlsx") else "utslepp_nedlasta.xlsx"


def refresh_emissions(
    settings_path: PathLike = DEFAULT_SETTINGS,
    session: Any | None = None,
    cache_directory: PathLike | None = None,
) -> ImportSummary:
    """Download the file(s) at the address(es) in plan/sources.toml and import them.

    Raises EmissionsDownloadError, whose Nynorsk message says how to download and import by hand, when no
    address is set, the download fails, or the downloaded file cannot be imported. The cache is unchanged then.
    """
    import requests

    settings = load_settings(settings_path)
    manual = manual_instructions(settings.manual_page)
    if not settings.download_urls:
        raise EmissionsDownloadError(MESSAGES.message("no_address", file=settings_path, manual=manual))
    http = session or requests.Session()
    workdir = Path(tempfile.mkdtemp(prefix="emissions-download-"))
    try:
        files: list[Path] = []
        for i, url in enumerate(settings.download_urls):
            try:
                response = http.get(url, timeout=settings.timeout_seconds)
                response.raise_for_status()
            except requests.RequestException as exc:
                raise EmissionsDownloadError(MESSAGES.message("failed", url=url, error=exc, manual=manual)) from exc
            content = response.content
            if not content.startswith(b"PK"):
                raise EmissionsDownloadError(MESSAGES.message("not_excel", url=url, manual=manual))
            if len(content) > MAX_FILE_BYTES:
                raise EmissionsDownloadError(MESSAGES.message("too_large", url=url,
                                                              megabytes=MAX_FILE_BYTES // (1024 * 1024), manual=manual))
            target = workdir / str(i) / _file_name_from_response(response, url)
            target.parent.mkdir()
            target.write_bytes(content)
            files.append(target)
        try:
            return import_emissions(files, cache_directory)
        except EmissionsImportError as exc:
            problem = exc.args[0] if len(exc.args) == 1 else str(exc)
            raise EmissionsDownloadError(MESSAGES.message("not_imported", problem=problem, manual=manual)) from exc
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
