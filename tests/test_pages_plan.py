"""AppTest for the pages Handlingsprogram and Deltidsinnbyggjarar (the population figure is the snapshot's)."""

from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from indicators.formatting import format_number
from indicators.present.texts import part_time as part_time_words
from tests.apptest_harness import key_figure_values

TIMEOUT = 60
ROOT = Path(__file__).resolve().parent.parent


def run_page(path: str, **query: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / path), default_timeout=TIMEOUT)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def shown_count(at: AppTest) -> str:
    return next(h.value for h in at.subheader if h.value.startswith("Viser "))


# --- Handlingsprogram -------------------------------------------------------------------------------------

def test_actions_page_shows_all_items():
    at = run_page("pages/handlingsprogram.py")
    assert not at.exception
    assert at.title[0].value == "Handlingsprogram"
    assert shown_count(at) == "Viser 61 av 61 tiltak"
    assert len(at.dataframe[0].value) == 61
    assert {label.split(" ", 1)[1]: value for label, value in key_figure_values(at).items()}["Ikkje vurdert"] == "61"
    assert [b.proto.label for b in at.get("download_button")] == [
        "Last ned tabellen (CSV)", "CSV for Excel", "Last ned tabellen (Excel)",
        "Last ned kommunedelane (CSV for Excel)",  # the municipalities' parts (issue 22)
    ]


def test_actions_page_names_the_plan_and_says_a_member_shares_the_whole_programme():
    from indicators.regions import active_region

    region = active_region()
    member = region.members[0]
    at = AppTest.from_file(str(ROOT / "pages/handlingsprogram.py"), default_timeout=TIMEOUT)
    at.session_state["url_region"] = member.code
    at.run()
    assert not at.exception
    lines = [line for c in at.caption for line in c.value.split("  \n")]
    assert f"Handlingsprogrammet gjeld heile {region.name}, ikkje berre {member.name}." in lines
    assert any(line.startswith(f"Handlingsprogrammet i {region.plan.title}:") for line in lines)


def test_actions_area_filter_from_the_link():
    at = run_page("pages/handlingsprogram.py", actions_area="klima")
    assert not at.exception
    assert shown_count(at) == "Viser 12 av 61 tiltak"  # items 30–41 in the plan
    assert set(at.dataframe[0].value["Innsatsområde"]) == {"Klima og miljø"}


def test_actions_year_and_responsible_filters_change_the_count():
    at = run_page("pages/handlingsprogram.py")
    at.selectbox(key="url_actions_year").select("2023").run()
    assert not at.exception
    count_2023 = len(at.dataframe[0].value)
    assert shown_count(at) == f"Viser {count_2023} av 61 tiltak"
    assert 0 < count_2023 < 61
    assert "Årleg" in set(at.dataframe[0].value["Tid"])  # annual items are due in 2023 too
    at.selectbox(key="url_actions_responsible").select("IKT").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["Nr."]) == [61]  # the only IKT item due in 2023
    assert at.query_params["actions_year"] == "2023"


def test_actions_free_text_search():
    at = run_page("pages/handlingsprogram.py")
    at.text_input(key="actions_search").input("Ringeriksbanen").run()
    assert not at.exception
    assert shown_count(at) == "Viser 1 av 61 tiltak"
    assert list(at.dataframe[0].value["Nr."]) == [21]


def test_actions_search_lives_in_the_link():
    at = run_page("pages/handlingsprogram.py")
    at.text_input(key="actions_search").input("Ringeriksbanen").run()
    assert at.query_params["actions_search"] == "Ringeriksbanen"
    again = run_page("pages/handlingsprogram.py", **dict(at.query_params))
    assert not again.exception
    assert shown_count(again) == "Viser 1 av 61 tiltak"
    assert again.text_input(key="actions_search").value == "Ringeriksbanen"
    again.text_input(key="actions_search").input("").run()
    assert "actions_search" not in again.query_params
    assert shown_count(again) == "Viser 61 av 61 tiltak"


def test_actions_page_says_so_when_nothing_matches():
    at = run_page("pages/handlingsprogram.py", actions_status="completed")
    assert not at.exception
    assert shown_count(at) == "Viser 0 av 61 tiltak"
    assert "Ingen tiltak" in at.info[0].value
    assert not at.get("download_button")


def test_unknown_filter_value_in_the_link_falls_back_to_all():
    at = run_page("pages/handlingsprogram.py", actions_area="turisme")
    assert not at.exception
    assert shown_count(at) == "Viser 61 av 61 tiltak"


# --- Deltidsinnbyggjarar ----------------------------------------------------------------------------------
# Sections (tabs, ui/sections.py): the comparison opens first; the form is «Rekn ut sjølv» (section=… in a link).
COMPARISON, CALCULATION = part_time_words.SECTION_COMPARISON, part_time_words.SECTION_CALCULATION


def chart_spec(at: AppTest) -> dict:
    return json.loads(at.get("plotly_chart")[0].proto.spec)


def metrics(at: AppTest) -> dict[str, str]:
    return key_figure_values(at)


def open_section(at: AppTest, label: str) -> AppTest:
    """Click another tab in the same session (AppTest has no tab click: the open tab is the tabs' state)."""
    at.query_params.pop("section", None)
    at.session_state["section"] = label
    return at.run()


