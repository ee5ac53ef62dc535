"""Local accounts: argon2id hashes, lockout after 5 wrong passwords in 15 minutes, audited failures, sessions
with idle expiry, and the e-mail → role mapping for OIDC (issue 11)."""

from __future__ import annotations

import datetime as dt

import pytest
from followup_fixtures import *  # noqa: F403
from followup_fixtures import PASSWORD
from sqlalchemy import select

from indicators.followup import accounts, service
from indicators.followup.errors import (
    AccountLockedError,
    AuthenticationError,
    InvalidInputError,
    PermissionDeniedError,
)
from indicators.followup.models import AuditEntry, User

T0 = dt.datetime(2026, 3, 1, 12, 0)


def minutes(n: float) -> dt.datetime:
    return T0 + dt.timedelta(minutes=n)


def test_password_is_stored_as_an_argon2id_hash(session, editor):
    stored = session.scalars(select(User).where(User.name == editor)).one().password_hash
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


def test_right_password_signs_in(session, editor):
    account = accounts.authenticate(session, editor, PASSWORD, now=T0)
    assert account.name == editor
    assert account.role == "editor"


def test_wrong_password_is_refused_and_audited(session, editor):
    with pytest.raises(AuthenticationError, match="Feil brukarnamn eller passord"):
        accounts.authenticate(session, editor, "feil", now=T0)
    failed = session.scalars(select(AuditEntry).where(AuditEntry.action == "sign_in_failed")).all()
    assert [(a.actor, a.new_value) for a in failed] == [(editor, "wrong_password")]
    assert all("feil" not in (a.old_value + a.new_value + a.item) for a in failed)  # never the password


def test_unknown_user_is_refused_with_the_same_message_and_audited(session):
    with pytest.raises(AuthenticationError, match="Feil brukarnamn eller passord"):
        accounts.authenticate(session, "ingen", PASSWORD, now=T0)
    failed = session.scalars(select(AuditEntry).where(AuditEntry.action == "sign_in_failed")).one()
    assert failed.new_value == "unknown_user"


def test_five_wrong_passwords_in_fifteen_minutes_lock_for_fifteen_minutes(session, editor):
    for n in range(4):
        with pytest.raises(AuthenticationError) as caught:
            accounts.authenticate(session, editor, "feil", now=minutes(n * 3))
        assert not isinstance(caught.value, AccountLockedError)
    with pytest.raises(AccountLockedError):
        accounts.authenticate(session, editor, "feil", now=minutes(12))
    with pytest.raises(AccountLockedError, match="låst"):  # even the right password while locked
        accounts.authenticate(session, editor, PASSWORD, now=minutes(26))
    assert accounts.authenticate(session, editor, PASSWORD, now=minutes(27)).name == editor


def test_five_wrong_passwords_spread_over_more_than_fifteen_minutes_do_not_lock(session, editor):
    for n in range(5):
        with pytest.raises(AuthenticationError) as caught:
            accounts.authenticate(session, editor, "feil", now=minutes(n * 4))
        assert not isinstance(caught.value, AccountLockedError)
    assert accounts.authenticate(session, editor, PASSWORD, now=minutes(17)).name == editor


def test_a_successful_sign_in_starts_the_count_again(session, editor):
    for n in range(4):
        with pytest.raises(AuthenticationError):
            accounts.authenticate(session, editor, "feil", now=minutes(n))
    accounts.authenticate(session, editor, PASSWORD, now=minutes(5))
    with pytest.raises(AuthenticationError) as caught:
        accounts.authenticate(session, editor, "feil", now=minutes(6))
    assert not isinstance(caught.value, AccountLockedError)


def test_lock_is_per_account(session, editor, admin):
    for n in range(5):
        with pytest.raises(AuthenticationError):
            accounts.authenticate(session, editor, "feil", now=minutes(n))
    assert accounts.authenticate(session, admin, PASSWORD, now=minutes(6)).name == admin


