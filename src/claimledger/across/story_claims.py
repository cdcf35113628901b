"""Story claims on the store: each newly stored article's claims (and its title) join claims across articles,
and each of its attributions gets its relation to its story claim from the claim-relation model.

`StoryClaims(repo)` reads what the store holds once (every claim_links row: text, vector, story claim) into
a Clusterer without judging any of it again, then `join(ledger)` places one new article: its claims are
encoded, then, inside one transaction that holds the store's join lock (Repository.joining), the links
other processes saved since are read in, the claims are clustered incrementally, and the links and stances
are written (all or nothing: a kill leaves the article unjoined, and the next run joins it). A second
ingest run therefore joins new articles to the story claims earlier runs made, earlier links never change,
and two ingests at once place their articles one after another as if run in turn. The index is rebuilt
from the stored vectors when a run starts rather than saved beside the database: the vectors are the truth either way, and a saved index could go
stale against a database another process wrote (rebuild cost: see bench/clusters.py, "restore").

Not here: the entity guard needs the entities a claim involves, which the stored ledger does not give
(no NER outside the spaCy stages), so story claims are joined on vectors and words alone.
"""
from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..claims.relate import SIDES, RelationModel, get_relation_model
from ..embed import Encoder, from_bytes, get_encoder, to_bytes
from ..options import Options
from ..store import Repository
from ..store.repo import Join, Link, RelationRow
from ..store.tables import claim_links, story_claims
from ..text import declined, names_a_page
from .cluster import ClusterParams, Clusterer, Mention, mention_words

TITLE = "title"  # the claim id (and statement id) an article's title is stored under


@dataclass(frozen=True)
class Joined:
    """Where one article's claims went: its claim ids -> story claim ids, and which story claims are new."""

    article_id: str
    story_claims: dict[str, int]
    new: frozenset[int]
    relations: int  # statements whose relation to their story claim was recorded


