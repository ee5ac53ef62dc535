"""The caller owns the transaction: service writes join the caller's unit of work and never commit it."""

from __future__ import annotations

import pytest
from followup_fixtures import *  # noqa: F403
from followup_fixtures import TODAY, active_plan
from sqlalchemy import func, select

from indicators.followup import corrections, db, service
from indicators.followup.audit import record_event
from indicators.followup.models import AuditEntry, Meeting, StatusEntry
from indicators.followup.unit_of_work import UnitOfWorkError, unit_of_work, write_transaction


def _count(engine, model, **where) -> int:
    with db.session_scope(engine) as reader:
        query = select(func.count()).select_from(model)
        for name, value in where.items():
            query = query.where(getattr(model, name) == value)
        return int(reader.scalar(query) or 0)


def test_a_write_is_not_committed_before_the_callers_block_ends(engine, editor):
    with unit_of_work(engine) as session:
        entry = service.record_status(session, "5", "in_progress", assessed_on=TODAY, user=editor, plan=active_plan())
        assert entry.id  # flushed: the caller may use the id within the unit
        assert _count(engine, StatusEntry, item_id="5") == 0  # another session sees nothing yet
    assert _count(engine, StatusEntry, item_id="5") == 1
    assert _count(engine, AuditEntry, action="record_status", item="action:5") == 1


def test_a_failure_later_in_the_unit_rolls_back_the_service_write_and_its_audit_row(engine, editor):
    with pytest.raises(RuntimeError), unit_of_work(engine) as session:
        service.record_status(session, "5", "in_progress", assessed_on=TODAY, user=editor, plan=active_plan())
        service.record_meeting(session, TODAY, "Regionrådsmøte", user=editor)
        raise RuntimeError("the caller's next step failed")
    assert _count(engine, StatusEntry, item_id="5") == 0
    assert _count(engine, Meeting) == 0
    assert _count(engine, AuditEntry, action="record_status") == 0


def test_two_writes_in_one_unit_commit_together(engine, editor):
    with unit_of_work(engine) as session:
        service.record_status(session, "5", "in_progress", assessed_on=TODAY, user=editor, plan=active_plan())
        service.record_status(session, "6", "completed", assessed_on=TODAY, user=editor, plan=active_plan())
    assert _count(engine, StatusEntry, item_id="5") == 1
    assert _count(engine, StatusEntry, item_id="6") == 1


def test_a_correction_and_its_mark_are_one_unit(engine, editor):
    with unit_of_work(engine) as session:
        first = service.record_status(session, "7", "in_progress", assessed_on=TODAY, user=editor, plan=active_plan())
    with pytest.raises(RuntimeError), unit_of_work(engine) as session:
        corrections.record_correction(session, "7", "completed", corrects=first.id, user=editor, plan=active_plan())
        raise RuntimeError("failed after the correction")
    assert _count(engine, StatusEntry, item_id="7") == 1
    assert _count(engine, AuditEntry, action=corrections.CORRECT_ACTION) == 0
    with unit_of_work(engine) as session:
        corrected = corrections.record_correction(session, "7", "completed", corrects=first.id, user=editor,
                                                  plan=active_plan())
    with db.session_scope(engine) as reader:
        assert corrections.corrections(reader, "7") == {corrected.id: first.id}


def test_a_page_session_reads_then_writes_in_its_own_transaction(session, editor):
    assert service.current_status(session, "8") is None  # a read transaction is open
    with write_transaction(session):
        saved = service.record_status(session, "8", "in_progress", assessed_on=TODAY, user=editor, plan=active_plan())
    assert service.current_status(session, "8") == saved


def test_unsaved_changes_are_never_committed_on_someone_elses_behalf(session, editor):
    session.add(StatusEntry(item_kind="action", item_id="9", sequence=1, status="completed", note="",
                            reported_by="", assessed_on=TODAY, entered_by=editor, entered_at=db.utcnow()))
    with pytest.raises(UnitOfWorkError), write_transaction(session):
        pass
    session.rollback()
    with pytest.raises(UnitOfWorkError), write_transaction(session), write_transaction(session):
        pass


def test_a_free_audit_entry_joins_the_callers_unit(engine, editor):
    with pytest.raises(RuntimeError), unit_of_work(engine) as session:
        record_event(session, editor, "import_emissions", "dataset:emissions", new="{}")
        raise RuntimeError("the import failed after the entry")
    assert _count(engine, AuditEntry, action="import_emissions") == 0
    with unit_of_work(engine) as session:
        record_event(session, editor, "import_emissions", "dataset:emissions", new="{}")
    assert _count(engine, AuditEntry, action="import_emissions") == 1


def test_account_writes_join_the_callers_unit(engine, editor, admin):
    """accounts writes never commit what a caller had open: a failure later in the unit undoes them all."""
    from indicators.followup import accounts
    from indicators.followup.models import LoginSession, User

    with pytest.raises(RuntimeError), unit_of_work(engine) as session:
        accounts.add_user(session, "nyleg", "editor", "eit-langt-passord")
        accounts.set_active(session, editor, False, actor=admin)
        accounts.start_session(session, admin)
        assert _count(engine, User, name="nyleg") == 0  # not committed within the unit
        raise RuntimeError("the caller's next step failed")
    assert _count(engine, User, name="nyleg") == 0
    assert _count(engine, User, name=editor, active=True) == 1
    assert _count(engine, LoginSession) == 0
    assert _count(engine, AuditEntry, action="add_user", item="user:nyleg") == 0
    with unit_of_work(engine) as session:
        accounts.add_user(session, "nyleg", "editor", "eit-langt-passord")
        accounts.unlock(session, "nyleg")
    assert _count(engine, User, name="nyleg") == 1
    assert _count(engine, AuditEntry, action="unlock_user", item="user:nyleg") == 1


def test_a_failed_sign_in_is_kept_and_refused_inside_a_callers_unit(engine, editor):
    """The sign-in is its own unit (a caller's rollback would forget the failed attempt and lift the throttle)."""
    from indicators.followup import accounts
    from indicators.followup.errors import AuthenticationError
    from indicators.followup.models import LoginAttempt

    with db.session_scope(engine) as session, pytest.raises(AuthenticationError):
        accounts.authenticate(session, editor, "feil passord")
    assert _count(engine, LoginAttempt, outcome="wrong_password") == 1
    with pytest.raises(UnitOfWorkError), unit_of_work(engine) as session:
        accounts.authenticate(session, editor, "feil passord")
    assert _count(engine, LoginAttempt, outcome="wrong_password") == 1


def test_session_user_never_commits_a_callers_unsaved_changes(session, editor):
    from indicators.followup import accounts

    token = accounts.start_session(session, editor)
    session.add(Meeting(held_on=TODAY, name="Ulagra", entered_by=editor, entered_at=db.utcnow()))
    with pytest.raises(UnitOfWorkError):
        accounts.session_user(session, token)
    session.rollback()
    assert _count(session.get_bind(), Meeting) == 0
    assert accounts.session_user(session, token).name == editor
