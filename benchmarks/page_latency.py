"""How long a planner waits for the app's pages, against the least a Streamlit map page costs.

Usage::

    .venv/bin/python benchmarks/page_latency.py                 # ~1,064,000 incidents
    .venv/bin/python benchmarks/page_latency.py --quick         # 100,000, fewer repetitions
    .venv/bin/python benchmarks/page_latency.py --n 500000 --repeat 7 --work-dir /tmp/cv

Two servers run side by side on loopback ports, each ``streamlit run`` as
the browser tests start the app (``tests/browser/conftest.py``):

ours
    ``app.py`` over a workspace of ``--n`` incidents (the full demo's
    incidents in jittered copies, built once and cached by
    ``benchmarks/_million.py``), with no basemap tiles.
floor
    ``benchmarks/_floor_app.py``: one page, a sidebar multiselect and a
    one-polygon offline folium map through ``streamlit_folium.st_folium``.

Debian's Chromium (``/usr/bin/chromium``, headless, the tests'
``CHROMIUM_ARGS``) is driven by Playwright. A page "has drawn" when an
``iframe[title="streamlit_folium.st_folium"]`` holds a Leaflet path of the
page's class (``cv-cell`` on the Map page and the floor, ``cv-gi``,
``cv-emerging`` on Hot spots) that was not there before the action, or its
map holds a Leaflet feature of that class that was not there before the
action (on a new canvas, or on the same one when the page swapped its
overlay on the map it had drawn: ``ui.panels.Overlay``) and has drawn it (no
redraw pending), *and* Streamlit's ``stApp`` reports
``data-test-script-state`` ``notRunning``. Each time runs from the action (``goto`` with
``wait_until="commit"``, or the click) to that moment; before a click the
page must have settled (no long task in the browser's main thread for 300
ms: the previous page has finished drawing, as it has for a planner who
reads it), on both servers alike. Figures, each a median with its range over
the repetitions, ours and the floor measured interleaved in the same run:

first visit after start
    both servers restarted, then a new browser context opens ``/`` (ours:
    the Map page); ``--first-repeat`` rounds. Target: under 3x the floor's.
Map page and Hot spots (Gi*), warm visits via the sidebar
    what a planner does: on a page already open (the Data page; the floor's
    page without a map), clicking "Mapa" in the sidebar's navigation, then
    from the Map page "Puntos calientes", with the server's caches warm
    (the same Streamlit session, no page load). Floor: clicking "Mapa" on
    the floor app. Target: 2x.
Map page and Hot spots (Gi*), warm visits in a new tab
    a new page (same browser context, so the browser's cache is warm; a new
    Streamlit session) opens ``/`` or ``/hotspots``; Streamlit's own start-up
    in the browser (a second or two) is in both figures. Floor: a new tab
    on the floor app. Target: 2x.
Hot spots, switch to emerging (warm)
    on that page, choosing the emerging method in the "Método" box (opened
    before the clock starts: the time runs from the click on the method, one
    click like the floor's), after one untimed switch computed it, so the
    analysis and its map are cached (warm); the first, cold computation is
    printed apart, untimed for the comparison (a new session cannot open the
    page with a method chosen, so this is the visit's second step). Target:
    2x the floor's rerun, the same kind of interaction.
Map page, rerun after a filter change
    on a warm Map page, removing one category from the sidebar's
    multiselect; repetition ``k`` removes the ``k``-th category, so every
    rerun asks the server for a combination it has not computed (what a
    planner does). Floor: removing a category on the floor page. Target: 2x.

At the end it prints the app server's resident memory (``psutil`` when
installed, else ``VmRSS``/``VmHWM`` of ``/proc/PID/status``) with everything
above computed and cached, against the 1.5 GiB target. The last line is
``worst ratio: R (what, target T)``: the figure whose ratio to its floor is
furthest from its target (ratio divided by target largest).
"""

from __future__ import annotations

import argparse
import importlib
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _million import (
    FULL_N,
    GIB,
    QUICK_N,
    ROOT,
    load_average,
    memory_of,
    million_workspace,
    spread,
    start_streamlit,
    stop,
    verdict,
    work_dir,
)

from catalog.say import CATALOG

IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
#: The browser tests' Chromium flags (imported at run time: mypy need not check the tests).
CHROMIUM_ARGS: list[str] = importlib.import_module("tests.browser.conftest").CHROMIUM_ARGS
CHROMIUM = "/usr/bin/chromium"
LANG = "es"
MEMORY_TARGET = 1.5 * GIB
TIMEOUT_MS = 600_000
LOCATOR_TIMEOUT_MS = 60_000

