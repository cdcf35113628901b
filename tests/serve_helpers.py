"""What the serve tests share: a stored story (real ingest), a hostile article, a real server process."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from claimledger.ingest import read_inputs
from claimledger.options import Options
from claimledger.run.job import ingest
from claimledger.store import open_repository

STORY = Path(__file__).parent / "fixtures" / "across" / "gas-story.jsonl"
TOKEN = "test-token-7f3a9c"

# Every way an article could try to run script in a page that shows it; none may run.
HOSTILE = {
    "title": 'Gas row <script>window.__pwned = "title"</script>',
    "outlet": 'Evil <img src=x onerror="window.__pwned=\'outlet\'"> Times',
    "url": "javascript:window.__pwned='url'",
    "published": "2026-11-05",
    "text": ('Officials said <script>window.__pwned = "text"</script> the ministry asked Norway for gas.\n\n'
             'A spokesman, Ilse <img src=x onerror="window.__pwned=\'img\'"> Varga, said the request "was never '
             'sent" and called the account <a href="javascript:window.__pwned=\'link\'">false</a>.\n\n'
             'The minister said: "</textarea><script>window.__pwned=\'textarea\'</script> We asked nobody."\n\n'
             'Energy analysts said <svg onload="window.__pwned=\'svg\'"></svg> reserves were low.'),
}
PAYLOADS = ("<script>", "<img", "<svg onload", "</textarea>", 'href="javascript:')  # as markup, not text


def fill(url: str) -> None:
    """Ingest the written story as `claimledger ingest` does (real models, story claims on)."""
    with open_repository(url) as repo:
        outcomes = list(ingest(read_inputs([str(STORY)]), repo, Options()))
    assert all(o.status == "new" for o in outcomes), outcomes


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def server(db: str, *, token: str | None = TOKEN, extra: tuple[str, ...] = ()) -> Iterator[str]:
    """`claimledger serve` in a process of its own on 127.0.0.1; yields its base URL."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "CLAIMLEDGER_TOKEN"}
    if token:
        env["CLAIMLEDGER_TOKEN"] = token
    proc = subprocess.Popen([sys.executable, "-m", "claimledger", "serve", "--db", db, "--port", str(port), *extra],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(base + "/api/v1/articles?limit=1", timeout=2)
                break
            except httpx.TransportError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"serve did not start: {proc.communicate()[1]}") from None
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def hostile_jsonl() -> bytes:
    return json.dumps(HOSTILE).encode("utf-8")
