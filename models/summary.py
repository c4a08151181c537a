"""Descriptive summaries of a period: counts, harm, rates, coverage.

These are the figures the Map page shows beside the map and the briefing
quotes. All of them take the already-filtered incidents (see
:func:`filter_incidents`) and return plain frames or dataclasses with
documented columns, so a notebook gets the same numbers as the app.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd

from geo import schema, settings

DAYS_PER_YEAR = 365.25


def filter_incidents(
    incidents: gpd.GeoDataFrame,
    *,
    start: date | None = None,
    end: date | None = None,
    categories: Sequence[str] | None = None,
) -> gpd.GeoDataFrame:
    """Incidents with ``start <= occurred_at < end + 1 day`` in ``categories``.

    Parameters
    ----------
    incidents
        The incidents layer (``occurred_at`` naive local datetimes, ``category`` codes).
    start, end
        Inclusive dates; ``None`` leaves that side open.
    categories
        Category codes to keep; ``None`` keeps all.
    """
    return incidents.loc[incident_mask(incidents, start=start, end=end, categories=categories)]


def incident_mask(
    incidents: pd.DataFrame,
    *,
    start: date | None = None,
    end: date | None = None,
    categories: Sequence[str] | None = None,
) -> np.ndarray:
    """Which rows :func:`filter_incidents` keeps, as a boolean array (for arrays kept beside them)."""
    keep = np.ones(len(incidents), dtype=bool)
    when = incidents["occurred_at"]
    if start is not None:
        keep &= (when >= pd.Timestamp(start)).to_numpy()
    if end is not None:
        keep &= (when < pd.Timestamp(end) + pd.Timedelta(days=1)).to_numpy()
    if categories is not None:
        keep &= incidents["category"].isin(list(categories)).to_numpy()
    return keep


def period_years(start: date, end: date) -> float:
    """Length of the inclusive period ``[start, end]`` in years of 365.25 days."""
    return ((end - start).days + 1) / DAYS_PER_YEAR


def category_table(incidents: pd.DataFrame) -> pd.DataFrame:
    """Counts and harm per category.

    Returns
    -------
    pandas.DataFrame
        One row per category present, most harm first, with columns
        ``category`` (code), ``group`` (violence/convivencia/property/other),
        ``n`` (incidents), ``harm`` (``n`` times the category's harm weight)
        and ``share`` (fraction of the total harm, 0-1).
    """
    counts = incidents["category"].value_counts()
    frame = pd.DataFrame(
        {"category": counts.index.astype(str), "n": counts.to_numpy(dtype=np.int64)}
    )
    frame["group"] = frame["category"].map(lambda c: schema.CATEGORIES[c].group)
    frame["harm"] = frame["n"] * frame["category"].map(schema.HARM_WEIGHTS).astype(float)
    total = frame["harm"].sum()
    frame["share"] = frame["harm"] / total if total > 0 else 0.0
    return (
        frame[["category", "group", "n", "harm", "share"]]
        .sort_values(["harm", "category"], ascending=[False, True])
        .reset_index(drop=True)
    )


@dataclass(frozen=True)
class Rate:
    """A rate per 100,000 residents per year.

    Attributes
    ----------
    events
        Events in the period.
    population
        Residents (sum of the neighbourhoods' population).
    years
        Length of the period in years.
    per_100k
        ``events / population / years * 100000``; NaN without population.
    """

    events: int
    population: int
    years: float
    per_100k: float


def annual_rate(events: int, population: int, years: float) -> Rate:
    """Rate per 100,000 residents per year (NaN when population or years are 0).

    Examples
    --------
    >>> annual_rate(15, 300_000, 2.5).per_100k
    2.0
    """
    per = events / population / years * 100_000 if population > 0 and years > 0 else float("nan")
    return Rate(
        events=int(events), population=int(population), years=float(years), per_100k=float(per)
    )


def homicide_rate(
    incidents: pd.DataFrame, neighborhoods: pd.DataFrame | None, start: date, end: date
) -> Rate:
    """Homicides per 100,000 residents per year over ``[start, end]``."""
    homicides = int((incidents["category"] == "homicide").sum())
    population = int(neighborhoods["population"].sum()) if neighborhoods is not None else 0
    return annual_rate(homicides, population, period_years(start, end))


def rate_per_100k(
    counts: npt.ArrayLike,
    population: npt.ArrayLike,
    *,
    years: float = 1.0,
    min_residents: float | None = None,
) -> np.ndarray:
    """``counts / population * 100,000 / years``, blank where too few people live.

    Parameters
    ----------
    counts
        Incidents (or harm units) of each area.
    population
        Residents of each area (text and missing values count as unknown).
    years
        Length of the period: 1 gives the rate over the whole period.
    min_residents
        Areas with fewer residents (or none, or unknown) get NaN instead of a
        rate: a handful of residents would give a huge rate that means
        nothing. Default ``settings.min_residents``.

    Examples
    --------
    >>> rate_per_100k([5, 3, 2], [50_000, 0, 120], years=2.0, min_residents=500).tolist()
    [5.0, nan, nan]
    """
    c = np.asarray(counts, dtype=float)
    pop = np.asarray(pd.to_numeric(pd.Series(np.asarray(population)), errors="coerce"), dtype=float)
    if years <= 0:
        msg = f"`years` must be positive, got {years!r}"
        raise ValueError(msg)
    least = settings.min_residents if min_residents is None else float(min_residents)
    enough = (pop > 0) & (pop >= least)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(enough, c / pop * 100_000.0 / years, np.nan)


def neighborhood_table(
    incidents: gpd.GeoDataFrame,
    neighborhoods: gpd.GeoDataFrame,
    *,
    crs: str,
    years: float,
) -> pd.DataFrame:
    """Incidents, harm and rate per neighbourhood.

    Points are joined to neighbourhoods in the projected ``crs``; a point on
    a shared edge goes to one neighbourhood only (the first match).

    Returns
    -------
    pandas.DataFrame
        One row per neighbourhood, most harm first: ``neighborhood_id``,
        ``name``, ``population``, ``n`` (incidents inside), ``harm``,
        ``rate_per_100k`` (incidents per 100,000 residents per year; NaN
        where fewer than ``settings.min_residents`` live there, see
        :func:`rate_per_100k`).
    """
    pts = incidents[["category", incidents.geometry.name]].to_crs(crs)
    hoods = neighborhoods[[neighborhoods.geometry.name]].to_crs(crs)
    joined = gpd.sjoin(pts, hoods, how="inner", predicate="within")
    joined = joined[~joined.index.duplicated(keep="first")]
    row = hoods.index.get_indexer(joined["index_right"])
    harm = joined["category"].map(schema.HARM_WEIGHTS).to_numpy(dtype=float)
    return neighborhood_totals(
        neighborhoods,
        np.bincount(row, minlength=len(hoods)),
        np.bincount(row, weights=harm, minlength=len(hoods)),
        years=years,
    )


def neighborhood_totals(
    neighborhoods: pd.DataFrame, n: npt.ArrayLike, harm: npt.ArrayLike, *, years: float
) -> pd.DataFrame:
    """:func:`neighborhood_table` from each neighbourhood's incidents and harm, already counted.

    Parameters
    ----------
    neighborhoods
        The ``neighborhoods`` layer (``neighborhood_id``, ``name``, ``population``).
    n, harm
        Incidents and harm inside each neighbourhood, in the layer's row order.
    years
        Length of the period, for the rate.

    Returns
    -------
    pandas.DataFrame
        As :func:`neighborhood_table`.
    """
    out = pd.DataFrame(neighborhoods[["neighborhood_id", "name", "population"]]).reset_index(
        drop=True
    )
    out["n"] = np.asarray(n, dtype=np.int64)
    out["harm"] = np.asarray(harm, dtype=float)
    out["rate_per_100k"] = rate_per_100k(out["n"], out["population"], years=years)
    return out.sort_values(["harm", "name"], ascending=[False, True]).reset_index(drop=True)


def territory_coverage(
    neighborhoods: gpd.GeoDataFrame, territories: gpd.GeoDataFrame, *, crs: str
) -> float:
    """Share (0-1) of the neighbourhoods' population living inside any territory.

    Each neighbourhood's population is spread evenly over its area
    (areal weighting), measured in the projected ``crs``.
    """
    hoods = neighborhoods.to_crs(crs)
    cover = territories.to_crs(crs).geometry.union_all()
    area = hoods.geometry.area.to_numpy()
    inside = hoods.geometry.intersection(cover).area.to_numpy()
    frac = np.divide(inside, area, out=np.zeros_like(area), where=area > 0)
    total = float(hoods["population"].sum())
    return (
        float((frac * hoods["population"].to_numpy(dtype=float)).sum() / total)
        if total > 0
        else 0.0
    )


def status_counts(spaces: pd.DataFrame) -> dict[str, int]:
    """Public spaces per ``activation_status`` (``unknown`` where missing)."""
    if "activation_status" not in spaces.columns:
        return {"unknown": len(spaces)}
    status = (
        spaces["activation_status"]
        .astype(object)
        .where(spaces["activation_status"].notna(), "unknown")
    )
    return {str(k): int(v) for k, v in status.value_counts().items()}


def date_bounds(incidents: pd.DataFrame) -> tuple[date, date]:
    """First and last date with an incident (today's date twice when empty)."""
    if len(incidents) == 0:
        today = datetime.now().date()
        return today - timedelta(days=365), today
    when = incidents["occurred_at"]
    return when.min().date(), when.max().date()
