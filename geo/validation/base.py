"""The state the checks of one table share."""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import Future

import geopandas as gpd
import numpy as np
import pandas as pd

from geo import schema, settings
from geo.validation.parsing import _Parsed, _text
from geo.validation.report import RawTable, _Collector
from geo.validation.scope import FileScope


class Checks:
    """One table's state while it is checked (one use)."""

    def __init__(
        self,
        raw: RawTable,
        *,
        reference: Mapping[str, gpd.GeoDataFrame] | None,
        crs: str | None,
        scope: FileScope | None = None,
    ) -> None:
        self.raw = raw
        #: the decisions about the whole file (``geo.validation.scope``): the rows' own by default
        self.scope = scope if scope is not None else FileScope()
        self.spec = schema.SPECS[raw.layer]
        self.reference = {
            name: frame
            for name, frame in (reference or {}).items()
            if name != raw.layer and frame is not None
        }
        self.crs = crs
        self.n = len(raw.rows)
        self.out = _Collector(raw, settings.max_problems_listed)
        for p in raw.problems:
            self.out.file_problems.append(p)
        self.values: dict[str, pd.Series] = {}
        #: per datetime column, the rows whose value is a date with no time of day (and no
        #: time from a separate time column)
        self.no_time: dict[str, np.ndarray] = {}
        #: per end of a time range (``Column.ends``), the rows that cover one whole day:
        #: a date only, from 00:00 to ``schema.DAY_END``
        self.whole_day: dict[str, np.ndarray] = {}
        self.roles: dict[str, str] = {}
        self.extras: list[str] = []
        self.geometry: np.ndarray = np.full(self.n, None, dtype=object)
        self.geo_column = "geometry"
        #: the latitude and longitude columns the points were read from, if they were
        self.probe_text: tuple[str, str] | None = None
        self.located = np.zeros(self.n, dtype=bool)
        #: latitude, longitude and their points, parsed and built while other columns are checked
        self.early_points: Future[tuple[_Parsed, _Parsed, np.ndarray | None]] | None = None
        #: every geometry is a point made from the file's coordinates (these, where located)
        self.coordinate_points: tuple[np.ndarray, np.ndarray] | None = None
        self.geo_source = False
        self.geo_blocked = False
        self.geo_reported = np.zeros(self.n, dtype=bool)
        self._used_coords: tuple[str, ...] = ()
        self._texts: dict[str, pd.Series] = {}

    def user(self, name: str) -> str:
        return str(self.roles[name])

    def text(self, column: str) -> pd.Series:
        """The file's column ``column`` as clean text (computed once)."""
        if column not in self._texts:
            self._texts[column] = _text(self.raw.data[column])
        return self._texts[column]

    def text_at(self, column: str, mask: np.ndarray, into: np.ndarray | None = None) -> np.ndarray:
        """The clean text of ``column`` where ``mask`` holds (``None`` elsewhere, or ``into``'s values).

        Only those rows are cleaned unless the whole column's text was needed
        already: a message quotes a value only for the rows it is about.
        """
        out = np.full(self.n, None, dtype=object) if into is None else into
        if column in self._texts:
            out[mask] = self._texts[column].to_numpy(dtype=object)[mask]
        elif mask.any():
            out[mask] = _text(self.raw.data[column][mask]).to_numpy(dtype=object)
        return out

    def _missing(self, col: schema.Column, empty: np.ndarray, user: str) -> None:
        # an optional id (``LayerSpec.id_generated``) is required in a file that has it
        if col.required or col.name == self.spec.id_column:
            self.out.rows("missing_value", empty, column=user, name=col.name)
