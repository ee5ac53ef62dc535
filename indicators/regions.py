"""The region the dashboard follows: its member municipalities, their code history and the comparison regions.

All of it is data, read from the region file (``plan/region.toml``, or the file named by $REGION_CONFIG), so
another regional council runs the same product with its own file. The file is read once per path and kept.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from indicators import plan_files, settings
from indicators.i18n import Message, labels
from indicators.municipality_codes import CodeTable, optional_code_table

DEFAULT_REGION_FILE = settings.PROJECT_ROOT / "plan" / "region.toml"


# What is wrong with the region file (or a region code): worded in the language active where it is shown.
PROBLEMS = labels("regions.PROBLEMS", {
    "unknown_code": "Ukjend regionkode «{code}». Kjende kodar: {known}.",
    "missing_text": "{where} manglar «{name}» (tekst).",
    "plan_dir_alone": "«plan_dir» står i fila, men «plan = {{ name, start, end }}» manglar; legg til begge eller ingen "
                      "av dei (utan plan viser dashbordet tal og samanlikningar).",
    "plan_shape": "«plan» må vere «plan = {{ name, start, end }}».",
    "plan_keys": "«plan» må ha name (tekst), start og end (årstal).",
    "plan_ends_first": "planen sluttar før han byrjar.",
    "file": "fila",
    "member": "kommune nr. {index}",
    "former": "{where}: «former» må ha code og until (årstal).",
    "no_members": "manglar kommunar ([[members]]).",
    "comparison": "samanlikning nr. {index}",
    "kind": "{where}: «kind» må vere «county» eller «country».",
    "peer": "samanlikningsregion nr. {index}",
    "peer_members": "{where}: «members» må vere ei liste med kommunenummer.",
    "duplicated": "same kode står fleire gonger: {codes}.",
})


class RegionFileError(plan_files.PlanFileError):
    """The region file is missing or invalid (Nynorsk message naming the file and the problem)."""


class NoPlanError(plan_files.PlanFileError):
    """The region file names no plan (a region with members only), so it has no plan files to read."""

    def __init__(self, region: Region):
        super().__init__(plan_files.no_plan_message(region.name), region.source_file)


class UnknownRegionError(ValueError):
    """A region code the dashboard does not know."""

    def __init__(self, code: str, known: dict[str, str] | None = None):
        self.code = code
        names = known if known is not None else active_region().names
        listed = ", ".join(f"{c} ({n})" for c, n in names.items())
        super().__init__(PROBLEMS.message("unknown_code", code=code, known=listed))


@dataclass(frozen=True)
class FormerCode:
    code: str
    until: int  # the last year the code was in use


@dataclass(frozen=True)
class Member:
    code: str  # today's code
    name: str
    former: tuple[FormerCode, ...] = ()  # oldest first
    former_names: tuple[str, ...] = ()

    @property
    def former_codes(self) -> tuple[str, ...]:
        return tuple(f.code for f in self.former)

    def code_in(self, year: int) -> str:
        """The code this municipality was published under in `year`."""
        for former in self.former:
            if year <= former.until:
                return former.code
        return self.code


@dataclass(frozen=True)
class Comparison:
    code: str
    name: str
    kind: str  # "county" or "country"


@dataclass(frozen=True)
class Peer:
    """A region to compare with (plan/region.toml [[peers]]): its id works as a region code like the region's own."""

    id: str
    name: str
    members: tuple[str, ...]  # 2024 codes


@dataclass(frozen=True)
class PlanInfo:
    name: str
    start: int
    end: int

    @property
    def period(self) -> tuple[int, int]:
        return (self.start, self.end)

    @property
    def title(self) -> str:
        """The plan's full name with its period, e.g. "Strategisk plan for X 2022–2025"."""
        return f"{self.name} {self.start}–{self.end}"


