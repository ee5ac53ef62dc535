"""Comparisons with other places on the real all-municipality excerpt (tests/fixtures/all_municipalities): what
«Samanlikn med» offers, ranks, similar places, the comparison charts and the pages that show them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from indicators import peers
from indicators.model import Provenance
from indicators.population import working_age_population
from indicators.present import peer_charts
from tests import written_once
from tests.all_municipalities_cache import shared_cache

ROOT = Path(__file__).resolve().parent.parent
EXCERPT_MUNICIPALITIES = 20
PEERS = ("valdres", "nord-gudbrandsdal", "nord-osterdal", "numedal", "vest-telemark", "setesdal")


@pytest.fixture(scope="module")
def excerpt_cache() -> Path:
    return shared_cache()  # built once per test process; these tests only read it


@pytest.fixture(scope="module")
def _peers_database(tmp_path_factory) -> str:
    """A migrated database of this module's own (a copy of one migrated once per process: tests/written_once.py),
    shared by its tests: they only read it, so the app's caches keyed on it are shared as between sessions."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("REGION_CONFIG", raising=False)  # the project's region, as the tests run it
        return written_once.migrated_sqlite(tmp_path_factory.mktemp("peers") / "followup.sqlite3")


@pytest.fixture
def peers_cache(excerpt_cache, _peers_database, monkeypatch) -> Path:
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(excerpt_cache))
    monkeypatch.setenv("DATABASE_URL", _peers_database)
    return excerpt_cache


def test_compare_with_offers_county_country_peers_and_every_municipality(peers_cache):
    options = peers.comparison_options()
    assert [(o.code, o.kind) for o in options[:2]] == [("33", "county"), ("0", "country")]
    assert tuple(o.code for o in options[2:8]) == PEERS
    municipalities = [o for o in options if o.kind == "municipality"]
    assert len(municipalities) == EXCERPT_MUNICIPALITIES
    assert [o.name for o in municipalities] == sorted(o.name for o in municipalities)
    assert "Sør-Aurdal" in {o.name for o in municipalities}


def test_growth_ranks_among_municipalities_agree_with_the_figures(peers_cache):
    table = peers.growth_ranks("20-64", 2022, 2026)
    estimated = set(table.loc[table["estimated"], "region_code"])
    assert "1508" in estimated  # Ålesund: its 2022 figure is apportioned (split in 2024), so it is not ranked
    assert table.set_index("region_code").loc[list(estimated), "position"].isna().all()
    assert set(table["total"]) == {EXCERPT_MUNICIPALITIES - len(estimated)}
    frame = working_age_population("3326", ages="20-64")
    values = frame.set_index("period")["value"]
    hemsedal = table.set_index("region_code").loc["3326"]
    assert hemsedal["value"] == pytest.approx(values[2026] / values[2022] - 1)
    faster = (table.loc[~table["estimated"], "value"] > hemsedal["value"]).sum()
    assert hemsedal["position"] == faster + 1


def test_growth_ranks_among_the_region_and_its_peers(peers_cache):
    table = peers.growth_ranks("0-105", 2022, 2026, scope="regions")
    # the excerpt holds every member of Hallingdal, Valdres and Numedal only: the others are left out of the count
    assert set(table["region_code"]) == {"hallingdal", "valdres", "numedal"}
    assert set(table["total"]) == {3}
    assert sorted(table["position"]) == [1, 2, 3]


def test_similar_places_are_measured_and_their_distances_stated(peers_cache):
    measures = peers.similarity_measures()
    assert len(measures.municipalities) == EXCERPT_MUNICIPALITIES
    regions = measures.similar_regions("hallingdal")
    assert set(regions["region_code"]) == {"valdres", "numedal"}
    assert regions["distance"].is_monotonic_increasing
    hallingdal = measures.regions.set_index("region_code").loc["hallingdal"]
    assert hallingdal["year"] == 2026 and hallingdal["growth_from"] == 2016
    nearest = measures.similar_municipalities("3326", count=3)
    assert len(nearest) == 3 and "3326" not in set(nearest["region_code"])


def _provenance() -> Provenance:
    return Provenance(dataset="population", title="Folkemengd", source="Statistisk sentralbyrå", table_id="07459")


