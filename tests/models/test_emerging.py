"""Emerging hot spots: the cube, space-time Gi*, and the 17 patterns cell by cell."""

from __future__ import annotations

import geopandas as gpd
import libpysal
import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from esda.getisord import G_Local
from numpy.testing import assert_allclose, assert_array_equal
from shapely.geometry import box

from models.emerging import (
    CATEGORY_LABELS,
    EmergingHotSpots,
    classify_trends,
    emerging_hot_spots,
    space_time_cube,
    space_time_gi_star,
)
from models.gistar import gi_star_z
from models.lattice import Lattice, neighbor_lists
from models.stats import confidence_bins, mann_kendall, two_sided_p

CRS = "EPSG:9377"
T = 10
UP = np.linspace(1.7, 4.0, T)  # always significant (|z| >= 1.645), rising steadily
FLAT = np.array([2.0, 3.0, 2.2, 2.8, 2.4, 2.6, 2.1, 2.9, 2.3, 2.7])  # significant, no trend
QUIET = np.zeros(T)

# one hand-made series of Gi* z-scores per pattern (T = 10 time steps, 90 % = 9 steps)
SERIES: dict[str, np.ndarray] = {
    "new_hot": np.r_[np.zeros(9), 2.5],
    "consecutive_hot": np.r_[np.zeros(7), 2.0, 2.5, 3.0],
    "intensifying_hot": UP,
    "persistent_hot": FLAT,
    "diminishing_hot": UP[::-1],
    "sporadic_hot": np.array([2.0, 0, 0, 2.1, 0, 0, 0, 0, 0, 2.5]),
    "oscillating_hot": np.array([-2.0, 0, 0, 0, 0, 0, 0, 0, 0, 2.5]),
    "historical_hot": np.r_[np.full(9, 2.5), 0.0],
    "no_pattern": np.array([2.0, 2.0, 0, 0, 0, 0, 0, 0, 0, 0]),
}
for _code in list(SERIES):
    if _code.endswith("_hot"):
        _cold = _code.replace("_hot", "_cold")
        # the mirror: negate; intensifying/diminishing stay with their names because
        # a cold spot that gets colder (z falling) is intensifying
        SERIES[_cold] = -SERIES[_code]


def _classify(z: np.ndarray, *, fdr: bool = False) -> np.ndarray:
    p = two_sided_p(z)
    bins = confidence_bins(z, p, fdr=fdr)
    mk = mann_kendall(z)
    return classify_trends(bins, mk.z, mk.p)


def test_the_hand_made_series_cover_all_17_patterns() -> None:
    assert set(SERIES) == set(CATEGORY_LABELS)
    assert len(CATEGORY_LABELS) == 17


@pytest.mark.parametrize("code", list(SERIES))
def test_each_pattern_cell_by_cell(code: str) -> None:
    z = SERIES[code][None, :]
    assert _classify(z)[0] == code


def test_all_patterns_at_once_and_trend_premises() -> None:
    codes = list(SERIES)
    z = np.stack([SERIES[c] for c in codes])
    assert_array_equal(_classify(z), codes)
    mk = mann_kendall(z)
    trend = dict(zip(codes, mk.p, strict=True))
    assert trend["intensifying_hot"] < 0.05 and trend["diminishing_hot"] < 0.05
    assert trend["persistent_hot"] > 0.05


