"""schema.org ClaimReview -> Review: the claim under review, who made it, who reviewed it and the verdict.

Works on JSON-LD-like dicts; pagemeta.py turns both JSON-LD and microdata into those, so one reader
serves both. Fact-check pages put this box in markup even where the visible box is a widget that
text extraction drops, which makes the markup the dependable place to read it from.
"""
from __future__ import annotations

from typing import Any

from ..model import Review


def schema_types(obj: dict[str, Any]) -> set[str]:
    """{"@type": ["schema:ClaimReview"]} -> {"claimreview"}: prefixes and case do not matter."""
    raw = obj.get("@type")
    names = raw if isinstance(raw, list) else [raw]
    return {str(n).rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1].lower() for n in names if n}


def text_of(value: Any) -> str | None:
    """A plain string out of a JSON-LD value (a string, a {"@value": ...} or the first of a list)."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("@value")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


def reviews_in(objects: list[dict[str, Any]], page_url: str | None) -> list[Review]:
    out: list[Review] = []
    seen: set[tuple[str, str | None, str | None]] = set()
    for obj in objects:
        if "claimreview" not in schema_types(obj):
            continue
        review = _review(obj, page_url)
        if review is None:
            continue
        key = (review.claim.casefold(), review.reviewer, review.verdict)
        if key not in seen:  # pages often carry the same review as JSON-LD and as microdata
            seen.add(key)
            out.append(review)
    return out


def _review(obj: dict[str, Any], page_url: str | None) -> Review | None:
    item = _first_dict(obj.get("itemReviewed"))
    claim = text_of(obj.get("claimReviewed")) or text_of(item.get("name")) or text_of(item.get("text"))
    claim = _unquoted(claim) if claim else None
    if not claim:
        return None
    rating = _first_dict(obj.get("reviewRating"))
    return Review(
        claim=claim,
        claimant=name_of(item.get("author")) or name_of(item.get("creator")),
        reviewer=name_of(obj.get("author")) or name_of(obj.get("publisher")),
        verdict=text_of(rating.get("alternateName")) or text_of(rating.get("name")),
        rating=_number(rating.get("ratingValue")),
        best=_number(rating.get("bestRating")),
        worst=_number(rating.get("worstRating")),
        url=text_of(obj.get("url")) or page_url,
        date=text_of(obj.get("datePublished")),
    )


def _unquoted(text: str) -> str:
    """Fact-checkers often wrap the claim in quote marks; the claim is the words inside them."""
    if len(text) > 2 and text[0] in "\"\u201c\u2018'" and text[-1] in "\"\u201d\u2019'":
        inner = text[1:-1].strip()
        if not any(ch in inner for ch in "\"\u201c\u201d"):
            return inner
    return text


def _first_dict(value: Any) -> dict[str, Any]:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, dict)), None)
    return value if isinstance(value, dict) else {}


def name_of(value: Any) -> str | None:
    """A person's or organisation's name: {"name": ...}, a list of such (the first named), or a string."""
    if isinstance(value, list):
        return next((n for n in (name_of(v) for v in value) if n), None)
    if isinstance(value, dict):
        return text_of(value.get("name"))
    return text_of(value)


def _number(value: Any) -> float | None:
    text = text_of(value)
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None
