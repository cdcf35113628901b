"""The one module that writes to the store, and the queries over it.

Saves are keyed by the article id (the sha256 of its clean text) and each unit of work is one transaction
(db.writing): an article's ledger (the article row, its attributions, claims and full-text rows), its
origin, and its join (story claims it starts, its claim links and its relations) are each all or nothing. An
ingest killed at any point (Ctrl-C, kill -9) leaves only whole units behind, and running it again does
the rest without doubling anything. A join holds the store's join lock from its first read (`joining`),
so concurrent ingests place articles one after another, each seeing the links the others wrote. Every
value reaches SQL as a bound parameter.
"""
from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from typing import Any, Literal, TypeVar, Unpack

from sqlalchemy import Connection, Engine, Select, Table, case, delete, exists, func, insert, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from ..contract import ledger_from_dict, ledger_to_dict
from ..errors import E, W
from ..model import Article, Ledger, Publication
from .corrections import Correction, apply
from .db import DEFAULT_URL, JOIN_LOCK, _reason, display_url, fault, open_engine, writing
from .tables import (articles, attributions, claim_links, claims, corrections, failures, origins, publication_key,
                     publications, relations, story_claim_merges, story_claims)

_WORD = re.compile(r"\w+")  # a word `search_any` passes to the full-text query as it is


@dataclass(frozen=True)
class ArticleRow:
    """What `Repository.articles` lists: an article without its text and ledger."""

    id: str
    path: str
    title: str | None
    url: str | None
    outlet: str | None
    published: str | None
    ingested_at: datetime


@dataclass(frozen=True)
class Link:
    """One of an article's own claims (or its title, claim_id 'title') tied to a claim across articles:
    `story_claim_id` None starts a new story claim with this text, unless `same_as` names an earlier link of
    the same save whose (new) story claim this one joins."""

    claim_id: str
    text: str
    vector: bytes  # float32 sentence embedding
    story_claim_id: int | None = None
    similarity: float | None = None
    same_as: str | None = None
    negated: bool = False  # its text states the proposition negatively (Claim.negated)


@dataclass(frozen=True)
class RelationRow:
    """A statement's relation to the story claim its article's claim `claim_id` is linked to."""

    statement_id: str  # an attribution id, or 'title'
    claim_id: str
    relation: str  # supports | denies | discusses
    probability: float | None = None
    sentence: str | None = None


def _article_row(ledger: Ledger, now: datetime, version: str | None = None) -> dict[str, Any]:
    art = ledger.article
    # A note on the run's input, not on this article (W031, a JSON field nothing reads, rides on the first
    # document that has it): not stored, so `ingest` and a sharded `run` store the same ledger.
    notes = [w for w in art.warnings if not w.startswith(f"[{W.W031.name}]")]
    if notes != art.warnings:
        ledger = replace(ledger, article=replace(art, warnings=notes))
    return {
        "id": art.id, "path": art.path, "url": art.url, "title": art.title, "outlet": art.outlet,
        "published": art.published, "language": art.language, "text": art.text,
        "ledger": json.dumps(ledger_to_dict(ledger), ensure_ascii=False), "ingested_at": now,
        "analysis_version": version,
    }


def _attribution_rows(article_id: str, ledger: Ledger) -> list[dict[str, Any]]:
    rows = []
    for a in ledger.attributions:
        source, cue, content = a.source, a.cue, a.content
        rows.append({
            "article_id": article_id, "id": a.id,
            "source_text": source.span.text, "source_name": source.name, "source_kind": source.kind,
            "source_anonymous": source.anonymous, "cue_text": None if cue.empty else cue.span.text,
            "cue_lemma": None if cue.empty else cue.lemma,
            "content_text": content.text, "content_start": content.start, "content_end": content.end,
            "quote": a.quote, "stance": a.stance, "claim_id": a.claim,
        })
    return rows


def _claim_rows(article_id: str, ledger: Ledger) -> list[dict[str, Any]]:
    return [{"article_id": article_id, "id": c.id, "text": c.text, "contested": c.contested} for c in ledger.claims]


