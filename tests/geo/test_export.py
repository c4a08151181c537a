"""Layer downloads: every format reads back as the same records."""

from __future__ import annotations

import io
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point, box

from geo.export import FORMATS, Format, layer_bytes
from geo.readers import read_layer


def _incidents() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "incident_id": ["a", "b"],
            "occurred_at": pd.to_datetime(["2021-03-04 22:15", "2022-12-31 01:00"]),
            "category": ["homicide", "noise"],
        },
        geometry=[Point(-76.3036, 3.5394), Point(-76.3010, 3.5410)],
        crs="EPSG:4326",
    )


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_each_format_reads_back_through_our_own_reader(tmp_path: Path, fmt: Format) -> None:
    data = layer_bytes(_incidents(), fmt, layer="incidents")
    path = tmp_path / f"incidents{FORMATS[fmt][0]}"
    path.write_bytes(data)
    result = read_layer(path, "incidents")
    assert result.report.ok, result.report.lines()
    back = result.layer
    assert list(back["incident_id"]) == ["a", "b"]
    assert list(back["category"]) == ["homicide", "noise"]
    assert list(back["occurred_at"]) == list(_incidents()["occurred_at"])
    assert back.geometry.x.round(6).tolist() == [-76.3036, -76.301]


def test_csv_has_lat_lon_for_points_and_wkt_for_polygons() -> None:
    csv = pd.read_csv(io.BytesIO(layer_bytes(_incidents(), "csv")))
    assert {"lat", "lon"} <= set(csv.columns) and "wkt" not in csv.columns
    hoods = gpd.GeoDataFrame(
        {"neighborhood_id": ["n1"], "name": ["Uno"], "population": [10]},
        geometry=[box(-76.31, 3.53, -76.30, 3.54)],
        crs="EPSG:4326",
    )
    csv = pd.read_csv(io.BytesIO(layer_bytes(hoods, "csv")))
    assert csv.loc[0, "wkt"].startswith("POLYGON")


def test_exports_are_in_wgs84_whatever_the_input_crs() -> None:
    projected = _incidents().to_crs("EPSG:9377")
    csv = pd.read_csv(io.BytesIO(layer_bytes(projected, "csv")))
    assert csv["lat"].round(4).tolist() == [3.5394, 3.541]


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="`fmt` must be one of"):
        layer_bytes(_incidents(), "xlsx")  # type: ignore[arg-type]
