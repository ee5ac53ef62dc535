"""The dashboard's server: `streamlit run dashboard.py` (or any ASGI server: `uvicorn dashboard:app`).

It serves streamlit_app.py (page config, navigation, the shared sidebar and footer) through Streamlit's `st.App`,
with one addition: the page tells Streamlit's frontend where the server is, so a page opened by its own address
(/folketal) connects at once instead of probing /folketal first (ui/backend_address.py).
"""

from __future__ import annotations

import streamlit as st
from starlette.middleware import Middleware

from ui.backend_address import BackendAddress
from ui.navigation import PAGE_URL_PATHS

app = st.App("streamlit_app.py", middleware=[Middleware(BackendAddress, page_paths=PAGE_URL_PATHS)])
