"""What `claimledger claims`, `claim ID` and `sources` show: story claims with independent-origin counts,
a claim's timeline, profiles of sources and outlets. Works on stored rows (store.story), never on spaCy.

Independent origins. A statement's origin key is its article's origin (its group of syndicated copies),
except when the statement rests on another outlet's reporting ("Coastline News reported ...",
"according to the Daily Ledger", "a report by Channel 9"): then it is `outlet:<name>`, and where an
article of that outlet is among the claim's own statements, that article's origin. So forty copies
and rewrites of one scoop count as one origin. Contested: supported and denied from different
independent origins.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any

from ..claims.relate import SIDES
from ..errors import E
from ..lexicon import OUTLET_FIRST, OUTLET_WORDS
from ..store import Repository
from ..store.story import Statement, outlet_rows, source_rows, statements, story_claim_texts

# "a report by X", "the story in X": a document that is a news reference (cf. NEWS_REFERENCES).
_NEWS_REFERENCE = re.compile(r"\b(?:report|reports|story|reporting|article|coverage|account|investigation)"
                             r"\s+(?:by|in|from|on|of)\s+(?P<outlet>.+)$", re.IGNORECASE)
# "X News's report", "the X News report".
_POSSESSIVE = re.compile(r"^(?P<outlet>.+?)(?:['’]s?)?\s+(?:report|story|reporting|article|coverage|account)s?$",
                         re.IGNORECASE)


def outlet_key(name: str) -> str:
    """An outlet's name as compared: lower case, without 'the', possessive or punctuation."""
    words = re.findall(r"[^\W_]+(?:['’][^\W_]+)*", name.lower().replace("’", "'"))
    words = [w[:-2] if w.endswith("'s") else w for w in words]
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def _outlet_like(name: str) -> bool:
    """A capitalised name that reads as an outlet's: "Coastline News", "the Daily Ledger", "Channel 9".
    The outlet word must end the name (or "daily", "channel", "radio" start it): "the Independent
    Electoral Commission" and "the Haqqani network" are no outlets."""
    words = [w for w in name.split() if w.strip(".,'’")]
    if words and words[0].lower() == "the":
        words = words[1:]
    if not words or not any(w[:1].isupper() for w in words):
        return False
    low = [w.lower().strip(".,'’") for w in words]
    return low[-1] in OUTLET_WORDS or low[0] in OUTLET_FIRST or "news" in low


def reported_outlet(s: Statement) -> str | None:
    """The outlet whose reporting a statement rests on (its normalised name), or None."""
    if s.source_text is None:
        return None  # the headline
    name = s.source_name or s.source_text
    if s.source_kind == "media":
        return outlet_key(name) or None
    if s.source_anonymous:
        return None
    for text in (s.source_text, name):
        found = _NEWS_REFERENCE.search(text) or _POSSESSIVE.search(text)
        if found and _outlet_like(found.group("outlet")):
            return outlet_key(found.group("outlet")) or None
    if s.source_kind in ("organization", "other", "document") and _outlet_like(name):
        return outlet_key(name) or None
    return None


def independent_keys(items: Sequence[Statement]) -> list[str]:
    """The independent-origin key of each statement on one story claim (see the module docstring)."""
    own: dict[str, str] = {}  # outlet key -> origin of the earliest article of that outlet here
    refs = [reported_outlet(s) for s in items]
    for s, ref in sorted(zip(items, refs), key=lambda p: when(p[0])):
        if ref is None and s.outlet and outlet_key(s.outlet) not in own:
            own[outlet_key(s.outlet)] = s.origin
    return [s.origin if ref is None else own.get(ref, "outlet:" + ref) for s, ref in zip(items, refs)]


def when(s: Statement) -> datetime:
    """When a statement was made public: its article's publication date, else when it was ingested (UTC)."""
    if s.published:
        try:
            found = datetime.fromisoformat(s.published.strip().replace("Z", "+00:00"))
            return found if found.tzinfo else found.replace(tzinfo=timezone.utc)
        except ValueError:
            pass
    at = s.ingested_at
    return at if at.tzinfo else at.replace(tzinfo=timezone.utc)


@dataclass(frozen=True)
class Side:
    """Statements of one relation to a claim: how many, in how many articles, from how many origins."""

    statements: int = 0
    articles: int = 0
    origins: int = 0

    def to_dict(self) -> dict[str, int]:
        return {"statements": self.statements, "articles": self.articles, "origins": self.origins}


@dataclass(frozen=True)
class ClaimSummary:
    id: int
    text: str
    sides: dict[str, Side]
    contested: bool
    origins: int  # independent origins behind any statement
    outlets: list[str]
    first: datetime | None  # None: no statement bears on it yet
    last: datetime | None

    def dispute(self) -> tuple[int, int, int, int]:
        """Sort key, most disputed first: contested, then the weaker side's origins, then all origins."""
        s, d = self.sides["supports"].origins, self.sides["denies"].origins
        return (int(self.contested), min(s, d), s + d, sum(x.statements for x in self.sides.values()))

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "text": self.text, "contested": self.contested, "origins": self.origins,
                **{r: self.sides[r].to_dict() for r in SIDES}, "outlets": self.outlets,
                "first": self.first and self.first.isoformat(), "last": self.last and self.last.isoformat()}


