"""Widgets whose value is a code and whose labels follow the session's language.

Streamlit 1.67 keeps a select box's value in the browser as its *displayed
label*. When the language changes, the labels change, the browser still
holds the old one, and the box goes on showing a Spanish label in the
English interface (or falls back to its default) until it is touched.

:func:`coded_selectbox` keeps the chosen *code* in the session and, on the
first run in a new language, gives it back to the widget through
``st.session_state``: Streamlit then sends the browser the code's label in
the new language, and the choice survives the switch.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from ui.i18n import language

#: Session-state key (a dict) of the last code chosen in each coded widget.
_CODES = "_cv_coded_values"
#: Session-state key (a dict) of the language each coded widget was last drawn in.
_LANGS = "_cv_coded_langs"


def _restore(key: str, options: Sequence[str], lang: str) -> None:
    """After a language switch, set the widget's remembered code again."""
    codes: dict[str, str] = st.session_state.setdefault(_CODES, {})
    langs: dict[str, str] = st.session_state.setdefault(_LANGS, {})
    drawn_in = langs.get(key)
    remembered = codes.get(key)
    if drawn_in is not None and drawn_in != lang and remembered in options:
        st.session_state[key] = remembered


def _remember(key: str, value: str, lang: str) -> None:
    st.session_state[_CODES][key] = value
    st.session_state[_LANGS][key] = lang


def coded_selectbox(
    container: Any,
    label: str,
    options: Sequence[str],
    *,
    key: str,
    format_func: Callable[[str], str],
    help: str | None = None,
    lang: str | None = None,
    **kwargs: Any,
) -> str:
    """A select box over ``options`` (codes) that shows ``format_func(code)``.

    Parameters
    ----------
    container
        Where to draw it (``st``, a column, ``st.sidebar``...).
    label
        The widget's label, already translated.
    options
        The codes to choose from; the return value is one of them.
    key
        A stable widget key (the same in every language).
    format_func
        The translated label of a code.
    help
        Tooltip text, already translated.
    lang
        The language the labels are in; ``None`` is the session's.
    **kwargs
        Passed to ``selectbox`` (``index`` for the first default...).

    Returns
    -------
    str
        The chosen code.
    """
    lang = lang or language()
    options = list(options)
    _restore(key, options, lang)
    value = container.selectbox(
        label, options, format_func=format_func, key=key, help=help, **kwargs
    )
    _remember(key, value, lang)
    return str(value)


def state_default(key: str, value: object) -> None:
    """Give a keyed widget its first value through the session state (kept once set).

    Setting ``value=`` on a widget whose key is in the state warns; pages set
    every default here before drawing their widgets instead.
    """
    if key not in st.session_state:
        st.session_state[key] = value
