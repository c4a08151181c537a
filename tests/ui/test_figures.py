"""Headline figures as one HTML block (``ui.figures``): labels, values, help, escaped."""

from __future__ import annotations

import re

from ui.figures import Figure, figures_html


def test_each_figure_is_a_card_with_its_label_over_its_value() -> None:
    text = figures_html([Figure("Incidentes", "8.318"), Figure("Homicidios", "29")])
    cards = re.findall(
        r'<div class="cv-fig"><div class="cv-fig-label">(.*?)</div>'
        r'<div class="cv-fig-value">(.*?)</div></div>',
        text,
    )
    assert cards == [("Incidentes", "8.318"), ("Homicidios", "29")]
    assert text.count('<div class="cv-figs">') == 1  # one block, one element to draw


def test_a_help_is_the_cards_tooltip_and_text_is_escaped() -> None:
    text = figures_html([Figure("<b>Tasa</b>", "1,0", help='por 100.000 "hab."')])
    assert "<b>" not in text
    assert 'title="por 100.000 &quot;hab.&quot;"' in text
    assert "&lt;b&gt;Tasa&lt;/b&gt; <span" in text  # the help mark follows the label
    assert "cv-fig-help" not in figures_html([Figure("Incidentes", "8.318")]).split("</style>")[1]


def test_a_summary_block_carries_its_heading_period_and_notes_in_order() -> None:
    text = figures_html(
        [Figure("Incidentes", "8.318")],
        title="Resumen del periodo",
        lead="01/01/2018 a 31/12/2025",
        notes=["58 espacios públicos", "8 territorios <de gestores>"],
    )
    body = text.split("</style>")[1]
    assert body.startswith('<h3 class="cv-figs-title">Resumen del periodo</h3>')
    order = [body.index(s) for s in ("Resumen", "01/01/2018", "8.318", "58 espacios", "8 terr")]
    assert order == sorted(order)
    assert "&lt;de gestores&gt;" in body
    # with no figures (an empty period) the heading and the period stay, with no empty block
    empty = figures_html([], title="Resumen", lead="sin incidentes").split("</style>")[1]
    assert '<div class="cv-figs">' not in empty and "sin incidentes" in empty
