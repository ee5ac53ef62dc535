"""Client for Statistics Norway's PxWebApi 2 (https://data.ssb.no/api/pxwebapi/v2).

- Reads the call limits from `/config` and keeps every call inside a sliding window under them. SSB's real
  `/config` says 0 calls per 0 s; the actual limit (about 40 per 60 s per IP) comes in `x-ratelimit-*`
  response headers, so those are read then.
- Retries 502/503/504, timeouts and connection errors with exponential backoff, a bounded number of times.
  A 429 waits for `Retry-After` if sent, else until the rate window has passed (at most a minute), and says
  so through the `notice` callback. A metadata 404 (SSB answers so for a moment while it updates tables)
  is retried once after a pause. Other 4xx become clear errors with SSB's `title`/`detail`; a 400 or 403
  whose body speaks of too many cells is SSBTooManyCellsError.
- Checks a query against the table's own metadata before sending it, so an unknown municipality, age or
  contents code fails with a message naming the code instead of an opaque HTTP 400.
- Checks the answer against the query: a requested code missing from the response is an error, never a
  silently shorter table.

Every error is an SSBError (RuntimeError) with a message meant for the user; the notices and the HTTP errors are
i18n Messages, read in the language active where they are shown (Nynorsk the reference).
"""

from __future__ import annotations

import fnmatch
import math
import re
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlparse

import pandas as pd
import requests

from indicators.cache import utc_now_iso
from indicators.i18n import Message, Plural, labels
from indicators.model import SSB_ATTRIBUTION, SSB_LICENCE, Provenance
from indicators.sources.jsonstat import (
    JsonStatError,
    JsonStatResult,
    category_labels,
    load_json,
    parse_jsonstat2,
)

DEFAULT_BASE_URL = "https://data.ssb.no/api/pxwebapi/v2"
# Used until (or if) /config answers; SSB's published limits.
DEFAULT_MAX_CALLS = 30
DEFAULT_TIME_WINDOW = 60.0
DEFAULT_MAX_DATA_CELLS = 800_000
LANGUAGE = "no"
OUTPUT_FORMAT = "json-stat2"
STATBANK_TABLE_URL = "https://www.ssb.no/statbank/table/{table_id}"
SSB_SOURCE = "Statistisk sentralbyrå"

RETRY_STATUSES = frozenset({429, 502, 503, 504})
MAX_RETRY_AFTER = 120.0  # never wait longer than this on SSB's word alone
MAX_RATE_WAIT = 60.0  # a 429 without Retry-After: wait for the window to pass, but never longer than this
NOT_FOUND_PAUSE = 20.0  # before the one retry of a metadata 404
# SSB's wording for "too many cells" varies (and the status is 400 in the server code, 403 in the guide).
_TOO_MANY_CELLS = re.compile(r"cell|celler|too many values|for mange verdi", re.IGNORECASE)
_EXPRESSION = re.compile(r"^(top|bottom|from|to|range)\((.*)\)$", re.IGNORECASE)


