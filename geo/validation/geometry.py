"""Building each row's geometry (coordinates, WKT or the file's own) and checking it."""

from __future__ import annotations

import math
import re
from concurrent.futures import Executor

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import settings
from geo.crs import STORAGE_CRS
from geo.validation.base import Checks
from geo.validation.parsing import _BAD, _EMPTY, _OK, _parse_numbers, _Parsed
from geo.validation.scope import mostly_degrees

_TYPE_NAMES = (
    "Point",
    "LineString",
    "LinearRing",
    "Polygon",
    "MultiPoint",
    "MultiLineString",
    "MultiPolygon",
    "GeometryCollection",
)
_POINT, _LINESTRING, _POLYGON, _MULTIPOINT, _MULTILINESTRING, _MULTIPOLYGON = 0, 1, 3, 4, 5, 6

_EXPECTED_GEOMETRY = {
    ("Point",): {"en": "a Point", "es": "un punto (Point)"},
    ("Polygon",): {
        "en": "a Polygon or MultiPolygon",
        "es": "un polígono (Polygon o MultiPolygon)",
    },
    ("Polygon", "Point"): {
        "en": "a Point, Polygon or MultiPolygon",
        "es": "un punto o un polígono (Point, Polygon o MultiPolygon)",
    },
    ("LineString",): {
        "en": "a LineString or MultiLineString",
        "es": "una línea (LineString o MultiLineString)",
    },
}

#: Type ids each of a layer's geometry names allows.
_ALLOWED_IDS = {
    "Point": (_POINT,),
    "Polygon": (_POLYGON, _MULTIPOLYGON),
    "LineString": (_LINESTRING, _MULTILINESTRING),
}

_VALIDITY_REASONS: tuple[tuple[str, dict[str, str]], ...] = (
    (
        "ring self-intersection",
        {"en": "a ring touches itself", "es": "un anillo se toca a sí mismo"},
    ),
    (
        "self-intersection",
        {"en": "its outline crosses itself", "es": "su contorno se cruza consigo mismo"},
    ),
    ("too few points", {"en": "too few points", "es": "tiene muy pocos puntos"}),
    ("hole lies outside shell", {"en": "a hole lies outside it", "es": "un hueco queda por fuera"}),
    ("nested holes", {"en": "holes inside holes", "es": "huecos dentro de huecos"}),
    ("nested shells", {"en": "parts inside parts", "es": "partes dentro de otras partes"}),
    (
        "interior is disconnected",
        {"en": "holes cut it in pieces", "es": "los huecos lo parten en pedazos"},
    ),
    ("duplicate rings", {"en": "repeated rings", "es": "anillos repetidos"}),
    ("invalid coordinate", {"en": "an invalid coordinate", "es": "una coordenada no válida"}),
    ("ring is not closed", {"en": "a ring is not closed", "es": "un anillo no está cerrado"}),
)


def _reason(text: str) -> dict[str, str]:
    low = text.lower()
    for key, words in _VALIDITY_REASONS:
        if low.startswith(key):
            return words
    plain = re.sub(r"\[.*\]$", "", text)
    return {"en": plain, "es": plain}


