"""A page's key figures (the newest value, the change, a share; Handlingsprogram's count per status) as one block
of HTML; on Arbeidsplassar with the goal they measure beside them (`key_figures_with_goal_html`).

Streamlit's `st.metric` is an element of its own per figure, in a column of its own: Folketal's three figures were
seven elements, Handlingsprogram's six counts seven, each a tree of components the browser builds again on every
run, with a layout read per label to decide whether to cut it with "…" (issue 20: what a page's open and a region
change wait for is mostly the browser's work on the page's elements). One block is one element. A change is never
told by colour alone: it carries its sign and an arrow.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from markupsafe import Markup

from indicators.present.html import render

Trend = Literal["up", "down", "flat"]

ARROWS: dict[Trend, str] = {"up": "↑", "down": "↓", "flat": "→"}


@dataclass(frozen=True)
class KeyFigure:
    """One figure: what it is, its value as shown, and (optionally) a change beside it with its direction."""

    label: str
    value: str
    change: str = ""
    trend: Trend = "flat"


def trend_of(change: float) -> Trend:
    """The direction of a change, for its arrow and colour."""
    return "up" if change > 0 else "down" if change < 0 else "flat"


def key_figures_html(figures: Sequence[KeyFigure], *, counts: bool = False) -> Markup:
    """The figures side by side as a description list: equal widths (a page's key figures), or each as wide as
    its text (`counts`, Handlingsprogram's count per status). They wrap to the next line on a narrow screen."""
    return render("snippets/key_figures.html.j2", figures=figures, counts=counts, arrows=ARROWS)


@dataclass(frozen=True)
class GoalBeside:
    """A goal shown beside a page's key figures: its heading, both statuses (`present.goal_status.status_html`) and,
    behind a disclosure labelled `rule_label`, how it is assessed (the goal's name in bold, then the rule)."""

    heading: str
    statuses: Markup
    rule_label: str
    rule_name: str
    rule: str


def key_figures_with_goal_html(figures: Sequence[KeyFigure], goal: GoalBeside) -> Markup:
    """The figures with the goal they measure beside them, one block (Arbeidsplassar): on a wide screen the goal's
    statuses to the right and its rule's disclosure under the figures; on a phone figures, statuses, rule.

    One element where there were five (two columns around the figures and a markdown block, the rule in an
    expander under the chart): the columns and the expander are components of their own, and the markdown block's
    HTML made the browser load a parser of its own on opening the page (issue 20). The rule opens without a rerun.
    """
    return render("snippets/key_figures_goal.html.j2", figures=key_figures_html(figures), goal=goal)
