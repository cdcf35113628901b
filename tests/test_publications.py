"""Issue 18: one text, many publications; publication dates in any common form; unknown JSON fields reported
once per run; the failures table; PostgreSQL's stored tsvector columns. On SQLite and PostgreSQL."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timezone
from collections.abc import Iterable
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from claimledger import read_inputs
from claimledger.across.views import list_claims, profiles, timeline
from claimledger.contract import ledger_to_dict
from claimledger.model import Document
from claimledger.options import Options
from claimledger.run.job import Outcome, ingest
from claimledger.store import open_engine, open_repository

HERE = Path(__file__).parent / "fixtures" / "publications"
FIRST, MORE = HERE / "first.jsonl", HERE / "more.jsonl"  # a wire text run by 2 outlets (+2 more), and a rebuttal
CLI = [sys.executable, "-m", "claimledger"]
QUICK = Options(story_claims=False)


def _by_line(outcomes: Iterable[Outcome]) -> list[Outcome]:
    """Outcomes in input order (those of texts already stored may come before those analysed)."""
    return sorted(outcomes, key=lambda o: (Path(o.path.rsplit(":", 1)[0]).name != "more.jsonl", o.path))


def _outlets(repo, article_id: str) -> list[str | None]:
    ledger = repo.get(article_id)
    return [p.outlet for p in ledger.article.publications]


def test_a_text_run_by_several_outlets_keeps_every_publication_once(db_url: str) -> None:
    with open_repository(db_url) as repo:
        first = _by_line(ingest(read_inputs([str(FIRST)]), repo, QUICK))
        assert [o.status for o in first] == ["new", "unchanged", "new"]
        assert first[1].publications == 1  # the Courier's copy: the text was there, its publication is new
        wire = first[0].article_id
        assert first[1].article_id == wire and repo.count() == 2
        assert _outlets(repo, wire) == ["Tidewater Press", "Meridian Courier"]

        more = _by_line(ingest(read_inputs([str(MORE), str(FIRST)]), repo, QUICK))  # overlapping: one new
        assert [o.status for o in more] == ["unchanged"] * 5
        assert [o.publications for o in more] == [0, 1, 0, 0, 0]
        assert _outlets(repo, wire) == ["Tidewater Press", "Meridian Courier", "Harbour Gazette"]
        assert repo.count() == 2

        ledger = ledger_to_dict(repo.get(wire))
        pubs = ledger["article"]["publications"]
        assert [p["url"] for p in pubs] == ["https://tidewater.example/meridian-water",
                                            "https://courier.example/news/water-plant", "https://gazette.example/w/88"]
        # Dates read into ISO 8601; one that cannot be read is kept as given.
        assert [p["published"] for p in pubs] == ["2026-11-02", "2026-11-02T14:30:00+00:00", "early November"]
        assert pubs[1]["path"].endswith("first.jsonl:2")
        # The article keeps its first publication's fields, as before.
        assert (ledger["article"]["outlet"], ledger["article"]["published"]) == ("Tidewater Press", "2026-11-02")
        assert [len(x.article.publications) for x in repo.ledgers()] == [3, 1]
        # The API's outlet filter finds a text by any outlet that ran it.
        assert [r.id for r in repo.find_articles(outlet="harbour gazette")] == [wire]


def test_a_copy_read_after_its_text_was_stored_in_the_same_run_is_kept(db_url: str) -> None:
    # One article analysed at a time: the Courier's copy is read after the wire text was stored by this run.
    with open_repository(db_url) as repo:
        done = _by_line(ingest(read_inputs([str(FIRST), str(MORE)]), repo, Options(story_claims=False, batch_size=1)))
        assert [o.publications for o in done] == [0, 1, 1, 1, 1]  # more.jsonl first: its Courier line is known
        assert _outlets(repo, done[0].article_id) == ["Tidewater Press", "Meridian Courier", "Harbour Gazette"]


def test_analyze_gives_the_inputs_own_publication() -> None:
    docs = list(read_inputs([str(FIRST)]))
    assert isinstance(docs[1], Document)
    from claimledger.pipeline import clean_many

    article = next(a for a in clean_many(docs[1:2], Options()))
    assert [(p.outlet, p.url, p.published) for p in article.publications] == [
        ("Meridian Courier", "https://courier.example/news/water-plant", "2026-11-02T14:30:00+00:00")]


@pytest.mark.parametrize(("given", "stored"), [
    ("Nov 2, 2026", "2026-11-02"),
    ("2 November 2026", "2026-11-02"),
    ("November 2nd, 2026 at 3:45 PM EST", "2026-11-02T15:45:00-05:00"),
    ("Mon, 02 Nov 2026 10:00:00 +0100", "2026-11-02T10:00:00+01:00"),  # RFC 2822, as feeds write it
    ("2026-11-02T10:00:00Z", "2026-11-02T10:00:00+00:00"),
    ("2026-11-02T10:00:00+05:30", "2026-11-02T10:00:00+05:30"),
    ("2026-11-02", "2026-11-02"),
])
def test_published_in_any_common_form_is_stored_as_iso(tmp_path: Path, given: str, stored: str) -> None:
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"text": "The council said the bridge would reopen.", "published": given}) + "\n")
    [doc] = read_inputs([str(path)])
    assert isinstance(doc, Document)
    assert (doc.published, doc.warnings) == (stored, [])


@pytest.mark.parametrize("given", ["11/02/2026", "November 2026", "yesterday", "Feb 30, 2026", "2 Nov 2026 10:00 IST"])
def test_a_date_that_cannot_be_read_is_kept_with_a_warning(tmp_path: Path, given: str) -> None:
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"text": "The council said the bridge would reopen.", "published": given}) + "\n")
    [doc] = read_inputs([str(path)])
    assert isinstance(doc, Document)
    assert doc.published == given
    assert [w[:6] for w in doc.warnings] == ["[W030]"] and repr(given) in doc.warnings[0]


def test_unknown_fields_are_reported_once_per_run(tmp_path: Path) -> None:
    for name, extra in (("a.jsonl", {"section": "world"}), ("b.jsonl", {"section": "city", "byline": "x"})):
        (tmp_path / name).write_text("".join(
            json.dumps({"text": f"The council said the bridge would reopen ({n}).", **extra}) + "\n" for n in range(3)))
    docs = [d for d in read_inputs([str(tmp_path)]) if isinstance(d, Document)]
    warned = [(Path(d.path).name, w) for d in docs for w in d.warnings]
    assert [(p, w[:6]) for p, w in warned] == [("a.jsonl:1", "[W031]"), ("b.jsonl:1", "[W031]")]
    assert "'section'" in warned[0][1] and "'byline'" in warned[1][1] and "'section'" not in warned[1][1]


def test_claims_and_outlet_profiles_count_every_outlet_that_ran_a_text(db_url: str) -> None:
    with open_repository(db_url) as repo:
        list(ingest(read_inputs([str(FIRST), str(MORE)]), repo, Options(relation_across="features")))
        claims = list_claims(repo)
        wire_outlets = {"Tidewater Press", "Meridian Courier", "Harbour Gazette"}
        on_wire = [c for c in claims if wire_outlets <= set(c.outlets)]
        assert on_wire, [c.outlets for c in claims]
        sides = [s for c in on_wire for s in c.sides.values() if s.articles]
        # One text (one article, one origin) published by three outlets.
        assert any(s.publications == 3 and s.outlets == 3 and s.articles == 1 for s in sides)
        entry = timeline(repo, on_wire[0].id).entries[0].to_dict()
        assert set(entry["outlets"]) <= wire_outlets | {"Valley Herald"}
        # Filtering by an outlet whose run of the text was the second one recorded still finds its claims.
        assert {c.id for c in list_claims(repo, outlet="Harbour Gazette")} >= {c.id for c in on_wire}
        outlets = {o["outlet"]: o for o in profiles(repo).outlets}
        assert {name: outlets[name]["articles"] for name in wire_outlets} == dict.fromkeys(wire_outlets, 1)
        assert outlets["Harbour Gazette"]["statements"] == outlets["Tidewater Press"]["statements"] > 0


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLAIMLEDGER_", "_CLAIMLEDGER_"))}
    return subprocess.run(CLI + list(args), capture_output=True, text=True, env=env, timeout=600)


def test_failures_are_kept_shown_and_cleared_by_a_run_that_stores_them(db_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("The council said on Monday that the bridge would reopen in spring.\n")
    (folder / "blob.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "lines.jsonl").write_text('{"text": "The mayor said the bridge was safe."}\n{"title": "no text"}\n')
    done = _cli("ingest", str(folder), "--db", db_url, "--no-story-claims", "--no-progress")
    assert done.returncode == 1
    shown = _cli("failures", "--db", db_url, "--json")
    assert shown.returncode == 0, shown.stderr
    rows = {Path(r["input"]).name: r for r in json.loads(shown.stdout)["failures"]}
    assert {k: r["code"] for k, r in rows.items()} == {"blob.txt": "E003", "lines.jsonl:2": "E007"}
    assert rows["blob.txt"]["message"].startswith("[E003]")
    assert datetime.fromisoformat(rows["blob.txt"]["failed_at"]).year >= 2026
    table = _cli("failures", "--db", db_url)
    assert "E003" in table.stdout and "blob.txt" in table.stdout and "2 failed input(s)" in table.stdout

    (folder / "blob.txt").write_text("The port said on Tuesday that its cranes were safe to use again.\n")
    again = _cli("ingest", str(folder), "--db", db_url, "--no-story-claims", "--no-progress")
    assert again.returncode == 1  # the JSON line still has no text
    left = json.loads(_cli("failures", "--db", db_url, "--json").stdout)["failures"]
    assert [Path(r["input"]).name for r in left] == ["lines.jsonl:2"]
    (folder / "lines.jsonl").write_text('{"text": "The mayor said the bridge was safe."}\n')
    assert _cli("ingest", str(folder), "--db", db_url, "--no-story-claims", "--no-progress").returncode == 0
    assert "No failed inputs" in _cli("failures", "--db", db_url).stdout


def test_an_older_store_gets_one_publication_per_article_and_reads_as_before(db_url: str) -> None:
    from alembic import command

    from claimledger.store.migrations import _config

    engine = open_engine(db_url, migrate=False)
    config = _config()
    ledger = {"schema": "claimledger.article/1", "article": {
        "id": "a1", "path": "old.jsonl:1", "title": "Bridge to reopen", "language": "en", "url": "https://x.example/b",
        "published": "Nov 2, 2026", "outlet": "Old Outlet", "text": "The council said the bridge would reopen."},
        "attributions": [], "claims": []}
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0004")
        conn.execute(text("INSERT INTO articles (id, path, url, title, outlet, published, language, text, ledger, "
                          "ingested_at) VALUES ('a1', 'old.jsonl:1', 'https://x.example/b', 'Bridge to reopen', "
                          "'Old Outlet', 'Nov 2, 2026', 'en', 'The council said the bridge would reopen.', :l, :t)"),
                     {"l": json.dumps(ledger), "t": datetime.now(timezone.utc)})
    engine.dispose()
    with open_repository(db_url) as repo:
        stored = repo.get("a1")
        assert stored is not None
        assert [(p.outlet, p.url, p.published, p.path) for p in stored.article.publications] == [
            ("Old Outlet", "https://x.example/b", "Nov 2, 2026", "old.jsonl:1")]
        columns = {c["name"] for c in inspect(repo.engine).get_columns("articles")}
        if repo.dialect == "postgresql":  # the stored tsvector column, filled for the rows already there
            assert "search" in columns
            assert repo.search("bridge") == ["a1"] and repo.search_any(["reopen", "zebra"]) == ["a1"]
            with repo.engine.connect() as conn:
                indexes = set(conn.execute(text("SELECT indexname FROM pg_indexes WHERE tablename = 'articles'")).scalars())
            assert "ix_articles_search" in indexes and "ix_articles_fts" not in indexes
        assert repo.search("-\x00") == [] and repo.search_claims("bridge\x00") == []  # a NUL is no error
