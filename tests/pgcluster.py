"""A throwaway PostgreSQL + PostGIS cluster for the tests (Debian's ``postgresql`` and ``postgis``).

:func:`start` runs ``initdb`` in a temporary folder (as the ``postgres``
user when the tests run as root, since PostgreSQL refuses to run as root),
starts the server on a free loopback port with ``fsync=off`` (nothing here
needs to survive a crash), creates a database with the ``postgis``
extension and returns a :class:`Cluster`; :meth:`Cluster.stop` stops it and
removes the folder. It takes about two seconds.

Every role connects without a password (``trust`` on loopback), except the
members of :data:`PASSWORD_GROUP`, which must give theirs (SCRAM-SHA-256):
a test makes a role a member of it to check what a wrong password, or a
password with quotes, does.

:func:`missing` says why a cluster cannot be started here (no PostgreSQL
binaries, no PostGIS extension), or ``None``. ``tests/conftest.py`` skips
the PostGIS tests with that reason on a machine without them, except under
``CI=true``, where they fail instead: ``.ci/run`` installs the packages.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

#: Where Debian puts a PostgreSQL major version's server programs.
_DEBIAN = Path("/usr/lib/postgresql")
#: The superuser the tests connect as, and the database they get.
SUPERUSER = "postgres"
DATABASE = "convivencia_test"
#: A group role (created by :func:`start`) whose members must log in with their password.
PASSWORD_GROUP = "convivencia_password_users"


def _bindir() -> Path | None:
    """The newest Debian PostgreSQL's ``bin`` folder, or one on PATH holding ``initdb`` and ``pg_ctl``."""
    if _DEBIAN.is_dir():
        versions = sorted(
            (p for p in _DEBIAN.iterdir() if (p / "bin" / "initdb").is_file()),
            key=lambda p: int(p.name) if p.name.isdigit() else 0,
        )
        if versions:
            return versions[-1] / "bin"
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _postgis_installed(bindir: Path) -> bool:
    version = bindir.parent.name
    return any(Path(f"/usr/share/postgresql/{version}/extension").glob("postgis.control"))


def missing() -> str | None:
    """Why no throwaway cluster can be started on this machine, or ``None`` when one can."""
    bindir = _bindir()
    if bindir is None:
        return "PostgreSQL's server programs (initdb, pg_ctl) are not installed: apt-get install postgresql postgis"
    if not _postgis_installed(bindir):
        return f"the PostGIS extension is not installed for PostgreSQL {bindir.parent.name}: apt-get install postgis postgresql-{bindir.parent.name}-postgis-3"
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Cluster:
    """A running throwaway cluster."""

    folder: Path
    port: int
    bindir: Path
    as_postgres: bool

    def url(self, user: str = SUPERUSER, database: str = DATABASE, *, password: str = "") -> str:
        """The ``postgresql://`` address of ``database`` as ``user`` (trusted on loopback: no password
        needed, except for the members of :data:`PASSWORD_GROUP`); ``password`` goes in as given."""
        secret = f":{password}" if password else ""
        return f"postgresql://{user}{secret}@127.0.0.1:{self.port}/{database}"

    @property
    def log(self) -> Path:
        """The server's log file."""
        return self.folder / "server.log"

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = list(args)
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=True, capture_output=True, text=True, timeout=120)

    def psql(self, sql: str, *, database: str = DATABASE, user: str = SUPERUSER) -> str:
        """Run ``sql`` with ``psql`` and return what it printed (unaligned, tuples only)."""
        done = subprocess.run(
            [
                str(self.bindir / "psql") if (self.bindir / "psql").exists() else "psql",
                "-X",
                "-q",
                "-At",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                user,
                "-d",
                database,
                "-c",
                sql,
            ],
            check=True,
            capture_output=True,
            text=True,
            timeout=60,
        )
        return done.stdout

    def stop(self) -> None:
        """Stop the server (fast shutdown) and remove its folder."""
        try:
            self._run(
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.folder / "data"),
                "-m",
                "fast",
                "-w",
                "stop",
            )
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def start() -> Cluster:
    """Start a throwaway cluster with a ``postgis`` database; see the module's docstring.

    Raises
    ------
    RuntimeError
        When PostgreSQL or PostGIS is missing (:func:`missing`), or a step
        fails; the message holds the step's output.
    """
    why = missing()
    if why is not None:
        raise RuntimeError(why)
    bindir = _bindir()
    assert bindir is not None
    as_postgres = os.geteuid() == 0
    folder = Path(tempfile.mkdtemp(prefix="convivencia-pg-"))
    if as_postgres:
        shutil.chown(folder, user="postgres", group="postgres")
    data = folder / "data"
    port = _free_port()
    cluster = Cluster(folder, port, bindir, as_postgres)
    try:
        cluster._run(
            str(bindir / "initdb"),
            "-D",
            str(data),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
        )
        hba = data / "pg_hba.conf"
        rules = "".join(
            f"host all +{PASSWORD_GROUP} {net} scram-sha-256\n"
            for net in ("127.0.0.1/32", "::1/128")
        )
        hba.write_text(rules + hba.read_text())
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={folder}"
            " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            " -c max_connections=60 -c shared_buffers=64MB"
        )
        cluster._run(
            str(bindir / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-l",
            str(folder / "server.log"),
            "-w",
            "-t",
            "60",
            "start",
        )
        cluster.psql(f"CREATE DATABASE {DATABASE}", database="postgres")
        cluster.psql(f"CREATE ROLE {PASSWORD_GROUP} NOLOGIN", database="postgres")
        cluster.psql("CREATE EXTENSION postgis")
    except subprocess.CalledProcessError as exc:
        log = folder / "server.log"
        tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        shutil.rmtree(folder, ignore_errors=True)
        msg = f"starting a throwaway PostgreSQL failed: {exc.cmd}: {exc.stderr}{tail}"
        raise RuntimeError(msg) from exc
    return cluster
