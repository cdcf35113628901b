"""schema.org Claim and ClaimReview (JSON-LD) for fact-checkers, from stored ledgers.

claimledger makes no truth verdicts, so it never writes a ClaimReview of its own. It writes:

- a `Claim` for each claim of each article: `text`; `author`, the sources that assert it (Person or
  Organization by the source's kind); `appearance` and `firstAppearance`, the article (a NewsArticle with
  url, headline, datePublished and publisher); `datePublished`, the article's date (when the claim appeared
  there, not when it was first made). Who denies or hedges it, whether it is contested and each statement
  (source, stance, the sentence and its offsets) are in `claimledger:`-prefixed properties, outside
  schema.org's vocabulary, so a consumer of schema.org loses nothing by ignoring them. These follow a
  person's corrections like every export.
- a `ClaimReview` only where a fact-checker published one: the `article.reviews` found on the page (its
  reviewer as `author`, its verdict as `reviewRating.alternateName`, its own url and date), re-emitted
  with the Claim it reviews (the claimant as that Claim's `author`). Its `claimledger:claims` points at the
  Claims of the page whose statements overlap the reviewed words.

One JSON-LD document, {"@context": ..., "@graph": [...]}, written item by item (an archive never sits in
memory). Safe to paste into `<script type="application/ld+json">` (issue 20): `<`, `>`, `&` and the line
separators U+2028/2029 are written as JSON escapes (the same JSON), and a `url` that is not http(s) (a page's
`javascript:` link) is left out. Identifiers: `urn:claimledger:claim:<article id>:<claim id>`,
`urn:claimledger:review:<article id>:<n>`.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any

from ..model import Article, Claim, Ledger, Review

CONTEXT = {"@vocab": "https://schema.org/", "claimledger": "urn:claimledger:vocab:"}
_PEOPLE = {"person"}  # other kinds (organization, government, anonymous groups, documents) are not a Person


def _who(name: str, kind: str | None) -> dict[str, Any]:
    return {"@type": "Person" if kind in _PEOPLE else "Organization", "name": name}


def _appearance(art: Article) -> dict[str, Any]:
    page: dict[str, Any] = {"@type": "NewsArticle", "headline": art.title, "url": art.url,
                            "datePublished": art.published, "identifier": art.id}
    if art.outlet:
        page["publisher"] = {"@type": "Organization", "name": art.outlet}
    return {k: v for k, v in page.items() if v is not None}


def _claim(ledger: Ledger, claim: Claim) -> dict[str, Any]:
    art = ledger.article
    members = [a for a in ledger.attributions if a.claim == claim.id]
    kinds: dict[str, str | None] = {}
    for a in members:
        kinds.setdefault(a.speaker, a.source.kind)
    page = _appearance(art)
    item: dict[str, Any] = {
        "@type": "Claim", "@id": f"urn:claimledger:claim:{art.id}:{claim.id}", "text": claim.text,
        "author": [_who(name, kinds.get(name)) for name in claim.asserted_by],
        "appearance": [page], "firstAppearance": page,
        "claimledger:deniedBy": [_who(n, kinds.get(n)) for n in claim.denied_by],
        "claimledger:hedgedBy": [_who(n, kinds.get(n)) for n in claim.hedged_by],
        "claimledger:contested": claim.contested,
        "claimledger:statements": [
            {"claimledger:attribution": a.id, "claimledger:source": a.speaker,
             "claimledger:stance": a.stance, "text": a.content.text,
             "claimledger:start": a.content.start, "claimledger:end": a.content.end,
             **({"claimledger:corrected": a.corrected} if a.corrected else {})}
            for a in members],
    }
    if art.published:
        item["datePublished"] = art.published
    return item


def _review(ledger: Ledger, n: int, review: Review) -> dict[str, Any]:
    art = ledger.article
    # The attributions whose content holds the reviewed words (as the JSON's review.attributions says).
    linked = [a for a in ledger.attributions
              if review.span is not None and any(p.overlaps(review.span) for p in [a.content, *a.content_parts])]
    claims = sorted({a.claim for a in linked if a.claim})
    reviewed: dict[str, Any] = {"@type": "Claim"}
    if review.claimant:
        # Person or Organization when the page's text reports the claimant (its kind is known), else Thing.
        kind = linked[0].source.kind if linked else None
        reviewed["author"] = _who(review.claimant, kind) if kind else {"@type": "Thing", "name": review.claimant}
    item: dict[str, Any] = {
        "@type": "ClaimReview", "@id": f"urn:claimledger:review:{art.id}:{n}",
        "claimReviewed": review.claim, "itemReviewed": reviewed,
        "url": review.url or art.url, "datePublished": review.date,
        "claimledger:foundIn": _appearance(art),
        "claimledger:claims": [f"urn:claimledger:claim:{art.id}:{c}" for c in claims],
    }
    if review.reviewer:
        item["author"] = {"@type": "Organization", "name": review.reviewer}
    rated = review.rating is not None or review.best is not None or review.worst is not None
    if review.verdict or rated:
        item["reviewRating"] = {k: v for k, v in {
            "@type": "Rating", "alternateName": review.verdict, "ratingValue": review.rating,
            "bestRating": review.best, "worstRating": review.worst}.items() if v is not None}
    return {k: v for k, v in item.items() if v is not None}


def items(ledgers: Iterable[Ledger]) -> Iterator[dict[str, Any]]:
    """The @graph's items: each article's Claims, then the ClaimReviews found on its page."""
    for ledger in ledgers:
        for claim in ledger.claims:
            yield _claim(ledger, claim)
        for n, review in enumerate(ledger.article.reviews, 1):
            yield _review(ledger, n, review)


_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _http_only(value: Any) -> Any:
    """`value` without any `url` that is not an http(s) URL."""
    if isinstance(value, Mapping):
        return {k: _http_only(v) for k, v in value.items()
                if k != "url" or (isinstance(v, str) and v.strip().lower().startswith(("http://", "https://")))}
    if isinstance(value, list):
        return [_http_only(v) for v in value]
    return value


def to_json(item: Mapping[str, Any]) -> str:
    """One item as JSON that cannot end a <script> element or start markup (the characters only occur
    inside JSON strings, where an escape means the same)."""
    text = json.dumps(_http_only(item), ensure_ascii=False)
    for raw, escaped in _SCRIPT_ESCAPES.items():
        text = text.replace(raw, escaped)
    return text


def write(out: IO[str], ledgers: Iterable[Ledger]) -> int:
    """Write one JSON-LD document, an item at a time; returns how many items."""
    out.write('{"@context": ' + json.dumps(CONTEXT) + ', "@graph": [')
    count = 0
    for item in items(ledgers):
        out.write(("," if count else "") + "\n" + to_json(item))
        count += 1
    out.write("\n]}\n")
    return count
