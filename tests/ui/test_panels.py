"""Copies of a cached map render to the same script and share its GeoJSON data."""

from __future__ import annotations

import json
from typing import Any, cast

import branca.element
import folium
import folium.features
import folium.template
import geopandas as gpd
import jinja2
import pytest
import shapely
from streamlit_folium import _get_map_string

from ui import maps
from ui.offline import PlainTemplate, compile_templates_once, offline_map
from ui.panels import map_copy


def _map() -> folium.Map:
    m = offline_map(tiles="")
    square = {
        "type": "Feature",
        "properties": {"n": 3},
        "geometry": {
            "type": "Polygon",
            "coordinates": [[[-76.3, 3.5], [-76.2, 3.5], [-76.2, 3.6], [-76.3, 3.5]]],
        },
    }
    folium.GeoJson({"type": "FeatureCollection", "features": [square]}, name="cells").add_to(m)
    folium.LayerControl().add_to(m)
    return m


def _script(m: folium.Map) -> str:
    root: Any = m.get_root()  # branca is untyped
    root.render()
    cast("Any", m).render()
    return str(_get_map_string(m))


def test_copies_render_the_same_script_and_leave_the_original_alone() -> None:
    m = _map()
    first, second = map_copy(m), map_copy(m)
    assert first is not m and second is not first
    assert _script(first) == _script(second)
    assert "-76.2" in _script(map_copy(m))
    # the original was never rendered: its elements keep their random ids
    assert m.get_name() != first.get_name()


def test_copies_share_the_geojson_data() -> None:
    m = _map()
    copied = map_copy(m)
    layers = [c for c in m._children.values() if isinstance(c, folium.GeoJson)]
    copies = [c for c in copied._children.values() if isinstance(c, folium.GeoJson)]
    assert len(layers) == len(copies) == 1
    assert copies[0] is not layers[0]
    assert copies[0].data is layers[0].data


def test_element_templates_compile_once() -> None:
    compile_templates_once()
    compile_templates_once()  # idempotent
    a = branca.element.Element("<b>{{ this.get_name() }}</b>")
    b = branca.element.Element("<b>{{ this.get_name() }}</b>")
    assert a._template is b._template
    assert a.render() != b.render()  # shared template, each element's own values
    # folium's tooltips build their style sheet's template at each render: once now
    source = "<style>.{{ this.class_name }} { {{ this.style }} }</style>"
    make = vars(folium.features)["Template"]
    first = make(source)
    assert make(source) is first
    assert isinstance(first, folium.template.Template)  # folium's own, with its filters


def test_geojson_text_and_bounds_are_written_once_and_match_folium() -> None:
    geoms = gpd.GeoSeries(
        [shapely.box(-76.3, 3.5, -76.2, 3.6), shapely.box(-76.25, 3.55, -76.1, 3.7)], crs=4326
    )
    m = offline_map(tiles="")
    layer = maps.geojson(geoms, {"n": [1, 2]}, style=maps.style_function(className="cv-x"))
    layer.add_to(m)
    data = layer.data
    assert isinstance(data, maps.GeoJsonData)
    scripts = [_script(map_copy(m)) for _ in range(2)]
    assert scripts[0] == scripts[1]
    assert len(data.texts) == 1  # one JSON text, reused by the second render
    assert data.bounds is None
    for _ in range(2):  # st_folium measures each copy: the first measure is kept
        assert cast("Any", map_copy(m)).get_bounds() == [[3.5, -76.3], [3.7, -76.1]]
    assert data.bounds == [[3.5, -76.3], [3.7, -76.1]]
    plain = folium.GeoJson(dict(data))  # folium's own writing of the same features
    assert json.loads(next(iter(data.texts.values()))) == plain.data
    assert plain._get_self_bounds() == data.bounds


@pytest.mark.parametrize(
    "source",
    [
        "",
        "\n",
        'var x = L.geoJson({"type": "FeatureCollection"});',
        "a\n\n",
        "  leading and trailing spaces  \n",
        '{ "a": {"b": [1, 2]} } } {',
        "tabs\tand\nlines\n",
        "<b>ñandú 99 %</b>\n",
    ],
)
def test_plain_sources_render_as_jinja_renders_them(source: str) -> None:
    assert PlainTemplate.applies(source)
    assert PlainTemplate(source).render(this=None, kwargs={}) == jinja2.Template(source).render()
    made = branca.element.Element(source)
    assert isinstance(made._template, PlainTemplate)
    assert made.render() == jinja2.Template(source).render()


@pytest.mark.parametrize("source", ["{{ x }}", "{% if 1 %}a{% endif %}", "{# c #}", "a\r\nb"])
def test_sources_with_jinja_syntax_are_compiled(source: str) -> None:
    assert not PlainTemplate.applies(source)
    made = branca.element.Element(source)
    assert not isinstance(made._template, PlainTemplate)
    assert made.render() == jinja2.Template(source).render()
