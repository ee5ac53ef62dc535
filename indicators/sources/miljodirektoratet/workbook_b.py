"""Format B, the all-municipalities file (utslippsstatistikk_alle_kommuner.xlsx): sheet ``Oversikt - detaljert``
(or ``Oversikt - sektorfordelt``) with Fylke | Kommunenummer | Kommune | År | Sektor | Utslippskilde |
Klimagass | Utslipp. Only the active region's members are kept (under today's codes); rows for other
municipalities are skipped. Municipality numbers may be stored as numbers (615)."""

from __future__ import annotations

from indicators.i18n import labels
from indicators.regions import active_region
from indicators.safe_text import clean_text, markdown_literal
from indicators.sources.miljodirektoratet.common import MESSAGES, EmissionsImportError, required_text
from indicators.sources.miljodirektoratet.members import name_fits, not_a_member
from indicators.sources.miljodirektoratet.sheets import Header, Row, Sheet, cell, detailed_columns, parse_row, sheet_key

CODE_HEADERS = ("kommunenummer", "kommunenr", "kommunenr.")
NAME_HEADERS = ("kommune", "kommunenavn", "kommunenamn")


# A member's number next to another name: a finding for the plausibility check.
FINDINGS = labels("miljodirektoratet.FINDINGS", {
    "other_name": "Kommunenummer {code} er {name} i {region}, men arket «{sheet}» kallar kommunen {called} (første "
                  "gong på rad {row}).",
})


def read_format_b(sheet: Sheet, header: Header) -> tuple[list[Row], list[str]]:
    """The member rows, and findings for the plausibility check: a member's number next to another name (the
    same municipality must be named the same way throughout)."""
    region = active_region()
    detailed = sheet_key(sheet.name) == "oversikt - detaljert"
    columns = detailed_columns(sheet, header, need_source_and_gas=detailed)
    code_i = header.find(*CODE_HEADERS)
    name_i = header.find(*NAME_HEADERS)
    assert code_i is not None
    parsed: list[Row] = []
    others: dict[str, str] = {}
    wrong_names: dict[tuple[str, str], int] = {}
    for row_number, row in sheet.data_rows(header):
        raw_code = cell(row, code_i)
        if isinstance(raw_code, float) and raw_code.is_integer():
            raw_code = int(raw_code)
        code_text = required_text(raw_code, sheet.name, row_number, code_i, header.labels[code_i])
        if code_text.isdigit():
            code_text = code_text.zfill(4)
        code = region.current_code(code_text)
        if code is None:
            others.setdefault(code_text, clean_text(cell(row, name_i)))
            continue
        name = clean_text(cell(row, name_i))
        if not name_fits(region.member(code), name):
            wrong_names.setdefault((code_text, name), row_number)
        parsed_row = parse_row(sheet.name, row_number, row, header, columns, code)
        parsed_row.where += f" (kommunenummer {code_text})"
        parsed.append(parsed_row)
    if not parsed:
        if not others:
            raise EmissionsImportError(MESSAGES.message("sheet_no_data_rows", sheet=sheet.name))
        named = [markdown_literal(f"{name} ({code})" if name else code) for code, name in sorted(others.items())]
        if len(named) == 1:
            raise not_a_member(named[0])
        raise not_a_member(MESSAGES.message("some_municipalities", count=len(named), names=", ".join(named[:3])))
    findings = [  # worded now, in the language of the import (they are kept with the file's record)
        FINDINGS["other_name"].format(code=code, name=region.region_name(region.current_code(code) or code),
                                      region=region.name, sheet=sheet.name, called=markdown_literal(name),
                                      row=row_number)
        for (code, name), row_number in sorted(wrong_names.items())
    ]
    return parsed, findings
