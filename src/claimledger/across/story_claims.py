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

import hashlib
import logging
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np

from ..claims.relate import SIDES, RelationModel, get_relation_model
from ..embed import Encoder, from_bytes, get_encoder, to_bytes
from ..errors import E
from ..lexicon import BASE_FORMS, NEGATIONS, STOP
from ..model import ASKS, CONTINUES
from ..options import Options
from ..store import Repository
from ..store.repo import Join, Link, RelationRow
from ..store.story import last_merge
from ..store.tables import claim_links, story_claims
from ..text import content, declined, names_a_page, says_too_little, words
from .cluster import ClusterParams, Clusterer, Mention, mention_words
from .index import Key, VectorIndex, load_index, save_index

_log = logging.getLogger(__name__)  # E160 / E161 reach stderr without a handler (logging's last resort)
TITLE = "title"  # the claim id (and statement id) an article's title is stored under
# Two claims of opposite polarity state one proposition when the shorter's content words are mostly in the
# other ("Woods is serving a suspension" / "Woods is not serving a suspension"). Read on FNC-1 bodies:
# turning sides on the embedding join alone filed 270 of 747 denials, and 23 of 25 read were wrong
# ("It would not surprise me if they opened a restaurant" against "The dictator is eyeing Scotland").
SAME_SHARE = 0.6
SAME_WORDS = 2


@dataclass(frozen=True)
class Joined:
    """Where one article's claims went: its claim ids -> story claim ids, and which story claims are new."""

    article_id: str
    story_claims: dict[str, int]
    new: frozenset[int]
    relations: int  # statements whose relation to their story claim was recorded
    merged: tuple[tuple[int, int, float], ...] = ()  # (kept, absorbed, score) of the merges this join made


