"""The Hot spots page's form: the method and its options, read from the widgets, as a spec.

:func:`controls` draws the method's select box and, beside it, a popover
holding what is counted and the method's own form (:data:`FORMS`, the
page's side of ``models.hotspots.REGISTRY``; the browser mounts those
widgets only when the planner opens it), and returns the spec (:func:`models.hotspots.spec_for`): a frozen dataclass that is
also the cache key of the analysis. Every widget keeps its key (``hs_method``,
``hs_cell``, …) so its value holds across runs and pages.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from geo import schema
from models.clusters import DBSCAN_MIN_SAMPLES, HDBSCAN_MIN_CLUSTER_SIZE
from models.hotspots import (
    METHODS,
    SHAPES,
    TIME_STEPS,
    UNITS,
    WEIGHTS,
    HotspotSpec,
    Method,
    spec_for,
)
from ui.i18n import t
from ui.widgets import coded_selectbox

#: A method's form: draws its widgets one under the other in the container given (the
#: options' popover) and returns its options.
Form = Callable[[Method, DeltaGenerator, bool, str], dict[str, Any]]


def _choice(
    col: DeltaGenerator,
    name: str,
    options: Sequence[str],
    lang: str,
    *,
    key: str,
    help: str | None,
) -> str:
    """A select box ``hotspots.<name>`` whose options read ``hotspots.<name>.<option>``."""
    return coded_selectbox(
        col,
        t(f"hotspots.{name}"),
        options,
        format_func=lambda o: t(f"hotspots.{name}.{o}", lang),
        key=key,
        help=help,
        lang=lang,
    )


def _metres(
    col: DeltaGenerator, name: str, *, low: float, high: float, step: float, key: str
) -> float | None:
    """A distance in metres ``hotspots.<name>``; empty means chosen from the data."""
    value = col.number_input(
        t(f"hotspots.{name}"),
        min_value=low,
        max_value=high,
        value=None,
        step=step,
        placeholder=t("hotspots.auto"),
        key=key,
        help=t(f"hotspots.{name}.help"),
    )
    return None if value is None else float(value)


def _count(col: DeltaGenerator, name: str, *, high: int, value: int, key: str) -> int:
    """A whole number ``hotspots.<name>`` from 2 to ``high``."""
    return int(
        col.number_input(
            t(f"hotspots.{name}"),
            min_value=2,
            max_value=high,
            value=value,
            step=1,
            key=key,
            help=t(f"hotspots.{name}.help"),
        )
    )


def _fdr(method: Method, col: DeltaGenerator) -> bool:
    """The false discovery rate toggle (its own key per method)."""
    return bool(
        col.toggle(
            t("hotspots.fdr"), value=True, key=f"hs_fdr_{method}", help=t("hotspots.fdr.help")
        )
    )


def _cells(method: Method, col: DeltaGenerator, lang: str) -> dict[str, Any]:
    """Cell shape, cell size, distance and FDR, one under the other in ``col``."""
    return {
        "shape": _choice(col, "shape", SHAPES, lang, key="hs_shape", help=None),
        "cell_size": _metres(col, "cell", low=10.0, high=5000.0, step=10.0, key="hs_cell"),
        "distance": _metres(col, "distance", low=10.0, high=20000.0, step=50.0, key="hs_distance"),
        "fdr": _fdr(method, col),
    }


def _gi_form(method: Method, box: DeltaGenerator, has_hoods: bool, lang: str) -> dict[str, Any]:
    """Gi*: cells, scale and FDR."""
    return _cells(method, box, lang)


def _lisa_form(method: Method, box: DeltaGenerator, has_hoods: bool, lang: str) -> dict[str, Any]:
    """LISA: cells (as Gi*) or neighbourhoods (with their population, then only FDR)."""
    units = _choice(
        box,
        "units",
        UNITS if has_hoods else UNITS[:1],
        lang,
        key="hs_units",
        help=t("hotspots.units.help"),
    )
    if units == "cells":
        return {"units": units, **_cells(method, box, lang)}
    return {"units": units, "fdr": _fdr(method, box)}


def _emerging_form(
    method: Method, box: DeltaGenerator, has_hoods: bool, lang: str
) -> dict[str, Any]:
    """Emerging: as Gi*, and the time step."""
    opts = _cells(method, box, lang)
    opts["time_step"] = _choice(
        box, "time_step", TIME_STEPS, lang, key="hs_step", help=t("hotspots.time_step.help")
    )
    return opts


def _kde_form(method: Method, box: DeltaGenerator, has_hoods: bool, lang: str) -> dict[str, Any]:
    """Kernel density: the search radius and per resident."""
    return {
        "bandwidth": _metres(
            box, "bandwidth", low=20.0, high=10000.0, step=50.0, key="hs_bandwidth"
        ),
        "per_resident": box.toggle(
            t("hotspots.per_resident"),
            value=False,
            disabled=not has_hoods,
            key="hs_per_resident",
            help=t("hotspots.per_resident.help"),
        ),
    }


def _dbscan_form(method: Method, box: DeltaGenerator, has_hoods: bool, lang: str) -> dict[str, Any]:
    """DBSCAN: the radius and the incidents that make a core."""
    return {
        "eps": _metres(box, "eps", low=5.0, high=5000.0, step=10.0, key="hs_eps"),
        "min_samples": _count(
            box, "min_samples", high=500, value=DBSCAN_MIN_SAMPLES, key="hs_min_samples"
        ),
    }


def _hdbscan_form(
    method: Method, box: DeltaGenerator, has_hoods: bool, lang: str
) -> dict[str, Any]:
    """HDBSCAN: the smallest cluster."""
    return {
        "min_cluster_size": _count(
            box,
            "min_cluster_size",
            high=2000,
            value=HDBSCAN_MIN_CLUSTER_SIZE,
            key="hs_min_cluster_size",
        )
    }


#: Each method's form (the page's side of ``models.hotspots.REGISTRY``).
FORMS: Mapping[Method, Form] = {
    "gi": _gi_form,
    "lisa": _lisa_form,
    "kde": _kde_form,
    "dbscan": _dbscan_form,
    "hdbscan": _hdbscan_form,
    "emerging": _emerging_form,
}


def controls(has_hoods: bool, lang: str) -> HotspotSpec:
    """Draw the method's widgets; returns the spec of the analysis they ask for.

    The labels of the options are fixed in ``lang`` when the widget is drawn (not looked
    up again later), so a widget's value reads the same outside a script run (AppTest).
    """
    top = st.columns([1.5, 2.5], vertical_alignment="bottom")
    method = _choice(
        top[0], "method", METHODS, lang, key="hs_method", help=t("hotspots.method.help")
    )
    code = next(m for m in METHODS if m == method)
    weighted = st.session_state.get("hs_weight", WEIGHTS[0])
    label = t("hotspots.options", weight=t(f"hotspots.weight.{weighted}", lang))
    with top[1].popover(label, icon=":material/tune:", key="hs_options") as box:
        weight = _choice(
            box,
            "weight",
            WEIGHTS,
            lang,
            key="hs_weight",
            help=t("hotspots.weight.help", homicide=schema.HARM_WEIGHTS["homicide"]),
        )
        opts = FORMS[code](code, box, has_hoods, lang)
    st.caption(t(f"hotspots.about.{code}"))
    return spec_for(code, weight=weight, **opts)
