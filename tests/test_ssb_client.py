"""The PxWebApi 2 client against a local fake SSB: limits, retries, errors, validation, provenance."""

from __future__ import annotations

import socket

import pytest

from indicators.model import SSB_ATTRIBUTION
from indicators.sources.ssb import (
    RateLimiter,
    SSBBadRequestError,
    SSBClient,
    SSBConnectionError,
    SSBError,
    SSBForbiddenError,
    SSBNotFoundError,
    SSBQueryError,
    SSBRateLimitError,
    SSBResponseError,
    SSBTimeoutError,
    SSBTooManyCellsError,
    SSBUnavailableError,
    UnknownCodeError,
    selection,
    strip_region_prefix,
)
from tests.fixtures.ssb.fake_ssb import (
    CONFIG,
    FakeClock,
    FakeSSB,
    Reply,
    fixture_json,
    fixture_text,
    problem,
    quiet_session,
)

DATA = "/tables/07459/data"
METADATA = "/tables/07459/metadata"


@pytest.fixture
def clock():
    return FakeClock()


def make_client(server: FakeSSB, clock: FakeClock, **kwargs) -> SSBClient:
    kwargs.setdefault("timeout", 2.0)
    return SSBClient(server.base_url, session=quiet_session(), sleep=clock.sleep, clock=clock, **kwargs)


def small_query(*regions: str) -> list[dict]:
    return [
        selection("Region", list(regions or ("K-3326", "K-3328")), "agg_KommSummer"),
        selection("Kjonn", ["1", "2"]),
        selection("Alder", ["020", "105+"]),
        selection("ContentsCode", ["Personer1"]),
        selection("Tid", ["from(2021)"]),
    ]


def serve_metadata(server: FakeSSB) -> None:
    def metadata(request):
        if request.query.get("codelist[Region]") == ["agg_KommSummer"]:
            return Reply(body=fixture_json("07459_metadata_small_agg_KommSummer.json"))
        return Reply(body=fixture_json("07459_metadata_small.json"))

    server.add("GET", METADATA, metadata)


# --- /config and the rate limiter ------------------------------------------------------------------------


def test_limits_are_read_from_config(ssb, clock):
    limits = {"maxCallsPerTimeWindow": 12, "timeWindow": 20, "maxDataCells": 999}
    ssb.add("GET", "/config", Reply(body={**CONFIG, **limits}))
    client = make_client(ssb, clock)
    config = client.config()
    assert (config.max_calls, config.time_window, config.max_data_cells) == (12, 20.0, 999)
    assert config.from_server
    assert "Kilde: Statistisk sentralbyrå" in config.source_references
    assert (client.limiter.max_calls, client.limiter.time_window) == (12, 20.0)


@pytest.mark.parametrize(
    "reply",
    [
        Reply(body={"apiVersion": "2.0.0"}),  # limits absent
        Reply(body={**CONFIG, "maxCallsPerTimeWindow": "mange"}),
        problem(404, "Not Found"),
        Reply(body=CONFIG),  # SSB's real /config: 0 calls per 0 seconds
    ],
)
def test_missing_limits_fall_back_to_30_per_60_seconds(ssb, clock, reply):
    ssb.add("GET", "/config", reply)
    config = make_client(ssb, clock).config()
    assert (config.max_calls, config.time_window, config.from_server) == (30, 60.0, False)


def test_rate_limiter_keeps_a_sliding_window(clock):
    limiter = RateLimiter(3, 10.0, clock=clock, sleep=clock.sleep)
    starts = []
    for _ in range(7):
        limiter.acquire()
        starts.append(clock.now)
    # never more than 3 calls in any 10-second window
    for i, start in enumerate(starts):
        assert sum(1 for other in starts[i:] if other - start < 10.0) <= 3
    assert starts[:3] == [1000.0] * 3
    assert starts[3] == pytest.approx(1010.0)
    assert starts[6] == pytest.approx(1020.0)


