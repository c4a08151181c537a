"""The batch over many cities: each city as the single-city command, on Dask, and Gi* by tiles.

Three small synthetic cities (two analysable, one with two incidents) in a
folder partitioned by city: ``city=Alpha/part-0.parquet``...
"""

from __future__ import annotations

import sys
import threading
import types
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from distributed import Client, Scheduler, Worker
from distributed.utils_test import gen_cluster
from numpy.testing import assert_allclose, assert_array_equal

from cli import main
from geo.crs import crs_for_frames
from models.batch import (
    GI_COLUMNS,
    BatchError,
    BatchJob,
    BatchResult,
    CityOutcome,
    _TiledCity,
    _unknown_crs,
    check_spec,
    dask_client,
    file_stem,
    gi_tiled,
    plan_cities,
    prepare_tiled,
    run_batch,
    run_city,
    validate_city,
)
from models.hotspots import Filters, run_hotspots, spec_for
from models.stats import confidence_bins

#: The cities: name -> (incidents, longitude, latitude).
CITIES = {"Alpha": (600, -76.30, 3.54), "Beta": (400, -75.57, 6.25), "Gamma": (2, -74.08, 4.61)}
CATEGORIES = np.array(["fight", "theft", "injury", "threat", "noise"])
#: What may differ between two runs of the same batch: time and place.
VOLATILE = ["seconds"]


def city_incidents(name: str, n: int, lon: float, lat: float, *, seed: int) -> gpd.GeoDataFrame:
    """``n`` incidents of a synthetic city: a uniform background and one cluster (a hot spot)."""
    rng = np.random.default_rng(seed)
    k = n // 3
    x = np.r_[rng.uniform(-0.02, 0.02, n - k), rng.normal(0.006, 0.002, k)] + lon
    y = np.r_[rng.uniform(-0.02, 0.02, n - k), rng.normal(-0.005, 0.002, k)] + lat
    seconds = rng.integers(0, 700 * 86_400, n)
    return gpd.GeoDataFrame(
        {
            "incident_id": [f"{name[:2]}-{i}" for i in range(n)],
            "occurred_at": pd.Timestamp("2023-01-01") + pd.to_timedelta(seconds, unit="s"),
            "category": CATEGORIES[rng.integers(0, CATEGORIES.size, n)],
        },
        geometry=gpd.points_from_xy(x, y),
        crs="EPSG:4326",
    )


def all_cities() -> dict[str, gpd.GeoDataFrame]:
    return {
        name: city_incidents(name, n, lon, lat, seed=i)
        for i, (name, (n, lon, lat)) in enumerate(CITIES.items())
    }


def write_partitioned(folder: Path, cities: dict[str, gpd.GeoDataFrame]) -> Path:
    """``folder/city=<name>/part-0.parquet`` per city (no city column: it is the folder's key)."""
    for name, frame in cities.items():
        part = folder / f"city={name}"
        part.mkdir(parents=True)
        frame.to_parquet(part / "part-0.parquet")
    return folder


@pytest.fixture(scope="module")
def cities_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_partitioned(tmp_path_factory.mktemp("batch") / "incidents", all_cities())


class Run(NamedTuple):
    result: BatchResult
    out: Path

    @property
    def files(self) -> dict[str, bytes]:
        """Each city's result file, by city."""
        return _outputs(self.result.outcomes, self.out)


