"""The top hot spots of a result: its zones, ranked, placed and counted.

:func:`top_hotspots` takes each method's zones (its registry entry's
``candidates``, :mod:`models.hotspots.methods`), ranks them by what they
hold, names the nearest public space and the neighbourhood at each peak, and
counts, weighs and dates the incidents inside (from each incident's grid
cell when the zones are cells, :func:`_incidents_in_cells`).
"""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import schema
from geo.crs import STORAGE_CRS
from models.hotspots.methods import method_of, names_of
from models.hotspots.result import HotspotResult, KdeParameters
from models.lattice import Lattice, point_coordinates
from models.stats import mann_kendall

#: Below this p-value a group's monthly counts have a trend (Mann-Kendall).
TREND_ALPHA = 0.05


def _monthly_trend(
    months: np.ndarray, groups: np.ndarray, n_groups: int, n_months: int
) -> list[str]:
    if n_months < 4:
        return [""] * n_groups
    counts = np.bincount(groups * n_months + months, minlength=n_groups * n_months).reshape(
        n_groups, n_months
    )
    mk = mann_kendall(counts.astype(float))
    out = []
    for z, p, total in zip(
        np.atleast_1d(mk.z), np.atleast_1d(mk.p), counts.sum(axis=1), strict=True
    ):
        if total == 0:
            out.append("")
        elif p < TREND_ALPHA:
            out.append("rising" if z > 0 else "falling")
        else:
            out.append("steady")
    return out


def top_hotspots(
    result: HotspotResult,
    spaces: gpd.GeoDataFrame | None = None,
    neighborhoods: gpd.GeoDataFrame | None = None,
    *,
    n: int = 10,
) -> gpd.GeoDataFrame:
    """The ``n`` largest hot spots of a result, grouped and described (module docstring).

    Parameters
    ----------
    result
        From :func:`run_hotspots`.
    spaces
        Public spaces (``name`` column) to name the nearest; ``None`` leaves
        ``nearest_space`` empty.
    neighborhoods
        Neighbourhoods (``name`` column) to say where each hot spot is.
    n
        How many hot spots.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per hot spot, most incidents (or harm) first, in EPSG:4326:

        ``rank``
            1 is the largest.
        ``method``, ``weight``, ``unit``
            The method, ``"count"`` or ``"harm"``, and what the hot spot is
            made of: ``"cell"``, ``"neighborhood"``, ``"area"`` or ``"cluster"``.
        ``n_cells``
            Cells (or neighbourhoods) in the hot spot; 1 for an area or cluster.
        ``value``
            Incidents (or harm) the method counted in it (for ``kde`` the
            surface's integral; NaN per resident).
        ``n_incidents``, ``harm``
            Analysed incidents inside its outline, and their harm.
        ``confidence``
            Highest confidence of its features, in % (99, 95, 90); NaN for
            density areas and clusters.
        ``peak``
            Its highest statistic (Gi* z, local Moran's I, density) or the
            value of a cluster.
        ``measure``
            The unit of its figures (:func:`result_measure`): for ``kde`` of
            ``peak``, for LISA by neighbourhood of ``rate_100k``, else of
            ``value``; a code of :data:`catalog.models.UNIT_NAMES`.
        ``pattern``
            ``"hot"`` (Gi*), ``"High-High"`` (LISA), an emerging pattern
            code, ``"dense"`` (KDE) or ``"cluster"``.
        ``since``, ``until``
            Emerging: first period of the final run of hot steps; clusters:
            months of the first and last incident; else ``""``.
        ``trend``
            Mann-Kendall trend of the monthly incidents inside:
            ``"rising"``, ``"falling"``, ``"steady"`` (p >= 0.05) or ``""``.
        ``top_categories``
            Codes of the two most frequent categories inside, comma-separated.
        ``level``
            KDE: the area share of the density level (0.05); else NaN.
        ``rate_100k``
            LISA by neighbourhood: the highest rate per 100,000 residents; else NaN.
        ``nearest_space``, ``nearest_space_m``
            The public space nearest its peak and the distance (0 inside).
        ``neighborhood``
            The neighbourhood at its peak; for LISA by neighbourhood, the
            names of its neighbourhoods.
        ``area_km2``
            Area of its outline.
        ``geometry``
            Its outline (the union of its features).
    """
    method = method_of(result.spec)
    cand = method.candidates(result)
    proj = result.projected
    columns = [
        "rank",
        "method",
        "weight",
        "unit",
        "n_cells",
        "value",
        "n_incidents",
        "harm",
        "confidence",
        "peak",
        "measure",
        "pattern",
        "since",
        "until",
        "trend",
        "top_categories",
        "level",
        "rate_100k",
        "nearest_space",
        "nearest_space_m",
        "neighborhood",
        "area_km2",
        "geometry",
    ]
    if cand.index.size == 0 or n <= 0:
        empty = gpd.GeoDataFrame(pd.DataFrame(columns=columns), geometry="geometry", crs=result.crs)
        return empty.to_crs(STORAGE_CRS)
    peaks, group_of = np.unique(cand.groups, return_inverse=True)
    n_groups = peaks.size
    value = np.bincount(group_of, weights=np.nan_to_num(cand.value), minlength=n_groups)
    if np.isnan(cand.value).all():
        value = np.full(n_groups, math.nan)
    size = np.bincount(group_of, minlength=n_groups)
    peak_height = cand.height[peaks]
    order = np.lexsort((-np.nan_to_num(peak_height, nan=-np.inf), -np.nan_to_num(value)))[:n]
    geoms = proj.geometry.to_numpy()
    feature_geoms = geoms[cand.index]
    outlines = [shapely.union_all(feature_geoms[group_of == g]) for g in order]
    peak_geoms = feature_geoms[peaks[order]]
    measure = result_measure(result)
    rows: list[dict[str, object]] = []
    for rank, g in enumerate(order, start=1):
        members = group_of == g
        conf = cand.confidence[members]
        pats = cand.pattern[members]
        pattern = str(pats[0])
        since_vals = sorted(s for s in cand.since[members] if s)
        row: dict[str, object] = {
            "rank": rank,
            "method": result.method,
            "weight": result.weight,
            "unit": cand.unit,
            "n_cells": int(size[g]),
            "value": float(value[g]),
            "confidence": float(np.nanmax(conf)) if np.isfinite(conf).any() else math.nan,
            "peak": float(peak_height[g]),
            "measure": measure,
            "pattern": pattern,
            "since": since_vals[0] if since_vals else "",
            "until": "",
            "level": math.nan,
            "rate_100k": math.nan,
            "neighborhood": "",
        }
        row.update(method.zone_fields(result, cand.index[members]))
        rows.append(row)
    out = pd.DataFrame(rows)
    _add_places(out, peak_geoms, spaces, neighborhoods, result)
    zone_of_row = None
    if "cell_i" in proj.columns and "cell_j" in proj.columns:
        # the zones are made of grid cells: each incident's cell says its zone
        zone_of_row = np.full(len(proj), -1, dtype=np.int64)
        for z, g in enumerate(order):
            zone_of_row[cand.index[group_of == g]] = z
    _add_incidents(out, outlines, result, zone_of_row=zone_of_row)
    out = out.drop(columns="_cluster", errors="ignore")
    out["area_km2"] = [float(g.area) / 1e6 for g in outlines]
    frame = gpd.GeoDataFrame(out, geometry=gpd.GeoSeries(outlines, crs=result.crs))
    return frame[columns].to_crs(STORAGE_CRS)