def test_precedence_rules() -> None:
    hot, cold = 1, -1
    bins = np.array(
        [
            [hot] * 9 + [cold],  # 90 % hot but cold at the end: oscillating cold
            [hot] * 9 + [0],  # 90 % hot, last quiet: historical
            [0] * 5 + [cold] + [0] * 3 + [hot],  # cold then hot once: oscillating, not new
            [hot] * 8 + [0, hot],  # 9 of 10 hot incl. the last: persistent (no trend given)
            [hot] * 8 + [0, 0],  # 80 % hot, last quiet: no pattern
        ]
    )
    got = classify_trends(bins, np.zeros(5), np.ones(5))
    assert_array_equal(
        got,
        ["oscillating_cold", "historical_hot", "oscillating_hot", "persistent_hot", "no_pattern"],
    )
    # a significant trend turns the persistent one into intensifying / diminishing
    up = classify_trends(bins[3:4], [3.0], [0.001])
    down = classify_trends(bins[3:4], [-3.0], [0.001])
    assert (up[0], down[0]) == ("intensifying_hot", "diminishing_hot")
    # a stricter confidence level turns 90 %-bins into nothing
    assert classify_trends(bins[1:2], [0.0], [1.0], level=2)[0] == "no_pattern"


def _explicit_space_time(w: sp.csr_matrix, t: int, window: int) -> sp.csr_matrix:
    n = w.shape[0]
    coo = w.tocoo()
    rows, cols = [], []
    for step in range(t):
        for prev in range(max(0, step - window), step + 1):
            rows.append(coo.row + step * n)
            cols.append(coo.col + prev * n)
    r, c = np.concatenate(rows), np.concatenate(cols)
    return sp.csr_matrix((np.ones(r.size), (r, c)), shape=(n * t, n * t))


@pytest.mark.parametrize("window", [0, 1, 2])
def test_space_time_gi_star_equals_gi_star_on_the_explicit_cube(window: int) -> None:
    lat = Lattice.over_mask(box(0, 0, 2000, 1500), size=250)
    rng = np.random.default_rng(window)
    values = rng.poisson(2, (lat.n, 6)).astype(float)
    w = lat.band_weights(400, include_self=True)
    st = _explicit_space_time(w, 6, window)
    flat = values.T.ravel()  # time-major, as the explicit weights
    z = space_time_gi_star(values, w, time_step_window=window, reference="cube")
    ref, _, _, _ = gi_star_z(flat, st)
    assert_allclose(z, ref.reshape(6, lat.n).T, atol=1e-12)
    by_step = space_time_gi_star(values, w, time_step_window=window, reference="step")
    for t in range(6):
        lo = max(0, t - window)
        sub = st[lo * lat.n : (t + 1) * lat.n, lo * lat.n : (t + 1) * lat.n]
        zs, _, _, _ = gi_star_z(flat[lo * lat.n : (t + 1) * lat.n], sub)
        assert_allclose(by_step[:, t], zs[(t - lo) * lat.n :], atol=1e-12)


def test_space_time_gi_star_equals_esda_on_the_cube() -> None:
    lat = Lattice.over_mask(box(0, 0, 1500, 1000), size=250)
    values = np.random.default_rng(5).poisson(3, (lat.n, 4)).astype(float)
    w = lat.band_weights(300, include_self=True)
    st = _explicit_space_time(w, 4, 1)
    st.setdiag(0)
    st.eliminate_zeros()
    wl = libpysal.weights.W(neighbor_lists(st), silence_warnings=True)
    ref = G_Local(values.T.ravel(), wl, transform="B", star=True, permutations=0)
    z = space_time_gi_star(values, w, time_step_window=1)
    assert_allclose(z, ref.Zs.reshape(4, lat.n).T, atol=1e-9, rtol=0)


def test_space_time_cube_counts_by_month() -> None:
    lat = Lattice.over_mask(box(0, 0, 500, 250), size=250)
    when = pd.to_datetime(
        ["2024-01-05", "2024-01-31 23:00", "2024-03-01", "2024-03-02", "2023-12-31"], format="mixed"
    )
    x = np.array([10.0, 260.0, 10.0, 10.0, 10.0])
    y = np.full(5, 10.0)
    cube = space_time_cube(x, y, when, lattice=lat, start="2024-01", end="2024-03")
    assert [str(p) for p in cube.periods] == ["2024-01", "2024-02", "2024-03"]
    assert_array_equal(cube.values, [[1, 0, 2], [1, 0, 0]])
    assert cube.n_outside == 1
    weighted = space_time_cube(x, y, when, lattice=lat, weights=[1, 2, 3, 4, 5])
    assert weighted.values.sum() == 15 and str(weighted.periods[0]) == "2023-12"


