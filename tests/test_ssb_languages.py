"""The SSB client's notices and errors during `refresh` in the reader's language (issue 21): the wait on a 429,
the retry of a metadata 404, a timeout, no connection, SSB's HTTP errors, the give-up and a query that does not fit
the table read in Nynorsk, Bokmål or English where they are shown (the notices in the language of the command that
prints them); `check-api` reports in the language of the command."""

from __future__ import annotations

import pytest

from indicators import i18n
from indicators.regions import active_region
from indicators.sources.ssb import (
    SSBBadRequestError,
    SSBClient,
    SSBConnectionError,
    SSBQueryError,
    SSBTimeoutError,
    UnknownCodeError,
    selection,
)
from tests.fixtures.ssb.fake_ssb import CONFIG, FakeClock, FakeSSB, Reply, fixture_json, problem, quiet_session
from tests.languages import in_each_language
from tests.test_ssb_client import _closed_port

METADATA = "/tables/07459/metadata"
NYNORSK_ONLY = ("ikkje", "Ventar", "frå", "fann", "svara", "Fekk", "seinare", "Gav opp")


def _client(server: FakeSSB, notices: list[str] | None = None, **kwargs) -> SSBClient:
    clock = FakeClock()
    notice = notices.append if notices is not None else None
    return SSBClient(server.base_url, session=quiet_session(), sleep=clock.sleep, clock=clock, timeout=2.0,
                     notice=notice, **kwargs)


def _no_nynorsk(text: str) -> None:
    assert [word for word in NYNORSK_ONLY if word in text] == [], text


@pytest.mark.parametrize(("language", "waits", "retries"), [
    ("nn", "Ventar 42 sekund før neste forsøk", "prøver éin gong til om 20 sekund"),
    ("nb", "Venter 42 sekunder før neste forsøk", "prøver én gang til om 20 sekunder"),
    ("en", "Waiting 42 seconds before the next attempt", "trying once more in 20 seconds"),
])
def test_the_notices_of_a_refresh_read_in_the_language_of_the_command(ssb, language, waits, retries):
    ssb.add("GET", METADATA,
            problem(429, "Too Many Requests", headers={"x-ratelimit-remaining": "0", "x-ratelimit-reset": "42"}),
            Reply(body=fixture_json("07459_metadata_small.json")))
    ssb.add("GET", "/tables/99999/metadata", problem(404, "Not found"),
            Reply(body=fixture_json("07459_metadata_small.json")))
    notices: list[str] = []
    with i18n.use(language):
        client = _client(ssb, notices)
        client.metadata("07459")
        client.metadata("99999")
    assert len(notices) == 2, notices
    assert waits in notices[0] and "HTTP 429" in notices[0]
    assert retries in notices[1] and "HTTP 404" in notices[1]
    if language != "nn":
        for notice in notices:
            _no_nynorsk(notice)
    if language == "en":
        assert "the metadata for table 99999" in notices[1]


def test_the_errors_read_in_the_language_where_they_are_shown(ssb):
    ssb.add("GET", METADATA, problem(400, "Value K-9999 is not a valid value code"))
    with i18n.use("nn"), pytest.raises(SSBBadRequestError) as refused:  # raised in Nynorsk, shown in each language
        _client(ssb).metadata("07459")
    shown = in_each_language(refused.value)
    assert shown["nn"].startswith("SSB avviste spørjinga om metadata for tabell 07459 (HTTP 400): Value K-9999")
    assert shown["nb"].startswith("SSB avviste spørringen om metadata for tabell 07459 (HTTP 400): Value K-9999")
    assert shown["en"].startswith("SSB rejected the query for the metadata for table 07459 (HTTP 400): Value K-9999")


