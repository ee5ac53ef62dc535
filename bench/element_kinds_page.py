"""The yardstick page of bench/element_kinds.py: browser_ratio.py's minimal page plus one element kind.

`?kind=<name>` adds one element of that kind above the chart (none: the bare one-chart page). It imports nothing
from the project; served from the project folder, so it has the app's `.streamlit/config.toml`.
"""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

FRAME = pd.DataFrame({"Kommune": ["Flå", "Nesbyen", "Gol", "Hemsedal", "Ål", "Hol"],
                      "Folketal": ["1 046", "3 321", "4 645", "2 570", "4 651", "4 421"]})
HTML_TABLE = ("<table><caption>Folketal</caption><thead><tr><th scope='col'>Kommune</th><th scope='col'>Folketal</th>"
              "</tr></thead><tbody>" + "".join(f"<tr><th scope='row'>{k}</th><td>{v}</td></tr>"
                                                 for k, v in FRAME.itertuples(index=False)) + "</tbody></table>")


def add(kind: str) -> None:  # noqa: C901 - one branch per kind is the point
    if kind == "dataframe":
        st.dataframe(FRAME, hide_index=True)
    elif kind == "table":
        st.table(FRAME, hide_index=True)
    elif kind == "markdown_table":
        st.markdown(HTML_TABLE, unsafe_allow_html=True)
    elif kind == "html":
        st.html(HTML_TABLE)
    elif kind == "markdown":
        st.markdown("Ein **kort** tekst med [lenkje](https://example.org).")
    elif kind == "caption":
        st.caption("Kjelde: SSB")
    elif kind == "header":
        st.header("Overskrift")
    elif kind == "metric":
        st.metric("Folketal 2025", "20 654", "+12")
    elif kind == "columns":
        left, right = st.columns(2)
        left.markdown("venstre")
        right.markdown("høgre")
    elif kind == "number_input":
        st.number_input("Tal", value=1)
    elif kind == "text_input":
        st.text_input("Tekst", value="46 724")
    elif kind == "toggle":
        st.toggle("Vis diagram")
    elif kind == "checkbox":
        st.checkbox("Vis diagram")
    elif kind == "button":
        st.button("Tilbakestill")
    elif kind == "download_button":
        st.download_button("Last ned CSV", b"a,b\n1,2\n", file_name="a.csv")
    elif kind == "popover":
        with st.popover("Last ned"):
            st.markdown("innhald")
    elif kind == "expander":
        with st.expander("Meir"):
            st.markdown("innhald")
    elif kind == "tabs":
        first, second = st.tabs(["Ein", "To"])
        first.markdown("innhald")
    elif kind == "radio":
        st.radio("Vis", ["Tal", "Prosent"], horizontal=True)
    elif kind == "segmented_control":
        st.segmented_control("Vis", ["Tal", "Prosent"], default="Tal")
    elif kind == "pills":
        st.pills("Vis", ["Tal", "Prosent"], default="Tal")
    elif kind == "multiselect":
        st.multiselect("Kommunar", list(FRAME["Kommune"]), default=["Gol"])
    elif kind == "selectbox":
        st.selectbox("Kommune", list(FRAME["Kommune"]))
    elif kind == "select_slider":
        st.select_slider("År", [2020, 2021, 2022], value=2022)
    elif kind == "slider":
        st.slider("År", 2020, 2025, 2025)
    elif kind == "data_editor":
        st.data_editor(FRAME, hide_index=True)
    elif kind == "info":
        st.info("Merk", icon="ℹ️")
    elif kind == "page_link":
        st.page_link("https://example.org", label="Lenkje")
    elif kind == "link_button":
        st.link_button("Lenkje", "https://example.org")
    elif kind == "container_key":
        with st.container(key="numbers_x"):
            st.markdown("innhald")
    elif kind == "second_chart":
        st.plotly_chart(go.Figure(go.Bar(x=[1, 2], y=[2, 1])), theme=None, key="second")


st.set_page_config(page_title="Minimal", layout="wide", initial_sidebar_state="expanded")
region = st.sidebar.selectbox("Region", ["Hallingdal", "Flå", "Nesbyen", "Gol", "Hemsedal", "Ål", "Hol"])
st.title(f"Minimal – {region}")
add(st.query_params.get("kind", "none"))
st.plotly_chart(go.Figure(go.Scatter(x=[2020, 2021, 2022], y=[1, 3, 2]), layout={"title": f"Minimal {region}"}),
                theme=None)
