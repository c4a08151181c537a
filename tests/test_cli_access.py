"""``cli.py user``, ``cli.py publish`` and ``cli.py briefing`` on the small demo."""

from __future__ import annotations

import io
import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pyogrio
import pypdf
import pytest
from argon2 import PasswordHasher

from cli import EXIT_INVALID, EXIT_OK, EXIT_USAGE, main
from geo import snapshots, users
from geo.publish import Snapshot
from geo.workspace import USERS_TABLE, Workspace


@pytest.fixture
def city(small_workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "city.gpkg"
    shutil.copyfile(small_workspace, path)
    monkeypatch.setattr(users, "hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    return path


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))


def test_user_add_list_passwd_role_remove(
    city: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    w = ["--workspace", str(city), "--lang", "en"]
    _stdin(monkeypatch, "a long password 1\n")
    assert main(["user", "add", "Ana", "--role", "admin", "--password-stdin", *w]) == EXIT_OK
    _stdin(monkeypatch, "another password 2\n")
    assert main(["user", "add", "beto", "--role", "planner", "--password-stdin", *w]) == EXIT_OK
    capsys.readouterr()
    assert main(["user", "list", *w]) == EXIT_OK
    listed = capsys.readouterr().out
    assert "Ana\tadmin" in listed and "beto\tplanner" in listed
    assert "argon2" not in listed and "password" not in listed
    stored = pyogrio.read_dataframe(city, layer=USERS_TABLE, read_geometry=False)
    assert stored["password_hash"].str.startswith("$argon2id$").all()
    assert not stored["password_hash"].str.contains("long password").any()
    _stdin(monkeypatch, "a new password 3\n")
    assert main(["user", "passwd", "beto", "--password-stdin", *w]) == EXIT_OK
    ws = Workspace(city)
    assert users.verify(ws, "beto", "a new password 3") == "planner"
    assert users.verify(ws, "beto", "another password 2") is None
    assert main(["user", "role", "beto", "--role", "mayor_office", *w]) == EXIT_OK
    assert users.verify(Workspace(city), "beto", "a new password 3") == "mayor_office"
    assert main(["user", "remove", "beto", *w]) == EXIT_OK
    assert list(users.list_users(Workspace(city))["name"]) == ["Ana"]


@pytest.mark.parametrize(
    ("lang", "weak", "last"),
    [
        ("es", "es débil", "es la última cuenta de administración"),
        ("en", "is weak", "is the last administrator"),
    ],
)
def test_user_errors_are_said_in_the_language(
    city: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    lang: str,
    weak: str,
    last: str,
) -> None:
    w = ["--workspace", str(city), "--lang", lang]
    _stdin(monkeypatch, "short\n")
    assert main(["user", "add", "ana", "--role", "admin", "--password-stdin", *w]) == EXIT_INVALID
    assert weak in capsys.readouterr().err
    _stdin(monkeypatch, "a long password 1\n")
    assert main(["user", "add", "ana", "--role", "admin", "--password-stdin", *w]) == EXIT_OK
    assert main(["user", "remove", "ana", *w]) == EXIT_INVALID
    assert last in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["user", "add", "x", "--role", "public", *w])
    assert exc.value.code == EXIT_USAGE


