"""Part-time residents: the plan's teledata table reproduced, edits, validation and full-year equivalents."""

from __future__ import annotations

import dataclasses

import pytest

from indicators import i18n
from indicators.part_time import (
    PartTimeFileError,
    PartTimeInputError,
    PartTimeInputs,
    calculate,
    format_count_input,
    full_year_equivalents,
    parse_percent,
    parse_whole_number,
    plan_defaults,
    plan_guest_days_per_year,
)
from indicators.present import texts
from indicators.present.part_time_charts import summary_table
from indicators.present.texts import part_time as part_time_texts

# The plan's table under «Deltidsinnbyggjaren», as printed in the plan.
PLAN_TABLE = [
    ("Snitt innb. pr. dag, totalt", 46_724),
    ("Pluss 6 % (utan mobil, avvik for SIM-kort)", 2_803),
    ("Fråtrekk innb. Hallingdal", -20_000),
    ("Fråtrekk ekstern arbeidskraft", -1_000),
    ("Fråtrekk gjennomgangstrafikk", -1_000),
    ("Fråtrekk dagsturisme", -1_000),
    ("Gjestedøgn snitt pr. døgn", 26_527),
    ("Gjestedøgn pr. år", 9_682_355),
]


def inputs(**changes) -> PartTimeInputs:
    base = PartTimeInputs(
        average_persons_per_day=1000, uncounted_sim_share=0.1, registered_residents=500,
        external_workforce=10, through_traffic=20, day_tourists=30,
    )
    return dataclasses.replace(base, **changes)


def test_plan_defaults_reproduce_the_plans_table():
    result = calculate(plan_defaults())
    assert result.table_rows() == PLAN_TABLE
    assert (result.uncounted_sim, result.guest_days_per_day, result.guest_days_per_year) == (2_803, 26_527, 9_682_355)


def test_sim_addition_is_rounded_to_whole_persons_before_the_year_figure():
    # 1 005 × 5 % = 50,25 -> 50; 1 010 × 5 % = 50,5 -> 51 (half up)
    assert calculate(inputs(average_persons_per_day=1005, uncounted_sim_share=0.05)).uncounted_sim == 50
    assert calculate(inputs(average_persons_per_day=1010, uncounted_sim_share=0.05)).uncounted_sim == 51
    result = calculate(inputs())  # 1000 + 100 − 560 = 540 per day
    assert result.guest_days_per_day == 540
    assert result.guest_days_per_year == 540 * 365


def test_edits_change_the_result():
    plan = plan_defaults()
    fewer_tourists = calculate(dataclasses.replace(plan, day_tourists=2_000))
    assert fewer_tourists.guest_days_per_day == 26_527 - 1_000
    assert fewer_tourists.guest_days_per_year == (26_527 - 1_000) * 365
    more_uncounted = calculate(dataclasses.replace(plan, uncounted_sim_share=0.10))
    assert more_uncounted.uncounted_sim == 4_672  # 46 724 × 10 % = 4 672,4
    assert more_uncounted.table_rows()[1][0].startswith("Pluss 10 %")
    assert calculate(dataclasses.replace(plan, uncounted_sim_share=0.065)).table_rows()[1][0].startswith("Pluss 6,5 %")


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"day_tourists": -1}, "«Fråtrekk dagsturisme» kan ikkje vere under 0"),
        ({"average_persons_per_day": -5}, "«Snitt innb. pr. dag, totalt» kan ikkje vere under 0"),
        ({"through_traffic": 10.5}, "heilt tal"),
        ({"uncounted_sim_share": 1.2}, "mellom 0 og 100 %"),
        ({"uncounted_sim_share": -0.01}, "mellom 0 og 100 %"),
        ({"registered_residents": 5_000}, "Fråtrekka (5 060 personar) er større enn talet på personar med påslag"),
        ({"external_workforce": "mange"}, "må vere eit tal"),
    ],
)
def test_validation_messages(changes, fragment):
    with pytest.raises(PartTimeInputError) as info:
        calculate(inputs(**changes))
    assert fragment in str(info.value)


def test_all_problems_are_reported_together():
    with pytest.raises(PartTimeInputError) as info:
        calculate(inputs(day_tourists=-1, uncounted_sim_share=2.0))
    assert "dagsturisme" in str(info.value)
    assert "100 %" in str(info.value)


def test_defaults_file_is_validated(tmp_path):
    path = tmp_path / "part_time.toml"
    path.write_text("average_persons_per_day = 100\nuncounted_sim_share = 0.06\nbogus = 1\n", encoding="utf-8")
    with pytest.raises(PartTimeFileError) as info:
        plan_defaults(path)
    assert "ukjend nøkkel: bogus" in str(info.value)
    assert "manglar: registered_residents" in str(info.value)
    with pytest.raises(PartTimeFileError, match="Finn ikkje"):
        plan_defaults(tmp_path / "missing.toml")


