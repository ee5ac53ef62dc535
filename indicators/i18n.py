"""The language the app speaks: Nynorsk (the source), Bokmål or English, from gettext catalogues.

The texts are written in Nynorsk in `indicators/present/texts/` (and a few label tables in the domain, made with
`labels`); those Nynorsk strings are the msgids, and each one's msgctxt is where it lives (`overview.TITLE`,
`common.PAGE_TITLES.oversikt`, `progress.STATUS_LABELS.no_data`), so equal words in different places can be
translated differently. `scripts/translations.py` extracts them (`indicators/i18n_extract.py`, the Babel
extraction method named in `babel.cfg`) into `locale/messages.pot` and updates `locale/<lang>/LC_MESSAGES/
messages.po`. The catalogues are compiled in memory when a language is first used in a process (no `.mo` files to
build or keep in step, no writable folder needed).

The active language is a context variable: the app sets it at the start of every script run, the command line
from `--lang`; unset, it is the region file's language (`language = "nn"`). Nynorsk never goes through a
catalogue: its texts are the source, unchanged.
"""

from __future__ import annotations

import contextvars
import functools
import gettext
import io
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

SOURCE_LANGUAGE = "nn"
# The languages offered, each named in its own language (the picker shows these).
LANGUAGES: dict[str, str] = {"nn": "Nynorsk", "nb": "Bokmål", "en": "English"}
# Babel's locale for numbers and dates in each language.
BABEL_LOCALES: dict[str, str] = {"nn": "nn_NO", "nb": "nb_NO", "en": "en_GB"}
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "messages"

_active: contextvars.ContextVar[str | None] = contextvars.ContextVar("language", default=None)
_fallback: Callable[[], str | None] | None = None
_default: Callable[[], str | None] | None = None

P = ParamSpec("P")
R = TypeVar("R")


def normalise(value: object) -> str | None:
    """A supported language code from a URL, a flag or a file ("NB", "en-GB" -> "nb", "en"), else None."""
    if not isinstance(value, str):
        return None
    code = value.strip().lower().replace("_", "-").split("-")[0]
    if code == "no":
        code = "nb"
    return code if code in LANGUAGES else None


def default_language() -> str:
    """The region file's language (`language = "nn"`; `texts` registers the reader), or Nynorsk."""
    return normalise(_default() if _default is not None else None) or SOURCE_LANGUAGE


def set_default(resolver: Callable[[], str | None] | None) -> None:
    """Where the default language comes from (the region file: registered by `indicators.present.texts`, since the
    domain below it must not depend on the region reader)."""
    global _default
    _default = resolver


def current() -> str:
    """The active language: set for this run or command, else the app's fallback (the session's), else the
    region's default."""
    language = _active.get()
    if language is None and _fallback is not None:
        language = _fallback()
    return language or default_language()


def set_language(language: str | None) -> str:
    """Make `language` (or the region's default when None/unknown) active in this context; returns it."""
    chosen = normalise(language) or default_language()
    _active.set(chosen)
    return chosen


def set_fallback(resolver: Callable[[], str | None] | None) -> None:
    """Where `current` looks when nothing was set in this context (the app: the browser session's language, for
    a fragment that reruns without the page's script)."""
    global _fallback
    _fallback = resolver


@contextmanager
def use(language: str) -> Iterator[str]:
    """The block runs in `language` (tests, the command line, a report in another language)."""
    token = _active.set(normalise(language) or default_language())
    try:
        yield current()
    finally:
        _active.reset(token)


def bound(function: Callable[P, R]) -> Callable[P, R]:
    """`function` running later (on another thread: Streamlit builds downloads when clicked) in the language
    active now."""
    language = current()

    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with use(language):
            return function(*args, **kwargs)

    return run


def babel_locale(language: str | None = None) -> str:
    return BABEL_LOCALES[language or current()]


def document_language(language: str | None = None) -> str:
    """The language tag for a document (Word's spell check, a report's <html lang>): nn-NO, nb-NO, en-GB."""
    return babel_locale(language).replace("_", "-")


def catalogue_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def translations(language: str) -> gettext.NullTranslations:
    """The language's catalogue, compiled from its .po in memory (once per process)."""
    from babel.messages.mofile import write_mo  # noqa: PLC0415 - only when a language other than the source is used
    from babel.messages.pofile import read_po  # noqa: PLC0415

    path = catalogue_path(language)
    if not path.exists():
        return gettext.NullTranslations()
    with path.open("rb") as handle:
        catalogue = read_po(handle, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalogue, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def pgettext(context: str, message: str, language: str | None = None) -> str:
    language = language or current()
    if language == SOURCE_LANGUAGE or not message:
        return message
    return translations(language).pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, count: int, language: str | None = None) -> str:
    language = language or current()
    if language == SOURCE_LANGUAGE:
        return singular if count == 1 else plural
    return translations(language).npgettext(context, singular, plural, count)


