"""The follow-up API, one module per concern: items (`items`), status entries (`statuses`), figures (`figures`),
the annual revision of actions (`action_revisions`), meetings (`meetings`), dataset versions and revisions of
published values (`datasets`), what changed since a date (`changes`); backup and restore live in
`indicators.followup.backup`.

Plain functions taking a Session. A write adds its rows and its audit row to the caller's unit of work
(`indicators.followup.unit_of_work`; the caller commits) and returns plain dataclasses (no ORM objects leave the
service). Refusals raise a `FollowupError` with a Nynorsk message. Notes are stored verbatim (HTML and markdown
included); showing them as text is the UI's job.

`from indicators.followup import service` keeps working: the names below are the service's public API.
"""

from __future__ import annotations

from indicators.followup.backup import backup, restore
from indicators.followup.errors import FollowupError, StaleEntryError
from indicators.followup.service._common import (
    DISPLAY_ZONE,
    MAX_BODY_LENGTH,
    MAX_NOTE_LENGTH,
    NO_ENTRY,
)
from indicators.followup.service.action_revisions import add_action, drop_action
from indicators.followup.service.changes import Change, changes
from indicators.followup.service.datasets import (
    DatasetVersionRecord,
    Revision,
    dataset_versions,
    record_dataset_version,
    revisions,
    version_frame,
)
from indicators.followup.service.figures import (
    SEED_USER,
    UNIT_CHOICES,
    UNIT_SCALES,
    FigureRecord,
    convert_unit,
    figure_series,
    figures,
    record_figure,
    series_unit,
)
from indicators.followup.service.items import (
    INDICATOR_GOAL_STATUSES,
    ITEM_KINDS,
    ActionChange,
    Item,
    action_changes,
    all_items,
    plan_items,
    resolve_item,
)
from indicators.followup.service.meetings import MeetingRecord, last_meeting, meetings, record_meeting
from indicators.followup.service.statuses import (
    STALE_ENTRY,
    Entry,
    apply_to_plan,
    current_part_statuses,
    current_status,
    current_statuses,
    history,
    record_status,
    stored_kind,
)

__all__ = [
    "FollowupError", "StaleEntryError", "STALE_ENTRY", "Entry", "FigureRecord", "ActionChange", "MeetingRecord",
    "Change",
    "Revision", "DatasetVersionRecord", "Item", "NO_ENTRY", "MAX_NOTE_LENGTH", "MAX_BODY_LENGTH",
    "INDICATOR_GOAL_STATUSES", "DISPLAY_ZONE", "SEED_USER", "UNIT_CHOICES", "UNIT_SCALES",
    "plan_items", "all_items", "ITEM_KINDS", "resolve_item", "stored_kind",
    "record_status", "current_status", "current_statuses", "current_part_statuses", "history",
    "record_figure", "figures", "figure_series", "series_unit", "convert_unit", "add_action", "drop_action",
    "action_changes", "record_meeting", "last_meeting", "meetings", "record_dataset_version", "dataset_versions",
    "version_frame", "revisions", "changes", "apply_to_plan", "backup", "restore",
]
