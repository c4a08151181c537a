"""The "technical detail" of a hot-spot result, in the interface's language.

The models explain their parameters in English sentences (``reason``) for
logs and the CLI; the page shows instead a two-column table built from the
parameters' *facts* (sizes, rules, counts, codes), each named and each coded
value translated through the catalogue (``hotspots.tech.*``). Numbers use the
language's separators.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import pandas as pd

from catalog.say import CATALOG, number
from models.hotspots import HotspotResult, Method
from ui.hotspot_downloads import LISA_KEYS
from ui.i18n import t

Row = tuple[str, str]


def _num(value: float, lang: str, decimals: int = 0) -> str:
    return number(value, lang, decimals)


def _code(prefix: str, code: object, lang: str) -> str:
    """The catalogue's word for a code (``prefix + code``), or the code itself."""
    key = f"{prefix}{code}"
    return t(key, lang) if key in CATALOG else str(code)


def _metres(value: float, lang: str) -> str:
    return f"{_num(value, lang)} m"


def _yes_no(flag: object, lang: str) -> str:
    return t("hotspots.tech.yes" if flag else "hotspots.tech.no", lang)


def _scale_rows(scale: object, shape: object, lang: str) -> list[Row]:
    """Cell shape, size and distance, with the rule that chose each."""
    cell = getattr(scale, "cell", None)
    rows: list[Row] = []
    if shape:
        rows.append((t("hotspots.shape", lang), _code("hotspots.shape.", shape, lang)))
    if cell is not None:
        rows.append((t("hotspots.tech.cell", lang), _metres(cell.size, lang)))
        rows.append(
            (t("hotspots.tech.cell_rule", lang), _code("hotspots.tech.rule.", cell.rule, lang))
        )
        if math.isfinite(getattr(cell, "nearest_neighbour_m", math.nan)):
            rows.append((t("hotspots.tech.nn", lang), _metres(cell.nearest_neighbour_m, lang)))
    distance = getattr(scale, "distance", None)
    if distance is not None:
        rows.append((t("hotspots.tech.distance", lang), _metres(distance, lang)))
        rule = getattr(scale, "distance_rule", "")
        rows.append(
            (t("hotspots.tech.distance_rule", lang), _code("hotspots.tech.rule.", rule, lang))
        )
        rows.append(
            (
                t("hotspots.tech.mean_neighbors", lang),
                _num(getattr(scale, "mean_neighbors", 0), lang, 1),
            )
        )
    return rows


def _counted(p: object, names: list[tuple[str, str]], lang: str) -> list[Row]:
    """``(attribute, catalogue key)`` pairs of whole numbers present on ``p``."""
    return [
        (t(key, lang), _num(getattr(p, attr), lang))
        for attr, key in names
        if getattr(p, attr, None) is not None
    ]


def _gi(result: HotspotResult, lang: str) -> list[Row]:
    p = result.parameters
    rows = _scale_rows(getattr(p, "scale", None), getattr(p, "shape", ""), lang)
    rows.append((t("hotspots.fdr", lang), _yes_no(getattr(p, "fdr", False), lang)))
    return rows + _counted(
        p,
        [
            ("n_cells", "hotspots.metric.cells"),
            ("n_outside", "hotspots.tech.n_outside"),
            ("n_hot", "hotspots.metric.hot"),
            ("n_cold", "hotspots.metric.cold"),
        ],
        lang,
    )


def _lisa(result: HotspotResult, lang: str) -> list[Row]:
    p = result.parameters
    rows = [(t("hotspots.units", lang), _code("hotspots.units.", getattr(p, "units", ""), lang))]
    scale = getattr(p, "scale", None)
    if scale is not None:
        rows += _scale_rows(scale, "", lang)
    else:
        rows.append((t("hotspots.tech.neighbours", lang), t("hotspots.tech.queen", lang)))
    rows.append((t("hotspots.tech.permutations", lang), _num(getattr(p, "permutations", 0), lang)))
    rows.append((t("hotspots.tech.seed", lang), str(getattr(p, "seed", ""))))
    rows.append((t("hotspots.tech.alpha", lang), _num(getattr(p, "alpha", 0.0), lang, 2)))
    rows.append((t("hotspots.fdr", lang), _yes_no(getattr(p, "fdr", False), lang)))
    rows.append(
        (
            t(f"hotspots.metric.{getattr(p, 'units', 'cells')}", lang),
            _num(getattr(p, "n_features", 0), lang),
        )
    )
    for code, n in dict(getattr(p, "counts", {}) or {}).items():
        if code in LISA_KEYS:
            rows.append((t(LISA_KEYS[code], lang), _num(n, lang)))
    return rows


def _kde(result: HotspotResult, lang: str) -> list[Row]:
    p = result.parameters
    levels = ", ".join(f"{_num(100 * v, lang)} %" for v in getattr(p, "levels", ()))
    return [
        (t("hotspots.metric.bandwidth", lang), _metres(getattr(p, "bandwidth", 0.0), lang)),
        (
            t("hotspots.tech.bandwidth_rule", lang),
            _code("hotspots.tech.rule.", getattr(p, "rule", ""), lang),
        ),
        (t("hotspots.tech.unit", lang), _code("hotspots.tech.unit.", getattr(p, "unit", ""), lang)),
        (t("hotspots.tech.resolution", lang), _metres(getattr(p, "resolution", 0.0), lang)),
        (t("hotspots.tech.levels", lang), levels),
    ]


