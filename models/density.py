"""Kernel density surfaces of incidents (quartic kernel), optionally per resident.

The surface is ArcGIS's *Kernel Density* for points: at location ``s``::

    density(s) = 1 / r**2 * sum_i 3 / pi * w_i * (1 - (d_i / r)**2)**2     for d_i < r

with ``d_i`` the distance from ``s`` to incident ``i``, ``w_i`` its weight
(1, or its harm) and ``r`` the bandwidth (search radius). The quartic
(biweight) kernel integrates to one, so the surface integrates to the
number of incidents (or the total harm). Reported per square kilometre,
over the whole period analysed.

Per resident (:func:`density_surface` with ``population``)
    The incidents' surface divided by the residents' surface smoothed with
    the same kernel, times 100,000 (and divided by the period's length in
    years when given): a ratio of two kernel estimates, Bithell's (1990)
    relative risk surface. Where fewer than ``geo.settings.min_residents``
    people live within the search radius the rate is left blank: a few
    residents would give a huge, meaningless rate.

Bandwidth (:func:`silverman_bandwidth`)
    Unless given, ArcGIS's spatial variant of Silverman's rule of thumb::

        r = 0.9 * min(SD, sqrt(1 / ln 2) * Dm) * n ** -0.2

    where ``SD`` is the standard distance of the points, ``Dm`` the median
    distance from their mean centre and ``n`` the number of points.
    ArcGIS weights all three by a *population* field, which counts
    coincident events; a harm weight is a severity, not a count, so
    :func:`density_surface` derives the bandwidth from the incidents'
    locations alone (each incident once) and applies the harm weights only
    in the sum.

Computation
    The points are binned on the output raster (each incident to the pixel
    that holds it) and the binned counts are convolved with the kernel
    sampled at the pixel offsets by FFT (:func:`fft_convolve_same`, the steps of
    :func:`scipy.signal.fftconvolve` without its ~1 s of import):
    the cost depends on the raster, not on the number of incidents. The
    sampled kernel is rescaled so that its discrete integral is exactly 1,
    which keeps the surface's integral equal to the total weight; the
    binning moves each incident by at most half a pixel diagonal, so the
    raster's resolution is kept at or below a quarter of the bandwidth.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from geo import settings
from models.lattice import (
    XY,
    MaskSpec,
    WeightSpec,
    prepare_points,
)
from models.options import DensityUnit

#: ArcGIS's default output cell size: the shorter side of the extent divided by this.
CELLS_ALONG_SHORT_SIDE = 250
#: The resolution is at most the bandwidth divided by this.
PIXELS_PER_BANDWIDTH = 4
#: Area shares of the density levels drawn as areas (the densest 5 %, 10 %, 25 %).
KDE_LEVELS: tuple[float, ...] = (0.05, 0.10, 0.25)


@dataclass(frozen=True)
class Raster:
    """A regular raster in the projected CRS.

    Pixel ``(row, col)`` covers ``x0 + col * res .. x0 + (col + 1) * res``
    and ``y0 + row * res .. y0 + (row + 1) * res``: row 0 is the
    **southern** edge (flip the rows to draw it as an image, north up).
    """

    x0: float
    y0: float
    resolution: float
    nx: int
    ny: int

    @classmethod
    def covering(cls, bounds: tuple[float, float, float, float], resolution: float) -> Raster:
        """The raster of ``resolution`` whose pixels cover ``bounds``."""
        if not (resolution > 0 and math.isfinite(resolution)):
            msg = f"`resolution` must be a positive number of metres, got {resolution!r}"
            raise ValueError(msg)
        xmin, ymin, xmax, ymax = bounds
        nx = max(1, int(math.ceil((xmax - xmin) / resolution)))
        ny = max(1, int(math.ceil((ymax - ymin) / resolution)))
        return cls(float(xmin), float(ymin), float(resolution), nx, ny)

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """``(xmin, ymin, xmax, ymax)`` in metres."""
        return (
            self.x0,
            self.y0,
            self.x0 + self.nx * self.resolution,
            self.y0 + self.ny * self.resolution,
        )

    @property
    def pixel_area_km2(self) -> float:
        """Area of one pixel in square kilometres."""
        return self.resolution**2 / 1e6

    def centers(self) -> tuple[np.ndarray, np.ndarray]:
        """``(x, y)`` of every pixel centre, each of shape ``(ny, nx)``."""
        xs = self.x0 + (np.arange(self.nx) + 0.5) * self.resolution
        ys = self.y0 + (np.arange(self.ny) + 0.5) * self.resolution
        return np.meshgrid(xs, ys)

    def inside(self, geometry: BaseGeometry) -> np.ndarray:
        """Boolean ``(ny, nx)``: pixel centres inside ``geometry``."""
        cx, cy = self.centers()
        shapely.prepare(geometry)
        return np.asarray(shapely.contains_xy(geometry, cx, cy))


def standard_distance(
    x: npt.ArrayLike, y: npt.ArrayLike, weights: npt.ArrayLike | None = None
) -> float:
    """Weighted standard distance of points around their weighted mean centre, metres."""
    xa, ya = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    w = np.ones_like(xa) if weights is None else np.asarray(weights, dtype=float)
    mx, my = np.average(xa, weights=w), np.average(ya, weights=w)
    return float(np.sqrt(np.average((xa - mx) ** 2 + (ya - my) ** 2, weights=w)))


def _weighted_median(values: np.ndarray, weights: np.ndarray) -> float:
    if weights.size and (weights == 1.0).all():
        # counts: the same element (cumsum is 1, 2, ..., n), by a partial sort instead of a full one
        k = int(np.searchsorted(np.arange(1, values.size + 1), 0.5 * values.size))
        return float(np.partition(values, k)[k])
    order = np.argsort(values)
    v, w = values[order], weights[order]
    cum = np.cumsum(w)
    return float(v[np.searchsorted(cum, 0.5 * cum[-1])])


def silverman_bandwidth(
    x: npt.ArrayLike, y: npt.ArrayLike, weights: npt.ArrayLike | None = None
) -> tuple[float, str]:
    """ArcGIS's default search radius (module docstring) and a sentence with its figures."""
    xa, ya = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if xa.size < 2:
        msg = "a bandwidth needs at least 2 points"
        raise ValueError(msg)
    w = np.ones_like(xa) if weights is None else np.asarray(weights, dtype=float)
    if (w < 0).any() or w.sum() <= 0:
        msg = "`weights` must be non-negative with a positive sum"
        raise ValueError(msg)
    sd = standard_distance(xa, ya, w)
    mx, my = np.average(xa, weights=w), np.average(ya, weights=w)
    dm = _weighted_median(np.hypot(xa - mx, ya - my), w)
    n = float(w.sum())
    spread = min(sd, math.sqrt(1.0 / math.log(2.0)) * dm)
    r = 0.9 * spread * n**-0.2
    if r <= 0:
        msg = "the points are all at one place: no bandwidth can be derived"
        raise ValueError(msg)
    which = "standard distance" if sd <= math.sqrt(1.0 / math.log(2.0)) * dm else "median distance"
    reason = (
        f"Bandwidth {r:,.0f} m by the spatial Silverman rule 0.9 x min(SD, Dm/sqrt(ln 2)) x n^-0.2 "
        f"(SD {sd:,.0f} m, Dm {dm:,.0f} m, n {n:,.0f}; the {which} is the smaller)."
    )
    return float(r), reason


