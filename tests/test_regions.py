"""The region file (plan/region.toml): members and their code history, comparison regions, names, and checks."""

import pytest

from indicators.regions import (
    RegionFileError,
    UnknownRegionError,
    active_region,
    current_code,
    load_region,
    members,
    region_name,
    validate_region,
)

REGION = active_region()


@pytest.mark.parametrize(
    ("old", "new"),
    [("0615", "3320"), ("3039", "3320"), ("0616", "3322"), ("3040", "3322"), ("0618", "3326"),
     ("3042", "3326"), ("0620", "3330"), ("3044", "3330"), ("3326", "3326"), ("K-3326", "3326")],
)
def test_code_history_maps_to_todays_code(old, new):
    assert current_code(old) == new


def test_codes_outside_the_region_are_not_mapped():
    assert current_code("0301") is None
    assert current_code("06") is None  # old Buskerud county is not today's Buskerud


def test_names_are_nynorsk():
    assert region_name("0") == "Noreg"
    assert region_name("3322") == "Nesbyen"
    assert region_name(REGION.id) == "Hallingdal"


def test_the_region_keeps_the_id_links_and_exports_use():
    assert REGION.id == "hallingdal"
    assert REGION.plan.title == "Strategisk plan for Hallingdal 2022–2025"
    assert REGION.county is not None
    assert REGION.county.code == "33"


def test_a_member_knows_the_code_it_was_published_under():
    hemsedal = REGION.member("3326")
    assert [hemsedal.code_in(year) for year in (2019, 2020, 2023, 2024)] == ["0618", "3042", "3042", "3326"]


def test_unknown_code_gives_a_nynorsk_message():
    with pytest.raises(UnknownRegionError, match="Ukjend regionkode «9999»"):
        validate_region("9999")


def test_members():
    assert members(REGION.id) == REGION.member_codes
    assert len(REGION.member_codes) == 6
    assert members("3324") == ("3324",)
    with pytest.raises(UnknownRegionError):
        members("33")


def test_another_region_file_is_chosen_by_the_environment(monkeypatch, tmp_path):
    path = tmp_path / "region.toml"
    path.write_text(
        'id = "to"\nname = "Todal"\nplan = { name = "Plan for Todal", start = 2024, end = 2027 }\n'
        '[[members]]\ncode = "9001"\nname = "Ei"\n[[members]]\ncode = "9002"\nname = "To"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("REGION_CONFIG", str(path))
    region = active_region()
    assert region.selectable == ("to", "9001", "9002")
    assert region.county is None
    assert region.plan_dir == tmp_path
    assert members("to") == ("9001", "9002")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('name = "X"\nplan = { name = "P", start = 2022, end = 2025 }', "manglar «id»"),
        # a file without a plan is a region with members only; plan_dir alone, or a plan that is no table, is not
        ('id = "x"\nname = "X"\nplan_dir = "plan"\n[[members]]\ncode = "1"\nname = "A"', "men «plan"),
        ('id = "x"\nname = "X"\nplan = "P"\n[[members]]\ncode = "1"\nname = "A"', "«plan» må vere"),
        ('id = "x"\nname = "X"\nplan = { name = "P", start = 2022, end = 2025 }', "manglar kommunar"),
        ('id = "x"\nname = "X"\nplan = { name = "P", start = 2025, end = 2022 }\n[[members]]\ncode = "1"\nname = "A"',
         "sluttar før"),
        ('id = "x"\nname = "X"\nplan = { name = "P", start = 2022, end = 2025 }\n[[members]]\ncode = "x"\nname = "A"',
         "same kode"),
        ("id = ", "ikkje gyldig TOML"),
    ],
)
def test_a_broken_region_file_is_named_with_its_problem(tmp_path, text, problem):
    path = tmp_path / "region.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RegionFileError, match=problem):
        load_region(path)
