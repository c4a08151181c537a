"""Checking a table: every check of :mod:`geo.validation` in order, and the result."""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor

import geopandas as gpd
import numpy as np
import pandas as pd

from geo import schema
from geo.crs import STORAGE_CRS
from geo.validation.columns import ColumnChecks
from geo.validation.geometry import GeometryChecks
from geo.validation.location import LocationChecks
from geo.validation.parsing import _is_arrow_text
from geo.validation.report import RawTable, ReadResult, Report
from geo.validation.scope import FileScope


class _Validator(ColumnChecks, GeometryChecks, LocationChecks):
    """Validate one :class:`RawTable` (one use)."""

    def run(self) -> ReadResult:
        raw = self.raw
        groups: dict[tuple[str, str | None], list[tuple[int, dict[str, object]]]] = {}
        for pos, code, column, params in raw.row_problems:
            groups.setdefault((code, column), []).append((pos, params))
        for (code, column), entries in groups.items():
            mask = np.zeros(self.n, dtype=bool)
            arrays: dict[str, np.ndarray] = {}
            for pos, params in entries:
                mask[pos] = True
                for key, value in params.items():
                    if key not in arrays:
                        arrays[key] = np.full(self.n, None, dtype=object)
                    arrays[key][pos] = value
            self.out.add(code, mask, column, "error", arrays)
        if self.n:
            self.map_columns()
            with ThreadPoolExecutor(max_workers=1) as pool:
                self.start_points(pool)
                self.check_columns()
                self.check_ids()
                self.check_periods()
                self.check_ranges()
                self.check_neighborhood_ids()
                self.build_geometry()
            self.check_geometry()
            self.check_locations()
            self.generate_ids()
            self.say_date_only()
        if self.out.file_failed:
            self.out.error[:] = True
        problems = self.out.finalize()
        valid = ~self.out.error
        report = Report(
            file=raw.file,
            layer=raw.layer,
            n_rows=self.n,
            problems=problems,
            error_rows=[int(r) for r in raw.rows[self.out.error]],
        )
        layer = self._assemble(valid)
        source_rows = pd.Series(raw.rows[valid].astype("int64"), name="row")
        return ReadResult(layer=layer, report=report, source_rows=source_rows)

    def _assemble(self, valid: np.ndarray) -> gpd.GeoDataFrame:
        columns: dict[str, object] = {}
        everything = bool(valid.all())  # nothing to leave out: no copies of 1M rows

        def kept(values: pd.Series) -> pd.Series:
            return (values if everything else values[valid]).reset_index(drop=True)

        for col in self.spec.columns:
            if col.name not in self.values:
                continue
            values = kept(self.values[col.name])
            if col.kind in ("id", "text", "category", "component"):
                values = values.astype(object)
            elif col.kind == "int" and not values.isna().any():
                values = values.astype("int64")
            columns[col.name] = values
        used = set(self.roles.values()) - set(self.extras)
        taken = set(columns)
        for name in self.raw.data.columns:
            if name in used or name not in self.extras:
                continue
            label = str(name)
            while label in taken or label == "geometry":
                label += "_"
            taken.add(label)
            extra = kept(self.raw.data[name])
            # a plain CSV file's text arrives as Arrow strings; the layer has pandas' text dtype
            columns[label] = extra.astype("str") if _is_arrow_text(extra) else extra
        geometry = gpd.GeoSeries(
            self.geometry if everything else self.geometry[valid], crs=STORAGE_CRS
        )
        frame = pd.DataFrame(columns, index=pd.RangeIndex(int(valid.sum())))
        return gpd.GeoDataFrame(frame, geometry=geometry.reset_index(drop=True), crs=STORAGE_CRS)


def validate_table(
    raw: RawTable,
    *,
    reference: Mapping[str, gpd.GeoDataFrame] | None = None,
    crs: str | None = None,
    scope: FileScope | None = None,
) -> ReadResult:
    """Check every record of ``raw`` against its layer's schema.

    Parameters
    ----------
    raw
        The file's records, from a reader of ``geo.readers``.
    reference
        Other layers of the workspace (EPSG:4326) that say where the city is:
        the ``neighborhoods`` layer's union if present, else the union of the
        other layers' extents. A layer named like ``raw.layer`` is ignored.
    crs
        CRS of projected x/y (or WKT) columns of a table.
    scope
        The decisions about the whole file (:mod:`geo.validation.scope`):
        by default ``raw`` is the whole file and decides them itself;
        :func:`geo.validation.pieces.validate_pieces` checks a file in pieces.

    Returns
    -------
    ReadResult
        The valid rows as a layer, the report, and each row's record number.
    """
    if raw.layer not in schema.SPECS:
        msg = f"`layer` must be one of {', '.join(schema.LAYERS)}, got {raw.layer!r}"
        raise ValueError(msg)
    return _Validator(raw, reference=reference, crs=crs, scope=scope).run()
