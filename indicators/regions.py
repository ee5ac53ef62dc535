"""The six Hallingdal municipalities, their code history and the comparison regions."""

from __future__ import annotations

from dataclasses import dataclass

HALLINGDAL = "hallingdal"
BUSKERUD = "33"
NORWAY = "0"


@dataclass(frozen=True)
class Municipality:
    code: str  # today's (2024) code
    name: str
    former_codes: tuple[str, ...]  # oldest first: (until 2019, 2020-2023)
    former_names: tuple[str, ...] = ()


MUNICIPALITIES: tuple[Municipality, ...] = (
    Municipality("3320", "Flå", ("0615", "3039")),
    Municipality("3322", "Nesbyen", ("0616", "3040"), ("Nes",)),
    Municipality("3324", "Gol", ("0617", "3041")),
    Municipality("3326", "Hemsedal", ("0618", "3042")),
    Municipality("3328", "Ål", ("0619", "3043")),
    Municipality("3330", "Hol", ("0620", "3044")),
)
MUNICIPALITY_CODES: tuple[str, ...] = tuple(m.code for m in MUNICIPALITIES)

# Codes a user may pick or see, with the names the UI shows (Nynorsk: "Noreg" in running text).
REGION_NAMES: dict[str, str] = {
    HALLINGDAL: "Hallingdal",
    **{m.code: m.name for m in MUNICIPALITIES},
    BUSKERUD: "Buskerud",
    NORWAY: "Noreg",
}
SELECTABLE_REGIONS: tuple[str, ...] = (HALLINGDAL, *MUNICIPALITY_CODES)
COMPARISON_REGIONS: tuple[str, ...] = (BUSKERUD, NORWAY)

# Historical code -> today's code. Number changes only (no border changes) on 2020-01-01 and 2024-01-01.
_CODE_HISTORY: dict[str, str] = {
    old: m.code for m in MUNICIPALITIES for old in (*m.former_codes, m.code)
}
# Buskerud 06 -> Viken 30 (2020-2023, a larger county) -> Buskerud 33: not the same area, never stitched.


class UnknownRegionError(ValueError):
    """A region code the dashboard does not know."""

    def __init__(self, code: str):
        self.code = code
        known = ", ".join(f"{c} ({n})" for c, n in REGION_NAMES.items())
        super().__init__(f"Ukjend regionkode «{code}». Kjende kodar: {known}.")


def current_code(code: str) -> str | None:
    """Today's code of a Hallingdal municipality under any of its historical codes, else None.

    Accepts SSB's aggregated form ``K-3326`` too.
    """
    code = str(code).strip()
    if code.startswith("K-"):
        code = code[2:]
    return _CODE_HISTORY.get(code)


def region_name(code: str) -> str:
    """The UI name of a region code; raises UnknownRegionError for codes we do not know."""
    try:
        return REGION_NAMES[code]
    except KeyError:
        raise UnknownRegionError(code) from None


def validate_region(code: str) -> str:
    """Return the code if known, else raise UnknownRegionError (with a Nynorsk message)."""
    region_name(code)
    return code


def normalise_region(code: str) -> str:
    """A known region code from user input, accepting a municipality's older codes (0618, 3042 -> 3326)."""
    code = str(code).strip()
    if code in REGION_NAMES:
        return code
    mapped = current_code(code)
    if mapped is None:
        raise UnknownRegionError(code)
    return mapped


def members(code: str) -> tuple[str, ...]:
    """The municipality codes a region consists of (Hallingdal = the six; a municipality = itself)."""
    if code == HALLINGDAL:
        return MUNICIPALITY_CODES
    if code in MUNICIPALITY_CODES:
        return (code,)
    raise UnknownRegionError(code)