def test_client_waits_when_the_window_is_full(ssb, clock):
    ssb.add("GET", "/config", Reply(body={**CONFIG, "maxCallsPerTimeWindow": 2, "timeWindow": 60}))
    serve_metadata(ssb)
    client = make_client(ssb, clock)
    client.metadata("07459")  # /config + metadata: the window is full
    assert clock.sleeps == []
    client.metadata("07459", {"Region": "agg_KommSummer"})
    assert clock.sleeps == [pytest.approx(60.0)]
    assert len(ssb.requests) == 3


# --- retries -----------------------------------------------------------------------------------------------


def test_429_waits_for_the_rate_window_then_honours_retry_after(ssb, clock):
    notices: list[str] = []
    ssb.add(
        "GET",
        "/tables/07459/metadata",
        problem(429, "Too Many Requests", headers={"x-ratelimit-remaining": "0", "x-ratelimit-reset": "42"}),
        problem(429, "Too Many Requests", headers={"Retry-After": "7"}),
        Reply(body=fixture_json("07459_metadata_small.json")),
    )
    meta = make_client(ssb, clock, notice=notices.append).metadata("07459")
    assert "Region" in meta.variables
    assert len(ssb.calls("GET", METADATA)) == 3
    # no Retry-After: wait until the window SSB announced has passed; then SSB's Retry-After (7 s > backoff 2 s)
    assert clock.sleeps == [42.0, 7.0]
    assert len(notices) == 2 and "Ventar 42 sekund" in notices[0] and "HTTP 429" in notices[0]


def test_429_without_any_hint_waits_one_window_not_exponential_backoff(ssb, clock):
    no_hint = {"x-ratelimit-limit": None, "x-ratelimit-remaining": None, "x-ratelimit-reset": None}
    ssb.add(
        "GET",
        METADATA,
        problem(429, "Too Many Requests", headers=no_hint),
        Reply(body=fixture_json("07459_metadata_small.json")),
    )
    make_client(ssb, clock).metadata("07459")
    assert clock.sleeps == [60.0]


def test_rate_limit_comes_from_headers_when_config_says_zero(ssb, clock):
    serve_metadata(ssb)
    client = make_client(ssb, clock)
    config = client.config()
    assert (config.max_calls, config.time_window, config.from_server) == (30, 60.0, False)
    client.metadata("07459")
    assert (client.limiter.max_calls, client.limiter.time_window) == (40, 60.0)  # x-ratelimit-limit: 40
    assert client.rate_headers["limit"] == 40


def test_headers_from_config_do_not_override_stated_limits(ssb, clock):
    ssb.add("GET", "/config", Reply(body={**CONFIG, "maxCallsPerTimeWindow": 12, "timeWindow": 20}))
    serve_metadata(ssb)
    client = make_client(ssb, clock)
    client.metadata("07459")
    assert (client.limiter.max_calls, client.limiter.time_window) == (12, 20.0)


def test_a_used_up_window_makes_the_next_call_wait_for_the_reset(ssb, clock):
    ssb.add(
        "GET",
        METADATA,
        Reply(body=fixture_json("07459_metadata_small.json"),
              headers={"x-ratelimit-remaining": "0", "x-ratelimit-reset": "25"}),
    )
    client = make_client(ssb, clock)
    client.metadata("07459")
    assert clock.sleeps == []
    client.metadata("07459", {"Region": "agg_KommSummer"})
    assert clock.sleeps == [25.0]


def test_metadata_404_is_retried_once_after_a_pause(ssb, clock):
    notices: list[str] = []
    ssb.add("GET", METADATA, problem(404, "Not Found"), Reply(body=fixture_json("07459_metadata_small.json")))
    meta = make_client(ssb, clock, notice=notices.append).metadata("07459")
    assert meta.table_id == "07459"
    assert clock.sleeps == [20.0] and len(ssb.calls("GET", METADATA)) == 2
    assert "oppdatere tabellen" in notices[0]


def test_metadata_404_that_persists_is_a_clear_error_after_one_retry(ssb, clock):
    ssb.add("GET", METADATA, problem(404, "Not Found"))
    with pytest.raises(SSBNotFoundError, match="fann ikkje metadata for tabell 07459"):
        make_client(ssb, clock).metadata("07459")
    assert len(ssb.calls("GET", METADATA)) == 2


