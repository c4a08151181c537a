"""The two stores of a workspace (:mod:`geo.stores`) under attack: the GeoPackage is the reference.

Every PostGIS test here runs on the session's throwaway cluster
(``tests/conftest.py``, :mod:`tests.pgcluster`), each in a schema of its
own. Each layer is read with a cache folder of its own per store, so a
sidecar written from one store never answers a read of the other.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import threading
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path
from urllib.parse import quote

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import LineString, MultiPoint, MultiPolygon, Point, box
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from geo import settings, users
from geo.errors import WorkspaceError
from geo.stores import (
    STAMP_TABLE,
    GpkgStore,
    PgStore,
    _GpkgWriter,
    _PgWriter,
    grant_public,
    open_store,
    redacted,
)
from geo.workspace import META_TABLE, ImportRecord, LayerSource, Workspace, write_workspace
from tests.pgcluster import PASSWORD_GROUP, Cluster

ROOT = Path(__file__).resolve().parents[2]
CRS = "EPSG:9377"
#: A new workspace's address by name (``tests/conftest.py``: a test taking it runs on both stores).
Location = Callable[[str], str | Path]


def _points(n: int) -> gpd.GeoSeries:
    return gpd.GeoSeries([Point(-76.30 + k * 0.001, 3.54 + k * 0.0005) for k in range(n)], crs=4326)


def _incidents(ids: range) -> gpd.GeoDataFrame:
    n = len(ids)
    return gpd.GeoDataFrame(
        {
            "incident_id": [f"i{k}" for k in ids],
            "occurred_at": pd.to_datetime("2021-03-04 22:15") + pd.to_timedelta(list(ids), "h"),
            "category": ["homicide", "noise", "fight"] * (n // 3) + ["theft"] * (n % 3),
        },
        geometry=[Point(-76.30 + k * 0.0001, 3.54) for k in ids],
        crs="EPSG:4326",
    )


def _hoods() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"neighborhood_id": ["b1"], "name": ["Uno"], "population": [1000]},
        geometry=[box(-76.31, 3.53, -76.27, 3.56)],
        crs="EPSG:4326",
    )


def _tz(values: list[str | None], zone: str) -> pd.Series:
    return pd.Series(pd.to_datetime(values, format="ISO8601")).dt.tz_localize(zone)


#: Layers that are hard to store alike: each is written to both stores and read back.
CASES: dict[str, Callable[[], dict[str, gpd.GeoDataFrame | pd.DataFrame]]] = {
    "empty_layer": lambda: {
        "programs": gpd.GeoDataFrame(
            {
                "program_id": pd.Series([], dtype="str"),
                "start": pd.Series([], dtype="datetime64[ms]"),
                "budget": pd.Series([], dtype="float64"),
                "partners": pd.Series([], dtype="int64"),
                "active": pd.Series([], dtype=bool),
            },
            geometry=gpd.GeoSeries([], crs=4326),
        )
    },
    "all_null_geometry": lambda: {
        "programs": gpd.GeoDataFrame(
            {"program_id": ["p1", "p2"], "name": ["Ñandú", "Tilde á"]},
            geometry=gpd.GeoSeries([None, None], crs=4326),
        )
    },
    "mixed_geometry_types": lambda: {
        "truth_mixed": gpd.GeoDataFrame(
            {"k": [1, 2, 3, 4]},
            geometry=gpd.GeoSeries(
                [
                    Point(-76.3, 3.5),
                    box(-76.3, 3.5, -76.2, 3.6),
                    LineString([(-76.3, 3.5), (-76.2, 3.6)]),
                    None,
                ],
                crs=4326,
            ),
        )
    },
    "single_and_multi": lambda: {
        "neighborhoods": gpd.GeoDataFrame(
            {"neighborhood_id": ["a", "b", "c"], "name": ["A", "B", "C"], "population": [1, 2, 3]},
            geometry=gpd.GeoSeries(
                [
                    box(-76.3, 3.5, -76.29, 3.51),
                    MultiPolygon([box(-76.28, 3.5, -76.27, 3.51), box(-76.26, 3.5, -76.25, 3.51)]),
                    None,
                ],
                crs=4326,
            ),
        ),
        "truth_points": gpd.GeoDataFrame(
            {"k": [1, 2]},
            geometry=gpd.GeoSeries([MultiPoint([(-76.3, 3.5), (-76.2, 3.6)]), Point(-76.3, 3.5)]),
            crs=4326,
        ),
    },
    "missing_values_and_texts": lambda: {
        "incidents": gpd.GeoDataFrame(
            {
                "incident_id": ["a", "b", "c", "d"],
                "occurred_at": pd.to_datetime(
                    ["2021-01-01 10:00:00.123456", None, "2022-02-02 23:59:59.999", "2020-02-29"],
                    format="ISO8601",
                ),
                "category": ["homicide", "noise", "fight", "theft"],
                "source": ["", None, np.nan, "policía"],
                "severity": [1.5, np.nan, None, -0.0],
                "descripción": [
                    "x" * 200_000,
                    "línea\nnueva, \"comillas\" y 'apóstrofos'",
                    "\\N",
                    "",
                ],
                "vacío": [None, None, None, None],
                "nada": [np.nan] * 4,
            },
            geometry=_points(4),
        )
    },
    "booleans_and_integers": lambda: {
        "truth_kinds": gpd.GeoDataFrame(
            {
                "flag": [True, False, True],
                "flag_with_none": [True, None, False],
                "nullable_flag": pd.array([True, None, False], dtype="boolean"),
                "n": pd.array([1, None, 3], dtype="Int64"),
                "n_full": pd.array([1, 2, 3], dtype="Int64"),
                "n_none": pd.array([None, None, None], dtype="Int64"),
                "i16": np.array([1, -2, 3], dtype="int16"),
                "i32": np.array([1, -2, 2**31 - 1], dtype="int32"),
                "i64": np.array([2**62, -(2**62), 0], dtype="int64"),
                "f32": np.array([0.5, np.nan, 1.25], dtype="float32"),
                "day": [date(2020, 1, 1), None, date(2021, 2, 3)],
            },
            geometry=_points(3),
        )
    },
    "times_in_one_offset": lambda: {
        "truth_times": gpd.GeoDataFrame(
            {"at": _tz(["2021-01-01 10:00", "2021-06-01 10:00:05", None], "America/Bogota")},
            geometry=_points(3),
        )
    },
    "times_in_two_offsets": lambda: {
        "truth_times": gpd.GeoDataFrame(
            {"at": _tz(["2021-01-01 10:00", "2021-07-01 10:00", None], "Europe/Madrid")},
            geometry=_points(3),
        )
    },
    "geometry_named_otherwise": lambda: {
        "territories": gpd.GeoDataFrame(
            {"territory_id": ["t1"], "team": ["Equipo ñ"]},
            geometry=gpd.GeoSeries([box(-76.3, 3.5, -76.29, 3.51)], crs=4326),
        ).rename_geometry("geom")
    },
    "odd_names": lambda: {
        'truth_a"b; DROP TABLE x; --ñ': gpd.GeoDataFrame(
            {'col"umn; --': [1, 2], "Mayús ñ": ["á", "é"], "with space": [0.5, 1.5]},
            geometry=_points(2),
        ),
        "truth_plain table": pd.DataFrame({"valor": [1, 2], "texto": ["", "ü"]}),
    },
    "three_dimensions": lambda: {
        "truth_3d": gpd.GeoDataFrame(
            {"k": [1, 2]},
            geometry=gpd.GeoSeries([Point(-76.3, 3.5, 1000.0), Point(-76.2, 3.6, 990.5)], crs=4326),
        )
    },
    "projected_input": lambda: {
        "incidents": _incidents(range(5)).to_crs(CRS),
    },
}


@pytest.fixture
def pair(pg_cluster: Cluster, tmp_path: Path) -> Callable[[str], tuple[Path, str]]:
    """A GeoPackage path and a PostGIS address for a new workspace named ``name``."""

    def where(name: str) -> tuple[Path, str]:
        schema = f"s{uuid.uuid4().hex[:8]}_{name}"[:40]
        return tmp_path / f"{name}.gpkg", f"{pg_cluster.url()}?schema={schema}"

    return where


def _fresh_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / f"cache-{uuid.uuid4().hex[:6]}"
    monkeypatch.setattr(settings, "cache_dir", folder)


def _without_times(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop(
        columns=[c for c in ("imported_at", "saved_at", "published_at") if c in frame]
    )


def _same_workspace(
    gpkg: Workspace, pg: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every reading method gives the same on both (each store read with a cache of its own)."""
    assert pg.content_hash == gpkg.content_hash
    assert (pg.layers, pg.truth_tables) == (gpkg.layers, gpkg.truth_tables)
    assert pg.metadata.keys() == gpkg.metadata.keys()
    for frame in ("layer_info", "history", "problems", "scenarios", "snapshots"):
        ours, theirs = getattr(pg, frame)(), getattr(gpkg, frame)()
        pd.testing.assert_frame_equal(_without_times(ours), _without_times(theirs), obj=frame)
    for name in gpkg.layers + gpkg.truth_tables:
        for projected in (False, True):
            found = []
            for ws in (gpkg, pg):
                _fresh_cache(tmp_path, monkeypatch)
                found.append(pd.DataFrame(ws.read(name, projected=projected)))
                if not projected:
                    coords = ws.read_coordinates(name)
                    found.append(coords.frame() if coords is not None else None)
            if projected:
                pd.testing.assert_frame_equal(found[1], found[0], obj=f"{name} (projected)")
            else:
                pd.testing.assert_frame_equal(found[2], found[0], obj=name)
                assert (found[1] is None) == (found[3] is None), name
                if found[1] is not None:
                    pd.testing.assert_frame_equal(found[3], found[1], obj=f"{name} coordinates")


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_layer_reads_back_from_postgis_as_from_the_geopackage(
    case: str,
    pair: Callable[[str], tuple[Path, str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Empty layers, missing geometries, mixed kinds, missing values, ``""``, zones, odd names."""
    layers = CASES[case]()
    opened = []
    for where in pair(case):
        _fresh_cache(tmp_path, monkeypatch)
        opened.append(
            write_workspace(
                where, layers, city_name="Ñuñoa", provenance="t", synthetic=True, crs=CRS
            )
        )
    _same_workspace(opened[0], opened[1], tmp_path, monkeypatch)


def test_the_metadata_tables_read_back_alike(
    pair: Callable[[str], tuple[Path, str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """History, problems, scenarios, snapshots and users: the same rows on both stores."""
    problems = pd.DataFrame(
        {
            "row": [3, None, 7],
            "column": ["occurred_at", None, "categoría"],
            "severity": ["error", "warning", "error"],
            "code": ["bad_date", "no_crs", "unknown"],
            "message": ["row 3: '31/02/2021' is not a date", "no CRS", "x" * 5000],
            "message_es": ["fila 3: «31/02/2021» no es una fecha", "", None],
        }
    )
    opened = []
    for where in pair("meta"):
        ws = write_workspace(
            where,
            {"incidents": _incidents(range(6)), "neighborhoods": _hoods()},
            city_name="Ñuñoa",
            provenance="t",
            synthetic=False,
            crs=CRS,
            sources={"incidents": LayerSource(file="años.csv", sha256="ab", problems=problems)},
        )
        ws.write_layers(
            {"incidents": _incidents(range(9))},
            sources={"incidents": LayerSource(file="más.csv", mode="append", added=3, skipped=2)},
            history=[ImportRecord("neighborhoods", "b.geojson", "", "append", 0, 0, 1, 1, 1)],
        )
        spec = {"budget": 1e9, "nombre": "Plan ñ 'uno' \"dos\""}
        ws.save_scenario("Plan Ñ", "parks", spec=spec, summary={"n": 3}, result=[{"id": "á"}])
        ws.save_scenario(
            "Plan Ñ", "parks", spec={}, summary={}, result=[{"t": "y" * 50_000}], replace=True
        )
        ws.save_scenario("Otro", "territories", spec={}, summary={}, result=[])
        record = {"start": "2021-01-01", "end": "2021-12-31", "step": "month", "min_count": 5}
        record |= {"cell_m": 500.0}
        ws.save_snapshot({**record, "cells": "{}", "note": "a\nb'\"c"}, published_by="ana")
        ws.save_snapshot(
            {**record, "cells": "[" + "1," * 30_000 + "1]", "note": ""}, published_by=""
        )
        users.add_user(ws, "Ana María", "admin", "una-clave-larga-ñ")
        users.add_user(ws, "josé", "planner", "otra-clave-larga")
        opened.append(Workspace(where))
    gpkg, pg = opened
    _same_workspace(gpkg, pg, tmp_path, monkeypatch)
    for version in (None, 1, 2):
        ours, theirs = pg.snapshot_record(version), gpkg.snapshot_record(version)
        assert ours.keys() == theirs.keys()
        assert {k: v for k, v in ours.items() if k != "published_at"} == {
            k: v for k, v in theirs.items() if k != "published_at"
        }
    ours, theirs = users.list_users(pg), users.list_users(gpkg)
    pd.testing.assert_frame_equal(_users(ours), _users(theirs))
    assert users.verify(pg, "ana maría", "una-clave-larga-ñ") == "admin"
    assert pg.scenario("Plan Ñ", "parks") == {**gpkg.scenario("Plan Ñ", "parks"), "saved_at": ANY}


def _users(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop(columns=[c for c in frame.columns if c.endswith("_at")])


class _Any:
    def __eq__(self, other: object) -> bool:
        return True

    def __hash__(self) -> int:
        return 0


ANY = _Any()


# -- names PostgreSQL would not keep ------------------------------------------------


@pytest.mark.parametrize(
    ("layers", "named"),
    [
        ({"truth_" + "x" * 60: pd.DataFrame({"a": [1]})}, "truth_xxx"),
        ({"truth_t": pd.DataFrame({"columna_" + "ñ" * 30: [1]})}, "columna_ñ"),
        ({"truth_t": gpd.GeoDataFrame({"geom_m": ["mine"]}, geometry=_points(1))}, "geom_m"),
        ({"truth_t": pd.DataFrame({"convivencia_row": [7]})}, "convivencia_row"),
    ],
    ids=["long_table", "long_column", "projected_column", "row_column"],
)
def test_names_postgresql_would_cut_or_keeps_are_refused_and_nothing_changes(
    pg_cluster: Cluster, layers: dict[str, pd.DataFrame], named: str
) -> None:
    """PostgreSQL cuts a name past 63 bytes (silently, for a column); the store keeps two of its own."""
    url = f"{pg_cluster.url()}?schema=s{uuid.uuid4().hex[:8]}"
    ws = write_workspace(
        url,
        {"incidents": _incidents(range(3))},
        city_name="X",
        provenance="t",
        synthetic=False,
        crs=CRS,
    )
    before = (_all_tables(pg_cluster, url), open_store(url).stamp(), ws.content_hash)
    with pytest.raises(WorkspaceError, match=named):
        ws.write_layers(layers)
    assert (
        _all_tables(pg_cluster, url),
        open_store(url).stamp(),
        Workspace(url).content_hash,
    ) == before


def test_mixed_2d_and_3d_geometries_are_refused_alike(new_location: Location) -> None:
    mixed = gpd.GeoDataFrame(
        {"k": [1, 2]}, geometry=[Point(-76.3, 3.5, 9.0), Point(-76.3, 3.5)], crs=4326
    )
    with pytest.raises(WorkspaceError, match="mixes 2-D and 3-D"):
        write_workspace(
            new_location("w"), {"truth_z": mixed}, city_name="X", provenance="t", synthetic=False
        )


def _schema(url: str) -> str:
    return url.rsplit("schema=", 1)[1]


def _all_tables(cluster: Cluster, url: str) -> list[str]:
    schema = _schema(url)
    return cluster.psql(
        "SELECT table_schema || '.' || table_name FROM information_schema.tables"
        f" WHERE table_schema IN ('{schema}', '{schema}_public') ORDER BY 1"
    ).split("\n")


# -- failures, locks, concurrency --------------------------------------------------------


SNAPSHOT = {"start": "2021-01-01", "end": "2021-12-31", "step": "month", "min_count": 5}
SNAPSHOT |= {"cell_m": 500.0, "cells": "{}"}


def _lock_is_free(store: GpkgStore | PgStore, cluster: Cluster | None) -> bool:
    """Whether another process could take the workspace's write lock now."""
    if isinstance(store, GpkgStore):
        fd = os.open(store.path.parent, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        finally:
            os.close(fd)  # closing releases it
        return True
    assert cluster is not None
    got = cluster.psql(f"SELECT pg_try_advisory_lock({store._key})")
    if got.strip() != "t":  # psql's session ends with the call, and its lock with it
        return False
    meta = store._qualified(META_TABLE)
    try:  # the metadata table's write lock, once the workspace has one
        cluster.psql(
            f"DO $$ BEGIN IF to_regclass('{meta}') IS NOT NULL THEN "
            f"EXECUTE 'LOCK TABLE {meta.replace(chr(39), chr(39) * 2)} IN EXCLUSIVE MODE NOWAIT';"
            " END IF; END $$"
        )
    except subprocess.CalledProcessError:
        return False
    return True


@pytest.mark.parametrize("failure", [OSError, KeyboardInterrupt])
def test_a_write_failing_at_any_step_leaves_everything_as_it_was(
    new_location: Location,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
    failure: type[BaseException],
) -> None:
    """Each step of a write (every table and layer it writes) fails in turn: nothing changes.

    No half layer, no table left behind, the same stamp, no temporary file
    in the user's folder, and the write lock free again, also after a
    ``KeyboardInterrupt``.
    """
    where = new_location("w")
    ws = write_workspace(
        where,
        {"incidents": _incidents(range(4))},
        city_name="X",
        provenance="t",
        synthetic=False,
        crs=CRS,
    )
    users.add_user(ws, "ana", "admin", "una-clave-larga")
    store = open_store(where)
    assert isinstance(store, GpkgStore | PgStore)
    cluster = request.getfixturevalue("pg_cluster") if isinstance(store, PgStore) else None

    def state() -> tuple[object, ...]:
        again = Workspace(where)
        listing = _all_tables(cluster, str(where)) if cluster else sorted(os.listdir(tmp_path))
        return (
            store.stamp(),
            listing,
            again.content_hash,
            again.layers,
            again.history().to_csv(),
            again.scenarios().to_csv(),
            again.snapshots().to_csv(),
            again.read("incidents").to_csv(),
            users.list_users(again).to_csv(),
        )

    writer: type[_PgWriter | _GpkgWriter] = _PgWriter if isinstance(store, PgStore) else _GpkgWriter
    real_layer: Callable[..., None] = writer.layer
    real_table: Callable[..., None] = writer.table
    steps = {"n": 0, "fail_at": 0}

    def step() -> None:
        steps["n"] += 1
        if steps["n"] == steps["fail_at"]:
            raise failure("simulated")

    def layer(self: object, *args: object, **kwargs: object) -> None:
        step()
        real_layer(self, *args, **kwargs)

    def table(self: object, *args: object, **kwargs: object) -> None:
        real_table(self, *args, **kwargs)
        step()  # after the table is written: a failure now must undo it

    monkeypatch.setattr(writer, "layer", layer)
    monkeypatch.setattr(writer, "table", table)
    writes: list[Callable[[], object]] = [
        lambda: ws.write_layers({"neighborhoods": _hoods(), "incidents": _incidents(range(9))}),
        lambda: ws.save_scenario("s", "parks", spec={}, summary={}, result=[]),
        lambda: ws.save_snapshot(SNAPSHOT, published_by="b"),
        lambda: users.add_user(ws, "josé", "planner", "otra-clave-larga"),
    ]
    for write in writes:
        before = state()
        for fail_at in range(1, 9):
            steps["n"], steps["fail_at"] = 0, fail_at
            try:
                write()
            except failure:
                assert state() == before, (writes.index(write), fail_at)
                assert _lock_is_free(store, cluster)
                continue
            assert fail_at > 1 and state() != before  # past its last step: it went through
            break
        else:
            pytest.fail("a write of more than 8 steps")


def _finishes(work: Callable[[], object], seconds: float = 30.0) -> list[BaseException]:
    """Run ``work`` in a thread; fail when it has not finished in ``seconds`` (a deadlock)."""
    errors: list[BaseException] = []

    def run() -> None:
        try:
            work()
        except BaseException as exc:
            errors.append(exc)

    worker = threading.Thread(target=run, daemon=True)  # a deadlocked one must not hold pytest
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), "deadlocked"
    return errors


def test_writes_nested_in_a_lock_through_other_handles_do_not_deadlock(
    new_location: Location,
) -> None:
    """``with ws.lock()`` around writes through the same and through other handles of the workspace.

    Each handle had a lock of its own: the second one in the same thread
    waited for the first for ever (a second ``flock`` on the folder, a
    second connection waiting for the advisory lock). An import into a
    workspace that did not exist yet takes the store's lock and then the new
    handle's, so it deadlocked the same way on any workspace.
    """
    where = new_location("w")
    ws = write_workspace(
        where, {"incidents": _incidents(range(3))}, city_name="X", provenance="t", synthetic=False
    )

    def nested() -> None:
        with ws.lock():
            ws.save_scenario("uno", "parks", spec={}, summary={}, result=[])
            Workspace(where).save_scenario("dos", "parks", spec={}, summary={}, result=[])
            users.add_user(Workspace(where), "ana", "admin", "una-clave-larga")
            with open_store(where).lock(), Workspace(where).lock() as other:
                other.write_layers({"neighborhoods": _hoods()})

    assert _finishes(nested) == []
    again = Workspace(where)
    assert list(again.scenarios()["name"]) == ["uno", "dos"]
    assert again.layers == ["incidents", "neighborhoods"]
    assert list(users.list_users(again)["name"]) == ["ana"]


def test_a_failed_write_inside_a_callers_lock_is_undone_alone(pg_cluster: Cluster) -> None:
    """As the GeoPackage throws a failed write's copy away, PostGIS rolls back to before it only.

    Without a savepoint the failed statement aborted the caller's whole
    transaction: every later read and write inside the lock failed too. (A
    text with a NUL character, which PostgreSQL refuses, fails the write
    in the database itself.)
    """
    url = f"{pg_cluster.url()}?schema=s{uuid.uuid4().hex[:8]}"
    ws = write_workspace(
        url, {"incidents": _incidents(range(3))}, city_name="X", provenance="t", synthetic=False
    )
    with ws.lock():
        with pytest.raises(WorkspaceError, match="`truth_bad` row 0.*NUL"):
            ws.write_tables({"truth_bad": pd.DataFrame({"a": ["x\x00y"]})})
        ws.save_scenario("after", "parks", spec={}, summary={}, result=[])
        assert ws.read("incidents")["incident_id"].tolist() == ["i0", "i1", "i2"]
    again = Workspace(url)
    assert list(again.scenarios()["name"]) == ["after"] and "truth_bad" not in again.truth_tables


def test_a_text_with_a_nul_character_is_refused_alike(new_location: Location) -> None:
    """GDAL cuts such a text short in a GeoPackage (``"x\\0y"`` read back ``"x"``), PostgreSQL refuses it."""
    frame = _incidents(range(3)).assign(source=["ok", "x\x00y", "ok"])
    with pytest.raises(WorkspaceError, match=r"`incidents` row 1: column `source`"):
        write_workspace(
            new_location("w"), {"incidents": frame}, city_name="X", provenance="t", synthetic=False
        )


def test_threads_sharing_one_handle_never_see_a_write_before_it_is_committed(
    pg_cluster: Cluster,
) -> None:
    """The app keeps one handle per workspace for every session (threads of one process).

    While one session writes under the lock, another reading through the
    same handle sees the workspace as it was (not the writer's uncommitted
    tables, not through the writer's connection), and its reads do not
    disturb the write; once committed, everyone sees it.
    """
    url = f"{pg_cluster.url()}?schema=s{uuid.uuid4().hex[:8]}"
    ws = write_workspace(
        url, {"incidents": _incidents(range(3))}, city_name="X", provenance="t", synthetic=False
    )
    written, seen = threading.Event(), threading.Event()
    views: list[object] = []

    def writer() -> None:
        with ws.lock():
            ws.save_scenario("nuevo", "parks", spec={}, summary={}, result=[])
            ws.write_layers({"neighborhoods": _hoods()})
            written.set()
            assert seen.wait(20)

    def reader() -> None:
        assert written.wait(20)
        try:
            views.append((list(ws.scenarios()["name"]), ws.layers, sorted(ws._store.tables())))
            views.append(len(ws.read("incidents")))
        finally:
            seen.set()

    assert _finishes(lambda: _both(writer, reader)) == []
    assert views[0] == (
        [],
        ["incidents"],
        [
            "convivencia_history",
            "convivencia_layers",
            "convivencia_meta",
            "convivencia_problems",
            "incidents",
        ],
    )
    assert views[1] == 3
    assert list(ws.scenarios()["name"]) == ["nuevo"] and ws.layers == ["incidents", "neighborhoods"]


def _both(*works: Callable[[], None]) -> None:
    """Run ``works`` in threads at once; raise the first error any of them raised."""
    errors: list[BaseException] = []

    def run(work: Callable[[], None]) -> None:
        try:
            work()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(w,)) for w in works]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]


