"""A top hot spot in a sentence, the top hot spots as a file, and why a result used its scale."""

from __future__ import annotations

import geopandas as gpd

from catalog.models import TREND_NAMES
from models.hotspots.methods import describe_what, method_of
from models.hotspots.result import HotspotResult
from models.hotspots.text import Row, area_text, metres, num, number, sentence, text

#: A hot spot is "around" a public space when its peak is at most this far from it (metres).
AROUND_M = 150.0


def describe(row: Row, lang: str = "en") -> str:
    """One hot spot of :func:`top_hotspots` in a plain sentence.

    Parameters
    ----------
    row
        A row of :func:`top_hotspots` (a ``Series`` or a mapping).
    lang
        ``"es"`` or ``"en"``.

    Examples
    --------
    >>> describe({"method": "emerging", "unit": "cell", "n_cells": 12, "confidence": 99.0,
    ...           "pattern": "intensifying_hot", "since": "2024-03",
    ...           "nearest_space": "Parque X", "nearest_space_m": 40.0})
    '12 cells around Parque X: an intensifying hot spot, hot in at least 90 % of the periods, the last one included (99 % confidence), and more intensely over time.'
    """
    unit = text(row, "unit") or "cell"
    n_cells = int(num(row, "n_cells") or 0)
    if unit in ("cell", "neighborhood"):
        form = "one" if n_cells == 1 else "other"
        who = sentence(f"who.{unit}.{form}", lang, n=number(n_cells, lang))
    elif unit == "area":
        who = sentence("who.area", lang, area=area_text(num(row, "area_km2") or 0.0, lang))
    else:
        who = sentence("who.cluster", lang, incidents=number(num(row, "n_incidents") or 0, lang))
    where: list[str] = []
    space = text(row, "nearest_space")
    hood = text(row, "neighborhood")
    if unit == "neighborhood" and hood:
        names, _, more = hood.rpartition(", +")
        if names and more.isdigit():  # "A, B, C, D, +2" -> "A, B, C, D and 2 more"
            hood = sentence("where.more", lang, names=names, n=number(int(more), lang))
        where.append(sentence("where.hoods", lang, names=hood))
    elif space:
        dist = num(row, "nearest_space_m") or 0.0
        if dist <= AROUND_M:
            where.append(sentence("where.around", lang, space=space))
        else:
            where.append(sentence("where.near", lang, space=space, distance=metres(dist, lang)))
    if unit != "neighborhood" and hood:
        where.append(sentence("where.in", lang, neighborhood=hood))
    what, says_trend = describe_what(row, lang)
    trend = text(row, "trend")
    rising_or_falling = says_trend and trend in ("rising", "falling")
    tail = sentence(f"trend.{trend}", lang) if rising_or_falling else ""
    head = " ".join([who, *where])
    return f"{head}: {what}{tail}."


def top_table(top: gpd.GeoDataFrame, lang: str = "en") -> gpd.GeoDataFrame:
    """The top hot spots as a file: the zones with every column of the page's table.

    Parameters
    ----------
    top
        From :func:`top_hotspots`.
    lang
        ``"es"`` or ``"en"``: the language of the words inside.

    Returns
    -------
    geopandas.GeoDataFrame
        The columns of :func:`top_hotspots` (``rank`` first, the zone
        polygons as geometry), with ``description`` (:func:`describe`) and
        ``area`` (:func:`area_text`) after ``rank``, and ``trend`` in words
        (``"En descenso"``, ``"Rising"``; empty where there is none), as
        the page's table shows them. ``cli.py hotspots --top-out`` writes
        it; the page's download should too.
    """
    out = top.copy()
    key = "es" if lang == "es" else "en"
    out.insert(1, "description", [describe(row, lang) for _, row in top.iterrows()])
    out.insert(2, "area", [area_text(float(a), lang) for a in top["area_km2"]])
    out["trend"] = [TREND_NAMES[v][key] if v in TREND_NAMES else "" for v in top["trend"]]
    return out


def explain(result: HotspotResult, lang: str = "en") -> str:
    """What scale or parameters a result used and why, in ``lang`` (``"es"``/``"en"``)."""
    return " ".join(method_of(result.spec).explain(result, lang))
