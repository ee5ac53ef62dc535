"""Miljødirektoratet's "Klimagassutslipp fra kommuner": read the agency's Excel files into the tidy shape and
import them into the cache.

The package, along its jobs:

* ``common`` – dataset names, the errors, cell parsing; ``limits`` – bounds checked before parsing;
* ``sheets`` – streaming worksheets; ``members`` – which member of the region a file is about;
* ``workbook_a`` (per-municipality export), ``workbook_b`` (all-municipalities file), ``workbook`` (either);
* ``plausibility`` – numbers a municipality can have; ``release`` – preview, merge and import into the cache;
* ``settings`` – plan/sources.toml; ``download`` – the automatic download.

Callers import the public names from here.
"""

from __future__ import annotations

from indicators.safe_text import markdown_literal
from indicators.sources.miljodirektoratet.common import (
    ATTRIBUTION,
    COLUMNS,
    DATASET,
    DEFAULT_SETTINGS,
    DEFAULT_TIMEOUT_SECONDS,
    KNOWN_SECTORS,
    LICENCE,
    MANUAL_PAGE,
    SOURCE,
    TITLE,
    EmissionsDownloadError,
    EmissionsImportError,
    ImplausibleEmissionsError,
)
from indicators.sources.miljodirektoratet.download import refresh_emissions
from indicators.sources.miljodirektoratet.limits import (
    MAX_FILE_BYTES,
    MAX_READ_SECONDS,
    MAX_ROWS,
    MAX_SHARED_STRINGS_BYTES,
    MAX_UNCOMPRESSED_BYTES,
)
from indicators.sources.miljodirektoratet.plausibility import MAX_TONNES_PER_RESIDENT, MIN_TONNES_PER_RESIDENT
from indicators.sources.miljodirektoratet.release import (
    ImportPreview,
    ImportSummary,
    ReleaseInfo,
    import_emissions,
    preview_import,
)
from indicators.sources.miljodirektoratet.settings import EmissionsSettings, load_settings, manual_instructions
from indicators.sources.miljodirektoratet.workbook import read_emissions_workbook

__all__ = [
    "ATTRIBUTION", "COLUMNS", "DATASET", "DEFAULT_SETTINGS", "DEFAULT_TIMEOUT_SECONDS", "KNOWN_SECTORS", "LICENCE",
    "MANUAL_PAGE", "MAX_FILE_BYTES", "MAX_READ_SECONDS", "MAX_ROWS", "MAX_SHARED_STRINGS_BYTES",
    "MAX_TONNES_PER_RESIDENT", "MAX_UNCOMPRESSED_BYTES", "MIN_TONNES_PER_RESIDENT", "SOURCE", "TITLE",
    "EmissionsDownloadError", "EmissionsImportError", "EmissionsSettings", "ImplausibleEmissionsError",
    "ImportPreview", "ImportSummary", "ReleaseInfo", "import_emissions", "load_settings", "manual_instructions",
    "markdown_literal", "preview_import", "read_emissions_workbook", "refresh_emissions",
]
