"""Syndicated and lightly reworded copies, grouped into independent origins (MinHash/LSH, datasketch).

An article's origin is the id of the first stored article of its group: a wire story and every copy of
it (re-headlined, trimmed, with an outlet's boilerplate around it) share one origin; two reports of the
same event written apart do not. Copies are found by the overlap of word shingles: an LSH index over
MinHash signatures proposes candidates, and a candidate is a copy when the estimated *containment* of
the smaller shingle set in the larger reaches SAME_ORIGIN. Containment rather than Jaccard because a
copy trimmed to its first half shares half of the original's shingles but nearly all of its own.

Incremental: `Syndication.open(repo)` rebuilds the index from the stored signatures (and groups stored
articles that have none yet: an ingest killed between the two writes, or a database from before
origins existed); each new article then costs one signature and one LSH query. Thresholds and the
measured precision / recall are in the README (bench/syndication.py).
"""
from __future__ import annotations

import re
import struct
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from ..store import Repository
from ..store.story import ungrouped_texts

SHINGLE_WORDS = 4  # words per shingle
NUM_PERM = 128  # permutations per signature (512 bytes stored per article)
SEED = 1
SCHEME = "affine32"  # datasketch's permutation scheme: fixed, so stored signatures stay comparable
# LSH candidates: pairs whose Jaccard estimate is about this or more. Low, because a trimmed copy with
# boilerplate has a low Jaccard but a high containment; candidates are then checked one by one.
CANDIDATE_JACCARD = 0.15
# The LSH bands (b, r) datasketch's optimiser picks for that threshold over NUM_PERM permutations (equal
# weights on false positives and negatives), given rather than recomputed: the optimiser runs ~40 ms of
# scipy quadrature in compiled code, where a Ctrl-C can be lost.
LSH_BANDS = (51, 2)
# Estimated containment of the smaller article's shingles in the larger one's at which two articles
# are copies (measured on FNC-1 bodies and variants of them: bench/syndication.py).
SAME_ORIGIN = 0.5
# Fewer shingles than this: too short to tell a copy from a shared sentence; joins only a near-equal.
MIN_SHINGLES = 20
NEAR_EQUAL = 0.9

_WORD = re.compile(r"[^\W_]+")
_HEADER = struct.Struct("<4sHI")  # magic, permutations, number of shingles
_MAGIC = b"CLS1"


def shingles(text: str, k: int | None = None) -> set[bytes]:
    """The set of k-word shingles (default SHINGLE_WORDS) of `text`, lower-cased, punctuation ignored (a
    copy re-punctuated or with curly quotes made straight is the same text)."""
    k = k or SHINGLE_WORDS
    words = _WORD.findall(text.lower())
    if len(words) <= k:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i:i + k]).encode() for i in range(len(words) - k + 1)}


@dataclass(frozen=True)
class Signature:
    """A MinHash signature and the size of the shingle set it summarises (for containment)."""

    hashes: np.ndarray  # uint32, NUM_PERM values
    size: int

    def to_bytes(self) -> bytes:
        return _HEADER.pack(_MAGIC, len(self.hashes), self.size) + self.hashes.astype("<u4").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> Signature | None:
        """None for bytes this version did not write (they are then recomputed from the text)."""
        if len(data) < _HEADER.size:
            return None
        magic, perms, size = _HEADER.unpack_from(data)
        if magic != _MAGIC or perms != NUM_PERM or len(data) != _HEADER.size + 4 * perms:
            return None
        return cls(np.frombuffer(data, dtype="<u4", offset=_HEADER.size).astype(np.uint32), size)

    def minhash(self) -> LeanMinHash:
        return LeanMinHash(seed=SEED, hashvalues=self.hashes, scheme=SCHEME)


def signature(text: str) -> Signature:
    found = shingles(text)
    m = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    m.update_batch(list(found))
    return Signature(np.asarray(m.hashvalues, dtype=np.uint32), len(found))


def jaccard(a: Signature, b: Signature) -> float:
    return float(np.mean(a.hashes == b.hashes)) if a.size and b.size else 0.0


