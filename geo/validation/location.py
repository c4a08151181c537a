"""Where the rows lie: degrees in range, swapped axes, and far from the city."""

from __future__ import annotations

import math
from typing import Any

import geopandas as gpd
import numpy as np
import pyproj
import shapely

from geo import settings
from geo.crs import STORAGE_CRS, choose_projected_crs, crs_for_frames
from geo.validation.base import Checks
from geo.validation.geometry import _finite
from geo.validation.scope import NO_CITY_SOUTH_OF

__all__ = ["NO_CITY_SOUTH_OF", "LocationChecks", "far_swapped_count"]


class LocationChecks(Checks):
    """Check where the located rows lie, against the city or the file's own middle."""

    def check_locations(self) -> None:
        if not self.raw.geometry_usable or not self.located.any():
            return
        geoms = self.geometry
        loc = self.located
        lon = np.full(self.n, np.nan)
        lat = np.full(self.n, np.nan)
        if self.coordinate_points is not None:  # the points' own coordinates
            lon[loc], lat[loc] = self.coordinate_points[0][loc], self.coordinate_points[1][loc]
        else:
            located = geoms[loc]
            if not (shapely.get_type_id(located) == 0).all():  # a point is its own probe
                located = shapely.point_on_surface(located)
            lon[loc] = shapely.get_x(located)
            lat[loc] = shapely.get_y(located)
        col = self.geo_column
        in_range = loc & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
        out_range = loc & ~in_range
        if self.probe_text is not None:  # the rows out of range are quoted as written
            lat_txt = self.text_at(self.probe_text[0], out_range)
            lon_txt = self.text_at(self.probe_text[1], out_range)
        else:
            lat_txt, lon_txt = np.round(lat, 6), np.round(lon, 6)
        metres = out_range & ((np.abs(lat) > 1000) | (np.abs(lon) > 1000))
        swapped_range = out_range & ~metres & (np.abs(lon) <= 90) & (np.abs(lat) <= 180)
        other_range = out_range & ~metres & ~swapped_range
        lon_in, lat_in = lon[in_range], lat[in_range]
        place = self.scope.place(lon_in, lat_in, located=int(loc.sum()), metres=int(metres.sum()))
        if place.metres * 2 > place.located:
            self.out.file("coordinates_look_projected", count=place.metres, total=place.located)
            self.out.error[:] = True
            return
        self.out.rows("projected_as_degrees", metres, column=col, lat=lat_txt, lon=lon_txt)
        self.out.rows("swapped_latlon", swapped_range, column=col, lat=lat_txt, lon=lon_txt)
        self.out.rows("coordinate_out_of_range", other_range, column=col, lat=lat_txt, lon=lon_txt)
        if not in_range.any():
            return
        area, metric = self._reference_area()
        if area is not None:
            self._against_reference(area, metric, in_range, lat, lon, lat_txt, lon_txt)
        elif not self._whole_file_swapped(self.scope.swapped(lon_in, lat_in)):
            middle = self.scope.middle(lon_in, lat_in)
            self._against_median(middle, place.in_range, in_range, lon_in, lat_in, lat_txt, lon_txt)

    def _whole_file_swapped(self, swapped: dict[str, Any] | None) -> bool:
        """Reject a file whose every point needs latitude and longitude exchanged.

        With no other layer there is no city to compare with, and no
        majority either when every row is swapped: the file's points decide
        (:func:`~geo.validation.scope.swapped_facts`); the error is the whole file's.
        """
        if swapped is None:
            return False
        col = self.geo_column
        if self.probe_text is not None and "/" in col:
            lat_col, lon_col = col.split("/", 1)
            self.out.file("all_columns_swapped", lat_col=lat_col, lon_col=lon_col, **swapped)
        else:
            self.out.file("all_axes_swapped", **swapped)
        self.out.error[:] = True
        return True

    def _reference_area(self) -> tuple[shapely.Geometry | None, str]:
        frames = [
            f
            for f in self.reference.values()
            if isinstance(f, gpd.GeoDataFrame)
            and len(f)
            and f.crs is not None
            and f.geometry.notna().any()
            and not f.geometry.is_empty.all()
        ]
        if not frames:
            return None, ""
        try:
            metric = crs_for_frames(*frames)
        except ValueError:
            return None, ""
        hoods = self.reference.get("neighborhoods")
        if hoods is not None and any(f is hoods for f in frames):
            geoms = hoods.geometry.to_crs(metric)
            geoms = geoms[geoms.notna() & ~geoms.is_empty]
            area = shapely.union_all(shapely.make_valid(np.asarray(geoms.array, dtype=object)))
        else:
            boxes = [shapely.box(*f.to_crs(STORAGE_CRS).total_bounds) for f in frames]
            extent = gpd.GeoSeries(boxes, crs=STORAGE_CRS).to_crs(metric)
            area = shapely.union_all(np.asarray(extent.array, dtype=object))
        shapely.prepare(area)
        return area, metric

    def _against_reference(
        self,
        area: shapely.Geometry,
        metric: str,
        in_range: np.ndarray,
        lat: np.ndarray,
        lon: np.ndarray,
        lat_txt: np.ndarray,
        lon_txt: np.ndarray,
    ) -> None:
        tol = settings.outside_tolerance_m
        idx = np.flatnonzero(in_range)
        projected, finite, near = _near(area, self.geometry[idx], metric, tol)
        far = idx[~near]
        if not len(far):
            return
        distance = np.full(len(far), np.inf)
        far_proj = projected[~near]
        far_finite = finite[~near]
        distance[far_finite] = shapely.distance(area, far_proj[far_finite])
        can_swap = np.abs(lon[far]) <= 90
        swapped = np.zeros(len(far), dtype=bool)
        if can_swap.any():
            pts = gpd.points_from_xy(lat[far][can_swap], lon[far][can_swap])
            swapped[can_swap] = _near(area, np.asarray(pts, dtype=object), metric, tol)[2]
        total = int(in_range.sum())
        self._report_far(far, swapped, distance, total, lat_txt, lon_txt, outside=True)

    def _against_median(
        self,
        middle: tuple[float, float] | None,
        total: int,
        in_range: np.ndarray,
        lon_in: np.ndarray,
        lat_in: np.ndarray,
        lat_txt: np.ndarray,
        lon_txt: np.ndarray,
    ) -> None:
        """Report the rows in range (``lon_in``, ``lat_in``) far from the file's ``middle``
        (``None``: under three points); ``total``: the file's rows in range."""
        if middle is None:
            return
        d, swapped_far = _distances(lon_in, lat_in, middle)
        far_mask = d > settings.outlier_distance_m
        far = np.flatnonzero(in_range)[far_mask]
        if not len(far):
            return
        self._report_far(
            far, swapped_far[far_mask], d[far_mask], total, lat_txt, lon_txt, outside=False
        )

    def _report_far(
        self,
        far: np.ndarray,
        swapped: np.ndarray,
        distance: np.ndarray,
        total: int,
        lat_txt: np.ndarray,
        lon_txt: np.ndarray,
        *,
        outside: bool,
    ) -> None:
        """Report the ``far`` rows: swapped where ``swapped``, else at ``distance`` metres.

        ``total`` is the file's located rows in range; when nearly all of
        them lie near exchanged (the file's count, ``FileScope.far_swapped``),
        the whole file is swapped.
        """
        col = self.geo_column
        if self.probe_text is not None:  # the far rows are quoted as written too
            quoted = np.zeros(self.n, dtype=bool)
            quoted[far] = True
            self.text_at(self.probe_text[0], quoted, into=lat_txt)
            self.text_at(self.probe_text[1], quoted, into=lon_txt)
        n_swapped = self.scope.far_swapped(int(swapped.sum()))
        if n_swapped >= max(2, math.ceil(0.9 * total)):
            if self.probe_text is not None and "/" in col:
                lat_col, lon_col = col.split("/", 1)
                self.out.file(
                    "columns_swapped",
                    lat=lat_col,
                    lon=lon_col,
                    count=n_swapped,
                    total=total,
                )
            else:
                self.out.file("axes_swapped", count=n_swapped, total=total)
            self.out.error[:] = True
            return
        mask = np.zeros(self.n, dtype=bool)
        mask[far[swapped]] = True
        self.out.rows("swapped_latlon", mask, column=col, lat=lat_txt, lon=lon_txt)
        rest = far[~swapped]
        km = np.full(self.n, None, dtype=object)
        km[rest] = [
            round(float(v) / 1000, 1) if math.isfinite(v) else "∞" for v in distance[~swapped]
        ]
        mask = np.zeros(self.n, dtype=bool)
        mask[rest] = True
        if outside:
            self.out.rows(
                "outside_city",
                mask,
                column=col,
                distance_km=km,
                tolerance_km=round(settings.outside_tolerance_m / 1000, 1),
            )
        else:
            self.out.rows(
                "far_from_others",
                mask,
                column=col,
                distance_km=km,
                limit_km=round(settings.outlier_distance_m / 1000, 1),
            )