def test_two_processes_importing_into_a_new_workspace_at_once_lose_nothing(
    new_location: Location, tmp_path: Path
) -> None:
    """Two ``cli.py import --append`` at once, into a workspace neither found: both land.

    Each looked, found no workspace, and created one: the second's
    "already exists; refusing to overwrite it" lost its rows. Now the
    second, under the lock, finds the first's workspace and appends to it
    (its ids already there skipped).
    """
    where = str(new_location("new"))
    files = []
    for k, ids in enumerate((range(0, 40), range(30, 70))):
        path = tmp_path / f"part{k}.gpkg"
        _incidents(ids).to_file(path, layer="incidents", driver="GPKG")
        files.append(path)
    runs = [
        subprocess.Popen(
            [sys.executable, "cli.py", "import", str(f), "--layer", "incidents"]
            + ["--workspace", where, "--append", "--lang", "en"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for f in files
    ]
    outs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outs
    ws = Workspace(where)
    assert sorted(ws.read("incidents")["incident_id"]) == sorted(f"i{k}" for k in range(70))
    history = ws.history("incidents")
    assert sorted(history["mode"]) == ["append", "new"]
    assert sorted(history["rows_after"]) == [40, 70]
    assert history["rows_skipped"].sum() == 10


def test_many_handles_and_waiting_writers_hold_few_connections(pg_cluster: Cluster) -> None:
    """200 handles opened and kept (as caches do), then 16 threads writing at once.

    A handle holds no connection; a writer waiting for another in the same
    process waits without one (before, each waiting writer held a pooled
    connection in ``pg_advisory_xact_lock``: 16 writers took the pool's 12
    and left none for the pages' reads).
    """
    app = f"pool_{uuid.uuid4().hex[:6]}"
    url = f"{pg_cluster.url()}?schema=s{uuid.uuid4().hex[:8]}&application_name={app}"
    write_workspace(
        url, {"incidents": _incidents(range(3))}, city_name="X", provenance="t", synthetic=False
    )
    handles = [Workspace(url) for _ in range(200)]
    assert all(h.layers == ["incidents"] for h in handles)
    count = f"SELECT count(*) FROM pg_stat_activity WHERE application_name = '{app}'"
    assert int(pg_cluster.psql(count)) <= 4  # the pool's idle connections, at most its size
    waiting = count + " AND wait_event_type = 'Lock' AND wait_event = 'advisory'"
    writers, peak, done = handles[:16], [0], threading.Event()

    def watch() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], int(pg_cluster.psql(waiting)))

    def save(k: int) -> Callable[[], None]:
        return lambda: writers[k].save_scenario(f"s{k}", "parks", spec={}, summary={}, result=[])

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        _both(*[save(k) for k in range(16)])
    finally:
        done.set()
        watcher.join()
    assert len(Workspace(url).scenarios()) == 16
    assert peak[0] == 0  # no connection of this process waited for the advisory lock


