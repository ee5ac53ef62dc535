"""A reporting round as users see it (issue 22): on Rapportering what is left for me (a municipal editor: their
municipality's parts; the secretariat: the region's items) with the deadline, the secretariat's view of every
reporter's progress, late entries marked after closing; the report made for a round (HTML, Word, the
download's choice and `report --round`)."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import docx
import pytest
from followup_fixtures import *  # noqa: F403
from followup_fixtures import PASSWORD, active_plan
from streamlit.testing.v1 import AppTest

from indicators import cli
from indicators.followup import accounts, reporting_rounds, service
from indicators.followup.reporting_rounds import UnknownRoundError
from indicators.formatting import format_date
from indicators.present.report import content_for, render
from indicators.regions import active_region
from indicators.report_inputs import read_report_inputs
from indicators.round_inputs import with_round
from ui.auth import TOKEN_KEY

ROOT = Path(__file__).resolve().parent.parent
PAGE = str(ROOT / "pages" / "rapportering.py")
TIMEOUT = 60
REGION = active_region()
GOL, HEMSEDAL = "3324", "3326"
ROUND = "Tertial 3 2026"
DUE = dt.date.today() + dt.timedelta(days=40)


def open_page(token: str) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.session_state[TOKEN_KEY] = token
    return at.run()


def plain(text: str) -> str:
    return text.replace("\\", "")


@pytest.fixture
def round_with_entries(session, editor):
    """A round asking for the actions; Gol has reported action 1's part, the secretariat action 2."""
    plan = active_plan()
    accounts.add_user(session, "gol-ed", "editor", PASSWORD, municipality=GOL)
    reporting_rounds.add_round(session, ROUND, DUE, user=editor, items="actions")
    service.record_status(session, "1", "in_progress", user="gol-ed", municipality=GOL, plan=plan, region=REGION)
    service.record_status(session, "2", "postponed", user=editor, plan=plan, region=REGION)
    return reporting_rounds.round_status(session, ROUND, plan=plan, region=REGION)


def test_a_municipal_editor_sees_what_is_left_for_their_municipality(engine, session, round_with_entries) -> None:
    gol_total = len(round_with_entries.for_reporter(GOL))
    at = open_page(accounts.start_session(session, "gol-ed"))
    assert not at.exception
    assert any(plain(m.value) == f"**Rapporteringsrunde: {ROUND}**" for m in at.markdown)
    progress = plain(at.get("progress")[0].proto.text)
    assert progress == f"Frist {format_date(DUE)} — {gol_total - 1} av {gol_total} att for Gol"
    assert "Framdrifta til kvar rapportør" not in " ".join(m.value for m in at.markdown)  # the secretariat's
    table = at.dataframe[0].value
    assert len(table) == gol_total  # only Gol's parts
    assert table.iloc[-1]["Rapportert i runden"] == "✓ rapportert"  # what is left first, the done one last
    assert table.iloc[-1]["Punkt"].startswith("Tiltak 1 – ") and "(delen til Gol)" in table.iloc[-1]["Punkt"]
    assert set(table.iloc[:-1]["Rapportert i runden"]) == {"○ ikkje rapportert"}


def test_the_secretariat_sees_every_reporters_progress(engine, session, editor, round_with_entries) -> None:
    at = open_page(accounts.start_session(session, editor))
    assert not at.exception
    line = next(plain(m.value) for m in at.markdown if "Framdrifta til kvar rapportør" in m.value)
    totals = {p.reporter: p.total for p in round_with_entries.progress()}
    assert f"{REGION.name} (sekretariatet) 1/{totals['']}" in line
    assert f"Gol 1/{totals[GOL]}" in line and f"Hemsedal 0/{totals[HEMSEDAL]}" in line
    table = at.dataframe[0].value
    assert len(table) == totals[""]  # the region's items: the secretariat's own share


