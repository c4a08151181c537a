"""The Publish page (AppTest): the preview, then a new version the public page reads."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from geo import settings
from geo.workspace import Workspace
from tests.app import pagetest


@pytest.mark.parametrize("lang", ["es", "en"])
def test_preview_then_publish_a_new_version(
    small_workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    path = tmp_path / "city.gpkg"
    shutil.copyfile(small_workspace, path)
    monkeypatch.setattr(settings, "workspace", path)
    at = pagetest.open_page(path, lang, monkeypatch, "pages/publish.py", role="planner")
    assert not at.exception, at.exception
    preview = pagetest.tables(at)[0]
    assert len(preview) == 3  # neighbourhoods, cells, the city by period
    withheld = preview.iloc[:, 3].str.replace(r"[.,]", "", regex=True).astype(int)
    assert (withheld > 0).all()  # the small demo has small counts everywhere
    assert not pagetest.leaked(at, lang, ("publish.",))
    at.button(key="publish_button").click().run()
    assert not at.exception, at.exception
    assert list(Workspace(path).snapshots()["version"]) == [1]
    assert any(("versión 1" if lang == "es" else "Version 1") in s.value for s in at.success)
    history = pagetest.tables(at)[-1]
    assert len(history) == 1
    # the same window again: said, and only with an explicit word
    overlap = "se solapa con la versión 1" if lang == "es" else "overlaps version 1"
    assert any(overlap in w.value for w in at.warning)
    assert at.button(key="publish_button").disabled
    at.checkbox(key="publish_overlap").check().run()
    at.button(key="publish_button").click().run()
    assert list(Workspace(path).snapshots()["version"]) == [1, 2]


def test_a_mayors_office_user_cannot_publish(
    small_workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = pagetest.open_page(
        small_workspace, "en", monkeypatch, "pages/publish.py", role="mayor_office"
    )
    assert not at.exception, at.exception
    assert all(t.value != "Publish for the public" for t in at.title)
    assert not [b for b in at.button if b.key == "publish_button"]
