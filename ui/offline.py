"""Maps that draw with no internet: Leaflet served by the app itself.

folium's :class:`folium.Map` loads Leaflet, jQuery, Bootstrap,
awesome-markers and Font Awesome from CDNs (``Map.default_js`` /
``default_css``). On a city intranet with no internet the Leaflet script
fails and the ``streamlit_folium.st_folium`` iframe stays empty. Here:

* :func:`ensure_static_assets` copies Leaflet's files from the installed
  ``xstatic-leaflet`` package into ``static/vendor/leaflet/`` beside
  ``app.py``; Streamlit serves that folder at ``/app/static/...`` because
  ``server.enableStaticServing = true`` (``.streamlit/config.toml``).
* :func:`offline_map` makes a map whose own ``default_js``/``default_css``
  name only those files, and adds to the map itself (streamlit-folium keeps
  only the map's script, not the page root's) the line that tells Leaflet
  where its marker images are, plus the project's small stylesheet.

What streamlit-folium sends to its iframe (``st_folium``): the map's script
(every child element's ``script`` macro, walked from the map), the page
header with every ``<script src>`` and ``<link rel="stylesheet">`` removed
(inline ``<style>`` stays; inline scripts there are not run), the root's
HTML body (appended after the map), and the ``default_js``/``default_css``
URLs of the map and its children, which the iframe loads itself. So
anything drawn on a map here is a Leaflet object created by the map's
script (legends are Leaflet controls, see :mod:`ui.maps`) and any CSS is an
inline ``<style>`` in the header. Plugins (MarkerCluster, HeatMap,
Fullscreen) and branca colormaps pull their own CDN scripts and are not
used.
"""

from __future__ import annotations

import filecmp
import functools
import os
import re
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

import branca.element
import folium
import folium.features
from branca.element import MacroElement
from folium.template import Template

from geo import settings
from ui.i18n import t

#: Folder Streamlit serves at ``/app/static`` (beside ``app.py``).
STATIC_DIR: Path = settings.ROOT / "static"
#: Where Leaflet's files are copied, inside :data:`STATIC_DIR`.
LEAFLET_SUBDIR = Path("vendor") / "leaflet"
#: URL prefix under which the app serves Leaflet's files.
LEAFLET_URL = "/app/static/vendor/leaflet"
#: Files of the xstatic package copied (``images/`` is copied whole).
LEAFLET_FILES = ("leaflet.js", "leaflet.css")
#: The default attribution of OpenStreetMap tiles (``geo.settings.tile_attribution``).
OSM_ATTRIBUTION = "&copy; OpenStreetMap contributors"
#: Background of a map drawn without basemap tiles.
NO_TILES_BACKGROUND = "#f4f2ee"

#: The project's stylesheet for map elements (``cv-*`` classes), inline in
#: the header, where streamlit-folium keeps it.
MAP_CSS = """
.cv-legend, .cv-banner {
  background: rgba(255, 255, 255, 0.92); border-radius: 4px; padding: 6px 8px;
  box-shadow: 0 1px 4px rgba(0, 0, 0, 0.3); font: 12px/1.35 system-ui, sans-serif;
  color: #222; max-width: 240px;
}
.cv-legend .cv-legend-title { font-weight: 600; margin-bottom: 4px; }
.cv-legend .cv-legend-row { display: flex; align-items: center; gap: 6px; white-space: nowrap; }
.cv-legend .cv-swatch {
  display: inline-block; width: 14px; height: 12px; border: 1px solid rgba(0, 0, 0, 0.25);
  flex: none;
}
.cv-legend .cv-swatch.cv-dot { border-radius: 50%; width: 11px; height: 11px; }
.cv-legend .cv-swatch.cv-line { height: 0; border: 0; border-top: 3px dashed; }
.cv-legend .cv-swatch.cv-outline { background: transparent; border: 2.5px solid; }
.cv-banner { background: #fff3cd; border: 1px solid #e0b100; font-weight: 600; }
.cv-label div, div.cv-label {
  font: 600 12px/1.2 system-ui, sans-serif; white-space: nowrap;
  text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 2px #fff;
  transform: translate(-50%, -50%); display: inline-block;
}
path.cv-hood:hover { fill-opacity: 0.15; }
.leaflet-tooltip.cv-tooltip { font: 12px/1.3 system-ui, sans-serif; padding: 4px 6px; }
.cv-tooltip table { border-collapse: collapse; }
.cv-tooltip th { text-align: left; padding-right: 8px; font-weight: 600; }
.cv-tooltip td { text-align: right; }
"""