class Join:
    """Reads and the write of one article's join, inside the transaction `Repository.joining` holds."""

    def __init__(self, conn: Connection, dialect: str) -> None:
        self.conn = conn
        self.dialect = dialect

    def fingerprint(self) -> tuple[int, int, int]:
        """(links, highest story claim id linked, last merge): changes whenever a join or a merge is saved (a
        join only adds links to an article that had none), so a process sees cheaply whether others joined
        articles or merged story claims since it looked."""
        found = self.conn.execute(select(func.count(), func.coalesce(func.max(claim_links.c.story_claim_id), 0))
                                  .select_from(claim_links)).one()
        merged = self.conn.execute(select(func.coalesce(func.max(story_claim_merges.c.id), 0))).scalar_one()
        return int(found[0]), int(found[1]), int(merged)

    def merges_after(self, last: int) -> list[tuple[int, int]]:
        """(merged story claim, the one it is now part of) of the merges recorded after merge `last`, in order."""
        query = (select(story_claim_merges.c.merged_id, story_claim_merges.c.into_id)
                 .where(story_claim_merges.c.id > last).order_by(story_claim_merges.c.id))
        return [(int(m), int(i)) for m, i in self.conn.execute(query)]

    def merge(self, absorbed: int, kept: int, similarity: float | None = None,
              sides: Literal["turn", "keep", "discuss"] = "turn") -> None:
        """Make story claim `absorbed` part of `kept`: its links and relations move to `kept`, its search row
        goes, and the merge is recorded (earlier merges into it now point to `kept`, so one look-up resolves
        any merged id). Merged into a story claim of the other polarity (story_claims.negated), its statements'
        `sides` turn (the two state one proposition), stay (one wording, parsed two ways) or become
        `discusses` (the two say different things). Its own row stays,
        holding nothing: SQLite gives the highest id again once its row is deleted, and a merged id must
        never come back as another claim."""
        conn = self.conn
        if absorbed == kept:
            raise ValueError("a story claim cannot be merged into itself")
        negated = dict(conn.execute(select(story_claims.c.id, story_claims.c.negated)
                                    .where(story_claims.c.id.in_([absorbed, kept]))).all())
        if bool(negated.get(absorbed)) != bool(negated.get(kept)) and sides != "keep":  # "X was not captured"
            side = relations.c.relation
            turned = case((side == "supports", "denies"), (side == "denies", "supports"), else_=side) \
                if sides == "turn" else case((side.in_(("supports", "denies")), "discusses"), else_=side)
            conn.execute(update(relations).where(relations.c.story_claim_id == absorbed).values(relation=turned))
        for table in (claim_links, relations):
            conn.execute(update(table).where(table.c.story_claim_id == absorbed).values(story_claim_id=kept))
        conn.execute(update(story_claim_merges).where(story_claim_merges.c.into_id == absorbed).values(into_id=kept))
        conn.execute(insert(story_claim_merges).values(merged_id=absorbed, into_id=kept, similarity=similarity,
                                                       merged_at=datetime.now(timezone.utc)))
        if self.dialect == "sqlite":
            conn.execute(text("DELETE FROM story_claims_fts WHERE story_claim_id = :i"), {"i": absorbed})

    def linked_articles(self) -> set[str]:
        """Ids of the articles that have links."""
        return set(self.conn.execute(select(claim_links.c.article_id).distinct()).scalars())

    def links_of(self, article_ids: Sequence[str]) -> list[dict[str, Any]]:
        """The claim_links rows of these articles, in primary-key order."""
        rows: list[dict[str, Any]] = []
        ids = sorted(article_ids)
        for start in range(0, len(ids), 500):
            query = (select(claim_links).where(claim_links.c.article_id.in_(ids[start:start + 500]))
                     .order_by(claim_links.c.article_id, claim_links.c.claim_id))
            rows += [dict(r) for r in self.conn.execute(query).mappings()]
        return rows

    def story_texts(self, ids: Sequence[int]) -> dict[int, tuple[str, bool]]:
        """Story claim id -> the text that started it, and whether that text is negated."""
        query = (select(story_claims.c.id, story_claims.c.text, story_claims.c.negated)
                 .where(story_claims.c.id.in_(sorted(set(ids)))))
        return {int(i): (t, bool(n)) for i, t, n in self.conn.execute(query)}

    def save(self, article_id: str, links: Sequence[Link], relation_rows: Sequence[RelationRow]) -> dict[str, int]:
        """Replace the article's links and relations with these (see Repository.save_across)."""
        conn = self.conn
        if conn.execute(select(articles.c.id).where(articles.c.id == article_id)).first() is None:
            raise ValueError(f"article {article_id} is not stored")
        conn.execute(delete(relations).where(relations.c.article_id == article_id))
        conn.execute(delete(claim_links).where(claim_links.c.article_id == article_id))
        story: dict[str, int] = {}
        now = datetime.now(timezone.utc)
        for link in links:
            story_id = link.story_claim_id if link.same_as is None else story[link.same_as]
            if story_id is None:
                story_id = int(conn.execute(insert(story_claims).values(text=link.text, created_at=now, negated=link.negated)
                                            .returning(story_claims.c.id)).scalar_one())
                if self.dialect == "sqlite":
                    conn.execute(text("INSERT INTO story_claims_fts (story_claim_id, text) VALUES (:i, :t)"),
                                 {"i": story_id, "t": link.text})
                fault("join")  # tests: killed with a story claim made and its links not yet
            story[link.claim_id] = story_id
            conn.execute(insert(claim_links).values(
                article_id=article_id, claim_id=link.claim_id, story_claim_id=story_id, text=link.text,
                similarity=link.similarity, vector=link.vector))
        rows = [{"article_id": article_id, "statement_id": s.statement_id, "story_claim_id": story[s.claim_id],
                 "relation": s.relation, "probability": s.probability, "sentence": s.sentence}
                for s in relation_rows if s.claim_id in story]
        if len(rows) < len(relation_rows):
            raise ValueError("a relation refers to a claim that has no link")
        if rows:
            conn.execute(insert(relations), rows)
        fault("joined")  # tests: killed with the whole join written, not committed
        return story


