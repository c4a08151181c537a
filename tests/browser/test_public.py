"""The Transparency page in Chromium, as the public: only published aggregates reach the browser.

Everything the browser receives is recorded (the page's websocket messages, every HTTP
response, the downloads) and searched for what must never leave the server: an
incident's coordinates, a gestor's name, a withheld count.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from playwright.sync_api import Browser, Page, Response, WebSocket
from scipy.spatial import cKDTree

from geo import snapshots
from geo.workspace import Workspace
from tests.browser.conftest import GESTOR_NAME, SERVED
from tests.browser.leaflet import wait_features

pytestmark = pytest.mark.browser

PAIR = re.compile(rb"\[\s*(-?\d{1,3}\.\d{4,})\s*,\s*(-?\d{1,3}\.\d{4,})\s*\]")


def _record(page: Page) -> tuple[list[bytes], list[Response]]:
    """Every websocket frame the page receives, and every HTTP response (read at the end)."""
    received: list[bytes] = []
    responses: list[Response] = []

    def on_socket(ws: WebSocket) -> None:
        ws.on("framereceived", lambda p: received.append(p if isinstance(p, bytes) else p.encode()))

    page.on("websocket", on_socket)
    page.on("response", lambda r: responses.append(r))
    return received, responses


def _bodies(responses: list[Response]) -> list[bytes]:
    out = []
    for response in responses:
        with contextlib.suppress(Exception):  # a redirect or an aborted request has no body
            out.append(response.body())
    return out


def test_the_public_page_sends_aggregates_only(page: Page, app_url: str, tmp_path: Path) -> None:
    received, responses = _record(page)
    page.goto(f"{app_url}/")
    page.get_by_role("heading", name="Transparencia: convivencia y seguridad").wait_for()
    page.get_by_text("Datos sintéticos de demostración").first.wait_for()
    assert wait_features(page, "cv-public-area") > 10
    ws = Workspace(SERVED["workspace"])
    snap = snapshots.load(ws)
    # the open data, as the public downloads it: withheld counts empty, the rest as published
    with page.expect_download() as download:
        page.get_by_role("button", name="neighborhoods.csv", exact=True).click()
    body = Path(download.value.path()).read_bytes()
    received.append(body)
    table = pd.read_csv(io.BytesIO(body), dtype={"area_id": str})
    hoods = snap.areas[snap.areas["geography"] == "neighborhood"].set_index("area_id")
    table = table.set_index("area_id")
    withheld = hoods["total"].isna()
    assert withheld.any() or hoods["homicide"].isna().any()
    for column in ("total", "homicide", "fight"):
        published = hoods[column].astype("Float64")
        got = table.loc[hoods.index, column].astype("Float64")
        assert (got.isna() == published.isna()).all(), column
        assert (got[published.notna()] == published[published.notna()]).all(), column
    page.get_by_text("Metodología y reglas de privacidad").click()
    page.get_by_text("Conteos pequeños.", exact=True).wait_for()
    # nothing received holds an incident's coordinates or a gestor's name
    blob = b"\n".join([*received, *_bodies(responses)])
    assert GESTOR_NAME.encode() not in blob
    assert b"Yurani" not in blob
    incidents = ws.read("incidents")
    xy = np.column_stack([incidents.geometry.x, incidents.geometry.y])
    pairs = np.array([[float(a), float(b)] for a, b in PAIR.findall(blob)])
    assert len(pairs) > 100  # the map's shapes did arrive
    tree = cKDTree(xy)
    for order in (pairs, pairs[:, ::-1]):  # GeoJSON's [lon, lat] and Leaflet's [lat, lon]
        near, _ = tree.query(order, k=1, distance_upper_bound=1e-6)
        assert np.isinf(near).all(), "an incident's coordinates reached the browser"


def test_the_public_page_on_a_phone(browser: Browser, app_url: str) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto(f"{app_url}/")
        page.get_by_role("heading", name="Transparencia: convivencia y seguridad").wait_for()
        assert wait_features(page, "cv-public-area") > 10
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 392, width  # no sideways scrolling on a phone
    finally:
        context.close()