@dataclass(frozen=True)
class Region:
    id: str
    name: str
    plan: PlanInfo | None  # None: a region with members only (no plan loaded; figures and comparisons only)
    members: tuple[Member, ...]
    comparisons: tuple[Comparison, ...]
    plan_dir: Path | None  # the folder of the plan files; None without a plan
    council: str = ""
    source_file: Path | None = None
    language: str = "nn"  # the dashboard's default language (BCP 47: nn, nb, en); ?lang= and the picker switch it
    peers: tuple[Peer, ...] = ()

    @property
    def member_codes(self) -> tuple[str, ...]:
        return tuple(m.code for m in self.members)

    @property
    def comparison_codes(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.comparisons)

    @property
    def selectable(self) -> tuple[str, ...]:
        """What a user may pick: the region as a whole, then each member."""
        return (self.id, *self.member_codes)

    @property
    def names(self) -> dict[str, str]:
        """Every code the dashboard knows by the region file, with the name the UI shows (any other municipality
        or county of 2024 is known through the code table: see `region_name`)."""
        return {
            self.id: self.name,
            **{m.code: m.name for m in self.members},
            **{c.code: c.name for c in self.comparisons},
            **{p.id: p.name for p in self.peers},
        }

    @property
    def peer_ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.peers)

    @property
    def composites(self) -> dict[str, tuple[str, ...]]:
        """Every region made of municipalities (this region, then each peer): id -> member codes."""
        return {self.id: self.member_codes, **{p.id: p.members for p in self.peers}}

    @property
    def default_codes(self) -> tuple[str, ...]:
        """The codes a view of this region reads when it names no region: the members and the comparisons."""
        return (*self.member_codes, *self.comparison_codes)

    def codes_to_read(self, code: str | None) -> tuple[str, ...]:
        """The stored region codes a figure for `code` needs (None: the default view, see `default_codes`)."""
        if code is None:
            return self.default_codes
        return self.composites.get(code, (code,))

    def _comparison(self, kind: str) -> Comparison | None:
        return next((c for c in self.comparisons if c.kind == kind), None)

    @property
    def county(self) -> Comparison | None:
        return self._comparison("county")

    @property
    def country(self) -> Comparison | None:
        return self._comparison("country")

    @functools.cached_property
    def code_history(self) -> dict[str, str]:
        """Any code a member has had (and today's) -> today's code."""
        return {old: m.code for m in self.members for old in (*m.former_codes, m.code)}

    def member(self, code: str) -> Member:
        for m in self.members:
            if m.code == code:
                return m
        raise UnknownRegionError(code, self.names)

    @property
    def has_plan(self) -> bool:
        """True when the region file names a plan (`plan` and its files); False for a region with members only."""
        return self.plan is not None and self.plan_dir is not None

    def plan_file(self, name: str) -> Path:
        """A file of the plan folder. Raises NoPlanError for a region without a plan (check `has_plan`)."""
        if self.plan_dir is None:
            raise NoPlanError(self)
        return self.plan_dir / name

    # --- codes from user input and upstream files -------------------------------------------------------

    def current_code(self, code: str) -> str | None:
        """Today's code of a member under any of its historical codes (SSB's ``K-3326`` too), else None. Former
        codes come from the region file, else from the code table in the cache (a file may list 2024 codes only)."""
        code = str(code).strip()
        if code.startswith("K-"):
            code = code[2:]
        known = self.code_history.get(code)
        if known is not None:
            return known
        table = _code_table()
        mapped = table.current_code(code) if table is not None else None
        return mapped if mapped in self.member_codes else None

    def region_name(self, code: str) -> str:
        """The name of a region code: the region file's, else a 2024 municipality's or county's from the code table."""
        try:
            return self.names[code]
        except KeyError:
            table = _code_table()
            name = table.name(code) if table is not None else None
            if name is None:
                raise UnknownRegionError(code, self.names) from None
            return name

    def validate(self, code: str) -> str:
        self.region_name(code)
        return code

    def normalise(self, code: str) -> str:
        """A known code from user input, accepting older codes (a member's, or any municipality's that became
        exactly one 2024 municipality)."""
        code = str(code).strip()
        if code in self.names:
            return code
        mapped = self.current_code(code)
        if mapped is None:
            table = _code_table()
            if table is not None and (table.name(code) is not None or table.current_code(code) is not None):
                return table.current_code(code) or code
            raise UnknownRegionError(code, self.names)
        return mapped

    def parts(self, code: str) -> tuple[str, ...]:
        """The municipality codes a region consists of (this region or a peer = its members; a municipality =
        itself)."""
        if code in self.composites:
            return self.composites[code]
        if code in self.member_codes:
            return (code,)
        table = _code_table()
        if table is not None and code in table.names:
            return (code,)
        raise UnknownRegionError(code, self.names)


def _code_table() -> CodeTable | None:
    """The cache's code table, None when the cache has none."""
    return optional_code_table()


