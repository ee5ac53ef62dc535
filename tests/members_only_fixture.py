"""A region file with members only (no plan): the made-up test region's municipalities (tests/region_fixture.py,
with its small synthetic cache), written into a temporary folder. Also one whose municipalities no cache has."""

from __future__ import annotations

from pathlib import Path

from region_fixture import COMPARISONS, MEMBERS

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "valdres" / "region.toml"


def members_only_file(folder: Path, members: dict[str, str] | None = None, *, comparisons: bool = True,
                      region_id: str = "berre-kommunar", name: str = "Kommunedalen") -> Path:
    """A region.toml with `id`, `name` and `[[members]]` (and the county and country) and no plan."""
    lines = [f'id = "{region_id}"', f'name = "{name}"']
    for code, member in (members or MEMBERS).items():
        lines += ["", "[[members]]", f'code = "{code}"', f'name = "{member}"']
    if comparisons:
        for (code, comparison), kind in zip(COMPARISONS.items(), ("county", "country"), strict=True):
            lines += ["", "[[comparisons]]", f'code = "{code}"', f'name = "{comparison}"', f'kind = "{kind}"']
    path = folder / "region.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
