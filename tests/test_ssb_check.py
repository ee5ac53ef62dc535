"""`python -m indicators check-api` against the local fake SSB: every assumption holds, or it says which not."""

from __future__ import annotations

import pytest

from indicators.cli import main
from indicators.sources.ssb import SSBClient
from indicators.sources.ssb_check import check_api, run
from tests.fixtures.ssb.fake_ssb import CONFIG, FakeClock, FakeSSB, Reply, problem, quiet_session
from tests.test_refresh import Fake07459, Fake14288, serve, serve_projection
from tests.test_ssb_jobs import fixture, serve_metadata


def serve_everything(server: FakeSSB, industry_metadata: dict | None = None) -> None:
    serve(server, Fake07459())
    serve_projection(server, Fake14288())
    serve_metadata(server, "11618")
    serve_metadata(server, "03321")
    serve_metadata(server, "13470", plain=industry_metadata)


def client_for(server: FakeSSB) -> SSBClient:
    clock = FakeClock()
    return SSBClient(server.base_url, session=quiet_session(), sleep=clock.sleep, clock=clock, timeout=2.0)


def test_every_assumption_holds_against_a_service_like_the_real_one(ssb):
    serve_everything(ssb)
    lines: list[str] = []
    assert run(out=lines.append, client=client_for(ssb)) == 0
    assert lines[-1].startswith("Alt stemmer")
    assert not [line for line in lines if line.startswith("AVVIK")]
    text = "\n".join(lines)
    # the real /config says 0/0: the limit is reported from the x-ratelimit headers
    assert "/config: /config seier 0/0; grensa kjem i x-ratelimit-hovuda (40 kall" in text
    assert "13470: ContentsCode har statistikkvariabelen (SysselsatteArb)" in text
    assert "13470: NACE2007 tilbyr kodelista agg_NACE2007arb11" in text
    assert "07459: Region har K-kodane til kommunane under agg_KommSummer" in text
    assert "14288: tabellen er 2024-framskrivinga" in text
    # the metadata was fetched with the codelists the refreshers use
    asked = {key for call in ssb.calls("GET") for key, value in call.query.items() if key.startswith("codelist[")}
    assert {"codelist[Region]", "codelist[NACE2007]", "codelist[ArbstedKomm]", "codelist[Bokommuen]"} <= asked


def test_a_renamed_content_code_is_a_mismatch_and_a_non_zero_exit(ssb):
    meta = fixture("13470_metadata.json")
    meta["dimension"]["ContentsCode"]["category"] = {"index": {"Sysselsatte": 0}, "label": {"Sysselsatte": "x"}}
    serve_everything(ssb, industry_metadata=meta)
    lines: list[str] = []
    assert run(out=lines.append, client=client_for(ssb)) == 1
    mismatches = [line for line in lines if line.startswith("AVVIK")]
    assert any("13470" in line and "SysselsatteArb" in line for line in mismatches), mismatches
    assert "held ikkje" in lines[-1]
    # the other tables are still checked and pass
    assert any(line.startswith("OK") and "11618" in line for line in lines)


def test_a_missing_member_code_and_a_non_year_period_are_mismatches(ssb):
    serve_everything(ssb)
    applied = fixture("11618_metadata_agg_KommSummer.json")
    region = applied["dimension"]["Region"]["category"]
    del region["index"]["K-3330"], region["label"]["K-3330"]
    applied["size"][0] -= 1
    plain = fixture("11618_metadata.json")
    plain["dimension"]["Tid"]["category"]["index"] = {"2021K4": 0, "2022K4": 1}
    plain["dimension"]["Tid"]["category"]["label"] = {"2021K4": "2021K4", "2022K4": "2022K4"}
    serve_metadata(ssb, "11618", plain=plain, applied=applied)
    findings = [f for f in check_api(client_for(ssb)) if not f.ok]
    assert {f.subject for f in findings} == {"11618"}
    texts = " | ".join(f.text for f in findings)
    assert "K-3330" in texts and "2021K4" in texts


def test_an_unreachable_table_is_reported_not_raised(ssb):
    serve_everything(ssb)
    ssb.add("GET", "/tables/14288/metadata", problem(404, "Not Found"))
    findings = check_api(SSBClient(ssb.base_url, session=quiet_session(), sleep=lambda s: None, timeout=2.0))
    failed = [f for f in findings if not f.ok]
    assert [f.subject for f in failed] == ["14288"] and "HTTP 404" in failed[0].text


def test_config_without_any_limit_is_a_mismatch(ssb):
    serve_everything(ssb)
    no_headers = {"x-ratelimit-limit": None, "x-ratelimit-remaining": None, "x-ratelimit-reset": None}
    ssb.add("GET", "/config", Reply(body=CONFIG, headers=no_headers))
    failed = [f for f in check_api(client_for(ssb)) if not f.ok]
    assert [f.subject for f in failed] == ["/config"] and "grensa er ukjend" in failed[0].text


def test_cli_check_api_takes_the_base_url(ssb, capsys, monkeypatch):
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    serve_everything(ssb)
    assert main(["check-api", "--base-url", ssb.base_url]) == 0
    out = capsys.readouterr().out
    assert ssb.base_url in out and "Alt stemmer" in out


@pytest.mark.parametrize("argv", [["check-api", "--help"]])
def test_cli_check_api_help_is_nynorsk(capsys, argv):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 0
    assert "API-adresse" in capsys.readouterr().out
