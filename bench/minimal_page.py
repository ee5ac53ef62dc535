"""The yardstick for bench/bench_app.py: one small chart and nothing else, served like the app.

It is run with `streamlit run` from the project folder, so it has the app's `.streamlit/config.toml`, the same
page layout as `dashboard.py` and a sidebar select labelled like the app's region picker (the benchmark
changes it the way it changes the region). It imports nothing from the project.
"""

import plotly.graph_objects as go
import streamlit as st

OPTIONS = ["a", "b", "c", "d"]

st.set_page_config(page_title="Minimal", layout="wide", initial_sidebar_state="expanded")
with st.sidebar:
    choice = st.selectbox("Region", OPTIONS, key="url_region")
shift = OPTIONS.index(choice)
st.title("Minimal")
st.plotly_chart(
    go.Figure(go.Scatter(x=list(range(2015, 2025)), y=[(year * 7 + shift) % 11 for year in range(10)])), theme=None
)
