"""Datasette as the second view of a store: the search box on `articles` and `claims` (revision 0004's
external-content FTS), and `claimledger datasette-metadata` (labels, descriptions, saved queries), opened
in Datasette itself."""
from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from claimledger.cli import app
from claimledger.store import open_repository
from serve_helpers import fill


def test_datasette_search_box_labels_and_saved_queries(tmp_path: Path) -> None:
    from datasette.app import Datasette

    path = tmp_path / "news.db"
    fill(str(path))
    out = CliRunner().invoke(app, ["datasette-metadata", "--database", "news"])
    assert out.exit_code == 0, out.stderr
    meta = json.loads(out.stdout)

    async def ask() -> dict[str, Any]:
        ds = Datasette(files=[str(path)], metadata=meta)
        await ds.invoke_startup()
        get = ds.client.get
        return {
            "page": (await get("/news/articles?_search=Kessel+pipeline")).text,
            "articles": (await get("/news/articles.json?_search=Kessel+pipeline&_shape=array")).json(),
            "claims": (await get("/news/claims.json?_search=Norway&_shape=array")).json(),
            "links": (await get("/news/claim_links.json?_labels=on&_shape=array")).json(),
            "contested": (await get("/news/contested_claims.json?_shape=array")).json(),
            "anonymous": (await get("/news/anonymous_sourcing_by_outlet.json?_shape=array")).json(),
            "reyes": (await get("/news/source_statements.json?source=reyes&_shape=array")).json(),
            "table": (await get("/news/articles.json")).json(),
        }

    got = asyncio.run(ask())
    assert 'name="_search"' in got["page"]  # the search box on the articles table's own page
    with open_repository(str(path), create=False) as repo:
        kessel = {r.id for r, text in repo.fetch([a.id for a in repo.articles()]) if "Kessel pipeline" in text}
    assert kessel and {r["id"] for r in got["articles"]} == kessel
    assert got["claims"] and all("norway" in r["text"].lower() for r in got["claims"])
    label = got["links"][0]["story_claim_id"]
    assert isinstance(label, dict) and label["label"]  # a claim's text, not a bare id
    assert got["contested"] and got["contested"][0]["supporting_origins"] and got["contested"][0]["denying_origins"]
    assert {r["outlet"] for r in got["anonymous"]} and got["reyes"]
    # A write after the migration reaches the search through the triggers; a delete leaves it.
    conn = sqlite3.connect(path)
    conn.execute("UPDATE articles SET title = 'Zanzibar quarrel' WHERE id = ?", (sorted(kessel)[0],))
    conn.commit()
    assert conn.execute("SELECT count(*) FROM articles_search WHERE articles_search MATCH 'zanzibar'").fetchone() == (1,)
    conn.close()
