import pytest

from indicators.regions import (
    HALLINGDAL,
    MUNICIPALITY_CODES,
    UnknownRegionError,
    current_code,
    members,
    region_name,
    validate_region,
)


@pytest.mark.parametrize(
    ("old", "new"),
    [("0615", "3320"), ("3039", "3320"), ("0616", "3322"), ("3040", "3322"), ("0618", "3326"),
     ("3042", "3326"), ("0620", "3330"), ("3044", "3330"), ("3326", "3326"), ("K-3326", "3326")],
)
def test_code_history_maps_to_todays_code(old, new):
    assert current_code(old) == new


def test_codes_outside_hallingdal_are_not_mapped():
    assert current_code("0301") is None
    assert current_code("06") is None  # old Buskerud county is not today's Buskerud


def test_names_are_nynorsk():
    assert region_name("0") == "Noreg"
    assert region_name("3322") == "Nesbyen"
    assert region_name(HALLINGDAL) == "Hallingdal"


def test_unknown_code_gives_a_nynorsk_message():
    with pytest.raises(UnknownRegionError, match="Ukjend regionkode «9999»"):
        validate_region("9999")


def test_members():
    assert members(HALLINGDAL) == MUNICIPALITY_CODES
    assert members("3324") == ("3324",)
    with pytest.raises(UnknownRegionError):
        members("33")
