"""Track a claim through the store: the stored articles that bear on it, each with its relation to it
(supports / denies / discusses).

Three steps, each bounded so a call costs about the same on a store of a thousand articles or a million:

1. Candidates: full-text search with the claim's content words OR-ed and ranked (BM25 in SQLite,
   ts_rank in PostgreSQL), `candidates` of them; an article need not repeat every word of the claim
   ("Kremlin denies report" shares one word with "Russia asked China for military aid").
2. Relation: the claim-relation model (claims.relate, the same model `eval fnc1` scores) on (claim,
   article text) for every candidate, in one batch. Articles it may find unrelated (MAX_UNRELATED), or in
   which no sentence repeats a fifth of the claim's content words, are dropped; the `limit` most clearly related are kept.
3. Relation and evidence: the article's sentences closest to the claim are judged one by one by the same
   model. The relation is the whole-text reading unless it is a denial that the deciding sentence does not
   make (see `_decide`); the sentence shown is the close one that reads most like the relation, with its
   offsets in the article's clean text.

Articles are grouped by independent origin (the `origins` table: syndicated and reworded copies share
one; an article not yet grouped is its own) and listed oldest first: by publication date where the
article gave one, else by when it was stored.
"""
from __future__ import annotations

import re

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any, Literal, cast

from ..claims.relate import SIDES, Judgement, RelationModel, Side, get_relation_model
from ..text import content, sentences, words
from ..dates import moment
from ..errors import E
from ..options import Options
from ..model import Span
from ..store import ArticleRow, Repository, display_url
from ..store.corrections import relation_after

StanceFrom = Literal["text", "whole", "sentence"]
DEFAULT_LIMIT = 20
MIN_CANDIDATES = 50  # articles judged at least; more when the limit asks for more (5 per article shown)
SENTENCES_JUDGED = 4  # per article kept: its sentences closest to the claim, judged one by one
# An article bears on the claim when the whole-text reading gives "unrelated" less than this (not merely
# less than a related class): on 50 FNC-1 headlines it returned a quarter fewer bodies of other stories at
# the same score as the plain argmax (bench/track.py, held-out model: 671 against 885, 84.71 against 84.67).
MAX_UNRELATED = 0.2
MIN_COVER = 0.2  # share of the claim's content words some sentence of an article must repeat (see track)


@dataclass(frozen=True)
class TrackedArticle:
    """One stored article that bears on the claim: its relation to it, how sure, and the evidence."""

    article_id: str
    path: str
    url: str | None
    title: str | None
    outlet: str | None
    published: str | None
    ingested_at: datetime
    origin: str  # id of the group of syndicated copies it belongs to (its own id if not grouped)
    relation: Side
    probability: float  # of that relation, from the relation model on the deciding sentence
    sentence: str  # the sentence that decided it, as it stands in the article's clean text
    sentence_start: int
    sentence_end: int
    probabilities: dict[str, float]  # the model's distribution on that sentence, unrelated included
    article_probabilities: dict[str, float]  # the model's distribution on the whole text

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.article_id, "path": self.path, "url": self.url, "title": self.title, "outlet": self.outlet,
            "published": self.published, "ingested_at": self.ingested_at.isoformat(), "origin": self.origin,
            # "stance" is the old key of "relation" (the same value), kept for one release.
            "relation": self.relation, "stance": self.relation, "probability": self.probability, "sentence": self.sentence,
            "sentence_start": self.sentence_start, "sentence_end": self.sentence_end,
            "probabilities": self.probabilities, "article_probabilities": self.article_probabilities,
        }


@dataclass(frozen=True)
class OriginGroup:
    """The articles of one independent origin that bear on the claim, oldest first."""

    origin: str
    articles: tuple[TrackedArticle, ...]

    @property
    def relations(self) -> dict[str, int]:
        """How many of its articles take each side."""
        out: dict[str, int] = {}
        for a in self.articles:
            out[a.relation] = out.get(a.relation, 0) + 1
        return out


