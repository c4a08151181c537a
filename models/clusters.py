"""Density-based clusters of incidents (DBSCAN, HDBSCAN) drawn as hulls.

The incidents' projected coordinates are clustered with scikit-learn's
``DBSCAN`` or ``HDBSCAN``; each cluster becomes one polygon (its convex
hull, or a concave hull) with what a planner asks first: how many
incidents, how much harm, of which kinds, over which dates, and which
public space is nearest.

Parameters chosen from the data
    ``min_samples`` (DBSCAN) defaults to 10 incidents. ``eps`` (DBSCAN's
    search distance) defaults to the average distance from each incident
    to its ``min_samples``-th nearest neighbour: the spacing at which a
    typical incident would just qualify as a core point, the usual
    "k-distance" heuristic. HDBSCAN needs no distance; ``min_cluster_size``
    defaults to 20 incidents and ``min_samples`` to the same.

Scale
    DBSCAN clusters 100,000 incidents in well under a second here.
    scikit-learn's HDBSCAN grows much faster than linearly (about 2 s for
    20,000 incidents, 9 s for 50,000 and 50 s for 100,000 on the
    development machine): filter by category or period first, or use
    DBSCAN, for larger sets.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from scipy.spatial import cKDTree
from sklearn.cluster import DBSCAN, HDBSCAN

from geo import schema
from models.lattice import point_coordinates, projected_crs

#: Defaults of the cluster sizes (incidents).
DBSCAN_MIN_SAMPLES = 10
HDBSCAN_MIN_CLUSTER_SIZE = 20
#: Hulls of clusters with fewer than 3 distinct locations are buffered by this (metres).
DEGENERATE_BUFFER_M = 10.0


@dataclass(frozen=True)
class ClusterParameters:
    """What a clustering used, for the page and the CLI.

    Attributes
    ----------
    method
        ``"dbscan"`` or ``"hdbscan"``.
    eps
        DBSCAN's search distance in metres (NaN for HDBSCAN).
    min_samples
        Neighbours a core incident needs.
    min_cluster_size
        HDBSCAN's smallest cluster (0 for DBSCAN).
    hull
        ``"convex"`` or ``"concave"``.
    crs
        The projected CRS.
    n_clusters, n_noise
        Clusters found; incidents in none.
    reason
        English sentences for the page.
    """

    method: str
    eps: float
    min_samples: int
    min_cluster_size: int
    hull: str
    crs: str
    n_clusters: int
    n_noise: int
    reason: str


def k_distance(x: np.ndarray, y: np.ndarray, k: int) -> float:
    """Average distance from each point to its ``k``-th nearest other point, metres."""
    pts = np.column_stack([x, y])
    k = min(k, len(pts) - 1)
    if k < 1:
        msg = "at least 2 incidents are needed to measure their spacing"
        raise ValueError(msg)
    d, _ = cKDTree(pts).query(pts, k=k + 1)
    return float(d[:, k].mean())


def cluster_labels(
    x: np.ndarray,
    y: np.ndarray,
    *,
    method: str = "dbscan",
    eps: float | None = None,
    min_samples: int | None = None,
    min_cluster_size: int | None = None,
) -> tuple[np.ndarray, float, int, int]:
    """Cluster label of each point (-1 for noise).

    Returns
    -------
    (labels, eps used (NaN for HDBSCAN), min_samples used, min_cluster_size used)
    """
    pts = np.column_stack([np.asarray(x, dtype=float), np.asarray(y, dtype=float)])
    if method == "dbscan":
        ms = DBSCAN_MIN_SAMPLES if min_samples is None else int(min_samples)
        if ms < 1:
            msg = f"`min_samples` must be at least 1, got {ms}"
            raise ValueError(msg)
        e = k_distance(pts[:, 0], pts[:, 1], ms) if eps is None else float(eps)
        if not (e > 0 and math.isfinite(e)):
            msg = f"`eps` must be a positive number of metres, got {e!r}"
            raise ValueError(msg)
        labels = DBSCAN(eps=e, min_samples=ms).fit(pts).labels_
        return np.asarray(labels, dtype=np.int64), e, ms, 0
    if method == "hdbscan":
        mcs = HDBSCAN_MIN_CLUSTER_SIZE if min_cluster_size is None else int(min_cluster_size)
        ms = mcs if min_samples is None else int(min_samples)
        if mcs < 2 or ms < 1:
            msg = f"`min_cluster_size` must be at least 2 and `min_samples` at least 1, got {mcs}, {ms}"
            raise ValueError(msg)
        labels = HDBSCAN(min_cluster_size=mcs, min_samples=ms, copy=True).fit(pts).labels_
        return np.asarray(labels, dtype=np.int64), math.nan, ms, mcs
    msg = f"`method` must be 'dbscan' or 'hdbscan', got {method!r}"
    raise ValueError(msg)


def _hull(x: np.ndarray, y: np.ndarray, kind: str, ratio: float) -> shapely.Geometry:
    mp = shapely.multipoints(np.column_stack([x, y]))
    hull = shapely.concave_hull(mp, ratio=ratio) if kind == "concave" else shapely.convex_hull(mp)
    if hull.geom_type != "Polygon":
        hull = hull.buffer(DEGENERATE_BUFFER_M)
    return hull


def density_clusters(
    incidents: gpd.GeoDataFrame,
    *,
    method: str = "dbscan",
    eps: float | None = None,
    min_samples: int | None = None,
    min_cluster_size: int | None = None,
    hull: str = "convex",
    concave_ratio: float = 0.3,
    spaces: gpd.GeoDataFrame | None = None,
    crs: str | None = None,
    top_categories: int = 3,
) -> tuple[gpd.GeoDataFrame, pd.Series, ClusterParameters]:
    """Density-based clusters of incidents as hulls with their figures.

    Parameters
    ----------
    incidents
        Points, already filtered; optional columns ``category`` (for harm
        and the dominant categories) and ``occurred_at`` (for the time span).
    method
        ``"dbscan"`` or ``"hdbscan"``.
    eps, min_samples, min_cluster_size
        See :func:`cluster_labels`; ``None`` uses the defaults of the
        module docstring.
    hull
        ``"convex"`` or ``"concave"`` (``shapely.concave_hull`` with
        ``concave_ratio``, 0 tightest, 1 convex).
    concave_ratio
        Concavity of the concave hull.
    spaces
        Public spaces (with a ``name`` column) to find the nearest of each
        cluster; ``None`` leaves those columns empty.
    crs
        Projected CRS; default the incidents' own if projected, else chosen.
    top_categories
        How many categories to list per cluster.

    Returns
    -------
    clusters : geopandas.GeoDataFrame
        One row per cluster, largest first, in ``crs``, columns:

        ``cluster``
            Cluster id (as in ``labels``).
        ``n_incidents``
            Incidents in the cluster.
        ``harm``
            Sum of the harm weights (:data:`geo.schema.HARM_WEIGHTS`); NaN
            without a ``category`` column.
        ``top_categories``
            e.g. ``"fight 45%, theft 30%, noise 10%"``.
        ``dominant_category``
            The most frequent category code.
        ``first_date``, ``last_date``
            Time span (NaT without ``occurred_at``).
        ``area_km2``
            Area of the hull.
        ``nearest_space``, ``nearest_space_m``
            Name of the nearest public space and its distance from the
            hull (0 when they touch); empty/NaN without ``spaces``.
        ``geometry``
            The hull.
    labels : pandas.Series
        Cluster of each incident (-1 noise), on the incidents' index.
    parameters : ClusterParameters
    """
    if hull not in ("convex", "concave"):
        msg = f"`hull` must be 'convex' or 'concave', got {hull!r}"
        raise ValueError(msg)
    work_crs = projected_crs(incidents, crs)
    x, y = point_coordinates(incidents, work_crs)
    if len(x) < 2:
        msg = f"clustering needs at least 2 incidents, got {len(x)}"
        raise ValueError(msg)
    labels, e, ms, mcs = cluster_labels(
        x, y, method=method, eps=eps, min_samples=min_samples, min_cluster_size=min_cluster_size
    )
    has_cat = "category" in incidents.columns
    has_when = "occurred_at" in incidents.columns
    cats = incidents["category"].astype("string").to_numpy() if has_cat else None
    harm = (
        incidents["category"].astype("string").map(schema.HARM_WEIGHTS).to_numpy(dtype=float)
        if has_cat
        else None
    )
    when = pd.to_datetime(incidents["occurred_at"]).to_numpy() if has_when else None
    rows = []
    for lab in np.unique(labels[labels >= 0]):
        members = np.flatnonzero(labels == lab)
        geom = _hull(x[members], y[members], hull, concave_ratio)
        row: dict[str, object] = {
            "cluster": int(lab),
            "n_incidents": int(members.size),
            "harm": float(np.nansum(harm[members])) if harm is not None else math.nan,
        }
        if cats is not None:
            vc = pd.Series(cats[members]).value_counts()
            share = vc / vc.sum()
            row["top_categories"] = ", ".join(
                f"{k} {v:.0%}" for k, v in share.head(top_categories).items()
            )
            row["dominant_category"] = str(vc.index[0])
        else:
            row["top_categories"] = ""
            row["dominant_category"] = ""
        row["first_date"] = pd.Timestamp(when[members].min()) if when is not None else pd.NaT
        row["last_date"] = pd.Timestamp(when[members].max()) if when is not None else pd.NaT
        row["area_km2"] = geom.area / 1e6
        row["geometry"] = geom
        rows.append(row)
    columns = [
        "cluster",
        "n_incidents",
        "harm",
        "top_categories",
        "dominant_category",
        "first_date",
        "last_date",
        "area_km2",
        "geometry",
    ]
    clusters = gpd.GeoDataFrame(
        pd.DataFrame(rows, columns=columns), geometry="geometry", crs=work_crs
    )
    clusters["first_date"] = pd.to_datetime(clusters["first_date"])
    clusters["last_date"] = pd.to_datetime(clusters["last_date"])
    clusters["nearest_space"] = ""
    clusters["nearest_space_m"] = np.nan
    if spaces is not None and len(spaces) and len(clusters):
        sgeom = spaces.geometry.to_crs(work_crs).to_numpy()
        names = (
            spaces["name"].astype(str).to_numpy()
            if "name" in spaces.columns
            else spaces.index.astype(str).to_numpy()
        )
        tree = shapely.STRtree(sgeom)
        (hull_idx, space_idx), dist = tree.query_nearest(
            clusters.geometry.to_numpy(), return_distance=True, all_matches=False
        )
        clusters.loc[clusters.index[hull_idx], "nearest_space"] = names[space_idx]
        clusters.loc[clusters.index[hull_idx], "nearest_space_m"] = dist
    clusters = clusters.sort_values(["n_incidents", "cluster"], ascending=[False, True])
    clusters = clusters.reset_index(drop=True)
    n_noise = int((labels < 0).sum())
    if method == "dbscan":
        how = (
            f"DBSCAN: an incident with at least {ms} incidents (itself included) within "
            f"{e:,.0f} m starts or extends a cluster"
        )
        if eps is None:
            how += f" ({e:,.0f} m is the average distance to the {ms}th nearest incident)"
    else:
        how = f"HDBSCAN: clusters of at least {mcs} incidents that stay dense across scales"
    reason = (
        f"{how}; {len(clusters):,} clusters, {n_noise:,} of {len(x):,} incidents in none. "
        f"Each cluster is drawn as its {hull} hull."
    )
    params = ClusterParameters(
        method=method,
        eps=e,
        min_samples=ms,
        min_cluster_size=mcs,
        hull=hull,
        crs=work_crs,
        n_clusters=len(clusters),
        n_noise=n_noise,
        reason=reason,
    )
    return clusters, pd.Series(labels, index=incidents.index, name="cluster"), params