def summarize(claim_id: int, text: str, items: Sequence[Statement]) -> ClaimSummary:
    keys = independent_keys(items)
    by: dict[str, list[tuple[Statement, str]]] = defaultdict(list)
    for s, key in zip(items, keys):
        by[s.relation].append((s, key))
    sides: dict[str, Side] = {
        r: Side(len(by[r]), len({s.article_id for s, _ in by[r]}), len({k for _, k in by[r]})) for r in SIDES}
    support = {k for _, k in by["supports"]}
    deny = {k for _, k in by["denies"]}
    times = [when(s) for s in items]
    return ClaimSummary(claim_id, text, sides, bool(support and deny and len(support | deny) > 1),
                        len(set(keys)), sorted({s.outlet for s in items if s.outlet}),
                        min(times, default=None), max(times, default=None))


def _grouped(stream: Iterable[Statement]) -> Iterable[tuple[int, list[Statement]]]:
    current: list[Statement] = []
    for s in stream:
        if current and s.story_claim_id != current[0].story_claim_id:
            yield current[0].story_claim_id, current
            current = []
        current.append(s)
    if current:
        yield current[0].story_claim_id, current


def list_claims(repo: Repository, *, contested: bool = False, since: date | None = None,
                outlet: str | None = None, limit: int | None = None) -> list[ClaimSummary]:
    """Story claims, most disputed first. `since` counts only statements published (else ingested) on
    or after that day; `outlet` keeps claims with a statement in an article of that outlet. Raises E076
    when the store holds no story claims at all."""
    start = datetime(since.year, since.month, since.day, tzinfo=timezone.utc) if since else None
    wanted = outlet_key(outlet) if outlet else None
    found: list[tuple[int, list[Statement]]] = []
    any_claim = False
    for claim_id, items in _grouped(statements(repo)):
        any_claim = True
        if start is not None:
            items = [s for s in items if when(s) >= start]
        if not items or wanted is not None and not any(s.outlet and outlet_key(s.outlet) == wanted for s in items):
            continue
        found.append((claim_id, items))
    if not any_claim and not story_claim_texts(repo):
        raise E.E076.error(what="claims across articles")
    texts = story_claim_texts(repo, [i for i, _ in found])
    out = [summarize(i, texts.get(i, ""), items) for i, items in found]
    if contested:
        out = [c for c in out if c.contested]
    out.sort(key=lambda c: (tuple(-x for x in c.dispute()), c.id))
    return out[:limit] if limit is not None else out


@dataclass(frozen=True)
class Entry:
    """One statement in a claim's timeline."""

    when: datetime
    statement: Statement
    independent_origin: str
    reported_outlet: str | None

    @property
    def source_kind(self) -> str:
        """'headline', 'anonymous', 'named person', 'media', ... as a reader would put it."""
        s = self.statement
        if s.source_text is None:
            return "headline"
        if s.source_anonymous or s.source_kind == "anonymous":
            return "anonymous"
        if self.reported_outlet is not None:
            return "outlet's report"
        kind = s.source_kind or "other"
        return f"named {kind}" if kind in ("person", "organization", "government") and s.source_name else kind

    def to_dict(self) -> dict[str, Any]:
        s = self.statement
        return {"when": self.when.isoformat(), "published": s.published, "article_id": s.article_id,
                "origin": s.origin, "independent_origin": self.independent_origin, "outlet": s.outlet,
                "title": s.title, "url": s.url, "statement_id": s.statement_id,
                "source": {"text": s.source_text, "name": s.source_name, "kind": s.source_kind,
                           "anonymous": s.source_anonymous, "reported_outlet": self.reported_outlet},
                "source_kind": self.source_kind, "relation": s.relation, "probability": s.probability,
                "sentence": s.sentence}


@dataclass(frozen=True)
class Timeline:
    summary: ClaimSummary
    entries: list[Entry] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {**self.summary.to_dict(), "timeline": [e.to_dict() for e in self.entries]}


def timeline(repo: Repository, claim_id: int) -> Timeline:
    """A story claim's statements, oldest first. Raises E075 for an id the store does not hold (E076
    when it holds no story claims at all)."""
    text = story_claim_texts(repo, [claim_id]).get(claim_id)
    if text is None:
        if not story_claim_texts(repo):
            raise E.E076.error(what="claims across articles")
        raise E.E075.error(id=claim_id)
    items = list(statements(repo, claim_id))
    keys = independent_keys(items)
    entries = [Entry(when(s), s, k, reported_outlet(s)) for s, k in zip(items, keys)]
    entries.sort(key=lambda e: (e.when, e.statement.article_id, _statement_order(e.statement.statement_id)))
    return Timeline(summarize(claim_id, text, items), entries)


