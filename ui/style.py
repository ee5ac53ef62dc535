"""Style the whole app shares (pages add their own, like meeting mode's slide layout)."""

from __future__ import annotations

import json

import streamlit as st

from indicators import i18n
from indicators.present.goal_status import STATUS_CSS
from indicators.present.municipal_parts import PARTS_CSS
from indicators.present.texts import chrome

# - Streamlit cuts a key figure's label and value to one line ending in "…": on a 1024 px projector that hid
#   "+88 (+0,8 %)" as "+88 (+0,…". They wrap instead.
# - The first screen (1280×720 projector): Streamlit leaves 6 rem above the title for its header, which holds only
#   the sidebar's open button on a narrow screen (the app menu is off, config.toml); the title is smaller and has
#   less padding. Together 120 px more of the first chart on the first screen.
# - Phones: tables and key figures use the whole width.
APP_CSS = """
<style>
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] *,
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
}
/* Key figures (ui/key_figures.py) at the size of Streamlit's own; a long value wraps, never cut with "…".
   (`[data-testid="stHtml"]`: Streamlit indents a list in an HTML element by a rule of its own.) */
[data-testid="stHtml"] .key-figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(9.5rem, 1fr));
  gap: 0 1rem; margin: 0 0 0.25rem; padding: 0; }
/* each figure spans three rows of the grid (label, value, change): the values of a row line up when a label wraps */
.key-figures:not(.key-figures-counts) > .key-figure { display: grid; grid-row: span 3; grid-template-rows: subgrid;
  padding-bottom: 0.5rem; }
[data-testid="stHtml"] .key-figures-counts { display: flex; flex-wrap: wrap; gap: 0.75rem 2.5rem; }
.key-figure { min-width: 0; }
.key-figure dt { font-size: 0.875rem; font-weight: 400; line-height: 1.4; }
.key-figure dd { margin: 0; }
.key-figure-value { font-size: 2.25rem; line-height: 1.25; padding-bottom: 0.25rem; overflow-wrap: anywhere; }
.key-figure-change { justify-self: start; display: inline-block; font-size: 0.875rem; line-height: 1.4;
  border-radius: 9999px; padding: 0.125rem 0.375rem 0.125rem 0.25rem; }
.key-figure-up { color: #0C5A44; background: #F1FBF6; }
.key-figure-down { color: #9E1B1B; background: #FDF2F2; }
.key-figure-flat { color: #404040; background: #F2F2F2; }
/* Key figures with the goal they measure (Arbeidsplassar): the goal's statuses to the right, its rule's disclosure
   under the figures; on a phone one column in reading order (figures, statuses, rule).
   The statuses are set closer than elsewhere: with the secretariat's verdict, its note and who entered it, the
   column pushed the first chart down to 258 px on a 1280×720 projector (now 326; the goal is 320). */
.figures-goal { display: grid; grid-template-columns: minmax(0, 1.6fr) minmax(0, 1.4fr); grid-template-rows: auto 1fr;
  grid-template-areas: "figures status" "rule status"; column-gap: 1rem; align-items: start; }
.figures-goal-figures { grid-area: figures; }
.figures-goal-status { grid-area: status; }
.figures-goal-heading { font-weight: 600; margin: 0 0 0.3rem; line-height: 1.3; }
.figures-goal .goal-status { margin: 0; gap: 0.15rem; }
.figures-goal .goal-status-row { line-height: 1.4; }
.figures-goal :is(.goal-status-entered, .goal-status-evidence) { line-height: 1.35; }
.goal-rule { grid-area: rule; }
.goal-rule summary { cursor: pointer; color: #0B5CAD; width: fit-content; }
.goal-rule p { margin: 0.5rem 0 0; }
/* Tables of figures (containers keyed numbers_*): the last column holds numbers, right-aligned. */
[class*="st-key-numbers_"] :is(td, th):last-child { text-align: right !important; }
[data-testid="stMainBlockContainer"] { padding-top: 1.75rem; }
[data-testid="stMainBlockContainer"] h1 { font-size: 2.25rem; padding: 0 0 0.35rem; }
/* On a narrow screen the header carries the button that opens the sidebar: keep the title below it. */
@media (max-width: 640px) {
  [data-testid="stMainBlockContainer"] { padding: 3.75rem 0.9rem 2rem; }
  [data-testid="stMainBlockContainer"] h1 { font-size: 1.75rem; }
  [data-testid="stMainBlockContainer"] h2 { font-size: 1.45rem; }
  [data-testid="stMainBlockContainer"] h3 { font-size: 1.2rem; }
  /* Key figures (Klima's, still st.metric) and filters two to a row (stacked one per row, Handlingsprogram's five
     filters took a whole phone screen); an odd last one is wide. The other pages' key figures: .key-figures. */
  [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] :is(.stMetric, .stSelectbox)) {
    flex-wrap: wrap; row-gap: 0.75rem; }
  [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] :is(.stMetric, .stSelectbox))
    > [data-testid="stColumn"] { flex: 1 1 calc(50% - 1rem) !important; min-width: calc(50% - 1rem) !important; }
  [data-testid="stMetricValue"], .key-figure-value { font-size: 1.9rem; }
  .key-figures:not(.key-figures-counts) { grid-template-columns: repeat(2, minmax(0, 1fr)); }
  .key-figures:not(.key-figures-counts) > .key-figure:last-child:nth-child(odd) { grid-column: 1 / -1; }
  .figures-goal { grid-template-columns: minmax(0, 1fr); grid-template-rows: none;
    grid-template-areas: "figures" "status" "rule"; }
  .goal-rule { margin-top: 0.75rem; }
  /* a multiselect holding chosen places takes the whole row (at half width a chosen place's name was cut after
     four letters and the second choice hidden); an empty one keeps its half */
  [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] :is(.stMetric, .stSelectbox))
    > [data-testid="stColumn"]:has([data-testid="stMultiSelect"] [data-tag]) {
    flex: 1 1 100% !important; min-width: 100% !important; }
  /* Plotly does not wrap a chart's title (cut at 390 px): a text copy above the chart (ui/figures.py) instead */
  .js-plotly-plot .g-gtitle { display: none; }
  /* the band the hidden title leaves is cut off by PHONE_CHART_SCRIPT (the plot moved up, the rest clipped) */
  [data-testid="stPlotlyChart"] { overflow: hidden; }
  /* What follows a chart moves up into the band cut from under it, where the chart's box still lies, on top
     (positioned): a «Last ned» button or a download row there could not be tapped. */
  [data-testid="stElementContainer"]:has([data-testid="stPlotlyChart"]) ~ * { position: relative; z-index: 1; }
  /* Streamlit puts its toasts at the top of a narrow screen, over the page title (for ten seconds after each
     save on Rapportering, whose top already repeats the words): at the bottom they cover nothing one reads. */
  [data-testid="stToastContainer"] { top: auto !important; bottom: 1rem !important; }
}
/* the hidden container of the stylesheet and scripts: its layout wrapper too, else it keeps a gap in the page */
[data-testid="stLayoutWrapper"]:has(> .st-key-page_language) { display: none; }
/* a chart's wrapping copies of its title and source line (ui/figures.py) show on a phone only */
@media not all and (max-width: 640px) {
  [data-testid="stElementContainer"]:has(> [data-testid="stHtml"] > :is(.narrow-chart-title, .narrow-chart-source)) {
    display: none; }
}
/* The sidebar's language links and sources line (ui/language.py), at the size of Streamlit's captions */
.app-sidebar-footer p { font-size: 0.875rem; line-height: 1.5; margin: 0; }
.app-sidebar-footer hr { margin: 1rem 0; border: none; border-top: 1px solid #D9D9D9; }
.app-sidebar-footer .app-sources { color: #4D4D4D; }
.app-sidebar-footer a { color: #0B5CAD; }
.narrow-chart-title { font-size: 1.15rem; font-weight: 600; margin: 0; line-height: 1.3; }
.narrow-chart-source { font-size: 0.95rem; color: #4D4D4D; margin: 0; line-height: 1.35; }
</style>
"""


