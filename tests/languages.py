"""What a message reads as in each of the app's languages (the tests of translated refusals and notices)."""

from __future__ import annotations

from indicators import i18n


def in_each_language(value: object) -> dict[str, str]:
    """`str(value)` with each language active: an i18n.Message (or an error carrying one) is worded when shown."""
    shown = {}
    for language in i18n.LANGUAGES:
        with i18n.use(language):
            shown[language] = str(value)
    return shown