# What is being fetched, the waits told through `notice` and the HTTP errors: worded in the language active where
# they are shown. {what} is one of the what_* texts; {suffix} is SSB's own detail («: …») or nothing.
MESSAGES = labels("ssb.MESSAGES", {
    "what_config": "oppsettet til API-et (/config)",
    "what_metadata": "metadata for tabell {table}",
    "what_data": "data frå tabell {table}",
    "unreadable": "Svaret frå SSB med {what} kunne ikkje lesast: {error}",
    "timeout": Plural("SSB svara ikkje innan tidsgrensa på {count} sekund ved henting av {what}",
                      "SSB svara ikkje innan tidsgrensa på {count} sekund ved henting av {what}"),
    "no_connection": "Fekk ikkje kontakt med SSB ({host}) for å hente {what}. Sjekk at maskina er kopla til nettet, og "
                     "prøv igjen seinare",
    "not_found_retry": Plural("SSB fann ikkje {what} (HTTP 404). SSB kan halde på å oppdatere tabellen; prøver éin "
                              "gong til om {count} sekund …",
                              "SSB fann ikkje {what} (HTTP 404). SSB kan halde på å oppdatere tabellen; prøver éin "
                              "gong til om {count} sekund …"),
    "rate_limited_wait": Plural("SSB avviste kallet fordi det har vore for mange kall på kort tid (HTTP 429). "
                                "Ventar {count} sekund før neste forsøk …",
                                "SSB avviste kallet fordi det har vore for mange kall på kort tid (HTTP 429). "
                                "Ventar {count} sekund før neste forsøk …"),
    "rate_limited": "SSB avviste førespurnaden om {what} fordi det har vore for mange kall på kort tid (HTTP "
                    "429){suffix}. Vent eitt minutt og prøv igjen",
    "unavailable": "SSB er ikkje tilgjengeleg no (HTTP {status}) ved henting av {what}{suffix}. Prøv igjen seinare",
    "gave_up_once": "{problem}. Gav opp etter eitt forsøk.",
    "gave_up": "{problem}. Gav opp etter {attempts} forsøk.",
    "too_many_cells": "SSB nekta å levere {what} fordi spørjinga gjeld for mange dataceller i eitt kall (HTTP "
                      "{status}){suffix}. Del opp spørjinga.",
    "bad_request": "SSB avviste spørjinga om {what} (HTTP 400){suffix}",
    "forbidden": "SSB nekta å levere {what} (HTTP 403, truleg for mange dataceller i eitt kall){suffix}",
    "not_found": "SSB fann ikkje {what} (HTTP 404){suffix}",
    "http_error": "SSB svara med ein feil på {what} (HTTP {status}){suffix}",
})
# A query that does not fit the table (refused before anything is sent) or an answer that does not fit the query.
# {under} is the under_codelist text or nothing.
QUERY = labels("ssb.QUERY", {
    "no_variable": "Tabell {table} har ingen variabel «{code}». Variablane er: {known}.",
    "too_many_cells": "Spørjinga til tabell {table} gjeld {cells} dataceller, men SSB tillèt berre {limit} per kall. "
                      "Del opp spørjinga.",
    "no_codelist": "Kodelista «{codelist}» finst ikkje for variabelen {variable} i tabell {table}. Tilgjengelege "
                   "kodelister: {offered}.",
    "no_values": "Ingen verdiar er valde for variabelen {variable} i tabell {table}.",
    "repeated": "Koden {codes} er vald fleire gonger for {variable} i tabell {table}.",
    "mandatory": "Variabelen {variable} ({label}) må vere med i spørjinga til tabell {table}.",
    "other_table": "Bad om tabell {table}, men svaret frå SSB gjeld tabell {other}.",
    "under_codelist": " (kodeliste {codelist})",
    "bad_expression": "Ugyldig uttrykk «{code}» for {variable} i tabell {table}.",
    "unknown_anchor": "Koden «{anchor}» i «{code}» finst ikkje for variabelen {variable} ({label}) i tabell "
                      "{table}{under}.",
    "no_match": "Mønsteret «{code}» passar ikkje med nokon kode for {variable} i tabell {table}{under}.",
    "unknown_code": "Koden «{code}» finst ikkje for variabelen {variable} ({label}) i tabell {table}{under}.",
    "answer_lacks_variable": "Svaret frå SSB for tabell {table} manglar variabelen {variable}.",
    "answer_lacks_codes": "Svaret frå SSB for tabell {table} manglar {variable} {codes}, sjølv om det var med i "
                          "spørjinga.",
    "metadata_unreadable": "Metadata for tabell {table} frå SSB kunne ikkje lesast: {error}",
})
Text = str | Message


# --- errors ----------------------------------------------------------------------------------------------


class SSBError(RuntimeError):
    """Anything that went wrong talking to SSB; the message (str(exc)) is meant for the user."""

    def __init__(self, message: Text, *, status: int | None = None, detail: str | None = None, url: str | None = None):
        super().__init__(message)
        self.status = status
        self.detail = detail
        self.url = url


class SSBConnectionError(SSBError):
    """No connection at all (offline, DNS failure, connection refused)."""


class SSBTimeoutError(SSBError):
    """SSB did not answer in time, also after retries."""


class SSBRateLimitError(SSBError):
    """HTTP 429 also after retries."""


class SSBUnavailableError(SSBError):
    """HTTP 502/503/504 also after retries."""


class SSBBadRequestError(SSBError):
    """HTTP 400: SSB rejected the query."""


class SSBForbiddenError(SSBError):
    """HTTP 403: typically too many data cells in one query."""


class SSBTooManyCellsError(SSBForbiddenError):
    """HTTP 400 or 403 whose body says the query asks for too many data cells."""


class SSBNotFoundError(SSBError):
    """HTTP 404: unknown table (or an over-long GET URL)."""


