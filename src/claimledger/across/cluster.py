"""Incremental clustering of claim mentions: statements that state the same proposition join one claim.

A mention is a text, its unit sentence vector and the named entities it involves. Each new mention is
compared with the clusters of its nearest earlier mentions (an approximate-nearest-neighbour index over
mention vectors) by a score that mixes
  - the cosine of its vector to the cluster's centroid (the mean of its members' vectors), and
  - word evidence: how much of the mention's rare-word weight (idf, counted as mentions arrive) the
    cluster's members share ("Quarter Pounder", "Sotloff" carry a story; "report", "new" do not);
it joins the best cluster when the score reaches `threshold`, else starts a new one. Entities guard the
join: a mention that names people or organisations, none of which the cluster has seen, does not join a
cluster that has names of its own (two beheadings by the same group are two claims).

Nothing is recomputed for earlier mentions: a cluster keeps running sums (vector sum, word and entity
counts), so adding a mention costs one index query and a few dictionary look-ups, whatever the history.
Pure: vectors and texts in, cluster numbers out; the store integration (across.story_claims) persists them.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..text import content, words
from .index import VectorIndex


@dataclass(frozen=True)
class Mention:
    text: str
    vector: np.ndarray  # unit length (embed.get_encoder().encode)
    entities: frozenset[str] = frozenset()  # normalised names of the people / organisations / places involved


@dataclass(frozen=True)
class ClusterParams:
    """Tuned by grouped cross-validation on Emergent (`claimledger eval clusters --cv 5`)."""

    threshold: float = 0.44  # join when the score reaches this
    word_weight: float = 0.35  # share of the score from word evidence (the rest: vector similarity)
    # Vector similarity to a cluster: this share from its centroid, the rest from its nearest member (an
    # online clustering cannot merge two clusters later, so a close member might bridge a loose centroid;
    # on Emergent half-and-half lost 0.016 F1 to the centroid alone at the best threshold, hence 1.0).
    centroid_weight: float = 1.0
    neighbours: int = 20  # nearest earlier mentions whose clusters are candidates
    entity_guard: bool = True


@dataclass
class _Cluster:
    vector_sum: np.ndarray
    size: int = 0
    words: Counter[str] = field(default_factory=Counter)  # word -> members holding it
    entities: Counter[str] = field(default_factory=Counter)

    def centroid_cosine(self, vector: np.ndarray) -> float:
        norm = float(np.linalg.norm(self.vector_sum))
        return float(self.vector_sum @ vector) / norm if norm else 0.0


def mention_words(text: str) -> frozenset[str]:
    """The content words a mention is compared by (lower case, stop words and negations dropped)."""
    return frozenset(content(words(text)))


class Clusterer:
    """Mentions in, cluster numbers out (0, 1, 2... in order of creation), one mention at a time."""

    def __init__(self, params: ClusterParams | None = None, *, threads: int = 1) -> None:
        self.params = params or ClusterParams()
        self.index = VectorIndex(threads=threads)
        self.assignments: list[int] = []  # index row (mention number) -> cluster
        self.clusters: list[_Cluster] = []
        self._df: Counter[str] = Counter()  # word -> mentions holding it, for idf
        self._mentions = 0

    def __len__(self) -> int:
        return len(self.clusters)

    def add(self, mention: Mention) -> int:
        """The cluster the mention joins (or starts); the mention is recorded either way."""
        return self.place(mention)[0]

    def place(self, mention: Mention) -> tuple[int, float]:
        """As `add`, with the score of the cluster joined (that of the best candidate when it starts one)."""
        vector = np.asarray(mention.vector, dtype=np.float32)
        ws = mention_words(mention.text)
        best, score = self.best(vector, ws, mention.entities)
        if best is None or score < self.params.threshold:
            best = len(self.clusters)
            self.clusters.append(_Cluster(np.zeros_like(vector)))
        self._record(best, vector, ws, mention.entities)
        return best, score

    def add_many(self, mentions: Iterable[Mention]) -> list[int]:
        return [self.add(m) for m in mentions]

    def restore(self, mentions: Sequence[Mention], clusters: Sequence[int]) -> None:
        """Load earlier mentions with the clusters they were given (from the store) without judging them
        again; cluster numbers must be 0..n-1 as `add` handed them out."""
        for mention, cluster in zip(mentions, clusters, strict=True):
            while cluster >= len(self.clusters):
                self.clusters.append(_Cluster(np.zeros(len(mention.vector), np.float32)))
            self._record(cluster, np.asarray(mention.vector, np.float32), mention_words(mention.text),
                         mention.entities, index=False)
        if mentions:  # one batch: faiss builds the graph faster than vector by vector
            self.index.add(np.stack([np.asarray(m.vector, np.float32) for m in mentions]))

    def best(self, vector: np.ndarray, ws: frozenset[str], entities: frozenset[str] = frozenset(),
             ) -> tuple[int | None, float]:
        """The best cluster for a mention and its score (None, 0.0 when there is no candidate)."""
        if not self.clusters:
            return None, 0.0
        sims, rows = self.index.search(vector, self.params.neighbours)
        nearest: dict[int, float] = {}  # candidate cluster -> similarity of its nearest member
        for sim, row in zip(sims[0], rows[0]):
            if row >= 0:
                c = self.assignments[row]
                nearest[c] = max(nearest.get(c, -1.0), float(sim))
        best, best_score = None, -math.inf
        for c in sorted(nearest):
            if self.params.entity_guard and self._entities_clash(self.clusters[c], entities):
                continue
            score = self.score(self.clusters[c], vector, ws, nearest[c])
            if score > best_score:
                best, best_score = c, score
        return best, (best_score if best is not None else 0.0)

    def score(self, cluster: _Cluster, vector: np.ndarray, ws: frozenset[str], nearest: float | None = None) -> float:
        """How well a mention (vector, words) fits a cluster; `nearest` is the similarity of the cluster's
        nearest member (None: the centroid stands in for it)."""
        w, a = self.params.word_weight, self.params.centroid_weight
        centroid = cluster.centroid_cosine(vector)
        similarity = a * centroid + (1 - a) * (centroid if nearest is None else nearest)
        return (1 - w) * similarity + w * self._word_share(cluster, ws)

    def _word_share(self, cluster: _Cluster, ws: frozenset[str]) -> float:
        """Share of the mention's idf-squared word weight that the cluster's members hold, each word
        weighted by the fraction of members holding it."""
        total = held = 0.0
        for word in ws:
            weight = self._idf(word) ** 2
            total += weight
            held += weight * cluster.words.get(word, 0) / cluster.size
        return held / total if total else 0.0

    def _idf(self, word: str) -> float:
        return math.log((self._mentions + 1) / (self._df.get(word, 0) + 1)) + 1.0

    @staticmethod
    def _entities_clash(cluster: _Cluster, entities: frozenset[str]) -> bool:
        return bool(entities) and bool(cluster.entities) and not any(e in cluster.entities for e in entities)

    def _record(self, cluster: int, vector: np.ndarray, ws: frozenset[str], entities: frozenset[str],
                index: bool = True) -> None:
        c = self.clusters[cluster]
        c.vector_sum = c.vector_sum + vector
        c.size += 1
        c.words.update(ws)
        c.entities.update(entities)
        self._df.update(ws)
        self._mentions += 1
        if index:
            self.index.add(vector)
        self.assignments.append(cluster)


def cluster_mentions(mentions: Sequence[Mention], params: ClusterParams | None = None) -> list[int]:
    """Cluster numbers for mentions taken in order (a fresh Clusterer)."""
    return Clusterer(params).add_many(mentions)
