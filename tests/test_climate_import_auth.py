"""Issue 12, item 1: only a signed-in editor can import emissions from the web, and an implausible file passes
only with an explicit confirmation that is recorded in the follow-up's audit log (who, which file, which
numbers)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from followup_fixtures import *  # noqa: F403
from followup_fixtures import PASSWORD
from sqlalchemy import select, update
from streamlit.testing.v1 import AppTest

from indicators import cache
from indicators.followup import accounts, db
from indicators.followup.models import AuditEntry, LoginSession
from indicators.present.texts import reporting as t
from tests.test_page_climate import (
    HOL,
    HOL_WEIGHT,
    PAGE,
    XLSX,
    _imported_cache,  # noqa: F401 (a fixture, used through request.getfixturevalue)
    detail_rows,
    snapshot,
    with_population,
    write_format_a,
)
from ui.auth import TOKEN_KEY

IMPORT_BUTTON = "Importer og byt ut"


@pytest.fixture
def empty_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    store = with_population(tmp_path / "cache")
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(store))
    return store


@pytest.fixture
def data_cache(empty_cache: Path, request: pytest.FixtureRequest) -> Path:
    """A copy of all_rows() imported (imported once per session by test_page_climate's `_imported_cache`)."""
    shutil.copytree(request.getfixturevalue("_imported_cache"), empty_cache, dirs_exist_ok=True)
    return empty_cache


def open_page(region: str = HOL, token: str | None = None) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state["url_region"] = region
    if token is not None:
        at.session_state[TOKEN_KEY] = token
    return at.run()


def audit_rows(session, action: str) -> list[AuditEntry]:
    session.rollback()
    return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


@pytest.mark.parametrize("cache_fixture", ["empty_cache", "data_cache"])
def test_an_anonymous_visitor_sees_the_explanation_and_no_upload(engine, request, cache_fixture) -> None:
    request.getfixturevalue(cache_fixture)
    at = open_page()
    assert not at.exception
    assert at.get("file_uploader") == []
    text = " ".join(str(e.value) for e in (*at.markdown, *at.info))
    assert "Miljødirektoratet" in text  # the import is still explained
    assert "python -m indicators" not in text  # but a visitor is shown no command for the server (issue 20)
    assert t.IMPORT_EDITORS_ONLY in text
    assert [w.label for w in at.text_input] == ["Brukarnamn", "Passord"]
    assert not [b for b in at.button if b.label == IMPORT_BUTTON]


def test_an_expired_session_cannot_upload(engine, session, editor, empty_cache) -> None:
    token = accounts.start_session(session, editor)
    idle = accounts.SESSION_IDLE_TIMEOUT + dt.timedelta(minutes=1)
    session.execute(update(LoginSession).values(last_seen_at=db.utcnow() - idle))
    session.commit()
    at = open_page(token=token)
    assert not at.exception
    assert at.get("file_uploader") == []


def test_an_editor_signs_in_on_the_page_and_imports(engine, session, editor, empty_cache, tmp_path) -> None:
    at = open_page()
    at.text_input(key="klima_sign_in_name").input(editor)
    at.text_input(key="klima_sign_in_password").input(PASSWORD)
    at.button(key="klima_sign_in_submit").click()
    at.run()
    assert not at.exception
    assert len(at.get("file_uploader")) == 1

    hol = write_format_a(tmp_path / "Utslippsregnskap_Hol.xlsx", "Hol", detail_rows(HOL, HOL_WEIGHT))
    at.file_uploader[0].set_value((hol.name, hol.read_bytes(), XLSX))
    at.run()
    assert not at.checkbox  # a plausible file needs no confirmation
    next(b for b in at.button if b.label == IMPORT_BUTTON).click()
    at.run()
    assert not at.exception
    assert (empty_cache / "emissions" / "data.csv").exists()
    [row] = audit_rows(session, "import_emissions")
    assert row.actor == editor
    assert json.loads(row.new_value) == {"files": ["Utslippsregnskap_Hol.xlsx"]}


def test_an_implausible_file_is_imported_only_with_a_recorded_confirmation(
    engine, session, editor, data_cache, tmp_path
) -> None:
    before = snapshot(data_cache)
    relabelled = write_format_a(tmp_path / "Utslippsregnskap_Hol.xlsx", "Hol", detail_rows(HOL, 500))
    at = open_page(token=accounts.start_session(session, editor))
    at.file_uploader[0].set_value((relabelled.name, relabelled.read_bytes(), XLSX))
    at.run()
    assert "ikkje rimelege" in at.error[0].value
    assert not [b for b in at.button if b.label == IMPORT_BUTTON]
    [confirm] = at.checkbox
    assert confirm.label == t.ACCEPT_IMPLAUSIBLE
    assert not confirm.value
    assert snapshot(data_cache) == before

    confirm.check()
    at.run()
    assert not at.exception
    assert not at.error
    assert "trass i at tala ikkje ser rimelege ut" in " ".join(m.value for m in (*at.markdown, *at.info))
    assert snapshot(data_cache) == before  # nothing yet: the preview only
    next(b for b in at.button if b.label == IMPORT_BUTTON).click()
    at.run()
    assert not at.exception
    assert snapshot(data_cache) != before
    manifest = cache.read_manifest("emissions", data_cache)
    assert "accepted_implausible" in manifest.extra
    [accepted] = audit_rows(session, "accept_implausible")
    assert accepted.actor == editor
    details = json.loads(accepted.new_value)
    assert details["files"] == ["Utslippsregnskap_Hol.xlsx"]
    assert any("tonn per innbyggjar" in p for p in details["problems"])


def test_no_confirmation_is_offered_for_an_unreadable_file(engine, session, editor, data_cache, tmp_path) -> None:
    oslo = write_format_a(tmp_path / "Utslippsregnskap_Oslo.xlsx", "Oslo", detail_rows("0301", 1))
    at = open_page(token=accounts.start_session(session, editor))
    at.file_uploader[0].set_value((oslo.name, oslo.read_bytes(), XLSX))
    at.run()
    assert "Oslo (0301)" in at.error[0].value
    assert not at.checkbox
