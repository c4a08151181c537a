"""Tables that never cut a number and never read text as Markdown.

``st.dataframe`` formats numbers with the *browser's* locale unless told
otherwise, and sizes a column to its header; ``st.table`` reads every header
and cell as Markdown (a ``#`` header becomes an empty heading, ``Gi*`` starts
italics). :func:`numbers_in` gives ``st.dataframe`` a pandas ``Styler``
whose display values use the interface's separators (``3.361.650`` /
``3,361,650``) while the data stay numbers (sorting still works), plus
column widths wide enough for the longest formatted value.
:func:`plain_markdown` escapes text meant for ``st.table``.

A short summary table beside a map (a dozen rows to read, not to sort)
does not need ``st.dataframe``'s grid: mounting one costs the browser about
50 ms, a tenth of what a map page may take (``benchmarks/page_latency.py``).
:func:`html_table` writes it as a plain HTML table (numbers formatted and
right-aligned, text escaped) for ``st.html``, which :func:`show_table`
draws.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

from catalog.say import number, separators

_MARKDOWN = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~])")

#: Pixels per character of a table cell (Streamlit's 14 px sans-serif, with room).
_PX_PER_CHAR = 8.5
#: Padding of a cell, in pixels.
_PADDING_PX = 28


def plain_markdown(text: object) -> str:
    """``text`` with Markdown's special characters escaped (it reads as written)."""
    return _MARKDOWN.sub(r"\\\1", str(text))


def plain_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose headers and text cells are escaped for ``st.table``."""
    out = frame.rename(columns={c: plain_markdown(c) for c in frame.columns})
    for column in out.columns:
        # pandas 3 stores text as its `str` dtype, older frames as `object`
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(lambda v: plain_markdown(v) if isinstance(v, str) else v)
    return out


def numbers_in(
    frame: pd.DataFrame,
    lang: str,
    *,
    decimals: Mapping[str, int] | None = None,
) -> tuple[Any, dict[str, Any]]:
    """``frame`` ready for ``st.dataframe``: a Styler and a ``column_config``.

    Parameters
    ----------
    frame
        The table, numbers as numbers.
    lang
        ``"es"`` (``1.234,5``) or ``"en"`` (``1,234.5``).
    decimals
        Decimals per numeric column; a numeric column not named gets 0.

    Returns
    -------
    tuple
        The ``pandas.io.formats.style.Styler`` to pass as data, and the
        ``column_config`` giving each numeric column a width (pixels) that
        fits its header's longest word and its longest formatted value.
    """
    thousands, decimal = separators(lang)
    places = dict(decimals or {})
    numeric = [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])]
    styler = frame.style
    config: dict[str, Any] = {}
    for column in numeric:
        n = int(places.get(column, 0))
        styler = styler.format(
            precision=n, thousands=thousands, decimal=decimal, subset=[column], na_rep="–"
        )
        values = frame[column].dropna()
        longest = max((len(f"{abs(float(v)):,.{n}f}") + (v < 0) for v in values), default=1)
        word = max((len(w) for w in str(column).split()), default=1)
        width = int(max(longest, word) * _PX_PER_CHAR + _PADDING_PX)
        config[column] = st.column_config.NumberColumn(width=width)
    return styler.hide(axis="index"), config


#: Style of :func:`html_table`'s tables (scoped to their class), after Streamlit's own table.
_TABLE_CSS = (
    "<style>"
    ".cv-table{border-collapse:collapse;width:100%;font-size:0.875rem;margin-bottom:1rem}"
    ".cv-table th,.cv-table td{padding:0.25rem 0.5rem;border-bottom:1px solid rgba(49,51,63,0.1)}"
    ".cv-table th{text-align:left;font-weight:600;color:rgba(49,51,63,0.7);vertical-align:bottom}"
    ".cv-table td.n,.cv-table th.n{text-align:right;font-variant-numeric:tabular-nums}"
    ".cv-table-title{font-weight:600;margin:0.5rem 0 0.25rem 0}"
    "</style>"
)


def html_table(
    frame: pd.DataFrame,
    lang: str,
    *,
    decimals: Mapping[str, int] | None = None,
    title: str | None = None,
) -> str:
    """``frame`` as an HTML table: numbers in ``lang`` and right-aligned, text escaped.

    Parameters
    ----------
    frame
        The table, numbers as numbers; its index is not shown.
    lang
        ``"es"`` (``1.234,5``) or ``"en"`` (``1,234.5``).
    decimals
        Decimals per numeric column; a numeric column not named gets 0.
    title
        A heading shown in bold above the table (escaped), if any.

    Returns
    -------
    str
        A ``<table class="cv-table">`` with its style, for ``st.html``;
        a missing number shows as ``–``. Several can share one ``st.html``.

    Examples
    --------
    >>> frame = pd.DataFrame({"Barrio": ["<b>Centro</b>"], "Daño": [1234.56]})
    >>> text = html_table(frame, "es", decimals={"Daño": 1})
    >>> "&lt;b&gt;Centro&lt;/b&gt;" in text, '<td class="n">1.234,6</td>' in text
    (True, True)
    """
    places = dict(decimals or {})
    numeric = {
        c
        for c in frame.columns
        if pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
    }

    def head(column: object) -> str:
        align = ' class="n"' if column in numeric else ""
        return f"<th{align}>{html.escape(str(column))}</th>"

    rows = []
    for values in frame.itertuples(index=False, name=None):
        cells = []
        for column, value in zip(frame.columns, values, strict=True):
            if column in numeric:
                cells.append(f'<td class="n">{number(value, lang, places.get(column, 0))}</td>')
            else:
                missing = not isinstance(value, str) and bool(pd.isna(value))
                text = "" if missing else str(value)
                cells.append(f"<td>{html.escape(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    header = "<tr>" + "".join(head(c) for c in frame.columns) + "</tr>"
    heading = "" if title is None else f'<p class="cv-table-title">{html.escape(title)}</p>'
    return (
        f'{_TABLE_CSS}{heading}<table class="cv-table"><thead>{header}</thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def show_table(
    frame: pd.DataFrame, lang: str, *, decimals: Mapping[str, int] | None = None
) -> None:
    """Draw :func:`html_table` of ``frame`` with ``st.html``."""
    st.html(html_table(frame, lang, decimals=decimals))
