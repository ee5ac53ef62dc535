"""Rapportering's municipal parts (issue 22): who reports what, and the secretariat's choice of parts.

* A municipal editor (an account with a municipality) reports only their municipality's parts: the page offers
  the actions their municipality has a part of, each form records that part, and the other sections (goals,
  figures, revision, meetings: the secretariat's work) are not offered.
* The secretariat (an admin, or an editor without a municipality) reports the region's status and may report
  any municipality's part: beside an action with parts the page offers «Kva rapporterer du?» — the region's
  status or one municipality's part — and, under the form, which municipalities have a part of the action
  (`municipal_parts.set_part`, audited).

A refusal by the domain (`RecordRefusedError`) is shown as its Nynorsk message; the page's callers catch
`FollowupError` as before. Layout only: the rules are `indicators.followup.municipal_parts`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any, Protocol, TypeVar

import streamlit as st
from sqlalchemy.orm import Session

from indicators.followup import municipal_parts, service
from indicators.followup.accounts import find_user
from indicators.followup.errors import FollowupError
from indicators.followup.service import Entry
from indicators.followup.unit_of_work import write_transaction
from indicators.goals import Plan
from indicators.present import texts
from indicators.present.texts import reporting_parts as t
from indicators.regions import Region

REGION = municipal_parts.REGION_PART


class PartView(Protocol):
    """The page's ItemView: an item, and the part it reports (None: the region's status)."""

    @property
    def item(self) -> service.Item: ...
    @property
    def part(self) -> str | None: ...
    @property
    def default_body(self) -> str: ...


V = TypeVar("V", bound=PartView)


def own_municipality(session: Session, name: str) -> str | None:
    """The municipality a signed-in user reports for (None: the secretariat, who reports the region's status)."""
    account = find_user(session, name)
    if account is None or municipal_parts.is_secretariat(account):
        return None
    return account.municipality


def sections(all_sections: Sequence[str], own: str | None) -> list[str]:
    """The sections a user may write in: a municipal editor only the actions (their parts)."""
    return ["actions"] if own else list(all_sections)


def parts_of(session: Session, plan: Plan, region: Region) -> dict[str, tuple[str, ...]]:
    """Action number → the member codes with a part of it (the plan's rule and the secretariat's changes)."""
    return {number: parts.municipalities
            for number, parts in municipal_parts.current_parts(session, region, plan).items()}


def own_views(views: Sequence[V], parts: Mapping[str, tuple[str, ...]], own: str, region: Region) -> list[V]:
    """For a municipal editor: the actions their municipality has a part of, each reporting that part (reported
    by the municipality, not by the plan's responsible body)."""
    name = region.names.get(own, own)
    return [replace(v, part=own, default_body=name)  # type: ignore[type-var]
            for v in views if own in parts.get(v.item.id, ())]


def latest_entries(session: Session, views: Sequence[PartView]) -> dict[str, Entry]:
    """Item id → the latest entry of the part each view reports (the region's status where `part` is None)."""
    regional = service.current_statuses(session)
    parts = service.current_part_statuses(session) if any(v.part for v in views) else {}
    found: dict[str, Entry] = {}
    for view in views:
        entry = parts.get((view.item.id, view.part)) if view.part else regional.get((view.item.kind, view.item.id))
        if entry is not None:
            found[view.item.id] = entry
    return found


def part_entries(entries: Sequence[Entry], part: str | None) -> list[Entry]:
    """The entries (newest first) of one part: the region's status (None) or a municipality's."""
    return [e for e in entries if (e.municipality or None) == (part or None)]


def part_name(region: Region, part: str | None) -> str:
    return region.names.get(part, part) if part else texts.fill(t.REGION_PART, region)


def choose_part(view: V, parts: Mapping[str, tuple[str, ...]], own: str | None, region: Region) -> V:
    """The part the form reports: a municipal editor's own (said above the form); for the secretariat the
    region's status or, for an action with parts, the part they pick."""
    if own:
        st.info(texts.fill(t.OWN_PART, region, municipality=part_name(region, own)), icon=":material/info:")
        return view
    codes = parts.get(view.item.id, ()) if view.item.kind == "action" else ()
    if not codes:
        return view
    options = [REGION, *codes]
    chosen = st.segmented_control(
        t.CHOOSE_PART, options, key=f"reporting_part_{view.item.id}", default=REGION, required=True,
        format_func=lambda code: part_name(region, code), help=texts.fill(t.CHOOSE_PART_HELP, region),
    )
    if not chosen:
        return view
    return replace(view, part=chosen, default_body=region.names.get(chosen, chosen))  # type: ignore[type-var]


def part_label(label: str, part: str | None, region: Region) -> str:
    """«tiltak 3» or «tiltak 3 (Gol sin del)» for the confirmation after a save."""
    return texts.fill(t.PART_LABEL, region, item=label, municipality=part_name(region, part)) if part else label


def parts_editor(session: Session, plan: Plan, region: Region, user: str, item_id: str,
                 parts: Mapping[str, tuple[str, ...]], own: str | None, flash: Any) -> None:
    """The secretariat: which municipalities have a part of the action (each change audited, with a reason)."""
    if own:
        return
    current = list(parts.get(item_id, ()))
    with st.expander(t.EDIT_HEADING), st.form(f"reporting_parts_{item_id}"):
        st.caption(texts.fill(t.EDIT_HELP, region))
        chosen = st.multiselect(t.EDIT_MUNICIPALITIES, list(region.member_codes), default=current,
                                format_func=lambda code: region.names.get(code, code), key=f"parts_pick_{item_id}")
        reason = st.text_input(t.EDIT_REASON, key=f"parts_reason_{item_id}", max_chars=300)
        submitted = st.form_submit_button(t.EDIT_SAVE, key=f"parts_save_{item_id}")
    if not submitted:
        return
    added = [c for c in chosen if c not in current]
    removed = [c for c in current if c not in chosen]
    if not added and not removed:
        st.info(t.EDIT_NOTHING, icon=":material/info:")
        return
    try:
        with write_transaction(session):
            for code in added:
                municipal_parts.set_part(session, item_id, code, True, user=user, region=region, plan=plan,
                                         reason=reason or "")
            for code in removed:
                municipal_parts.set_part(session, item_id, code, False, user=user, region=region, plan=plan,
                                         reason=reason or "")
    except FollowupError as exc:
        st.error(str(exc), icon=":material/error:")
        return
    names = ", ".join(region.names.get(c, c) for c in region.member_codes if c in chosen) or t.EDIT_NONE
    flash(texts.fill(t.EDIT_SAVED, region, number=item_id, names=names))
    st.rerun()
