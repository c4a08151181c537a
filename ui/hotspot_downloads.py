"""The Hot spots page's downloads, in the interface's language.

A planner opens a download in a spreadsheet: its headers and its coded
values (``Not significant``, ``falling``, ``intensifying_hot``, ``fight``)
must read in the language of the interface that made it. The functions here
take the frames of :mod:`models.hotspots` (whose columns and codes are
documented there) and return copies whose headers come from the catalogue
(``hotspots.file.<column>``) and whose coded values are translated. The
numbers stay numbers (a dot for decimals), so the file can be computed on;
the emerging pattern's code is kept beside its name (``pattern_code``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping

import geopandas as gpd
import numpy as np
import pandas as pd
import streamlit as st

from catalog.say import CATALOG
from geo import schema
from geo.export import FORMAT_NAMES, FORMATS, Format, layer_bytes
from models.hotspots import top_table, unit_text
from ui.i18n import t

#: The LISA result codes and their catalogue keys.
LISA_KEYS: dict[str, str] = {
    "High-High": "hotspots.lisa.high_high",
    "Low-Low": "hotspots.lisa.low_low",
    "High-Low": "hotspots.lisa.high_low",
    "Low-High": "hotspots.lisa.low_high",
    "Not significant": "hotspots.lisa.not_significant",
    "No data": "hotspots.lisa.no_data",
}

#: Columns of a neighbourhoods layer, named with the page's field labels.
_FIELD_KEYS: dict[str, str] = {
    "name": "field.name",
    "comuna": "field.comuna",
    "population": "field.population",
    "category": "field.category",
}


def category_shares(text: object, lang: str) -> str:
    """``"fight 45%, theft 30%"`` with the categories translated (``"–"`` when empty)."""
    parts = []
    for item in str(text if isinstance(text, str) else "").split(", "):
        code, _, share = item.rpartition(" ")
        if code in schema.CATEGORIES:
            parts.append(f"{t(f'category.{code}', lang)} {share}")
        elif item in schema.CATEGORIES:
            parts.append(t(f"category.{item}", lang))
        elif item:
            parts.append(item)
    return ", ".join(parts) or "–"


def _header(column: str, lang: str) -> str:
    key = f"hotspots.file.{column}"
    if key in CATALOG:
        return t(key, lang)
    if column in _FIELD_KEYS:
        return t(_FIELD_KEYS[column], lang)
    return column


def _translate(values: pd.Series, label: Callable[[str], str]) -> pd.Series:
    return values.map(lambda v: label(str(v)) if isinstance(v, str) and v else "")


def _gi_label(code: object, lang: str) -> str:
    b = int(code) if isinstance(code, int | float | np.number) and np.isfinite(code) else 0
    return t(f"hotspots.bin.{b}".replace("-", "m"), lang)


def _pattern(code: str, lang: str) -> str:
    if code == "High-High":
        return t(LISA_KEYS[code], lang)
    if f"hotspots.pattern.{code}" in CATALOG:
        return t(f"hotspots.pattern.{code}", lang)
    key = f"hotspots.value.pattern.{code}"
    return t(key, lang) if key in CATALOG else code


def _category(code: str, lang: str) -> str:
    return t(f"category.{code}", lang) if code in schema.CATEGORIES else code


def _rename(frame: gpd.GeoDataFrame, lang: str) -> gpd.GeoDataFrame:
    geometry = frame.geometry.name
    names = {c: _header(c, lang) for c in frame.columns if c != geometry}
    return frame.rename(columns=names)


def localized_result(frame: gpd.GeoDataFrame, method: str, lang: str) -> gpd.GeoDataFrame:
    """A result frame of ``method`` with headers and coded values in ``lang``.

    Parameters
    ----------
    frame
        ``HotspotResult.frame`` (columns in :mod:`models.hotspots`).
    method
        The method that made it.
    lang
        ``"es"`` or ``"en"``.

    Returns
    -------
    geopandas.GeoDataFrame
        A copy: ``gi_label``, ``lisa_label``, the emerging pattern,
        ``top_categories`` and ``dominant_category`` translated; the emerging
        pattern's code kept in ``pattern_code``; every header translated.
    """
    out = frame.copy()
    if "gi_label" in out.columns and "gi_bin" in out.columns:
        out["gi_label"] = [_gi_label(b, lang) for b in out["gi_bin"]]
    if "lisa_label" in out.columns:
        out["lisa_label"] = _translate(out["lisa_label"], lambda v: t(LISA_KEYS[v], lang))
    if "category" in out.columns and "category_label" in out.columns:  # emerging patterns
        codes = out["category"].astype(str)
        position = list(out.columns).index("category")
        out = out.drop(columns=[c for c in ("category", "category_label") if c in out.columns])
        out.insert(position, "pattern", [_pattern(c, lang) for c in codes])
        out.insert(position + 1, "pattern_code", codes.to_numpy())
    if "top_categories" in out.columns:
        out["top_categories"] = [category_shares(v, lang) for v in out["top_categories"]]
    if "dominant_category" in out.columns:
        out["dominant_category"] = _translate(
            out["dominant_category"], lambda v: _category(v, lang)
        )
    return _rename(out, lang)


def localized_top(top: gpd.GeoDataFrame, lang: str) -> gpd.GeoDataFrame:
    """The top hot spots with their sentence, headers and coded values in ``lang``.

    Built on :func:`models.hotspots.top_table` (the file ``cli.py hotspots
    --top-out`` writes: ``description``, ``area`` and ``trend`` in words);
    here ``method``, ``weight``, ``unit``, ``measure``, ``pattern`` and
    ``top_categories`` are translated too, the pattern's code is kept in
    ``pattern_code``, and every header comes from the catalogue.
    """
    out = top_table(top, lang)
    labels: Mapping[str, Callable[[str], str]] = {
        "method": lambda v: t(f"hotspots.method.{v}", lang),
        "weight": lambda v: t(f"hotspots.weight.{v}", lang),
        "unit": lambda v: t(f"hotspots.value.unit.{v}", lang),
        "measure": lambda v: unit_text(v, lang),
    }
    for column, label in labels.items():
        if column in out.columns:
            out[column] = _translate(out[column], label)
    if "pattern" in out.columns:
        codes = out["pattern"].astype(str)
        out["pattern"] = [_pattern(c, lang) for c in codes]
        out.insert(list(out.columns).index("pattern") + 1, "pattern_code", codes.to_numpy())
    if "top_categories" in out.columns:
        out["top_categories"] = [
            ", ".join(_category(c.strip(), lang) for c in v.split(",") if c.strip())
            if isinstance(v, str)
            else ""
            for v in out["top_categories"]
        ]
    return _rename(out, lang)


def hotspot_file(
    result_frame: gpd.GeoDataFrame,
    top: gpd.GeoDataFrame,
    *,
    method: str,
    which: str,
    fmt: Format,
    lang: str,
) -> bytes:
    """The bytes of a download: ``which`` is ``"result"`` or ``"top"``, ``fmt`` a format
    of :data:`geo.export.FORMATS`."""
    if which == "result":
        frame = localized_result(result_frame, method, lang)
        return layer_bytes(frame, fmt, layer=f"hotspots_{method}")
    table = localized_top(top, lang)
    return layer_bytes(table, fmt, layer=f"top_hotspots_{method}")


def download_buttons(method: str, build: Callable[[str, Format], bytes]) -> None:
    """The page's three download buttons; ``build(which, fmt)`` makes a file when clicked.

    The files are the result as GeoJSON and CSV and the top hot spots as CSV,
    built by ``build`` (cached by the page) only when a button is clicked.
    """
    items: list[tuple[str, Format]] = [("result", "geojson"), ("result", "csv"), ("top", "csv")]
    # in a popover: the browser mounts the buttons only when the planner opens it
    with st.popover(t("hotspots.download.title"), icon=":material/download:", key="hs_downloads"):
        for which, fmt in items:
            stem = "hotspots" if which == "result" else "top_hotspots"
            st.download_button(
                t(f"hotspots.download.{which}", fmt=FORMAT_NAMES[fmt]),
                data=functools.partial(build, which, fmt),
                file_name=f"{stem}_{method}{FORMATS[fmt][0]}",
                mime=FORMATS[fmt][1],
                key=f"hs_dl_{which}_{fmt}",
                on_click="ignore",
            )
