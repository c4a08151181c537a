"""How big is the Map page's map, and does it stay small however many incidents?

Builds the Map page's map (neighbourhoods, territories, public spaces and the
incidents aggregated to 250 m cells, as ``pages/map.py`` does) over the demo
city with N incidents, and measures the bytes ``st_folium`` sends to the
browser (``tests.ui.payload.map_html_size``: it calls private
streamlit-folium functions, so it lives with the tests, not in ``ui/``).
The named baseline is what a first version would do: one ``CircleMarker``
per incident (the way most folium crime maps are written), measured in the
same run on the same incidents, capped at ``--baseline-max`` points and
extrapolated linearly beyond.

    python benchmarks/map_payload.py [--workspace data/demo.gpkg] [--n 10000 133000 1000000]

The last line reads ``payload ratio: R`` (baseline bytes over ours at the
largest N).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo.aggregate import aggregate_points, city_mask
from geo.workspace import Workspace
from tests.ui.payload import map_html_size
from ui import maps
from ui.offline import offline_map


def resample(incidents: gpd.GeoDataFrame, n: int, seed: int = 0) -> gpd.GeoDataFrame:
    """``n`` incidents drawn with replacement from ``incidents``, jittered by up to 30 m."""
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(incidents), n)
    out = incidents.iloc[idx].reset_index(drop=True)
    jitter = rng.uniform(-0.0003, 0.0003, size=(n, 2))
    xy = np.column_stack([out.geometry.x, out.geometry.y]) + jitter
    return gpd.GeoDataFrame(
        out.drop(columns="geometry"), geometry=gpd.points_from_xy(xy[:, 0], xy[:, 1]), crs=4326
    )


def page_map(ws: Workspace, incidents: gpd.GeoDataFrame) -> int:
    hoods = ws.read("neighborhoods")
    m = offline_map(tiles="")
    maps.add_neighborhoods(
        m,
        hoods,
        name="Barrios",
        fields=["name", "comuna", "population"],
        aliases=["Nombre", "Comuna", "Población"],
    )
    maps.add_territories(
        m,
        ws.read("territories"),
        name="Territorios",
        fields=["team", "gestores"],
        aliases=["Equipo", "Gestores"],
    )
    cells = aggregate_points(
        incidents, size=250.0, crs=ws.projected_crs, weight="harm", mask=city_mask(hoods)
    )
    cats = sorted(incidents["category"].unique())
    maps.add_cells(
        m,
        cells,
        value="value",
        name="Incidentes",
        legend_title="Daño",
        tooltip_fields=["n", "harm", *[f"n_{c}" for c in cats]],
        tooltip_aliases=["Incidentes", "Daño", *cats],
    )
    maps.add_public_spaces(
        m,
        ws.read("public_spaces"),
        name="Espacios",
        status_labels={},
        legend_title="Estado",
        aliases={"name": "Nombre"},
    )
    maps.add_layer_control(m)
    return map_html_size(m)


def baseline_map(incidents: gpd.GeoDataFrame) -> int:
    import folium

    m = offline_map(tiles="")
    for y, x in zip(incidents.geometry.y, incidents.geometry.x, strict=True):
        folium.CircleMarker([y, x], radius=3).add_to(m)
    return map_html_size(m)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--workspace", type=Path, default=Path("data/demo.gpkg"))
    parser.add_argument("--n", type=int, nargs="+", default=[10_000, 133_000, 1_000_000])
    parser.add_argument("--baseline-max", type=int, default=5_000)
    args = parser.parse_args()
    ws = Workspace(args.workspace)
    source = ws.read("incidents")
    print(f"workspace: {args.workspace} ({len(source):,} incidents; synthetic={ws.synthetic})")
    per_point = None
    rows = []
    for n in args.n:
        pts = resample(source, n)
        t0 = time.perf_counter()
        ours = page_map(ws, pts)
        t_ours = time.perf_counter() - t0
        if per_point is None:
            k = min(n, args.baseline_max)
            per_point = baseline_map(pts.iloc[:k]) / k
        base = per_point * n
        rows.append((n, ours, base, t_ours))
        print(
            f"N={n:>9,}  ours {ours / 1e3:8.0f} KB in {t_ours:5.2f} s   baseline (one CircleMarker per incident) {base / 1e6:8.1f} MB"
        )
    n, ours, base, _ = rows[-1]
    growth = rows[-1][1] / rows[0][1]
    print(
        f"ours grows {growth:.2f}x from N={rows[0][0]:,} to N={n:,} (incidents x{n / rows[0][0]:.0f})"
    )
    print(f"payload ratio: {base / ours:.0f}")


if __name__ == "__main__":
    pd.set_option("display.width", 120)
    main()
