"""Incidents as plain arrays, and the rolling windows the recommendations compare.

The recommendations read, of a million incidents, only where (projected
``x``/``y``), what (the category) and when: :class:`Events` holds those as
arrays, in the layer's row order, with no shapely point per row. The app
builds one from the table it already keeps (``ui.incident_table``), the CLI
from the workspace's sidecar (:meth:`Events.from_workspace`).

A *window* is the last ``months`` months of data up to an end date, and the
window of the same length before it: "the last 12 months against the 12
before", as the recommendations' trends are defined.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from geo import schema
from geo.workspace import Workspace

#: The category codes, in the order of :data:`geo.schema.CATEGORIES` (``Events.code`` indexes it).
CODES: tuple[str, ...] = tuple(schema.CATEGORIES)
#: The column that ends an incident's time range (``geo.schema``).
UNTIL = "occurred_to"
#: Each code's harm weight, by position in :data:`CODES` (see ``geo.schema``).
HARM: np.ndarray = np.array([schema.HARM_WEIGHTS[c] for c in CODES], dtype=float)


@dataclass(frozen=True, eq=False)
class Events:
    """Incidents as arrays of one row per incident.

    Attributes
    ----------
    x, y
        Coordinates in metres in the workspace's projected CRS (NaN: no location).
    code
        The category as its position in :data:`CODES` (-1: outside the taxonomy).
    when
        ``occurred_at`` as ``datetime64[ns]`` (NaT when missing).
    until
        ``occurred_to`` as ``datetime64[ns]``: the end of the time range in
        which the incident happened, when its exact time is not known (NaT:
        an exact time); ``None`` when the layer has no such column. A row
        with only a date runs from ``when`` at midnight to 23:59:59 of that
        day (:attr:`date_only`).
    """

    x: np.ndarray
    y: np.ndarray
    code: np.ndarray
    when: np.ndarray
    until: np.ndarray | None = None

    def __post_init__(self) -> None:
        n = len(self.x)
        if not (len(self.y) == len(self.code) == len(self.when) == n):
            msg = f"`x`, `y`, `code` and `when` must have one value per incident; got lengths {n}, {len(self.y)}, {len(self.code)}, {len(self.when)}"
            raise ValueError(msg)
        if self.until is not None and len(self.until) != n:
            msg = f"`until` must have one value per incident, like `x`; got lengths {len(self.until)} and {n}"
            raise ValueError(msg)

    def __len__(self) -> int:
        return len(self.x)

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, x: np.ndarray, y: np.ndarray) -> Events:
        """Events from a frame's ``category``, ``occurred_at`` (and ``occurred_to`` when it has
        that column) and projected coordinates."""
        position = {c: k for k, c in enumerate(CODES)}
        code = pd.Series(frame["category"]).map(position).fillna(-1).to_numpy(dtype=np.int8)
        when = pd.to_datetime(frame["occurred_at"]).to_numpy(dtype="datetime64[ns]")
        until = None
        if UNTIL in frame.columns:
            until = pd.to_datetime(frame[UNTIL]).to_numpy(dtype="datetime64[ns]")
        return cls(
            x=np.asarray(x, dtype=float),
            y=np.asarray(y, dtype=float),
            code=code,
            when=when,
            until=until,
        )

    @classmethod
    def from_workspace(cls, ws: Workspace) -> Events:
        """The ``incidents`` layer of ``ws`` in its projected CRS (from the sidecar when it can)."""
        coords = ws.read_coordinates("incidents")
        if coords is not None:
            return cls.from_frame(coords.attributes, coords.x, coords.y)
        frame = ws.read("incidents", projected=True)
        geoms = frame.geometry
        located = ~(geoms.isna() | geoms.is_empty).to_numpy()
        x = np.full(len(frame), np.nan)
        y = np.full(len(frame), np.nan)
        x[located] = geoms[located].x.to_numpy()
        y[located] = geoms[located].y.to_numpy()
        return cls.from_frame(frame, x, y)

    @property
    def date_only(self) -> np.ndarray:
        """Whether each incident has only a date: its range is one whole day, from midnight
        (``when``) to 23:59:59 (``until``; ``geo.schema.DAY_END``). All ``False`` without
        :attr:`until`."""
        if self.until is None:
            return np.zeros(len(self), dtype=bool)
        day = self.when.astype("datetime64[D]").astype("datetime64[ns]")
        span = np.timedelta64(int(schema.DAY_END.total_seconds()), "s").astype("timedelta64[ns]")
        whole: np.ndarray = (self.when == day) & (self.until == self.when + span)
        return whole

    @property
    def harm(self) -> np.ndarray:
        """Each incident's harm weight (0 outside the taxonomy)."""
        return np.where(self.code >= 0, HARM[np.clip(self.code, 0, None)], 0.0)

    def is_category(self, codes: tuple[str, ...] | list[str]) -> np.ndarray:
        """Whether each incident's category is one of ``codes``."""
        wanted = np.array([CODES.index(c) for c in codes], dtype=np.int8)
        return np.isin(self.code, wanted)

    def last_day(self) -> date | None:
        """The day of the latest incident, or ``None`` without any dated one."""
        when = self.when[~np.isnat(self.when)]
        return None if not len(when) else pd.Timestamp(when.max()).date()


