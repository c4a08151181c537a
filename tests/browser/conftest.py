"""One app server and one Chromium for all browser tests.

The server runs ``streamlit run app.py`` on a free loopback port over a copy
of the small demo workspace, with no basemap tiles (the tests are offline).
Before it starts, the copy gets one user per role, with random passwords
(:data:`ACCOUNTS`), a territory column naming a person (which must never
reach a browser) and a published snapshot. Internal pages need a sign-in:
tests open them with :func:`open_signed_in`.
Chromium is Debian's (``/usr/bin/chromium``), driven by Playwright; no
browser is ever downloaded. Outside CI a machine without Chromium skips
these tests; with ``CI=true`` it fails them.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

ROOT = Path(__file__).resolve().parents[2]
#: Each role's user name and password on the served workspace (filled by ``app_url``).
ACCOUNTS: dict[str, tuple[str, str]] = {}
#: The served workspace's path (filled by ``app_url``).
SERVED: dict[str, Path] = {}
#: A person's name put in the served territories layer: no page may send it to the public.
GESTOR_NAME = "Yurani Quintero Mosquera"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _chromium() -> str:
    path = shutil.which("chromium") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
    )
    if path is None:
        msg = "Debian's chromium is not installed (apt-get install chromium); .ci/run installs it"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(msg)
        pytest.skip(msg)
    return path


#: The served app's back-off after one failed sign-in (``settings.login_backoff_seconds``).
BACKOFF_SECONDS = 5.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def app_url(small_workspace: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("served")
    workspace = folder / "demo.gpkg"
    # `make screenshot` serves the full demo for the README's picture; the tests use the small one.
    source = os.environ.get("CONVIVENCIA_SCREENSHOT_WORKSPACE") or small_workspace
    shutil.copyfile(source, workspace)
    _prepare(workspace)
    SERVED["workspace"] = workspace
    port = _free_port()
    env = {
        **os.environ,
        "CONVIVENCIA_WORKSPACE": str(workspace),
        "CONVIVENCIA_WORKSPACES_DIR": str(folder),
        "CONVIVENCIA_TILE_URL": "",
        # long enough that the sign-in right after a failure is refused on a loaded machine
        "CONVIVENCIA_LOGIN_BACKOFF_SECONDS": str(BACKOFF_SECONDS),
    }
    log = (folder / "server.log").open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "app.py"),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            log.close()
            pytest.fail(
                f"the app server did not start:\n{(folder / 'server.log').read_text()[-3000:]}"
            )
        time.sleep(0.3)
    try:
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def _prepare(path: Path) -> None:
    """Users for every role, a gestor's name in the territories, one published snapshot."""
    import secrets

    from geo import snapshots, users
    from geo.schema import LOGIN_ROLES
    from geo.workspace import Workspace

    ws = Workspace(path)
    for role in LOGIN_ROLES:
        name, password = f"test-{role}", secrets.token_urlsafe(12)
        users.add_user(ws, name, role, password)
        ACCOUNTS[role] = (name, password)
    territories = ws.read("territories")
    territories["coordinator"] = GESTOR_NAME
    ws.write_layers({"territories": territories})
    snapshots.publish(ws, snapshots.build(ws), published_by="tests")


def open_signed_in(page: Page, url: str, role: str = "planner") -> None:
    """Open ``url``, which shows the sign-in form to the public, and sign in with ``role``.

    The form is in the session's language (Spanish at first)."""
    name, password = ACCOUNTS[role]
    page.goto(url)
    page.get_by_label("Usuario").fill(name)
    page.get_by_label("Contraseña", exact=True).fill(password)
    page.get_by_role("button", name="Ingresar").click()
    page.get_by_text(f"Ingresó como {name}").wait_for()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = _chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser: Browser, app_url: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1440, "height": 1180}, locale="es-CO")
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    try:
        yield pg
    finally:
        context.close()


@pytest.fixture
def external_requests(page: Page) -> list[str]:
    """The URLs ``page`` asks for outside this machine (the app must work offline)."""
    urls: list[str] = []
    local = ("http://127.0.0.1", "data:", "blob:", "about:")
    page.on("request", lambda req: None if req.url.startswith(local) else urls.append(req.url))
    return urls
