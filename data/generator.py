"""The seeded synthetic demo city: a Palmira-sized city with planted ground truth.

:func:`make_demo` builds every layer of a workspace (see ``geo/schema.py``)
for an invented city of about 350,000 people placed at Palmira's
coordinates, and :func:`write_demo` stores them as a workspace. Everything
is synthetic: the outline, barrios, names, parks, teams, programmes and
every incident are drawn from one seeded random generator, so the same seed
and scale always give the same content (and the same workspace content
hash). Nothing reads the wall clock or the global random state.

What is planted
---------------
The generator also returns its ground truth, in tables whose names start
with ``truth_`` (the app never shows them as data), so that tests can check
that the analysis finds what was planted:

``truth_risk``
    The risk grid (square cells of :data:`CELL_M` metres whose centre lies in
    the city), one row per cell: ``cell_id``, ``neighborhood_id`` (the barrio
    holding the cell's centre), ``treated`` and ``risk_violence``,
    ``risk_convivencia``, ``risk_property``, ``risk_other``: the cell's
    expected number of incidents of that group over 2018-2025 divided by
    the mean over all cells (so 1 is an average cell).
``truth_hotspots``
    One row per planted hot spot: ``hotspot_id``, centre (Point),
    ``radius_m`` (the Gaussian bump has sigma ``radius_m / 2``, so about
    86 % of its events fall within ``radius_m``), ``space_id`` of the
    neglected public space it sits on (condition ``poor``, lighting
    ``none``/``partial``, not active), ``neighborhood_id``, ``treated``,
    ``pattern`` (``persistent``; ``diminishing``: full strength until
    ``end``'s year began, fading linearly to nothing by ``end``;
    ``new``: absent before ``start``, reaching full strength six months
    later), ``start``, ``end`` (NaT when open), ``share`` (what it adds at
    full strength, as a fraction of the city's background violence) and
    ``strength`` (the relative risk of homicide in its centre cell, at full
    strength and before the programme: the cell's expected count over the
    mean cell's). Hot spots in treated barrios are also scaled by the
    programme multipliers from the programme's start.
``truth_program_effect``
    One row per barrio: ``neighborhood_id``, ``territory_id`` (empty when
    untreated), ``treated``, ``start`` (``geo.settings.program_start``),
    ``multiplier_<category>`` for every category (the factor applied to the
    barrio's expected counts from ``start`` on; 1 when untreated) and
    ``multiplier_<group>`` for every category group (the group's effective
    factor in that barrio: expected post-start count with the effect over
    the same without it).
``truth_expected``
    The expected number of incidents (at the generated scale) per
    ``month`` (first day), ``neighborhood_id`` and ``category``; the
    incidents are Poisson draws around it.

How incidents are drawn
-----------------------
Each category has a background risk per grid cell (the cell's residents,
more in low strata and, for theft, downtown, times a smooth random field)
plus the hot spots' Gaussian bumps for violence and convivencia. Monthly
expected counts per cell are that surface times the category's seasonal
rhythm (December-January and mid-year holidays higher), a secular trend,
the 2020 lockdown and the programme multiplier (treated barrios from
``geo.settings.program_start``), calibrated so 2018-2019 average
:data:`ANNUAL_TARGETS` events a year at full scale. Counts per (month,
cell) are Poisson; each incident gets a uniform position inside its cell
and barrio, and a day and hour drawn from the category's weekday-hour
profile (violence and noise at night, Friday to Sunday nights higher, theft
by day) with holiday peaks (Christmas, New Year, Mother's Day, Amor y
Amistad). ``scale="small"`` multiplies every expected count by
:data:`SMALL_FACTOR`; geometry and the other tables do not change.

Not every record knows its time. Reports made after the fact
(:data:`LATE_REPORTS`: a theft reported at a police station, domestic or
sexual violence reported at a comisaría de familia) give, for about
:data:`RANGE_SHARE` of all incidents, a time range: ``occurred_to`` is the
drawn time plus a whole number of minutes between :data:`RANGE_HOURS` (2 and
12 hours), and ``occurred_at`` stays the drawn time, so the range starts at
the true time and contains it. For about :data:`DATE_ONLY_SHARE` of all
incidents, also among late reports, the record has only a date:
``occurred_at`` is the drawn day at midnight and ``occurred_to`` 23:59:59
of that day (``geo.schema.DAY_END``). Both keep the day, hence the month,
the barrio and the place of every incident, so the truth tables and the hot
spots are those of the drawn incidents; the rows keep their order and ids
(by drawn time, so a date-only row's midnight may come after earlier
times of its day). ``occurred_to`` is empty for every other row. Which rows
and how long come from their own random stream, the tenth child of the
seed (see below), so no other value of any layer changed when they were
added.

The streets
-----------
The ``streets`` layer is a walkable network for network catchments
(``geo.network``): a grid of blocks of :data:`BLOCK_M` metres, turned by a
random angle, its corners jittered by a few metres
(:data:`CORNER_JITTER_M`) and :data:`MISSING_STREETS` of its segments left
out, with two arterials along a grid row and column near the centre and a
gently curved diagonal avenue, clipped to the city and noded at every
junction (segments meet at shared vertices; the diagonal is split where it
crosses the grid). Each row is one block-long segment with ``kind``
``arterial``, ``local`` or ``path`` (footpaths, and the walks through
parks). The streets come from their own random stream, the ninth child of
the seed (``numpy.random.Generator.spawn(10)``, whose first eight children are
those every other layer has always been drawn from; the tenth chooses the
incidents with a time range or only a date), so adding them changed
nothing else; they are the same at both scales.

Programmes carry their partner's ``partner_type`` (the pool of
``data.names.PARTNERS`` the partner comes from: the city's secretariats,
which run the gestores teams and the space activations, are ``city``;
companies ``private``; the university ``academia``); the territories carry
``start``, ``geo.settings.program_start``, when the teams began.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TypeAlias

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer
from shapely import affinity
from shapely.geometry import MultiPoint, Point, Polygon

from data import names
from geo import schema, settings
from geo.aggregate import containing_rows
from geo.crs import COLOMBIA_CRS, STORAGE_CRS
from geo.grid import Grid
from geo.workspace import LayerSource, Workspace, write_workspace

DemoScale = Literal["small", "full"]
Frame: TypeAlias = gpd.GeoDataFrame | pd.DataFrame
FloatArray: TypeAlias = np.ndarray
IntArray: TypeAlias = np.ndarray

#: Version of the generator, recorded in the workspace's provenance.
GENERATOR_VERSION = "1.1"
#: The city's name in the workspace metadata.
CITY_NAME = "Ciudad Demo (sintética)"
#: Where the city is placed: Palmira's centre (lon, lat).
CENTER_LON, CENTER_LAT = -76.3036, 3.5394
#: The CRS the geometry is built in (metres).
PROJECTED_CRS = COLOMBIA_CRS
#: Size of the urban footprint's bounding box, metres (east-west, north-south).
WIDTH_M, HEIGHT_M = 8000.0, 7000.0
#: Total population of the city.
TARGET_POPULATION = 350_000
N_COMUNAS = 7
N_TERRITORIES = 8
#: Side of the risk grid's cells, metres.
CELL_M = 75.0
#: First and last day of the incidents.
FIRST_DAY = pd.Timestamp("2018-01-01")
LAST_DAY = pd.Timestamp("2025-12-31")
#: Factor applied to every expected count at ``scale="small"``.
SMALL_FACTOR = 1.0 / 16.0
#: Smallest and largest side of a street block, metres (each row and column of the grid
#: draws its own).
BLOCK_M = (100.0, 130.0)
#: Standard deviation of the shift of each street corner, metres (capped at twice it).
CORNER_JITTER_M = 3.0
#: Share of the local street segments left out, so the grid is not a perfect lattice.
MISSING_STREETS = 0.08
#: Share of the local street segments that are footpaths.
FOOTPATHS = 0.04

CATEGORY_CODES: tuple[str, ...] = tuple(schema.CATEGORIES)

#: Expected incidents a year at full scale, averaged over 2018-2019 (before the programme).
ANNUAL_TARGETS: dict[str, float] = {
    "homicide": 112.0,
    "injury": 1000.0,
    "sexual": 150.0,
    "fight": 4000.0,
    "threat": 1500.0,
    "noise": 5000.0,
    "graffiti": 1500.0,
    "domestic": 1200.0,
    "theft": 3000.0,
    "other": 300.0,
}

#: The planted programme effect: expected counts in treated barrios are multiplied by these.
PROGRAM_MULTIPLIERS: dict[str, float] = {
    "homicide": 0.55,
    "injury": 0.55,
    "sexual": 0.85,
    "fight": 0.70,
    "threat": 0.70,
    "noise": 0.90,
    "graffiti": 0.70,
    "domestic": 0.90,
    "theft": 1.0,
    "other": 1.0,
}

#: Who reports each category, with probabilities. Gestores are never a source.
SOURCES: dict[str, dict[str, float]] = {
    "homicide": {"medicina_legal": 0.7, "policia": 0.3},
    "injury": {"policia": 0.5, "medicina_legal": 0.3, "linea_123": 0.2},
    "sexual": {"medicina_legal": 0.5, "policia": 0.3, "comisaria_familia": 0.2},
    "fight": {"linea_123": 0.6, "policia": 0.4},
    "threat": {"policia": 0.6, "linea_123": 0.4},
    "noise": {"linea_123": 0.85, "policia": 0.15},
    "graffiti": {"policia": 0.5, "linea_123": 0.5},
    "domestic": {"comisaria_familia": 0.6, "linea_123": 0.25, "policia": 0.15},
    "theft": {"policia": 0.8, "linea_123": 0.2},
    "other": {"policia": 0.5, "linea_123": 0.5},
}

#: Reports made after the fact, by category: the sources whose records may give a time range
#: or only a date instead of the time (the victim reports later and does not know when).
LATE_REPORTS: dict[str, tuple[str, ...]] = {
    "theft": ("policia",),
    "domestic": ("comisaria_familia",),
    "sexual": ("comisaria_familia",),
}
#: Share of all incidents given a time range, drawn among the late reports.
RANGE_SHARE = 0.03
#: Share of all incidents with only a date, drawn among the late reports.
DATE_ONLY_SHARE = 0.02
#: Shortest and longest time range, hours.
RANGE_HOURS = (2, 12)

#: Probabilities of severity 1..5 per category.
SEVERITY: dict[str, tuple[float, float, float, float, float]] = {
    "homicide": (0.0, 0.0, 0.0, 0.0, 1.0),
    "injury": (0.0, 0.35, 0.45, 0.2, 0.0),
    "sexual": (0.0, 0.0, 0.1, 0.5, 0.4),
    "fight": (0.4, 0.45, 0.15, 0.0, 0.0),
    "threat": (0.1, 0.5, 0.35, 0.05, 0.0),
    "noise": (1.0, 0.0, 0.0, 0.0, 0.0),
    "graffiti": (0.9, 0.1, 0.0, 0.0, 0.0),
    "domestic": (0.05, 0.4, 0.4, 0.15, 0.0),
    "theft": (0.35, 0.45, 0.2, 0.0, 0.0),
    "other": (0.7, 0.3, 0.0, 0.0, 0.0),
}


@dataclass(frozen=True)
class _Rhythm:
    """How a category is spread over space and time.

    ``stratum_beta``: log-risk per stratum below 3.5; ``downtown``: extra
    risk at the centre; ``hotspot``: weight of the hot spots relative to
    violence; ``season``: amplitude of the monthly rhythm; ``trend``: yearly
    change; ``lockdown``: factor during the 2020 lockdown; ``peak_hour``,
    ``kappa``, ``floor``: the hour-of-day profile; ``weekend_night``: extra
    weight of Friday and Saturday nights; ``holiday``: weight of holiday
    peaks.
    """

    stratum_beta: float
    downtown: float
    hotspot: float
    season: float
    trend: float
    lockdown: float
    peak_hour: float
    kappa: float
    floor: float
    weekend_night: float
    holiday: float


RHYTHMS: dict[str, _Rhythm] = {
    "homicide": _Rhythm(0.55, 0.0, 1.0, 1.0, -0.04, 0.80, 23, 2.0, 0.15, 1.0, 1.0),
    "injury": _Rhythm(0.45, 0.3, 1.0, 1.1, -0.02, 0.65, 22, 1.5, 0.20, 0.8, 1.0),
    "sexual": _Rhythm(0.30, 0.0, 0.6, 0.6, 0.01, 0.80, 21, 0.8, 0.30, 0.4, 0.3),
    "fight": _Rhythm(0.35, 0.8, 0.9, 1.3, 0.0, 0.55, 23, 2.2, 0.10, 1.2, 1.0),
    "threat": _Rhythm(0.40, 0.0, 0.9, 0.5, 0.0, 0.90, 15, 0.6, 0.40, 0.1, 0.2),
    "noise": _Rhythm(0.15, 0.8, 0.5, 1.6, 0.03, 1.15, 0, 2.5, 0.05, 1.5, 1.0),
    "graffiti": _Rhythm(0.35, 0.0, 0.9, 0.5, 0.0, 0.75, 1, 2.5, 0.05, 0.3, 0.0),
    "domestic": _Rhythm(0.30, 0.0, 0.3, 1.0, 0.02, 1.35, 20, 1.0, 0.20, 0.5, 1.0),
    "theft": _Rhythm(-0.05, 3.0, 0.0, 0.8, 0.01, 0.50, 14, 1.5, 0.10, 0.0, 0.3),
    "other": _Rhythm(0.0, 1.0, 0.0, 0.3, 0.0, 0.80, 13, 0.8, 0.30, 0.0, 0.0),
}

#: Monthly rhythm (January..December), relative; scaled per category by ``season``.
_MONTH_PROFILE = np.array([1.12, 0.94, 0.95, 0.95, 1.02, 1.04, 1.06, 0.97, 0.95, 0.97, 0.98, 1.25])
#: Barrios per stratum 1..6, as fractions of all barrios.
_STRATUM_SHARES = np.array([0.16, 0.30, 0.28, 0.14, 0.08, 0.04])
#: Residents per square kilometre by stratum 1..6.
_DENSITY = np.array([14000.0, 12000.0, 8500.0, 6500.0, 4500.0, 3500.0])


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------


def make_demo(*, seed: int | None = None, scale: DemoScale = "full") -> dict[str, Frame]:
    """Build the synthetic demo city's layers and ground truth.

    Parameters
    ----------
    seed
        Seed of the random generator; ``None`` uses ``geo.settings.demo_seed``.
    scale
        ``"full"`` (about 130,000 incidents) or ``"small"`` (the same city with
        every expected incident count times :data:`SMALL_FACTOR`).

    Returns
    -------
    dict
        ``incidents``, ``public_spaces``, ``neighborhoods``, ``territories``,
        ``programs``, ``streets`` (GeoDataFrames in EPSG:4326 with the columns of
        ``geo.schema.SPECS``) and the ground truth ``truth_risk``,
        ``truth_hotspots``, ``truth_program_effect``, ``truth_expected``
        (see the module docstring).

    Raises
    ------
    ValueError
        When ``scale`` is not ``"small"`` or ``"full"``, or ``seed`` is negative.
    """
    seed = settings.demo_seed if seed is None else seed
    factor = _scale_factor(scale)
    if not isinstance(seed, int | np.integer) or seed < 0:
        msg = f"`seed` must be a non-negative integer, got {seed!r}"
        raise ValueError(msg)
    program_start = pd.Timestamp(settings.program_start)
    root = np.random.default_rng(int(seed))
    (
        rng_outline,
        rng_barrios,
        rng_people,
        rng_spaces,
        rng_hotspots,
        rng_risk,
        rng_incidents,
        rng_programs,
        rng_streets,
        rng_times,
    ) = root.spawn(10)  # the first eight are spawn(8)'s, the ninth spawn(9)'s: nothing else changed

    cx, cy = _to_projected(CENTER_LON, CENTER_LAT)
    outline = _outline(rng_outline, cx, cy)
    hoods = _barrios(rng_barrios, outline, cx, cy)
    city = shapely.union_all(hoods.geometry.to_numpy())
    hoods = _people(rng_people, hoods)
    territories = _territories(hoods)
    spaces = _spaces(rng_spaces, city, hoods)
    hotspots = _hotspots(rng_hotspots, spaces, hoods)
    _price_spaces(spaces)
    grid = _risk_grid(city, hoods)
    model = _expected(rng_risk, grid, hoods, hotspots, program_start, cx, cy)
    incidents = _time_ranges(rng_times, _incidents(rng_incidents, model, grid, hoods, factor))
    programs = _programs(rng_programs, hoods, territories, spaces, program_start)
    truth = _truth(model, grid, hoods, hotspots, program_start, factor)
    streets = _streets(rng_streets, city, spaces, cx, cy)
    territories["start"] = program_start.normalize().to_datetime64().astype("datetime64[s]")

    _check_names(hoods, spaces, territories, programs, streets)
    crs = PROJECTED_CRS
    layers: dict[str, Frame] = {
        "incidents": incidents,
        "public_spaces": spaces.drop(columns=["neighborhood_id"]),
        "neighborhoods": hoods.drop(columns=["treated", "territory_id", "need"]),
        "territories": territories,
        "programs": programs,
        "streets": streets,
        **truth,
    }
    out: dict[str, Frame] = {}
    for name, frame in layers.items():
        if name in schema.SPECS:
            cols = [c.name for c in schema.SPECS[name].columns]
            frame = frame[[*cols, frame.geometry.name]]
        if isinstance(frame, gpd.GeoDataFrame):
            frame = frame.set_crs(crs, allow_override=True).to_crs(STORAGE_CRS)
        out[name] = frame.reset_index(drop=True)
    return out


def write_demo(
    path: str | Path, *, seed: int | None = None, scale: DemoScale = "full"
) -> Workspace:
    """Build the demo city (see :func:`make_demo`) and write it as a workspace.

    Parameters
    ----------
    path
        The GeoPackage to write (replaced when it exists, atomically).
    seed, scale
        As in :func:`make_demo`.

    Returns
    -------
    geo.workspace.Workspace
        The written workspace: synthetic, projected CRS EPSG:9377, its
        provenance naming the generator version, seed and scale.
    """
    seed = settings.demo_seed if seed is None else seed
    layers = make_demo(seed=seed, scale=scale)
    provenance = (
        f"Synthetic demo city (ciudad sintética) made by data.generator {GENERATOR_VERSION}, "
        f"seed {seed}, scale {scale}; no record describes real people, places or events."
    )
    # the first rows of the import history: one per data layer, mode "generated"
    sources = {name: LayerSource(file="generator", mode="generated") for name in layers}
    return write_workspace(
        path,
        layers,
        city_name=CITY_NAME,
        provenance=provenance,
        synthetic=True,
        crs=PROJECTED_CRS,
        sources=sources,
    )


# --------------------------------------------------------------------------
# Geometry
# --------------------------------------------------------------------------


def _scale_factor(scale: str) -> float:
    if scale == "full":
        return 1.0
    if scale == "small":
        return SMALL_FACTOR
    msg = f"`scale` must be 'small' or 'full', got {scale!r}"
    raise ValueError(msg)


def _check_names(*frames: pd.DataFrame) -> None:
    """Refuse to return a name that contains a real Palmira barrio's (see ``data.names.AVOID``)."""
    for frame in frames:
        for column in ("name", "team"):
            if column not in frame.columns:
                continue
            for value in pd.unique(frame[column]):
                real = names.contains_avoided(str(value))
                if real is not None:
                    msg = f"generated {column} {value!r} contains the real barrio name {real!r}; change data/names.py"
                    raise ValueError(msg)


