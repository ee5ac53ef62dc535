"""The Klima page (AppTest) and its chart builders, on caches built in tmp folders from synthetic workbooks.

The emission values are synthetic test values (tests/emission_workbooks.py), never published figures.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from followup_fixtures import *  # noqa: F403
from streamlit.testing.v1 import AppTest

from indicators import emissions
from indicators.cache import manifests
from indicators.emissions_goal import emissions_goal, municipality_goals
from indicators.followup import accounts
from indicators.formatting import format_number, format_percent
from indicators.goals import evaluate_goal, load_plan
from indicators.population import population_total
from indicators.present import emissions_charts as ec
from indicators.present.texts import fill
from indicators.progress import STATUS_ICONS, STATUS_LABELS
from indicators.regions import active_region
from indicators.registry import get_indicator
from indicators.sources import miljodirektoratet as md
from tests.apptest_harness import SharedRuns
from tests.emission_workbooks import SOURCES_10, rows_for, write_format_a, write_format_b
from ui.auth import TOKEN_KEY

ROOT = Path(__file__).resolve().parent.parent
PAGE = str(ROOT / "pages" / "klima.py")
TIMEOUT = 60
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

YEARS = (2009, 2011, 2013, 2015, 2016)
LATEST = YEARS[-1]
OUTSIDE_SECTORS = {"Industri, olje og gass", "Luftfart", "Sjøfart"}  # the plan's "mostly outside" sources
# Municipality i has weight i + 1; all fall to 60 % of 2009 by 2016 except Hol, which rises to 110 %.
HOL = "3330"
# Hol's weight in all_rows(): about 2.5 t per resident, within what a real municipality emits (the importer's
# plausibility check refuses a file far outside that).
HOL_WEIGHT = 6
HALLINGDAL = active_region().id
MUNICIPALITIES = active_region().members


def plan_goal():
    """The plan's emissions goal, as the page hands it to the builders."""
    return emissions_goal(load_plan())


def factor(code: str, year: int) -> float:
    end = 1.1 if code == HOL else 0.6
    return 1 + (end - 1) * (year - YEARS[0]) / (LATEST - YEARS[0])


def detail_rows(code: str, weight: float, years: tuple[int, ...] = YEARS) -> list[tuple]:
    rows = []
    for year in years:
        k = 0
        for sector, source, gases in SOURCES_10:
            for gas in gases:
                k += 1
                rows.append((year, sector, source, gas, round(weight * (50 + 5 * k) * factor(code, year), 1)))
    return rows


def all_rows(years_for: dict[str, tuple[int, ...]] | None = None) -> dict[str, list[tuple]]:
    years_for = years_for or {}
    return {m.code: detail_rows(m.code, i + 1, years_for.get(m.code, YEARS)) for i, m in enumerate(MUNICIPALITIES)}


def total(rows: list[tuple], year: int, sectors: set[str] | None = None) -> float:
    """Sum of the detail rows for a year (optionally only some sectors; the files vary the case of names)."""
    wanted = None if sectors is None else {s.casefold() for s in sectors}
    return sum(r[4] for r in rows if r[0] == year and (wanted is None or r[1].casefold() in wanted))


def with_population(directory: Path) -> Path:
    """A cache folder holding only the committed population snapshot (for per-resident figures)."""
    directory.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "data_cache" / "population", directory / "population")
    return directory


def import_all(directory: Path, rows: dict[str, list[tuple]]) -> None:
    b_rows = [r for m in MUNICIPALITIES if m.code in rows for r in rows_for(m.code, m.name, rows[m.code])]
    md.import_emissions(write_format_b(directory.parent / "alle_kommunar.xlsx", b_rows), directory)


@pytest.fixture
def empty_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    store = with_population(tmp_path / "cache")
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(store))
    return store


@pytest.fixture
def rows() -> dict[str, list[tuple]]:
    return all_rows()


@pytest.fixture(scope="session")
def _imported_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """all_rows() imported once per session (the import writes and reads a workbook: seconds); tests get copies."""
    store = with_population(tmp_path_factory.mktemp("klima") / "cache")
    import_all(store, all_rows())
    return store


@pytest.fixture
def imported(_imported_cache: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """all_rows() imported, for tests that only read it: the one folder of the session (so the app's caches, keyed
    on the folder, are shared too, as they are between the sessions of a server); a test that writes uses
    `data_cache`."""
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(_imported_cache))
    return _imported_cache