# Runs in the page itself (st.html, not an iframe). Streamlit's page declares lang="en" and labels its own buttons
# in English; a screen reader then read the Nynorsk page with English rules. The labels, the fields' placeholders
# (and the toolbar buttons' tooltips) are replaced once per animation frame in which the page changed (a
# querySelectorAll over the labelled elements).
LANGUAGE_SCRIPT = """<script>
document.documentElement.lang = LANGUAGE;
window.__appLabelsExact = LABELS;
window.__appLabelsPrefixes = Object.entries(PREFIXES);
if (!window.__appLabels) {
  window.__appLabels = true;
  const translate = (text) => {
    const exact = window.__appLabelsExact;
    if (Object.hasOwn(exact, text)) return exact[text];
    for (const [english, own] of window.__appLabelsPrefixes) {
      if (text.startsWith(english)) return own + text.slice(english.length);
    }
    return null;
  };
  // this view's address in another language: the language links' target (ui/language.py)
  const inLanguage = (code) => {
    const address = new URL(window.location.href);
    address.searchParams.set("lang", code);
    return address.href;
  };
  let queued = false;
  const relabel = () => {
    queued = false;
    for (const element of document.querySelectorAll("[aria-label], input[placeholder], .modebar-btn[data-title]")) {
      for (const name of ["aria-label", "placeholder", "data-title"]) {
        const value = element.getAttribute(name);
        const own = value === null ? null : translate(value);
        if (own !== null) element.setAttribute(name, own);
      }
    }
    // the language links (ui/language.py) lead to this view: the address as it is now, the language changed
    for (const link of document.querySelectorAll("a[data-app-language]")) {
      const target = inLanguage(link.dataset.appLanguage);
      if (link.href !== target) link.href = target;
    }
    // the visible tooltip of a toolbar button ("Search", "Fullscreen") is its own text, not the label
    for (const tip of document.querySelectorAll('[data-testid="stTooltipContent"]')) {
      const walker = document.createTreeWalker(tip, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const own = translate(node.nodeValue.trim());
        if (own !== null) node.nodeValue = own;
      }
    }
  };
  // The language links (ui/language.py): the new ?lang= goes into the address and Streamlit reruns the page for it
  // (it reruns on a history change), in the same session; a click with a modifier opens the link as usual.
  document.addEventListener("click", (event) => {
    const link = event.target instanceof Element ? event.target.closest("a[data-app-language]") : null;
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    window.history.pushState(window.history.state, "", inLanguage(link.dataset.appLanguage));
    window.dispatchEvent(new PopStateEvent("popstate", {state: window.history.state}));
  });
  new MutationObserver(() => { if (!queued) { queued = true; requestAnimationFrame(relabel); } })
    .observe(document.body, {childList: true, subtree: true});
  relabel();
}
</script>"""


