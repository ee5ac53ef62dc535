"""Two small browser helpers for the secretariat's forms (issue 20), as constant scripts (no user text in them).

- Dates typed the Norwegian way: Streamlit's date field (react-aria) has one box per part and ignores the dot, so
  «1.12.2026» typed into it became 11.02.2026 (the «1» waited for a second digit). `date_typing()` makes «.»,
  «,», «/» and «-» move on to the next part, so «1.12.2026» is 1 December and «6.12.2026» still 6 December.
- After «Lagre og gå til neste» the next item starts where the user was scrolled to, often below its heading:
  `scroll_to_top()` brings the page back to its top, where the confirmation and the next item's heading are.
"""

from __future__ import annotations

import streamlit as st

_DATE_TYPING = """<script>
(() => {
  if (window.__dashboardDateTyping) return;
  window.__dashboardDateTyping = true;
  let typedIn = null;  // the part the last digit was typed into
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    if (!(target instanceof Element) || event.ctrlKey || event.metaKey || event.altKey) return;
    const part = target.closest('[data-testid="stDateInputField"] [role="spinbutton"]');
    if (!part) return;
    if (/^[0-9]$/.test(event.key)) { typedIn = part; return; }
    if (!".,/-".includes(event.key)) return;
    event.preventDefault();
    event.stopPropagation();
    // «6» or «15» already moved on by itself: the dot after it is only a separator
    if (part !== typedIn) return;
    typedIn = null;
    const parts = [...part.closest('[role="group"]').querySelectorAll('[role="spinbutton"]')];
    const next = parts[parts.indexOf(part) + 1];
    if (next) next.focus();
  }, true);
})();
</script>"""


_SCROLL_TO_TOP = """<script>
(() => {{ /* {serial} */
  const top = () => [document.scrollingElement, ...document.querySelectorAll(
    '[data-testid="stMain"], [data-testid="stAppViewContainer"]')].forEach((box) => box?.scrollTo({{top: 0}}));
  setTimeout(top, 50); setTimeout(top, 400);
}})();
</script>"""


def date_typing() -> None:
    """Let «.», «,», «/» and «-» move to the next part of every date field on the page (installed once)."""
    st.html(_DATE_TYPING, unsafe_allow_javascript=True, width="content")


def scroll_to_top(serial: int) -> None:
    """Scroll the page to its top (the confirmation, the progress and the next item's heading); `serial` makes
    each call a new element, so the script runs again after every save."""
    st.html(_SCROLL_TO_TOP.format(serial=serial), unsafe_allow_javascript=True, width="content")
