"""Reads across articles: origins to fill in, statements on story claims, profiles of sources and outlets.

Plain queries with bound parameters only; what they return is turned into answers (independent-origin
counts, timelines) by `claimledger.across.views`. The one module that writes stays `repo`.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.exc import SQLAlchemyError

from ..model import Attribution
from .corrections import relation_after
from .repo import Repository
from .tables import (articles, attributions, claim_links, claims, origins, publications, relations, story_claim_merges,
                     story_claims)


def ungrouped_texts(repo: Repository, *, also: Iterable[str] = (), batch: int = 200) -> Iterator[tuple[str, str]]:
    """(id, clean text) of stored articles without an origin, and of those in `also`, oldest ingest first.
    The ids are read first and the texts a batch at a time, so the caller may write in between (SQLite
    has one writer) and a large store from before origins need not fit in memory."""
    extra = sorted(set(also))
    missing = origins.c.article_id.is_(None)
    query = (select(articles.c.id).outerjoin(origins, origins.c.article_id == articles.c.id)
             .where(or_(missing, articles.c.id.in_(extra)) if extra else missing)
             .order_by(articles.c.ingested_at, articles.c.id))
    with repo.engine.connect() as conn:
        ids = list(conn.execute(query).scalars())
    for start in range(0, len(ids), batch):
        chunk = ids[start:start + batch]
        with repo.engine.connect() as conn:
            texts = dict(conn.execute(select(articles.c.id, articles.c.text).where(articles.c.id.in_(chunk))).all())
        for article_id in chunk:
            if article_id in texts:
                yield article_id, texts[article_id]


def has_ungrouped(repo: Repository) -> bool:
    """Whether some stored article has no origin yet."""
    query = (select(articles.c.id).outerjoin(origins, origins.c.article_id == articles.c.id)
             .where(origins.c.article_id.is_(None)).limit(1))
    with repo.engine.connect() as conn:
        return conn.execute(query).first() is not None


def unjoined(repo: Repository) -> list[str]:
    """Stored articles with a title or a claim but no link to a story claim, oldest first: those an
    interrupted ingest stored but did not get to join (its ledger and its links are two transactions)."""
    titled = func.length(func.trim(articles.c.title)) > 0
    query = (select(articles.c.id)
             .where(~exists().where(claim_links.c.article_id == articles.c.id))
             .where(or_(titled, exists().where(claims.c.article_id == articles.c.id)))
             .order_by(articles.c.ingested_at, articles.c.id))
    try:
        with repo.engine.connect() as conn:
            return [str(r) for r in conn.execute(query).scalars()]
    except SQLAlchemyError:  # a damaged store: nothing to recover here; the run's first write says what is wrong
        return []


def origin_map(repo: Repository) -> dict[str, str]:
    """Article id -> origin of every grouped article (for the export: about 130 bytes an article)."""
    with repo.engine.connect() as conn:
        return {a: o for a, o in conn.execute(select(origins.c.article_id, origins.c.origin))}


@dataclass(frozen=True)
class Statement:
    """One statement's relation to a story claim, with what is known of its article and its source."""

    story_claim_id: int
    article_id: str
    statement_id: str  # an attribution id, or 'title'
    relation: str  # supports | denies | discusses
    probability: float | None
    sentence: str | None
    origin: str  # the article's group of syndicated copies (its own id if not grouped)
    outlet: str | None
    title: str | None
    url: str | None
    published: str | None
    ingested_at: datetime
    source_text: str | None  # None for the title
    source_name: str | None
    source_kind: str | None
    source_anonymous: bool | None
    cue_lemma: str | None
    # Every outlet that published the article's text (its publications, issue 18), first recorded first,
    # and how many publications it has: a wire text run by three outlets is one statement in three outlets.
    outlets: tuple[str, ...] = ()
    publications: int = 1


def statements(repo: Repository, story_claim_id: int | None = None) -> Iterator[Statement]:
    """Statements on every story claim (or on one), ordered by story claim, each with the outlets that
    published its article."""
    query = (
        select(relations.c.story_claim_id, relations.c.article_id, relations.c.statement_id, relations.c.relation,
               relations.c.probability, relations.c.sentence, func.coalesce(origins.c.origin, relations.c.article_id),
               articles.c.outlet, articles.c.title, articles.c.url, articles.c.published, articles.c.ingested_at,
               attributions.c.source_text, attributions.c.source_name, attributions.c.source_kind,
               attributions.c.source_anonymous, attributions.c.cue_lemma)
        .join(articles, articles.c.id == relations.c.article_id)
        .outerjoin(origins, origins.c.article_id == relations.c.article_id)
        .outerjoin(attributions, and_(attributions.c.article_id == relations.c.article_id,
                                      attributions.c.id == relations.c.statement_id))
        .order_by(relations.c.story_claim_id, relations.c.article_id, relations.c.statement_id))
    if story_claim_id is not None:
        query = query.where(relations.c.story_claim_id == story_claim_id)
    fixed = repo.corrected_ids()
    people: dict[str, dict[str, Attribution]] = {}  # corrected article -> its attributions as a person left them
    published = publishers(repo, story_claim_id)
    with repo.engine.connect() as conn:
        for row in conn.execution_options(yield_per=1000).execute(query):
            found: Statement | None = Statement(*row)  # type: ignore[call-arg]  # the columns, in the fields' order
            if found is not None and (pub := published.get(found.article_id)) is not None:
                found = replace(found, outlets=pub[0], publications=pub[1])
            if found is not None and found.article_id in fixed:
                found = _corrected(found, people.setdefault(found.article_id, _attributions(repo, found.article_id)))
            if found is not None:
                yield found


