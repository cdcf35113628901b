"""Server-rendered pages (Jinja2, autoescape on): article, claim, claims, sources, search, paste an
article, and the correction form. Every value comes from the same library calls as the API (api.py)."""
from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

import jinja2
from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from ..claims.relate import SIDES
from ..errors import ClaimledgerError
from . import api
from .render import SIDE_COLOURS, bar_svg, pieces, safe_url, timeline_svg
from .state import MAX_LIMIT, State

router = APIRouter(include_in_schema=False)
_env = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"), autoescape=True,
                          undefined=jinja2.StrictUndefined)
_env.globals.update(safe_url=safe_url, SIDE_COLOURS=SIDE_COLOURS, SIDES=SIDES)
templates = Jinja2Templates(env=_env)


def _page(request: Request, name: str, code: int = 200, **values: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, values, status_code=code)


def error_page(request: Request, status: int, message: str) -> Response:
    return _page(request, "error.html", status, status=status, message=message)


def _state(request: Request) -> State:
    return api.state_of(request)


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise HTTPException(400, "Dates are YYYY-MM-DD.") from None


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> Response:
    state = _state(request)
    try:
        contested = api.claim_summaries(state, contested=True, since=None, outlet=None, stance=None, q=None)[:10]
    except ClaimledgerError:
        contested = []
    recent = state.repo.find_articles(limit=10)
    return _page(request, "home.html", contested=contested, recent=recent)


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, q: Annotated[str, Query(max_length=500)] = "") -> Response:
    state = _state(request)
    found, claims = [], []
    if q.strip():
        found = api.find_articles(state, q, None, None, None, 50, 0)[:50]
        try:
            claims = api.claim_summaries(state, contested=False, since=None, outlet=None, stance=None, q=q)[:50]
        except ClaimledgerError:
            claims = []
    return _page(request, "search.html", q=q, articles=found, claims=claims)


def _article_values(ledger: dict[str, Any], story: dict[str, int] | None = None) -> dict[str, Any]:
    art = ledger["article"]
    attributions = ledger.get("attributions", [])
    by_claim: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for a in attributions:
        if a.get("claim"):
            by_claim[a["claim"]].append(a)
    return {"article": art, "ledger": ledger, "pieces": pieces(art["text"], attributions),
            "attributions": attributions, "claims": ledger.get("claims", []), "by_claim": by_claim,
            "story": story or {}}


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(request: Request, article_id: Annotated[str, PathParam(max_length=64)]) -> Response:
    state = _state(request)
    from ..contract import ledger_to_dict

    ledger = state.repo.get(article_id)
    if ledger is None:
        raise HTTPException(404, "No stored article with this id.")
    return _page(request, "article.html", stored=True,
                 **_article_values(ledger_to_dict(ledger), state.repo.story_claims_of(article_id)))


@router.get("/claims", response_class=HTMLResponse)
def claims(request: Request, contested: bool = False, since: Annotated[str | None, Query(max_length=10)] = None,
           outlet: Annotated[str | None, Query(max_length=200)] = None,
           stance: api.Relation | None = None, q: Annotated[str | None, Query(max_length=500)] = None,
           offset: Annotated[int, Query(ge=0)] = 0) -> Response:
    state = _state(request)
    found = api.claim_summaries(state, contested=contested, since=_day(since), outlet=outlet or None,
                                stance=stance, q=q)
    limit = 50
    return _page(request, "claims.html", claims=found[offset:offset + limit], total=len(found), offset=offset,
                 limit=limit, contested=contested, since=since or "", outlet=outlet or "",
                 stance=stance.value if stance else "", q=q or "")


@router.get("/claims/{claim_id}", response_class=HTMLResponse)
def claim(request: Request, claim_id: Annotated[int, PathParam(ge=1, le=2**31 - 1)]) -> Response:
    # The same for every reader: the rendered page is kept as the claims list is (api.remember).
    body = api.remember(_state(request), ("claim page", claim_id), lambda: _claim_page(request, claim_id))
    return HTMLResponse(body)


def _claim_page(request: Request, claim_id: int) -> bytes:
    found = api.claim_timeline(_state(request), claim_id, None, None)
    sides: dict[str, dict[str, list[Any]]] = {side: defaultdict(list) for side in SIDES}
    for e in found.entries:
        if e.statement.relation in sides:
            sides[e.statement.relation][e.independent_origin].append(e)
    return bytes(_page(request, "claim.html", summary=found.summary, entries=found.entries, sides=sides,
                       svg=timeline_svg(found.entries)).body)


@router.get("/sources", response_class=HTMLResponse)
def sources(request: Request, top: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 10) -> Response:
    from ..across.views import profiles

    found = profiles(_state(request).repo, top=top)
    bars = [(o["outlet"] or "(outlet unknown)", o["anonymous_share"] or 0.0,
             f"{o['anonymous']} of {o['statements']} statements anonymous") for o in found.outlets[:20]]
    return _page(request, "sources.html", profiles=found, svg=bar_svg(bars))


@router.get("/analyze", response_class=HTMLResponse)
def analyze_form(request: Request) -> Response:
    return _page(request, "analyze.html", text="", title="")


@router.post("/analyze", response_class=HTMLResponse)
def analyze(request: Request, text: Annotated[str, Form(max_length=2_000_000)],
            title: Annotated[str, Form(max_length=1000)] = "") -> Response:
    if not text.strip():
        return _page(request, "analyze.html", 400, text=text, title=title, error="Paste an article's text first.")
    try:
        ledger = api.analyze_article(_state(request), api.ArticleIn(text=text, title=title or None, published=None))
    except ClaimledgerError as error:
        return _page(request, "analyze.html", 400, text=text, title=title, error=str(error))
    return _page(request, "article.html", stored=False, **_article_values(ledger))


@router.post("/corrections", response_class=HTMLResponse)
def correct(request: Request, token: Annotated[str, Form(max_length=500)],
            article: Annotated[str, Form(max_length=64)], attribution: Annotated[str, Form(max_length=32)],
            stance: Annotated[str, Form(max_length=16)] = "", remove: Annotated[str, Form(max_length=8)] = "",
            author: Annotated[str, Form(max_length=200)] = "") -> Response:
    state = _state(request)
    if not state.token_ok(token):
        raise HTTPException(401, "Wrong or missing token: corrections need the server's CLAIMLEDGER_TOKEN.")
    line: dict[str, Any] = {"article": article, "attribution": attribution}
    if remove:
        line["remove"] = True
    elif stance:
        line["stance"] = stance
    else:
        raise HTTPException(400, "Choose a stance, or remove the attribution.")
    stored = api.store_corrections(state, [line], author or None)
    if not stored["articles"]:
        raise HTTPException(404, "No stored article with this id.")
    return RedirectResponse(f"/articles/{quote(article, safe='')}?corrected={quote(attribution, safe='')}"
                            f"#{quote(attribution, safe='')}", status_code=303)
