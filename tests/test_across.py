"""Claims across articles: the vector index, incremental clustering and its Emergent-format evaluation."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from claimledger.across.cluster import ClusterParams, Clusterer, Mention, cluster_mentions
from claimledger.across.index import EXACT_BELOW, VectorIndex
from claimledger.cli import app
from claimledger.embed import get_encoder
from claimledger.eval.clusters import bcubed
from emergent import write_emergent

# Three stories, each reported by several outlets in different words (written for these tests).
STORIES = {
    "gas": [
        "Ministry quietly asked Valdora for emergency gas shipments, officials say",
        "Officials: energy ministry sought emergency gas deliveries from neighbouring Valdora",
        "Government denies it begged Valdora for winter gas supplies",
        "Valdora was asked to rush emergency gas to its neighbour, according to two officials",
    ],
    "port": [
        "Harbour authority to shut Kessing port for three weeks over crane collapse",
        "Kessing port closure: cranes failed inspection, harbour chiefs confirm three-week shutdown",
        "Shipping lines reroute as Kessing harbour faces weeks-long closure",
    ],
    "coach": [
        "Striker Amadou Fofana says coach Lindqvist dropped him over contract row",
        "Lindqvist denies benching Fofana because of stalled contract talks",
        "Fofana claims contract dispute, not form, cost him his starting place under Lindqvist",
    ],
}


@pytest.fixture(scope="module")
def encoder():
    return get_encoder()


def _mentions(encoder) -> tuple[list[Mention], list[str]]:
    texts = [t for story in STORIES.values() for t in story]
    gold = [name for name, story in STORIES.items() for _ in story]
    # Interleave the stories, as articles arrive in a day's news.
    order = sorted(range(len(texts)), key=lambda i: (STORIES[gold[i]].index(texts[i]), gold[i]))
    vectors = encoder.encode([texts[i] for i in order])
    return [Mention(texts[i], v) for i, v in zip(order, vectors)], [gold[i] for i in order]


def test_bcubed_matches_a_hand_count() -> None:
    # Gold {a,a,b}; predicted {1,1,1}: precision per item 2/3, 2/3, 1/3 -> 5/9; recall 1, 1, 1.
    assert bcubed([1, 1, 1], ["a", "a", "b"]) == {"precision": 0.5556, "recall": 1.0, "f1": 0.7143}
    assert bcubed([1, 2, 3], ["a", "a", "b"])["recall"] == round((0.5 + 0.5 + 1) / 3, 4)
    assert bcubed(["x", "x", "y"], ["a", "a", "b"])["f1"] == 1.0


def test_reworded_reports_of_one_story_join_and_stories_stay_apart(encoder) -> None:
    mentions, gold = _mentions(encoder)
    labels = cluster_mentions(mentions)
    scores = bcubed(labels, gold)
    assert scores["precision"] == 1.0  # no two stories merged
    assert scores["recall"] >= 0.6, (labels, gold)  # most reports of a story found each other


def test_a_new_mention_joins_without_recomputing_earlier_ones(encoder) -> None:
    mentions, _ = _mentions(encoder)
    whole = Clusterer()
    labels = whole.add_many(mentions)
    # A second run restores the first part as stored and judges only the rest: the same clusters.
    cut = len(mentions) // 2
    resumed = Clusterer()
    resumed.restore(mentions[:cut], labels[:cut])
    assert resumed.add_many(mentions[cut:]) == labels[cut:]
    late = Mention("Two officials say the ministry asked Valdora for emergency gas",
                   encoder.encode(["Two officials say the ministry asked Valdora for emergency gas"])[0])
    before = list(resumed.assignments)
    joined = resumed.add(late)
    assert resumed.assignments[:-1] == before
    assert joined == labels[[m.text for m in mentions].index(STORIES["gas"][0])]


def test_entities_keep_apart_two_claims_worded_alike(encoder) -> None:
    texts = ["Militants behead captured reporter James Harlow in new video",
             "Militants behead captured reporter Daniel Ostrow in new video"]
    vectors = encoder.encode(texts)
    guarded = cluster_mentions([Mention(texts[0], vectors[0], frozenset({"james harlow"})),
                                Mention(texts[1], vectors[1], frozenset({"daniel ostrow"}))])
    assert guarded[0] != guarded[1]
    unguarded = cluster_mentions([Mention(t, v) for t, v in zip(texts, vectors)],
                                 ClusterParams(entity_guard=False))
    assert unguarded[0] == unguarded[1]  # the words alone would join them: the guard is what split them


def test_index_finds_nearest_rows_exact_then_as_a_graph_and_survives_save(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    vectors = rng.standard_normal((EXACT_BELOW + 300, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    index = VectorIndex()
    assert index.search(vectors[:1], 3)[1].tolist() == [[-1, -1, -1]]
    index.add(vectors[:100])
    assert index.exact
    assert index.search(vectors[:5], 1)[1][:, 0].tolist() == [0, 1, 2, 3, 4]
    for start in range(100, len(vectors), 500):
        index.add(vectors[start:start + 500])
    assert not index.exact and len(index) == len(vectors)
    probes = vectors[-50:] + 0.05 * rng.standard_normal((50, 384)).astype(np.float32)
    found = index.search(probes, 1)[1][:, 0]
    assert (found == np.arange(len(vectors) - 50, len(vectors))).mean() >= 0.95
    index.save(tmp_path / "claims.faiss")
    loaded = VectorIndex.load(tmp_path / "claims.faiss")
    assert len(loaded) == len(index)
    assert loaded.search(probes, 1)[1][:, 0].tolist() == found.tolist()
    rebuilt = VectorIndex.build(vectors)
    assert (rebuilt.search(probes, 1)[1][:, 0] == found).mean() >= 0.95


def test_eval_clusters_cli_cross_validates_over_claims(tmp_path: Path) -> None:
    path = write_emergent(tmp_path / "emergent.csv", STORIES)
    result = CliRunner().invoke(app, ["eval", "clusters", "--data", str(path), "--cv", "3", "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout.strip().splitlines()[-1])
    assert scores["mentions"] == 10 and scores["claims"] == 3 and len(scores["per_fold"]) == 3
    assert sum(f["mentions"] for f in scores["per_fold"]) == 10
    assert [f["fold"] for f in scores["per_fold"]] == [1, 2, 3]  # numbered as the progress lines number them
    assert 0 < scores["f1"] <= 1
    text = CliRunner().invoke(app, ["eval", "clusters", "--data", str(path), "--cv", "3"])
    assert "fold 1/3: F1" in text.stderr and "  fold 1/3: threshold" in text.stdout and "fold 0" not in text.stdout
    too_many = CliRunner().invoke(app, ["eval", "clusters", "--data", str(path), "--cv", "4"])
    assert too_many.exit_code == 1 and "E070" in too_many.output


def test_across_loads_without_spacy() -> None:
    import subprocess
    import sys

    code = ("import sys, claimledger.across.story_claims, claimledger.eval.clusters; "
            "print('spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
