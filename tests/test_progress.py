import math

import pytest

from indicators.progress import (
    STATUS_COLOURS,
    STATUS_ICONS,
    STATUS_LABELS,
    base_point,
    classify,
    classify_direction,
    target_path,
)

NBSP = "\u00a0"


def text(s: str) -> str:
    return s.replace(NBSP, " ")


# ── method 2: a target value ────────────────────────────────────────────────────────────────────────────


def test_target_reached_is_achieved():
    result = classify(2022, 100, 2025, 101, 2026, 101)
    assert result.status == "achieved" and result.method == "target"


@pytest.mark.parametrize(
    ("current", "expected"),
    [
        (104, "on_track"),  # observed rate about the required one (P ≈ 1)
        (102.5, "acceleration_needed"),
        (101, "limited"),
        (100, "limited"),  # P = 0
        (99, "deterioration"),
    ],
)
def test_ratio_categories_for_an_increase(current, expected):
    # base 100 in 2020, target 110 in 2030; after 4 years
    result = classify(2020, 100, 2024, current, 2030, 110)
    assert result.status == expected


def _current_for(p: float, base=100.0, target=110.0, elapsed=4, horizon=10) -> float:
    """The current value that gives exactly P = p (increase, positive base)."""
    required = (target / base) ** (1 / horizon) - 1
    return base * (1 + p * required) ** elapsed


@pytest.mark.parametrize(
    ("p", "expected"),
    [
        (0.95 + 1e-9, "on_track"),
        (0.95 - 1e-6, "acceleration_needed"),
        (0.6 + 1e-9, "acceleration_needed"),
        (0.6 - 1e-6, "limited"),
        (1e-9, "limited"),
        (-1e-6, "deterioration"),
    ],
)
def test_target_thresholds_at_the_edges(p, expected):
    result = classify(2020, 100, 2024, _current_for(p), 2030, 110)
    assert result.status == expected
    assert result.ratio == pytest.approx(p, abs=1e-5) and result.progress_value == result.ratio


def test_ratio_is_signed_cagr_over_absolute_required_cagr():
    result = classify(2020, 100, 2024, 103, 2030, 110)
    r_obs = (103 / 100) ** (1 / 4) - 1
    r_req = (110 / 100) ** (1 / 10) - 1
    assert math.isclose(result.observed_rate, r_obs) and math.isclose(result.required_rate, r_req)
    assert math.isclose(result.ratio, r_obs / abs(r_req))
    down = classify(2020, 100, 2024, 97, 2030, 90)  # a fall towards a lower target: d = −1
    assert math.isclose(down.ratio, -1 * ((97 / 100) ** (1 / 4) - 1) / abs((90 / 100) ** (1 / 10) - 1))
    assert down.ratio > 0 and down.direction == "decrease"


def test_falling_goal_minus_25_percent():
    # emissions goal: 2009 base 1000, target 750 in 2025
    assert classify(2009, 1000, 2023, 740, 2025, 750).status == "achieved"
    required = (750 / 1000) ** (1 / 16) - 1
    on_path = 1000 * (1 + required) ** 14
    assert classify(2009, 1000, 2023, on_path, 2025, 750).status == "on_track"
    assert classify(2009, 1000, 2023, 1010, 2025, 750).status == "deterioration"


def test_a_target_on_the_wrong_side_of_the_baseline_cannot_turn_a_fall_into_on_track():
    # "increase" goal, but the target (95) lies below the baseline (100); the value fell to 90.
    base, current, target = 100, 90, 95
    r_obs = (current / base) ** (1 / 4) - 1
    r_req = (target / base) ** (1 / 10) - 1
    assert r_obs / r_req >= 0.95  # the old formula r_obs / r_req said "on track" for this fall
    result = classify(2020, base, 2024, current, 2030, target, "increase")
    assert result.status == "deterioration" and result.ratio < 0
    # and the mirror case: a "decrease" goal with a target above the baseline, and the value rose past it
    rose = classify(2020, 100, 2024, 120, 2030, 105, "decrease")
    assert (120 / 100) ** (1 / 4) - 1 > 0 and rose.status == "deterioration"


def test_direction_of_a_target_goal_comes_from_target_versus_base_when_not_given():
    assert classify(2020, 100, 2024, 95, 2030, 90).direction == "decrease"
    assert classify(2020, 100, 2024, 105, 2030, 110).direction == "increase"


