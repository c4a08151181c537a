"""The Evaluation page in a real browser: who was treated on the map, the headline, the event
study drawn offline and its CSV, in Spanish and then in English.

The server evaluates once (the default permutations: seconds); the switch to English reuses
the cached result, so the second language costs only a redraw.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import Page

from catalog.say import number, say
from geo.workspace import Workspace
from models.evaluation import EvaluationInputs, EvaluationSpec, panel, treatment
from tests.browser.conftest import open_signed_in
from tests.browser.leaflet import wait_features

pytestmark = pytest.mark.browser

EVENT_HEADER = "rel,reference,binned,estimate,ci_low,ci_high,coef,se,p"
#: The first run estimates everything, randomisation included: allow for a loaded machine.
RESULT_TIMEOUT = 180_000


def _check(page: Page, lang: str, barrios: int, treated: int) -> None:
    """The page in ``lang``: the map, the headline, the chart and the event study's CSV."""
    page.get_by_role("heading", name=say("evaluation.page.title", lang)).first.wait_for()
    # every barrio drawn, coloured by its group (the legend's title names the language's map)
    legend = say("evaluation.page.layer.groups", lang)
    assert wait_features(page, "cv-ev-group", legend, timeout=RESULT_TIMEOUT) == barrios
    # the headline sentence: the treated barrios' count and a percentage
    result = page.get_by_role("heading", name=say("evaluation.page.result", lang)).first
    result.wait_for(timeout=RESULT_TIMEOUT)
    with_ = say("evaluation.with.territories", lang)  # "con gestores": this language's sentence
    info = page.locator('[data-testid="stAlertContentInfo"]', has_text=with_).first
    info.wait_for()
    text = info.inner_text()
    assert f" {number(treated, lang)} barrios " in text, text
    assert "%" in text
    # the event study, drawn by Vega (bundled with Streamlit)
    chart = page.locator(".vega-embed").first
    chart.wait_for()
    chart.locator("canvas, svg").first.wait_for(state="visible")
    # its table, downloaded as a planner would
    page.get_by_role("button", name=say("evaluation.page.download", lang), exact=True).click()
    with page.expect_download() as download:
        page.get_by_role(
            "button", name=say("evaluation.page.download.event", lang), exact=True
        ).click()
    body = Path(download.value.path()).read_text(encoding="utf-8")
    assert body.splitlines()[0] == EVENT_HEADER
    table = pd.read_csv(io.StringIO(body))
    assert table.loc[table["reference"], "rel"].tolist() == [-1]
    page.keyboard.press("Escape")


def test_the_evaluation_in_spanish_then_english(
    page: Page, app_url: str, small_workspace: Path, external_requests: list[str]
) -> None:
    inputs = EvaluationInputs.from_workspace(Workspace(small_workspace))
    spec = EvaluationSpec()
    treated = len(panel(inputs, spec, treatment(inputs, spec)).units("treated"))
    barrios = len(inputs.hoods)

    open_signed_in(page, f"{app_url}/evaluation")
    _check(page, "es", barrios, treated)
    page.get_by_text("English", exact=True).click()
    _check(page, "en", barrios, treated)
    assert external_requests == [], external_requests
