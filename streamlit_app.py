"""The regional plan's indicator dashboard: page config, navigation, the shared sidebar and footer.

Run: streamlit run dashboard.py (the server, which serves this script; AppTest runs this file directly).
"""

from __future__ import annotations

import streamlit as st

from indicators import cache, plan_files
from indicators.errors import APP_TITLE_WITHOUT_REGION
from indicators.goals import GoalFileError
from indicators.model import DataShapeError
from indicators.part_time import PartTimeFileError
from indicators.plan_actions import ActionsFileError
from indicators.present import texts
from indicators.present.texts import common
from indicators.regions import NoPlanError, RegionFileError, active_region
from ui.footer import footer_text
from ui.language import keep_language, language_html, start_run
from ui.memory import freeze_long_lived_objects
from ui.navigation import MENU_ONLY_SIDEBAR, app_pages
from ui.operator import for_reader, operator_hint
from ui.plan_notice import NoFiguresError, show_no_figures, show_no_plan
from ui.sidebar import keep_region, region_picker
from ui.state import adopt_legacy_params, show_url_notices
from ui.style import apply_app_style

freeze_long_lived_objects()  # see ui/memory.py: keeps Streamlit's collection after each run cheap
start_run()  # the run's language (?lang=, the picker, else the region file's): every text below reads in it

# Every page needs the region file: if it cannot be read, every page shows the one message saying why.
region_problem: RegionFileError | None = None
try:
    active_region()
except RegionFileError as exc:
    region_problem = exc

st.set_page_config(
    page_title=(APP_TITLE_WITHOUT_REGION if region_problem is not None
                else texts.fill(common.APP_TITLE if active_region().has_plan else common.APP_TITLE_NO_PLAN)),
    page_icon="📊",  # an emoji is drawn in the browser; a :material: icon would be fetched from Google
    layout="wide",
    # "auto": open on a wide screen, closed on a phone (open, it covered 80 % of a 390 px screen and hid the page)
    initial_sidebar_state="auto",
)

adopt_legacy_params()
navigation = st.navigation(app_pages(common.PAGE_TITLES))
apply_app_style()
if region_problem is not None:
    st.error(plan_files.explain(region_problem), icon="⚠️")
    st.stop()
# Meeting mode's sidebar holds the page menu only (ui/navigation.py): its region stays as chosen, and its language
# links sit under «Vel innhald for møtet»
menu_only = navigation.url_path in MENU_ONLY_SIDEBAR
if menu_only:
    keep_region()
else:
    region_picker()
keep_language()


# Problems in the data or plan files that a page cannot work around: a message, never a traceback.
FILE_ERRORS = (cache.CacheError, GoalFileError, ActionsFileError, PartTimeFileError, DataShapeError)


def sidebar_footer() -> None:
    """The language links and, under them, the sources and the newest figures: one element (ui/language.py)."""
    try:
        sources = footer_text(active_region().id)
    except FILE_ERRORS as exc:
        sources = common.FOOTER_FALLBACK.format(problem=plan_files.explain(exc))
    st.sidebar.html(language_html(sources))


if not menu_only:
    sidebar_footer()
show_url_notices()
try:
    navigation.run()
except NoPlanError:  # a page of the plan, for a region with members only
    show_no_plan()
except NoFiguresError as exc:  # a chart page, for municipalities the data snapshot has no figures for
    show_no_figures(exc)
except FILE_ERRORS as exc:
    st.error(common.PAGE_CANNOT_SHOW.format(problem=for_reader(plan_files.explain(exc))), icon="⚠️")
    if not plan_files.is_plan_file_error(exc):  # a plan file's message says itself what to do
        st.caption(texts.fill(common.PAGE_CANNOT_SHOW_HELP))
        operator_hint(common.PAGE_CANNOT_SHOW_OPERATOR)
show_url_notices()