def test_503_is_retried_with_exponential_backoff(ssb, clock):
    ssb.add(
        "GET",
        METADATA,
        problem(503, "Service Unavailable"),
        problem(503, "Service Unavailable"),
        problem(503, "Service Unavailable"),
        Reply(body=fixture_json("07459_metadata_small.json")),
    )
    make_client(ssb, clock).metadata("07459")
    assert clock.sleeps == [1.0, 2.0, 4.0]


def test_503_that_does_not_go_away_gives_up_after_bounded_attempts(ssb, clock):
    ssb.add("GET", METADATA, problem(503, "Service Unavailable"))
    with pytest.raises(SSBUnavailableError) as error:
        make_client(ssb, clock, max_attempts=3).metadata("07459")
    assert len(ssb.calls("GET", METADATA)) == 3
    assert "ikkje tilgjengeleg" in str(error.value)
    assert "Service Unavailable" in str(error.value)
    assert "3 forsøk" in str(error.value)
    assert error.value.status == 503


def test_persistent_429_is_a_rate_limit_error(ssb, clock):
    ssb.add("GET", METADATA, problem(429, "Too Many Requests"))
    with pytest.raises(SSBRateLimitError, match="for mange kall"):
        make_client(ssb, clock, max_attempts=2).metadata("07459")
    assert len(clock.sleeps) == 1 and 1.0 < clock.sleeps[0] <= 60.0


def test_huge_retry_after_is_bounded(ssb, clock):
    ssb.add(
        "GET",
        METADATA,
        Reply(status=429, body={"title": "Too many requests"}, headers={"Retry-After": "86400"}),
        Reply(body=fixture_json("07459_metadata_small.json")),
    )
    make_client(ssb, clock).metadata("07459")
    assert clock.sleeps == [120.0]


def test_timeout_is_retried_then_reported(ssb, clock):
    ssb.add("GET", METADATA, Reply(body=fixture_json("07459_metadata_small.json"), delay=0.6))
    client = make_client(ssb, clock, max_attempts=2)
    # /config under the generous default timeout first: on a loaded machine even the fake's instant 404 for
    # /config can take over 0.15 s, and that retry's pause would be counted below
    client.config()
    clock.sleeps.clear()
    client.timeout = 0.15
    with pytest.raises(SSBTimeoutError, match="tidsgrensa"):
        client.metadata("07459")
    assert len(ssb.calls("GET", METADATA)) == 2
    assert clock.sleeps == [1.0]


def test_timeout_then_success(ssb, clock):
    # a generous timeout for the reply that should succeed, so a loaded CI machine does not time it out too
    ssb.add(
        "GET",
        METADATA,
        Reply(body=fixture_json("07459_metadata_small.json"), delay=2.5),
        Reply(body=fixture_json("07459_metadata_small.json")),
    )
    client = make_client(ssb, clock)
    client.config()  # under the default timeout (see test_timeout_is_retried_then_reported)
    client.timeout = 0.75
    meta = client.metadata("07459")
    assert meta.table_id == "07459"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed when the with-block ends: nothing listens there


def test_offline_gives_a_clear_nynorsk_message(clock):
    client = SSBClient(
        f"http://127.0.0.1:{_closed_port()}/api/pxwebapi/v2",
        session=quiet_session(),
        sleep=clock.sleep,
        clock=clock,
        max_attempts=3,
    )
    with pytest.raises(SSBConnectionError) as error:
        client.metadata("07459")
    assert str(error.value).startswith("Fekk ikkje kontakt med SSB")
    assert "prøv igjen seinare" in str(error.value)
    assert clock.sleeps == [1.0, 2.0]  # connection errors are retried too, a bounded number of times


