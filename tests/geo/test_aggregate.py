"""Incidents aggregated to cells: counts, harm, categories, the mask."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely
from numpy.testing import assert_allclose, assert_array_equal

from geo import schema, settings
from geo.aggregate import aggregate_points, category_columns, city_mask, result_columns

CRS = "EPSG:9377"  # MAGNA-SIRGAS Origen-Nacional, metres
X0, Y0 = 4_600_000.0, 1_950_000.0  # somewhere near Palmira in EPSG:9377


def _points(xy: list[tuple[float, float]], cats: list[str], crs: str = CRS) -> gpd.GeoDataFrame:
    x, y = np.array(xy, dtype=float).T
    return gpd.GeoDataFrame(
        {"incident_id": [f"i{k}" for k in range(len(cats))], "category": cats},
        geometry=gpd.points_from_xy(x, y),
        crs=crs,
    )


def _hand_made() -> gpd.GeoDataFrame:
    """3 homicides and 2 noise complaints in cell A, 3 noise and 1 theft in cell B."""
    a = [(X0 + 10, Y0 + 10), (X0 + 50, Y0 + 50), (X0 + 90, Y0 + 20)]
    a_noise = [(X0 + 30, Y0 + 70), (X0 + 60, Y0 + 95)]
    b = [(X0 + 110, Y0 + 10), (X0 + 130, Y0 + 30), (X0 + 170, Y0 + 60), (X0 + 190, Y0 + 90)]
    return _points(
        a + a_noise + b,
        ["homicide"] * 3 + ["noise"] * 2 + ["noise"] * 3 + ["theft"],
    )


def _to_4326(geom: shapely.Geometry) -> shapely.Geometry:
    return gpd.GeoSeries([geom], crs=CRS).to_crs(4326).iloc[0]


def test_known_counts_and_harm() -> None:
    cells = aggregate_points(_hand_made(), size=100.0, crs=CRS).sort_values("cell_i")
    assert list(cells.columns) == result_columns()
    assert cells.crs.to_epsg() == 4326
    assert_array_equal(cells["cell_i"], [0, 1])
    assert_array_equal(cells["cell_j"], [0, 0])
    assert_array_equal(cells["n"], [5, 4])
    hom, noise, theft = (schema.HARM_WEIGHTS[c] for c in ("homicide", "noise", "theft"))
    assert_allclose(cells["harm"], [3 * hom + 2 * noise, 3 * noise + theft])
    assert_allclose(cells["value"], cells["harm"])
    assert_array_equal(cells["n_homicide"], [3, 0])
    assert_array_equal(cells["n_noise"], [2, 3])
    assert_array_equal(cells["n_theft"], [0, 1])
    # every category has its column, zeros included, and they add up to n
    assert_array_equal(cells[category_columns()].sum(axis=1), cells["n"])
    assert cells["n_sexual"].eq(0).all()
    assert cells.attrs["outside_mask"] == 0
    assert cells.attrs["x0"] == X0 and cells.attrs["y0"] == Y0
    # the cells are 100 m squares in metres, reprojected to degrees
    back = cells.to_crs(CRS)
    assert_allclose(back.area, 10_000.0, rtol=1e-6)
    assert_allclose(back.geometry.bounds["minx"], [X0, X0 + 100], atol=1e-3)


def test_weight_count_maps_the_number_of_incidents() -> None:
    cells = aggregate_points(_hand_made(), size=100.0, crs=CRS, weight="count")
    assert_allclose(cells["value"], cells["n"])
    assert cells["value"].dtype == np.float64


def test_points_in_degrees_are_projected_first() -> None:
    pts = _hand_made().to_crs(4326)
    cells = aggregate_points(pts, size=100.0, crs=CRS).sort_values("cell_i")
    assert_array_equal(cells["n"], [5, 4])


def test_size_defaults_to_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "cell_size_m", 1000.0)
    cells = aggregate_points(_hand_made(), crs=CRS)
    assert len(cells) == 1 and cells["n"].item() == 9
    assert cells.attrs["size"] == 1000.0


def test_mask_clips_drops_and_counts_the_points_outside() -> None:
    pts = _hand_made()
    far = _points([(X0 + 550, Y0 + 50)], ["fight"])  # cell C, wholly outside the mask
    pts = gpd.GeoDataFrame(
        gpd.pd.concat([pts, far], ignore_index=True), geometry="geometry", crs=CRS
    )
    # the mask covers cell A and the left half of cell B
    mask = _to_4326(shapely.box(X0 - 20, Y0 - 20, X0 + 150, Y0 + 120))
    cells = aggregate_points(pts, size=100.0, crs=CRS, mask=mask).sort_values("cell_i")
    assert_array_equal(cells["cell_i"], [0, 1])
    assert_array_equal(cells["n"], [5, 2])  # B keeps its two left points
    assert cells.attrs["outside_mask"] == 3  # B's two right points and C's
    assert cells["n"].sum() + cells.attrs["outside_mask"] == len(pts)
    back = cells.to_crs(CRS)
    assert_allclose(back.area, [10_000.0, 5_000.0], rtol=1e-4)


def test_a_cell_whose_points_are_all_outside_the_mask_is_dropped() -> None:
    pts = _hand_made()
    # overlaps cell B only on its left edge, where B has no incident
    mask = _to_4326(shapely.box(X0 - 20, Y0 - 20, X0 + 105, Y0 + 120))
    cells = aggregate_points(pts, size=100.0, crs=CRS, mask=mask)
    assert_array_equal(cells["cell_i"], [0])
    assert cells.attrs["outside_mask"] == 4


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_hex_and_square_totals_agree_and_no_point_is_lost(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = 5000
    xy = list(zip(rng.normal(X0, 800, n), rng.normal(Y0, 800, n), strict=True))
    cats = rng.choice(list(schema.CATEGORIES), n).tolist()
    pts = _points(xy, cats).to_crs(4326)
    mask = _to_4326(shapely.Point(X0, Y0).buffer(1500))
    totals = []
    for shape in ("square", "hex"):
        for m in (None, mask):
            cells = aggregate_points(pts, size=150.0, shape=shape, crs=CRS, mask=m)
            outside = cells.attrs["outside_mask"]
            assert cells["n"].sum() + outside == n
            assert (cells["n"] > 0).all()
            assert not cells.duplicated(["cell_i", "cell_j"]).any()
            totals.append(
                (shape, m is None, outside, cells[["n", "harm", *category_columns()]].sum())
            )
    sq_all, sq_mask, hx_all, hx_mask = totals
    assert sq_mask[2] == hx_mask[2] > 0  # the same points are outside for both shapes
    assert_allclose(sq_all[3], hx_all[3])
    assert_allclose(sq_mask[3], hx_mask[3])
    expected_harm = sum(schema.HARM_WEIGHTS[c] for c in cats)
    assert_allclose(sq_all[3]["harm"], expected_harm)


def test_empty_input_gives_an_empty_frame_with_every_column() -> None:
    pts = _hand_made().iloc[:0]
    cells = aggregate_points(pts, size=100.0, crs=CRS)
    assert list(cells.columns) == result_columns()
    assert len(cells) == 0 and cells.crs.to_epsg() == 4326


def test_missing_geometries_are_counted_not_lost() -> None:
    pts = _hand_made()
    pts.loc[2, "geometry"] = None
    cells = aggregate_points(pts, size=100.0, crs=CRS)
    assert cells["n"].sum() == len(pts) - 1
    assert cells.attrs["no_geometry"] == 1
    assert cells.attrs["n_points"] == len(pts)


def test_bad_inputs_are_refused_with_a_message_naming_them() -> None:
    pts = _hand_made()
    with pytest.raises(ValueError, match=r"column `category`.*robo"):
        aggregate_points(pts.assign(category=["robo"] + pts["category"].tolist()[1:]), crs=CRS)
    with pytest.raises(ValueError, match="no column `kind`"):
        aggregate_points(pts, crs=CRS, category_column="kind")
    with pytest.raises(ValueError, match="`weight`"):
        aggregate_points(pts, crs=CRS, weight="people")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="`size`"):
        aggregate_points(pts, crs=CRS, size=-5)
    with pytest.raises(ValueError, match="no CRS"):
        aggregate_points(pts.set_crs(None, allow_override=True), crs=CRS)
    poly = pts.copy()
    poly.loc[0, "geometry"] = shapely.box(X0, Y0, X0 + 1, Y0 + 1)
    with pytest.raises(ValueError, match="row 0: geometry is a Polygon"):
        aggregate_points(poly, crs=CRS)


def test_city_mask_is_the_union_of_the_neighbourhoods() -> None:
    assert city_mask(None) is None
    hoods = gpd.GeoDataFrame(
        {"name": ["a", "b"]},
        geometry=[
            shapely.box(X0, Y0, X0 + 100, Y0 + 100),
            shapely.box(X0 + 100, Y0, X0 + 200, Y0 + 100),
        ],
        crs=CRS,
    )
    assert city_mask(hoods.iloc[:0]) is None
    mask = city_mask(hoods)
    assert mask is not None and mask.geom_type == "Polygon"
    back = gpd.GeoSeries([mask], crs=4326).to_crs(CRS)
    assert_allclose(back.area, 20_000.0, rtol=1e-6)