def _to_projected(lon: float, lat: float) -> tuple[float, float]:
    transformer = Transformer.from_crs(STORAGE_CRS, PROJECTED_CRS, always_xy=True)
    x, y = transformer.transform(lon, lat)
    return float(x), float(y)


def _outline(rng: np.random.Generator, cx: float, cy: float) -> Polygon:
    """An irregular, star-shaped city outline whose bounding box is WIDTH_M x HEIGHT_M."""
    theta = np.linspace(0.0, 2.0 * math.pi, 361)[:-1]
    r = np.ones_like(theta)
    for k in range(2, 8):
        amp = rng.uniform(0.015, 0.06)
        r += amp * np.cos(k * theta + rng.uniform(0.0, 2.0 * math.pi))
    # a lobe where the city grew along a road
    lobe = rng.uniform(0.0, 2.0 * math.pi)
    r += 0.12 * np.exp(8.0 * (np.cos(theta - lobe) - 1.0))
    x = r * np.cos(theta)
    y = r * np.sin(theta)
    x = (x - x.min()) / (x.max() - x.min()) * WIDTH_M - WIDTH_M / 2 + cx
    y = (y - y.min()) / (y.max() - y.min()) * HEIGHT_M - HEIGHT_M / 2 + cy
    return Polygon(np.column_stack([x, y]))


