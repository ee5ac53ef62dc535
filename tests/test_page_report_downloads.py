"""Rapportering's report downloads (AppTest): nothing is made until asked; Word is made and offered; without
Chromium the PDF is refused with a Nynorsk message (issue 18 §4)."""

from __future__ import annotations

from pathlib import Path

from followup_fixtures import *  # noqa: F403
from streamlit.testing.v1 import AppTest

from indicators.followup import accounts
from indicators.present import images
from ui.auth import TOKEN_KEY
from ui.report_downloads import MADE_KEY, MadeReport

ROOT = Path(__file__).resolve().parent.parent
PAGE = str(ROOT / "pages" / "rapportering.py")


def signed_in(session, editor) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state[TOKEN_KEY] = accounts.start_session(session, editor)
    return at.run()


def test_a_word_report_is_made_only_when_asked(session, editor, monkeypatch, tmp_path):
    monkeypatch.setenv(images.BROWSER_ENV, str(tmp_path / "no-browser"))  # tables only: fast
    at = signed_in(session, editor)
    assert not at.exception
    assert MADE_KEY not in at.session_state  # nothing made on opening the page
    at.radio(key="report_download_format").set_value("docx").run()
    at.button(key="report_download_make").click().run()
    assert not at.exception
    made = at.session_state[MADE_KEY]
    assert isinstance(made, MadeReport)
    assert made.file_name.endswith(".docx")
    assert made.data.startswith(b"PK")  # a .docx is a zip
    assert any("er klar" in s.value for s in at.success)


def test_without_chromium_the_pdf_is_refused_in_nynorsk(session, editor, monkeypatch, tmp_path):
    monkeypatch.setenv(images.BROWSER_ENV, str(tmp_path / "no-browser"))
    images.shutdown()
    at = signed_in(session, editor)
    errors = " ".join(e.value for e in at.error)
    assert "PDF-en kan ikkje lagast på denne tenaren" in errors
    assert "Chromium" in errors
    assert not [b for b in at.button if b.key == "report_download_make"]
