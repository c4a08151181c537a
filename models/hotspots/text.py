"""The words of the hot spots: sentence pieces, numbers, distances, areas and units.

Shared by every method's description (:mod:`models.hotspots.methods`) and by
:func:`models.hotspots.words.describe` / :func:`~models.hotspots.words.explain`;
the sentences themselves are data (:data:`catalog.models.SENTENCES`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TypeAlias

import numpy as np
import pandas as pd

from catalog.models import UNIT_NAMES
from catalog.say import metres as metres
from catalog.say import number as number
from catalog.say import say
from geo import schema
from models.scale import MAX_CELLS, ScaleChoice

Row: TypeAlias = Mapping[str, object] | pd.Series


def sentence(key: str, lang: str, **params: object) -> str:
    """A piece of a hot spot's sentence: the catalogue's ``hotspots.sentence.<key>``."""
    return say(f"hotspots.sentence.{key}", lang, **params)


def area_text(km2: float, lang: str) -> str:
    """An area for a sentence, a table or a download, in a unit that suits its size.

    Below one hectare in square metres (to 10 m²), below 1 km² in hectares,
    else in square kilometres: never ``"0,00 km²"``.

    Examples
    --------
    >>> area_text(0.00078, "en"), area_text(0.61, "es"), area_text(0.025, "en")
    ('780 m²', '61 ha', '2.5 ha')
    >>> area_text(6.8, "es"), area_text(41.27, "en")
    ('6,80 km²', '41.3 km²')
    """
    if not math.isfinite(km2):
        return "–"
    m2 = km2 * 1e6
    if m2 < 9_995:
        return f"{number(round(m2, -1), lang)} m²"
    if km2 < 0.9995:
        ha = m2 / 1e4
        return f"{number(ha, lang, 1 if ha < 9.95 else 0)} ha"
    return f"{number(km2, lang, 2 if km2 < 9.995 else 1)} km²"


def unit_text(measure: str, lang: str) -> str:
    """The words of a unit code of :data:`catalog.models.UNIT_NAMES`, lower case."""
    return UNIT_NAMES[measure]["es" if lang == "es" else "en"]


def category_words(codes: str, lang: str) -> str:
    labels = []
    for code in (c for c in codes.split(",") if c):
        cat = schema.CATEGORIES.get(code)
        text = code if cat is None else (cat.label_es if lang == "es" else cat.label_en)
        labels.append(text[:1].lower() + text[1:])
    if len(labels) <= 1:
        return "".join(labels)
    return f"{', '.join(labels[:-1])} {sentence('and', lang)} {labels[-1]}"


def text(row: Row, key: str) -> str:
    value = row.get(key, "")
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def num(row: Row, key: str) -> float | None:
    value = row.get(key, None)
    if not isinstance(value, int | float | str | np.number):
        return None
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(out) else out


def row_measure(row: Row) -> str:
    """The unit code of a top hot spot's figures (older rows without ``measure`` too)."""
    measure = text(row, "measure")
    if measure in UNIT_NAMES:
        return measure
    quantity = "harm" if text(row, "weight") == "harm" else "incidents"
    if text(row, "unit") == "area":  # a density area: per km², or per resident (no value)
        per_km2 = num(row, "value") is not None
        return f"{quantity}_per_km2" if per_km2 else f"{quantity}_per_100k_year"
    if text(row, "unit") == "neighborhood":
        return f"{quantity}_per_100k_year"
    return quantity


def explain_scale(scale: ScaleChoice, lang: str) -> list[str]:
    cell = scale.cell
    size = metres(cell.size, lang)
    nn = metres(cell.nearest_neighbour_m, lang) if math.isfinite(cell.nearest_neighbour_m) else ""
    parts = [sentence(f"cell.{cell.rule}", lang, size=size, nn=nn, max=number(MAX_CELLS, lang))]
    z = ""
    profile = scale.profile
    if profile is not None:
        idx = profile.first_peak if scale.distance_rule == "first_peak" else profile.max_peak
        if idx is not None:
            z = number(profile.z[idx], lang, 1)
    parts.append(
        sentence(
            f"distance.{scale.distance_rule}",
            lang,
            distance=metres(scale.distance, lang),
            z=z,
            k=scale.k,
        )
    )
    parts.append(sentence("neighbors", lang, k=number(scale.mean_neighbors, lang)))
    return parts
