"""Issue 12 §8: a dataset without a checksum is damaged, messages carry no English fragments, and the domain can
tell whether every dataset in the cache is sound (for `status`)."""

from __future__ import annotations

import errno
import json
import shutil
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from streamlit.testing.v1 import AppTest

from indicators import cache
from indicators.errors import describe_error, describe_os_error
from indicators.sources.all_municipalities import read_population_all
from tests import written_once
from tests.all_municipalities_cache import POPULATION_FILE
from tests.conftest import FIXTURE_CACHE

ROOT = Path(__file__).resolve().parent.parent
ENGLISH = ("Errno", "No such file", "No columns to parse", "KeyError", "Expecting", "Traceback")


@pytest.fixture
def cache_copy(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    shutil.copytree(FIXTURE_CACHE, folder, ignore=shutil.ignore_patterns("README.md"))
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(folder))
    return folder


def _set_manifest(folder: Path, **changes) -> None:
    path = folder / cache.MANIFEST_FILE
    manifest = json.loads(path.read_text(encoding="utf-8"))
    for key, value in changes.items():
        if value is None:
            manifest.pop(key, None)
        else:
            manifest[key] = value
    path.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")


def _shift_a_period(folder: Path) -> None:
    data = folder / cache.DATA_FILE
    data.write_text(data.read_text(encoding="utf-8").replace(",2025,", ",2031,", 1), encoding="utf-8")


# --- (a) no checksum = damaged ---------------------------------------------------------------------------------

@pytest.mark.parametrize("checksum", ["", None], ids=["empty", "missing"])
def test_a_manifest_without_a_checksum_is_a_damaged_dataset(cache_copy, checksum):
    _set_manifest(cache_copy / "population", checksum=checksum)
    with pytest.raises(cache.CacheError) as raised:
        cache.read_dataset("population")
    text = str(raised.value)
    assert "Datasettet «population» er skadd" in text
    assert "ingen kontrollsum" in text
    assert "python -m indicators refresh population" in text  # how to fix it


def test_folketal_with_an_unchecked_bad_period_says_the_dataset_is_damaged_in_nynorsk(cache_copy):
    _shift_a_period(cache_copy / "population")
    _set_manifest(cache_copy / "population", checksum="")
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120).run()
    at.switch_page("pages/folketal.py")
    at.run()
    assert not at.exception, at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 1
    assert "Datasettet «population» er skadd" in errors[0]
    shown = " ".join(str(e.value) for kind in ("error", "warning", "info", "caption") for e in at.get(kind))
    assert [word for word in ENGLISH if word in shown] == []


# --- (b) no English fragments ----------------------------------------------------------------------------------

def test_an_empty_data_file_is_described_in_nynorsk(cache_copy):
    (cache_copy / "population" / cache.DATA_FILE).write_text("", encoding="utf-8")
    with pytest.raises(cache.CacheError) as raised:
        cache.read_dataset("population")
    text = str(raised.value)
    assert "fila er tom" in text
    assert [word for word in ENGLISH if word in text] == []


def test_a_missing_manifest_is_described_in_nynorsk_with_the_file_name(cache_copy):
    (cache_copy / "population" / cache.MANIFEST_FILE).unlink()
    with pytest.raises(cache.CacheError) as raised:
        cache.read_dataset("population")
    text = str(raised.value)
    assert "manifest.json: finst ikkje" in text
    assert [word for word in ENGLISH if word in text] == []


def test_a_manifest_that_is_not_json_says_where(cache_copy):
    (cache_copy / "population" / cache.MANIFEST_FILE).write_text('{"dataset": ', encoding="utf-8")
    with pytest.raises(cache.CacheError) as raised:
        cache.read_manifest("population")
    assert "ikkje gyldig JSON (linje 1, kolonne 13)" in str(raised.value)


def test_os_errors_are_described_in_nynorsk_keeping_the_file_name():
    missing = FileNotFoundError(errno.ENOENT, "No such file or directory", "/data/x/data.csv")
    assert describe_os_error(missing) == "/data/x/data.csv: finst ikkje"
    full = OSError(errno.ENOSPC, "No space left on device")
    assert describe_os_error(full) == "disken er full"
    denied = PermissionError(errno.EACCES, "Permission denied", "manifest.json")
    assert describe_os_error(denied) == "manifest.json: manglar løyve (lese- eller skriverett)"


def test_pandas_and_key_errors_are_described_without_english():
    assert describe_error(pd.errors.EmptyDataError("No columns to parse from file")) == (
        "fila er tom: ho har ingen kolonnar å lese"
    )
    assert describe_error(KeyError(("3320", 2031))) == "manglar «3320, 2031»"
    assert describe_error(RuntimeError("boom")).startswith("uventa feil")


def test_our_own_errors_pass_through_as_they_are():
    assert describe_error(cache.CacheError("Datasettet «x» finst ikkje.")) == "Datasettet «x» finst ikkje."


