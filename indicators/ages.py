"""Age bands: parsing "20-64" and grouping one-year ages."""

from __future__ import annotations

from dataclasses import dataclass

OLDEST_AGE = 105  # SSB's one-year ages stop at "105 years or older"

WORKING_AGE_CHOICES: tuple[str, ...] = ("20-64", "15-74", "20-66")
DEFAULT_WORKING_AGE = "20-64"  # the plan's own grouping (0–19, 20–64, 65+)

PLAN_GROUPS: tuple[str, ...] = ("0-19", "20-64", "65-105")
FINE_GROUPS: tuple[str, ...] = ("0-5", "6-15", "16-19", "20-44", "45-66", "67-79", "80-89", "90-105")


class AgeBandError(ValueError):
    pass


@dataclass(frozen=True)
class AgeBand:
    low: int
    high: int

    @property
    def code(self) -> str:
        return f"{self.low}-{self.high}"

    @property
    def label(self) -> str:
        """Nynorsk label: '20–64 år', '65 år og eldre'."""
        if self.high >= OLDEST_AGE:
            return f"{self.low} år og eldre"
        return f"{self.low}–{self.high} år"

    def contains(self, age: int) -> bool:
        return self.low <= age <= self.high


def parse_age_band(text: str) -> AgeBand:
    """Parse 'A-B' (also with an en dash, or 'A+' for A and older); raises AgeBandError in Nynorsk."""
    raw = str(text).strip().replace("–", "-")
    try:
        if raw.endswith("+"):
            low, high = int(raw[:-1]), OLDEST_AGE
        else:
            low_text, high_text = raw.split("-")
            low, high = int(low_text), int(high_text)
    except ValueError:
        raise AgeBandError(f"Ugyldig aldersgruppe «{text}»: skriv til dømes 20-64.") from None
    if not (0 <= low <= high <= OLDEST_AGE):
        raise AgeBandError(f"Ugyldig aldersgruppe «{text}»: alder må vere mellom 0 og {OLDEST_AGE}, og frå ≤ til.")
    return AgeBand(low, high)
