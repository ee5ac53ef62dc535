"""The gettext catalogues (locale/<lang>/LC_MESSAGES/messages.po): up to date with the code, complete, every
placeholder kept; and the app's texts reading in the active language (Nynorsk unchanged)."""

from __future__ import annotations

import string
import sys
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from indicators import i18n, progress
from indicators.present import texts
from indicators.present.texts import common, goal_status, overview

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import translations  # noqa: E402 - scripts/translations.py

TRANSLATED = [language for language in i18n.LANGUAGES if language != i18n.SOURCE_LANGUAGE]


def _catalogue(language: str) -> Catalog:
    with i18n.catalogue_path(language).open("rb") as handle:
        return read_po(handle, locale=language)


def _fields(text: str) -> set[str]:
    """The `{name}` placeholders of a str.format template ({{ and }} are literal braces)."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def problems(catalogue: Catalog) -> list[str]:
    """What keeps a catalogue from being complete: a message without a translation (or one marked fuzzy, which
    the app ignores), or a translation whose placeholders differ from the Nynorsk text's."""
    found = []
    for message in catalogue:
        if not message.id:
            continue
        where = f"{message.context}: {message.id if isinstance(message.id, str) else message.id[0]!r}"
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string or ())
        if message.fuzzy or not strings or not all(strings):
            found.append(f"uomsett: {where}")
            continue
        wanted = set().union(*(_fields(text) for text in ids))
        for text in strings:
            try:
                fields = _fields(text)
            except ValueError as exc:
                found.append(f"ugyldig mal ({exc}): {where}")
                continue
            if fields != wanted:
                found.append(f"plasshaldarar {sorted(fields)} ≠ {sorted(wanted)}: {where}")
    return found


@pytest.mark.parametrize("language", list(i18n.LANGUAGES))
def test_catalogue_is_complete_with_the_same_placeholders(language: str) -> None:
    assert problems(_catalogue(language)) == []


def test_the_check_finds_a_missing_message_and_a_changed_placeholder() -> None:
    catalogue = Catalog(locale="nb")
    catalogue.add("Hei {name}", "", context="a.MISSING")
    catalogue.add("Hei {name}", "Hei {navn}", context="a.RENAMED")
    catalogue.add("Hei {name}", "Hei", context="a.DROPPED")
    catalogue.add("Hei {name}", "Hei {name}", context="a.FUZZY", flags=["fuzzy"])
    catalogue.add("Hei {name}", "Hei {name}", context="a.GOOD")
    catalogue[("eitt {count}", "{count} fleire")] = Message(
        ("eitt {count}", "{count} fleire"), ("ett", "{count} flere"), context="a.PLURAL")
    found = problems(catalogue)
    assert [line.split(": ")[1] for line in found] == ["a.MISSING", "a.RENAMED", "a.DROPPED", "a.FUZZY", "a.PLURAL"]


def _walk(context: str, value: Any) -> list[tuple[str, str]]:
    if isinstance(value, str):
        return [(context, value)] if value else []
    if isinstance(value, i18n.Plural):
        return [(context, value.singular)]
    if isinstance(value, dict):
        return [pair for key, item in value.items() for pair in _walk(f"{context}.{key}", item)]
    if isinstance(value, (list, tuple)):
        return [pair for index, item in enumerate(value) for pair in _walk(f"{context}.{index}", item)]
    return []


TEXT_MODULES = {"overview": overview, "goal_status": goal_status, "common": common, "progress": progress}

# a text read in a language: "module.NAME" or "module.NAME[key]" (Nynorsk: the modules read unchanged)
READ_IN = [
    ("nn", "overview.TITLE", "Oversikt over resultatmåla – {name}"),
    ("nn", "progress.STATUS_LABELS[not_assessed]", "Ikkje vurdert"),
    ("nn", "progress.STATUS_LABELS[no_data]", "Manglar data"),
    ("nn", "goal_status.NOT_ASSESSED", "Ikkje vurdert av sekretariatet enno."),
    ("nb", "overview.TITLE", "Oversikt over resultatmålene – {name}"),
    ("nb", "common.PAGE_TITLES[folketal]", "Folketall"),
    ("nb", "progress.STATUS_LABELS[not_assessed]", "Ikke vurdert"),
    ("nb", "progress.STATUS_LABELS[no_data]", "Mangler data"),
    ("en", "goal_status.NOT_ASSESSED", "Not assessed by the secretariat yet."),
    ("en", "progress.STATUS_LABELS[not_assessed]", "Not assessed"),
    ("en", "progress.STATUS_LABELS[no_data]", "No data"),
]