class StoryClaims:
    """Joins stored articles to claims across articles, incrementally. Load once per run; not thread-safe."""

    def __init__(self, repo: Repository, options: Options | None = None, *, params: ClusterParams | None = None,
                 encoder: Encoder | None = None, relation: RelationModel | None = None,
                 without: Collection[str] = ()) -> None:
        """`without`: articles whose stored links are not read in (a re-analysis places them again)."""
        options = options or Options()
        self.repo = repo
        self.encoder = encoder or get_encoder(options)
        if relation is None and options.relation_across:
            relation = get_relation_model(options.relation_across, options)
        self.relation = relation
        self.clusterer = Clusterer(params, threads=options.threads)
        self._story_of: list[int] = []  # cluster number -> story claim id
        self._cluster_of: dict[int, int] = {}
        self._text: dict[int, str] = {}  # story claim id -> its text (the statement that started it)
        self._linked: set[str] = set()  # articles whose links are in the clusterer
        self._seen: tuple[int, int] | None = None  # the store's Join.fingerprint when last in step with it
        self._without = set(without)
        self._restore()

    def _restore(self) -> None:
        rows = [r for r in self.repo.table_rows(claim_links) if r["article_id"] not in self._without]
        # After the links: a story claim another process starts in between is then read too.
        self._text = {int(r["id"]): r["text"] for r in self.repo.table_rows(story_claims)}
        self._load(rows)

    def _load(self, rows: Sequence[Mapping[str, Any]]) -> None:
        """Add stored links to the clusterer as they were placed (story claims new to it become clusters)."""
        mentions: list[Mention] = []
        clusters: list[int] = []
        for row in rows:
            story = int(row["story_claim_id"])
            if story not in self._cluster_of:
                self._cluster_of[story] = len(self._story_of)
                self._story_of.append(story)
            mentions.append(Mention(row["text"], from_bytes(bytes(row["vector"]))))
            clusters.append(self._cluster_of[story])
            self._linked.add(row["article_id"])
        self.clusterer.restore(mentions, clusters)

    def _catch_up(self, join: Join) -> None:
        """Read in the links other processes saved since this one last looked (under the join lock)."""
        seen = join.fingerprint()
        if seen == self._seen:
            return
        new = join.linked_articles() - self._linked - self._without
        if new:
            rows = join.links_of(sorted(new))
            missing = {int(r["story_claim_id"]) for r in rows} - set(self._text)
            self._text.update(join.story_texts(sorted(missing)))
            self._load(rows)
        self._seen = seen

    def __len__(self) -> int:
        """Story claims known."""
        return len(self._story_of)

    def similar(self, text: str, k: int = 5) -> list[tuple[int, float]]:
        """The story claims nearest to a claim text, as (story claim id, score), best first: the score is the
        one a mention of this text would join with (see across.cluster), so >= the threshold means it would."""
        vector = self.encoder.encode([text])[0]
        ws = mention_words(text)
        _, rows = self.clusterer.index.search(vector, max(k * 4, self.clusterer.params.neighbours))
        clusters = dict.fromkeys(self.clusterer.assignments[r] for r in rows[0] if r >= 0)
        scored = [(self._story_of[c], self.clusterer.score(self.clusterer.clusters[c], vector, ws))
                  for c in clusters if c < len(self._story_of)]
        return sorted(scored, key=lambda x: -x[1])[:k]

    def join(self, ledger: Mapping[str, Any]) -> Joined:
        """Place one stored article (its claimledger.article/1 object) among the story claims and store the
        links and relations; an article placed before is placed again from scratch (its old rows replaced)."""
        article = ledger["article"]
        statements = [(c["id"], c["text"]) for c in ledger.get("claims", []) if c.get("text", "").strip()]
        title = (article.get("title") or "").strip()
        if names_a_page(title):  # "Live updates", "Body 1": no statement, never a story claim
            title = ""
        if title:
            statements.append((TITLE, title))
        vectors = self.encoder.encode([t for _, t in statements]) if statements else np.zeros((0, 0), np.float32)
        with self.repo.joining() as join:
            self._catch_up(join)
            joined = self._place(join, ledger, statements, vectors, title)
            self._seen = join.fingerprint()
        return joined

    def _place(self, join: Join, ledger: Mapping[str, Any], statements: Sequence[tuple[str, str]],
               vectors: np.ndarray, title: str) -> Joined:
        article_id = ledger["article"]["id"]
        placed: list[tuple[str, str, np.ndarray, int, float]] = []  # claim id, text, vector, cluster, score
        known = len(self._story_of)  # clusters numbered from here on are started by this article
        for (claim_id, text), vector in zip(statements, vectors):
            cluster, score = self.clusterer.place(Mention(text, vector))
            placed.append((claim_id, text, vector, cluster, score))
        starters: dict[int, str] = {}  # new cluster -> the claim id that started it
        for claim_id, _, _, cluster, _ in placed:
            if cluster >= known:
                starters.setdefault(cluster, claim_id)
        links, text_of = [], {}
        for claim_id, text, vector, cluster, score in placed:
            if cluster < known:
                story = self._story_of[cluster]
                links.append(Link(claim_id, text, to_bytes(vector), story, round(score, 4)))
                text_of[claim_id] = self._text[story]
            elif starters[cluster] == claim_id:  # starts a story claim: its id comes from the store
                links.append(Link(claim_id, text, to_bytes(vector)))
                text_of[claim_id] = text
            else:  # joins one this article started, in the same transaction
                first = starters[cluster]
                links.append(Link(claim_id, text, to_bytes(vector), None, round(score, 4), same_as=first))
                text_of[claim_id] = dict(statements)[first]
        relation_rows = self._stances(ledger, text_of, title)
        stored = join.save(article_id, links, relation_rows)
        self._without.discard(article_id)
        self._name(starters, stored, dict(statements))
        self._linked.add(article_id)
        return Joined(article_id, stored, frozenset(stored[c] for c in starters.values()), len(relation_rows))

    def _name(self, starters: Mapping[int, str], stored: Mapping[str, int], texts: Mapping[str, str]) -> None:
        """Record the story claim ids the store gave to the clusters this article started."""
        for cluster, claim_id in sorted(starters.items()):
            if cluster == len(self._story_of) and claim_id in stored:
                story = stored[claim_id]
                self._story_of.append(story)
                self._cluster_of[story] = cluster
                self._text.setdefault(story, texts[claim_id])

    def _stances(self, ledger: Mapping[str, Any], claim_text: Mapping[str, str], title: str) -> list[RelationRow]:
        """Each attribution's (and the title's) relation to its story claim.

        An attribution's side is the one its article's ledger gave it toward its own claim, which is the
        story claim's member: the ledger's rules read a denial worded without the claim's words ("There is
        no truth to the story") that the relation model calls unrelated, and the model's `denies` is not
        trusted to pick sides (claims/group.py). The model says whether a statement that does not deny
        supports or only discusses the claim, and leaves out one it finds unrelated (an article's claim
        groups its statements loosely: "the assault began when ..."). The title has only the model."""
        if self.relation is None:
            return []
        statements = [(a["id"], a["claim"], a["content"]["text"], a.get("stance"), a.get("probability"))
                      for a in ledger.get("attributions", [])
                      if a.get("claim") in claim_text and a["content"]["text"].strip()
                      and not declined(a["cue"]["text"] + " " + a["content"]["text"])]  # no answer, no side
        if title and TITLE in claim_text:
            statements.append((TITLE, TITLE, title, None, None))
        judgements = self.relation.relate_many([(claim_text[c], s) for _, c, s, _, _ in statements])
        rows = []
        for (statement_id, claim_id, sentence, stance, probability), judgement in zip(statements, judgements):
            if stance == "deny":  # the ledger's own probability for it where the model decided, else the model's
                if probability is None:
                    probability = round(float(judgement.probabilities.get("denies", 0.0)), 4)
                rows.append(RelationRow(statement_id, claim_id, "denies", probability, sentence))
                continue
            if judgement.relation == "unrelated" or (stance is None and judgement.relation not in SIDES):
                continue
            relation = "supports" if stance is not None and judgement.relation == "denies" else judgement.relation
            rows.append(RelationRow(statement_id, claim_id, relation,
                                  round(float(judgement.probabilities.get(relation, judgement.probability)), 4), sentence))
        return rows


def join_articles(repo: Repository, ledgers: Sequence[Mapping[str, Any]], options: Options | None = None) -> list[Joined]:
    """Join these stored articles to the story claims, in order (a convenience over StoryClaims)."""
    joiner = StoryClaims(repo, options)
    return [joiner.join(ledger) for ledger in ledgers]
