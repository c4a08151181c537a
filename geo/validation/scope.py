"""The decisions a check takes about a whole file, for a file checked whole or in pieces.

A few checks decide something from every row of a file, not row by row:
whether the file has geometries of its own, whether none of them is of the
layer's type, whether x/y columns are degrees, whether a typed date column
gives times of day, whether the layer gets the end of a time range (a row
of a date alone), which decimal mark a text number column uses, the CRS
the areas of repaired polygons are measured in, whether
the coordinates are metres or swapped as a whole, the middle of the file's
own points (the far-from-the-others check), and which ids repeat. Each
such check hands a :class:`FileScope` what *its* rows say (a few counts,
the located points, the ids) and takes the decision from what the scope
hands back.

- :class:`FileScope` (the default): the rows checked are the whole file,
  so the check decides on its own rows, as it always has.
- :class:`Recording`: a first pass over a file's pieces; each check decides
  on its piece (the result is thrown away) and the scope adds up what
  every piece said. :meth:`Recording.decided` then gives
- :class:`Decided`: the second pass; every piece gets the whole file's
  counts, points and repeated ids, so each row of a piece is checked as it
  would be in the whole file (``geo.validation.pieces``).

Only the statistics are handed across, never the rows: a point's two
coordinates (in range and located), a 64-bit hash per id, and counts.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from geo.crs import COLOMBIA_BOUNDS, choose_projected_crs

#: Latitude (degrees) south of which no city lies: Antarctica and the Southern Ocean.
NO_CITY_SOUTH_OF = -60.0


def hash_keys(keys: np.ndarray) -> np.ndarray:
    """64-bit hashes of id texts (equal texts hash alike)."""
    try:
        hashed: np.ndarray = pd.util.hash_array(keys, categorize=False)
    except TypeError:  # not all text
        hashed = pd.util.hash_array(np.asarray(keys).astype(str), categorize=False)
    return hashed


def metric_crs_of(lon: np.ndarray, lat: np.ndarray) -> str:
    """A projected CRS around the middles (``lon``, ``lat``; EPSG:4326) of the polygons being
    repaired, for measuring their areas: chosen at their median (EPSG:3857 when none, or
    when the median is no longitude/latitude)."""
    if not len(lon):
        return "EPSG:3857"
    mlon, mlat = float(np.median(lon)), float(np.median(lat))
    if abs(mlon) > 180 or abs(mlat) > 90:
        return "EPSG:3857"
    return choose_projected_crs(mlon, mlat)


def swapped_facts(la: np.ndarray, lo: np.ndarray) -> dict[str, Any] | None:
    """The facts of a file whose every point needs latitude and longitude exchanged, or ``None``.

    ``la`` and ``lo`` are the located points in range. A point is taken as
    swapped when, as given, it lies where no city is (south of
    :data:`NO_CITY_SOUTH_OF`) or outside the country's bounds, while
    exchanged it lies north of that latitude or inside the country. At least
    90 % of them (and every one a valid longitude/latitude both ways) make
    the file swapped; the facts are what its message quotes.
    """
    total = len(la)
    if not total:
        return None
    x0, y0, x1, y1 = COLOMBIA_BOUNDS
    in_country = (lo >= x0) & (lo <= x1) & (la >= y0) & (la <= y1)
    swapped_in_country = (la >= x0) & (la <= x1) & (lo >= y0) & (lo <= y1)
    south = la < NO_CITY_SOUTH_OF
    swapped_south = lo < NO_CITY_SOUTH_OF
    can_swap = np.abs(lo) <= 90
    suspect = can_swap & ((south & ~swapped_south) | (~in_country & swapped_in_country))
    if not can_swap.all() or suspect.sum() < max(1, math.ceil(0.9 * total)):
        return None
    mlat, mlon = float(np.median(la)), float(np.median(lo))
    place = (
        {"en": "in Antarctica or the Southern Ocean", "es": "en la Antártida o el océano Austral"}
        if south.mean() >= 0.5
        else {"en": "outside Colombia", "es": "fuera de Colombia"}
    )
    country = (
        {"en": ", in Colombia", "es": ", en Colombia"}
        if swapped_in_country.mean() >= 0.5
        else {"en": "", "es": ""}
    )
    return {
        "count": int(suspect.sum()),
        "total": total,
        "lat": round(mlat, 2),
        "lon": round(mlon, 2),
        "swapped_lat": round(mlon, 2),
        "swapped_lon": round(mlat, 2),
        "place": place,
        "country": country,
    }


@dataclass(frozen=True)
class Place:
    """How many of a file's rows are located, look like metres, and lie in range.

    Attributes
    ----------
    located, metres
        Located rows, and those of them whose coordinates look like metres.
    in_range
        Located rows with a longitude and latitude in range.
    """

    located: int
    metres: int
    in_range: int


def middle_of(lon: np.ndarray, lat: np.ndarray) -> tuple[float, float] | None:
    """The median longitude and latitude of points in range (``None`` under three)."""
    if len(lon) < 3:
        return None
    return float(np.median(lon)), float(np.median(lat))


#: How the location check counts the far points that lie near exchanged:
#: (longitudes, latitudes, middle) -> count.
FarRule = Callable[[np.ndarray, np.ndarray, tuple[float, float]], int]


class FileScope:
    """The rows checked are the whole file: every decision is the rows' own."""

    def own_geometry(self, local: bool) -> bool:
        """Whether the file has a geometry of its own (``local``: the rows have one)."""
        return local

    def wrong_geometry(self, names: set[str], wrong: int, right: int) -> tuple[set[str], int, int]:
        """The types of the geometries not of the layer's type, how many, and how many are."""
        return names, wrong, right

    def degrees(self, fits: int, total: int) -> tuple[int, int]:
        """Of the x/y pairs, those that fit longitude/latitude ranges, and all of them."""
        return fits, total

    def timed(self, column: str, local: bool) -> bool:
        """Whether a typed date column gives times of day (any value off midnight)."""
        return local

    def marks(self, column: str, comma: bool, dot: bool) -> tuple[bool, bool]:
        """Whether a text number column has values with a lone decimal comma, and dot."""
        return comma, dot

    def fills(self, column: str, local: bool) -> bool:
        """Whether the end of a time range ``column`` is filled in for a row of the file
        (a date alone, no end): the layer then has the column."""
        return local

    def repair_crs(self, lon: np.ndarray, lat: np.ndarray) -> str:
        """The CRS the areas of the file's repaired polygons are measured in, from the middles
        of these rows' (:func:`metric_crs_of`)."""
        return metric_crs_of(lon, lat)

    def place(self, lon: np.ndarray, lat: np.ndarray, *, located: int, metres: int) -> Place:
        """The file's located rows, from the rows' (``lon``, ``lat``: those in range)."""
        return Place(located, metres, len(lon))

    def swapped(self, lon: np.ndarray, lat: np.ndarray) -> dict[str, Any] | None:
        """The facts of a file swapped as a whole (:func:`swapped_facts`), or ``None``,
        from the rows' points in range."""
        return swapped_facts(lat, lon)

    def middle(self, lon: np.ndarray, lat: np.ndarray) -> tuple[float, float] | None:
        """The middle of the file's points in range (:func:`middle_of`), from the rows'."""
        return middle_of(lon, lat)

    def far_swapped(self, local: int) -> int:
        """Of the file's far rows, those that lie near exchanged (``local``: the rows')."""
        return local

    def duplicates(
        self, keys: pd.Series, present: np.ndarray, rows: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray] | None:
        """The rows whose id an earlier row of the file has, and that row's number, or ``None``.

        ``keys`` are the ids (``""`` when missing), ``present`` where there is
        one, ``rows`` the record numbers.
        """
        if _all_distinct(keys.to_numpy(dtype=object)):
            return None
        dup = keys.duplicated(keep="first").to_numpy() & present
        if not dup.any():
            return None
        first = pd.Series(np.arange(len(keys))).groupby(keys.to_numpy()).transform("min")
        return dup, rows[first.to_numpy()]