def publishers(repo: Repository, story_claim_id: int | None = None) -> dict[str, tuple[tuple[str, ...], int]]:
    """Article id -> (the outlets of its publications, first recorded first; how many publications), for the
    articles with statements on one story claim, or on any."""
    query = select(publications.c.article_id, publications.c.outlet).order_by(publications.c.id)
    if story_claim_id is not None:
        query = query.where(publications.c.article_id.in_(
            select(relations.c.article_id).where(relations.c.story_claim_id == story_claim_id)))
    found: dict[str, tuple[list[str], list[int]]] = {}
    with repo.engine.connect() as conn:
        for article_id, outlet in conn.execution_options(yield_per=5000).execute(query):
            names, count = found.setdefault(article_id, ([], [0]))
            count[0] += 1
            if outlet and outlet not in names:
                names.append(outlet)
    return {a: (tuple(names), count[0]) for a, (names, count) in found.items()}


def _attributions(repo: Repository, article_id: str) -> dict[str, Attribution]:
    ledger = repo.get(article_id)
    return {a.id: a for a in ledger.attributions} if ledger is not None else {}


def _corrected(s: Statement, people: dict[str, Attribution]) -> Statement | None:
    """A statement as a person's corrections leave it: gone with its attribution, its relation following
    a corrected stance (store/corrections.relation_after). The relations table keeps the machine's."""
    if s.statement_id == "title":  # the article's title: no attribution, nothing a person corrects
        return s
    a = people.get(s.statement_id)
    if a is None:
        return None
    return replace(s, relation=relation_after(a.stance, s.relation)) if "stance" in a.corrected else s


def story_claim_texts(repo: Repository, ids: Iterable[int] | None = None) -> dict[int, str]:
    """Story claim id -> the text that started it (all of them, or those in `ids`)."""
    query = select(story_claims.c.id, story_claims.c.text)
    if ids is not None:
        query = query.where(story_claims.c.id.in_(sorted(set(ids))))
    with repo.engine.connect() as conn:
        return {int(i): t for i, t in conn.execute(query)}


def _anonymous() -> Any:
    # IS TRUE and coalesce: NULL must count as "not anonymous", also under NOT.
    return or_(attributions.c.source_anonymous.is_(True),
               func.coalesce(attributions.c.source_kind, "") == "anonymous")


def outlet_rows(repo: Repository) -> list[dict[str, Any]]:
    """Per outlet (as the publications name it; None where unknown): the articles it published, their
    statements, those resting on anonymous sources, denials. A wire text three outlets ran counts in each
    of the three; an outlet that ran one text at two URLs counts it once."""
    ran = select(publications.c.outlet, publications.c.article_id).distinct().subquery()
    counted = (select(ran.c.outlet, func.count(attributions.c.id).label("statements"),
                      func.sum(case((_anonymous(), 1), else_=0)).label("anonymous"),
                      func.sum(case((attributions.c.stance == "deny", 1), else_=0)).label("denials"))
               .select_from(ran).join(attributions, attributions.c.article_id == ran.c.article_id)
               .group_by(ran.c.outlet).subquery())
    stored = (select(ran.c.outlet, func.count().label("articles"))
              .group_by(ran.c.outlet).subquery())
    query = (select(stored.c.outlet, stored.c.articles, func.coalesce(counted.c.statements, 0),
                    func.coalesce(counted.c.anonymous, 0), func.coalesce(counted.c.denials, 0))
             .outerjoin(counted, or_(counted.c.outlet == stored.c.outlet,
                                     and_(counted.c.outlet.is_(None), stored.c.outlet.is_(None)))))
    with repo.engine.connect() as conn:
        return [{"outlet": o, "articles": int(a), "statements": int(s), "anonymous": int(n), "denials": int(d)}
                for o, a, s, n, d in conn.execute(query)]


def source_rows(repo: Repository) -> list[dict[str, Any]]:
    """Per named source (names compared without case; anonymous sources are not one source across
    articles): statements, denials, articles, independent origins of its articles."""
    key = func.lower(attributions.c.source_name)
    query = (select(func.max(attributions.c.source_name), func.max(attributions.c.source_kind),
                    func.count().label("statements"),
                    func.sum(case((attributions.c.stance == "deny", 1), else_=0)),
                    func.count(func.distinct(attributions.c.article_id)),
                    func.count(func.distinct(func.coalesce(origins.c.origin, attributions.c.article_id))))
             .outerjoin(origins, origins.c.article_id == attributions.c.article_id)
             .where(attributions.c.source_name.is_not(None), ~_anonymous())
             .group_by(key))
    with repo.engine.connect() as conn:
        return [{"name": n, "kind": k, "statements": int(s), "denials": int(d or 0), "articles": int(a),
                 "origins": int(o)} for n, k, s, d, a, o in conn.execute(query)]


def last_merge(repo: Repository) -> int:
    """The id of the last recorded merge of story claims (0: none)."""
    with repo.engine.connect() as conn:
        return int(conn.execute(select(func.coalesce(func.max(story_claim_merges.c.id), 0))).scalar_one())


def merged_into(repo: Repository, story_claim_id: int) -> int | None:
    """The story claim a merged-away story claim is now part of (None: it was never merged)."""
    query = select(story_claim_merges.c.into_id).where(story_claim_merges.c.merged_id == story_claim_id)
    with repo.engine.connect() as conn:
        found = conn.execute(query.order_by(story_claim_merges.c.id.desc()).limit(1)).scalar_one_or_none()
    return None if found is None else int(found)