class GeometryChecks(Checks):
    """Build the geometries and check their type, emptiness and validity."""

    def start_points(self, pool: Executor) -> None:
        """Parse the latitude and longitude and build their points in ``pool``, meanwhile.

        Only for points that will be used as they are: degrees, no WKT
        column and no geometry of the file's own. Shapely and Arrow work
        without Python's lock, so the other columns are checked meanwhile.
        """
        roles, raw = self.roles, self.raw
        if self._own_geometry() or "wkt" in roles or "Point" not in self.spec.geometry:
            return
        if "lat" in roles and "lon" in roles:
            lat, lon = raw.data[roles["lat"]], raw.data[roles["lon"]]
            self.early_points = pool.submit(_coordinates, lat, lon, raw.decimal)

    def _own_geometry(self) -> bool:
        """Whether the file has geometries of its own (a piece of it may have none)."""
        geometry = self.raw.geometry
        if geometry is None:
            return False
        return self.scope.own_geometry(bool(geometry.notna().any()))

    def build_geometry(self) -> None:
        raw = self.raw
        coord_cols = [self.roles[r] for r in ("lat", "lon", "x", "y") if r in self.roles]
        wkt_cols = [self.roles["wkt"]] if "wkt" in self.roles else []
        if raw.geometry is not None and self._own_geometry():
            self.geometry = np.asarray(raw.geometry.array, dtype=object)
            self.extras += coord_cols + wkt_cols
            self.geo_source = True
            return
        if wkt_cols:
            self._from_wkt()
            self.geo_source = True
        pairs = ("lat" in self.roles and "lon" in self.roles) or (
            "x" in self.roles and "y" in self.roles
        )
        if coord_cols and "Point" not in self.spec.geometry:
            if not self.spec.geometry_required:
                self.out.file(
                    "coordinates_ignored",
                    severity="warning",
                    columns=", ".join(f"`{c}`" for c in coord_cols),
                )
            self.extras += coord_cols
        elif pairs:
            self._from_coordinates()
            self.geo_source = True
            self.extras += [c for c in coord_cols if c not in self._used_coords]
        else:
            self.extras += coord_cols
        if self.spec.geometry_required and not self.geo_source:
            found = ", ".join(f"`{c}`" for c in raw.data.columns) or "-"
            if "Point" in self.spec.geometry:
                self.out.file("missing_coordinates", found=found)
            elif "LineString" in self.spec.geometry:
                self.out.file("missing_lines", found=found)
            else:
                self.out.file("missing_polygons", found=found)

    def _from_wkt(self) -> None:
        col = self.roles["wkt"]
        text = self.text(col)
        geoms = shapely.from_wkt(text.where(text != "", None).to_numpy(), on_invalid="ignore")
        bad = (text != "").to_numpy() & pd.isna(geoms)
        self.out.rows("bad_wkt", bad, column=col, value=text)
        if self.crs is not None:
            ok = ~pd.isna(geoms)
            if ok.any():
                series = gpd.GeoSeries(geoms[ok], crs=self.crs)
                bounds = series.total_bounds
                # (a table with a CRS is checked whole: ``validate_pieces`` gives none)
                if not mostly_degrees(_fitting(bounds[[0, 2]], bounds[[1, 3]]), 2):
                    geoms[ok] = np.asarray(series.to_crs(STORAGE_CRS).array, dtype=object)
        self.geometry = np.asarray(geoms, dtype=object)
        self.geo_column = col
        self.geo_reported |= bad

    def _from_coordinates(self) -> None:
        roles, data = self.roles, self.raw.data
        if "lat" in roles and "lon" in roles:
            lat_col, lon_col = roles["lat"], roles["lon"]
            degrees = True
        else:
            lat_col, lon_col = roles["y"], roles["x"]
            degrees = False
        self._used_coords = (lat_col, lon_col)
        # the coordinates' text is cleaned only for the rows a message quotes
        if self.early_points is not None:
            lat, lon, prebuilt = self.early_points.result()
        else:
            lat, lon, prebuilt = _coordinates(data[lat_col], data[lon_col], self.raw.decimal)
        # rows with a WKT geometry (or a bad one, already reported) need no coordinates
        need = pd.isna(self.geometry) & ~self.geo_reported
        for parsed, col in ((lat, lat_col), (lon, lon_col)):
            bad = need & (parsed.status == _BAD)
            self.out.rows("not_a_number", bad, column=col, value=self.text_at(col, bad))
        self.out.rows(
            "missing_coordinate",
            need & (lat.status == _EMPTY) & (lon.status != _EMPTY),
            column=lat_col,
        )
        self.out.rows(
            "missing_coordinate",
            need & (lon.status == _EMPTY) & (lat.status != _EMPTY),
            column=lon_col,
        )
        ok = need & (lat.status == _OK) & (lon.status == _OK)
        both_empty = (lat.status == _EMPTY) & (lon.status == _EMPTY)
        self.geo_reported |= need & ~ok & ~both_empty
        xs, ys = lon.values.copy(), lat.values.copy()
        if not degrees:
            looks, pairs = self._degrees(xs[ok], ys[ok])  # pairs: the file's (0: none to place)
            if pairs and looks:
                degrees = True
            elif pairs and self.crs is None:
                self.out.file("needs_crs", columns=f"`{lon_col}`, `{lat_col}`")
                self.geo_blocked = True
                ok[:] = False
            elif pairs and ok.any():
                pts = gpd.GeoSeries(gpd.points_from_xy(xs[ok], ys[ok]), crs=self.crs)
                pts = pts.to_crs(STORAGE_CRS)
                xs[ok], ys[ok] = pts.x.to_numpy(), pts.y.to_numpy()
        if degrees and self.crs is not None and ok.any():
            self.out.file("crs_ignored", severity="warning", crs=self.crs, used="EPSG:4326")
        if ok.all():  # every row is a point: no placeholder points, nothing to merge
            if prebuilt is None or not degrees:
                prebuilt = np.asarray(shapely.points(xs, ys), dtype=object)
            self.geometry = prebuilt
            self.coordinate_points = (xs, ys)
        else:
            points = np.asarray(shapely.points(np.where(ok, xs, 0), np.where(ok, ys, 0)))
            self.geometry = np.where(ok, points, self.geometry)
        self.geo_column = f"{lat_col}/{lon_col}"
        self.probe_text = (lat_col, lon_col)

    def _degrees(self, xs: np.ndarray, ys: np.ndarray) -> tuple[bool, int]:
        """Whether most of the file's (x, y) pairs fit longitude/latitude ranges (no pair:
        yes), and how many pairs the file has; these rows' pairs are ``xs``, ``ys``."""
        fits, total = self.scope.degrees(_fitting(xs, ys), len(xs))
        return mostly_degrees(fits, total), total

    def check_geometry(self) -> None:
        spec = self.spec
        geoms = self.geometry
        missing = pd.isna(geoms)
        col = self.geo_column
        if spec.geometry_required and self.geo_source and not self.geo_blocked:
            self.out.rows("missing_geometry", missing & ~self.geo_reported, column=col)
        present = ~missing
        if not present.any():
            return
        if self.coordinate_points is not None:  # 2D points of finite coordinates, none empty
            self.scope.wrong_geometry(set(), 0, int(present.sum()))  # all of the layer's type
            self.located = present
            return
        types = np.full(self.n, -1, dtype=np.int64)
        types[present] = shapely.get_type_id(geoms[present])
        # a one-point MultiPoint is a Point, a one-part MultiLineString a LineString
        for multi_id, single_id in ((_MULTIPOINT, _POINT), (_MULTILINESTRING, _LINESTRING)):
            multi = types == multi_id
            if multi.any():
                single = multi.copy()
                single[multi] = shapely.get_num_geometries(geoms[multi]) == 1
                geoms[single] = shapely.get_geometry(geoms[single], 0)
                types[single] = single_id
        has_z = present.copy()
        has_z[present] = shapely.has_z(geoms[present])
        if has_z.any():
            geoms[has_z] = shapely.force_2d(geoms[has_z])
        allowed_ids = [i for name in spec.geometry for i in _ALLOWED_IDS[name]]
        wrong = present & ~np.isin(types, allowed_ids)
        names = np.asarray((*_TYPE_NAMES, ""), dtype=object)[types]  # -1 (missing) -> ""
        expected = _EXPECTED_GEOMETRY[spec.geometry]
        got, n_wrong, n_right = self.scope.wrong_geometry(
            {str(n) for n in names[wrong]}, int(wrong.sum()), int((present & ~wrong).sum())
        )
        if n_wrong and not n_right:
            # not one geometry of the layer's type: the wrong file, or the wrong layer
            self.out.file(
                "all_wrong_geometry",
                column=col,
                got=", ".join(sorted(got)),
                count=n_wrong,
                expected=expected,
            )
            self.located = np.zeros(self.n, dtype=bool)
            return
        self.out.rows("wrong_geometry_type", wrong, column=col, got=names, expected=expected)
        empty = present & ~wrong
        empty[empty] = shapely.is_empty(geoms[empty])
        self.out.rows("empty_geometry", empty, column=col)
        usable = present & ~wrong & ~empty
        polygons = usable & np.isin(types, [_POLYGON, _MULTIPOLYGON])
        if polygons.any():
            self._repair(geoms, polygons, col)
        lines = usable & np.isin(types, [_LINESTRING, _MULTILINESTRING])
        if lines.any():
            usable &= ~self._check_lines(geoms, lines, col)
        self.geometry = geoms
        self.located = usable & ~pd.isna(geoms)

    def _check_lines(self, geoms: np.ndarray, lines: np.ndarray, col: str) -> np.ndarray:
        """Report the lines that cannot be streets; return where they are.

        A line of no length (all its points the same point) is
        ``zero_length_line``; any other invalid line (a part with a single
        point, a coordinate that is not a number) is ``invalid_line``, with
        GEOS's reason. Lines that cross themselves are valid (a loop round a
        block). Nothing is repaired: a street's shape is not guessed.
        """
        invalid = lines.copy()
        invalid[lines] = ~shapely.is_valid(geoms[lines])
        if not invalid.any():
            return invalid
        zero = invalid.copy()
        zero[invalid] = _finite(geoms[invalid]) & (shapely.length(geoms[invalid]) == 0)
        other = invalid & ~zero
        reasons = np.full(self.n, None, dtype=object)
        if other.any():
            reasons[other] = [_reason(r) for r in shapely.is_valid_reason(geoms[other])]
        self.out.rows("zero_length_line", zero, column=col)
        self.out.rows("invalid_line", other, column=col, reason=reasons)
        return invalid

    def _repair(self, geoms: np.ndarray, polygons: np.ndarray, col: str) -> None:
        invalid = polygons.copy()
        invalid[polygons] = ~shapely.is_valid(geoms[polygons])
        if not invalid.any():
            return
        idx = np.flatnonzero(invalid)
        originals = geoms[idx]
        reasons = np.array([_reason(r) for r in shapely.is_valid_reason(originals)], dtype=object)
        repaired = shapely.make_valid(originals)
        polys = np.array([_polygonal(g) for g in repaired], dtype=object)
        metric = self.scope.repair_crs(*_middles(originals))
        area_before = gpd.GeoSeries(originals, crs=STORAGE_CRS).to_crs(metric).area.to_numpy()
        fixed = ~pd.isna(polys)
        area_after = np.zeros(len(idx))
        if fixed.any():
            area_after[fixed] = (
                gpd.GeoSeries(polys[fixed], crs=STORAGE_CRS).to_crs(metric).area.to_numpy()
            )
        with np.errstate(divide="ignore", invalid="ignore"):
            change = np.abs(area_after - area_before) / area_before
        change = np.where(np.isfinite(change), change, np.inf)
        limit = settings.max_repair_area_change
        accept = fixed & (change <= limit)
        pct = np.array(
            [round(float(c) * 100, 2) if math.isfinite(c) else 100.0 for c in change], dtype=object
        )
        mask_ok = np.zeros(self.n, dtype=bool)
        mask_ok[idx[accept]] = True
        mask_bad = np.zeros(self.n, dtype=bool)
        mask_bad[idx[~accept]] = True
        full_reason = np.full(self.n, None, dtype=object)
        full_reason[idx] = reasons
        full_pct = np.full(self.n, None, dtype=object)
        full_pct[idx] = pct
        self.out.rows(
            "repaired_geometry",
            mask_ok,
            column=col,
            severity="repaired",
            reason=full_reason,
            change_pct=full_pct,
        )
        self.out.rows(
            "invalid_geometry",
            mask_bad,
            column=col,
            reason=full_reason,
            change_pct=full_pct,
            limit_pct=round(limit * 100, 2),
        )
        geoms[idx[accept]] = polys[accept]


