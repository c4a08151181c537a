"""The one catalogue, its one lookup and its one number formatter.

:data:`CATALOG` merges the area modules of :mod:`catalog` into one flat
mapping of key -> ``{"es": ..., "en": ...}``; an area's entries keep their
own keys (``map.title``) or get a namespace (``problem.<code>``,
``cli.<key>``), and no key may be filed twice (:func:`_merge` refuses it).
The category and component labels come from ``geo.schema``, which defines
the codes with their names.

:func:`say` fills a key's template in one language; every number in it
(``{n:,}``, ``{share:.0%}``) takes that language's separators, as
:func:`number` gives them: ``1.234,5`` in Spanish, ``1,234.5`` in English.
The app (``ui.i18n.t``), the CLI, ``geo`` and ``models`` all go through here.
"""

from __future__ import annotations

import math
import numbers
import string
from collections.abc import Mapping
from typing import SupportsFloat

from catalog import (
    access,
    app,
    batch,
    briefing,
    calendar,
    cli,
    data,
    evaluation,
    hotspots,
    models,
    parks,
    public,
    recommend_priority,
    territories,
    trends,
    validation,
)
from catalog.app import LANGUAGES
from geo import schema

Entry = Mapping[str, str]

#: What a missing figure (``None``, NaN, ``pd.NA``) shows.
MISSING = "–"

#: Each language's (thousands, decimal) separators.
SEPARATORS: dict[str, tuple[str, str]] = {"es": (".", ","), "en": (",", ".")}

_ES_SEPARATORS = str.maketrans(",.", ".,")


def _merge(*areas: tuple[str, Mapping[str, Entry]]) -> dict[str, dict[str, str]]:
    """One flat catalogue from ``(namespace, entries)`` pairs; a key filed twice is an error."""
    out: dict[str, dict[str, str]] = {}
    for prefix, entries in areas:
        for key, entry in entries.items():
            full = f"{prefix}{key}"
            if full in out:
                raise ValueError(f"catalogue key {full!r} is defined twice")
            out[full] = dict(entry)
    return out


def _capitalised(entries: Mapping[str, Entry]) -> dict[str, dict[str, str]]:
    return {
        key: {lang: text[:1].upper() + text[1:] for lang, text in entry.items()}
        for key, entry in entries.items()
    }


def _labels() -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    categories = {
        code: {"es": c.label_es, "en": c.label_en} for code, c in schema.CATEGORIES.items()
    }
    components = {code: {"es": es, "en": en} for code, (es, en, _) in schema.COMPONENTS.items()}
    return categories, components


_CATEGORIES, _COMPONENTS = _labels()

CATALOG: dict[str, dict[str, str]] = _merge(
    ("", app.WORDS),
    ("", data.WORDS),
    ("", hotspots.WORDS),
    ("", parks.WORDS),
    ("", parks.PAGE),
    ("parks.", parks.SENTENCES),
    ("", recommend_priority.WORDS),
    ("", trends.WORDS),
    ("", trends.CLI),
    ("", territories.WORDS),
    ("", territories.CLI),
    ("", territories.PAGE),
    ("", evaluation.WORDS),
    ("", evaluation.PAGE),
    ("", evaluation.CLI),
    ("", access.WORDS),
    ("", public.WORDS),
    ("", briefing.WORDS),
    ("", briefing.PAGE),
    ("", batch.WORDS),
    ("weekday.", trends.WEEKDAYS),
    ("month.", trends.MONTHS),
    ("hotspots.method.", models.METHOD_NAMES),
    ("hotspots.trend.", models.TREND_NAMES),
    ("hotspots.pattern.", models.PATTERN_NAMES),
    ("hotspots.unit.", models.UNIT_NAMES),
    ("hotspots.legend.kde.", _capitalised(models.UNIT_NAMES)),
    ("hotspots.sentence.", models.SENTENCES),
    ("problem.", validation.PROBLEM_MESSAGES),
    ("location.", validation.LOCATION),
    ("looks_like.", validation.LOOKS_LIKE),
    ("detail.", validation.DETAILS),
    ("cli.", cli.TEXT),
    ("cli.import.", cli.IMPORT),
    ("cli.help.", cli.HELP),
    ("category.", _CATEGORIES),
    ("component.", _COMPONENTS),
    ("calendar.day.", calendar.DAYS),
    ("calendar.kind.", calendar.KINDS),
    ("calendar.problem.", calendar.PROBLEMS),
)


def _lang(lang: str) -> str:
    return lang if lang in LANGUAGES else "en"


