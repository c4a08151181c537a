"""ui.hotspot_layers: each builder adds one layer and the legend it promises, in both languages.

The maps are rendered to HTML (no browser); the density legend's title has its
own test in ``test_hotspot_legend.py``.
"""

from __future__ import annotations

import base64
import io
import json
from typing import Any

import folium
import geopandas as gpd
import matplotlib.image
import numpy as np
import pytest
import shapely
from folium.raster_layers import ImageOverlay
from numpy.testing import assert_allclose, assert_array_equal
from pyproj import Transformer

from models.density import DensitySurface, Raster
from ui import hotspot_layers as hl
from ui import maps
from ui.hotspot_downloads import LISA_KEYS
from ui.i18n import t
from ui.maps import NumberLocale

CRS = "EPSG:9377"
X0, Y0 = 4_600_000.0, 1_950_000.0  # near Palmira in Origen-Nacional
SIZE = 250.0
LANGS: tuple[NumberLocale, ...] = ("es", "en")


# -- helpers -----------------------------------------------------------------------


def _grid(codes: list[Any], column: str, **columns: list[Any]) -> gpd.GeoDataFrame:
    """One row of square cells, west to east, with ``column`` = ``codes``."""
    boxes = [
        shapely.box(X0 + k * SIZE, Y0, X0 + (k + 1) * SIZE, Y0 + SIZE) for k in range(len(codes))
    ]
    return gpd.GeoDataFrame({column: codes, **columns}, geometry=boxes, crs=CRS)


def _groups(m: folium.Map) -> list[folium.FeatureGroup]:
    return [c for c in m._children.values() if isinstance(c, folium.FeatureGroup)]


def _legends(m: folium.Map) -> list[maps.Legend]:
    return [c for c in m._children.values() if isinstance(c, maps.Legend)]


def _layers(group: folium.FeatureGroup) -> list[folium.GeoJson]:
    return [c for c in group._children.values() if isinstance(c, folium.GeoJson)]


def _one_group(m: folium.Map, name: str) -> folium.FeatureGroup:
    (group,) = _groups(m)
    assert group.layer_name == name
    return group


def _tooltip(layer: folium.GeoJson) -> folium.GeoJsonTooltip | None:
    tips = [c for c in layer._children.values() if isinstance(c, folium.GeoJsonTooltip)]
    return tips[0] if tips else None


def _fills(layer: folium.GeoJson) -> list[str]:
    return [f["properties"]["_fill"] for f in layer.data["features"]]


def _js(text: str) -> str:
    """How a text appears inside the map's script (tojson escapes non-ASCII)."""
    return json.dumps(text)[1:-1]


GI_LABELS = {
    lang: {b: t(f"hotspots.bin.{b}".replace("-", "m"), lang) for b in range(-3, 4)}
    for lang in LANGS
}
LISA_LABELS = {lang: {code: t(key, lang) for code, key in LISA_KEYS.items()} for lang in LANGS}
PATTERNS = {
    lang: {code: t(f"hotspots.pattern.{code}", lang) for code in hl.EMERGING_COLORS}
    for lang in LANGS
}


# -- Gi* -----------------------------------------------------------------------------


BINS = [3, 2, 1, 0, 0, -1, -2, -3, 0]
VALUES = [41, 30, 22.5, 3, 0, 1, 0, 0, 2]


