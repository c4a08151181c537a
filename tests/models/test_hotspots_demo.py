"""On the synthetic demo city, the hot-spot methods find what the generator planted.

The generator (``data/generator.py``) stores its ground truth: the planted
hot spots (``truth_hotspots``: centre, radius, pattern) and every risk-grid
cell's expected violence relative to the city's mean (``truth_risk``).

Recall
    Each planted hot spot must contain, within its radius, a cell that Gi*
    marks hot at 99 % confidence (after the FDR correction), and its
    centre cell must be hot at 95 % or more. A planted hot spot adds 5-10 %
    of the city's violence around one public space, so missing one would be
    a real failure: the threshold is all of them.
Precision
    A significant hot cell (any confidence, FDR-corrected) is a true
    discovery when the true expected violence around it — the mean
    ``risk_violence`` of the truth cells within the Gi* neighbourhood
    distance — is above the city's average. The FDR correction at the 90 %
    level bounds the expected share of false discoveries at 10 %, so at
    least 90 % of the hot cells must be true discoveries. (Measured with
    the default seed: 100 % of 339 hot cells, 5 of 5 hot spots.)
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
from scipy.spatial import cKDTree

from geo import schema

VIOLENCE = list(schema.GROUPS["violence"])


@pytest.fixture(scope="module")
def demo() -> dict[str, gpd.GeoDataFrame]:
    from data.generator import make_demo

    return make_demo(scale="small")  # type: ignore[return-value]


def test_gi_star_finds_the_planted_hot_spots(demo: dict[str, gpd.GeoDataFrame]) -> None:
    from models.gistar import gi_star_hot_spots

    incidents = demo["incidents"]
    violence = incidents[incidents["category"].isin(VIOLENCE)]
    cells, params = gi_star_hot_spots(violence, mask=demo["neighborhoods"])
    crs = params.crs
    centres = cells.geometry.centroid
    cx, cy = centres.x.to_numpy(), centres.y.to_numpy()
    bins = cells["gi_bin"].to_numpy()

    planted = demo["truth_hotspots"].to_crs(crs)
    found = 0
    for row in planted.itertuples():
        d = np.hypot(cx - row.geometry.x, cy - row.geometry.y)
        if bins[d <= row.radius_m].max() == 3 and bins[np.argmin(d)] >= 2:
            found += 1
    recall = found / len(planted)
    assert recall == 1.0, f"recall {recall:.2f}: {found} of {len(planted)} planted hot spots found"

    truth = demo["truth_risk"].to_crs(crs)
    tc = truth.geometry.centroid
    tree = cKDTree(np.column_stack([tc.x, tc.y]))
    risk = truth["risk_violence"].to_numpy()
    hot = np.flatnonzero(bins >= 1)
    around = tree.query_ball_point(np.column_stack([cx[hot], cy[hot]]), params.distance)
    local = np.array([risk[n].mean() if n else np.nan for n in around])
    precision = float(np.mean(local > 1.0))
    assert hot.size > 0
    assert precision >= 0.9, f"precision {precision:.2f} over {hot.size} hot cells"


def test_emerging_sees_the_new_hot_spot_as_new(demo: dict[str, gpd.GeoDataFrame]) -> None:
    from models.emerging import emerging_hot_spots

    incidents = demo["incidents"]
    events = incidents[incidents["category"].isin([*VIOLENCE, "fight", "threat"])]
    cells, params = emerging_hot_spots(
        events, mask=demo["neighborhoods"], cell_size=120, distance=360, freq="Y"
    )
    planted = demo["truth_hotspots"].to_crs(params.crs)
    new = planted[planted["pattern"] == "new"].iloc[0]
    c = cells.geometry.centroid
    k = int(np.argmin(np.hypot(c.x - new.geometry.x, c.y - new.geometry.y)))
    assert cells["category"].iloc[k] in ("new_hot", "consecutive_hot")
    assert cells["hot_since"].iloc[k] >= str(new["start"].year)