def _cluster_rows(result: HotspotResult, lang: str) -> list[Row]:
    """What both clustering methods report: the hull and the counts."""
    p = result.parameters
    hull = (
        t("hotspots.tech.hull", lang),
        _code("hotspots.tech.hull.", getattr(p, "hull", ""), lang),
    )
    return [hull] + _counted(
        p,
        [("n_clusters", "hotspots.metric.clusters"), ("n_noise", "hotspots.tech.n_noise")],
        lang,
    )


def _dbscan(result: HotspotResult, lang: str) -> list[Row]:
    p = result.parameters
    return [
        (t("hotspots.eps", lang), _num(getattr(p, "eps", 0.0), lang)),
        (t("hotspots.min_samples", lang), _num(getattr(p, "min_samples", 0), lang)),
        *_cluster_rows(result, lang),
    ]


def _hdbscan(result: HotspotResult, lang: str) -> list[Row]:
    size = getattr(result.parameters, "min_cluster_size", 0)
    return [(t("hotspots.min_cluster_size", lang), _num(size, lang)), *_cluster_rows(result, lang)]


def _emerging(result: HotspotResult, lang: str) -> list[Row]:
    p = result.parameters
    rows = _scale_rows(getattr(p, "scale", None), result.shape, lang)
    periods = tuple(getattr(p, "periods", ()))
    rows.append(
        (t("hotspots.time_step", lang), _code("hotspots.time_step.", getattr(p, "freq", ""), lang))
    )
    if periods:
        rows.append(
            (
                t("hotspots.tech.periods", lang),
                f"{_num(len(periods), lang)} ({periods[0]} – {periods[-1]})",
            )
        )
    rows.append((t("hotspots.tech.window", lang), _num(getattr(p, "time_step_window", 0), lang)))
    rows.append(
        (
            t("hotspots.tech.confidence", lang),
            f"{_num(100 * getattr(p, 'confidence', 0.0), lang)} %",
        )
    )
    rows.append(
        (t("hotspots.tech.trend_alpha", lang), _num(getattr(p, "trend_alpha", 0.0), lang, 2))
    )
    rows.append(
        (
            t("hotspots.tech.reference", lang),
            _code("hotspots.tech.reference.", getattr(p, "reference", ""), lang),
        )
    )
    rows.append((t("hotspots.fdr", lang), _yes_no(getattr(p, "fdr", False), lang)))
    return rows + _counted(
        p, [("n_cells", "hotspots.metric.cells"), ("n_outside", "hotspots.tech.n_outside")], lang
    )


#: Each method's rows of the technical table (the page's side of ``models.hotspots.REGISTRY``).
TECHNICAL: Mapping[Method, Callable[[HotspotResult, str], list[Row]]] = {
    "gi": _gi,
    "lisa": _lisa,
    "kde": _kde,
    "dbscan": _dbscan,
    "hdbscan": _hdbscan,
    "emerging": _emerging,
}


def technical_table(result: HotspotResult, lang: str) -> pd.DataFrame:
    """The parameters of a hot-spot result, named and translated.

    Parameters
    ----------
    result
        A hot-spot result.
    lang
        ``"es"`` or ``"en"``.

    Returns
    -------
    pandas.DataFrame
        Two columns, ``hotspots.tech.col.name`` and ``hotspots.tech.col.value``
        in ``lang``, one row per fact; every value a string.
    """
    rows: list[Row] = [
        (t("hotspots.method", lang), _code("hotspots.method.", result.method, lang)),
        (t("hotspots.tech.counted", lang), _code("hotspots.weight.", result.weight, lang)),
        (t("hotspots.tech.crs", lang), result.crs),
        (t("hotspots.tech.period", lang), f"{result.start:%d/%m/%Y} – {result.end:%d/%m/%Y}"),
        (t("hotspots.metric.incidents", lang), _num(result.n_incidents, lang)),
    ]
    rows += TECHNICAL[result.method](result, lang)
    return pd.DataFrame(
        rows, columns=[t("hotspots.tech.col.name", lang), t("hotspots.tech.col.value", lang)]
    )


def show_failure(exc: Exception, n: int, lang: str) -> None:
    """Say, in ``lang``, why an analysis could not run; the program's own text as detail.

    Parameters
    ----------
    exc
        What the analysis raised (a ``ValueError``).
    n
        Incidents passing the filters (fewer than 3: the filters are too narrow).
    lang
        ``"es"`` or ``"en"``.
    """
    import streamlit as st

    from models.emerging import CubeTooSmall

    if n < 3:
        st.info(t("hotspots.too_few", lang, n=n))
        return
    if isinstance(exc, CubeTooSmall):
        st.info(t(f"hotspots.error.{exc.code}", lang, n=exc.n, need=exc.need))
        return
    st.info(t("hotspots.error.other", lang))
    with st.expander(t("hotspots.error.original", lang)):
        st.code(str(exc), language=None)
