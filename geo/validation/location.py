"""Where the rows lie: degrees in range, swapped axes, and far from the city."""

from __future__ import annotations

import math
from typing import Any

import geopandas as gpd
import numpy as np
import pyproj
import shapely

from geo import settings
from geo.crs import COLOMBIA_BOUNDS, STORAGE_CRS, choose_projected_crs, crs_for_frames
from geo.validation.base import Checks
from geo.validation.geometry import _finite

#: Latitude (degrees) south of which no city lies: Antarctica and the Southern Ocean.
NO_CITY_SOUTH_OF = -60.0


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
        total = int(loc.sum())
        if metres.sum() * 2 > total:
            self.out.file("coordinates_look_projected", count=int(metres.sum()), total=total)
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
        elif not self._whole_file_swapped(in_range, lat, lon):
            self._against_median(in_range, lat, lon, lat_txt, lon_txt)

    def _whole_file_swapped(self, in_range: np.ndarray, lat: np.ndarray, lon: np.ndarray) -> bool:
        """Reject a file whose every point needs latitude and longitude exchanged.

        With no other layer there is no city to compare with, and no
        majority either when every row is swapped: a point is taken as
        swapped when, as given, it lies where no city is (south of
        :data:`NO_CITY_SOUTH_OF`) or outside the country's bounds, while
        exchanged it lies north of that latitude or inside the country. At
        least 90 % of the located rows (and every one of them must be a valid
        longitude/latitude both ways) make it a file-level error.
        """
        idx = np.flatnonzero(in_range)
        if not len(idx):
            return False
        la, lo = lat[idx], lon[idx]
        x0, y0, x1, y1 = COLOMBIA_BOUNDS
        in_country = (lo >= x0) & (lo <= x1) & (la >= y0) & (la <= y1)
        swapped_in_country = (la >= x0) & (la <= x1) & (lo >= y0) & (lo <= y1)
        south = la < NO_CITY_SOUTH_OF
        swapped_south = lo < NO_CITY_SOUTH_OF
        can_swap = np.abs(lo) <= 90
        suspect = can_swap & ((south & ~swapped_south) | (~in_country & swapped_in_country))
        total = len(idx)
        if not can_swap.all() or suspect.sum() < max(1, math.ceil(0.9 * total)):
            return False
        mlat, mlon = float(np.median(la)), float(np.median(lo))
        place = (
            {
                "en": "in Antarctica or the Southern Ocean",
                "es": "en la Antártida o el océano Austral",
            }
            if south.mean() >= 0.5
            else {"en": "outside Colombia", "es": "fuera de Colombia"}
        )
        country = (
            {"en": ", in Colombia", "es": ", en Colombia"}
            if swapped_in_country.mean() >= 0.5
            else {"en": "", "es": ""}
        )
        facts: dict[str, Any] = {
            "count": int(suspect.sum()),
            "total": total,
            "lat": round(mlat, 2),
            "lon": round(mlon, 2),
            "swapped_lat": round(mlon, 2),
            "swapped_lon": round(mlat, 2),
            "place": place,
            "country": country,
        }
        col = self.geo_column
        if self.probe_text is not None and "/" in col:
            lat_col, lon_col = col.split("/", 1)
            self.out.file("all_columns_swapped", lat_col=lat_col, lon_col=lon_col, **facts)
        else:
            self.out.file("all_axes_swapped", **facts)
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
        self._report_far(far, swapped, distance, in_range, lat_txt, lon_txt, outside=True)

    def _against_median(
        self,
        in_range: np.ndarray,
        lat: np.ndarray,
        lon: np.ndarray,
        lat_txt: np.ndarray,
        lon_txt: np.ndarray,
    ) -> None:
        idx = np.flatnonzero(in_range)
        if len(idx) < 3:
            return
        mlon, mlat = float(np.median(lon[idx])), float(np.median(lat[idx]))
        metric = choose_projected_crs(mlon, mlat)
        limit = settings.outlier_distance_m
        cx, cy = (float(v[0]) for v in _project(np.array([mlon]), np.array([mlat]), metric))
        # points well inside the limit need no projection; the others are measured
        d = np.zeros(len(idx))
        measure = ~_surely_near(lon[idx], lat[idx], mlon, mlat, limit)
        if measure.any():
            px, py = _project(lon[idx][measure], lat[idx][measure], metric)
            with np.errstate(invalid="ignore", over="ignore"):
                d[measure] = np.hypot(px - cx, py - cy)
        d = np.where(np.isfinite(d), d, np.inf)
        far_mask = d > limit
        far = idx[far_mask]
        if not len(far):
            return
        can_swap = np.abs(lon[far]) <= 90
        swapped = np.zeros(len(far), dtype=bool)
        if can_swap.any():
            sx, sy = _project(lat[far][can_swap], lon[far][can_swap], metric)
            with np.errstate(invalid="ignore", over="ignore"):
                ds = np.hypot(sx - cx, sy - cy)
            swapped[can_swap] = np.isfinite(ds) & (ds <= limit)
        self._report_far(far, swapped, d[far_mask], in_range, lat_txt, lon_txt, outside=False)

    def _report_far(
        self,
        far: np.ndarray,
        swapped: np.ndarray,
        distance: np.ndarray,
        in_range: np.ndarray,
        lat_txt: np.ndarray,
        lon_txt: np.ndarray,
        *,
        outside: bool,
    ) -> None:
        col = self.geo_column
        total = int(in_range.sum())
        if self.probe_text is not None:  # the far rows are quoted as written too
            quoted = np.zeros(self.n, dtype=bool)
            quoted[far] = True
            self.text_at(self.probe_text[0], quoted, into=lat_txt)
            self.text_at(self.probe_text[1], quoted, into=lon_txt)
        if swapped.sum() >= max(2, math.ceil(0.9 * total)):
            if self.probe_text is not None and "/" in col:
                lat_col, lon_col = col.split("/", 1)
                self.out.file(
                    "columns_swapped",
                    lat=lat_col,
                    lon=lon_col,
                    count=int(swapped.sum()),
                    total=total,
                )
            else:
                self.out.file("axes_swapped", count=int(swapped.sum()), total=total)
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
