"""Features of a (claim, statement) pair for the relation model: plain Python and numpy, no parser.

One function serves training and run time, so the model sees the same thing in both: the statement is
split into sentences, the ones that best match the claim are kept (a news body would drown the signal),
and the pair becomes sparse features: similarity of the kept sentences to the claim, the words a
refutation, a hedge or a report is made of, negation next to the matched words, and bags of words of
both sides (indices into one vocabulary, learned with the model).
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..lexicon import RELATION_CUES, TRUTH
from ..text import content, sentences, words

_NEGATION = RELATION_CUES["negation"]
TOP_SENTENCES = 3  # sentences of a long statement kept: those most similar to the claim

DENSE_NAMES: tuple[str, ...] = (
    "sim_max", "sim_mean", "sim_first", "cover_max", "cover_all", "bigram_cover", "number_match",
    "number_mismatch", "claim_len", "statement_len", "sentences",
    *(f"{side}_{lex}" for side in ("claim", "stmt") for lex in RELATION_CUES),
    "neg_near_match", "refute_near_match", "neg_diff", "claim_question", "stmt_question", "stmt_quote",
    "refute_x_sim", "neg_x_sim", "hedge_x_sim",
    "best_refute", "best_negation", "best_hedge", "best_support", "best_is_lead", "hedge_near_match",
    "polarity_differs", "bias",
)
DENSE = len(DENSE_NAMES)

# Sentence-embedding features (claimledger.embed), after the dense ones when the model uses them: cosines
# of the claim with the statement's sentences, then the claim vector times the best-matching sentence's
# and their absolute difference (how much two statements share, and where they part: what lifts
# related/unrelated and discuss/agree beyond word overlap).
EMBED_DIM = 384
EMBED_NAMES: tuple[str, ...] = ("emb_max", "emb_top3", "emb_first", "emb_mean", "emb_gap", "emb_x_refute",
                                "emb_x_negation", "emb_x_hedge")
EMBED_WIDTH = len(EMBED_NAMES) + 2 * EMBED_DIM
Embed = Callable[[Sequence[str]], np.ndarray]  # texts -> unit vectors, one row per text


@lru_cache(maxsize=65536)
def _sentence_words(sentence: str) -> tuple[str, ...]:
    return tuple(words(sentence))


@dataclass(frozen=True)
class Vocabulary:
    """Word -> column in the bags of words, and inverse document frequencies for similarity."""

    index: dict[str, int]
    idf: dict[str, float]
    default_idf: float

    embedded: bool = False  # whether rows hold the sentence-embedding features

    @property
    def size(self) -> int:
        return len(self.index)

    @property
    def bags(self) -> int:
        """First column of the bags of words."""
        return DENSE + (EMBED_WIDTH if self.embedded else 0)

    def width(self) -> int:
        """Columns of a feature row: dense features, the embedding features (if used), then the claim's
        bag, then the statement's."""
        return self.bags + 2 * self.size

    @classmethod
    def build(cls, documents: Iterable[str], size: int, min_df: int = 3, embedded: bool = False) -> Vocabulary:
        df: Counter[str] = Counter()
        n = 0
        for doc in documents:
            n += 1
            df.update(set(words(doc)))
        idf = {w: math.log((n + 1) / (c + 1)) + 1.0 for w, c in df.items() if c >= min_df}
        common = [w for w, c in df.most_common() if c >= min_df and len(w) > 1][:size]
        return cls({w: i for i, w in enumerate(common)}, idf, math.log(n + 1) + 1.0, embedded)

    def weights(self, ws: Iterable[str]) -> dict[str, float]:
        tf = Counter(content(ws))
        return {w: c * self.idf.get(w, self.default_idf) for w, c in tf.items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b.get(w, 0.0) for w, v in a.items())
    return dot / math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))


def _near(ws: Sequence[str], targets: frozenset[str], anchors: set[str], window: int = 4,
          unless: frozenset[str] = frozenset()) -> int:
    """How many words of `targets` stand within `window` words of a word the claim shares (and not
    within two words before one of `unless`)."""
    hits = 0
    for i, w in enumerate(ws):
        if (w in targets and any(x in anchors for x in ws[max(0, i - window):i + window + 1])
                and not any(x in unless for x in ws[i + 1:i + 3])):
            hits += 1
    return hits


