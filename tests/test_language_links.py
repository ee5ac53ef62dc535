"""The language choice as three links (ui/language.py): the URL's ?lang= decides, else the session's language; the
links carry the view's parameters; a link's unknown language is said, not obeyed.
Through streamlit_app.py in AppTest."""

from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from indicators.present.texts import links

ROOT = Path(__file__).resolve().parent.parent


def _app(**params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    at.query_params.update(params)
    at.switch_page("pages/folketal.py")
    at.run()
    assert not at.exception, at.exception
    return at


def _links(at: AppTest) -> str:
    return "".join(h.proto.body for h in at.sidebar.get("html") if "data-app-language" in h.proto.body)


def test_the_links_mark_the_current_language_and_stay_the_same_when_the_region_changes():
    at = _app(region="3324", view="indeks", lang="nb")
    html = _links(at)
    assert '<strong aria-current="true" lang="nb">Bokmål</strong>' in html
    hrefs = dict(re.findall(r'href="([^"]+)" hreflang="(\w+)"', html))
    assert hrefs == {"?lang=nn": "nn", "?lang=en": "en"}  # the page script adds the view's parameters
    assert not re.search(r"<a [^>]*target=\"_blank\"", html)  # the same tab: a language is not a new window
    at.sidebar.selectbox(key="url_region").set_value("3330").run()
    assert _links(at) == html  # unchanged: the browser does not draw it again on a region change


def test_the_address_decides_and_the_session_carries_it_to_the_next_page():
    at = _app(lang="en")
    assert at.title[0].value.startswith("Population")
    at.query_params["lang"] = "nb"  # a language link just clicked
    at.run()
    assert at.title[0].value.startswith("Folketall")
    at.query_params.clear()  # another page from the menu: no parameters in its address
    at.switch_page("pages/arbeidsplassar.py")
    at.run()
    assert at.title[0].value.startswith("Arbeidsplasser")
    assert at.query_params["lang"] == "nb"  # written back, so a copied link opens in Bokmål


def test_an_unknown_language_in_a_link_is_said_and_the_page_stays_readable():
    at = _app(lang="<b>tysk</b>")
    assert at.title[0].value.startswith("Folketal")  # the region's own language
    said = [n.value for n in at.info]
    assert said == [links.UNKNOWN.format(param="lang", value="?b?tysk??b?")]
    assert at.query_params["lang"] == "nn"