def test_an_import_whose_indicator_fails_says_so_in_nynorsk_and_leaves_no_scratch_folder(cache_copy, monkeypatch,
                                                                                         tmp_path):
    import tempfile

    from indicators import tidy_csv
    from indicators.model import IndicatorSpec

    def failing(**kwargs):
        raise KeyError(("3320", 2031))

    spec = IndicatorSpec(id="broken", title="t", unit="u", datasets=("population",), compute=failing)
    monkeypatch.setattr(tidy_csv, "all_indicators", lambda: {"broken": spec})
    system_temp = tmp_path / "system-temp"
    system_temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_temp))
    candidate = cache.read_dataset("population")
    with pytest.raises(tidy_csv.TidyCsvError) as raised:
        tidy_csv.check_with_indicators(candidate)
    text = str(raised.value)
    assert "indikatoren «broken» feila: manglar «3320, 2031»" in text
    assert [word for word in ENGLISH if word in text] == []
    assert [p.name for p in cache_copy.iterdir() if "import-check" in p.name] == []
    assert list(system_temp.iterdir()) == []


# --- (c) is every dataset sound? -------------------------------------------------------------------------------

def test_the_fixture_cache_has_no_damaged_dataset(cache_copy):
    assert cache.dataset_problems() == {}


def test_damaged_datasets_are_named_with_why(cache_copy):
    _shift_a_period(cache_copy / "population")
    _set_manifest(cache_copy / "employment", checksum="")
    problems = cache.dataset_problems()
    assert sorted(problems) == ["employment", "population"]
    assert "kontrollsummen" in problems["population"]
    assert "ingen kontrollsum" in problems["employment"]


def test_an_empty_or_missing_cache_has_no_problems(tmp_path):
    assert cache.dataset_problems(tmp_path / "nothing") == {}


def test_a_value_error_raised_by_our_code_keeps_its_words_one_from_pandas_does_not():
    def ours():
        raise ValueError("kan ikkje summere")

    with pytest.raises(ValueError) as raised:
        ours()
    assert describe_error(raised.value) == "kan ikkje summere"
    with pytest.raises(ValueError) as raised:
        pd.DataFrame({"a": [1]}).set_index("a").reindex([1, 1]).reindex([1, 2, 1])
    assert describe_error(raised.value).startswith("uventa feil")


# --- issue 23: the Parquet tables of every municipality and the committed snapshot --------------------------------

@pytest.fixture
def parquet_cache(tmp_path) -> Path:
    """Every municipality's population as Parquet: written once per test process, copied for each test."""
    def write(folder: Path) -> None:
        cache.write_dataset(read_population_all(POPULATION_FILE), folder, storage="parquet")

    return written_once.copy_of("population-all-parquet", write, tmp_path)


def test_a_parquet_dataset_is_checked_against_the_file_checksum_in_its_manifest(parquet_cache):
    manifest = json.loads((parquet_cache / "population" / cache.MANIFEST_FILE).read_text(encoding="utf-8"))
    assert manifest["data_file"] == cache.PARQUET_FILE
    assert manifest["checksum"] == cache.file_checksum(parquet_cache / "population" / cache.PARQUET_FILE)
    assert cache.dataset_problems(parquet_cache) == {}


def test_a_changed_parquet_file_is_a_damaged_dataset(parquet_cache):
    data = parquet_cache / "population" / cache.PARQUET_FILE
    data.write_bytes(data.read_bytes() + b"\0")
    with pytest.raises(cache.CacheError, match="data.parquet stemmer ikkje med kontrollsummen"):
        cache.read_dataset("population", parquet_cache, regions=["0"])
    assert "population" in cache.dataset_problems(parquet_cache)


def test_a_parquet_manifest_without_a_checksum_is_a_damaged_dataset(parquet_cache):
    _set_manifest(parquet_cache / "population", checksum="")
    with pytest.raises(cache.CacheError, match="ingen kontrollsum"):
        cache.read_dataset("population", parquet_cache)


def test_an_unreadable_parquet_file_is_described_in_nynorsk(parquet_cache):
    data = parquet_cache / "population" / cache.PARQUET_FILE
    data.write_bytes(b"not parquet")
    _set_manifest(parquet_cache / "population", checksum=cache.file_checksum(data))
    with pytest.raises(cache.CacheError) as raised:
        cache.read_dataset("population", parquet_cache)
    assert "Datasettet «population» er skadd" in str(raised.value)
    assert [word for word in ENGLISH if word in str(raised.value)] == []


def test_the_committed_snapshot_has_no_damaged_dataset_and_covers_every_municipality():
    committed = ROOT / "data_cache"
    assert cache.dataset_problems(committed) == {}
    for name in ("population", "commuting"):
        assert (committed / name / cache.PARQUET_FILE).exists()
    codes = cache.read_dataset("municipality_codes", committed).frame
    municipalities = set(codes["region_code"])
    assert len(municipalities) == 357
    employment = cache.read_dataset("employment", committed).frame
    assert set(employment["region_code"]) == municipalities
    stored = set(pq.read_table(committed / "population" / cache.PARQUET_FILE, columns=["region_code"])
                 .column("region_code").unique().to_pylist())
    assert municipalities <= stored and {"0", "33"} <= stored