def test_the_indexed_comparison_chart_says_its_message_and_marks_estimates():
    rows = [(code, name, year, value, estimated)
            for code, name, values, estimated in (("r", "Regionen", (100, 110), False), ("p", "Peer", (200, 210), True))
            for year, value in zip((2020, 2026), values, strict=True)]
    frame = pd.DataFrame(rows, columns=["region_code", "region_name", "period", "value", "estimated"])
    chart = peer_charts.indexed_comparison("r", ("p",), frame, [_provenance()], 2020, "Eksport {base_year}", "k")
    title = chart.figure.layout.title.text.replace("<br>", " ")
    assert title.startswith("Regionen: 110,0 i 2026 (2020 = 100)")
    assert "høgast av dei andre valde: Peer (105,0)" in title
    assert set(chart.data["region_code"]) == {"r", "p"}
    assert chart.data.set_index(["region_code", "period"])["value"][("p", 2026)] == pytest.approx(105)
    source = " ".join(a.text for a in chart.figure.layout.annotations)
    assert "berekna etter grensene i 2024" in source
    assert "Statistisk sentralbyrå" in source
    assert chart.title == "Eksport 2020"


def _page(path: str, params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=180)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(path)
    at.run()
    assert not at.exception, at.exception
    return at


def _chart_titles(at: AppTest) -> list[str]:
    return [json.loads(c.proto.spec)["layout"]["title"]["text"].replace("<br>", " ") for c in at.get("plotly_chart")]


def _trace_names(at: AppTest) -> list[str]:
    return [t.get("name") for c in at.get("plotly_chart") for t in json.loads(c.proto.spec)["data"]]


def test_folketal_compares_with_a_peer_and_a_split_municipality(peers_cache):
    at = _page("pages/folketal.py", {"view": "indeks", "compare": "0,valdres,1508"})
    assert at.multiselect[0].label == "Samanlikn med"
    assert at.multiselect[0].value == ["0", "valdres", "1508"]
    names = _trace_names(at)
    assert {"Hallingdal", "Noreg", "Valdres", "Ålesund"} <= set(names)
    assert any("(2022 = 100)" in title for title in _chart_titles(at))


def test_arbeidsplassar_compares_per_resident(peers_cache):
    at = _page("pages/arbeidsplassar.py", {"jobs_view": "samanlikn", "jobs_measure": "per_100",
                                            "compare": "valdres,numedal", "region": "3326"})
    assert {"Hemsedal", "Valdres", "Numedal"} <= set(_trace_names(at))
    assert any("per 100 innbyggjarar 15–74 år" in title for title in _chart_titles(at))


def test_arbeidsplassar_compares_indexed(peers_cache):
    at = _page("pages/arbeidsplassar.py", {"jobs_view": "samanlikn", "compare": "valdres"})
    assert any("= 100)" in title for title in _chart_titles(at))


def test_folketal_shows_ranks_with_the_caution_only_when_asked(peers_cache):
    at = _page("pages/folketal.py", {"section": "Yrkesaktiv alder", "region": "3326"})
    assert not any("høgaste" in m.value for m in at.markdown)
    at.toggle[0].set_value(True).run()
    lines = [m.value for m in at.markdown if "høgaste" in m.value]
    assert len(lines) == 2
    table = peers.growth_ranks("20-64", 2022, 2026)
    left_out = table[table["estimated"]]
    ranked = EXCERPT_MUNICIPALITIES - len(left_out)
    assert lines[0].startswith("**Hemsedal:**") and f"av {ranked} kommunar 2022–2026" in lines[0]
    note = " og ".join(sorted(left_out["region_name"])) + " er ikkje rangerte: tala før 2024 er berekna"
    assert sum(note in c.value for c in at.caption) == 1  # said once, under both lines
    assert any("ikkje om det er bra eller dårleg" in c.value for c in at.caption)


def test_om_shows_similar_regions_with_method_and_distances(peers_cache):
    at = _page("pages/om.py", {})
    assert any("euklidske" in m.value for m in at.markdown)  # the method is always there
    toggle = next(t for t in at.toggle if "liknar mest" in t.label)
    toggle.set_value(True).run()
    assert not at.exception
    regions = at.dataframe[0].value
    assert list(regions["Stad"])[0] == "Hallingdal"
    assert {"Valdres", "Numedal"} <= set(regions["Stad"])
    assert "Avstand" in regions.columns
    assert any("Storleik: innbyggjarar 1. januar 2026" in m.value for m in at.markdown)


