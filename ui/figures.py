"""Headline figures as one HTML block: what a row of ``st.metric`` shows, in one element.

A page's summary beside its map holds four figures; as ``st.metric``
elements inside a horizontal container they are five elements for the
browser to mount on every visit (about 35 ms of the Map page's drawing at a
million incidents: ``benchmarks/page_latency.py``). :func:`show_figures`
draws them as one ``st.html`` block in ``st.metric``'s type sizes (with,
when asked, the summary's heading, its period and its notes): a label,
the value under it, the explanation (``help``) as the card's tooltip and
behind a circled question mark (Streamlit's own help mark), wrapping to the next row instead of cutting a figure.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

import streamlit as st

#: Style of the figures (scoped to their classes), after ``st.metric``'s.
_CSS = (
    "<style>"
    ".cv-figs{display:flex;flex-wrap:wrap;gap:0.75rem 1.5rem;margin:0.25rem 0 1rem 0}"
    ".cv-fig-label{font-size:0.875rem;color:rgb(49,51,63);margin-bottom:0.25rem}"
    ".cv-fig-help{display:inline-flex;align-items:center;justify-content:center;width:1rem;"
    "height:1rem;margin-left:0.35rem;border:1px solid rgba(49,51,63,0.6);border-radius:50%;"
    "font-size:0.7rem;color:rgba(49,51,63,0.6);cursor:help;vertical-align:middle}"
    ".cv-fig-value{font-size:2.25rem;line-height:1.2;color:rgb(49,51,63);white-space:nowrap}"
    ".cv-figs-title{font-size:1.75rem;font-weight:600;line-height:1.2;margin:0;padding:0.5rem 0 0.75rem 0}"
    ".cv-figs-note{font-size:0.875rem;color:rgba(49,51,63,0.6);margin:0 0 0.5rem 0}"
    "</style>"
)


@dataclass(frozen=True)
class Figure:
    """One headline figure: its label, its value as shown (already in the language), a help."""

    label: str
    value: str
    help: str | None = None


def figures_html(
    figures: Sequence[Figure],
    *,
    title: str | None = None,
    lead: str | None = None,
    notes: Sequence[str] = (),
) -> str:
    """The figures as HTML cards (text escaped), for ``st.html``.

    Parameters
    ----------
    figures
        The cards, in order.
    title
        A heading over them (a subheader's size), if any.
    lead
        A line in a caption's style between the heading and the cards.
    notes
        Lines in a caption's style under the cards.

    Examples
    --------
    >>> text = figures_html([Figure("Incidentes", "8.318"), Figure("Tasa", "1,0", "por <año>")])
    >>> '<div class="cv-fig-value">8.318</div>' in text, 'title="por &lt;año&gt;"' in text
    (True, True)
    """
    cards = []
    for figure in figures:
        label = html.escape(figure.label)
        tip = mark = ""
        if figure.help:
            tip = f' title="{html.escape(figure.help, quote=True)}"'
            mark = ' <span class="cv-fig-help" aria-hidden="true">?</span>'
        cards.append(
            f'<div class="cv-fig"{tip}><div class="cv-fig-label">{label}{mark}</div>'
            f'<div class="cv-fig-value">{html.escape(figure.value)}</div></div>'
        )
    head = "" if title is None else f'<h3 class="cv-figs-title">{html.escape(title)}</h3>'
    if lead is not None:
        head += f'<p class="cv-figs-note">{html.escape(lead)}</p>'
    body = f'<div class="cv-figs">{"".join(cards)}</div>' if cards else ""
    tail = "".join(f'<p class="cv-figs-note">{html.escape(n)}</p>' for n in notes)
    return f"{_CSS}{head}{body}{tail}"


def show_figures(
    figures: Sequence[Figure],
    *,
    title: str | None = None,
    lead: str | None = None,
    notes: Sequence[str] = (),
) -> None:
    """Draw :func:`figures_html` with ``st.html``: one element for a whole summary."""
    st.html(figures_html(figures, title=title, lead=lead, notes=notes))