# -- addresses and passwords -----------------------------------------------------------


SECRETS = [
    "s3cr3t-p4ss",
    "s3cr3t/p4ss",
    "s3cr3t#p4ss",
    "s3cr3t?p4ss",
    "s3cr3t@p4ss",
    "s3:cr3t@p4ss",
]


@pytest.mark.parametrize("secret", SECRETS)
def test_an_address_never_shows_its_password(pg_cluster: Cluster, secret: str) -> None:
    """In the address shown and in every message about it, with @ / # ? : left unencoded.

    ``urlsplit`` ends the user's part at the first ``/``, ``#`` or ``?``:
    such a password was shown whole, and SQLAlchemy (which splits the
    address otherwise) was handed a mangled one, whose errors quoted it.
    """
    for port in (1, pg_cluster.port, "notaport"):
        url = f"postgresql://nobody:{secret}@127.0.0.1:{port}/db?schema=x"
        shown = redacted(url)
        assert (
            "p4ss" not in shown and "cr3t" not in shown and shown.startswith("postgresql://nobody:")
        )
        with pytest.raises(WorkspaceError) as raised:
            Workspace(url)
        told = str(raised.value)
        assert "p4ss" not in told and "cr3t" not in told, told
    assert redacted("postgresql://ana@host/db") == "postgresql://ana@host/db"
    assert redacted("/data/w.gpkg") == "/data/w.gpkg"


