"""Texts of the net-migration charts and the migration section of the Folketal page. Placeholders as in
`texts.fill`, plus the named ones."""

from __future__ import annotations

# --- charts ---------------------------------------------------------------------------------------------
PLAN_BAND = "Planperioden {plan_period}"
Y_PERSONS = "Personar (netto)"
Y_RATE = "Per 1 000 innbyggjarar"
TREND_MORE_IN = "Fleire flytta til enn frå {name} i {last}: netto {value} personar"
TREND_MORE_OUT = "Fleire flytta frå enn til {name} i {last}: netto {value} personar"
TREND_EVEN = "Like mange flytta til som frå {name} i {last}"
TREND_BASE = " (i {base_year}: {base_value})"
TREND_NOTE = "Netto innflytting = innflytting minus utflytting i året, utlandet medrekna. Siste tal: {last}"
TREND_EXPORT = "Netto innflytting, {name}"
HOVER_PERSONS = "%{x}: %{y:,.0f} personar<extra></extra>"
RATE_TITLE = "Netto innflytting per 1 000 innbyggjarar i {last}: {name} {value}{others}"
RATE_OTHER = ", {name} {value}"
RATE_NOTE = "Netto innflytting i året delt på folketalet 1. januar same år (SSB 07459). Siste tal: {last}"
RATE_EXPORT = "Netto innflytting per 1 000 innbyggjarar, {name}"

# --- page -----------------------------------------------------------------------------------------------
VIEW = "Flytting til og frå {name}"
GOAL_LINE = "Mål i {plan}: {goal} – {icon} {status}: {explanation}"
GOAL_HEADING = "Mål i {plan}: {goal}"
