"""Publish (planners and administrators): what the public will see, then a new version of it.

The planner picks the window, the period step, the minimum count and the
cell size; the page builds the snapshot without storing it
(:func:`ui.cache.snapshot_preview`) and says how many counts it publishes
and withholds, and why, before anything reaches the public. Publishing keeps
it as the next version of the configured workspace
(:func:`geo.snapshots.publish`: written aside, then switched in), the one
the Transparency page reads; earlier versions stay.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from catalog.say import error_text, number
from geo import settings, snapshots
from geo.disclosure import DisclosureError
from geo.errors import MissingLayerError
from geo.publish import Snapshot
from geo.workspace import SNAPSHOT_COLUMNS
from ui.auth import home_workspace, require, user_name
from ui.cache import snapshot_preview
from ui.i18n import language, t
from ui.router import ensure_routed
from ui.state import synthetic_banner
from ui.tables import html_table
from ui.widgets import coded_selectbox

STEPS = ("M", "Q", "Y")
#: What a preview is cached on: workspace, content, window, step, minimum count, cell side.
Key = tuple[str, str, date, date, str, int, float]


def _counts(snap: Snapshot) -> pd.DataFrame:
    """Per table: counts published and withheld (the rows the Publish page shows)."""
    rows = [(t(f"publish.table.{name}"), *figures) for name, figures in snap.tally().items()]
    return pd.DataFrame(
        rows,
        columns=[
            t("publish.col.table"),
            t("publish.col.rows"),
            t("publish.col.published"),
            t("publish.col.withheld"),
        ],
    )


def _publish(path: str, key: Key) -> None:
    """The button's callback: keep the previewed snapshot as the next version."""
    ws = home_workspace()
    if ws is None or ws.location != path or not require("planner"):
        return  # a callback runs before app.py checks the session
    snap = snapshot_preview(*key)
    version = snapshots.publish(ws, snap, published_by=user_name() or "app")
    st.session_state["publish_done"] = version


def main() -> None:
    ensure_routed()
    lang = language()
    st.title(t("publish.title"))
    ws = home_workspace()
    if ws is None:
        st.info(t("sidebar.no_workspace"))
        return
    synthetic_banner(ws)
    st.caption(t("publish.intro", workspace=ws.label))
    done = st.session_state.pop("publish_done", None)
    if done:
        st.success(t("publish.done", version=int(done)))
    try:
        lo, hi = snapshots.default_window(ws)
    except MissingLayerError:
        st.info(t("missing.layer", layer=t("layer.incidents"), adds=t("adds.incidents")))
        return
    left, mid, right = st.columns(3)
    window = left.date_input(
        t("publish.window"),
        value=(lo, hi),
        key="publish_window",
        format="DD/MM/YYYY",
        help=t("publish.window.help"),
    )
    start, end = window if isinstance(window, tuple) and len(window) == 2 else (lo, hi)
    step = coded_selectbox(
        mid,
        t("publish.step"),
        STEPS,
        format_func=lambda s: t(f"publish.step.{s}"),
        key="publish_step",
    )
    k = right.number_input(
        t("publish.min_count"),
        min_value=2,
        max_value=50,
        value=int(settings.publish_min_count),
        step=1,
        key="publish_k",
        help=t("publish.min_count.help"),
    )
    cell = right.number_input(
        t("publish.cell"),
        min_value=500.0,
        max_value=5000.0,
        value=float(settings.publish_cell_m),
        step=100.0,
        format="%.0f",
        key="publish_cell",
        help=t("publish.cell.help"),
    )
    key: Key = (ws.location, ws.content_hash, start, end, str(step), int(k), float(cell))
    try:
        with st.spinner(t("publish.building")):
            snap = snapshot_preview(*key)
    except (DisclosureError, MissingLayerError, ValueError) as exc:
        st.error(error_text(exc, "publish", lang))
        return
    st.subheader(t("publish.preview"))
    st.html(html_table(_counts(snap), lang))
    st.caption(
        t(
            "publish.preview.note",
            k=int(k),
            incidents=number(snap.count() or 0, lang),
        )
    )
    with st.expander(t("publish.method")):
        st.markdown(str(snap.meta[f"methodology_{lang}"]))
    listing = ws.snapshots()
    next_version = int(listing["version"].max()) + 1 if len(listing) else 1
    earlier = snapshots.unprotected_overlaps(ws, snap)
    allowed = True
    if earlier:
        st.warning(t("publish.overlap", versions=", ".join(str(v) for v in earlier)))
        allowed = st.checkbox(t("publish.overlap.confirm"), key="publish_overlap")
    st.button(
        t("publish.button", version=next_version),
        type="primary",
        on_click=_publish,
        args=(ws.location, key),
        key="publish_button",
        disabled=not allowed,
    )
    if len(listing):
        st.subheader(t("publish.history"))
        shown = listing[[c for c in SNAPSHOT_COLUMNS if c != "content_hash"]].copy()
        shown["cell_m"] = pd.to_numeric(shown["cell_m"], errors="coerce")
        shown["min_count"] = pd.to_numeric(shown["min_count"], errors="coerce")
        shown["published_at"] = shown["published_at"].str.slice(0, 16).str.replace("T", " ")
        shown["step"] = [t(f"publish.step.{s}") for s in shown["step"]]
        shown = shown.sort_values("version", ascending=False)
        shown.columns = [t(f"publish.col.{c}") for c in shown.columns]
        st.html(html_table(shown, lang))


main()