def _lexicon_counts(ws: Sequence[str]) -> dict[str, int]:
    """Cue words per lexicon. A negation of not answering ("would not comment", "did not respond")
    says nothing of the claim and is not counted as one."""
    counts = {k: sum(w in lex for w in ws) for k, lex in RELATION_CUES.items()}
    counts["negation"] -= sum(1 for i, w in enumerate(ws)
                              if w in _NEGATION and any(x in RELATION_CUES["no_answer"] for x in ws[i + 1:i + 3]))
    # "no truth to", "no evidence that", "no basis for": a refutation worded as a negated noun.
    counts["refute"] += sum(1 for i, w in enumerate(ws) if w in _NEGATION and any(x in TRUTH for x in ws[i + 1:i + 3]))
    return counts


def select(claim_weights: dict[str, float], statement: str, vocab: Vocabulary,
           keep: int = TOP_SENTENCES) -> tuple[list[str], list[float]]:
    """The statement's `keep` sentences most similar to the claim (in text order), and the similarity of
    every sentence, in text order."""
    sents = sentences(statement) or [statement]
    sims = [_cosine(claim_weights, vocab.weights(_sentence_words(s))) for s in sents]
    if len(sents) <= keep:
        return sents, sims
    best = sorted(sorted(range(len(sents)), key=lambda i: -sims[i])[:keep])
    return [sents[i] for i in best], sims


def embedding_features(claim_vec: np.ndarray, sentence_vecs: np.ndarray, stmt_lex: dict[str, int]) -> np.ndarray:
    """The EMBED_WIDTH embedding columns of a pair: the claim's vector against its statement's sentences'."""
    cos = sentence_vecs @ claim_vec
    order = np.sort(cos)[::-1]
    best = sentence_vecs[int(np.argmax(cos))]
    top = float(order[0])
    log1 = math.log1p
    scalars = [top, float(order[:TOP_SENTENCES].mean()), float(cos[0]), float(cos.mean()),
               top - float(order[1]) if len(order) > 1 else 0.0,
               log1(stmt_lex["refute"]) * top, log1(stmt_lex["negation"]) * top, log1(stmt_lex["hedge"]) * top]
    # Scaled so the product and difference columns weigh about as much as a dense feature (each of
    # 384 components of a unit vector is ~0.05).
    return np.concatenate([np.asarray(scalars, np.float32), claim_vec * best * 20.0,
                           np.abs(claim_vec - best) * 5.0]).astype(np.float32)