@pytest.mark.parametrize("lang", LANGS)
def test_gi_bins_colour_each_cell_by_its_bin_with_a_seven_row_legend(lang: NumberLocale) -> None:
    cells = _grid(BINS, "gi_bin", value=VALUES)
    name, title = t("hotspots.layer.gi", lang), t("hotspots.legend.gi", lang)
    alias = t("hotspots.tip.value.count", lang)
    m = hl.add_gi_bins(
        None,
        cells,
        name=name,
        labels=GI_LABELS[lang],
        legend_title=title,
        tooltip_fields=["value"],
        tooltip_aliases=[alias],
        number_locale=lang,
    )
    group = _one_group(m, name)
    background, front = _layers(group)
    # the three not significant cells are one grey shape, with no tooltip and no mouse events
    assert len(background.data["features"]) == 1
    merged = shapely.geometry.shape(background.data["features"][0]["geometry"])
    assert merged.geom_type == "MultiPolygon" and len(merged.geoms) == 2  # cells 3-4 touch, 8 alone
    assert _fills(background) == [hl.GI_COLORS[0]]
    assert _tooltip(background) is None and background.options.get("interactive") is False
    # the six significant cells are drawn one by one, in their bin's colour, with a tooltip
    assert _fills(front) == [hl.GI_COLORS[b] for b in (3, 2, 1, -1, -2, -3)]
    texts = [f["properties"]["t0"] for f in front.data["features"]]
    assert texts == (
        ["41", "30", "22,5", "1", "0", "0"] if lang == "es" else ["41", "30", "22.5", "1", "0", "0"]
    )
    tip = _tooltip(front)
    assert tip is not None and tip.fields == ["t0"] and tip.aliases == [alias]
    # the legend: hot to cold, ArcGIS's colours, the catalogue's words, tied to the layer
    (legend,) = _legends(m)
    assert legend.title == title and legend.layer is group
    assert legend.rows == [
        (hl.GI_COLORS[b], GI_LABELS[lang][b], "box") for b in (3, 2, 1, 0, -1, -2, -3)
    ]
    html = m.get_root().render()
    for b in range(-3, 4):
        assert _js(GI_LABELS[lang][b]) in html
    assert '"className":"cv-gi"' in html and '"className":"cv-gi cv-background"' in html
    other: NumberLocale = "en" if lang == "es" else "es"
    assert _js(GI_LABELS[other][3]) not in html


def test_gi_colours_are_arcgis_red_to_blue_through_grey() -> None:
    def rgb(color: str) -> tuple[int, ...]:
        return tuple(int(color[k : k + 2], 16) for k in (1, 3, 5))

    hot = [rgb(hl.GI_COLORS[b]) for b in (3, 2, 1)]
    cold = [rgb(hl.GI_COLORS[b]) for b in (-3, -2, -1)]
    assert all(c[0] > c[2] for c in hot)  # reds
    assert all(c[2] > c[0] for c in cold[:2])  # blues (ArcGIS's 90 % cold is a grey-green)
    # more confidence, darker: the 99 % bins are the darkest of their side
    for side in (hot, cold):
        light = [sum(c) for c in side]
        assert light == sorted(light)
    r, g, b = rgb(hl.GI_COLORS[0])
    assert r == g == b


def test_gi_bins_accept_float_bins_and_stay_whole_in_the_legend() -> None:
    cells = _grid([3.0, -3.0, 0.0], "gi_bin")
    m = hl.add_gi_bins(None, cells, name="Gi", labels={}, legend_title="Gi*")
    (legend,) = _legends(m)
    # with no labels given, a bin reads as its number, never "3.0"
    assert [row[1] for row in legend.rows] == ["3", "2", "1", "0", "-1", "-2", "-3"]
    _background, front = _layers(_one_group(m, "Gi"))
    assert _fills(front) == [hl.GI_COLORS[3], hl.GI_COLORS[-3]]


def test_above_max_features_the_cells_are_dissolved_by_class_and_keep_a_class_tooltip() -> None:
    cells = _grid([3, 3, 3, 2, -1, 0, 0], "gi_bin", value=[9, 8, 7, 5, 1, 0, 0])
    labels = GI_LABELS["en"]
    m = hl.add_gi_bins(
        None,
        cells,
        name="Gi",
        labels=labels,
        legend_title="Gi* (confidence)",
        tooltip_fields=["value"],
        tooltip_aliases=["Incidents"],
        number_locale="en",
        max_features=4,
    )
    _background, front = _layers(_one_group(m, "Gi"))
    # five significant cells > 4: one shape per class present, in the legend's order
    assert _fills(front) == [hl.GI_COLORS[3], hl.GI_COLORS[2], hl.GI_COLORS[-1]]
    assert [f["properties"]["t0"] for f in front.data["features"]] == [
        labels[3],
        labels[2],
        labels[-1],
    ]
    tip = _tooltip(front)
    assert tip is not None and tip.aliases == ["Gi* (confidence)"]
    areas = [shapely.geometry.shape(f["geometry"]).area for f in front.data["features"]]
    assert_allclose(np.array(areas) / areas[1], [3, 1, 1], rtol=1e-2)  # three cells, one, one
    (legend,) = _legends(m)
    assert len(legend.rows) == 7  # the legend stays whole