@dataclass(frozen=True)
class TrackResult:
    claim: str
    candidates: int  # articles retrieved and judged
    articles: tuple[TrackedArticle, ...]  # oldest first
    origins: tuple[OriginGroup, ...]  # ordered by their oldest article

    def counts(self) -> dict[str, dict[str, int]]:
        """Per side: how many articles take it and how many independent origins stand behind them."""
        out: dict[str, dict[str, int]] = {}
        for side in SIDES:
            these = [a for a in self.articles if a.relation == side]
            out[side] = {"articles": len(these), "origins": len({a.origin for a in these})}
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "claim": self.claim,
            "candidates": self.candidates,
            "counts": self.counts(),
            "articles": [a.to_dict() for a in self.articles],
            "origins": [{"origin": g.origin, "articles": [a.article_id for a in g.articles],
                         "relations": g.relations, "stances": g.relations}  # "stances": the old key, one release
                        for g in self.origins],
        }


def query_words(claim: str) -> list[str]:
    """The claim's content words, once each, in order: what the full-text search looks for. A possessive
    loses its 's ("Norvik's" is found as "Norvik"), as the full-text tokenizers split it off."""
    return list(dict.fromkeys(content(w.split("'")[0] for w in words(claim))))


def track(repo: Repository | str, claim_text: str, *, options: Options | None = None, limit: int = DEFAULT_LIMIT,
          candidates: int | None = None, min_cover: float = MIN_COVER,
          stance_from: StanceFrom = "text") -> TrackResult:
    """The stored articles that bear on `claim_text`, at most `limit`, oldest first and grouped by origin.

    `repo` is an open Repository or a database URL (a SQLite path or postgresql://...). `candidates`
    articles are retrieved and judged (default: 5 per article asked for, at least 50). An article bears on
    the claim when the relation model finds its text related (probability of "unrelated" under
    MAX_UNRELATED) and one of its sentences repeats at least
    `min_cover` of the claim's content words. `stance_from` says where the stance comes from: "text"
    (the whole-text reading, a denial checked against the deciding sentence), "whole" (the whole-text
    reading alone) or "sentence" (the deciding sentence alone); see `_decide`.
    Raises E085 for a claim with no words, E086 for one with nothing to search for (only stop words),
    E087 when the store holds no article (E064 when a SQLite file named by URL does not exist).
    """
    if isinstance(repo, str):
        from ..store import open_repository

        with open_repository(repo, create=False, readonly=True) as opened:
            return track(opened, claim_text, options=options, limit=limit, candidates=candidates,
                         min_cover=min_cover, stance_from=stance_from)
    options = options or Options()
    claim = " ".join(claim_text.split())
    if not claim:
        raise E.E085.error()
    terms = query_words(claim)
    if not terms:
        raise E.E086.error(claim=claim)
    if limit < 1:
        raise E.E031.error(field="limit", value=limit, expected="a whole number of at least 1")
    n = candidates if candidates is not None else max(MIN_CANDIDATES, 5 * limit)
    ids = repo.search_any(terms, limit=n)
    if not ids and repo.count() == 0:  # counted only then: a count scans a large PostgreSQL table
        raise E.E087.error(url=display_url(repo.engine.url))
    found = repo.fetch(ids)
    model = _model(options.relation_across or "features", options)
    judged = model.relate_many([(claim, body) for _, body in found])
    related = [(row, body, j) for (row, body), j in zip(found, judged)
               if j.probabilities.get("unrelated", 0.0) < MAX_UNRELATED]
    decided = _decide(model, claim, [(body, j) for _, body, j in related], stance_from)
    kept = [(row, j, d) for (row, _, j), d in zip(related, decided) if d.cover >= min_cover]
    # The clearest first, so a limit keeps the articles the model is surest bear on the claim.
    kept.sort(key=lambda x: (x[1].probabilities.get("unrelated", 0.0), -x[2].cover))
    articles = sorted((_tracked(row, j, d, repo.origin_of(row.id) or row.id) for row, j, d in kept[:limit]),
                      key=_when)
    articles = _as_corrected(repo, articles)
    return TrackResult(claim, len(found), tuple(articles), _by_origin(articles))


