"""Shared by the latency benchmarks: a ~1M-incident workspace, its CSV, servers and figures.

Usage (the benchmarks call it; run alone it only builds and caches the files)::

    .venv/bin/python benchmarks/_million.py [--n 1064496] [--work-dir DIR]

The workspace is the full demo city (``data.generator.make_demo``) with its
incidents repeated in ``ceil(n / 133,062)`` copies, each point moved by a
uniform jitter of up to ±25 m in the workspace's projected CRS (so no two
copies stack on the same coordinates), ids suffixed ``-k`` by copy, then
``n`` of them kept at random (all of them for 8 copies) and sorted by time.
The other data layers (neighbourhoods, public spaces, territories,
programs) are the demo's; the ground-truth tables are left out. It is written
with :func:`geo.workspace.write_workspace`, so its metadata and content hash
are the ones the app and the CLI expect, and marked synthetic.

Both files are cached in ``--work-dir`` (default ``$TMPDIR/convivencia-bench``)
under names that carry ``n``, the seed and the generator's version, and are
reused by every benchmark; delete the folder to rebuild them.
"""

from __future__ import annotations

import argparse
import math
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

#: Incidents in the full demo (seed 2020); 8 copies make the issue's ~1,064,000.
DEMO_INCIDENTS = 133_062
FULL_N = 8 * DEMO_INCIDENTS
QUICK_N = 100_000
JITTER_M = 25.0
DEFAULT_WORK_DIR = Path(tempfile.gettempdir()) / "convivencia-bench"


def work_dir(path: Path | None) -> Path:
    """The cache folder (created)."""
    folder = Path(path) if path is not None else DEFAULT_WORK_DIR
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _stem(n: int, seed: int) -> str:
    from data.generator import GENERATOR_VERSION

    return f"million-n{n}-seed{seed}-gen{GENERATOR_VERSION}"


def million_workspace(folder: Path, n: int = FULL_N, *, seed: int = 7) -> Path:
    """The workspace of ``n`` jittered demo incidents in ``folder``, built once and cached.

    Parameters
    ----------
    folder
        Cache folder.
    n
        Number of incidents.
    seed
        Seed of the jitter and of the subset (the demo itself uses its own seed).

    Returns
    -------
    pathlib.Path
        The GeoPackage.
    """
    path = folder / f"{_stem(n, seed)}.gpkg"
    if path.is_file():
        return path
    import geopandas as gpd
    import numpy as np
    import pandas as pd

    from data.generator import CITY_NAME, GENERATOR_VERSION, PROJECTED_CRS, make_demo
    from geo import schema
    from geo.workspace import LayerSource, write_workspace

    t0 = time.perf_counter()
    print(f"building a workspace of {n:,} incidents in {path} (once) ...", flush=True)
    demo = make_demo(scale="full")
    base = demo["incidents"]
    assert isinstance(base, gpd.GeoDataFrame)
    projected = base.to_crs(PROJECTED_CRS)
    x0, y0 = projected.geometry.x.to_numpy(), projected.geometry.y.to_numpy()
    rng = np.random.default_rng(seed)
    copies = max(1, math.ceil(n / len(base)))
    parts = []
    for k in range(copies):
        part = projected.drop(columns="geometry").copy()
        part["incident_id"] = part["incident_id"].astype(str) + f"-{k}"
        dx, dy = rng.uniform(-JITTER_M, JITTER_M, size=(2, len(base)))
        parts.append(
            gpd.GeoDataFrame(part, geometry=gpd.points_from_xy(x0 + dx, y0 + dy), crs=PROJECTED_CRS)
        )
    incidents = gpd.GeoDataFrame(
        pd.concat(parts, ignore_index=True), geometry="geometry", crs=PROJECTED_CRS
    )
    if len(incidents) > n:
        keep = np.sort(rng.choice(len(incidents), size=n, replace=False))
        incidents = incidents.iloc[keep]
    incidents = incidents.sort_values("occurred_at", kind="stable").reset_index(drop=True)
    layers: dict[str, Any] = {name: demo[name] for name in schema.LAYERS if name != "incidents"}
    layers["incidents"] = incidents
    provenance = (
        f"Benchmark workspace: the synthetic demo city (data.generator {GENERATOR_VERSION}) "
        f"with its incidents in {copies} copies jittered by up to {JITTER_M:.0f} m, "
        f"{n:,} kept (seed {seed}); no record describes real people, places or events."
    )
    write_workspace(
        path,
        layers,
        city_name=CITY_NAME,
        provenance=provenance,
        synthetic=True,
        crs=PROJECTED_CRS,
        sources={name: LayerSource(file="benchmarks/_million.py") for name in layers},
    )
    print(f"  built in {time.perf_counter() - t0:.1f} s", flush=True)
    return path


