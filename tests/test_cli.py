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


def test_validate_a_good_file_exits_0(tmp_path, capsys):
    path = _write(tmp_path, "incidentes.csv", GOOD)
    assert main(["--lang", "en", "validate", str(path), "--layer", "incidents"]) == 0
    out = capsys.readouterr().out
    assert "incidentes.csv: 3 rows read as `incidents`, 3 valid, 0 with errors" in out


def test_validate_a_bad_date_exits_1_naming_row_and_column(tmp_path, capsys):
    path = _write(tmp_path, "incidentes.csv", BAD_DATE, encoding="latin-1")
    assert main(["--lang", "en", "validate", str(path), "--layer", "incidents"]) == 1
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if "31/02/2021" in x)
    assert "incidentes.csv" in line and "row 4" in line and "fecha" in line


def test_validate_speaks_spanish(tmp_path, capsys):
    path = _write(tmp_path, "incidentes.csv", BAD_DATE)
    assert main(["--lang", "es", "validate", str(path), "--layer", "incidents"]) == 1
    out = capsys.readouterr().out
    assert "filas leídas" in out and "fila 4" in out


def test_usage_errors_exit_2(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "missing.csv"), "--layer", "incidents"]) == 2
    assert "missing.csv" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["validate", "x.csv"])  # no --layer
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["validate", "x.csv", "--layer", "crimes"])
    assert exc.value.code == 2


def test_import_creates_a_workspace_with_only_incidents(tmp_path, capsys):
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


def test_import_with_row_errors_needs_consent_and_records_the_rejects(tmp_path, capsys):
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
    assert list(problems["row"]) == [4]
    assert "31/02/2021" in problems["message"].iloc[0]


def test_import_file_level_errors_never_import(tmp_path, capsys):
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


def test_demo_small_and_the_environment_variable(tmp_path):
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
    run = subprocess.run(
        [sys.executable, "cli.py", "import", str(extra), "--layer", "programs"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    programs = Workspace(target).read("programs")
    assert list(programs["component"]) == ["prevention"]
    help_text = subprocess.run(
        [sys.executable, "cli.py", "--help"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    for command in ("demo", "validate", "import"):
        assert command in help_text


def test_validate_takes_lang_after_the_command(tmp_path, capsys):
    path = _write(tmp_path, "incidentes.csv", BAD_DATE)
    assert main(["validate", str(path), "--layer", "incidents", "--lang", "es"]) == 1
    out = capsys.readouterr().out
    assert "filas leídas" in out and "fila 4" in out and "rows read" not in out


def test_messages_write_numbers_in_the_language_of_the_run(capsys):
    from cli import _say

    assert _say("hotspots_wrote", "es", rows=133062, out="x.csv") == (
        "se escribieron 133.062 filas en x.csv"
    )
    assert _say("hotspots_wrote", "en", rows=133062, out="x.csv") == "wrote 133,062 rows to x.csv"
    assert "en 8,9 s" in _say(
        "demo", "es", scale="full", seed="2020", out="d.gpkg", seconds=8.9, counts=""
    )
