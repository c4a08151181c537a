"""A PostGIS workspace: the same layers and results as the GeoPackage, safe writes, a public role.

Every test here runs against the session's throwaway cluster
(``tests/conftest.py``, :mod:`tests.pgcluster`), each in a schema of its own.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import ProgrammingError

from geo import snapshots
from geo.importer import import_file
from geo.stores import PROJECTED_COLUMN, PgStore, grant_public, open_store, redacted
from geo.workspace import Workspace, write_workspace
from tests.pgcluster import Cluster

ROOT = Path(__file__).resolve().parents[2]


def _url(cluster: Cluster, name: str) -> str:
    return f"{cluster.url()}?schema=t{uuid.uuid4().hex[:8]}_{name}"


def test_the_demo_in_postgis_reads_back_as_in_the_geopackage(
    pg_demo: str, small_workspace: Path
) -> None:
    gpkg, pg = Workspace(small_workspace), Workspace(pg_demo)
    assert pg.is_database and not gpkg.is_database
    assert pg.content_hash == gpkg.content_hash
    assert pg.layers == gpkg.layers and pg.truth_tables == gpkg.truth_tables
    assert pg.projected_crs == gpkg.projected_crs and pg.synthetic
    for name in gpkg.layers + gpkg.truth_tables:
        pd.testing.assert_frame_equal(pd.DataFrame(pg.read(name)), pd.DataFrame(gpkg.read(name)))
    projected = pg.read("neighborhoods", projected=True)
    assert projected.crs == gpkg.read("neighborhoods", projected=True).crs
    ours, theirs = pg.read_coordinates("incidents"), gpkg.read_coordinates("incidents")
    assert ours is not None and theirs is not None
    pd.testing.assert_frame_equal(ours.frame(), theirs.frame())


def test_postgis_keeps_the_projected_geometries_and_their_indices(
    pg_cluster: Cluster, pg_demo: str
) -> None:
    ws = Workspace(pg_demo)
    schema = pg_demo.rsplit("schema=", 1)[1]
    epsg = ws.projected_crs.split(":")[1]
    found = pg_cluster.psql(
        f"SELECT ST_SRID({PROJECTED_COLUMN}), count(*) FROM {schema}.incidents GROUP BY 1"
    ).split()
    assert found == [f"{epsg}|{len(ws.read('incidents'))}"]
    indices = pg_cluster.psql(
        f"SELECT indexdef FROM pg_indexes WHERE schemaname = '{schema}' AND tablename = 'incidents'"
    )
    assert "USING gist (geometry)" in indices and f"USING gist ({PROJECTED_COLUMN})" in indices
    # within 1 cm of what pyproj gives (the sidecar's projection)
    gap = pg_cluster.psql(
        f"SELECT max(ST_Distance({PROJECTED_COLUMN}, ST_Transform(geometry, {epsg})))"
        f" FROM {schema}.incidents"
    )
    assert float(gap) < 0.01


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), *args, "--lang", "en"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )


def test_the_hotspots_command_gives_the_same_result_on_both(
    pg_demo: str, small_workspace: Path, tmp_path: Path
) -> None:
    outs = []
    for name, where in (("gpkg", str(small_workspace)), ("pg", pg_demo)):
        out = tmp_path / f"{name}.csv"
        done = _cli("hotspots", "--workspace", where, "--method", "gi", "--out", str(out))
        assert done.returncode == 0, done.stderr
        outs.append(out.read_text())
    assert outs[0] == outs[1]


def test_import_and_publish_through_the_cli_on_a_database(
    pg_cluster: Cluster, small_workspace: Path, tmp_path: Path
) -> None:
    """The commands take a ``postgresql://`` workspace; the password never reaches the output."""
    url = _url(pg_cluster, "cli")
    hoods = tmp_path / "barrios.geojson"
    incidents = tmp_path / "incidentes.csv"
    src = Workspace(small_workspace)
    src.read("neighborhoods").to_file(hoods, driver="GeoJSON")
    frame = src.read("incidents")
    table = pd.DataFrame(frame.drop(columns="geometry"))
    table["lon"], table["lat"] = frame.geometry.x, frame.geometry.y
    table.to_csv(incidents, index=False)
    secret_url = url.replace("postgres@", "postgres:s3cret-pass@")  # trust auth: any password works
    done = _cli("import", str(hoods), "--layer", "neighborhoods", "--workspace", secret_url)
    assert done.returncode == 0, done.stderr
    assert "s3cret" not in done.stdout + done.stderr and redacted(secret_url) in done.stdout
    assert import_file(incidents, "incidents", url).imported  # the same call, in this process
    ws = Workspace(url)
    assert ws.layers == ["incidents", "neighborhoods"]
    assert len(ws.read("incidents")) == len(frame)
    done = _cli("publish", "--workspace", url, "--period", "last-12-months", "--by", "ana")
    assert done.returncode == 0, done.stderr
    assert list(Workspace(url).snapshots()["version"]) == [1]