@dataclass(frozen=True)
class Window:
    """The last ``months`` months up to ``end`` (inclusive) and the same length before.

    Attributes
    ----------
    start, end
        The current window, ``start <= day <= end``.
    before_start, before_end
        The window before it, ending the day before ``start``.
    """

    start: date
    end: date
    before_start: date
    before_end: date

    @classmethod
    def ending(cls, end: date, months: int) -> Window:
        """The window of ``months`` months ending on ``end``.

        Examples
        --------
        >>> Window.ending(date(2025, 12, 31), 12)
        Window(start=datetime.date(2025, 1, 1), end=datetime.date(2025, 12, 31), before_start=datetime.date(2024, 1, 1), before_end=datetime.date(2024, 12, 31))
        """
        if months < 1:
            msg = f"`months` must be at least 1, got {months!r}"
            raise ValueError(msg)
        stop = pd.Timestamp(end) + pd.Timedelta(days=1)
        start = stop - pd.DateOffset(months=months)
        before = start - pd.DateOffset(months=months)
        return cls(
            start=start.date(),
            end=end,
            before_start=before.date(),
            before_end=(start - pd.Timedelta(days=1)).date(),
        )

    @classmethod
    def between(cls, start: date, end: date) -> Window:
        """The window ``[start, end]`` and the same number of days just before it.

        Examples
        --------
        >>> Window.between(date(2025, 3, 1), date(2025, 3, 10)).before_start
        datetime.date(2025, 2, 19)
        """
        if start > end:
            msg = f"the window's start {start.isoformat()} is after its end {end.isoformat()}"
            raise ValueError(msg)
        days = (end - start).days + 1
        before_end = start - pd.Timedelta(days=1).to_pytimedelta()
        return cls(
            start=start,
            end=end,
            before_start=before_end - pd.Timedelta(days=days - 1).to_pytimedelta(),
            before_end=before_end,
        )

    @property
    def days(self) -> int:
        """Days in the current window."""
        return (self.end - self.start).days + 1

    def masks(self, when: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Which of ``when`` fall in the current window and in the window before."""
        a, b = np.datetime64(self.start, "ns"), np.datetime64(self.end, "ns")
        c = np.datetime64(self.before_start, "ns")
        day = np.timedelta64(1, "D")
        now = (when >= a) & (when < b + day)
        before = (when >= c) & (when < a)
        return now, before


def check_located(hoods: pd.DataFrame, events: Events, hood_of: np.ndarray) -> None:
    """Check the barrios are in a projected CRS and ``hood_of`` (each incident's barrio row)
    has one entry per incident, or raise ``ValueError`` naming the argument."""
    crs = getattr(hoods, "crs", None)
    if crs is None or not crs.is_projected:
        msg = f"`hoods` must be in the workspace's projected CRS (metres), got {crs}"
        raise ValueError(msg)
    if len(hood_of) != len(events):
        msg = f"`hood_of` must hold one row per incident: {len(hood_of)} for {len(events)}"
        raise ValueError(msg)
