"""What the AppTest page tests share: opening a page, reading its figures and tables.

The pages show their headline figures (``ui.figures``) and short tables
(``ui.tables.html_table``) as ``st.html`` bodies, which AppTest does not
parse; these helpers read them back as text, the way a user sees them
(HTML entities read).

``settings.language`` is set to the session's language too: AppTest reads
the widgets' formatted values between runs, outside a script run, where the
catalogue falls back on ``settings.language``.
"""

from __future__ import annotations

import html
import json
import re
import string
import time
from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from catalog.say import CATALOG
from geo import settings
from geo.workspace import Workspace, write_workspace

ROOT = Path(__file__).resolve().parents[2]
#: Seconds a page run may take under AppTest by default.
TIMEOUT = 120

_FIGURE = re.compile(
    r'<div class="cv-fig-label">(.*?)(?: <span[^>]*>.*?</span>)?</div>'
    r'<div class="cv-fig-value">(.*?)</div>'
)
_TABLE = re.compile(r'<table class="cv-table">(.*?)</table>')
_ROW = re.compile(r"<tr>(.*?)</tr>")
_CELL = re.compile(r"<t[hd][^>]*>(.*?)</t[hd]>")


def app_as(role: str = "planner", *, timeout: float = TIMEOUT) -> AppTest:
    """``app.py`` in an AppTest whose session is signed in with ``role`` (``public``: not signed in)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    if role != "public":
        at.session_state["auth"] = {"user": f"test-{role}", "role": role, "seen": time.time()}
    return at


def open_page(
    workspace: Path | str,
    lang: str,
    monkeypatch: pytest.MonkeyPatch,
    page: str,
    *,
    timeout: float = TIMEOUT,
    state: Mapping[str, object] | None = None,
    role: str = "planner",
) -> AppTest:
    """Run ``app.py`` on ``workspace`` in ``lang`` and switch to ``page`` (e.g. ``"pages/parks.py"``).

    Points ``settings.workspace`` (and ``workspaces_dir``, its folder) at
    ``workspace`` (a PostGIS address: ``workspace`` only) and sets ``settings.language`` and the session's language
    to ``lang``, through ``monkeypatch`` so the settings come back after
    the test. ``state`` is put in the session before the first run (a
    widget's value by its key); the session is signed in with ``role``.
    """
    monkeypatch.setattr(settings, "workspace", workspace)
    if isinstance(workspace, Path):  # else a PostGIS workspace: its address alone
        monkeypatch.setattr(settings, "workspaces_dir", workspace.parent)
    monkeypatch.setattr(settings, "language", lang)
    at = app_as(role, timeout=timeout)
    at.session_state["lang"] = lang
    for key, value in (state or {}).items():
        at.session_state[key] = value
    at.switch_page(page).run()
    return at


def check_opened(at: AppTest, words: Mapping[str, str]) -> None:
    """The page ran without an exception, under its title (``words["title"]``), with the
    synthetic-data banner (``words["banner"]``) of the demo it was opened on."""
    assert not at.exception, at.exception
    assert at.title[0].value == words["title"]
    assert any(words["banner"] in w.value for w in at.warning)


def workspace_with(source: Path, path: Path, layers: tuple[str, ...]) -> Workspace:
    """A workspace at ``path`` holding only ``layers`` of ``source``, not marked synthetic: how
    a page or a command behaves when the other layers are missing."""
    ws = Workspace(source)
    return write_workspace(
        path,
        {layer: ws.read(layer) for layer in layers},
        city_name="Parcial",
        provenance="t",
        synthetic=False,
    )


def figures(at: AppTest) -> dict[str, str]:
    """The headline figures (``ui.figures``) on the page: label -> value, as shown."""
    found: dict[str, str] = {}
    for element in at.get("html"):
        cards = _FIGURE.findall(element.proto.body)
        found.update({html.unescape(k): html.unescape(v) for k, v in cards})
    return found


def tables(at: AppTest) -> list[pd.DataFrame]:
    """The page's HTML tables (``ui.tables.html_table``), in page order, as text.

    The first row of each table is its header; every cell is a string.
    """
    out = []
    for element in at.get("html"):
        for body in _TABLE.findall(element.proto.body):
            rows = [[html.unescape(c) for c in _CELL.findall(row)] for row in _ROW.findall(body)]
            out.append(pd.DataFrame(rows[1:], columns=rows[0]))
    return out


def table_with(at: AppTest, header: str) -> pd.DataFrame:
    """The page's first HTML table with a column ``header``, as text.

    Raises
    ------
    AssertionError
        No table on the page has that column (named in the message).
    """
    for table in tables(at):
        if header in table.columns:
            return table
    raise AssertionError(f"no table with a column {header!r}")


def visible(body: str) -> str:
    """An ``st.html`` body's text: no style, no tags, entities read; help tooltips kept."""
    body = re.sub(r"<style>.*?</style>", " ", body, flags=re.S)
    tips = " ".join(re.findall(r'title="([^"]*)"', body))
    return html.unescape(re.sub(r"<[^>]+>", " ", body) + " " + tips)


def texts(at: AppTest) -> str:
    """Every text the page shows: headings, notes, figures, tables, widgets, column headers."""
    parts = [
        str(e.value)
        for e in (
            *at.title,
            *at.caption,
            *at.markdown,
            *at.info,
            *at.warning,
            *at.error,
            *at.subheader,
        )
    ]
    parts += [visible(h.proto.body) for h in at.get("html")]
    for frame in at.dataframe:
        parts += [str(v) for v in frame.value.to_numpy().ravel()]
        parts += [json.dumps(json.loads(frame.proto.columns or "{}"), ensure_ascii=False)]
    for widget in (*at.slider, *at.number_input, *at.selectbox, *at.date_input):
        parts += [widget.label, str(widget.help or "")]
    parts += [str(o) for s in at.selectbox for o in s.options]
    parts += [b.label for b in at.download_button]
    parts += [e.label for e in at.expander]
    return "\n".join(parts)


def other_language(lang: str, areas: tuple[str, ...]) -> list[str]:
    """The other language's words of the catalogue areas ``areas`` that differ from this language's.

    An entry without placeholders whole; one with placeholders, its fixed pieces of at
    least 8 characters that the entry's own language does not also hold.
    """
    other = "en" if lang == "es" else "es"
    found: set[str] = set()
    for key, entry in CATALOG.items():
        if not key.startswith(areas) or entry[other] == entry[lang]:
            continue
        text = entry[other]
        pieces = [literal for literal, *_ in string.Formatter().parse(text)]
        if len(pieces) == 1 and "{" not in text:
            found.add(text)
        else:
            found.update(
                piece
                for piece in (p.strip(" .,:;()«»'") for p in pieces if len(p.strip()) >= 8)
                if piece not in entry[lang]  # a word both languages use ("gestores")
            )
    return sorted(w for w in found if len(w) >= 3)


def leaked(at: AppTest, lang: str, areas: tuple[str, ...]) -> list[str]:
    """The other language's words of ``areas`` (:func:`other_language`) the page shows."""
    text = texts(at)
    return [
        w for w in other_language(lang, areas) if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)
    ]