def _problem(path: Path, problem: str, **params: object) -> RegionFileError:
    return RegionFileError(plan_files.problem_message(path, PROBLEMS.message(problem, **params)), path)


def _text(raw: dict[str, Any], key: str, path: Path, where: Message) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _problem(path, "missing_text", where=where, name=key)
    return value.strip()


def _plan(data: dict[str, Any], path: Path) -> PlanInfo | None:
    """The plan the file names, or None for a region with members only (neither `plan` nor `plan_dir`)."""
    plan_raw = data.get("plan")
    if plan_raw is None:
        if "plan_dir" in data:
            raise _problem(path, "plan_dir_alone")
        return None
    if not isinstance(plan_raw, dict):
        raise _problem(path, "plan_shape")
    try:
        plan = PlanInfo(str(plan_raw["name"]), int(plan_raw["start"]), int(plan_raw["end"]))
    except (KeyError, TypeError, ValueError):
        raise _problem(path, "plan_keys") from None
    if plan.end < plan.start:
        raise _problem(path, "plan_ends_first")
    return plan


def _parse(data: dict[str, Any], path: Path) -> Region:
    region_id = _text(data, "id", path, PROBLEMS.message("file"))
    name = _text(data, "name", path, PROBLEMS.message("file"))
    plan = _plan(data, path)
    members: list[Member] = []
    for index, raw in enumerate(data.get("members", []), start=1):
        where = PROBLEMS.message("member", index=index)
        code, member_name = _text(raw, "code", path, where), _text(raw, "name", path, where)
        former = []
        for item in raw.get("former", []):
            try:
                former.append(FormerCode(str(item["code"]), int(item["until"])))
            except (KeyError, TypeError, ValueError):
                raise _problem(path, "former", where=where) from None
        former.sort(key=lambda f: f.until)
        members.append(Member(code, member_name, tuple(former), tuple(str(n) for n in raw.get("former_names", []))))
    if not members:
        raise _problem(path, "no_members")
    comparisons = []
    for index, raw in enumerate(data.get("comparisons", []), start=1):
        where = PROBLEMS.message("comparison", index=index)
        kind = raw.get("kind", "county")
        if kind not in ("county", "country"):
            raise _problem(path, "kind", where=where)
        comparisons.append(Comparison(_text(raw, "code", path, where), _text(raw, "name", path, where), kind))
    peers = []
    for index, raw in enumerate(data.get("peers", []), start=1):
        where = PROBLEMS.message("peer", index=index)
        peer_members = raw.get("members")
        if not isinstance(peer_members, list) or not peer_members:
            raise _problem(path, "peer_members", where=where)
        peers.append(Peer(_text(raw, "id", path, where), _text(raw, "name", path, where),
                          tuple(str(code).strip() for code in peer_members)))
    codes = [region_id, *(m.code for m in members), *(c.code for c in comparisons), *(p.id for p in peers)]
    duplicated = sorted({c for c in codes if codes.count(c) > 1})
    if duplicated:
        raise _problem(path, "duplicated", codes=", ".join(duplicated))
    plan_dir = (path.parent / str(data.get("plan_dir", "."))).resolve() if plan is not None else None
    return Region(
        id=region_id, name=name, plan=plan, members=tuple(members), comparisons=tuple(comparisons),
        plan_dir=plan_dir, council=str(data.get("council", "")), source_file=path,
        language=str(data.get("language", "nn")), peers=tuple(peers),
    )


@functools.lru_cache(maxsize=8)
def load_region(path: str | Path | None = None) -> Region:
    """Read and check a region file (default: $REGION_CONFIG, else plan/region.toml)."""
    path = Path(path) if path else region_file()
    data = plan_files.read_toml(path, RegionFileError)
    return _parse(data, path.resolve())


def region_file() -> Path:
    configured = settings.env(settings.REGION_CONFIG)
    return Path(configured) if configured else DEFAULT_REGION_FILE


def active_region() -> Region:
    """The region named by the environment now (read once per file)."""
    return load_region(region_file())


# Shorthands for the active region, for callers that only need one answer.
def current_code(code: str) -> str | None:
    return active_region().current_code(code)


def region_name(code: str) -> str:
    return active_region().region_name(code)


def validate_region(code: str) -> str:
    return active_region().validate(code)


def normalise_region(code: str) -> str:
    return active_region().normalise(code)


def members(code: str) -> tuple[str, ...]:
    return active_region().parts(code)