def test_merged_classes_are_one_shape_each_with_a_class_tooltip_the_rest_apart() -> None:
    cells = _grid([3, 3, -1, -1, -3, 0], "gi_bin", value=[9, 8, 1, 2, 0, 0])
    labels = GI_LABELS["en"]
    m = hl.add_gi_bins(
        None,
        cells,
        name="Gi",
        labels=labels,
        legend_title="Gi* (confidence)",
        tooltip_fields=["value"],
        tooltip_aliases=["Incidents"],
        number_locale="en",
        merged=hl.GI_MERGED,
    )
    _background, together, apart = _layers(_one_group(m, "Gi"))
    # the cold cells: one shape per cold bin present, named by its class
    assert _fills(together) == [hl.GI_COLORS[-1], hl.GI_COLORS[-3]]
    assert [f["properties"]["t0"] for f in together.data["features"]] == [labels[-1], labels[-3]]
    tip = _tooltip(together)
    assert tip is not None and tip.aliases == ["Gi* (confidence)"]
    areas = [shapely.geometry.shape(f["geometry"]).area for f in together.data["features"]]
    assert_allclose(np.array(areas) / areas[1], [2, 1], rtol=1e-2)  # two cells, one
    # the hot cells stay apart, each with its own figures
    assert _fills(apart) == [hl.GI_COLORS[3], hl.GI_COLORS[3]]
    assert [f["properties"]["t0"] for f in apart.data["features"]] == ["9", "8"]
    tip = _tooltip(apart)
    assert tip is not None and tip.aliases == ["Incidents"]
    (legend,) = _legends(m)
    assert len(legend.rows) == 7


def test_the_merged_classes_are_the_cold_ones() -> None:
    assert hl.GI_MERGED == (-1, -2, -3)
    assert set(hl.EMERGING_MERGED) == {c for c in hl.EMERGING_COLORS if c.endswith("_cold")}
    assert len(hl.EMERGING_MERGED) == 8


def test_wrong_tooltip_columns_are_refused_with_names() -> None:
    cells = _grid([3, 0], "gi_bin", value=[5, 0])
    with pytest.raises(KeyError, match=r"cv-gi: columns \['harm'\] are not in the layer"):
        hl.add_gi_bins(
            None,
            cells,
            name="Gi",
            labels={},
            legend_title="",
            tooltip_fields=["harm"],
            tooltip_aliases=["Harm"],
        )
    with pytest.raises(ValueError, match="cv-gi: 1 tooltip_fields but 2 aliases"):
        hl.add_gi_bins(
            None,
            cells,
            name="Gi",
            labels={},
            legend_title="",
            tooltip_fields=["value"],
            tooltip_aliases=["Value", "Other"],
        )
    # a missing class column: a KeyError that names it
    for builder, column in (
        (hl.add_gi_bins, "gi_bin"),
        (hl.add_lisa, "lisa_label"),
        (hl.add_emerging, "category"),
    ):
        with pytest.raises(KeyError, match=column):
            builder(None, cells.drop(columns="gi_bin"), name="x", labels={}, legend_title="")


# -- LISA -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_lisa_in_geodas_colours_with_the_four_quadrants_always_in_the_legend(
    lang: NumberLocale,
) -> None:
    codes = ["High-High", "High-High", "Low-High", "Not significant", "No data"]
    hoods = _grid(
        codes, "lisa_label", name=["La Emilia", "Zamorano", "Colombia", "Olímpico", "Centro"]
    )
    name, title = t("hotspots.layer.lisa", lang), t("hotspots.legend.lisa", lang)
    labels = LISA_LABELS[lang]
    m = hl.add_lisa(
        None,
        hoods,
        name=name,
        labels=labels,
        legend_title=title,
        tooltip_fields=["name"],
        tooltip_aliases=[t("field.name", lang)],
        number_locale=lang,
    )
    group = _one_group(m, name)
    background, front = _layers(group)
    assert _fills(background) == [hl.LISA_COLORS["Not significant"]]
    assert _fills(front) == [
        hl.LISA_COLORS[c] for c in ("High-High", "High-High", "Low-High", "No data")
    ]
    assert [f["properties"]["t0"] for f in front.data["features"]] == [
        "La Emilia",
        "Zamorano",
        "Colombia",
        "Centro",
    ]
    (legend,) = _legends(m)
    # High-Low and Low-Low are absent but listed (a reader looks for them); No data is present
    order = ["High-High", "High-Low", "Low-High", "Low-Low", "Not significant", "No data"]
    assert legend.rows == [(hl.LISA_COLORS[c], labels[c], "box") for c in order]
    assert legend.layer is group and legend.title == title
    html = m.get_root().render()
    assert _js(labels["High-High"]) in html and '"className":"cv-lisa"' in html
    assert (labels["High-High"] == "Alto-Alto") == (lang == "es")


