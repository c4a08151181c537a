"""Tables that never cut a number and never read text as Markdown.

``st.dataframe`` formats numbers with the *browser's* locale unless told
otherwise, and sizes a column to its header; ``st.table`` reads every header
and cell as Markdown (a ``#`` header becomes an empty heading, ``Gi*`` starts
italics). :func:`numbers_in` gives ``st.dataframe`` a pandas ``Styler``
whose display values use the interface's separators (``3.361.650`` /
``3,361,650``) while the data stay numbers (sorting still works), plus
column widths wide enough for the longest formatted value.
:func:`plain_markdown` escapes text meant for ``st.table``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

from catalog.say import separators

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
