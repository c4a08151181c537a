"""Importing a file: the reference layers, and never losing the rows already there."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.importer import (
    import_file,
    plan_import,
    reference_layers,
    save_upload,
    workspace_path,
)
from geo.readers import read_layer
from geo.workspace import Workspace
from tests.geo.fixtures.files import write

HEADER = "id;fecha;categoria;latitud;longitud\n"
JANUARY = HEADER + "".join(f"E{i};0{i}/01/2022;riña;3,54{i};-76,30{i}\n" for i in range(1, 5))
# February's file repeats two of January's rows (E3, E4) and brings three new ones
FEBRUARY = HEADER + "".join(
    f"{rid};0{i}/02/2022;ruido;3,53{i};-76,31{i}\n"
    for i, rid in enumerate(["E3", "E4", "F1", "F2", "F3"], start=1)
)


def test_only_the_neighbourhoods_are_read_when_they_define_the_city(small_workspace: Path) -> None:
    ws = Workspace(small_workspace)
    assert list(reference_layers(ws, "public_spaces")) == ["neighborhoods"]
    assert list(reference_layers(ws, "incidents")) == ["neighborhoods"]
    # importing the neighbourhoods themselves: the other layers with geometry define the city
    assert sorted(reference_layers(ws, "neighborhoods")) == [
        "incidents",
        "public_spaces",
        "streets",
        "territories",
    ]
    assert reference_layers(None, "incidents") == {}


def test_an_existing_layer_is_never_replaced_without_a_mode(
    workspace_copy: Path, tmp_path: Path
) -> None:
    ws = Workspace(workspace_copy)
    n, content = len(ws.read("incidents")), ws.content_hash
    result = import_file(write(tmp_path, "enero.csv", JANUARY), "incidents", workspace_copy)
    assert not result.imported and result.reason == "layer_exists"
    assert result.existing == n and result.rows == 4 and result.skipped == 0
    after = Workspace(workspace_copy)
    assert len(after.read("incidents")) == n and after.content_hash == content
    assert len(after.history()) == len(ws.history())  # nothing recorded either


def test_append_twice_adds_once_and_the_hash_follows(workspace_copy: Path, tmp_path: Path) -> None:
    n = len(Workspace(workspace_copy).read("incidents"))
    first_hash = Workspace(workspace_copy).content_hash
    src = write(tmp_path, "enero.csv", JANUARY)
    first = import_file(src, "incidents", workspace_copy, mode="append")
    assert first.imported and (first.mode, first.added, first.skipped) == ("append", 4, 0)
    ws = Workspace(workspace_copy)
    stored = ws.read("incidents")
    assert len(stored) == n + 4 and list(stored["incident_id"].tail(4)) == ["E1", "E2", "E3", "E4"]
    assert stored["occurred_at"].dtype.kind == "M"
    assert ws.content_hash != first_hash
    appended_hash = ws.content_hash

    again = import_file(src, "incidents", workspace_copy, mode="append")
    assert again.imported and (again.added, again.skipped) == (0, 4)
    assert again.skipped_ids == ("E1", "E2", "E3", "E4")
    ws = Workspace(workspace_copy)
    assert len(ws.read("incidents")) == n + 4
    assert ws.content_hash == appended_hash  # caches keyed on it stay valid

    feb = import_file(
        write(tmp_path, "febrero.csv", FEBRUARY), "incidents", workspace_copy, mode="append"
    )
    assert (feb.added, feb.skipped, feb.skipped_ids) == (3, 2, ("E3", "E4"))
    ws = Workspace(workspace_copy)
    assert len(ws.read("incidents")) == n + 7 and ws.content_hash != appended_hash
    history = ws.history("incidents")
    assert list(history["source_file"].tail(3)) == ["enero.csv", "enero.csv", "febrero.csv"]
    assert list(history["rows_added"].tail(3)) == [4, 0, 3]
    assert list(history["rows_skipped"].tail(3)) == [0, 4, 2]
    assert list(history["rows_after"].tail(3)) == [n + 4, n + 4, n + 7]


def test_replace_says_how_many_rows_went(workspace_copy: Path, tmp_path: Path) -> None:
    n = len(Workspace(workspace_copy).read("incidents"))
    src = write(tmp_path, "enero.csv", JANUARY)
    result = import_file(src, "incidents", workspace_copy, mode="replace")
    assert result.imported and (result.mode, result.replaced, result.added) == ("replace", n, 4)
    ws = Workspace(workspace_copy)
    assert len(ws.read("incidents")) == 4
    last = ws.history().iloc[-1]
    assert (last["mode"], last["rows_replaced"], last["rows_after"]) == ("replace", n, 4)


def test_plan_counts_what_each_mode_would_do(workspace_copy: Path, tmp_path: Path) -> None:
    ws = Workspace(workspace_copy)
    import_file(write(tmp_path, "enero.csv", JANUARY), "incidents", workspace_copy, mode="append")
    ws = Workspace(workspace_copy)
    frame = read_layer(write(tmp_path, "febrero.csv", FEBRUARY), "incidents").layer
    plan = plan_import(ws, "incidents", frame)
    assert plan.existing == len(ws.read("incidents"))
    assert (plan.incoming, plan.duplicates, plan.new_rows) == (5, 2, 3)
    assert plan.duplicate_ids == ("E3", "E4")
    assert plan_import(None, "incidents", frame).existing == 0
    unreadable = read_layer(write(tmp_path, "roto.geojson", '{"type": "Feat'), "incidents").layer
    assert plan_import(ws, "incidents", unreadable).incoming == 0


def test_a_new_workspace_is_never_created_over_an_existing_one(
    workspace_copy: Path, tmp_path: Path
) -> None:
    before = Workspace(workspace_copy).content_hash
    src = write(tmp_path, "enero.csv", JANUARY)
    result = import_file(src, "incidents", workspace_copy, new_workspace=True, mode="replace")
    assert not result.imported and result.reason == "workspace_exists"
    assert Workspace(workspace_copy).content_hash == before
    fresh = import_file(src, "incidents", tmp_path / "nueva.gpkg", new_workspace=True)
    assert fresh.imported and fresh.mode == "new"
    assert fresh.workspace is not None
    assert list(fresh.workspace.history()["mode"]) == ["new"]


def test_a_whole_file_swapped_is_not_imported(tmp_path: Path) -> None:
    swapped = HEADER + "".join(f"S{i};0{i}/01/2022;riña;-76,30{i};3,54{i}\n" for i in range(1, 4))
    target = tmp_path / "nueva.gpkg"
    result = import_file(write(tmp_path, "al_reves.csv", swapped), "incidents", target)
    assert not result.imported and result.reason == "file_errors"
    assert [p.code for p in result.report.file_errors] == ["all_columns_swapped"]
    assert not target.exists()


def test_uploads_are_saved_by_content_and_names_are_safe(tmp_path: Path) -> None:
    a = save_upload(b"id;x\n1;2\n", "Incidentes Enero.CSV", tmp_path)
    b = save_upload(b"id;x\n1;2\n", "otro.csv", tmp_path)
    assert a == b and a.suffix == ".csv" and a.read_bytes() == b"id;x\n1;2\n"
    assert [p.name for p in tmp_path.iterdir()] == [a.name]  # no temporary file left
    assert workspace_path("Mi ciudad!", tmp_path) == tmp_path / "Miciudad.gpkg"
    assert workspace_path("../../etc", tmp_path) == tmp_path / "etc.gpkg"
    assert workspace_path("  ", tmp_path) == tmp_path / "workspace.gpkg"


def test_a_mode_must_be_known(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="mode"):
        import_file(Path("x.csv"), "incidents", tmp_path / "w.gpkg", mode="merge")  # type: ignore[arg-type]
