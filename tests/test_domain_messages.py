"""Domain messages in the reader's language (issue 21): the domain raises errors carrying a message (an
`i18n.Message`: the Nynorsk msgid and its parameters) and the text is worded where it is shown, so a database that
cannot be read, a file the CSV import refuses or a chart image that cannot be made reads in Bokmål or English when
that is the language of the page or command, also when the error was made while another language was active."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from indicators import i18n
from indicators.goals import load_plan
from indicators.plan_state import read_state
from indicators.present import images
from indicators.regions import active_region
from indicators.tidy_csv import TidyCsvError, read_tidy_csv
from tests import written_once
from tests.languages import in_each_language

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def missing_database(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'ingen' / 'followup.sqlite3'}")


def test_a_database_that_is_not_there_reads_in_the_language_that_shows_it(missing_database):
    with i18n.use("en"):  # read while English was active: the message is worded later, where it is shown
        state = read_state(load_plan(active_region().plan_file("goals.toml")), region=active_region())
    assert not state.available
    shown = in_each_language(state.problem)
    assert shown["nn"] == "databasen er ikkje oppretta enno (køyr `python -m indicators db upgrade`)"
    assert shown["nb"] == "databasen er ikke opprettet ennå (kjør `python -m indicators db upgrade`)"
    assert shown["en"] == "the database has not been created yet (run `python -m indicators db upgrade`)"


def test_oversikt_in_english_says_why_the_database_cannot_be_read_in_english(missing_database):
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)  # Oversikt, the first page
    at.query_params["lang"] = "en"  # as a link with ?lang=en (streamlit_app.py makes it the run's language)
    at.run()
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "the database has not been created yet" in warnings
    assert "ikkje" not in warnings and "oppretta" not in warnings


def test_the_csv_import_refuses_in_the_active_language(tmp_path):
    region = active_region()
    first = region.member_codes[0]
    file = tmp_path / "folketal.csv"
    file.write_text(f"region_code,period,value,sex,age\n{first},2024,10,total,30\n", encoding="utf-8")
    with pytest.raises(TidyCsvError) as refused:
        read_tidy_csv(file, "population")
    shown = in_each_language(refused.value)
    members = len(region.member_codes)
    assert shown["nn"].startswith("folketal.csv: manglar tal for ")
    assert shown["nn"].endswith(f"må ha alle dei {_nn_word(members)} kommunane.")
    assert shown["en"].startswith("folketal.csv: has no figures for ")
    assert shown["en"].endswith(f"the file must have all {_word('en', members)} municipalities.")
    assert shown["nb"].endswith(f"filen må ha alle de {_word('nb', members)} kommunene.")
    with i18n.use("en"), pytest.raises(TidyCsvError, match=r"^The file .*ingen\.csv was not found\.$"):
        read_tidy_csv(tmp_path / "ingen.csv", "population")


def _nn_word(count: int) -> str:
    from indicators.formatting import count_words

    return count_words(count)


def _word(language: str, count: int) -> str:
    from indicators.present.texts import common

    with i18n.use(language):
        return common.NUMBER_WORDS[count]


def test_chart_image_errors_read_in_the_active_language():
    with pytest.raises(ValueError) as refused:
        images.render_image({"data": [], "layout": {}}, "gif")  # type: ignore[arg-type]
    shown = in_each_language(refused.value)
    assert shown["nn"] == "Ukjend biletformat «gif»: bruk png eller svg."
    assert shown["nb"] == "Ukjent bildeformat «gif»: bruk png eller svg."
    assert shown["en"] == "Unknown image format «gif»: use png or svg."


def test_part_time_inputs_are_refused_in_the_active_language():
    from indicators.part_time import PartTimeInputError, parse_whole_number

    shown = {}
    for language in i18n.LANGUAGES:
        with i18n.use(language), pytest.raises(PartTimeInputError) as refused:
            parse_whole_number("tusen", "Fråtrekk ekstern arbeidskraft")
        shown[language] = str(refused.value)
    assert shown["nn"] == "«Fråtrekk ekstern arbeidskraft» må vere eit heilt tal personar, t.d. 46 724 (fekk «tusen»)."
    assert shown["nb"] == ("«Fråtrekk ekstern arbeidskraft» må være et helt antall personer, f.eks. 46 724 "
                           "(fikk «tusen»).")
    assert shown["en"] == ("«Fråtrekk ekstern arbeidskraft» must be a whole number of people, e.g. 46 724 "
                           "(got «tusen»).")  # the plan's own words for the line stay as the plan wrote them


def _damaged_cache() -> Path:
    """A copy of the cache whose population data no longer matches its manifest's checksum: made once per test
    process (tests/written_once.py) for the tests here, which only read it."""
    def damage(copy: Path) -> None:
        import shutil

        import pandas as pd

        from indicators import cache

        shutil.copytree(ROOT / "data_cache", copy, dirs_exist_ok=True)
        data = copy / "population" / cache.PARQUET_FILE
        frame = pd.read_parquet(data)
        frame.loc[frame.index[frame["period"] == frame["period"].max()][0], "period"] = frame["period"].max() + 1
        frame.to_parquet(data, index=False)

    return written_once.read_only("damaged-population-cache", damage)


def test_a_damaged_dataset_reads_in_the_language_that_shows_it():
    from indicators import cache

    copy = _damaged_cache()
    with i18n.use("nb"), pytest.raises(cache.CacheError) as damaged:
        cache.verify_dataset("population", copy)
    shown = in_each_language(damaged.value)
    assert shown["nn"] == (
        "Datasettet «population» er skadd: data.parquet stemmer ikkje med kontrollsummen i manifest.json (fila er "
        "endra etter at ho vart lagra). Køyr `python -m indicators refresh population` (eller importer fila på "
        "nytt), eller hent data_cache/population frå git på nytt.")
    assert shown["nb"].startswith("Datasettet «population» er skadet: data.parquet stemmer ikke med kontrollsummen")
    assert shown["en"] == (
        "The dataset «population» is damaged: data.parquet does not match the checksum in manifest.json (the file "
        "was changed after it was saved). Run `python -m indicators refresh population` (or import the file again), "
        "or fetch data_cache/population from git again.")
    assert cache.dataset_problems(copy)["population"] == shown["nn"]  # status: the region's language, Nynorsk
    with pytest.raises(cache.CacheError) as missing:
        cache.read_dataset("ingen", copy)
    assert str(missing.value).startswith("Datasettet «ingen» finst ikkje i ")
    with i18n.use("en"):
        assert str(missing.value).startswith("The dataset «ingen» is not in ")


def test_error_descriptions_inside_a_sentence_follow_its_language(tmp_path):
    import tomllib

    from indicators.errors import error_message

    missing = FileNotFoundError(2, "No such file or directory", "/data/x/data.csv")
    assert in_each_language(error_message(missing)) == {
        "nn": "/data/x/data.csv: finst ikkje", "nb": "/data/x/data.csv: finnes ikke",
        "en": "/data/x/data.csv: does not exist"}
    try:
        tomllib.loads("a = \n")
    except tomllib.TOMLDecodeError as exc:
        toml = error_message(exc)
    assert in_each_language(toml) == {
        "nn": "ikkje gyldig TOML (linje 1, kolonne 5: ugyldig verdi (manglar hermeteikn rundt ein tekst?))",
        "nb": "ikke gyldig TOML (linje 1, kolonne 5: ugyldig verdi (mangler anførselstegn rundt en tekst?))",
        "en": "not valid TOML (line 1, column 5: invalid value (quotation marks missing around a text?))"}
    assert in_each_language(error_message(KeyError(("3320", 2031))))["en"] == "«3320, 2031» is missing"


def test_the_board_in_english_says_a_dataset_is_damaged_in_english(monkeypatch):
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(_damaged_cache()))
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    at.query_params["lang"] = "en"
    at.query_params["area"] = "attraktivitet"  # the working-age goal's area
    at.run()
    assert not at.exception
    shown = " ".join(m.value for m in at.markdown)
    assert "does not match the checksum" in shown
    assert "kontrollsummen" not in shown and "skadd" not in shown and "skadet" not in shown


def test_plan_file_errors_read_in_the_language_that_shows_them(tmp_path):
    from indicators import plan_files
    from indicators.goals import GoalFileError, load_plan

    broken = tmp_path / "goals.toml"
    broken.write_text("[[goals]]\nid = \n", encoding="utf-8")
    with i18n.use("en"), pytest.raises(GoalFileError) as refused:
        load_plan(broken)
    shown = in_each_language(refused.value)
    assert shown["nn"].startswith("Målfila goals.toml er ikkje gyldig TOML (linje 2, kolonne 6: ugyldig verdi")
    assert shown["nn"].endswith("tal og diagram som ikkje treng målfila, blir vist som vanleg.")
    assert shown["nb"].startswith("Målfilen goals.toml er ikke gyldig TOML (linje 2, kolonne 6: ugyldig verdi")
    assert shown["en"].startswith("The goals file goals.toml is not valid TOML (line 2, column 6: invalid value")
    assert "Correct the error in " in shown["en"] and "ikkje" not in shown["en"]
    with i18n.use("en"):
        assert plan_files.explain(refused.value) == shown["en"]
        missing = str(plan_files.missing_file_message(tmp_path / "actions.csv"))
    assert missing.startswith("Cannot find the actions file (the action programme) actions.csv (")


def test_a_goal_or_action_problem_reads_in_the_language_that_shows_it(tmp_path):
    from indicators.goals import load_plan
    from indicators.plan_actions import load_actions

    plan = load_plan(active_region().plan_file("goals.toml"))
    goals = tmp_path / "goals.toml"
    goals.write_text(active_region().plan_file("goals.toml").read_text(encoding="utf-8")
                     + '\n[[goals]]\nid = "nytt"\nkind = "galen"\n', encoding="utf-8")
    problem = next(p for p in load_plan(goals).problems if p.goal_id == "nytt")
    shown = in_each_language(problem)
    assert shown["nn"] == "goals.toml, mål «nytt»: «kind» må vere «indicator» eller «qualitative», fekk 'galen'"
    assert shown["nb"] == "goals.toml, mål «nytt»: «kind» må være «indicator» eller «qualitative», fikk 'galen'"
    assert shown["en"] == "goals.toml, goal «nytt»: «kind» must be «indicator» or «qualitative», got 'galen'"
    area = plan.areas[0].id
    actions = tmp_path / "actions.csv"
    actions.write_text(f"number,area,text,status,time\n1,{area},Eit tiltak,not_assessed,2030-2020\n", encoding="utf-8")
    row = load_actions(actions, areas=plan.area_names).problems[0]
    assert in_each_language(row) == {
        "nn": "actions.csv, rad 2 (tiltak 1): ugyldig tid «2030-2020»: sluttåret ligg før startåret",
        "nb": "actions.csv, rad 2 (tiltak 1): ugyldig tid «2030-2020»: sluttåret ligger før startåret",
        "en": "actions.csv, row 2 (action 1): invalid time «2030-2020»: the end year is before the start year"}


def test_region_file_problems_read_in_the_language_that_shows_them(tmp_path):
    from indicators.regions import RegionFileError, load_region

    region_file = tmp_path / "region.toml"
    region_file.write_text('id = "x"\nname = "X"\n', encoding="utf-8")
    with pytest.raises(RegionFileError) as refused:
        load_region(region_file)
    shown = in_each_language(refused.value)
    assert shown["nn"].startswith("Regionfila region.toml: manglar kommunar ([[members]]). Rett feilen i ")
    assert shown["nb"].startswith("Regionfilen region.toml: mangler kommuner ([[members]]). Rett feilen i ")
    assert shown["en"].startswith("The region file region.toml: no municipalities ([[members]]). Correct the error ")
    assert shown["en"].endswith("The dashboard needs the region file to show anything at all.")


def test_the_emissions_import_refuses_in_the_language_that_shows_it(tmp_path):
    from indicators.sources.miljodirektoratet import EmissionsImportError, read_emissions_workbook

    not_excel = tmp_path / "utslepp.xlsx"
    not_excel.write_text("ikkje ei Excel-fil", encoding="utf-8")
    with i18n.use("en"), pytest.raises(EmissionsImportError) as refused:
        read_emissions_workbook(not_excel)
    shown = in_each_language(refused.value)
    assert shown["nn"].startswith("Fila `utslepp.xlsx` kan ikkje lesast som ei Excel-fil (.xlsx): ho er skadd eller "
                                  "avkorta. Last ned Excel-fila frå https://")
    assert shown["nb"].startswith("Filen `utslepp.xlsx` kan ikke leses som en Excel-fil (.xlsx): den er skadet")
    assert shown["en"].startswith("The file `utslepp.xlsx` cannot be read as an Excel file (.xlsx): it is damaged or "
                                  "truncated. Download the Excel file from https://")
    with pytest.raises(EmissionsImportError) as missing:
        read_emissions_workbook(tmp_path / "ingen.xlsx")
    assert in_each_language(missing.value)["en"] == "Cannot find the file `" + str(tmp_path / "ingen.xlsx") + "`."


def test_follow_up_refusals_read_in_the_language_that_shows_them():
    import sqlite3

    from indicators.followup.errors import database_problem
    from indicators.followup.municipal_parts import UnknownMunicipalityError, member_code

    busy = database_problem(sqlite3.OperationalError("database is locked"), 5)
    assert in_each_language(busy) == {
        "nn": "Databasen er oppteken av ei anna skriving (venta 5 sekund). Ingenting er lagra. Prøv igjen om litt; "
              "det du skreiv, står att.",
        "nb": "Databasen er opptatt med en annen skriving (ventet 5 sekunder). Ingenting er lagret. Prøv igjen om "
              "litt; det du skrev, står igjen.",
        "en": "The database is busy with another write (waited 5 seconds). Nothing was saved. Try again in a moment; "
              "what you wrote is still there."}
    region = active_region()
    with i18n.use("nb"), pytest.raises(UnknownMunicipalityError) as refused:
        member_code(region, "9999")
    shown = in_each_language(refused.value)
    assert shown["nn"].startswith(f"Ukjend kommunenummer «9999». Kommunane i {region.name}: ")
    assert shown["nb"].startswith(f"Ukjent kommunenummer «9999». Kommunene i {region.name}: ")
    assert shown["en"].startswith(f"Unknown municipality number «9999». The municipalities in {region.name}: ")
