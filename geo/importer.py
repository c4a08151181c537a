"""Validate a file and add it to a workspace: the one import path of the CLI and the app.

The user's file is only read, never written. A file with file-level
problems (missing columns, wrong format, empty) is never imported. A file
whose rows have errors is imported only when the caller accepts importing
the valid rows; the invalid rows are then recorded, with their problems, in
the workspace's ``convivencia_problems`` table, so nothing is lost silently.

A layer the workspace already holds is never replaced silently: the caller
says ``mode="replace"`` (the old rows go, and the history says how many) or
``mode="append"`` (only rows whose id is not there yet are added; the others
are counted and named). Without a mode, the import is refused and the result
says how many rows a replace would lose. Every import is one row of the
workspace's history (:meth:`geo.workspace.Workspace.history`).

The app's upload helpers live here too (:func:`save_upload`,
:func:`workspace_path`), so the Data page stays a thin page.
"""

from __future__ import annotations

import contextlib
import hashlib
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import geopandas as gpd
import numpy as np
import pandas as pd

from geo import schema, settings
from geo.readers import read_layer
from geo.stores import open_store
from geo.validation import Report
from geo.workspace import (
    ImportRecord,
    LayerSource,
    Workspace,
    file_sha256,
    write_workspace,
)

ImportMode = Literal["replace", "append"]
#: Why an import did not happen (the CLI and the app say each in their words).
Reason = Literal["", "file_errors", "row_errors", "layer_exists", "workspace_exists"]
#: How many of the ids skipped by an append are named in messages.
SHOWN_IDS = 5
#: Where the app saves uploaded files (named by their content's SHA-256).
UPLOAD_DIR = Path(tempfile.gettempdir()) / "convivencia-uploads"


@dataclass(frozen=True)
class ImportResult:
    """What an import did.

    Attributes
    ----------
    report
        The validation report of the file.
    imported
        Whether the workspace was written (an append that found only ids
        already there writes only its history row, and is ``True``).
    rows
        Rows of the file that passed validation.
    workspace
        The workspace, re-opened after the write (``None`` if it was not created).
    reason
        Why the file was not imported (empty when it was): ``"file_errors"``,
        ``"row_errors"``, ``"layer_exists"`` (the layer is there and no mode
        was given) or ``"workspace_exists"`` (a new workspace was asked for
        at a path that exists); the CLI and the app translate them.
    mode
        ``"new"``, ``"replace"`` or ``"append"`` (empty when not imported).
    existing
        Rows the layer held before the import (0 when it did not exist).
    added
        Rows added to the layer.
    replaced
        Rows of the layer the import removed (a replace).
    skipped
        Rows of the file not added because their id was already in the layer
        (when refused with ``"layer_exists"``: rows an append would skip).
    skipped_ids
        The first :data:`SHOWN_IDS` of those ids.
    """

    report: Report
    imported: bool
    rows: int
    workspace: Workspace | None
    reason: Reason = ""
    mode: str = ""
    existing: int = 0
    added: int = 0
    replaced: int = 0
    skipped: int = 0
    skipped_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportPlan:
    """What each mode would do with a validated file, before anything is written.

    Attributes
    ----------
    existing
        Rows the layer holds now (0: the layer is not there, nothing to ask).
    incoming
        Valid rows of the file.
    duplicates
        Rows of the file whose id is already in the layer (an append skips them).
    duplicate_ids
        The first :data:`SHOWN_IDS` of those ids.
    is_duplicate
        For each valid row of the file, whether its id is already stored.
    """

    existing: int
    incoming: int
    duplicates: int
    duplicate_ids: tuple[str, ...] = ()
    is_duplicate: np.ndarray = field(
        default_factory=lambda: np.zeros(0, dtype=bool), repr=False, compare=False
    )

    @property
    def new_rows(self) -> int:
        """Rows an append would add."""
        return self.incoming - self.duplicates


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


def existing_ids(workspace: Workspace, layer: str) -> pd.Index:
    """The ids stored in ``layer`` as text (empty when the layer is not there); reads only that column."""
    if not workspace.has(layer):
        return pd.Index([], dtype=object)
    column = schema.SPECS[layer].id_column
    values = workspace.read_column(layer, column)
    return pd.Index(values.astype(str).to_numpy(dtype=object))