def _emerging_incidents() -> gpd.GeoDataFrame:
    rng = np.random.default_rng(12)
    months = pd.period_range("2022-01", "2023-12", freq="M")
    xs, ys, when = [], [], []
    for k, m in enumerate(months):
        n_bg = 60
        xs.append(rng.uniform(0, 4000, n_bg))
        ys.append(rng.uniform(0, 3000, n_bg))
        when += [m.to_timestamp()] * n_bg
        # a persistent cluster all along, a new one in the last four months
        xs.append(rng.normal(1000, 150, 25))
        ys.append(rng.normal(1000, 150, 25))
        when += [m.to_timestamp()] * 25
        if k >= len(months) - 4:
            xs.append(rng.normal(3000, 150, 40))
            ys.append(rng.normal(2200, 150, 40))
            when += [m.to_timestamp()] * 40
    x, y = np.concatenate(xs), np.concatenate(ys)
    keep = (x > 0) & (x < 4000) & (y > 0) & (y < 3000)
    return gpd.GeoDataFrame(
        {"occurred_at": np.asarray(when)[keep]},
        geometry=gpd.points_from_xy(x[keep], y[keep]),
        crs=CRS,
    )


def test_emerging_finds_planted_persistent_and_new_hot_spots() -> None:
    inc = _emerging_incidents()
    mask = gpd.GeoDataFrame(geometry=[box(0, 0, 4000, 3000)], crs=CRS)
    cells, params = emerging_hot_spots(
        inc, mask=mask, cell_size=250, distance=400, time_step_window=0, reference="step"
    )
    old = cells.geometry.contains(gpd.points_from_xy([1010.0], [1010.0])[0])
    new = cells.geometry.contains(gpd.points_from_xy([3010.0], [2210.0])[0])
    assert cells.loc[old, "category"].iloc[0] in (
        "persistent_hot",
        "intensifying_hot",
        "diminishing_hot",
    )
    assert cells.loc[new, "category"].iloc[0] in ("new_hot", "consecutive_hot")
    assert cells.loc[new, "hot_since"].iloc[0] >= "2023-09"
    assert len(params.periods) == 24 and params.periods[0] == "2022-01"
    assert sum(params.counts.values()) == len(cells)
    assert "24 time steps from 2022-01 to 2023-12" in params.reason
    for col in (
        "total",
        "category_label",
        "trend_z",
        "trend_p",
        "count_trend_z",
        "n_hot_steps",
        "final_bin",
    ):
        assert col in cells.columns


def test_estimator_attributes_and_errors() -> None:
    lat = Lattice.over_mask(box(0, 0, 2000, 1500), size=250)
    values = np.random.default_rng(1).poisson(2, (lat.n, 12)).astype(float)
    cube_periods = pd.period_range("2024-01", periods=12, freq="M")
    from models.emerging import SpaceTimeCube

    cube = SpaceTimeCube(lat, cube_periods, values, 0)
    ehs = EmergingHotSpots(400, fdr=False).fit(cube)
    assert ehs.z_.shape == (lat.n, 12) and ehs.bin_.dtype == np.int8
    assert_array_equal(ehs.n_hot_, (ehs.bin_ >= 1).sum(axis=1))
    with pytest.raises(ValueError, match="confidence"):
        EmergingHotSpots(400, confidence=0.8).fit(cube)
    with pytest.raises(ValueError, match="reference"):
        EmergingHotSpots(400, reference="year").fit(cube)
    short = SpaceTimeCube(lat, cube_periods[:1], values[:, :1], 0)
    with pytest.raises(ValueError, match="2 time steps"):
        EmergingHotSpots(400).fit(short)