def _localize(text: str, lang: str) -> str:
    """A number written the English way (``1,234.5``) with ``lang``'s separators."""
    return text.translate(_ES_SEPARATORS) if lang == "es" else text


def _is_number(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


class _Words(string.Formatter):
    """``str.format`` whose numbers take the separators of one language (``{n:,}`` -> 1.234)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: object, format_spec: str) -> str:
        text = super().format_field(value, format_spec)
        return _localize(text, self.lang) if _is_number(value) else text


def say(key: str, lang: str, /, **params: object) -> str:
    """The catalogue's ``key`` in ``lang``, its ``{placeholders}`` filled from ``params``.

    Numbers take the language's separators; a language other than Spanish or
    English falls back to English.

    Raises
    ------
    KeyError
        When ``key`` is not in the catalogue (``tests/catalog`` checks that
        every literal key the code uses is there).

    Examples
    --------
    >>> say("data.import.button", "es", n=12345)
    'Importar 12.345 filas'
    >>> say("cli.import.no_workspace_short", "en")
    '--workspace is missing'
    """
    lang = _lang(lang)
    text = CATALOG[key][lang]
    return _Words(lang).format(text, **params) if params else text


def error_text(exc: Exception, area: str, lang: str) -> str:
    """An error said in ``lang``: the catalogue's ``<area>.error.<code>`` filled with its
    ``params`` when it carries a code (``geo.errors.CodedError``) the catalogue knows, else its
    own (English) message."""
    code = getattr(exc, "code", "")
    key = f"{area}.error.{code}"
    if not code or key not in CATALOG:
        return str(exc)
    params: dict[str, object] = getattr(exc, "params", {})
    return say(
        key, lang, **{k: number(v, lang) if isinstance(v, int) else v for k, v in params.items()}
    )


def metres(value: float, lang: str) -> str:
    """A distance for a sentence: ``"250 m"``, ``"1.2 km"`` (``"1,2 km"`` in Spanish).

    Examples
    --------
    >>> metres(250, "en"), metres(1234, "es")
    ('250 m', '1,2 km')
    """
    if value >= 1000:
        return f"{number(value / 1000, lang, 1)} km"
    return f"{number(value, lang)} m"


def percent(share: float, lang: str, *, signed: bool = False, digits: int = 0) -> str:
    """A share as a percentage for a sentence or a cell: ``"12 %"``, ``"+3,5 %"``.

    ``signed`` writes a plus before a rise (a change); a missing or infinite
    share is :data:`MISSING`.

    Examples
    --------
    >>> percent(0.123, "es"), percent(0.035, "es", signed=True, digits=1), percent(-0.2, "en", signed=True)
    ('12 %', '+3,5 %', '-20 %')
    >>> percent(-0.004, "es", signed=True)
    '0 %'
    """
    if not isinstance(share, SupportsFloat) or not math.isfinite(float(share)):
        return MISSING
    value = round(float(share) * 100, digits) + 0.0  # + 0.0: no "-0 %" for a tiny fall
    sign = "+" if signed and value > 0 else ""
    return f"{sign}{number(value, lang, digits)} %"


def separators(lang: str) -> tuple[str, str]:
    """``lang``'s (thousands, decimal) separators, for tables that format numbers themselves."""
    return SEPARATORS[_lang(lang)]


def number(value: object, lang: str, digits: int | None = 0) -> str:
    """A number with ``lang``'s separators: ``1.234,5`` in Spanish, ``1,234.5`` in English.

    ``digits`` is the number of decimals; ``None`` writes the value as Python
    does (``12.5``, whole numbers without decimals). A missing value
    (``None``, NaN, ``pd.NA``) is :data:`MISSING`.

    Examples
    --------
    >>> number(1234567.891, "es", 1)
    '1.234.567,9'
    >>> number(1234567.891, "en", 1)
    '1,234,567.9'
    >>> number(133062, "es")
    '133.062'
    >>> number(12.25, "es", None)
    '12,25'
    >>> number(float("nan"), "en")
    '–'
    """
    if isinstance(value, numbers.Integral) and digits in (0, None):
        return _localize(f"{int(value):,}", _lang(lang))
    if not isinstance(value, SupportsFloat):
        return MISSING
    try:
        real = float(value)
    except (TypeError, ValueError):  # pd.NA
        return MISSING
    if not math.isfinite(real):
        return MISSING
    text = f"{real:,}" if digits is None else f"{real:,.{digits}f}"
    return _localize(text, _lang(lang))
