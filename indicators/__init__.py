"""Domain layer of the Hallingdal indicator dashboard.

Nothing in this package imports streamlit: the CLI, the tests and the pages all call it.
"""