def test_a_timeout_and_no_connection_give_up_in_each_language(ssb, monkeypatch):
    import requests

    def too_slow(*args, **kwargs):
        raise requests.Timeout("slow")

    ssb.add("GET", "/config", Reply(body=CONFIG))
    client = _client(ssb, max_attempts=2)
    monkeypatch.setattr(client.session, "request", too_slow)
    with pytest.raises(SSBTimeoutError) as timed_out:
        client.metadata("07459")
    shown = in_each_language(timed_out.value)
    assert "tidsgrensa på 2 sekund" in shown["nn"] and shown["nn"].endswith("Gav opp etter 2 forsøk.")
    assert "tidsgrensen på 2 sekunder" in shown["nb"] and shown["nb"].endswith("Ga opp etter 2 forsøk.")
    assert shown["en"].startswith("SSB did not answer within the time limit of 2 seconds when fetching")
    assert shown["en"].endswith("Gave up after 2 attempts.")
    _no_nynorsk(shown["nb"])
    _no_nynorsk(shown["en"])

    clock = FakeClock()
    offline = SSBClient(f"http://127.0.0.1:{_closed_port()}/api/pxwebapi/v2", session=quiet_session(),
                        sleep=clock.sleep, clock=clock, max_attempts=1)
    with pytest.raises(SSBConnectionError) as unreachable:
        offline.metadata("07459")
    shown = in_each_language(unreachable.value)
    assert shown["nn"].startswith("Fekk ikkje kontakt med SSB") and shown["nn"].endswith("Gav opp etter eitt forsøk.")
    assert shown["nb"].startswith("Fikk ikke kontakt med SSB") and shown["nb"].endswith("Ga opp etter ett forsøk.")
    assert shown["en"].startswith("Could not reach SSB") and shown["en"].endswith("Gave up after one attempt.")


@pytest.mark.parametrize(("language", "first", "ok", "bad", "last", "findings"), [
    ("nn", "Sjekkar SSB sitt API", "OK    ", "AVVIK ", "føresetnader held ikkje",
     ("07459: Region har K-kodane til kommunane under agg_KommSummer", "14288: tabellen er 2024-framskrivinga")),
    ("nb", "Sjekker SSBs API", "OK    ", "AVVIK ", "forutsetninger holder ikke",
     ("07459: Region har K-kodene til kommunene under agg_KommSummer", "14288: tabellen er 2024-framskrivingen",
      "grensen kommer i x-ratelimit-hodene (40 kall per vindu)")),
    ("en", "Checking SSB's API", "OK       ", "MISMATCH ", "assumptions do not hold",
     ("07459: Region has the municipalities' K- codes under agg_KommSummer",
      "14288: the table is the 2024 projection", "13470: NACE2007 offers the codelist agg_NACE2007arb11",
      "the limit comes in the x-ratelimit headers (40 calls per window)",
      "13470: Table 13470 does not have the statistical variable SysselsatteArb (it has Sysselsatte).")),
])
def test_check_api_reports_in_the_language_of_the_command(ssb, language, first, ok, bad, last, findings):
    from tests.test_ssb_check import client_for, serve_everything
    from tests.test_ssb_jobs import fixture

    meta = fixture("13470_metadata.json")  # a renamed content code: one mismatch
    meta["dimension"]["ContentsCode"]["category"] = {"index": {"Sysselsatte": 0}, "label": {"Sysselsatte": "x"}}
    serve_everything(ssb, industry_metadata=meta)
    lines: list[str] = []
    with i18n.use(language):
        from indicators.sources.ssb_check import run

        assert run(out=lines.append, client=client_for(ssb)) == 1
    text = "\n".join(lines)
    assert lines[0].startswith(first) and last in lines[-1], text
    assert any(line.startswith(ok + "07459") for line in lines), text
    assert [line for line in lines if line.startswith(bad + "13470") and "SysselsatteArb" in line], text
    for finding in findings:
        assert finding in text, (finding, text)
    if language != "nn":  # the refresher helper's own refusal (ssb_jobs.REFUSALS) too
        _no_nynorsk(text)


