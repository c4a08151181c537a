"""Scale selection: cell size, Incremental Spatial Autocorrelation and its fall-backs."""

from __future__ import annotations

import math

import numpy as np
import pytest
from numpy.testing import assert_allclose
from scipy.spatial import cKDTree
from shapely.geometry import Point, box

import models.scale
from data.generator import DemoScale
from models.lattice import Lattice, point_coordinates, projected_crs, study_area
from models.options import SHAPES
from models.scale import (
    CellSizeChoice,
    analysis_cells,
    choose_cell_size,
    choose_distance,
    distinct_locations,
    given_scale,
    incremental_spatial_autocorrelation,
    k_neighbor_distance,
    nearest_neighbour_distance,
)
from models.stats import global_moran

SQUARE = box(0, 0, 5000, 5000)


def _bumps(lat: Lattice, seed: int = 0) -> np.ndarray:
    """Poisson counts around four bumps of sigma 400 m."""
    v = np.zeros(lat.n)
    for cx, cy in [(1000, 1000), (4000, 1500), (2500, 4000), (1000, 4000)]:
        v += 30 * np.exp(-((lat.x - cx) ** 2 + (lat.y - cy) ** 2) / (2 * 400**2))
    return np.random.default_rng(seed).poisson(v + 1).astype(float)


@pytest.mark.parametrize("shape", ["square", "hex"])
@pytest.mark.parametrize("transform", ["r", "b"])
def test_isa_sweep_equals_global_moran_on_band_weights(shape: str, transform: str) -> None:
    lat = Lattice.over_mask(Point(0, 0).buffer(2500), size=250, shape=shape)  # type: ignore[arg-type]
    values = (
        np.random.default_rng(1).poisson(3 + 5 * np.exp(-(lat.x**2 + lat.y**2) / 1e6)).astype(float)
    )
    prof = incremental_spatial_autocorrelation(values, lat, n_bands=6, transform=transform)
    assert_allclose(prof.distances, 250.0 * np.arange(1, 7))
    for d, i, z, p, k in zip(
        prof.distances, prof.moran_i, prof.z, prof.p, prof.mean_neighbors, strict=True
    ):
        w = lat.band_weights(d)
        ref = global_moran(values, w, transform=transform)
        assert_allclose([i, z, p], [ref.i, ref.z_rand, ref.p_rand], rtol=1e-10, atol=1e-12)
        assert_allclose(k, w.sum() / lat.n)


def test_nearest_neighbour_distance_ignores_duplicates_and_outliers() -> None:
    xs, ys = np.meshgrid(np.arange(0, 1000, 50.0), np.arange(0, 1000, 50.0))
    x = np.r_[xs.ravel(), xs.ravel()[:10], 50_000.0]  # ten duplicates and one far outlier
    y = np.r_[ys.ravel(), ys.ravel()[:10], 50_000.0]
    nn, outliers = nearest_neighbour_distance(x, y)
    assert_allclose(nn, 50.0)
    assert outliers == 1


def test_distinct_locations_are_numpys_unique_rows() -> None:
    rng = np.random.default_rng(3)
    x = np.round(rng.uniform(0, 100, 5_000), 1)
    y = np.round(rng.uniform(0, 100, 5_000), 1)
    x[:1000], y[:1000] = x[1000:2000], y[1000:2000]  # exact duplicates
    y[2000:2500] = y[0]  # same y, other x
    x[2500:3000] = x[0]  # same x, other y
    expected = np.unique(np.round(np.column_stack([x, y]), 2), axis=0)
    np.testing.assert_array_equal(distinct_locations(x, y), expected)


