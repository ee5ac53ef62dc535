"""Every page in Bokmål and English, through streamlit_app.py in AppTest: it opens without an exception and
without an error box. (Deltidsinnbyggjarar in English once showed only «must be a whole number … (got
«46,724»)»: its fields show numbers in the page's language, and the reader took only Norwegian grouping.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ui.navigation import PAGE_TABLE

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("language", ["nb", "en"])
@pytest.mark.parametrize("entry", PAGE_TABLE, ids=[entry.url_path for entry in PAGE_TABLE])
def test_every_page_opens_without_an_error_in_each_language(entry, language):
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    at.query_params["lang"] = language
    if entry != PAGE_TABLE[0]:
        at.switch_page(entry.file)
    at.run()
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == []
    assert at.query_params["lang"] == language
