"""geo.crs: which projected CRS a workspace gets, from where its data lie."""

from __future__ import annotations

import math

import geopandas as gpd
import pytest
import shapely
from numpy.testing import assert_allclose
from pyproj import CRS

from geo.crs import COLOMBIA_BOUNDS, COLOMBIA_CRS, choose_projected_crs, crs_for_frames

# -- choose_projected_crs --------------------------------------------------------


@pytest.mark.parametrize(
    ("lon", "lat", "place"),
    [
        (-76.30, 3.54, "Palmira"),
        (-74.08, 4.71, "Bogotá"),
        (-75.56, 6.25, "Medellín"),
        (-81.70, 12.58, "San Andrés"),
        (-69.94, -4.20, "Leticia"),
        (-71.67, 12.45, "La Guajira (Punta Gallinas)"),
    ],
)
def test_colombian_cities_get_origen_nacional(lon: float, lat: float, place: str) -> None:
    assert choose_projected_crs(lon, lat) == "EPSG:9377", place


def test_the_whole_colombia_box_is_inclusive_at_its_edges() -> None:
    x0, y0, x1, y1 = COLOMBIA_BOUNDS
    for lon, lat in [(x0, y0), (x0, y1), (x1, y0), (x1, y1), ((x0 + x1) / 2, (y0 + y1) / 2)]:
        assert choose_projected_crs(lon, lat) == COLOMBIA_CRS
    # just outside each side: a UTM zone, not 9377
    for lon, lat in [(x0 - 0.01, 4.0), (x1 + 0.01, 4.0), (-74.0, y0 - 0.01), (-74.0, y1 + 0.01)]:
        assert choose_projected_crs(lon, lat) != COLOMBIA_CRS


def test_inside_the_box_is_not_inside_the_border() -> None:
    # Colombia's extent is a box: neighbouring capitals inside it get 9377 too
    # (EPSG:9377's scale error there is 0.4-0.6 %, against 0.09 % in Palmira)
    for lon, lat in [(-79.52, 8.98), (-78.47, -0.18), (-66.90, 10.49)]:  # Panamá, Quito, Caracas
        assert choose_projected_crs(lon, lat) == COLOMBIA_CRS


@pytest.mark.parametrize(
    ("lon", "lat", "expected", "place"),
    [
        (-99.13, 19.43, "EPSG:32614", "Ciudad de México"),
        (-58.38, -34.60, "EPSG:32721", "Buenos Aires"),
        (-77.04, -12.05, "EPSG:32718", "Lima"),
        (-82.43, 8.43, "EPSG:32617", "David, Panamá: west of Colombia's box"),
        (-64.70, 10.13, "EPSG:32620", "Barcelona, Venezuela: east of the box"),
        (-60.02, -3.12, "EPSG:32720", "Manaus: south of the equator"),
        (-3.70, 40.42, "EPSG:32630", "Madrid"),
        (2.35, 48.86, "EPSG:32631", "Paris"),
        (151.21, -33.87, "EPSG:32756", "Sydney"),
        (139.69, 35.69, "EPSG:32654", "Tokyo"),
    ],
)
def test_elsewhere_the_local_utm_zone(lon: float, lat: float, expected: str, place: str) -> None:
    assert choose_projected_crs(lon, lat) == expected, place


@pytest.mark.parametrize(
    ("lon", "zone"),
    [
        (-180.0, 1),  # the antimeridian starts zone 1
        (-174.000001, 1),
        (-174.0, 2),  # a border belongs to the zone east of it
        (-0.000001, 30),
        (0.0, 31),
        (5.999999, 31),
        (6.0, 32),
        (174.0, 60),
        (179.999999, 60),
        (180.0, 60),  # +180 is the same meridian as -180 but stays in the last zone
    ],
)
def test_zone_borders(lon: float, zone: int) -> None:
    assert choose_projected_crs(lon, 45.0) == f"EPSG:{32600 + zone}"
    assert choose_projected_crs(lon, -45.0) == f"EPSG:{32700 + zone}"