def _sample_inside(
    rng: np.random.Generator, poly: Polygon, n: int
) -> tuple[FloatArray, FloatArray]:
    """``n`` uniform points inside ``poly`` (rejection sampling)."""
    xmin, ymin, xmax, ymax = poly.bounds
    xs: list[FloatArray] = []
    ys: list[FloatArray] = []
    have = 0
    shapely.prepare(poly)
    while have < n:
        x = rng.uniform(xmin, xmax, 2 * n)
        y = rng.uniform(ymin, ymax, 2 * n)
        keep = shapely.contains_xy(poly, x, y)
        xs.append(x[keep])
        ys.append(y[keep])
        have += int(keep.sum())
    return np.concatenate(xs)[:n], np.concatenate(ys)[:n]


def _dart_throw(
    x: FloatArray, y: FloatArray, dmin: FloatArray, n: int
) -> tuple[FloatArray, FloatArray]:
    """Greedily keep candidates at least ``dmin`` (per candidate) from those kept, up to ``n``."""
    kx: list[float] = []
    ky: list[float] = []
    for xi, yi, di in zip(x, y, dmin, strict=True):
        if kx:
            d2 = (np.asarray(kx) - xi) ** 2 + (np.asarray(ky) - yi) ** 2
            if d2.min() < di * di:
                continue
        kx.append(float(xi))
        ky.append(float(yi))
        if len(kx) == n:
            break
    return np.asarray(kx), np.asarray(ky)


def _spread_points(
    rng: np.random.Generator,
    poly: Polygon,
    n: int,
    dmin: float,
    *,
    centre: tuple[float, float] | None = None,
    radius: float = 1.0,
) -> tuple[FloatArray, FloatArray]:
    """``n`` points in ``poly`` at least about ``dmin`` apart (closer near ``centre``)."""
    x, y = _sample_inside(rng, poly, 30 * n)
    factor = np.ones_like(x)
    if centre is not None:
        rn = np.clip(np.hypot(x - centre[0], y - centre[1]) / radius, 0.0, 1.0)
        factor = 0.75 + 0.5 * rn
    d = dmin
    while True:
        kx, ky = _dart_throw(x, y, d * factor, n)
        if len(kx) == n:
            return kx, ky
        d *= 0.9


def _largest_part(geom: shapely.Geometry) -> Polygon:
    if isinstance(geom, Polygon):
        return geom
    parts = [g for g in getattr(geom, "geoms", []) if isinstance(g, Polygon)]
    return max(parts, key=lambda g: g.area)


def _voronoi_cells(x: FloatArray, y: FloatArray, outline: Polygon) -> list[Polygon]:
    cells = shapely.voronoi_polygons(
        MultiPoint(np.column_stack([x, y])), extend_to=outline.buffer(3000.0), ordered=True
    )
    return [_largest_part(c.intersection(outline)) for c in cells.geoms]


def _barrios(rng: np.random.Generator, outline: Polygon, cx: float, cy: float) -> gpd.GeoDataFrame:
    """Barrios tiling the outline (clipped Voronoi of spread seeds, one Lloyd step), with comunas."""
    n = int(rng.integers(46, 55))
    radius = max(WIDTH_M, HEIGHT_M) / 2
    x, y = _spread_points(rng, outline, n, 780.0, centre=(cx, cy), radius=radius)
    cells = _voronoi_cells(x, y, outline)
    cent = shapely.centroid(np.asarray(cells, dtype=object))
    cells = _voronoi_cells(shapely.get_x(cent), shapely.get_y(cent), outline)
    geoms = np.asarray(cells, dtype=object)
    cent = shapely.centroid(geoms)
    gx, gy = shapely.get_x(cent), shapely.get_y(cent)
    dist = np.hypot(gx - cx, gy - cy)
    angle = np.arctan2(gy - cy, gx - cx)

    # comuna 1 is the centre; comunas 2-7 are angular sectors of the rest
    comuna = np.zeros(n, dtype=np.int64)
    n_centre = round(n / N_COMUNAS)
    centre_idx = np.argsort(dist, kind="stable")[:n_centre]
    comuna[centre_idx] = 1
    rest = np.flatnonzero(comuna == 0)
    offset = rng.uniform(-math.pi, math.pi)
    rel = np.mod(angle[rest] - offset, 2.0 * math.pi)
    order = rest[np.argsort(rel, kind="stable")]
    for k, part in enumerate(np.array_split(order, N_COMUNAS - 1)):
        comuna[part] = k + 2

    # ids in comuna order, then from the centre out
    order = np.lexsort((dist, comuna))
    templates = rng.integers(0, len(names.BARRIO_TEMPLATES), n)
    nouns = rng.permutation(len(names.NOUNS))[:n]
    hood_names = [
        names.barrio_name(names.BARRIO_TEMPLATES[t], *names.NOUNS[k])
        for t, k in zip(templates, nouns, strict=True)
    ]
    return gpd.GeoDataFrame(
        {
            "neighborhood_id": [f"B{k + 1:02d}" for k in range(n)],
            "name": [hood_names[i] for i in order],
            "comuna": [f"Comuna {comuna[i]}" for i in order],
            "_dist": dist[order],
            "_angle": angle[order],
        },
        geometry=list(geoms[order]),
        crs=PROJECTED_CRS,
    )


