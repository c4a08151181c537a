"""The floor page of ``benchmarks/page_latency.py``: the least a Streamlit map page costs.

Two Streamlit pages under ``st.navigation`` (like ``app.py``): a map page
and a data page without a map to navigate from; a sidebar multiselect of
the incident categories (the same kind of widget as the app's sidebar
filter) and, on the map page, a one-polygon folium map drawn offline (:func:`ui.offline.offline_map`, no tiles) through
``streamlit_folium.st_folium`` with the app's height and
``returned_objects=[]``. The polygon's colour depends on the selection, so a
filter change redraws the map as the app's does. The polygon's path has the
class ``cv-cell`` so the benchmark waits for it as for the app's cells.

``page_latency.py`` copies this file beside a link to the app's ``static/``
folder (Streamlit serves ``static/`` next to the main script) and runs it
with ``streamlit run``; it is not meant to be imported.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import folium
import streamlit as st
from streamlit_folium import st_folium

# the project's root: given by page_latency.py (this file runs from a copy elsewhere)
sys.path.insert(
    0, os.environ.get("CONVIVENCIA_BENCH_ROOT", str(Path(__file__).resolve().parents[1]))
)

from geo import schema
from ui.offline import ensure_static_assets, offline_map


def map_page() -> None:
    """The one-polygon map, its colour set by the sidebar's selection."""
    chosen = st.session_state.get("floor_categories", CODES)
    st.title("Mapa")
    lon, lat, half = -76.30, 3.54, 0.03
    ring = [
        (lon - half, lat - half),
        (lon + half, lat - half),
        (lon + half, lat + half),
        (lon - half, lat + half),
        (lon - half, lat - half),
    ]
    shade = 40 + 20 * len(chosen)
    feature = {
        "type": "Feature",
        "properties": {"n": len(chosen)},
        "geometry": {"type": "Polygon", "coordinates": [[list(p) for p in ring]]},
    }
    m = offline_map(location=(lat, lon), zoom_start=13, tiles="")
    folium.GeoJson(
        feature,
        style_function=lambda _: {
            "className": "cv-cell",
            "fillColor": f"rgb({shade}, 60, 60)",
            "color": "#333",
            "weight": 1,
            "fillOpacity": 0.5,
        },
    ).add_to(m)
    st_folium(m, key="map", height=640, use_container_width=True, returned_objects=[])


def other_page() -> None:
    """A page without a map, to navigate from."""
    st.title("Datos")


CODES = list(schema.CATEGORIES)
page = st.navigation(
    [
        st.Page(map_page, title="Mapa", url_path="map", default=True),
        st.Page(other_page, title="Datos", url_path="data"),
    ]
)
st.set_page_config(page_title="floor", layout="wide")
ensure_static_assets()
with st.sidebar:
    st.multiselect("Categorías", options=CODES, default=CODES, key="floor_categories")
page.run()