def _project(lon: np.ndarray, lat: np.ndarray, metric: str) -> tuple[np.ndarray, np.ndarray]:
    """Longitudes and latitudes (EPSG:4326) in ``metric``, as ``GeoSeries.to_crs`` projects them.

    The same transformer geopandas uses, on the coordinate arrays: no point
    objects are built.
    """
    transformer = pyproj.Transformer.from_crs(
        pyproj.CRS.from_user_input(STORAGE_CRS), pyproj.CRS.from_user_input(metric), always_xy=True
    )
    x, y = transformer.transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    return np.asarray(x, dtype=float), np.asarray(y, dtype=float)


def far_swapped_count(lon: np.ndarray, lat: np.ndarray, middle: tuple[float, float]) -> int:
    """Of the points farther than ``settings.outlier_distance_m`` from ``middle``, how many lie
    within it exchanged (a :data:`~geo.validation.scope.FarRule`)."""
    return int(_distances(lon, lat, middle)[1].sum())


def _distances(
    lon: np.ndarray, lat: np.ndarray, middle: tuple[float, float]
) -> tuple[np.ndarray, np.ndarray]:
    """Each point's distance (metres, ``inf`` if it cannot be measured) from ``middle``, and
    whether, when it lies beyond ``settings.outlier_distance_m``, it lies within it exchanged.

    Measured in the projected CRS chosen for the middle; points well inside
    the limit are not projected (:func:`_surely_near`).
    """
    mlon, mlat = middle
    metric = choose_projected_crs(mlon, mlat)
    limit = settings.outlier_distance_m
    cx, cy = (float(v[0]) for v in _project(np.array([mlon]), np.array([mlat]), metric))
    d = np.zeros(len(lon))
    measure = ~_surely_near(lon, lat, mlon, mlat, limit)
    if measure.any():
        px, py = _project(lon[measure], lat[measure], metric)
        with np.errstate(invalid="ignore", over="ignore"):
            d[measure] = np.hypot(px - cx, py - cy)
    d = np.where(np.isfinite(d), d, np.inf)
    swapped = np.zeros(len(lon), dtype=bool)
    far = d > limit
    can_swap = far & (np.abs(lon) <= 90)
    if can_swap.any():
        sx, sy = _project(lat[can_swap], lon[can_swap], metric)
        with np.errstate(invalid="ignore", over="ignore"):
            ds = np.hypot(sx - cx, sy - cy)
        swapped[can_swap] = np.isfinite(ds) & (ds <= limit)
    return d, swapped