def containment(a: Signature, b: Signature) -> float:
    """Estimated share of the smaller set that is in the larger one: |A n B| = J (|A| + |B|) / (1 + J)."""
    j = jaccard(a, b)
    if not j:
        return 0.0
    return min(1.0, j * (a.size + b.size) / (1 + j) / min(a.size, b.size))


def same_origin(a: Signature, b: Signature) -> bool:
    """Whether two articles are copies of one another (see the module docstring)."""
    if min(a.size, b.size) < MIN_SHINGLES:
        return jaccard(a, b) >= NEAR_EQUAL
    return containment(a, b) >= SAME_ORIGIN


class Syndication:
    """An in-memory LSH index of grouped articles: `assign` gives a new article its origin."""

    def __init__(self) -> None:
        self._lsh = MinHashLSH(threshold=CANDIDATE_JACCARD, num_perm=NUM_PERM, params=LSH_BANDS)
        self._known: dict[str, tuple[str, Signature]] = {}  # article id -> (origin, signature)
        self._seen: int | None = None  # grouped articles in the store when this index was last in step

    def add(self, article_id: str, origin: str, sig: Signature) -> None:
        if article_id in self._known:
            return
        self._known[article_id] = (origin, sig)
        if sig.size:
            self._lsh.insert(article_id, sig.minhash(), check_duplication=False)

    def nearest(self, sig: Signature) -> tuple[str, str] | None:
        """(article id, origin) of the indexed copy that shares the most with `sig`; None if none does."""
        if not sig.size:
            return None
        best: tuple[float, float, str] | None = None
        for key in self._lsh.query(sig.minhash()):
            other = self._known[key][1]
            if same_origin(sig, other):
                score = (containment(sig, other), jaccard(sig, other), key)
                # Ties go to the smaller id, so the answer does not depend on the order of the index.
                if best is None or score[:2] > best[:2] or score[:2] == best[:2] and key < best[2]:
                    best = score
        return None if best is None else (best[2], self._known[best[2]][0])

    def assign(self, article_id: str, text: str) -> tuple[str, Signature]:
        """The origin of a new article (its nearest copy's, else its own id), now in the index too."""
        if article_id in self._known:
            return self._known[article_id][0], self._known[article_id][1]
        sig = signature(text)
        near = self.nearest(sig)
        origin = article_id if near is None else near[1]
        self.add(article_id, origin, sig)
        return origin, sig

    def group(self, repo: Repository, article_id: str, text: str) -> str:
        """Assign a stored article its origin and record it (`origins` row with the signature), in one
        transaction that holds the store's origin lock and first reads in what other processes grouped
        since (issue 20: two ingests at once group copies as if run in turn)."""
        with repo.grouping() as grouping:
            if (seen := grouping.fingerprint()) != self._seen:
                for other, origin, data in grouping.signatures_except(set(self._known)):
                    sig = Signature.from_bytes(data) if data is not None else None
                    if sig is not None:  # one written by an older version is recomputed when the store is opened
                        self.add(other, origin, sig)
            origin, sig = self.assign(article_id, text)
            grouping.save(article_id, origin, sig.to_bytes())
            self._seen = seen + 1
        return origin

    @classmethod
    def open(cls, repo: Repository) -> Syndication:
        """The index of everything `repo` holds; stored articles without an origin are grouped now,
        oldest ingest first (their origins are recorded)."""
        index = cls()
        stale: list[str] = []
        for article_id, origin, data in repo.signatures():
            sig = Signature.from_bytes(bytes(data)) if data is not None else None
            if sig is None:
                stale.append(article_id)
            else:
                index.add(article_id, origin, sig)
        for article_id, text in ungrouped_texts(repo, also=stale):
            index.group(repo, article_id, text)
        return index


def origins_of(texts: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Group (id, text) pairs in the order given, without a store: id -> origin id."""
    index = Syndication()
    return {article_id: index.assign(article_id, text)[0] for article_id, text in texts}
