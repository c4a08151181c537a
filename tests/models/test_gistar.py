"""Gi*: equal to esda on the same data and weights, ArcGIS's bins, the entry function."""

from __future__ import annotations

import geopandas as gpd
import libpysal
import numpy as np
import pandas as pd
import pytest
from esda.getisord import G_Local
from numpy.testing import assert_allclose, assert_array_equal
from scipy import stats
from shapely.geometry import Point, Polygon, box

from models.gistar import GetisOrdGiStar, gi_star_hot_spots, gi_star_z
from models.lattice import Lattice, neighbor_lists
from models.stats import confidence_bins

CRS = "EPSG:9377"
CITY = Polygon([(0, 0), (5000, 0), (5000, 2000), (2500, 2000), (2500, 4000), (0, 4000)])


def _clustered(
    n_background: int = 1500, n_cluster: int = 800, seed: int = 1
) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = np.r_[rng.uniform(0, 5000, n_background), rng.normal(1200, 250, n_cluster)]
    y = np.r_[rng.uniform(0, 2000, n_background), rng.normal(2600, 250, n_cluster)]
    keep = (x > 0) & (y > 0) & (x < 5000) & (y < 4000)
    return x[keep], y[keep]


def _esda_zs(values: np.ndarray, w_no_self: object) -> G_Local:
    wl = libpysal.weights.W(neighbor_lists(w_no_self), silence_warnings=True)
    return G_Local(values, wl, transform="B", star=True, permutations=0)


def test_known_answer_from_esda_documentation() -> None:
    # esda's G_Local docstring: DistanceBand(points, threshold=15), star=True, binary
    points = np.array([(10, 10), (20, 10), (40, 10), (15, 20), (30, 20), (30, 30)], dtype=float)
    y = np.array([2, 3, 3.2, 5, 8, 7])
    gi = GetisOrdGiStar(distance=15).fit(y, points)
    expected = [-1.39727626, -0.28917762, 0.65064964, -0.28917762, 1.23452088, 2.02424331]
    assert_allclose(gi.z_, expected, atol=1e-8)


@pytest.mark.parametrize("shape", ["square", "hex"])
@pytest.mark.parametrize("distance", [250.0, 600.0, 1000.0])
def test_z_scores_equal_esda_g_local_star(shape: str, distance: float) -> None:
    lat = Lattice.over_mask(CITY, size=250, shape=shape)  # type: ignore[arg-type]
    x, y = _clustered()
    values, _ = lat.aggregate(x, y)
    assert (values == 0).any()  # empty cells are part of the analysis
    gi = GetisOrdGiStar(distance=distance, fdr=False).fit(values, lat)
    ref = _esda_zs(values, lat.band_weights(distance))
    assert_allclose(gi.z_, ref.Zs, atol=1e-9, rtol=0)
    assert_allclose(gi.g_, ref.Gs, rtol=1e-12)
    assert_allclose(gi.expected_, ref.EGs, rtol=1e-12)
    assert_allclose(gi.variance_, ref.VGs, rtol=1e-10)
    assert_allclose(gi.p_, 2 * ref.p_norm, atol=1e-12)
    card = (
        np.array([ref.w.cardinalities[k] for k in ref.w.id_order]) - 1
    )  # esda filled the diagonal
    assert_array_equal(gi.n_neighbors_, card)


def test_contiguity_z_scores_equal_esda() -> None:
    lat = Lattice.over_mask(CITY, size=250)
    x, y = _clustered(seed=5)
    values, _ = lat.aggregate(x, y)
    gi = GetisOrdGiStar(distance=None).fit(values, lat)
    ref = _esda_zs(values, lat.contiguity_weights())
    assert_allclose(gi.z_, ref.Zs, atol=1e-9, rtol=0)


def test_weights_argument_and_harm_values() -> None:
    lat = Lattice.over_mask(CITY, size=250)
    x, y = _clustered(seed=3)
    harm = np.where(np.arange(x.size) % 7 == 0, 365.0, 10.0)
    values, _ = lat.aggregate(x, y, harm)
    w = lat.band_weights(500)
    by_weights = GetisOrdGiStar(fdr=False).fit(values, weights=w)
    by_lattice = GetisOrdGiStar(distance=500, fdr=False).fit(values, lat)
    assert_allclose(by_weights.z_, by_lattice.z_)
    assert_allclose(by_weights.z_, _esda_zs(values, w).Zs, atol=1e-9, rtol=0)