def _read(name: str) -> Any:
    module, _, rest = name.partition(".")
    attribute, _, key = rest.partition("[")
    value = getattr(TEXT_MODULES[module], attribute)
    return value[key.rstrip("]")] if key else value


@pytest.mark.parametrize(("language", "name", "expected"), READ_IN)
def test_texts_read_in_the_active_language(language: str, name: str, expected: str) -> None:
    with i18n.use(language):
        assert _read(name) == expected
        if "[" in name:  # a copy of the mapping made in the block reads the same
            assert dict(_read(name.split("[")[0]))[name.split("[")[1].rstrip("]")] == expected
    assert i18n.current() == "nn"


def test_a_filled_text_reads_in_the_active_language_and_nynorsk_after_the_block() -> None:
    with i18n.use("en"):
        assert texts.fill(common.REGION_PICKER_HELP).endswith("the six municipalities.")
    assert overview.TITLE == "Oversikt over resultatmåla – {name}"


def test_a_count_takes_the_languages_plural_form() -> None:
    with i18n.use("en"):
        assert overview.GOAL_COUNT.format(count=1) == "**1 result goal**"
        assert overview.GOAL_COUNT.format(count=40) == "**40 result goals**"
    assert overview.GOAL_COUNT.format(count=1) == "**1 resultatmål**"


def test_the_region_file_names_the_default_language() -> None:
    assert i18n.default_language() == "nn"
    assert i18n.current() == "nn"


@pytest.mark.parametrize(("value", "expected"), [("nb", "nb"), ("EN", "en"), ("en-GB", "en"), ("nn_NO", "nn"),
                                                   ("no", "nb"), ("de", None), ("", None), (None, None)])
def test_language_codes_from_a_link(value: object, expected: str | None) -> None:
    assert i18n.normalise(value) == expected


def test_a_language_applies_to_its_block_only() -> None:
    with i18n.use("en"):
        assert i18n.current() == "en"
        with i18n.use("nb"):
            assert i18n.current() == "nb"
        assert i18n.current() == "en"
    assert i18n.current() == "nn"


def test_work_done_later_keeps_the_language_it_was_made_in() -> None:
    with i18n.use("en"):
        later = i18n.bound(i18n.current)
    assert later() == "en"


def test_page_titles_keep_their_keys_in_every_language() -> None:
    with i18n.use(i18n.SOURCE_LANGUAGE):
        keys = list(common.PAGE_TITLES)
    assert "folketal" in keys
    for language in i18n.LANGUAGES:
        with i18n.use(language):
            assert list(common.PAGE_TITLES) == keys, language


def test_the_command_line_writes_the_report_in_the_language_asked_for(tmp_path, monkeypatch, capsys):
    from indicators import cli
    from indicators.present import images

    monkeypatch.setenv(images.BROWSER_ENV, str(tmp_path / "no-chromium"))  # no chart images: quicker
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'followup.sqlite3'}")
    written = {}
    for language in ("en", "nb", None):
        target = tmp_path / f"report-{language}.html"
        assert cli.main(["report", "--output", str(target), *(["--lang", language] if language else [])]) == 0
        written[language] = target.read_text(encoding="utf-8")
    assert '<html lang="en">' in written["en"] and "Status report" in written["en"]
    assert "Not assessed" in written["en"] and "Ikkje vurdert" not in written["en"]
    assert '<html lang="nb">' in written["nb"] and "Ikke vurdert" in written["nb"]
    assert "Ikkje" not in written["nb"] and "Manglar" not in written["nb"]
    assert '<html lang="nn">' in written[None] and "Ikkje vurdert" in written[None]
    assert i18n.current() == "nn"  # the command's language ends with the command
    capsys.readouterr()
    assert cli.main(["status", "--json", "--lang", "nb"]) == 0
    assert '"Ikke vurdert"' in capsys.readouterr().out


def test_catalogues_are_up_to_date_with_the_code() -> None:
    """Every text in the code is in the template and the catalogues (`make translations` was run)."""
    assert translations.main(["--check"]) == 0, "køyr: make translations (scripts/translations.py)"


def test_every_text_the_modules_hold_is_in_the_catalogue() -> None:
    """What the text modules hold at run time (not only what the extraction saw) has a catalogue entry: a text
    the extraction cannot read (built by a call, say) would otherwise stay Nynorsk in every language."""
    catalogue = _catalogue("en")
    missing = []
    for module in texts.text_modules():
        short = module.__name__.rsplit(".", 1)[1]
        for name in dir(module):
            if name[:1].isupper() and name.isupper():
                with i18n.use(i18n.SOURCE_LANGUAGE):
                    value = getattr(module, name)
                missing += [context for context, text in _walk(f"{short}.{name}", value)
                            if catalogue.get(text, context=context) is None]
    assert missing == []
