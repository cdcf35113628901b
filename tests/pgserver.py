"""A throw-away PostgreSQL cluster on loopback for the store tests (Debian's `postgresql` binaries).

As root the server must run as the `postgres` user, in a directory that user owns. CI (CI=true) fails
when the binaries are missing instead of skipping: .ci/run installs them.
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

INSTALL = "apt-get update && apt-get install -y postgresql"


def find_bin() -> Path | None:
    """The newest /usr/lib/postgresql/N/bin holding initdb, else the directory of an initdb on PATH."""
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if versions:
        return Path(versions[-1]).parent
    found = shutil.which("initdb")
    return Path(found).resolve().parent if found else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def cluster(bindir: Path, *, durable: bool = False) -> Iterator[str]:
    """Start a cluster; yield the URL of its `postgres` database (user `claimledger`, trust on loopback).
    durable=False turns fsync off (tests); benchmarks keep the server's default durability."""
    root = tempfile.mkdtemp(prefix="claimledger-pg-")
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        user = pwd.getpwnam("postgres")
        os.chown(root, user.pw_uid, user.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    data, log = os.path.join(root, "data"), os.path.join(root, "server.log")
    port = _free_port()
    run = lambda *cmd: subprocess.run([*as_user, *cmd], check=True, capture_output=True, text=True)  # noqa: E731
    try:
        run(str(bindir / "initdb"), "-D", data, "-U", "claimledger", "-A", "trust", "-E", "UTF8", "--no-sync")
        # Socket in our own folder, TCP on loopback only; a test cluster need not survive a power cut.
        fast = "" if durable else " -c fsync=off -c synchronous_commit=off"
        run(str(bindir / "pg_ctl"), "-D", data, "-l", log, "-w", "-t", "60", "start",
            "-o", f"-h 127.0.0.1 -p {port} -k {root}{fast}")
    except subprocess.CalledProcessError as error:
        detail = (error.stderr or "") + (Path(log).read_text() if os.path.exists(log) else "")
        shutil.rmtree(root, ignore_errors=True)
        raise RuntimeError(f"cannot start PostgreSQL: {detail.strip()}") from None
    try:
        yield f"postgresql://claimledger@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*as_user, str(bindir / "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop"],
                       capture_output=True)
        shutil.rmtree(root, ignore_errors=True)