def test_defaults_file_values_are_validated(tmp_path):
    path = tmp_path / "part_time.toml"
    path.write_text(
        "average_persons_per_day = 100\nuncounted_sim_share = 6\nregistered_residents = 0\n"
        "external_workforce = 0\nthrough_traffic = 0\nday_tourists = 0\n",
        encoding="utf-8",
    )
    with pytest.raises(PartTimeFileError, match="mellom 0 og 100 %"):
        plan_defaults(path)


def test_full_year_equivalents():
    assert full_year_equivalents(20_000, 365_000) == 21_000
    assert full_year_equivalents(21_623, 9_682_355) == pytest.approx(21_623 + 26_527)
    with pytest.raises(PartTimeInputError, match="under 0"):
        full_year_equivalents(-1, 100)
    with pytest.raises(PartTimeInputError, match="manglar"):
        full_year_equivalents(float("nan"), 100)


def test_full_year_equivalents_are_labelled_as_an_estimate():
    note = texts.fill(part_time_texts.FULL_YEAR_EQUIVALENT_NOTE)
    assert "anslag" in note
    assert "teledata" in note
    assert "365" in note
    assert "Strategisk plan for Hallingdal 2022–2025" in note  # the plan named from the region file


def test_summary_table():
    result = calculate(inputs())
    table = summary_table(result, 2_000, 2026)
    assert table["Post"].iloc[-1] == "Heilårsekvivalentar (anslag)"
    assert table["Verdi"].iloc[-1] == pytest.approx(2_000 + 540)
    assert table["Verdi"].iloc[-3] == 540 * 365


def test_plan_guest_days_per_year_uses_the_defaults_file(tmp_path):
    path = tmp_path / "part_time.toml"
    path.write_text(
        "average_persons_per_day = 1000\nuncounted_sim_share = 0.1\nregistered_residents = 500\n"
        "external_workforce = 10\nthrough_traffic = 20\nday_tourists = 30\n",
        encoding="utf-8",
    )
    assert plan_guest_days_per_year(path) == 540 * 365
    assert plan_guest_days_per_year() == 9_682_355


@pytest.mark.parametrize(("text", "expected"), [("46724", 46_724), ("46 724", 46_724), ("46\u00a0724", 46_724),
                                                ("  0 ", 0)])
def test_parse_whole_number_accepts_norwegian_grouping(text, expected):
    assert parse_whole_number(text, "Snitt") == expected
    assert parse_whole_number(format_count_input(expected), "Snitt") == expected  # what the field shows


@pytest.mark.parametrize(("language", "text", "expected"), [
    ("en", "46,724", 46_724), ("en", "1,046,724", 1_046_724), ("en", "46 724", 46_724), ("nb", "46 724", 46_724),
])
def test_parse_whole_number_reads_what_the_field_shows_in_each_language(language, text, expected):
    """In English the field shows '46,724' (the page in English once said every default was not a whole number)."""
    with i18n.use(language):
        assert parse_whole_number(text, "Snitt") == expected
        assert parse_whole_number(format_count_input(expected), "Snitt") == expected


@pytest.mark.parametrize(("language", "text"), [("en", "46,72"), ("en", "4,6724"), ("en", "46,724,5"),
                                                ("nn", "46,724"), ("nb", "46,724")])
def test_a_comma_is_a_thousands_separator_only_where_the_language_writes_one(language, text):
    with i18n.use(language), pytest.raises(PartTimeInputError):
        parse_whole_number(text, "Snitt")


@pytest.mark.parametrize(("text", "fragment"), [
    ("", "manglar eit tal"), ("-5", "under 0"), ("4,5", "heilt tal"), ("tusen", "«tusen»"), ("²", "heilt tal"),
    ("1" * 12, "heilt tal"),
])
def test_parse_whole_number_rejects_with_the_field_named(text, fragment):
    with pytest.raises(PartTimeInputError, match="«Snitt»") as caught:
        parse_whole_number(text, "Snitt")
    assert fragment in str(caught.value)


@pytest.mark.parametrize(("text", "share"), [("6", 0.06), ("6,5", 0.065), ("6.5", 0.065), ("6 %", 0.06),
                                             ("0", 0.0), ("5,1", 0.051)])
def test_parse_percent_gives_the_share(text, share):
    assert parse_percent(text, "Påslag") == share


@pytest.mark.parametrize("text", ["", "100", "150", "seks", "6,12345", "-1"])
def test_parse_percent_rejects(text):
    with pytest.raises(PartTimeInputError, match="«Påslag»"):
        parse_percent(text, "Påslag")


def test_a_parsed_share_gives_the_plans_rounding():
    """6,5 % typed by a user must round like the plan: 46 724 × 6,5 % = 3 037,06 -> 3 037."""
    plan = plan_defaults()
    result = calculate(dataclasses.replace(plan, uncounted_sim_share=parse_percent("6,5", "Påslag")))
    assert result.uncounted_sim == 3_037
