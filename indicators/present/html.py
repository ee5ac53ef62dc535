"""HTML built from data, with one escape policy: Jinja2's autoescape.

Every piece of HTML made from data (the report, a badge, a goal's status block, the list of changes, a sparkline,
a page's small headings) is a template under `templates/` rendered by `render` through the one `Environment`
here. A value is escaped unless it is `Markup`: the output of another template, or a user's note made by
`linked` (`safe_text.linked_html`, the one place that turns web addresses into links). Inline code that still
needs a single escaped value uses `escape` (markupsafe's, the same escaping the templates use).

Markdown (Streamlit's `st.markdown`, toasts, messages) is a second language with its own policy: text from a user
or a plan file goes through `markdown_text` (`safe_text.markdown_escaped`), the one markdown escape.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from indicators.safe_text import link_html, linked_html, markdown_escaped

TEMPLATES = Path(__file__).parent / "templates"  # found from any working directory

__all__ = ["Markup", "environment", "escape", "link", "linked", "markdown_text", "render", "text_html"]


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
    """A user's or a plan file's text as HTML: escaped, line breaks kept, http(s) addresses as links."""
    return Markup(linked_html(text))


def link(url: Any, label: str) -> Markup:
    """A link to an http(s) `url` labelled `label`; any other address stays text."""
    return Markup(link_html(url, label))


def markdown_text(text: Any) -> str:
    """Text from a user or a plan file for markdown: every markdown, HTML and link character escaped."""
    return markdown_escaped(text)
