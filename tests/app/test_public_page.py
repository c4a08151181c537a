"""The Transparency page (AppTest): snapshots only, in both languages, never the incidents."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from catalog.say import number
from geo import settings, snapshots
from geo.errors import MissingLayerError
from geo.workspace import SNAPSHOT_COLUMNS, Workspace, write_workspace
from tests.app import pagetest
from tests.pgcluster import Cluster

TITLE = {
    "es": "Transparencia: convivencia y seguridad",
    "en": "Transparency: convivencia and safety",
}


@pytest.fixture(scope="module")
def published(small_workspace: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the small demo with two published snapshots (2024 by quarter, then 2025)."""
    path = tmp_path_factory.mktemp("public") / "city.gpkg"
    shutil.copyfile(small_workspace, path)
    ws = Workspace(path)
    snapshots.publish(
        ws,
        snapshots.build(ws, start=date(2024, 1, 1), end=date(2024, 12, 31), step="Q"),
        published_by="t",
    )
    snapshots.publish(ws, snapshots.build(ws), published_by="t")
    return path


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_page_shows_the_latest_snapshot_in_each_language(
    published: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    at = pagetest.open_page(published, lang, monkeypatch, "pages/public.py", role="public")
    assert not at.exception, at.exception
    assert at.title[0].value == TITLE[lang]
    snap = snapshots.load(Workspace(published))
    figures = pagetest.figures(at)
    total = snap.trend[(snap.trend["period"] == "total") & (snap.trend["category"] == "total")]
    shown = list(figures.values())
    assert number(int(total["count"].iloc[0]), lang) in shown
    assert any(("sintéticos" if lang == "es" else "Synthetic") in w.value for w in at.warning)
    # two versions: the picker lists both, the latest first
    assert at.selectbox(key=f"public_version-{lang}").value == 2
    assert not pagetest.leaked(at, lang, ("public.",))
    labels = [b.label for b in at.download_button]
    assert labels[0] == ("Todo (ZIP)" if lang == "es" else "Everything (ZIP)")
    assert "neighborhoods.csv" in labels and "trend.csv" in labels


def test_the_page_works_with_the_incidents_layer_removed(
    published: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The public page never reads raw incidents: a workspace holding only the published
    snapshot and no incidents at all shows the same figures."""
    source = Workspace(published)
    bare = pagetest.workspace_with(published, tmp_path / "bare.gpkg", ("neighborhoods",))
    record = source.snapshot_record()
    for key in SNAPSHOT_COLUMNS:
        if key not in ("start", "end", "step", "min_count", "cell_m"):
            record.pop(key, None)
    bare.save_snapshot(record, published_by="t")
    assert not bare.has("incidents")
    at = pagetest.open_page(bare.path, "en", monkeypatch, "pages/public.py", role="public")
    assert not at.exception, at.exception
    full = pagetest.open_page(published, "en", monkeypatch, "pages/public.py", role="public")
    assert pagetest.figures(at) == pagetest.figures(full)


def test_an_earlier_version_can_be_picked(published: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = pagetest.open_page(published, "en", monkeypatch, "pages/public.py", role="public")
    at.selectbox(key="public_version-en").set_value(1).run()
    assert not at.exception, at.exception
    assert any("2024-01-01 to 2024-12-31" in c.value for c in at.caption)


def test_nothing_published_yet_is_said(
    small_workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "none.gpkg"
    shutil.copyfile(small_workspace, path)
    monkeypatch.setattr(settings, "workspace", path)
    at = pagetest.open_page(path, "en", monkeypatch, "pages/public.py", role="public")
    assert not at.exception, at.exception
    assert any("Nothing has been published yet" in i.value for i in at.info)


def test_the_page_served_through_the_public_database_role_shows_the_same_figures(
    published: Path, pg_cluster: Cluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostGIS: the snapshot copied into a database, the page connected as the role
    `cli.py db public-role` made (``settings.public_workspace``), which cannot read an
    incident; it shows the figures the GeoPackage's page shows."""
    source = Workspace(published)
    url = f"{pg_cluster.url()}?schema=public_page"
    target = write_workspace(
        url,
        {"neighborhoods": source.read("neighborhoods"), "incidents": source.read("incidents")},
        city_name=source.city_name,
        provenance="t",
        synthetic=True,
        crs=source.projected_crs,
    )
    record = source.snapshot_record()
    for key in SNAPSHOT_COLUMNS:
        if key not in ("start", "end", "step", "min_count", "cell_m"):
            record.pop(key, None)
    target.save_snapshot(record, published_by="t")
    done = subprocess.run(
        [sys.executable, "cli.py", "db", "public-role", "web_public", "--workspace", url],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    role_url = f"{pg_cluster.url(user='web_public')}?schema=public_page"
    assert role_url in done.stdout
    monkeypatch.setattr(settings, "public_workspace", role_url)
    at = pagetest.open_page(
        tmp_path / "absent.gpkg", "en", monkeypatch, "pages/public.py", role="public"
    )
    assert not at.exception, at.exception
    full = pagetest.open_page(published, "en", monkeypatch, "pages/public.py", role="public")
    assert pagetest.figures(at) == pagetest.figures(full) != {}
    with pytest.raises(MissingLayerError):
        Workspace(role_url).read("incidents")
