"""Extract the app's texts and update the catalogues: `locale/messages.pot` and
`locale/<lang>/LC_MESSAGES/messages.po` for every language in `indicators.i18n.LANGUAGES`.

    .venv/bin/python scripts/translations.py          # (also `make translations`) after changing a text
    .venv/bin/python scripts/translations.py --check  # exit 1 when a catalogue is out of date or incomplete

Nynorsk is the source: its catalogue is filled with the msgids themselves. In nb and en a new text arrives with an
empty msgstr (or marked fuzzy when it resembles an old one): translate it there. The app compiles the catalogues
in memory when it starts (no .mo files); `tests/test_translations.py` fails while one is missing or fuzzy.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from babel.messages.catalog import Catalog  # noqa: E402
from babel.messages.extract import extract_from_dir  # noqa: E402
from babel.messages.frontend import parse_mapping_cfg  # noqa: E402
from babel.messages.pofile import read_po, write_po  # noqa: E402

from indicators import i18n  # noqa: E402

# fixed, so that re-running without changes gives the same files
STAMP = dt.datetime(2026, 12, 6, tzinfo=dt.UTC)
PROJECT = "hallingdal-dashboard"


def template() -> Catalog:
    """Every text of the app, extracted as babel.cfg says."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    catalogue = Catalog(project=PROJECT, creation_date=STAMP, charset="utf-8", fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(ROOT), method_map, options_map
    ):
        catalogue.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalogue


def render(catalogue: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalogue, width=120, no_location=True, omit_header=False)
    return buffer.getvalue()


def updated(language: str, pot: Catalog) -> Catalog:
    path = i18n.catalogue_path(language)
    if path.exists():
        with path.open("rb") as handle:
            catalogue = read_po(handle, locale=language)
    else:
        catalogue = Catalog(locale=language, project=PROJECT, creation_date=STAMP, charset="utf-8", fuzzy=False)
    catalogue.update(copy.deepcopy(pot), update_creation_date=False)  # update() adopts the template's messages
    catalogue.creation_date = STAMP
    catalogue.revision_date = STAMP
    catalogue.obsolete.clear()  # a text removed from the code leaves its catalogues
    if language == i18n.SOURCE_LANGUAGE:
        for message in catalogue:
            if message.id:
                message.string = message.id
                message.flags.discard("fuzzy")
    return catalogue


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a file would change")
    args = parser.parse_args(argv)
    pot = template()
    outputs = {i18n.LOCALE_DIR / "messages.pot": render(pot)}
    for language in i18n.LANGUAGES:
        outputs[i18n.catalogue_path(language)] = render(updated(language, pot))
    stale = [path for path, content in outputs.items() if not path.exists() or path.read_bytes() != content]
    if args.check:
        for path in stale:
            print(f"ikkje oppdatert: {path.relative_to(ROOT)}")
        return 1 if stale else 0
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(outputs[path])
        print(f"skreiv {path.relative_to(ROOT)}")
    print(f"{len(pot)} tekstar")
    return 0


if __name__ == "__main__":
    sys.exit(main())