def test_the_cli_never_prints_the_password(pg_cluster: Cluster, tmp_path: Path) -> None:
    """A server that is down, a wrong password and a password with / and # in it: not on the screen."""
    role = f"pw_{uuid.uuid4().hex[:6]}"
    pg_cluster.psql(f"CREATE ROLE {role} LOGIN PASSWORD 'la-clave-buena' IN ROLE {PASSWORD_GROUP}")
    path = tmp_path / "i.gpkg"
    _incidents(range(3)).to_file(path, layer="incidents", driver="GPKG")
    database = pg_cluster.url().rsplit("/", 1)[1]
    runs = []
    for secret, port, command in (  # one command each: the three start at once, in ~5 s
        ("s3cr3t/p4ss", 1, ["import", str(path), "--layer", "incidents"]),
        ("s3cr3t#p4ss", pg_cluster.port, ["user", "list"]),
        ("wrong-p4ss", pg_cluster.port, ["import", str(path), "--layer", "incidents"]),
    ):
        url = f"postgresql://{role}:{secret}@127.0.0.1:{port}/{database}"
        runs.append(
            subprocess.Popen(
                [sys.executable, "cli.py", *command, "--workspace", url, "--lang", "en"],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    for run in runs:
        out, err = run.communicate(timeout=120)
        said = out + err
        assert run.returncode != 0 and "p4ss" not in said and "cr3t" not in said, said
        assert "Traceback" not in said and "cannot reach" in said, said


@pytest.mark.parametrize(
    "schema",
    [
        "public",
        "information_schema",
        "pg_catalog",
        "pg_temp",
        "x_public",
        "a%0Ab",
        "Mayus",
        "x&schema=y",
    ],
)
def test_schema_names_that_are_not_a_workspaces_own_are_refused(
    pg_cluster: Cluster, schema: str
) -> None:
    """PostgreSQL's own schemas, ``public`` (where PostGIS lives and every role looks), a name ending
    like a snapshots' schema, a line break, capitals, the parameter given twice."""
    with pytest.raises(WorkspaceError, match="schema"):
        Workspace(f"{pg_cluster.url()}?schema={schema}")


# -- the public role -------------------------------------------------------------------


def _role_engine(cluster: Cluster, role: str, password: str) -> Engine:
    secret = quote(password, safe="")
    return create_engine(
        cluster.url(user=role, password=secret).replace("postgresql://", "postgresql+psycopg://")
    )


def test_the_public_role_reads_the_snapshots_and_nothing_else_by_any_way(
    pg_cluster: Cluster,
) -> None:
    """Not the layers, users, metadata, history or stamp's neighbours; not through the catalogue's
    views, statistics or file functions; not a table made later; it cannot change the snapshots.

    The role's password, with quotes and a semicolon, works, and reaches
    the server only as a SCRAM verifier: not in its log even with every
    statement logged (before, ``ALTER ROLE ... PASSWORD 'the password'``).
    """
    schema = f"s{uuid.uuid4().hex[:8]}"
    url = f"{pg_cluster.url()}?schema={schema}"
    ws = write_workspace(
        url,
        {"incidents": _incidents(range(5)), "neighborhoods": _hoods()},
        city_name="X",
        provenance="t",
        synthetic=False,
        crs=CRS,
    )
    users.add_user(ws, "ana", "admin", "una-clave-larga")
    ws.save_snapshot(SNAPSHOT, published_by="ana")
    token = uuid.uuid4().hex  # in the password, between quotes that a log would show doubled
    role, password = f"pub_{token[:6]}", f'it\'s "quoted"; {token}; DROP ROLE postgres; -- ñ'
    pg_cluster.psql(f"CREATE ROLE {role} LOGIN IN ROLE {PASSWORD_GROUP}")
    verbose = f"{url}&options={quote('-c log_statement=all', safe='')}"
    grant_public(verbose, role, password=password)
    logged = pg_cluster.log.read_text(errors="replace")
    assert f'ALTER ROLE "{role}" PASSWORD \'SCRAM-SHA-256$' in logged  # statements are logged
    assert token not in logged
    pg_cluster.psql(f"ANALYZE {schema}.incidents")
    engine = _role_engine(pg_cluster, role, password)
    denied = "(?i)permission denied|read-only"

    def one(sql: str) -> list[object]:
        with engine.connect() as conn:
            return list(conn.execute(text(sql)).all())

    try:
        assert one(f"SELECT version FROM {schema}_public.convivencia_snapshots") == [(1,)]
        assert len(one(f"SELECT stamp FROM {schema}_public.{STAMP_TABLE}")) == 1
        private = ["incidents", "neighborhoods", "convivencia_users", "convivencia_meta"]
        private += ["convivencia_history", "convivencia_layers", "convivencia_problems"]
        for table in private:
            with pytest.raises(DBAPIError, match=denied):
                one(f"SELECT count(*) FROM {schema}.{table}")
        for view in ("information_schema.tables", "information_schema.columns", "pg_stats"):
            key = "schemaname" if view == "pg_stats" else "table_schema"
            assert one(f"SELECT * FROM {view} WHERE {key} = '{schema}'") == []
        with pytest.raises(DBAPIError, match=denied):
            one("SELECT pg_read_file('postgresql.conf')")
        assert one("SHOW default_transaction_read_only") == [("on",)]
        writes = [
            f"INSERT INTO {schema}_public.convivencia_snapshots (version) VALUES (9)",
            f"UPDATE {schema}_public.convivencia_snapshots SET published_by = 'x'",
            f"DELETE FROM {schema}_public.convivencia_snapshots",
            f"UPDATE {schema}_public.{STAMP_TABLE} SET stamp = 0",
            f"CREATE TABLE {schema}_public.mine (a int)",
        ]
        for sql in writes:
            for prefix in ("", "SET TRANSACTION READ WRITE; "):  # read-only is only the default
                with pytest.raises(DBAPIError, match=denied):
                    one(prefix + sql)
        for sql in (
            f"TRUNCATE {schema}_public.convivencia_snapshots",
            f"DROP TABLE {schema}_public.convivencia_snapshots",
        ):
            with pytest.raises(
                DBAPIError, match=r"(?i)permission denied|must be (the )?owner|read-only"
            ):
                one("SET TRANSACTION READ WRITE; " + sql)
        ws.write_layers({"truth_later": pd.DataFrame({"secret": [1]})})  # made after the grant
        ws.save_snapshot(SNAPSHOT, published_by="ana")
        with pytest.raises(DBAPIError, match=denied):
            one(f"SELECT * FROM {schema}.truth_later")
        assert one(f"SELECT version FROM {schema}_public.convivencia_snapshots ORDER BY 1") == [
            (1,),
            (2,),
        ]
        public = Workspace(
            pg_cluster.url(user=role, password=quote(password, safe="")) + f"?schema={schema}"
        )
        assert public.public_only and list(public.snapshots()["version"]) == [1, 2]
    finally:
        engine.dispose()


def test_a_role_that_can_do_more_than_read_is_refused_and_nothing_is_granted(
    pg_cluster: Cluster,
) -> None:
    """The connecting role itself, a superuser, a member of ``pg_read_all_data`` or of the writer,
    a name that is not plain: each refused, in one transaction (no role left behind)."""
    schema = f"s{uuid.uuid4().hex[:8]}"
    url = f"{pg_cluster.url()}?schema={schema}"
    write_workspace(
        url, {"incidents": _incidents(range(3))}, city_name="X", provenance="t", synthetic=False
    )
    reader, boss = f"r_{uuid.uuid4().hex[:6]}", f"b_{uuid.uuid4().hex[:6]}"
    pg_cluster.psql(
        f"CREATE ROLE {reader} LOGIN IN ROLE pg_read_all_data; CREATE ROLE {boss} SUPERUSER"
    )
    for role in ("postgres", reader, boss):
        with pytest.raises(WorkspaceError, match=repr(role)):
            grant_public(url, role)
    acl = f"SELECT coalesce(nspacl::text, '') FROM pg_namespace WHERE nspname = '{schema}_public'"
    assert reader not in pg_cluster.psql(acl)  # the refused grant was rolled back
    pg_cluster.psql(f"GRANT SELECT ON {schema}.incidents TO PUBLIC")  # by hand, by mistake
    fresh = f"n_{uuid.uuid4().hex[:6]}"
    with pytest.raises(WorkspaceError, match="incidents"):
        grant_public(url, fresh)
    assert (
        pg_cluster.psql(f"SELECT count(*) FROM pg_roles WHERE rolname = '{fresh}'").strip() == "0"
    )
    for name in ('x"; DROP ROLE postgres; --', "x\n", "pg_x", "Mayus"):
        with pytest.raises(WorkspaceError, match="role name"):
            grant_public(url, name)


# -- readers and writers at once -------------------------------------------------------


def test_a_reader_sees_a_replaced_layer_whole_old_or_new(new_location: Location) -> None:
    """A layer replaced by one with other columns while it is read: the old or the new, never an error.

    PostGIS: the reader looked its columns up (no lock), then selected
    them; a replace committed in between (its ``DROP`` held the ``SELECT``
    until then) left it asking the new table for the old columns.
    """
    where = new_location("w")
    frames = [
        pd.DataFrame({"a": list(range(500)), "x": ["uno"] * 500}),
        pd.DataFrame({"b": [1.5] * 800, "y": ["dos"] * 800}),
    ]
    ws = write_workspace(
        where, {"truth_t": frames[0]}, city_name="X", provenance="t", synthetic=False, crs=CRS
    )
    store = open_store(where)
    done = threading.Event()
    seen: set[tuple[str, ...]] = set()

    def write() -> None:
        try:
            for k in range(1, 7):
                ws.write_layers({"truth_t": frames[k % 2]})
        finally:
            done.set()

    def read() -> None:
        while not done.is_set():
            frame = store.read_layer("truth_t")
            seen.add(tuple(frame.columns))
            assert len(frame) == (500 if "a" in frame.columns else 800)

    assert _finishes(lambda: _both(write, read), 60) == []
    assert seen <= {("a", "x"), ("b", "y")} and seen


def test_threads_writing_through_shared_and_own_handles_lose_nothing(
    new_location: Location,
) -> None:
    """Sessions of the app: 4 threads through one shared handle, 6 through handles of their own, and
    one holding the lock meanwhile; every scenario and user each wrote is there."""
    where = new_location("w")
    shared = write_workspace(
        where, {"incidents": _incidents(range(3))}, city_name="X", provenance="t", synthetic=False
    )
    users.add_user(shared, "admin", "admin", "una-clave-larga")

    def save(handle: Callable[[], Workspace], name: str) -> Callable[[], None]:
        return lambda: handle().save_scenario(name, "parks", spec={}, summary={}, result=[])

    def hold() -> None:
        with Workspace(where).lock() as ws:
            ws.save_scenario("held", "parks", spec={}, summary={}, result=[])
            users.add_user(ws, "ana", "planner", "otra-clave-larga")

    works = [save(lambda: shared, f"shared{k}") for k in range(4)]
    works += [save(lambda: Workspace(where), f"own{k}") for k in range(6)]
    assert _finishes(lambda: _both(*works, hold), 60) == []
    names = set(Workspace(where).scenarios()["name"])
    assert names == {"held", *(f"shared{k}" for k in range(4)), *(f"own{k}" for k in range(6))}
    assert set(shared.scenarios()["name"]) == names
    assert set(users.list_users(Workspace(where))["name"]) == {"admin", "ana"}
