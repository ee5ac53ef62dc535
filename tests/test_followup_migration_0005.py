"""Migration 0005 (municipal parts, reporting rounds) goes down to 0004 and up again, on SQLite and PostgreSQL:
its tables and columns go, the municipalities' part entries go with them (0004 has no place for them), the region's
own entries stay, the old unique sequence per item is back, and upgrading again gives the head."""

from __future__ import annotations

import datetime as dt

import pytest
from followup_fixtures import *  # noqa: F403
from followup_fixtures import TODAY
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from indicators.followup import db
from indicators.followup.models import ActionPartChange, ReportingRound, StatusEntry

GOL = "3324"


def _entry(sequence: int, municipality: str = "", status: str = "in_progress") -> StatusEntry:
    return StatusEntry(item_kind="action", item_id="1", sequence=sequence, status=status, note="", reported_by="",
                       assessed_on=TODAY, entered_by="kari", entered_at=db.utcnow(), municipality=municipality)


def _insert_entry_0004(connection, sequence: int) -> None:
    connection.execute(text(
        "INSERT INTO status_entries (item_kind, item_id, sequence, status, note, reported_by, assessed_on, "
        "entered_by, entered_at) VALUES ('action', '1', :sequence, 'completed', '', '', :day, 'kari', :at)"
    ), {"sequence": sequence, "day": TODAY, "at": dt.datetime(2026, 12, 6, 9, 0)})


def test_migration_0005_downgrades_to_0004_and_upgrades_again(engine, session, editor):
    from alembic import command

    session.execute(text("UPDATE users SET municipality = :code WHERE name = :name"), {"code": GOL, "name": editor})
    session.add_all([
        _entry(1), _entry(1, GOL, "completed"),  # the region's status and Gol's part: the same sequence, two series
        ActionPartChange(action_number=1, municipality=GOL, included=True, reason="Gol er med",
                         entered_by="kari", entered_at=db.utcnow()),
        ReportingRound(name="Tertial 3 2026", opened_on=TODAY, due_on=TODAY + dt.timedelta(days=30), items="all",
                       entered_by="kari", entered_at=db.utcnow()),
    ])
    session.commit()
    session.close()

    command.downgrade(db.alembic_config(engine), "0004")
    assert db.current_revision(engine) == "0004"
    schema = inspect(engine)
    assert not {"reporting_rounds", "action_part_changes"} & set(schema.get_table_names())
    assert "municipality" not in {c["name"] for c in schema.get_columns("status_entries")}
    assert "municipality" not in {c["name"] for c in schema.get_columns("users")}
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT item_id, sequence, status FROM status_entries")).all()
        assert [tuple(r) for r in rows] == [("1", 1, "in_progress")]  # the region's entry stays, Gol's part goes
        assert connection.execute(text("SELECT name FROM users")).scalars().all() == [editor]
    with engine.begin() as connection, pytest.raises(IntegrityError):  # one sequence per item again
        _insert_entry_0004(connection, 1)
    with engine.begin() as connection:
        _insert_entry_0004(connection, 2)

    db.upgrade(engine, "0005")
    schema = inspect(engine)
    assert db.current_revision(engine) == "0005"
    assert {"reporting_rounds", "action_part_changes"} <= set(schema.get_table_names())
    with db.session_scope(engine) as again:
        again.add(_entry(2, GOL, "postponed"))  # a part's series starts again beside the region's
        again.commit()
        parts = again.execute(text("SELECT municipality, sequence FROM status_entries ORDER BY id")).all()
    assert [tuple(r) for r in parts] == [("", 1), ("", 2), (GOL, 2)]