class StoryClaims:
    """Joins stored articles to claims across articles, incrementally. Load once per run; not thread-safe."""

    def __init__(self, repo: Repository, options: Options | None = None, *, params: ClusterParams | None = None,
                 encoder: Encoder | None = None, relation: RelationModel | None = None,
                 without: Collection[str] = (), index_path: Path | None = None) -> None:
        """`without`: articles whose stored links are not read in (a re-analysis places them again); a saved
        index holding them is then rebuilt without them."""
        options = options or Options()
        # Where the index is saved (None: nowhere, rebuilt each run): beside a SQLite file, or in
        # Options.story_index_dir (the way for PostgreSQL); see index_file.
        self.index_path = index_path if index_path is not None else index_file(repo, options)
        self.index_note: str | None = None  # why a saved index was not used, or could not be saved
        self._keys: list[Key] = []  # index row -> its claim_links key (article id, claim id)
        self._touched: set[int] = set()  # clusters the article being joined went to (merges look from them)
        self._merges_seen = 0
        self.repo = repo
        self.encoder = encoder or get_encoder(options)
        if relation is None and options.relation_across:
            relation = get_relation_model(options.relation_across, options)
        self.relation = relation
        self.clusterer = Clusterer(params, threads=options.threads)
        self._threads = options.threads
        self._unsaved = True  # rows the saved index lacks (False once it is loaded whole or saved)
        self._story_of: list[int] = []  # cluster number -> story claim id
        self._cluster_of: dict[int, int] = {}
        self._text: dict[int, str] = {}  # story claim id -> its text (the statement that started it)
        self._negated: set[int] = set()  # story claims whose text is negated ("X was not captured")
        self._linked: set[str] = set()  # articles whose links are in the clusterer
        self._seen: tuple[int, int, int] | None = None  # the store's Join.fingerprint when last in step with it
        self._without = set(without)
        self._restore()

    def _restore(self) -> None:
        self._merges_seen = last_merge(self.repo)  # before the links: a merge in between is applied twice, harmlessly
        rows = [r for r in self.repo.table_rows(claim_links) if r["article_id"] not in self._without]
        # After the links: a story claim another process starts in between is then read too.
        stored = list(self.repo.table_rows(story_claims))
        self._text = {int(r["id"]): r["text"] for r in stored}
        self._negated = {int(r["id"]) for r in stored if r.get("negated")}
        saved = self._saved(rows)
        if saved is not None:  # its rows first, in its order; the links stored since after them
            row_of = {(r["article_id"], r["claim_id"]): r for r in rows}
            indexed = set(saved[1])
            rows = [row_of[k] for k in saved[1]] + [r for r in rows if (r["article_id"], r["claim_id"]) not in indexed]
        self._load(rows, saved[0] if saved is not None else None)
        self.index_loaded = len(saved[1]) if saved is not None else 0  # rows taken from the saved index
        self._unsaved = saved is None or len(saved[1]) < len(rows)

    def _saved(self, rows: Sequence[Mapping[str, Any]]) -> tuple[VectorIndex, list[Key]] | None:
        """The saved index when it matches these stored links, else None (and index_note says why)."""
        if self.index_path is None:
            return None
        stored = {(r["article_id"], r["claim_id"]): bytes(r["vector"]) for r in rows}
        found = load_index(self.index_path, stored, threads=self._threads)
        if isinstance(found, str):
            if found != "none saved yet":
                self.index_note = E.E160.error(path=self.index_path, reason=found).args[0]
                _log.warning("%s", self.index_note)
            return None
        return found

    def _load(self, rows: Sequence[Mapping[str, Any]], index: VectorIndex | None = None) -> None:
        """Add stored links to the clusterer as they were placed (story claims new to it become clusters);
        `index`: a saved index holding the first rows' vectors."""
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
            self._keys.append((row["article_id"], row["claim_id"]))
        self.clusterer.restore(mentions, clusters, index=index)

    def _catch_up(self, join: Join) -> None:
        """Read in the links other processes saved since this one last looked (under the join lock)."""
        seen = join.fingerprint()
        if seen == self._seen:
            return
        new = join.linked_articles() - self._linked - self._without
        if new:
            rows = join.links_of(sorted(new))
            missing = {int(r["story_claim_id"]) for r in rows} - set(self._text)
            for story, (text, negated) in join.story_texts(sorted(missing)).items():
                self._text[story] = text
                if negated:  # sides toward it turn by its polarity (_place, _sides), as for this process's own
                    self._negated.add(story)
            self._load(rows)
        for absorbed, kept in join.merges_after(self._merges_seen):  # story claims another process merged
            self._merged(kept, absorbed)
        self._merges_seen = seen[2]
        self._seen = seen

    def _merged(self, kept: int, absorbed: int) -> None:
        """Make the story claim `absorbed` part of `kept` in memory (the store already says so)."""
        if absorbed not in self._cluster_of:
            return
        if kept not in self._cluster_of:  # only its new name is new here
            self._cluster_of[kept] = self._cluster_of[absorbed]
            self._story_of[self._cluster_of[kept]] = kept
        else:
            self.clusterer.merge(self._cluster_of[kept], self._cluster_of[absorbed])
        self._cluster_of[absorbed] = self.clusterer.root(self._cluster_of[kept])

    def _merge(self, join: Join, among: set[int]) -> list[tuple[int, int, float]]:
        """Merge the story claims that turned out to be one claim, looking from the clusters an article's
        statements went to (Clusterer.merges), each merge written and recorded in story_claim_merges in the
        article's join transaction (the younger story claim goes into the older); (kept, absorbed, score)
        per merge. In the join, not at the end of a run: the store after each article is then the same
        whether or not a run was killed and resumed. Rounds until none is left: a round takes a cluster
        into one merge at most, and a merged cluster may then reach a third."""
        done: list[tuple[int, int, float]] = []
        while pairs := self.clusterer.merges(among):
            for a, b, score in pairs:
                kept, absorbed = sorted((self._story_of[self.clusterer.root(a)], self._story_of[self.clusterer.root(b)]))
                join.merge(absorbed, kept, round(score, 4), sides=self._sides(absorbed, kept))
                self._merged(kept, absorbed)
                done.append((kept, absorbed, round(score, 4)))
        return done

    def _sides(self, absorbed: int, kept: int) -> Literal["turn", "keep", "discuss"]:
        """What merging story claim `absorbed` into `kept` does to its statements' sides (Join.merge)."""
        if (absorbed in self._negated) == (kept in self._negated):
            return "keep"
        negative, positive = (absorbed, kept) if absorbed in self._negated else (kept, absorbed)
        return polarity_sides(self._text.get(negative, ""), self._text.get(positive, ""))

    def _current(self, story: int) -> int:
        """The story claim a story claim id is part of now (itself unless merged)."""
        return self._story_of[self.clusterer.root(self._cluster_of[story])] if story in self._cluster_of else story

    def save(self) -> bool:
        """Save the index beside the store (see index_file) when it holds rows the saved one lacks; False when
        there is nowhere to save it or the folder refused (index_note says why: the next run rebuilds it)."""
        if self.index_path is None or not self._unsaved:
            return False
        try:
            save_index(self.clusterer.index, self._keys, self.index_path)
        except OSError as error:
            self.index_note = E.E161.error(path=self.index_path, detail=error.strerror or str(error)).args[0]
            _log.warning("%s", self.index_note)
            return False
        self._unsaved = False
        return True

    def finish(self) -> bool:
        """The end of a run: save the index (see save)."""
        return self.save()

    def __len__(self) -> int:
        """Story claims known."""
        return len(self._story_of)

    def similar(self, text: str, k: int = 5) -> list[tuple[int, float]]:
        """The story claims nearest to a claim text, as (story claim id, score), best first: the score is the
        one a mention of this text would join with (see across.cluster), so >= the threshold means it would."""
        vector = self.encoder.encode([text])[0]
        ws = mention_words(text)
        _, rows = self.clusterer.index.search(vector, max(k * 4, self.clusterer.params.neighbours))
        clusters = dict.fromkeys(self.clusterer.root(self.clusterer.assignments[r]) for r in rows[0] if r >= 0)
        scored = [(self._story_of[c], self.clusterer.score(self.clusterer.clusters[c], vector, ws))
                  for c in clusters if c < len(self._story_of)]
        return sorted(scored, key=lambda x: -x[1])[:k]

    def join(self, ledger: Mapping[str, Any]) -> Joined:
        """Place one stored article (its claimledger.article/1 object) among the story claims and store the
        links and relations; an article placed before is placed again from scratch (its old rows replaced)."""
        article = ledger["article"]
        statements = [(c["id"], c["text"]) for c in ledger.get("claims", []) if not says_too_little(c.get("text", ""))]
        negated = {c["id"] for c in ledger.get("claims", []) if c.get("negated")}
        title = (article.get("title") or "").strip()
        if names_a_page(title):  # "Live updates", "Body 1": no statement, never a story claim
            title = ""
        if title:
            statements.append((TITLE, title))
        vectors = self.encoder.encode([t for _, t in statements]) if statements else np.zeros((0, 0), np.float32)
        with self.repo.joining() as join:
            self._catch_up(join)
            self._touched = set()
            joined = self._place(join, ledger, statements, vectors, title, negated)
            if merged := self._merge(join, self._touched):
                joined = Joined(joined.article_id, {c: self._current(s) for c, s in joined.story_claims.items()},
                                frozenset(s for s in joined.new if self._current(s) == s), joined.relations,
                                tuple(merged))
            self._seen = join.fingerprint()
            self._merges_seen = self._seen[2]
        return joined

    def _place(self, join: Join, ledger: Mapping[str, Any], statements: Sequence[tuple[str, str]],
               vectors: np.ndarray, title: str, negated: set[str]) -> Joined:
        article_id = ledger["article"]["id"]
        placed: list[tuple[str, str, np.ndarray, int, float]] = []  # claim id, text, vector, cluster, score
        known = len(self._story_of)  # clusters numbered from here on are started by this article
        for (claim_id, text), vector in zip(statements, vectors):
            cluster, score = self.clusterer.place(Mention(text, vector))
            placed.append((claim_id, text, vector, cluster, score))
            self._keys.append((article_id, claim_id))
            self._touched.add(cluster)
            self._unsaved = True
        starters: dict[int, str] = {}  # new cluster -> the claim id that started it
        for claim_id, _, _, cluster, _ in placed:
            if cluster >= known:
                starters.setdefault(cluster, claim_id)
        links, text_of = [], {}
        turned: set[str] = set()
        unsided: set[str] = set()
        for claim_id, text, vector, cluster, score in placed:
            if cluster < known:
                story = self._story_of[cluster]
                links.append(Link(claim_id, text, to_bytes(vector), story, round(score, 4)))
                text_of[claim_id] = self._text[story]
                story_negated = story in self._negated
            elif starters[cluster] == claim_id:  # starts a story claim: its id comes from the store
                links.append(Link(claim_id, text, to_bytes(vector), negated=claim_id in negated))
                text_of[claim_id] = text
                story_negated = claim_id in negated
            else:  # joins one this article started, in the same transaction
                first = starters[cluster]
                links.append(Link(claim_id, text, to_bytes(vector), None, round(score, 4), same_as=first))
                text_of[claim_id] = dict(statements)[first]
                story_negated = first in negated
            if (claim_id in negated) != story_negated:
                negative, positive = (text, text_of[claim_id]) if claim_id in negated else (text_of[claim_id], text)
                sides = polarity_sides(negative, positive)
                if sides != "keep":
                    (turned if sides == "turn" else unsided).add(claim_id)
        relation_rows = self._stances(ledger, text_of, title, turned, unsided)
        stored = join.save(article_id, links, relation_rows)
        self._without.discard(article_id)
        self._name(starters, stored, dict(statements), negated)
        self._linked.add(article_id)
        return Joined(article_id, stored, frozenset(stored[c] for c in starters.values()), len(relation_rows))

    def _name(self, starters: Mapping[int, str], stored: Mapping[str, int], texts: Mapping[str, str],
              negated: set[str]) -> None:
        """Record the story claim ids the store gave to the clusters this article started."""
        for cluster, claim_id in sorted(starters.items()):
            if cluster == len(self._story_of) and claim_id in stored:
                story = stored[claim_id]
                self._story_of.append(story)
                self._cluster_of[story] = cluster
                self._text.setdefault(story, texts[claim_id])
                if claim_id in negated:
                    self._negated.add(story)

    def _stances(self, ledger: Mapping[str, Any], claim_text: Mapping[str, str], title: str,
                 turned: set[str], unsided: set[str]) -> list[RelationRow]:
        """Each attribution's (and the title's) relation to its story claim.

        An attribution's side is the one its article's ledger gave it toward its own claim, which is the
        story claim's member: the ledger's rules read a denial worded without the claim's words ("There is
        no truth to the story") that the relation model calls unrelated, and the model's `denies` is not
        trusted to pick sides (claims/group.py). The model says whether a statement that does not deny
        supports or only discusses the claim, and leaves out one it finds unrelated (an article's claim
        groups its statements loosely: "the assault began when ..."). The title has only the model.

        A statement that only continues the one before it (its speaker's next sentence) is not filed again:
        its predecessor gives the side, and its own words, read against the story claim, rarely bear on it
        (on FNC-1 bodies three in four such denials filed were unrelated sentences).

        A claim in `turned` states the opposite of its story claim ("Rosenberg was not captured" joined to
        "Rosenberg was captured": sentence embeddings barely tell them apart), so its supporters deny the
        story claim and its deniers support it. A claim in `unsided` is of the other polarity and says
        something else ("It would not surprise me if ..." joined to "The dictator is eyeing Scotland"): its
        statements only discuss the story claim. A question takes no side."""
        if self.relation is None:
            return []
        continuing = {w["attribution"] for c in ledger.get("claims", []) for w in c.get("why", [])
                      if w.get("reason") in (CONTINUES, ASKS)}
        statements = [(a["id"], a["claim"], a["content"]["text"], a.get("stance"), a.get("probability"))
                      for a in ledger.get("attributions", [])
                      if a.get("claim") in claim_text and a["content"]["text"].strip() and a["id"] not in continuing
                      and not declined(a["cue"]["text"] + " " + a["content"]["text"])]  # no answer, no side
        if title and TITLE in claim_text:
            statements.append((TITLE, TITLE, title, None, None))
        judgements = self.relation.relate_many([(claim_text[c], s) for _, c, s, _, _ in statements])
        rows = []
        for (statement_id, claim_id, sentence, stance, probability), judgement in zip(statements, judgements):
            if stance == "deny":  # the ledger's own probability for it where the model decided, else the model's
                if probability is None:
                    probability = round(float(judgement.probabilities.get("denies", 0.0)), 4)
                rows.append(RelationRow(statement_id, claim_id, _side("denies", claim_id, turned, unsided), probability,
                                        sentence))
                continue
            if judgement.relation == "unrelated" or (stance is None and judgement.relation not in SIDES):
                continue
            relation = "supports" if stance is not None and judgement.relation == "denies" else judgement.relation
            probability = round(float(judgement.probabilities.get(relation, judgement.probability)), 4)
            rows.append(RelationRow(statement_id, claim_id, _side(relation, claim_id, turned, unsided), probability,
                                    sentence))
        return rows