# --- 4xx errors and bad answers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "error", "detail", "words"),
    [
        (400, SSBBadRequestError, "Value, K-9999 is not a valid value code for variable Region", "avviste"),
        (400, SSBTooManyCellsError, "Too many cells selected", "for mange dataceller"),
        (403, SSBTooManyCellsError, "The query resulted in cell that exceeds the number of allowed.", "dataceller"),
        (403, SSBForbiddenError, "Forbidden", "truleg for mange dataceller"),
        (404, SSBNotFoundError, "Node with id, 99999 can not be found", "fann ikkje"),
    ],
)
def test_client_errors_are_clear_and_not_retried(ssb, clock, status, error, detail, words):
    ssb.add("POST", DATA, problem(status, detail))
    client = make_client(ssb, clock)
    with pytest.raises(error) as raised:
        client.data("07459", small_query(), validate=False)
    message = str(raised.value)
    assert detail in message and words in message and f"HTTP {status}" in message
    assert type(raised.value) is error
    assert raised.value.status == status and raised.value.detail == detail
    assert isinstance(raised.value, SSBError) and isinstance(raised.value, RuntimeError)
    assert len(ssb.calls("POST", DATA)) == 1
    assert clock.sleeps == []


def test_malformed_json_is_a_clear_error(ssb, clock):
    ssb.add("POST", DATA, Reply(body='{"version": "2.0", "class": "dataset", "value": [1, 2'))
    with pytest.raises(SSBResponseError, match="kunne ikkje lesast.*ikkje gyldig JSON"):
        make_client(ssb, clock).data("07459", small_query(), validate=False)


def test_malformed_metadata_is_a_clear_error(ssb, clock):
    ssb.add("GET", METADATA, Reply(body="<html>Service window</html>", content_type="text/html"))
    with pytest.raises(SSBResponseError, match="Metadata for tabell 07459"):
        make_client(ssb, clock).metadata("07459")


def test_response_missing_a_requested_region_is_reported(ssb, clock):
    serve_metadata(ssb)
    only_hemsedal = fixture_json("07459_small_response.json")
    region = only_hemsedal["dimension"]["Region"]["category"]
    region["index"], region["label"] = {"K-3326": 0}, {"K-3326": "Hemsedal"}
    only_hemsedal["size"][0] = 1
    only_hemsedal["value"] = only_hemsedal["value"][:8]
    only_hemsedal["status"] = {"3": ".."}
    ssb.add("POST", DATA, Reply(body=only_hemsedal))
    with pytest.raises(SSBResponseError, match="manglar Region K-3328"):
        make_client(ssb, clock).data("07459", small_query())


def test_response_for_another_table_is_rejected(ssb, clock):
    serve_metadata(ssb)
    other = fixture_json("07459_small_response.json")
    other["extension"]["px"]["tableid"] = "07221"
    ssb.add("POST", DATA, Reply(body=other))
    with pytest.raises(SSBResponseError, match="07221"):
        make_client(ssb, clock).data("07459", small_query())


# --- validation against the metadata ------------------------------------------------------------------------


def test_metadata_is_parsed_with_codes_codelists_and_elimination(ssb, clock):
    serve_metadata(ssb)
    client = make_client(ssb, clock)
    meta = client.metadata("07459")
    region = meta.variable("Region")
    assert region.codes == ["0", "33", "0618", "3326", "3328"]
    assert region.values["0"] == "Hele landet"
    assert region.codelist_ids == ["agg_KommSummer", "agg_KommFylker", "vs_Fylker"]
    assert region.elimination is True and meta.variable("Tid").elimination is False
    assert meta.role_variable("time", "Tid").code == "Tid"
    assert meta.updated == "2026-02-20T07:00:00Z"
    aggregated = client.metadata("07459", {"Region": "agg_KommSummer"})
    assert aggregated.variable("Region").codes == ["K-3326", "K-3328"]
    assert ssb.calls("GET", METADATA)[-1].query["codelist[Region]"] == ["agg_KommSummer"]
    client.metadata("07459")  # cached: no new call
    assert len(ssb.calls("GET", METADATA)) == 2
    with pytest.raises(SSBQueryError, match="ingen variabel «Kommune»"):
        meta.variable("Kommune")


