import json

import pandas as pd
import pytest

from indicators import cache
from indicators.model import Dataset, DataShapeError, Provenance


def _dataset(values, name="demo"):
    frame = pd.DataFrame({
        "region_code": ["3320"] * len(values), "region_name": ["Flå"] * len(values),
        "period": list(range(2020, 2020 + len(values))), "value": values,
        "status": ["" if v == v else ".." for v in values],
    })
    return Dataset(frame, Provenance(dataset=name, title="Demo", source="Statistisk sentralbyrå", table_id="07459"))


def _snapshot(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_round_trip_keeps_missing_values_and_status(tmp_path):
    cache.write_dataset(_dataset([1.0, float("nan"), 3.0]), tmp_path)
    loaded = cache.read_dataset("demo", tmp_path)
    assert loaded.frame["value"].isna().tolist() == [False, True, False]
    assert loaded.frame["status"].tolist() == ["", "..", ""]
    assert loaded.frame["period"].tolist() == [2020, 2021, 2022]
    manifest = json.loads((tmp_path / "demo" / "manifest.json").read_text())
    assert manifest["row_count"] == 3
    assert manifest["checksum"].startswith("sha256:")
    assert manifest["table_id"] == "07459"


def test_invalid_data_is_rejected_before_old_data_is_touched(tmp_path):
    cache.write_dataset(_dataset([1.0, 2.0]), tmp_path)
    before = _snapshot(tmp_path / "demo")
    bad = _dataset([1.0, 2.0])
    bad.frame.loc[1, "period"] = 2020  # duplicate key
    with pytest.raises(DataShapeError, match="Dobbel rad"):
        cache.write_dataset(bad, tmp_path)
    assert _snapshot(tmp_path / "demo") == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_dir()) == ["demo"]  # no staging left behind


def test_interrupted_swap_keeps_old_data(tmp_path, monkeypatch):
    cache.write_dataset(_dataset([1.0, 2.0]), tmp_path)
    before = _snapshot(tmp_path / "demo")
    real_replace = cache.os.replace
    calls = []

    def failing_replace(src, dst):
        calls.append((src, dst))
        if len(calls) == 2:  # after the old folder is moved aside, before the new one is moved in
            raise OSError("disk full")
        return real_replace(src, dst)

    monkeypatch.setattr(cache.os, "replace", failing_replace)
    with pytest.raises(OSError):
        cache.write_dataset(_dataset([5.0, 6.0]), tmp_path)
    monkeypatch.setattr(cache.os, "replace", real_replace)
    assert _snapshot(tmp_path / "demo") == before
    assert cache.read_dataset("demo", tmp_path).frame["value"].tolist() == [1.0, 2.0]


def test_damaged_data_is_detected_by_checksum(tmp_path):
    cache.write_dataset(_dataset([1.0, 2.0]), tmp_path)
    data = tmp_path / "demo" / "data.csv"
    data.write_text(data.read_text().replace("2.0", "9.0"))
    with pytest.raises(cache.CacheError, match="kontrollsummen"):
        cache.read_dataset("demo", tmp_path)


def test_missing_dataset_says_how_to_get_it(tmp_path):
    with pytest.raises(cache.CacheError, match="python -m indicators refresh nothing"):
        cache.read_dataset("nothing", tmp_path)


def test_reader_sees_a_new_write(tmp_path):
    cache.write_dataset(_dataset([1.0, 2.0]), tmp_path)
    assert cache.read_dataset("demo", tmp_path).frame["value"].tolist() == [1.0, 2.0]
    cache.write_dataset(_dataset([7.0, 8.0, 9.0]), tmp_path)
    assert cache.read_dataset("demo", tmp_path).frame["value"].tolist() == [7.0, 8.0, 9.0]


def test_text_in_value_column_is_rejected(tmp_path):
    bad = _dataset([1.0, 2.0])
    bad.frame["value"] = bad.frame["value"].astype(object)
    bad.frame.loc[0, "value"] = "mange"
    with pytest.raises(DataShapeError, match="Ugyldig tal «mange»"):
        cache.write_dataset(bad, tmp_path)


def test_a_reader_between_the_two_renames_reads_the_old_data_and_the_write_still_succeeds(tmp_path, monkeypatch):
    cache.write_dataset(_dataset([1.0, 2.0]), tmp_path)
    real_replace = cache.os.replace
    seen = []

    def replace_with_a_reader_in_between(src, dst):
        real_replace(src, dst)
        if str(dst).endswith(".demo.old"):  # old data moved aside, new not yet in place
            seen.append(cache.read_dataset("demo", tmp_path).frame["value"].tolist())

    monkeypatch.setattr(cache.os, "replace", replace_with_a_reader_in_between)
    cache.write_dataset(_dataset([5.0, 6.0]), tmp_path)
    assert seen == [[1.0, 2.0]]
    assert cache.read_dataset("demo", tmp_path).frame["value"].tolist() == [5.0, 6.0]


