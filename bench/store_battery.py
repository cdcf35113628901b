"""The store battery (issue 20): kill -9 at points inside ingest and migrations, two ingests at once,
foreign, empty and damaged files, a full disk and out-of-range values, each through the CLI. Prints, per
group and in all: cases run, tracebacks, stores left unusable, articles or links lost or doubled, foreign
files modified, and concurrent ingests whose result differs from the two run in turn. Aim: 0 in every
column but the first.

    python bench/store_battery.py [--pg] [--quick]

--pg runs the kill and concurrency cases on a throw-away PostgreSQL cluster too (tests/pgserver.py).
Each kill case runs the same ingest again after the kill and compares the store, table by table, with an
unkilled run (tests/test_store_kill.py: dump); "unusable" is a store a reading command then refuses.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from test_store_kill import FIRST, SECOND, STORY, _ingest, _start, dump, grouping  # noqa: E402
from test_store_states import _damage, cli, commands  # noqa: E402

COLUMNS = ("cases", "tracebacks", "unusable", "lost", "doubled", "foreign_modified", "not_as_in_turn")


class Tally:
    def __init__(self) -> None:
        self.groups: dict[str, Counter[str]] = {}

    def add(self, group: str, **counts: int) -> None:
        row = self.groups.setdefault(group, Counter())
        row["cases"] += 1
        row.update({k: v for k, v in counts.items() if v})

    def table(self) -> dict[str, dict[str, int]]:
        total: Counter[str] = Counter()
        for row in self.groups.values():
            total.update(row)
        return {g: {c: r[c] for c in COLUMNS} for g, r in [*self.groups.items(), ("all", total)]}


def _traceback(text: str) -> int:
    return int("Traceback" in text)


def _usable(url: str) -> bool:
    return cli("export", "--db", url, stdout=None).returncode == 0


def _lost_doubled(got: dict[str, list[Any]], want: dict[str, list[Any]]) -> tuple[int, int]:
    lost = doubled = 0
    for table in ("articles", "origins", "claim_links", "relations", "story_claims"):
        a, b = Counter(map(repr, got[table])), Counter(map(repr, want[table]))
        lost += sum((b - a).values())
        doubled += sum((a - b).values())
    return lost, doubled


def kills(tally: Tally, new_url: Callable[[], str], backend: str, quick: bool) -> None:
    unkilled = new_url()
    _ingest(unkilled)
    want = dump(unkilled)
    points = ["save:1", "origin:2", "join:2", "joined:3"] if quick else \
        [f"{p}:{n}" for p in ("save", "origin", "joined") for n in (1, 3, 5)] + [f"join:{n}" for n in (1, 4, 8, 12)]
    for point in points:
        url = new_url()
        killed = _ingest(url, point)
        again = _ingest(url)
        got = dump(url) if again.returncode == 0 else {t: [] for t in want}
        lost, doubled = _lost_doubled(got, want)
        tally.add(f"kill -9 in ingest ({backend})", tracebacks=_traceback(killed.stderr + again.stderr),
                  unusable=int(again.returncode != 0 or not _usable(url)), lost=lost, doubled=doubled)


def migrations(tally: Tally, new_url: Callable[[], str], backend: str, quick: bool) -> None:
    code = "import sys; from claimledger.store import open_repository; open_repository(sys.argv[1]).close()"
    step = 1
    while True:
        url = new_url()
        env = dict(os.environ, CLAIMLEDGER_KILL_AT=f"migrate:{step}")
        run = subprocess.run([sys.executable, "-c", code, url], capture_output=True, text=True, env=env)
        if run.returncode == 0:
            break
        reopened = subprocess.run([sys.executable, "-c", code, url], capture_output=True, text=True)
        tally.add(f"kill -9 in a migration ({backend})", tracebacks=_traceback(run.stderr + reopened.stderr),
                  unusable=int(reopened.returncode != 0 or cli("upgrade", "--db", url).returncode != 0))
        step += 4 if quick else 1


def concurrent(tally: Tally, new_url: Callable[[], str], backend: str, quick: bool) -> None:
    for _ in range(1 if quick else 3):
        at_once, in_turn = new_url(), new_url()
        runs = [_start(at_once, FIRST, STORY), _start(at_once, SECOND, STORY)]
        outs = [r.communicate() for r in runs]
        for args in ((FIRST, STORY), (SECOND, STORY)):
            _start(in_turn, *args).communicate()
        failed = sum(r.returncode != 0 for r in runs)
        got, want = grouping(at_once), grouping(in_turn)
        tally.add(f"two ingests at once ({backend})", tracebacks=sum(_traceback(e) for _, e in outs),
                  unusable=failed, lost=max(0, len(want["articles"]) - len(got["articles"])),
                  doubled=max(0, got["links"] - want["links"]), not_as_in_turn=int(got != want))


def files(tally: Tally, folder: Path, store: Path) -> None:
    foreign = folder / "notes.db"
    with contextlib.closing(sqlite3.connect(foreign)) as conn, conn:
        conn.executescript("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine');")
    picture = folder / "photo.db"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    empty = folder / "empty.db"
    empty.touch()
    for path in (foreign, picture, empty):
        for name, args in commands(path, folder / "none.jsonl").items():
            before = path.read_bytes()
            run = cli(*args)
            changed = path.read_bytes() != before if name not in ("ingest", "upgrade") or path != empty else 0
            tally.add(f"foreign and empty files", tracebacks=_traceback(run.stderr), foreign_modified=int(changed))
            if path == empty and empty.stat().st_size:  # a write command made a store of it: start again
                empty.unlink()
                empty.touch()
    damaged = folder / "damaged.db"
    shutil.copy(store, damaged)
    _damage(damaged)
    for name, args in commands(damaged, folder / "none.jsonl").items():
        run = cli(*args)
        tally.add("damaged store", tracebacks=_traceback(run.stderr))
    for name, args in commands(store, folder / "none.jsonl").items():
        with open("/dev/full", "w") as full:
            run = subprocess.run([sys.executable, "-m", "claimledger", *args], stdout=full, stderr=subprocess.PIPE,
                                 text=True)
        tally.add("full disk", tracebacks=_traceback(run.stderr) + int("[E017]" not in run.stderr and run.returncode != 1))
    for args in (["claim", "9223372036854775808"], ["claims", "--limit", "99999999999999999999999"],
                 ["sources", "--top", "-1"], ["track", "x", "--limit", "99999999999999999999999"],
                 ["track", os.fsdecode(b"gas \xff\xfe request"), "--relation-model", "model"], ["claim", "0"]):
        run = cli(*args, "--db", str(store))
        tally.add("out-of-range values and bad bytes", tracebacks=_traceback(run.stderr))


@contextlib.contextmanager
def stores(folder: Path, backend: str) -> Iterator[Callable[[], str]]:
    if backend == "sqlite":
        count = iter(range(10**6))
        yield lambda: str(folder / f"s{next(count)}.db")
        return
    import pgserver
    import psycopg

    bindir = pgserver.find_bin()
    if bindir is None:
        raise SystemExit(f"PostgreSQL binaries not found: {pgserver.INSTALL}")
    with pgserver.cluster(bindir) as server:
        count = iter(range(10**6))

        def make() -> str:
            name = f"b{next(count)}"
            with psycopg.connect(server, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')  # a name we made
            return server.rsplit("/", 1)[0] + "/" + name
        yield make


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", action="store_true", help="also on PostgreSQL (throw-away cluster)")
    parser.add_argument("--quick", action="store_true", help="fewer kill points and pairs")
    args = parser.parse_args()
    tally = Tally()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for backend in ("sqlite", "postgresql") if args.pg else ("sqlite",):
            with stores(folder, backend) as new_url:
                kills(tally, new_url, backend, args.quick)
                migrations(tally, new_url, backend, args.quick)
                concurrent(tally, new_url, backend, args.quick)
        store = folder / "story.db"
        _ingest(str(store))
        files(tally, folder, store)
    print(json.dumps(tally.table(), indent=1))


if __name__ == "__main__":
    main()
