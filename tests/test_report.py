"""The statusrapport: every goal with numbers and status, self-contained HTML that prints on A4."""

from __future__ import annotations

import base64
import datetime as dt
import html
import os
import re
from pathlib import Path

import pytest

from indicators.goals import evaluate_goal, load_plan
from indicators.present import images
from indicators.present.report import build_report, build_report_html, default_report_filename, report_for
from indicators.regions import UnknownRegionError
from indicators.report_inputs import goal_provenances, read_report_inputs

GOALS = Path(__file__).parent / "fixtures" / "report" / "goals.toml"
CHROMIUM = Path(images.DEFAULT_BROWSER)
needs_chromium = pytest.mark.skipif(
    not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)), reason="Debian chromium is not installed"
)
NBSP = "\u00a0"


@pytest.fixture
def plan():
    return load_plan(GOALS)


def report_html(plan, cache, region: str = "3320", **options) -> str:
    """The report built the way its callers do: every goal evaluated once, then handed to the builder."""
    results = [evaluate_goal(goal, region, cache) for goal in plan.goals]
    return build_report_html(plan, results, region, provenances=goal_provenances(results, cache), **options)


def text_of(document: str) -> str:
    """The visible text, roughly: style and tags removed, entities for < > & kept as they are."""
    document = re.sub(r"<style>.*?</style>", " ", document, flags=re.S)
    return re.sub(r"<[^>]+>", " ", document).replace(NBSP, " ")


def test_every_goal_is_in_the_report_with_status_and_numbers(tiny_cache, plan):
    document = report_html(plan, tiny_cache, with_charts=False)
    text = text_of(document)
    assert "Region Flå" in " ".join(text.split())
    for label in ("Innbyggjarar i yrkesaktiv alder +1 %", "Fleire flyttar til, færre flyttar frå",
                  "Innovasjonssatsinga er vidareført"):
        assert label in text
    # tiny cache, Flå, ages 20–64: 2 × 45 × (1 + year − 2021) = 90, 180, 270; target 90 × 1,01 -> nådd
    section = text[text.index("Innbyggjarar i yrkesaktiv alder +1 %"):]
    assert "90" in section
    assert "270" in section
    assert "+200,0 %" in section
    assert "Folketalet i yrkesaktiv alder (20–64 år) har auka 200,0 % sidan 2021 – målet var 1 %." in text
    for status in ("Nådd", "På rett veg", "I gang"):
        assert status in text
    assert "Blir ikkje målt i dashbordet. Mogleg kjelde: Statistisk sentralbyrå, tabell 06913." in text
    assert "Vedteke i Regionrådet." in text
    assert "Vurdert av Sekretariatet 1. mars 2026 (frå planfila)" in " ".join(text.split())


def test_goals_file_problems_are_listed_not_hidden(tiny_cache, plan):
    document = report_html(plan, tiny_cache, with_charts=False)
    assert "Feil i målfila" in document
    assert "finst_ikkje" in document


def test_text_from_the_goals_file_is_escaped(tiny_cache, plan):
    document = report_html(plan, tiny_cache, with_charts=False)
    assert "<script" not in document
    assert "<b>no</b>" not in document
    assert "Fleire innbyggjarar &lt;b&gt;no&lt;/b&gt;" in document


def test_report_is_self_contained_and_made_for_a4(tiny_cache, plan):
    document = report_html(plan, tiny_cache, with_charts=False,
                           generated_at=dt.datetime(2026, 3, 5, tzinfo=dt.UTC))
    assert document.startswith("<!DOCTYPE html>")
    assert '<html lang="nn">' in document
    assert "@page { size: A4" in document
    assert "break-inside: avoid" in document
    assert "<link" not in document
    assert not re.search(r'src="(https?:)?//', document)
    assert "<dd>5. mars 2026</dd>" in document
    assert "Diagrammet manglar: rapporten vart laga utan diagram." in document


def test_without_a_browser_the_report_still_builds_and_says_why(tiny_cache, plan, monkeypatch, tmp_path):
    images.shutdown()
    monkeypatch.setenv(images.BROWSER_ENV, str(tmp_path / "no-chromium"))
    try:
        document = report_html(plan, tiny_cache)
    finally:
        images.shutdown()
    assert "Diagrammet manglar: Bilete av diagram (PNG og SVG) krev nettlesaren Chromium" in document
    assert "data:image/svg+xml" not in document
    assert "270" in text_of(document)  # the numbers are still on paper