def million_csv(folder: Path, n: int = FULL_N, *, seed: int = 7) -> Path:
    """The incidents of :func:`million_workspace` as a CSV (``lat``/``lon``), cached.

    Columns: ``incident_id, occurred_at, category, severity, source, lat,
    lon``; comma-separated, UTF-8, times as ``YYYY-MM-DD HH:MM:SS``,
    coordinates in degrees with 6 decimals (about 0.1 m).
    """
    path = folder / f"{_stem(n, seed)}.csv"
    if path.is_file():
        return path
    from geo.workspace import Workspace

    ws_path = million_workspace(folder, n, seed=seed)
    t0 = time.perf_counter()
    print(f"writing {path} (once) ...", flush=True)
    incidents = Workspace(ws_path).read("incidents")
    table = incidents.drop(columns="geometry")
    table["occurred_at"] = table["occurred_at"].dt.strftime("%Y-%m-%d %H:%M:%S")
    table["lat"] = incidents.geometry.y.round(6)
    table["lon"] = incidents.geometry.x.round(6)
    tmp = path.with_name(f".{path.name}.tmp")
    table.to_csv(tmp, index=False, float_format="%.6f")
    tmp.replace(path)
    print(f"  written in {time.perf_counter() - t0:.1f} s", flush=True)
    return path


# -- figures ---------------------------------------------------------------------------


def spread(values: Sequence[float]) -> str:
    """``median (min–max, n=k)`` in seconds."""
    if not values:
        return "no run"
    return (
        f"{statistics.median(values):6.2f} s ({min(values):.2f}–{max(values):.2f}, n={len(values)})"
    )


def verdict(ratio: float, target: float, *, at_most: bool = True) -> str:
    """``PASS`` when ``ratio`` is within ``target`` (at most, or at least when ``at_most`` is false)."""
    ok = ratio <= target if at_most else ratio >= target
    return "PASS" if ok else "FAIL"


def load_average() -> str:
    """The machine's 1, 5 and 15 minute load averages (other work skews every time)."""
    return " ".join(f"{x:.1f}" for x in os.getloadavg()) + f" on {os.cpu_count()} cores"


def memory_of(pid: int) -> tuple[float, float]:
    """(current, peak) resident memory of a process in bytes: psutil, else /proc/PID/status."""
    try:
        import psutil

        info = psutil.Process(pid).memory_info()
        peak = getattr(info, "peak_wset", None) or _proc_status(pid).get("VmHWM", info.rss)
        return float(info.rss), float(peak)
    except ImportError:
        status = _proc_status(pid)
        return float(status.get("VmRSS", math.nan)), float(status.get("VmHWM", math.nan))


def _proc_status(pid: int) -> dict[str, float]:
    out: dict[str, float] = {}
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return out
    for line in text.splitlines():
        key, _, value = line.partition(":")
        parts = value.split()
        if len(parts) == 2 and parts[1] == "kB":
            out[key] = float(parts[0]) * 1024
    return out


GIB = 1024**3


# -- child processes ------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """One finished child process: wall time, exit code, peak memory and output."""

    seconds: float
    returncode: int
    max_rss: float
    stdout: str
    stderr: str


def run_child(cmd: Sequence[str], *, cwd: Path = ROOT, env: dict[str, str] | None = None) -> Run:
    """Run ``cmd`` to the end; its wall time and its own peak RSS (``wait4``'s ``ru_maxrss``).

    The output goes to temporary files (no pipe can fill and stall the
    child); the time runs from just before the process is created to its exit.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            list(cmd), cwd=cwd, env={**os.environ, **(env or {})}, stdout=out, stderr=err
        )
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(
            seconds=seconds,
            returncode=proc.returncode,
            max_rss=float(usage.ru_maxrss) * 1024,  # kilobytes on Linux
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
        )


# -- servers ---------------------------------------------------------------------------


def free_port() -> int:
    """A free loopback TCP port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_streamlit(
    script: Path, *, env: dict[str, str], log: Path, timeout: float = 180.0
) -> tuple[subprocess.Popen[bytes], str]:
    """Start ``streamlit run script`` on a free loopback port, as the browser tests do.

    Returns the process and its URL once ``/_stcore/health`` answers.
    """
    port = free_port()
    out = log.open("wb")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(script),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--server.enableStaticServing",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    out.close()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc, url
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            stop(proc)
            msg = f"the server for {script} did not start:\n{log.read_text()[-3000:]}"
            raise RuntimeError(msg)
        time.sleep(0.2)


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop a server this script started (terminate, then kill after 10 s)."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=FULL_N, help=f"incidents (default {FULL_N:,})")
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_N:,} incidents")
    parser.add_argument("--work-dir", type=Path, default=None, help="cache folder")
    args = parser.parse_args()
    n = QUICK_N if args.quick else args.n
    folder = work_dir(args.work_dir)
    print(million_workspace(folder, n))
    print(million_csv(folder, n))


if __name__ == "__main__":
    main()