def _people(rng: np.random.Generator, hoods: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Add stratum, population, youth population, vulnerability and need to ``hoods``."""
    n = len(hoods)
    rn = hoods["_dist"].to_numpy() / (max(WIDTH_M, HEIGHT_M) / 2)
    rich_dir = rng.uniform(-math.pi, math.pi)
    wealth = (
        -1.2 * rn + 0.9 * np.cos(hoods["_angle"].to_numpy() - rich_dir) + rng.normal(0.0, 0.35, n)
    )
    quota = np.floor(_STRATUM_SHARES * n).astype(np.int64)
    remainder = _STRATUM_SHARES * n - quota
    for k in np.argsort(-remainder, kind="stable")[: n - int(quota.sum())]:
        quota[k] += 1
    strata_sorted = np.repeat(np.arange(1, 7), quota)  # poorest first
    stratum = np.empty(n, dtype=np.int64)
    stratum[np.argsort(wealth, kind="stable")] = strata_sorted

    area_km2 = hoods.geometry.area.to_numpy() / 1e6
    raw = area_km2 * _DENSITY[stratum - 1] * rng.lognormal(0.0, 0.2, n)
    population = np.round(raw / raw.sum() * TARGET_POPULATION).astype(np.int64)
    youth_share = np.clip(0.25 - 0.02 * (stratum - 1) + rng.normal(0.0, 0.01, n), 0.145, 0.275)
    youth = np.round(population * youth_share).astype(np.int64)
    vulnerability = np.clip(
        0.1 + 0.75 * (6 - stratum) / 5 + 0.5 * (youth_share - 0.21) + rng.normal(0.0, 0.06, n),
        0.0,
        1.0,
    )
    hoods["population"] = population
    hoods["youth_population"] = youth
    hoods["stratum"] = stratum
    hoods["vulnerability"] = np.round(vulnerability, 3)
    hoods["need"] = np.sqrt(population) * vulnerability**2
    return hoods.drop(columns=["_dist", "_angle"])


def _adjacency(geoms: np.ndarray) -> list[list[int]]:
    """Barrios sharing more than a metre of boundary."""
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    keep = left < right
    left, right = left[keep], right[keep]
    shared = shapely.length(
        shapely.intersection(shapely.boundary(geoms[left]), shapely.boundary(geoms[right]))
    )
    neighbours: list[list[int]] = [[] for _ in range(len(geoms))]
    for a, b, s in zip(left, right, shared, strict=True):
        if s > 1.0:
            neighbours[int(a)].append(int(b))
            neighbours[int(b)].append(int(a))
    return [sorted(nb) for nb in neighbours]


def _territories(hoods: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Eight contiguous territories grown from the neediest barrios over ~42 % of them."""
    geoms = hoods.geometry.to_numpy()
    need = hoods["need"].to_numpy()
    cent = shapely.centroid(geoms)
    gx, gy = shapely.get_x(cent), shapely.get_y(cent)
    neighbours = _adjacency(geoms)
    n = len(hoods)
    target = round(0.42 * n)
    owner = np.full(n, -1, dtype=np.int64)
    seeds: list[int] = []
    min_d = 1200.0
    while len(seeds) < N_TERRITORIES:
        for i in np.argsort(-need, kind="stable"):
            if owner[i] >= 0:
                continue
            if all(math.hypot(gx[i] - gx[s], gy[i] - gy[s]) >= min_d for s in seeds):
                seeds.append(int(i))
                owner[i] = len(seeds) - 1
                if len(seeds) == N_TERRITORIES:
                    break
        min_d *= 0.85
    # grow: the neediest barrio next to any territory joins the lightest adjacent territory
    while int((owner >= 0).sum()) < target:
        frontier = sorted(
            {j for i in np.flatnonzero(owner >= 0) for j in neighbours[i] if owner[j] < 0}
        )
        if not frontier:
            break
        best = max(frontier, key=lambda j: (need[j], -j))
        adjacent = sorted({int(owner[i]) for i in neighbours[best] if owner[i] >= 0})
        load = [need[owner == t].sum() for t in adjacent]
        owner[best] = adjacent[int(np.argmin(load))]
    hoods["territory_id"] = [f"T{o + 1}" if o >= 0 else "" for o in owner]
    hoods["treated"] = owner >= 0

    rows = []
    pops = np.array(
        [hoods["population"].to_numpy()[owner == t].sum() for t in range(N_TERRITORIES)]
    )
    team_nouns = names.TEAM_NOUNS
    # territories numbered from the neediest seed; team names fixed per number
    for t in range(N_TERRITORIES):
        members = np.flatnonzero(owner == t)
        geom = _largest_part(shapely.union_all(geoms[members]))
        gestores = int(np.clip(round(8 + 12 * pops[t] / pops.max() * 0.9), 8, 20))
        rows.append(
            {
                "territory_id": f"T{t + 1}",
                "team": f"Equipo {team_nouns[t]}",
                "gestores": gestores,
                "geometry": geom,
            }
        )
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=PROJECTED_CRS)


_KIND_P = {
    "park": 0.36,
    "plaza": 0.10,
    "sports_field": 0.22,
    "playground": 0.24,
    "community_center": 0.08,
}


