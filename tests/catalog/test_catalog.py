"""The one catalogue: complete in both languages, no key twice, every key the code uses there."""

from __future__ import annotations

import ast
import math
import string
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import catalog
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
from catalog.say import CATALOG, MISSING, _merge, number, say, separators

ROOT = Path(__file__).resolve().parents[2]
AREAS = sorted(Path(catalog.__file__).parent.glob("*.py"))

#: The code that says words: the app, its pages and widgets, the CLI, the engine.
SOURCES = sorted(
    {
        ROOT / "app.py",
        ROOT / "cli.py",
        *(
            p
            for folder in ("pages", "ui", "geo", "models", "data")
            for p in (ROOT / folder).rglob("*.py")
        ),
    }
)

#: Functions that say a catalogue key given as their first argument, with the key's namespace.
SAYERS = {"t": "", "say": ""}
#: Wrappers that add a namespace, per file (``cli.py``'s ``_say("error")`` is ``cli.error``).
WRAPPERS = {
    "cli.py": {"_say": "cli.", "_help": "cli.help.", "h": "cli.help.", "rh": "cli.help.recommend."}
}
#: The hot spots' sentence wrapper (``models.hotspots.text.sentence``), in that package.
SENTENCE_WRAPPER = {"sentence": "hotspots.sentence."}

#: Where ``{"es": ..., "en": ...}`` literals may still live outside ``catalog/``: the
#: geometry words and place names of ``geo/validation`` (being split into a package).
WORDS_STILL_OUTSIDE = ("geo/validation",)


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(CATALOG))
def test_every_key_has_both_languages_with_the_same_placeholders(key: str) -> None:
    entry = CATALOG[key]
    assert set(entry) == set(LANGUAGES), key
    assert all(entry[lang].strip() for lang in LANGUAGES), key
    assert _fields(entry["es"]) == _fields(entry["en"]), key


@pytest.mark.parametrize("path", AREAS, ids=lambda p: p.name)
def test_no_key_is_written_twice_in_an_area(path: Path) -> None:
    """Python keeps the last of two equal keys in a dict literal silently; the source has both."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Dict):
            keys = [k.value for k in node.keys if isinstance(k, ast.Constant)]
            twice = sorted({k for k in keys if keys.count(k) > 1}, key=str)
            assert not twice, f"{path.name}:{node.lineno}: {twice}"


def test_no_key_is_filed_twice_across_areas() -> None:
    areas = [
        app.WORDS,
        data.WORDS,
        hotspots.WORDS,
        validation.PROBLEM_MESSAGES,
        validation.LOCATION,
        validation.LOOKS_LIKE,
        validation.DETAILS,
        cli.TEXT,
        cli.IMPORT,
        cli.HELP,
        models.SENTENCES,
        recommend_priority.WORDS,
        parks.SENTENCES,
        parks.WORDS,
        parks.PAGE,
        calendar.DAYS,
        calendar.KINDS,
        calendar.PROBLEMS,
        trends.WORDS,
        trends.CLI,
        trends.WEEKDAYS,
        trends.MONTHS,
        territories.WORDS,
        territories.CLI,
        territories.PAGE,
        evaluation.WORDS,
        evaluation.PAGE,
        evaluation.CLI,
        access.WORDS,
        public.WORDS,
        briefing.WORDS,
        briefing.PAGE,
        batch.WORDS,
    ]
    # every entry of every area is in the catalogue under exactly one key
    filed = sum(len(a) for a in areas)
    filed += 2 * len(models.UNIT_NAMES)  # the unit words and their capitalised legends
    filed += len(models.METHOD_NAMES) + len(models.TREND_NAMES) + len(models.PATTERN_NAMES)
    labels = sum(1 for k in CATALOG if k.startswith(("category.", "component.")))
    assert len(CATALOG) == filed + labels
    with pytest.raises(ValueError, match="'x.y' is defined twice"):
        _merge(("", {"x.y": {"es": "a", "en": "a"}}), ("x.", {"y": {"es": "b", "en": "b"}}))


def _said_keys(path: Path) -> tuple[set[str], set[str]]:
    """The literal keys ``path`` says, and the prefixes it labels with (``labeler("layer.")``)."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    sayers = dict(SAYERS)
    sayers.update(WRAPPERS.get(path.relative_to(ROOT).as_posix(), {}))
    if path.is_relative_to(ROOT / "models" / "hotspots"):
        sayers.update(SENTENCE_WRAPPER)
    keys: set[str] = set()
    prefixes: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            first = node.args[0]
            if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                continue
            if name in sayers:
                keys.add(sayers[name] + first.value)
            elif name == "labeler":
                prefixes.add(first.value)
        elif isinstance(node, ast.AnnAssign | ast.Assign):
            targets = [node.target] if isinstance(node, ast.AnnAssign) else node.targets
            named = [t.id for t in targets if isinstance(t, ast.Name)]
            if any(n.endswith("_HEADERS") for n in named) and isinstance(node.value, ast.Dict):
                keys.update(
                    v.value
                    for v in node.value.values
                    if isinstance(v, ast.Constant) and isinstance(v.value, str)
                )
    return keys, prefixes


