"""Hot spots in one call, and the top hot spots in plain words.

:func:`run_hotspots` is the one entry point the Hot spots page and
``cli.py hotspots`` share: it reads the layers (a workspace or a mapping of
frames), filters the incidents by category and date, runs one method of
:mod:`models.gistar`, :mod:`models.lisa`, :mod:`models.density`,
:mod:`models.clusters` or :mod:`models.emerging` with the study area set to
the neighbourhoods (when there are any) and the workspace's projected CRS,
and returns a :class:`HotspotResult`. :func:`top_hotspots` groups the
significant cells into contiguous hot spots and describes each with
structured fields; :func:`describe` turns one of them into a sentence in
Spanish or English ("12 cells around Parque X in El Prado: a hot spot at 99 %
confidence; incidents rising."), and :func:`explain` says what scale or
parameters were used and why, in either language. Every figure in them
says its unit (:func:`result_measure`, :data:`models.messages.UNIT_NAMES`);
areas are written by :func:`area_text`.

Result columns (``HotspotResult.frame``, EPSG:4326)
---------------------------------------------------
``gi`` — one row per cell of the study area (empty ones included)
    ``cell_i``, ``cell_j`` (grid ids), ``value`` (incidents or harm),
    ``n_neighbors`` (cells within the distance, self excluded), ``gi_z``,
    ``gi_p`` (two-sided, uncorrected), ``gi_bin`` (-3..+3: hot/cold at
    99/95/90 % confidence, 0 not significant; corrected when ``fdr``),
    ``gi_label``, ``geometry``.
``lisa`` with ``units="cells"`` — one row per cell
    ``cell_i``, ``cell_j``, ``value``, ``n_neighbors``, ``lisa_i`` (local
    Moran's I), ``lisa_p`` (pseudo p-value, 999 permutations), ``lisa_q``
    (1 High-High, 2 Low-High, 3 Low-Low, 4 High-Low), ``lisa_label``,
    ``geometry``.
``lisa`` with ``units="neighborhoods"`` — one row per neighbourhood
    the neighbourhood's own columns plus ``incidents`` (count or harm),
    ``rate_100k`` (per 100,000 residents per year), ``n_neighbors``,
    ``lisa_i``, ``lisa_p``, ``lisa_q``, ``lisa_label`` (``No data`` where
    the population is missing or 0), ``geometry``.
``kde`` — the densest parts of the kernel density surface
    One row per connected area at each level: ``level`` (the share of the
    study area's pixels at or above ``threshold``: 0.05, 0.10, 0.25; the
    areas of a level lie inside those of the next), ``area_id`` (1 = most
    incidents within the level), ``threshold`` and ``peak`` (density at the
    area's edge and its highest; incidents or harm per km², or per 100,000
    residents), ``area_km2``, ``incidents`` (the surface's integral over
    the area: incidents or harm it holds; NaN per resident), ``share``
    (of the surface's total; NaN per resident), ``geometry``. The raster
    itself is :attr:`HotspotResult.surface`.
``dbscan``, ``hdbscan`` — one row per cluster, largest first
    ``cluster``, ``n_incidents``, ``harm``, ``top_categories`` ("fight 45%,
    theft 30%"), ``dominant_category``, ``first_date``, ``last_date``,
    ``area_km2``, ``nearest_space``, ``nearest_space_m``, ``geometry``
    (the convex hull).
``emerging`` — one row per cell
    ``cell_i``, ``cell_j``, ``total``, ``category`` (one of the 17 pattern
    codes of :data:`models.emerging.CATEGORY_LABELS`), ``category_label``,
    ``trend_z``, ``trend_p``, ``trend_tau`` (Mann-Kendall on the cell's
    Gi* z-scores), ``count_trend_z``, ``count_trend_p``, ``n_hot_steps``,
    ``n_cold_steps``, ``final_bin``, ``hot_since``, ``cold_since`` (first
    period of the final hot / cold run, ``""`` if none), ``geometry``.

Top hot spots (:func:`top_hotspots`)
------------------------------------
The features that count as hot are: Gi* cells in a hot bin; LISA cells or
neighbourhoods labelled High-High; emerging cells with a hot pattern; the
densest 5 % of the density surface; every density-based cluster.

Which cells are neighbours comes from the grid's integer ids (queen
contiguity: the 8 squares or 6 hexagons around a cell,
:meth:`models.lattice.Lattice.contiguity_weights`), never from the cells'
floating-point outlines, which millions of metres from the projection's
origin need not meet exactly. Only irregular polygons (neighbourhoods) are
neighbours when their outlines touch (:func:`touching_pairs`).

A top hot spot is one peak of the statistic and the cells right around it,
so that a team can act on it:

1. *Peaks* (Gi* z-score; for LISA, local Moran's I in standard deviations):
   contiguous hot cells are split by *persistence*, as in the ToMATo
   clustering algorithm (Chazal, Guibas, Oudot and Skraba, 2013, "Persistence-
   based clustering in Riemannian manifolds", J. ACM 60(6)): cells are visited
   from the highest statistic down and join the peak of the neighbours
   already visited; two groups that meet stay apart only when the lower one's
   peak rises at least :data:`PROMINENCE_Z` above the cell where they meet
   (:func:`persistence_groups`).
2. *Zones*: each group is cut to the cells around its peak whose statistic
   is at least the peak's height minus half its topographic prominence (the
   drop from the peak to the col where it meets higher ground, or to the
   lowest hot cell for the highest peak; :func:`peak_prominence`). This is
   the width of a peak at half prominence, the rule of MATLAB's
   ``findpeaks`` (``WidthReference="halfprom"``) and of
   ``scipy.signal.peak_widths(rel_height=0.5)``, taken to two dimensions
   (:data:`CORE_DEPTH`, :func:`peak_cores`). The hot cells of a peak's
   lower slopes stay on the map but are not part of its zone: on the full
   demo the first Gi* peak's whole group covers 6.8 km² of contiguous hot
   cells, its zone 0.5 km² around one planted hot spot.

Emerging cells get peaks and zones the same way, on the Gi* z-score of each
cell's total over the whole period, among neighbouring cells of the same
pattern (on the full demo the first emerging zone was a 5.6 km² connected
area of one pattern; it is 0.3 km² now). Groups are ranked by the
incidents (or harm) they hold, most first.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Literal, TypeAlias

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import scipy.sparse as sp
import shapely
from scipy.sparse.csgraph import connected_components

from geo import schema, settings
from geo.crs import STORAGE_CRS
from geo.errors import MissingLayerError, TooFewIncidents, TooManyIncidents
from geo.grid import Grid, Shape
from geo.messages import localize_number
from geo.workspace import Workspace
from models.clusters import ClusterParameters, density_clusters
from models.density import DensitySurface, density_surface, population_density, raster_for
from models.emerging import EmergingParameters, emerging_hot_spots
from models.gistar import GiParameters, gi_star_hot_spots, gi_star_z
from models.lattice import (
    Lattice,
    point_coordinates,
    project_points,
    projected_crs,
    study_area,
)
from models.lisa import PERMUTATIONS, LisaParameters, lisa_cells, lisa_neighborhoods
from models.messages import PATTERN_NAMES, SENTENCES, TREND_NAMES, UNIT_NAMES
from models.scale import MAX_CELLS, ScaleChoice
from models.stats import mann_kendall
from models.summary import date_bounds, filter_incidents, period_years

Method = Literal["gi", "lisa", "kde", "dbscan", "hdbscan", "emerging"]
#: The methods, in the order the page offers them.
METHODS: tuple[str, ...] = ("gi", "lisa", "kde", "dbscan", "hdbscan", "emerging")
#: Time steps of the emerging hot spot analysis (pandas period codes).
TIME_STEPS: tuple[str, ...] = ("M", "Q", "Y")
#: The fewest incidents (after the filters) a hot-spot analysis accepts.
MIN_INCIDENTS = 3
#: A peak stays a hot spot of its own when it rises this far above where it meets a higher one.
PROMINENCE_Z = 1.0
#: A zone keeps the cells around its peak down to this share of the peak's prominence (half:
#: the width at half prominence, module docstring).
CORE_DEPTH = 0.5
#: A hot spot is "around" a public space when its peak is at most this far from it (metres).
AROUND_M = 150.0
#: At most this many neighbourhood names describe a group of neighbourhoods.
MAX_NAMES = 4
#: Area shares of the density levels drawn as areas (the densest 5 %, 10 %, 25 %).
KDE_LEVELS: tuple[float, ...] = (0.05, 0.10, 0.25)
#: Below this p-value a group's monthly counts have a trend (Mann-Kendall).
TREND_ALPHA = 0.05
#: Emerging hot patterns, most urgent first (the order of ties in a group).
HOT_PATTERNS: tuple[str, ...] = (
    "new_hot",
    "intensifying_hot",
    "consecutive_hot",
    "persistent_hot",
    "sporadic_hot",
    "oscillating_hot",
    "diminishing_hot",
    "historical_hot",
)

Source: TypeAlias = Workspace | str | Path | Mapping[str, gpd.GeoDataFrame | None]
DateLike: TypeAlias = date | datetime | str | None


@dataclass(frozen=True)
class KdeParameters:
    """What a kernel density run used, for the page and the CLI.

    Attributes
    ----------
    bandwidth
        Search radius in metres.
    rule
        ``"silverman"`` or ``"user"``.
    unit
        ``"per_km2"`` or ``"per_100k_residents"``.
    resolution
        Pixel size in metres.
    levels, thresholds
        The area shares drawn as areas and the density at each.
    crs
        The projected CRS.
    reason
        English sentences (the density model's).
    measure
        The unit of the surface, ``threshold`` and ``peak``: a code of
        :data:`models.messages.UNIT_NAMES` (``DensitySurface.measure``).
    min_residents
        Per resident: the fewest residents within the search radius that
        give a rate (blank below); NaN per km².
    """

    bandwidth: float
    rule: str
    unit: str
    resolution: float
    levels: tuple[float, ...]
    thresholds: tuple[float, ...]
    crs: str
    reason: str
    measure: str = "incidents_per_km2"
    min_residents: float = math.nan


Parameters: TypeAlias = (
    GiParameters | LisaParameters | KdeParameters | ClusterParameters | EmergingParameters
)


@dataclass(frozen=True)
class HotspotResult:
    """One hot-spot analysis: the result frame, its parameters, and what it analysed.

    Attributes
    ----------
    method
        One of :data:`METHODS`.
    frame
        The result in EPSG:4326, columns per method (module docstring).
    projected
        The same rows in :attr:`crs` (metres), for measuring.
    parameters
        The method's parameters dataclass, with its ``reason``.
    crs
        The projected CRS the analysis ran in.
    units
        ``"cells"``, ``"neighborhoods"``, ``"areas"`` or ``"clusters"``.
    weight
        ``"count"`` or ``"harm"``.
    incidents
        The incidents analysed (after the filters), in :attr:`crs`.
    surface
        The density raster (``kde`` only).
    start, end
        The period analysed (inclusive dates).
    labels
        DBSCAN/HDBSCAN: the cluster of each analysed incident (-1 for none),
        in the order of :attr:`incidents`; ``None`` for the other methods.
    options
        The arguments given to :func:`run_hotspots` (``None`` where the
        value was left to be chosen from the data).
    """

    method: str
    frame: gpd.GeoDataFrame
    projected: gpd.GeoDataFrame
    parameters: Parameters
    crs: str
    units: str
    weight: str
    incidents: gpd.GeoDataFrame
    surface: DensitySurface | None
    start: date
    end: date
    options: dict[str, object]
    labels: np.ndarray | None = None

    @property
    def reason(self) -> str:
        """The parameters' English explanation (see :func:`explain` for both languages)."""
        return self.parameters.reason

    @property
    def scale(self) -> ScaleChoice | None:
        """Cell size and distance, for the cell methods."""
        return getattr(self.parameters, "scale", None)


@dataclass(frozen=True)
class HotspotInputs:
    """The layers an analysis reads: incidents, and what gives them context."""

    incidents: gpd.GeoDataFrame
    neighborhoods: gpd.GeoDataFrame | None
    public_spaces: gpd.GeoDataFrame | None
    crs: str


# ---------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------


def load_inputs(source: Source, *, crs: str | None = None) -> HotspotInputs:
    """The incidents, neighbourhoods and public spaces of a workspace or a mapping.

    Parameters
    ----------
    source
        A :class:`geo.workspace.Workspace`, the path of one, or a mapping of
        layer name to frame (``incidents`` required; ``neighborhoods`` and
        ``public_spaces`` optional, ``None`` or absent when missing).
    crs
        Projected CRS to work in; default the workspace's, else chosen
        from the incidents.

    Raises
    ------
    geo.errors.WorkspaceError
        When a path is not a workspace.
    geo.errors.MissingLayerError
        When there is no incidents layer.
    """
    if isinstance(source, str | Path):
        source = Workspace(source)
    if isinstance(source, Workspace):
        incidents = source.read("incidents", projected=True)
        hoods = source.read("neighborhoods") if source.has("neighborhoods") else None
        spaces = source.read("public_spaces") if source.has("public_spaces") else None
        work_crs = crs or source.projected_crs
        return HotspotInputs(incidents, hoods, spaces, work_crs)
    incidents_or_none = source.get("incidents")
    if incidents_or_none is None:
        msg = "no `incidents` layer: a hot-spot analysis needs incidents"
        raise MissingLayerError(msg)
    hoods = source.get("neighborhoods")
    spaces = source.get("public_spaces")
    work_crs = crs or projected_crs(incidents_or_none)
    return HotspotInputs(incidents_or_none, hoods, spaces, work_crs)


def _as_date(value: DateLike, name: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return pd.Timestamp(value).date()
    except (ValueError, TypeError) as exc:
        msg = f"`{name}` {value!r} is not a date (use YYYY-MM-DD)"
        raise ValueError(msg) from exc


def _check(method: str, shape: str, weight: str, time_step: str, units: str) -> None:
    checks = (
        ("method", method, METHODS),
        ("shape", shape, ("square", "hex")),
        ("weight", weight, ("count", "harm")),
        ("time_step", time_step, TIME_STEPS),
        ("units", units, ("cells", "neighborhoods")),
    )
    for name, value, allowed in checks:
        if value not in allowed:
            msg = f"`{name}` must be one of {', '.join(allowed)}, got {value!r}"
            raise ValueError(msg)
    if units == "neighborhoods" and method != "lisa":
        msg = f"`units='neighborhoods'` is for method 'lisa', not {method!r}"
        raise ValueError(msg)


# ---------------------------------------------------------------------------
# The facade
# ---------------------------------------------------------------------------


def run_hotspots(
    source: Source,
    *,
    method: Method,
    cell_size: float | None = None,
    distance: float | None = None,
    shape: str = "square",
    weight: str = "count",
    categories: Sequence[str] | None = None,
    since: DateLike = None,
    until: DateLike = None,
    fdr: bool = True,
    units: str = "cells",
    permutations: int = PERMUTATIONS,
    bandwidth: float | None = None,
    per_resident: bool = False,
    eps: float | None = None,
    min_samples: int | None = None,
    min_cluster_size: int | None = None,
    time_step: str = "M",
    max_incidents: int | None = None,
    crs: str | None = None,
) -> HotspotResult:
    """Run one hot-spot method on a workspace's incidents.

    Parameters
    ----------
    source
        A workspace, its path, or a mapping of layers (:func:`load_inputs`).
    method
        ``"gi"`` (Getis-Ord Gi*), ``"lisa"`` (local Moran's I), ``"kde"``
        (kernel density), ``"dbscan"``, ``"hdbscan"`` or ``"emerging"``.
    cell_size, distance
        Metres (cell methods); ``None`` chooses them from the data as
        Optimized Hot Spot Analysis does (:mod:`models.scale`).
    shape
        ``"square"`` or ``"hex"`` cells.
    weight
        ``"count"`` or ``"harm"`` (each incident weighs its category's harm).
    categories
        Category codes to keep (``None``: all).
    since, until
        Inclusive dates (``date`` or ``"YYYY-MM-DD"``); ``None`` leaves that side open.
    fdr
        False discovery rate correction (Gi*, LISA and emerging).
    units
        ``"cells"`` or, for LISA, ``"neighborhoods"``: incidents per 100,000
        residents per year by neighbourhood, queen contiguity.
    permutations
        LISA's conditional permutations.
    bandwidth
        KDE search radius in metres; ``None``: the spatial Silverman rule.
    per_resident
        KDE per 100,000 residents (needs neighbourhoods with population).
    eps, min_samples, min_cluster_size
        DBSCAN / HDBSCAN settings; ``None``: chosen (:mod:`models.clusters`).
    time_step
        Emerging time step: ``"M"`` months, ``"Q"`` quarters, ``"Y"`` years.
    max_incidents
        HDBSCAN refuses more incidents than this; ``None``:
        ``geo.settings.hdbscan_max_incidents``.
    crs
        Projected CRS; default the workspace's.

    Returns
    -------
    HotspotResult

    Raises
    ------
    ValueError
        For a bad argument, or too few incidents passing the filters.
    geo.errors.TooManyIncidents
        HDBSCAN with more than ``max_incidents`` incidents.
    geo.errors.MissingLayerError
        No incidents layer, or no neighbourhoods for ``units="neighborhoods"``
        or ``per_resident``.
    """
    _check(method, shape, weight, time_step, units)
    start_d, end_d = _as_date(since, "since"), _as_date(until, "until")
    if start_d is not None and end_d is not None and start_d > end_d:
        msg = f"`since` {start_d} is after `until` {end_d}"
        raise ValueError(msg)
    if categories is not None:
        unknown = sorted(set(categories) - set(schema.CATEGORIES))
        if unknown:
            msg = f"unknown categories {unknown}; use the codes {', '.join(schema.CATEGORIES)}"
            raise ValueError(msg)
    inputs = load_inputs(source, crs=crs)
    hoods = inputs.neighborhoods
    if (units == "neighborhoods" or per_resident) and (hoods is None or not len(hoods)):
        what = "LISA by neighbourhood" if units == "neighborhoods" else "a density per resident"
        msg = f"{what} needs the `neighborhoods` layer with its population"
        raise MissingLayerError(msg)
    incidents = filter_incidents(
        inputs.incidents,
        start=start_d,
        end=end_d,
        categories=None if categories is None else list(categories),
    )
    n = len(incidents)
    if n < MIN_INCIDENTS:
        msg = (
            f"only {n} incidents pass the filters (categories, dates); "
            f"a hot-spot analysis needs at least {MIN_INCIDENTS}"
        )
        raise TooFewIncidents(msg, n=n, need=MIN_INCIDENTS)
    if max_incidents is None:
        max_incidents = settings.hdbscan_max_incidents
    if method == "hdbscan" and n > max_incidents:
        msg = (
            f"{n:,} incidents pass the filters; HDBSCAN is slow above {max_incidents:,}. "
            "Narrow the categories or the period, or use DBSCAN."
        )
        raise TooManyIncidents(msg, n=n, limit=max_incidents)
    work_crs = inputs.crs
    # project the points once: every method then finds them in its CRS (no second
    # projection of a million points in point_coordinates), and so does the result
    incidents = project_points(incidents, work_crs)
    first, last = date_bounds(incidents)
    start_p = start_d or first
    end_p = end_d or last
    mask = hoods if hoods is not None and len(hoods) else None
    surface: DensitySurface | None = None
    cluster_of: pd.Series | None = None
    params: Parameters
    result_units = "cells"
    if method == "gi":
        frame, params = gi_star_hot_spots(
            incidents,
            mask=mask,
            cell_size=cell_size,
            distance=distance,
            shape=shape,
            weight=weight,
            fdr=fdr,
            crs=work_crs,
        )
    elif method == "lisa" and units == "neighborhoods":
        assert hoods is not None
        frame, params = lisa_neighborhoods(
            incidents,
            hoods,
            years=period_years(start_p, end_p),
            weight=weight,
            permutations=permutations,
            fdr=fdr,
            crs=work_crs,
        )
        result_units = "neighborhoods"
    elif method == "lisa":
        frame, params = lisa_cells(
            incidents,
            mask=mask,
            cell_size=cell_size,
            distance=distance,
            shape=shape,
            weight=weight,
            permutations=permutations,
            fdr=fdr,
            crs=work_crs,
        )
    elif method == "kde":
        frame, params, surface = _kde(
            incidents,
            mask,
            hoods if per_resident else None,
            bandwidth=bandwidth,
            weight=weight,
            crs=work_crs,
            years=period_years(start_p, end_p),
        )
        result_units = "areas"
    elif method in ("dbscan", "hdbscan"):
        frame, cluster_of, params = density_clusters(
            incidents,
            method=method,
            eps=eps,
            min_samples=min_samples,
            min_cluster_size=min_cluster_size,
            spaces=inputs.public_spaces,
            crs=work_crs,
        )
        result_units = "clusters"
    else:
        frame, params = emerging_hot_spots(
            incidents,
            mask=mask,
            cell_size=cell_size,
            distance=distance,
            shape=shape,
            weight=weight,
            freq=time_step,
            start=pd.Timestamp(start_p) if start_d is not None else None,
            end=pd.Timestamp(end_p) if end_d is not None else None,
            fdr=fdr,
            crs=work_crs,
        )
    projected = frame.to_crs(work_crs) if str(frame.crs) != work_crs else frame
    return HotspotResult(
        method=method,
        frame=projected.to_crs(STORAGE_CRS),
        projected=projected,
        parameters=params,
        crs=work_crs,
        units=result_units,
        weight=weight,
        incidents=incidents,
        surface=surface,
        start=start_p,
        end=end_p,
        options={
            "cell_size": cell_size,
            "distance": distance,
            "shape": shape,
            "weight": weight,
            "categories": None if categories is None else tuple(categories),
            "since": start_d,
            "until": end_d,
            "fdr": fdr,
            "units": units,
            "permutations": permutations,
            "bandwidth": bandwidth,
            "per_resident": per_resident,
            "eps": eps,
            "min_samples": min_samples,
            "min_cluster_size": min_cluster_size,
            "time_step": time_step,
        },
        labels=None if cluster_of is None else cluster_of.to_numpy(dtype=np.int64),
    )


def _kde(
    incidents: gpd.GeoDataFrame,
    mask: gpd.GeoDataFrame | None,
    hoods: gpd.GeoDataFrame | None,
    *,
    bandwidth: float | None,
    weight: str,
    crs: str,
    years: float | None = None,
) -> tuple[gpd.GeoDataFrame, KdeParameters, DensitySurface]:
    """Kernel density, its densest areas and its parameters; per resident a year with ``hoods``."""
    x, y = point_coordinates(incidents, crs)
    area, _ = study_area(mask, crs, x=x, y=y)
    population = None
    if hoods is not None:
        raster = raster_for(area, x, y, bandwidth=bandwidth)
        pop = pd.to_numeric(hoods["population"], errors="coerce").fillna(0.0).to_numpy()
        population = population_density(hoods, pop, raster, crs=crs)
    min_residents = settings.min_residents if population is not None else math.nan
    surface = density_surface(
        incidents,
        mask=area,
        bandwidth=bandwidth,
        weight=weight,
        population=population,
        min_residents=None if population is None else min_residents,
        years=years if population is not None else None,
        crs=crs,
    )
    frame, thresholds = density_areas(surface)
    params = KdeParameters(
        bandwidth=surface.bandwidth,
        rule=surface.rule,
        unit=surface.unit,
        resolution=surface.raster.resolution,
        levels=KDE_LEVELS,
        thresholds=thresholds,
        crs=crs,
        reason=surface.reason,
        measure=surface.measure,
        min_residents=min_residents,
    )
    return frame, params, surface


def density_areas(
    surface: DensitySurface, *, levels: Sequence[float] = KDE_LEVELS
) -> tuple[gpd.GeoDataFrame, tuple[float, ...]]:
    """The densest parts of a density surface as polygons (module docstring, ``kde``).

    Parameters
    ----------
    surface
        A density raster.
    levels
        Area shares: at level ``a`` the pixels whose density is at or above
        the ``1 - a`` quantile of the defined pixels (and above zero).

    Returns
    -------
    (areas in the surface's CRS, the threshold of each level)
    """
    from scipy import ndimage  # lazily: KDE zones only

    values = surface.values
    raster = surface.raster
    finite = np.isfinite(values)
    defined = values[finite]
    per_km2 = surface.unit == "per_km2"
    pixel_km2 = raster.pixel_area_km2
    total = float(defined.sum() * pixel_km2) if per_km2 else math.nan
    rows: list[dict[str, object]] = []
    thresholds: list[float] = []
    structure = np.ones((3, 3), dtype=bool)
    for level in sorted(levels):
        if not 0.0 < level < 1.0:
            msg = f"density levels must lie in (0, 1), got {level!r}"
            raise ValueError(msg)
        threshold = float(np.quantile(defined, 1.0 - level)) if defined.size else math.nan
        thresholds.append(threshold)
        inside = finite & (values >= threshold) & (values > 0)
        labels, n = ndimage.label(inside, structure=structure)
        if n == 0:
            continue
        geoms = _pixel_polygons(labels, n, raster.x0, raster.y0, raster.resolution)
        index = np.arange(1, n + 1)
        peak = ndimage.maximum(values, labels, index)
        sums = ndimage.sum(np.where(inside, values, 0.0), labels, index)
        pixels = ndimage.sum(inside, labels, index)
        found = []
        for k in range(n):
            held = float(sums[k] * pixel_km2) if per_km2 else math.nan
            found.append(
                {
                    "level": float(level),
                    "threshold": threshold,
                    "peak": float(peak[k]),
                    "area_km2": float(pixels[k] * pixel_km2),
                    "incidents": held,
                    "share": held / total if per_km2 and total > 0 else math.nan,
                    "geometry": geoms[k],
                }
            )
        key = "incidents" if per_km2 else "peak"
        found.sort(key=lambda r: -float(r[key]))
        for rank, row in enumerate(found, start=1):
            row["area_id"] = rank
        rows.extend(found)
    columns = [
        "level",
        "area_id",
        "threshold",
        "peak",
        "area_km2",
        "incidents",
        "share",
        "geometry",
    ]
    frame = gpd.GeoDataFrame(
        pd.DataFrame(rows, columns=columns), geometry="geometry", crs=surface.crs
    )
    frame["area_id"] = frame["area_id"].astype("int64")
    return frame, tuple(thresholds)


def _pixel_polygons(
    labels: np.ndarray, n: int, x0: float, y0: float, res: float
) -> list[shapely.Geometry]:
    """One polygon per labelled region of a raster (row 0 south), from runs of pixels."""
    ny, nx = labels.shape
    padded = np.zeros((ny, nx + 2), dtype=labels.dtype)
    padded[:, 1:-1] = labels
    change = padded[:, 1:] != padded[:, :-1]
    rows, cols = np.nonzero(change)
    # each run starts where the label changes to non-zero and ends at the next change
    starts_r, starts_c, ends_c, run_label = [], [], [], []
    for r in np.unique(rows):
        c = cols[rows == r]
        for a, b in zip(c[:-1], c[1:], strict=True):
            lab = padded[r, a + 1]
            if lab:
                starts_r.append(r)
                starts_c.append(a)
                ends_c.append(b)
                run_label.append(lab)
    sr = np.asarray(starts_r, dtype=float)
    boxes = shapely.box(
        x0 + np.asarray(starts_c, dtype=float) * res,
        y0 + sr * res,
        x0 + np.asarray(ends_c, dtype=float) * res,
        y0 + (sr + 1) * res,
    )
    run_label_a = np.asarray(run_label)
    return [shapely.union_all(boxes[run_label_a == k]) for k in range(1, n + 1)]


# ---------------------------------------------------------------------------
# Grouping hot features into hot spots
# ---------------------------------------------------------------------------


def touching_pairs(geoms: npt.ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs ``(a, b)``, ``a != b``, of geometries that intersect (share an edge or corner).

    For irregular polygons (neighbourhoods) only: grid cells are neighbours
    by their ids (:func:`cell_pairs`).
    """
    arr = np.asarray(geoms)
    if arr.size == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    a, b = shapely.STRtree(arr).query(arr, predicate="intersects")
    keep = a != b
    return a[keep].astype(np.int64), b[keep].astype(np.int64)


def cell_pairs(
    i: npt.ArrayLike, j: npt.ArrayLike, *, shape: Shape, size: float = 1.0
) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs ``(a, b)``, ``a < b``, of grid cells that are queen neighbours by their ids.

    Parameters
    ----------
    i, j
        Grid ids of the cells (:mod:`geo.grid`), one pair per cell.
    shape
        ``"square"`` (8 neighbours) or ``"hex"`` (6).
    size
        Cell size in metres (does not change who neighbours whom).
    """
    lattice = Lattice(Grid(size=size, shape=shape), i, j)
    w = sp.triu(lattice.contiguity_weights(), k=1).tocoo()
    return w.row.astype(np.int64), w.col.astype(np.int64)


def _union_find_peaks(
    h: np.ndarray, adj: sp.csr_matrix, prominence: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Visit features from the highest down and merge groups (ToMATo).

    Returns the root of each feature (its group's peak); whether each
    feature is a peak (no neighbour visited before it); and, for each peak
    that met higher ground, the height where it met it (NaN otherwise).
    """
    n = h.size
    parent = np.full(n, -1, dtype=np.int64)
    col = np.full(n, math.nan)
    peak = np.zeros(n, dtype=bool)

    def find(i: int) -> int:
        root = i
        while parent[root] != root:
            root = int(parent[root])
        while parent[i] != root:
            parent[i], i = root, int(parent[i])
        return root

    for i in np.argsort(-h, kind="stable"):
        nbrs = adj.indices[adj.indptr[i] : adj.indptr[i + 1]]
        roots = {find(int(j)) for j in nbrs if parent[j] >= 0}
        if not roots:
            parent[i] = i
            peak[i] = True
            continue
        top = max(roots, key=lambda r: (h[r], -r))
        parent[i] = top
        for r in roots:
            if r == top:
                continue
            if math.isnan(col[r]):
                col[r] = h[i]
            if h[r] - h[i] < prominence:
                parent[r] = top
    return np.array([find(i) for i in range(n)], dtype=np.int64), peak, col


def _adjacency(n: int, a: npt.ArrayLike, b: npt.ArrayLike) -> sp.csr_matrix:
    ia, ib = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
    return sp.csr_matrix((np.ones(2 * ia.size), (np.r_[ia, ib], np.r_[ib, ia])), shape=(n, n))


def persistence_groups(
    height: npt.ArrayLike, a: npt.ArrayLike, b: npt.ArrayLike, *, prominence: float
) -> np.ndarray:
    """Group features by the peaks of ``height`` (ToMATo; module docstring).

    Parameters
    ----------
    height
        The statistic of each feature.
    a, b
        Pairs of touching features (both directions or one).
    prominence
        How far a peak must rise above where it meets a higher peak to stay
        a group of its own; ``math.inf`` gives the connected components.

    Returns
    -------
    numpy.ndarray
        For each feature, the index of its group's peak (the feature with
        the highest ``height`` of the group).
    """
    h = np.asarray(height, dtype=float)
    groups, _, _ = _union_find_peaks(h, _adjacency(h.size, a, b), prominence)
    return groups


def peak_prominence(height: npt.ArrayLike, a: npt.ArrayLike, b: npt.ArrayLike) -> np.ndarray:
    """Topographic prominence of every peak of ``height`` (NaN for features that are not peaks).

    A peak's prominence is how far it rises above the highest col (the
    lowest point of the best path) that leads to a higher peak; the
    highest peak of a connected set of features rises above the set's
    lowest feature. Features are peaks when no neighbour is higher (of
    equal neighbours, the one listed first).

    Parameters
    ----------
    height
        The statistic of each feature.
    a, b
        Pairs of neighbouring features.
    """
    h = np.asarray(height, dtype=float)
    roots, peaks, col = _union_find_peaks(h, _adjacency(h.size, a, b), math.inf)
    lowest = np.full(h.size, math.inf)
    np.minimum.at(lowest, roots, h)
    base = np.where(np.isnan(col), lowest[roots], col)
    return np.where(peaks, h - base, math.nan)


def peak_cores(
    height: npt.ArrayLike,
    a: npt.ArrayLike,
    b: npt.ArrayLike,
    groups: npt.ArrayLike,
    *,
    depth: float = CORE_DEPTH,
) -> np.ndarray:
    """Which features make up the zone of their group's peak (module docstring).

    Parameters
    ----------
    height
        The statistic of each feature.
    a, b
        Pairs of neighbouring features.
    groups
        The peak of each feature's group (:func:`persistence_groups`).
    depth
        Share of the peak's prominence (:func:`peak_prominence`) the zone
        reaches down: 0.5 keeps the features at or above half prominence,
        1 the whole group.

    Returns
    -------
    numpy.ndarray
        ``True`` for the features connected to their peak through features
        of the same group at or above ``peak - depth * prominence``.
    """
    if not 0.0 < depth <= 1.0:
        msg = f"`depth` must lie in (0, 1], got {depth!r}"
        raise ValueError(msg)
    h = np.asarray(height, dtype=float)
    g = np.asarray(groups, dtype=np.int64)
    if h.size == 0:
        return np.zeros(0, dtype=bool)
    prom = peak_prominence(h, a, b)
    peak_prom = np.nan_to_num(prom[g], nan=0.0)
    level = h[g] - depth * peak_prom
    high = h >= level - 1e-12 * np.maximum(np.abs(level), 1.0)
    ia, ib = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
    keep = high[ia] & high[ib] & (g[ia] == g[ib])
    adj = _adjacency(h.size, ia[keep], ib[keep])
    _, comp = connected_components(adj, directed=False)
    return high & (comp == comp[g])


def _confidence_from_bin(bins: npt.ArrayLike) -> np.ndarray:
    lookup = {3: 99.0, 2: 95.0, 1: 90.0}
    return np.array([lookup.get(abs(int(v)), math.nan) for v in np.asarray(bins)], dtype=float)


def _confidence_from_p(p: npt.ArrayLike) -> np.ndarray:
    pa = np.asarray(p, dtype=float)
    return np.select([pa <= 0.01, pa <= 0.05, pa <= 0.10], [99.0, 95.0, 90.0], default=math.nan)


@dataclass
class _Candidates:
    """The hot features of a result, and how to group them."""

    index: np.ndarray  # rows of result.projected
    value: np.ndarray
    height: np.ndarray
    confidence: np.ndarray
    pattern: np.ndarray
    since: np.ndarray
    groups: np.ndarray  # peak index (into the candidates) of each candidate
    unit: str


def _cell_shape(result: HotspotResult) -> Shape:
    """The cell shape a result was run with (``"square"`` unless it says ``"hex"``)."""
    return "hex" if result.options.get("shape") == "hex" else "square"


def _gi_of_totals(result: HotspotResult) -> np.ndarray:
    """Gi* z of each emerging cell's total over the whole period (the peaks of its zones)."""
    proj = result.projected
    scale = result.scale
    assert scale is not None
    grid = Grid(size=scale.cell.size, shape=_cell_shape(result))
    lattice = Lattice(grid, proj["cell_i"].to_numpy(), proj["cell_j"].to_numpy())
    w = lattice.band_weights(scale.distance, include_self=True)
    z, _, _, _ = gi_star_z(proj["total"].to_numpy(dtype=float), w)
    return np.nan_to_num(z, nan=0.0)


def _candidates(result: HotspotResult) -> _Candidates:
    proj = result.projected
    n = len(proj)
    nan = np.full(n, math.nan)
    empty = np.full(n, "", dtype=object)
    geoms = proj.geometry.to_numpy()
    method = result.method
    if method == "gi":
        keep = proj["gi_bin"].to_numpy() > 0
        value = proj["value"].to_numpy(dtype=float)
        height = proj["gi_z"].to_numpy(dtype=float)
        conf = _confidence_from_bin(proj["gi_bin"].to_numpy())
        pattern = np.full(n, "hot", dtype=object)
        since = empty
        unit, prominence = "cell", PROMINENCE_Z
    elif method == "lisa":
        keep = (proj["lisa_label"] == "High-High").to_numpy()
        col = "incidents" if result.units == "neighborhoods" else "value"
        value = proj[col].to_numpy(dtype=float)
        raw = proj["lisa_i"].to_numpy(dtype=float)
        sd = float(np.nanstd(raw[keep])) if keep.any() else 0.0
        height = raw / sd if sd > 0 else raw
        conf = _confidence_from_p(proj["lisa_p"].to_numpy())
        pattern = np.full(n, "High-High", dtype=object)
        since = empty
        if result.units == "neighborhoods":
            unit, prominence = "neighborhood", math.inf
        else:
            unit, prominence = "cell", PROMINENCE_Z
    elif method == "emerging":
        cats = proj["category"].astype(str).to_numpy()
        keep = np.isin(cats, HOT_PATTERNS)
        value = proj["total"].to_numpy(dtype=float)
        height = _gi_of_totals(result)
        conf = _confidence_from_bin(proj["final_bin"].to_numpy())
        pattern = cats.astype(object)
        since = proj["hot_since"].astype(str).to_numpy().astype(object)
        unit, prominence = "cell", PROMINENCE_Z
    elif method == "kde":
        levels = proj["level"].to_numpy(dtype=float)
        keep = levels == levels.min() if n else np.zeros(0, dtype=bool)
        value = proj["incidents"].to_numpy(dtype=float)
        height = proj["peak"].to_numpy(dtype=float)
        conf = nan
        pattern = np.full(n, "dense", dtype=object)
        since = empty
        unit, prominence = "area", -math.inf
    else:  # dbscan, hdbscan
        keep = np.ones(n, dtype=bool)
        col = "harm" if result.weight == "harm" else "n_incidents"
        value = proj[col].to_numpy(dtype=float)
        height = value
        conf = nan
        pattern = np.full(n, "cluster", dtype=object)
        since = proj["first_date"].dt.strftime("%Y-%m").fillna("").to_numpy().astype(object)
        unit, prominence = "cluster", -math.inf
    idx = np.flatnonzero(keep)
    if prominence == -math.inf:  # every feature is a hot spot of its own
        groups = np.arange(idx.size, dtype=np.int64)
    else:
        if unit == "cell":  # grid cells: neighbours by their ids, never by their outlines
            a, b = cell_pairs(
                proj["cell_i"].to_numpy()[idx],
                proj["cell_j"].to_numpy()[idx],
                shape=_cell_shape(result),
                size=result.scale.cell.size if result.scale is not None else 1.0,
            )
        else:  # neighbourhoods: irregular polygons touch
            a, b = touching_pairs(geoms[idx])
        if method == "emerging":
            same = pattern[idx][a] == pattern[idx][b]
            a, b = a[same], b[same]
        groups = persistence_groups(height[idx], a, b, prominence=prominence)
        if math.isfinite(prominence):  # a zone is the core of its peak
            core = peak_cores(height[idx], a, b, groups)
            old_to_new = np.cumsum(core) - 1
            idx, groups = idx[core], old_to_new[groups[core]]
    return _Candidates(
        index=idx,
        value=value[idx],
        height=height[idx],
        confidence=conf[idx],
        pattern=pattern[idx],
        since=since[idx],
        groups=groups,
        unit=unit,
    )


def _names(frame: gpd.GeoDataFrame | None) -> np.ndarray:
    if frame is None:
        return np.zeros(0, dtype=object)
    if "name" in frame.columns:
        return frame["name"].astype(str).to_numpy().astype(object)
    return frame.index.astype(str).to_numpy().astype(object)


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
            ``value``; a code of :data:`models.messages.UNIT_NAMES`.
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
    cand = _candidates(result)
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
        feature_rows = cand.index[members]
        if result.method == "kde":
            row["level"] = float(proj["level"].iloc[feature_rows[0]])
            if result.surface is not None and result.surface.unit != "per_km2":
                row["value"] = math.nan
        if result.method in ("dbscan", "hdbscan"):
            row["_cluster"] = int(proj["cluster"].iloc[feature_rows[0]])
            last = proj["last_date"].iloc[feature_rows[0]]
            row["until"] = pd.Timestamp(last).strftime("%Y-%m") if pd.notna(last) else ""
        if result.units == "neighborhoods":
            row["rate_100k"] = float(proj["rate_100k"].iloc[feature_rows].max())
            hood_names = list(_names(proj.iloc[feature_rows])[np.argsort(-cand.value[members])])
            shown = hood_names[:MAX_NAMES]
            if len(hood_names) > MAX_NAMES:
                shown.append(f"+{len(hood_names) - MAX_NAMES}")
            row["neighborhood"] = ", ".join(shown)
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
    """The unit of a result's figures, a code of :data:`models.messages.UNIT_NAMES`.

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
        names = _names(spaces)
        out.loc[pi, "nearest_space"] = names[si]
        out.loc[pi, "nearest_space_m"] = dist
    if result.units == "neighborhoods" or neighborhoods is None or not len(neighborhoods):
        return
    hgeom = neighborhoods.geometry.to_crs(result.crs).to_numpy()
    points = shapely.point_on_surface(peak_geoms)
    (pi, hi), _ = shapely.STRtree(hgeom).query_nearest(
        points, return_distance=True, all_matches=False
    )
    out.loc[pi, "neighborhood"] = _names(neighborhoods)[hi]


def _cell_grid(result: HotspotResult, rows: np.ndarray) -> Grid | None:
    """The grid of a result's cells, its origin read back from their outlines.

    ``None`` unless the outlines of the cells at ``rows`` of
    :attr:`HotspotResult.projected` are, vertex for vertex, the grid's own
    cells (:meth:`geo.grid.Grid.polygons`): then, and only then, an
    incident's cell is the cell its point lies in.
    """
    scale = result.scale
    proj = result.projected
    if scale is None or rows.size == 0 or not proj.crs or not proj.crs.equals(result.crs):
        return None
    size = float(scale.cell.size)
    if not (size > 0 and math.isfinite(size)):
        return None
    shape = _cell_shape(result)  # a wrong guess fails the vertex check below
    i = proj["cell_i"].to_numpy(dtype=np.int64)[rows]
    j = proj["cell_j"].to_numpy(dtype=np.int64)[rows]
    geoms = proj.geometry.to_numpy()[rows]
    first = shapely.get_coordinates(geoms[0])[0]
    probe = Grid(size=size, shape=shape)
    offset = shapely.get_coordinates(probe.polygons(i[:1], j[:1])[0])[0]
    x0 = round((first[0] - offset[0]) / size) * size
    y0 = round((first[1] - offset[1]) / size) * size
    grid = Grid(size=size, shape=shape, x0=x0, y0=y0)
    for a, b in zip(grid.polygons(i, j), geoms, strict=True):
        if not np.array_equal(shapely.get_coordinates(a), shapely.get_coordinates(b)):
            return None
    return grid


def _incidents_in_cells(
    result: HotspotResult, zone_of_row: np.ndarray
) -> tuple[np.ndarray, np.ndarray] | None:
    """``(incident, zone)`` pairs from each incident's grid cell; ``None`` if the cells do not allow it."""
    rows = np.flatnonzero(zone_of_row >= 0)
    grid = _cell_grid(result, rows)
    if grid is None:
        return None
    proj = result.projected
    inc = result.incidents
    if inc.crs is None or not inc.crs.equals(result.crs):
        return None
    pts = inc.geometry.to_numpy()
    lattice = Lattice(grid, proj["cell_i"].to_numpy()[rows], proj["cell_j"].to_numpy()[rows])
    pos = lattice.locate(shapely.get_x(pts), shapely.get_y(pts))
    pi = np.flatnonzero(pos >= 0)
    return pi, zone_of_row[rows][pos[pi]]


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
    inc = result.incidents
    k = len(outlines)
    in_cells = None if zone_of_row is None else _incidents_in_cells(result, zone_of_row)
    if result.labels is not None and "_cluster" in out.columns:
        # a cluster's incidents are its members (hulls may overlap)
        group_of_cluster = {int(c): g for g, c in enumerate(out["_cluster"])}
        lookup = np.array([group_of_cluster.get(int(c), -1) for c in result.labels])
        pi = np.flatnonzero(lookup >= 0)
        gi = lookup[pi]
    elif in_cells is not None:
        pi, gi = in_cells
    else:
        pts = inc.geometry.to_numpy()
        pi, gi = shapely.STRtree(np.asarray(outlines)).query(pts, predicate="intersects")
        # a point on the border of two outlines counts once, in the first
        first = np.unique(pi, return_index=True)[1]
        pi, gi = pi[first], gi[first]
    # only the incidents in a zone are read further (a few of a million)
    cats = inc["category"].iloc[pi].astype(str).to_numpy()
    harm = pd.Series(cats).map(schema.HARM_WEIGHTS).fillna(0.0).to_numpy(dtype=float)
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


def _say(key: str, lang: str, **params: object) -> str:
    entry = SENTENCES[key]
    return entry["es" if lang == "es" else "en"].format(**params)


def number(value: float, lang: str, digits: int = 0) -> str:
    """A number for a sentence: ``1,234.5`` in English, ``1.234,5`` in Spanish."""
    return localize_number(f"{value:,.{digits}f}", lang)


def metres(value: float, lang: str) -> str:
    """A distance for a sentence: ``"250 m"``, ``"1.2 km"`` (``"1,2 km"`` in Spanish)."""
    if value >= 1000:
        return f"{number(value / 1000, lang, 1)} km"
    return f"{number(value, lang)} m"


def area_text(km2: float, lang: str) -> str:
    """An area for a sentence, a table or a download, in a unit that suits its size.

    Below one hectare in square metres (to 10 m²), below 1 km² in hectares,
    else in square kilometres: never ``"0,00 km²"``.

    Examples
    --------
    >>> area_text(0.00078, "en"), area_text(0.61, "es"), area_text(0.025, "en")
    ('780 m²', '61 ha', '2.5 ha')
    >>> area_text(6.8, "es"), area_text(41.27, "en")
    ('6,80 km²', '41.3 km²')
    """
    if not math.isfinite(km2):
        return "–"
    m2 = km2 * 1e6
    if m2 < 9_995:
        return f"{number(round(m2, -1), lang)} m²"
    if km2 < 0.9995:
        ha = m2 / 1e4
        return f"{number(ha, lang, 1 if ha < 9.95 else 0)} ha"
    return f"{number(km2, lang, 2 if km2 < 9.995 else 1)} km²"


def unit_text(measure: str, lang: str) -> str:
    """The words of a unit code of :data:`models.messages.UNIT_NAMES`, lower case."""
    return UNIT_NAMES[measure]["es" if lang == "es" else "en"]


def _category_words(codes: str, lang: str) -> str:
    labels = []
    for code in (c for c in codes.split(",") if c):
        cat = schema.CATEGORIES.get(code)
        text = code if cat is None else (cat.label_es if lang == "es" else cat.label_en)
        labels.append(text[:1].lower() + text[1:])
    if len(labels) <= 1:
        return "".join(labels)
    return f"{', '.join(labels[:-1])} {_say('and', lang)} {labels[-1]}"


def _text(row: Mapping[str, object] | pd.Series, key: str) -> str:
    value = row.get(key, "")
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def _num(row: Mapping[str, object] | pd.Series, key: str) -> float | None:
    value = row.get(key, None)
    try:
        out = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(out) else out


def _row_measure(row: Mapping[str, object] | pd.Series) -> str:
    """The unit code of a top hot spot's figures (older rows without ``measure`` too)."""
    measure = _text(row, "measure")
    if measure in UNIT_NAMES:
        return measure
    quantity = "harm" if _text(row, "weight") == "harm" else "incidents"
    if _text(row, "method") == "kde":
        per_km2 = _num(row, "value") is not None
        return f"{quantity}_per_km2" if per_km2 else f"{quantity}_per_100k_year"
    if _text(row, "unit") == "neighborhood":
        return f"{quantity}_per_100k_year"
    return quantity


def describe(row: Mapping[str, object] | pd.Series, lang: str = "en") -> str:
    """One hot spot of :func:`top_hotspots` in a plain sentence.

    Parameters
    ----------
    row
        A row of :func:`top_hotspots` (a ``Series`` or a mapping).
    lang
        ``"es"`` or ``"en"``.

    Examples
    --------
    >>> describe({"method": "emerging", "unit": "cell", "n_cells": 12, "confidence": 99.0,
    ...           "pattern": "intensifying_hot", "since": "2024-03",
    ...           "nearest_space": "Parque X", "nearest_space_m": 40.0})
    '12 cells around Parque X: an intensifying hot spot, hot in at least 90 % of the periods, the last one included (99 % confidence), and more intensely over time.'
    """
    method = _text(row, "method")
    unit = _text(row, "unit") or "cell"
    n_cells = int(_num(row, "n_cells") or 0)
    if unit in ("cell", "neighborhood"):
        form = "one" if n_cells == 1 else "other"
        who = _say(f"who.{unit}.{form}", lang, n=number(n_cells, lang))
    elif unit == "area":
        who = _say("who.area", lang, area=area_text(_num(row, "area_km2") or 0.0, lang))
    else:
        who = _say("who.cluster", lang, incidents=number(_num(row, "n_incidents") or 0, lang))
    where: list[str] = []
    space = _text(row, "nearest_space")
    hood = _text(row, "neighborhood")
    if unit == "neighborhood" and hood:
        names, _, more = hood.rpartition(", +")
        if names and more.isdigit():  # "A, B, C, D, +2" -> "A, B, C, D and 2 more"
            hood = _say("where.more", lang, names=names, n=number(int(more), lang))
        where.append(_say("where.hoods", lang, names=hood))
    elif space:
        dist = _num(row, "nearest_space_m") or 0.0
        if dist <= AROUND_M:
            where.append(_say("where.around", lang, space=space))
        else:
            where.append(_say("where.near", lang, space=space, distance=metres(dist, lang)))
    if unit != "neighborhood" and hood:
        where.append(_say("where.in", lang, neighborhood=hood))
    conf = number(_num(row, "confidence") or 0.0, lang)
    pattern = _text(row, "pattern")
    if method == "gi":
        what = _say("what.gi", lang, confidence=conf)
    elif method == "lisa" and unit == "neighborhood":
        what = _say(
            "what.lisa_hoods",
            lang,
            rate=number(_num(row, "rate_100k") or 0.0, lang, 1),
            unit=unit_text(_row_measure(row), lang),
        )
    elif method == "lisa":
        what = _say("what.lisa", lang, confidence=conf)
    elif method == "emerging":
        key = f"what.emerging.{pattern}"
        if key not in SENTENCES:
            key = "what.emerging.no_pattern"
        what = _say(key, lang, confidence=conf, since=_text(row, "since"))
    elif method == "kde":
        level = number(100 * (_num(row, "level") or 0.0), lang)
        harm = _text(row, "weight") == "harm"
        held_n = _num(row, "harm" if harm else "n_incidents") or 0.0
        words = "what.harm" if harm else ("what.incidents.one" if held_n == 1 else "what.incidents")
        held = f"{number(held_n, lang)} {_say(words, lang)}"
        measure = _row_measure(row)
        per_resident = "_per_100k" in measure
        what = _say(
            "what.kde_rate" if per_resident else "what.kde",
            lang,
            level=level,
            held=held,
            peak=number(_num(row, "peak") or 0.0, lang),
            unit=unit_text(measure, lang),
        )
    else:
        what = _say(
            "what.cluster",
            lang,
            categories=_category_words(_text(row, "top_categories"), lang),
            since=_text(row, "since"),
            until=_text(row, "until"),
        )
    trend = _text(row, "trend")
    rising_or_falling = method != "emerging" and trend in ("rising", "falling")
    tail = _say(f"trend.{trend}", lang) if rising_or_falling else ""
    head = " ".join([who, *where])
    return f"{head}: {what}{tail}."


def top_table(top: gpd.GeoDataFrame, lang: str = "en") -> gpd.GeoDataFrame:
    """The top hot spots as a file: the zones with every column of the page's table.

    Parameters
    ----------
    top
        From :func:`top_hotspots`.
    lang
        ``"es"`` or ``"en"``: the language of the words inside.

    Returns
    -------
    geopandas.GeoDataFrame
        The columns of :func:`top_hotspots` (``rank`` first, the zone
        polygons as geometry), with ``description`` (:func:`describe`) and
        ``area`` (:func:`area_text`) after ``rank``, and ``trend`` in words
        (``"En descenso"``, ``"Rising"``; empty where there is none), as
        the page's table shows them. ``cli.py hotspots --top-out`` writes
        it; the page's download should too.
    """
    out = top.copy()
    key = "es" if lang == "es" else "en"
    out.insert(1, "description", [describe(row, lang) for _, row in top.iterrows()])
    out.insert(2, "area", [area_text(float(a), lang) for a in top["area_km2"]])
    out["trend"] = [TREND_NAMES[v][key] if v in TREND_NAMES else "" for v in top["trend"]]
    return out


def _explain_scale(scale: ScaleChoice, lang: str) -> list[str]:
    cell = scale.cell
    size = metres(cell.size, lang)
    nn = metres(cell.nearest_neighbour_m, lang) if math.isfinite(cell.nearest_neighbour_m) else ""
    parts = [_say(f"cell.{cell.rule}", lang, size=size, nn=nn, max=number(MAX_CELLS, lang))]
    z = ""
    profile = scale.profile
    if profile is not None:
        idx = profile.first_peak if scale.distance_rule == "first_peak" else profile.max_peak
        if idx is not None:
            z = number(profile.z[idx], lang, 1)
    parts.append(
        _say(
            f"distance.{scale.distance_rule}",
            lang,
            distance=metres(scale.distance, lang),
            z=z,
            k=scale.k,
        )
    )
    parts.append(_say("neighbors", lang, k=number(scale.mean_neighbors, lang)))
    return parts


def explain(result: HotspotResult, lang: str = "en") -> str:
    """What scale or parameters a result used and why, in ``lang`` (``"es"``/``"en"``)."""
    p = result.parameters
    parts: list[str] = []
    if isinstance(p, GiParameters):
        parts += _explain_scale(p.scale, lang)
        parts.append(
            _say(
                "gi.result",
                lang,
                hot=number(p.n_hot, lang),
                cold=number(p.n_cold, lang),
                n=number(p.n_cells, lang),
                fdr=_say("fdr.on" if p.fdr else "fdr.off", lang),
            )
        )
        parts.append(_say("zones.peaks", lang))
    elif isinstance(p, LisaParameters):
        if p.scale is not None:
            parts += _explain_scale(p.scale, lang)
        else:
            parts.append(
                _say(
                    "lisa.hoods",
                    lang,
                    n=number(p.n_features, lang),
                    unit=unit_text(result_measure(result), lang),
                )
            )
        c = p.counts
        parts.append(
            _say(
                "lisa.result",
                lang,
                permutations=number(p.permutations, lang),
                test=_say("lisa.test.fdr" if p.fdr else "lisa.test.p", lang),
                hh=number(c.get("High-High", 0), lang),
                ll=number(c.get("Low-Low", 0), lang),
                hl=number(c.get("High-Low", 0), lang),
                lh=number(c.get("Low-High", 0), lang),
                n=number(p.n_features, lang),
            )
        )
        if p.scale is not None:
            parts.append(_say("zones.peaks", lang))
    elif isinstance(p, KdeParameters):
        parts.append(
            _say(
                f"kde.{p.rule}",
                lang,
                bandwidth=metres(p.bandwidth, lang),
                resolution=metres(p.resolution, lang),
            )
        )
        parts.append(_say("kde.unit", lang, unit=unit_text(p.measure, lang)))
        if p.unit != "per_km2":
            parts.append(_say("kde.per_resident", lang, min=number(p.min_residents, lang)))
    elif isinstance(p, ClusterParameters):
        common = {
            "clusters": number(p.n_clusters, lang),
            "noise": number(p.n_noise, lang),
            "min_samples": p.min_samples,
        }
        share = (
            f"{number(100 * p.max_cluster_share, lang)} %"
            if p.max_cluster_share is not None and math.isfinite(p.max_cluster_share)
            else "100 %"
        )
        if p.method == "dbscan":
            eps = metres(p.eps, lang)
            parts.append(_say("dbscan.result", lang, eps=eps, **common))
            if result.options.get("eps") is None:
                parts.append(
                    _say("dbscan.eps_auto", lang, eps=eps, min_samples=p.min_samples, share=share)
                )
        else:
            parts.append(
                _say(
                    "hdbscan.result",
                    lang,
                    min_cluster_size=p.min_cluster_size,
                    share=share,
                    **common,
                )
            )
    else:
        parts += _explain_scale(p.scale, lang)
        found = [
            f"{PATTERN_NAMES[k]['es' if lang == 'es' else 'en'].lower()} {number(v, lang)}"
            for k, v in p.counts.items()
            if k != "no_pattern" and v
        ]
        parts.append(
            _say(
                "emerging.result",
                lang,
                steps=len(p.periods),
                first=p.periods[0],
                last=p.periods[-1],
                found=", ".join(found) or _say("emerging.none", lang),
            )
        )
        parts.append(_say("zones.peaks", lang))
    return " ".join(parts)
