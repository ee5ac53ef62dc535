"""Streamlit helpers shared by the pages: state in the URL, the region picker, charts with exports."""
