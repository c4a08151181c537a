"""Short tables that never cut a number and never read text as Markdown.

``st.table`` reads every header and cell as Markdown (a ``#`` header
becomes an empty heading, ``Gi*`` starts italics), and ``st.dataframe``
formats numbers with the *browser's* locale unless told otherwise. A short
summary table beside a map (a dozen rows to read, not to sort) does not
need ``st.dataframe``'s grid either: mounting one costs the browser about
50 ms, a tenth of what a map page may take (``benchmarks/page_latency.py``).
:func:`html_table` writes it as a plain HTML table, numbers in the
interface's separators (``3.361.650`` / ``3,361,650``) and right-aligned,
text escaped (it reads as written), for ``st.html``, which
:func:`show_table` draws.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import pandas as pd
import streamlit as st

from catalog.say import number

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