def compile_templates_once() -> None:
    """Make branca and folium compile each template once per process instead of at every render.

    ``branca.element.Element`` compiles its Jinja template from source each
    time one is created, and folium creates elements while it renders (a
    ``<script src>`` and a ``<link>`` per resource per layer, at every
    ``st_folium`` call, and again for each copy): a third of a second of
    Jinja parsing per rerun of a map page, for the same few strings.
    ``folium.features`` does the same with the style sheet of every tooltip
    (``GeoJsonDetail.render``). The compiled templates are immutable and
    safe to share, so those constructors are swapped for cached ones
    (idempotent; called on import). A source with no Jinja syntax at all
    (what a layer's script is once rendered: its GeoJSON, hundreds of
    kilobytes, that each filter changes) is not compiled: it renders to
    itself, as Jinja would (:class:`PlainTemplate`).
    """
    for module in _TEMPLATE_MODULES:
        make = getattr(module, _TEMPLATE)
        if not isinstance(make, _CachedTemplates):
            setattr(module, _TEMPLATE, _CachedTemplates(make))


class PlainTemplate:
    """A template source without Jinja syntax: it renders to itself, as Jinja renders it.

    Jinja drops one trailing newline (``keep_trailing_newline`` is off) and
    leaves everything else as written when the source holds no ``{{``,
    ``{%``, ``{#`` and no carriage return (which it would normalise).
    """

    def __init__(self, source: str) -> None:
        self.source = source

    @staticmethod
    def applies(source: object) -> bool:
        """Whether ``source`` is text Jinja would render unchanged but a trailing newline."""
        return isinstance(source, str) and _JINJA_SYNTAX.search(source) is None

    def render(self, *args: object, **kwargs: object) -> str:
        """The source, without one trailing newline."""
        return self.source[:-1] if self.source.endswith("\n") else self.source


_JINJA_SYNTAX = re.compile(r"\{[{%#]|\r")


class _CachedTemplates:
    """A Jinja template class compiling each source once, and plain text not at all."""

    def __init__(self, make: Any) -> None:
        self.cached = functools.lru_cache(maxsize=1024)(make)

    def __call__(self, source: Any, *args: Any, **kwargs: Any) -> Any:
        if not args and not kwargs and PlainTemplate.applies(source):
            return PlainTemplate(source)
        return self.cached(source, *args, **kwargs)


#: The name under which those modules call their ``Template`` constructor.
_TEMPLATE = "Template"
#: The modules that build templates while a map renders: branca's elements (Jinja's
#: ``Template``), folium's tooltips and popups (``folium.template.Template``).
_TEMPLATE_MODULES = (branca.element, folium.features)


compile_templates_once()


class _OfflineSetup(MacroElement):
    """Script and style every offline map needs, added to the map itself.

    The script points Leaflet at its marker images and, without basemap
    tiles, paints a light background; the header carries :data:`MAP_CSS`.
    """

    _template = Template(
        """
        {% macro header(this, kwargs) %}
            <style>{{ this.css }}</style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
            L.Icon.Default.imagePath = {{ this.image_path|tojson }};
            {%- if this.background %}
            {{ this._parent.get_name() }}.getContainer().style.background = {{ this.background|tojson }};
            {%- endif %}
            {%- if this.scale %}
            L.control.scale({metric: true, imperial: false}).addTo({{ this._parent.get_name() }});
            {%- endif %}
        {% endmacro %}
        """
    )

    def __init__(self, image_path: str, background: str | None, scale: bool = True) -> None:
        cast("Any", super()).__init__()  # branca is untyped
        self._name = "OfflineSetup"
        self.image_path = image_path
        self.background = background
        self.scale = scale
        self.css = MAP_CSS


def leaflet_source() -> Path:
    """Folder of the installed ``xstatic-leaflet`` package's files."""
    from xstatic.pkg import leaflet  # imported here: only needed to copy the files

    return Path(leaflet.BASE_DIR)


