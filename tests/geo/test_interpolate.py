"""Areal interpolation: shares of area and counts carried to targets that cut across sources."""

from __future__ import annotations

import itertools

import geopandas as gpd
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from shapely import box

from geo.interpolate import area_shares, area_weighted_sum

CRS = "EPSG:9377"


def _hoods() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"population": [100, 300, 50], "youth_population": [10, 60, None]},
        geometry=[box(0, 0, 10, 10), box(10, 0, 20, 10), box(0, 10, 20, 20)],
        crs=CRS,
    )


def test_a_target_gets_each_source_by_its_share_of_area() -> None:
    targets = gpd.GeoSeries(
        [box(5, 0, 15, 10), box(0, 5, 20, 15), box(100, 100, 101, 101)], crs=CRS
    )
    out = area_weighted_sum(_hoods(), targets, ["population", "youth_population"])
    # half of 100 + half of 300; a quarter-strip of each of the first two and half of the third
    assert_allclose(out["population"], [200.0, 50 + 150 + 25, 0.0])
    assert_allclose(out["youth_population"], [35.0, 5 + 30 + 0, 0.0])  # a missing count is 0


def test_shares_list_only_pairs_that_overlap() -> None:
    pairs = area_shares(_hoods().geometry, gpd.GeoSeries([box(0, 0, 10, 10)], crs=CRS))
    # the touching neighbours share an edge, no area
    assert pairs[["source", "target"]].values.tolist() == [[0, 0]]
    assert_allclose(pairs["share"], [1.0])


@settings(max_examples=40, deadline=None)
@given(cuts=st.lists(st.floats(0.5, 19.5), min_size=1, max_size=5, unique=True))
def test_targets_that_tile_the_sources_conserve_the_total(cuts: list[float]) -> None:
    edges = [0.0, *sorted(cuts), 20.0]
    strips = gpd.GeoSeries([box(a, 0, b, 20) for a, b in itertools.pairwise(edges)], crs=CRS)
    out = area_weighted_sum(_hoods(), strips, ["population"])
    assert out["population"].sum() == pytest.approx(450.0)
    assert (out["population"].to_numpy() >= 0).all()
    assert np.isfinite(out["population"]).all()


def test_geographic_or_mixed_crs_is_refused() -> None:
    hoods = _hoods()
    with pytest.raises(ValueError, match="projected CRS"):
        area_weighted_sum(hoods.to_crs(4326), hoods.geometry.to_crs(4326), ["population"])
    with pytest.raises(ValueError, match="one CRS"):
        area_weighted_sum(hoods, hoods.geometry.to_crs(3116), ["population"])
