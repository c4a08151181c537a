"""Density-based clusters: the clusters found and what each hull reports."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from numpy.testing import assert_allclose
from shapely.geometry import Point, box

from models.clusters import density_clusters, k_distance

CRS = "EPSG:9377"


def _incidents() -> gpd.GeoDataFrame:
    rng = np.random.default_rng(5)
    # blob A: 150 fights around (1000, 1000); blob B: 100 thefts + 50 homicides around (5000, 4000)
    ax, ay = rng.normal(1000, 60, 150), rng.normal(1000, 60, 150)
    bx, by = rng.normal(5000, 80, 150), rng.normal(4000, 80, 150)
    nx, ny = rng.uniform(0, 8000, 40), rng.uniform(0, 8000, 40)
    cats = ["fight"] * 150 + ["theft"] * 100 + ["homicide"] * 50 + ["noise"] * 40
    days = np.r_[np.arange(150) % 30, 100 + np.arange(150) % 60, np.zeros(40)]
    return gpd.GeoDataFrame(
        {
            "category": cats,
            "occurred_at": pd.Timestamp("2024-01-01") + pd.to_timedelta(days, unit="D"),
        },
        geometry=gpd.points_from_xy(np.r_[ax, bx, nx], np.r_[ay, by, ny]),
        crs=CRS,
    )


def _spaces() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"name": ["Parque A", "Plaza B"]},
        geometry=[Point(1000, 1000).buffer(30), box(5600, 4000, 5700, 4100)],
        crs=CRS,
    )


def test_k_distance_by_hand() -> None:
    x = np.arange(0.0, 100.0, 10.0)
    assert_allclose(k_distance(x, np.zeros_like(x), 1), 10.0)
    assert_allclose(k_distance(x, np.zeros_like(x), 2), (8 * 10 + 2 * 20) / 10)  # ends: 20 m


def test_dbscan_two_clusters_with_their_figures() -> None:
    inc = _incidents()
    clusters, labels, params = density_clusters(inc, eps=100.0, min_samples=8, spaces=_spaces())
    assert params.n_clusters == 2 and len(clusters) == 2
    a = clusters.loc[clusters["dominant_category"] == "fight"].iloc[0]
    b = clusters.loc[clusters["dominant_category"] == "theft"].iloc[0]
    members_a = labels == a["cluster"]
    assert members_a.iloc[:150].mean() > 0.9 and not members_a.iloc[150:300].any()
    harm = inc["category"].map({"fight": 10.0, "theft": 7.0, "homicide": 5475.0, "noise": 1.0})
    assert a["harm"] == harm[members_a].sum() and a["harm"] >= 10.0 * 140
    assert b["harm"] == harm[labels == b["cluster"]].sum()
    assert b["top_categories"].startswith("theft ")
    assert a["first_date"] == pd.Timestamp("2024-01-01") and a["last_date"] <= pd.Timestamp(
        "2024-01-30"
    )
    # every member lies in its hull
    pts = inc.geometry[members_a].to_numpy()
    assert shapely.covers(a.geometry, pts).all()
    assert a["nearest_space"] == "Parque A" and a["nearest_space_m"] == 0.0
    # Plaza B is 600 m east of blob B's centre: the distance is from the hull's edge
    assert b["nearest_space"] == "Plaza B" and 100 < b["nearest_space_m"] < 600
    assert params.n_noise == int((labels == -1).sum())
    assert "within 100 m" in params.reason
    assert list(clusters["n_incidents"]) == sorted(clusters["n_incidents"], reverse=True)


def test_default_eps_is_the_k_distance() -> None:
    inc = _incidents()
    _, _, params = density_clusters(inc)
    x, y = inc.geometry.x.to_numpy(), inc.geometry.y.to_numpy()
    assert_allclose(params.eps, k_distance(x, y, 10))
    assert "average distance to the 10th nearest incident" in params.reason


def test_hdbscan_and_concave_hulls() -> None:
    inc = _incidents()
    clusters, labels, params = density_clusters(inc, method="hdbscan", hull="concave")
    assert params.method == "hdbscan" and np.isnan(params.eps)
    assert len(clusters) == 2
    for row in clusters.itertuples():
        members = inc.geometry[labels == row.cluster].to_numpy()
        assert shapely.covers(row.geometry.buffer(1e-6), members).all()


def test_without_categories_dates_or_spaces() -> None:
    pts = gpd.GeoDataFrame(
        geometry=gpd.points_from_xy(np.r_[np.zeros(20), 500.0], np.r_[np.arange(20.0), 0.0]),
        crs=CRS,
    )
    clusters, labels, _ = density_clusters(pts, eps=5.0, min_samples=3)
    assert len(clusters) == 1 and labels.iloc[-1] == -1
    row = clusters.iloc[0]
    assert np.isnan(row["harm"]) and row["top_categories"] == "" and pd.isna(row["first_date"])
    assert row["nearest_space"] == "" and np.isnan(row["nearest_space_m"])
    # the cluster is a line of points: its hull is buffered into a polygon
    assert row.geometry.geom_type == "Polygon" and row["area_km2"] > 0


def test_errors() -> None:
    inc = _incidents()
    with pytest.raises(ValueError, match="method"):
        density_clusters(inc, method="kmeans")
    with pytest.raises(ValueError, match="hull"):
        density_clusters(inc, hull="alpha")
    with pytest.raises(ValueError, match="eps"):
        density_clusters(inc, eps=-1.0)