def _unique_rows(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return np.unique(np.round(np.column_stack([x, y]), 2), axis=0)


@pytest.mark.parametrize(
    ("x0", "y0", "span"),
    [
        (4_600_000.0, 1_900_000.0, 20_000.0),  # metres in EPSG:9377: the int64 keys
        (-5_000.0, -3_000.0, 10_000.0),  # negative coordinates
        (-1.0e7, 0.0, 3.0e7),  # wider than an int32 of centimetres: sorted as rows
    ],
)
def test_distinct_locations_are_numpys_unique_rows_anywhere(
    x0: float, y0: float, span: float
) -> None:
    rng = np.random.default_rng(4)
    x = x0 + rng.uniform(0, span, 20_000)
    y = y0 + rng.uniform(0, span / 2, 20_000)
    x[:3000], y[:3000] = x[3000:6000], y[3000:6000]  # exact duplicates
    x[6000:7000] = x[7000:8000] + 0.001  # the same centimetre once rounded
    y[6000:7000] = y[7000:8000]
    y[8000:9000] = y[0]
    got = distinct_locations(x, y)
    expected = _unique_rows(x, y)
    np.testing.assert_array_equal(got, expected)
    assert got.shape[0] < 20_000 - 3000
    assert distinct_locations(x[:1], y[:1]).shape == (1, 2)
    assert distinct_locations(x[:0], y[:0]).shape == (0, 2)


@pytest.mark.parametrize("scale", ["small", "full"])
def test_the_fast_spacing_chooses_the_same_scale_on_the_demo(
    scale: DemoScale, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 7: int64 keys and an unbalanced k-d tree change no figure of the scale chosen."""
    from data.generator import make_demo

    frames = make_demo(scale=scale)
    incidents, hoods = frames["incidents"], frames["neighborhoods"]
    crs = projected_crs(incidents, None)
    x, y = point_coordinates(incidents, crs)
    area, _ = study_area(hoods, crs, x=x, y=y)
    fast = {shape: analysis_cells(x, y, None, area, shape=shape)[3] for shape in SHAPES}
    fast_nn = [nearest_neighbour_distance(x, y, sample=s) for s in (None, 2_000)]
    # numpy's unique rows and a balanced, compact tree: the reference
    monkeypatch.setattr(models.scale, "distinct_locations", _unique_rows)
    monkeypatch.setattr(models.scale, "cKDTree", lambda pts, **_: cKDTree(pts))
    for shape, choice in fast.items():
        assert analysis_cells(x, y, None, area, shape=shape)[3] == choice
    assert [nearest_neighbour_distance(x, y, sample=s) for s in (None, 2_000)] == fast_nn


def test_a_sampled_nearest_neighbour_distance_is_close_and_counts_outliers() -> None:
    xs, ys = np.meshgrid(np.arange(0, 5000, 50.0), np.arange(0, 5000, 50.0))
    x = np.r_[xs.ravel(), 1e6 + np.arange(0, 1e6, 1e4)]  # 100 far outliers among 10,100
    y = np.r_[ys.ravel(), np.full(100, 1e6)]
    full, n_full = nearest_neighbour_distance(x, y)
    sampled, n_sampled = nearest_neighbour_distance(x, y, sample=2_000)
    assert (full, n_full) == (50.0, 100)
    assert_allclose(sampled, 50.0)
    assert 0 < n_sampled < 300  # about 100, scaled up from the sample
    with pytest.raises(ValueError, match="at least 2"):
        nearest_neighbour_distance(x, y, sample=1)


@pytest.mark.parametrize(("scale", "above", "sample"), [("small", 0, 1_000), ("full", None, None)])
def test_the_sampled_rule_chooses_the_same_cells_on_the_demo(
    scale: str, above: int | None, sample: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 7: sampling the spacing changes no scale chosen on the small and full demo."""
    from data.generator import make_demo

    frames = make_demo(scale=scale)  # type: ignore[arg-type]
    incidents, hoods = frames["incidents"], frames["neighborhoods"]
    crs = projected_crs(incidents, None)
    x, y = point_coordinates(incidents, crs)
    area, _ = study_area(hoods, crs, x=x, y=y)
    calls: list[int | None] = []
    nn = models.scale.nearest_neighbour_distance

    def spy(x: np.ndarray, y: np.ndarray, *, sample: int | None = None) -> tuple[float, int]:
        calls.append(sample)
        return nn(x, y, sample=sample)

    monkeypatch.setattr(models.scale, "nearest_neighbour_distance", spy)
    if above is not None:
        monkeypatch.setattr(models.scale, "NN_SAMPLE_ABOVE", above)
    if sample is not None:
        monkeypatch.setattr(models.scale, "NN_SAMPLE", sample)
    for shape in ("square", "hex"):
        calls.clear()
        sampled = choose_cell_size(x, y, mask=area, shape=shape)
        assert calls == [models.scale.NN_SAMPLE]  # the sample sufficed
        monkeypatch.setattr(models.scale, "NN_SAMPLE_ABOVE", 10**9)
        full = choose_cell_size(x, y, mask=area, shape=shape)
        assert calls == [models.scale.NN_SAMPLE, None]
        monkeypatch.setattr(models.scale, "NN_SAMPLE_ABOVE", 0 if above is not None else 100_000)
        assert (sampled.size, sampled.rule, sampled.extent_m) == (
            full.size,
            full.rule,
            full.extent_m,
        )
        assert_allclose(sampled.nearest_neighbour_m, full.nearest_neighbour_m, rtol=0.1)


def test_cell_size_is_the_larger_of_spacing_and_extent() -> None:
    xs, ys = np.meshgrid(np.arange(0, 2000, 50.0), np.arange(0, 2000, 50.0))
    x, y = xs.ravel(), ys.ravel()
    wide = choose_cell_size(x, y, mask=box(0, 0, 12_000, 8_000))
    assert (wide.size, wide.rule) == (120.0, "extent")
    assert_allclose([wide.nearest_neighbour_m, wide.extent_m], [50.0, 120.0])
    small = choose_cell_size(x, y, mask=box(0, 0, 2_000, 2_000))
    assert (small.size, small.rule) == (50.0, "nearest_neighbour")
    assert "Cells of 50 m" in small.reason and "(50 m)" in small.reason
    sparse = choose_cell_size(x * 3.3, y * 3.3, mask=box(0, 0, 7_000, 7_000))
    assert sparse.size == 170.0  # 165 m rounded up to whole 10 m


def test_cell_size_is_enlarged_for_too_many_cells(monkeypatch: pytest.MonkeyPatch) -> None:
    from models import scale

    monkeypatch.setattr(scale, "MAX_CELLS", 100)
    xs, ys = np.meshgrid(np.arange(0, 2000, 50.0), np.arange(0, 2000, 50.0))
    choice = choose_cell_size(xs.ravel(), ys.ravel(), mask=box(0, 0, 2_000, 2_000))
    assert choice.rule == "max_cells" and choice.size == 200.0


def test_first_significant_peak_is_chosen() -> None:
    lat = Lattice.over_mask(SQUARE, size=250)
    choice = choose_distance(_bumps(lat), lat)
    prof = choice.profile
    assert prof is not None and prof.first_peak is not None
    k = prof.first_peak
    assert choice.distance_rule == "first_peak" and choice.distance == prof.distances[k]
    assert prof.z[k] > prof.z[k - 1] and prof.z[k] > prof.z[k + 1] and prof.p[k] < 0.05
    assert f"z = {prof.z[k]:.1f}" in choice.reason
    assert "tested 250 m to 2.5 km in 10 steps" in choice.reason


def test_no_peak_falls_back_to_k_neighbours() -> None:
    lat = Lattice.over_mask(SQUARE, size=250)
    choice = choose_distance(lat.x.copy(), lat)  # a gradient: z grows with distance
    assert choice.profile is not None and choice.profile.max_peak is None
    mean_k, k, sd = k_neighbor_distance(lat)
    assert k == 20  # 5 % of 400 cells
    assert choice.distance_rule == "k_neighbors" and choice.distance == mean_k < sd
    assert "20 neighbours" in choice.reason


def test_constant_values_fall_back_without_a_profile() -> None:
    lat = Lattice.over_mask(SQUARE, size=250)
    choice = choose_distance(np.zeros(lat.n), lat)
    assert choice.profile is None
    assert "do not vary" in choice.reason


def test_standard_distance_caps_the_fallback() -> None:
    lat = Lattice.over_mask(box(0, 0, 250 * 40, 250), size=250)  # one row of 40 cells
    mean_k, k, sd = k_neighbor_distance(lat)
    assert k == 3
    pts = np.column_stack([lat.x, lat.y])
    brute = cKDTree(pts).query(pts, k=4)[0][:, 3].mean()
    assert_allclose(mean_k, brute)
    assert_allclose(sd, 250 * math.sqrt((40**2 - 1) / 12))


def test_non_significant_peak_is_the_max_peak() -> None:
    lat = Lattice.over_mask(SQUARE, size=250)
    rng = np.random.default_rng(0)
    choice = choose_distance(rng.poisson(2, lat.n).astype(float), lat)
    prof = choice.profile
    assert prof is not None and prof.first_peak is None and prof.max_peak is not None
    assert choice.distance_rule == "max_peak"
    peaks = [k for k in range(1, 9) if prof.z[k] > prof.z[k - 1] and prof.z[k] > prof.z[k + 1]]
    assert choice.distance == prof.distances[max(peaks, key=lambda k: prof.z[k])]


def test_too_few_cells() -> None:
    lat = Lattice.over_mask(box(0, 0, 1000, 1000), size=250)
    with pytest.raises(ValueError, match="at least 30"):
        choose_distance(np.arange(lat.n, dtype=float), lat)


def test_analysis_cells_combines_given_and_chosen() -> None:
    rng = np.random.default_rng(3)
    x = rng.uniform(0, 5000, 3000)
    y = rng.uniform(0, 5000, 3000)
    lat, values, outside, choice = analysis_cells(x, y, None, SQUARE, cell_size=None, distance=800)
    assert choice.cell.rule in ("extent", "nearest_neighbour") and choice.distance_rule == "user"
    assert values.sum() == 3000 and outside == 0 and lat.n == values.size
    assert choice.reason.startswith(choice.cell.reason)
    given = given_scale(250, 800, Lattice.over_mask(SQUARE, size=250))
    assert given.cell == CellSizeChoice.given(250)
    with pytest.raises(ValueError, match="shape"):
        analysis_cells(x, y, None, SQUARE, shape="triangle")  # type: ignore[arg-type]