@pytest.mark.parametrize(
    ("query", "code"),
    [
        (small_query("K-3326", "K-9999"), "K-9999"),
        (small_query("3326"), "3326"),  # a plain code is not in the aggregated list
        ([*small_query()[:2], selection("Alder", ["020", "107"]), *small_query()[3:]], "107"),
        ([*small_query()[:4], selection("Tid", ["from(1990)"])], "1990"),
        ([*small_query()[:3], selection("ContentsCode", ["Personer"]), *small_query()[4:]], "Personer"),
    ],
)
def test_unknown_codes_are_named_before_anything_is_sent(ssb, clock, query, code):
    serve_metadata(ssb)
    with pytest.raises(UnknownCodeError) as error:
        make_client(ssb, clock).data("07459", query)
    assert f"«{code}»" in str(error.value)
    assert error.value.code == code
    assert ssb.calls("POST", DATA) == []


def test_unknown_codelist_is_refused(ssb, clock):
    serve_metadata(ssb)
    query = [selection("Region", ["K-3326"], "agg_KommGjetta"), *small_query()[1:]]
    with pytest.raises(SSBQueryError, match="agg_KommGjetta.*agg_KommSummer"):
        make_client(ssb, clock).data("07459", query)
    assert ssb.calls("POST", DATA) == []


def test_repeated_code_is_refused(ssb, clock):
    serve_metadata(ssb)
    with pytest.raises(SSBQueryError, match="K-3326 er vald fleire gonger"):
        make_client(ssb, clock).data("07459", small_query("K-3326", "K-3328", "K-3326"))
    assert ssb.calls("POST", DATA) == []


def test_mandatory_variable_left_out_is_refused(ssb, clock):
    serve_metadata(ssb)
    without_time = small_query()[:4]
    with pytest.raises(SSBQueryError, match="Tid"):
        make_client(ssb, clock).data("07459", without_time)


def test_too_many_cells_is_refused_before_sending(ssb, clock):
    ssb.add("GET", "/config", Reply(body={**CONFIG, "maxDataCells": 10}))
    serve_metadata(ssb)
    with pytest.raises(SSBForbiddenError, match="16 dataceller.*10"):
        make_client(ssb, clock).data("07459", small_query())
    assert ssb.calls("POST", DATA) == []


# --- a good call ---------------------------------------------------------------------------------------------


def test_data_posts_the_selection_and_returns_provenance(ssb, clock):
    serve_metadata(ssb)
    ssb.add("POST", DATA, Reply(body=fixture_json("07459_small_response.json")))
    query = small_query()
    data = make_client(ssb, clock).data("07459", query)

    post = ssb.calls("POST", DATA)[0]
    assert post.body == {"selection": query}
    assert post.query == {"lang": ["no"], "outputFormat": ["json-stat2"]}
    assert post.body["selection"][0] == {
        "variableCode": "Region",
        "valueCodes": ["K-3326", "K-3328"],
        "codelist": "agg_KommSummer",
    }
    assert len(data.frame) == 16
    assert data.table_id == "07459" and data.updated == "2026-02-20T07:00:00Z"
    assert data.query == {"selection": query}
    assert data.url.startswith(ssb.base_url + DATA)
    assert data.retrieved_at.endswith("Z")

    provenance = data.provenance("population", "Folketal")
    assert provenance.table_id == "07459"
    assert provenance.query["body"] == {"selection": query}
    assert provenance.source_updated == "2026-02-20T07:00:00Z"
    assert "CC BY 4.0" in provenance.licence
    assert provenance.attribution == SSB_ATTRIBUTION == "Kjelde: Statistisk sentralbyrå"
    assert provenance.url == "https://www.ssb.no/statbank/table/07459"
    assert provenance.notes == ["Fra 1.1.2024 er Buskerud et eget fylke igjen."]


def test_parsed_status_symbols_reach_the_caller(ssb, clock):
    serve_metadata(ssb)
    ssb.add("POST", DATA, Reply(body=fixture_text("07459_small_response.json")))
    frame = make_client(ssb, clock).data("07459", small_query()).frame
    assert sorted(frame.loc[frame["status"] != "", "status"]) == [".", ".."]
    assert frame.loc[frame["status"] != "", "value"].isna().all()


def test_strip_region_prefix():
    assert [strip_region_prefix(c) for c in ("K-3326", "F-33", "K_3101", "0", "3326")] == [
        "3326",
        "33",
        "3101",
        "0",
        "3326",
    ]