def _surely_near(
    lon: np.ndarray, lat: np.ndarray, mlon: float, mlat: float, limit: float
) -> np.ndarray:
    """Points within a box around (``mlon``, ``mlat``) whose every point is far inside ``limit``.

    The box reaches ``limit / 8`` metres north, south, east and west (on a
    sphere of the Earth's size, widened for the latitude), so its corners lie
    within ``limit / 5`` of the middle: a projected CRS chosen for the middle
    (scale error well under 1 %) measures them far inside ``limit``. Near the
    poles nothing is taken as near.
    """
    half_lat = limit / 8 / 111_000.0
    if abs(mlat) + half_lat >= 60:
        return np.zeros(len(lon), dtype=bool)
    half_lon = half_lat / math.cos(math.radians(abs(mlat) + half_lat))
    near: np.ndarray = (np.abs(lat - mlat) <= half_lat) & (np.abs(lon - mlon) <= half_lon)
    return near


def _near(
    area: shapely.Geometry, points: np.ndarray, metric: str, tol: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``points`` (EPSG:4326) in ``metric``, which of them are finite, and which lie within
    ``tol`` metres of ``area``."""
    geoms = gpd.GeoSeries(points, crs=STORAGE_CRS).to_crs(metric)
    projected = np.asarray(geoms.array, dtype=object)
    finite = _finite(projected)
    near = np.zeros(len(projected), dtype=bool)
    near[finite] = shapely.dwithin(area, projected[finite], tol)
    return projected, finite, near