def test_lisa_without_no_data_leaves_it_out_of_the_legend() -> None:
    m = hl.add_lisa(
        None,
        _grid(["Low-Low", "Not significant"], "lisa_label"),
        name="LISA",
        labels=LISA_LABELS["en"],
        legend_title="LISA",
    )
    (legend,) = _legends(m)
    order = ["High-High", "High-Low", "Low-High", "Low-Low", "Not significant"]
    assert [row[1] for row in legend.rows] == [LISA_LABELS["en"][c] for c in order]


# -- emerging hot spots -------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_emerging_patterns_list_only_those_present_in_the_canonical_order(
    lang: NumberLocale,
) -> None:
    codes = ["sporadic_cold", "new_hot", "no_pattern", "persistent_hot", "new_hot"]
    cells = _grid(codes, "category", total=[3, 12, 0, 40, 9])
    names = PATTERNS[lang]
    m = hl.add_emerging(
        None,
        cells,
        name=t("hotspots.layer.emerging", lang),
        labels=names,
        legend_title=t("hotspots.legend.emerging", lang),
        tooltip_fields=["total"],
        tooltip_aliases=["n"],
        number_locale=lang,
    )
    background, front = _layers(_one_group(m, t("hotspots.layer.emerging", lang)))
    assert _fills(background) == [hl.EMERGING_COLORS["no_pattern"]]
    assert _fills(front) == [
        hl.EMERGING_COLORS[c] for c in ("sporadic_cold", "new_hot", "persistent_hot", "new_hot")
    ]
    (legend,) = _legends(m)
    shown = ["new_hot", "persistent_hot", "sporadic_cold", "no_pattern"]
    assert legend.rows == [(hl.EMERGING_COLORS[c], names[c], "box") for c in shown]
    assert '"className":"cv-emerging"' in m.get_root().render()


def test_the_seventeen_patterns_have_seventeen_colours_and_words() -> None:
    assert len(hl.EMERGING_COLORS) == 17
    assert len(set(hl.EMERGING_COLORS.values())) == 17
    for lang in LANGS:
        assert len(set(PATTERNS[lang].values())) == 17
    assert len(set(hl.GI_COLORS.values())) == 7
    assert len(set(hl.LISA_COLORS.values())) == 6
    # the public-space outline is a colour no class uses
    used = {*hl.GI_COLORS.values(), *hl.LISA_COLORS.values(), *hl.EMERGING_COLORS.values()}
    assert hl.SPACE_OUTLINE_COLOR not in used and hl.CLUSTER_COLOR not in used


def test_a_layer_can_start_hidden_and_join_an_existing_map() -> None:
    m = folium.Map(tiles=None)
    out = hl.add_emerging(
        m, _grid(["new_hot"], "category"), name="E", labels={}, legend_title="P", show=False
    )
    assert out is m
    (group,) = _groups(m)
    assert group.show is False
    (legend,) = _legends(m)
    assert legend.rows == [(hl.EMERGING_COLORS["new_hot"], "new_hot", "box")]


# -- density surface ----------------------------------------------------------------


def _surface(values: np.ndarray, resolution: float = 50.0) -> DensitySurface:
    ny, nx = values.shape
    return DensitySurface(
        values=values,
        raster=Raster(x0=X0, y0=Y0, resolution=resolution, nx=nx, ny=ny),
        bandwidth=150.0,
        rule="user",
        unit="per_km2",
        crs=CRS,
        reason="",
        quantity="incidents",
        per_year=False,
    )


def test_density_scale_is_the_995th_percentile_of_the_positive_values() -> None:
    values = np.concatenate([np.zeros(50), np.arange(1.0, 201.0), [np.nan, -1.0]]).reshape(1, -1)
    # 200 positive values 1..200: numpy's linear quantile at 0.995 is 1 + 0.995 * 199
    assert_allclose(hl.density_scale(_surface(values)), 1 + 0.995 * 199)
    assert hl.density_scale(_surface(np.zeros((3, 3)))) == 0.0
    assert hl.density_scale(_surface(np.full((2, 2), np.nan))) == 0.0


