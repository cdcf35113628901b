"""Grouping an article's statements into claims, and each attribution's stance toward its claim.

Statements are the attributions in text order, after the article's title when it has one. Each joins
the claim of an earlier statement it restates (supports) or contradicts (denies), judged by the
relation model on a few candidate pairs (those sharing content words, batched in one call) and by rules
from the ledger: a negated restatement of the same predicate denies; a quote's continuation is the same
statement; a denial that only names its object ("rejected the allegations", "The figures are
fabricated") answers the nearest earlier claim of another source that the reference fits, else the
headline's. Stance toward the claim: `deny` when the statement denies it, whatever the wording; `hedge`
for hedged support; else `assert`.
"""
from __future__ import annotations

from collections import Counter, deque

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc

from ..lexicon import CONCESSIONS, NEWS_REFERENCES, PRONOUNS
from ..model import Article, Attribution, Claim, Stance, is_contested
from ..nlp import text_of
from ..text import same_source
from .read import Reading, Reference, question_of, read, read_span
from .relate import Judgement, RelationModel

MATCH = 0.6  # share of the shorter statement's content words that makes a restatement (rules only)
CANDIDATES = 3  # earlier statements per statement the relation model judges: keeps the cost linear
WORD_WINDOW = 200  # earlier statements remembered per word (see _candidates)
# Read on 121 real pages (trafilatura sample, FNC-1 bodies, the seed article) with the v0 model: at 0.5 it
# joins most statements about one event; its `denies` alone raised 46 contested flags, most of them false
# (v0 scores disagree F1 0.15 on FNC-1), so the side comes from the rules or a rebuttal's negation.
JOIN = 0.8  # the model's probability that a statement takes a side on a claim (supports + denies) that joins it
REBUT = 0.5  # the same for a statement whose rebuttal's negation makes it a contradiction
FLOOR = 0.25  # and the share of the shorter statement's content words the two must share
RESTATE = 0.5  # the share a restatement (supports) needs: a contradiction may share fewer words
MODEL_DENIES = False  # whether the model alone may say which side (denies) a statement takes
QUESTION_WORDS = ("whether", "if", "who", "what", "why", "how", "when", "where", "which")


@dataclass
class _Statement:
    reading: Reading
    start: int
    attribution: Attribution | None = None  # None for the title
    source: str = ""
    question: bool = False  # asks rather than says: never the claim another statement joins
    headline: bool = False  # the title, or an attribution that is the title line


@dataclass
class _Member:
    statement: _Statement
    polarity: int  # +1: its proposition states the claim; -1: it states the opposite
    stance: Stance
    probability: float | None


@dataclass
class _Cluster:
    founder: _Statement
    members: list[_Member] = field(default_factory=list)
    words: set[str] = field(default_factory=set)

    def supporters(self) -> list[_Member]:
        return [m for m in self.members if m.stance in ("assert", "hedge") and not m.statement.question]


