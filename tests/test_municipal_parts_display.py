"""What users see of the municipal parts of actions (issue 22): the region's status stays the secretariat's when a
municipality reports its part, the matrix and roll-up on Handlingsprogram (AppTest), the history's «Del» column,
the change lines naming the municipality, hostile text escaped, and the rule on Om."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from followup_fixtures import *  # noqa: F403
from followup_fixtures import PASSWORD, active_plan
from streamlit.testing.v1 import AppTest

from indicators.followup import accounts, service
from indicators.municipal_matrix import PartCell, PartsRow, parts_rows
from indicators.plan_state import read_state
from indicators.present.changes import change_lines
from indicators.present.municipal_parts import history_with_parts, matrix_html, report_table, rollup_text
from indicators.regions import active_region

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 60
REGION = active_region()
GOL, HEMSEDAL, FLA = "3324", "3326", "3320"


class FakeEntry:
    def __init__(self, item_id: str, status: str, municipality: str | None, note: str = "") -> None:
        self.item_kind, self.item_id, self.status, self.municipality, self.note = "action", item_id, status, \
            municipality, note
        self.evidence_url, self.reported_by, self.entered_by = None, "", "kari"
        self.assessed_on, self.entered_at = dt.date(2026, 11, 2), dt.datetime(2026, 11, 2, 9, 30)


def row_with(statuses: dict[str, str | None]) -> PartsRow:
    cells = tuple(PartCell(code, REGION.names[code], FakeEntry("1", s, code) if s else None)
                  for code, s in statuses.items())
    return PartsRow(1, "Tiltaket", "in_progress", cells)


def test_the_rollup_counts_the_parts_furthest_status_first() -> None:
    row = row_with({c: s for c, s in zip(REGION.member_codes, ["in_progress"] * 4 + [None, "completed"],
                                         strict=True)})
    assert rollup_text(row) == "1 av 6 kommunar gjennomført, 4 i gang, 1 ikkje vurdert"
    row = row_with({c: s for c, s in zip(REGION.member_codes, ["in_progress"] * 4 + [None, None], strict=True)})
    assert rollup_text(row) == "4 av 6 kommunar i gang, 2 ikkje vurdert"


def test_the_matrix_shows_icon_and_word_and_escapes_the_actions_text() -> None:
    row = PartsRow(7, '<script>alert(1)</script> & <b>feit</b>', "postponed",
                   (PartCell(GOL, "Gol", FakeEntry("7", "in_progress", GOL)), PartCell(FLA, "Flå", None)))
    html = str(matrix_html([row], REGION))
    assert "<script>" not in html and "<b>feit</b>" not in html
    assert "&lt;script&gt;" in html
    assert "► I gang" in html and "‖ Utsett" in html and "○ Ikkje vurdert" in html  # never colour alone
    assert html.count("ingen del") == 4  # the four municipalities without a part of this action, said in words
    assert 'data-label="Gol"' in html  # the phone layout names the municipality in every cell


def test_the_matrix_as_a_table_for_the_downloads() -> None:
    from indicators.present.municipal_parts import matrix_table

    row = PartsRow(7, "Tiltaket", "postponed",
                   (PartCell(GOL, "Gol", FakeEntry("7", "in_progress", GOL)), PartCell(FLA, "Flå", None)))
    table = matrix_table([row], REGION)
    assert list(table.columns) == ["Tiltak", "Tekst", REGION.name, *(m.name for m in REGION.members), "Kommunane"]
    record = table.iloc[0]
    assert (record[REGION.name], record["Gol"], record["Flå"], record["Hol"]) == ("Utsett", "I gang", "Ikkje vurdert",
                                                                                  "–")


def test_the_history_names_each_entrys_part() -> None:
    entries = [FakeEntry("1", "in_progress", GOL), FakeEntry("1", "postponed", None)]
    table = history_with_parts(entries, REGION)
    assert list(table.columns)[0] == "Del"
    assert list(table["Del"]) == ["Gol", f"{REGION.name} (sekretariatet)"]


def test_a_change_line_names_the_municipality_of_a_part_entry(session, editor) -> None:
    plan = active_plan()
    service.record_status(session, "1", "in_progress", user=editor, municipality=GOL, plan=plan, region=REGION)
    service.record_status(session, "1", "postponed", user=editor, plan=plan, region=REGION)
    changes = service.changes(session, dt.date.today() - dt.timedelta(days=1), plan=plan)
    lines = [line.text for line in change_lines(changes, {"1": "Sykkel"}, REGION.names)]
    assert lines == ["Tiltak 1 – Sykkel (Gol sin del): ingen status → I gang",
                     "Tiltak 1 – Sykkel: ingen status → Utsett"]


def test_a_municipalitys_part_never_stands_for_the_regions_status(engine, session, editor) -> None:
    plan = active_plan()
    service.record_status(session, "1", "postponed", user=editor, plan=plan, region=REGION)
    service.record_status(session, "1", "completed", user=editor, municipality=GOL, plan=plan, region=REGION)
    state = read_state(plan, engine=engine, region=REGION)
    assert state.status("1", "action").status == "postponed"  # the secretariat's, though Gol's entry is newer
    assert state.status("1", "action").municipality is None
    assert [e.municipality for e in state.history("1", "action")] == [GOL, None]
    assert GOL in state.parts["1"] and len(state.parts["1"]) == len(REGION.members)  # «Kommune» in the plan


def test_the_report_table_and_the_matrix_rows_come_from_the_state(engine, session, editor) -> None:
    import pandas as pd

    plan = active_plan()
    service.record_status(session, "1", "completed", user=editor, municipality=GOL, plan=plan, region=REGION)
    state = read_state(plan, engine=engine, region=REGION)
    actions = pd.DataFrame({"number": [1, 3], "text": ["Sykkel", "RR alone"], "status": ["in_progress", "not_started"]})
    rows = parts_rows(actions, state.parts, state.entries, REGION)
    assert [r.number for r in rows] == [1]  # action 3 is the regional council's alone (RR)
    table = report_table(rows, REGION)
    gol_column = table["headers"].index("Gol")
    assert table["rows"][0][gol_column] == "✔ Gjennomført"
    assert table["rows"][0][1] == "► I gang"  # the region's status, the secretariat's


# --- Handlingsprogram (AppTest) -------------------------------------------------------------------------------

def html_bodies(at: AppTest) -> list[str]:
    return [element.proto.body for element in at.get("html")]


def test_handlingsprogram_shows_the_parts_side_by_side_with_the_region_first(engine, session, editor) -> None:
    plan = active_plan()
    accounts.add_user(session, "gol-ed", "editor", PASSWORD, municipality=GOL)
    service.record_status(session, "1", "in_progress", user="gol-ed", municipality=GOL, plan=plan, region=REGION)
    service.record_status(session, "1", "postponed", user=editor, municipality=HEMSEDAL, plan=plan, region=REGION)
    service.record_status(session, "1", "not_started", user=editor, plan=plan, region=REGION)
    at = AppTest.from_file(str(ROOT / "pages/handlingsprogram.py"), default_timeout=TIMEOUT).run()
    assert not at.exception
    assert "Kommunane sine delar" in [h.value for h in at.subheader]
    matrix = next(body for body in html_bodies(at) if "parts-table" in body)  # the page's, before the detail's
    first_row = matrix.split("<tbody>")[1].split("</tr>")[0]
    assert first_row.index("■ Ikkje starta") < first_row.index("► I gang") < first_row.index("‖ Utsett")
    assert "1 av 6 kommunar i gang, 1 utsett, 4 ikkje vurdert" in first_row
    # the region's own status in the action table stays the secretariat's
    table = at.dataframe[0].value
    assert table.loc[table["Nr."] == 1, "Status"].iloc[0] == "■ Ikkje starta"
    # the action's detail: the roll-up and its history with each entry's part
    assert any("1 av 6 kommunar i gang" in m.value for m in at.markdown)
    history = at.dataframe[1].value
    assert list(history["Del"]) == [f"{REGION.name} (sekretariatet)", "Hemsedal", "Gol"]


def test_handlingsprogram_without_a_database_shows_no_matrix(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'missing.sqlite3'}")
    at = AppTest.from_file(str(ROOT / "pages/handlingsprogram.py"), default_timeout=TIMEOUT).run()
    assert not at.exception
    assert "Kommunane sine delar" not in [h.value for h in at.subheader]


@pytest.mark.parametrize("language", ["nn", "nb", "en"])
def test_om_explains_which_actions_have_municipal_parts(language) -> None:
    at = AppTest.from_file(str(ROOT / "pages/om.py"), default_timeout=TIMEOUT)
    at.query_params["lang"] = language
    at.run()
    assert not at.exception
    if language == "nn":
        text = "\n".join(m.value for m in at.markdown)
        assert "Sekretariatet kan\nendre" in text or "Sekretariatet kan endre" in text
        assert "«Ansvar» og «Involvering»" in text
        assert f"«{REGION.members[0].name} kommune»" in text
    assert len(at.header) > 1


def test_the_matrix_is_built_once_per_database_state_and_again_after_an_entry(engine, session, editor,
                                                                              monkeypatch) -> None:
    """Built on every run the matrix was most of Handlingsprogram's server time (issue 20): it is shared until the
    database (or the shown actions) change, and an entry shows at the next run."""
    import streamlit as st

    from ui import municipal_parts

    built: list[int] = []
    real = municipal_parts.matrix_for
    monkeypatch.setattr(municipal_parts, "matrix_for", lambda *args: built.append(1) or real(*args))
    st.cache_resource.clear()
    plan = active_plan()
    service.record_status(session, "1", "in_progress", user=editor, municipality=GOL, plan=plan, region=REGION)
    at = AppTest.from_file(str(ROOT / "pages/handlingsprogram.py"), default_timeout=TIMEOUT).run()
    first = next(body for body in html_bodies(at) if "parts-table" in body).split("<tbody>")[1].split("</tr>")[0]
    assert "► I gang" in first and "‖ Utsett" not in first
    at.run()  # a rerun (a region change, a filter put back): the same matrix, not built again
    assert not at.exception and len(built) == 1
    service.record_status(session, "1", "postponed", user=editor, municipality=HEMSEDAL, plan=plan, region=REGION)
    at.run()
    first = next(body for body in html_bodies(at) if "parts-table" in body).split("<tbody>")[1].split("</tr>")[0]
    assert "‖ Utsett" in first
    assert len(built) == 2


def test_the_action_table_is_built_once_per_database_state_and_filters(engine, session, editor,
                                                                       monkeypatch) -> None:
    """Handlingsprogram's filtered table, its counts and its screen copy (pages/handlingsprogram.py ActionView) are
    built once per follow-up state and filters: a rerun builds nothing again; an entry or another filter does, and
    the entry shows."""
    import streamlit as st

    from indicators import plan_actions

    built: list[int] = []
    real = plan_actions.filter_actions
    monkeypatch.setattr(plan_actions, "filter_actions",
                        lambda *args, **kwargs: built.append(1) or real(*args, **kwargs))
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "pages/handlingsprogram.py"), default_timeout=TIMEOUT).run()
    assert not at.exception and len(built) == 1
    at.run()  # a rerun (a region change): the same table
    assert not at.exception and len(built) == 1
    service.record_status(session, "1", "completed", user=editor, plan=active_plan(), region=REGION)
    at.run()
    assert len(built) == 2
    table = at.dataframe[0].value
    first = table[table.iloc[:, 0] == 1].iloc[0]
    assert any("Gjennomført" in str(value) for value in first.to_numpy()), first
    at.text_input(key="actions_search").set_value("ikkje eit ord i nokon tiltakstekst").run()  # another filter
    assert not at.exception and len(built) == 3
    assert not at.dataframe  # nothing matches: the table's place says so
