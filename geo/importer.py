"""Validate a file and add it to a workspace: the one import path of the CLI and the app.

The user's file is only read, never written. A file with file-level
problems (missing columns, wrong format, empty) is never imported. A file
whose rows have errors is imported only when the caller accepts importing
the valid rows; the invalid rows are then recorded, with their problems, in
the workspace's ``convivencia_problems`` table, so nothing is lost silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd

from geo import schema
from geo.readers import read_layer
from geo.validation import Report
from geo.workspace import LayerSource, Workspace, file_sha256, write_workspace


@dataclass(frozen=True)
class ImportResult:
    """What an import did.

    Attributes
    ----------
    report
        The validation report of the file.
    imported
        Whether the layer was written to the workspace.
    rows
        Rows written (0 when not imported).
    workspace
        The workspace, re-opened after the write (``None`` if it was not created).
    reason
        Why the file was not imported (English; empty when it was). One of
        ``"file_errors"`` or ``"row_errors"``; the app translates them.
    """

    report: Report
    imported: bool
    rows: int
    workspace: Workspace | None
    reason: str = ""


def reference_layers(workspace: Workspace | None, layer: str) -> dict[str, gpd.GeoDataFrame]:
    """The workspace's layers that define the city, for the 'outside the city' check.

    The validator takes the city from the neighbourhoods when they are there
    and from the other layers' extents otherwise, so with neighbourhoods in
    the workspace only they are read (not, say, every incident).
    """
    if workspace is None:
        return {}
    if layer != "neighborhoods" and workspace.has("neighborhoods"):
        return {"neighborhoods": workspace.read("neighborhoods")}
    return {
        name: workspace.read(name) for name in workspace.layers if name not in (layer, "programs")
    }


def import_file(
    path: str | Path,
    layer: str,
    workspace: str | Path,
    *,
    display_name: str | None = None,
    crs: str | None = None,
    allow_invalid_rows: bool = False,
    city_name: str | None = None,
) -> ImportResult:
    """Validate ``path`` as ``layer`` and add or replace it in ``workspace``.

    Parameters
    ----------
    path
        The file to import (any format ``geo.readers.read_layer`` reads).
    layer
        Target layer, one of ``geo.schema.LAYERS``.
    workspace
        The workspace GeoPackage; created when it does not exist.
    display_name
        The file name shown in messages and recorded as the source (the app
        passes the uploaded file's name; defaults to ``path``'s name).
    crs
        CRS of projected x/y columns in a CSV.
    allow_invalid_rows
        Import the valid rows of a file whose rows have errors.
    city_name
        City name for a workspace created by this import.

    Returns
    -------
    ImportResult
    """
    if layer not in schema.LAYERS:
        msg = f"`layer` must be one of {', '.join(schema.LAYERS)}, got {layer!r}"
        raise ValueError(msg)
    path = Path(path)
    ws_path = Path(workspace)
    ws = Workspace(ws_path) if ws_path.exists() else None
    name = display_name or path.name
    result = read_layer(
        path, layer, reference=reference_layers(ws, layer), crs=crs, display_name=name
    )
    report = result.report
    file_errors = any(p.severity == "error" and p.row is None for p in report.problems)
    if file_errors:
        return ImportResult(report, imported=False, rows=0, workspace=ws, reason="file_errors")
    if not report.ok and not allow_invalid_rows:
        return ImportResult(report, imported=False, rows=0, workspace=ws, reason="row_errors")
    source = LayerSource(file=name, sha256=file_sha256(path), problems=report.to_frame("en"))
    if ws is None:
        ws = write_workspace(
            ws_path,
            {layer: result.layer},
            city_name=city_name or ws_path.stem,
            provenance=f"imported from {name}",
            synthetic=False,
            sources={layer: source},
            overwrite=False,
        )
    else:
        ws.write_layers({layer: result.layer}, sources={layer: source})
    return ImportResult(report, imported=True, rows=len(result.layer), workspace=ws)