# Drawn: a map path of the class not marked old, or a feature of the class not marked old
# (a layer added after MARK_OLD_JS, on a new canvas or the same one: a map page swaps its
# overlay on the map it has drawn) on streamlit-folium's ``window.map`` with no redraw
# pending (Leaflet's canvas draws on the next animation frame), and the script idle.
DRAWN_JS = (
    """
(cls) => {"""
    + importlib.import_module("tests.browser.leaflet").COUNT_JS
    + """
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  for (const f of document.querySelectorAll('iframe[title="streamlit_folium.st_folium"]')) {
    const d = f.contentDocument, w = f.contentWindow;
    if (!d) continue;
    for (const el of d.querySelectorAll('path.' + cls)) {
      if (!el.getAttribute('data-cv-old')) return true;
    }
    if (!w.map) continue;
    const [n, pending] = cvCount(w, cls, true);
    if (n && !pending) return true;
  }
  return false;
}
"""
)

#: Resolves once the page's main thread has run no long task (50 ms or more) for ``ms``
#: milliseconds (at most ``limit``): the page the planner acts on has finished drawing.
SETTLED_JS = """
async ([ms, limit]) => {
  const ends = [];
  const seen = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) ends.push(e.startTime + e.duration);
  });
  seen.observe({type: 'longtask'});
  const start = performance.now();
  try {
    while (performance.now() - start < limit) {
      await new Promise((r) => setTimeout(r, 50));
      if (performance.now() - Math.max(start, ...ends) >= ms) return true;
    }
    return false;
  } finally {
    seen.disconnect();
  }
}
"""
#: The quiet time (ms) a page must show before an action is timed, and the most waited for it.
SETTLE_MS, SETTLE_LIMIT_MS = 300, 15_000

IDLE_JS = """
() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return !!app && app.getAttribute('data-test-script-state') === 'notRunning';
}
"""

MARK_OLD_JS = """
() => {
  for (const f of document.querySelectorAll('iframe[title="streamlit_folium.st_folium"]')) {
    const d = f.contentDocument, w = f.contentWindow;
    if (!d) continue;
    for (const el of d.querySelectorAll('path')) {
      el.setAttribute('data-cv-old', '1');
    }
    if (w && w.map) w.map.eachLayer((l) => { l._cvOld = true; });
  }
}
"""


@dataclass
class Figures:
    """Times in seconds, by name."""

    times: dict[str, list[float]] = field(default_factory=dict)

    def add(self, name: str, seconds: float) -> None:
        self.times.setdefault(name, []).append(seconds)
        print(f"    {name:<36} {seconds:6.2f} s", flush=True)

    def median(self, name: str) -> float:
        return statistics.median(self.times[name])


def _wait_drawn(page: Any, cls: str) -> None:
    page.wait_for_function(DRAWN_JS, arg=cls, polling="raf", timeout=TIMEOUT_MS)


def visit(context: Any, url: str, cls: str) -> tuple[Any, float]:
    """Open ``url`` in a new page; seconds until the map of class ``cls`` has drawn."""
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    t0 = time.perf_counter()
    page.goto(url, wait_until="commit")
    _wait_drawn(page, cls)
    return page, time.perf_counter() - t0


def rerun(page: Any, cls: str, prepare: Callable[[], Any], act: Callable[[Any], None]) -> float:
    """Seconds from ``act(prepare())`` until a new map of class ``cls`` has drawn.

    Before the clock starts the page must have settled (:data:`SETTLED_JS`):
    a planner acts on a page that has drawn, and a click while the previous
    page's tables are still being laid out would time that page too.
    """
    target = prepare()
    page.evaluate(SETTLED_JS, [SETTLE_MS, SETTLE_LIMIT_MS])
    page.evaluate(MARK_OLD_JS)
    t0 = time.perf_counter()
    act(target)
    _wait_drawn(page, cls)
    return time.perf_counter() - t0


def remove_category(page: Any, k: int) -> float:
    """Remove the ``k``-th tag (modulo) of the sidebar's multiselect; seconds to redraw."""

    def prepare() -> Any:
        # Streamlit 1.67: each chosen option is a [data-tag] with a "Remove <option>" button
        buttons = page.locator(
            '[data-testid="stSidebar"] [data-testid="stMultiSelect"] [data-tag] button'
        )
        buttons.first.wait_for(timeout=LOCATOR_TIMEOUT_MS)
        return buttons.nth(k % buttons.count())

    return rerun(page, "cv-cell", prepare, lambda button: button.click())


def open_idle(context: Any, url: str) -> Any:
    """Open ``url`` in a new page and wait until Streamlit has run it (untimed)."""
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(url, wait_until="commit")
    page.wait_for_function(IDLE_JS, polling="raf", timeout=TIMEOUT_MS)
    return page