@pytest.fixture(scope="module")
def serial(cities_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Run:
    """The batch run serially, in this process: the reference the clusters must equal."""
    out = tmp_path_factory.mktemp("serial")
    return Run(run_batch(cities_dir, "gi", out), out)


def _outputs(outcomes: tuple[CityOutcome, ...] | list[CityOutcome], out: Path) -> dict[str, bytes]:
    return {o.city: (out / o.file).read_bytes() for o in outcomes if o.file}


def _same_outcomes(a: list[CityOutcome], b: list[CityOutcome]) -> None:
    rows = [pd.DataFrame([o.summary_row() for o in x]).drop(columns=VOLATILE) for x in (a, b)]
    pd.testing.assert_frame_equal(rows[0], rows[1])
    assert [o.problems for o in a] == [o.problems for o in b]


def test_the_summary_has_every_city_and_the_failing_one_says_why(serial: Run) -> None:
    summary = serial.result.summary.set_index("city")
    assert list(summary.index) == ["Alpha", "Beta", "Gamma"]
    assert summary.loc[["Alpha", "Beta"], "status"].tolist() == ["ok", "ok"]
    assert summary.loc["Alpha", "incidents"] == 600 and summary.loc["Beta", "rows"] == 400
    assert (summary.loc[["Alpha", "Beta"], "hot"] > 0).all()
    assert summary.loc["Alpha", "crs"] == "EPSG:9377"  # Colombia, as its workspace would choose
    # the top zone is the planted cluster, south-east of the centre
    lon, lat = summary.loc["Alpha", ["top_lon", "top_lat"]]
    assert abs(lon - (-76.30 + 0.006)) < 0.004 and abs(lat - (3.54 - 0.005)) < 0.004
    gamma = next(o for o in serial.result.outcomes if o.city == "Gamma")
    assert (gamma.status, dict(gamma.params), gamma.file) == ("too_few", {"n": 2, "need": 3}, "")


@pytest.mark.parametrize("method", ["gi", "emerging"])
def test_a_city_equals_the_single_city_command(
    method: str, cities_dir: Path, serial: Run, tmp_path: Path
) -> None:
    """Issue 13, item 5: import the city's file into a workspace, run `cli.py hotspots` on it:
    the same file, byte for byte."""
    city = "Alpha" if method == "gi" else "Beta"
    ws = tmp_path / "city.gpkg"
    part = cities_dir / f"city={city}" / "part-0.parquet"
    assert main(["import", str(part), "--layer", "incidents", "--workspace", str(ws)]) == 0
    single = tmp_path / "single.geojson"
    args = ["hotspots", "--workspace", str(ws), "--method", method, "--out", str(single)]
    assert main(args) == 0
    if method == "gi":
        batch = serial.files[city]
    else:
        source = next(c for c in plan_cities(cities_dir).cities if c.city == city)
        outcome = run_city(source, BatchJob(spec_for(method), Filters(), str(tmp_path)))
        batch = (tmp_path / outcome.file).read_bytes()
    assert batch == single.read_bytes()
    frame = gpd.read_file(single)
    assert len(frame) > 500 and ("gi_bin" in frame.columns or "category" in frame.columns)


@pytest.mark.parametrize("shape", ["square", "hex"])
def test_tiled_gi_equals_untiled(shape: str) -> None:
    """Issue 13, item 6: 3 x 3 tiles with a halo give the untiled z, p and bins exactly."""
    frame = city_incidents("Alpha", 600, -76.30, 3.54, seed=0)
    crs = crs_for_frames(frame)
    spec = spec_for("gi", shape=shape)
    untiled = run_hotspots({"incidents": frame}, spec, crs=crs)
    tiled, tiles = gi_tiled(frame, spec, crs=crs, tiles=3)
    assert len(tiles) == 9 and sum(t.index.size > 0 for t in tiles) >= 4
    assert all(t.halo > 0 for t in tiles if t.index.size)  # each reads cells beyond its own
    assert max(t.index.size + t.halo for t in tiles) < len(untiled.frame)  # never the whole city
    a, b = untiled.frame, tiled.frame
    assert_array_equal(a[["cell_i", "cell_j"]].to_numpy(), b[["cell_i", "cell_j"]].to_numpy())
    assert_allclose(b["gi_z"], a["gi_z"], rtol=1e-12, atol=0)
    assert_allclose(b["gi_p"], a["gi_p"], rtol=1e-12, atol=0)
    assert_array_equal(b["gi_bin"], a["gi_bin"])  # FDR over the whole city's p-values
    assert_array_equal(b["gi_label"], a["gi_label"])
    assert_array_equal(b["n_neighbors"], a["n_neighbors"])
    assert (a["gi_bin"] > 0).any()
    # the correction counted: per tile it would have kept other cells than on the whole city
    uncorrected = confidence_bins(a["gi_z"].to_numpy(), a["gi_p"].to_numpy(), fdr=False)
    assert (uncorrected != a["gi_bin"].to_numpy()).any()
    pd.testing.assert_frame_equal(pd.DataFrame(b), pd.DataFrame(a), check_exact=True)
    assert tiled.parameters.reason == untiled.parameters.reason


def test_tiling_in_the_batch_writes_the_untiled_files(
    cities_dir: Path, serial: Run, tmp_path: Path
) -> None:
    tiled = run_batch(cities_dir, "gi", tmp_path, tile_incidents=250)
    tiles = tiled.summary.set_index("city")["tiles"]
    assert tiles.to_dict() == {"Alpha": 4, "Beta": 4, "Gamma": 0}  # 2 x 2 tiles, Gamma too small
    assert _outputs(tiled.outcomes, tmp_path) == serial.files
    left = tiled.summary.drop(columns=[*VOLATILE, "tiles"])
    pd.testing.assert_frame_equal(left, serial.result.summary.drop(columns=[*VOLATILE, "tiles"]))


def test_a_city_in_several_files_is_read_one_file_at_a_time_and_tiled_as_untiled(
    serial: Run, tmp_path: Path
) -> None:
    """Issue 13, item 6: Alpha in three files and an empty one (as Dask or Spark write a large
    partition).

    Untiled and tiled, the result files equal those of Alpha in one file
    (each file is checked on its own, as an import of it would be); a tiled
    city keeps only the columns Gi* reads and no point objects between its
    tasks.
    """
    alpha = all_cities()["Alpha"]
    part = tmp_path / "in" / "city=Alpha"
    part.mkdir(parents=True)
    for k, rows in enumerate(np.array_split(np.arange(len(alpha)), 3)):
        alpha.iloc[rows].to_parquet(part / f"part-{k}.parquet")
    alpha.iloc[:0].to_parquet(part / "part-3.parquet")  # an empty part, as Spark may write one
    reference = {"Alpha": serial.files["Alpha"]}
    for tile_incidents, tiles in ((0, 0), (250, 4)):
        out = tmp_path / f"out{tile_incidents}"
        result = run_batch(tmp_path / "in", "gi", out, tile_incidents=tile_incidents)
        assert result.summary["tiles"].tolist() == [tiles]
        assert _outputs(result.outcomes, out) == reference
        (outcome,) = result.outcomes
        assert [(p.file, p.code, p.severity) for p in outcome.problems] == [
            ("city=Alpha/part-3.parquet", "empty_part", "warning")
        ]
    src = plan_cities(tmp_path / "in").cities[0]
    assert len(src.paths) == 4
    city, cells = prepare_tiled(src, _job(tmp_path / "o"), 2)
    assert isinstance(city, _TiledCity) and cells is not None
    kept = city.prep.data.incidents
    assert set(kept.columns) == set(GI_COLUMNS)
    assert not isinstance(kept, gpd.GeoDataFrame) and len(kept) == len(alpha)
    assert city.checked.n_valid == 0 and city.checked.n_rows == len(alpha)


def _problems(outcomes: tuple[CityOutcome, ...]) -> list[list[tuple[object, ...]]]:
    """Each city's problems, those of one row in a fixed order (see ``geo.validation.pieces``)."""
    return [
        sorted(
            ((p.file, p.row or 0, p.code, p.column or "", p.message("en")) for p in o.problems),
            key=lambda t: (t[0], t[1], t[2], t[3], t[4]),
        )
        for o in outcomes
    ]


def test_a_city_in_one_large_file_is_checked_in_pieces_as_the_whole_file(tmp_path: Path) -> None:
    """Issue 13, item 6: a city in one file larger than a worker's memory is read and checked
    in pieces of ``check_rows`` rows, with the whole file's result.

    The rows' problems need the whole file: an id repeated 300 rows later,
    points far from the file's middle (not from their piece's), a time
    stamp column of midnights in the first pieces only.
    """
    alpha = all_cities()["Alpha"]
    alpha.loc[450, "incident_id"] = alpha.loc[3, "incident_id"]
    alpha.loc[[20, 500], "category"] = "nonsense"
    alpha.loc[560:, "geometry"] = gpd.points_from_xy(
        alpha.geometry.x[560:] + 0.8, alpha.geometry.y[560:]
    )
    alpha.loc[:300, "occurred_at"] = alpha.loc[:300, "occurred_at"].dt.normalize()
    folder = tmp_path / "in"
    folder.mkdir()
    alpha.to_parquet(folder / "Alpha.parquet", row_group_size=70)
    runs = {}
    for check_rows, tile_incidents in ((0, 0), (128, 0), (128, 250)):
        out = tmp_path / f"out{check_rows}-{tile_incidents}"
        runs[check_rows, tile_incidents] = result = run_batch(
            folder,
            "gi",
            out,
            check_rows=check_rows,
            tile_incidents=tile_incidents,
            allow_invalid_rows=True,
        )
        (outcome,) = result.outcomes
        assert outcome.status == "ok"
        assert _outputs(result.outcomes, out) == _outputs(runs[0, 0].outcomes, tmp_path / "out0-0")
        assert _problems(result.outcomes) == _problems(runs[0, 0].outcomes)
        row = result.summary.iloc[0]
        assert (row["rows"], row["rejected"]) == (600, 3 + 40)
    codes = {p.code for p in runs[128, 0].outcomes[0].problems}
    assert {"duplicate_id", "unknown_category", "far_from_others"} <= codes


def test_a_geoparquet_file_of_another_writer_in_pieces(tmp_path: Path) -> None:
    """A GeoParquet file with no pandas metadata (pyarrow, GDAL or Spark write them so):
    its pieces are read as geopandas reads the file."""
    all_cities()["Alpha"].to_parquet(tmp_path / "a.parquet")
    table = pq.read_table(tmp_path / "a.parquet")
    plain = pa.schema(
        [pa.field(f.name, f.type) for f in table.schema],  # no geoarrow names on the fields
        metadata={b"geo": table.schema.metadata[b"geo"]},  # nor pandas' metadata
    )
    table = table.cast(plain)
    (tmp_path / "in").mkdir()
    pq.write_table(table, tmp_path / "in" / "Alpha.parquet", row_group_size=100)
    files = []
    for check_rows in (0, 128):
        result = run_batch(
            tmp_path / "in", "gi", tmp_path / f"out{check_rows}", check_rows=check_rows
        )
        assert [o.status for o in result.outcomes] == ["ok"]
        files.append(_outputs(result.outcomes, tmp_path / f"out{check_rows}"))
    assert files[0] == files[1]


def test_a_file_of_unknown_crs_in_pieces_is_taken_as_degrees_or_not_as_a_whole(
    tmp_path: Path,
) -> None:
    """GeoParquet with ``"crs": null``: the reader takes the whole file as degrees or not,
    so a piece of metres in a file of degrees is one row far off, not a file without CRS."""
    frame = all_cities()["Alpha"].iloc[:40].copy()
    frame.loc[[5, 30], "geometry"] = gpd.points_from_xy([1e6, 1.1e6], [2e6, 2.1e6])
    frame = frame.set_crs(None, allow_override=True)
    (tmp_path / "in").mkdir()
    frame.to_parquet(tmp_path / "in" / "Alpha.parquet", row_group_size=1)
    assert _unknown_crs(pq.ParquetFile(tmp_path / "in" / "Alpha.parquet"))
    (src,) = plan_cities(tmp_path / "in").cities
    whole, pieces = (validate_city(src, check_rows=k) for k in (0, 1))
    codes = sorted(p.code for p in whole.problems)
    assert codes == ["assumed_wgs84", "projected_as_degrees", "projected_as_degrees"]
    assert sorted(p.code for p in pieces.problems) == codes
    assert (pieces.n_valid, pieces.n_invalid) == (whole.n_valid, whole.n_invalid) == (38, 2)
    pd.testing.assert_frame_equal(pieces.table, whole.table)


def test_one_file_of_every_city_is_read_by_row_groups_for_each(tmp_path: Path) -> None:
    """``--by city`` on one national file, each city checked in pieces: the same results."""
    cities = all_cities()
    one = gpd.GeoDataFrame(
        pd.concat([f.assign(city=name) for name, f in cities.items()], ignore_index=True),
        crs="EPSG:4326",
    )
    one.loc[700, "incident_id"] = one.loc[620, "incident_id"]  # Beta's, 80 rows apart
    one.to_parquet(tmp_path / "all.parquet", row_group_size=90)
    outs = {}
    for check_rows in (0, 64):
        out = tmp_path / f"out{check_rows}"
        result = run_batch(
            tmp_path / "all.parquet", "gi", out, check_rows=check_rows, allow_invalid_rows=True
        )
        outs[check_rows] = (_outputs(result.outcomes, out), _problems(result.outcomes))
        beta = next(o for o in result.outcomes if o.city == "Beta")
        assert [(p.row, p.code, p.params["first_row"]) for p in beta.problems] == [
            (701, "duplicate_id", 621)
        ]
    assert outs[64] == outs[0]


def _job(out: Path) -> BatchJob:
    return BatchJob(spec_for("gi"), Filters(), str(out))


def _in_a_thread_of_its_own(test: Callable[..., object], **kwargs: object) -> None:
    """Run ``test`` in a new thread and re-raise what it raised.

    Dask starts its own event loop (``asyncio.run``) in the calling thread. In ``make test``
    the browser tests may have run in the same pytest worker before, and Playwright's sync
    API leaves its loop *running* in the main thread, where no other loop may start; a new
    thread has none.
    """
    failed: list[BaseException] = []

    def body() -> None:
        try:
            test(**kwargs)
        except BaseException as exc:
            failed.append(exc)

    thread = threading.Thread(target=body)
    thread.start()
    thread.join()
    if failed:
        raise failed[0]


def test_gen_cluster_runs_the_cities_on_both_workers(
    cities_dir: Path, serial: Run, tmp_path: Path
) -> None:
    """Issue 13, item 7: the per-city function on two workers (``gen_cluster``) equals the
    serial run."""
    _in_a_thread_of_its_own(_two_workers, cities_dir=cities_dir, serial=serial, tmp_path=tmp_path)


@gen_cluster(client=True, nthreads=[("127.0.0.1", 1), ("127.0.0.1", 1)], timeout=60)
async def _two_workers(
    c: Client, s: Scheduler, a: Worker, b: Worker, cities_dir: Path, serial: Run, tmp_path: Path
) -> None:
    sources = list(plan_cities(cities_dir).cities)
    futures = c.map(run_city, sources, job=_job(tmp_path), pure=False)
    outcomes: list[CityOutcome] = [await f for f in futures]
    assert {addr for o in outcomes for addr in o.workers} == {a.address, b.address}
    assert len(a.data) and len(b.data)  # each holds a result it computed
    by_city = sorted(outcomes, key=lambda o: o.city)
    _same_outcomes(by_city, list(serial.result.outcomes))
    assert _outputs(by_city, tmp_path) == serial.files


def test_local_cluster_of_two_processes_equals_the_serial_run(
    cities_dir: Path, serial: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 13, item 7: ``run_batch`` on a two-process LocalCluster; Gi* of Alpha by tiles."""
    # the workers are spawned processes, which first run the parent's ``__main__`` again: after
    # an AppTest in this pytest worker that is app.py (Streamlit runs it as ``__main__``), so
    # the test gives them a bare one, as `python cli.py batch` has its own
    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))
    _in_a_thread_of_its_own(
        _local_cluster_of_two, cities_dir=cities_dir, serial=serial, tmp_path=tmp_path
    )


def _local_cluster_of_two(cities_dir: Path, serial: Run, tmp_path: Path) -> None:
    done: list[str] = []
    # LocalCluster(n_workers=2, threads_per_worker=1, processes=True), system-chosen ports
    with dask_client(workers=2) as client:
        assert client is not None
        result = run_batch(
            cities_dir,
            "gi",
            tmp_path,
            client=client,
            tile_incidents=500,  # Alpha in 2 x 2 tiles, spread over the workers
            progress=lambda n, total, o: done.append(f"{n}/{total} {o.city}"),
        )
        workers = set(client.scheduler_info(n_workers=-1)["workers"])
    assert [d.split()[0] for d in done] == ["1/3", "2/3", "3/3"]
    assert {d.split()[1] for d in done} == set(CITIES)
    ran = {addr for o in result.outcomes for addr in o.workers}
    assert ran == workers and len(workers) == 2
    assert _outputs(result.outcomes, tmp_path) == serial.files
    summary = result.summary.drop(columns=[*VOLATILE, "tiles"])
    reference = serial.result.summary.drop(columns=[*VOLATILE, "tiles"])
    pd.testing.assert_frame_equal(summary, reference)


def test_one_file_with_a_city_column_and_rows_without_one(tmp_path: Path) -> None:
    cities = all_cities()
    frames = [f.assign(city=name) for name, f in cities.items()]
    one = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs="EPSG:4326")
    one.loc[[5, 9], "city"] = None
    one.to_parquet(tmp_path / "all.parquet")
    plan = plan_cities(tmp_path / "all.parquet")
    assert [c.city for c in plan.cities] == ["Alpha", "Beta", "Gamma"]  # most rows first
    assert plan.unassigned == (6, 10) and plan.n_rows == len(one)
    result = run_batch(tmp_path / "all.parquet", "gi", tmp_path / "out")
    no_city = result.outcomes[-1]
    assert (no_city.status, no_city.params["rows"], no_city.params["n"]) == ("no_city", "6, 10", 2)
    assert [o.status for o in result.outcomes[:3]] == ["ok", "ok", "too_few"]


def test_one_file_per_city_and_file_names(tmp_path: Path) -> None:
    frame = city_incidents("Beta", 300, -75.57, 6.25, seed=4)
    frame.to_parquet(tmp_path / "Medellín.parquet")
    frame.iloc[:2].to_parquet(tmp_path / "a b.parquet")
    plan = plan_cities(tmp_path)
    assert plan.layout == "files" and [c.city for c in plan.cities] == ["Medellín", "a b"]
    assert file_stem("Bogotá D.C.") == "Bogotá D.C." and file_stem("x/../y") == "x_.._y"


def test_methods_that_need_another_layer_are_refused() -> None:
    check_spec(spec_for("emerging"))
    check_spec(spec_for("kde"))
    with pytest.raises(BatchError, match="needs the `neighborhoods` layer") as caught:
        check_spec(spec_for("lisa", units="neighborhoods"))
    assert caught.value.code == "needs_layer"
    with pytest.raises(BatchError, match="neighborhoods"):
        check_spec(spec_for("kde", per_resident=True))


def test_an_input_with_no_cities_is_refused(tmp_path: Path) -> None:
    with pytest.raises(BatchError) as caught:
        plan_cities(tmp_path)
    assert caught.value.code == "no_cities"
    with pytest.raises(BatchError) as caught:
        plan_cities(tmp_path / "missing.parquet")
    assert caught.value.code == "no_input"