def result_measure(result: HotspotResult) -> str:
    """The unit of a result's figures, a code of :data:`catalog.models.UNIT_NAMES`.

    ``kde``: the surface's (``"incidents_per_km2"``, ``"harm_per_100k_year"``,
    ...); LISA by neighbourhood: its rate (``"incidents_per_100k_year"`` or
    ``"harm_per_100k_year"``); otherwise what each cell or cluster holds over
    the period (``"incidents"`` or ``"harm"``).
    """
    quantity = "harm" if result.weight == "harm" else "incidents"
    if isinstance(result.parameters, KdeParameters):
        return result.parameters.measure
    if result.units == "neighborhoods":
        return f"{quantity}_per_100k_year"
    return quantity


def ranked_by(result: HotspotResult) -> str:
    """What :func:`top_hotspots` ranks by: ``"count"``, ``"harm"`` or ``"rate"``.

    The page's caption of the top hot spots follows it
    (``hotspots.top.caption.<ranked_by>``): zones are ranked by the incidents
    they hold, by their harm units when weighted by harm, and by their
    highest rate for a density per resident.
    """
    p = result.parameters
    if isinstance(p, KdeParameters) and p.unit != "per_km2":
        return "rate"
    return "harm" if result.weight == "harm" else "count"


def _add_places(
    out: pd.DataFrame,
    peak_geoms: np.ndarray,
    spaces: gpd.GeoDataFrame | None,
    neighborhoods: gpd.GeoDataFrame | None,
    result: HotspotResult,
) -> None:
    out["nearest_space"] = ""
    out["nearest_space_m"] = math.nan
    if spaces is not None and len(spaces):
        sgeom = spaces.geometry.to_crs(result.crs).to_numpy()
        (pi, si), dist = shapely.STRtree(sgeom).query_nearest(
            peak_geoms, return_distance=True, all_matches=False
        )
        names = names_of(spaces)
        out.loc[pi, "nearest_space"] = names[si]
        out.loc[pi, "nearest_space_m"] = dist
    if result.units == "neighborhoods" or neighborhoods is None or not len(neighborhoods):
        return
    hgeom = neighborhoods.geometry.to_crs(result.crs).to_numpy()
    points = shapely.point_on_surface(peak_geoms)
    (pi, hi), _ = shapely.STRtree(hgeom).query_nearest(
        points, return_distance=True, all_matches=False
    )
    out.loc[pi, "neighborhood"] = names_of(neighborhoods)[hi]