def test_an_entry_after_closing_is_marked_late(engine, session, editor, round_with_entries) -> None:
    reporting_rounds.close_round(session, ROUND, user=editor)
    service.record_status(session, "5", "completed", user="gol-ed", municipality=GOL, plan=active_plan(),
                          region=REGION)
    at = open_page(accounts.start_session(session, "gol-ed"))
    assert not at.exception
    assert any("Runden vart lukka" in c.value for c in at.caption)
    table = at.dataframe[0].value
    late = table[table["Punkt"].str.startswith("Tiltak 5 – ")]
    assert list(late["Rapportert i runden"]) == ["✓ rapportert, for seint"]
    on_time = table[table["Punkt"].str.startswith("Tiltak 1 – ")]
    assert list(on_time["Rapportert i runden"]) == ["✓ rapportert"]


def test_no_round_no_box(engine, session, editor) -> None:
    at = open_page(accounts.start_session(session, editor))
    assert not at.exception
    assert not any("Rapporteringsrunde" in m.value for m in at.markdown)


# --- the report made for a round ----------------------------------------------------------------------------

def text_of(document: str) -> str:
    document = re.sub(r"<style>.*?</style>", " ", document, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", document).split())


def test_the_round_report_says_per_reporter_what_was_reported_and_what_is_missing(
        engine, session, round_with_entries) -> None:
    content = content_for(with_round(read_report_inputs(REGION.id, plan=active_plan()), ROUND))
    assert content.kind == f"Rapport for {ROUND}"
    assert [s.anchor for s in content.sections][:2] == ["samandrag", "runde"]
    page = render(content, "html", with_charts=False).decode()
    section = text_of(page.split('id="runde"')[1].split("</section>")[0])
    gol_total = len(round_with_entries.for_reporter(GOL))
    assert f"Gol: 1 av {gol_total} rapportert" in section
    gol = section.split(f"Gol: 1 av {gol_total} rapportert")[1].split("Hemsedal:")[0]
    reported, missing = gol.split("Manglar")
    assert "Tiltak 1 – " in reported and "I gang — gol-ed" in reported
    assert "Tiltak 1 – " not in missing and "Tiltak 2 – " in missing
    assert f"Hemsedal: 0 av {len(round_with_entries.for_reporter(HEMSEDAL))} rapportert" in section
    assert f"{REGION.name} (sekretariatet): 1 av" in section
    document = docx.Document(io.BytesIO(render(content, "docx", with_charts=False)))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert f"Rapporteringsrunden «{ROUND}»" in headings and f"Gol: 1 av {gol_total} rapportert" in headings


def test_an_unknown_round_is_refused_with_the_rounds_named(engine, session, round_with_entries) -> None:
    with pytest.raises(UnknownRoundError, match=f"Rundane: «{ROUND}»"):
        with_round(read_report_inputs(REGION.id, plan=active_plan()), "Tertial 9")


def test_report_round_on_the_command_line(engine, session, round_with_entries, database_env, tmp_path,
                                          capsys, monkeypatch) -> None:
    # the command's own code in this process (`python -m indicators` itself is tested in test_cli.py: a Python
    # process that imports all of the report costs seconds), without chart images: as a real process it started
    # Chromium, which a test without the browser marker must not (the browser tests draw the report's images)
    from indicators.present import images

    monkeypatch.setenv(images.BROWSER_ENV, str(tmp_path / "no-chromium"))
    out = tmp_path / "runde.html"
    code = cli.main(["report", "--round", ROUND, "--output", str(out)])
    assert code == 0, capsys.readouterr().err
    assert f"Rapporteringsrunden «{ROUND}»" in out.read_text(encoding="utf-8")
    assert str(out) in capsys.readouterr().err  # where it was written
    assert cli.main(["report", "--round", "Tertial 9", "--output", str(tmp_path / "x.html")]) != 0
    assert "Ukjend rapporteringsrunde «Tertial 9»" in capsys.readouterr().err
    assert not (tmp_path / "x.html").exists()


def test_the_download_offers_the_rounds_and_makes_the_round_report(engine, session, editor, round_with_entries,
                                                                   monkeypatch) -> None:
    at = open_page(accounts.start_session(session, editor))
    choice = at.selectbox(key="report_download_round")
    assert choice.options == ["Ingen: vanleg statusrapport", ROUND]
    from ui import report_downloads
    from ui.report_downloads import make_report

    # no chart images here (they start Chromium: the browser tests make them)
    monkeypatch.setattr(report_downloads, "render", lambda content, fmt: render(content, fmt, with_charts=False))

    made = make_report(REGION.id, "status", "html", ROUND)
    assert made.round == ROUND
    assert made.file_name == f"rapport-tertial-3-2026-{REGION.id}-{dt.date.today().isoformat()}.html"
    assert f"Rapporteringsrunden «{ROUND}»" in made.data.decode()


# --- the secretariat opens and closes a round on the page ---------------------------------------------------

def test_the_secretariat_opens_a_round_on_the_page_and_closes_it(engine, session, editor) -> None:
    at = open_page(accounts.start_session(session, editor))
    assert not at.exception
    at.text_input(key="round_title").input("Tertial 1 2027")
    at.date_input(key="round_due").set_value(DUE)
    at.radio(key="round_items").set_value("actions")
    at.button(key="round_open").click()
    at = at.run()
    assert not at.exception
    assert plain(at.success[0].value) == f"Opna rapporteringsrunden «Tertial 1 2027» med frist {format_date(DUE)}."
    assert any(plain(m.value) == "**Rapporteringsrunde: Tertial 1 2027**" for m in at.markdown)
    session.rollback()
    made = reporting_rounds.get_round(session, "Tertial 1 2027")
    assert (made.items, made.due_on, made.entered_by) == ("actions", DUE, editor)

    at.text_input(key="round_title").input("Tertial 1 2027")  # the same name again: the domain's refusal
    at.button(key="round_open").click()
    at = at.run()
    assert "Det finst alt ein rapporteringsrunde som heiter «Tertial 1 2027»." in at.error[0].value

    assert at.button(key="round_close").disabled  # not without the confirmation
    at.checkbox(key="round_close_confirm").check()
    at = at.run()
    at.button(key="round_close").click()
    at = at.run()
    assert not at.exception
    assert plain(at.success[0].value) == "Lukka rapporteringsrunden «Tertial 1 2027»."
    session.rollback()
    assert reporting_rounds.get_round(session, "Tertial 1 2027").closed_by == editor


def test_a_municipal_editor_cannot_open_or_close_rounds(engine, session, round_with_entries) -> None:
    at = open_page(accounts.start_session(session, "gol-ed"))
    assert not at.exception
    assert "round_title" not in [w.key for w in at.text_input]
    assert "round_close" not in [b.key for b in at.button]


def test_while_a_round_is_open_the_list_counts_what_was_reported_in_it(engine, session, round_with_entries) -> None:
    gol_total = len(round_with_entries.for_reporter(GOL))
    at = open_page(accounts.start_session(session, "gol-ed"))
    assert not at.exception
    bars = [plain(p.proto.text) for p in at.get("progress")]
    assert f"1 av {gol_total} tiltak rapporterte i runden «{ROUND}»" in bars
    assert plain(at.toggle(key="reporting_only_open").label) == f"Berre dei som ikkje er rapporterte i runden «{ROUND}»"
    marks = {o.split(" ", 2)[1].rstrip("."): o.split(" ", 1)[0] for o in at.selectbox(key="url_item").options}
    assert marks["1"] == "✓" and marks["3" if "3" in marks else "5"] == "○"
    at.toggle(key="reporting_only_open").set_value(True)
    at = at.run()
    assert "1" not in {o.split(" ", 2)[1].rstrip(".") for o in at.selectbox(key="url_item").options}