def test_a_query_that_does_not_fit_the_table_is_refused_in_each_language(ssb):
    from tests.test_ssb_client import serve_metadata, small_query

    serve_metadata(ssb)
    client = _client(ssb)
    with pytest.raises(UnknownCodeError) as unknown:
        client.data("07459", small_query("K-3326", "K-9999"))
    shown = in_each_language(unknown.value)
    assert shown["nn"].startswith("Koden «K-9999» finst ikkje for variabelen Region (")
    assert shown["nn"].endswith("i tabell 07459 (kodeliste agg_KommSummer).")
    assert shown["nb"].startswith("Koden «K-9999» finnes ikke for variabelen Region (")
    assert shown["nb"].endswith("i tabell 07459 (kodeliste agg_KommSummer).")
    assert shown["en"].startswith("The code «K-9999» does not exist for the variable Region (")
    assert shown["en"].endswith("in table 07459 (codelist agg_KommSummer).")
    query = [selection("Region", ["K-3326"], "agg_KommGjetta"), *small_query()[1:]]
    with pytest.raises(SSBQueryError) as no_codelist:
        client.data("07459", query)
    shown = in_each_language(no_codelist.value)
    assert shown["nb"].startswith("Kodelisten «agg_KommGjetta» finnes ikke for variabelen Region i tabell 07459.")
    assert shown["en"].startswith("The codelist «agg_KommGjetta» does not exist for the variable Region in table "
                                  "07459.")
    assert "Codelists available: " in shown["en"]


def test_the_population_refreshers_refusals_read_in_each_language():
    from indicators.sources import ssb_population
    from indicators.sources.ssb import Variable

    sexes = Variable("Kjonn", "kjønn", {"1": "Begge", "9": "Uoppgitt"})
    with pytest.raises(ssb_population.RefreshError) as refused:
        ssb_population._sex_codes(sexes, "07459")
    shown = in_each_language(refused.value)
    assert shown["nn"] == ("Fann ikkje éin kode for kvinner og éin for menn i variabelen Kjonn i tabell 07459 "
                           "(1 = Begge, 9 = Uoppgitt).")
    assert shown["nb"] == ("Fant ikke én kode for kvinner og én for menn i variabelen Kjonn i tabell 07459 "
                           "(1 = Begge, 9 = Uoppgitt).")
    assert shown["en"] == ("Found no single code for women and one for men in the variable Kjonn in table 07459 "
                           "(1 = Begge, 9 = Uoppgitt).")
    member = active_region().member_codes[0]
    regions = Variable("Region", "region", {"K-0000": "Anna"})
    where = ssb_population.REFUSALS.message("where_codelist", codelist="agg_KommSummer")
    with pytest.raises(ssb_population.RefreshError) as missing:
        ssb_population._find_region(regions, member, "07459", where, aggregated=True)
    shown = in_each_language(missing.value)
    assert shown["nn"].endswith("finst ikkje i kodelista agg_KommSummer for tabell 07459.")
    assert shown["nb"].endswith("finnes ikke i kodelisten agg_KommSummer for tabell 07459.")
    assert shown["en"].startswith(f"The region {member} ({active_region().region_name(member)}) does not exist")
    assert shown["en"].endswith("does not exist in the codelist agg_KommSummer for table 07459.")


def test_a_projection_of_the_wrong_round_is_named_in_each_language():
    from indicators.sources.ssb_population import projection_round_problem

    years = [str(year) for year in range(2024, 2036)]
    said = {}
    for language in i18n.LANGUAGES:
        with i18n.use(language):
            said[language] = projection_round_problem("Framskrevet folkemengde", "2024-06-13", years)
    assert said == {"nn": "siste år er 2035, venta framskriving minst til 2044.",
                    "nb": "siste år er 2035, ventet framskriving minst til 2044.",
                    "en": "the last year is 2035, expected a projection to at least 2044."}


@pytest.mark.parametrize(("language", "waits"), [
    ("nn", "Ventar 1 sekund før neste forsøk"), ("nb", "Venter 1 sekund før neste forsøk"),
    ("en", "Waiting 1 second before the next attempt"),
])
def test_a_wait_of_one_second_is_singular(ssb, language, waits):
    ssb.add("GET", METADATA,
            problem(429, "Too Many Requests", headers={"x-ratelimit-remaining": "0", "x-ratelimit-reset": "1"}),
            Reply(body=fixture_json("07459_metadata_small.json")))
    notices: list[str] = []
    with i18n.use(language):
        _client(ssb, notices).metadata("07459")
    assert waits in notices[0], notices
