"""The JSON API under /api/v1: thin calls into the library, lists with limit/offset, writes behind a token.

Reads: articles (search, outlet, publication dates), one article's corrected ledger, attributions (source,
source kind, stance, outlet, dates), claims across articles (contested, since, outlet, stance, words),
one claim with its timeline, source profiles, track. Writes (`Authorization: Bearer TOKEN`): ingest,
corrections. Analyze stores nothing and needs no token.
"""
from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from datetime import date
from enum import Enum
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Body, Depends, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field

from ..errors import ClaimledgerError
from ..model import Document, Failure
from .state import MAX_LIMIT, State

class ErrorBody(BaseModel):
    status: int
    message: str = Field(description="What went wrong; a numbered library error starts with its code, [E075].")
    code: str | None = Field(None, description="The library's error code (E075 ...), where it has one.")


class Error(BaseModel):
    """Every error answer: JSON, never a stack trace."""

    error: ErrorBody


_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": Error, "description": why} for status, why in (
        (400, "The input was refused (a numbered library error)"), (401, "A write without the right token"),
        (404, "No such article or claim, or the store holds none yet"), (413, "Request body over the limit"),
        (422, "A parameter or body does not match this document"), (503, "The store cannot be used"))}
T = TypeVar("T")
router = APIRouter(prefix="/api/v1", tags=["api"], responses=_ERRORS)
bearer = HTTPBearer(auto_error=False, description="The server's CLAIMLEDGER_TOKEN.")


def state_of(request: Request) -> State:
    found: State = request.app.state.claimledger
    return found


StateDep = Annotated[State, Depends(state_of)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Items in this page, at most {MAX_LIMIT}.")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Items skipped before this page.")]
Outlet = Annotated[str | None, Query(max_length=200, description="Outlet name, case ignored.")]
Since = Annotated[date | None, Query(description="Published on or after this day (YYYY-MM-DD).")]
Until = Annotated[date | None, Query(description="Published before this day (YYYY-MM-DD).")]


class Stance(str, Enum):
    assert_ = "assert"
    deny = "deny"
    hedge = "hedge"


class Relation(str, Enum):
    supports = "supports"
    denies = "denies"
    discusses = "discusses"


class SourceKind(str, Enum):
    person = "person"
    organization = "organization"
    government = "government"
    anonymous = "anonymous"
    document = "document"
    media = "media"
    other = "other"


class ArticleIn(BaseModel):
    """One article, as a line of the JSON Lines that `claimledger analyze` and `ingest` read."""

    text: str = Field(min_length=1, description="The article's text (plain text; HTML is read as a page).")
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = Field(None, description="ISO 8601 date or time.")


