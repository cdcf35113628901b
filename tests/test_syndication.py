"""Syndicated copies grouped into independent origins: the grouping itself (no spaCy), and `claimledger
ingest` giving every stored article its origin, on SQLite and PostgreSQL, with `export` showing it."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sqlalchemy import text
from typer.testing import CliRunner

from claimledger.across.syndication import Signature, Syndication, containment, origins_of, signature
from claimledger.cli import app
from claimledger.store import open_repository

STORY = Path(__file__).parent / "fixtures" / "across" / "gas-story.jsonl"
runner = CliRunner()


def articles() -> dict[str, dict[str, str]]:
    return {a["id"]: a for a in map(json.loads, STORY.read_text().splitlines())}


def test_copies_group_and_other_reports_do_not() -> None:
    found = origins_of((k, a["text"]) for k, a in articles().items())
    # The wire story, a trimmed copy with the outlet's furniture, and a lightly edited copy: one origin.
    assert found["wire"] == found["copy-herald"] == found["copy-gazette"] == "wire"
    # A rewrite of the same scoop in other words, and two reports of the same story: their own.
    for own in ("rewrite", "independent-post", "independent-factories"):
        assert found[own] == own


def test_a_copy_stored_before_its_original_still_groups_with_it() -> None:
    arts = articles()
    order = ["copy-gazette", "independent-post", "wire", "copy-herald"]
    found = origins_of((k, arts[k]["text"]) for k in order)
    assert found["wire"] == found["copy-herald"] == "copy-gazette"
    assert found["independent-post"] == "independent-post"


def test_a_shared_quote_or_boilerplate_does_not_make_a_copy() -> None:
    arts = articles()
    footer = "\n\nCopyright 2026 Coastline News. All rights reserved. Republished with permission."
    quote = ' Reyes said the ministry "has not asked anyone for help."'
    a = signature(arts["independent-post"]["text"] + quote + footer)
    b = signature(arts["independent-factories"]["text"] + quote + footer)
    assert containment(a, b) < 0.3
    index = Syndication()
    index.assign("a", arts["independent-post"]["text"] + quote + footer)
    assert index.assign("b", arts["independent-factories"]["text"] + quote + footer)[0] == "b"


def test_signature_round_trips_and_foreign_bytes_are_refused() -> None:
    sig = signature(articles()["wire"]["text"])
    back = Signature.from_bytes(sig.to_bytes())
    assert back is not None and back.size == sig.size and (back.hashes == sig.hashes).all()
    assert Signature.from_bytes(b"not a signature") is None
    assert Signature.from_bytes(sig.to_bytes()[:-4]) is None


def test_syndication_imports_without_spacy() -> None:
    code = "import sys, claimledger.across.syndication, claimledger.across.views; print('spacy' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def _origins(db_url: str) -> dict[str, str]:
    """Outlet -> origin outlet, from what `export --format jsonl` prints."""
    out = runner.invoke(app, ["export", "--format", "jsonl", "--db", db_url])
    assert out.exit_code == 0, out.stderr
    ledgers = [json.loads(line) for line in out.stdout.splitlines()]
    outlet = {d["article"]["id"]: d["article"]["outlet"] for d in ledgers}
    return {d["article"]["outlet"]: outlet[d["origin"]] for d in ledgers}


def test_ingest_gives_every_article_its_origin_and_export_shows_it(db_url: str) -> None:
    done = runner.invoke(app, ["ingest", str(STORY), "--db", db_url])
    assert done.exit_code == 0, done.stdout + done.stderr
    assert _origins(db_url) == {
        "Coastline News": "Coastline News", "Northern Herald": "Coastline News", "Harbour Gazette": "Coastline News",
        "Daily Roundup": "Daily Roundup", "Valmora Daily Post": "Valmora Daily Post",
        "Industry Weekly": "Industry Weekly"}


def test_an_article_stored_without_its_origin_gets_it_on_the_next_ingest(db_url: str, tmp_path: Path) -> None:
    lines = STORY.read_text().splitlines()
    first = tmp_path / "first.jsonl"
    first.write_text("\n".join(lines[:3]) + "\n")
    assert runner.invoke(app, ["ingest", str(first), "--db", db_url]).exit_code == 0
    # As if the run had been killed between the ledgers and their origins.
    with open_repository(db_url) as repo, repo.engine.begin() as conn:
        conn.execute(text("DELETE FROM origins"))
    again = runner.invoke(app, ["ingest", str(first), "--db", db_url])
    assert again.exit_code == 0 and "0 new, 3 unchanged" in again.stdout
    assert set(_origins(db_url).values()) == {"Coastline News"}
    # New articles join the groups the stored signatures describe.
    assert runner.invoke(app, ["ingest", str(STORY), "--db", db_url]).exit_code == 0
    assert _origins(db_url)["Daily Roundup"] == "Daily Roundup"
    assert len(set(_origins(db_url).values())) == 4


def test_origin_is_null_in_export_for_an_article_not_grouped(tmp_path: Path) -> None:
    url = str(tmp_path / "x.db")
    assert runner.invoke(app, ["ingest", str(STORY), "--db", url]).exit_code == 0
    with open_repository(url) as repo, repo.engine.begin() as conn:
        conn.execute(text("DELETE FROM origins"))
    out = runner.invoke(app, ["export", "--db", url])
    assert [json.loads(line)["origin"] for line in out.stdout.splitlines()] == [None] * 6


def test_the_lsh_bands_are_those_datasketch_picks_for_the_threshold() -> None:
    from datasketch import MinHashLSH

    from claimledger.across import syndication

    chosen = MinHashLSH(threshold=syndication.CANDIDATE_JACCARD, num_perm=syndication.NUM_PERM)
    assert (chosen.b, chosen.r) == syndication.LSH_BANDS