class SSBResponseError(SSBError):
    """A response we cannot use: malformed JSON, not json-stat2, or missing what we asked for."""


class SSBQueryError(SSBError):
    """Our query does not fit the table's metadata; raised before anything is sent."""


class UnknownCodeError(SSBQueryError):
    """A requested value code (municipality, age, contents …) is not in the table."""

    def __init__(self, message: Text, *, table_id: str, variable: str, code: str):
        super().__init__(message)
        self.table_id = table_id
        self.variable = variable
        self.code = code


# --- records ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ApiConfig:
    max_calls: int = DEFAULT_MAX_CALLS
    time_window: float = DEFAULT_TIME_WINDOW
    max_data_cells: int = DEFAULT_MAX_DATA_CELLS
    from_server: bool = False  # False when /config did not give the limits and we use the defaults
    source_references: tuple[str, ...] = ()


@dataclass(frozen=True)
class Variable:
    """One variable of a table as its metadata describes it."""

    code: str
    label: str
    values: dict[str, str]  # {value code: label} in the table's order
    elimination: bool | None = None  # True: may be left out of a query (SSB sums it); None: not stated
    codelists: tuple[dict[str, Any], ...] = ()  # [{id, label, type}] offered for this variable

    @property
    def codes(self) -> list[str]:
        return list(self.values)

    @property
    def codelist_ids(self) -> list[str]:
        return [str(c.get("id")) for c in self.codelists if c.get("id")]


@dataclass(frozen=True)
class TableMetadata:
    table_id: str
    label: str
    updated: str | None
    variables: dict[str, Variable]
    roles: dict[str, list[str]] = field(default_factory=dict)
    codelists_applied: dict[str, str] = field(default_factory=dict)  # {variable: codelist} it was fetched with

    def variable(self, code: str) -> Variable:
        try:
            return self.variables[code]
        except KeyError:
            known = ", ".join(self.variables)
            raise SSBQueryError(QUERY.message("no_variable", table=self.table_id, code=code, known=known)) from None

    def role_variable(self, role: str, fallback: str) -> Variable:
        """The variable with a json-stat role (time, metric, geo), else the one named `fallback`."""
        for code in self.roles.get(role, []):
            if code in self.variables:
                return self.variables[code]
        return self.variable(fallback)


@dataclass
class SSBData:
    """One data call: the parsed json-stat2 and where it came from."""

    result: JsonStatResult
    table_id: str
    query: dict[str, Any]  # the exact POST body
    url: str  # the exact request URL
    updated: str | None  # SSB's `updated` for the table
    retrieved_at: str  # ISO UTC
    licence: str = SSB_LICENCE
    attribution: str = SSB_ATTRIBUTION

    @property
    def frame(self) -> pd.DataFrame:
        return self.result.frame

    def provenance(self, dataset: str, title: str, **overrides: Any) -> Provenance:
        fields: dict[str, Any] = {
            "dataset": dataset,
            "title": title,
            "source": SSB_SOURCE,
            "table_id": self.table_id,
            "query": {"url": self.url, "body": self.query},
            "source_updated": self.updated,
            "retrieved_at": self.retrieved_at,
            "licence": self.licence,
            "attribution": self.attribution,
            "url": STATBANK_TABLE_URL.format(table_id=self.table_id),
            "notes": list(self.result.notes),
        }
        fields.update(overrides)
        return Provenance(**fields)


def selection(variable: str, codes: Iterable[str], codelist: str | None = None) -> dict[str, Any]:
    """One entry of a PxWebApi 2 `selection` list."""
    item: dict[str, Any] = {"variableCode": variable, "valueCodes": list(codes)}
    if codelist:
        item["codelist"] = codelist
    return item


def strip_region_prefix(code: str) -> str:
    """SSB's aggregated region codes carry a prefix (`K-3326`, `F-33`, `K_3101`): return the bare code."""
    return re.sub(r"^[A-Za-z]+[-_]", "", str(code))


# --- rate limiting ---------------------------------------------------------------------------------------