def _spaces(rng: np.random.Generator, city: Polygon, hoods: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """About 60 public spaces with kind, condition, lighting, activation and cost."""
    n = int(rng.integers(56, 65))
    inner = _largest_part(city.buffer(-200.0))
    x, y = _spread_points(rng, inner, n, 380.0)
    geoms_h = hoods.geometry.to_numpy()
    hood = containing_rows(x, y, gpd.GeoSeries(geoms_h))
    kinds = list(_KIND_P)
    kind = np.asarray(kinds, dtype=object)[
        rng.choice(len(kinds), n, p=np.array(list(_KIND_P.values())))
    ]
    stratum = hoods["stratum"].to_numpy()[hood]
    treated = hoods["treated"].to_numpy()[hood]

    geoms: list[shapely.Geometry] = []
    for k, xi, yi in zip(kind, x, y, strict=True):
        if k == "community_center":
            geoms.append(Point(xi, yi))
            continue
        if k == "park":
            w, h = rng.uniform(80, 250), rng.uniform(80, 250)
        elif k == "plaza":
            w = h = rng.uniform(40, 100)
        elif k == "sports_field":
            w, h = rng.uniform(50, 75), rng.uniform(90, 120)
        else:
            w = h = rng.uniform(40, 70)
        rect = shapely.box(xi - w / 2, yi - h / 2, xi + w / 2, yi + h / 2)
        geoms.append(affinity.rotate(rect, rng.uniform(-30, 30), origin=(xi, yi)))

    p_poor = np.select([stratum <= 2, stratum == 3], [0.55, 0.25], 0.08)
    u = rng.uniform(size=n)
    condition = np.where(
        u < p_poor, "poor", np.where(u < p_poor + (1 - p_poor) * 0.5, "fair", "good")
    )
    lighting = np.empty(n, dtype=object)
    light_p = {
        "poor": (0.1, 0.45, 0.45),
        "fair": (0.4, 0.5, 0.1),
        "good": (0.8, 0.2, 0.0),
    }
    for i in range(n):
        lighting[i] = schema.LIGHTING[rng.choice(3, p=light_p[str(condition[i])])]
    act_p = np.where(treated[:, None], [[0.35, 0.25, 0.40]], [[0.20, 0.10, 0.70]])
    activation = np.array(
        [schema.ACTIVATION[rng.choice(3, p=act_p[i])] for i in range(n)], dtype=object
    )
    condition = condition.astype(object)
    condition[(activation == "active") & (condition == "poor")] = "fair"

    building = rng.uniform(120e6, 450e6, n)  # renovating a community centre, COP

    nouns = rng.permutation(len(names.NOUNS))[:n]
    space_names = [
        f"{names.SPACE_LABELS[k]} {names.NOUNS[j][0]} {names.NOUNS[j][1]}"
        for k, j in zip(kind, nouns, strict=True)
    ]
    order = np.lexsort((x, -y))  # ids from north-west to south-east
    return gpd.GeoDataFrame(
        {
            "space_id": [f"E{k + 1:02d}" for k in range(n)],
            "name": [space_names[i] for i in order],
            "kind": [str(kind[i]) for i in order],
            "condition": [str(condition[i]) for i in order],
            "lighting": [str(lighting[i]) for i in order],
            "activation_status": [str(activation[i]) for i in order],
            "activation_cost": np.nan,
            "neighborhood_id": hoods["neighborhood_id"].to_numpy()[hood[order]],
            "_stratum": stratum[order],
            "_building": building[order],
        },
        geometry=[geoms[i] for i in order],
        crs=PROJECTED_CRS,
    )


def _price_spaces(spaces: gpd.GeoDataFrame) -> None:
    """Set ``activation_cost`` (COP): more for bigger spaces, in worse condition, in poorer barrios.

    A polygon costs 60 million plus 9,000 pesos a square metre, times 1.5
    (poor), 1.1 (fair) or 0.7 (good) and 1 + 0.1 per stratum below 4; a
    community centre (a point) costs its renovation times the condition
    factor. Rounded to the million, between 50 and 900 million.
    """
    condition = spaces["condition"].to_numpy()
    cond_mult = np.select([condition == "poor", condition == "fair"], [1.5, 1.1], 0.7)
    strat_mult = np.clip(1 + 0.1 * (4 - spaces["_stratum"].to_numpy()), 0.8, None)
    area = spaces.geometry.area.to_numpy()
    cost = np.where(
        area > 0,
        60e6 + area * 9000.0 * cond_mult * strat_mult,
        spaces["_building"].to_numpy() * cond_mult,
    )
    spaces["activation_cost"] = np.clip(np.round(cost / 1e6) * 1e6, 50e6, 900e6)


def _hotspots(
    rng: np.random.Generator, spaces: gpd.GeoDataFrame, hoods: gpd.GeoDataFrame
) -> pd.DataFrame:
    """Plant 5-6 hot spots on public spaces in poor barrios, and make those spaces neglected."""
    info = hoods.set_index("neighborhood_id")
    stratum = info.loc[spaces["neighborhood_id"], "stratum"].to_numpy()
    treated = info.loc[spaces["neighborhood_id"], "treated"].to_numpy()
    vulner = info.loc[spaces["neighborhood_id"], "vulnerability"].to_numpy()
    polygon = (spaces.geom_type == "Polygon").to_numpy()
    cent = shapely.centroid(spaces.geometry.to_numpy())
    sx, sy = shapely.get_x(cent), shapely.get_y(cent)
    chosen: list[int] = []

    def pick(masks: Sequence[np.ndarray]) -> int:
        """A polygon space in the first mask that has one far enough from the others."""
        tries = [(m, d) for m in (*masks, polygon) for d in (1500.0, 1000.0, 600.0)]
        for mask, min_d in [*tries, (polygon, 0.0)]:
            cand = [int(c) for c in np.flatnonzero(mask & polygon) if c not in chosen]
            if not cand:
                continue
            w = vulner[cand] + 0.05
            for c in rng.choice(cand, len(cand), replace=False, p=w / w.sum()):
                if all(math.hypot(sx[c] - sx[o], sy[c] - sy[o]) >= min_d for o in chosen):
                    chosen.append(int(c))
                    return int(c)
        msg = "no public space left to plant a hot spot on"
        raise RuntimeError(msg)

    plan: list[tuple[str, int]] = []
    untreated_poor = [~treated & (stratum <= 2), ~treated & (stratum <= 3), ~treated]
    plan.append(("diminishing", pick(untreated_poor)))
    plan.append(("new", pick(untreated_poor)))
    n_persistent = int(rng.integers(3, 5))
    for k in range(n_persistent):
        if k % 2 == 0:
            plan.append(("persistent", pick([treated & (stratum <= 2), treated])))
        else:
            plan.append(("persistent", pick(untreated_poor)))

    rows = []
    for h, (pattern, s) in enumerate(plan):
        r = rng.uniform(0.0, 60.0)
        a = rng.uniform(0.0, 2.0 * math.pi)
        if pattern == "persistent":
            start, end, share = pd.Timestamp("2018-01-01"), pd.NaT, rng.uniform(0.05, 0.08)
        elif pattern == "diminishing":
            start, end, share = pd.Timestamp("2018-01-01"), pd.Timestamp("2022-12-31"), 0.07
        else:
            start, end, share = pd.Timestamp("2024-01-01"), pd.NaT, 0.10
        rows.append(
            {
                "hotspot_id": f"H{h + 1}",
                "x": sx[s] + r * math.cos(a),
                "y": sy[s] + r * math.sin(a),
                "radius_m": float(np.round(rng.uniform(200.0, 500.0), -1)),
                "space_id": spaces["space_id"].iloc[s],
                "neighborhood_id": spaces["neighborhood_id"].iloc[s],
                "treated": bool(treated[s]),
                "pattern": pattern,
                "start": start,
                "end": end,
                "share": float(share),
                "_space": s,
            }
        )
        spaces.loc[spaces.index[s], "condition"] = "poor"
        spaces.loc[spaces.index[s], "lighting"] = "none" if rng.uniform() < 0.6 else "partial"
        spaces.loc[spaces.index[s], "activation_status"] = "inactive"
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------
# Risk and expected counts
# --------------------------------------------------------------------------


@dataclass
class _Grid:
    """The risk grid: cells whose centre is in the city."""

    grid: Grid
    i: IntArray
    j: IntArray
    x: FloatArray
    y: FloatArray
    hood: IntArray


def _risk_grid(city: Polygon, hoods: gpd.GeoDataFrame) -> _Grid:
    grid = Grid.covering(city.bounds, CELL_M)
    i, j = grid.cells_covering(city.bounds)
    x, y = grid.centers(i, j)
    hood = containing_rows(x, y, hoods)
    keep = hood >= 0
    return _Grid(grid, i[keep], j[keep], x[keep], y[keep], hood[keep])


@dataclass
class _Model:
    """Expected counts per category: ``expected[c]`` has shape (months, cells)."""

    months: pd.DatetimeIndex
    expected: dict[str, FloatArray]
    without_effect: dict[str, FloatArray]
    strength: FloatArray  # per hot spot


def _month_fraction_after(months: pd.DatetimeIndex, start: pd.Timestamp) -> FloatArray:
    """Fraction of each month on or after ``start``."""
    ends = months + pd.offsets.MonthBegin(1)
    total = (ends - months).days.to_numpy().astype(float)
    after = np.clip((ends - start).days.to_numpy().astype(float), 0.0, total)
    fraction: FloatArray = after / total
    return fraction


def _hotspot_pattern(months: pd.DatetimeIndex, hotspots: pd.DataFrame) -> FloatArray:
    """Intensity (0-1) of each hot spot in each month, shape (months, hotspots)."""
    mid = (months + pd.Timedelta(days=15)).to_numpy()
    t = (mid - np.datetime64("2018-01-01")) / np.timedelta64(1, "D") / 365.25 + 2018.0
    out = np.ones((len(months), len(hotspots)))
    for h, row in enumerate(hotspots.itertuples()):
        if row.pattern == "diminishing":
            fade_start = float(row.end.year)
            out[:, h] = np.clip(1.0 - (t - fade_start), 0.0, 1.0)
        elif row.pattern == "new":
            begin = row.start.year + (row.start.day_of_year - 1) / 365.25
            out[:, h] = np.clip((t - begin) / 0.5, 0.0, 1.0)
    return out


def _smooth_field(
    rng: np.random.Generator, x: FloatArray, y: FloatArray, n_bumps: int, sd: float
) -> FloatArray:
    cx = rng.uniform(x.min(), x.max(), n_bumps)
    cy = rng.uniform(y.min(), y.max(), n_bumps)
    amp = rng.normal(0.0, sd, n_bumps)
    sigma = rng.uniform(500.0, 1300.0, n_bumps)
    d2 = (x[:, None] - cx[None, :]) ** 2 + (y[:, None] - cy[None, :]) ** 2
    return np.asarray(np.exp(-d2 / (2 * sigma**2)) @ amp)


def _expected(
    rng: np.random.Generator,
    grid: _Grid,
    hoods: gpd.GeoDataFrame,
    hotspots: pd.DataFrame,
    program_start: pd.Timestamp,
    cx: float,
    cy: float,
) -> _Model:
    """Expected monthly counts per category and cell, at full scale."""
    months = pd.date_range(FIRST_DAY, LAST_DAY, freq="MS")
    area_km2 = hoods.geometry.area.to_numpy() / 1e6
    density = hoods["population"].to_numpy() / area_km2  # per km2
    residents = density[grid.hood] * CELL_M**2 / 1e6
    stratum = hoods["stratum"].to_numpy()[grid.hood].astype(float)
    treated = hoods["treated"].to_numpy()[grid.hood]
    shared = _smooth_field(rng, grid.x, grid.y, 14, 0.35)
    violent = _smooth_field(rng, grid.x, grid.y, 10, 0.25)
    downtown = np.exp(-((grid.x - cx) ** 2 + (grid.y - cy) ** 2) / (2 * 900.0**2))

    kernels = np.empty((len(hotspots), len(grid.x)))
    for h, row in enumerate(hotspots.itertuples()):
        sigma = row.radius_m / 2
        d2 = (grid.x - row.x) ** 2 + (grid.y - row.y) ** 2
        k = np.exp(-d2 / (2 * sigma**2))
        kernels[h] = k / k.sum()
    centre_cell = np.argmax(kernels, axis=1)
    pattern = _hotspot_pattern(months, hotspots)
    share = hotspots["share"].to_numpy()
    after = _month_fraction_after(months, program_start)

    month_of_year = months.month.to_numpy() - 1
    years = (months.year.to_numpy() - 2018) + month_of_year / 12.0
    lockdown = np.zeros(len(months))
    lockdown[(months >= "2020-04-01") & (months <= "2020-08-01")] = 1.0
    lockdown[months == pd.Timestamp("2020-03-01")] = 0.25
    pre = np.asarray(months < pd.Timestamp("2020-01-01"))

    expected: dict[str, FloatArray] = {}
    without: dict[str, FloatArray] = {}
    strength = np.ones(len(hotspots))
    for code in CATEGORY_CODES:
        rh = RHYTHMS[code]
        field = shared + (violent if schema.CATEGORIES[code].group != "property" else 0.0)
        bg = (
            residents
            * np.exp(rh.stratum_beta * (3.5 - stratum))
            * np.exp(field)
            * (1.0 + rh.downtown * downtown)
        )
        bg = bg / bg.sum()
        hot = (pattern * (share * rh.hotspot)[None, :]) @ kernels  # (months, cells)
        surface = bg[None, :] + hot
        if code == "homicide":
            full = bg[centre_cell] + share * kernels[np.arange(len(hotspots)), centre_cell]
            strength = full / bg.mean()
        mult = np.where(treated, PROGRAM_MULTIPLIERS[code], 1.0)
        effect = 1.0 - after[:, None] * (1.0 - mult[None, :])
        season = 1.0 + rh.season * (_MONTH_PROFILE[month_of_year] / _MONTH_PROFILE.mean() - 1.0)
        trend = (1.0 + rh.trend) ** years
        lock = 1.0 - lockdown * (1.0 - rh.lockdown)
        monthly = season * trend * lock
        base = monthly[:, None] * surface
        kappa = 2.0 * ANNUAL_TARGETS[code] / base[pre].sum()
        without[code] = kappa * base
        expected[code] = kappa * base * effect
    return _Model(months, expected, without, strength)


# --------------------------------------------------------------------------
# Incidents
# --------------------------------------------------------------------------


def _hour_weights(code: str, hours: pd.DatetimeIndex, holiday: dict[str, FloatArray]) -> FloatArray:
    """Relative weight of every hour of the period for one category."""
    rh = RHYTHMS[code]
    hod = hours.hour.to_numpy()
    dow = hours.day_of_week.to_numpy()
    profile = rh.floor + np.exp(
        rh.kappa * (np.cos(2 * math.pi * (np.arange(24) - rh.peak_hour) / 24) - 1)
    )
    w = profile[hod]
    # Friday and Saturday evenings, and the small hours of Saturday and Sunday
    night = ((dow == 4) | (dow == 5)) & (hod >= 18) | ((dow == 5) | (dow == 6)) & (hod < 6)
    w = w * (1.0 + rh.weekend_night * night)
    w = w * np.where(dow == 6, 1.0 + 0.3 * rh.weekend_night, 1.0)
    day_index = ((hours - FIRST_DAY) // pd.Timedelta(days=1)).to_numpy()
    extra = (
        holiday["violence"]
        if code in ("homicide", "injury", "fight", "domestic")
        else holiday["festive"]
    )
    return np.asarray(w * (1.0 + rh.holiday * extra[day_index]))


def _holidays(days: pd.DatetimeIndex) -> dict[str, FloatArray]:
    """Extra weight of holiday days (0 on ordinary days)."""
    md = days.month.to_numpy() * 100 + days.day.to_numpy()
    festive = np.zeros(len(days))
    festive[np.isin(md, [1224, 1225])] = 0.5
    festive[np.isin(md, [1231, 101])] = 1.0
    dow = days.day_of_week.to_numpy()
    # Amor y Amistad: third Saturday of September
    third_sat = (days.month == 9) & (dow == 5) & (days.day >= 15) & (days.day <= 21)
    festive[np.asarray(third_sat)] = 0.4
    violence = festive.copy()
    # Mother's Day: second Sunday of May, notoriously violent in Colombia
    mothers = (days.month == 5) & (dow == 6) & (days.day >= 8) & (days.day <= 14)
    violence[np.asarray(mothers)] = 1.0
    return {"festive": festive, "violence": violence}


def _incidents(
    rng: np.random.Generator, model: _Model, grid: _Grid, hoods: gpd.GeoDataFrame, factor: float
) -> gpd.GeoDataFrame:
    hours = pd.date_range(FIRST_DAY, LAST_DAY + pd.Timedelta(hours=23), freq="h")
    days = pd.date_range(FIRST_DAY, LAST_DAY, freq="D")
    holiday = _holidays(days)
    month_start = np.searchsorted(hours.to_numpy(), model.months.to_numpy())
    month_end = np.append(month_start[1:], len(hours))
    geoms = hoods.geometry.to_numpy()
    shapely.prepare(geoms)
    half = grid.grid.size / 2

    parts: dict[str, list[np.ndarray]] = {k: [] for k in ("t", "x", "y", "c", "sev", "src")}
    for ci, code in enumerate(CATEGORY_CODES):
        counts = rng.poisson(model.expected[code] * factor)
        m_idx, cell = np.nonzero(counts)
        reps = counts[m_idx, cell]
        m_idx = np.repeat(m_idx, reps)
        cell = np.repeat(cell, reps)
        n = len(cell)
        # time: an hour of the month by the category's weekday-hour profile, then a minute
        cw = np.cumsum(_hour_weights(code, hours, holiday))
        lo = np.where(month_start[m_idx] > 0, cw[month_start[m_idx] - 1], 0.0)
        hi = cw[month_end[m_idx] - 1]
        u = lo + rng.uniform(size=n) * (hi - lo)
        hour = np.clip(
            np.searchsorted(cw, u, side="right"), month_start[m_idx], month_end[m_idx] - 1
        )
        minute = rng.integers(0, 60, n)
        t = hour.astype(np.int64) * 60 + minute
        # place: uniform in the cell, inside the cell's barrio
        x = grid.x[cell] + rng.uniform(-half, half, n)
        y = grid.y[cell] + rng.uniform(-half, half, n)
        owner = geoms[grid.hood[cell]]
        bad = ~shapely.contains_xy(owner, x, y)
        for _ in range(10):
            if not bad.any():
                break
            k = np.flatnonzero(bad)
            x[k] = grid.x[cell[k]] + rng.uniform(-half, half, len(k))
            y[k] = grid.y[cell[k]] + rng.uniform(-half, half, len(k))
            bad[k] = ~shapely.contains_xy(owner[k], x[k], y[k])
        x[bad] = grid.x[cell[bad]]
        y[bad] = grid.y[cell[bad]]
        sev = rng.choice(np.arange(1, 6), n, p=np.array(SEVERITY[code]))
        src_names = list(SOURCES[code])
        src = rng.choice(len(src_names), n, p=np.array(list(SOURCES[code].values())))
        parts["t"].append(t)
        parts["x"].append(x)
        parts["y"].append(y)
        parts["c"].append(np.full(n, ci, dtype=np.int64))
        parts["sev"].append(sev.astype(np.int64))
        parts["src"].append(np.asarray(src_names, dtype=object)[src])

    t = np.concatenate(parts["t"])
    order = np.argsort(t, kind="stable")
    minutes = t[order]
    when = np.datetime64(FIRST_DAY.to_datetime64(), "m") + minutes.astype("timedelta64[m]")
    n = len(order)
    codes = np.asarray(CATEGORY_CODES, dtype=object)
    return gpd.GeoDataFrame(
        {
            "incident_id": [f"INC-{k + 1:07d}" for k in range(n)],
            "occurred_at": pd.DatetimeIndex(when.astype("datetime64[s]")),
            "category": codes[np.concatenate(parts["c"])[order]].astype(str),
            "severity": np.concatenate(parts["sev"])[order],
            "source": np.concatenate(parts["src"])[order].astype(str),
        },
        geometry=shapely.points(
            np.concatenate(parts["x"])[order], np.concatenate(parts["y"])[order]
        ),
        crs=PROJECTED_CRS,
    )


def _time_ranges(rng: np.random.Generator, incidents: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Give some late reports a time range and some only a date (see "How incidents are drawn").

    Every row draws one uniform number and one range length, chosen or
    not, so which rows are picked depends only on the seed and on the rows.
    Among the ``k`` late reports of ``n`` incidents, a row with ``u <
    p_date`` has only a date and one with ``p_date <= u < p_date + p_range``
    a range, where ``p_date = DATE_ONLY_SHARE * n / k`` and ``p_range =
    RANGE_SHARE * n / k`` (both scaled down together should they add up to
    more than 1).
    """
    n = len(incidents)
    u = rng.uniform(size=n)
    lo, hi = RANGE_HOURS
    minutes = rng.integers(lo * 60, hi * 60, n, endpoint=True)
    late = np.zeros(n, dtype=bool)
    for code, sources in LATE_REPORTS.items():
        late |= ((incidents["category"] == code) & incidents["source"].isin(sources)).to_numpy()
    k = int(late.sum())
    p_date = DATE_ONLY_SHARE * n / max(k, 1)
    p_range = RANGE_SHARE * n / max(k, 1)
    if p_date + p_range > 1.0:
        p_date, p_range = p_date / (p_date + p_range), p_range / (p_date + p_range)
    date_only = late & (u < p_date)
    ranged = late & (u >= p_date) & (u < p_date + p_range)
    at = incidents["occurred_at"].to_numpy(dtype="datetime64[s]")
    day = at.astype("datetime64[D]").astype("datetime64[s]")
    to = np.full(n, np.datetime64("NaT"), dtype="datetime64[s]")
    to[ranged] = at[ranged] + minutes[ranged].astype("timedelta64[m]")
    to[date_only] = day[date_only] + np.timedelta64(int(schema.DAY_END.total_seconds()), "s")
    at = np.where(date_only, day, at)
    out = incidents.copy()
    out["occurred_at"] = pd.DatetimeIndex(at)
    out["occurred_to"] = pd.DatetimeIndex(to)
    return out


# --------------------------------------------------------------------------
# Programmes
# --------------------------------------------------------------------------

#: (name, component, partners): the catalogue programmes are drawn from. A partner
#: is a name, or a key of ``data.names.PARTNERS`` for one partner of that type.
_CATALOGUE: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Mediación comunitaria de conflictos", "interruption", ("ngo",)),
    ("Pactos de no agresión entre parches", "interruption", ("ngo", "church")),
    (
        "Acompañamiento psicosocial a jóvenes en riesgo",
        "intervention",
        ("Secretaría de Desarrollo Social", "ngo"),
    ),
    ("Empleabilidad juvenil", "intervention", ("company",)),
    ("Retorno escolar", "intervention", ("Secretaría de Educación",)),
    ("Atención al consumo problemático", "intervention", ("Secretaría de Salud",)),
    ("Mentorías para jóvenes líderes", "intervention", ("university", "company")),
    ("Escuelas deportivas para la paz", "prevention", ("Secretaría de Deporte y Recreación",)),
    ("Música y cultura para la convivencia", "prevention", ("Secretaría de Cultura",)),
    ("Jóvenes constructores de paz", "prevention", ("church",)),
    ("Habilidades para la vida", "prevention", ("ngo", "Secretaría de Educación")),
    ("Semilleros de investigación barrial", "prevention", ("university",)),
    ("Crianza sin violencia", "prevention", ("ngo", "church")),
    ("Alumbrado en entornos escolares", "safe_environments", ("Secretaría de Infraestructura",)),
    ("Recuperación de espacio público", "safe_environments", ("Secretaría de Infraestructura",)),
    ("Murales y memoria barrial", "safe_environments", ("ngo", "Secretaría de Cultura")),
    ("Huertas comunitarias", "safe_environments", ("company", "church")),
    ("Casa de Justicia móvil", "access_to_justice", ("Secretaría de Gobierno",)),
    ("Consultorio jurídico barrial", "access_to_justice", ("university",)),
    ("Conciliación en equidad", "access_to_justice", ("Secretaría de Gobierno",)),
    (
        "Rutas de atención a la violencia intrafamiliar",
        "access_to_justice",
        ("Secretaría de Gobierno", "Secretaría de Salud"),
    ),
    ("Escucha y orientación parroquial", "access_to_justice", ("church",)),
)


#: Space labels that take a feminine article ("Activación de la Cancha ...").
_FEMININE = ("Cancha", "Plazoleta", "Zona")

#: Catalogue entries drawn every time, so every kind of partner takes part.
_ONE_OF_EACH_PARTNER = (
    "Empleabilidad juvenil",
    "Consultorio jurídico barrial",
    "Jóvenes constructores de paz",
    "Mediación comunitaria de conflictos",
)


#: ``programs.partner_type`` of each pool of ``data.names.PARTNERS``.
_PARTNER_TYPE: dict[str, str] = {
    "city": "city",
    "ngo": "ngo",
    "church": "church",
    "company": "private",
    "university": "academia",
}


def _partner(rng: np.random.Generator, options: tuple[str, ...]) -> str:
    choice = options[int(rng.integers(0, len(options)))]
    if choice in names.PARTNERS:
        pool = names.PARTNERS[choice]
        return pool[int(rng.integers(0, len(pool)))]
    return choice


def _partner_type(partner: str) -> str:
    """The ``partner_type`` code of a partner named in ``data.names.PARTNERS``."""
    for pool, members in names.PARTNERS.items():
        if partner in members:
            return _PARTNER_TYPE[pool]
    msg = f"partner {partner!r} is in no pool of data.names.PARTNERS; add it there"
    raise ValueError(msg)


def _programs(
    rng: np.random.Generator,
    hoods: gpd.GeoDataFrame,
    territories: gpd.GeoDataFrame,
    spaces: gpd.GeoDataFrame,
    program_start: pd.Timestamp,
) -> gpd.GeoDataFrame:
    """About 25-40 programmes under the five components, mostly in treated barrios."""
    geoms = dict(zip(hoods["neighborhood_id"], hoods.geometry, strict=True))
    hood_names = dict(zip(hoods["neighborhood_id"], hoods["name"], strict=True))
    need = hoods.set_index("neighborhood_id")["need"]
    treated_ids = hoods.loc[hoods["treated"], "neighborhood_id"].to_numpy()
    untreated_ids = hoods.loc[~hoods["treated"], "neighborhood_id"].to_numpy()
    horizon = LAST_DAY.normalize()
    rows: list[dict[str, object]] = []

    def add(name: str, component: str, partner: str, hood: str | None, start: pd.Timestamp) -> None:
        end: pd.Timestamp | None = None
        if rng.uniform() < 0.4:
            end = start + pd.Timedelta(days=int(rng.integers(365, 3 * 365)))
            end = None if end > horizon else end
        where = hood_names[hood] if hood is not None else "toda la ciudad"
        rows.append(
            {
                "name": f"{name} ({where})",
                "component": component,
                "partner": partner,
                "neighborhood_id": hood,
                "start": start,
                "end": end if end is not None else pd.NaT,
                "geometry": geoms[hood] if hood is not None else None,
            }
        )

    # the gestores teams: one interruption programme per territory, in its neediest barrio
    for row in territories.itertuples():
        members = hoods.loc[hoods["territory_id"] == row.territory_id, "neighborhood_id"]
        top = str(need.loc[members].idxmax())
        rows.append(
            {
                "name": f"Gestores de convivencia, {row.team}",
                "component": "interruption",
                "partner": "Secretaría de Seguridad y Convivencia",
                "neighborhood_id": top,
                "start": program_start.normalize(),
                "end": pd.NaT,
                "geometry": geoms[top],
            }
        )
    # activation of public spaces in treated barrios
    active = spaces[
        (spaces["activation_status"] == "active") & spaces["neighborhood_id"].isin(treated_ids)
    ]
    for row in active.head(4).itertuples():
        start = program_start + pd.Timedelta(days=int(rng.integers(0, 240)))
        add(
            f"Activación {'de la' if str(row.name).startswith(_FEMININE) else 'del'} {row.name}",
            "safe_environments",
            "Secretaría de Deporte y Recreación",
            str(row.neighborhood_id),
            start.normalize(),
        )
    # one programme of each kind of partner, then a random draw from the catalogue
    titles = [entry[0] for entry in _CATALOGUE]
    every_partner = [titles.index(t) for t in _ONE_OF_EACH_PARTNER]
    n_more = int(rng.integers(13, 21))
    picks = [*every_partner, *rng.choice(len(_CATALOGUE), n_more, replace=False)]
    for k in picks:
        name, component, options = _CATALOGUE[int(k)]
        partner = _partner(rng, options)
        u = rng.uniform()
        if u < 0.7 and len(treated_ids):
            hood: str | None = str(rng.choice(treated_ids))
            start = program_start + pd.Timedelta(days=int(rng.integers(-60, 150)))
        elif u < 0.88 and len(untreated_ids):
            hood = str(rng.choice(untreated_ids))
            start = pd.Timestamp("2019-01-01") + pd.Timedelta(days=int(rng.integers(0, 5 * 365)))
        else:
            hood = None
            start = pd.Timestamp("2019-01-01") + pd.Timedelta(days=int(rng.integers(0, 5 * 365)))
        add(name, component, partner, hood, start.normalize())
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs=PROJECTED_CRS)
    frame.insert(0, "program_id", [f"P{k + 1:02d}" for k in range(len(frame))])
    frame.insert(4, "partner_type", [_partner_type(str(p)) for p in frame["partner"]])
    frame["start"] = pd.to_datetime(frame["start"]).astype("datetime64[s]")
    frame["end"] = pd.to_datetime(frame["end"]).astype("datetime64[s]")
    frame["neighborhood_id"] = frame["neighborhood_id"].astype("str")
    return frame


# --------------------------------------------------------------------------
# Streets
# --------------------------------------------------------------------------


def _streets(
    rng: np.random.Generator,
    city: Polygon,
    spaces: gpd.GeoDataFrame,
    cx: float,
    cy: float,
) -> gpd.GeoDataFrame:
    """A walkable street network: a perturbed grid with three arterials, noded, in the city.

    The grid is turned by a random angle of up to 15 degrees about the
    centre; each row and each column of it draws its spacing from
    :data:`BLOCK_M`, and every corner moves by a normal shift of sigma
    :data:`CORNER_JITTER_M` metres. A segment joins two corners next to each
    other, so the segments meet at the corners they share (the network is
    noded by construction, from the grid's indices). :data:`MISSING_STREETS`
    of the local segments are left out and :data:`FOOTPATHS` of them are
    footpaths, as are the segments whose middle lies in a public space's
    polygon (the walks through a park).
    Two arterials follow a grid row and a grid column near the centre (none
    of their segments is left out); a third, gently curved, crosses the city
    diagonally and is noded with the grid by ``shapely.node`` (the grid's
    segments are split where it crosses them). Everything is then clipped to
    the city's outline.

    Returns
    -------
    geopandas.GeoDataFrame
        ``street_id`` (``S00001``...), ``name`` (``Calle``/``Carrera`` and the
        grid row or column, the diagonal ``Avenida Diagonal``; footpaths have
        none), ``kind`` (``arterial``, ``local`` or ``path``), LineStrings in
        :data:`PROJECTED_CRS`.
    """
    xmin, ymin, xmax, ymax = city.bounds
    reach = math.hypot(xmax - xmin, ymax - ymin) / 2 + BLOCK_M[1]

    def lines_of(n_max: int) -> FloatArray:
        steps = rng.uniform(*BLOCK_M, n_max)
        offsets = np.concatenate([[0.0], np.cumsum(steps)])
        offsets = offsets[offsets <= 2 * reach]
        centred: FloatArray = offsets - offsets[len(offsets) // 2]
        return centred

    n_max = int(2 * reach / BLOCK_M[0]) + 2
    xs, ys = lines_of(n_max), lines_of(n_max)
    nx, ny = len(xs), len(ys)
    jitter = np.clip(
        rng.normal(0.0, CORNER_JITTER_M, (nx, ny, 2)), -2 * CORNER_JITTER_M, 2 * CORNER_JITTER_M
    )
    gx = xs[:, None] + jitter[..., 0]
    gy = ys[None, :] + jitter[..., 1]
    angle = math.radians(rng.uniform(-15.0, 15.0))
    cos, sin = math.cos(angle), math.sin(angle)
    px = (cx + cos * gx - sin * gy).ravel()
    py = (cy + sin * gx + cos * gy).ravel()
    node = np.arange(nx * ny).reshape(nx, ny)
    # segments between neighbouring corners: along a row (same j), then along a column (same i)
    a = np.concatenate([node[:-1, :].ravel(), node[:, :-1].ravel()])
    b = np.concatenate([node[1:, :].ravel(), node[:, 1:].ravel()])
    n_row = (nx - 1) * ny
    row_j = np.concatenate([np.tile(np.arange(ny), nx - 1), np.full(len(a) - n_row, -1)])
    col_i = np.concatenate([np.full(n_row, -1), np.repeat(np.arange(nx), ny - 1)])
    mid = len(xs) // 2, len(ys) // 2
    art_row = mid[1] + int(rng.integers(-6, 7))
    art_col = mid[0] + int(rng.integers(-6, 7))
    arterial = (row_j == art_row) | (col_i == art_col)
    u = rng.uniform(size=len(a))
    keep = arterial | (u >= MISSING_STREETS)
    kind = np.where(
        arterial, "arterial", np.where(u < MISSING_STREETS + FOOTPATHS, "path", "local")
    ).astype(object)
    label = np.where(row_j >= 0, "Calle ", "Carrera ").astype(object) + np.where(
        row_j >= 0, row_j - art_row + 20, col_i - art_col + 30
    ).astype(str)
    a, b, kind, label = a[keep], b[keep], kind[keep], label[keep]

    # the diagonal avenue: a straight line bent by a long, low sine wave
    t = np.arange(-reach, reach + 25.0, 25.0)
    bend = rng.uniform(80.0, 200.0) * np.sin(2 * math.pi * t / rng.uniform(5000.0, 8000.0))
    phi = angle + math.radians(45.0 + rng.uniform(-10.0, 10.0))
    dx, dy = math.cos(phi), math.sin(phi)
    diagonal = shapely.linestrings(cx + t * dx - bend * dy, cy + t * dy + bend * dx)

    segments = shapely.linestrings(
        np.stack([np.column_stack([px[a], py[a]]), np.column_stack([px[b], py[b]])], axis=1)
    )
    # node the diagonal with the segments it crosses (the others are noded already)
    crossing = shapely.STRtree(segments).query(diagonal, predicate="intersects")
    local = np.ones(len(segments), dtype=bool)
    local[crossing] = False
    near = np.append(segments[crossing], diagonal)
    near_kind = np.append(kind[crossing], "arterial")
    near_label = np.append(label[crossing], "Avenida Diagonal")
    pieces = shapely.get_parts(shapely.node(shapely.multilinestrings(near)))
    # each piece takes the kind and name of the line it lies on (its middle is on it)
    middle = shapely.line_interpolate_point(pieces, 0.5, normalized=True)
    source = shapely.STRtree(near).query_nearest(middle, all_matches=False)[1]
    noded = np.concatenate([segments[local], pieces])
    piece_kind = np.concatenate([kind[local], near_kind[source]])
    piece_label = np.concatenate([label[local], near_label[source]])

    shapely.prepare(city)
    inside = shapely.contains_properly(city, noded)
    cut = ~inside & shapely.intersects(city, noded)
    clipped = shapely.intersection(noded[cut], city)
    parts, whose = shapely.get_parts(clipped, return_index=True)
    lines = shapely.get_type_id(parts) == 1
    geoms = np.concatenate([noded[inside], parts[lines]])
    cut_idx = np.flatnonzero(cut)[whose[lines]]
    which = np.concatenate([np.flatnonzero(inside), cut_idx])
    long_enough = shapely.length(geoms) >= 0.01  # leaves of the clipping; a short piece between
    # two crossings stays, or the streets it joins would not meet
    geoms, which = geoms[long_enough], which[long_enough]
    out_kind, out_label = piece_kind[which], piece_label[which]
    # walkways through the parks and plazas
    polygons = spaces.geometry.to_numpy()
    polygons = polygons[shapely.get_type_id(polygons) == 3]
    in_space = shapely.STRtree(polygons).query(
        shapely.line_interpolate_point(geoms, 0.5, normalized=True), predicate="within"
    )[0]
    out_kind[np.unique(in_space)] = np.where(
        out_kind[np.unique(in_space)] == "arterial", "arterial", "path"
    )
    out_label = np.where(out_kind == "path", None, out_label)
    order = np.lexsort(
        (shapely.get_x(shapely.centroid(geoms)), -shapely.get_y(shapely.centroid(geoms)))
    )
    return gpd.GeoDataFrame(
        {
            "street_id": [f"S{k + 1:05d}" for k in range(len(geoms))],
            "name": out_label[order],
            "kind": out_kind[order],
        },
        geometry=geoms[order],
        crs=PROJECTED_CRS,
    )


# --------------------------------------------------------------------------
# Ground truth
# --------------------------------------------------------------------------


def _truth(
    model: _Model,
    grid: _Grid,
    hoods: gpd.GeoDataFrame,
    hotspots: pd.DataFrame,
    program_start: pd.Timestamp,
    factor: float,
) -> dict[str, Frame]:
    hood_ids = hoods["neighborhood_id"].to_numpy()
    treated_cell = hoods["treated"].to_numpy()[grid.hood]
    risk: dict[str, object] = {
        "cell_id": np.arange(len(grid.x), dtype=np.int64),
        "neighborhood_id": hood_ids[grid.hood],
        "treated": treated_cell,
    }
    for group, codes in schema.GROUPS.items():
        total = sum(model.expected[c].sum(axis=0) for c in codes)
        risk[f"risk_{group}"] = np.asarray(total / np.mean(total))
    truth_risk = gpd.GeoDataFrame(
        risk, geometry=grid.grid.polygons(grid.i, grid.j), crs=PROJECTED_CRS
    )

    truth_hot = gpd.GeoDataFrame(
        {
            "hotspot_id": hotspots["hotspot_id"],
            "radius_m": hotspots["radius_m"],
            "space_id": hotspots["space_id"],
            "neighborhood_id": hotspots["neighborhood_id"],
            "treated": hotspots["treated"],
            "pattern": hotspots["pattern"],
            "start": pd.to_datetime(hotspots["start"]).astype("datetime64[s]"),
            "end": pd.to_datetime(hotspots["end"]).astype("datetime64[s]"),
            "share": hotspots["share"],
            "strength": np.round(model.strength, 3),
        },
        geometry=shapely.points(hotspots["x"].to_numpy(), hotspots["y"].to_numpy()),
        crs=PROJECTED_CRS,
    )

    # per barrio: expected counts by (month, barrio); effective group multipliers
    n_h = len(hoods)
    onehot = np.zeros((len(grid.x), n_h))
    onehot[np.arange(len(grid.x)), grid.hood] = 1.0
    post = model.months >= program_start.replace(day=1)
    effect: dict[str, object] = {
        "neighborhood_id": hood_ids,
        "territory_id": hoods["territory_id"].to_numpy(),
        "treated": hoods["treated"].to_numpy(),
        "start": np.full(n_h, program_start.to_datetime64().astype("datetime64[s]")),
    }
    by_hood = {c: model.expected[c] @ onehot for c in CATEGORY_CODES}
    without_hood = {c: model.without_effect[c] @ onehot for c in CATEGORY_CODES}
    for c in CATEGORY_CODES:
        effect[f"multiplier_{c}"] = np.where(hoods["treated"], PROGRAM_MULTIPLIERS[c], 1.0)
    for group, codes in schema.GROUPS.items():
        with_ = sum(by_hood[c][post].sum(axis=0) for c in codes)
        base = sum(without_hood[c][post].sum(axis=0) for c in codes)
        effect[f"multiplier_{group}"] = np.round(np.asarray(with_ / base), 4)
    truth_effect = pd.DataFrame(effect)

    months = np.repeat(model.months.to_numpy(), n_h * len(CATEGORY_CODES))
    hood_col = np.tile(np.repeat(hood_ids, len(CATEGORY_CODES)), len(model.months))
    cat_col = np.tile(np.asarray(CATEGORY_CODES, dtype=object), len(model.months) * n_h)
    values = np.stack([by_hood[c] for c in CATEGORY_CODES], axis=-1)  # (months, hoods, cats)
    truth_expected = pd.DataFrame(
        {
            "month": pd.DatetimeIndex(months.astype("datetime64[s]")),
            "neighborhood_id": hood_col.astype(str),
            "category": cat_col.astype(str),
            "expected": values.reshape(-1) * factor,
        }
    )
    return {
        "truth_risk": truth_risk,
        "truth_hotspots": truth_hot,
        "truth_program_effect": truth_effect,
        "truth_expected": truth_expected,
    }
