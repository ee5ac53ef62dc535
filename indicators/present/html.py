"""HTML built from data, with one escape policy: Jinja2's autoescape.

Every piece of HTML made from data (the report, a badge, a goal's status block, the list of changes, a sparkline,
a page's small headings, a web link) is a template under `templates/` rendered by `render` through the one
`Environment` here. A value is escaped unless it is `Markup`: the output of another template (a user's note made
by `linked`, the one place that turns web addresses into links). No code here or in the pages escapes by hand or
builds tags with f-strings.

Markdown (Streamlit's `st.markdown`, captions, toasts, messages) is a second language with its own policy: text
from a user or a plan file goes through `safe_text.markdown_escaped`, the one markdown escape.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from indicators.safe_text import safe_url, web_address_parts

TEMPLATES = Path(__file__).parent / "templates"  # found from any working directory

__all__ = ["Markup", "environment", "link", "linked", "render", "text_html"]


@cache
def environment() -> jinja2.Environment:
    """The one Jinja2 environment: autoescape on, an unknown name an error, block tags leave no blank lines."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True,
    )


def render(name: str, **context: Any) -> Markup:
    """Template `name` (a path under `templates/`) rendered with `context`; the result is `Markup`, so a template
    that includes it does not escape it twice."""
    return Markup(environment().get_template(name).render(**context))


def text_html(tag: str, css_class: str, text: Any) -> Markup:
    """`<tag class="css_class">text</tag>` with the text escaped: the small blocks pages and slides draw."""
    return render("snippets/text.html.j2", tag=tag, css_class=css_class, text=text)


def linked(text: Any) -> Markup:
    """A user's or a plan file's text as HTML: escaped, line breaks kept, each http(s) address a link that opens
    in a new tab (`rel="noopener noreferrer"`). Nothing else becomes markup: markdown stays as written and
    `javascript:…` stays text. The one helper wherever a note is shown."""
    return render("snippets/linked.html.j2", parts=web_address_parts(text))


def link(url: Any, label: str) -> Markup:
    """A link to an http(s) `url` labelled `label`; any other address stays text («label: address»)."""
    return render("snippets/link.html.j2", url=safe_url(url), address="" if url is None else str(url), label=label)