def ensure_static_assets(static_dir: Path | None = None) -> Path:
    """Copy Leaflet's files into the folder the app serves, if they are not there.

    Copies ``leaflet.js``, ``leaflet.css`` and ``images/`` from the installed
    ``xstatic-leaflet`` package into ``<static_dir>/vendor/leaflet/``. A file
    already there and identical (same size and modification time, else same
    bytes) is left alone, so calling this on every run of the app is cheap;
    files are written to a temporary name and renamed, so a concurrent
    session never reads half a file.

    Parameters
    ----------
    static_dir
        The folder Streamlit serves at ``/app/static`` (beside ``app.py``).
        ``None`` uses :data:`STATIC_DIR`.

    Returns
    -------
    pathlib.Path
        The folder holding the copied files.

    Raises
    ------
    FileNotFoundError
        When the ``xstatic-leaflet`` package lacks a file it should have.
    """
    target = (STATIC_DIR if static_dir is None else Path(static_dir)) / LEAFLET_SUBDIR
    source = leaflet_source()
    wanted = [source / name for name in LEAFLET_FILES]
    wanted += sorted(p for p in (source / "images").iterdir() if p.is_file())
    for src in wanted:
        if not src.is_file():
            msg = f"xstatic-leaflet file {src} is missing; reinstall XStatic-Leaflet"
            raise FileNotFoundError(msg)
        dst = target / src.relative_to(source)
        if dst.is_file() and filecmp.cmp(src, dst, shallow=True):
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{dst.name}.", dir=dst.parent)
        os.close(fd)
        try:
            shutil.copy2(src, tmp)
            os.replace(tmp, dst)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    return target


def offline_map(
    *,
    location: Sequence[float] | None = None,
    zoom_start: int = 13,
    tiles: str | None = None,
    attribution: str | None = None,
    assets_url: str = LEAFLET_URL,
    basemap_name: str | None = None,
    scale: bool = True,
    **kw: Any,
) -> folium.Map:
    """A :class:`folium.Map` that loads only Leaflet, from the app's own files.

    Parameters
    ----------
    location
        Centre ``(lat, lon)``; ``None`` leaves folium's whole-world view
        (use :func:`ui.maps.fit_to` to frame the data).
    zoom_start
        Initial zoom when ``location`` is given.
    tiles
        Basemap tile URL template; ``None`` uses ``geo.settings.tile_url``.
        An empty string draws no basemap, on a light background: the
        boundaries still give context.
    attribution
        Attribution of the tiles; ``None`` uses
        ``geo.settings.tile_attribution`` when the tiles come from the
        settings (folium knows the attribution of its named tile sets).
    assets_url
        URL (or ``file://`` path) of the folder holding ``leaflet.js``,
        ``leaflet.css`` and ``images/``; the default is where the app serves
        the files :func:`ensure_static_assets` copies.
    basemap_name
        The basemap's entry in the layer control; ``None`` is the catalogue's
        ``map.basemap`` in the session's language (never the tile URL).
    scale
        Draw a metric scale bar (no miles and feet).
    **kw
        Passed to :class:`folium.Map` (its own ``control_scale``, metric and
        imperial, is always off).

    Returns
    -------
    folium.Map
        A map whose ``default_js``/``default_css`` name only Leaflet's two
        files (no jQuery, Bootstrap, awesome-markers or Font Awesome).
    """
    from_settings = tiles is None
    url = settings.tile_url if tiles is None else tiles
    attr = settings.tile_attribution if attribution is None and from_settings else attribution
    if attr == OSM_ATTRIBUTION:  # OpenStreetMap allows "contributors" in the reader's language
        attr = t("map.attribution.osm")
    kw["control_scale"] = False
    m = folium.Map(location=location, zoom_start=zoom_start, tiles=None, **kw)
    if url:
        folium.TileLayer(
            url,
            attr=attr,
            name=basemap_name if basemap_name is not None else t("map.basemap"),
        ).add_to(m)
    base = assets_url.rstrip("/")
    # set on the instance: folium's class-level lists stay untouched
    m.default_js = [("leaflet", f"{base}/leaflet.js")]
    m.default_css = [("leaflet_css", f"{base}/leaflet.css")]
    m.add_child(
        _OfflineSetup(f"{base}/images/", None if url else NO_TILES_BACKGROUND, scale),
        name="cv_offline_setup",
    )
    return m
