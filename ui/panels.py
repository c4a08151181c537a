"""Map panels every page draws the same way: a folium map built once, sent as it was.

A page's map depends on a few things (the workspace's content, the
filters, the page's options, the language), and rebuilding it at each
rerun costs more than the computation it shows. :func:`show_map` builds a
map once per *key* (:func:`ui.cache.built`, a ``st.cache_resource``:
the same object for every session) and sends a copy through
``streamlit_folium.st_folium``.

streamlit-folium names its component after a hash of the map's script
(``generate_js_hash``), and renames the map's elements while it renders
them; each copy of the cached map keeps the element ids the first build
drew, so the same key gives the same script and the browser keeps the map
it has drawn (no new iframe, no redraw) on a rerun that does not change
it. ``returned_objects=[]``: panning or zooming never reruns the page.

A page whose map changes with its inputs (the cells of a filter, a
method's result) splits it: the *base* (the context layers, the framing,
the banner) is built once per workspace and language, and the *overlay*
(:class:`Overlay`: the layers that change, with their legends) once per
input. The overlay goes through ``st_folium``'s ``feature_group_to_add``
and the layer control through its ``layer_control``: the base's script,
and so the component, stay the same, and the browser swaps the overlay's
layers on the map it has drawn instead of loading a new map (what a filter
change costs: ``benchmarks/page_latency.py``).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

import folium
from streamlit_folium import st_folium

from ui.cache import built
from ui.maps import Legend, layer_control
from ui.offline import offline_map

E = TypeVar("E")

#: Height of every page's map, in pixels.
MAP_HEIGHT = 640


def map_copy(m: E) -> E:
    """A copy of ``m`` (a map or a layer) to render, sharing its GeoJSON data (rendering only reads it).

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


@dataclass(frozen=True)
class Overlay:
    """The layers of a map that change with the page's inputs, drawn over its base.

    Attributes
    ----------
    key
        Everything the layers depend on beyond the base's key (filters,
        options...): plain values, as for :func:`show_map`'s ``key``.
    build
        Adds the layers to the map it is given (feature groups, each with
        its :class:`ui.maps.Legend`), in drawing order; anything else on
        that map is refused (it would be lost), and so is a group switched
        off at first (``st_folium`` adds every group to the map).
    owners
        As for :func:`show_map`.
    """

    key: Hashable
    build: Callable[[folium.Map], object]
    owners: tuple[object | None, ...] = ()


def overlay_groups(build: Callable[[folium.Map], object]) -> list[folium.FeatureGroup]:
    """The feature groups ``build`` adds to a map, each holding its own legend.

    Raises
    ------
    ValueError
        When ``build`` adds something other than feature groups and their
        legends, or a group switched off at first.
    """
    scratch = offline_map(prefer_canvas=True)
    before = set(scratch._children)
    build(scratch)
    groups: list[folium.FeatureGroup] = []
    legends: list[tuple[Legend, folium.FeatureGroup]] = []
    for name in [n for n in scratch._children if n not in before]:
        element = scratch._children.pop(name)
        element._parent = None
        if isinstance(element, folium.FeatureGroup) and element.show:
            groups.append(element)
        elif isinstance(element, Legend) and element.layer is not None:
            legends.append((element, element.layer))
        else:
            msg = (
                f"an overlay holds feature groups shown at first and their legends, not {element!r}"
            )
            raise ValueError(msg)
    for legend, layer in legends:
        if not any(layer is g for g in groups):
            msg = "an overlay's legend belongs to a layer of the overlay"
            raise ValueError(msg)
        layer.add_child(legend)
    return groups


def show_map(
    key: Hashable,
    build: Callable[[], folium.Map],
    *,
    widget_key: str,
    owners: tuple[object | None, ...] = (),
    height: int = MAP_HEIGHT,
    overlay: Overlay | None = None,
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
    overlay
        The layers drawn over the map that change more often than it
        (:class:`Overlay`); ``build`` then makes the base, without a layer
        control (the control lists the base's layers and the overlay's).
    """
    m = _cached(key, build, owners)
    swapped: dict[str, Any] = {}
    if overlay is not None:
        groups = _cached((key, overlay.key), lambda: overlay_groups(overlay.build), overlay.owners)
        swapped = {
            "feature_group_to_add": [map_copy(g) for g in groups],
            "layer_control": layer_control(),
        }
    st_folium(
        map_copy(m),
        key=widget_key,
        height=height,
        use_container_width=True,
        returned_objects=[],
        render=False,  # st_folium renders the map itself once more; the whole figure is not needed
        **swapped,
    )


def _cached(key: Hashable, build: Callable[[], E], owners: tuple[object | None, ...]) -> E:
    """``build()``, once per ``key`` and identities of ``owners`` (:func:`ui.cache.built`)."""
    alive = tuple(o for o in owners if o is not None)
    full_key = (key, tuple(id(o) for o in alive))
    found, refs = built(full_key, build, alive)
    if any(ref() is not o for ref, o in zip(refs, alive, strict=True)):
        built.clear()  # an id was reused: forget every entry rather than show a stale one
        found, refs = built(full_key, build, alive)
    return cast("E", found)