class Grouping:
    """Reads and the write of one article's origin, inside the transaction `Repository.grouping` holds."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def fingerprint(self) -> int:
        """How many articles have an origin: grows whenever another process groups one."""
        return int(self.conn.execute(select(func.count()).select_from(origins)).scalar_one())

    def signatures_except(self, known: set[str]) -> list[tuple[str, str, bytes | None]]:
        """(article id, origin, signature) of the grouped articles not in `known`."""
        ids = set(self.conn.execute(select(origins.c.article_id)).scalars()) - known
        rows: list[tuple[str, str, bytes | None]] = []
        ordered = sorted(ids)
        for start in range(0, len(ordered), 500):
            query = (select(origins.c.article_id, origins.c.origin, origins.c.signature)
                     .where(origins.c.article_id.in_(ordered[start:start + 500])).order_by(origins.c.article_id))
            rows += [(r[0], r[1], None if r[2] is None else bytes(r[2])) for r in self.conn.execute(query)]
        return rows

    def save(self, article_id: str, origin: str, signature: bytes | None) -> None:
        self.conn.execute(delete(origins).where(origins.c.article_id == article_id))
        self.conn.execute(insert(origins).values(article_id=article_id, origin=origin, signature=signature))


class Repository:
    """Ledgers stored in one database. Make one with `open_repository(url)`; close it when done."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name
        self._local = threading.local()  # .unit: the transaction `unit` holds open in this thread (serve shares a repo)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Repository:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # --- writing -------------------------------------------------------------------------------------

    def save(self, ledger: Ledger, *, replace: bool = False, version: str | None = None) -> bool:
        """Store one article's ledger; True if it was written, False if that article was already there
        (and replace is False). replace=True writes this ledger over the stored one (a re-analysis: the
        article keeps its ingest time, so it keeps its place in every "oldest first" order). `version` is
        the analysis version that made the ledger (analysis.py). Either way its publications
        (`Article.publications`, else the one its url, outlet and published make) are recorded, those
        already recorded once only.
        Raises E063 if the database refuses the write; nothing of this article is then stored."""
        art = ledger.article
        row = _article_row(ledger, datetime.now(timezone.utc), version)
        try:
            with self._write() as conn:
                if replace and self._exists(conn, art.id):
                    self._drop_parts(conn, art.id)
                    conn.execute(update(articles).where(articles.c.id == art.id).values(
                        {k: v for k, v in row.items() if k not in ("id", "ingested_at")}))
                elif not self._insert_article(conn, row):
                    self._record_publications(conn, art.id, publications_of(art))  # the text was there; this is not
                    return False
                self._record_publications(conn, art.id, publications_of(art))
                # The searchable parts show what a person corrected; `ledger` keeps the machine's own.
                self._write_parts(conn, art.id, art.title, art.text, apply(ledger, self._corrections(conn, art.id)))
        except SQLAlchemyError as error:
            raise E.E063.error(url=display_url(self.engine.url), detail=_reason(error)) from None
        return True

    # --- bulk writing (issue 18: `claimledger run` loads its shards) ---------------------------------------

    def save_many(self, ledgers: Sequence[Ledger], *, version: str | None = None) -> set[str]:
        """Store many ledgers in one transaction; returns the ids written now (one already stored, or given
        twice, is written once and left as it is) and records every publication given, as `save` does;
        `version` as in `save`. All or nothing, so a job killed while loading loads the
        same shard again without doubling anything. PostgreSQL gets the rows by COPY (through a temporary
        table for the articles, which keeps ON CONFLICT DO NOTHING), SQLite by executemany. Raises E063."""
        first: dict[str, Ledger] = {}
        for ledger in ledgers:
            first.setdefault(ledger.article.id, ledger)
        unique = list(first.values())
        now = datetime.now(timezone.utc)
        # One microsecond apart: "oldest ingest first" (origins, joins, lists) stays the order given.
        rows = [_article_row(ledger, now + timedelta(microseconds=n), version) for n, ledger in enumerate(unique)]
        try:
            with self._write() as conn:
                written = self._insert_articles(conn, rows)
                for ledger in ledgers:  # every publication given, of texts new or stored (issue 18)
                    self._record_publications(conn, ledger.article.id, publications_of(ledger.article))
                fresh = [ledger for ledger in unique if ledger.article.id in written]
                fixed = self._corrections_of(conn, [ledger.article.id for ledger in fresh])
                fresh = [apply(ledger, fixed.get(ledger.article.id, [])) for ledger in fresh]
                self._write_parts_many(conn, fresh)
        except SQLAlchemyError as error:
            raise E.E063.error(url=display_url(self.engine.url), detail=_reason(error)) from None
        return written

    def _insert_articles(self, conn: Connection, rows: list[dict[str, Any]]) -> set[str]:
        if not rows:
            return set()
        if self.dialect != "postgresql":
            stmt = sqlite.insert(articles).on_conflict_do_nothing(index_elements=["id"]).returning(articles.c.id)
            return {str(r[0]) for r in conn.execute(stmt, rows)}
        names = [c.name for c in articles.columns]  # named: a generated column (tsvector) takes no value
        cols = ", ".join(names)
        conn.execute(text(f"CREATE TEMP TABLE _load_articles ON COMMIT DROP AS SELECT {cols} FROM articles WITH NO DATA"))
        self._copy(conn, "_load_articles", names, rows)
        found = conn.execute(text(f"INSERT INTO articles ({cols}) SELECT {cols} FROM _load_articles "
                                  "ON CONFLICT (id) DO NOTHING RETURNING id"))
        return {str(r[0]) for r in found}

    @staticmethod
    def _copy(conn: Connection, table: str, names: Sequence[str], rows: Iterable[dict[str, Any]]) -> None:
        """PostgreSQL COPY of `rows` into `table` (fixed names, never input) on this transaction's connection."""
        raw: Any = conn.connection.driver_connection
        with raw.cursor() as cursor:
            with cursor.copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([row[n] for n in names])

    def _corrections_of(self, conn: Connection, ids: Sequence[str]) -> dict[str, list[Correction]]:
        """A person's corrections of these articles (usually none: a person's work is small beside an archive)."""
        fixed: set[str] = set()
        ordered = sorted(set(ids))
        for start in range(0, len(ordered), 500):
            query = select(corrections.c.article_id).distinct().where(
                corrections.c.article_id.in_(ordered[start:start + 500]))
            fixed.update(conn.execute(query).scalars())
        return {article_id: self._corrections(conn, article_id) for article_id in sorted(fixed)}

    def _write_parts_many(self, conn: Connection, ledgers: Sequence[Ledger]) -> None:
        parts = [_attribution_rows(ledger.article.id, ledger) for ledger in ledgers]
        attribution_rows = [row for rows in parts for row in rows]
        claim_rows = [row for ledger in ledgers for row in _claim_rows(ledger.article.id, ledger)]
        if self.dialect == "postgresql":  # GIN indexes follow the tables by themselves
            if attribution_rows:
                self._copy(conn, "attributions", [c.name for c in attributions.columns], attribution_rows)
            if claim_rows:
                self._copy(conn, "claims", [c.name for c in claims.columns], claim_rows)
            return
        if attribution_rows:
            conn.execute(insert(attributions), attribution_rows)
        if claim_rows:
            conn.execute(insert(claims), claim_rows)
            conn.execute(text("INSERT INTO claims_fts (article_id, claim_id, text) VALUES (:article_id, :id, :text)"),
                         claim_rows)
        if ledgers:
            conn.execute(text("INSERT INTO articles_fts (article_id, title, text) VALUES (:a, :t, :x)"),
                         [{"a": lg.article.id, "t": lg.article.title or "", "x": lg.article.text} for lg in ledgers])

    def _insert_article(self, conn: Connection, row: dict[str, Any]) -> bool:
        """Insert unless an article with this id exists; True if inserted. ON CONFLICT DO NOTHING makes two
        ingests of the same article at once safe: the second waits for the first and writes nothing."""
        if self.dialect == "postgresql":
            stmt: Any = postgresql.insert(articles).values(row).on_conflict_do_nothing(index_elements=["id"])
        else:
            stmt = sqlite.insert(articles).values(row).on_conflict_do_nothing(index_elements=["id"])
        # RETURNING rather than rowcount, which psycopg leaves at -1 here.
        return conn.execute(stmt.returning(articles.c.id)).first() is not None

    def add_publications(self, article_id: str, found: Sequence[Publication]) -> int:
        """Record publications of a stored text (an input whose clean text is already stored: another outlet
        ran it); returns how many were new. Costs one read when all are recorded already (a re-run), and
        records nothing for an article that is not stored. Raises E063 if the database refuses."""
        keys = {_key_of(p) for p in found}
        with self.engine.connect() as conn:
            if not keys - self._publication_keys(conn, article_id):
                return 0
        try:
            with self._write() as conn:
                if not self._exists(conn, article_id):
                    return 0
                return self._record_publications(conn, article_id, found)
        except SQLAlchemyError as error:
            raise E.E063.error(url=display_url(self.engine.url), detail=_reason(error)) from None

    @staticmethod
    def _publication_keys(conn: Connection, article_id: str) -> set[str]:
        return set(conn.execute(select(publications.c.key).where(publications.c.article_id == article_id)).scalars())

    def _record_publications(self, conn: Connection, article_id: str, found: Sequence[Publication]) -> int:
        """Insert the publications not yet recorded (ON CONFLICT DO NOTHING: two ingests recording the same one
        at once leave one row); returns how many were new."""
        added = 0
        for p in dict.fromkeys(found):
            row = {"article_id": article_id, "key": _key_of(p), "path": p.path, "url": p.url, "title": p.title,
                   "outlet": p.outlet, "published": p.published, "fetched": p.fetched}
            dialect: Any = postgresql if self.dialect == "postgresql" else sqlite
            stmt = dialect.insert(publications).values(row).on_conflict_do_nothing(index_elements=["article_id", "key"])
            added += conn.execute(stmt.returning(publications.c.id)).first() is not None
        return added

    def _write_parts(self, conn: Connection, article_id: str, title: str | None, body: str, ledger: Ledger) -> None:
        if rows := _attribution_rows(article_id, ledger):
            conn.execute(insert(attributions), rows)
        claim_rows = _claim_rows(article_id, ledger)
        if claim_rows:
            conn.execute(insert(claims), claim_rows)
        if self.dialect == "sqlite":  # PostgreSQL's GIN indexes follow the tables by themselves
            conn.execute(text("INSERT INTO articles_fts (article_id, title, text) VALUES (:a, :t, :x)"),
                         {"a": article_id, "t": title or "", "x": body})
            if claim_rows:
                conn.execute(text("INSERT INTO claims_fts (article_id, claim_id, text) VALUES (:article_id, :id, :text)"),
                             claim_rows)

    def save_across(self, article_id: str, links: Sequence[Link], relation_rows: Sequence[RelationRow]) -> dict[str, int]:
        """Tie a stored article's claims to claims across articles and record its statements' relations, in one
        transaction that replaces what the article had; returns its claim ids -> story claim ids. A relation
        whose claim has no link is an error of the caller (ValueError), as is an article not stored."""
        with self.joining() as join:
            return join.save(article_id, links, relation_rows)

    @contextmanager
    def unit(self) -> Iterator[None]:
        """One article's whole unit of work as one transaction holding the join lock: the saves, grouping and
        join made inside it share it, so an ingest stores an article, its origin and its join all or
        nothing, and concurrent ingests store, group and join articles in one order. Raises E063."""
        try:
            with writing(self.engine, lock=JOIN_LOCK) as conn:
                self._local.unit = conn
                try:
                    yield
                finally:
                    self._local.unit = None
        except SQLAlchemyError as error:
            raise E.E063.error(url=display_url(self.engine.url), detail=_reason(error)) from None

    @contextmanager
    def _write(self, lock: int | None = None) -> Iterator[Connection]:
        """The open unit's connection, else a write transaction of its own (db.writing)."""
        unit: Connection | None = getattr(self._local, "unit", None)
        if unit is not None:
            yield unit
        else:
            with writing(self.engine, lock=lock) as conn:
                yield conn

    @contextmanager
    def joining(self) -> Iterator[Join]:
        """One article's join as one transaction holding the join lock (SQLite's write lock, PostgreSQL's
        advisory JOIN_LOCK) from its first read: what `Join` reads is what no other join can change before
        it commits. Raises E063 if the database refuses."""
        try:
            with self._write(JOIN_LOCK) as conn:
                yield Join(conn, self.dialect)
        except SQLAlchemyError as error:
            raise E.E063.error(url=display_url(self.engine.url), detail=_reason(error)) from None

    def save_origin(self, article_id: str, origin: str, signature: bytes | None = None) -> None:
        """Record the group of syndicated copies a stored article belongs to (the id of its first article)."""
        with self.grouping() as grouping:
            grouping.save(article_id, origin, signature)

    @contextmanager
    def grouping(self) -> Iterator[Grouping]:
        """One article's grouping into an origin as one transaction holding the join lock (SQLite's write
        lock, PostgreSQL's advisory JOIN_LOCK): what it reads no other grouping changes before it commits.
        Raises E063 if the database refuses."""
        try:
            with self._write(JOIN_LOCK) as conn:
                yield Grouping(conn)
        except SQLAlchemyError as error:
            raise E.E063.error(url=display_url(self.engine.url), detail=_reason(error)) from None

    def add_corrections(self, rows: Sequence[Correction], *, author: str | None = None) -> set[str]:
        """Store a person's corrections, all in one transaction (all or nothing), and bring the searchable parts
        of the stored articles they touch in step; returns the ids of those articles. Corrections of articles
        not stored are kept too: they apply when the article is ingested."""
        now = datetime.now(timezone.utc)
        values = [{"article_id": c.article_id, "target": c.target, "start": c.start, "end": c.end, "field": c.field,
                   "value": json.dumps(c.value, ensure_ascii=False), "author": c.author or author, "created_at": now}
                  for c in rows]
        touched: set[str] = set()
        try:
            with self._write() as conn:
                if values:
                    conn.execute(insert(corrections), values)
                for article_id in dict.fromkeys(c.article_id for c in rows):
                    stored = conn.execute(select(articles.c.title, articles.c.text, articles.c.ledger)
                                          .where(articles.c.id == article_id)).first()
                    if stored is None:
                        continue
                    conn.execute(delete(attributions).where(attributions.c.article_id == article_id))
                    conn.execute(delete(claims).where(claims.c.article_id == article_id))
                    if self.dialect == "sqlite":
                        for table in ("articles_fts", "claims_fts"):  # fixed names, never input
                            conn.execute(text(f"DELETE FROM {table} WHERE article_id = :a"), {"a": article_id})
                    self._write_parts(conn, article_id, stored[0], stored[1],
                                      apply(_ledger(stored[2]), self._corrections(conn, article_id)))
                    touched.add(article_id)
        except SQLAlchemyError as error:
            raise E.E063.error(url=display_url(self.engine.url), detail=_reason(error)) from None
        return touched

    def record_failure(self, source: str, code: str, message: str) -> None:
        """Keep an input that could not be stored (the latest failure of each input wins). Raises E063."""
        row = {"input": source, "code": code, "message": message, "failed_at": datetime.now(timezone.utc)}
        dialect: Any = postgresql if self.dialect == "postgresql" else sqlite
        stmt = dialect.insert(failures).values(row)
        stmt = stmt.on_conflict_do_update(index_elements=["input"], set_={k: stmt.excluded[k] for k in row if k != "input"})
        try:
            with self._write() as conn:
                conn.execute(stmt)
        except SQLAlchemyError as error:
            raise E.E063.error(url=display_url(self.engine.url), detail=_reason(error)) from None

    def clear_failures(self, inputs: Iterable[str]) -> None:
        """Forget the failures of these inputs (a later ingest stored them). Raises E063."""
        names = sorted(set(inputs))
        try:
            with self._write() as conn:
                for start in range(0, len(names), 500):
                    conn.execute(delete(failures).where(failures.c.input.in_(names[start:start + 500])))
        except SQLAlchemyError as error:
            raise E.E063.error(url=display_url(self.engine.url), detail=_reason(error)) from None

    def failures(self, *, limit: int | None = None) -> list[dict[str, Any]]:
        """The inputs ingests could not store and no later ingest did: input, code, message, failed_at;
        newest first."""
        query = (select(failures.c.input, failures.c.code, failures.c.message, failures.c.failed_at)
                 .order_by(failures.c.failed_at.desc(), failures.c.input).limit(limit))
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]

    def failed_inputs(self) -> set[str]:
        """The inputs with a failure kept (ingest clears those it then stores)."""
        with self.engine.connect() as conn:
            return set(conn.execute(select(failures.c.input)).scalars())

    @staticmethod
    def _corrections(conn: Connection, article_id: str) -> list[Correction]:
        query = (select(corrections.c.start, corrections.c.end, corrections.c.field, corrections.c.value,
                        corrections.c.author, corrections.c.target)
                 .where(corrections.c.article_id == article_id).order_by(corrections.c.id))
        return [Correction(article_id, r[0], r[1], r[2], json.loads(r[3]) if r[3] is not None else None, r[4], r[5])
                for r in conn.execute(query)]

    def _drop_across(self, conn: Connection, article_id: str) -> None:
        conn.execute(delete(relations).where(relations.c.article_id == article_id))
        conn.execute(delete(claim_links).where(claim_links.c.article_id == article_id))

    def _drop_parts(self, conn: Connection, article_id: str) -> None:
        # What is derived from the old ledger goes with it; corrections stay (see tables.py).
        self._drop_across(conn, article_id)
        conn.execute(delete(origins).where(origins.c.article_id == article_id))
        conn.execute(delete(attributions).where(attributions.c.article_id == article_id))
        conn.execute(delete(claims).where(claims.c.article_id == article_id))
        if self.dialect == "sqlite":
            for table in ("articles_fts", "claims_fts"):  # fixed names, never input
                conn.execute(text(f"DELETE FROM {table} WHERE article_id = :a"), {"a": article_id})

    # --- the store's lifecycle (issue 21): select, delete, re-derive, count --------------------------

    def article_ids(self, *, ids: Sequence[str] | None = None, outlet: str | None = None, since: str | None = None,
                    before: str | None = None, version_not: str | None = None) -> list[str]:
        """Ids of stored articles, oldest ingest first: of those in `ids` (if given), of `outlet` (case
        ignored), published on or after `since` / before `before` (ISO dates compared as strings; an article
        without a date is left out by them), made by an analysis version other than `version_not`."""
        query = select(articles.c.ingested_at, articles.c.id)
        query = _where_published(query, outlet, since, before)
        if version_not is not None:
            query = query.where(func.coalesce(articles.c.analysis_version, "") != version_not)
        with self.engine.connect() as conn:
            if ids is None:
                return [str(r[1]) for r in conn.execute(query.order_by(articles.c.ingested_at, articles.c.id))]
            wanted, found = sorted(set(ids)), []
            for start in range(0, len(wanted), 500):  # bound parameters: a few hundred at a time
                found += list(conn.execute(query.where(articles.c.id.in_(wanted[start:start + 500]))))
        return [str(r[1]) for r in sorted(found, key=lambda r: (r[0], r[1]))]

    def delete_articles(self, ids: Sequence[str]) -> dict[str, int]:
        """Remove these articles and all that hangs on them (attributions, claims, origin, links, relations,
        full-text rows and a person's corrections), all in one transaction under the join lock, then re-derive
        what they touched: a story claim left without links goes, one that keeps links takes the text of its
        oldest remaining link when its own came from a removed article, and a group of copies whose origin
        was a removed article is named after its oldest remaining member. Returns counts of what went."""
        wanted = sorted(set(ids))
        gone = {"articles": 0, "corrections": 0, "story_claims": 0}
        try:
            with self._write(JOIN_LOCK) as conn:
                found = [a for a in wanted if self._exists(conn, a)]
                touched = self._story_claim_ids(conn, found)
                for article_id in found:
                    self._drop_parts(conn, article_id)
                    mine = corrections.c.article_id == article_id
                    gone["corrections"] += int(conn.execute(select(func.count()).where(mine)).scalar_one())
                    conn.execute(delete(corrections).where(mine))
                    conn.execute(delete(articles).where(articles.c.id == article_id))
                gone["articles"] = len(found)
                gone["story_claims"] = self._rederive_story_claims(conn, touched, retext=True)
                self._rename_origins(conn, found)
        except SQLAlchemyError as error:
            raise E.E063.error(url=display_url(self.engine.url), detail=_reason(error)) from None
        return gone

    def story_claims_touched(self, article_ids: Sequence[str]) -> set[int]:
        """The story claims these articles' links point to (read before a re-analysis drops them)."""
        with self.engine.connect() as conn:
            return self._story_claim_ids(conn, article_ids)

    def drop_orphan_story_claims(self, ids: Iterable[int]) -> int:
        """Remove those of these story claims that no link points to any more (after a re-analysis placed its
        articles again); returns how many went. Inside `unit` when one is open."""
        with self._write(JOIN_LOCK) as conn:
            return self._rederive_story_claims(conn, set(ids), retext=False)

    @staticmethod
    def _story_claim_ids(conn: Connection, article_ids: Sequence[str]) -> set[int]:
        found: set[int] = set()
        ids = sorted(set(article_ids))
        for start in range(0, len(ids), 500):
            query = select(claim_links.c.story_claim_id).where(claim_links.c.article_id.in_(ids[start:start + 500]))
            found |= {int(i) for i in conn.execute(query).scalars()}
        return found

    def _rederive_story_claims(self, conn: Connection, ids: set[int], *, retext: bool) -> int:
        """Drop the story claims of `ids` without links; with retext, give the others the text of their
        oldest remaining link unless one of their links still holds their text. Returns how many were dropped."""
        dropped = 0
        for story_id in sorted(ids):
            query = (select(claim_links.c.text).join(articles, articles.c.id == claim_links.c.article_id)
                     .where(claim_links.c.story_claim_id == story_id)
                     .order_by(articles.c.ingested_at, articles.c.id, claim_links.c.claim_id))
            texts = list(conn.execute(query).scalars())
            if not texts:
                conn.execute(delete(story_claims).where(story_claims.c.id == story_id))
                self._story_fts(conn, story_id, None)
                dropped += 1
                continue
            current = conn.execute(select(story_claims.c.text).where(story_claims.c.id == story_id)).scalar_one()
            if retext and current not in texts:
                conn.execute(update(story_claims).where(story_claims.c.id == story_id).values(text=texts[0]))
                self._story_fts(conn, story_id, texts[0])
        return dropped

    def _story_fts(self, conn: Connection, story_id: int, new_text: str | None) -> None:
        if self.dialect != "sqlite":  # PostgreSQL's GIN index follows the table
            return
        conn.execute(text("DELETE FROM story_claims_fts WHERE story_claim_id = :i"), {"i": story_id})
        if new_text is not None:
            conn.execute(text("INSERT INTO story_claims_fts (story_claim_id, text) VALUES (:i, :t)"),
                         {"i": story_id, "t": new_text})

    @staticmethod
    def _rename_origins(conn: Connection, removed: Sequence[str]) -> None:
        """Groups of copies named after a removed article take the id of their oldest remaining member."""
        for old in removed:
            members = list(conn.execute(
                select(origins.c.article_id).join(articles, articles.c.id == origins.c.article_id)
                .where(origins.c.origin == old).order_by(articles.c.ingested_at, articles.c.id)).scalars())
            if members:
                conn.execute(update(origins).where(origins.c.origin == old).values(origin=members[0]))

    def counts(self) -> dict[str, int]:
        """What the store holds, by name (`claimledger stats`): one query per count in COUNTS."""
        with self.engine.connect() as conn:
            return {name: int(conn.execute(query).scalar_one()) for name, query in _counts().items()}

    def analysis_versions(self) -> list[tuple[str | None, int]]:
        """(analysis version, articles) for every version in the store, most articles first; None for
        ledgers stored before versions were recorded."""
        query = (select(articles.c.analysis_version, func.count()).group_by(articles.c.analysis_version)
                 .order_by(func.count().desc(), articles.c.analysis_version))
        with self.engine.connect() as conn:
            return [(v, int(n)) for v, n in conn.execute(query)]

    @staticmethod
    def _exists(conn: Connection, article_id: str) -> bool:
        return conn.execute(select(articles.c.id).where(articles.c.id == article_id)).first() is not None

    # --- reading -------------------------------------------------------------------------------------

    def origin_of(self, article_id: str) -> str | None:
        """The id of the group of syndicated copies the article belongs to; None if not yet grouped."""
        with self.engine.connect() as conn:
            found = conn.execute(select(origins.c.origin).where(origins.c.article_id == article_id)).scalar_one_or_none()
        return None if found is None else str(found)

    def signatures(self) -> Iterator[tuple[str, str, bytes | None]]:
        """(article id, origin, MinHash signature) of every grouped article, to rebuild an LSH index."""
        query = select(origins.c.article_id, origins.c.origin, origins.c.signature).order_by(origins.c.article_id)
        with self.engine.connect() as conn:
            for row in conn.execution_options(yield_per=1000).execute(query):
                yield row[0], row[1], row[2]

    def story_links(self) -> Iterator[tuple[int, str, str, bytes]]:
        """(story claim id, article id, claim id, vector) of every link, to rebuild a nearest-neighbour index."""
        query = (select(claim_links.c.story_claim_id, claim_links.c.article_id, claim_links.c.claim_id,
                        claim_links.c.vector).order_by(claim_links.c.story_claim_id, claim_links.c.article_id))
        with self.engine.connect() as conn:
            for row in conn.execution_options(yield_per=1000).execute(query):
                yield int(row[0]), row[1], row[2], bytes(row[3])

    def has(self, article_id: str) -> bool:
        """Whether an article with this id (the sha256 of its clean text) is stored."""
        with self.engine.connect() as conn:
            return self._exists(conn, article_id)

    def stored_ids(self, ids: Sequence[str]) -> set[str]:
        """Which of these article ids are stored (asked 500 at a time)."""
        found: set[str] = set()
        ordered = sorted(set(ids))
        with self.engine.connect() as conn:
            for start in range(0, len(ordered), 500):
                query = select(articles.c.id).where(articles.c.id.in_(ordered[start:start + 500]))
                found.update(str(i) for i in conn.execute(query).scalars())
        return found

    def count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(articles)).scalar_one())

    def get(self, article_id: str, *, corrected: bool = True) -> Ledger | None:
        """The stored ledger of one article, as the JSON object `analyze` printed, with a person's corrections
        over it (store/corrections.py; corrected=False: the machine's alone) and every publication of its
        text recorded so far; None if absent."""
        with self.engine.connect() as conn:
            stored = conn.execute(select(articles.c.ledger).where(articles.c.id == article_id)).scalar_one_or_none()
            if stored is None:
                return None
            fixes = self._corrections(conn, article_id) if corrected else []
            found = _publications(conn, [article_id])
        return _published(apply(_ledger(stored), fixes), found)

    def corrected_ids(self, among: Iterable[str] | None = None) -> set[str]:
        """Ids of the articles (of those in `among`, else of all) that a person corrected: a person's work,
        small beside the archive."""
        query = select(corrections.c.article_id).distinct()
        if among is not None:
            query = query.where(corrections.c.article_id.in_(sorted(set(among))))
        with self.engine.connect() as conn:
            return set(conn.execute(query).scalars())

    def articles(self, *, limit: int | None = None) -> list[ArticleRow]:
        """Stored articles, oldest ingest first."""
        query = (select(articles.c.id, articles.c.path, articles.c.title, articles.c.url, articles.c.outlet,
                        articles.c.published, articles.c.ingested_at)
                 .order_by(articles.c.ingested_at, articles.c.id).limit(limit))
        with self.engine.connect() as conn:
            return [ArticleRow(*row) for row in conn.execute(query)]

    def ledgers(self, *, batch: int = 200, corrected: bool = True) -> Iterator[Ledger]:
        """Every stored ledger, oldest ingest first, read in batches (an archive need not fit in memory), with a
        person's corrections over it (corrected=False: the machine's alone) and all its publications."""
        query = select(articles.c.id, articles.c.ledger).order_by(articles.c.ingested_at, articles.c.id)
        fixed = self.corrected_ids() if corrected else set()
        with self.engine.connect() as conn:
            with self.engine.connect() as side:
                for rows in conn.execution_options(yield_per=batch).execute(query).partitions():
                    found = _publications(side, [r[0] for r in rows])
                    for article_id, stored in rows:
                        fixes = self._corrections(side, article_id) if article_id in fixed else []
                        yield _published(apply(_ledger(stored), fixes), found)

    def table_rows(self, table: Table, *, batch: int = 1000) -> Iterator[dict[str, Any]]:
        """Every row of one of the store's tables, in primary-key order, read in batches (Parquet export)."""
        query = select(table).order_by(*table.primary_key.columns)
        with self.engine.connect() as conn:
            for row in conn.execution_options(yield_per=batch).execute(query).mappings():
                yield dict(row)

    def attribution_rows(self) -> Iterator[dict[str, Any]]:
        """One row per stored attribution with its article's metadata and its claim's text (CSV export)."""
        query = (
            select(articles.c.id.label("article_id"), articles.c.path, articles.c.url, articles.c.title,
                   articles.c.outlet, articles.c.published,
                   *[c.label("attribution_id" if c.name == "id" else c.name)
                     for c in attributions.c if c.name != "article_id"],
                   claims.c.text.label("claim_text"), claims.c.contested.label("claim_contested"))
            .join(attributions, attributions.c.article_id == articles.c.id)
            .outerjoin(claims, (claims.c.article_id == attributions.c.article_id)
                       & (claims.c.id == attributions.c.claim_id))
            .order_by(articles.c.ingested_at, articles.c.id, attributions.c.content_start, attributions.c.id)
        )
        with self.engine.connect() as conn:
            for row in conn.execution_options(yield_per=500).execute(query).mappings():
                yield dict(row)

    def find_articles(self, *, ids: Sequence[str] | None = None, outlet: str | None = None, since: str | None = None,
                      until: str | None = None, limit: int = 50, offset: int = 0) -> list[ArticleRow]:
        """Stored articles, newest ingest first (in the order of `ids` when given: a search's ranking), for
        the HTTP API's lists. `outlet` is matched ignoring case; `since` / `until` compare the publication
        date as given (ISO 8601 strings sort as dates), so an article without one is left out by them."""
        cols = (articles.c.id, articles.c.path, articles.c.title, articles.c.url, articles.c.outlet,
                articles.c.published, articles.c.ingested_at)
        query = select(*cols)
        if ids is not None:
            query = query.where(articles.c.id.in_(list(ids)))
        query = _where_published(query, outlet, since, until)
        if ids is None:
            query = query.order_by(articles.c.ingested_at.desc(), articles.c.id).limit(limit).offset(offset)
        with self.engine.connect() as conn:
            rows = [ArticleRow(*row) for row in conn.execute(query)]
        if ids is not None:
            rank = {i: n for n, i in enumerate(ids)}
            rows = sorted(rows, key=lambda r: rank[r.id])[offset:offset + limit]
        return rows

    def find_attributions(self, *, article_id: str | None = None, source: str | None = None,
                          source_kind: str | None = None, stance: str | None = None, outlet: str | None = None,
                          since: str | None = None, until: str | None = None, limit: int = 50,
                          offset: int = 0) -> list[dict[str, Any]]:
        """Stored (corrected) attributions with their article's metadata, newest ingest first, in text order
        within an article. `source` is matched ignoring case against the source's name or words."""
        query = (select(articles.c.id.label("article_id"), articles.c.title, articles.c.url, articles.c.outlet,
                        articles.c.published,
                        *[c.label("attribution_id" if c.name == "id" else c.name)
                          for c in attributions.c if c.name != "article_id"])
                 .join(attributions, attributions.c.article_id == articles.c.id))
        if article_id:
            query = query.where(articles.c.id == article_id)
        if source:
            like = "%" + source.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            query = query.where(func.lower(func.coalesce(attributions.c.source_name, "")).like(like, escape="\\")
                                | func.lower(attributions.c.source_text).like(like, escape="\\"))
        if source_kind:
            query = query.where(attributions.c.source_kind == source_kind)
        if stance:
            query = query.where(attributions.c.stance == stance)
        query = _where_published(query, outlet, since, until)
        query = (query.order_by(articles.c.ingested_at.desc(), articles.c.id, attributions.c.content_start,
                                attributions.c.id).limit(limit).offset(offset))
        with self.engine.connect() as conn:
            return [dict(row) for row in conn.execute(query).mappings()]

    def story_claims_of(self, article_id: str) -> dict[str, int]:
        """An article's own claim ids (and 'title') -> the story claim each is linked to."""
        query = select(claim_links.c.claim_id, claim_links.c.story_claim_id).where(claim_links.c.article_id == article_id)
        with self.engine.connect() as conn:
            return {r[0]: int(r[1]) for r in conn.execute(query)}

    def search(self, words: str, *, limit: int = 20) -> list[str]:
        """Ids of articles whose title or text holds all of `words` (full-text search, best match first)."""
        if self.dialect == "sqlite":
            query = "SELECT article_id FROM articles_fts WHERE articles_fts MATCH :q ORDER BY rank LIMIT :n"
        else:  # the stored tsvector column (revision 0006), not the text parsed again per matching row
            query = ("SELECT id FROM articles WHERE search @@ plainto_tsquery('english', :q) "
                     "ORDER BY ts_rank(search, plainto_tsquery('english', :q)) DESC LIMIT :n")
        return [r[0] for r in self._match(query, words, limit)]

    def search_any(self, words: Sequence[str], *, limit: int = 100) -> list[str]:
        """Ids of articles whose title or text holds any of `words`, best match first (BM25 in SQLite,
        ts_rank in PostgreSQL): candidate retrieval for `track`, where a claim's words need not all be
        there. Only words of letters and digits are searched, so nothing reaches the query syntax."""
        terms = list(dict.fromkeys(w for w in words if _WORD.fullmatch(w)))
        if not terms:
            return []
        if self.dialect == "sqlite":
            query = "SELECT article_id FROM articles_fts WHERE articles_fts MATCH :q ORDER BY rank LIMIT :n"
            q = " OR ".join(f'"{w}"' for w in terms)
        else:
            query = ("SELECT id FROM articles WHERE search @@ to_tsquery('english', :q) "
                     "ORDER BY ts_rank(search, to_tsquery('english', :q)) DESC, id LIMIT :n")
            q = " | ".join(terms)
        with self.engine.connect() as conn:
            return [r[0] for r in conn.execute(text(query), {"q": q, "n": limit})]

    def fetch(self, ids: Sequence[str]) -> list[tuple[ArticleRow, str]]:
        """The stored articles with these ids (metadata and clean text), in the order given; absent ids
        are skipped."""
        query = (select(articles.c.id, articles.c.path, articles.c.title, articles.c.url, articles.c.outlet,
                        articles.c.published, articles.c.ingested_at, articles.c.text)
                 .where(articles.c.id.in_(list(ids))))
        with self.engine.connect() as conn:
            found = {row[0]: (ArticleRow(*row[:7]), row[7]) for row in conn.execute(query)}
        return [found[i] for i in ids if i in found]

    def search_claims(self, words: str, *, limit: int = 20) -> list[tuple[str, str]]:
        """(article id, claim id) of claims whose text holds all of `words`."""
        if self.dialect == "sqlite":
            query = "SELECT article_id, claim_id FROM claims_fts WHERE claims_fts MATCH :q ORDER BY rank LIMIT :n"
        else:
            query = "SELECT article_id, id FROM claims WHERE search @@ plainto_tsquery('english', :q) LIMIT :n"
        return [(r[0], r[1]) for r in self._match(query, words, limit)]

    def _match(self, query: str, words: str, limit: int) -> list[Any]:
        # A NUL ends FTS5's string early ("unterminated string") and PostgreSQL refuses it: it separates words.
        words = words.replace("\x00", " ")
        if self.dialect == "sqlite":
            # Each word quoted as an FTS5 string, so the user's text is never read as query syntax.
            words = " ".join('"' + w.replace('"', '""') + '"' for w in words.split())
        if not words.strip():
            return []
        with self.engine.connect() as conn:
            return list(conn.execute(text(query), {"q": words, "n": limit}))