def test_negative_base_uses_s_minus_one():
    # net balance −100 -> −80 (rising, less negative) in 2 years; target −50 in 2030, direction increase
    result = classify(2020, -100, 2022, -80, 2030, -50, "increase")
    r_obs = (80 / 100) ** (1 / 2) - 1  # negative: the magnitude shrinks
    r_req = (50 / 100) ** (1 / 10) - 1
    assert math.isclose(result.ratio, -1 * 1 * r_obs / abs(r_req)) and result.ratio > 0
    assert result.status == "on_track"  # P ≈ 1.57
    falling = classify(2020, -100, 2022, -120, 2030, -50, "increase")
    assert falling.status == "deterioration"
    # direction only: −100 -> −90 in one year is +10 % in the wanted direction
    up = classify_direction(2020, -100, 2021, -90, "increase")
    assert up.status == "on_track" and math.isclose(up.progress_value, 0.1)
    assert classify_direction(2020, -100, 2021, -90, "decrease").status == "deterioration"


def test_a_target_at_the_base_level_not_reached_is_deterioration():
    result = classify(2020, 100, 2022, 98, 2030, 100, "increase")
    assert result.status == "deterioration" and result.required_rate == 0 and result.ratio is None
    assert "halde nivået" in result.explanation


# ── method 1: a direction only ──────────────────────────────────────────────────────────────────────────


def test_jobs_growth_of_0_8_percent_a_year_needs_acceleration():
    """Hallingdal's jobs 2021 -> 2022: +0.8 %; the published method says "acceleration needed"."""
    result = classify_direction(2021, 10_000, 2022, 10_080, "increase")
    assert result.status == "acceleration_needed"
    assert result.method == "direction" and math.isclose(result.observed_rate, 0.008)
    assert result.required_rate is None and result.ratio is None and math.isclose(result.progress_value, 0.008)
    assert text(result.explanation) == "+0,8 % per år (2021–2022); +1,5 % per år trengst for «på rett veg»."


@pytest.mark.parametrize(
    ("current", "expected"),
    [
        (10_150, "on_track"),  # exactly 1.5 %
        (10_149.9, "acceleration_needed"),
        (10_050, "acceleration_needed"),  # exactly 0.5 %
        (10_049.9, "limited"),
        (10_000, "limited"),  # 0
        (9_999.9, "deterioration"),
    ],
)
def test_direction_thresholds_at_the_edges(current, expected):
    assert classify_direction(2021, 10_000, 2022, current, "increase").status == expected


def test_direction_thresholds_are_annual_rates():
    # +3 % over two years is about 1.49 % a year: not yet on track
    assert classify_direction(2021, 10_000, 2023, 10_300, "increase").status == "acceleration_needed"
    assert classify_direction(2021, 10_000, 2023, 10_000 * 1.015**2, "increase").status == "on_track"


def test_direction_goal_for_a_decrease():
    assert classify_direction(2021, 100, 2022, 98, "decrease").status == "on_track"
    assert classify_direction(2021, 100, 2022, 99.3, "decrease").status == "acceleration_needed"
    assert classify_direction(2021, 100, 2022, 101, "decrease").status == "deterioration"
    assert text(classify_direction(2021, 100, 2022, 99.3, "decrease").explanation).endswith(
        "−1,5 % per år trengst for «på rett veg»."
    )


@pytest.mark.parametrize("current", [100, 150, 1_000_000])
def test_direction_goal_is_never_achieved(current):
    assert classify_direction(2021, 100, 2022, current, "increase").status != "achieved"


def test_direction_goal_needs_two_years():
    result = classify_direction(2021, 100, 2021, 120, "increase")
    assert result.status == "no_data" and result.reason


# ── data problems ───────────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    "args",
    [
        (2022, None, 2024, 5, 2026, 6),  # no base value
        (2022, 5, None, None, 2026, 6),  # no current value
        (2022, 5, 2022, 5.5, 2026, 6),  # only the base year
        (2022, 5, 2024, float("nan"), 2026, 6),  # missing current value
    ],
)
def test_missing_data_gives_no_data_with_a_reason(args):
    result = classify(*args)
    assert result.status == "no_data"
    assert result.reason and result.explanation == result.reason


@pytest.mark.parametrize(
    "args",
    [
        (2022, -5, 2024, 5, 2026, 6),  # sign change
        (2022, 5, 2024, -1, 2026, 6),  # sign change the other way
        (2022, 0, 2024, 5, 2026, 6),  # zero base
    ],
)
def test_different_signs_or_zero_base_get_no_cagr_status(args):
    result = classify(*args)
    assert result.status == "not_applicable"
    assert result.reason.startswith("Metoden gjeld ikkje:")
    assert result.ratio is None and result.observed_rate is None
    assert (result.base_period, result.current_period) == (2022, 2024)  # the numbers are still there
    direction = classify_direction(args[0], args[1], args[2], args[3], "increase")
    assert direction.status == "not_applicable" and direction.reason.startswith("Metoden gjeld ikkje:")