def plan_import(workspace: Workspace | None, layer: str, frame: pd.DataFrame) -> ImportPlan:
    """Count what replacing or appending ``frame`` (the valid rows of a file) would do.

    Parameters
    ----------
    workspace
        The target workspace (``None``: a new one, nothing there).
    layer
        The target layer.
    frame
        The validated rows (``ReadResult.layer``), ids under the canonical name.
    """
    if workspace is None or not workspace.has(layer):
        return ImportPlan(0, len(frame), 0, (), np.zeros(len(frame), dtype=bool))
    rows = workspace.layer_info().set_index("layer")["rows"]
    existing = int(rows.get(layer, 0))
    column = schema.SPECS[layer].id_column
    if column not in frame.columns:  # a file that could not be read has no rows
        return ImportPlan(existing, len(frame), 0, (), np.zeros(len(frame), dtype=bool))
    ids = frame[column].astype(str)
    dup = ids.isin(existing_ids(workspace, layer)).to_numpy()
    shown = tuple(ids[dup].head(SHOWN_IDS))
    return ImportPlan(existing, len(frame), int(dup.sum()), shown, dup)


def check_file(
    path: str | Path,
    layer: str,
    workspace: Workspace | None,
    *,
    crs: str | None = None,
    display_name: str | None = None,
) -> tuple[Report, ImportPlan]:
    """Validate ``path`` as ``layer`` against ``workspace`` and count what each mode would do.

    What the Data page shows before asking replace, append or cancel; nothing is written.
    """
    ref = reference_layers(workspace, layer)
    result = read_layer(path, layer, reference=ref, crs=crs, display_name=display_name)
    return result.report, plan_import(workspace, layer, result.layer)