def test_part_time_page_shows_the_plans_numbers():
    at = run_page("pages/deltidsinnbyggjarar.py")
    assert not at.exception
    assert at.title[0].value == "Deltidsinnbyggjarar"
    shown = metrics(at)
    assert shown["Gjestedøgn snitt pr. døgn"] == format_number(26_527)
    assert shown["Gjestedøgn pr. år"] == format_number(9_682_355)
    population_label = next(label for label in shown if label.startswith("Registrert folketal 1. januar"))
    registered = int(shown[population_label].replace("\u00a0", ""))
    assert 15_000 < registered < 30_000
    assert shown["Heilårsekvivalentar (anslag)"] == format_number(registered + 26_527)
    assert any("anslag" in c.value and "teledata" in c.value for c in at.caption)
    assert len(at.get("plotly_chart")) == 1
    at = run_page("pages/deltidsinnbyggjarar.py", section=CALCULATION)
    assert not at.exception
    table = at.table[0].value
    assert table["Personar"].tolist()[-2:] == [format_number(26_527), format_number(9_682_355)]


def test_part_time_inputs_are_shown_as_norwegian_numbers():
    at = run_page("pages/deltidsinnbyggjarar.py")
    figure = chart_spec(at)
    assert "26\u00a0527" in figure["layout"]["title"]["text"]
    assert "føresetnadene i Strategisk plan" in figure["layout"]["annotations"][0]["text"].replace("<br>", " ")
    at = run_page("pages/deltidsinnbyggjarar.py", section=CALCULATION)
    assert at.text_input(key="part_time_average_persons_per_day").value == format_number(46_724)
    assert at.text_input(key="part_time_uncounted_sim_percent").value == "6"


def test_part_time_edits_change_the_result_and_reset_restores_the_plan():
    at = run_page("pages/deltidsinnbyggjarar.py", section=CALCULATION)
    at.text_input(key="part_time_day_tourists").input("3000").run()
    assert not at.exception
    assert at.text_input(key="part_time_day_tourists").value == format_number(3_000)  # tidied after the edit
    assert at.table[0].value["Personar"].tolist()[-2] == format_number(26_527 - 2_000)
    # the comparison follows what was typed after the form's tab is left (its fields are not drawn there) …
    open_section(at, COMPARISON)
    assert not at.exception and not at.text_input
    assert metrics(at)["Gjestedøgn snitt pr. døgn"] == format_number(26_527 - 2_000)
    assert "endra frå planen" in chart_spec(at)["layout"]["annotations"][0]["text"]  # not passed off as the plan's
    # … and the form shows it again on return
    open_section(at, CALCULATION)
    assert at.text_input(key="part_time_day_tourists").value == format_number(3_000)
    at.text_input(key="part_time_uncounted_sim_percent").input("0").run()
    assert at.table[0].value["Personar"].tolist()[-2] == format_number(26_527 - 2_000 - 2_803)
    at.text_input(key="part_time_uncounted_sim_percent").input("6,5 %").run()
    # 46 724 × 6,5 % = 3 037,06 -> 3 037 persons
    assert open_section(at, COMPARISON) and metrics(at)["Gjestedøgn snitt pr. døgn"] == format_number(
        46_724 + 3_037 - 20_000 - 1_000 - 1_000 - 3_000)
    open_section(at, CALCULATION)
    at.button(key="part_time_reset").click().run()
    assert at.text_input(key="part_time_day_tourists").value == format_number(1_000)
    open_section(at, COMPARISON)
    assert metrics(at)["Gjestedøgn pr. år"] == format_number(9_682_355)


def test_part_time_impossible_inputs_show_a_nynorsk_error():
    at = run_page("pages/deltidsinnbyggjarar.py", section=CALCULATION)
    at.text_input(key="part_time_registered_residents").input("60 000").run()
    assert not at.exception
    assert "Fråtrekka" in at.error[0].value
    open_section(at, COMPARISON)
    assert "Fråtrekka" in at.error[0].value
    assert "Gjestedøgn pr. år" not in metrics(at)


def test_part_time_text_that_is_not_a_number_is_named_in_the_error():
    at = run_page("pages/deltidsinnbyggjarar.py", section=CALCULATION)
    at.text_input(key="part_time_external_workforce").input("tusen").run()
    at.text_input(key="part_time_uncounted_sim_percent").input("6.5.1").run()
    assert not at.exception
    message = at.error[0].value
    assert "«Fråtrekk ekstern arbeidskraft» må vere eit heilt tal" in message and "«tusen»" in message
    assert "i prosent" in message
    open_section(at, COMPARISON)
    assert at.error[0].value == message
    assert not at.get("plotly_chart")


def test_part_time_for_a_municipality_says_the_estimate_is_for_hallingdal():
    at = AppTest.from_file(str(ROOT / "pages/deltidsinnbyggjarar.py"), default_timeout=TIMEOUT)
    at.session_state["url_region"] = "3326"
    at.run()
    assert not at.exception
    assert "Hallingdal samla" in at.info[0].value
    assert metrics(at)["Gjestedøgn snitt pr. døgn"] == format_number(26_527)


def test_an_old_link_to_achieved_actions_opens_the_completed_ones():
    """«Nådd» is the goals' word: a link from before the action statuses opens «Gjennomført» (issue 18 §4)."""
    at = run_page("pages/handlingsprogram.py", actions_status="achieved")
    assert not at.exception
    assert at.query_params["actions_status"] == "completed"
    assert shown_count(at) == "Viser 0 av 61 tiltak"
