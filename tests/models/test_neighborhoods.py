"""The priority neighbourhoods' glue: the join, the inputs, the result object and its table."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from geo.aggregate import containing_rows
from geo.errors import ValidationError
from geo.workspace import Workspace
from models.events import CODES, Events
from models.recommend.neighborhoods import (
    FRAGILE,
    OUTSIDE_ALL,
    ROBUST,
    NeighborhoodInputs,
    neighborhood_priority,
    recommend_neighborhoods,
    result_table,
)
from models.recommend.priority import PILLARS, PrioritySpec
from ui.incident_table import IncidentTable

CRS = "EPSG:9377"
X0, Y0 = 4_700_000.0, 1_950_000.0  # metres from the CRS origin, as in a real city


def _hoods() -> gpd.GeoDataFrame:
    """Four 1 km squares in a row: A, B, C, D; A and B overlap on 200 m."""
    boxes = [
        shapely.box(X0, Y0, X0 + 1000, Y0 + 1000),
        shapely.box(X0 + 800, Y0, X0 + 2000, Y0 + 1000),
        shapely.box(X0 + 2000, Y0, X0 + 3000, Y0 + 1000),
        shapely.box(X0 + 3000, Y0, X0 + 4000, Y0 + 1000),
    ]
    return gpd.GeoDataFrame(
        {
            "neighborhood_id": ["A", "B", "C", "D"],
            "name": ["Alfa", "Beta", "Gama", "Delta"],
            "population": [5000, 4000, 6000, 3000],
            "stratum": [1, 2, 3, 4],
        },
        geometry=boxes,
        crs=CRS,
    )


def _events(points: list[tuple[float, float, str, str]]) -> Events:
    """Events at ``(dx, dy, category, day)`` from the corner of A."""
    x = np.array([X0 + p[0] for p in points])
    y = np.array([Y0 + p[1] for p in points])
    code = np.array([CODES.index(p[2]) for p in points], dtype=np.int8)
    when = pd.to_datetime([p[3] for p in points]).to_numpy(dtype="datetime64[ns]")
    return Events(x=x, y=y, code=code, when=when)


POINTS = [
    (500, 500, "homicide", "2025-06-01"),  # A
    (900, 500, "fight", "2025-06-02"),  # A and B overlap: A, the first
    (1500, 500, "fight", "2025-06-03"),  # B
    (2500, 500, "threat", "2024-06-03"),  # C, the window before
    (3500, 500, "injury", "2025-12-31"),  # D, the last day
    (9000, 500, "homicide", "2025-03-01"),  # outside every barrio
    (np.nan, np.nan, "theft", "2025-03-01"),  # no location
    (5000, 5000, "noise", "2019-01-01"),  # outside, long before the windows
]


def test_hood_rows_takes_the_first_barrio_and_leaves_the_rest_out() -> None:
    ev = _events(POINTS)
    rows = containing_rows(ev.x, ev.y, _hoods())
    assert rows.tolist() == [0, 0, 1, 2, 3, -1, -1, -1]
    # a point exactly on the edge C/D lies within neither (as contains_xy and sjoin say)
    on_edge = containing_rows(np.array([X0 + 3000]), np.array([Y0 + 500]), _hoods())
    assert on_edge.tolist() == [-1]
    assert containing_rows(np.array([]), np.array([]), _hoods()).tolist() == []
    with pytest.raises(ValueError, match="one value per point"):
        containing_rows(np.zeros(2), np.zeros(3), _hoods())


def test_inputs_from_events_keep_every_incident_and_count_those_outside() -> None:
    inputs = NeighborhoodInputs.from_events(_events(POINTS), _hoods())
    inc = inputs.incidents
    assert len(inc) == len(POINTS)
    assert inc["neighborhood_id"].astype(object).fillna("").tolist() == [
        "A", "A", "B", "C", "D", "", "", "",
    ]  # fmt: skip
    assert inc["category"].tolist() == [p[2] for p in POINTS]
    assert inputs.outside_total == 3
    # the caller's rows are used as given (no second join)
    given = np.array([3, 3, 3, 3, 3, -1, -1, -1])
    moved = NeighborhoodInputs.from_events(_events(POINTS), _hoods(), hood_of=given)
    assert set(moved.incidents["neighborhood_id"].dropna()) == {"D"}


def test_inputs_refuse_what_they_cannot_use() -> None:
    ev = _events(POINTS)
    with pytest.raises(ValueError, match="projected CRS"):
        NeighborhoodInputs.from_events(ev, _hoods().to_crs("EPSG:4326"))
    with pytest.raises(ValueError, match="one row per incident: 2 rows for 8"):
        NeighborhoodInputs.from_events(ev, _hoods(), hood_of=np.array([0, 1]))
    with pytest.raises(ValueError, match="outside the 4 barrios"):
        NeighborhoodInputs.from_events(ev, _hoods(), hood_of=np.full(8, 4))
    twice = _hoods().assign(neighborhood_id=["A", "A", "C", "D"])
    with pytest.raises(ValidationError, match="`neighborhood_id` A appears more than once"):
        NeighborhoodInputs.from_events(ev, twice)


def _programs() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "program_id": ["P1", "P2", "P3", "P4", "P5"],
            "name": ["a", "b", "c", "d", "e"],
            "component": ["prevention", "prevention", "prevention", "interruption", "prevention"],
            "partner": ["Iglesia", "U", "ONG", "Alcaldía", "Ended"],
            "partner_type": ["church", "academia", "ngo", "city", "ngo"],
            "neighborhood_id": [None, None, "B", "B", "C"],
            "start": [None, None, "2024-01-01", "2024-01-01", "2020-01-01"],
            "end": [None, None, None, None, "2021-01-01"],
        }
    )


def test_the_result_the_table_and_the_headline() -> None:
    spec = PrioritySpec(top_k=2, draws=200)
    inputs = NeighborhoodInputs.from_events(_events(POINTS), _hoods(), programs=_programs())
    rec = neighborhood_priority(inputs, spec)
    assert rec.window.end.isoformat() == "2025-12-31"
    # the homicide outside and the theft with no location; the noise of 2019 is before both
    assert rec.outside == 2
    assert rec.outside_total == 3
    assert rec.articulation is not None and rec.articulation.at == pd.Timestamp("2025-12-31")
    assert rec.ranked["rank"].tolist() == [1, 2, 3, 4]
    assert rec.ranked.crs == CRS and rec.ranked.geometry.notna().all()
    # the geometry follows its barrio through the sort
    hoods = _hoods().set_index("neighborhood_id")
    for _, row in rec.ranked.iterrows():
        assert row.geometry.equals(hoods.loc[row["neighborhood_id"], "geometry"])
    table = result_table(rec, "en")
    assert list(table.columns[:12]) == [
        "neighborhood_id", "name", "rank", "priority", *PILLARS, "p_top_k",
        "missing_components", "explanation",
    ]  # fmt: skip
    assert table["p_top_k"].sum() == pytest.approx(2.0)
    assert table["explanation"].str.startswith("Investment priority").all()
    assert "vulnerability_index" not in table.columns  # no such column: left out, not invented
    assert json.loads(json.dumps(table.attrs))["outside"] == 2
    assert table.attrs["end"] == "2025-12-31" and table.attrs["top_k"] == 2
    es = recommend_neighborhoods(inputs, spec, None, "es")
    assert es["explanation"].str.startswith("Prioridad de inversión").all()
    assert es.drop(columns="explanation").equals(table.drop(columns="explanation"))
    # the headline counts the top k
    h = rec.headline()
    top = table.head(2)
    assert (h.ranked, h.top_k) == (4, 2)
    assert h.robust == int((top["p_top_k"] >= ROBUST).sum())
    assert h.fragile == int((top["p_top_k"] < FRAGILE).sum())
    assert h.outside_territories is None  # no territories layer: not known
    assert h.missing_components == int((top["n_missing_components"] > 0).sum())


def test_overlaps_citywide_programmes_and_partner_types() -> None:
    inputs = NeighborhoodInputs.from_events(_events(POINTS), _hoods(), programs=_programs())
    rec = neighborhood_priority(inputs, PrioritySpec(top_k=2, draws=50))
    assert rec.articulation is not None
    # two citywide partners make every barrio an overlap in prevention ...
    assert len(rec.articulation.overlaps) == 4
    # ... but only B has a programme of its own there
    local = rec.local_overlaps()
    assert local[["neighborhood_id", "component", "partners"]].values.tolist() == [
        ["B", "prevention", 3]
    ]
    citywide = rec.citywide()
    assert sorted(citywide["partner_type"]) == ["academia", "church"]
    types = rec.partner_types()
    assert types["B"] == ("city", "ngo", "church", "academia")
    assert types["C"] == ("church", "academia")  # C's own programme ended in 2021
    alone = neighborhood_priority(
        NeighborhoodInputs.from_events(_events(POINTS), _hoods()), PrioritySpec(draws=10)
    )
    assert alone.articulation is None and alone.local_overlaps().empty
    assert alone.partner_types().tolist() == [(), (), (), ()]


def test_the_headlines_outside_every_territory_is_the_sentences() -> None:
    """A barrio the headline counts as outside every territory is said to be outside it."""
    from models.recommend.priority import explain

    def said(share: float) -> str:
        return explain(pd.Series({"rank": 1, "outside_territories": share}), "en")

    assert "outside every team territory" in said(OUTSIDE_ALL)
    assert "outside every team territory" not in said(OUTSIDE_ALL - 0.001)


def test_the_app_and_the_cli_rank_the_demo_alike(small_workspace: Path) -> None:
    """The page passes the incident table's barrio rows; the CLI joins: same table."""
    ws = Workspace(small_workspace)
    spec = PrioritySpec(draws=200)
    cli = recommend_neighborhoods(NeighborhoodInputs.from_workspace(ws), spec, None, "en")
    hoods = ws.read("neighborhoods")
    table = IncidentTable.read(ws.path, hoods, crs=ws.projected_crs)
    events = Events(x=table.x, y=table.y, code=table.codes, when=table.when)
    app_inputs = NeighborhoodInputs.from_events(
        events,
        hoods.to_crs(ws.projected_crs),
        hood_of=table.hood,
        public_spaces=ws.read("public_spaces", projected=True),
        territories=ws.read("territories", projected=True),
        programs=ws.read("programs"),
    )
    app = recommend_neighborhoods(app_inputs, spec, None, "en")
    assert (containing_rows(table.x, table.y, hoods.to_crs(ws.projected_crs)) == table.hood).all()
    pd.testing.assert_frame_equal(
        pd.DataFrame(app.drop(columns="geometry")), pd.DataFrame(cli.drop(columns="geometry"))
    )
    assert len(cli) == len(hoods) and cli.attrs["outside_total"] >= 0