def test_two_imports_and_a_publish_at_once_lose_nothing(
    pg_cluster: Cluster, pg_demo: str, tmp_path: Path
) -> None:
    """Threads appending to one layer and publishing, each through its own handle."""
    url = _url(pg_cluster, "busy")
    demo = Workspace(pg_demo)
    base = demo.read("incidents")
    write_workspace(
        url,
        {"incidents": base.iloc[:100], "neighborhoods": demo.read("neighborhoods")},
        city_name="Busy",
        provenance="t",
        synthetic=True,
        crs=demo.projected_crs,
    )
    files = []
    for k, rows in enumerate((base.iloc[100:400], base.iloc[400:700])):
        path = tmp_path / f"part{k}.gpkg"
        rows.to_file(path, layer="incidents", driver="GPKG")
        files.append(path)
    errors: list[BaseException] = []
    seen: list[int] = []
    stop = threading.Event()

    def importing(path: Path) -> None:
        try:
            result = import_file(path, "incidents", url, mode="append")
            assert result.imported, result.reason
        except BaseException as exc:
            errors.append(exc)

    def publishing() -> None:
        try:
            ws = Workspace(url)
            snapshots.publish(ws, snapshots.build(ws), published_by="t")
        except BaseException as exc:
            errors.append(exc)

    def reading() -> None:  # a reader never sees half a layer
        while not stop.is_set():
            n = len(Workspace(url).read("incidents"))
            seen.append(n)

    reader = threading.Thread(target=reading)
    reader.start()
    threads = [threading.Thread(target=importing, args=(f,)) for f in files]
    threads += [threading.Thread(target=publishing) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stop.set()
    reader.join()
    assert errors == []
    ws = Workspace(url)
    assert sorted(ws.read("incidents")["incident_id"]) == sorted(base.iloc[:700]["incident_id"])
    assert list(ws.snapshots()["version"]) == [1, 2]
    assert set(ws.history("incidents")["rows_after"]) == {100, 400, 700}
    assert set(seen) <= {100, 400, 700}


def test_the_public_role_reads_the_snapshots_and_nothing_else(
    pg_cluster: Cluster, pg_demo: str
) -> None:
    url = _url(pg_cluster, "roles")
    demo = Workspace(pg_demo)
    ws = write_workspace(
        url,
        {"incidents": demo.read("incidents"), "neighborhoods": demo.read("neighborhoods")},
        city_name="Roles",
        provenance="t",
        synthetic=True,
        crs=demo.projected_crs,
    )
    version = snapshots.publish(ws, snapshots.build(ws), published_by="t")
    role = f"public_{uuid.uuid4().hex[:6]}"
    grant_public(url, role, password="otra-clave-larga")
    schema = url.rsplit("schema=", 1)[1]
    engine = create_engine(
        pg_cluster.url(user=role).replace("postgresql://", "postgresql+psycopg://")
    )
    try:
        with engine.connect() as conn:
            got = conn.execute(
                text(f"SELECT version FROM {schema}_public.convivencia_snapshots")
            ).scalars()
            assert list(got) == [version]
        for table in ("incidents", "convivencia_users", "convivencia_meta"):
            with engine.connect() as conn, pytest.raises(ProgrammingError, match="permission"):
                conn.execute(text(f"SELECT count(*) FROM {schema}.{table}"))
        # nor can it make the writers wait: an advisory lock (any key, the workspace's too)
        # holds no writer, and the writers' own lock is refused it
        store = open_store(url)
        assert isinstance(store, PgStore)
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": store._key})
            with pytest.raises(ProgrammingError, match="permission"):
                conn.execute(text(f"LOCK TABLE {schema}.convivencia_meta IN EXCLUSIVE MODE"))
            conn.rollback()
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": store._key})
            done = threading.Event()

            def write() -> None:
                ws.save_scenario("mientras", "parks", spec={}, summary={}, result=[])
                done.set()

            writer = threading.Thread(target=write, daemon=True)
            writer.start()
            assert done.wait(30), "a writer waited for the public role's lock"
        # the public page's own handle, as that role: the snapshot, never a layer
        public = Workspace(pg_cluster.url(user=role) + f"?schema={schema}")
        assert public.public_only and public.layers == []
        assert int(public.snapshots()["version"].iloc[-1]) == version
        record = public.snapshot_record()
        assert record["version"] == str(version)
    finally:
        engine.dispose()


@pytest.mark.skipif(shutil.which("psql") is None, reason="psql is not installed")
def test_the_schema_is_created_on_first_use_with_postgis(pg_cluster: Cluster) -> None:
    url = _url(pg_cluster, "fresh")
    ws = Workspace.create(url, city_name="Nueva", provenance="t")
    assert ws.layers == [] and ws.city_name == "Nueva"
    schema = url.rsplit("schema=", 1)[1]
    tables = pg_cluster.psql(
        f"SELECT table_name FROM information_schema.tables WHERE table_schema = '{schema}'"
    ).split()
    assert "convivencia_meta" in tables