def navigate(page: Any, link: str, cls: str) -> float:
    """Click the sidebar's navigation link ``link``; seconds until its map has drawn."""

    def prepare() -> Any:
        found = page.locator('[data-testid="stSidebarNav"]').get_by_role(
            "link", name=link, exact=True
        )
        found.wait_for(timeout=LOCATOR_TIMEOUT_MS)
        return found

    return rerun(page, cls, prepare, lambda found: found.click())


def choose_method(page: Any, method: str, cls: str) -> float:
    """Choose ``method`` in the Hot spots page's "Método" box; seconds to redraw.

    The box is opened before the clock starts: the time runs from the click on
    the method, one click like the floor's filter change.
    """
    box_name = CATALOG["hotspots.method"][LANG]
    option_name = CATALOG[f"hotspots.method.{method}"][LANG]

    def prepare() -> Any:
        box = page.get_by_role("combobox", name=box_name)
        box.wait_for(timeout=LOCATOR_TIMEOUT_MS)
        box.click(timeout=LOCATOR_TIMEOUT_MS)
        option = page.get_by_role("option", name=option_name)
        option.wait_for(timeout=LOCATOR_TIMEOUT_MS)
        return option

    return rerun(page, cls, prepare, lambda option: option.click(timeout=LOCATOR_TIMEOUT_MS))


def _new_context(browser: Any) -> Any:
    return browser.new_context(viewport={"width": 1440, "height": 1180}, locale="es-CO")


def _servers(
    workspace_dir: Path, workspace: Path, floor_script: Path, logs: Path
) -> tuple[tuple[Any, str], tuple[Any, str]]:
    app = start_streamlit(
        ROOT / "app.py",
        env={
            "CONVIVENCIA_WORKSPACE": str(workspace),
            "CONVIVENCIA_WORKSPACES_DIR": str(workspace_dir),
            "CONVIVENCIA_TILE_URL": "",
        },
        log=logs / "app.log",
    )
    floor = start_streamlit(
        floor_script,
        env={"CONVIVENCIA_BENCH_ROOT": str(ROOT), "CONVIVENCIA_TILE_URL": ""},
        log=logs / "floor.log",
    )
    return app, floor


