"""Local accounts: argon2id hashes, lockout after 5 wrong passwords in 15 minutes, audited failures, sessions
with idle expiry, and the e-mail → role mapping for OIDC (issue 11)."""

from __future__ import annotations

import datetime as dt

import pytest
from followup_fixtures import *  # noqa: F403
from followup_fixtures import PASSWORD, active_plan
from sqlalchemy import select

from indicators.followup import accounts, service
from indicators.followup.errors import (
    AccountLockedError,
    AuthenticationError,
    InvalidInputError,
    PermissionDeniedError,
)
from indicators.followup.models import AuditEntry, LoginAttempt, User

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


def seconds(n: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=n)


def test_wrong_passwords_bring_growing_delays_not_a_lock(session, editor):
    for n in range(accounts.FREE_FAILURES):
        with pytest.raises(AuthenticationError) as caught:
            accounts.authenticate(session, editor, "feil", client="10.0.0.9", now=seconds(n))
        assert not isinstance(caught.value, AccountLockedError)
    last = accounts.FREE_FAILURES - 1
    with pytest.raises(AccountLockedError, match="Vent 1 sekund"):  # even the right password, within the delay
        accounts.authenticate(session, editor, PASSWORD, client="10.0.0.9", now=seconds(last + 0.5))
    with pytest.raises(AuthenticationError):  # heard again after a second; a further failure doubles the delay
        accounts.authenticate(session, editor, "feil", client="10.0.0.9", now=seconds(last + 1))
    with pytest.raises(AccountLockedError, match="Vent 2 sekund"):
        accounts.authenticate(session, editor, "feil", client="10.0.0.9", now=seconds(last + 1.1))
    assert accounts.authenticate(session, editor, PASSWORD, client="10.0.0.9", now=seconds(last + 3.1)).name == editor


def test_a_stranger_cannot_keep_the_secretariat_out(session, editor):
    """Many wrong passwords from one client: that client waits ever longer; the real user elsewhere waits at
    most ACCOUNT_MAX_DELAY after the stranger's latest try (the 15-minute lock anyone could trigger is gone)."""
    moment = T0
    for _ in range(25):
        until = accounts.retry_after(session, editor, "203.0.113.7", moment)
        moment = max(moment, until or moment) + dt.timedelta(milliseconds=1)
        with pytest.raises(AuthenticationError):
            accounts.authenticate(session, editor, "feil", client="203.0.113.7", now=moment)
    own = accounts.retry_after(session, editor, "10.0.0.2", moment)
    assert own is not None and dt.timedelta(0) < own - moment <= accounts.ACCOUNT_MAX_DELAY
    stranger = accounts.retry_after(session, editor, "203.0.113.7", moment)
    assert stranger is not None and stranger - moment > accounts.ACCOUNT_MAX_DELAY
    after = moment + accounts.ACCOUNT_MAX_DELAY
    assert accounts.authenticate(session, editor, PASSWORD, client="10.0.0.2", now=after).name == editor


def test_locked_unknown_and_wrong_answer_alike_in_words_and_work(session, editor, monkeypatch):
    """One argon2 check on every path (so the time is the same), and the same words for an account that
    exists and one that does not — also while throttled."""
    checks: list[str] = []
    real = accounts._hasher

    class Counting:
        def __getattr__(self, name):
            return getattr(real, name)

        def verify(self, hashed, password):
            checks.append(password)
            return real.verify(hashed, password)

    monkeypatch.setattr(accounts, "_hasher", Counting())
    messages: dict[str, list[str]] = {}
    for name in (editor, "ingen-slik"):
        for n in range(accounts.FREE_FAILURES + 1):
            checks.clear()
            with pytest.raises(AuthenticationError) as caught:
                accounts.authenticate(session, name, "feil-passord", client="192.0.2.1", now=seconds(n / 10))
            assert len(checks) == 1
            messages.setdefault(name, []).append(str(caught.value))
    assert messages[editor] == messages["ingen-slik"]
    assert messages[editor][0] == "Feil brukarnamn eller passord."
    assert "Vent" in messages[editor][-1]


def test_an_admin_lifts_the_delays(session, editor, admin):
    base = accounts.utcnow() - dt.timedelta(seconds=60)
    for n in range(accounts.FREE_FAILURES + 3):
        with pytest.raises(AuthenticationError):
            accounts.authenticate(session, editor, "feil", client="192.0.2.1", now=base + dt.timedelta(seconds=2 * n))
    assert accounts.locked_until(session, editor, base + dt.timedelta(seconds=15)) is not None
    accounts.unlock(session, editor, actor=admin)
    assert accounts.locked_until(session, editor) is None
    assert accounts.authenticate(session, editor, PASSWORD, client="192.0.2.1").name == editor
    unlocked = session.scalars(select(AuditEntry).where(AuditEntry.action == "unlock_user")).one()
    assert (unlocked.actor, unlocked.item) == (admin, f"user:{editor}")


def test_a_password_typed_as_the_name_is_never_stored(session, editor):
    typed = "Sommar-2026-hemmeleg"
    with pytest.raises(AuthenticationError):
        accounts.authenticate(session, typed, "noko", now=T0)
    with pytest.raises(AuthenticationError):
        accounts.authenticate(session, editor, "feil", now=T0)
    attempts = session.scalars(select(LoginAttempt)).all()
    audit = session.scalars(select(AuditEntry)).all()
    stored = " ".join(f"{a.user_name}" for a in attempts) + " ".join(
        f"{a.actor} {a.item} {a.old_value} {a.new_value}" for a in audit)
    assert typed not in stored and typed.lower() not in stored.lower()
    assert editor in stored  # a name that matches an account is kept as it is
    hashed = [a.user_name for a in attempts if a.user_name != editor]
    assert hashed and hashed[0].startswith("?") and len(hashed[0]) > 10
    with pytest.raises(AuthenticationError):  # the same wrong name is recognisable (the same keyed hash)
        accounts.authenticate(session, typed, "noko", now=T0)
    assert len({a.user_name for a in session.scalars(select(LoginAttempt)) if a.user_name != editor}) == 1


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


def test_attempts_while_throttled_are_audited(session, editor):
    for n in range(accounts.FREE_FAILURES + 1):
        with pytest.raises(AuthenticationError):
            accounts.authenticate(session, editor, "feil", now=seconds(n / 10))
    outcomes = [a.new_value for a in session.scalars(
        select(AuditEntry).where(AuditEntry.action == "sign_in_failed").order_by(AuditEntry.id))]
    assert outcomes == ["wrong_password"] * accounts.FREE_FAILURES + ["throttled"]


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
    assert service.record_status(session, "1", "in_progress", by_body="", assessed_on=None, user=admin,
                                 plan=active_plan()).id
