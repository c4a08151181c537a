"""The briefing's PDF: the figures on the screen are the figures in the PDF (its extracted text)."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from catalog.say import say
from geo.workspace import Workspace
from models.briefing import Briefing, BriefingInputs, briefing, briefing_text, parse_period
from reports.briefing_pdf import render_pdf


@pytest.fixture(scope="module")
def brief(small_workspace: Path) -> Briefing:
    inputs = BriefingInputs.from_workspace(Workspace(small_workspace))
    return briefing(inputs, parse_period("2025-01..2025-12"))


@pytest.fixture(scope="module")
def pdfs(brief: Briefing) -> dict[str, bytes]:
    return {lang: render_pdf(brief, lang) for lang in ("es", "en")}


def _text(pdf: bytes) -> str:
    """The PDF's text, every run of white space one space."""
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_pdf_holds_the_screens_figures(
    brief: Briefing, pdfs: dict[str, bytes], lang: str
) -> None:
    pdf = pdfs[lang]
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    assert 1 <= len(reader.pages) <= 2
    text = _text(pdf)
    t = briefing_text(brief, lang)
    # the homicide count and rate as the screen writes them, in the headline and the figures
    assert t.headline in text
    assert f"{say('briefing.fig.count', lang, period=t.period)} {t.count}" in text
    assert f"{say('briefing.fig.rate', lang, period=t.period)} {t.rate}" in text
    assert f"{t.count_before} ({t.rate_before})" in text
    # the period, its label, the synthetic warning, the methodology
    assert t.period in text and f"{t.label}" in text and "2025-01..2025-12" in text
    assert t.synthetic and t.synthetic in text
    assert say("briefing.section.method", lang) in text
    for line in t.hotspots[:2]:
        assert line in text


def test_the_languages_write_their_own_numbers(brief: Briefing, pdfs: dict[str, bytes]) -> None:
    es, en = _text(pdfs["es"]), _text(pdfs["en"])
    rate_es, rate_en = briefing_text(brief, "es").rate, briefing_text(brief, "en").rate
    assert "," in rate_es and "." in rate_en  # the demo's rate has a decimal
    assert "Informe a la Alcaldía" in es and "Mayor's briefing" in en
    assert "Mayor's briefing" not in es


def test_the_pdf_has_the_chart_and_the_map(pdfs: dict[str, bytes]) -> None:
    reader = PdfReader(io.BytesIO(pdfs["en"]))
    images = [image for page in reader.pages for image in page.images]
    assert len(images) >= 2  # the 12-month chart and the map
    assert all(image.image is not None and image.image.width > 300 for image in images)


def test_the_pdf_is_deterministic(brief: Briefing, pdfs: dict[str, bytes]) -> None:
    assert render_pdf(brief, "en") == pdfs["en"]


def test_a_citys_own_data_carry_no_synthetic_warning(brief: Briefing) -> None:
    text = _text(render_pdf(replace(brief, synthetic=False), "en"))
    assert "SYNTHETIC" not in text
    assert briefing_text(brief, "en").headline in text
