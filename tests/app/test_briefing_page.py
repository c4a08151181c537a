"""The Briefing page (AppTest): the engine's figures, in both languages, and the PDF holds them."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest

import cli
from tests.app import pagetest

WORDS = {
    "es": {"title": "Informe a la Alcaldía: Ciudad Demo (sintética)", "banner": "Datos sintéticos"},
    "en": {"title": "Mayor's briefing: Ciudad Demo (sintética)", "banner": "Synthetic data"},
}


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_screen_and_the_pdf_hold_the_same_homicide_count_and_rate(
    small_workspace: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, lang: str
) -> None:
    at = pagetest.open_page(
        small_workspace,
        lang,
        monkeypatch,
        "pages/briefing.py",
        role="mayor_office",
        state={"briefing_written": "2025"},
    )
    pagetest.check_opened(at, WORDS[lang])
    figures = pagetest.figures(at)
    assert len(figures) == 4
    out = tmp_path / f"briefing-{lang}.pdf"
    argv = ["briefing", "--workspace", str(small_workspace), "--period", "2025"]
    assert cli.main([*argv, "--lang", lang, "--out", str(out)]) == 0
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(out).pages)
    text = " ".join(text.split())
    for label, value in figures.items():
        assert " ".join(label.split()) in text, label
        assert value in text, (label, value)
    headline = at.subheader[0].value
    assert " ".join(headline.split()) in text
    assert not pagetest.leaked(at, lang, ("briefing.",))
    assert [b.label for b in at.download_button] == [
        "Descargar el informe en PDF" if lang == "es" else "Download the briefing as a PDF"
    ]


def test_a_period_written_wrong_is_said_not_raised(
    small_workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = pagetest.open_page(
        small_workspace,
        "en",
        monkeypatch,
        "pages/briefing.py",
        role="mayor_office",
        state={"briefing_written": "2025-13"},
    )
    assert not at.exception, at.exception
    assert any("is not understood" in e.value for e in at.error)
