"""Transparency: the published picture of violence and convivencia, for the public.

No login. The page reads only published snapshots (:mod:`geo.snapshots`),
never the incidents: aggregates by neighbourhood and by cells of at least
500 m, counts under the minimum withheld along with what would give them
back, domestic and sexual violence only as citywide totals. It draws the
chosen snapshot (the latest by default; earlier ones stay available) with
:mod:`ui.public_view`: headline figures, the map, the table in
neighbourhood-name order (never a ranking), the monthly trends, what the city
is doing, the methodology and privacy rules, and the open-data files of
exactly what is shown.
"""

from __future__ import annotations

import streamlit as st

from ui import public_view as view
from ui.auth import public_workspace
from ui.i18n import language, t
from ui.router import ensure_routed


def main() -> None:
    ensure_routed()
    lang = language()
    st.title(t("public.title"))
    ws = public_workspace()
    listing = ws.snapshots() if ws is not None else None
    if ws is None or listing is None or not len(listing):
        st.info(t("public.none"))
        return
    snap, row = view.pick_snapshot(ws, listing, lang)
    view.banner_and_intro(snap, row, lang)
    view.figures(snap, lang)
    view.map_section(snap, lang)
    view.trend_section(snap, lang)
    view.doing_section(snap, lang)
    view.method_section(snap, row, lang)
    view.downloads(snap, row, ws.location, lang)


main()