def test_bins_follow_p_values_and_fdr() -> None:
    lat = Lattice.over_mask(CITY, size=250)
    x, y = _clustered(seed=2)
    values, _ = lat.aggregate(x, y)
    plain = GetisOrdGiStar(distance=600, fdr=False).fit(values, lat)
    corrected = GetisOrdGiStar(distance=600, fdr=True).fit(values, lat)
    assert_allclose(plain.p_, 2 * stats.norm.sf(np.abs(plain.z_)))
    assert_array_equal(plain.bin_, confidence_bins(plain.z_, plain.p_))
    assert_array_equal(corrected.bin_, confidence_bins(plain.z_, plain.p_, fdr=True))
    # the correction only ever lowers confidence
    assert (np.abs(corrected.bin_) <= np.abs(plain.bin_)).all()
    assert (
        np.sign(corrected.bin_[corrected.bin_ != 0]) == np.sign(plain.z_[corrected.bin_ != 0])
    ).all()


def test_planted_cluster_is_hot_at_99_percent_and_far_cells_are_not() -> None:
    lat = Lattice.over_mask(CITY, size=250)
    x, y = _clustered(seed=4)
    values, _ = lat.aggregate(x, y)
    gi = GetisOrdGiStar(distance=600, fdr=True).fit(values, lat)
    centre = lat.locate([1200.0], [2600.0])[0]
    assert gi.bin_[centre] == 3
    far = np.hypot(lat.x - 1200, lat.y - 2600) > 2000
    assert (gi.bin_[far] <= 0).all()


def test_fit_errors() -> None:
    with pytest.raises(ValueError, match="NaN"):
        GetisOrdGiStar(10).fit([1.0, np.nan, 2.0], np.zeros((3, 2)))
    with pytest.raises(ValueError, match="distance"):
        GetisOrdGiStar().fit([1.0, 2.0, 3.0], np.zeros((3, 2)))
    with pytest.raises(ValueError, match="coords"):
        GetisOrdGiStar(10).fit([1.0, 2.0, 3.0])
    lat = Lattice.over_mask(box(0, 0, 1000, 1000), size=250)
    with pytest.raises(ValueError, match="16 cells"):
        GetisOrdGiStar(300).fit(np.ones(5), lat)


def test_constant_values_give_nan_not_a_warning() -> None:
    lat = Lattice.over_mask(box(0, 0, 1000, 1000), size=250)
    z, _, _, _ = gi_star_z(np.ones(lat.n), lat.band_weights(300, include_self=True))
    assert np.isnan(z).all()


def _incidents(seed: int = 1) -> gpd.GeoDataFrame:
    x, y = _clustered(seed=seed)
    cats = np.where(np.arange(x.size) % 5 == 0, "injury", "noise")
    return gpd.GeoDataFrame(
        {"category": cats, "occurred_at": pd.Timestamp("2024-01-01")},
        geometry=gpd.points_from_xy(x + 4_700_000, y + 1_950_000),
        crs=CRS,
    )


def test_entry_function_with_given_scale() -> None:
    inc = _incidents()
    mask = gpd.GeoDataFrame(geometry=[CITY], crs=CRS).translate(4_700_000, 1_950_000)
    cells, params = gi_star_hot_spots(inc, mask=mask, cell_size=250, distance=600)
    assert list(cells.columns) == [
        "cell_i",
        "cell_j",
        "value",
        "n_neighbors",
        "gi_z",
        "gi_p",
        "gi_bin",
        "gi_label",
        "geometry",
    ]
    assert len(cells) == params.n_cells == 240
    assert cells["value"].sum() == len(inc) - params.n_outside
    assert params.cell_size == 250 and params.distance == 600
    assert params.scale.distance_rule == "user"
    assert "set by the user" in params.reason
    assert params.n_hot == int((cells["gi_bin"] > 0).sum()) > 0
    assert cells.loc[cells["gi_bin"] == 3, "gi_label"].eq("Hot spot, 99% confidence").all()
    assert str(cells.crs) == CRS


def test_entry_function_chooses_the_scale_and_weighs_harm() -> None:
    inc = _incidents(seed=8)
    mask = gpd.GeoDataFrame(geometry=[CITY], crs=CRS).translate(4_700_000, 1_950_000)
    cells, params = gi_star_hot_spots(inc, mask=mask, weight="harm", shape="hex")
    assert params.scale.cell.rule in ("nearest_neighbour", "extent")
    assert params.scale.distance_rule in (
        "first_peak",
        "max_peak",
        "k_neighbors",
        "standard_distance",
    )
    assert f"{params.n_hot:,} hot" in params.reason
    harm = np.where(inc["category"] == "injury", 365.0, 1.0).sum()
    assert_allclose(cells["value"].sum(), harm)
    assert params.weight == "harm"


def test_entry_function_without_mask_uses_the_hull() -> None:
    pts = gpd.GeoDataFrame(
        geometry=[
            Point(float(a), float(b)) for a in range(0, 3000, 97) for b in range(0, 3000, 131)
        ],
        crs=CRS,
    )
    cells, params = gi_star_hot_spots(pts, cell_size=300, distance=700, fdr=False)
    assert params.study_area.startswith("the convex hull")
    assert params.n_outside == 0