def _as_corrected(repo: Repository, articles: list[TrackedArticle]) -> list[TrackedArticle]:
    """A person's corrections over the model's reading: where the deciding sentence holds an attribution
    whose stance a person corrected, its relation follows that stance (store/corrections.relation_after),
    with probability 1."""
    fixed = repo.corrected_ids(a.article_id for a in articles)
    if not fixed:
        return articles
    out = []
    for a in articles:
        ledger = repo.get(a.article_id) if a.article_id in fixed else None
        said = [x for x in ledger.attributions if "stance" in x.corrected
                and x.content.overlaps(Span(a.sentence_start, a.sentence_end, a.sentence))] if ledger else []
        relation = cast(Side, relation_after(said[0].stance, a.relation)) if said else a.relation
        out.append(replace(a, relation=relation, probability=1.0) if relation != a.relation else a)
    return out


@lru_cache(maxsize=4)
def _model(name: str, options: Options) -> RelationModel:
    # Loading the shipped model reads its weights: once per process and options, not once per call.
    return get_relation_model(name, options)


DEBUNK_COVER = 0.2  # share of the claim's content words a debunking sentence must repeat
ABOUT_COVER = 0.5  # ... or one of the article's close sentences, so that the article is about the claim
Evidence = tuple[str, int, int]  # a sentence and its offsets in the article's clean text


def _spans(body: str) -> list[Evidence]:
    """The body's sentences with their offsets (the splitter the relation model reads bodies with)."""
    out, at = [], 0
    for s in sentences(body):
        start = body.find(s, at)
        if start < 0:  # cannot happen for a stripped piece of the body; keep the offsets honest if it does
            continue
        out.append((s, start, start + len(s)))
        at = start + len(s)
    return out or [(body, 0, len(body))]


def _cover(claim_words: set[str], sentence: str) -> tuple[float, float]:
    """How much of the claim a sentence repeats: its share of the claim's content words, and that share
    a little lowered for a long sentence (which shares words by chance), to rank sentences by."""
    ws = set(query_words(sentence))
    cover = len(claim_words & ws) / max(1, len(claim_words))
    return cover, cover / (1 + 0.02 * len(ws))


@dataclass(frozen=True)
class _Decision:
    relation: Side
    probability: float
    probabilities: dict[str, float]
    evidence: Evidence
    cover: float  # share of the claim's content words the deciding sentence repeats