def test_damaged_manifest_gives_a_cache_error_in_nynorsk(tmp_path):
    cache.write_dataset(_dataset([1.0]), tmp_path)
    (tmp_path / "demo" / "manifest.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(cache.CacheError, match="manifest.json for datasettet «demo» er skadd"):
        cache.read_manifest("demo", tmp_path)
    assert cache.read_manifest("missing", tmp_path) is None


def _age(path, minutes):
    import os
    import time

    stamp = time.time() - minutes * 60
    os.utime(path, (stamp, stamp))


def test_the_next_write_removes_stale_staging_folders_and_keeps_fresh_ones(tmp_path):
    cache.write_dataset(_dataset([1.0]), tmp_path)
    stale_staging = tmp_path / ".demo.k2j4h1.tmp"
    stale_check = tmp_path / ".import-check-a8d7f"
    fresh = tmp_path / ".other.x9y8z7.tmp"  # another writer's, in progress
    for folder in (stale_staging, stale_check, fresh):
        folder.mkdir()
        (folder / "data.csv").write_text("half,written\n")
    _age(stale_staging, cache.STALE_STAGING_MINUTES + 1)
    _age(stale_check, cache.STALE_STAGING_MINUTES + 1)
    cache.write_dataset(_dataset([2.0]), tmp_path)
    assert not stale_staging.exists()
    assert not stale_check.exists()
    assert fresh.exists()
    assert cache.read_dataset("demo", tmp_path).frame["value"].tolist() == [2.0]


def test_stale_staging_can_be_removed_before_a_refresh_without_touching_the_data(tmp_path):
    cache.write_dataset(_dataset([1.0, 2.0]), tmp_path)
    before = _snapshot(tmp_path / "demo")
    stale = tmp_path / ".demo.q1w2e3.tmp"
    stale.mkdir()
    _age(stale, 120)
    retired = tmp_path / ".demo.old"  # an interrupted swap's old data: recovery material, not a leftover
    retired.mkdir()
    _age(retired, 120)
    assert cache.remove_stale_staging(tmp_path) == [".demo.q1w2e3.tmp"]
    assert retired.exists()
    assert _snapshot(tmp_path / "demo") == before
    assert cache.remove_stale_staging(tmp_path / "missing") == []


def test_a_failed_write_leaves_no_staging_folder(tmp_path, monkeypatch):
    cache.write_dataset(_dataset([1.0]), tmp_path)

    def broken_read(*args):
        raise cache.CacheError("lesinga feila")

    monkeypatch.setattr(cache, "_read_folder", broken_read)
    with pytest.raises(cache.CacheError):
        cache.write_dataset(_dataset([5.0]), tmp_path)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def _many_regions(storage: str) -> Dataset:
    codes = [f"{3300 + i}" for i in range(6)]
    rows = [(code, f"Kommune {code}", sex, str(age), year)
            for code in codes for sex in ("female", "male") for age in range(20) for year in (2024, 2025)]
    frame = pd.DataFrame(rows, columns=["region_code", "region_name", "sex", "age", "period"])
    frame["value"] = [float(i) for i in range(len(frame))]
    frame.loc[3, "value"] = float("nan")
    frame["status"] = ["" if v == v else ".." for v in frame["value"]]
    return Dataset(frame, Provenance(dataset=f"many_{storage}", title="Demo", source="SSB", table_id="07459"))


@pytest.mark.parametrize("storage", ["parquet", "csv"])
def test_a_read_gives_text_as_one_shared_string_per_distinct_value(tmp_path, storage):
    """The memory of a view: the rows of a few regions keep one Python string per distinct code, name, sex and age,
    not one per cell (the population rows of the default view took ~15 MB as separate strings)."""
    dataset = _many_regions(storage)
    cache.write_dataset(dataset, tmp_path, storage=storage)
    wanted = ["3301", "3304"]
    for _ in range(2):  # the first read and the remembered one
        frame = cache.read_dataset(dataset.provenance.dataset, tmp_path, regions=wanted).frame
        expected = dataset.frame[dataset.frame["region_code"].isin(wanted)].reset_index(drop=True)
        pd.testing.assert_frame_equal(frame, expected.astype({c: object for c in ("region_code", "region_name", "sex",
                                                                                  "age", "status")}))
        for column in ("region_code", "region_name", "sex", "age", "status"):
            assert len({id(text) for text in frame[column]}) == frame[column].nunique(), column


def test_a_caller_changing_its_frame_does_not_change_the_next_read(tmp_path):
    cache.write_dataset(_many_regions("parquet"), tmp_path, storage="parquet")
    first = cache.read_dataset("many_parquet", tmp_path, regions=["3302"]).frame
    first.loc[0, "value"] = -1.0
    first["region_name"] = "endra"
    again = cache.read_dataset("many_parquet", tmp_path, regions=["3302"]).frame
    assert again.loc[0, "value"] == 160.0 and set(again["region_name"]) == {"Kommune 3302"}


def test_arrow_allocates_with_the_c_library_allocator_once_the_cache_is_imported():
    """Arrow's own allocator keeps freed row groups for reuse; the server's memory after every page depends on it."""
    import pyarrow as pa

    assert pa.default_memory_pool().backend_name == "system"