# On a phone a chart's plotly title is hidden (the wrapping text copy above it replaces it, APP_CSS), but the
# figure keeps the room it had: an empty band of 90–125 px above the plot. The band's height is known only after
# plotly has laid the figure out (the legend wraps into more rows on a narrow screen), so this measures it once per
# drawn chart — the top of the legend, else of the plot area — and moves the plot up by it inside its clipped box
# (the mode bar moved down again). Likewise below: where the chart has a wrapping copy of its source line under it
# (ui/figures.py), the figure's own line (cut at the screen's edge) is hidden and the band it leaves under the
# axis is cut off. Wider screens, and charts whose title shows, are left as plotly drew them.
PHONE_CHART_SCRIPT = """<script>
if (!window.__appPhoneCharts) {
  window.__appPhoneCharts = true;
  const GAP = 14;  // px kept above the legend or plot: the top tick label and markers reach above the plot area
  const phone = window.matchMedia("(max-width: 640px)");  // where APP_CSS hides plotly's title
  let queued = false, moved = false;
  const fit = () => {
    queued = false;
    // a wider screen shows plotly's title: nothing to measure (measuring forced a layout in every frame of an
    // opening page, issue 20), unless a plot moved on a phone-sized window must be put back
    if (!phone.matches && !moved) return;
    moved = false;
    for (const chart of document.querySelectorAll(".js-plotly-plot")) {
      const title = chart.querySelector(".g-gtitle"), svg = chart.querySelector(".main-svg");
      const size = chart._fullLayout && chart._fullLayout._size;
      let cut = 0, cutBelow = 0;
      if (title && svg && size && getComputedStyle(title).display === "none") {
        const legend = chart.querySelector(".infolayer .legend");
        const top = legend ? legend.getBoundingClientRect().top - svg.getBoundingClientRect().top : size.t;
        cut = Math.max(0, Math.round(Math.min(top, size.t) - GAP));
      }
      const frame = chart.closest('[data-testid="stElementContainer"]');
      // the wrapping copy of the source line is the element right after the chart's (ui/figures.py)
      const next = frame && frame.nextElementSibling;
      const copy = phone.matches && next && next.querySelector(".narrow-chart-source");
      const notes = (chart.layout && chart.layout.annotations) || [];
      for (let i = 0; i < notes.length; i++) {
        if (notes[i].name !== "source") continue;
        const note = chart.querySelector(`.infolayer .annotation[data-index="${i}"]`);
        if (!note) continue;
        const display = copy ? "none" : "";
        if (note.style.display !== display) note.style.display = display;
        if (copy && svg) {  // what is drawn below the plot without the line: tick labels, other notes, a legend
          let bottom = svg.getBoundingClientRect().top + (size ? size.t + size.h : 0);
          for (const part of chart.querySelectorAll(".xaxislayer-above, .infolayer > :not(.annotation), .annotation")) {
            if (part !== note && getComputedStyle(part).display !== "none") {
              bottom = Math.max(bottom, part.getBoundingClientRect().bottom);
            }
          }
          cutBelow = Math.max(0, Math.round(svg.getBoundingClientRect().bottom - bottom - GAP));
        }
      }
      moved = moved || cut > 0 || cutBelow > 0;
      const margin = cut ? `-${cut}px` : "";
      if (chart.style.marginTop !== margin) chart.style.marginTop = margin;
      // the clipped box keeps the figure's height: what was cut above and below is given back at the foot of the
      // chart's element, so what follows moves up into the empty band
      const marginBelow = cut + cutBelow ? `-${cut + cutBelow}px` : "";
      if (frame && frame.style.marginBottom !== marginBelow) frame.style.marginBottom = marginBelow;
      const modebar = chart.querySelector(".modebar-container");
      if (modebar && modebar.style.top !== `${cut}px`) modebar.style.top = `${cut}px`;
    }
  };
  const queue = () => { if (!queued) { queued = true; requestAnimationFrame(fit); } };
  new MutationObserver(queue).observe(document.body, {childList: true, subtree: true});
  window.addEventListener("resize", queue);
  queue();
}
</script>"""


