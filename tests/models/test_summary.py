"""Descriptive summaries: known answers on hand-made data."""

from __future__ import annotations

from datetime import date

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from shapely.geometry import Point, box

from geo import schema
from models.summary import (
    annual_rate,
    category_table,
    filter_incidents,
    homicide_rate,
    neighborhood_table,
    period_years,
    status_counts,
    territory_coverage,
)

CRS = "EPSG:9377"


def _frame() -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    # two 1 km square neighbourhoods side by side, in metres, stored as 4326
    x0, y0 = 4_600_000.0, 1_950_000.0
    hoods = gpd.GeoDataFrame(
        {"neighborhood_id": ["a", "b"], "name": ["A", "B"], "population": [10_000, 0]},
        geometry=[box(x0, y0, x0 + 1000, y0 + 1000), box(x0 + 1000, y0, x0 + 2000, y0 + 1000)],
        crs=CRS,
    ).to_crs(4326)
    pts = [
        Point(x0 + 100, y0 + 100),
        Point(x0 + 200, y0 + 500),
        Point(x0 + 1500, y0 + 500),
        Point(x0 + 5000, y0),
    ]
    incidents = gpd.GeoDataFrame(
        {
            "incident_id": ["1", "2", "3", "4"],
            "occurred_at": pd.to_datetime(
                ["2021-01-01 23:00", "2021-06-30 01:00", "2021-12-31 12:00", "2022-01-01 00:00"]
            ),
            "category": ["homicide", "noise", "homicide", "fight"],
        },
        geometry=pts,
        crs=CRS,
    ).to_crs(4326)
    return incidents, hoods


def test_filter_is_inclusive_of_both_dates_and_filters_categories() -> None:
    incidents, _ = _frame()
    out = filter_incidents(incidents, start=date(2021, 1, 1), end=date(2021, 12, 31))
    assert list(out["incident_id"]) == ["1", "2", "3"]
    out = filter_incidents(incidents, categories=["homicide"])
    assert list(out["incident_id"]) == ["1", "3"]
    assert len(filter_incidents(incidents)) == 4


def test_category_table_weights_harm() -> None:
    incidents, _ = _frame()
    table = category_table(incidents).set_index("category")
    assert table.loc["homicide", "n"] == 2
    assert table.loc["homicide", "harm"] == 2 * schema.HARM_WEIGHTS["homicide"]
    assert table.index[0] == "homicide"
    assert_allclose(table["share"].sum(), 1.0)
    assert table.loc["noise", "group"] == "convivencia"


def test_rates_per_100k_per_year() -> None:
    assert period_years(date(2021, 1, 1), date(2021, 12, 31)) == pytest.approx(365 / 365.25)
    rate = annual_rate(32, 100_000, 1.0)
    assert rate.per_100k == pytest.approx(32.0)
    assert np.isnan(annual_rate(3, 0, 1.0).per_100k)
    incidents, hoods = _frame()
    r = homicide_rate(incidents, hoods, date(2021, 1, 1), date(2021, 12, 31))
    assert r.events == 2 and r.population == 10_000
    assert r.per_100k == pytest.approx(2 / 10_000 / (365 / 365.25) * 100_000)


def test_neighborhood_table_joins_in_metres() -> None:
    incidents, hoods = _frame()
    table = neighborhood_table(incidents, hoods, crs=CRS, years=1.0).set_index("neighborhood_id")
    assert table.loc["a", "n"] == 2  # homicide + noise
    assert table.loc["b", "n"] == 1  # one homicide; the fight lies outside both
    assert table.loc["a", "rate_per_100k"] == pytest.approx(2 / 10_000 * 100_000)
    assert np.isnan(table.loc["b", "rate_per_100k"])  # population 0
    assert table.index[0] == "a" or table.loc["b", "harm"] >= table.loc["a", "harm"]


def test_neighborhood_table_leaves_a_rate_blank_where_too_few_people_live(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    incidents, hoods = _frame()
    hoods = hoods.assign(population=[10_000, 40])  # "B": an industrial zone with 40 residents
    table = neighborhood_table(incidents, hoods, crs=CRS, years=1.0).set_index("neighborhood_id")
    assert np.isnan(table.loc["b", "rate_per_100k"])  # not 2,500 per 100,000
    monkeypatch.setattr("geo.settings.min_residents", 0.0)
    table = neighborhood_table(incidents, hoods, crs=CRS, years=1.0).set_index("neighborhood_id")
    assert table.loc["b", "rate_per_100k"] == pytest.approx(1 / 40 * 100_000)


def test_territory_coverage_is_areal_weighted() -> None:
    _, hoods = _frame()
    x0, y0 = 4_600_000.0, 1_950_000.0
    hoods = hoods.assign(population=[10_000, 30_000])
    terr = gpd.GeoDataFrame(
        {"territory_id": ["t"], "team": ["T"]}, geometry=[box(x0, y0, x0 + 500, y0 + 1000)], crs=CRS
    )
    # half of A (10k) is covered: 5,000 of 40,000 residents
    assert territory_coverage(hoods, terr.to_crs(4326), crs=CRS) == pytest.approx(
        5_000 / 40_000, rel=1e-6
    )


def test_status_counts_counts_unknown() -> None:
    spaces = pd.DataFrame({"activation_status": ["active", None, "inactive", "active"]})
    assert status_counts(spaces) == {"active": 2, "inactive": 1, "unknown": 1}