def test_publish_twice_keeps_both_and_writes_the_open_data(
    city: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = Workspace(city).content_hash
    out = tmp_path / "open"
    argv = ["publish", "--workspace", str(city), "--lang", "en"]
    assert main([*argv, "--out", str(out)]) == EXIT_OK
    assert main([*argv, "--period", "2024", "--step", "Q", "--min-count", "10"]) == EXIT_OK
    said = capsys.readouterr().out
    assert "published version 1" in said and "published version 2" in said
    ws = Workspace(city)
    listing = ws.snapshots()
    assert list(listing["version"]) == [1, 2]
    assert list(listing["min_count"].astype(int)) == [5, 10]
    assert ws.content_hash == before  # publishing is not data
    first = snapshots.load(ws, 1)
    files = sorted(p.name for p in out.iterdir())
    assert files == sorted(
        [
            "README.md",
            "cells.csv",
            "cells.geojson",
            "neighborhoods.csv",
            "neighborhoods.geojson",
            "trend.csv",
        ]
    )
    csv = pd.read_csv(out / "neighborhoods.csv", dtype={"area_id": str}).set_index("area_id")
    hoods = first.areas[first.areas["geography"] == "neighborhood"].set_index("area_id")
    assert (csv["total"].isna() == hoods["total"].isna()).all()
    assert "domestic" not in csv.columns and "sexual" not in csv.columns
    assert "Small counts" in (out / "README.md").read_text(encoding="utf-8")


def test_a_crash_mid_publish_leaves_the_last_good_snapshot(
    city: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["publish", "--workspace", str(city), "--lang", "en"]) == EXIT_OK
    good = Workspace(city).snapshot_record(1)
    calls = {"n": 0}
    real = pyogrio.write_dataframe

    def crash(*args: object, **kwargs: object) -> None:
        calls["n"] += 1
        real(*args, **kwargs)  # half written in the copy aside...
        raise OSError("disk full")  # ...then the machine fails

    monkeypatch.setattr(pyogrio, "write_dataframe", crash)
    with pytest.raises(OSError, match="disk full"):
        main(["publish", "--workspace", str(city), "--lang", "en", "--period", "2024"])
    monkeypatch.setattr(pyogrio, "write_dataframe", real)
    assert calls["n"] == 1
    ws = Workspace(city)
    assert list(ws.snapshots()["version"]) == [1]
    assert ws.snapshot_record() == good
    assert not [p for p in city.parent.iterdir() if p.name.endswith(".tmp.gpkg")]


def test_publish_refuses_small_cells_and_bad_periods(
    city: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["publish", "--workspace", str(city)]
    assert main([*argv, "--cell-m", "250", "--lang", "es"]) == EXIT_USAGE
    assert "al menos 500 m" in capsys.readouterr().err
    assert main([*argv, "--period", "2025-Q5", "--lang", "en"]) == EXIT_USAGE
    assert "not understood" in capsys.readouterr().err
    assert Workspace(city).snapshots().empty


def test_briefing_writes_the_pdf_of_the_period(
    small_workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A quarter, in English (the page's test reads the PDF of a year in both languages)."""
    lang = "en"
    from models.briefing import BriefingInputs, briefing, briefing_text, parse_period

    out = tmp_path / "b.pdf"
    argv = ["briefing", "--workspace", str(small_workspace), "--period", "2025-Q3"]
    assert main([*argv, "--lang", lang, "--out", str(out)]) == EXIT_OK
    text = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(out).pages).split())
    b = briefing(BriefingInputs.from_workspace(Workspace(small_workspace)), parse_period("2025-Q3"))
    bt = briefing_text(b, lang)
    assert bt.count in text and bt.rate in text and bt.period in text
    assert " ".join(bt.headline.split()) in capsys.readouterr().out


def test_briefing_usage_errors(small_workspace: Path, tmp_path: Path) -> None:
    argv = ["briefing", "--workspace", str(small_workspace), "--lang", "en"]
    assert main([*argv, "--period", "2025", "--out", str(tmp_path / "b.docx")]) == EXIT_USAGE
    assert main([*argv, "--period", "someday", "--out", str(tmp_path / "b.pdf")]) == EXIT_USAGE
    assert not (tmp_path / "b.pdf").exists()


def test_publish_never_replaces_a_folder_of_other_files(
    city: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder holding a README.md and other work is not an export: refused before anything
    is published, and left exactly as it was."""
    mine = tmp_path / "myproject"
    (mine / "src").mkdir(parents=True)
    (mine / "README.md").write_text("my project\n")
    (mine / "src" / "thesis.tex").write_text("chapter 1\n")
    (mine / "budget.csv").write_text("a,b\n")
    argv = ["publish", "--workspace", str(city), "--out", str(mine)]
    assert main([*argv, "--lang", "es"]) == EXIT_USAGE
    assert "no se publicó ni se escribió nada" in capsys.readouterr().err
    assert sorted(p.name for p in mine.rglob("*")) == [
        "README.md",
        "budget.csv",
        "src",
        "thesis.tex",
    ]
    assert Workspace(city).snapshots().empty


def test_user_add_without_a_terminal_asks_for_password_stdin(
    city: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _stdin(monkeypatch, "")
    argv = ["user", "add", "ana", "--role", "admin", "--workspace", str(city), "--lang", "en"]
    assert main(argv) == EXIT_USAGE
    assert "--password-stdin" in capsys.readouterr().err
    assert users.list_users(Workspace(city)).empty


def test_an_overlapping_window_needs_an_explicit_word(
    city: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["publish", "--workspace", str(city), "--lang", "en"]
    assert main([*argv, "--period", "2025"]) == EXIT_OK
    assert main([*argv, "--period", "2025", "--step", "Q"]) == EXIT_USAGE
    assert "overlaps version 1" in capsys.readouterr().err
    assert main([*argv, "--period", "2025-Q3"]) == EXIT_USAGE  # inside it
    assert main([*argv, "--period", "2025", "--cell-m", "600"]) == EXIT_USAGE  # other cells
    assert list(Workspace(city).snapshots()["version"]) == [1]
    # the same window, step and cells again: a revision, protected against version 1
    assert main([*argv, "--period", "2025"]) == EXIT_OK
    assert snapshots.load(Workspace(city), 2).meta["revision_of"] == [1]
    assert main([*argv, "--period", "2025-Q3", "--allow-overlap"]) == EXIT_OK
    assert main([*argv, "--period", "2024"]) == EXIT_OK  # no overlap
    assert main([*argv, "--period", "2025"]) == EXIT_USAGE  # overlaps version 3, inside it
    assert Workspace(city).snapshots()["version"].tolist() == [1, 2, 3, 4]


def _small_steps(a: Snapshot, b: Snapshot, min_count: int) -> int:
    """Counts published in both versions that differ by 1 to ``min_count - 1``."""
    found = 0
    for geography in ("neighborhood", "cell"):
        left, right = (
            s.areas.loc[s.areas["geography"] == geography].set_index("area_id") for s in (a, b)
        )
        rows = left.index.intersection(right.index)
        for column in [*a.mapped, "total"]:
            x = pd.to_numeric(left.loc[rows, column]).astype(float)
            y = pd.to_numeric(right.loc[rows, column]).astype(float)
            step = (x - y).abs()
            found += int(((step >= 1) & (step < min_count)).sum())
    left, right = (s.trend.set_index(["period", "category"])["count"] for s in (a, b))
    both = left.index.intersection(right.index)
    step = (left[both].astype(float) - right[both].astype(float)).abs()
    return found + int(((step >= 1) & (step < min_count)).sum())


def test_a_revision_of_a_window_withholds_what_changed_little(
    city: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 12: a second version of the same window after a correction. Subtracting one
    version's counts from the other's must not give a small count back (the corrections of
    a cell: a late report there); counts that changed by 1 to 4 are withheld in the revision."""
    ws = Workspace(city)
    start, end = date(2025, 1, 1), date(2025, 12, 31)
    first = snapshots.build(ws, start=start, end=end)
    assert snapshots.publish(ws, first, published_by="t") == 1
    incidents = ws.read("incidents")
    when = pd.to_datetime(incidents["occurred_at"])
    fights = incidents.index[(when.dt.year == 2025) & (incidents["category"] == "fight")]
    incidents.loc[fights[::40], "category"] = "theft"  # a correction: a few recoded
    ws.write_layers({"incidents": incidents})
    ws = Workspace(city)
    with monkeypatch.context() as patched:  # built alone, as before: the difference shows
        patched.setattr(snapshots, "revisions", lambda *_: [])
        alone = snapshots.build(ws, start=start, end=end)
    assert _small_steps(first, alone, 5) > 0
    second = snapshots.build(ws, start=start, end=end)
    assert second.meta["revision_of"] == [1]
    assert int(str(second.meta["revised_withheld"])) > 0
    assert _small_steps(first, second, 5) == 0
    assert "version 1" in str(second.meta["methodology_en"])
    assert snapshots.publish(ws, second, published_by="t") == 2


def test_user_add_sso_stores_no_usable_password(city: Path) -> None:
    argv = ["user", "add", "ana@palmira.example", "--role", "planner", "--sso"]
    assert main([*argv, "--workspace", str(city), "--lang", "en"]) == EXIT_OK
    ws = Workspace(city)
    assert users.role_for_identity(ws, {"email": "Ana@Palmira.example"}) == "planner"
    assert users.verify(ws, "ana@palmira.example", "") is None
    stored = pyogrio.read_dataframe(city, layer=USERS_TABLE, read_geometry=False)
    assert not stored["password_hash"].str.startswith("$argon2").any()
