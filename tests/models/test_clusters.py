"""Density-based clusters: the clusters found and what each hull reports."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from numpy.testing import assert_allclose, assert_array_equal
from scipy.spatial import cKDTree
from shapely.geometry import Point, box
from sklearn.cluster import DBSCAN, HDBSCAN

import models.clusters
from data.generator import DemoScale
from models.clusters import (
    BACKGROUND_SAMPLE,
    BACKGROUND_SAMPLE_ABOVE,
    DEGENERATE_BUFFER_M,
    DENSITY_MULTIPLE,
    MAX_CLUSTER_SHARE,
    MAX_GRID_CELLS,
    PointIndex,
    _cell_graph,
    _grid_cells,
    _hulls,
    _top_categories,
    background_distance,
    category_counts,
    cluster_labels,
    dbscan_labels,
    density_clusters,
)

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


def test_background_distance_by_hand() -> None:
    # ten points 10 m apart on a line
    x = np.arange(0.0, 100.0, 10.0)
    y = np.zeros_like(x)
    assert_allclose(background_distance(x, y, 1), 10.0)
    # 2nd neighbour: 10 m for the 8 inner points, 20 m for the 2 ends
    assert_allclose(background_distance(x, y, 2), 10.0)
    # 3rd: 20 m for the 8 inner points, 30 m for the ends
    assert_allclose(background_distance(x, y, 3), 20.0)
    # more than half the points stacked on one spot: the mean distance instead of 0
    stacked = np.r_[np.zeros(8), 30.0, 60.0]
    assert_allclose(background_distance(stacked, np.zeros(10), 1), (8 * 0 + 30 + 30) / 10)


def _sklearn_dbscan(x: np.ndarray, y: np.ndarray, eps: float, min_samples: int) -> np.ndarray:
    pts = np.column_stack([x, y])
    return np.asarray(DBSCAN(eps=eps, min_samples=min_samples).fit(pts).labels_, dtype=np.int64)


def _ours(x: np.ndarray, y: np.ndarray, eps: float, min_samples: int) -> np.ndarray:
    return dbscan_labels(PointIndex(np.column_stack([x, y])), eps, min_samples)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize(("eps", "min_samples"), [(15.0, 5), (25.0, 20), (40.0, 8), (8.0, 1)])
def test_dbscan_labels_are_scikit_learns(seed: int, eps: float, min_samples: int) -> None:
    # blobs of several densities over a noisy background: many border points, some
    # within eps of two clusters' cores
    rng = np.random.default_rng(seed)
    centres = rng.uniform(0, 2000, (12, 2))
    spread = rng.uniform(10, 80, 12)
    sizes = rng.integers(5, 300, 12)
    x = np.concatenate(
        [rng.normal(c[0], s, k) for c, s, k in zip(centres, spread, sizes, strict=True)]
    )
    y = np.concatenate(
        [rng.normal(c[1], s, k) for c, s, k in zip(centres, spread, sizes, strict=True)]
    )
    x = np.r_[x, rng.uniform(0, 2000, 1500)]
    y = np.r_[y, rng.uniform(0, 2000, 1500)]
    order = rng.permutation(x.size)
    x, y = x[order], y[order]
    expected = _sklearn_dbscan(x, y, eps, min_samples)
    assert np.unique(expected).size > 3  # several clusters (and noise unless min_samples is 1)
    assert min_samples == 1 or (expected < 0).any()
    assert_array_equal(_ours(x, y, eps, min_samples), expected)


@pytest.mark.parametrize("min_samples", [2, 3, 5, 9, 10])
def test_dbscan_labels_with_ties_and_stacked_points(min_samples: int) -> None:
    # points on a 10 m lattice, some stacked: distances of exactly eps count as within
    rng = np.random.default_rng(3)
    x = rng.integers(0, 30, 2000).astype(float) * 10.0
    y = rng.integers(0, 30, 2000).astype(float) * 10.0
    for eps in (10.0, 14.0, 20.0):
        expected = _sklearn_dbscan(x, y, eps, min_samples)
        assert_array_equal(_ours(x, y, eps, min_samples), expected)


def _dense_blobs_and_lattice(seed: int, eps: float) -> tuple[np.ndarray, np.ndarray]:
    """Tight blobs (many core points per grid cell, some blobs 1-3 eps apart), a lattice of
    spacing eps / sqrt(2) and eps (pairs exactly eps apart, points on the cells' edges) with
    stacked points, and a sparse background; shuffled."""
    rng = np.random.default_rng(seed)
    centres = rng.uniform(0, 40 * eps, (10, 2))
    centres[1] = centres[0] + [rng.uniform(1, 3) * eps, 0.0]  # two blobs close by
    parts = [
        rng.normal(c, rng.uniform(0.1, 1.5) * eps, (int(rng.integers(5, 80)), 2)) for c in centres
    ]
    for spacing in (eps / np.sqrt(2), eps):
        cols, rows = rng.integers(0, 12, (2, 150))
        parts.append(60 * eps + spacing * np.column_stack([cols, rows]).astype(float))
    parts.append(rng.uniform(0, 80 * eps, (400, 2)))
    pts = np.concatenate(parts)
    pts = np.concatenate([pts, pts[rng.integers(0, pts.shape[0], 200)]])  # stacked duplicates
    pts = pts[rng.permutation(pts.shape[0])]
    return pts[:, 0], pts[:, 1]


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("min_samples", [1, 2, 4, 7, 15])
def test_dbscan_grid_cells_join_only_what_scikit_learn_joins(seed: int, min_samples: int) -> None:
    # the components are found over grid cells of core points: a cell must never hold core
    # points of two clusters, and the labels must stay scikit-learn's
    for eps in (1.0, np.sqrt(2.0), 7.5, 10.0, 10.0 * np.sqrt(2.0)):
        x, y = _dense_blobs_and_lattice(seed, eps)
        pts = np.column_stack([x, y])
        model = DBSCAN(eps=eps, min_samples=min_samples).fit(pts)
        expected = np.asarray(model.labels_, dtype=np.int64)
        assert_array_equal(_ours(x, y, eps, min_samples), expected)
        core = np.asarray(model.core_sample_indices_)
        grid = _grid_cells(pts[core], eps)
        assert grid is not None
        cell, _, n_cells = grid
        assert n_cells < core.size  # cells holding several core points
        # every cell's core points are in one cluster, and pairwise within eps
        order = np.argsort(cell, kind="stable")
        starts = np.r_[0, np.flatnonzero(np.diff(cell[order])) + 1]
        assert_array_equal(
            np.minimum.reduceat(expected[core][order], starts),
            np.maximum.reduceat(expected[core][order], starts),
        )
        for axis in (0, 1):
            spread = np.maximum.reduceat(pts[core][order, axis], starts) - np.minimum.reduceat(
                pts[core][order, axis], starts
            )
            assert (spread < eps / np.sqrt(2.0)).all()


def test_dbscan_labels_without_the_grid_when_it_would_be_too_fine() -> None:
    # clusters 10,000 km apart with eps = 1 m: the grid would have too many cells along x,
    # each core point is its own node
    rng = np.random.default_rng(8)
    x = np.concatenate([rng.normal(c, 1.0, 60) for c in (0.0, 2.0, 1e10, 1e10 + 30.0)])
    y = rng.normal(0.0, 1.0, x.size)
    order = rng.permutation(x.size)
    x, y = x[order], y[order]
    assert _grid_cells(np.column_stack([x, y]), 1.0) is None
    assert 1e10 / (1.0 / np.sqrt(2.0)) > MAX_GRID_CELLS
    for min_samples in (1, 3, 6):
        expected = _sklearn_dbscan(x, y, 1.0, min_samples)
        assert np.unique(expected[expected >= 0]).size >= 2
        assert_array_equal(_ours(x, y, 1.0, min_samples), expected)


def test_cell_graph_refuses_an_offset_beyond_two_cells() -> None:
    # cells 0 and 1 with codes (column 0, row 0) and (column 3, row 0): 3 columns apart
    ends = np.array([[0 << 6 | 0, 1 << 6 | 3 << 3]], dtype=np.int32)
    with pytest.raises(IndexError):
        _cell_graph(ends, 2)
    # 2 columns and 2 rows apart (modulo 8: 6 and 6) is a join, in both directions
    ends = np.array([[0 << 6 | 1 << 3 | 1, 1 << 6 | 7 << 3 | 7]], dtype=np.int32)
    graph = _cell_graph(ends, 2)
    assert graph.nnz == 1 and graph[0, 1] == 1


def test_dbscan_labels_border_point_takes_the_first_cluster() -> None:
    # two clusters 20 m apart and a border point halfway (within eps of one core point
    # of each): it joins the cluster whose first core point comes first in the data
    x = np.array([10.0, 20.0, 22.0, 24.0, 26.0, 0.0, -2.0, -4.0, -6.0])
    y = np.zeros_like(x)
    assert_array_equal(_ours(x, y, 10.0, 4), [0, 0, 0, 0, 0, 1, 1, 1, 1])
    assert_array_equal(_ours(x, y, 10.0, 4), _sklearn_dbscan(x, y, 10.0, 4))
    swapped = x[[0, 5, 6, 7, 8, 1, 2, 3, 4]]
    assert_array_equal(_ours(swapped, y, 10.0, 4), [0, 0, 0, 0, 0, 1, 1, 1, 1])
    assert_array_equal(_ours(swapped, y, 10.0, 4), _sklearn_dbscan(swapped, y, 10.0, 4))
    assert_array_equal(_ours(x[::-1], y, 10.0, 4), _sklearn_dbscan(x[::-1], y, 10.0, 4))
    # no core point at all: all noise
    assert_array_equal(_ours(x, y, 1.0, 5), np.full(x.size, -1))


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


def test_default_eps_is_twice_the_background_density() -> None:
    # the two blobs of _incidents() over a city's background of 1,700 scattered incidents
    rng = np.random.default_rng(11)
    blobs = _incidents().iloc[:300]
    scattered = gpd.GeoDataFrame(
        {"category": ["noise"] * 1700, "occurred_at": [pd.Timestamp("2024-02-01")] * 1700},
        geometry=gpd.points_from_xy(rng.uniform(0, 8000, 1700), rng.uniform(0, 8000, 1700)),
        crs=CRS,
    )
    inc = pd.concat([blobs, scattered], ignore_index=True)
    clusters, labels, params = density_clusters(inc)
    x, y = inc.geometry.x.to_numpy(), inc.geometry.y.to_numpy()
    background = background_distance(x, y, 20)
    assert params.min_samples == 20 and params.eps_rule == "background_density"
    assert_allclose(params.background_m, background)
    assert params.density_multiple == DENSITY_MULTIPLE == 2.0
    assert_allclose(params.eps, background / np.sqrt(2.0))
    # the two blobs, and nothing of the background
    assert params.n_clusters == 2
    assert set(clusters["dominant_category"]) == {"fight", "theft"}
    lab = labels.to_numpy()
    for blob in (lab[:150], lab[150:300]):
        assert (blob == np.bincount(blob[blob >= 0]).argmax()).mean() > 0.95
    assert (lab[300:] >= 0).mean() < 0.1  # a few scattered incidents at the blobs' edges
    assert_allclose(params.largest_share, clusters["n_incidents"].max() / len(inc))
    assert "median distance to the 20th nearest incident" in params.reason
    assert "Ester et al. 1996" in params.reason
    # an eps you give is used as given
    _, _, given = density_clusters(inc, eps=100.0)
    assert given.eps == 100.0 and given.eps_rule == "user" and np.isnan(given.density_multiple)


def _one_dominant_blob(seed: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """700 incidents spread over a square km, 300 packed into 100 m x 100 m (43 times denser)."""
    rng = np.random.default_rng(seed)
    x = np.r_[rng.uniform(0, 1000, 700), rng.uniform(450, 550, 300)]
    y = np.r_[rng.uniform(0, 1000, 700), rng.uniform(450, 550, 300)]
    return x, y


def test_default_eps_shrinks_until_no_cluster_holds_more_than_15_percent() -> None:
    x, y = _one_dominant_blob()
    # at twice the background density the packed blob is one cluster of 30 %
    first = DBSCAN(eps=background_distance(x, y, 20) / np.sqrt(2), min_samples=20).fit(
        np.column_stack([x, y])
    )
    assert np.bincount(first.labels_[first.labels_ >= 0]).max() / x.size > 0.25
    found = cluster_labels(x, y)
    assert found.largest_share <= MAX_CLUSTER_SHARE
    assert found.density_multiple > DENSITY_MULTIPLE
    assert_allclose(found.eps, found.background_m / np.sqrt(found.density_multiple))
    # what is left of the packed blob is still where the clusters are
    members = found.labels >= 0
    assert members.any() and (np.hypot(x[members] - 500, y[members] - 500) < 75).all()


def test_hdbscan_never_makes_a_cluster_of_more_than_15_percent() -> None:
    x, y = _one_dominant_blob()
    pts = np.column_stack([x, y])
    plain = HDBSCAN(min_cluster_size=20, min_samples=20, copy=True).fit(pts).labels_
    assert np.bincount(plain[plain >= 0]).max() / x.size > MAX_CLUSTER_SHARE
    found = cluster_labels(x, y, method="hdbscan")
    assert 0 < found.largest_share <= MAX_CLUSTER_SHARE
    assert found.max_cluster_share == MAX_CLUSTER_SHARE
    with pytest.raises(ValueError, match="max_cluster_share"):
        cluster_labels(x, y, max_cluster_share=0.0)


def test_hdbscan_and_concave_hulls() -> None:
    inc = _incidents()
    # two blobs of 44 % each: no limit on a cluster's share (by default they would be left out)
    clusters, labels, params = density_clusters(
        inc, method="hdbscan", hull="concave", max_cluster_share=None
    )
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
        density_clusters(inc, method="kmeans")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="hull"):
        density_clusters(inc, hull="alpha")
    with pytest.raises(ValueError, match="eps"):
        density_clusters(inc, eps=-1.0)


@pytest.mark.parametrize("seed", range(8))
def test_value_counts_from_codes_are_pandas(seed: int) -> None:
    # few categories, many ties, some missing: same counts in the same order as pandas
    rng = np.random.default_rng(seed)
    names = np.array(["fight", "theft", "noise", "homicide", "vandalism"] + list("abcdefghijklm"))
    cats = pd.array(rng.choice(names[: rng.integers(2, names.size)], 60), dtype="string")
    cats[rng.random(60) < 0.1] = pd.NA
    codes, uniques = pd.factorize(np.asarray(cats.to_numpy()))
    for size in (1, 2, 5, 20, 60):
        members = np.sort(rng.choice(60, size, replace=False))
        expected = pd.Series(cats.to_numpy()[members]).value_counts()
        kinds, counts = category_counts(codes[members], uniques)
        assert kinds == [str(k) for k in expected.index]
        assert_array_equal(counts, expected.to_numpy())


def _city(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``n`` incidents: a tenth in 40 hot blobs, the rest spread unevenly over 10 km x 10 km."""
    rng = np.random.default_rng(seed)
    hot = n // 10
    centres = rng.uniform(0, 10_000, (40, 2))
    which = rng.integers(0, 40, hot)
    bx, by = rng.normal(centres[which, 0], 40), rng.normal(centres[which, 1], 40)
    # the background thins out from the centre, so the k-distances vary widely
    r = 7_000 * rng.random(n - hot) ** 0.7
    a = rng.uniform(0, 2 * np.pi, n - hot)
    return np.r_[bx, 5_000 + r * np.cos(a)], np.r_[by, 5_000 + r * np.sin(a)]


def test_sampled_background_distance_is_close_to_the_full_one() -> None:
    x, y = _city(300_000, seed=2)
    full = background_distance(x, y, 20)
    sampled = background_distance(x, y, 20, sample=BACKGROUND_SAMPLE)
    assert sampled != full  # a sample, not the whole
    assert abs(sampled / full - 1) < 0.01
    # the same sample every time
    assert background_distance(x, y, 20, sample=BACKGROUND_SAMPLE) == sampled
    with pytest.raises(ValueError, match="sample"):
        background_distance(x, y, 20, sample=0)


def test_cluster_labels_samples_the_background_only_above_the_threshold(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    x, y = _one_dominant_blob()
    assert x.size <= BACKGROUND_SAMPLE_ABOVE
    assert cluster_labels(x, y).background_m == background_distance(x, y, 20)
    monkeypatch.setattr(models.clusters, "BACKGROUND_SAMPLE_ABOVE", 500)
    monkeypatch.setattr(models.clusters, "BACKGROUND_SAMPLE", 300)
    found = cluster_labels(x, y)
    assert found.background_m == background_distance(x, y, 20, sample=300)
    assert found.background_m != background_distance(x, y, 20)
    assert_allclose(found.eps, found.background_m / np.sqrt(found.density_multiple))


@pytest.mark.parametrize("seed", range(4))
def test_top_categories_of_all_clusters_are_each_clusters_value_counts(seed: int) -> None:
    rng = np.random.default_rng(seed)
    names = np.array(["fight", "theft", "noise", "homicide", "vandalism"])
    cats = pd.array(rng.choice(names, 400), dtype="string")
    cats[rng.random(400) < 0.1] = pd.NA
    codes, uniques = pd.factorize(np.asarray(cats.to_numpy()))
    sizes = rng.integers(1, 30, 25)
    sizes = sizes[np.cumsum(sizes) <= 400]
    starts = np.r_[0, np.cumsum(sizes)[:-1]]
    members = codes[: int(sizes.sum())]
    tops, dominant = _top_categories(members, starts, uniques, 3)
    for c, (lo, n) in enumerate(zip(starts, sizes, strict=True)):
        kinds, counts = category_counts(members[lo : lo + n], uniques)
        share = counts / max(counts.sum(), 1)
        assert tops[c] == ", ".join(
            f"{k} {v:.0%}" for k, v in zip(kinds[:3], share[:3], strict=False)
        )
        assert dominant[c] == (kinds[0] if kinds else "")


def test_hulls_of_all_clusters_are_each_clusters_hull() -> None:
    rng = np.random.default_rng(4)
    sizes = np.array([1, 2, 3, 5, 40, 2])
    cluster = np.repeat(np.arange(sizes.size), sizes)
    x, y = rng.uniform(0, 500, cluster.size), rng.uniform(0, 500, cluster.size)
    x[1:3] = x[1]  # a cluster of two points at one place
    y[1:3] = y[1]
    for kind in ("convex", "concave"):
        hulls = _hulls(x, y, cluster, kind, 0.3)
        for c in range(sizes.size):
            mp = shapely.multipoints(np.column_stack([x[cluster == c], y[cluster == c]]))
            one = shapely.concave_hull(mp, ratio=0.3) if kind == "concave" else mp.convex_hull
            if one.geom_type != "Polygon":
                one = one.buffer(DEGENERATE_BUFFER_M)
            assert hulls[c].geom_type == "Polygon"
            assert shapely.equals_exact(hulls[c], one, tolerance=0.0)


def test_hulls_leave_out_only_inner_points() -> None:
    # points on a 1 m lattice: many on the extreme points' edges and on the hulls' sides
    rng = np.random.default_rng(9)
    sizes = rng.integers(1, 60, 300)
    cluster = np.repeat(np.arange(sizes.size), sizes)
    x = rng.integers(0, 8, cluster.size).astype(float) + 100 * cluster
    y = rng.integers(0, 8, cluster.size).astype(float)
    hulls = _hulls(x, y, cluster, "convex", 0.3)
    for c in range(sizes.size):
        mp = shapely.multipoints(np.column_stack([x[cluster == c], y[cluster == c]]))
        one = mp.convex_hull
        if one.geom_type != "Polygon":
            one = one.buffer(DEGENERATE_BUFFER_M)
        assert shapely.equals_exact(hulls[c], one, tolerance=0.0)


@pytest.mark.parametrize("scale", ["small", pytest.param("full", marks=pytest.mark.slow)])
def test_the_eps_chosen_on_the_demo_is_the_full_medians(scale: DemoScale) -> None:
    """Issue 7: the sampled background distance leaves the demo's eps as it was."""
    from data.generator import make_demo

    incidents = make_demo(scale=scale)["incidents"]
    incidents = incidents.to_crs("EPSG:9377")
    x, y = incidents.geometry.x.to_numpy(), incidents.geometry.y.to_numpy()
    _, _, params = density_clusters(incidents)
    full = background_distance(x, y, 20)  # no sample: every incident's 20th neighbour
    assert params.background_m == full
    assert params.eps == full / np.sqrt(params.density_multiple)


def _blobs(seed: int, n: int = 3000) -> tuple[np.ndarray, np.ndarray]:
    """Dense blobs over a sparse background, some of them straddling x = 500 (the cut)."""
    rng = np.random.default_rng(seed)
    centres = np.array([[500.0, 500.0], [495.0, 200.0], [300.0, 700.0], [700.0, 300.0]])
    blob = centres[rng.integers(0, 4, n // 2)] + rng.normal(0, 12, (n // 2, 2))
    background = rng.uniform(0, 1000, (n - n // 2, 2))
    pts = np.vstack([blob, background, [[500.0, 10.0], [500.0, 10.0], [492.0, 10.0]]])
    return pts[:, 0], pts[:, 1]


def _sorted_pairs(pairs: np.ndarray) -> np.ndarray:
    ordered = np.sort(pairs, axis=1)
    return ordered[np.lexsort((ordered[:, 1], ordered[:, 0]))]


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("eps", [3.0, 8.0, 25.0])
def test_a_split_index_finds_one_trees_pairs_and_neighbour_distances(seed: int, eps: float) -> None:
    x, y = _blobs(seed)
    pts = np.column_stack([x, y])
    split = PointIndex(pts, split_above=0)
    assert len(split._trees) == 2  # the test runs the two halves' code
    tree = cKDTree(pts)
    expected = _sorted_pairs(tree.query_pairs(eps, output_type="ndarray"))
    found = _sorted_pairs(split.pairs(eps))
    assert found.shape == expected.shape  # no pair twice, none missing
    assert_array_equal(found, expected)
    for k in (1, 2, 5, 21):
        assert_array_equal(split.kth_distance(pts, k), tree.query(pts, k=[k])[0][:, 0])


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize(("eps", "min_samples"), [(15.0, 5), (8.0, 1), (25.0, 20)])
def test_dbscan_labels_from_a_split_index_are_scikit_learns(
    seed: int, eps: float, min_samples: int
) -> None:
    x, y = _blobs(seed)
    split = PointIndex(np.column_stack([x, y]), split_above=0)
    assert_array_equal(
        dbscan_labels(split, eps, min_samples), _sklearn_dbscan(x, y, eps, min_samples)
    )


def test_an_index_of_points_on_one_vertical_line_keeps_one_tree() -> None:
    # no point lies west of the median x: nothing to split
    x, y = np.zeros(50), np.arange(50.0)
    index = PointIndex(np.column_stack([x, y]), split_above=0)
    assert len(index._trees) == 1
    assert_array_equal(
        _sorted_pairs(index.pairs(1.0)), np.column_stack([np.arange(49), np.arange(1, 50)])
    )
