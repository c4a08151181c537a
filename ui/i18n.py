"""The catalogue in the session's language, for Streamlit.

The words are in :mod:`catalog` (one module per area, data only) and are
said by :func:`catalog.say.say`; this module adds what depends on the
session: its language (:func:`language`), :func:`t` (``say`` in that
language), ``format_func`` labelers and language-keyed widgets. Numbers go
through :func:`catalog.say.number`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import streamlit as st

from catalog.app import Language
from catalog.say import say
from geo import settings


def language() -> Language:
    """The current session's language (``"es"`` or ``"en"``; Spanish unless English is chosen)."""
    lang = st.session_state.get("lang", settings.language)
    return "en" if lang == "en" else "es"


def t(key: str, lang: str | None = None, /, **params: object) -> str:
    """Translate ``key`` into the session's language and fill its ``{placeholders}``.

    Raises
    ------
    KeyError
        When ``key`` is not in the catalogue (a test runs every page in both
        languages, so a missing key fails the suite, not a user).
    """
    return say(key, lang or language(), **params)


def labeler(prefix: str) -> Callable[[object], str]:
    """A ``format_func`` that labels codes as ``t(prefix + code)`` in the current language.

    The language is fixed when the labeler is made, so a widget's labels do
    not depend on when Streamlit (or AppTest) calls the function.
    """
    lang = language()
    return lambda code: t(f"{prefix}{code}", lang)


def lang_key(base: str) -> str:
    """A widget key that changes with the language.

    Streamlit keeps a keyed selectbox's value as its *displayed* label; when
    the labels are translated, the old label no longer matches an option and
    comes back as raw text. Widgets whose labels are translated with
    ``format_func`` are therefore keyed per language (their choice resets to
    the default on a language switch, unless the page carries it over).
    """
    return f"{base}-{language()}"


def category_label(code: str, lang: str | None = None) -> str:
    """The category's label in the session's language."""
    return t(f"category.{code}", lang)


def translate_table(mapping: Mapping[str, str], lang: str | None = None) -> dict[str, str]:
    """Translate a mapping of column name -> catalogue key (for ``DataFrame.rename``).

    Tables name their headers' keys in a module-level ``*_HEADERS`` mapping;
    ``tests/catalog`` checks that every key named there exists.
    """
    return {col: t(key, lang) for col, key in mapping.items()}