def _statement_order(statement_id: str) -> tuple[int, str]:
    # The headline first, then a1, a2, ... a10 in the order of the article.
    digits = statement_id.lstrip("a")
    return (-1, "") if statement_id == "title" else (int(digits) if digits.isdigit() else 1 << 30, statement_id)


@dataclass(frozen=True)
class Profiles:
    outlets: list[dict[str, Any]]  # most anonymous share first
    deniers: list[dict[str, Any]]  # most denials first
    quoted: list[dict[str, Any]]  # most statements first

    def to_dict(self) -> dict[str, Any]:
        return {"outlets": self.outlets, "deniers": self.deniers, "quoted": self.quoted}


def profiles(repo: Repository, *, top: int = 10) -> Profiles:
    """Profiles of outlets (share of statements resting on anonymous sources) and of named sources
    (who denies most, who is quoted most). Raises E076 when the store holds no article."""
    if repo.count() == 0:
        raise E.E076.error(what="articles")
    outlets = []
    for row in outlet_rows(repo):
        n = row["statements"]
        outlets.append({**row, "anonymous_share": round(row["anonymous"] / n, 3) if n else None})
    outlets.sort(key=lambda r: (-(r["anonymous_share"] or 0), -r["statements"], r["outlet"] or ""))
    sources = source_rows(repo)
    deniers = sorted((r for r in sources if r["denials"]),
                     key=lambda r: (-r["denials"], -r["origins"], r["name"]))[:top]
    quoted = sorted(sources, key=lambda r: (-r["statements"], -r["origins"], r["name"]))[:top]
    return Profiles(outlets, deniers, quoted)


def store_counts(repo: Repository) -> dict[str, int]:
    """What `claimledger stats` counts: the store's own counts (Repository.counts), with the contested story
    claims (by the rule of `claims --contested`) after the story claims."""
    counts = repo.counts()
    contested = len(list_claims(repo, contested=True)) if counts.get("story claims") else 0
    out: dict[str, int] = {}
    for name, n in counts.items():
        out[name] = n
        if name == "story claims":
            out["contested"] = contested
    return out


def contested_articles(repo: Repository) -> set[str]:
    """Ids of the articles that make a statement on a contested story claim (by the rule of `claims
    --contested`); none when the store has no story claims."""
    if not story_claim_texts(repo):
        return set()
    wanted = {c.id for c in list_claims(repo, contested=True)}
    return {s.article_id for s in statements(repo) if s.story_claim_id in wanted}


def selected_articles(repo: Repository, *, since: str | None = None, outlet: str | None = None,
                      contested: bool = False) -> set[str] | None:
    """The articles an export keeps (None: all of them): published on or after `since` (YYYY-MM-DD), of
    `outlet` (case ignored), with a statement on a contested story claim."""
    if not (since or outlet or contested):
        return None
    ids = set(repo.article_ids(outlet=outlet, since=since))
    return ids & contested_articles(repo) if contested else ids


# One row per statement on a story claim (`export --format claims-csv`): the story claim, then the statement's
# side, its article and its source. Corrections are in (store.story.statements).
STATEMENT_COLUMNS = [
    "story_claim_id", "story_claim_text", "contested", "relation", "probability", "sentence",
    "article_id", "statement_id", "origin", "independent_origin", "outlet", "title", "url", "published",
    "source_text", "source_name", "source_kind", "source_anonymous", "reported_outlet",
]


def statement_rows(repo: Repository, *, articles: set[str] | None = None,
                   contested: bool = False) -> Iterable[dict[str, Any]]:
    """STATEMENT_COLUMNS for each statement on each story claim, in story claim order, oldest statement first:
    of the articles in `articles` (None: all), on contested story claims only if `contested` (whether a claim
    is contested is decided over all its statements, whatever the filter keeps)."""
    texts = story_claim_texts(repo)
    for claim_id, items in _grouped(statements(repo)):
        summary = summarize(claim_id, texts.get(claim_id, ""), items)
        if contested and not summary.contested:
            continue
        entries = [Entry(when(s), s, k, reported_outlet(s)) for s, k in zip(items, independent_keys(items))]
        entries.sort(key=lambda e: (e.when, e.statement.article_id, _statement_order(e.statement.statement_id)))
        for e in entries:
            s = e.statement
            if articles is not None and s.article_id not in articles:
                continue
            yield {"story_claim_id": claim_id, "story_claim_text": summary.text, "contested": summary.contested,
                   "relation": s.relation, "probability": s.probability, "sentence": s.sentence,
                   "article_id": s.article_id, "statement_id": s.statement_id, "origin": s.origin,
                   "independent_origin": e.independent_origin, "outlet": s.outlet, "title": s.title, "url": s.url,
                   "published": s.published, "source_text": s.source_text, "source_name": s.source_name,
                   "source_kind": s.source_kind, "source_anonymous": s.source_anonymous,
                   "reported_outlet": e.reported_outlet}