def mostly_degrees(fits: int, total: int) -> bool:
    """Whether most (x, y) pairs fit longitude/latitude ranges (no pair: yes)."""
    return not total or fits / total >= 0.5


def _all_distinct(keys: np.ndarray) -> bool:
    """Whether no text in ``keys`` repeats, told by their 64-bit hashes (``False``: look closer).

    Equal texts hash alike, so distinct hashes prove distinct texts; hashing
    and comparing numbers is several times faster than comparing the texts.
    """
    try:
        hashed = pd.util.hash_array(keys, categorize=False)
    except TypeError:  # not all text
        return False
    return not bool(pd.Series(hashed).duplicated().any())


@dataclass
class Recording(FileScope):
    """A first pass over a file's pieces: the statistics of every piece add up.

    Some decisions rest on others: which points are located rests on whether
    the file has geometries of its own and whether its x/y columns are
    degrees; which rows are a date alone rests on whether a typed date column
    gives times. Each piece takes these first decisions alone (``given``
    ``None``) and says which it took (:meth:`next_piece` starts a piece);
    when a piece took one other than the whole file's (:meth:`agrees`), the
    statistics that rest on it are not the file's, and a second pass with
    the first decisions ``given`` records them as the whole file takes them.
    """

    given: Decided | None = None
    said: list[dict[tuple[str, str], bool]] = field(default_factory=list)
    own: bool = False
    wrong_names: set[str] = field(default_factory=set)
    wrong: int = 0
    right: int = 0
    fits: int = 0
    pairs: int = 0
    timed_columns: dict[str, bool] = field(default_factory=dict)
    mark_columns: dict[str, tuple[bool, bool]] = field(default_factory=dict)
    filled_columns: dict[str, bool] = field(default_factory=dict)
    located: int = 0
    metres: int = 0
    lons: list[np.ndarray] = field(default_factory=list)
    lats: list[np.ndarray] = field(default_factory=list)
    hashes: list[np.ndarray] = field(default_factory=list)
    repaired: list[tuple[np.ndarray, np.ndarray]] = field(default_factory=list)

    def next_piece(self) -> None:
        """The next piece of the file is checked."""
        self.said.append({})

    def _says(self, key: tuple[str, str], decision: bool) -> None:
        if self.said:
            self.said[-1][key] = decision

    def own_geometry(self, local: bool) -> bool:
        self.own |= local
        self._says(("own", ""), local)
        return self.given.own if self.given is not None else local

    def wrong_geometry(self, names: set[str], wrong: int, right: int) -> tuple[set[str], int, int]:
        self.wrong_names |= names
        self.wrong += wrong
        self.right += right
        return names, wrong, right

    def degrees(self, fits: int, total: int) -> tuple[int, int]:
        self.fits += fits
        self.pairs += total
        if total:  # a piece without pairs decides nothing
            self._says(("degrees", ""), mostly_degrees(fits, total))
        return self.given.degrees(fits, total) if self.given is not None else (fits, total)

    def timed(self, column: str, local: bool) -> bool:
        self.timed_columns[column] = self.timed_columns.get(column, False) or local
        self._says(("timed", column), local)
        return self.given.timed(column, local) if self.given is not None else local

    def agrees(self, decided: Decided) -> bool:
        """Whether every piece took the whole file's first decisions (class docstring)."""
        file = {
            ("own", ""): decided.own,
            ("degrees", ""): mostly_degrees(decided.fits, decided.pairs),
        }
        file.update({("timed", c): t for c, t in decided.timed_columns.items()})
        return all(
            file.get(key, local) == local for piece in self.said for key, local in piece.items()
        )

    def marks(self, column: str, comma: bool, dot: bool) -> tuple[bool, bool]:
        was = self.mark_columns.get(column, (False, False))
        self.mark_columns[column] = (was[0] or comma, was[1] or dot)
        return comma, dot

    def fills(self, column: str, local: bool) -> bool:
        self.filled_columns[column] = self.filled_columns.get(column, False) or local
        return local

    def repair_crs(self, lon: np.ndarray, lat: np.ndarray) -> str:
        self.repaired.append((np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)))
        return super().repair_crs(lon, lat)

    def place(self, lon: np.ndarray, lat: np.ndarray, *, located: int, metres: int) -> Place:
        self.located += located
        self.metres += metres
        self.lons.append(np.asarray(lon, dtype=float).copy())
        self.lats.append(np.asarray(lat, dtype=float).copy())
        return super().place(lon, lat, located=located, metres=metres)

    def duplicates(
        self, keys: pd.Series, present: np.ndarray, rows: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray] | None:
        self.hashes.append(hash_keys(keys.to_numpy(dtype=object)[present]))
        return super().duplicates(keys, present, rows)

    def decided(self, far: FarRule) -> Decided:
        """The whole file's decisions, from every piece's statistics.

        ``far`` is the location check's own count of the far points that lie
        near exchanged (``geo.validation.location.far_swapped_count``),
        applied here once to the file's points.
        """
        lon = np.concatenate(self.lons) if self.lons else np.zeros(0)
        lat = np.concatenate(self.lats) if self.lats else np.zeros(0)
        self.lons.clear()
        self.lats.clear()
        in_range = len(lon)
        swapped = swapped_facts(lat, lon)
        middle = middle_of(lon, lat)
        far_swapped = far(lon, lat, middle) if middle is not None and swapped is None else 0
        del lon, lat
        hashes = np.concatenate(self.hashes) if self.hashes else np.zeros(0, dtype=np.uint64)
        self.hashes.clear()
        values, counts = np.unique(hashes, return_counts=True)
        return Decided(
            own=self.own,
            wrong_names=set(self.wrong_names),
            wrong=self.wrong,
            right=self.right,
            fits=self.fits,
            pairs=self.pairs,
            timed_columns=dict(self.timed_columns),
            mark_columns=dict(self.mark_columns),
            filled_columns=dict(self.filled_columns),
            repair=metric_crs_of(
                np.concatenate([m[0] for m in self.repaired] or [np.zeros(0)]),
                np.concatenate([m[1] for m in self.repaired] or [np.zeros(0)]),
            ),
            whole=Place(self.located, self.metres, in_range),
            swapped_file=swapped,
            middle_file=middle,
            far_file=far_swapped,
            repeated=values[counts > 1],
        )