def test_a_target_of_another_sign_than_the_base_is_not_applicable():
    result = classify(2020, 100, 2022, 90, 2030, -10, "decrease")
    assert result.status == "not_applicable" and result.observed_rate is not None


def test_not_applicable_is_a_grey_status_with_its_own_label_and_icon():
    assert STATUS_LABELS["not_applicable"] == "Metoden gjeld ikkje"
    assert STATUS_COLOURS["not_applicable"] == STATUS_COLOURS["no_data"]
    assert STATUS_ICONS["not_applicable"] not in {v for k, v in STATUS_ICONS.items() if k != "not_applicable"}


# ── base-year fallback ──────────────────────────────────────────────────────────────────────────────────


def test_base_point_is_the_next_year_with_a_value():
    points = [(2020, 5.0), (2021, None), (2022, float("nan")), (2023, 7.0), (2024, 8.0)]
    assert base_point(points, 2021) == (2023, 7.0)
    assert base_point(points, 2020) == (2020, 5.0)
    assert base_point(points, 2025) is None


def test_the_base_year_used_is_recorded_and_explained():
    result = classify_direction(2022, 10_000, 2024, 10_400, "increase", requested_base_period=2021)
    assert result.base_period == 2022 and result.requested_base_period == 2021 and result.base_fell_back
    assert result.base_period_text == "utgangsår 2022 (2021 manglar)"
    assert "(2022–2024, 2021 manglar)" in result.explanation
    same = classify_direction(2021, 10_000, 2022, 10_080, "increase")
    assert not same.base_fell_back and same.base_period_text == "utgangsår 2021"


# ── explanations ────────────────────────────────────────────────────────────────────────────────────────


def test_target_explanation_gives_rates_target_year_and_p():
    # 0.3 % a year observed, 0.25 % a year required: P = 1.2
    base = 10_000
    current = base * 1.003**2
    target = base * 1.0025**4
    result = classify(2021, base, 2023, current, 2025, target, "increase")
    assert result.status == "on_track"
    assert text(result.explanation) == (
        "+0,3 % per år (2021–2023); +0,25 % per år trengst for å nå målet i 2025 (P = 1,2)."
    )
    achieved = classify(2021, 100, 2023, 120, 2025, 110)
    assert "målet for 2025" in achieved.explanation


def test_assessment_record_has_branch_rates_p_and_base_year():
    record = classify_direction(2022, 10_000, 2023, 10_080, "increase", requested_base_period=2021).as_record()
    assert record["method"] == "direction"
    assert (record["base_period"], record["requested_base_period"], record["current_period"]) == (2022, 2021, 2023)
    assert math.isclose(record["observed_rate"], 0.008) and math.isclose(record["progress_value"], 0.008)
    assert record["required_rate"] is None and record["explanation"]


# ── target path ─────────────────────────────────────────────────────────────────────────────────────────


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


def test_explanations_show_the_change_of_the_value_and_the_need_in_the_goal_s_direction():
    wrong_side = classify(2020, 100, 2024, 90, 2030, 95, "increase")
    assert text(wrong_side.explanation) == (
        "−2,6 % per år (2020–2024), motsett veg av målet om auke (P = −5,08). "
        "Merk: målet for 2030 ligg under utgangsverdien."
    )
    negative = classify(2020, -100, 2022, -80, 2030, -50, "increase")  # s = −1: the value rises
    assert negative.sign == -1
    assert text(negative.explanation) == (
        "+10,6 % per år (2020–2022); +6,7 % per år trengst for å nå målet i 2030 (P = 1,58)."
    )
    falling = classify(2020, 100, 2024, 97, 2030, 90)
    assert text(falling.explanation) == (
        "−0,76 % per år (2020–2024); −1,0 % per år trengst for å nå målet i 2030 (P = 0,72)."
    )


def test_a_reached_target_is_achieved_even_across_zero():
    # net emissions 5 -> −1 with a target of 0: the target is reached; no CAGR is needed for that
    result = classify(2020, 5, 2024, -1, 2030, 0, "decrease")
    assert result.status == "achieved" and result.observed_rate is None
