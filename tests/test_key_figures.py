"""Key figures as one block of HTML (indicators/present/key_figures.py, ui/key_figures.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from indicators.formatting import format_signed
from indicators.present.html import Markup
from indicators.present.key_figures import GoalBeside, KeyFigure, key_figures_html, key_figures_with_goal_html, trend_of
from indicators.present.texts import population as population_words
from indicators.registry import get_indicator
from tests.apptest_harness import key_figures

ROOT = Path(__file__).resolve().parents[1]


def test_labels_values_and_changes_are_escaped_text():
    html = str(key_figures_html([KeyFigure("<b>Folketal</b>", "1 & 2", "<script>x</script>", "up")]))
    assert "<b>" not in html and "<script>" not in html
    assert "&lt;b&gt;Folketal&lt;/b&gt;" in html and "1 &amp; 2" in html and "&lt;script&gt;x&lt;/script&gt;" in html


@pytest.mark.parametrize(("change", "trend", "arrow"), [(305, "up", "↑"), (-12, "down", "↓"), (0, "flat", "→")])
def test_a_change_carries_its_direction_as_an_arrow_and_a_class_never_colour_alone(change, trend, arrow):
    assert trend_of(change) == trend
    html = str(key_figures_html([KeyFigure("Folketal", "21 623", format_signed(change), trend_of(change))]))
    assert f'class="key-figure-change key-figure-{trend}"' in html
    assert f'<span aria-hidden="true">{arrow}</span> {format_signed(change)}' in html  # the sign is read out


def test_a_figure_without_a_change_has_no_change_line_and_counts_are_marked():
    html = str(key_figures_html([KeyFigure("○ Ikkje vurdert", "61")], counts=True))
    assert "key-figure-change" not in html
    assert html.startswith('<dl class="key-figures key-figures-counts">')
    assert "<dt>○ Ikkje vurdert</dt>" in html and '<dd class="key-figure-value">61</dd>' in html
    assert str(key_figures_html([])).startswith('<dl class="key-figures">')


def test_the_goal_beside_the_figures_is_escaped_text_around_its_statuses_markup():
    statuses = Markup('<div class="goal-status"><a href="https://x.no" target="_blank">x</a></div>')
    goal = GoalBeside(heading="Mål: <i>fleire</i>", statuses=statuses, rule_label="Korleis & kvifor",
                      rule_name="<b>Namn</b>", rule="Planen seier «<script>»")
    html = str(key_figures_with_goal_html([KeyFigure("Arbeidsplassar", "11 105")], goal))
    assert "<i>" not in html and "<b>" not in html and "<script>" not in html
    assert "Mål: &lt;i&gt;fleire&lt;/i&gt;" in html and "<summary>Korleis &amp; kvifor</summary>" in html
    assert "<strong>&lt;b&gt;Namn&lt;/b&gt;.</strong> Planen seier «&lt;script&gt;»" in html
    assert str(statuses) in html  # the statuses' own markup (a note's link) is kept, not escaped again
    # reading order, which a phone shows as it is: figures, the goal and its statuses, then its rule
    order = [html.index(part) for part in ('class="key-figures"', 'class="figures-goal-heading"', str(statuses),
                                           '<details class="goal-rule">')]
    assert order == sorted(order)


@pytest.mark.parametrize("region", ["hallingdal", "3324"])
def test_folketal_shows_the_newest_figure_and_the_change_from_the_year_before_from_the_cache(region):
    frame = get_indicator("population_total").compute(region=region).dropna(subset=["value"])
    by_year = dict(zip(frame["period"].astype(int), frame["value"], strict=True))
    latest = max(by_year)
    at = AppTest.from_file(str(ROOT / "pages/folketal.py"), default_timeout=60)
    at.session_state["url_region"] = region
    at.run()
    assert not at.exception
    label, value, change = key_figures(at)[0]
    assert label == population_words.METRIC_LATEST.format(year=latest)
    assert value.replace("\u00a0", " ").replace(" ", "") == str(int(by_year[latest]))
    yearly = by_year[latest] - by_year[latest - 1]
    assert change == population_words.METRIC_LATEST_DELTA.format(change=format_signed(yearly))
    html = next(e.proto.body for e in at.get("html") if "key-figures" in e.proto.body)
    assert f"key-figure-{trend_of(yearly)}" in html
    assert not at.metric  # one element, not a metric per figure