def require_token(request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> None:
    state = state_of(request)
    given = credentials.credentials if credentials is not None else None
    if not state.token_ok(given):
        why = ("Writes are disabled: the server was started without CLAIMLEDGER_TOKEN."
               if not state.settings.token else "A valid token is needed: Authorization: Bearer TOKEN.")
        raise HTTPException(401, why, headers={"WWW-Authenticate": "Bearer"})


def page(items: list[Any], limit: int, offset: int, key: str, **extra: Any) -> dict[str, Any]:
    """One page of a list; `next_offset` is None on the last page. `items` may hold one item past the page."""
    more = len(items) > limit
    return {key: items[:limit], "limit": limit, "offset": offset, "next_offset": offset + limit if more else None,
            **extra}


def _day(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _article_row(r: Any) -> dict[str, Any]:
    return {"id": r.id, "path": r.path, "title": r.title, "url": r.url, "outlet": r.outlet,
            "published": r.published, "ingested_at": r.ingested_at.isoformat()}


# --- articles, attributions ------------------------------------------------------------------------

def find_articles(state: State, q: str | None, outlet: str | None, since: date | None, until: date | None,
                  limit: int, offset: int) -> list[Any]:
    """Articles (one past the page, to tell whether another follows): a search's ranking when `q` is given."""
    filtered = outlet or since or until
    # Ranked ids: only as many as the page needs, unless filters may drop some (then the best 1,000).
    ids = state.repo.search(q, limit=1000 if filtered else offset + limit + 1) if q and q.strip() else None
    return state.repo.find_articles(ids=ids, outlet=outlet, since=_day(since), until=_day(until),
                                    limit=limit + 1, offset=offset)


@router.get("/articles", summary="List or search stored articles")
def articles(state: StateDep, q: Annotated[str | None, Query(max_length=500, description="Words all found in "
             "the title or text (full-text search, best match first).")] = None, outlet: Outlet = None,
             since: Since = None, until: Until = None, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    rows = find_articles(state, q, outlet, since, until, limit, offset)
    return page([_article_row(r) for r in rows], limit, offset, "articles")


@router.get("/articles/{article_id}", summary="One stored article's ledger, with a person's corrections")
def article(state: StateDep, article_id: Annotated[str, PathParam(max_length=64)]) -> dict[str, Any]:
    from ..contract import ledger_to_dict

    ledger = state.repo.get(article_id)
    if ledger is None:
        raise HTTPException(404, "No stored article with this id.")
    return {**ledger_to_dict(ledger), "origin": state.repo.origin_of(article_id), "story_claims": state.repo.story_claims_of(article_id)}


@router.get("/attributions", summary="List attributions (corrected) with their article")
def attributions(state: StateDep, article: Annotated[str | None, Query(max_length=64)] = None,
                 source: Annotated[str | None, Query(max_length=200, description="Words of the source's name.")] = None,
                 source_kind: SourceKind | None = None, stance: Stance | None = None, outlet: Outlet = None,
                 since: Since = None, until: Until = None, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    rows = state.repo.find_attributions(
        article_id=article, source=source, source_kind=source_kind.value if source_kind else None,
        stance=stance.value if stance else None, outlet=outlet, since=_day(since), until=_day(until),
        limit=limit + 1, offset=offset)
    return page(rows, limit, offset, "attributions")


# --- claims across articles, sources, track ------------------------------------------------------------

# The claims list reads every statement in the store (across.views.list_claims): 0.2-1 s on a few thousand
# articles. It is kept this many seconds, and dropped at once when this server ingests or corrects; another
# process's writes show up within that time.
CLAIMS_TTL = 10.0


def remember(state: State, key: Any, compute: Callable[[], T]) -> T:
    """`compute()`, kept CLAIMS_TTL seconds under `key`. One thread computes; the others wait for it
    rather than compute it too (200 clients at once recomputed the claims list side by side)."""

    def fresh() -> Any:
        cached = state.cache.get(key)
        return cached[1] if cached is not None and time.monotonic() - cached[0] < CLAIMS_TTL else None

    found = fresh()
    if found is None:
        with state.reading:
            found = fresh()
            if found is None:
                found = compute()
                state.cache[key] = (time.monotonic(), found)
    return found


def claim_summaries(state: State, *, contested: bool, since: date | None, outlet: str | None,
                    stance: Relation | None, q: str | None) -> list[Any]:
    from ..across.views import list_claims

    found = remember(state, ("claims", contested, since, outlet),
                     lambda: list_claims(state.repo, contested=contested, since=since, outlet=outlet))
    if stance is not None:
        found = [c for c in found if c.sides[stance.value].statements]
    if q and q.split():
        words = [w.lower() for w in q.split()]
        found = [c for c in found if all(w in c.text.lower() for w in words)]
    return found


@router.get("/claims", summary="Claims across articles, most disputed first")
def claims(state: StateDep, contested: Annotated[bool, Query(description="Only claims supported and denied from "
           "different independent origins.")] = False, since: Since = None, outlet: Outlet = None,
           stance: Annotated[Relation | None, Query(description="Only claims with a statement of this relation.")] = None,
           q: Annotated[str | None, Query(max_length=500, description="Words all in the claim's text.")] = None,
           limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    found = claim_summaries(state, contested=contested, since=since, outlet=outlet, stance=stance, q=q)
    return page([c.to_dict() for c in found[offset:offset + limit + 1]], limit, offset, "claims", total=len(found))


def claim_timeline(state: State, claim_id: int, stance: Relation | None, source_kind: str | None) -> Any:
    from ..across.views import Timeline, timeline

    found = timeline(state.repo, claim_id)
    entries = [e for e in found.entries if (stance is None or e.statement.relation == stance.value)
               and (source_kind is None or e.source_kind == source_kind or e.statement.source_kind == source_kind)]
    return Timeline(found.summary, entries)


@router.get("/claims/{claim_id}", summary="One claim across articles with its timeline, oldest first")
def claim(state: StateDep, claim_id: Annotated[int, PathParam(ge=1, le=2**31 - 1)],
          stance: Annotated[Relation | None, Query(description="Only statements of this relation.")] = None,
          source_kind: Annotated[str | None, Query(max_length=40, description="Only statements whose source is of "
                                                   "this kind ('anonymous', 'headline', 'person', ...).")] = None,
          ) -> dict[str, Any]:
    found: dict[str, Any] = claim_timeline(state, claim_id, stance, source_kind).to_dict()
    return found


@router.get("/sources", summary="Outlets (share of anonymous sourcing) and named sources (who denies, who is quoted)")
def sources(state: StateDep, top: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 10) -> dict[str, Any]:
    from ..across.views import profiles

    found: dict[str, Any] = profiles(state.repo, top=top).to_dict()
    return found


@router.get("/track", summary="The stored articles that bear on a claim, each with its stance, by origin")
def track(state: StateDep, claim: Annotated[str, Query(min_length=1, max_length=1000, description="The claim's text.")],
          limit: Annotated[int, Query(ge=1, le=100)] = 20) -> dict[str, Any]:
    from ..across.track import track as run_track

    with state.models:
        found: dict[str, Any] = run_track(state.repo, claim, options=state.settings.options, limit=limit).to_dict()
    return found


# --- analysis and writes -------------------------------------------------------------------------------

def documents(body: bytes, path: str) -> Iterator[Document | Failure]:
    """A posted body as ingest reads a file: a JSON article or list, JSON Lines, HTML or plain text."""
    from ..ingest import read_bytes

    return read_bytes(body, path)


def analyze_article(state: State, item: ArticleIn) -> dict[str, Any]:
    """The ledger of one article, stored nowhere: the same analysis as `claimledger analyze`."""
    from ..contract import ledger_to_dict
    from ..pipeline import analyze_many

    docs = list(documents(json.dumps(item.model_dump(exclude_none=True)).encode("utf-8"), "posted"))
    with state.models:
        result = next(analyze_many(docs, state.settings.options))
    if isinstance(result, Failure):
        raise result.error
    found: dict[str, Any] = ledger_to_dict(result)
    return found


@router.post("/analyze", summary="Analyse one article and return its ledger (claimledger.article/1); stores nothing")
def analyze(state: StateDep, item: ArticleIn) -> dict[str, Any]:
    return analyze_article(state, item)


_INGEST_BODY = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": {"$ref": "#/components/schemas/ArticleIn"}},
    "application/x-ndjson": {"schema": {"type": "string", "description": "One article object a line."}},
    "text/plain": {"schema": {"type": "string"}}}}}


def ingest_body(state: State, body: bytes) -> dict[str, Any]:
    from ..run.job import ingest as run_ingest

    if not body.strip():
        raise HTTPException(400, "The request body is empty: post an article (JSON, JSON Lines, HTML or text).")
    outcomes = []
    with state.models:
        # Posted bodies are all called "posted": no failures kept (they would name no input to re-run).
        for o in run_ingest(documents(body, "posted"), state.repo, state.settings.options, failures=False):
            outcomes.append({"path": o.path, "status": o.status, "article_id": o.article_id,
                             "error": None if o.error is None else {"code": o.error.code, "message": str(o.error)}})
    state.cache.clear()
    counts = {s: sum(o["status"] == s for o in outcomes) for s in ("new", "unchanged", "failed")}
    return {"articles": outcomes, "counts": counts}


@router.post("/ingest", summary="Analyse and store articles (token)", dependencies=[Depends(require_token)],
             openapi_extra=_INGEST_BODY)
async def ingest(request: Request) -> dict[str, Any]:
    from starlette.concurrency import run_in_threadpool

    body = await request.body()
    result: dict[str, Any] = await run_in_threadpool(ingest_body, state_of(request), body)
    return result


def store_corrections(state: State, lines: list[dict[str, Any]], author: str | None) -> dict[str, Any]:
    """Check and store corrections as `import-corrections` does with JSON Lines; all or nothing."""
    from ..exchange.correction_file import read_text

    raw = "\n".join(json.dumps(line) for line in lines)
    read = read_text(raw, state.repo.get, "posted corrections")
    touched = state.repo.add_corrections(read.corrections, author=author)
    state.cache.clear()
    return {"stored": len(read.corrections), "articles": sorted(touched), "skipped": read.skipped}


@router.post("/corrections", summary="Store a person's corrections (token), as import-corrections reads them",
             dependencies=[Depends(require_token)])
def corrections(state: StateDep, lines: Annotated[list[dict[str, Any]], Body(
        max_length=10_000, description='Objects as the JSON Lines of import-corrections: {"article": ID, '
                                       '"attribution": "a3", "stance": "deny"}, ...')],
                author: Annotated[str | None, Query(max_length=200)] = None) -> dict[str, Any]:
    if not lines:
        raise HTTPException(400, "No corrections given.")
    return store_corrections(state, lines, author)


__all__ = ["router", "ClaimledgerError"]
