"""The plain dataclasses every pipeline stage takes and returns; the JSON contract mirrors them."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from .errors import ClaimledgerError

SCHEMA = "claimledger.article/1"

QuoteType = Literal["direct", "indirect", "mixed"]
Stance = Literal["assert", "deny", "hedge"]
SourceKind = Literal["person", "organization", "government", "anonymous", "document", "media", "other"]


@dataclass
class Document:
    """What ingest read: raw text (HTML already extracted) plus what the input said about itself."""

    path: str
    raw: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    outlet: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class Removed:
    text: str
    reason: str  # "language:tr" | "boilerplate" | "repeated"


@dataclass
class Article:
    """Clean text: every offset downstream refers to `text`."""

    id: str
    path: str
    text: str
    title: str | None = None
    language: str = "en"
    removed: list[Removed] = field(default_factory=list)
    url: str | None = None
    published: str | None = None
    outlet: str | None = None


def trim(text: str, start: int, end: int, chars: str) -> tuple[int, int]:
    """Narrow [start, end) past any of `chars` at either end."""
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


@dataclass
class Span:
    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        return cls(start, end, text[start:end])

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass
class Source:
    span: Span
    name: str  # canonical name after pronoun / alias resolution
    kind: SourceKind = "other"
    anonymous: bool = False
    count: int | None = None
    affiliation: str | None = None
    role: str | None = None
    seniority: str | None = None


@dataclass
class Cue:
    span: Span
    lemma: str
    kind: str = "speech"  # speech | belief | document | answer


@dataclass
class RawAttribution:
    """What an extractor finds: spans only. Later stages type the source, label stance, group claims."""

    source: Span
    cue: Span
    content: Span
    quote: QuoteType = "indirect"
    # Extra pieces of a content split around its cue ('"We are ready," X said, "and ..."').
    content_parts: list[Span] = field(default_factory=list)


QUOTE_MARKS = "\"\u201c\u201d\u2018\u2019'"


def _unquote(text: str) -> str:
    text = text.strip(" \n,")
    # Drop marks only when they enclose the whole piece: 'the talks were "hard"' keeps its quote.
    if len(text) > 1 and text[0] in QUOTES_OPEN and text[-1] in QUOTE_MARKS:
        inner = text[1:-1].strip(" ,")
        if not any(ch in QUOTE_MARKS for ch in inner if ch not in "\u2019'"):
            return inner
    elif len(text) > 2 and text[0] in QUOTES_OPEN and text[-2] in QUOTE_MARKS and text[-1] in ".,":
        return text[1:-2].strip(" ,")
    return text


QUOTES_OPEN = "\"\u201c\u2018"


@dataclass
class Attribution:
    id: str
    source: Source
    cue: Cue
    content: Span
    quote: QuoteType
    stance: Stance = "assert"  # toward its claim: decided by the claims stage
    claim: str | None = None
    content_parts: list[Span] = field(default_factory=list)
    # The relation model's probability for the relation that joined this statement to its claim; None
    # for the statement the claim was taken from and for joins the ledger's rules decided alone.
    probability: float | None = None

    @property
    def pieces(self) -> list[Span]:
        """The content without the cue: the quote pieces around it, or the one content span."""
        return self.content_parts or [self.content]

    @property
    def said(self) -> str:
        """What the source said, as plain words: pieces joined, their enclosing quote marks dropped."""
        return " ... ".join(_unquote(p.text) for p in self.pieces)


@dataclass
class Claim:
    id: str
    text: str
    asserted_by: list[str] = field(default_factory=list)
    denied_by: list[str] = field(default_factory=list)
    hedged_by: list[str] = field(default_factory=list)
    contested: bool = False  # support and denial from different sources


@dataclass
class Ledger:
    """One analysed article: the unit the CLI prints and the store keeps."""

    article: Article
    attributions: list[Attribution] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)


@dataclass
class Failure:
    """An input that could not be read or analysed; the batch carries on without it.

    Lives here (not in pipeline) so ingest can yield it without importing spaCy and the NLP stages.
    """

    path: str
    error: ClaimledgerError
