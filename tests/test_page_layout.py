"""Page layout (issue 20): what comes first, what stays in view, and controls drawn only with something to choose."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from indicators.present.texts import actions as action_words
from indicators.present.texts import part_time as part_time_words
from indicators.progress import STATUS_ICONS
from tests.apptest_harness import key_figures

TIMEOUT = 60
ROOT = Path(__file__).resolve().parent.parent


def _one_year_page() -> None:
    from ui.controls import year_choice

    year_choice("År", ["2022"], param="year", default="2022")


def _two_year_page() -> None:
    from ui.controls import year_choice

    year_choice("År", ["2021", "2022"], param="year", default="2022")


def test_a_single_year_is_a_caption_not_a_slider():
    at = AppTest.from_function(_one_year_page, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert len(at.select_slider) == 0
    assert [c.value for c in at.caption] == ["År: 2022"]
    at = AppTest.from_function(_two_year_page, default_timeout=TIMEOUT).run()
    assert len(at.select_slider) == 1 and at.select_slider[0].value == "2022"


def test_actions_show_number_and_status_first_and_each_action_in_full():
    at = AppTest.from_file(str(ROOT / "pages/handlingsprogram.py"), default_timeout=TIMEOUT).run()
    assert not at.exception
    table = at.dataframe[0]
    assert list(table.proto.column_order)[:3] == ["Nr.", "Status", "Tiltak"]
    icons = set(STATUS_ICONS.values())
    assert all(cell.split(" ", 1)[0] in icons for cell in table.value["Status"])  # icon and word, not colour
    assert action_words.DETAIL_HEADING in [s.value for s in at.subheader]
    first_text = str(table.value["Tiltak"].iloc[0])
    detail = " ".join(m.value for m in at.markdown)
    assert first_text.split(" ")[0] in detail and "**Status:**" in detail


def test_part_time_says_people_per_day_against_residents_before_the_form():
    """The key message opens the page; the six-field form is a section of its own, not built on the first open
    (issue 20: its text inputs and button cost the opening their code)."""
    at = AppTest.from_file(str(ROOT / "pages/deltidsinnbyggjarar.py"), default_timeout=TIMEOUT).run()
    assert not at.exception
    assert [tab.label for tab in at.tabs] == [part_time_words.SECTION_COMPARISON, part_time_words.SECTION_CALCULATION,
                                              part_time_words.SECTION_CONTEXT]
    labels = [label for label, _, _ in key_figures(at)]
    assert labels[0] == part_time_words.METRIC_PER_DAY and labels[1].startswith("Registrert folketal")
    assert not at.text_input and not at.table and not at.toggle
    assert "part_time_reset" not in [b.key for b in at.button]
    at = AppTest.from_file(str(ROOT / "pages/deltidsinnbyggjarar.py"), default_timeout=TIMEOUT)
    at.query_params["section"] = part_time_words.SECTION_CALCULATION
    at.run()
    assert part_time_words.HEADER_ASSUMPTIONS in [h.value for h in at.header] and len(at.text_input) == 6