class RateLimiter:
    """At most `max_calls` calls in any `time_window` seconds (a sliding window over call times)."""

    def __init__(
        self,
        max_calls: int,
        time_window: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.max_calls = max(1, int(max_calls))
        self.time_window = float(time_window)
        self._clock = clock
        self._sleep = sleep
        self._calls: deque[float] = deque()
        self._blocked_until = 0.0

    def update(self, max_calls: int, time_window: float) -> None:
        self.max_calls = max(1, int(max_calls))
        self.time_window = float(time_window)

    def block_for(self, seconds: float) -> None:
        """No call in the next `seconds` (SSB said the window is used up)."""
        if seconds > 0:
            self._blocked_until = max(self._blocked_until, self._clock() + seconds)

    def acquire(self) -> float:
        """Wait until one more call fits in the window, record it; returns the seconds waited."""
        waited = 0.0
        blocked = self._blocked_until - self._clock()
        if blocked > 0:
            self._sleep(blocked)
            waited += blocked
        while True:
            now = self._clock()
            while self._calls and now - self._calls[0] >= self.time_window:
                self._calls.popleft()
            if len(self._calls) < self.max_calls:
                self._calls.append(now)
                return waited
            delay = max(self._calls[0] + self.time_window - now, 0.001)
            self._sleep(delay)
            waited += delay


# --- the client ------------------------------------------------------------------------------------------


def _is_expression(code: str) -> bool:
    return "*" in code or "?" in code or bool(_EXPRESSION.match(code))


class SSBClient:
    """PxWebApi 2 client. `sleep` and `clock` are injectable so tests run without real waiting; `notice`
    receives Nynorsk lines about long waits (the command line prints them)."""

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        session: requests.Session | None = None,
        timeout: float | tuple[float, float] = (10.0, 60.0),
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        max_attempts: int = 4,
        backoff: float = 1.0,
        max_backoff: float = 30.0,
        language: str = LANGUAGE,
        notice: Callable[[str], None] | None = None,
        not_found_pause: float = NOT_FOUND_PAUSE,
    ):
        self.base_url = base_url.rstrip("/")
        self.session = session or requests.Session()
        self.timeout = timeout
        self.sleep = sleep
        self.clock = clock
        self.max_attempts = max(1, max_attempts)
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.language = language
        self.notice = notice or (lambda message: None)
        self.not_found_pause = not_found_pause
        self.rate_headers: dict[str, float] = {}  # the last x-ratelimit-* values seen (limit, remaining, reset)
        self.limiter = RateLimiter(DEFAULT_MAX_CALLS, DEFAULT_TIME_WINDOW, clock=clock, sleep=sleep)
        self._config: ApiConfig | None = None
        self._metadata: dict[tuple[str, tuple[tuple[str, str], ...]], TableMetadata] = {}

    # -- public API --

    def config(self) -> ApiConfig:
        """SSB's limits from /config (fetched once); the published defaults if /config does not state them."""
        if self._config is None:
            self._config = self._fetch_config()
            self.limiter.update(self._config.max_calls, self._config.time_window)
        return self._config

    def get_json(self, path: str, what: Text) -> dict[str, Any]:
        """A GET of any endpoint (e.g. `/config`) as a JSON object; errors are SSBErrors like the rest."""
        response = self._request("GET", path, what=what)
        try:
            data = load_json(response.content)
        except JsonStatError as exc:
            raise SSBResponseError(MESSAGES.message("unreadable", what=what, error=exc), url=response.url) from exc
        return data

    def metadata(self, table_id: str, codelists: Mapping[str, str] | None = None) -> TableMetadata:
        """The table's variables and valid codes; with `codelists` ({variable: codelist id}) applied."""
        table_id = str(table_id)
        key = (table_id, tuple(sorted((codelists or {}).items())))
        if key not in self._metadata:
            params: dict[str, str] = {"lang": self.language, "outputFormat": OUTPUT_FORMAT}
            for variable, codelist in sorted((codelists or {}).items()):
                params[f"codelist[{variable}]"] = codelist
            what = MESSAGES.message("what_metadata", table=table_id)
            response = self._request(
                "GET", f"/tables/{table_id}/metadata", what=what, params=params, retry_not_found=True
            )
            self._metadata[key] = self._parse_metadata(table_id, response, dict(codelists or {}))
        return self._metadata[key]

    def validate_selection(self, table_id: str, query: Sequence[Mapping[str, Any]]) -> TableMetadata:
        """Check a selection against the table's metadata (see `checked_cells`) and that its cell count is within
        SSB's maxDataCells; raises SSBQueryError/UnknownCodeError/SSBForbiddenError before sending."""
        meta, cells = self.checked_cells(table_id, query)
        limit = self.config().max_data_cells
        if cells > limit:
            spaced = {"cells": f"{cells:,}".replace(",", " "), "limit": f"{limit:,}".replace(",", " ")}
            raise SSBForbiddenError(QUERY.message("too_many_cells", table=table_id, **spaced))
        return meta

    def checked_cells(self, table_id: str, query: Sequence[Mapping[str, Any]]) -> tuple[TableMetadata, int]:
        """The table's metadata (codelists applied) and the selection's cell count, after checking it: variables
        exist, codelists are offered, every plain value code exists (under its codelist), `from(x)`-style anchors
        exist, no mandatory variable is left out. Raises SSBQueryError/UnknownCodeError."""
        table_id = str(table_id)
        plain = self.metadata(table_id)
        codelists = {str(item["variableCode"]): str(item["codelist"]) for item in query if item.get("codelist")}
        for variable_id, codelist in codelists.items():
            offered = plain.variable(variable_id).codelist_ids
            if offered and codelist not in offered:
                raise SSBQueryError(QUERY.message("no_codelist", codelist=codelist, variable=variable_id,
                                                  table=table_id, offered=", ".join(offered)))
        meta = self.metadata(table_id, codelists) if codelists else plain
        selected: dict[str, int] = {}
        for item in query:
            variable_code = str(item.get("variableCode", ""))
            variable = meta.variable(variable_code)
            codes = [str(c) for c in item.get("valueCodes") or []]
            if not codes:
                raise SSBQueryError(QUERY.message("no_values", variable=variable_code, table=table_id))
            repeated = sorted({code for code in codes if codes.count(code) > 1})
            if repeated:  # SSB answers a repeated code with an empty HTTP 500
                raise SSBQueryError(QUERY.message("repeated", codes=", ".join(repeated), variable=variable_code,
                                                  table=table_id))
            chosen: list[str] = []
            for code in codes:
                chosen.extend(self._resolve(table_id, variable, code, codelists.get(variable_code)))
            selected[variable_code] = len(dict.fromkeys(chosen))
        for other in meta.variables.values():
            if other.code not in selected and other.elimination is False:
                raise SSBQueryError(QUERY.message("mandatory", variable=other.code, label=other.label, table=table_id))
        return meta, (math.prod(selected.values()) if selected else 0)

    def data_in_chunks(self, table_id: str, query: Sequence[Mapping[str, Any]], variable: str) -> list[SSBData]:
        """The answer to `query` in as many calls as SSB's maxDataCells needs: `variable`'s codes (e.g. the
        municipalities) are split into slices that each fit, and the rate limiter spaces the calls within SSB's
        call limit. One call when the whole query fits."""
        position = next(i for i, item in enumerate(query) if item.get("variableCode") == variable)
        codes = [str(code) for code in query[position].get("valueCodes") or []]
        _, cells = self.checked_cells(table_id, query)
        limit = self.config().max_data_cells
        if cells <= limit or len(codes) <= 1:
            return [self.data(table_id, query)]
        per_code = math.ceil(cells / len(codes))
        size = max(1, limit // per_code)
        answers = []
        for start in range(0, len(codes), size):
            part = [dict(item) for item in query]
            part[position] = {**part[position], "valueCodes": codes[start:start + size]}
            answers.append(self.data(table_id, part))
        return answers

    def data(self, table_id: str, query: Sequence[Mapping[str, Any]], *, validate: bool = True) -> SSBData:
        """POST a selection to /tables/{id}/data and parse the json-stat2 answer.

        Raises SSBQueryError before sending if the selection does not fit the metadata (when `validate`),
        and SSBResponseError if the answer lacks a requested code.
        """
        table_id = str(table_id)
        body = {"selection": [dict(item) for item in query]}
        if validate:
            self.validate_selection(table_id, body["selection"])
        params = {"lang": self.language, "outputFormat": OUTPUT_FORMAT}
        what = MESSAGES.message("what_data", table=table_id)
        response = self._request("POST", f"/tables/{table_id}/data", what=what, params=params, json_body=body)
        try:
            result = parse_jsonstat2(response.content)
        except JsonStatError as exc:
            raise SSBResponseError(MESSAGES.message("unreadable", what=what, error=exc), url=response.url) from exc
        if result.table_id and result.table_id != table_id:
            raise SSBResponseError(
                QUERY.message("other_table", table=table_id, other=result.table_id), url=response.url
            )
        self._check_complete(table_id, body["selection"], result, response.url)
        return SSBData(
            result=result,
            table_id=table_id,
            query=body,
            url=response.url,
            updated=result.updated,
            retrieved_at=utc_now_iso(),
        )

    # -- validation helpers --

    def _resolve(self, table_id: str, variable: Variable, code: str, codelist: str | None) -> list[str]:
        """The codes a value code or expression picks, checked against the metadata."""
        codes = variable.codes
        under: Text = QUERY.message("under_codelist", codelist=codelist) if codelist else ""
        if code == "*":
            return codes
        match = _EXPRESSION.match(code)
        if match:
            name, argument = match.group(1).lower(), match.group(2)
            parts = [p.strip() for p in argument.split(",")]
            if name in ("top", "bottom"):
                try:
                    count, offset = int(parts[0]), int(parts[1]) if len(parts) > 1 else 0
                except ValueError:
                    raise SSBQueryError(
                        QUERY.message("bad_expression", code=code, variable=variable.code, table=table_id)
                    ) from None
                return codes[::-1][offset : offset + count] if name == "top" else codes[offset : offset + count]
            anchors = parts if name == "range" else parts[:1]
            if (name == "range" and len(parts) != 2) or (name != "range" and len(parts) != 1):
                raise SSBQueryError(QUERY.message("bad_expression", code=code, variable=variable.code, table=table_id))
            for anchor in anchors:
                if anchor not in variable.values:
                    raise UnknownCodeError(
                        QUERY.message("unknown_anchor", anchor=anchor, code=code, variable=variable.code,
                                      label=variable.label, table=table_id, under=under),
                        table_id=table_id, variable=variable.code, code=anchor,
                    )
            if name == "from":
                return codes[codes.index(parts[0]) :]
            if name == "to":
                return codes[: codes.index(parts[0]) + 1]
            first, last = sorted((codes.index(parts[0]), codes.index(parts[1])))
            return codes[first : last + 1]
        if "*" in code or "?" in code:
            picked = [c for c in codes if fnmatch.fnmatchcase(c, code)]
            if not picked:
                raise UnknownCodeError(
                    QUERY.message("no_match", code=code, variable=variable.code, table=table_id, under=under),
                    table_id=table_id, variable=variable.code, code=code,
                )
            return picked
        if code not in variable.values:
            raise UnknownCodeError(
                QUERY.message("unknown_code", code=code, variable=variable.code, label=variable.label, table=table_id,
                              under=under),
                table_id=table_id, variable=variable.code, code=code,
            )
        return [code]

    @staticmethod
    def _check_complete(table_id: str, query: Sequence[Mapping[str, Any]], result: JsonStatResult, url: str) -> None:
        """Every explicitly requested code must come back: a missing region is reported, not dropped."""
        for item in query:
            variable = str(item["variableCode"])
            requested = [str(c) for c in item.get("valueCodes") or [] if not _is_expression(str(c))]
            if variable not in result.dimension_labels:
                raise SSBResponseError(
                    QUERY.message("answer_lacks_variable", table=table_id, variable=variable), url=url
                )
            returned = result.dimension_labels[variable]
            missing = [code for code in requested if code not in returned]
            if missing:
                raise SSBResponseError(
                    QUERY.message("answer_lacks_codes", table=table_id, variable=variable, codes=", ".join(missing)),
                    url=url,
                )

    # -- HTTP --

    def _fetch_config(self) -> ApiConfig:
        try:
            response = self._request("GET", "/config", what=MESSAGES.message("what_config"))
            data = load_json(response.content)
        except (SSBNotFoundError, SSBBadRequestError, SSBResponseError, JsonStatError):
            return ApiConfig()  # the limits are SSB's published ones; go on with those
        max_calls = _positive(data.get("maxCallsPerTimeWindow"))
        window = _positive(data.get("timeWindow"))
        max_cells = _positive(data.get("maxDataCells"))
        references = data.get("sourceReferences") or []
        return ApiConfig(
            max_calls=int(max_calls) if max_calls and window else DEFAULT_MAX_CALLS,
            time_window=window if max_calls and window else DEFAULT_TIME_WINDOW,
            max_data_cells=int(max_cells) if max_cells else DEFAULT_MAX_DATA_CELLS,
            from_server=bool(max_calls and window),
            source_references=tuple(str(r["text"]) for r in references if isinstance(r, dict) and r.get("text")),
        )

    def _parse_metadata(self, table_id: str, response: requests.Response, codelists: dict[str, str]) -> TableMetadata:
        try:
            data = load_json(response.content)
            ids, dimensions = data.get("id"), data.get("dimension")
            if not isinstance(ids, list) or not isinstance(dimensions, dict):
                raise JsonStatError("manglar «id» eller «dimension»")
            variables: dict[str, Variable] = {}
            for dim_id in map(str, ids):
                if dim_id not in dimensions:
                    raise JsonStatError(f"dimensjonen «{dim_id}» manglar")
                dimension = dimensions[dim_id]
                extension = dimension.get("extension") or {}
                elimination = extension.get("elimination")
                variables[dim_id] = Variable(
                    code=dim_id,
                    label=str(dimension.get("label", dim_id)),
                    values=category_labels(dim_id, dimension),
                    elimination=elimination if isinstance(elimination, bool) else None,
                    codelists=tuple(
                        {k: c.get(k) for k in ("id", "label", "type")}
                        for c in extension.get("codelists") or []
                        if isinstance(c, dict)
                    ),
                )
        except (JsonStatError, AttributeError, TypeError) as exc:
            raise SSBResponseError(
                QUERY.message("metadata_unreadable", table=table_id, error=exc), url=response.url
            ) from exc
        roles = data.get("role") or {}
        return TableMetadata(
            table_id=table_id,
            label=str(data.get("label", "")),
            updated=data.get("updated"),
            variables=variables,
            roles={str(k): [str(x) for x in v] for k, v in roles.items() if isinstance(v, list)},
            codelists_applied=codelists,
        )

    def _request(
        self,
        method: str,
        path: str,
        *,
        what: Text,
        params: Mapping[str, str] | None = None,
        json_body: Any = None,
        retry_not_found: bool = False,
    ) -> requests.Response:
        if path != "/config":
            self.config()  # the limits must be known before the first real call
        url = self.base_url + path
        last_problem: Text = ""
        last_error: type[SSBError] = SSBError
        last_status: int | None = None
        not_found_retried = not retry_not_found
        attempt = 0
        while attempt < self.max_attempts:
            attempt += 1
            self.limiter.acquire()
            delay: float | None = None
            try:
                response = self.session.request(
                    method,
                    url,
                    params=params,
                    json=json_body,
                    timeout=self.timeout,
                    headers={"Accept": "application/json", "User-Agent": "indicator-dashboard/0.1"},
                )
            except requests.Timeout:
                last_error, last_status = SSBTimeoutError, None
                last_problem = MESSAGES.message("timeout", count=self._timeout_text(), what=what)
            except requests.ConnectionError:
                last_error, last_status = SSBConnectionError, None
                host = urlparse(self.base_url).netloc or self.base_url
                last_problem = MESSAGES.message("no_connection", host=host, what=what)
            else:
                reset = self._observe_rate_headers(response)
                if response.status_code < 400:
                    return response
                if response.status_code == 404 and not not_found_retried:
                    # SSB answers 404 for a moment while it updates a table: one more try after a pause.
                    not_found_retried = True
                    attempt -= 1
                    self.notice(str(MESSAGES.message("not_found_retry", what=what,
                                                     count=f"{self.not_found_pause:g}")))
                    self.sleep(self.not_found_pause)
                    continue
                if response.status_code not in RETRY_STATUSES:
                    raise self._http_error(response, what)
                last_status = response.status_code
                last_error = SSBRateLimitError if last_status == 429 else SSBUnavailableError
                last_problem = self._retry_problem(response, what)
                retry_after = _retry_after_seconds(response.headers.get("Retry-After"))
                if retry_after is not None:
                    delay = min(retry_after, MAX_RETRY_AFTER)
                elif last_status == 429:
                    window = reset if reset is not None else self.limiter.time_window
                    delay = min(max(window, 1.0), MAX_RATE_WAIT)
            if attempt < self.max_attempts:
                backoff = min(self.backoff * 2 ** (attempt - 1), self.max_backoff)
                wait = backoff if delay is None else max(backoff, delay)
                if last_status == 429:
                    self.notice(str(MESSAGES.message("rate_limited_wait", count=f"{wait:.0f}")))
                self.sleep(wait)
        gave_up = MESSAGES.message("gave_up_once", problem=last_problem) if self.max_attempts == 1 \
            else MESSAGES.message("gave_up", problem=last_problem, attempts=self.max_attempts)
        raise last_error(gave_up, status=last_status, url=url)

    def _observe_rate_headers(self, response: requests.Response) -> float | None:
        """Read SSB's x-ratelimit-* headers; returns the seconds until the window resets, if stated.

        The limit only replaces /config's when /config did not state one (SSB's says 0/0). A window
        announced as used up blocks the next call until it resets.
        """
        limit = _positive(response.headers.get("x-ratelimit-limit"))
        remaining = _number(response.headers.get("x-ratelimit-remaining"))
        reset = _reset_seconds(response.headers.get("x-ratelimit-reset"))
        seen = {"limit": limit, "remaining": remaining, "reset": reset}
        self.rate_headers = {k: v for k, v in seen.items() if v is not None}
        config = self._config
        if limit is not None and config is not None and not config.from_server:
            window = _positive(response.headers.get("x-ratelimit-window")) or DEFAULT_TIME_WINDOW
            self.limiter.update(int(limit), window)
        if remaining is not None and remaining <= 0 and reset is not None and response.status_code != 429:
            self.limiter.block_for(min(reset, MAX_RATE_WAIT))
        return reset

    def _timeout_text(self) -> str:
        seconds = self.timeout[-1] if isinstance(self.timeout, tuple) else self.timeout
        return f"{seconds:g}"

    @staticmethod
    def _retry_problem(response: requests.Response, what: Text) -> Message:
        detail = _problem_detail(response)
        suffix = f": {detail}" if detail else ""
        if response.status_code == 429:
            return MESSAGES.message("rate_limited", what=what, suffix=suffix)
        return MESSAGES.message("unavailable", status=response.status_code, what=what, suffix=suffix)

    @staticmethod
    def _http_error(response: requests.Response, what: Text) -> SSBError:
        status = response.status_code
        detail = _problem_detail(response)
        suffix = f": {detail}" if detail else "."
        cls: type[SSBError]
        if status in (400, 403) and _TOO_MANY_CELLS.search(_problem_text(response)):
            cls = SSBTooManyCellsError
            text = MESSAGES.message("too_many_cells", what=what, status=status, suffix=suffix.rstrip("."))
        elif status == 400:
            cls, text = SSBBadRequestError, MESSAGES.message("bad_request", what=what, suffix=suffix)
        elif status == 403:
            cls, text = SSBForbiddenError, MESSAGES.message("forbidden", what=what, suffix=suffix)
        elif status == 404:
            cls, text = SSBNotFoundError, MESSAGES.message("not_found", what=what, suffix=suffix)
        else:
            cls, text = SSBError, MESSAGES.message("http_error", what=what, status=status, suffix=suffix)
        return cls(text, status=status, detail=detail or None, url=response.url)


def _positive(value: Any) -> float | None:
    """A positive number from a JSON field, else None."""
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 and math.isfinite(number) else None


def _number(value: Any) -> float | None:
    """A finite number from a header, else None."""
    try:
        number = float(str(value).split(";")[0].strip()) if value is not None else None
    except ValueError:
        return None
    return number if number is not None and math.isfinite(number) else None


def _reset_seconds(header: str | None) -> float | None:
    """x-ratelimit-reset as seconds from now: seconds, a Unix time, or a date (the format is unverified)."""
    if not header:
        return None
    number = _number(header)
    if number is not None:
        if number > 1e9:  # a Unix timestamp
            return max(0.0, number - datetime.now(UTC).timestamp())
        return max(0.0, number)
    try:
        when = datetime.fromisoformat(header.strip().replace("Z", "+00:00"))
    except ValueError:
        return _retry_after_seconds(header)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _problem_text(response: requests.Response) -> str:
    """Everything SSB said in an error body, for matching."""
    try:
        data = response.json()
    except ValueError:
        return response.text or ""
    if isinstance(data, dict):
        return " ".join(str(data.get(key, "")) for key in ("title", "detail", "error", "message"))
    return str(data)


def _problem_detail(response: requests.Response) -> str:
    """SSB's problem+json `detail` (or `title`, or a v0-style `error`), else a short piece of the body."""
    try:
        data = response.json()
    except ValueError:
        text = (response.text or "").strip()
        return text[:200]
    if isinstance(data, dict):
        for key in ("detail", "title", "error", "message"):
            if data.get(key):
                return str(data[key])[:500]
    return ""


def _retry_after_seconds(header: str | None) -> float | None:
    """Retry-After as seconds: either a number of seconds or an HTTP date."""
    if not header:
        return None
    header = header.strip()
    try:
        return max(0.0, float(header))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())