def test_mercator_image_puts_north_up_and_its_bounds_on_the_raster() -> None:
    values = np.zeros((20, 30))
    values[-1, :] = 7.0  # the raster's last row is its northern edge
    values[0, 0] = 3.0  # its first pixel is the south-west corner
    surface = _surface(values)
    image, bounds = hl.mercator_image(surface)
    ny, nx = image.shape
    assert nx == 30 and abs(ny - 20) <= 1  # a small area: Web Mercator barely stretches it
    assert_array_equal(image[0, :], 7.0)  # row 0 of the image is north
    assert image[-1, 0] == 3.0 and image[-1, -1] == 0.0
    to_geo = Transformer.from_crs(CRS, "EPSG:4326", always_xy=True)
    xmin, ymin, xmax, ymax = surface.bounds
    lon0, lat0 = to_geo.transform(xmin, ymin)
    lon1, lat1 = to_geo.transform(xmax, ymax)
    # corners within a metre or so (the grid is a few degrees from 9377's meridian, so slightly turned)
    assert_allclose(bounds[0], [lat0, lon0], atol=2e-4)
    assert_allclose(bounds[1], [lat1, lon1], atol=2e-4)
    assert bounds[0][0] < bounds[1][0] and bounds[0][1] < bounds[1][1]


def test_mercator_image_caps_its_pixels() -> None:
    image, _ = hl.mercator_image(_surface(np.ones((200, 300)), resolution=5.0), max_pixels=6000)
    assert image.size <= 6000 * 1.05
    assert_allclose(image.shape[1] / image.shape[0], 1.5, rtol=0.05)


def test_density_png_is_transparent_where_empty_and_more_opaque_where_dense() -> None:
    values = np.array([[np.nan, 0.0, 0.01, 0.5, 1.0, 4.0]])
    png = hl.density_png(values, vmax=1.0)
    rgba = matplotlib.image.imread(io.BytesIO(png), format="png")
    alpha = rgba[0, :, 3]
    # NaN, zero and below 2 % of the scale: transparent; then 0.35 + 0.5 * share, capped at 1
    assert_allclose(alpha, [0.0, 0.0, 0.0, 0.6, 0.85, 0.85], atol=1 / 255)
    assert_array_equal(rgba[0, 4, :3], rgba[0, 5, :3])  # above the top: the top colour
    empty = matplotlib.image.imread(io.BytesIO(hl.density_png(np.zeros((2, 2)), vmax=0.0)))
    assert_array_equal(empty[..., 3], 0.0)


@pytest.mark.parametrize("lang", LANGS)
def test_density_adds_an_image_the_dense_areas_and_a_legend_of_the_scale(
    lang: NumberLocale,
) -> None:
    values = np.zeros((20, 20))
    values[5:9, 5:9] = 1000.0
    surface = _surface(values)
    areas = gpd.GeoDataFrame(
        {"area": ["16 ha"], "held": [128]},
        geometry=[shapely.box(X0 + 250, Y0 + 250, X0 + 450, Y0 + 450)],
        crs=CRS,
    )
    name = t("hotspots.layer.kde", lang)
    m = hl.add_density(
        None,
        surface,
        name=name,
        legend_title="Título",
        areas=areas,
        area_tooltip_fields=["area", "held"],
        area_tooltip_aliases=["Área", "Incidentes"],
        steps=4,
        number_locale=lang,
    )
    group = _one_group(m, name)
    (overlay,) = [c for c in group._children.values() if isinstance(c, ImageOverlay)]
    assert overlay.url.startswith("data:image/png;base64,")
    png = base64.b64decode(overlay.url.split(",", 1)[1])
    image = matplotlib.image.imread(io.BytesIO(png), format="png")
    assert image[..., 3].max() > 0.8 and (image[..., 3] == 0).mean() > 0.8  # a dense square
    assert overlay.options["class_name"] == "cv-density"
    (outline,) = _layers(group)
    assert [f["properties"]["t1"] for f in outline.data["features"]] == ["128"]
    tip = _tooltip(outline)
    assert tip is not None and tip.aliases == ["Área", "Incidentes"]
    (legend,) = _legends(m)
    assert legend.layer is group and legend.title == "Título"
    # 4 rows from 0 to the top of the scale (1,000), YlOrRd light to dark
    texts = [row[1] for row in legend.rows]
    assert texts == ["0 – 250", "250 – 500", "500 – 750", "≥ 750"]  # both languages: no separator
    colors = [row[0] for row in legend.rows]
    assert len(set(colors)) == 4 and colors[0] != colors[-1]
    html = m.get_root().render()
    assert '"className":"cv-density-area"' in html and '"className": "cv-density"' in html


