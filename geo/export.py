"""Layers to bytes for download: GeoJSON, CSV, GeoPackage, GeoParquet.

CSV keeps points as ``lat``/``lon`` columns (what a spreadsheet user
expects) and other geometries as WKT in a ``wkt`` column; dates are ISO.
Every export is in EPSG:4326.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path
from typing import Literal, get_args

import geopandas as gpd
import pandas as pd
import pyogrio

from geo.crs import STORAGE_CRS

Format = Literal["geojson", "csv", "gpkg", "parquet"]
#: The format codes, in the order the downloads offer them.
FORMAT_CODES: tuple[Format, ...] = get_args(Format)
FORMATS: dict[Format, tuple[str, str]] = {
    "geojson": (".geojson", "application/geo+json"),
    "csv": (".csv", "text/csv"),
    "gpkg": (".gpkg", "application/geopackage+sqlite3"),
    "parquet": (".parquet", "application/vnd.apache.parquet"),
}
#: The name people know each format by, for buttons and messages.
FORMAT_NAMES: dict[Format, str] = {
    "geojson": "GeoJSON",
    "csv": "CSV",
    "gpkg": "GeoPackage",
    "parquet": "GeoParquet",
}


def to_csv_frame(frame: gpd.GeoDataFrame) -> pd.DataFrame:
    """A plain frame for CSV: lat/lon for points, WKT for other geometries."""
    frame = frame.to_crs(STORAGE_CRS) if frame.crs is not None else frame
    geom = frame.geometry
    out = pd.DataFrame(frame.drop(columns=geom.name))
    if len(frame) and geom.notna().all() and (geom.geom_type == "Point").all():
        out["lat"] = geom.y.round(7)
        out["lon"] = geom.x.round(7)
    elif geom.notna().any():
        out["wkt"] = geom.to_wkt()
    return out


def layer_bytes(frame: gpd.GeoDataFrame, fmt: Format, *, layer: str = "layer") -> bytes:
    """Serialise ``frame`` to ``fmt`` and return the file's bytes.

    Raises
    ------
    ValueError
        For an unknown format.
    """
    if fmt not in FORMATS:
        msg = f"`fmt` must be one of {', '.join(FORMATS)}, got {fmt!r}"
        raise ValueError(msg)
    if fmt == "csv":
        text: str = to_csv_frame(frame).to_csv(index=False)
        return text.encode("utf-8")
    frame = frame.to_crs(STORAGE_CRS) if frame.crs is not None else frame
    if fmt == "parquet":
        buf = io.BytesIO()
        frame.to_parquet(buf, index=False)
        return buf.getvalue()
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / f"{layer}{FORMATS[fmt][0]}"
        driver = "GeoJSON" if fmt == "geojson" else "GPKG"
        pyogrio.write_dataframe(frame, target, layer=layer, driver=driver)
        return target.read_bytes()


def write_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` beside it, then rename: a reader never sees half a file
    (the folder is created if missing)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def tables_bytes(tables: dict[str, pd.DataFrame], fmt: str) -> bytes:
    """Several plain tables in one file: a ZIP of CSV files, or a GeoPackage of attribute tables.

    Parameters
    ----------
    tables
        Name -> table (no geometry); the name becomes the CSV's file name or
        the GeoPackage table's name.
    fmt
        ``zip`` or ``gpkg``.

    Raises
    ------
    ValueError
        For another format.
    """
    if fmt == "zip":
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for name, table in tables.items():
                zf.writestr(f"{name}.csv", table.to_csv(index=False))
        return buf.getvalue()
    if fmt != "gpkg":
        msg = f"`fmt` must be zip or gpkg, got {fmt!r}"
        raise ValueError(msg)
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "tables.gpkg"
        for name, table in tables.items():
            plain = table.copy()
            for col in plain.columns:
                if pd.api.types.is_datetime64_any_dtype(plain[col]):
                    plain[col] = plain[col].dt.strftime("%Y-%m-%d")
            pyogrio.write_dataframe(
                plain, target, layer=name, driver="GPKG", append=target.exists()
            )
        return target.read_bytes()
