"""The catalogue as the app uses it: labels, translated headings, numbers.

That every key has both languages with the same placeholders, that every key
used in the code exists and that none is filed twice is
``tests/catalog/test_catalog.py``'s.
"""

from __future__ import annotations

import re
from pathlib import Path

from catalog.say import CATALOG
from geo import schema

ROOT = Path(__file__).resolve().parents[2]


def test_labels_for_every_category_and_component() -> None:
    for code in schema.CATEGORIES:
        assert f"category.{code}" in CATALOG
    for code in schema.COMPONENTS:
        assert f"component.{code}" in CATALOG


def test_pages_have_no_untranslated_literal_headings() -> None:
    pattern = re.compile(r"st\.(title|header|subheader|caption|button|markdown)\(\s*[\"']")
    for path in sorted((ROOT / "pages").glob("*.py")):
        offenders = [
            line for line in path.read_text(encoding="utf-8").splitlines() if pattern.search(line)
        ]
        assert not offenders, f"{path.name}: {offenders}"


def test_numbers_follow_the_language() -> None:
    from catalog.say import number
    from ui.i18n import t

    assert number(1234567.891, "es", 1) == "1.234.567,9"
    assert number(1234567.891, "en", 1) == "1,234,567.9"
    assert t("data.import.button", "es", n=12345) == "Importar 12.345 filas"
    assert t("data.import.button", "en", n=12345) == "Import 12,345 rows"