def test_every_literal_key_the_code_says_exists() -> None:
    used: set[str] = set()
    prefixes: set[str] = set()
    for path in SOURCES:
        keys, labels = _said_keys(path)
        used |= keys
        prefixes |= labels
    assert used, "no t() or say() calls found"
    assert any(k.startswith("cli.help.") for k in used), "cli.py's help keys were not found"
    assert any(k.startswith("data.col.") for k in used), "no table headers were found"
    missing = sorted(k for k in used if k not in CATALOG)
    assert not missing, missing
    empty = sorted(p for p in prefixes if not any(k.startswith(p) for k in CATALOG))
    assert not empty, empty


def test_words_are_written_only_in_the_catalogue() -> None:
    """No ``{"es": ..., "en": ...}`` literal outside ``catalog/`` (but the listed leftovers)."""
    found = []
    for path in SOURCES:
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith(WORDS_STILL_OUTSIDE):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Dict):
                keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
                if {"es", "en"} <= keys:
                    found.append(f"{rel}:{node.lineno}")
    assert not found, found


# -- say ---------------------------------------------------------------------------


def test_say_fills_numbers_with_the_languages_separators() -> None:
    assert say("data.import.button", "es", n=12345) == "Importar 12.345 filas"
    assert say("data.import.button", "en", n=12345) == "Import 12,345 rows"
    # numpy's numbers too, and a format spec's decimals
    assert say("summary.territories", "es", n=np.int64(3), share=0.5) == (
        "3 territorios de gestores cubren el 50% de la población de los barrios."
    )
    assert "1,2 s" in say(
        "cli.demo", "es", scale="small", seed="2024", out="d.gpkg", seconds=1.25, counts=""
    )
    # the CLI's import messages group thousands as the app's do
    said = say("cli.import.skipped", "es", skipped=133062, layer="incidents", ids="a")
    assert said.startswith("133.062 filas")


def test_say_without_parameters_returns_the_text_as_written() -> None:
    assert say("cli.help.bad_date", "en") == CATALOG["cli.help.bad_date"]["en"]


def test_say_falls_back_to_english_and_refuses_unknown_keys() -> None:
    assert say("nav.map", "fr") == "Map"
    with pytest.raises(KeyError):
        say("no.such.key", "es")


def test_the_import_modes_are_the_data_pages_words() -> None:
    for mode in ("generated", "new", "replace", "append"):
        assert f"data.mode.{mode}" in CATALOG


# -- number ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "lang", "digits", "text"),
    [
        (1234567.891, "es", 1, "1.234.567,9"),
        (1234567.891, "en", 1, "1,234,567.9"),
        (133062, "es", 0, "133.062"),
        (np.int64(133062), "en", 0, "133,062"),
        (np.float64(0.0005), "es", 3, "0,001"),
        (12.25, "es", None, "12,25"),
        (12.0, "en", None, "12.0"),
        (1500, "es", 2, "1.500,00"),
        (-1234.5, "es", 1, "-1.234,5"),
    ],
)
def test_number(value: float, lang: str, digits: int | None, text: str) -> None:
    assert number(value, lang, digits) == text


@pytest.mark.parametrize("missing", [None, math.nan, np.nan, pd.NA, math.inf, "12"])
def test_a_missing_number_is_a_dash(missing: object) -> None:
    assert number(missing, "es") == MISSING


def test_separators_agree_with_number() -> None:
    for lang in LANGUAGES:
        thousands, decimal = separators(lang)
        assert number(1234.5, lang, 1) == f"1{thousands}234{decimal}5"