@dataclass
class Decided(FileScope):
    """Second pass: every piece gets the whole file's decisions.

    The repeated ids are known by their hashes; a piece's rows with one of
    them are compared by their text with :attr:`first_seen` (the first row
    of each such id in the pieces checked so far): the pieces must come in
    the file's order, each once.
    """

    own: bool
    wrong_names: set[str]
    wrong: int
    right: int
    fits: int
    pairs: int
    timed_columns: dict[str, bool]
    mark_columns: dict[str, tuple[bool, bool]]
    filled_columns: dict[str, bool]
    repair: str
    whole: Place
    swapped_file: dict[str, Any] | None
    middle_file: tuple[float, float] | None
    far_file: int
    repeated: np.ndarray
    first_seen: dict[object, int] = field(default_factory=dict)

    def own_geometry(self, local: bool) -> bool:
        return self.own

    def wrong_geometry(self, names: set[str], wrong: int, right: int) -> tuple[set[str], int, int]:
        return self.wrong_names, self.wrong, self.right

    def degrees(self, fits: int, total: int) -> tuple[int, int]:
        return self.fits, self.pairs

    def timed(self, column: str, local: bool) -> bool:
        return self.timed_columns.get(column, local)

    def marks(self, column: str, comma: bool, dot: bool) -> tuple[bool, bool]:
        return self.mark_columns.get(column, (comma, dot))

    def fills(self, column: str, local: bool) -> bool:
        return self.filled_columns.get(column, local)

    def repair_crs(self, lon: np.ndarray, lat: np.ndarray) -> str:
        return self.repair

    def place(self, lon: np.ndarray, lat: np.ndarray, *, located: int, metres: int) -> Place:
        return self.whole

    def swapped(self, lon: np.ndarray, lat: np.ndarray) -> dict[str, Any] | None:
        return self.swapped_file

    def middle(self, lon: np.ndarray, lat: np.ndarray) -> tuple[float, float] | None:
        return self.middle_file

    def far_swapped(self, local: int) -> int:
        return self.far_file

    def duplicates(
        self, keys: pd.Series, present: np.ndarray, rows: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray] | None:
        values = keys.to_numpy(dtype=object)
        candidate = present.copy()
        candidate[present] = np.isin(hash_keys(values[present]), self.repeated)
        if not candidate.any():
            return None
        dup = np.zeros(len(values), dtype=bool)
        first = np.asarray(rows).copy()
        for pos in np.flatnonzero(candidate):
            row = int(rows[pos])
            seen = self.first_seen.setdefault(values[pos], row)
            if seen != row:
                dup[pos] = True
                first[pos] = seen
        if not dup.any():
            return None
        return dup, first