@pytest.fixture
def data_cache(empty_cache: Path, rows: dict[str, list[tuple]], request: pytest.FixtureRequest) -> Path:
    """A copy of all_rows() imported (or of the test's own `rows`) that the test may change."""
    if rows == all_rows():
        shutil.copytree(request.getfixturevalue("_imported_cache"), empty_cache, dirs_exist_ok=True)
    else:  # a test that overrides `rows` imports its own
        import_all(empty_cache, rows)
    return empty_cache


def snapshot(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


@pytest.fixture
def editor_token(session, editor) -> str:
    """A signed-in editor's session (the upload needs one, issue 12 item 1)."""
    return accounts.start_session(session, editor)


def run_page(region: str = HALLINGDAL, token: str | None = None, **query: str) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.session_state["url_region"] = region
    if token is not None:
        at.session_state[TOKEN_KEY] = token
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


@pytest.fixture(scope="module")
def shared_page() -> SharedRuns:
    """`run_page` once per arguments and data for the tests that only read the page (tests/apptest_harness.py)."""
    return SharedRuns(run_page)


def specs(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def titles(at: AppTest) -> list[str]:
    return [s["layout"]["title"]["text"].replace("<br>", " ") for s in specs(at)]


def text_of(at: AppTest) -> str:
    parts = [e.value for e in (*at.markdown, *at.caption, *at.info, *at.warning, *at.error, *at.success)]
    return " ".join(str(p) for p in parts).replace("\u00a0", " ")


def badges(at: AppTest) -> list[str]:
    return [re.sub(r"<[^>]+>", "", m.value).strip() for m in at.markdown if "status-badge" in m.value]


# ------------------------------------------------------------------------------------------- page: empty


def test_empty_state_explains_what_is_missing_and_shows_no_numbers(empty_cache: Path, editor_token: str) -> None:
    at = run_page(token=editor_token)
    assert not at.exception
    assert at.title[0].value == "Klima – Hallingdal"
    text = text_of(at)
    assert "Ingen utsleppsdata er importert" in text
    assert md.MANUAL_PAGE in text  # where to download
    assert "utslippsstatistikk_alle_kommuner.xlsx" in text  # which file
    assert "python -m indicators import-emissions" in text  # how to import from a terminal
    assert badges(at) == ["○ Manglar data"]
    # the upload step is there and open
    assert len(at.get("file_uploader")) == 1
    assert at.expander[0].proto.expanded
    # no figures of any kind: no charts, no key figures, no formatted amounts
    assert not at.get("plotly_chart")
    assert not at.metric
    assert not re.search(r"\d \d{3}", text)


# ------------------------------------------------------------------------------------------- page: with data


def test_page_with_data_shows_the_goal_charts_and_status(
    imported: Path, rows: dict[str, list[tuple]], shared_page: SharedRuns
) -> None:
    at = shared_page()
    assert not at.exception
    base = sum(total(r, YEARS[0]) for r in rows.values())
    latest = sum(total(r, LATEST) for r in rows.values())
    change = latest / base - 1
    assert change <= -0.25  # the synthetic region as a whole has reached the goal

    metrics = {m.label.replace("\u00a0", " "): m.value.replace("\u00a0", " ") for m in at.metric}
    assert metrics[f"Utslepp {LATEST} (tonn CO₂-ekv.)"] == format_number(latest).replace("\u00a0", " ")
    assert metrics[f"Endring 2009–{LATEST}"] == format_percent(change, signed=True).replace("\u00a0", " ")
    assert metrics["Mål 2025: −25 % (tonn CO₂-ekv.)"] == format_number(base * 0.75).replace("\u00a0", " ")
    assert badges(at)[0] == "✔ Nådd"

    chart_titles = titles(at)
    assert len(chart_titles) == 5  # goal, sectors, per resident, influence, municipalities
    assert chart_titles[0].startswith(f"Utsleppa i Hallingdal var {format_percent(abs(change))} lågare i {LATEST}")
    assert "i 5 av 6 kommunar" in chart_titles[-1]  # Hol rose, the other five fell
    # the municipality table: Hol goes the wrong way, the others have reached the goal
    table = next(m.value for m in at.markdown if "klima-kommunar" in m.value)
    assert table.count("Går feil veg") == 1 and table.count("Nådd") == 5
    # every chart has its data downloads
    assert len(at.get("download_button")) >= len(chart_titles)


def test_goal_chart_shows_only_real_years_and_the_target(imported: Path, shared_page: SharedRuns) -> None:
    at = shared_page()
    goal = specs(at)[0]
    assert goal["layout"]["xaxis"]["tickvals"] == [*YEARS, 2025]
    bars = next(t for t in ec.goal_chart(*handed("emissions_total", HALLINGDAL)).figure.data if t.type == "bar")
    assert list(bars.x) == list(YEARS)  # no invented years in between
    sectors = specs(at)[1]
    assert sectors["layout"]["xaxis"]["tickvals"] == list(YEARS)
    assert sectors["layout"]["barmode"] == "stack"


def test_municipality_page(imported: Path, rows: dict[str, list[tuple]], shared_page: SharedRuns) -> None:
    at = shared_page(HOL)
    assert not at.exception
    assert at.title[0].value == "Klima – Hol"
    assert badges(at)[0] == "▼ Går feil veg"
    assert all("Hallingdal" not in t for t in titles(at))
    assert len(titles(at)) == 4  # no municipality comparison on a municipality's page
    population = population_total(HOL).set_index("period")["value"]
    per_resident = total(rows[HOL], LATEST) / population[LATEST]
    metrics = {m.label.replace("\u00a0", " "): m.value.replace("\u00a0", " ") for m in at.metric}
    assert metrics[f"Per innbyggjar {LATEST} (tonn CO₂-ekv.)"] == format_number(per_resident, 1)
    assert "finst berre for Hallingdal samla" in text_of(at)


def test_full_year_equivalent_is_shown_for_hallingdal_as_an_estimate(imported: Path, shared_page: SharedRuns) -> None:
    at = shared_page()
    labels = [m.label for m in at.metric]
    assert f"Per heilårsekvivalent {LATEST} – anslag (tonn CO₂-ekv.)" in labels
    assert "anslag" in text_of(at)


def test_sector_view_as_shares_from_the_url(imported: Path, shared_page: SharedRuns) -> None:
    at = shared_page(sector_view="share")
    assert not at.exception
    assert at.radio(key="url_sector_view").value == "share"
    assert specs(at)[1]["layout"]["barnorm"] == "percent"


def test_influence_reasoning_is_shown(imported: Path, shared_page: SharedRuns) -> None:
    at = shared_page()
    text = text_of(at)
    assert "kvotesystemet" in text and "Veitrafikk" in text
    reasons = at.table[0].value
    assert set(reasons.index) >= OUTSIDE_SECTORS


def test_hallingdal_without_all_six_says_so(empty_cache: Path) -> None:
    import_all(empty_cache, {HOL: detail_rows(HOL, HOL_WEIGHT)})
    at = run_page()
    assert not at.exception
    assert not at.get("plotly_chart")
    assert badges(at) == ["○ Manglar data"]
    warning = at.warning[0].value
    assert "Importert: Hol" in warning and "Flå" in warning
    assert fill("alle dei {member_count} kommunane") in warning  # "seks" for the six

    gol = run_page("3324")
    assert "har ikkje tal for Gol" in gol.warning[0].value

    hol = run_page(HOL)
    assert len(hol.get("plotly_chart")) == 4


def test_damaged_cache_is_reported_not_crashed(data_cache: Path, editor_token: str) -> None:
    data_file = data_cache / "emissions" / "data.csv"
    data_file.write_text(data_file.read_text(encoding="utf-8").replace("Veitrafikk", "Vegtrafikk"), encoding="utf-8")
    at = run_page(token=editor_token)
    assert not at.exception
    assert "kan ikkje lesast" in at.error[0].value
    assert "Ingen utsleppsdata er importert" not in text_of(at)  # there is data, it is damaged
    assert len(at.get("file_uploader")) == 1


# ------------------------------------------------------------------------------------------- page: the goal


def goals_copy(tmp_path: Path, **changes: str) -> Path:
    """plan/goals.toml with the emissions goal's lines replaced (key -> new TOML value)."""
    text = (ROOT / "plan" / "goals.toml").read_text(encoding="utf-8")
    start = text.index('id = "klima-utslepp-25"')
    end = text.index("[[goals]]", start)
    block = text[start:end]
    for key, value in changes.items():
        line = next(x for x in block.splitlines() if x.startswith(f"{key} ="))
        block = block.replace(line, f"{key} = {value}")
    path = tmp_path / "goals.toml"
    path.write_text(text[:start] + block + text[end:], encoding="utf-8")
    return path


@pytest.fixture
def use_goals_file(plan_copy: Path):
    """Use another goals file as the region's plan (a copy of the plan folder is the active region)."""

    def use(path: Path) -> None:
        shutil.copyfile(path, plan_copy / "goals.toml")

    return use


@pytest.mark.parametrize("region", [HALLINGDAL, HOL, "3320"])
def test_goal_status_is_the_one_the_goal_board_computes(imported: Path, region: str, shared_page: SharedRuns) -> None:
    at = shared_page(region)
    board = evaluate_goal(load_plan().measured_by("emissions_total"), region)
    assert badges(at)[0] == f"{STATUS_ICONS[board.status]} {STATUS_LABELS[board.status]}"


def test_the_goal_numbers_come_from_goals_toml(
    imported: Path, tmp_path: Path, rows: dict[str, list[tuple]], use_goals_file
) -> None:
    use_goals_file(goals_copy(tmp_path, baseline_period="2011", target_change="-0.5"))
    at = run_page()
    assert not at.exception
    text = text_of(at)
    assert "Mål: −50 % frå 2011 innan 2025" in text
    assert "frå 2009" not in text and "25 %" not in text
    base = sum(total(r, 2011) for r in rows.values())
    metrics = {m.label.replace("\u00a0", " "): m.value.replace("\u00a0", " ") for m in at.metric}
    assert metrics["Mål 2025: −50 % (tonn CO₂-ekv.)"] == format_number(base * 0.5).replace("\u00a0", " ")
    assert f"Endring 2011–{LATEST}" in metrics
    table = next(m.value for m in at.markdown if "klima-kommunar" in m.value)
    assert "2011 (tonn)" in table and "2009 (tonn)" not in table
    goal = specs(at)[0]
    path = next(t for t in goal["data"] if t.get("line", {}).get("dash"))
    assert path["x"][0] == 2011 and path["y"][0] == pytest.approx(base)
    assert titles(at)[-1].startswith("Utsleppa har gått ned sidan 2011")
    board = evaluate_goal(load_plan().measured_by("emissions_total"), HALLINGDAL)
    assert board.baseline.period == 2011 and badges(at)[0].endswith(STATUS_LABELS[board.status])


def test_without_the_goal_in_goals_toml_the_page_says_so_and_shows_the_data(
    imported: Path, tmp_path: Path, use_goals_file
) -> None:
    use_goals_file(goals_copy(tmp_path, indicator='"population_total"'))
    at = run_page()
    assert not at.exception
    assert any("står ikkje i plan/goals.toml" in i.value for i in at.info)
    assert not badges(at)
    assert "Mål i planen" not in text_of(at)
    assert len(titles(at)) == 4  # emissions, sectors, per resident, influence: no goal comparison per municipality
    assert "klimamålet står ikkje i plan/goals.toml" in titles(at)[0]
    assert not any(t.get("line", {}).get("dash") for t in specs(at)[0]["data"])  # no target path
    assert at.metric[0].label == f"Utslepp {LATEST} (tonn CO₂-ekv.)"


def test_an_unreadable_goals_file_is_said_plainly(imported: Path, tmp_path: Path, use_goals_file) -> None:
    broken = tmp_path / "goals.toml"
    broken.write_text("[[goals]\nid = ", encoding="utf-8")
    use_goals_file(broken)
    at = run_page()
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert any("goals.toml" in w and "linje 1" in w for w in warnings)  # the file, where, and what to do


def test_empty_state_without_the_goal(empty_cache: Path, tmp_path: Path, use_goals_file) -> None:
    use_goals_file(goals_copy(tmp_path, indicator='"population_total"'))
    at = run_page()
    assert not at.exception
    assert "Ingen utsleppsdata er importert" in text_of(at)
    assert any("står ikkje i plan/goals.toml" in i.value for i in at.info)


# ------------------------------------------------------------------------------------------- page: import


def test_upload_of_another_municipality_is_refused_and_the_cache_is_unchanged(
    data_cache: Path, tmp_path: Path, editor_token: str
) -> None:
    before = snapshot(data_cache)
    oslo = write_format_a(tmp_path / "Utslippsregnskap_Oslo.xlsx", "Oslo", detail_rows("0301", 1))
    at = run_page(token=editor_token)
    at.file_uploader[0].set_value((oslo.name, oslo.read_bytes(), XLSX))
    at.run()
    assert not at.exception
    error = at.error[0].value
    assert "Oslo (0301)" in error and "ingenting er endra" in error
    assert not [b for b in at.button if b.label == "Importer og byt ut"]
    assert snapshot(data_cache) == before


def test_upload_preview_then_confirm_imports(empty_cache: Path, tmp_path: Path, editor_token: str) -> None:
    hol = write_format_a(tmp_path / "Utslippsregnskap_Hol.xlsx", "Hol", detail_rows(HOL, HOL_WEIGHT))
    at = run_page(HOL, token=editor_token)
    at.file_uploader[0].set_value((hol.name, hol.read_bytes(), XLSX))
    at.run()
    assert not at.exception
    preview = " ".join(i.value for i in at.info)
    assert "Ny fil:" in preview and "Utslippsregnskap_Hol.xlsx" in preview
    assert "ingen utsleppsdata ligg inne" in preview
    assert not (empty_cache / "emissions").exists()  # nothing written before the confirmation

    next(b for b in at.button if b.label == "Importer og byt ut").click()
    at.run()
    assert not at.exception
    assert (empty_cache / "emissions" / "data.csv").exists()
    assert "Importerte klimagassutslepp" in at.success[0].value
    assert len(at.get("plotly_chart")) == 4  # Hol's charts, straight after the import
    assert len(at.get("file_uploader")) == 1 and not at.file_uploader[0].value  # the uploader is cleared


def test_upload_of_a_different_release_says_what_is_replaced(
    data_cache: Path, tmp_path: Path, editor_token: str
) -> None:
    rows = detail_rows(HOL, HOL_WEIGHT, (*YEARS, 2017))
    newer = write_format_a(tmp_path / "Utslippsregnskap_Hol.xlsx", "Hol", rows)
    at = run_page(token=editor_token)
    at.file_uploader[0].set_value((newer.name, newer.read_bytes(), XLSX))
    at.run()
    preview = " ".join(i.value for i in at.info)
    assert "heile serien" in preview
    assert "Flå" in preview  # the municipalities that would disappear are named


def outside_code_spans(text: str) -> str:
    return re.sub(r"`[^`\n]*`", "", text)


@pytest.mark.parametrize(
    "evil_name",
    [
        "[Offisiell kjelde](evil.example) ![b](evil.example).xlsx",
        "a` [Offisiell kjelde](evil.example) `b.xlsx",
        # issue 12, item 2: the name that became a live link and a remote image
        "[Offisiell kjelde](https:evil.example) ![x](https:evil.example).xlsx",
    ],
)
def test_an_uploaded_file_name_is_never_rendered_as_a_link_or_image(
    empty_cache: Path, tmp_path: Path, evil_name: str, editor_token: str
) -> None:
    hol = write_format_a(tmp_path / "Utslippsregnskap_Hol.xlsx", "Hol", detail_rows(HOL, HOL_WEIGHT))
    at = run_page(HOL, token=editor_token)
    at.file_uploader[0].set_value((evil_name, hol.read_bytes(), XLSX))
    at.run()
    preview = " ".join(i.value for i in at.info)
    assert "Offisiell kjelde" in preview
    assert "](" not in outside_code_spans(preview)

    next(b for b in at.button if b.label == "Importer og byt ut").click()
    at.run()
    assert not at.exception
    success = at.success[0].value
    assert "Offisiell kjelde" in success and "](" not in outside_code_spans(success)
    captions = " ".join(c.value for c in at.caption)
    assert "Offisiell kjelde" in captions  # the source line names the file ...
    assert "](" not in outside_code_spans(captions)  # ... as text


# ------------------------------------------------------------------------------------------- builders


def handed(indicator_id: str, region: str) -> tuple[str, pd.DataFrame, list]:
    """What the page hands a builder: the region, the indicator's frame for it and its sources."""
    spec = get_indicator(indicator_id)
    return region, spec.compute(region=region), manifests(spec.datasets)


def test_goal_chart_path_and_data(imported: Path, rows: dict[str, list[tuple]]) -> None:
    chart = ec.goal_chart(*handed("emissions_total", HOL), goal=plan_goal())
    base = total(rows[HOL], YEARS[0])
    path = chart.data[chart.data["series"] == "target_path"].set_index("period")["value"]
    assert path[2009] == pytest.approx(base)
    assert path[2025] == pytest.approx(base * 0.75)
    assert list(path.index) == list(range(2009, 2026))  # the target path is yearly; it is not data
    observed = chart.data[chart.data["series"] == "emissions"].set_index("period")["value"]
    assert list(observed.index) == list(YEARS)
    assert observed[LATEST] == pytest.approx(total(rows[HOL], LATEST))
    assert "høgare" in chart.figure.layout.title.text
    assert "Kjelde: Miljødirektoratet" in chart.figure.layout.annotations[0].text


def test_goal_chart_without_the_baseline_year(empty_cache: Path) -> None:
    import_all(empty_cache, all_rows({HOL: YEARS[1:]}))
    chart = ec.goal_chart(*handed("emissions_total", HOL), goal=plan_goal())
    # Statistics Canada's method: without a 2009 value, the base is the next year with one (2011 here)
    assert "enn i 2011 (2009 manglar)" in chart.figure.layout.title.text.replace("<br>", " ")
    path = chart.data[chart.data["series"] == "target_path"]
    assert path["period"].min() == 2011
    hallingdal = ec.goal_chart(*handed("emissions_total", HALLINGDAL), goal=plan_goal())
    # 2009 lacks Hol, so Hallingdal has no sum that year: a missing mark, not a bar of zero
    values = hallingdal.data[hallingdal.data["series"] == "emissions"].set_index("period")["value"]
    assert pd.isna(values[2009])
    assert any(a.text == ec.MISSING_MARK and a.x == 2009 for a in hallingdal.figure.layout.annotations)


def test_sector_chart_stacks_to_the_total(imported: Path, rows: dict[str, list[tuple]]) -> None:
    chart = ec.sector_chart(*handed("emissions_by_sector", HALLINGDAL))
    in_latest = sum(trace.y[list(trace.x).index(LATEST)] for trace in chart.figure.data)
    assert in_latest == pytest.approx(sum(total(r, LATEST) for r in rows.values()))
    assert len(chart.figure.data) == 10
    assert {t.name for t in chart.figure.data} == set(ec.SECTOR_COLOURS)
    with pytest.raises(ValueError):
        ec.sector_chart(*handed("emissions_by_sector", HALLINGDAL), measure="tull")


def test_influence_chart_splits_by_the_sectors_outside_municipal_reach(
    imported: Path, rows: dict[str, list[tuple]]
) -> None:
    chart = ec.influence_chart(*handed("emissions_by_influence", HOL))
    outside = total(rows[HOL], LATEST, OUTSIDE_SECTORS)
    everything = total(rows[HOL], LATEST)
    by_name = {t.name: dict(zip(t.x, t.y, strict=True)) for t in chart.figure.data}
    assert by_name["For det meste utanfor kommunal påverknad"][LATEST] == pytest.approx(outside)
    assert by_name["I stor grad innanfor kommunal påverknad"][LATEST] == pytest.approx(everything - outside)
    share = format_percent((everything - outside) / everything, 0)
    assert chart.figure.layout.title.text.replace("<br>", " ").startswith(f"{share} av utsleppa i Hol")


def test_per_resident_chart(imported: Path, rows: dict[str, list[tuple]]) -> None:
    chart = ec.per_resident_chart(
        HALLINGDAL, emissions.per_resident(emissions.emissions_total(HALLINGDAL), population_total()),
        manifests([emissions.DATASET, "population"]),
    )
    population = population_total(HALLINGDAL).set_index("period")["value"]
    values = chart.data.set_index("period")["value"]
    for year in YEARS:
        assert values[year] == pytest.approx(sum(total(r, year) for r in rows.values()) / population[year])


def test_full_year_estimate() -> None:
    totals = pd.DataFrame({"region_code": [HALLINGDAL, HALLINGDAL], "period": [2015, 2016], "value": [900.0, 1000.0]})
    population = pd.DataFrame({"region_code": [HALLINGDAL] * 2, "period": [2015, 2016], "value": [90.0, 100.0]})
    estimate = emissions.full_year_estimate(totals, population, guest_days_per_year=36_500)
    assert estimate is not None
    assert (estimate.period, estimate.equivalents, estimate.per_equivalent) == (2016, 200.0, 5.0)
    assert emissions.full_year_estimate(totals, population, 36_500, region=HOL) is None  # the estimate is regional
    assert emissions.full_year_estimate(totals, population[population["period"] == 2014], 36_500) is None


def test_municipality_change_chart(imported: Path, rows: dict[str, list[tuple]]) -> None:
    goal = plan_goal()
    table = municipality_goals(evaluate_goal(goal, m.code) for m in MUNICIPALITIES)
    chart = ec.municipality_change_chart(goal, table, manifests([emissions.DATASET]))
    assert "i 5 av 6 kommunar" in chart.figure.layout.title.text
    hol = chart.data.set_index("region_code").loc[HOL]
    assert hol["change_ratio"] == pytest.approx(total(rows[HOL], LATEST) / total(rows[HOL], 2009) - 1)
    assert hol["status"] == "deterioration"


# ------------------------------------------------------------------------------------------- hostile files (issue 12)

EVIL_SECTOR = '<a href="https://evil.example/">Jordbruk</a>'


def test_a_sector_name_from_the_file_never_becomes_a_link_in_a_figure(empty_cache: Path) -> None:
    rows = {code: [(r[0], EVIL_SECTOR if r[1] == "Jordbruk" else r[1], *r[2:]) for r in detail]
            for code, detail in all_rows().items()}
    import_all(empty_cache, rows)
    at = run_page()
    assert not at.exception
    figures = " ".join(c.proto.spec for c in at.get("plotly_chart"))
    assert "evil.example" in figures  # the name is shown …
    assert "<a href" not in figures  # … but never as markup plotly would turn into a link
    assert "&lt;a href=" in figures
    chart = ec.sector_chart(*handed("emissions_by_sector", HALLINGDAL))
    names = {trace.name for trace in chart.figure.data}
    assert "&lt;a href=&quot;https://evil.example/&quot;&gt;Jordbruk&lt;/a&gt;" in names or (
        '&lt;a href="https://evil.example/"&gt;Jordbruk&lt;/a&gt;' in names
    )
    assert all("%{fullData.name}" in trace.hovertemplate for trace in chart.figure.data)


def test_an_implausible_upload_is_refused_with_its_numbers(data_cache: Path, tmp_path: Path, editor_token: str) -> None:
    """Issue 12, item 1: the capital's figures relabelled as Hol (about 200 t per resident) replace nothing."""
    before = snapshot(data_cache)
    relabelled = write_format_a(tmp_path / "Utslippsregnskap_Hol.xlsx", "Hol", detail_rows(HOL, 500))
    at = run_page(token=editor_token)
    at.file_uploader[0].set_value((relabelled.name, relabelled.read_bytes(), XLSX))
    at.run()
    assert not at.exception
    error = at.error[0].value
    assert "ikkje rimelege" in error
    assert "tonn per innbyggjar" in error
    assert "ingenting er endra" in error
    assert not [b for b in at.button if b.label == "Importer og byt ut"]
    assert snapshot(data_cache) == before


def test_a_malformed_upload_gives_a_nynorsk_message(data_cache: Path, tmp_path: Path, editor_token: str) -> None:
    """Issue 12, item 4: a truncated sheet inside a valid zip is a Nynorsk refusal, not Streamlit's error box."""
    import zipfile

    good = write_format_a(tmp_path / "hol.xlsx", "Hol", detail_rows(HOL, HOL_WEIGHT))
    broken = tmp_path / "Utslippsregnskap_Hol.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, data[: len(data) // 2] if item.filename.startswith("xl/worksheets/") else data)
    at = run_page(token=editor_token)
    at.file_uploader[0].set_value((broken.name, broken.read_bytes(), XLSX))
    at.run()
    assert not at.exception
    error = at.error[0].value
    assert "kan ikkje lesast som ei Excel-fil" in error
    assert "Error" not in error