def _coordinates(result: HotspotResult) -> tuple[np.ndarray, np.ndarray]:
    """The analysed incidents' ``x, y`` in the result's CRS: those the run kept, else read."""
    return point_coordinates(result.table, result.crs, xy=result.xy)


def _incidents_in_cells(
    result: HotspotResult, zone_of_row: np.ndarray
) -> tuple[np.ndarray, np.ndarray] | None:
    """``(incident, zone)`` pairs from each incident's grid cell; ``None`` if the cells do not allow it."""
    rows = np.flatnonzero(zone_of_row >= 0)
    grid = result.grid
    if grid is None or rows.size == 0 or not result.projected.crs.equals(result.crs):
        return None
    proj = result.projected
    x, y = _coordinates(result)
    lattice = Lattice(grid, proj["cell_i"].to_numpy()[rows], proj["cell_j"].to_numpy()[rows])
    pos = lattice.locate(x, y)
    pi = np.flatnonzero(pos >= 0)
    return pi, zone_of_row[rows][pos[pi]]


def _incidents_in_outlines(
    outlines: list[shapely.Geometry], x: np.ndarray, y: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """``(incident, zone)`` pairs of the points ``x, y`` inside (or on) each outline.

    A point on the border of two outlines counts once, in the first. Each
    outline tests only the points in its bounding box, from their
    coordinates (``intersects_xy``, no point geometries).
    """
    zone = np.full(x.size, -1, dtype=np.int64)
    for g, outline in enumerate(outlines):
        xmin, ymin, xmax, ymax = outline.bounds
        box = np.flatnonzero((x >= xmin) & (x <= xmax) & (y >= ymin) & (y <= ymax) & (zone < 0))
        shapely.prepare(outline)
        inside = box[shapely.intersects_xy(outline, x[box], y[box])]
        zone[inside] = g
    pi = np.flatnonzero(zone >= 0)
    return pi, zone[pi]


def _add_incidents(
    out: pd.DataFrame,
    outlines: list[shapely.Geometry],
    result: HotspotResult,
    *,
    zone_of_row: np.ndarray | None = None,
) -> None:
    """Count, weigh and date the incidents of each zone.

    ``zone_of_row`` (the zone of each row of :attr:`HotspotResult.projected`,
    -1 for none) says that the zones are made of grid cells: an incident is
    then in the zone of the cell it lies in (the same incidents as a
    point-in-polygon test of the outlines, see the tests, in a fraction of
    the time). Without it, or if the cells are not the grid's own, the
    incidents are found in the outlines.
    """
    inc = result.table
    k = len(outlines)
    in_cells = None if zone_of_row is None else _incidents_in_cells(result, zone_of_row)
    if result.labels is not None and "_cluster" in out.columns:
        # a cluster's incidents are its members (hulls may overlap)
        labels = np.asarray(result.labels, dtype=np.int64)
        clusters = out["_cluster"].to_numpy(dtype=np.int64)
        # zone of each cluster id (shifted by one: noise, -1, is slot 0), then of each incident
        zone_of = np.full(int(max(labels.max(initial=-1), clusters.max(initial=-1))) + 2, -1)
        zone_of[clusters + 1] = np.arange(clusters.size)
        lookup = zone_of[labels + 1]
        pi = np.flatnonzero(lookup >= 0)
        gi = lookup[pi]
    elif in_cells is not None:
        pi, gi = in_cells
    else:
        pi, gi = _incidents_in_outlines(outlines, *_coordinates(result))
    # only the incidents in a zone are read further (a few of a million)
    cats = inc["category"].iloc[pi].astype(str).to_numpy()
    # each distinct category's weight, then each incident's (a map of every incident's string
    # through the dict costs ~0.1 s at a few hundred thousand incidents; this, a hundredth)
    codes, names = pd.factorize(cats)
    weight_of = np.array([schema.HARM_WEIGHTS.get(str(c), 0.0) for c in names], dtype=float)
    harm = weight_of[codes] if codes.size else np.zeros(0)
    out["n_incidents"] = np.bincount(gi, minlength=k)
    out["harm"] = np.bincount(gi, weights=harm, minlength=k)
    tops = []
    for g in range(k):
        vc = pd.Series(cats[gi == g]).value_counts()
        tops.append(",".join(str(c) for c in vc.index[:2]))
    out["top_categories"] = tops
    when = pd.to_datetime(inc["occurred_at"].iloc[pi]).dt.to_period("M")
    first_m = pd.Period(result.start, freq="M")
    last_m = pd.Period(result.end, freq="M")
    n_months = last_m.ordinal - first_m.ordinal + 1
    month = np.asarray(when.array.asi8, dtype=np.int64) - first_m.ordinal
    ok = (month >= 0) & (month < n_months)
    out["trend"] = _monthly_trend(month[ok], gi[ok], k, n_months)


# ---------------------------------------------------------------------------
# Words: the top hot spots and the parameters, in Spanish and English
# ---------------------------------------------------------------------------
