"""Sending e-mail (the reporting rounds' reminders) through the SMTP server the environment names.

Settings (environment, read when sending):

* `SMTP_URL`: ``smtp://HOST[:PORT]`` (plain, port 25 by default; 587 with STARTTLS), ``smtps://HOST[:PORT]``
  (TLS from the start, port 465 by default); a user name and password may be in it
  (``smtp://USER:PASSWORD@HOST:587``, percent-encoded);
* `SMTP_FROM`: the sender address (required);
* `SMTP_STARTTLS`: ``1``/``true``/``yes`` to upgrade a plain connection with STARTTLS (refused when the server
  does not offer it: a password is never sent in the clear by mistake);
* `SMTP_USERNAME`, `SMTP_PASSWORD` (or `SMTP_PASSWORD_FILE`, a file holding it): credentials when the URL has
  none.

Nothing here composes text: the messages come ready (`indicators.present.reminder_mail`).
"""

from __future__ import annotations

import smtplib
import ssl
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from indicators import settings
from indicators.followup.errors import FollowupError
from indicators.i18n import labels

SMTP_URL, SMTP_FROM, SMTP_STARTTLS = "SMTP_URL", "SMTP_FROM", "SMTP_STARTTLS"
SMTP_USERNAME, SMTP_PASSWORD = "SMTP_USERNAME", "SMTP_PASSWORD"
TIMEOUT_S = 30
_TRUE = ("1", "true", "yes", "ja", "on")


class MailSettingsError(FollowupError):
    """SMTP settings missing or unusable; the message says which variable."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    sender: str
    tls: bool = False  # smtps://: TLS from the start
    starttls: bool = False
    username: str | None = None
    password: str | None = None

    def __repr__(self) -> str:  # never the password in a log or a traceback
        return (f"SmtpSettings(host={self.host!r}, port={self.port}, sender={self.sender!r}, tls={self.tls}, "
                f"starttls={self.starttls}, username={self.username!r})")


# What is wrong with the mail settings or the server: worded in the language active where it is shown.
REFUSALS = labels("followup.mail.REFUSALS", {
    "no_url": "{setting} er ikkje sett (t.d. smtp://e-post.kommune.no:587 eller smtps://…).",
    "no_sender": "{setting} (avsendaradressa) manglar eller er ikkje ei e-postadresse.",
    "bad_url": "{setting} må byrje med smtp:// eller smtps:// og namngi ein tenar.",
    "bad_port": "Portnummeret i {setting} er ikkje eit tal mellom 1 og 65535.",
    "password_file": "{setting} peikar på ei fil som ikkje kan lesast eller er tom.",
    "no_contact": "Fekk ikkje kontakt med e-posttenaren {server} ({error}). Ingen påminningar er sende.",
    "no_starttls": "E-posttenaren {server} tilbyr ikkje STARTTLS. Ingen påminningar er sende.",
    "sign_in_refused": "E-posttenaren {server} godtok ikkje brukarnamnet og passordet. Ingen påminningar er sende.",
    "unexpected": "E-posttenaren {server} svara ikkje som venta ({error}). Ingen påminningar er sende.",
})


def smtp_settings() -> SmtpSettings:
    """The settings from the environment (see the module), or MailSettingsError in Nynorsk."""
    url = settings.env(SMTP_URL)
    sender = settings.env(SMTP_FROM)
    if not url:
        raise MailSettingsError(REFUSALS.message("no_url", setting=SMTP_URL))
    if not sender or "@" not in sender:
        raise MailSettingsError(REFUSALS.message("no_sender", setting=SMTP_FROM))
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme not in ("smtp", "smtps") or not parsed.hostname:
        raise MailSettingsError(REFUSALS.message("bad_url", setting=SMTP_URL))
    starttls = (settings.env(SMTP_STARTTLS) or "").strip().lower() in _TRUE
    tls = parsed.scheme == "smtps"
    try:
        port = parsed.port or (465 if tls else 587 if starttls else 25)
    except ValueError:
        raise MailSettingsError(REFUSALS.message("bad_port", setting=SMTP_URL)) from None
    username = urllib.parse.unquote(parsed.username) if parsed.username else settings.env(SMTP_USERNAME)
    password = urllib.parse.unquote(parsed.password) if parsed.password else _password()
    return SmtpSettings(parsed.hostname, port, sender, tls, starttls and not tls, username, password)


def _password() -> str | None:
    value = settings.env(SMTP_PASSWORD)
    if value:
        return value
    path = settings.env(f"{SMTP_PASSWORD}_FILE")
    if not path:
        return None
    try:
        return Path(path).read_text(encoding="utf-8").strip().splitlines()[0]
    except (OSError, IndexError):
        raise MailSettingsError(REFUSALS.message("password_file", setting=f"{SMTP_PASSWORD}_FILE")) from None


@dataclass(frozen=True)
class SendResult:
    recipient: str
    error: str | None = None  # None: the server accepted the message

    @property
    def sent(self) -> bool:
        return self.error is None


def send(config: SmtpSettings, messages: Iterable[EmailMessage], *, timeout: float = TIMEOUT_S) -> list[SendResult]:
    """Send each message over one connection; one refused recipient does not stop the others. A connection or
    sign-in failure raises MailSettingsError (nothing was sent)."""
    batch = list(messages)
    if not batch:
        return []
    try:
        if config.tls:
            server: smtplib.SMTP = smtplib.SMTP_SSL(config.host, config.port, timeout=timeout,
                                                    context=ssl.create_default_context())
        else:
            server = smtplib.SMTP(config.host, config.port, timeout=timeout)
    except (OSError, smtplib.SMTPException) as exc:
        raise MailSettingsError(REFUSALS.message("no_contact", server=f"{config.host}:{config.port}",
                                                 error=type(exc).__name__)) from None
    results: list[SendResult] = []
    with server:
        try:
            server.ehlo()
            if config.starttls:
                if not server.has_extn("starttls"):
                    raise MailSettingsError(REFUSALS.message("no_starttls", server=config.host))
                server.starttls(context=ssl.create_default_context())
                server.ehlo()
            if config.username:
                server.login(config.username, config.password or "")
        except smtplib.SMTPAuthenticationError:
            raise MailSettingsError(REFUSALS.message("sign_in_refused", server=config.host)) from None
        except (OSError, smtplib.SMTPException) as exc:
            raise MailSettingsError(REFUSALS.message("unexpected", server=config.host,
                                                     error=type(exc).__name__)) from None
        for message in batch:
            recipient = str(message["To"])
            try:
                server.send_message(message, from_addr=config.sender)
                results.append(SendResult(recipient))
            except (OSError, smtplib.SMTPException) as exc:
                results.append(SendResult(recipient, type(exc).__name__))
    return results