@needs_chromium
def test_charts_are_embedded_svg(tiny_cache, plan, monkeypatch):
    monkeypatch.delenv(images.BROWSER_ENV, raising=False)
    document = report_html(plan, tiny_cache)
    embedded = re.findall(r'src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', document)
    assert len(embedded) == 2  # the two measured goals with data
    svg = base64.b64decode(embedded[0]).decode("utf-8")
    assert svg.lstrip().startswith("<svg")
    assert "Kjelde" not in svg  # the source is said under the chart, its dates in the appendix
    assert "Kjelde: test, tabell 07459 (sjå vedlegg B)." in text_of(document)


@needs_chromium
def test_a_second_report_reads_its_charts_from_the_image_folder(tiny_cache, plan, monkeypatch, tmp_path):
    """The charts of a report made before are not drawn again: same document, no browser started."""
    monkeypatch.delenv("DASHBOARD_CHROMIUM", raising=False)
    monkeypatch.setenv("DASHBOARD_IMAGE_CACHE", str(tmp_path / "images"))
    when = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)
    first = report_html(plan, tiny_cache, generated_at=when)
    assert "data:image/svg+xml;base64," in first
    images.shutdown()
    starts = images.exporter_starts()
    assert report_html(plan, tiny_cache, generated_at=when) == first
    assert images.exporter_starts() == starts


def test_build_report_writes_the_file(tiny_cache, plan, tmp_path):
    target = tmp_path / "rapport" / "status.html"
    inputs = read_report_inputs("3320", plan=plan, cache_directory=tiny_cache)
    written = report_for(inputs, target, with_charts=False)
    assert written == target
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in target.parent.iterdir()] == ["status.html"]  # no temporary file left


def test_build_report_into_a_folder_uses_the_default_name(tiny_cache, plan, tmp_path):
    inputs = read_report_inputs("3320", plan=plan, cache_directory=tiny_cache)
    written = report_for(inputs, tmp_path, with_charts=False)
    assert written == tmp_path / default_report_filename("3320")
    assert written.name == f"statusrapport-3320-{dt.date.today().isoformat()}.html"


def test_unknown_region_is_refused_before_anything_is_written(plan, tmp_path):
    with pytest.raises(UnknownRegionError, match="Ukjend regionkode «9999»"):
        report_for(read_report_inputs("9999", plan=plan), tmp_path / "r.html", with_charts=False)
    assert not (tmp_path / "r.html").exists()


def test_build_report_takes_evaluated_results_and_refuses_an_unknown_region(plan, tmp_path):
    with pytest.raises(UnknownRegionError, match="Ukjend regionkode «9999»"):
        build_report(plan, [], "9999", tmp_path / "r.html", with_charts=False)
    assert not (tmp_path / "r.html").exists()


def test_build_report_writes_what_it_is_handed(tiny_cache, plan, tmp_path):
    results = [evaluate_goal(goal, "3320", tiny_cache) for goal in plan.goals]
    written = build_report(plan, results, "3320", tmp_path / "r.html",
                           provenances=goal_provenances(results, tiny_cache),
                           with_charts=False, generated_at=dt.datetime(2026, 3, 5, tzinfo=dt.UTC))
    assert written.read_text(encoding="utf-8") == report_html(
        plan, tiny_cache, with_charts=False, generated_at=dt.datetime(2026, 3, 5, tzinfo=dt.UTC))


def test_every_status_says_which_numbers_gave_it(tiny_cache, plan):
    """Issue 10 §1: next to each badge, the branch and the numbers (the assessment's explanation)."""
    results = [evaluate_goal(goal, "3320", tiny_cache) for goal in plan.goals]
    document = build_report_html(plan, results, "3320", provenances=goal_provenances(results, tiny_cache),
                                 with_charts=False)
    explained = [r for r in results if r.assessment is not None and r.assessment.explanation]
    assert explained
    for result in explained:
        assert html.escape(result.assessment.explanation) in document


def test_report_names_the_plan_and_region_from_the_region_file(tiny_cache, plan):
    from indicators.regions import active_region

    region = active_region()
    document = report_html(plan, tiny_cache, with_charts=False)
    assert "<h1>Statusrapport</h1>" in document
    assert f'<p class="subtitle">{region.plan.title}</p>' in document
    assert f"Laga med {region.name}-dashbordet." in document


def test_scale_text_grows_bar_charts_without_marker_sizes():
    import plotly.graph_objects as go

    from indicators.present.goal_charts import scale_text

    fig = go.Figure([go.Bar(x=["a"], y=[1]), go.Scatter(x=[1], y=[1], marker=dict(size=8), line=dict(width=2))])
    scale_text(fig, 1.5)
    assert fig.data[1].marker.size == 12
    assert fig.data[1].line.width == 3
