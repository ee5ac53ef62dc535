"""AppTest for the Arbeidsplassar page: on the committed snapshot, and with a refreshed industry dataset.

The page's sections are tabs of which only the open one runs (ui/sections.py); a test opens the section it
needs with the URL parameter, as a link would (`run_page("3324", section="Straumar")`)."""

from __future__ import annotations

import json
import re
import shutil
from html import unescape
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from indicators.cache import write_dataset
from indicators.formatting import format_signed
from indicators.goals import evaluate_goal, load_plan
from indicators.model import Dataset, Provenance
from indicators.present.texts import jobs as words
from indicators.progress import STATUS_LABELS
from indicators.regions import active_region, region_name
from tests.apptest_harness import SharedRuns, key_figures, with_download_menus_open
from tests.test_jobs import build_other_region

ROOT = Path(__file__).resolve().parent.parent
PAGE = str(ROOT / "pages" / "arbeidsplassar.py")
TIMEOUT = 60
# The tab labels as a link spells them (literal: links in minutes must keep working); the first is the default.
SECTIONS = ["Utvikling", "Per 100 innbyggjarar", "Sysselsetjing", "Pendling", "Straumar", "Næringar"]


def _run_page(region: str, *, menus_open: bool = False, **query: str) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.session_state["url_region"] = region
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    return with_download_menus_open(at) if menus_open else at


# The tests here only read what `run_page` shows: each region, link and data runs once in the test process
# (tests/apptest_harness.py; a test that clicks or reruns must make its own AppTest).
run_page = SharedRuns(_run_page)


def chart_titles(at: AppTest) -> list[str]:
    return [json.loads(c.proto.spec)["layout"]["title"]["text"].replace("<br>", " ") for c in at.get("plotly_chart")]


def html_blocks(at: AppTest) -> list[str]:
    """The page's HTML elements (key figures, the goal beside them), as sent."""
    return [element.proto.body for element in at.main.get("html")]


def goal_block(at: AppTest) -> str:
    """The one element with the key figures and the jobs goal beside them ('' when the page has none)."""
    return next((body for body in html_blocks(at) if 'class="figures-goal"' in body), "")


def as_read(html: str) -> str:
    """HTML as a reader sees its text: tags dropped, entities decoded."""
    return unescape(re.sub(r"<[^>]+>", " ", html))


def page_text(at: AppTest) -> str:
    parts = [e.value for e in (*at.markdown, *at.caption, *at.info)] + [as_read(body) for body in html_blocks(at)]
    return " ".join(str(p) for p in parts)


def every_section(region: str, *, menus_open: bool = False, **query: str) -> dict[str, AppTest]:
    """The page once per section (tab), with the same other URL parameters (and the download menus open)."""
    return {section: run_page(region, section=section, menus_open=menus_open, **query) for section in SECTIONS}


def test_the_sections_are_the_tabs_in_order():
    at = run_page("hallingdal")
    assert [tab.label for tab in at.tabs] == SECTIONS
    assert SECTIONS == [words.SECTION_TREND, words.SECTION_PER_100, words.SECTION_RATE, words.SECTION_COMMUTING,
                        words.SECTION_FLOWS, words.SECTION_INDUSTRY]


def test_only_the_open_section_is_drawn():
    """Issue 13: the browser draws only the open tab's charts, so a region change waits for those alone."""
    default = chart_titles(run_page("hallingdal"))
    assert len(default) == 1  # the jobs trend, nothing of the other sections
    assert default[0].startswith("Arbeidsplassane i Hallingdal")
    commuting_at = run_page("hallingdal", section="Pendling")
    assert not commuting_at.exception
    commuting_titles = chart_titles(commuting_at)
    assert any(t.startswith("Fleire pendlar") for t in commuting_titles)  # commuting over time
    assert any(t.endswith("enn utpendlarar (2022)") for t in commuting_titles)  # net commuting by municipality
    assert not any(t.startswith(("Arbeidsplassane i", "Flest av", "Den største straumen")) for t in commuting_titles)
    assert "manglar nokre få svært små straumar" in page_text(commuting_at)
    assert "manglar nokre få svært små straumar" not in page_text(run_page("hallingdal"))
    # the key figures and the goal stay on top whichever section is open
    assert [label for label, _, _ in key_figures(commuting_at)] == [
        "Arbeidsplassar, 4. kvartal 2022", "Endring sidan 4. kvartal 2021",
    ]


