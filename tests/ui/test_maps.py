"""Offline folium maps and their layer builders (no browser: rendered HTML and payload)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from numpy.testing import assert_allclose, assert_array_equal

from catalog.say import number
from geo import schema, settings
from geo.aggregate import aggregate_points
from tests.ui.payload import map_html_size, map_payload
from ui import maps
from ui.offline import (
    LEAFLET_FILES,
    LEAFLET_URL,
    ensure_static_assets,
    leaflet_source,
    offline_map,
)

CRS = "EPSG:9377"
LON, LAT = -76.30, 3.54  # Palmira
TILES = "https://tile.example.org/{z}/{x}/{y}.png"
URL = re.compile(r"""(?:src|href)=["']([^"']+)["']""")


# -- fixtures ------------------------------------------------------------------


def _random_points(n: int, seed: int, spread: float = 0.02) -> gpd.GeoDataFrame:
    rng = np.random.default_rng(seed)
    return gpd.GeoDataFrame(
        {
            "incident_id": [f"i{k}" for k in range(n)],
            "category": rng.choice(list(schema.CATEGORIES), n),
            "occurred_at": pd.Timestamp("2024-03-01 21:30")
            + pd.to_timedelta(rng.integers(0, 86400 * 30, n), unit="s"),
        },
        geometry=gpd.points_from_xy(
            LON + rng.uniform(-spread, spread, n), LAT + rng.uniform(-spread, spread, n)
        ),
        crs=4326,
    )


def _cells(n: int = 400, seed: int = 0) -> gpd.GeoDataFrame:
    return aggregate_points(_random_points(n, seed), size=500.0, crs=CRS)


def _hoods() -> gpd.GeoDataFrame:
    d = 0.01
    return gpd.GeoDataFrame(
        {
            "neighborhood_id": ["b1", "b2"],
            "name": ["La Emilia", "Zamorano"],
            "comuna": ["1", "2"],
            "population": [12500, 8300],
        },
        geometry=[
            shapely.box(LON - d, LAT - d, LON, LAT + d),
            shapely.box(LON, LAT - d, LON + d, LAT + d),
        ],
        crs=4326,
    )


def _spaces() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "space_id": ["p1", "p2", "p3"],
            "name": ["Parque Bolívar", "Cancha <Obrero>", "Plaza"],
            "kind": ["park", "sports_field", "plaza"],
            "activation_status": ["active", "planned", None],
            "activation_cost": [12_500_000.0, None, 3_000_000.0],
        },
        geometry=[
            shapely.box(LON - 0.001, LAT - 0.001, LON + 0.001, LAT + 0.001),
            shapely.Point(LON + 0.005, LAT),
            shapely.Point(LON - 0.005, LAT),
        ],
        crs=4326,
    )


def _territories() -> gpd.GeoDataFrame:
    d = 0.012
    return gpd.GeoDataFrame(
        {
            "territory_id": ["t1", "t2"],
            "team": ["Equipo Ceiba", "Equipo Garza"],
            "gestores": [6, 5],
        },
        geometry=[
            shapely.box(LON - d, LAT - d, LON, LAT + d),
            shapely.box(LON, LAT - d, LON + d, LAT + d),
        ],
        crs=4326,
    )


def _groups(m: folium.Map) -> list[folium.FeatureGroup]:
    return [c for c in m._children.values() if isinstance(c, folium.FeatureGroup)]


def _geojson(m: folium.Map, name: str) -> dict[str, Any]:
    (group,) = [g for g in _groups(m) if g.layer_name == name]
    (layer,) = [c for c in group._children.values() if isinstance(c, folium.GeoJson)]
    return layer.data


def _legends(m: folium.Map) -> list[maps.Legend]:
    return [c for c in m._children.values() if isinstance(c, maps.Legend)]


# -- offline map -------------------------------------------------------------------


def test_offline_map_loads_only_leaflet_from_the_app() -> None:
    m = offline_map(location=(LAT, LON), tiles=TILES, attribution="© tiles")
    assert m.default_js == [("leaflet", f"{LEAFLET_URL}/leaflet.js")]
    assert m.default_css == [("leaflet_css", f"{LEAFLET_URL}/leaflet.css")]
    # the class keeps folium's own lists: other maps are untouched
    assert any("cdn" in url for _, url in folium.Map.default_js)
    html = maps.standalone_html(m)
    urls = URL.findall(html)
    assert urls and all(u.startswith(LEAFLET_URL) for u in urls), urls
    # no CDN anywhere in the page: the only web address is the tile template
    assert set(re.findall(r"https?://[^\s\"'<>]+", html)) == {TILES}


def test_the_payload_streamlit_folium_sends_has_no_cdn_and_keeps_our_script() -> None:
    m = offline_map(location=(LAT, LON), tiles="")
    maps.add_cells(
        m,
        _cells(),
        value="value",
        name="Celdas",
        legend_title="Daño",
        tooltip_fields=["n"],
        tooltip_aliases=["Incidentes"],
    )
    payload = map_payload(m)
    assert payload["js_links"] == [f"{LEAFLET_URL}/leaflet.js"]
    assert payload["css_links"] == [f"{LEAFLET_URL}/leaflet.css"]
    # the icon path and the legend are in the map's own script, which the iframe runs
    assert f'L.Icon.Default.imagePath = "{LEAFLET_URL}/images/"' in payload["script"]
    assert "cv-legend" in payload["script"] and "Da\\u00f1o" in payload["script"]
    # the stylesheet rides in the header as an inline <style>, which is kept
    assert ".cv-legend" in payload["header"]
    assert "http://" not in json.dumps(payload) and "https://" not in json.dumps(payload)


def test_no_tiles_means_no_tile_layer_and_a_light_background() -> None:
    m = offline_map(tiles="")
    assert not any(isinstance(c, folium.TileLayer) for c in m._children.values())
    assert "style.background" in map_payload(m)["script"]
    with_tiles = offline_map(tiles=TILES, attribution="© tiles")
    assert any(isinstance(c, folium.TileLayer) for c in with_tiles._children.values())
    assert "style.background" not in map_payload(with_tiles)["script"]


def test_tiles_default_to_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "tile_url", TILES)
    monkeypatch.setattr(settings, "tile_attribution", "© setting")
    m = offline_map()
    (tiles,) = [c for c in m._children.values() if isinstance(c, folium.TileLayer)]
    assert tiles.tiles == TILES
    assert tiles.options["attribution"] == "© setting"


def test_map_furniture_names_the_basemap_keeps_a_metric_scale_and_collapses_when_narrow() -> None:
    m = offline_map(tiles=TILES, attribution="© tiles", basemap_name="Mapa base")
    maps.add_layer_control(m)
    script = map_payload(m)["script"]
    # the layer control lists the basemap by its name, never by its URL
    base = script[script.index("base_layers") : script.index("overlays")]
    assert '"Mapa base"' in base and "tile.example.org" not in base
    (tiles,) = [c for c in m._children.values() if isinstance(c, folium.TileLayer)]
    assert tiles.layer_name == "Mapa base"
    # one scale bar, metric only (folium's own, metric and imperial, is off)
    assert script.count("L.control.scale(") == 1
    assert "L.control.scale({metric: true, imperial: false})" in script
    assert not m.control_scale
    # the control decides in the browser: collapsed when the window is narrower than 768 px
    assert '"collapsed": (function(){try{return window.top.innerWidth;}' in script
    assert "return window.innerWidth;}})() < 768," in script
    fixed = offline_map(tiles="")
    maps.add_layer_control(fixed, collapsed=True)
    assert '"collapsed": true' in map_payload(fixed)["script"]


def test_the_osm_attribution_follows_the_language(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "tile_url", TILES)
    monkeypatch.setattr(settings, "tile_attribution", "&copy; OpenStreetMap contributors")
    monkeypatch.setattr(settings, "language", "es")
    (tiles,) = [c for c in offline_map()._children.values() if isinstance(c, folium.TileLayer)]
    assert tiles.options["attribution"] == "&copy; colaboradores de OpenStreetMap"


def test_the_basemap_name_follows_the_language(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "language", "en")
    m = offline_map(tiles=TILES, attribution="© tiles")
    (tiles,) = [c for c in m._children.values() if isinstance(c, folium.TileLayer)]
    assert tiles.layer_name == "Basemap"
    monkeypatch.setattr(settings, "language", "es")
    m = offline_map(tiles=TILES, attribution="© tiles")
    (tiles,) = [c for c in m._children.values() if isinstance(c, folium.TileLayer)]
    assert tiles.layer_name == "Mapa base"


def test_ensure_static_assets_copies_once_and_repairs(tmp_path: Path) -> None:
    target = ensure_static_assets(tmp_path)
    assert target == tmp_path / "vendor" / "leaflet"
    source = leaflet_source()
    for name in LEAFLET_FILES:
        assert (target / name).read_bytes() == (source / name).read_bytes()
    assert (target / "images" / "layers.png").is_file()
    assert (target / "images" / "marker-icon.png").is_file()
    stamp = (target / "leaflet.js").stat().st_ino, (target / "leaflet.js").stat().st_mtime_ns
    ensure_static_assets(tmp_path)
    assert (
        (target / "leaflet.js").stat().st_ino,
        (target / "leaflet.js").stat().st_mtime_ns,
    ) == stamp
    (target / "leaflet.css").write_text("broken")
    ensure_static_assets(tmp_path)
    assert (target / "leaflet.css").read_bytes() == (source / "leaflet.css").read_bytes()
    assert not [p for p in target.rglob(".*")]  # no temporary file left behind


# -- classes and numbers (breaks: tests/models/test_classify.py) -----------------------


def test_classify_and_labels() -> None:
    breaks = np.array([2.0, 5.0, 10.0])
    assert_array_equal(maps.classify([1, 2, 3, 5, 6, 10], breaks), [0, 0, 1, 1, 2, 2])
    assert maps.class_labels(breaks, lowest=1, integers=True) == ["1–2", "3–5", "6–10"]
    assert maps.class_labels([1.0, 1500.0], lowest=1, integers=True) == ["1", "2–1.500"]
    en = maps.class_labels([1.0, 1500.0], lowest=1, integers=True, number_locale="en")
    assert en == ["1", "2–1,500"]
    assert maps.class_labels([0.5, 2.26], lowest=0.1, integers=False) == ["0,1 – 0,5", "0,5 – 2,3"]


def test_number_formats() -> None:
    assert number(1234567.891, "es", 1) == "1.234.567,9"
    assert number(1234567.891, "en", 1) == "1,234,567.9"
    assert number(float("nan"), "es") == "–"
    assert maps.format_cop(12_500_000) == "$ 12.500.000"
    assert maps.format_cop(12_500_000, number_locale="en") == "COP 12,500,000"


# -- builders ------------------------------------------------------------------------


def test_add_cells_colours_by_class_with_a_legend() -> None:
    cells = _cells()
    cats = list(schema.CATEGORIES)
    m = maps.add_cells(
        None,
        cells,
        value="value",
        name="Celdas",
        legend_title="Daño (índice)",
        tooltip_fields=["n", "harm", *[f"n_{c}" for c in cats]],
        tooltip_aliases=["Incidentes", "Daño", *cats],
    )
    assert [g.layer_name for g in _groups(m)] == ["Celdas"]
    data = _geojson(m, "Celdas")
    assert len(data["features"]) == len(cells)
    breaks = maps.cell_classes(cells["value"], 5)
    colors = maps.palette_for(len(breaks))
    fills = [f["properties"]["_fill"] for f in data["features"]]
    top = int(np.argmax(cells["value"].to_numpy()))
    low = int(np.argmin(cells["value"].to_numpy()))
    assert fills[top] == colors[-1] and fills[low] == colors[0]
    # tooltip values are formatted text under short keys, one per field
    props = data["features"][top]["properties"]
    assert set(props) == {"_fill", *[f"t{k}" for k in range(2 + len(cats))]}
    assert props["t0"] == number(cells["n"].iloc[top], "es")
    (legend,) = _legends(m)
    assert [r[0] for r in legend.rows] == colors
    assert legend.title == "Daño (índice)" and "Daño (índice)" in legend.html
    assert '"className":"cv-cell"' in map_payload(m)["script"]


def test_add_cells_with_given_breaks_and_an_empty_frame() -> None:
    cells = _cells()
    m = maps.add_cells(
        None,
        cells,
        value="n",
        name="Celdas",
        legend_title="Incidentes",
        tooltip_fields=["n"],
        tooltip_aliases=["Incidentes"],
        breaks=[1.0, 1e9],
    )
    (legend,) = _legends(m)
    assert len(legend.rows) == 2
    empty = maps.add_cells(
        None,
        cells.iloc[:0],
        value="value",
        name="Celdas",
        legend_title="Daño",
        tooltip_fields=["n"],
        tooltip_aliases=["Incidentes"],
    )
    assert _geojson(empty, "Celdas")["features"] == [] and not _legends(empty)
    assert map_html_size(empty) > 0
    with pytest.raises(KeyError, match="nope"):
        maps.add_cells(
            None,
            cells,
            value="nope",
            name="x",
            legend_title="x",
            tooltip_fields=[],
            tooltip_aliases=[],
        )


def test_coordinates_are_rounded_to_five_decimals() -> None:
    m = maps.add_cells(
        None,
        _cells(),
        value="value",
        name="C",
        legend_title="D",
        tooltip_fields=["n"],
        tooltip_aliases=["N"],
    )
    text = json.dumps(_geojson(m, "C")["features"])
    decimals = [len(d) for d in re.findall(r"-?\d+\.(\d+)", text)]
    assert decimals and max(decimals) <= 5


def test_add_points_draws_circles_and_refuses_too_many(monkeypatch: pytest.MonkeyPatch) -> None:
    pts = _random_points(12, seed=1)
    labels = {c: c.upper() for c in schema.CATEGORIES}
    m = maps.add_points(
        None, pts, name="Incidentes", labels=labels, time_label="Fecha", legend_title="Categoría"
    )
    assert [g.layer_name for g in _groups(m)] == ["Incidentes"]
    data = _geojson(m, "Incidentes")
    first = data["features"][0]["properties"]
    assert first["_fill"] == maps.CATEGORY_COLORS[pts["category"].iloc[0]]
    assert first["t0"] == pts["category"].iloc[0].upper()
    assert re.fullmatch(r"\d\d/\d\d/2024 \d\d:\d\d", first["t1"])
    (legend,) = _legends(m)
    assert {label for _, label, _ in legend.rows} == {labels[c] for c in pts["category"].unique()}
    script = map_payload(m)["script"]
    assert "L.CircleMarker" in script and "AwesomeMarkers" not in script
    with pytest.raises(ValueError, match="12 points are more than the 11"):
        maps.add_points(None, pts, name="x", max_points=11)
    monkeypatch.setattr(settings, "max_points_drawn", 5)
    with pytest.raises(ValueError, match="max_points_drawn"):
        maps.add_points(None, pts, name="x")


def test_add_public_spaces_by_status_with_costs_in_pesos() -> None:
    status = {
        "active": "Activo",
        "planned": "Planeado",
        "inactive": "Inactivo",
        "unknown": "Sin dato",
    }
    aliases = {
        "name": "Nombre",
        "kind": "Tipo",
        "activation_status": "Activación",
        "activation_cost": "Costo",
    }
    m = maps.add_public_spaces(
        None,
        _spaces(),
        name="Espacios",
        status_labels=status,
        legend_title="Activación",
        aliases=aliases,
        value_labels={"kind": {"park": "Parque"}},
    )
    assert [g.layer_name for g in _groups(m)] == ["Espacios"]
    feats = _geojson(m, "Espacios")["features"]
    assert [f["properties"]["_fill"] for f in feats] == [
        maps.STATUS_COLORS["active"],
        maps.STATUS_COLORS["planned"],
        maps.STATUS_COLORS["unknown"],
    ]
    # tooltip fields follow the aliases given: name, kind, status, cost
    assert [feats[0]["properties"][f"t{k}"] for k in range(4)] == [
        "Parque Bolívar",
        "Parque",
        "Activo",
        "$ 12.500.000",
    ]
    assert feats[1]["properties"]["t3"] == "–"
    assert feats[2]["properties"]["t2"] == "Sin dato"
    (legend,) = _legends(m)
    assert [label for _, label, _ in legend.rows] == ["Activo", "Planeado", "Sin dato"]
    script = map_payload(m)["script"]
    assert "cv-space" in script
    # user text is escaped by JSON in the script, never raw HTML
    assert "<Obrero>" not in script


def test_public_spaces_as_outlines_have_their_own_legend_and_no_status_fill() -> None:
    m = maps.add_public_spaces(
        None,
        _spaces(),
        name="Espacios",
        status_labels={"active": "Activo"},
        legend_title="Espacios públicos",
        aliases={"name": "Nombre", "activation_status": "Activación"},
        outline="#6a3d9a",
        outline_label="Parque (contorno)",
    )
    (legend,) = _legends(m)
    assert legend.rows == [("#6a3d9a", "Parque (contorno)", "outline")]
    assert 'class="cv-swatch cv-outline" style="border-color:#6a3d9a"' in legend.html
    script = map_payload(m)["script"]
    # polygons are unfilled violet outlines; the status colours are not used to draw
    assert 'color:"#6a3d9a"' in script and "fillOpacity:pt?0.95:0" in script
    assert "f.properties._fill" not in script
    feats = _geojson(m, "Espacios")["features"]
    assert feats[0]["properties"]["t1"] == "Activo"  # the status stays in the tooltip


def test_add_neighborhoods_outlines_with_tooltips() -> None:
    m = maps.add_neighborhoods(
        None,
        _hoods(),
        name="Barrios",
        fields=["name", "comuna", "population", "stratum"],
        aliases=["Barrio", "Comuna", "Población", "Estrato"],
    )
    assert [g.layer_name for g in _groups(m)] == ["Barrios"]
    props = _geojson(m, "Barrios")["features"][0]["properties"]
    assert props == {"t0": "La Emilia", "t1": "1", "t2": "12.500"}  # no stratum column: skipped
    script = map_payload(m)["script"]
    assert '"className":"cv-hood"' in script and '"fillOpacity":0.03' in script


def test_add_territories_dashed_with_team_labels() -> None:
    m = maps.add_territories(
        None,
        _territories(),
        name="Territorios",
        fields=["team", "gestores"],
        aliases=["Equipo", "Gestores"],
    )
    (group,) = _groups(m)
    assert group.layer_name == "Territorios"
    markers = [c for c in group._children.values() if isinstance(c, folium.Marker)]
    assert len(markers) == 2
    feats = _geojson(m, "Territorios")["features"]
    lines = [f["properties"]["_line"] for f in feats]
    assert len(set(lines)) == 2 and set(lines) <= set(maps.QUALITATIVE)
    script = map_payload(m)["script"]
    assert '"dashArray":"9 6"' in script and "cv-territory" in script
    assert "L.divIcon" in script and "Equipo Ceiba" in script


def test_builders_compose_on_one_map_with_control_banner_and_view() -> None:
    m = offline_map(tiles="")
    maps.add_neighborhoods(m, _hoods(), name="Barrios")
    maps.add_territories(m, _territories(), name="Territorios")
    maps.add_cells(
        m,
        _cells(),
        value="value",
        name="Celdas",
        legend_title="Daño",
        tooltip_fields=["n"],
        tooltip_aliases=["N"],
    )
    maps.add_public_spaces(m, _spaces(), name="Espacios", status_labels={}, legend_title="Estado")
    maps.add_synthetic_banner(m, "Datos sintéticos")
    maps.fit_to(m, _hoods())
    maps.add_layer_control(m)
    assert [g.layer_name for g in _groups(m)] == ["Barrios", "Territorios", "Celdas", "Espacios"]
    script = map_payload(m)["script"]
    assert "Datos sint\\u00e9ticos" in script or "Datos sintéticos" in script
    assert "fitBounds" in script and "L.control.layers" in script
    (fit,) = [c for c in m._children.values() if isinstance(c, folium.FitBounds)]
    assert_allclose(fit.bounds, [[LAT - 0.01, LON - 0.01], [LAT + 0.01, LON + 0.01]])


def test_html_size_depends_on_cells_not_points() -> None:
    sizes = {}
    for n in (20_000, 200_000):
        cells = aggregate_points(_random_points(n, seed=n), size=250.0, crs=CRS)
        m = offline_map(tiles="")
        cats = list(schema.CATEGORIES)
        maps.add_cells(
            m,
            cells,
            value="value",
            name="Celdas",
            legend_title="Daño",
            tooltip_fields=["n", "harm", *[f"n_{c}" for c in cats]],
            tooltip_aliases=["Incidentes", "Daño", *cats],
        )
        sizes[n] = (map_html_size(m), len(cells))
    (small, cells_small), (big, cells_big) = sizes[20_000], sizes[200_000]
    assert big < 1_500_000
    # ten times the points: the payload grows with the cells (and a digit per count), no more
    assert big <= small * (cells_big / cells_small) * 1.15


def test_the_tooltip_time_says_a_date_alone_and_a_range() -> None:
    from ui.maps import _time_values

    def stamps(values: list[str]) -> pd.Series:
        return pd.Series(pd.to_datetime(values, format="mixed"))

    frame = pd.DataFrame(
        {
            "occurred_at": stamps(
                ["2025-12-31 22:15", "2025-12-31 00:00", "2025-12-31 21:00", "2025-12-31 23:00"]
            ),
            "occurred_to": stamps(
                ["NaT", "2025-12-31 23:59:59", "2025-12-31 23:40", "2026-01-01 02:00"]
            ),
        }
    )
    assert _time_values(frame, "occurred_at") == [
        "31/12/2025 22:15",
        "31/12/2025",
        "31/12/2025 21:00–23:40",
        "31/12/2025 23:00 – 01/01/2026 02:00",
    ]
