"""The internal pages on a PostGIS workspace show what they show on the GeoPackage (AppTest).

The small demo in the session's throwaway cluster (``pg_demo``,
``tests/conftest.py``) against the same demo in its GeoPackage: same
headline figures, same tables, no exception.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from geo import schema
from tests.app import pagetest


@pytest.mark.parametrize(
    ("page", "role"),
    [
        ("pages/map.py", "planner"),
        ("pages/hotspots.py", "planner"),
        ("pages/priority.py", "planner"),
        ("pages/briefing.py", "mayor_office"),
    ],
)
def test_a_page_on_postgis_shows_what_it_shows_on_the_geopackage(
    page: str, role: str, pg_demo: str, small_workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pg = pagetest.open_page(pg_demo, "en", monkeypatch, page, role=role)
    assert not pg.exception, pg.exception
    gpkg = pagetest.open_page(small_workspace, "en", monkeypatch, page, role=role)
    assert not gpkg.exception, gpkg.exception
    assert pagetest.figures(pg) == pagetest.figures(gpkg)
    theirs = pagetest.tables(gpkg)
    ours = pagetest.tables(pg)
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs, strict=True):
        pd.testing.assert_frame_equal(a, b)
    assert [e.value for e in pg.warning] == [e.value for e in gpkg.warning]


def test_the_data_page_lists_the_databases_layers_and_history(
    pg_demo: str, small_workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pg = pagetest.open_page(pg_demo, "en", monkeypatch, "pages/data.py", role="planner")
    assert not pg.exception, pg.exception
    gpkg = pagetest.open_page(small_workspace, "en", monkeypatch, "pages/data.py", role="planner")
    ours, theirs = pg.dataframe[0].value, gpkg.dataframe[0].value
    assert len(ours) == len(schema.LAYERS)
    keep = ["Layer", "Rows", "Problems"]  # not when or from what: the copy was written by the test
    pd.testing.assert_frame_equal(ours[keep], theirs[keep])