def _labels(language: str) -> tuple[dict[str, str], dict[str, str]]:
    """Streamlit's labels in `language`, from its English ones and from those of the other languages (a label
    already replaced in one language is found again after a switch to another)."""
    with i18n.use(language):
        exact, prefixes = dict(chrome.STREAMLIT_LABELS), dict(chrome.STREAMLIT_LABEL_PREFIXES)
    for other in i18n.LANGUAGES:
        if other == language:
            continue
        with i18n.use(other):
            other_exact, other_prefixes = chrome.STREAMLIT_LABELS, chrome.STREAMLIT_LABEL_PREFIXES
        exact |= {word: exact[english] for english, word in other_exact.items() if word not in exact}
        prefixes |= {word: prefixes[english] for english, word in other_prefixes.items() if word not in prefixes}
    return exact, prefixes


def language_script(language: str) -> str:
    """The page's language and Streamlit's own buttons labelled in it (see LANGUAGE_SCRIPT)."""
    exact, prefixes = _labels(language)
    return (LANGUAGE_SCRIPT.replace("LANGUAGE", json.dumps(language))
            .replace("LABELS", json.dumps(exact, ensure_ascii=False))
            .replace("PREFIXES", json.dumps(prefixes, ensure_ascii=False)))


def apply_app_style() -> None:
    # In a hidden container: the scripts run, the stylesheet applies, and the element takes no room (no gap) on the
    # page. One element for the stylesheet (with the goal statuses' and the municipal parts' rules: not one more
    # before every status block or matrix) and both scripts: every element is one more to send on every run and to
    # mount on opening a page (issue 20).
    with st.container(key="page_language"):
        st.html(APP_CSS + STATUS_CSS + PARTS_CSS + language_script(i18n.current()) + PHONE_CHART_SCRIPT,
                unsafe_allow_javascript=True)


def page_title(text: str) -> None:
    """The page's heading, without Streamlit's hidden link icon: under a title that wraps to two lines the icon
    took a blank third line of its own."""
    st.title(text, anchor=False)
