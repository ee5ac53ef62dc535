"""Presentation: charts and their template, headlines, the status report, chart images and exports.

Builders here are handed frames and evaluated results; they never load the plan or evaluate goals themselves.
"""