def test_meeting_mode_has_the_region_and_similar_regions_slide(peers_cache):
    at = _page("pages/motemodus.py", {"similar": "1", "goals": ""})
    shown = "\n".join(m.value for m in at.markdown)
    assert "Hallingdal og liknande regionar" in shown
    assert '<table class="meeting-similar"' in shown
    assert "Valdres" in shown and "Numedal" in shown
    assert "Kjelde: Statistisk sentralbyrå" in shown  # the source and data date under the table
    assert "similar" in at.query_params  # the link keeps the slide


def test_meeting_mode_leaves_the_slide_out_by_default(peers_cache):
    at = _page("pages/motemodus.py", {"goals": ""})
    assert "liknande regionar" not in "\n".join(m.value for m in at.markdown if "meeting-headline" in m.value)
    assert "similar" not in at.query_params


def test_the_command_line_exports_ranks_and_similar_places_with_provenance(peers_cache, capsys):
    from io import StringIO

    from indicators.cli import main

    assert main(["export", "growth_ranks", "--ages", "20-64"]) == 0
    ranked = pd.read_csv(StringIO(capsys.readouterr().out), dtype={"region_code": str})
    assert len(ranked) == EXCERPT_MUNICIPALITIES and list(ranked["position"])[0] == 1  # the unranked kept too
    assert set(ranked["source"]) == {"Statistisk sentralbyrå, tabell 07459"}
    assert {"start", "end", "estimated", "retrieved"} <= set(ranked.columns)
    alesund = ranked.set_index("region_code").loc["1508"]  # Ålesund: split in 2024, its 2022 figure apportioned
    assert bool(alesund["estimated"]) and pd.isna(alesund["position"])
    assert alesund["not_ranked"] == "Ikkje rangert: tala før 2024 er berekna etter grensene i 2024."
    counted = ranked["not_ranked"].isna()
    assert set(ranked.loc[counted, "total"]) == {counted.sum()} and ranked.loc[counted, "position"].notna().all()
    assert main(["export", "similar_places"]) == 0
    similar = pd.read_csv(StringIO(capsys.readouterr().out), dtype={"region_code": str})
    assert set(similar["compared_to"]) == {"hallingdal"}
    assert set(similar["kind"]) == {"region", "municipality"}
    assert "11618" in similar["source"].iloc[0] and "03321" in similar["source"].iloc[0]


def test_folketal_compares_the_working_age_share_per_resident(peers_cache):
    at = _page("pages/folketal.py", {"section": "Yrkesaktiv alder", "working_age_view": "share",
                                     "compare": "valdres,numedal"})
    assert {"Hallingdal", "Valdres", "Numedal"} <= set(_trace_names(at))
    title = next(t for t in _chart_titles(at) if "av innbyggjarane er 20–64 år" in t)
    share = re.match(r"Hallingdal: (\d+),\d % av innbyggjarane", title)
    assert share is not None and 40 < int(share.group(1)) < 70  # a share in per cent, not a count


def test_the_share_of_residents_marks_estimates():
    part = pd.DataFrame({"region_code": ["a"], "region_name": ["A"], "period": [2026], "value": [50.0]})
    whole = pd.DataFrame({"region_code": ["a"], "region_name": ["A"], "period": [2026], "value": [200.0],
                          "estimated": [True]})
    share = peer_charts.share_of_residents(part, whole)
    assert share["value"].tolist() == [25.0]
    assert share["estimated"].tolist() == [True]


def test_arbeidsplassar_ranks_jobs_growth_when_asked(peers_cache):
    at = _page("pages/arbeidsplassar.py", {"jobs_view": "samanlikn", "compare": "valdres", "region": "3326"})
    toggle = next(t for t in at.toggle if t.label == "Vis rangering blant alle kommunane")
    toggle.set_value(True).run()
    assert not at.exception
    line = next(m.value for m in at.markdown if "vekst i talet på arbeidsplassar" in m.value)
    left_out = peers.jobs_growth_ranks(2021, 2022)["estimated"].sum()
    assert line.startswith("**Hemsedal:**") and f"av {EXCERPT_MUNICIPALITIES - left_out} kommunar 2021–2022" in line


