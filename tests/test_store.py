"""The store: the same repository behaviour on SQLite and on a real PostgreSQL server."""
from __future__ import annotations

import copy
import dataclasses
import json
import sqlite3
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from claimledger import analyze_many, ledger_to_dict, read_inputs
from claimledger.errors import ClaimledgerError
from claimledger.model import Failure
from claimledger.store import Link, RelationRow, open_engine, open_repository
from claimledger.store.db import sqlite_path
from claimledger.store.tables import metadata, relations
from stored import as_dict, ledger_from_dict

ARTICLES = Path(__file__).parent / "fixtures" / "store"


@pytest.fixture(scope="module")
def ledgers() -> list[dict[str, Any]]:
    """What `analyze` makes of the written articles, as JSON objects."""
    out = []
    for result in analyze_many(read_inputs([str(ARTICLES)])):
        assert not isinstance(result, Failure), result
        out.append(ledger_to_dict(result))
    assert len(out) == 4
    return out


def test_store_opens_without_spacy(tmp_path: Path) -> None:
    code = ("import sys; import claimledger.store as s; r = s.open_repository(sys.argv[1]); "
            "print(r.count(), 'spacy' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "x.db")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["0", "False"]


def test_same_article_twice_is_stored_once(db_url: str, ledgers: list[dict[str, Any]]) -> None:
    with open_repository(db_url) as repo:
        assert repo.save(ledger_from_dict(ledgers[0])) is True
        assert repo.save(ledger_from_dict(copy.deepcopy(ledgers[0]))) is False
        assert repo.count() == 1
        rows = list(repo.attribution_rows())
    assert len(rows) == len(ledgers[0]["attributions"]) > 0
    # A second open of the same database sees the same (the schema is not created twice).
    with open_repository(db_url) as repo:
        assert repo.count() == 1
        assert [a.id for a in repo.articles()] == [ledgers[0]["article"]["id"]]


def test_ledger_read_back_equals_what_analyze_made(db_url: str, ledgers: list[dict[str, Any]]) -> None:
    with open_repository(db_url) as repo:
        for ledger in ledgers:
            repo.save(ledger_from_dict(ledger))
        for ledger in ledgers:
            assert as_dict(repo.get(ledger["article"]["id"])) == json.loads(json.dumps(ledger))
        assert [ledger_to_dict(x) for x in repo.ledgers()] == ledgers  # oldest ingest first
        assert as_dict(repo.get("0" * 64)) is None


def test_rows_hold_the_ledger_parts(db_url: str, ledgers: list[dict[str, Any]]) -> None:
    ledger = ledgers[0]
    with open_repository(db_url) as repo:
        repo.save(ledger_from_dict(ledger))
        rows = {r["attribution_id"]: r for r in repo.attribution_rows()}
        with repo.engine.connect() as conn:
            claims = conn.execute(text("SELECT id, text FROM claims WHERE article_id = :a"),
                                  {"a": ledger["article"]["id"]}).all()
    for a in ledger["attributions"]:
        row = rows[a["id"]]
        assert (row["source_text"], row["source_name"], row["cue_lemma"]) == (
            a["source"]["text"], a["source"]["name"], a["cue"]["lemma"])
        assert ledger["article"]["text"][row["content_start"]:row["content_end"]] == row["content_text"]
        assert (row["stance"], row["claim_id"]) == (a["stance"], a["claim"])
    assert sorted(claims) == sorted((c["id"], c["text"]) for c in ledger["claims"])


def test_replace_rewrites_the_parts(db_url: str, ledgers: list[dict[str, Any]]) -> None:
    ledger = ledger_from_dict(ledgers[1])
    with open_repository(db_url) as repo:
        repo.save(ledger)
        before = len(list(repo.attribution_rows()))
        fewer = dataclasses.replace(ledger, attributions=ledger.attributions[:1])
        assert repo.save(fewer, replace=True) is True
        assert repo.count() == 1
        assert len(list(repo.attribution_rows())) == 1 < before
        assert repo.get(ledger.article.id) == fewer


def test_a_failed_save_leaves_nothing_of_that_article(db_url: str, ledgers: list[dict[str, Any]]) -> None:
    broken = copy.deepcopy(ledgers[0])
    broken["attributions"].append(copy.deepcopy(broken["attributions"][0]))  # the same id twice
    with open_repository(db_url) as repo:
        with pytest.raises(ClaimledgerError) as caught:
            repo.save(ledger_from_dict(broken))
        assert caught.value.code == "E063"
        assert repo.count() == 0
        assert list(repo.attribution_rows()) == []
        assert repo.search("Stenlund") == []
        assert repo.save(ledger_from_dict(ledgers[0])) is True  # and the good ledger of the same article goes in


def test_full_text_search_finds_articles_and_claims(db_url: str, ledgers: list[dict[str, Any]]) -> None:
    by_name = {Path(l["article"]["path"]).name: l["article"]["id"] for l in ledgers}
    with open_repository(db_url) as repo:
        for ledger in ledgers:
            repo.save(ledger_from_dict(ledger))
        assert repo.search("dockworkers") == [by_name["port-strike.txt"]]
        assert repo.search("Stenlund spokesman") == [by_name["gas-request.txt"]]
        assert repo.search("zeppelin") == []
        claim_hits = repo.search_claims("automation")
        assert claim_hits and {a for a, _ in claim_hits} == {by_name["port-strike.txt"]}


def test_hostile_text_is_stored_and_searched_as_data(db_url: str, ledgers: list[dict[str, Any]]) -> None:
    ledger = copy.deepcopy(ledgers[2])
    hostile = "Robert'); DROP TABLE articles; -- said \"NEAR(x y)\" OR *"
    ledger["article"]["title"] = hostile
    with open_repository(db_url) as repo:
        repo.save(ledger_from_dict(ledger))
        assert as_dict(repo.get(ledger["article"]["id"]))["article"]["title"] == hostile
        assert repo.search("NEAR(x OR * \"") in ([], [ledger["article"]["id"]])  # no syntax error either way
        assert repo.search("Robert") == [ledger["article"]["id"]]
        assert repo.count() == 1


def test_schema_matches_tables_py(db_url: str) -> None:
    engine = open_engine(db_url)

    def ours(obj: Any, name: str | None, type_: str, *_: Any) -> bool:
        # FTS5 tables and their shadow tables, and PostgreSQL's expression indexes, live outside tables.py.
        # PostgreSQL's stored tsvector columns (revision 0006) and their GIN indexes too.
        if type_ == "column" and name == "search":
            return False
        return not (name or "").startswith(("articles_fts", "claims_fts", "story_claims_fts", "ix_articles_fts", "ix_claims_fts",
                                               "ix_story_claims_fts", "articles_search", "claims_search",
                                               "ix_articles_search", "ix_claims_search"))

    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": ours})
        assert compare_metadata(context, metadata) == []
    engine.dispose()


def test_a_database_from_a_newer_version_is_refused(db_url: str) -> None:
    engine = open_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'f00d'"))
    engine.dispose()
    with pytest.raises(ClaimledgerError) as caught:
        open_engine(db_url)
    assert caught.value.code == "E062"


def test_another_applications_database_is_refused_and_left_as_it_was(db_url: str) -> None:
    # Issue 20: a database holding tables claimledger does not make is not turned into a store.
    path = sqlite_path(db_url)
    if path is not None:  # made by another program, in SQLite's default journal mode
        with sqlite3.connect(path) as made:
            made.executescript("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('kept');")
        made.close()
    else:
        engine = open_engine(db_url, migrate=False)
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE notes (body TEXT)"))
            conn.execute(text("INSERT INTO notes VALUES ('kept')"))
        engine.dispose()
    before = path.read_bytes() if path is not None else b""
    for readonly in (False, True):
        with pytest.raises(ClaimledgerError) as caught:
            open_repository(db_url, readonly=readonly)
        assert caught.value.code == "E065"
    if path is not None:
        assert path.read_bytes() == before
        assert sorted(p.name for p in path.parent.iterdir()) == [path.name]  # no journal left beside it
        return
    engine = open_engine(db_url, migrate=False)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT body FROM notes")).scalar_one() == "kept"
        assert set(inspect(conn).get_table_names()) == {"notes"}
    engine.dispose()


def test_a_store_of_revision_0002_is_upgraded_and_keeps_its_relations(db_url: str) -> None:
    # A store written by 0.1: its statements' relations to story claims were in `stances`.
    from alembic import command

    from claimledger.store.migrations import _config

    engine = open_engine(db_url, migrate=False)
    config = _config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0002")
        now = {"t": datetime.now(timezone.utc)}
        conn.execute(text("INSERT INTO articles (id, path, text, ledger, ingested_at) VALUES ('a1', 'x.txt', 'T', '{}', :t)"), now)
        conn.execute(text("INSERT INTO story_claims (id, text, created_at) VALUES (7, 'The port closes', :t)"), now)
        conn.execute(text("INSERT INTO stances (article_id, statement_id, story_claim_id, relation, probability) "
                          "VALUES ('a1', 'a3', 7, 'denies', 0.9)"))
    engine.dispose()
    with open_repository(db_url) as repo:
        rows = list(repo.table_rows(relations))
        names = inspect(repo.engine).get_table_names()
    assert [(r["statement_id"], r["story_claim_id"], r["relation"]) for r in rows] == [("a3", 7, "denies")]
    assert "stances" not in names


def test_sqlite_file_has_fts5_for_datasette(tmp_path: Path, ledgers: list[dict[str, Any]]) -> None:
    path = tmp_path / "plain.db"
    with open_repository(str(path)) as repo:
        for ledger in ledgers:
            repo.save(ledger_from_dict(ledger))
    # Read with the standard library alone, as any SQLite tool would.
    conn = sqlite3.connect(path)
    hits = conn.execute("SELECT a.path FROM articles_fts f JOIN articles a ON a.id = f.article_id "
                        "WHERE articles_fts MATCH 'inspectors'").fetchall()
    fks = conn.execute("PRAGMA foreign_key_list(attributions)").fetchall()
    conn.close()
    assert [Path(p).name for (p,) in hits] == ["bridge-report.txt"]
    assert [(fk[2], fk[3], fk[4]) for fk in fks] == [("articles", "article_id", "id")]


def test_bad_urls_are_numbered_errors(tmp_path: Path) -> None:
    with pytest.raises(ClaimledgerError) as caught:
        open_repository("mysql://someone@localhost/news")
    assert caught.value.code == "E061"
    with pytest.raises(ClaimledgerError) as caught:
        open_repository(str(tmp_path / "missing-dir" / "x.db"))
    assert caught.value.code == "E060"
    with pytest.raises(ClaimledgerError) as caught:
        open_repository(str(tmp_path / "absent.db"), create=False)
    assert caught.value.code == "E064"
    assert not (tmp_path / "absent.db").exists()
    with pytest.raises(ClaimledgerError) as caught:  # nothing listens there; the password is not shown
        open_repository("postgresql://u:s3cret@127.0.0.1:1/none")
    assert caught.value.code == "E060" and "s3cret" not in str(caught.value)


def test_across_rows_join_story_claims_and_go_with_a_reanalysis(db_url: str, ledgers: list[dict[str, Any]]) -> None:
    first, second = ledgers[0], ledgers[1]
    a, b = first["article"]["id"], second["article"]["id"]
    vector = bytes(range(16))
    claim = first["claims"][0]
    said = next(x for x in first["attributions"] if x["claim"] == claim["id"])
    with open_repository(db_url) as repo:
        repo.save(ledger_from_dict(first))
        repo.save(ledger_from_dict(second))
        story = repo.save_across(a, [Link(claim["id"], claim["text"], vector)],
                                 [RelationRow(said["id"], claim["id"], "supports", 0.9, said["content"]["text"])])
        # The second article's title joins the story claim the first one started.
        joined = repo.save_across(b, [Link("title", second["article"]["title"] or "x", vector,
                                           story[claim["id"]], 0.8)], [RelationRow("title", "title", "denies", 0.7)])
        assert joined == {"title": story[claim["id"]]}
        assert sorted((s, art) for s, art, _c, _v in repo.story_links()) == sorted(
            [(story[claim["id"]], a), (story[claim["id"]], b)])
        with pytest.raises(ValueError):  # a stance for a claim with no link: nothing of it is written
            repo.save_across(b, [], [RelationRow("title", "title", "denies")])
        assert len(list(repo.story_links())) == 2
        repo.save_origin(b, a, b"\x00\x01")
        assert repo.origin_of(b) == a and list(repo.signatures()) == [(b, a, b"\x00\x01")]
        # A re-analysis replaces the article's derived rows: its links, stances and origin go with the old ledger.
        repo.save(ledger_from_dict(copy.deepcopy(second)), replace=True)
        assert repo.origin_of(b) is None
        assert [art for _s, art, _c, _v in repo.story_links()] == [a]