def _fitting(xs: np.ndarray, ys: np.ndarray) -> int:
    """How many (x, y) pairs fit longitude/latitude ranges."""
    xs, ys = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
    return int(((np.abs(xs) <= 180) & (np.abs(ys) <= 90)).sum())


def _coordinates(
    lat: pd.Series, lon: pd.Series, decimal: str | None
) -> tuple[_Parsed, _Parsed, np.ndarray | None]:
    """The parsed latitudes and longitudes, and their points when every row has both."""
    lat_parsed = _parse_numbers(lat, decimal=decimal, mode="coordinate")
    lon_parsed = _parse_numbers(lon, decimal=decimal, mode="coordinate")
    if not ((lat_parsed.status == _OK) & (lon_parsed.status == _OK)).all():
        return lat_parsed, lon_parsed, None
    points = np.asarray(shapely.points(lon_parsed.values, lat_parsed.values), dtype=object)
    return lat_parsed, lon_parsed, points


def _finite(geoms: np.ndarray) -> np.ndarray:
    """Whether each geometry's coordinates are all finite (far points may project to inf)."""
    if not len(geoms):
        return np.zeros(0, dtype=bool)
    bounds = np.asarray(shapely.bounds(geoms), dtype=float)
    finite: np.ndarray = np.isfinite(bounds).all(axis=1)
    return finite


def _polygonal(geom: shapely.Geometry | None) -> shapely.Geometry | None:
    """The polygonal parts of ``geom`` as a Polygon or MultiPolygon, or ``None``."""
    if geom is None or geom.is_empty:
        return None
    parts = [
        p
        for p in shapely.get_parts(geom)
        if shapely.get_type_id(p) in (_POLYGON, _MULTIPOLYGON) and not p.is_empty
    ]
    if not parts:
        return None
    flat = shapely.get_parts(np.asarray(parts, dtype=object))
    if len(flat) == 1:
        return flat[0]
    return shapely.MultiPolygon(list(flat))


def _middles(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The middles of the finite bounds of ``geoms`` (EPSG:4326): longitudes, latitudes."""
    bounds = shapely.bounds(geoms)
    ok = np.isfinite(bounds).all(axis=1)
    return (bounds[ok, 0] + bounds[ok, 2]) / 2, (bounds[ok, 1] + bounds[ok, 3]) / 2
