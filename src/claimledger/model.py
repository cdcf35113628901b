"""The plain dataclasses every pipeline stage takes and returns; the JSON contract mirrors them."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from .errors import ClaimledgerError
from .text import QUOTE_MARKS, QUOTES_OPEN, same_source

SCHEMA = "claimledger.article/1"

QuoteType = Literal["direct", "indirect", "mixed"]
Stance = Literal["assert", "deny", "hedge"]  # an attribution's, toward its claim
STANCES: tuple[Stance, ...] = ("assert", "deny", "hedge")
SourceKind = Literal["person", "organization", "government", "anonymous", "document", "media", "other"]
# Kinds "it" can refer to, and "he" or "she" cannot (pronoun resolution, a claim text naming its speaker).
IMPERSONAL_KINDS: frozenset[str] = frozenset({"organization", "government", "media", "document"})
BlockKind = Literal["paragraph", "heading", "list", "quote", "table"]


@dataclass
class Block:
    """One block of a page as the HTML extractor saw it: a paragraph, heading, list, quote or table.

    `text` has one line per line break or list item; `linked[i]` says whether line i is (nearly) all
    link text pointing at another page: a related-story teaser looks like that, article prose does not.
    """

    text: str
    kind: BlockKind = "paragraph"
    linked: tuple[bool, ...] = ()


@dataclass
class Document:
    """What ingest read: raw text (HTML already extracted) plus what the input said about itself."""

    path: str
    raw: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    outlet: str | None = None
    fetched: str | None = None  # ISO 8601: when the input was fetched or archived, where it says
    meta: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)  # "[W001] ..." repairs made while reading
    # HTML pages only: the extracted blocks (raw is their text joined by blank lines) and the
    # schema.org ClaimReviews the page carries. Plain text and JSONL leave both empty.
    blocks: list[Block] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)


@dataclass
class Review:
    """A schema.org ClaimReview found in a page's markup: who claimed what, and the reviewer's verdict.

    `span` is where the claim's words stand in `Article.text`, or None when the article text does not
    contain them (the markup is the only place the claim is written): no offsets are invented.
    """

    claim: str
    claimant: str | None = None  # itemReviewed.author.name
    reviewer: str | None = None  # author.name, else publisher.name
    verdict: str | None = None  # reviewRating.alternateName ("False", "Mostly true", ...)
    rating: float | None = None  # reviewRating.ratingValue on the scale below, when numeric
    best: float | None = None
    worst: float | None = None
    url: str | None = None
    date: str | None = None  # datePublished of the review
    span: Span | None = None


@dataclass
class Removed:
    text: str
    # "language:tr" | "boilerplate" | "repeated" | "unreadable" | "teaser" | "credit" | "promo" | "footer" | "furniture"
    reason: str


@dataclass
class TextBlock:
    """Where one block of the page stands in `Article.text` (HTML input only), and what kind it is."""

    kind: BlockKind
    start: int
    end: int


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
    warnings: list[str] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    blocks: list[TextBlock] = field(default_factory=list)
    # Every place and time this text was published (issue 18): the input's own one from `clean`, all of them
    # from the store. `url`, `outlet` and `published` above are the first publication's.
    publications: list[Publication] = field(default_factory=list)


@dataclass(frozen=True)
class Publication:
    """One publication of a text: the same wire text run by two outlets is one Article with two. Two
    publications are the same when url, outlet and published are (store: publications)."""

    url: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO 8601 where the input's date could be read, else as given
    fetched: str | None = None  # ISO 8601: when it was fetched or archived, where the input says
    path: str | None = None  # the input it was read from
    title: str | None = None


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
    kind: SourceKind | None = "other"  # None: a person marked the source and gave no kind
    anonymous: bool | None = False  # None: not known (a person's source)
    count: int | None = None
    affiliation: str | None = None
    role: str | None = None
    seniority: str | None = None
    entity: str | None = None  # id of the Entity every mention of this speaker shares ("e1")


@dataclass
class Entity:
    """One speaker of the article behind all its mentions ("Tomas Reyes", "Reyes", "he", "the spokesman"),
    typed from all of them. `source` is its first mention: every mention carries the entity's name, kind
    and what the text gave about it. `mentions` are the ids of the attributions it speaks."""

    id: str
    source: Source
    mentions: list[str] = field(default_factory=list)


@dataclass
class Cue:
    span: Span
    lemma: str
    kind: str | None = "speech"  # speech | belief | document | answer; None for a person's cue

    @property
    def empty(self) -> bool:
        """No cue at all: what an attribution a person added without one carries (null in the JSON)."""
        return self.span.start == self.span.end and not self.lemma

    @classmethod
    def none(cls, at: int) -> Cue:
        return cls(Span(at, at, ""), "", None)


@dataclass
class RawAttribution:
    """What an extractor finds: spans only. Later stages type the source, label stance, group claims."""

    source: Span
    cue: Span
    content: Span
    quote: QuoteType = "indirect"
    # Extra pieces of a content split around its cue ('"We are ready," X said, "and ..."').
    content_parts: list[Span] = field(default_factory=list)


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


@dataclass
class Machine:
    """What the machine said of the fields a person corrected (None: that field was not corrected)."""

    stance: Stance | None = None
    source: Source | None = None
    cue: Cue | None = None
    content: Span | None = None


@dataclass
class Attribution:
    id: str
    source: Source
    cue: Cue
    content: Span
    quote: QuoteType | None  # None for an attribution a person added
    stance: Stance = "assert"  # toward its claim: decided by the claims stage
    claim: str | None = None
    content_parts: list[Span] = field(default_factory=list)
    # The relation model's probability for the relation that joined this statement to its claim; None
    # for the statement the claim was taken from and for joins the ledger's rules decided alone.
    probability: float | None = None
    # A person's corrections (store/corrections.py): the fields changed, sorted (["added"] for one the
    # machine missed), and the machine's values of them.
    corrected: list[str] = field(default_factory=list)
    machine: Machine | None = None

    @property
    def key(self) -> tuple[int, int]:
        """What corrections name an attribution by: the machine's content span (ids may be renumbered)."""
        content = self.machine.content if self.machine and self.machine.content else self.content
        return content.start, content.end

    @property
    def speaker(self) -> str:
        """The source's name, else its words."""
        return self.source.name or self.source.span.text

    @property
    def pieces(self) -> list[Span]:
        """The content without the cue: the quote pieces around it, or the one content span."""
        return self.content_parts or [self.content]

    @property
    def said(self) -> str:
        """What the source said, as plain words: pieces joined, their enclosing quote marks dropped."""
        return " ... ".join(_unquote(p.text) for p in self.pieces)


