"""Issue 7: the shape every new page copies, checked on the sources.

Pages read widgets, call one function and draw (under 200 lines each); only
the method registry switches on a hot-spot method's name; the analysis
layers (``geo``, ``models``, ``catalog``) never import Streamlit or folium.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from models.options import METHODS

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted((ROOT / "pages").glob("*.py"))
#: The modules allowed to compare a value with a method's code: the registry's own, and the
#: clustering module, whose one function implements both DBSCAN and HDBSCAN.
REGISTRY_MODULES = {
    "models/hotspots/methods.py",
    "models/hotspots/specs.py",
    "models/clusters.py",
}


def _sources(*folders: str) -> list[Path]:
    found = [ROOT / "cli.py", ROOT / "app.py"] if not folders else []
    for folder in folders or ("pages", "ui", "models", "geo", "catalog", "data"):
        found += sorted((ROOT / folder).rglob("*.py"))
    return found


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_no_page_is_over_200_lines(page: Path) -> None:
    assert len(page.read_text(encoding="utf-8").splitlines()) <= 200


def _compares_a_method(node: ast.Compare) -> bool:
    """``x == "gi"``, ``x in ("dbscan", "hdbscan")``, ``x != "lisa"``: a switch on a method."""
    values: list[object] = []
    for side in (node.left, *node.comparators):
        if isinstance(side, ast.Constant):
            values.append(side.value)
        elif isinstance(side, ast.Tuple | ast.List | ast.Set):
            values += [e.value for e in side.elts if isinstance(e, ast.Constant)]
    return any(v in METHODS for v in values)


def test_only_the_registry_switches_on_a_method() -> None:
    """Adding a method edits the registries, not ``if method == ...`` across the code."""
    found = []
    for path in _sources():
        rel = path.relative_to(ROOT).as_posix()
        if rel in REGISTRY_MODULES:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Compare) and _compares_a_method(node):
                found.append(f"{rel}:{node.lineno}")
    assert not found, found


@pytest.mark.parametrize("folder", ["geo", "models", "catalog"])
def test_the_analysis_never_imports_streamlit_or_folium(folder: str) -> None:
    found = []
    for path in _sources(folder):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            else:
                continue
            found += [
                f"{path.relative_to(ROOT)}:{node.lineno}"
                for n in names
                if n.split(".")[0] in ("streamlit", "folium", "streamlit_folium", "branca")
            ]
    assert not found, found


def test_no_type_ignore_outside_the_tests() -> None:
    """mypy --strict covers the whole tree; only tests that pass a wrong type on purpose
    (to check the error it raises) may silence it."""
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in _sources()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if "type: " + "ignore" in line
    ]
    assert not found, found
