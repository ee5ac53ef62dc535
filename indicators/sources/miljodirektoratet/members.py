"""Which member of the active region a workbook is about; a file about anywhere else is refused by name."""

from __future__ import annotations

import re

from indicators.i18n import Message
from indicators.municipality_names import OSLO_CODE, municipality_names
from indicators.regions import Member, active_region
from indicators.safe_text import clean_text, markdown_literal
from indicators.sources.miljodirektoratet.common import MANUAL_PAGE, MESSAGES, EmissionsImportError

_NAME_LIST_YEAR = 2023  # the newest year of the shipped municipality name list


def _known_outside_codes() -> dict[str, str]:
    """Only names we can vouch for get a code in messages: the capital, which has kept its code and name through
    every reform (see indicators.municipality_names). Others are named as the file names them."""
    name = municipality_names(_NAME_LIST_YEAR).get(OSLO_CODE)
    return {name.casefold(): OSLO_CODE} if name else {}


def not_a_member(description: Message | str) -> EmissionsImportError:
    region = active_region()
    names = ", ".join(m.name for m in region.members)
    return EmissionsImportError(MESSAGES.message("not_a_member", what=description, region=region.name, names=names,
                                                 page=MANUAL_PAGE))


def bare_name(name: str) -> str:
    """'Hemsedal kommune' / 'Gol (3324)' -> the name alone."""
    bare = re.sub(r"\s*\(.*\)\s*$", "", clean_text(name))
    return re.sub(r"\s+kommune$", "", bare, flags=re.IGNORECASE).strip()


def member_named(name: str) -> Member | None:
    """The member with this (today's) name, case-insensitive, or None."""
    wanted = bare_name(name).casefold()
    return next((m for m in active_region().members if m.name.casefold() == wanted), None)


def name_fits(member: Member, name: str) -> bool:
    """Whether a name in a file can be this member: today's name or a former one (empty names are not checked)."""
    wanted = bare_name(name).casefold()
    return not wanted or wanted in {n.casefold() for n in (member.name, *member.former_names)}


def municipality_from_name(name: str) -> str:
    """Today's code of the member a per-municipality file names in its Info sheet, else a Nynorsk error."""
    region = active_region()
    text = clean_text(name)
    if not text:
        raise EmissionsImportError(MESSAGES.message("no_municipality", page=MANUAL_PAGE))
    code_match = re.search(r"\b(\d{4})\b", text)
    if code_match and region.current_code(code_match.group(1)):
        return region.current_code(code_match.group(1)) or ""
    member = member_named(text)
    if member is not None:
        return member.code
    bare = bare_name(text)
    renamed = next((m for m in region.members if bare.casefold() in {n.casefold() for n in m.former_names}), None)
    if renamed is not None:
        raise EmissionsImportError(MESSAGES.message("renamed", name=bare, region=region.name, today=renamed.name,
                                                    page=MANUAL_PAGE))
    known = _known_outside_codes().get(bare.casefold())
    raise not_a_member(f"{bare} ({known})" if known else markdown_literal(bare))
