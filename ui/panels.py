"""Map panels every page draws the same way: a folium map built once, sent as it was.

A page's map depends on a few things (the workspace's content, the
filters, the page's options, the language), and rebuilding it at each
rerun costs more than the computation it shows. :func:`show_map` builds a
map once per *key* (:func:`ui.cache.built_map`, a ``st.cache_resource``:
the same object for every session) and sends a copy through
``streamlit_folium.st_folium``.

streamlit-folium names its component after a hash of the map's script
(``generate_js_hash``), and renames the map's elements while it renders
them; each copy of the cached map keeps the element ids the first build
drew, so the same key gives the same script and the browser keeps the map
it has drawn (no new iframe, no redraw) on a rerun that does not change
it. ``returned_objects=[]``: panning or zooming never reruns the page.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Hashable
from typing import Any

import folium
from streamlit_folium import st_folium

from ui.cache import built_map

#: Height of every page's map, in pixels.
MAP_HEIGHT = 640


def map_copy(m: folium.Map) -> folium.Map:
    """A copy of ``m`` to render, sharing its GeoJSON data (rendering only reads it).

    ``st_folium`` renames the elements of the map it renders, so each
    rerun renders a copy; the features (most of the map's memory) are not
    copied.
    """
    memo: dict[int, object] = {}
    stack: list[Any] = [m]
    while stack:
        element = stack.pop()
        data = getattr(element, "data", None)
        if isinstance(element, folium.GeoJson) and isinstance(data, dict):
            memo[id(data)] = data
        stack.extend(getattr(element, "_children", {}).values())
    return copy.deepcopy(m, memo)


def show_map(
    key: Hashable,
    build: Callable[[], folium.Map],
    *,
    widget_key: str,
    owners: tuple[object | None, ...] = (),
    height: int = MAP_HEIGHT,
) -> None:
    """Send the map ``build()`` makes, built once per ``key``, to the browser.

    Parameters
    ----------
    key
        Everything the map depends on (workspace path and content hash,
        filters, options, language...): a tuple of strings, numbers, dates.
    build
        Makes the map; called only when ``key`` is not cached. It must not
        write to the page (it does not run on a cached rerun).
    widget_key
        The ``st_folium`` widget key (one per map on a page).
    owners
        Cached objects the map is drawn from that have no value to key on
        (a hot-spot result from ``st.cache_resource``): they count by
        identity. A map whose owner has gone (and whose id a new object
        took) is built again; ``None`` entries are skipped.
    height
        Height of the map, in pixels.
    """
    owners = tuple(o for o in owners if o is not None)
    full_key = (key, tuple(id(o) for o in owners))
    m, refs = built_map(full_key, build, owners)
    if any(ref() is not o for ref, o in zip(refs, owners, strict=True)):
        built_map.clear()  # an id was reused: forget every map rather than show a stale one
        m, refs = built_map(full_key, build, owners)
    st_folium(
        map_copy(m),
        key=widget_key,
        height=height,
        use_container_width=True,
        returned_objects=[],
    )