def _similar(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    if min(len(a), len(b)) < 2:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _overlap(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def _same_predicate(a: str | None, b: str | None) -> bool:
    """Two statements about the same participants with different predicates are different claims."""
    return a is None or b is None or a == b


def _statement(doc: Doc, a: Attribution) -> _Statement:
    reading = read(doc, a)
    said = a.said.strip().lower()
    question = a.cue.lemma in ("ask", "wonder", "question") and said.startswith(QUESTION_WORDS) or said.endswith("?")
    if a.cue.kind == "answer" or reading.denial and len(a.content.text.split()) <= 3 and reading.reference is None:
        # 'answered "No" when asked whether X': the question gives the proposition the answer denies.
        start, end = question_of(doc, a)
        asked = read_span(doc, start, end)
        reading = replace(asked, denial=True, hedged=reading.hedged, text=text_of(doc)[start:end])
    return _Statement(reading, a.content.start, a, a.source.name or a.source.span.text, question)


def _title(article: Article, doc: Doc, title_doc: Doc | None, attributions: Sequence[Attribution]) -> _Statement | None:
    if not article.title:
        return None
    if text_of(doc).startswith(article.title):
        if any(a.cue.span.start < len(article.title) for a in attributions):
            return None  # a headline that reports a source is that attribution's statement already
        return _Statement(read_span(doc, 0, len(article.title)), -1, headline=True)
    if title_doc is not None:  # a title outside the text, parsed on its own
        return _Statement(read_span(title_doc, 0, len(text_of(title_doc))), -1, headline=True)
    return None


def _continues(prev: _Statement, cur: _Statement, doc: Doc) -> bool:
    """The same speaker's next piece of one statement: the same cue, or the same sentence."""
    a, b = prev.attribution, cur.attribution
    if a is None or b is None or not same_source(prev.source, cur.source):
        return False
    if a.cue.span.start == b.cue.span.start:
        return True
    end = doc.char_span(a.content.end - 1, a.content.end, alignment_mode="expand")
    return end is not None and end.sent.start_char <= b.content.start < end.sent.end_char


def _candidates(statements: list[_Statement], title: _Statement | None) -> list[tuple[_Statement, _Statement]]:
    """For each statement, the few earlier ones (or the title) sharing the most content words, the
    nearest first among equals. Earlier statements are found through an index of their words, each word
    remembering its last `WORD_WINDOW` statements: all of them in any ordinary article, and a bound on
    the cost in an archive-sized one (10,000 statements sharing "said" would otherwise be compared
    pairwise)."""
    pairs = []
    earlier: list[_Statement] = []
    index: dict[str, deque[int]] = {}

    def remember(t: _Statement) -> None:
        if not t.question and t.reading.words:
            for word in t.reading.words:
                index.setdefault(word, deque(maxlen=WORD_WINDOW)).append(len(earlier))
            earlier.append(t)

    if title:
        remember(title)
    for s in statements:
        if not (s.question or s.reading.reference is not None or not s.reading.words):
            shared = Counter(k for word in s.reading.words for k in index.get(word, ()))
            best = sorted(((n, k) for k, n in shared.items()), reverse=True)[:CANDIDATES]
            pairs += [(earlier[k], s) for _, k in best]
        remember(s)
    return pairs


def _rule(claim: Reading, s: Reading, headline: bool = False) -> str | None:
    """What the ledger's own rules say of a pair: a restatement, a negated restatement, or nothing.

    A negation counts only on the predicate the two share: "At no time did the ministry approve such a
    deal" denies "the ministry approved a deal"; a "not" elsewhere in a long quote does not. Against
    the headline the negated predicate is enough ("has not asked anyone for help"); elsewhere the two
    must share two words besides it.
    """
    p = claim.predicate
    if p is not None and (headline or len((claim.words & s.words) - {p}) >= 2):
        if p in s.negated_predicates and p not in claim.negated_predicates:
            return "denies"
        if p == s.predicate and p in claim.negated_predicates and p not in s.negated_predicates:
            return "denies"
    if _similar(claim.words, s.words) >= MATCH and _same_predicate(claim.predicate, s.predicate) \
            and _negated(claim) == _negated(s):
        return "supports"
    return None


def _verdict(claim: _Statement, s: Reading, j: Judgement | None) -> tuple[str, float, float | None] | None:
    """supports / denies, a score to rank candidate claims, and the model's probability (if it judged)."""
    rule = _rule(claim.reading, s, headline=claim.headline)
    if rule == "supports" and j is not None and claim.reading.predicate != s.predicate \
            and j.probabilities.get("supports", 0.0) < JOIN:
        # Shared words without a shared verb ("Russia's military assistance would have serious
        # consequences" against "Russia asked China for military assistance") restate only if the model
        # agrees.
        rule = None
    side = j.probabilities.get("supports", 0.0) + j.probabilities.get("denies", 0.0) if j is not None else 0.0
    # A rebuttal's negation on one main predicate and none on the other's ("None of the rifles left the
    # compound" against "rebels seized the rifles"; not against a headline, whose verbs are often
    # negative: "bans", "rules out") makes a contradiction of what the model finds related.
    flipped = not claim.headline and (claim.reading.emphatic or s.emphatic or claim.reading.negated_copula
                                      or s.negated_copula) and _negated(claim.reading) != _negated(s)
    # A negated copula's clause is the rebuttal's proposition ("was nowhere near the depot", not the
    # alibi conjoined to it).
    words = s.negated_clause if flipped and s.negated_copula else s.words
    if j is not None and side >= (REBUT if flipped else JOIN) and _overlap(claim.reading.words, words) >= FLOOR:
        # The model says the statement takes a side on the claim; which side is the rules' call when
        # they make one, else the rebuttal's, else the likelier of the two.
        likelier = "denies" if MODEL_DENIES and j.probabilities.get("denies", 0.0) > j.probabilities.get("supports", 0.0) \
            else "supports"
        relation = rule or ("denies" if flipped else likelier)
        if relation == "denies" or _restates(claim.reading, s):
            return relation, side, round(side, 4)
    if rule is None:
        return None
    return rule, 1.0, (round(side, 4) if j is not None else None)


def _restates(claim: Reading, s: Reading) -> bool:
    """Enough shared words for the model's `supports` to make a restatement. With different main verbs
    the share is taken of the longer statement: "any missiles supplied to Ostria would bring severe
    consequences" is a warning about the claim "Ostria asked for missiles", not a restatement of it."""
    if _overlap(claim.words, s.words) < RESTATE:
        return False
    if _same_predicate(claim.predicate, s.predicate):
        return True
    return len(claim.words & s.words) / max(len(claim.words), len(s.words)) >= RESTATE


def _negated(r: Reading) -> bool:
    """Whether the main predicate is negated, or the main clause is a negated copula ("was not near
    Kobani"). Other verbless negations count as not negated: read on real pages, they were mostly
    incidental ("It's no secret that ...")."""
    return r.predicate is not None and r.predicate in r.negated_predicates or r.negated_copula


def _fits(ref: Reference, cluster: _Cluster) -> bool:
    if ref.words and not ref.words & cluster.words:
        return False
    return ref.generic or ref.head in cluster.words


def _other_side(cluster: _Cluster, s: _Statement) -> int | None:
    """Where the latest support from another source sits before `s`, if any does."""
    starts = [m.statement.start for m in cluster.supporters()
              if m.statement.start < s.start and m.statement.attribution is not None
              and not same_source(m.statement.source, s.source)]
    return max(starts, default=None)


def _nearest(s: _Statement, clusters: list[_Cluster], fits: Reference | None = None) -> _Cluster | None:
    """The nearest earlier claim of another source (that the reference fits)."""
    pool = [(at, c) for c in clusters if not c.founder.question and (fits is None or _fits(fits, c))
            for at in [_other_side(c, s)] if at is not None]
    return max(pool, key=lambda x: x[0])[1] if pool else None


def _main(s: _Statement, clusters: list[_Cluster], title: _Cluster | None) -> _Cluster | None:
    """The article's main claim for `s` to deny: the headline's when another source supports it, else the
    first claim another source supports, else the headline's alone."""
    for c in ([title] if title else []) + clusters:
        if not c.founder.question and _other_side(c, s) is not None:
            return c
    return title


def _answered(s: _Statement, clusters: list[_Cluster], title: _Cluster | None, ref: Reference) -> _Cluster | None:
    """The claim a denial naming its object answers: "the report" or "the story" is what the article
    reports (its main claim); another object, the nearest earlier claim of another source it fits."""
    if ref.head in NEWS_REFERENCES:
        return _main(s, clusters, title)
    nearest = _nearest(s, clusters, ref)
    if nearest is None and ref.generic and not ref.words:
        return _main(s, clusters, title)  # "rejected that claim" with nothing before it fits: the main one
    return nearest


def group_claims(article: Article, doc: Doc, attributions: Sequence[Attribution], relation: RelationModel | None,
                 title_doc: Doc | None = None) -> tuple[list[Attribution], list[Claim]]:
    """New attributions (stance, claim, probability set) and the article's claims."""
    statements = [_statement(doc, a) for a in attributions]
    if article.title and text_of(doc).startswith(article.title):
        for s in statements:  # "European officials say X" as the title line: the headline's statement
            s.headline = s.attribution is not None and s.attribution.cue.span.start < len(article.title)
    title = _title(article, doc, title_doc, attributions)
    pairs = _candidates(statements, title)
    judged: dict[tuple[int, int], Judgement] = {}
    if relation is not None and pairs:
        found = relation.relate_many([(c.reading.text, s.reading.text) for c, s in pairs])
        judged = {(id(c), id(s)): j for (c, s), j in zip(pairs, found)}
    by_statement: dict[int, list[_Statement]] = {}
    for c, s in pairs:
        by_statement.setdefault(id(s), []).append(c)

    clusters: list[_Cluster] = []
    home: dict[int, tuple[_Cluster, _Member]] = {}
    title_cluster = _Cluster(title, words=set(title.reading.words)) if title else None
    if title is not None and title_cluster is not None:
        home[id(title)] = (title_cluster, _Member(title, 1, "assert", None))

    def join(cluster: _Cluster, s: _Statement, polarity: int, probability: float | None) -> None:
        if cluster is title_cluster and cluster not in clusters:
            clusters.append(cluster)
        denial = s.reading.denial
        stance: Stance = "deny" if (polarity < 0) != denial else "hedge" if s.reading.hedged else "assert"
        member = _Member(s, polarity, stance, probability)
        cluster.members.append(member)
        cluster.words |= s.reading.words
        home[id(s)] = (cluster, member)

    prev: _Statement | None = None
    for s in statements:
        before, prev = prev, s
        reading = s.reading
        if s.question:  # a question asserts nothing: its own claim, never a side of another
            cluster = _Cluster(s)
            clusters.append(cluster)
            join(cluster, s, 1, None)
            continue
        if reading.reference is not None:
            target = _answered(s, clusters, title_cluster, reading.reference)
            if target is not None:
                join(target, s, 1, None)
                continue
        best: tuple[float, _Cluster, int, float | None] | None = None
        for c in by_statement.get(id(s), []):
            if id(c) not in home:
                continue
            cluster, member = home[id(c)]
            verdict = _verdict(c, reading, judged.get((id(c), id(s))))
            if verdict is None:
                continue
            relation_, score, prob = verdict
            polarity = member.polarity * (1 if relation_ == "supports" else -1)
            if best is None or score > best[0]:
                best = (score, cluster, polarity, prob)
        if best is not None:
            join(best[1], s, best[2], best[3])
            continue
        if before is not None and _continues(before, s, doc):
            # The same speaker's next piece of one statement: one claim, one stance; but "denies he said
            # it, but has admitted ..." concedes.
            cluster, member = home[id(before)]
            join(cluster, s, member.polarity, None)
            conceding = s.attribution is not None and s.attribution.cue.lemma in CONCESSIONS
            cluster.members[-1].stance = "assert" if conceding else member.stance
            continue
        if reading.denial:
            # A denial denies something said before: the nearest claim of another source it shares words
            # with; a short one ("No.", "denied the charges") the article's main claim.
            answer = s.attribution is not None and s.attribution.cue.kind == "answer"
            target = None if answer else _nearest(s, [c for c in clusters if c.words & reading.words])
            said = s.attribution.said.lower().strip(" .,") if s.attribution is not None else ""
            if target is None and said and len(said.split()) <= 4 and said not in PRONOUNS - {"it"}:
                target = _main(s, clusters, title_cluster)
            if target is not None:
                join(target, s, 1, None)
                continue
        cluster = _Cluster(s)
        clusters.append(cluster)
        join(cluster, s, 1, None)
    return _results(attributions, clusters, home)


def _results(attributions: Sequence[Attribution], clusters: list[_Cluster],
             home: dict[int, tuple[_Cluster, _Member]]) -> tuple[list[Attribution], list[Claim]]:
    ordered = sorted((c for c in clusters if c.members), key=lambda c: min(m.statement.start for m in c.members))
    ids = {id(c): f"c{i}" for i, c in enumerate(ordered, 1)}
    claims = [_claim(ids[id(c)], c) for c in ordered]
    members = {id(m.statement.attribution): (c, m) for c in ordered for m in c.members}
    out = []
    for a in attributions:
        cluster, member = members[id(a)]
        out.append(replace(a, stance=member.stance, claim=ids[id(cluster)], probability=member.probability))
    return out, claims


def _names(members: list[_Member], stance: str) -> list[str]:
    return list(dict.fromkeys(m.statement.source for m in members if m.stance == stance))


def _claim(cid: str, c: _Cluster) -> Claim:
    stating = [m for m in c.members if m.polarity > 0 and m.stance in ("assert", "hedge")]
    text = (stating[0].statement if stating else c.founder).reading.text
    if text.lower().startswith("that "):
        text = text[5:]
    supporting = c.supporters()
    denying = [m for m in c.members if m.stance == "deny"]
    # A source never contests itself: support and denial must come from different sources.
    contested = is_contested([s.statement.source for s in supporting], [d.statement.source for d in denying])
    return Claim(cid, text, asserted_by=_names(c.members, "assert"), denied_by=_names(c.members, "deny"),
                 hedged_by=_names(c.members, "hedge"), contested=contested)