def _prepare(folder: Path, n: int) -> tuple[Path, Path, Path]:
    """The served folder with the workspace linked in, and the floor app beside ``static/``."""
    source = million_workspace(folder, n)
    served = folder / f"served-{source.stem}"
    served.mkdir(exist_ok=True)
    workspace = served / "benchmark.gpkg"
    if not workspace.exists():
        workspace.symlink_to(source)
    floor_dir = folder / "floor"
    floor_dir.mkdir(exist_ok=True)
    floor_script = floor_dir / "floor_app.py"
    shutil.copyfile(Path(__file__).with_name("_floor_app.py"), floor_script)
    static = floor_dir / "static"
    if static.is_symlink() and static.resolve() != (ROOT / "static").resolve():
        static.unlink()  # left by another checkout (it may be gone)
    if not static.exists():
        static.symlink_to(ROOT / "static")
    return served, workspace, floor_script


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=FULL_N, help=f"incidents (default {FULL_N:,})")
    parser.add_argument("--repeat", type=int, default=5, help="warm repetitions (default 5)")
    parser.add_argument(
        "--first-repeat", type=int, default=3, help="server restarts for the first visit (3)"
    )
    parser.add_argument("--work-dir", type=Path, default=None, help="cache folder")
    parser.add_argument(
        "--quick", action="store_true", help=f"{QUICK_N:,} incidents, 3 and 2 repetitions"
    )
    args = parser.parse_args()
    if args.quick:
        args.n, args.repeat, args.first_repeat = QUICK_N, 3, 2
    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} is missing: apt-get install chromium")
    folder = work_dir(args.work_dir)
    served, workspace, floor_script = _prepare(folder, args.n)
    logs = folder / "logs"
    logs.mkdir(exist_ok=True)
    print(f"workspace: {workspace.resolve()} ({args.n:,} incidents)")
    print(f"server logs: {logs}")
    print(f"load average at the start: {load_average()}")

    from playwright.sync_api import sync_playwright

    fig = Figures()
    app_proc = floor_proc = None
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            print("first visits after a server start:")
            for r in range(args.first_repeat):
                (app_proc, app_url), (floor_proc, floor_url) = _servers(
                    served, workspace, floor_script, logs
                )
                order = [("app", app_url), ("floor", floor_url)]
                for who, url in order if r % 2 == 0 else order[::-1]:
                    context = _new_context(browser)
                    page, seconds = visit(context, f"{url}/", "cv-cell")
                    fig.add(f"{who}: first visit", seconds)
                    context.close()
                if r < args.first_repeat - 1:
                    stop(app_proc)
                    stop(floor_proc)
            assert app_proc is not None and floor_proc is not None
            context = _new_context(browser)
            print("warming up (untimed for the comparison):")
            for url in (app_url, floor_url):
                page, seconds = visit(context, f"{url}/", "cv-cell")
                page.close()
            page, seconds = visit(context, f"{app_url}/hotspots", "cv-gi")
            print(f"    hot spots Gi*, first computation     {seconds:6.2f} s")
            seconds = choose_method(page, "emerging", "cv-emerging")
            print(f"    emerging, first computation          {seconds:6.2f} s")
            page.close()
            print("warm visits and reruns:")
            nav_map = CATALOG["nav.map"][LANG]
            nav_hot = CATALOG["nav.hotspots"][LANG]
            for k in range(args.repeat):
                page = open_idle(context, f"{app_url}/data")
                fig.add("app: Map via the sidebar", navigate(page, nav_map, "cv-cell"))
                fig.add("app: Hot spots Gi* via the sidebar", navigate(page, nav_hot, "cv-gi"))
                page.close()
                page = open_idle(context, f"{floor_url}/data")
                fig.add("floor: map via the sidebar", navigate(page, nav_map, "cv-cell"))
                page.close()
                page, seconds = visit(context, f"{app_url}/", "cv-cell")
                fig.add("app: Map new tab", seconds)
                fig.add("app: Map rerun after filter change", remove_category(page, k))
                page.close()
                page, seconds = visit(context, f"{floor_url}/", "cv-cell")
                fig.add("floor: new tab", seconds)
                fig.add("floor: rerun after filter change", remove_category(page, k))
                page.close()
                page, seconds = visit(context, f"{app_url}/hotspots", "cv-gi")
                fig.add("app: Hot spots Gi* new tab", seconds)
                fig.add(
                    "app: switch to emerging (warm)",
                    choose_method(page, "emerging", "cv-emerging"),
                )
                page.close()
            context.close()
            app_rss, app_peak = memory_of(app_proc.pid)
            floor_rss, _ = memory_of(floor_proc.pid)
        finally:
            browser.close()
            for proc in (app_proc, floor_proc):
                if proc is not None:
                    stop(proc)

    checks = [
        ("first visit after start", "app: first visit", "floor: first visit", 3.0),
        ("Map, via the sidebar", "app: Map via the sidebar", "floor: map via the sidebar", 2.0),
        (
            "Hot spots Gi*, via the sidebar",
            "app: Hot spots Gi* via the sidebar",
            "floor: map via the sidebar",
            2.0,
        ),
        ("Map, in a new tab", "app: Map new tab", "floor: new tab", 2.0),
        ("Hot spots Gi*, in a new tab", "app: Hot spots Gi* new tab", "floor: new tab", 2.0),
        (
            "Hot spots, switch to emerging",
            "app: switch to emerging (warm)",
            "floor: rerun after filter change",
            2.0,
        ),
        (
            "rerun after a filter change",
            "app: Map rerun after filter change",
            "floor: rerun after filter change",
            2.0,
        ),
    ]
    print()
    print(f"{'':<31} {'ours (median, range)':<28} {'floor':<28} ratio  target")
    worst: tuple[float, str, float, float] | None = None
    for label, ours, floor, target in checks:
        ratio = fig.median(ours) / fig.median(floor)
        print(
            f"{label:<31} {spread(fig.times[ours]):<28} {spread(fig.times[floor]):<28} "
            f"{ratio:5.2f}  {target:.0f}x {verdict(ratio, target)}"
        )
        if worst is None or ratio / target > worst[0]:
            worst = (ratio / target, label, ratio, target)
    print(
        f"app server memory, {args.n:,} incidents, everything above cached: "
        f"RSS {app_rss / GIB:.2f} GiB, peak {app_peak / GIB:.2f} GiB "
        f"(target < {MEMORY_TARGET / GIB:.1f} GiB: RSS {verdict(app_rss, MEMORY_TARGET)}, "
        f"peak {verdict(app_peak, MEMORY_TARGET)}); floor server RSS {floor_rss / GIB:.2f} GiB"
    )
    print(f"load average at the end: {load_average()}")
    assert worst is not None
    print(f"worst ratio: {worst[2]:.2f} ({worst[1]}, target {worst[3]:.0f}x)")


if __name__ == "__main__":
    main()