def _appended(workspace: Workspace, layer: str, new: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The stored layer with ``new`` after it (ids already there must be dropped first)."""
    old = workspace.read(layer)
    new = new.to_crs(old.crs) if new.crs is not None and old.crs is not None else new
    for col in old.columns.intersection(new.columns):
        if col == old.geometry.name:
            continue
        if pd.api.types.is_datetime64_any_dtype(old[col]) and not (
            pd.api.types.is_datetime64_any_dtype(new[col])
        ):
            new = new.assign(**{col: pd.to_datetime(new[col])})
    combined = pd.concat([old, new], ignore_index=True)
    return gpd.GeoDataFrame(combined, geometry=old.geometry.name, crs=old.crs)


def import_file(
    path: str | Path,
    layer: str,
    workspace: str | Path,
    *,
    mode: ImportMode | None = None,
    new_workspace: bool = False,
    display_name: str | None = None,
    crs: str | None = None,
    allow_invalid_rows: bool = False,
    city_name: str | None = None,
) -> ImportResult:
    """Validate ``path`` as ``layer`` and add it to ``workspace``.

    Parameters
    ----------
    path
        The file to import (any format ``geo.readers.read_layer`` reads).
    layer
        Target layer, one of ``geo.schema.LAYERS``.
    workspace
        The workspace GeoPackage; created when it does not exist.
    mode
        What to do when the layer is already there: ``"replace"`` it, or
        ``"append"`` the rows whose id is new. ``None`` refuses the import
        (reason ``"layer_exists"``, with ``existing`` rows that a replace
        would lose). Ignored when the layer is not there.
    new_workspace
        The caller means to create a workspace: refuse (reason
        ``"workspace_exists"``) when ``workspace`` already exists.
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
    if mode not in (None, "replace", "append"):
        msg = f"`mode` must be None, 'replace' or 'append', got {mode!r}"
        raise ValueError(msg)
    path = Path(path)
    store = open_store(workspace)
    ws = Workspace(store.location) if store.exists() else None
    name = display_name or path.name
    with ThreadPoolExecutor(max_workers=1) as pool:  # hashing the file while it is checked
        sha256 = pool.submit(file_sha256, path)
        result = read_layer(
            path, layer, reference=reference_layers(ws, layer), crs=crs, display_name=name
        )
    report = result.report
    valid = len(result.layer)

    def refused(reason: Reason, plan: ImportPlan | None = None) -> ImportResult:
        if plan is None:
            return ImportResult(report, False, valid, ws, reason=reason)
        return ImportResult(
            report,
            False,
            valid,
            ws,
            reason=reason,
            existing=plan.existing,
            skipped=plan.duplicates,
            skipped_ids=plan.duplicate_ids,
        )

    if new_workspace and ws is not None:
        return refused("workspace_exists")
    if report.file_errors:
        return refused("file_errors")
    if not report.ok and not allow_invalid_rows:
        return refused("row_errors")
    # the plan and the write under the workspace's lock, the workspace re-read under it: an
    # import by someone else meanwhile is counted, never overwritten (geo.stores); a
    # workspace someone else created since it was looked at is imported into, not refused
    with store.lock():
        if ws is None and store.exists():
            if new_workspace:
                return refused("workspace_exists")
            ws = Workspace(store.location)
        with ws.lock() if ws is not None else contextlib.nullcontext():
            plan = plan_import(ws, layer, result.layer)
            if plan.existing and mode is None:
                return refused("layer_exists", plan)
            source = LayerSource(
                file=name,
                sha256=sha256.result(),
                problems=report.to_frame("en").assign(message_es=report.to_frame("es")["message"]),
                rejected=len(report.invalid_rows),
            )
            if ws is None:
                ws = write_workspace(
                    store.location,
                    {layer: result.layer},
                    city_name=city_name or Path(store.label).stem,
                    provenance=f"imported from {name}",
                    synthetic=False,
                    sources={layer: source},
                    overwrite=False,
                )
                return ImportResult(report, True, valid, ws, mode="new", added=valid)
            if not plan.existing or mode == "replace":
                ws.write_layers({layer: result.layer}, sources={layer: source})
                return ImportResult(
                    report,
                    True,
                    valid,
                    ws,
                    mode="replace" if plan.existing else "new",
                    existing=plan.existing,
                    added=valid,
                    replaced=plan.existing,
                )
            fresh = result.layer[~plan.is_duplicate]
            if len(fresh):
                append = LayerSource(
                    file=source.file,
                    sha256=source.sha256,
                    problems=source.problems,
                    mode="append",
                    added=len(fresh),
                    rejected=source.rejected,
                    skipped=plan.duplicates,
                )
                ws.write_layers({layer: _appended(ws, layer, fresh)}, sources={layer: append})
            else:  # nothing new: the layer, and so the content hash, stay as they are
                record = ImportRecord(
                    layer=layer,
                    source_file=name,
                    source_sha256=source.sha256,
                    mode="append",
                    rows_added=0,
                    rows_replaced=0,
                    rows_rejected=source.rejected,
                    rows_skipped=plan.duplicates,
                    rows_after=plan.existing,
                )
                ws.write_layers({}, history=[record])
            return ImportResult(
                report,
                True,
                valid,
                ws,
                mode="append",
                existing=plan.existing,
                added=len(fresh),
                skipped=plan.duplicates,
                skipped_ids=plan.duplicate_ids,
            )


# -- the app's uploads -------------------------------------------------------


def save_upload(content: bytes, name: str, folder: Path | None = None) -> Path:
    """Save an uploaded file's bytes under their SHA-256 (same content, same file).

    Parameters
    ----------
    content
        The file's bytes.
    name
        The file's name as uploaded (only its last suffix is kept, so the
        readers recognise the format).
    folder
        Where to save it; default :data:`UPLOAD_DIR`.

    Returns
    -------
    pathlib.Path
        The saved file; written once, atomically, and reused when it exists.
    """
    folder = UPLOAD_DIR if folder is None else folder
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(content).hexdigest()
    suffix = "".join(Path(name).suffixes[-1:]).lower()
    saved = folder / f"{digest}{suffix}"
    if not saved.exists():
        tmp = folder / f".{digest}{suffix}.tmp"
        tmp.write_bytes(content)
        tmp.replace(saved)
    return saved


def workspace_path(name: str, folder: Path | None = None) -> Path:
    """The GeoPackage a workspace named ``name`` is stored in.

    Only letters, digits, ``-`` and ``_`` are kept (``"Mi ciudad!"`` ->
    ``Miciudad.gpkg``); an empty result is ``workspace.gpkg``.

    Parameters
    ----------
    name
        The name the user typed.
    folder
        Default ``settings.workspaces_dir``.

    Examples
    --------
    >>> workspace_path("mi_ciudad", Path("/data")).as_posix()
    '/data/mi_ciudad.gpkg'
    """
    folder = settings.workspaces_dir if folder is None else folder
    safe = "".join(ch for ch in name.strip() if ch.isalnum() or ch in "-_") or "workspace"
    return folder / f"{safe}.gpkg"