def _side(relation: str, claim_id: str, turned: set[str], unsided: set[str]) -> str:
    """The relation toward the story claim of a statement's relation toward its article claim: turned for
    a claim stating the opposite, no side for one of the other polarity saying something else."""
    if claim_id in unsided and relation in ("supports", "denies"):
        return "discusses"
    if claim_id not in turned:
        return relation
    return {"supports": "denies", "denies": "supports"}.get(relation, relation)


def polarity_sides(negative: str, positive: str) -> Literal["turn", "keep", "discuss"]:
    """For a claim flagged negated and one flagged not, what the sides of one become toward the other:
    "keep" when both have as many negations (one wording parsed two ways: syndicated copies of a quote),
    "turn" when they state one proposition, else "discuss"."""
    if _negations(negative) <= _negations(positive):
        return "keep"
    return "turn" if same_proposition(negative, positive) else "discuss"


def same_proposition(negative: str, positive: str) -> bool:
    """Whether a claim stated negatively and one stated positively state one proposition: the word its
    negation bears on is in the other ("was not [captured]" / "was captured", "is not [dead]" / "found
    dead", not "did not [sink]" / "ran aground"), and most of the shorter's content words are shared."""
    said, other = words(negative), _stems(words(positive))
    at = next((i for i, w in enumerate(said) if w in NEGATIONS), None)
    negated = next((w for w in said[at + 1:] if w not in STOP and w not in NEGATIONS), None) if at is not None else None
    if negated is None or _stem(negated) not in other:
        return False
    x, y = _stems(content(said)), _stems(content(words(positive)))
    shared = len(x & y)
    return shared >= SAME_WORDS and shared >= SAME_SHARE * min(len(x), len(y))