def fft_convolve_same(image: npt.ArrayLike, kernel: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """``scipy.signal.fftconvolve(image, kernel, mode="same")`` for real 2-D arrays.

    The same steps, so the same numbers to the last bit
    (``tests/models/test_density.py`` compares them): real FFTs padded to
    :func:`scipy.fft.next_fast_len` of the full convolution's shape, their
    product transformed back, cut to the full shape, then its centre of
    ``image``'s shape. Only :mod:`scipy.fft` is imported (~0.3 s), not
    :mod:`scipy.signal` (~1 s).
    """
    from scipy import fft

    a = np.asarray(image, dtype=np.float64)
    b = np.asarray(kernel, dtype=np.float64)
    if a.ndim != 2 or b.ndim != 2:
        msg = f"2-D arrays are needed, got {a.ndim} and {b.ndim} dimensions"
        raise ValueError(msg)
    if a.size == 0 or b.size == 0:
        return np.zeros(a.shape)
    full = [a.shape[i] + b.shape[i] - 1 for i in range(2)]
    padded = [fft.next_fast_len(n, True) for n in full]
    product = fft.rfftn(a, padded, axes=(0, 1)) * fft.rfftn(b, padded, axes=(0, 1))
    out = np.asarray(fft.irfftn(product, padded, axes=(0, 1)))[: full[0], : full[1]]
    r0, c0 = (full[0] - a.shape[0]) // 2, (full[1] - a.shape[1]) // 2
    return out[r0 : r0 + a.shape[0], c0 : c0 + a.shape[1]].copy()


def quartic_kernel(resolution: float, bandwidth: float) -> np.ndarray:
    """The quartic kernel sampled at pixel offsets, rescaled to integrate to 1 (per m^2)."""
    reach = int(math.ceil(bandwidth / resolution))
    off = np.arange(-reach, reach + 1) * resolution
    dx, dy = np.meshgrid(off, off)
    u2 = (dx**2 + dy**2) / bandwidth**2
    k = np.where(u2 < 1.0, 3.0 / math.pi * (1.0 - u2) ** 2, 0.0) / bandwidth**2
    kernel: npt.NDArray[np.float64] = k / (k.sum() * resolution**2)
    return kernel


@dataclass(frozen=True)
class DensitySurface:
    """A kernel density raster.

    Attributes
    ----------
    values
        ``(ny, nx)`` density per km² over the period (incidents or harm
        units per km²), row 0 south (see :class:`Raster`); NaN outside the
        mask. With a population: incidents (or harm units) per 100,000
        residents, per year when the period's length was given; NaN where
        fewer than ``min_residents`` people live within the search radius.
    raster
        Where the pixels are.
    bandwidth
        Search radius in metres.
    rule
        ``"user"`` or ``"silverman"``.
    unit
        ``"per_km2"`` or ``"per_100k_residents"``.
    crs
        The projected CRS.
    reason
        English sentences for the page.
    quantity
        What is counted: ``"incidents"``, or ``"harm"`` (harm units, each
        incident weighing its category's harm).
    per_year
        ``True`` when a rate per resident was divided by the period's
        length in years (always ``False`` per km²).
    """

    values: np.ndarray
    raster: Raster
    bandwidth: float
    rule: str
    unit: DensityUnit
    crs: str
    reason: str
    quantity: str = "incidents"
    per_year: bool = False

    @property
    def measure(self) -> str:
        """The unit of :attr:`values` as a code of :data:`catalog.models.UNIT_NAMES`.

        ``"incidents_per_km2"`` or ``"harm_per_km2"`` (over the period);
        ``"incidents_per_100k_year"``, ``"harm_per_100k_year"`` (per
        100,000 residents a year), or ``..._per_100k`` (over the period).
        """
        if self.unit == "per_km2":
            return f"{self.quantity}_per_km2"
        return f"{self.quantity}_per_100k" + ("_year" if self.per_year else "")

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """``(xmin, ymin, xmax, ymax)`` in metres (for an image overlay)."""
        return self.raster.bounds

    def total(self) -> float:
        """Integral of the surface (incidents or harm) where it is defined."""
        if self.unit != "per_km2":
            msg = "the integral is defined for densities per km², not rates per resident"
            raise ValueError(msg)
        return float(np.nansum(self.values) * self.raster.pixel_area_km2)


def kernel_density(
    x: npt.ArrayLike,
    y: npt.ArrayLike,
    *,
    weights: npt.ArrayLike | None = None,
    bandwidth: float | None = None,
    raster: Raster | None = None,
    resolution: float | None = None,
) -> tuple[np.ndarray, Raster, float, str]:
    """Quartic kernel density of points on a raster, per km².

    Parameters
    ----------
    x, y
        Coordinates in metres.
    weights
        Per-point weights, or ``None`` to count.
    bandwidth
        Search radius in metres; ``None``: :func:`silverman_bandwidth`.
    raster
        Where to evaluate; default a raster over the points' extent grown
        by the bandwidth (so nothing is lost at the edges).
    resolution
        Pixel size when ``raster`` is not given; default ArcGIS's (the
        shorter side of the extent / 250), at most the bandwidth / 4.

    Returns
    -------
    (values per km² ``(ny, nx)``, raster, bandwidth, reason)
    """
    xa, ya = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    w = np.ones_like(xa) if weights is None else np.asarray(weights, dtype=float)
    if bandwidth is None:
        bw, reason = silverman_bandwidth(xa, ya, w)
    else:
        if not (bandwidth > 0 and math.isfinite(bandwidth)):
            msg = f"`bandwidth` must be a positive number of metres, got {bandwidth!r}"
            raise ValueError(msg)
        bw, reason = float(bandwidth), f"Bandwidth {bandwidth:,.0f} m (set by the user)."
    if raster is None:
        xmin, xmax = float(xa.min()) - bw, float(xa.max()) + bw
        ymin, ymax = float(ya.min()) - bw, float(ya.max()) + bw
        if resolution is None:
            resolution = min(xmax - xmin, ymax - ymin) / CELLS_ALONG_SHORT_SIDE
            resolution = min(resolution, bw / PIXELS_PER_BANDWIDTH)
        raster = Raster.covering((xmin, ymin, xmax, ymax), resolution)
    res = raster.resolution
    if res > bw / 2:
        msg = (
            f"the raster's pixels ({res:,.0f} m) are too coarse for a {bw:,.0f} m bandwidth; "
            f"use pixels of at most {bw / PIXELS_PER_BANDWIDTH:,.0f} m"
        )
        raise ValueError(msg)
    col = np.floor((xa - raster.x0) / res).astype(np.int64)
    row = np.floor((ya - raster.y0) / res).astype(np.int64)
    kernel = quartic_kernel(res, bw)
    reach = kernel.shape[0] // 2
    # bin on a grid padded by the kernel's reach, so points just outside still count
    pnx, pny = raster.nx + 2 * reach, raster.ny + 2 * reach
    pc, pr = col + reach, row + reach
    ok = (pc >= 0) & (pc < pnx) & (pr >= 0) & (pr < pny)
    grid = np.bincount(pr[ok] * pnx + pc[ok], weights=w[ok], minlength=pnx * pny).reshape(pny, pnx)
    dens = fft_convolve_same(grid, kernel)[reach : reach + raster.ny, reach : reach + raster.nx]
    dens = np.clip(dens, 0.0, None) * 1e6  # FFT round-off can leave -1e-17; per m² -> per km²
    return dens, raster, bw, reason


def population_density(
    polygons: gpd.GeoDataFrame, population: npt.ArrayLike, raster: Raster, *, crs: str
) -> np.ndarray:
    """Residents per km² at each pixel centre, from polygons with a population.

    Each polygon's residents are spread evenly over its area; pixels in no
    polygon get 0.
    """
    geoms = polygons.geometry.to_crs(crs).to_numpy()
    pop = np.asarray(population, dtype=float)
    area_km2 = shapely.area(geoms) / 1e6
    with np.errstate(divide="ignore", invalid="ignore"):
        dens = np.where(area_km2 > 0, pop / area_km2, 0.0)
    cx, cy = raster.centers()
    pts = shapely.points(cx.ravel(), cy.ravel())
    tree = shapely.STRtree(geoms)
    pix, poly = tree.query(pts, predicate="within")
    out = np.zeros(pts.size)
    first = np.unique(pix, return_index=True)[1]
    out[pix[first]] = dens[poly[first]]
    return out.reshape(raster.ny, raster.nx)


def residents_around(
    population: npt.ArrayLike, raster: Raster, bandwidth: float
) -> tuple[np.ndarray, np.ndarray]:
    """The population smoothed like the incidents, and the residents within the search radius.

    Parameters
    ----------
    population
        Residents per km² at each pixel of ``raster`` (:func:`population_density`).
    raster
        The raster of the density surface.
    bandwidth
        The surface's search radius in metres.

    Returns
    -------
    (smoothed, within)
        ``smoothed``: residents per km² convolved with the same quartic
        kernel as the incidents, so that their ratio is a ratio of two
        kernel estimates (Bithell's relative risk surface) rather than
        a smooth count divided by a step function that jumps at every
        neighbourhood border. ``within``: residents whose pixel lies
        within ``bandwidth`` of each pixel (a disc sum), to tell where
        too few people live for a rate.
    """
    pop = np.asarray(population, dtype=float)
    if pop.shape != (raster.ny, raster.nx):
        msg = f"`population` has shape {pop.shape}; the raster is {(raster.ny, raster.nx)}"
        raise ValueError(msg)
    res = raster.resolution
    residents = np.nan_to_num(pop) * raster.pixel_area_km2  # residents per pixel
    kernel = quartic_kernel(res, bandwidth)  # integrates to 1 per m²
    smoothed = np.clip(fft_convolve_same(residents, kernel), 0.0, None) * 1e6
    reach = kernel.shape[0] // 2
    off = np.arange(-reach, reach + 1) * res
    dx, dy = np.meshgrid(off, off)
    disc = (dx**2 + dy**2 <= bandwidth**2).astype(float)
    within = np.clip(fft_convolve_same(residents, disc), 0.0, None)
    return smoothed, within


def density_surface(
    incidents: pd.DataFrame,
    *,
    mask: MaskSpec = None,
    bandwidth: float | None = None,
    resolution: float | None = None,
    weight: WeightSpec = "count",
    population: npt.ArrayLike | None = None,
    min_residents: float | None = None,
    years: float | None = None,
    crs: str | None = None,
    xy: XY | None = None,
) -> DensitySurface:
    """Kernel density of incidents over the study area, optionally per resident.

    Parameters
    ----------
    incidents
        Points, already filtered (or only their columns, with ``crs`` and ``xy``).
    mask
        The study area (pixels outside are NaN); default the incidents' hull.
    bandwidth
        Metres; ``None``: the spatial Silverman rule.
    resolution
        Pixel size in metres; default ArcGIS's (extent's shorter side / 250,
        at most bandwidth / 4).
    weight
        ``"count"``, ``"harm"`` or a numeric column.
    population
        Residents per km² on the same raster (e.g. from
        :func:`population_density` on :func:`raster_for`'s raster): the
        result is then incidents per 100,000 residents, the density divided
        by the population smoothed with the same kernel
        (:func:`residents_around`).
    min_residents
        With a population, pixels with fewer residents than this within the
        search radius are left blank (NaN) rather than given a huge rate;
        ``None``: ``geo.settings.min_residents``.
    years
        With a population, the length of the period in years: the rate is
        then per year. ``None`` leaves it over the period.
    crs
        Projected CRS; default the incidents' own if projected, else chosen.
    xy
        The incidents' ``x, y`` in ``crs``, when the caller has them
        already (:func:`models.lattice.point_coordinates`).

    Returns
    -------
    DensitySurface
    """
    pts = prepare_points(incidents, mask=mask, weight=weight, crs=crs, xy=xy)
    work_crs, x, y, w, area, area_text = pts.crs, pts.x, pts.y, pts.weights, pts.area, pts.area_text
    bw, reason = (
        silverman_bandwidth(x, y)
        if bandwidth is None
        else (float(bandwidth), f"Bandwidth {bandwidth:,.0f} m (set by the user).")
    )
    raster = raster_for(area, x, y, bandwidth=bw, resolution=resolution)
    dens, raster, bw, _ = kernel_density(x, y, weights=w, bandwidth=bw, raster=raster)
    dens[~raster.inside(area)] = np.nan
    unit: DensityUnit = "per_km2"
    quantity = "harm" if isinstance(weight, str) and weight == "harm" else "incidents"
    per_year = False
    if population is not None:
        if min_residents is None:
            min_residents = settings.min_residents
        if years is not None and not (years > 0 and math.isfinite(years)):
            msg = f"`years` must be a positive number, got {years!r}"
            raise ValueError(msg)
        smoothed, within = residents_around(population, raster, bw)
        with np.errstate(divide="ignore", invalid="ignore"):
            rate = dens / smoothed * 100_000.0
        dens = np.where((within >= min_residents) & (smoothed > 0), rate, np.nan)
        if years is not None:
            dens = dens / years
            per_year = True
        unit = "per_100k_residents"
        reason += (
            " Divided by the residents smoothed with the same kernel, per 100,000 residents"
            + (f" a year ({years:.2f} years)" if per_year else "")
            + f"; blank where fewer than {min_residents:,.0f} residents live within the radius."
        )
    reason += (
        f" Quartic kernel on {raster.resolution:,.0f} m pixels over {area_text}; "
        f"{len(x):,} incidents."
    )
    return DensitySurface(
        values=dens,
        raster=raster,
        bandwidth=bw,
        rule="user" if bandwidth is not None else "silverman",
        unit=unit,
        crs=work_crs,
        reason=reason,
        quantity=quantity,
        per_year=per_year,
    )


def raster_for(
    area: BaseGeometry,
    x: np.ndarray,
    y: np.ndarray,
    *,
    bandwidth: float | None = None,
    resolution: float | None = None,
) -> Raster:
    """The raster :func:`density_surface` uses for ``area`` (to build a population surface first).

    Call it with the same ``bandwidth`` and ``resolution`` (``None`` for the
    defaults) and the incidents' coordinates, then
    :func:`population_density` on it.
    """
    bw = bandwidth if bandwidth is not None else silverman_bandwidth(x, y)[0]
    xmin, ymin, xmax, ymax = area.bounds
    if resolution is None:
        resolution = min(xmax - xmin, ymax - ymin) / CELLS_ALONG_SHORT_SIDE
        resolution = min(resolution, bw / PIXELS_PER_BANDWIDTH)
    return Raster.covering((xmin, ymin, xmax, ymax), resolution)


def density_areas(
    surface: DensitySurface, *, levels: Sequence[float] = KDE_LEVELS
) -> tuple[gpd.GeoDataFrame, tuple[float, ...]]:
    """The densest parts of a density surface as polygons (``models.hotspots``' docstring, ``kde``).

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