def test_density_thousands_and_decimals_follow_the_language() -> None:
    values = np.zeros((10, 10))
    values[2:4, 2:4] = 12_000.0
    es = _legends(hl.add_density(None, _surface(values), name="d", legend_title="x", steps=3))[0]
    en = _legends(
        hl.add_density(
            None, _surface(values), name="d", legend_title="x", steps=3, number_locale="en"
        )
    )[0]
    assert [r[1] for r in es.rows] == ["0 – 4.000", "4.000 – 8.000", "≥ 8.000"]
    assert [r[1] for r in en.rows] == ["0 – 4,000", "4,000 – 8,000", "≥ 8,000"]
    small = values / 10_000.0  # a top of 1.2: one decimal
    en_small = _legends(
        hl.add_density(
            None, _surface(small), name="d", legend_title="x", steps=3, number_locale="en"
        )
    )[0]
    assert [r[1] for r in en_small.rows] == ["0.0 – 0.4", "0.4 – 0.8", "≥ 0.8"]


def test_an_empty_density_has_no_legend() -> None:
    m = hl.add_density(None, _surface(np.zeros((5, 5))), name="d", legend_title="x")
    assert _legends(m) == []
    assert len(_groups(m)) == 1


# -- clusters and the top hot spots --------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_cluster_hulls_with_their_one_row_legend_and_tooltips(lang: NumberLocale) -> None:
    hulls = _grid([0, 1], "cluster", n=[120, 45], harm=[5475.0, 30.5])
    name = t("hotspots.layer.clusters", lang)
    row = t("hotspots.legend.cluster_row", lang)
    m = hl.add_cluster_hulls(
        None,
        hulls,
        name=name,
        legend_title=t("hotspots.legend.clusters", lang),
        legend_label=row,
        tooltip_fields=["n", "harm"],
        tooltip_aliases=[t("hotspots.tip.size", lang), t("hotspots.tip.harm", lang)],
        number_locale=lang,
    )
    group = _one_group(m, name)
    (layer,) = _layers(group)
    props = [f["properties"] for f in layer.data["features"]]
    if lang == "es":
        assert props == [{"t0": "120", "t1": "5.475"}, {"t0": "45", "t1": "30,5"}]
    else:
        assert props == [{"t0": "120", "t1": "5,475"}, {"t0": "45", "t1": "30.5"}]
    (legend,) = _legends(m)
    assert legend.rows == [(hl.CLUSTER_COLOR, row, "box")] and legend.layer is group
    html = m.get_root().render()
    assert '"className":"cv-cluster"' in html and _js(row) in html
    assert _js(t("hotspots.tip.size", lang)) in html
    with pytest.raises(KeyError, match="add_cluster_hulls"):
        hl.add_cluster_hulls(
            None,
            hulls,
            name="c",
            legend_title="",
            legend_label="",
            tooltip_fields=["size"],
            tooltip_aliases=["Size"],
        )


def test_top_hot_spots_are_outlined_and_labelled_with_their_rank() -> None:
    top = _grid([1, 2, 3], "rank", text=["Parque <Bolívar>", "b", "c"])
    m = hl.add_top_hotspots(
        None,
        top,
        name="Principales puntos calientes",
        tooltip_fields=["rank", "text"],
        tooltip_aliases=["Puesto", "Descripción"],
    )
    group = _one_group(m, "Principales puntos calientes")
    (layer,) = _layers(group)
    assert [f["properties"]["t0"] for f in layer.data["features"]] == ["1", "2", "3"]
    assert layer.data["features"][0]["properties"]["t1"] == "Parque <Bolívar>"
    markers = [c for c in group._children.values() if isinstance(c, folium.Marker)]
    assert len(markers) == 3
    # each rank sits inside its own cell
    to_9377 = Transformer.from_crs("EPSG:4326", CRS, always_xy=True)
    for k, marker in enumerate(markers):
        assert marker.location is not None and marker.icon is not None
        lat, lon = marker.location
        x, y = to_9377.transform(lon, lat)
        assert top.geometry.iloc[k].buffer(2.0).contains(shapely.Point(x, y))
        label = marker.icon.options["html"]
        assert f">{k + 1}</div>" in label and hl.TOP_COLOR in label
    html = m.get_root().render()
    assert '"className":"cv-top"' in html and '"fill":false' in html
    assert _legends(m) == []  # the ranks match the table; no legend
    with pytest.raises(KeyError, match=r"add_top_hotspots: columns \['rank'\]"):
        hl.add_top_hotspots(None, top.drop(columns="rank"), name="t")
