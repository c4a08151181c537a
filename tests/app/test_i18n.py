"""The one catalogue: every key in both languages with the same placeholders."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from geo import schema
from ui.i18n import CATALOG, LANGUAGES

ROOT = Path(__file__).resolve().parents[2]


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(CATALOG))
def test_every_key_has_both_languages_with_same_placeholders(key):
    entry = CATALOG[key]
    assert set(entry) == set(LANGUAGES), key
    assert all(entry[lang].strip() for lang in LANGUAGES), key
    assert _fields(entry["es"]) == _fields(entry["en"]), key


def test_labels_for_every_category_and_component():
    for code in schema.CATEGORIES:
        assert f"category.{code}" in CATALOG
    for code in schema.COMPONENTS:
        assert f"component.{code}" in CATALOG


def _t_keys(path: Path) -> set[str]:
    keys = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "t" and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                keys.add(first.value)
    return keys


def test_every_literal_key_used_by_the_ui_exists():
    files = [
        ROOT / "app.py",
        *sorted((ROOT / "pages").glob("*.py")),
        *sorted((ROOT / "ui").glob("*.py")),
    ]
    used = set().union(*(_t_keys(f) for f in files))
    assert used, "no t() calls found"
    missing = sorted(k for k in used if k not in CATALOG)
    assert not missing, missing


def test_pages_have_no_untranslated_literal_headings():
    pattern = re.compile(r"st\.(title|header|subheader|caption|button|markdown)\(\s*[\"']")
    for path in sorted((ROOT / "pages").glob("*.py")):
        offenders = [
            line for line in path.read_text(encoding="utf-8").splitlines() if pattern.search(line)
        ]
        assert not offenders, f"{path.name}: {offenders}"


def test_numbers_follow_the_language():
    from ui.i18n import num, t

    assert num(1234567.891, 1, "es") == "1.234.567,9"
    assert num(1234567.891, 1, "en") == "1,234,567.9"
    assert t("data.import.button", "es", n=12345) == "Importar 12.345 filas"
    assert t("data.import.button", "en", n=12345) == "Import 12,345 rows"