def _decide(model: RelationModel, claim: str, articles: Sequence[tuple[str, Judgement]],
            stance_from: StanceFrom = "text") -> list[_Decision]:
    """Each article's stance and the sentence that decided it (all sentences judged in one batch).

    Of the body's sentences closest to the claim, the deciding one is the sentence that repeats most of
    the claim and that the model, reading it alone, finds related. "sentence" takes the stance from that
    reading. "whole" takes it from the model's reading of the whole text (what FNC-1 taught it: 85.3
    against 79.0 for "sentence" on 50 held-out FNC-1 headlines, see bench/track.py), with as evidence the
    close sentence that reads most like that stance. "text", the default, does the same but lets no
    denial stand that the deciding sentence does not make: the whole-text reading turns a negation
    anywhere near the claim's words into a denial ("a political decision, not an engineering one" in a
    report asserting the claim), and a denial is the stance a reader acts on. Where no close sentence is
    related at all, the whole-text reading stands, with the closest sentence as its evidence.
    """
    claim_words = set(query_words(claim))
    picks = []
    for body, _ in articles:
        spans = _spans(body)
        covers = [_cover(claim_words, s[0]) for s in spans]
        order = sorted(range(len(spans)), key=lambda i: (-covers[i][1], i))[:SENTENCES_JUDGED]
        picks.append([(spans[i], covers[i]) for i in order])
    judged = iter(model.relate_many([(claim, span[0]) for pick in picks for span, _ in pick]))
    out = []
    for pick, (_, whole) in zip(picks, articles):
        readings = [next(judged) for _ in pick]
        ranks = [rank for _, (_, rank) in pick]
        deciding = max(range(len(pick)), key=lambda i: (ranks[i] * (1 - readings[i].probabilities.get("unrelated", 0.0)), -i))
        sentence = readings[deciding]
        cover = max(c for _, (c, _) in pick)
        debunk = _debunk(claim, pick)
        if debunk is not None:
            out.append(_Decision("denies", round(1 - sentence.probabilities.get("unrelated", 0.0), 4),
                                 dict(sentence.probabilities), debunk, cover))
            continue
        if sentence.relation == "unrelated":
            out.append(_Decision(whole.relation, whole.probability, dict(whole.probabilities), pick[0][0], cover))  # type: ignore[arg-type]
            continue
        stance = _three_way(sentence)
        if stance_from == "sentence" or (stance_from == "text" and whole.relation == "denies" and stance != "denies"):
            out.append(_Decision(stance, sentence.probabilities[stance], dict(sentence.probabilities), pick[deciding][0], cover))
            continue
        stance = _three_way(whole)
        evidence = max(range(len(pick)), key=lambda i: (ranks[i] * readings[i].probabilities.get(stance, 0.0), -i))
        out.append(_Decision(stance, whole.probabilities[stance], dict(whole.probabilities), pick[evidence][0], cover))
    return out


_DEBUNK = re.compile(r"\b(?<!not )(?<!n't )(?<!never )(hoax|fake|faked|fabricated|doctored|staged|photoshopped|"
                     r"debunked|untrue|false|not true|no truth|a myth|satire|satirical)\b", re.I)


def _debunk(claim: str, pick: Sequence[tuple[Evidence, tuple[float, float]]]) -> Evidence | None:
    """A close sentence that calls the story fake ("the photo is fake", "the report is a hoax", "has been
    debunked"): the model reads such a sentence as discussing the claim, a fact-checker as denying it.
    Only where the claim does not itself say "fake", and the sentence repeats some of its words or one of
    the article's sentences closest to the claim repeats most of them (the debunk then says "the picture")."""
    if _DEBUNK.search(claim):
        return None
    about = max((cover for _, (cover, _) in pick), default=0.0) >= ABOUT_COVER  # "the viral picture is staged"
    return next((span for span, (cover, _) in pick if (about or cover >= DEBUNK_COVER) and _DEBUNK.search(span[0])),
                None)


def _three_way(j: Judgement) -> Side:
    """The likeliest of supports / denies / discusses (the article is already known to be related)."""
    return max(SIDES, key=lambda r: j.probabilities.get(r, 0.0))


def _tracked(row: ArticleRow, whole: Judgement, d: _Decision, origin: str) -> TrackedArticle:
    return TrackedArticle(row.id, row.path, row.url, row.title, row.outlet, row.published, row.ingested_at, origin,
                          d.relation, d.probability, d.evidence[0], d.evidence[1], d.evidence[2], d.probabilities,
                          dict(whole.probabilities))


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _when(a: TrackedArticle) -> tuple[datetime, str]:
    """Publication time where the article gave a readable one (a date alone is its midnight UTC), else
    the time it was stored; the id breaks ties so the order is stable."""
    return moment(a.published) or _aware(a.ingested_at), a.article_id


def _by_origin(articles: Sequence[TrackedArticle]) -> tuple[OriginGroup, ...]:
    groups: dict[str, list[TrackedArticle]] = {}
    for a in articles:  # already oldest first, so groups come in the order of their oldest article
        groups.setdefault(a.origin, []).append(a)
    return tuple(OriginGroup(origin, tuple(members)) for origin, members in groups.items())
