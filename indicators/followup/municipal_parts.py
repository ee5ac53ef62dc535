"""Municipal parts of actions (issue 22): which actions each member municipality reports its own part of, and
who may record what.

An action's status is the region's (the secretariat's). An action the plan gives to the municipalities also has
one *part* per municipality, each with its own status series (a status entry with the municipality's code;
the region's own entries have none). Which actions have parts follows from the plan (`parts_from_plan`) and
can be changed by the secretariat per action and municipality (`set_part`: append-only, audited).

Who records what (`check_may_record`):

* a municipal editor (an account with a municipality) records only their own municipality's part;
* the secretariat — an editor without a municipality, or an admin — records the region's status and may record
  any municipality's part.

A refusal raises `RecordRefusedError`: a Nynorsk message and an audit row, written after the caller's unit of
work is rolled back (`indicators.followup.unit_of_work`), so the refusal is on record although nothing was saved.

Plain functions taking a Session, a `Region` and the plan with its action programme (`plan_actions.with_programme`;
or the actions frame) from the caller, never reading a file; results are frozen dataclasses.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from indicators.errors import error_message
from indicators.followup.accounts import audit, current_origin, find_user, require_role
from indicators.followup.db import utcnow
from indicators.followup.errors import FollowupError, InvalidInputError, PermissionDeniedError
from indicators.followup.models import ActionPartChange, ActionRevision, User
from indicators.followup.unit_of_work import joined
from indicators.goals import Plan
from indicators.i18n import Message, labels
from indicators.plan_actions import ActionsFileError, programme, split_bodies
from indicators.regions import Region

REGION_PART = ""  # the municipality of the region's own status entries
# Words in «Ansvar»/«Involvering» that name the municipalities together (compared case-insensitively).
ALL_MUNICIPALITIES = ("kommune", "kommunen", "kommunane", "kommunar", "alle kommunar", "alle kommunane")
_MUNICIPALITY_SUFFIX = re.compile(r"\s+kommune$", re.IGNORECASE)
REFUSED_ACTION = "record_status_refused"


class UnknownMunicipalityError(InvalidInputError):
    """A code that is no member of the region; the message lists the members."""


# The municipal parts' refusals: worded in the language active where they are shown (i18n.Message).
REFUSALS = labels("municipal_parts.REFUSALS", {
    "unknown_municipality": "Ukjend kommunenummer «{code}». Kommunane i {region}: {members}.",
    "parts_secretariat": "{user} rapporterer for {municipality}; berre sekretariatet kan endre kva tiltak kommunane "
                         "har ein del av.",
    "unknown_action": "Ukjend tiltak nummer «{number}».",
    "has_part": "Tiltak {number}: {municipality} har alt del.",
    "has_no_part": "Tiltak {number}: {municipality} har ingen del.",
    "not_region": "{user} rapporterer for {municipality} og kan ikkje registrere statusen til heile regionen. "
                  "Registrer delen til {municipality} ({code}).",
    "other_municipality": "{user} rapporterer for {municipality} og kan ikkje registrere delen til {other}.",
    "goal_parts": "Berre tiltak har kommunedelar; eit mål har berre statusen til regionen.",
    "no_part": "Tiltak {number} har ingen del for {municipality}. Sekretariatet kan leggje til ein del for kommunen.",
    "unknown_user": "Ukjend brukar «{name}».",
})


class RecordRefusedError(PermissionDeniedError):
    """A user tried to do what their account may not (another municipality's part, the region's status as a
    municipal editor, the secretariat's work). `audit_refusal` (the audit row's values) is written after the
    rollback (see `unit_of_work.write_transaction`)."""

    def __init__(self, message: Message | str, *, actor: str, item: str, attempted: str,
                 action: str = REFUSED_ACTION) -> None:
        super().__init__(message)
        self.audit_refusal: dict[str, Any] = {
            "at": utcnow(), "actor": actor[:80], "action": action[:40], "item": item[:120], "old_value": "",
            "new_value": attempted, "origin": current_origin(),
        }


def parts_from_plan(responsible: str, involved: str, region: Region) -> tuple[str, ...]:
    """The member municipalities (codes, in the region file's order) that have a part of an action, read from
    the plan's «Ansvar» (`responsible`) and «Involvering» (`involved`).

    Both columns are split into names at commas, slashes and «og». A name that is «Kommune», «Kommunen»,
    «Kommunane», «Kommunar» or «Alle kommunar» (any case) gives every member municipality a part; a name that
    is a member's name, today's or a former one, alone or followed by «kommune» («Gol», «Gol kommune»), gives
    that municipality a part. Any other name gives none: the regional council (RR), the county («Viken», also
    written «VIKEN kommune»), businesses, the destination companies. An action no municipality is named in has
    only the region's status. The secretariat can add or remove a municipality's part of any action.
    """
    found: set[str] = set()
    names = {m.name.casefold(): m.code for m in region.members}
    for member in region.members:
        for former in member.former_names:
            names.setdefault(former.casefold(), member.code)
    for body in (*split_bodies(responsible), *split_bodies(involved)):
        word = body.strip().casefold()
        if word in ALL_MUNICIPALITIES:
            found.update(region.member_codes)
            continue
        code = names.get(_MUNICIPALITY_SUFFIX.sub("", word).strip())
        if code is not None:
            found.add(code)
    return tuple(code for code in region.member_codes if code in found)


def member_code(region: Region, code: str | None) -> str:
    """Today's code of a member municipality given as today's or a former code; else UnknownMunicipalityError
    listing the region's members."""
    text = str(code or "").strip()
    current = region.current_code(text) if text else None
    if current is None:
        members = ", ".join(f"{m.code} {m.name}" for m in region.members)
        raise UnknownMunicipalityError(REFUSALS.message("unknown_municipality", code=text[:20], region=region.name,
                                                        members=members))
    return current


def municipality_name(region: Region, code: str | None) -> str:
    """The member's name ("" for the region's part: the caller names the region itself)."""
    if not code:
        return ""
    return region.names.get(code, code)


def action_frame(plan: Plan) -> pd.DataFrame:
    """The plan's action programme as adopted, handed in with the plan (`plan_actions.with_programme`)."""
    try:
        return programme(plan)
    except ActionsFileError as exc:
        raise FollowupError(error_message(exc)) from None


@dataclass(frozen=True)
class PartChange:
    """The secretariat added (`included`) or removed a municipality's part of an action."""

    id: int
    action_number: int
    municipality: str
    included: bool
    reason: str
    entered_by: str
    entered_at: dt.datetime

    def as_record(self) -> dict[str, Any]:
        record = asdict(self)
        record["entered_at"] = self.entered_at.replace(tzinfo=dt.UTC).isoformat(timespec="seconds")
        return record


@dataclass(frozen=True)
class ActionParts:
    """Which municipalities have a part of one action: now (`municipalities`), by the plan's rule
    (`from_plan`), and whether the secretariat changed it."""

    action: str  # the action's number as text (as status entries store it)
    municipalities: tuple[str, ...]
    from_plan: tuple[str, ...]

    @property
    def changed(self) -> bool:
        return self.municipalities != self.from_plan


def _rows(actions: pd.DataFrame) -> Iterable[tuple[str, str, str]]:
    involved = actions["involved"] if "involved" in actions else [""] * len(actions)
    for number, responsible, with_whom in zip(actions["number"], actions["responsible"], involved, strict=True):
        yield str(int(number)), str(responsible or ""), str(with_whom or "")


def part_changes(session: Session, action: str | int | None = None) -> list[PartChange]:
    """The secretariat's changes, oldest first (of one action, or of all)."""
    query = select(ActionPartChange).order_by(ActionPartChange.id)
    if action is not None:
        query = query.where(ActionPartChange.action_number == int(action))
    return [
        PartChange(r.id, r.action_number, r.municipality, r.included, r.reason, r.entered_by, r.entered_at)
        for r in session.scalars(query)
    ]


def action_parts(session: Session, region: Region, actions: pd.DataFrame,
                 added: Mapping[str, str] | None = None) -> dict[str, ActionParts]:
    """Action number (text) → its parts, for every action of the programme (`actions`, the plan's frame) and
    the actions added at a revision (`added`: number → their «Ansvar»; see `service.action_changes`). The
    plan's rule (`parts_from_plan`), then the secretariat's latest change per action and municipality."""
    result: dict[str, tuple[str, ...]] = {
        number: parts_from_plan(responsible, involved, region) for number, responsible, involved in _rows(actions)
    }
    for number, responsible in (added or {}).items():
        result[str(number)] = parts_from_plan(responsible, "", region)
    current = {number: set(codes) for number, codes in result.items()}
    for change in part_changes(session):
        key = str(change.action_number)
        if key not in current:
            continue
        (current[key].add if change.included else current[key].discard)(change.municipality)
    return {
        number: ActionParts(number, tuple(c for c in region.member_codes if c in current[number]), codes)
        for number, codes in result.items()
    }


def _added_actions(session: Session) -> dict[str, str]:
    """Actions added at a revision: number → their «Ansvar» (the latest addition of a number counts)."""
    rows = session.execute(select(ActionRevision.action_number, ActionRevision.responsible)
                           .where(ActionRevision.change == "added").order_by(ActionRevision.id))
    return {str(number): responsible for number, responsible in rows}


def current_parts(session: Session, region: Region, plan: Plan, actions: pd.DataFrame | None = None,
                  ) -> dict[str, ActionParts]:
    """`action_parts` for the plan's programme (`actions`, default the one handed in with the plan) and the
    actions added at a revision."""
    frame = actions if actions is not None else action_frame(plan)
    return action_parts(session, region, frame, _added_actions(session))


def set_part(
    session: Session, action: str | int, municipality: str, included: bool, *, user: str, region: Region,
    plan: Plan, reason: str = "", actions: pd.DataFrame | None = None,
) -> PartChange:
    """Add (`included`) or remove a municipality's part of an action: the secretariat only (an admin, or an
    editor without a municipality). Entries already made for a removed part stay in the history. Audited."""
    with joined(session):
        account = require_role(session, user)
        if account.municipality and account.role != "admin":
            raise RecordRefusedError(
                REFUSALS.message("parts_secretariat", user=user,
                                 municipality=municipality_name(region, account.municipality)),
                actor=user, item=f"action:{action}", attempted=f"set_part {municipality} {included}",
                action="set_action_part_refused")
        code = member_code(region, municipality)
        parts = current_parts(session, region, plan, actions)
        key = str(action).strip()
        if key not in parts:
            raise InvalidInputError(REFUSALS.message("unknown_action", number=key[:20]))
        before = code in parts[key].municipalities
        if before == included:
            raise InvalidInputError(REFUSALS.message("has_part" if included else "has_no_part", number=key,
                                                     municipality=municipality_name(region, code)))
        now = utcnow()
        row = ActionPartChange(action_number=int(key), municipality=code, included=included,
                               reason=(reason or "").strip()[:2000], entered_by=user, entered_at=now)
        session.add(row)
        audit(session, user, "set_action_part", f"action:{key}:{code}", str(before).lower(), str(included).lower(),
              now)
        session.flush()
        return PartChange(row.id, row.action_number, row.municipality, row.included, row.reason, row.entered_by,
                          row.entered_at)


def is_secretariat(account: User | Any) -> bool:
    """An admin, or an editor without a municipality: records the region's status and may record parts."""
    return account.role == "admin" or not getattr(account, "municipality", None)


def check_may_record(
    session: Session, user: str, item_kind: str, item_id: str, municipality: str | None, *, region: Region,
    plan: Plan, actions: pd.DataFrame | None = None,
) -> str:
    """The part a status entry by `user` for the item goes to: `REGION_PART` ("") for the region's status, else
    the municipality's code (today's, from any code of it). Refuses (RecordRefusedError, audited) a municipal
    editor writing the region's status or another municipality's part; refuses (InvalidInputError) a part of a
    goal, or of an action that has no part for that municipality."""
    account = require_role(session, user)
    own = account.municipality if not is_secretariat(account) else None
    item = f"{item_kind}:{item_id}"
    if municipality is None or str(municipality).strip() == "":
        if own:
            raise RecordRefusedError(
                REFUSALS.message("not_region", user=user, municipality=municipality_name(region, own), code=own),
                actor=user, item=item, attempted="region")
        return REGION_PART
    code = member_code(region, municipality)
    if own and code != own:
        raise RecordRefusedError(
            REFUSALS.message("other_municipality", user=user, municipality=municipality_name(region, own),
                             other=municipality_name(region, code)),
            actor=user, item=item, attempted=code)
    if item_kind != "action":
        raise InvalidInputError(REFUSALS.message("goal_parts"))
    parts = current_parts(session, region, plan, actions).get(str(item_id))
    if parts is None or code not in parts.municipalities:
        raise InvalidInputError(REFUSALS.message("no_part", number=item_id,
                                                 municipality=municipality_name(region, code)))
    return code


def user_municipality(session: Session, name: str) -> str | None:
    """The municipality of the account `name` (None: the secretariat, or no such account)."""
    user = find_user(session, name)
    return user.municipality if user is not None else None


def set_user_municipality(
    session: Session, name: str, municipality: str | None, *, region: Region, actor: str | None = None,
) -> str | None:
    """Give an account a municipality (a member's code) or none (the secretariat). `actor`: the admin doing it
    in the app (None: the command line). Audited."""
    with joined(session):
        if actor is not None:
            require_role(session, actor, ("admin",))
        user = find_user(session, name)
        if user is None:
            raise InvalidInputError(REFUSALS.message("unknown_user", name=name))
        code = member_code(region, municipality) if municipality else None
        audit(session, actor or "kommandolinja", "set_user_municipality", f"user:{name}", user.municipality or "",
              code or "")
        user.municipality = code
        return code


@dataclass(frozen=True)
class PartStatus:
    """One municipality's part of an action: its latest entry (None: never assessed)."""

    municipality: str
    entry: Any = None  # service.Entry | None (this module sits below the service)

    @property
    def status(self) -> str:
        """The part's status ("not_assessed" when it has no entry)."""
        return str(self.entry.status) if self.entry is not None else "not_assessed"


@dataclass(frozen=True)
class MatrixRow:
    """An action with municipal parts, for the matrix «Gol: I gang · Hemsedal: Utsett · …»: each part's latest
    status in the region file's order, and the roll-up per status («4 av 6 kommunar i gang»). The roll-up never
    replaces the region's own status (the secretariat's, `service.current_statuses`)."""

    action: str
    parts: tuple[PartStatus, ...]

    @property
    def counts(self) -> dict[str, int]:
        """Status → how many parts have it (statuses without parts left out)."""
        out: dict[str, int] = {}
        for part in self.parts:
            out[part.status] = out.get(part.status, 0) + 1
        return out


def part_matrix(parts: Mapping[str, ActionParts], latest: Mapping[tuple[str, str], Any]) -> dict[str, MatrixRow]:
    """Action number → its row of the municipal matrix, for every action that has parts now. `parts`:
    `current_parts(...)`; `latest`: `service.current_part_statuses(session)` ((action, code) → latest entry).
    An entry for a part the secretariat has since removed stays in the history, not in the matrix."""
    return {
        number: MatrixRow(number, tuple(PartStatus(code, latest.get((number, code))) for code in p.municipalities))
        for number, p in parts.items() if p.municipalities
    }
