import math

import pytest

from indicators.progress import classify, classify_direction, target_path


def test_target_reached_is_achieved():
    assert classify(2022, 100, 2025, 101, 2026, 101).status == "achieved"


@pytest.mark.parametrize(
    ("current", "expected"),
    [
        (104, "on_track"),  # observed rate equal to the required one (R = 1)
        (102.5, "acceleration_needed"),
        (101, "limited"),
        (100, "limited"),  # R = 0
        (99, "deterioration"),
    ],
)
def test_ratio_categories_for_an_increase(current, expected):
    # base 100 in 2020, target 110 in 2030; after 4 years
    result = classify(2020, 100, 2024, current, 2030, 110)
    assert result.status == expected


def test_ratio_matches_statistics_canada_formula():
    result = classify(2020, 100, 2024, 103, 2030, 110)
    r_obs = (103 / 100) ** (1 / 4) - 1
    r_req = (110 / 100) ** (1 / 10) - 1
    assert math.isclose(result.ratio, r_obs / r_req)


def test_falling_goal_minus_25_percent():
    # emissions goal: 2009 base 1000, target 750 in 2025
    assert classify(2009, 1000, 2023, 740, 2025, 750).status == "achieved"
    required = (750 / 1000) ** (1 / 16) - 1
    on_path = 1000 * (1 + required) ** 14
    assert classify(2009, 1000, 2023, on_path, 2025, 750).status == "on_track"
    assert classify(2009, 1000, 2023, 1010, 2025, 750).status == "deterioration"


@pytest.mark.parametrize(
    "args",
    [
        (2022, None, 2024, 5, 2026, 6),  # no base value
        (2022, 5, None, None, 2026, 6),  # no current value
        (2022, 5, 2022, 5.5, 2026, 6),  # only the base year
        (2022, 5, 2024, float("nan"), 2026, 6),  # missing current value
        (2022, -5, 2024, 5, 2026, 6),  # sign change
        (2022, 0, 2024, 5, 2026, 6),  # zero base
    ],
)
def test_edge_cases_give_no_data_with_a_reason(args):
    result = classify(*args)
    assert result.status == "no_data"
    assert result.reason


def test_direction_goal():
    assert classify_direction(2021, 100, 2022, 120, "increase").status == "on_track"
    assert classify_direction(2021, 100, 2022, 100, "increase").status == "limited"
    assert classify_direction(2021, 100, 2022, 90, "increase").status == "deterioration"
    assert classify_direction(2021, 100, 2022, 90, "decrease").status == "on_track"
    assert classify_direction(2021, 100, 2021, 120, "increase").status == "no_data"


def test_target_path_has_constant_rate_and_ends_at_target():
    path = target_path(2009, 1000, 2025, 750)
    assert path[0] == (2009, 1000)
    assert path[-1][0] == 2025 and math.isclose(path[-1][1], 750)
    ratios = [b[1] / a[1] for a, b in zip(path, path[1:], strict=False)]
    assert max(ratios) - min(ratios) < 1e-12


def test_target_path_across_zero_is_a_straight_line_not_complex_numbers():
    path = target_path(2021, -100, 2025, 50)
    assert path == [(2021, -100), (2025, 50)]
    assert all(isinstance(value, int | float) for _, value in path)