_Selected = TypeVar("_Selected", bound="Select[Unpack[tuple[Any, ...]]]")


def _where_published(query: _Selected, outlet: str | None, since: str | None, until: str | None) -> _Selected:
    """The API lists' filters on an outlet that published the text (any of its publications; case ignored)
    and the publication date (ISO strings sort as dates, so an article without one is left out by `since` /
    `until`)."""
    if outlet:
        query = query.where(exists().where(publications.c.article_id == articles.c.id,
                                           func.lower(publications.c.outlet) == outlet.lower()))
    if since:
        query = query.where(articles.c.published >= since)
    if until:
        query = query.where(articles.c.published < until)
    return query


def _counts() -> dict[str, Any]:
    """The counts `Repository.counts` reports, in the order `claimledger stats` prints them: add one here.
    ("contested" needs the independent-origin rule, so across.views.store_counts adds it.)"""
    return {
        "articles": select(func.count()).select_from(articles),
        "publications": select(func.count()).select_from(publications),
        "origins": select(func.count(func.distinct(origins.c.origin))),
        "story claims": select(func.count()).select_from(story_claims),
        "corrections": select(func.count()).select_from(corrections),
    }


def _ledger(stored: str) -> Ledger:
    return ledger_from_dict(json.loads(stored))


def publications_of(art: Article) -> list[Publication]:
    """An article's publications as `clean` gave them, else (a ledger made elsewhere) the one its own url,
    outlet and published make."""
    return art.publications or [Publication(art.url, art.outlet, art.published, None, art.path, art.title)]