def _negations(text: str) -> int:
    return sum(1 for w in words(text) if w in NEGATIONS)


def _stem(word: str) -> str:
    """ "failed", "failing" and "fails" as one word, "sank" as "sink"; enough to compare two claims' words."""
    if word in BASE_FORMS:
        return BASE_FORMS[word]
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[:-len(suffix)]
    return word


def _stems(ws: Sequence[str]) -> set[str]:
    return {_stem(w) for w in ws}


def index_file(repo: Repository, options: Options) -> Path | None:
    """Where a store's story-claim index is saved: in Options.story_index_dir when given, named by the store's
    URL (its password left out), else beside a SQLite file ("news.db" -> "news.db-story-index.faiss"); None
    for PostgreSQL without story_index_dir (the index is then rebuilt each run) and an in-memory store.

    Why a path for PostgreSQL and not a table: the saved part is faiss' graph (the vectors are already in
    claim_links), a process-local structure of 162 MiB at 100k mentions that faiss reads from a file; pulled
    through the database at each run start it would cost as much as reading the vectors, and bytea stops at
    1 GB (about 600k mentions). Each machine that ingests keeps its own copy, checked against the same store."""
    if options.story_index_dir:
        url = repo.engine.url.render_as_string(hide_password=True)
        return Path(options.story_index_dir) / f"story-index-{hashlib.sha256(url.encode()).hexdigest()[:16]}.faiss"
    database = repo.engine.url.database if repo.dialect == "sqlite" else None
    if not database or database == ":memory:":
        return None
    path = Path(database)
    return path.with_name(path.name + "-story-index.faiss")


def join_articles(repo: Repository, ledgers: Sequence[Mapping[str, Any]], options: Options | None = None) -> list[Joined]:
    """Join these stored articles to the story claims, in order (a convenience over StoryClaims)."""
    joiner = StoryClaims(repo, options)
    return [joiner.join(ledger) for ledger in ledgers]