@pytest.mark.parametrize("section", ["Ukjend", "<script>x</script>", "utvikling", "9" * 500])
def test_an_unknown_section_opens_the_first_tab(section):
    at = run_page("3324", section=section)
    assert not at.exception
    assert chart_titles(at) == chart_titles(run_page("3324"))
    assert chart_titles(at)[0].startswith("Arbeidsplassane i Gol")


@pytest.mark.parametrize("region", ["hallingdal", "3326"])
def test_page_renders_for_hallingdal_and_a_municipality(region):
    pages = every_section(region, menus_open=True)
    titles: list[str] = []
    for section, at in pages.items():
        assert not at.exception, section
        assert at.title[0].value == f"Arbeidsplassar – {region_name(region)}"
        assert [label for label, _, _ in key_figures(at)] == [
            "Arbeidsplassar, 4. kvartal 2022", "Endring sidan 4. kvartal 2021",
        ]
        section_titles = chart_titles(at)
        assert section_titles or at.info, section  # no tab is empty: a chart, or a box saying why not
        assert len(at.get("download_button")) >= len(section_titles), section  # every chart has its export
        titles += section_titles
    assert len(titles) >= 6
    assert any(region_name(region) in t and "sidan 2021" in t for t in chart_titles(pages["Utvikling"]))
    assert "manglar nokre få svært små straumar" in page_text(pages["Pendling"])  # the commuting extract's caveat
    # the industry view offline: a visitor is told whom to ask, never shown the operator's command (issue 20)
    industry = page_text(pages["Næringar"])
    assert "spør sekretariatet i Regionrådet for Hallingdal" in industry
    assert "python -m" not in industry


def test_hemsedal_shows_the_snapshot_figure():
    at = run_page("3326")
    assert key_figures(at)[0][1].replace("\u00a0", " ") == "1 291"


def test_year_and_scope_come_from_the_url():
    commuting_at = run_page("3324", section="Pendling", commuting_year="2019", flows="rest")
    assert not commuting_at.exception
    # net commuting in the linked year
    assert any(t.endswith("enn utpendlarar (2019)") for t in chart_titles(commuting_at))
    assert commuting_at.query_params["flows"] == "rest"  # kept in the link while another section is open
    at = run_page("3324", section="Straumar", commuting_year="2019", flows="rest")
    assert not at.exception
    assert at.select_slider(key="url_commuting_year").value == "2019"  # the same year choice in both sections
    assert at.radio(key="url_flows").value == "rest"
    flows = [t for t in chart_titles(at) if t.startswith("Flest av")]
    assert len(flows) == 1
    assert flows[0].startswith("Flest av utpendlarane frå Gol")
    assert flows[0].endswith("(2019)")
    assert not any(name in flows[0] for name in ("Flå", "Nesbyen", "Hemsedal", "Ål", "Hol"))  # rest only


def test_chart_choices_come_from_the_url():
    flows_at = run_page("3324", section="Straumar", direction="in", jobs_view="kommunar")
    assert not flows_at.exception
    assert any(t.startswith("Flest av innpendlarane til Gol bur i") for t in chart_titles(flows_at))
    at = run_page("3324", direction="in", jobs_view="kommunar")
    assert not at.exception
    titles = chart_titles(at)
    assert any(t.endswith("kommunar har fleire arbeidsplassar enn i 2021") for t in titles)
    assert not any(t.startswith("Arbeidsplassane i Gol") for t in titles)  # the other view is not drawn


