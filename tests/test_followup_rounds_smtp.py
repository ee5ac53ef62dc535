"""`round remind` against a local SMTP server (aiosmtpd on 127.0.0.1): what arrives, to whom, with the
credentials from the URL; STARTTLS never silently skipped; settings missing. No message leaves the machine."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import io
import socket

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from followup_fixtures import *  # noqa: F403
from followup_fixtures import PASSWORD, TODAY
from sqlalchemy import select

from indicators.cli import main
from indicators.followup import db, mail
from indicators.followup.models import AuditEntry

ROUND = "Tertial 3 2026"


class Inbox:
    """An aiosmtpd handler keeping what it receives."""

    def __init__(self) -> None:
        self.received: list[tuple[str, list[str], email.message.EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        message = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 OK"


class Authenticator:
    def __init__(self, user: str, password: str) -> None:
        self.user, self.password = user, password
        self.tried: list[tuple[str, str]] = []

    def __call__(self, server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword):
            pair = (auth_data.login.decode(), auth_data.password.decode())
            self.tried.append(pair)
            return AuthResult(success=pair == (self.user, self.password), handled=False)
        return AuthResult(success=False, handled=False)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    authenticator = Authenticator("rr-post", "hemmeleg passord")
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port(), authenticator=authenticator,
                            auth_require_tls=False)
    controller.start()
    try:
        yield controller, inbox, authenticator
    finally:
        controller.stop()


def _add(monkeypatch, name: str, *options: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["users", "add", name, *options]) == 0


@pytest.fixture
def reporters(engine, monkeypatch, capsys):
    _add(monkeypatch, "sek", "--role", "admin", "--email", "sek@example.no")
    _add(monkeypatch, "gol-ed", "--role", "editor", "--municipality", "3324", "--email", "gol@example.no")
    _add(monkeypatch, "hem-ed", "--role", "editor", "--municipality", "3326", "--email", "hem@example.no")
    due = (TODAY + dt.timedelta(days=14)).isoformat()
    assert main(["round", "add", ROUND, "--due", due, "--items", "actions", "--user", "sek"]) == 0
    capsys.readouterr()


def test_round_remind_sends_each_reporter_one_message_with_credentials_from_the_url(
        engine, reporters, smtp_server, monkeypatch, capsys):
    controller, inbox, authenticator = smtp_server
    monkeypatch.setenv("SMTP_URL", f"smtp://rr-post:hemmeleg%20passord@127.0.0.1:{controller.port}")
    monkeypatch.setenv("SMTP_FROM", "rapportering@example.no")
    monkeypatch.delenv("SMTP_STARTTLS", raising=False)
    assert main(["round", "remind", ROUND]) == 0
    assert authenticator.tried == [("rr-post", "hemmeleg passord")]
    assert sorted(to for _, [to], _ in inbox.received) == ["gol@example.no", "hem@example.no", "sek@example.no"]
    assert {sender for sender, _, _ in inbox.received} == {"rapportering@example.no"}
    gol = next(m for _, [to], m in inbox.received if to == "gol@example.no")
    assert gol["Subject"].startswith(f"Påminning: {ROUND} – ")
    assert "for Gol" in gol.get_content() and "(delen til Gol)" in gol.get_content()
    assert "Sende 3 påminningar" in capsys.readouterr().err
    with db.session_scope(engine) as session:
        sent = session.scalars(select(AuditEntry).where(AuditEntry.action == "round_remind")).all()
        assert sorted(r.new_value.split()[0] for r in sent) == ["gol-ed", "hem-ed", "sek"]


def test_a_reporter_who_is_done_gets_nothing(engine, reporters, smtp_server, monkeypatch):
    from indicators.followup import reporting_rounds, service
    from indicators.goals import load_plan
    from indicators.plan_actions import with_programme
    from indicators.regions import active_region

    controller, inbox, _ = smtp_server
    region = active_region()
    plan = with_programme(load_plan(region.plan_file("goals.toml")))
    with db.session_scope(engine) as session:
        status = reporting_rounds.round_status(session, ROUND, plan=plan, region=region)
        for assignment in status.left_for("3326"):
            service.record_status(session, assignment.item_id, "completed", user="hem-ed", municipality="3326",
                                  plan=plan, region=region)
    monkeypatch.setenv("SMTP_URL", f"smtp://rr-post:hemmeleg%20passord@127.0.0.1:{controller.port}")
    monkeypatch.setenv("SMTP_FROM", "rapportering@example.no")
    assert main(["round", "remind", ROUND]) == 0
    assert sorted(to for _, [to], _ in inbox.received) == ["gol@example.no", "sek@example.no"]


def test_starttls_asked_for_but_not_offered_sends_nothing(engine, reporters, smtp_server, monkeypatch, capsys):
    controller, inbox, _ = smtp_server
    monkeypatch.setenv("SMTP_URL", f"smtp://127.0.0.1:{controller.port}")
    monkeypatch.setenv("SMTP_FROM", "rapportering@example.no")
    monkeypatch.setenv("SMTP_STARTTLS", "1")
    assert main(["round", "remind", ROUND]) == 1
    assert "tilbyr ikkje STARTTLS" in capsys.readouterr().err
    assert inbox.received == []


def test_a_wrong_password_sends_nothing(engine, reporters, smtp_server, monkeypatch, capsys):
    controller, inbox, _ = smtp_server
    monkeypatch.setenv("SMTP_URL", f"smtp://127.0.0.1:{controller.port}")
    monkeypatch.setenv("SMTP_USERNAME", "rr-post")
    monkeypatch.setenv("SMTP_PASSWORD", "feil")
    monkeypatch.setenv("SMTP_FROM", "rapportering@example.no")
    assert main(["round", "remind", ROUND]) == 1
    err = capsys.readouterr().err
    assert "godtok ikkje brukarnamnet og passordet" in err and "feil" not in err.replace("Feil:", "")
    assert inbox.received == []


def test_missing_settings_are_named(engine, reporters, monkeypatch, capsys):
    monkeypatch.delenv("SMTP_URL", raising=False)
    monkeypatch.setenv("SMTP_FROM", "rapportering@example.no")
    assert main(["round", "remind", ROUND]) == 1
    assert "SMTP_URL er ikkje sett" in capsys.readouterr().err
    monkeypatch.setenv("SMTP_URL", "http://127.0.0.1:25")
    assert main(["round", "remind", ROUND]) == 1
    assert "smtp:// eller smtps://" in capsys.readouterr().err


def test_a_server_that_does_not_answer_is_said_in_nynorsk(engine, reporters, monkeypatch, capsys):
    monkeypatch.setenv("SMTP_URL", f"smtp://127.0.0.1:{_free_port()}")
    monkeypatch.setenv("SMTP_FROM", "rapportering@example.no")
    assert main(["round", "remind", ROUND]) == 1
    assert "Fekk ikkje kontakt med e-posttenaren" in capsys.readouterr().err


@pytest.mark.parametrize(("url", "starttls", "expected"), [
    ("smtp://post.example.no", "", ("post.example.no", 25, False, False)),
    ("smtp://post.example.no", "ja", ("post.example.no", 587, False, True)),
    ("smtps://post.example.no", "1", ("post.example.no", 465, True, False)),
    ("smtp://post.example.no:2525", "", ("post.example.no", 2525, False, False)),
])
def test_settings_from_the_environment(monkeypatch, url, starttls, expected):
    monkeypatch.setenv("SMTP_URL", url)
    monkeypatch.setenv("SMTP_FROM", "rr@example.no")
    monkeypatch.setenv("SMTP_STARTTLS", starttls)
    monkeypatch.setenv("SMTP_PASSWORD", "s3cret")
    config = mail.smtp_settings()
    assert (config.host, config.port, config.tls, config.starttls) == expected
    assert "s3cret" not in repr(config)