def test_jobs_growth_ranks_agree_with_the_figures(peers_cache):
    from indicators.jobs import jobs_total

    table = peers.jobs_growth_ranks(2017, 2022)
    values = jobs_total("3326").set_index("period")["value"]
    assert table.set_index("region_code").loc["3326", "value"] == pytest.approx(values[2022] / values[2017] - 1)
    regions = peers.jobs_growth_ranks(2017, 2022, scope="regions")
    assert set(regions["region_code"]) == {"hallingdal", "valdres", "numedal"}


# --- the statusrapport's section (issue 23) ------------------------------------------------------------------


def _report_section(document: str) -> str:
    start = document.index('id="samanlikning"')
    part = re.sub(r"<[^>]+>", " ", document[start:document.index("</section>", start)])
    return " ".join(part.replace("\u00a0", " ").split())


def test_the_status_report_compares_the_region_with_its_peer_regions(peers_cache, monkeypatch, tmp_path):
    """Hallingdal and the peers whose municipalities are in the excerpt (Valdres, Numedal): growth in residents,
    in working age and in jobs with places among them, Kolada's caution, source and date; the peers without figures
    named; the sums are the members' sums; the same in Word."""
    import io

    import docx

    from indicators.present import images
    from indicators.present.report import content_for, render
    from indicators.regions import active_region
    from indicators.report_inputs import read_report_inputs

    monkeypatch.setenv(images.BROWSER_ENV, str(tmp_path / "no-browser"))  # tables only
    images.shutdown()
    inputs = read_report_inputs(active_region().id)
    assert inputs.peers is not None and inputs.peers_problem == ""
    population = inputs.peers.measures[0]
    valdres = population.table.set_index("region_code").loc["valdres"]
    members = peers.population_bands((population.start, population.end), ("0-105",))
    members = members[members["region_code"].isin(active_region().composites["valdres"])]
    assert valdres["start_value"] == members[members["period"] == population.start]["value"].sum()
    assert valdres["end_value"] == members[members["period"] == population.end]["value"].sum()

    content = content_for(inputs)
    anchors = [s.anchor for s in content.sections]
    assert anchors.index("samanlikning") == anchors.index("tiltak") - 1
    section = _report_section(render(content, "html").decode("utf-8"))
    places = re.findall(r"Hallingdal: (\d)\. høgaste (.+?) av 3 regionar (\d{4})–(\d{4})", section)
    assert [m for _, m, _, _ in places] == ["vekst i folketalet", "vekst i yrkesaktiv alder (20–64 år)",
                                             "vekst i talet på arbeidsplassar"], section
    share = f"{valdres['value'] * 100:+.1f}".replace(".", ",").replace("-", "−")
    assert f"Valdres {share} % (" in section  # the table's figure is the sums' change
    assert "Ingen tal i datagrunnlaget for Nord-Gudbrandsdal, Nord-Østerdal, Vest-Telemark, Setesdal" in section
    assert "Kolada" in section and "ikkje om det er bra eller dårleg" in section
    # the jobs column covers other years than the population's: the intro says which, so no one reads them as one
    jobs = inputs.peers.measures[-1]
    assert (jobs.start, jobs.end) != (population.start, population.end)
    assert (f"Periodane er ikkje dei same i alle kolonnane (Folketal {population.start}–{population.end}"
            in section) and f"Arbeidsplassar {jobs.start}–{jobs.end})" in section
    assert re.search(r"Statistisk sentralbyrå, tabell 07459 \((lagra|publisert) \d+\. \w+ \d{4}\)", section)
    word = docx.Document(io.BytesIO(render(content, "docx")))
    text = " ".join(p.text for p in word.paragraphs)
    assert "Hallingdal samanlikna med liknande regionar" in text and "Kolada" in text and "Periodane er" in text
    assert f"Hallingdal: {places[0][0]}. høgaste vekst i folketalet av 3 regionar" in text
    assert any("Valdres" in row.cells[0].text for table in word.tables for row in table.rows)
    images.shutdown()