def test_a_link_reopens_the_same_view():
    """The address bar holds region-independent choices; a new session with them shows the same charts."""
    first = run_page("3326", section="Straumar", commuting_year="2020", flows="hallingdal", direction="in")
    again = _run_page("3326", **dict(first.query_params))  # a session of its own, never the shared run
    assert not again.exception
    assert chart_titles(again) == chart_titles(first)
    assert again.query_params["section"] == "Straumar"  # the open tab is part of the link
    assert again.query_params["commuting_year"] == "2020"
    assert again.query_params["flows"] == "hallingdal"  # the region's id: links of the first release keep working
    assert again.radio(key="url_flows").value == "hallingdal"


def test_outside_municipalities_are_not_shown_as_bare_codes():
    labels = [label for at in every_section("hallingdal").values() for c in at.get("plotly_chart")
              for trace in json.loads(c.proto.spec)["data"] if trace.get("type") == "bar"
              for label in trace.get("y", [])]
    assert "Oslo" in labels
    assert not any(str(label).startswith("Kommune ") for label in labels)


def test_hallingdal_shows_commuting_between_the_six():
    at = run_page("hallingdal", section="Straumar")
    assert any("Pendling mellom kommunane i Hallingdal" in h.value for h in at.subheader)
    grids = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    grids = [g for g in grids if g["data"][0]["type"] == "heatmap"]
    assert len(grids) == 1
    # the largest flow between two of the six in the snapshot: 296 living in Ål and working in Gol (2022)
    assert grids[0]["layout"]["title"]["text"].startswith("Den største straumen i Hallingdal går frå Ål til Gol")
    cells = dict(zip(grids[0]["data"][0]["y"], grids[0]["data"][0]["text"], strict=True))
    assert cells["Ål"][2] == "296"  # column 2 = Gol
    assert cells["Gol"][2] == "–"  # the diagonal is empty


def test_industry_view_after_a_refresh(tmp_path, monkeypatch):
    for name in ("employment", "commuting"):
        shutil.copytree(ROOT / "data_cache" / name, tmp_path / name)
    rows = []
    for index, code in enumerate(active_region().member_codes):
        for period, tourism in ((2021, 100 + index), (2022, 120 + index)):
            rows.append((code, region_name(code), "55-56", "Overnatting og servering", period, float(tourism), ""))
    frame = pd.DataFrame(rows, columns=["region_code", "region_name", "industry", "industry_name", "period", "value",
                                        "status"])
    write_dataset(Dataset(frame, Provenance(dataset="jobs_by_industry", title="t", source="Test", table_id="13470")),
                  tmp_path)
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(tmp_path))
    at = run_page("hallingdal", section="Næringar")
    assert not at.exception
    # +20 in each of the six municipalities
    assert "Overnatting og servering har fått flest nye arbeidsplassar i Hallingdal: +120 frå 2021 til 2022" in (
        chart_titles(at)
    )
    assert "python -m indicators refresh jobs_by_industry" not in page_text(at)


# --- the goal: read from plan/goals.toml, assessed as the goal board assesses it ------------------------------


def goals_copy(tmp_path: Path, *, baseline: int | None) -> Path:
    """plan/goals.toml with the jobs goal's baseline year changed, or without the goal (baseline None)."""
    text = (ROOT / "plan" / "goals.toml").read_text(encoding="utf-8")
    start = text.rindex("[[goals]]", 0, text.index('indicator = "jobs_total"'))
    end = text.index("[[goals]]", start + 1)
    block = text[start:end]
    block = "" if baseline is None else block.replace("baseline_period = 2021", f"baseline_period = {baseline}")
    path = tmp_path / "goals.toml"
    path.write_text(text[:start] + block + text[end:], encoding="utf-8")
    return path


@pytest.fixture
def use_goals_file(plan_copy):
    """Use another goals file as the region's plan (a copy of the plan folder is the active region)."""

    def use(path: Path) -> None:
        shutil.copyfile(path, plan_copy / "goals.toml")

    return use


@pytest.mark.parametrize("region", ["hallingdal", "3320"])
def test_goal_status_is_the_one_the_goal_board_computes(region):
    at = run_page(region)
    goal = load_plan().measured_by("jobs_total")
    assert goal is not None
    result = evaluate_goal(goal, region)
    block = goal_block(at)
    assert block.count('class="status-badge') == 1  # the statistics' verdict; the secretariat has none here
    assert STATUS_LABELS[result.status] in as_read(block)
    assert key_figures(at)[1][1].replace("\u00a0", " ").startswith(format_signed(result.change).replace("\u00a0", " "))