def test_the_zone_holds_its_central_meridian_at_its_middle() -> None:
    # every zone's own central meridian, read back from the EPSG definition
    for zone in range(1, 61):
        centre = -183.0 + 6.0 * zone
        code = choose_projected_crs(centre, 30.0)
        assert code == f"EPSG:{32600 + zone}"
        operation = CRS(code).coordinate_operation
        assert operation is not None
        params = {p.name: p.value for p in operation.params}
        assert_allclose(float(params["Longitude of natural origin"]), centre)


def test_the_equator_is_north_and_just_below_is_south() -> None:
    assert choose_projected_crs(10.0, 0.0) == "EPSG:32632"
    assert choose_projected_crs(10.0, -1e-9) == "EPSG:32732"
    assert choose_projected_crs(10.0, 90.0) == "EPSG:32632"
    assert choose_projected_crs(10.0, -90.0) == "EPSG:32732"


@pytest.mark.parametrize(
    ("lon", "lat"),
    [
        (-180.01, 0.0),
        (180.01, 0.0),
        (0.0, 90.5),
        (0.0, -91.0),
        (4_600_000.0, 1_950_000.0),  # metres of EPSG:9377 passed as degrees
        (math.nan, 3.5),
        (-76.3, math.nan),
        (math.inf, 0.0),
    ],
)
def test_a_centre_that_is_not_in_degrees_is_refused(lon: float, lat: float) -> None:
    with pytest.raises(ValueError, match="is not a longitude/latitude in degrees"):
        choose_projected_crs(lon, lat)


# -- crs_for_frames ----------------------------------------------------------------


def _frame(
    boxes: list[tuple[float, float, float, float]], crs: str | int = 4326
) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"k": range(len(boxes))}, geometry=[shapely.box(*b) for b in boxes], crs=crs
    )


def test_frames_in_colombia() -> None:
    hoods = _frame([(-76.33, 3.51, -76.27, 3.57)])
    assert crs_for_frames(hoods) == COLOMBIA_CRS


def test_frames_in_another_crs_are_read_in_degrees_first() -> None:
    # Madrid's box, given in Web Mercator: the centre is still Madrid (zone 30 N)
    madrid = _frame([(-3.75, 40.38, -3.65, 40.46)]).to_crs(3857)
    assert crs_for_frames(madrid) == "EPSG:32630"
    # Palmira given in its own projected CRS
    palmira = _frame([(-76.33, 3.51, -76.27, 3.57)]).to_crs(COLOMBIA_CRS)
    assert crs_for_frames(palmira) == COLOMBIA_CRS


def test_the_centre_of_the_combined_extent_decides() -> None:
    # each frame alone falls in its own zone; together their centre is at lon 5.0 (zone 31)
    west = _frame([(2.0, 10.0, 2.5, 10.5)])
    east = _frame([(7.5, 11.0, 8.0, 11.5)])
    assert crs_for_frames(west) == "EPSG:32631"
    assert crs_for_frames(east) == "EPSG:32632"
    assert crs_for_frames(west, east) == "EPSG:32631"
    # across the equator: the centre's latitude (0.25) says north
    south = _frame([(20.0, -1.0, 20.5, -0.5)])
    north = _frame([(20.0, 1.0, 20.5, 1.5)])
    assert crs_for_frames(south) == "EPSG:32734"
    assert crs_for_frames(south, north) == "EPSG:32634"


def test_empty_and_missing_frames_are_skipped() -> None:
    palmira = _frame([(-76.33, 3.51, -76.27, 3.57)])
    empty = _frame([])
    blank = gpd.GeoDataFrame({"k": [1, 2]}, geometry=[None, shapely.Point()], crs=4326)
    assert crs_for_frames(None, empty, blank, palmira) == COLOMBIA_CRS


def test_no_geometry_at_all_is_an_error() -> None:
    blank = gpd.GeoDataFrame({"k": [1]}, geometry=[None], crs=4326)
    with pytest.raises(ValueError, match="no layer has geometries"):
        crs_for_frames(_frame([]), blank)
    with pytest.raises(ValueError, match="no layer has geometries"):
        crs_for_frames()
