"""What ``streamlit_folium.st_folium`` sends to its iframe, for tests and benchmarks.

streamlit-folium has no public function that returns its payload, so this
helper calls its private ``_get_html``, ``_get_header`` and
``_get_map_string`` (streamlit-folium 0.27). It lives with the tests (and
``benchmarks/map_payload.py`` imports it) so that no production module
depends on private names of a third-party package: if an upgrade renames
them, these tests fail, the app does not.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any, cast

import folium
from streamlit_folium import _get_header, _get_html, _get_map_string


def map_payload(m: folium.Map) -> dict[str, Any]:
    """What ``streamlit_folium.st_folium`` sends to its iframe for ``m``.

    The same extraction as ``st_folium`` (streamlit-folium 0.27): the map's
    script, the header without external links, the root's HTML and the
    script and stylesheet URLs. Works on a deep copy: ``st_folium`` renames
    the map's elements as it goes.
    """
    fig = copy.deepcopy(m)
    fig.get_root().render()
    cast("Any", fig).render()  # branca is untyped
    html_part = _get_html(fig)
    header = _get_header(fig)
    script = _get_map_string(fig)
    js_links: list[str] = []
    css_links: list[str] = []
    for elem in _walk(fig):
        js_links.extend(src for _, src in getattr(elem, "default_js", []))
        css_links.extend(href for _, href in getattr(elem, "default_css", []))
    return {
        "script": script,
        "header": header,
        "html": html_part,
        "js_links": list(dict.fromkeys(js_links)),
        "css_links": list(dict.fromkeys(css_links)),
    }


def _walk(element: Any) -> Iterator[Any]:
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def map_html_size(m: folium.Map) -> int:
    """Bytes (UTF-8 JSON) of what ``st_folium`` sends to the browser for ``m``."""
    payload = map_payload(m)
    return len(json.dumps(payload, ensure_ascii=False).encode("utf-8"))