def test_baseline_year_comes_from_goals_toml(tmp_path, use_goals_file):
    use_goals_file(goals_copy(tmp_path, baseline=2019))
    at = run_page("3326")
    assert not at.exception
    assert key_figures(at)[1][0] == "Endring sidan 4. kvartal 2019"
    assert any(t.startswith("Arbeidsplassane i Hemsedal") and t.endswith("sidan 2019") for t in chart_titles(at))
    assert "Utgangspunktet er 4. kvartal 2019" in as_read(goal_block(at))  # the rule beside the statuses


def test_missing_goal_is_said_plainly(tmp_path, use_goals_file):
    use_goals_file(goals_copy(tmp_path, baseline=None))
    at = run_page("hallingdal")
    assert not at.exception
    assert any("«Fleire arbeidsplassar» står ikkje i plan/goals.toml" in i.value for i in at.info)
    assert any("indikatoren «jobs_total»" in i.value for i in at.info)
    assert f"**{words.GOAL_HEADING}**" in [m.value for m in at.markdown]  # the heading stays, over the reason
    assert not any(label.startswith("Endring sidan") for label, _, _ in key_figures(at))
    assert not any("status-badge" in text for text in [*(m.value for m in at.markdown), *html_blocks(at)])
    assert goal_block(at) == ""  # no rule for a goal the page cannot assess
    assert [label for label, _, _ in key_figures(at)] == ["Arbeidsplassar, 4. kvartal 2022"]  # the figures still show
    assert "Arbeidsplassar i Hallingdal" in chart_titles(at)


@pytest.mark.parametrize("size", [2, 9])
@pytest.mark.parametrize("region", ["testdal", "9102"])
def test_page_renders_for_a_region_of_any_size_in_its_own_words(tmp_path, monkeypatch, size, region):
    build_other_region(tmp_path, size, monkeypatch)
    titles: list[str] = []
    shown_parts: list[str] = []
    for section, at in every_section(region, jobs_view="kommunar").items():
        assert not at.exception, section
        assert at.title[0].value == f"Arbeidsplassar – {region_name(region)}"
        titles += chart_titles(at)
        shown_parts += [page_text(at), *(h.value for h in (*at.header, *at.subheader))]
    assert len(titles) >= 5
    shown = " ".join([*titles, *shown_parts])
    assert "Testdal" in shown
    for word in ("Hallingdal", "Hemsedal", "seks kommunane"):
        assert word not in shown


def test_the_goal_rule_is_beside_the_statuses_behind_a_disclosure():
    """«Korleis målet blir vurdert» beside the goal's statuses: the plan's rule for the goal, with its baseline year,
    in a <details> the browser opens without a rerun (an expander under the chart before)."""
    at = run_page("hallingdal")
    goal = load_plan().measured_by("jobs_total")
    assert goal is not None
    name, rule = words.rule_parts(goal)
    block = goal_block(at)
    disclosure = block[block.index('<details class="goal-rule">'):]
    assert f"<summary>{words.RULE_LABEL}</summary>" in disclosure
    assert as_read(disclosure).split() == f"{words.RULE_LABEL} {name}. {rule}".split()
    assert "Utgangspunktet er 4. kvartal 2021" in rule
    assert not at.expander


def test_the_figures_the_goal_and_its_rule_are_one_element():
    """Figures, goal heading, both statuses and the rule: one HTML element, no columns around them and no markdown
    block of HTML (issue 20: fewer components to build as the page opens)."""
    at = run_page("hallingdal")
    blocks = [body for body in html_blocks(at) if words.GOAL_HEADING in body]
    assert len(blocks) == 1
    assert all(part in blocks[0] for part in ('class="key-figures', 'class="goal-status', 'class="goal-rule'))
    assert not at.columns
    assert not [m for m in at.markdown if "goal-status" in m.value]