# Why.reason of a speaker's next sentence joined to the statement before it (across articles it files
# no side of its own).
CONTINUES = "continues the statement before it"
# Why.reason of a question: it asserts nothing, so it takes no side of any claim, here or across articles.
ASKS = "asks it"


@dataclass
class Why:
    """Why one statement sits on its side of a claim: its attribution, that side, and what tied it there
    ("restates it (the relation model, p=0.91)", "denies it (deny)", "answers it by naming it (report)")."""

    attribution: str
    stance: Stance
    reason: str


@dataclass
class Claim:
    id: str
    text: str  # readable on its own (claims/display.py); the statements' content spans stay as found
    asserted_by: list[str] = field(default_factory=list)
    denied_by: list[str] = field(default_factory=list)
    hedged_by: list[str] = field(default_factory=list)
    contested: bool = False  # support and denial from different sources
    why: list[Why] = field(default_factory=list)  # one per statement, in text order
    # `text` states its proposition negatively ("Rosenberg was not captured"): across articles, a claim
    # joined to a story claim of the other polarity has its sides turned (across/story_claims.py).
    negated: bool = False


def is_contested(supporters: Iterable[str], deniers: Iterable[str]) -> bool:
    """The one rule for `Claim.contested`: some source supports the claim (asserts or hedges it) and a
    different source denies it. A source never contests itself ("The union" and "Union leaders" are one)."""
    deny = list(deniers)
    return any(not same_source(s, d) for s in supporters for d in deny)


def sides(members: Iterable[Attribution]) -> tuple[list[str], list[str], list[str]]:
    """The sides of a claim from its attributions: who asserts, denies and hedges it (each name once, in
    order of first mention)."""
    out: dict[Stance, dict[str, None]] = {s: {} for s in STANCES}
    for a in members:
        out[a.stance].setdefault(a.speaker)
    return list(out["assert"]), list(out["deny"]), list(out["hedge"])


def claim_of(claim: Claim, members: Iterable[Attribution]) -> Claim:
    """`claim` with its sides and `contested` recomputed from its (corrected) attributions."""
    asserted, denied, hedged = sides(members)
    return Claim(claim.id, claim.text, asserted, denied, hedged, is_contested([*asserted, *hedged], denied))


@dataclass
class Corrections:
    """What a person's corrections did to a stored ledger: applied and unmatched counts, the ids of the
    attributions they added and of those they removed."""

    applied: int = 0
    unmatched: int = 0
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


@dataclass
class Ledger:
    """One analysed article: the unit the CLI prints and the store keeps."""

    article: Article
    attributions: list[Attribution] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    corrections: Corrections | None = None  # set on a stored ledger a person corrected

    @property
    def entities(self) -> list[Entity]:
        """The speakers behind the attributions, in order of first mention (read off their Sources,
        which carry the entity's id and its name and type)."""
        found: dict[str, Entity] = {}
        for a in self.attributions:
            s = a.source
            key = s.entity or f"{a.id}:{s.name}"
            if key not in found:
                found[key] = Entity(key, s)
            found[key].mentions.append(a.id)
        return list(found.values())


@dataclass
class Failure:
    """An input that could not be read or analysed; the batch carries on without it.

    Lives here (not in pipeline) so ingest can yield it without importing spaCy and the NLP stages.
    """

    path: str
    error: ClaimledgerError