def featurize(claim: str, statement: str, vocab: Vocabulary,
              vectors: dict[str, np.ndarray] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(columns, values) of one pair's sparse feature row; `vectors` holds the unit vectors of the claim
    and of every sentence of the statement when the model uses embeddings."""
    cw = words(claim)
    c_weights = vocab.weights(cw)
    kept, sims = select(c_weights, statement, vocab)
    sw: list[str] = [w for s in kept for w in _sentence_words(s)]
    c_content, s_content = set(content(cw)), set(content(sw))
    shared = c_content & s_content
    per_sentence_cover = [len(c_content & set(_sentence_words(s))) / max(1, len(c_content)) for s in kept]
    c_bi = set(zip(cw, cw[1:]))
    s_bi = set(zip(sw, sw[1:]))
    c_num = {w for w in cw if w.isdigit()}
    s_num = {w for w in sw if w.isdigit()}
    sim_max = max(sims) if sims else 0.0
    top = sorted(sims, reverse=True)[:TOP_SENTENCES]
    c_lex = _lexicon_counts(cw)
    s_lex = _lexicon_counts(sw)
    best = _sentence_words(kept[max(range(len(kept)), key=lambda i: per_sentence_cover[i])]) if kept else ()
    b_lex = _lexicon_counts(best)
    c_neg = c_lex["refute"] + c_lex["negation"] > 0
    s_neg = s_lex["refute"] + s_lex["negation"] > 0
    neg_near = _near(sw, _NEGATION, shared, unless=RELATION_CUES["no_answer"])
    refute_near = _near(sw, RELATION_CUES["refute"], shared)
    log1 = math.log1p
    dense = [
        sim_max, sum(top) / len(top) if top else 0.0, sims[0] if sims else 0.0,
        max(per_sentence_cover, default=0.0), len(shared) / max(1, len(c_content)),
        len(c_bi & s_bi) / max(1, len(c_bi)),
        float(bool(c_num & s_num)), float(bool(c_num) and bool(s_num) and not (c_num & s_num)),
        log1(len(cw)) / 4, log1(len(sw)) / 5, log1(len(sims)) / 3,
        *(log1(c_lex[k]) for k in RELATION_CUES), *(log1(s_lex[k]) for k in RELATION_CUES),
        log1(neg_near), log1(refute_near),
        float(s_lex["negation"] > 0) - float(c_lex["negation"] > 0),
        float("?" in claim), float(any("?" in s for s in kept)),
        float(any(q in s for s in kept for q in "\"\u201c\u201d")),
        log1(s_lex["refute"]) * sim_max, log1(s_lex["negation"]) * sim_max, log1(s_lex["hedge"]) * sim_max,
        *(log1(b_lex[k]) for k in ("refute", "negation", "hedge", "support")),
        float(bool(sims) and sims.index(sim_max) == 0), log1(_near(sw, RELATION_CUES["hedge"], shared)),
        float(c_neg != s_neg),
        1.0,
    ]
    cols: dict[int, float] = {i: v for i, v in enumerate(dense) if v}
    if vocab.embedded:
        if vectors is None:
            raise ValueError("this vocabulary's rows hold embedding features: pass the vectors")
        sents = sentences(statement) or [statement]
        emb = embedding_features(vectors[claim], np.stack([vectors[x] for x in sents]), s_lex)
        cols.update((DENSE + i, float(v)) for i, v in enumerate(emb) if v)
    # Bags of words, each side scaled to unit length so long statements do not outweigh short ones.
    for offset, ws in ((vocab.bags, cw), (vocab.bags + vocab.size, sw)):
        tf = Counter(vocab.index[w] for w in ws if w in vocab.index)
        norm = math.sqrt(sum(c * c for c in tf.values())) or 1.0
        for j, c in tf.items():
            cols[offset + j] = c / norm
    idx = np.fromiter(cols.keys(), dtype=np.int32, count=len(cols))
    val = np.fromiter(cols.values(), dtype=np.float32, count=len(cols))
    return idx, val


@dataclass
class Rows:
    """Sparse rows (CSR without scipy): row i is columns indices[indptr[i]:indptr[i+1]]."""

    indptr: np.ndarray
    indices: np.ndarray
    values: np.ndarray

    def __len__(self) -> int:
        return len(self.indptr) - 1

    def take(self, rows: np.ndarray) -> Rows:
        starts, ends = self.indptr[rows], self.indptr[rows + 1]
        lengths = ends - starts
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        pos = np.repeat(starts - indptr[:-1], lengths) + np.arange(indptr[-1])
        return Rows(indptr, self.indices[pos], self.values[pos])


def is_short(statement: str) -> bool:
    """One sentence (a headline, a quote, an attribution's content), as opposed to a body of text."""
    return len(sentences(statement)) <= 1


def texts_to_embed(pairs: Sequence[tuple[str, str]]) -> list[str]:
    """Every text whose vector a pair's features need: claims and the statements' sentences."""
    out = dict.fromkeys(c for c, _ in pairs)
    for _, statement in pairs:
        out.update(dict.fromkeys(sentences(statement) or [statement]))
    return list(out)


def featurize_many(pairs: Sequence[tuple[str, str]], vocab: Vocabulary,
                   progress: object | None = None, embed: Embed | None = None) -> Rows:
    vectors: dict[str, np.ndarray] | None = None
    if vocab.embedded:
        if embed is None:
            raise ValueError("this vocabulary's rows hold embedding features: pass an encoder")
        texts = texts_to_embed(pairs)
        vectors = dict(zip(texts, embed(texts))) if texts else {}
    idx_parts, val_parts = [], []
    indptr = np.zeros(len(pairs) + 1, dtype=np.int64)
    for i, (claim, statement) in enumerate(pairs):
        idx, val = featurize(claim, statement, vocab, vectors)
        idx_parts.append(idx)
        val_parts.append(val)
        indptr[i + 1] = indptr[i] + len(idx)
        if progress is not None:
            progress.update(1)  # type: ignore[attr-defined]
    empty_i, empty_v = np.zeros(0, np.int32), np.zeros(0, np.float32)
    return Rows(indptr, np.concatenate(idx_parts) if idx_parts else empty_i,
                np.concatenate(val_parts) if val_parts else empty_v)


def dense(rows: Rows, width: int) -> np.ndarray:
    """Rows as a dense matrix: for a model without bags of words every row fills most of its columns."""
    out = np.zeros((len(rows), width), np.float32)
    row_of = np.repeat(np.arange(len(rows)), np.diff(rows.indptr))
    out[row_of, rows.indices] = rows.values
    return out
