"""LISA: esda's statistic on our weights, the labels, and neighbourhood rates."""

from __future__ import annotations

import warnings

import geopandas as gpd
import libpysal
import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from esda.moran import Moran_Local
from numpy.testing import assert_allclose, assert_array_equal
from shapely.geometry import Point, box

from models.lattice import Lattice, neighbor_lists
from models.lisa import (
    LocalMoran,
    binary_weights,
    count_in_polygons,
    lisa_cells,
    lisa_neighborhoods,
    local_moran,
    queen_weights,
)
from models.options import LISA_LABELS, NO_DATA, NOT_SIGNIFICANT
from models.summary import rate_per_100k

CRS = "EPSG:9377"


def _values(lat: Lattice, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    bump = 12 * np.exp(-((lat.x - 1500) ** 2 + (lat.y - 1500) ** 2) / (2 * 500**2))
    values: np.ndarray = rng.poisson(1 + bump).astype(float)
    return values


def test_equal_to_esda_moran_local_on_the_same_weights() -> None:
    lat = Lattice.over_mask(box(0, 0, 4000, 3000), size=250)
    values = _values(lat)
    lm = LocalMoran(distance=600, permutations=199, seed=11).fit(values, lat)
    wl = libpysal.weights.W(neighbor_lists(lat.band_weights(600)), silence_warnings=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        ref = Moran_Local(values, wl, transformation="r", permutations=199, seed=11)
    assert_allclose(lm.i_, ref.Is, atol=1e-9, rtol=0)
    assert_array_equal(lm.q_, ref.q)
    assert_allclose(lm.p_, ref.p_sim)


def _esda(
    values: np.ndarray, w: sp.csr_matrix, permutations: int, seed: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    binary = sp.csr_matrix(w, dtype=float)
    binary.setdiag(0.0)
    binary.eliminate_zeros()
    binary.data[:] = 1.0
    graph = libpysal.graph.Graph.from_sparse(binary)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        ref = Moran_Local(
            values,
            graph,
            transformation="r",
            permutations=permutations,
            seed=seed,
            n_jobs=1,
            keep_simulations=False,
        )
    return np.asarray(ref.Is), np.asarray(ref.q), np.asarray(ref.p_sim)


@pytest.mark.parametrize(
    ("size", "distance", "permutations", "seed"),
    [(250, None, 999, 12345), (250, 600, 199, 11), (200, None, 99, 3), (300, 900, 999, 7)],
)
def test_local_moran_is_esdas_to_the_last_bit(
    size: float, distance: float | None, permutations: int, seed: int
) -> None:
    # counts (many ties between the observed and the simulated statistics)
    lat = Lattice.over_mask(box(0, 0, 4000, 3000), size=size)
    values = _values(lat, seed % 5)
    w = lat.contiguity_weights() if distance is None else lat.band_weights(distance)
    ours = local_moran(values, binary_weights(w), permutations, seed)
    for mine, theirs in zip(ours, _esda(values, w, permutations, seed), strict=True):
        assert_array_equal(mine, theirs)


def test_local_moran_with_islands_is_esdas() -> None:
    # three features with no neighbour among counts on a lattice
    lat = Lattice.over_mask(box(0, 0, 2000, 2000), size=250)
    w = sp.lil_matrix(lat.contiguity_weights())
    for island in (0, 17, lat.n - 1):
        w[island, :] = 0
        w[:, island] = 0
    values = _values(lat, 2)
    ours = local_moran(values, binary_weights(w), 999, 12345)
    for mine, theirs in zip(ours, _esda(values, sp.csr_matrix(w), 999, 12345), strict=True):
        assert_array_equal(mine, theirs)
    lm = LocalMoran(permutations=999).fit(values, weights=w)
    assert not lm.significant_[[0, 17, lat.n - 1]].any()
    assert (lm.n_neighbors_[[0, 17, lat.n - 1]] == 0).all()


def test_labels_follow_quadrants_and_significance() -> None:
    lat = Lattice.over_mask(box(0, 0, 4000, 3000), size=250)
    lm = LocalMoran(distance=None, permutations=199, seed=2).fit(_values(lat, 1), lat)
    sig = lm.p_ <= 0.05
    assert_array_equal(lm.significant_, sig)
    expected = np.where(sig, [LISA_LABELS[q] for q in lm.q_], NOT_SIGNIFICANT)
    assert_array_equal(lm.label_, expected)
    centre = lat.locate([1500.0], [1500.0])[0]
    assert lm.label_[centre] == "High-High"
    fdr = LocalMoran(distance=None, permutations=199, seed=2, fdr=True).fit(_values(lat, 1), lat)
    assert not (fdr.significant_ & ~lm.significant_).any()


def test_same_seed_same_map() -> None:
    lat = Lattice.over_mask(box(0, 0, 3000, 3000), size=250)
    values = _values(lat, 4)
    a = LocalMoran(500, permutations=99, seed=5).fit(values, lat)
    b = LocalMoran(500, permutations=99, seed=5).fit(values, lat)
    assert_array_equal(a.p_, b.p_)


def test_errors() -> None:
    lat = Lattice.over_mask(box(0, 0, 1000, 1000), size=250)
    with pytest.raises(ValueError, match="do not vary"):
        LocalMoran().fit(np.ones(lat.n), lat)
    with pytest.raises(ValueError, match="distance"):
        LocalMoran().fit(np.arange(5.0), np.zeros((5, 2)))


def _hoods() -> gpd.GeoDataFrame:
    # a 2 x 3 block of 1 km barrios plus one detached island
    cells = [
        box(i * 1000, j * 1000, (i + 1) * 1000, (j + 1) * 1000) for j in range(2) for i in range(3)
    ]
    return gpd.GeoDataFrame(
        {
            "neighborhood_id": [f"B{k}" for k in range(7)],
            "population": [10_000, 20_000, 5_000, 0, 8_000, 12_000, 4_000],
        },
        geometry=[*cells, box(9000, 9000, 9500, 9500)],
        crs=CRS,
    )


def test_queen_weights_by_hand() -> None:
    w = queen_weights(_hoods()).toarray()
    # layout: 0 1 2 (bottom row), 3 4 5 (top row); 6 is an island
    expected_neighbours = {0: {1, 3, 4}, 1: {0, 2, 3, 4, 5}, 4: {0, 1, 2, 3, 5}, 6: set()}
    for k, nbs in expected_neighbours.items():
        assert set(np.flatnonzero(w[k])) == nbs


def test_count_in_polygons_counts_a_border_point_once() -> None:
    hoods = _hoods()
    pts = gpd.GeoDataFrame(
        geometry=[Point(500, 500), Point(1000, 500), Point(2500, 1500), Point(50_000, 0)], crs=CRS
    )
    counts, outside = count_in_polygons(pts, hoods, crs=CRS)
    assert_array_equal(counts, [2, 0, 0, 0, 0, 1, 0])  # the border point goes to the first barrio
    assert outside == 1
    weighted, _ = count_in_polygons(pts, hoods, crs=CRS, weights=[1.0, 10.0, 5.0, 7.0])
    assert_array_equal(weighted, [11, 0, 0, 0, 0, 5, 0])


def test_rate_per_100k() -> None:
    rates = rate_per_100k([5, 3, 1], [50_000, 0, 10_000], years=2.0)
    assert_allclose(rates, [5.0, np.nan, 5.0])
    # too few residents for a rate: blank, not 833 per 100,000 a year from 5 incidents
    few = rate_per_100k([5, 5], [50_000, 300], years=2.0, min_residents=500)
    assert_allclose(few, [5.0, np.nan])
    assert_allclose(rate_per_100k([5], [300], years=2.0, min_residents=0), [833.333333])
    with pytest.raises(ValueError, match="years"):
        rate_per_100k([1], [1], years=0)


def test_lisa_neighborhoods_end_to_end() -> None:
    rng = np.random.default_rng(3)
    hoods = _hoods()
    pts = [Point(rng.uniform(0, 3000), rng.uniform(0, 2000)) for _ in range(300)]
    pts += [Point(rng.uniform(0, 1000), rng.uniform(0, 1000)) for _ in range(200)]
    inc = gpd.GeoDataFrame(
        {"category": ["fight"] * len(pts), "occurred_at": [pd.Timestamp("2024-05-01")] * len(pts)},
        geometry=pts,
        crs=CRS,
    )
    out, params = lisa_neighborhoods(inc, hoods, permutations=99, seed=1, years=2.0)
    for col in (
        "incidents",
        "rate_100k",
        "n_neighbors",
        "lisa_i",
        "lisa_p",
        "lisa_q",
        "lisa_label",
    ):
        assert col in out.columns
    assert out.loc[3, "lisa_label"] == NO_DATA and np.isnan(out.loc[3, "rate_100k"])
    assert out.loc[6, "lisa_label"] == NOT_SIGNIFICANT and out.loc[6, "n_neighbors"] == 0
    assert_allclose(out.loc[0, "rate_100k"], out.loc[0, "incidents"] / 10_000 * 1e5 / 2)
    assert params.n_features == 6 and params.units == "neighborhoods"
    assert "queen contiguity" in params.reason and "per year" in params.reason
    assert sum(params.counts.values()) == 7


def test_lisa_cells_entry() -> None:
    rng = np.random.default_rng(9)
    x = np.r_[rng.uniform(0, 4000, 800), rng.normal(1500, 300, 600)]
    y = np.r_[rng.uniform(0, 3000, 800), rng.normal(1500, 300, 600)]
    inc = gpd.GeoDataFrame(geometry=gpd.points_from_xy(x, y), crs=CRS)
    mask = gpd.GeoDataFrame(geometry=[box(0, 0, 4000, 3000)], crs=CRS)
    cells, params = lisa_cells(inc, mask=mask, cell_size=250, distance=600, permutations=99)
    assert len(cells) == 192 and params.scale is not None and params.scale.distance == 600
    assert set(cells["lisa_label"]) <= {*LISA_LABELS.values(), NOT_SIGNIFICANT}
    assert params.counts.get("High-High", 0) > 0
