"""Deep links: every page restores its state from the URL and writes the same state back; hostile links
fall back to defaults with a short notice and never an exception.

The app runs through streamlit_app.py (sidebar region picker, navigation) on the committed data_cache snapshot:
opened on the default page first (as a browser opening the link would run the sidebar), then switched to
the page under test. Pages that exist but are not listed in PAGE_STATE still get the region round-trip
and the hostile-link test.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from indicators.present.texts import jobs as jobs_words
from indicators.present.texts import population as population_words

ROOT = Path(__file__).resolve().parent.parent
PAGES_DIR = ROOT / "pages"
DEFAULT_PAGE = "oversikt.py"
TIMEOUT = 180

# page file -> URL parameters with a non-default value each (the state a shared link carries)
PAGE_STATE: dict[str, dict[str, str]] = {
    "oversikt.py": {"area": "klima", "status": "no_data"},
    "folketal.py": {"view": "indeks", "base_year": "2015", "ages": "15-74", "groups": "fine", "year": "2010"},
    "arbeidsplassar.py": {"commuting_year": "2019"},
    "handlingsprogram.py": {"actions_area": "klima", "actions_status": "in_progress"},
    "motemodus.py": {"goals": "attr-yrkesaktiv-alder,naer-nyetablerte", "charts": "population_total", "step": "2"},
}
# Pages drawn in sections (tabs, ui/sections.py; only the open one is drawn): section label -> its parameters.
# Each section's parameters are checked with a link that opens that section.
SECTION_PARAMS: dict[str, dict[str, list[str]]] = {
    "folketal.py": {
        population_words.SECTION_TREND: ["view", "base_year"],
        population_words.SECTION_WORKING_AGE: ["ages"],
        population_words.SECTION_AGE_GROUPS: ["groups"],
        population_words.SECTION_PYRAMID: ["year"],
    },
    "arbeidsplassar.py": {
        jobs_words.SECTION_COMMUTING: ["commuting_year"],
        jobs_words.SECTION_FLOWS: ["commuting_year", "flows"],
    },
}
# free-text parameters: any text is a valid search, so only a too-long value is refused
PAGE_TEXT_STATE: dict[str, dict[str, str]] = {"handlingsprogram.py": {"actions_search": "klima"}}
# region 3320 (Flå) except where a page needs another region to show a parameter
PAGE_REGION: dict[str, str] = {"arbeidsplassar.py": "3328"}
JOBS_REGION_ONLY_PARAM = {"flows": "hallingdal"}  # shown for a municipality, not for Hallingdal as a whole

HOSTILE_VALUES = [
    "9" * 5000,  # far too long
    "<script>alert('x')</script>",
    "'; DROP TABLE goals; --",
    "Ål\u202e\u200b😀",  # unicode: right-to-left override, zero-width space, emoji
    "../../etc/passwd",
]

page_files = sorted(p.name for p in PAGES_DIR.glob("*.py"))


def _registered(page: str) -> bool:
    from ui.navigation import PAGE_TABLE

    return any(entry.file == f"pages/{page}" for entry in PAGE_TABLE)


def _link_notices(at: AppTest) -> list[str]:
    return [n.value for n in at.info if n.value.startswith("Lenkja")]


def open_page(page: str, params: dict[str, str | list[str]]) -> tuple[AppTest, list[str]]:
    """Open `page` as a link with `params` would; returns the app and every link notice shown on the way."""
    if not _registered(page):
        at = AppTest.from_file(str(PAGES_DIR / page), default_timeout=TIMEOUT)
        at.query_params.update(params)
        at.run()
        return at, _link_notices(at)
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    at.query_params.update(params)
    at.run()
    notices = _link_notices(at)
    if page != DEFAULT_PAGE:
        at.switch_page(f"pages/{page}")
        at.run()
        notices += _link_notices(at)
    return at, notices


def widget_value(at: AppTest, param: str):
    """The value of the widget (or the stepped state) that owns URL parameter `param`: a hand-made synced widget
    (key url_<param>) or one bound by Streamlit (key <param>, ui.state.bound_choice)."""
    key = f"url_{param}"
    for widget_key in (key, param):
        for kind in ("selectbox", "radio", "select_slider", "multiselect", "slider"):
            try:
                return getattr(at, kind)(key=widget_key).value
            except KeyError:
                continue
    try:
        return at.text_input(key=param).value  # free text keeps its own key
    except KeyError:
        return at.session_state[key]  # state without a widget, e.g. the meeting's slide number


def as_url_value(value) -> str:
    if isinstance(value, list | tuple):
        return ",".join(str(v) for v in value)
    return str(value)


def test_every_page_file_is_covered():
    """A new page must be added to PAGE_STATE (or knowingly left with the region only)."""
    # about: nothing to choose; part_time: its inputs are what-if numbers, not view state; climate: its one
    # parameter (sector_view) appears only once emissions figures are imported, and the snapshot has none;
    # reporting: its parameters (section, item) exist only for a signed-in editor (tests/test_page_reporting.py)
    region_only = {"om.py", "deltidsinnbyggjarar.py", "klima.py", "rapportering.py"}
    missing = [p for p in page_files if p not in PAGE_STATE and p not in region_only]
    assert not missing, f"legg sidene til i PAGE_STATE: {missing}"


def by_section(page: str, params: list[str]) -> list[tuple[dict[str, str], list[str]]]:
    """The links that together show every parameter of `params`: one per section for a page drawn in sections
    (the section's own parameters, with the link opening that section), else one link with all of them."""
    sections = SECTION_PARAMS.get(page)
    if sections is None:
        return [({}, params)]
    covered = {p for listed in sections.values() for p in listed}
    assert not set(params) - covered, f"legg parametrane til i SECTION_PARAMS: {set(params) - covered}"
    return [({"section": label}, [p for p in params if p in listed]) for label, listed in sections.items()]


@pytest.mark.parametrize("page", page_files)
def test_state_round_trips_through_the_url(page):
    region = PAGE_REGION.get(page, "3320")
    everything = dict(PAGE_STATE.get(page, {})) | PAGE_TEXT_STATE.get(page, {})
    if page == "arbeidsplassar.py":
        everything.update(JOBS_REGION_ONLY_PARAM)
    for section, params in by_section(page, list(everything)):
        state = {param: everything[param] for param in params}
        at, notices = open_page(page, {"region": region, **section, **state})

        assert not at.exception, at.exception
        assert notices == [], notices
        assert at.session_state["url_region"] == region
        assert at.query_params["region"] == region
        for param, value in state.items():
            assert as_url_value(widget_value(at, param)) == value, (section, param)
            assert at.query_params[param] == value, (section, param)


@pytest.mark.parametrize("page", page_files)
def test_hostile_parameters_fall_back_to_defaults_with_a_notice(page):
    region = PAGE_REGION.get(page, "3320")
    all_params = list(PAGE_STATE.get(page, {}))
    texts = list(PAGE_TEXT_STATE.get(page, {}))
    if page == "arbeidsplassar.py":
        all_params += list(JOBS_REGION_ONLY_PARAM)
    for section, section_params in by_section(page, all_params):
        baseline, _ = open_page(page, {"region": region, **section})
        # a parameter whose widget only shows for another choice (population's base_year needs view=indeks)
        # is covered by the round-trip test instead
        params = [p for p in section_params if f"url_{p}" in baseline.session_state or p in baseline.session_state]
        defaults = {p: widget_value(baseline, p) for p in params + texts}

        hostile: dict[str, str | list[str]] = {"region": region, **section}
        for index, param in enumerate(params):
            hostile[param] = HOSTILE_VALUES[index % len(HOSTILE_VALUES)]
        if params:  # and one parameter given twice
            hostile[params[-1]] = [str(defaults[params[-1]]), "x"]
        for param in texts:
            hostile[param] = HOSTILE_VALUES[0]
        at, notices = open_page(page, hostile)

        assert not at.exception, at.exception
        for param in params:
            assert widget_value(at, param) == defaults[param], (section, param)
            # a bound parameter (ui.state.bound_choice) leaves the default out of the URL
            shown = at.query_params.get(param, as_url_value(defaults[param]) if param in at.session_state else None)
            assert shown == as_url_value(defaults[param]), (section, param)
            assert any(f"«{param}»" in text for text in notices), (section, param, notices)
        for param in texts:
            assert widget_value(at, param) == defaults[param], param
            assert any(f"«{param}»" in text for text in notices), (param, notices)
        for text in notices:
            assert "<script>" not in text and "\u202e" not in text and len(text) < 300


@pytest.mark.parametrize("bad_region", ["9999", "<b>hallingdal</b>", "x" * 1000, "hallingdal\u0000"])
def test_unknown_region_shows_hallingdal_with_a_notice(bad_region):
    at, notices = open_page(DEFAULT_PAGE, {"region": bad_region})
    assert not at.exception
    assert at.session_state["url_region"] == "hallingdal"
    assert at.query_params["region"] == "hallingdal"
    assert any("«region»" in text for text in notices)


def test_repeated_region_key_is_not_guessed():
    at, notices = open_page(DEFAULT_PAGE, {"region": ["3320", "3330"]})
    assert not at.exception
    assert at.session_state["url_region"] == "hallingdal"
    assert any("fleire gonger" in text for text in notices)


# --- widgets the browser has not mounted ------------------------------------------------------------------------


def _widgets_in_a_popover() -> None:
    """Synced widgets inside a closed popover (as in Møtemodus) and a button that only reruns the page."""
    import streamlit as st

    from ui.state import synced_multiselect, synced_select

    with st.popover("Val"):
        synced_multiselect("Mål", ["a", "b", "c", "d"], param="goals", default=["a"])
        synced_select("Region", ["x", "y", "z"], param="place", default="x")
    st.button("Neste", key="next")


def _as_the_browser_mounts(widget) -> list[str] | str:
    """The value a browser shows when it first mounts a widget after this run (say the popover is opened
    now): the value the run sent with it, else the widget's default. A widget never mounted keeps no value of
    its own in the browser."""
    proto = widget.proto
    if hasattr(proto, "raw_values"):
        return list(proto.raw_values) if proto.set_value else [proto.options[i] for i in proto.default]
    return proto.raw_value if proto.set_value else proto.options[proto.default]


def test_synced_widgets_send_their_value_on_every_run():
    at = AppTest.from_function(_widgets_in_a_popover, default_timeout=TIMEOUT)
    at.query_params.update({"goals": "c,b", "place": "z"})
    at.run()
    for _ in range(2):  # reruns caused by something else (a button), not by the widgets
        at.button(key="next").click().run()
        assert not at.exception, at.exception
        assert _as_the_browser_mounts(at.multiselect(key="url_goals")) == ["c", "b"]
        assert _as_the_browser_mounts(at.selectbox(key="url_place")) == "z"
    at.multiselect(key="url_goals").select("a").run()
    at.button(key="next").click().run()
    assert _as_the_browser_mounts(at.multiselect(key="url_goals")) == ["c", "b", "a"]
    assert at.query_params["goals"] == "c,b,a"
    assert at.multiselect(key="url_goals").proto.select_all == 0  # no English «Select all»


def _multiselect_with_hidden_values() -> None:
    from ui.state import show_url_notices, synced_multiselect

    synced_multiselect("Diagram", ["a", "b"], param="charts", default=[], also_valid=["a", "b", "later"])
    show_url_notices()


def test_a_valid_value_that_is_not_offered_stays_while_chosen():
    at = AppTest.from_function(_multiselect_with_hidden_values, default_timeout=TIMEOUT)
    at.query_params.update({"charts": "later,a"})
    at.run()
    widget = at.multiselect(key="url_charts")
    assert widget.value == ["later", "a"] and widget.options == ["a", "b", "later"]
    assert not at.info  # a known value is no fault in the link
    widget.unselect("later").run()
    assert at.query_params["charts"] == "a"
    assert at.multiselect(key="url_charts").options == ["a", "b"]  # no longer offered once removed
    at = AppTest.from_function(_multiselect_with_hidden_values, default_timeout=TIMEOUT)
    at.query_params.update({"charts": "unknown,b"})
    at.run()
    assert at.multiselect(key="url_charts").value == ["b"]
    assert any("«charts»" in n.value for n in at.info)


def _legacy_params_app() -> None:
    import streamlit as st

    from ui.state import adopt_legacy_params

    adopt_legacy_params()
    st.write(dict(st.query_params.to_dict()))


def test_links_with_the_first_release_parameter_names_still_work():
    at = AppTest.from_function(_legacy_params_app)
    at.query_params["straumar"] = "rest"
    at.query_params["pendling_aar"] = "2019"
    at.query_params["sector_view"] = "share"
    at.query_params["sektor_vis"] = "total"  # both names: today's wins
    at.run()
    assert not at.exception
    assert at.query_params["flows"] == "rest"
    assert at.query_params["commuting_year"] == "2019"
    assert at.query_params["sector_view"] == "share"
    assert "straumar" not in at.query_params
    assert "sektor_vis" not in at.query_params


def _bound_year_page() -> None:
    from ui.controls import year_choice
    from ui.state import show_url_notices

    year_choice("År", ["2020", "2021", "2022"], param="year", default="2022")
    show_url_notices()


@pytest.mark.parametrize(("link", "shown", "noticed"), [
    ("2020", "2020", False),
    ("<script>", "2022", True),
    (["2020", "2021"], "2022", True),  # repeated: not guessed
    ("9" * 5000, "2022", True),
])
def test_a_bound_choice_reads_the_link_and_tells_about_a_bad_one(link, shown, noticed):
    """Streamlit's binding (ui.state.bound_choice) restores the value from the link, leaves the default out of the
    URL, and the shim adds the «Lenkja …» notice Streamlit does not give."""
    at = AppTest.from_function(_bound_year_page, default_timeout=TIMEOUT)
    at.query_params["year"] = link
    at.run()
    assert not at.exception
    assert at.select_slider(key="year").value == shown
    assert at.query_params.get("year") == (shown if shown != "2022" else None)
    assert bool(_link_notices(at)) == noticed
    at.select_slider(key="year").set_value("2021").run()  # the user's choice wins over the link (the browser
    assert at.select_slider(key="year").value == "2021"  # writes it to the URL: tests/test_browser.py)
    assert not _link_notices(at)

