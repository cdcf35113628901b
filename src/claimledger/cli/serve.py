"""`claimledger serve` (a thin shell that builds the serve app and runs it under uvicorn) and
`claimledger datasette-metadata` (prints exchange.datasette's metadata)."""
from __future__ import annotations

import ipaddress
import json
import os
from typing import Annotated

import typer

from ..store import DEFAULT_URL, display_url
from ._common import DbOption, say, stderr_console


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(
    db: DbOption = DEFAULT_URL,
    host: Annotated[str, typer.Option("--host", metavar="ADDRESS", help="Address to listen on. The default answers this machine "
                                                     "only; 0.0.0.0 answers the network.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, metavar="PORT", help="TCP port.")] = 8000,
    max_body: Annotated[int, typer.Option("--max-body", min=1024, metavar="BYTES",
                                          help="Largest request body accepted (413 above it).")] = 5 * 1024 * 1024,
    create: Annotated[bool, typer.Option("--create", help="Create an empty SQLite store if the file is missing "
                                                          "(to ingest into it over the API).")] = False,
    workers: Annotated[int, typer.Option("--workers", min=1, max=64, metavar="N",
                                         help="Server processes (one per core answers most; each keeps its own "
                                              "short-lived answers and loads its own models).")] = 1,
) -> None:
    """Serve the JSON API (/api/v1, OpenAPI at /openapi.json) and the web pages over a store.

    Reads are open to whoever can reach the address. Writes (ingest, corrections) need the token set in
    the CLAIMLEDGER_TOKEN environment variable, sent as `Authorization: Bearer TOKEN` (or typed into a
    correction form); without it every write is refused. Stop with Ctrl-C.
    """
    from ..errors import E, ClaimledgerError

    err = stderr_console()
    try:
        import uvicorn

        from ..serve import Settings, create_app
        from ..serve.app import SETTINGS_ENV, check_store
    except ImportError as error:  # FastAPI, uvicorn and Jinja2 are an optional extra
        say(err, f"error: {E.E100.error(module=error.name or 'a web package')}")
        raise typer.Exit(1) from None
    token = os.environ.get("CLAIMLEDGER_TOKEN") or None
    if not _loopback(host) and token is None:
        say(err, f"warning: serving on {host} without CLAIMLEDGER_TOKEN: every read is open to the network "
                 "(writes stay refused).")
    settings = Settings(db=db, token=token, max_body=max_body, create=create)
    try:
        app = create_app(settings) if workers == 1 else None
        if app is None:
            check_store(settings)
    except ClaimledgerError as error:
        say(err, f"error: {error}")
        raise typer.Exit(1) from None
    say(err, f"serving {display_url(db)} on http://{host}:{port}/ (writes {'need the token' if token else 'disabled'})")
    if app is not None:
        uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
        return
    os.environ[SETTINGS_ENV] = json.dumps({"db": db, "max_body": max_body})
    uvicorn.run("claimledger.serve.app:from_environment", factory=True, workers=workers, host=host, port=port,
                log_level="warning", server_header=False)


def datasette_metadata(
    database: Annotated[str, typer.Option("--database", metavar="NAME", help="The database's name in Datasette: "
                                          "the SQLite file's name without .db.")] = "claimledger",
) -> None:
    """Print Datasette metadata for a store: table and column descriptions, labels, the search box on
    articles and claims, saved queries (contested claims, a source's statements, anonymous sourcing by
    outlet). Use: claimledger datasette-metadata > metadata.json; datasette claimledger.db -m metadata.json"""
    import json

    from ..exchange.datasette import datasette_metadata as build

    typer.echo(json.dumps(build(database), indent=1, ensure_ascii=True))


def register(app: typer.Typer) -> None:
    """Add `serve` and `datasette-metadata` to the claimledger command."""
    app.command("serve")(serve)
    app.command("datasette-metadata")(datasette_metadata)
