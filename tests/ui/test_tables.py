"""Tables never cut a number and read as written: the interface's separators (issue 6, item 8)."""

from __future__ import annotations

import re

import pandas as pd

from ui.tables import html_table


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Categoría": ["Homicidio", "Ruido"],
            "Unidades de daño": [3_361_650, 42_109],
            "% del daño": [33.04, 0.41],
        }
    )


def _cells(text: str) -> list[list[str]]:
    """The text of each row's cells (header first) of an :func:`html_table`."""
    rows = re.findall(r"<tr>(.*?)</tr>", text)
    return [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row) for row in rows]


def test_an_html_table_writes_numbers_in_the_language_and_aligns_them_right() -> None:
    for lang, big, share in (("es", "3.361.650", "33,0"), ("en", "3,361,650", "33.0")):
        text = html_table(_frame(), lang, decimals={"% del daño": 1})
        cells = _cells(text)
        assert cells[0] == ["Categoría", "Unidades de daño", "% del daño"]
        assert cells[1] == ["Homicidio", big, share]
        assert len(cells) == 3  # the header and one row per row, no index
        assert f'<td class="n">{big}</td>' in text  # numbers right-aligned
        assert "<td>Homicidio</td>" in text  # text left as it is


def test_an_html_table_escapes_text_and_shows_a_missing_number_as_a_dash() -> None:
    frame = pd.DataFrame({"<i>Barrio</i>": ["<script>x</script>", None], "n": [1.0, float("nan")]})
    text = html_table(frame, "es")
    assert "<script>" not in text and "<i>" not in text
    assert _cells(text)[0][0] == "&lt;i&gt;Barrio&lt;/i&gt;"
    assert _cells(text)[1] == ["&lt;script&gt;x&lt;/script&gt;", "1"]
    assert _cells(text)[2] == ["", "–"]


def test_an_html_table_can_carry_its_title_escaped() -> None:
    text = html_table(_frame(), "en", title="Top <5> barrios")
    assert '<p class="cv-table-title">Top &lt;5&gt; barrios</p><table' in text
    assert '<p class="cv-table-title">' not in html_table(_frame(), "en")


def test_markdown_characters_in_an_html_table_read_as_written() -> None:
    cells = _cells(html_table(pd.DataFrame({"#": [1], "Método": ["Gi*"]}), "es"))
    assert cells[0] == ["#", "Método"]
    assert cells[1] == ["1", "Gi*"]