class Plural:
    """A text with a singular and a plural form, chosen by `count` in the active language's plural rule:
    `PLURAL.format(count=3, ...)` like a str template."""

    __slots__ = ("context", "singular", "plural")

    def __init__(self, singular: str, plural: str, context: str = "") -> None:
        self.singular, self.plural, self.context = singular, plural, context

    def form(self, count: int) -> str:
        return npgettext(self.context, self.singular, self.plural, count)

    def format(self, *args: Any, count: int, **kwargs: Any) -> str:
        return self.form(count).format(*args, count=count, **kwargs)

    def __repr__(self) -> str:
        return f"Plural({self.singular!r}, {self.plural!r})"


def translate_value(context: str, value: Any, language: str | None = None) -> Any:
    """`value` in the language: a str by its catalogue entry `context`; a dict's values (context + "." + key), a
    list's or tuple's items (context + "." + index) in turn; anything else as it is."""
    language = language or current()
    if language == SOURCE_LANGUAGE:
        return value
    if isinstance(value, str):
        return pgettext(context, value, language)
    if isinstance(value, Plural):
        return Plural(value.singular, value.plural, context)
    if isinstance(value, dict):
        return {key: translate_value(f"{context}.{key}", item, language) for key, item in value.items()}
    if isinstance(value, (list, tuple)) and not hasattr(value, "_fields"):
        items = [translate_value(f"{context}.{index}", item, language) for index, item in enumerate(value)]
        return type(value)(items)
    return value


class Labels(Mapping[str, str]):
    """A table of labels (code -> Nynorsk word) that reads in the active language; the domain keeps the codes.
    Made with `labels("module.NAME", {...})`, which the extraction finds."""

    def __init__(self, context: str, source: Mapping[str, str | Plural]) -> None:
        self.context = context
        self.source = dict(source)

    def __getitem__(self, key: str) -> str:
        text = self.source[key]
        if isinstance(text, Plural):
            raise TypeError(f"{self.context}.{key} has a plural form: use .message({key!r}, count=...)")
        return pgettext(f"{self.context}.{key}", text)

    def __contains__(self, key: object) -> bool:  # without wording the text (no language needed yet)
        return key in self.source

    def __iter__(self) -> Iterator[str]:
        return iter(self.source)

    def __len__(self) -> int:
        return len(self.source)

    def __repr__(self) -> str:
        return f"labels({self.context!r}, {self.source!r})"

    def source_text(self, key: str) -> str:
        """The table's Nynorsk text `key` as written (for stored data, which stays Nynorsk)."""
        text = self.source[key]
        return text.singular if isinstance(text, Plural) else text

    def message(self, key: str, **params: object) -> Message:
        """The table's text `key` with `params` for its placeholders, worded when it is shown (see Message); a
        text with a plural form (`Plural`) takes its form from the `count` parameter."""
        text = self.source[key]
        if isinstance(text, Plural):
            return Message(f"{self.context}.{key}", text.singular, params, plural=text.plural)
        return Message(f"{self.context}.{key}", text, params)


class Message:
    """A sentence for a user that the domain decides and the catalogue words: its Nynorsk template (the msgid,
    with its msgctxt) and the values of its placeholders. `str()` gives it in the language active where it is
    shown, so an error raised (or a state cached) while one language was active reads in the language of the
    page, command or report that shows it. A parameter may itself be a Message; others are kept as text."""

    __slots__ = ("context", "template", "params", "plural")

    def __init__(self, context: str, template: str, params: Mapping[str, object] | None = None,
                 plural: str | None = None) -> None:
        """`plural`: the template's plural form; then the `count` parameter chooses the form in the reader's
        language («1 sekund» / «1 second», «2 sekund» / «2 seconds»)."""
        self.context, self.template, self.plural = context, template, plural
        self.params: tuple[tuple[str, str | Message], ...] = tuple(
            (name, value if isinstance(value, Message) else str(value)) for name, value in (params or {}).items())
        if plural is not None and "count" not in dict(self.params):
            raise ValueError(f"{context}: a text with a plural form needs a count")

    def __str__(self) -> str:
        values = {name: str(value) for name, value in self.params}
        if self.plural is None:
            return pgettext(self.context, self.template).format(**values)
        return npgettext(self.context, self.template, self.plural, _plural_count(values["count"])).format(**values)

    def __repr__(self) -> str:
        plural = "" if self.plural is None else f", plural={self.plural!r}"
        return f"Message({self.context!r}, {self.template!r}, {dict(self.params)!r}{plural})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Message) and (self.context, self.template, self.params, self.plural) == \
            (other.context, other.template, other.params, other.plural)

    def __hash__(self) -> int:
        return hash((self.context, self.template, self.params, self.plural))

    def __reduce__(self) -> tuple[Any, ...]:
        return Message, (self.context, self.template, dict(self.params), self.plural)


def _plural_count(count: str) -> int:
    """The number that chooses a plural form: a whole number as it is, a fraction («1.5» seconds) as plural."""
    try:
        number = float(count.replace(",", ".").replace("\u00a0", ""))
    except ValueError:
        return 2
    return int(number) if number.is_integer() else 2


def labels(context: str, source: Mapping[str, str | Plural]) -> Labels:
    return Labels(context, source)
