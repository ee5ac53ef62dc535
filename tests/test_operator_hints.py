"""Operator hints (ui/operator.py): a shell command is shown to a signed-in admin only; visitors and editors
read whom to ask (issue 20)."""

from __future__ import annotations

import shutil
from pathlib import Path

from followup_fixtures import *  # noqa: F403
from streamlit.testing.v1 import AppTest

from indicators.followup import accounts
from indicators.present.texts import jobs as words
from ui import auth
from ui.operator import without_commands

ROOT = Path(__file__).resolve().parent.parent
PAGE = str(ROOT / "pages" / "arbeidsplassar.py")


def industry_section(token: str | None = None) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.query_params["section"] = words.SECTION_INDUSTRY
    if token is not None:
        at.session_state[auth.TOKEN_KEY] = token
    return at.run()


def captions(at: AppTest) -> str:
    return " ".join(c.value for c in at.caption)


def test_a_visitor_sees_whom_to_ask_and_no_command(database_env) -> None:
    at = industry_section()
    assert not at.exception
    assert any("spør sekretariatet i Regionrådet for Hallingdal" in i.value for i in at.info)
    assert "python -m" not in captions(at) + " ".join(i.value for i in at.info)


def test_an_editor_sees_no_command(database_env, session, editor) -> None:
    at = industry_section(accounts.start_session(session, editor))
    assert not at.exception
    assert "python -m" not in captions(at)


def test_a_signed_in_admin_sees_the_command(database_env, session, admin) -> None:
    at = industry_section(accounts.start_session(session, admin))
    assert not at.exception
    assert ".venv/bin/python -m indicators refresh jobs_by_industry" in captions(at)


def damaged_population_page(tmp_path, monkeypatch, token: str | None = None) -> AppTest:
    """Deltidsinnbyggjarar with a dataset whose checksum no longer matches: the page cannot be shown
    (streamlit_app.py)."""
    copy = tmp_path / "cache"
    shutil.copytree(ROOT / "data_cache", copy)
    data = next((copy / "population").glob("data.*"))  # whatever format the snapshot stores
    data.write_bytes(data.read_bytes() + b"\n")
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(copy))
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    if token is not None:
        at.session_state[auth.TOKEN_KEY] = token
    at.switch_page("pages/deltidsinnbyggjarar.py")
    return at.run()


def test_damaged_data_tells_a_visitor_whom_to_ask(database_env, tmp_path, monkeypatch) -> None:
    at = damaged_population_page(tmp_path, monkeypatch)
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert "Sida kan ikkje visast" in errors and "kontrollsummen" in errors  # what is wrong is still said
    assert "Sei frå til sekretariatet i Regionrådet for Hallingdal" in captions(at)
    assert "python -m" not in captions(at) + errors


def test_damaged_data_shows_a_signed_in_admin_what_to_run(database_env, session, admin, tmp_path,
                                                          monkeypatch) -> None:
    at = damaged_population_page(tmp_path, monkeypatch, accounts.start_session(session, admin))
    assert not at.exception
    assert ".venv/bin/python -m indicators refresh" in captions(at)
    assert "python -m indicators refresh population" in " ".join(e.value for e in at.error)


def test_without_commands_drops_only_the_sentences_with_a_command() -> None:
    message = ("Datasettet «population» er skadd: data.parquet stemmer ikkje (fila er endra). Køyr `python -m "
               "indicators refresh population` (eller importer fila på nytt), eller hent data_cache/population frå "
               "git på nytt.")
    assert without_commands(message) == "Datasettet «population» er skadd: data.parquet stemmer ikkje (fila er endra)."
    assert without_commands("Ingen kommando her. Berre tekst.") == "Ingen kommando her. Berre tekst."


def no_figures_notice(token: str | None = None) -> AppTest:
    """ui.plan_notice's notice for a region the snapshot has no figures for (the active region's id)."""

    def script() -> None:
        from indicators.regions import active_region
        from ui.plan_notice import NoFiguresError, show_no_figures

        show_no_figures(NoFiguresError(active_region().id))

    at = AppTest.from_function(script, default_timeout=60)
    if token is not None:
        at.session_state[auth.TOKEN_KEY] = token
    return at.run()


def test_no_figures_tells_a_visitor_no_command(database_env) -> None:
    at = no_figures_notice()
    assert not at.exception
    warning = " ".join(w.value for w in at.warning)
    assert "Datagrunnlaget har ingen tal" in warning
    assert "python -m" not in warning


def test_no_figures_shows_a_signed_in_admin_the_command(database_env, session, admin) -> None:
    at = no_figures_notice(accounts.start_session(session, admin))
    assert not at.exception
    assert "python -m indicators refresh" in " ".join(w.value for w in at.warning)
