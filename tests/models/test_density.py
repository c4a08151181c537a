"""Kernel density: the kernel, the bandwidth rule, the integral, per resident."""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from shapely.geometry import box

from models.density import (
    Raster,
    density_surface,
    fft_convolve_same,
    kernel_density,
    population_density,
    quartic_kernel,
    raster_for,
    silverman_bandwidth,
    standard_distance,
)
from models.lattice import study_area

CRS = "EPSG:9377"


def _points(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = np.r_[rng.normal(1000, 100, 300), rng.normal(3000, 200, 300), rng.uniform(0, 4000, 200)]
    y = np.r_[rng.normal(1000, 100, 300), rng.normal(2000, 200, 300), rng.uniform(0, 3000, 200)]
    return x, y


def test_quartic_kernel_integrates_to_one() -> None:
    k = quartic_kernel(10.0, 200.0)
    assert_allclose(k.sum() * 10.0**2, 1.0)
    # before rescaling it is the textbook kernel: 3 / (pi r^2) at the centre
    assert_allclose(k[k.shape[0] // 2, k.shape[1] // 2], 3 / (math.pi * 200.0**2), rtol=0.01)


def test_silverman_bandwidth_by_hand() -> None:
    # four points 1 km from their centre: SD = Dm = 1000, sqrt(1/ln 2) * Dm > SD
    x = np.array([1000.0, -1000.0, 0.0, 0.0])
    y = np.array([0.0, 0.0, 1000.0, -1000.0])
    r, reason = silverman_bandwidth(x, y)
    assert_allclose(r, 0.9 * 1000.0 * 4**-0.2)
    assert "standard distance is the smaller" in reason
    assert_allclose(standard_distance(x, y), 1000.0)
    # the weighted form counts a weight as that many points
    rw, _ = silverman_bandwidth(x, y, weights=[2.0, 2.0, 2.0, 2.0])
    assert_allclose(rw, 0.9 * 1000.0 * 8**-0.2)


def test_integral_equals_the_number_of_incidents() -> None:
    x, y = _points()
    dens, raster, bw, _ = kernel_density(x, y)
    assert_allclose(dens.sum() * raster.pixel_area_km2, 800.0, rtol=1e-9)
    weights = np.where(np.arange(800) % 2 == 0, 365.0, 1.0)
    dens_w, raster_w, _, _ = kernel_density(x, y, weights=weights, bandwidth=bw)
    assert_allclose(dens_w.sum() * raster_w.pixel_area_km2, weights.sum(), rtol=1e-9)


def test_density_matches_the_direct_sum() -> None:
    x, y = _points(1)
    dens, raster, bw, _ = kernel_density(x, y, bandwidth=300.0)
    cx, cy = raster.centers()
    for r, c in [
        np.unravel_index(np.argmax(dens), dens.shape),
        (dens.shape[0] // 2, dens.shape[1] // 3),
    ]:
        u2 = ((x - cx[r, c]) ** 2 + (y - cy[r, c]) ** 2) / bw**2
        direct = (3 / math.pi * (1 - u2[u2 < 1]) ** 2).sum() / bw**2 * 1e6
        # binning moves points by at most half a pixel diagonal
        assert_allclose(dens[r, c], direct, rtol=0.02)


def test_too_coarse_pixels_are_refused() -> None:
    x, y = _points()
    with pytest.raises(ValueError, match="too coarse"):
        kernel_density(x, y, bandwidth=100.0, raster=Raster.covering((0, 0, 4000, 3000), 80.0))


def _incidents() -> gpd.GeoDataFrame:
    x, y = _points(2)
    cats = np.where(np.arange(x.size) % 4 == 0, "injury", "noise")
    return gpd.GeoDataFrame({"category": cats}, geometry=gpd.points_from_xy(x, y), crs=CRS)


def test_density_surface_over_a_mask() -> None:
    inc = _incidents()
    big = gpd.GeoDataFrame(geometry=[box(-2000, -2000, 6000, 5000)], crs=CRS)
    surface = density_surface(inc, mask=big, bandwidth=250.0)
    assert surface.rule == "user" and surface.unit == "per_km2"
    assert_allclose(surface.total(), len(inc), rtol=1e-9)
    half = gpd.GeoDataFrame(geometry=[box(-2000, -2000, 2000, 5000)], crs=CRS)
    cut = density_surface(inc, mask=half, bandwidth=250.0)
    assert np.isnan(cut.values).any() and cut.total() < len(inc)
    assert "Bandwidth 250 m (set by the user)" in cut.reason


def test_harm_weights_keep_the_count_bandwidth() -> None:
    inc = _incidents()
    counted = density_surface(inc)
    harmed = density_surface(inc, weight="harm")
    assert harmed.bandwidth == counted.bandwidth and harmed.rule == "silverman"


def test_per_resident_rates() -> None:
    inc = _incidents()
    mask = gpd.GeoDataFrame(geometry=[box(-1000, -1000, 5000, 4000)], crs=CRS)
    area, _ = study_area(mask, CRS)
    x, y = inc.geometry.x.to_numpy(), inc.geometry.y.to_numpy()
    raster = raster_for(area, x, y, bandwidth=300.0)
    hoods = gpd.GeoDataFrame(
        {"population": [60_000, 0]},
        geometry=[box(-1000, -1000, 5000, 4000), box(9000, 9000, 9100, 9100)],
        crs=CRS,
    )
    pop = population_density(hoods, hoods["population"], raster, crs=CRS)
    assert_allclose(pop[pop > 0], 60_000 / 30.0)  # 30 km²
    dens = density_surface(inc, mask=mask, bandwidth=300.0)
    rate = density_surface(inc, mask=mask, bandwidth=300.0, population=pop, min_residents=0.0)
    assert rate.unit == "per_100k_residents" and rate.measure == "incidents_per_100k"
    # a pixel farther than the radius from the edge sees the uniform 2,000 residents per km²
    cx, cy = raster.centers()
    inner = (cx > -1000 + 320) & (cx < 5000 - 320) & (cy > -1000 + 320) & (cy < 4000 - 320)
    assert_allclose(rate.values[inner], dens.values[inner] / 2000.0 * 1e5, rtol=1e-9)
    # near the edge the residents' surface is smoothed too: the rate stays finite and positive
    assert np.isfinite(rate.values[raster.inside(area)]).all()
    with pytest.raises(ValueError, match="per km"):
        rate.total()
    with pytest.raises(ValueError, match="shape"):
        density_surface(inc, mask=mask, bandwidth=300.0, population=pop[:-1])


def test_per_resident_rate_per_year_and_blank_where_few_live() -> None:
    inc = _incidents()
    mask = gpd.GeoDataFrame(geometry=[box(-1000, -1000, 5000, 4000)], crs=CRS)
    area, _ = study_area(mask, CRS)
    x, y = inc.geometry.x.to_numpy(), inc.geometry.y.to_numpy()
    raster = raster_for(area, x, y, bandwidth=300.0)
    # 2,000 residents per km² west of x = 2000, nobody east of it
    hoods = gpd.GeoDataFrame(
        {"population": [2000.0 * 15.0, 0.0]},
        geometry=[box(-1000, -1000, 2000, 4000), box(2000, -1000, 5000, 4000)],
        crs=CRS,
    )
    pop = population_density(hoods, hoods["population"], raster, crs=CRS)
    over = density_surface(inc, mask=mask, bandwidth=300.0, population=pop, min_residents=0.0)
    yearly = density_surface(
        inc, mask=mask, bandwidth=300.0, population=pop, min_residents=500.0, years=4.0
    )
    assert yearly.per_year and yearly.measure == "incidents_per_100k_year"
    cx, cy = raster.centers()
    west = (cx > -1000 + 400) & (cx < 2000 - 400) & (cy > -1000 + 400) & (cy < 4000 - 400)
    assert_allclose(yearly.values[west], over.values[west] / 4.0, rtol=1e-9)
    # 500 residents within 300 m need ~1,770 residents per km² around: the empty east is blank
    assert np.isnan(yearly.values[cx > 2000 + 400]).all()
    assert np.isfinite(yearly.values[west]).all()
    harm = density_surface(inc, mask=mask, bandwidth=300.0, weight="harm", population=pop)
    assert harm.measure == "harm_per_100k"
    from geo import settings

    assert settings.min_residents == 500.0
    with pytest.raises(ValueError, match="years"):
        density_surface(inc, mask=mask, bandwidth=300.0, population=pop, years=0.0)


@pytest.mark.parametrize(
    ("image_shape", "kernel_shape"), [((37, 52), (9, 9)), ((64, 30), (13, 13)), ((5, 8), (11, 11))]
)
def test_fft_convolve_same_is_scipy_signals_fftconvolve(
    image_shape: tuple[int, int], kernel_shape: tuple[int, int]
) -> None:
    from scipy.signal import fftconvolve

    rng = np.random.default_rng(sum(image_shape))
    image = rng.poisson(2.0, image_shape).astype(float)
    kernel = rng.uniform(0, 1, kernel_shape)
    ours = fft_convolve_same(image, kernel)
    assert ours.shape == image.shape
    assert_array_equal(ours, fftconvolve(image, kernel, mode="same"))


@pytest.mark.parametrize("n", [1, 2, 3, 10, 11, 1_001])
def test_weighted_median_of_counts_is_the_sorted_rule(n: int) -> None:
    # the partial sort for equal unit weights picks the element the full sort picks
    from models.density import _weighted_median

    rng = np.random.default_rng(n)
    values = rng.integers(0, 7, n).astype(float)  # ties included
    order = np.argsort(values)
    cum = np.cumsum(np.ones(n))
    expected = float(values[order][np.searchsorted(cum, 0.5 * cum[-1])])
    assert _weighted_median(values, np.ones(n)) == expected
    weights = rng.uniform(0.5, 3.0, n)
    cum_w = np.cumsum(weights[order])
    assert (
        _weighted_median(values, weights) == values[order][np.searchsorted(cum_w, 0.5 * cum_w[-1])]
    )
