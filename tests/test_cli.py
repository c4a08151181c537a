"""cli.py: demo, validate and import, with their exit codes and messages."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cli import main
from geo.workspace import Workspace

ROOT = Path(__file__).resolve().parents[1]

GOOD = """id;fecha;categoria;latitud;longitud
1;04/03/2021 22:15;Homicidio;3,5394;-76,3036
2;2021-03-05;riña;3,5410;-76,3010
3;05/03/2021;Hurto;3,5372;-76,3051
"""
BAD_DATE = GOOD + "4;31/02/2021;ruido;3,5400;-76,3000\n"


def _write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_validate_a_good_file_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "incidentes.csv", GOOD)
    assert main(["--lang", "en", "validate", str(path), "--layer", "incidents"]) == 0
    out = capsys.readouterr().out
    assert "incidentes.csv: 3 rows read as `incidents`, 3 valid, 0 with errors" in out


def test_validate_a_bad_date_exits_1_naming_row_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "incidentes.csv", BAD_DATE, encoding="latin-1")
    assert main(["--lang", "en", "validate", str(path), "--layer", "incidents"]) == 1
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if "31/02/2021" in x)
    assert "incidentes.csv" in line and "row 4" in line and "fecha" in line


def test_validate_speaks_spanish(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "incidentes.csv", BAD_DATE)
    assert main(["--lang", "es", "validate", str(path), "--layer", "incidents"]) == 1
    out = capsys.readouterr().out
    assert "filas leídas" in out and "fila 4" in out


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path / "missing.csv"), "--layer", "incidents"]) == 2
    assert "missing.csv" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["validate", "x.csv"])  # no --layer
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["validate", "x.csv", "--layer", "crimes"])
    assert exc.value.code == 2


def test_import_creates_a_workspace_with_only_incidents(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = _write(tmp_path, "incidentes.csv", GOOD)
    before = hashlib.sha256(src.read_bytes()).hexdigest()
    target = tmp_path / "ciudad.gpkg"
    assert (
        main(
            ["--lang", "en", "import", str(src), "--layer", "incidents", "--workspace", str(target)]
        )
        == 0
    )
    assert "imported 3 rows" in capsys.readouterr().out
    ws = Workspace(target)
    assert ws.layers == ["incidents"]
    assert ws.synthetic is False
    assert ws.projected_crs == "EPSG:9377"
    info = ws.layer_info().set_index("layer")
    assert info.loc["incidents", "source_file"] == "incidentes.csv"
    assert info.loc["incidents", "source_sha256"] == before
    assert hashlib.sha256(src.read_bytes()).hexdigest() == before  # the user's file is untouched
    assert sorted(ws.read("incidents")["category"]) == ["fight", "homicide", "theft"]


def test_import_with_row_errors_needs_consent_and_records_the_rejects(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = _write(tmp_path, "incidentes.csv", BAD_DATE)
    target = tmp_path / "ciudad.gpkg"
    assert (
        main(
            ["--lang", "en", "import", str(src), "--layer", "incidents", "--workspace", str(target)]
        )
        == 1
    )
    assert "--allow-invalid-rows" in capsys.readouterr().err
    assert not target.exists()
    argv = [
        "--lang",
        "en",
        "import",
        str(src),
        "--layer",
        "incidents",
        "--workspace",
        str(target),
        "--allow-invalid-rows",
    ]
    assert main(argv) == 0
    ws = Workspace(target)
    assert len(ws.read("incidents")) == 3
    problems = ws.problems("incidents")
    rows = problems[problems["row"].notna()]
    assert list(rows["row"]) == [4]
    assert "31/02/2021" in rows["message"].iloc[0]
    # the file-level warning: two of its dates have no time (kept as that whole day)
    assert problems["row"].isna().sum() == 1


def test_import_file_level_errors_never_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = _write(tmp_path, "incidentes.csv", "id;categoria\n1;ruido\n")
    target = tmp_path / "ciudad.gpkg"
    assert (
        main(
            [
                "--lang",
                "en",
                "import",
                str(src),
                "--layer",
                "incidents",
                "--workspace",
                str(target),
                "--allow-invalid-rows",
            ]
        )
        == 1
    )
    assert not target.exists()


JANUARY = """id;fecha;categoria;latitud;longitud
E1;04/01/2022 22:15;Homicidio;3,5394;-76,3036
E2;05/01/2022;riña;3,5410;-76,3010
E3;06/01/2022;Hurto;3,5372;-76,3051
"""


def _import(src: Path, workspace: Path | None, *extra: str, lang: str = "en") -> list[str]:
    argv = ["--lang", lang, "import", str(src), "--layer", "incidents"]
    return argv + (["--workspace", str(workspace)] if workspace else []) + list(extra)


def test_import_refuses_to_replace_a_layer_and_says_what_would_be_lost(
    workspace_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = Workspace(workspace_copy)
    n, content = len(before.read("incidents")), before.content_hash
    src = _write(tmp_path, "enero.csv", JANUARY)
    assert main(_import(src, workspace_copy)) == 1
    err = capsys.readouterr().err
    assert f"already has {n:,} rows, and replacing it would lose them" in err
    assert "--replace" in err and "--append to add the 3 rows" in err
    assert main(_import(src, workspace_copy, lang="es")) == 1
    assert f"ya tiene {n:,} filas".replace(",", ".") in capsys.readouterr().err
    after = Workspace(workspace_copy)
    assert len(after.read("incidents")) == n and after.content_hash == content


def test_import_append_twice_changes_nothing_the_second_time(
    workspace_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    n = len(Workspace(workspace_copy).read("incidents"))
    src = _write(tmp_path, "enero.csv", JANUARY)
    assert main(_import(src, workspace_copy, "--append")) == 0
    out = capsys.readouterr().out
    assert (
        f"appended 3 rows to `incidents` of {workspace_copy}, which now has {n + 3:,} rows" in out
    )
    first = Workspace(workspace_copy)
    assert main(_import(src, workspace_copy, "--append")) == 0
    out = capsys.readouterr().out
    assert "nothing added: all 3 rows of the file have an id already in `incidents`" in out
    assert "E1, E2, E3" in out and first.content_hash[:12] in out
    second = Workspace(workspace_copy)
    assert second.content_hash == first.content_hash
    assert len(second.read("incidents")) == n + 3
    # a file with one new row and the old ones: one added, three named as skipped
    more = _write(tmp_path, "febrero.csv", JANUARY + "F1;01/02/2022;ruido;3,5401;-76,3022\n")
    assert main(_import(more, workspace_copy, "--append")) == 0
    out = capsys.readouterr().out
    assert "appended 1 rows" in out
    assert "3 rows of the file were not added: their id is already in `incidents`" in out
    assert len(Workspace(workspace_copy).read("incidents")) == n + 4


def test_import_replace_removes_the_old_rows_and_says_how_many(
    workspace_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    n = len(Workspace(workspace_copy).read("incidents"))
    src = _write(tmp_path, "enero.csv", JANUARY)
    assert main(_import(src, workspace_copy, "--replace")) == 0
    out = capsys.readouterr().out
    assert f"its {n:,} rows were removed and the file's 3 rows imported" in out
    assert len(Workspace(workspace_copy).read("incidents")) == 3
    with pytest.raises(SystemExit) as exc:
        main(_import(src, workspace_copy, "--replace", "--append"))
    assert exc.value.code == 2


def test_import_without_a_workspace_never_writes_the_demo(
    small_workspace: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from geo import settings

    monkeypatch.delenv("CONVIVENCIA_WORKSPACE", raising=False)
    monkeypatch.setattr(settings, "workspace", small_workspace)
    content = Workspace(small_workspace).content_hash
    src = _write(tmp_path, "enero.csv", JANUARY)
    assert main(_import(src, None, "--replace")) == 2
    err = capsys.readouterr().err
    assert "import needs a workspace: give --workspace" in err and "CONVIVENCIA_WORKSPACE" in err
    assert main(_import(src, None, lang="es")) == 2
    assert "necesita un espacio de trabajo" in capsys.readouterr().err
    assert main(["import", str(src), "--workspace", str(tmp_path / "w.gpkg")]) == 2
    assert "--layer" in capsys.readouterr().err
    assert main(["import", "--layer", "incidents", "--workspace", str(tmp_path / "w.gpkg")]) == 2
    assert "--history" in capsys.readouterr().err
    assert not (tmp_path / "w.gpkg").exists()
    assert Workspace(small_workspace).content_hash == content


def test_import_history_lists_every_import(
    workspace_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = _write(tmp_path, "enero.csv", JANUARY)
    assert main(_import(src, workspace_copy, "--append")) == 0
    assert main(_import(src, workspace_copy, "--append")) == 0
    capsys.readouterr()
    argv = ["--lang", "es", "import", "--history", "--workspace", str(workspace_copy)]
    assert main(argv) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("importaciones en")
    assert len(lines) == 1 + 6 + 2  # the demo's six layers, then the two appends
    generated = Workspace(workspace_copy).history()["rows_added"].iloc[0]
    assert f"generada: {generated:,} añadidas".replace(",", ".") in lines[1]
    assert "enero.csv" in lines[-1] and "adición: 0 añadidas" in lines[-1]
    assert "3 omitidas" in lines[-1]


def test_import_of_a_whole_file_swapped_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    swapped = "id;fecha;categoria;latitud;longitud\n" + "".join(
        f"S{i};0{i}/01/2022;riña;-76,30{i};3,54{i}\n" for i in range(1, 4)
    )
    target = tmp_path / "nueva.gpkg"
    assert main(_import(_write(tmp_path, "al_reves.csv", swapped), target)) == 1
    out = capsys.readouterr().out
    assert "latitude and longitude look swapped in the whole file" in out
    assert "Exchange the names of the columns `latitud` and `longitud`" in out
    assert not target.exists()


def test_demo_small_and_the_environment_variable(tmp_path: Path) -> None:
    target = tmp_path / "demo.gpkg"
    env = {**os.environ, "CONVIVENCIA_WORKSPACE": str(target), "CONVIVENCIA_LANGUAGE": "en"}
    run = subprocess.run(
        [sys.executable, "cli.py", "demo", "--out", str(target), "--scale", "small"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "synthetic demo city" in run.stdout
    extra = _write(
        tmp_path,
        "programas.csv",
        "id_programa,nombre,componente,aliado\nP1,Escuela de paz,Prevención,ONG Semillas\n",
    )
    # the demo has programmes: the workspace from the environment is not replaced without a word
    argv = [sys.executable, "cli.py", "import", str(extra), "--layer", "programs"]
    run = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert run.returncode == 1 and "--replace" in run.stderr, run.stdout + run.stderr
    run = subprocess.run(
        [*argv, "--replace"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stdout + run.stderr
    programs = Workspace(target).read("programs")
    assert list(programs["component"]) == ["prevention"]
    help_text = subprocess.run(
        [sys.executable, "cli.py", "--help"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    for command in ("demo", "validate", "import"):
        assert command in help_text


def test_validate_takes_lang_after_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "incidentes.csv", BAD_DATE)
    assert main(["validate", str(path), "--layer", "incidents", "--lang", "es"]) == 1
    out = capsys.readouterr().out
    assert "filas leídas" in out and "fila 4" in out and "rows read" not in out


def test_messages_write_numbers_in_the_language_of_the_run(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from cli import _say

    assert _say("hotspots_wrote", "es", rows=133062, out="x.csv") == (
        "se escribieron 133.062 filas en x.csv"
    )
    assert _say("hotspots_wrote", "en", rows=133062, out="x.csv") == "wrote 133,062 rows to x.csv"
    assert "en 8,9 s" in _say(
        "demo", "es", scale="full", seed="2020", out="d.gpkg", seconds=8.9, counts=""
    )


def test_import_help_follows_the_language(capsys: pytest.CaptureFixture[str]) -> None:
    for lang, said, other in (
        ("es", "nunca se reemplaza en silencio", "never replaced silently"),
        ("en", "never replaced silently", "nunca se reemplaza en silencio"),
    ):
        with pytest.raises(SystemExit) as exc:
            main(["--lang", lang, "import", "--help"])
        assert exc.value.code == 0
        text = capsys.readouterr().out
        assert said in text and other not in text
