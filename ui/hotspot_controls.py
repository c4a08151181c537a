"""The Hot spots page's form: the method and its options, read from the widgets.

:func:`controls` draws the widgets of the chosen method and returns the
method with the options it takes, ready for :func:`models.hotspots.run_hotspots`
(the page sorts them into the cache key). Every widget keeps its key
(``hs_method``, ``hs_cell``, …) so its value holds across runs and pages.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from geo import schema
from models.clusters import DBSCAN_MIN_SAMPLES, HDBSCAN_MIN_CLUSTER_SIZE
from models.hotspots import METHODS, TIME_STEPS
from ui.i18n import t
from ui.widgets import coded_selectbox

#: The methods whose result is a grid of cells (or, for LISA, neighbourhoods).
CELL_METHODS = ("gi", "lisa", "emerging")


def _choice(
    col: object, name: str, options: Sequence[str], lang: str, *, key: str, help: str | None
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


def _metres(col: object, name: str, *, low: float, high: float, step: float, key: str) -> object:
    """A distance in metres ``hotspots.<name>``; empty means chosen from the data."""
    return col.number_input(  # type: ignore[attr-defined]
        t(f"hotspots.{name}"),
        min_value=low,
        max_value=high,
        value=None,
        step=step,
        placeholder=t("hotspots.auto"),
        key=key,
        help=t(f"hotspots.{name}.help"),
    )


def _count(col: object, name: str, *, high: int, value: int, key: str) -> int:
    """A whole number ``hotspots.<name>`` from 2 to ``high``."""
    return int(
        col.number_input(  # type: ignore[attr-defined]
            t(f"hotspots.{name}"),
            min_value=2,
            max_value=high,
            value=value,
            step=1,
            key=key,
            help=t(f"hotspots.{name}.help"),
        )
    )


def controls(has_hoods: bool, lang: str) -> tuple[str, dict[str, object]]:
    """Draw the method's widgets; returns the method and the options for ``run_hotspots``.

    The labels of the options are fixed in ``lang`` when the widget is drawn (not looked
    up again later), so a widget's value reads the same outside a script run (AppTest).
    """
    top = st.columns([1.5, 1.3, 1, 1, 1])
    method = _choice(
        top[0], "method", METHODS, lang, key="hs_method", help=t("hotspots.method.help")
    )
    opts: dict[str, object] = {}
    opts["weight"] = _choice(
        top[1],
        "weight",
        ["count", "harm"],
        lang,
        key="hs_weight",
        help=t("hotspots.weight.help", homicide=schema.HARM_WEIGHTS["homicide"]),
    )
    if method in CELL_METHODS:
        units = "cells"
        if method == "lisa":
            units = _choice(
                top[2],
                "units",
                ["cells", "neighborhoods"] if has_hoods else ["cells"],
                lang,
                key="hs_units",
                help=t("hotspots.units.help"),
            )
            opts["units"] = units
        if units == "cells":
            opts["shape"] = _choice(
                top[3 if method == "lisa" else 2],
                "shape",
                ["square", "hex"],
                lang,
                key="hs_shape",
                help=None,
            )
            row = st.columns([1.5, 1.3, 1.5, 1.2, 0.5])
            opts["cell_size"] = _metres(
                row[0], "cell", low=10.0, high=5000.0, step=10.0, key="hs_cell"
            )
            opts["distance"] = _metres(
                row[1], "distance", low=10.0, high=20000.0, step=50.0, key="hs_distance"
            )
            fdr_col = row[2]
            if method == "emerging":
                opts["time_step"] = _choice(
                    row[3],
                    "time_step",
                    TIME_STEPS,
                    lang,
                    key="hs_step",
                    help=t("hotspots.time_step.help"),
                )
        else:
            fdr_col = top[3]
        opts["fdr"] = fdr_col.toggle(
            t("hotspots.fdr"),
            value=True,
            key=f"hs_fdr_{method}",
            help=t("hotspots.fdr.help"),
        )
    elif method == "kde":
        opts["bandwidth"] = _metres(
            top[2], "bandwidth", low=20.0, high=10000.0, step=50.0, key="hs_bandwidth"
        )
        opts["per_resident"] = top[3].toggle(
            t("hotspots.per_resident"),
            value=False,
            disabled=not has_hoods,
            key="hs_per_resident",
            help=t("hotspots.per_resident.help"),
        )
    elif method == "dbscan":
        opts["eps"] = _metres(top[2], "eps", low=5.0, high=5000.0, step=10.0, key="hs_eps")
        opts["min_samples"] = _count(
            top[3], "min_samples", high=500, value=DBSCAN_MIN_SAMPLES, key="hs_min_samples"
        )
    else:  # hdbscan
        opts["min_cluster_size"] = _count(
            top[2],
            "min_cluster_size",
            high=2000,
            value=HDBSCAN_MIN_CLUSTER_SIZE,
            key="hs_min_cluster_size",
        )
    st.caption(t(f"hotspots.about.{method}"))
    return method, opts