def test_attempts_while_locked_are_audited(session, editor):
    for n in range(6):
        with pytest.raises(AuthenticationError):
            accounts.authenticate(session, editor, "feil", now=minutes(n))
    outcomes = [a.new_value for a in session.scalars(
        select(AuditEntry).where(AuditEntry.action == "sign_in_failed").order_by(AuditEntry.id))]
    assert outcomes == ["wrong_password"] * 5 + ["locked"]


def test_inactive_account_cannot_sign_in(session, editor):
    accounts.set_active(session, editor, False)
    with pytest.raises(AuthenticationError, match="ikkje aktiv"):
        accounts.authenticate(session, editor, PASSWORD, now=T0)


def test_session_token_gives_the_user_until_idle_too_long(session, editor):
    token = accounts.start_session(session, editor, now=T0)
    assert accounts.session_user(session, token, now=minutes(29)).name == editor
    assert accounts.session_user(session, token, now=minutes(58)).name == editor  # activity at 29 renewed it
    assert accounts.session_user(session, token, now=minutes(89)) is None
    assert accounts.session_user(session, token, now=minutes(90)) is None


def test_sign_out_ends_the_session(session, editor):
    token = accounts.start_session(session, editor, now=T0)
    accounts.end_session(session, token, now=minutes(1))
    assert accounts.session_user(session, token, now=minutes(2)) is None


def test_unknown_token_is_nobody(session):
    assert accounts.session_user(session, "ikkje-ein-token") is None
    assert accounts.session_user(session, None) is None


def test_token_itself_is_not_stored(session, editor):
    from indicators.followup.models import LoginSession

    token = accounts.start_session(session, editor, now=T0)
    assert session.scalars(select(LoginSession.token_hash)).one() != token


def test_role_for_email_is_case_insensitive(session, editor):
    assert accounts.role_for_email(session, "kari@example.no") == "editor"
    assert accounts.role_for_email(session, " KARI@EXAMPLE.NO ") == "editor"


def test_role_for_unknown_email_is_none(session, editor):
    assert accounts.role_for_email(session, "ola@example.no") is None
    assert accounts.role_for_email(session, None) is None


def test_role_for_email_of_an_inactive_user_is_none(session, editor):
    accounts.set_active(session, editor, False)
    assert accounts.role_for_email(session, "kari@example.no") is None


def test_oidc_only_user_has_no_password_and_cannot_sign_in_locally(session):
    accounts.add_user(session, "per", "admin", None, email="per@kommune.no")
    assert accounts.role_for_email(session, "per@kommune.no") == "admin"
    with pytest.raises(AuthenticationError):
        accounts.authenticate(session, "per", "kva-som-helst-passord", now=T0)


@pytest.mark.parametrize(("name", "role", "password", "message"), [
    ("a", "editor", PASSWORD, "Brukarnamnet"),
    ("kari2", "reader", PASSWORD, "Ukjend rolle"),
    ("kari2", "editor", "kort", "minst"),
    ("kari2", "editor", None, "e-postadresse"),
])
def test_add_user_refuses_bad_input(session, name, role, password, message):
    with pytest.raises(InvalidInputError, match=message):
        accounts.add_user(session, name, role, password)


def test_add_user_twice_is_refused(session, editor):
    with pytest.raises(InvalidInputError, match="finst alt"):
        accounts.add_user(session, editor, "editor", PASSWORD)


def test_only_an_admin_adds_users_in_the_app(session, editor, admin):
    with pytest.raises(PermissionDeniedError, match="admin"):
        accounts.add_user(session, "ny", "editor", PASSWORD, actor=editor)
    assert accounts.add_user(session, "ny", "editor", PASSWORD, actor=admin).name == "ny"


def test_adding_a_user_is_audited_without_the_password(session, admin):
    accounts.add_user(session, "ny", "editor", PASSWORD, actor=admin)
    row = session.scalars(select(AuditEntry).where(AuditEntry.action == "add_user", AuditEntry.actor == admin)).one()
    assert row.item == "user:ny"
    assert PASSWORD not in row.new_value


def test_admin_may_write_statuses(session, admin):
    assert service.record_status(session, "1", "in_progress", by_body="", assessed_on=None, user=admin).id
