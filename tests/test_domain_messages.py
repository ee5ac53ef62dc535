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

ROOT = Path(__file__).resolve().parent.parent


def _in_each_language(value: object) -> dict[str, str]:
    shown = {}
    for language in i18n.LANGUAGES:
        with i18n.use(language):
            shown[language] = str(value)
    return shown


@pytest.fixture
def missing_database(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'ingen' / 'followup.sqlite3'}")


def test_a_database_that_is_not_there_reads_in_the_language_that_shows_it(missing_database):
    with i18n.use("en"):  # read while English was active: the message is worded later, where it is shown
        state = read_state(load_plan(active_region().plan_file("goals.toml")), region=active_region())
    assert not state.available
    shown = _in_each_language(state.problem)
    assert shown["nn"] == "databasen er ikkje oppretta enno (køyr `python -m indicators db upgrade`)"
    assert shown["nb"] == "databasen er ikke opprettet ennå (kjør `python -m indicators db upgrade`)"
    assert shown["en"] == "the database has not been created yet (run `python -m indicators db upgrade`)"


def test_oversikt_in_english_says_why_the_database_cannot_be_read_in_english(missing_database):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)  # Oversikt, the first page
    at.query_params["lang"] = "en"  # as a link with ?lang=en (dashboard.py makes it the run's language)
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
    shown = _in_each_language(refused.value)
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
    shown = _in_each_language(refused.value)
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