def _key_of(p: Publication) -> str:
    return publication_key(p.url, p.outlet, p.published)


def _publications(conn: Connection, ids: Sequence[str]) -> dict[str, list[Publication]]:
    """Article id -> its recorded publications, in the order they were recorded."""
    found: dict[str, list[Publication]] = {}
    wanted = sorted(set(ids))
    for start in range(0, len(wanted), 500):
        query = (select(publications.c.article_id, publications.c.url, publications.c.outlet,
                        publications.c.published, publications.c.fetched, publications.c.path, publications.c.title)
                 .where(publications.c.article_id.in_(wanted[start:start + 500])).order_by(publications.c.id))
        for row in conn.execute(query):
            found.setdefault(row[0], []).append(Publication(*row[1:]))
    return found


def _published(ledger: Ledger, found: dict[str, list[Publication]]) -> Ledger:
    """The ledger with its article's recorded publications (the stored JSON holds those of its first save)."""
    if (these := found.get(ledger.article.id)) is None:
        return ledger
    return replace(ledger, article=replace(ledger.article, publications=these))


def open_repository(url: str = DEFAULT_URL, *, create: bool = True, readonly: bool = False) -> Repository:
    """Open (and if needed create or upgrade) the store at `url`; readonly=True opens it for reading only,
    writing nothing (not even a new file). See `db.open_engine` for the errors."""
    return Repository(open_engine(url, create=create, readonly=readonly))
