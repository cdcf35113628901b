"""Issue 16: `eval clusters` reports the TF-IDF average-link baseline beside the model, each fitted on the
training folds only; and the model's clusters are merged by average link at the end, as a run merges its
story claims. Headlines written here (made-up stories)."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from typer.testing import CliRunner

from claimledger.across.cluster import ClusterParams, Clusterer, Mention, cluster_mentions
from claimledger.cli import app
from claimledger.embed import get_encoder
from claimledger.eval.clusters import average_link, baseline, baseline_threshold, bcubed, tfidf
from emergent import write_emergent

STORIES = {
    "bridge": ["Harlow bridge closed after cracks found in main span",
               "Cracks in main span shut Harlow bridge",
               "Engineers close Harlow bridge over span cracks",
               "Harlow bridge to stay shut while cracks are repaired"],
    "mayor": ["Mayor Ostrander resigns over housing fund inquiry",
              "Ostrander quits as mayor amid housing fund probe",
              "Housing fund inquiry forces Mayor Ostrander out"],
    "whale": ["Stranded whale freed from Corvin beach by volunteers",
              "Volunteers refloat whale stranded on Corvin beach",
              "Corvin beach whale rescued after eight hours"],
}


def _rows() -> tuple[list[str], list[str]]:
    texts = [t for story in STORIES.values() for t in story]
    gold = [name for name, story in STORIES.items() for _ in story]
    return texts, gold


def test_tfidf_rows_are_unit_length_and_weigh_rare_words_more() -> None:
    texts, _ = _rows()
    assert np.allclose(np.linalg.norm(tfidf(texts), axis=1), 1.0, atol=1e-5)
    assert np.allclose(tfidf(["", "a"]), 0.0)  # no word of two letters: a zero row, not a division by zero
    # scikit-learn's smoothed idf: "alpha" in all 3 texts weighs ln(4/4) + 1, "beta" in 1 weighs ln(4/2) + 1.
    row = tfidf(["alpha beta", "Alpha gamma", "alpha delta"])[0]  # columns: alpha, beta, delta, gamma
    expected = np.array([1.0, np.log(2) + 1, 0, 0])
    assert np.allclose(row, expected / np.linalg.norm(expected), atol=1e-6)


def test_baseline_threshold_is_fitted_on_the_mentions_given_and_clusters_by_average_link() -> None:
    texts, gold = _rows()
    threshold, scores = baseline_threshold(texts, gold)
    assert scores["f1"] == bcubed(baseline(texts, threshold), gold)["f1"]
    assert scores["f1"] >= bcubed(baseline(texts, 0.9), gold)["f1"]  # nothing joins at 0.9: every headline alone
    cuts = average_link(tfidf(texts), [0.01, 0.99])
    assert len(set(cuts[0.99])) == len(texts) and len(set(cuts[0.01])) < len(set(STORIES))


def test_clusters_split_when_placed_are_merged_by_average_link_and_others_stay_apart() -> None:
    texts, gold = _rows()
    vectors = get_encoder().encode(texts)
    mentions = [Mention(t, v) for t, v in zip(texts, vectors)]
    strict = ClusterParams(threshold=0.95, merge_threshold=0.40)  # placing alone joins nothing
    assert len(set(cluster_mentions(mentions, strict, merge=False))) == len(texts)
    clusterer = Clusterer(strict)
    clusterer.add_many(mentions)
    merged = clusterer.merge_all()
    assert merged and all(kept < absorbed for kept, absorbed, _ in merged)  # the older cluster is kept
    scores = bcubed(clusterer.labels(), gold)
    assert scores["precision"] == 1.0 and scores["recall"] > bcubed(list(range(len(texts))), gold)["recall"]


def test_eval_clusters_reports_the_baseline_beside_the_model(tmp_path: Path) -> None:
    path = write_emergent(tmp_path / "emergent.csv", STORIES)
    result = CliRunner().invoke(app, ["eval", "clusters", "--data", str(path), "--cv", "3", "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout.strip().splitlines()[-1])
    assert scores["baseline"]["fitted"] == "on the training folds" and 0 < scores["baseline"]["f1"] <= 1
    assert all("threshold" in f["baseline"] and "merge_threshold" in f for f in scores["per_fold"])
    shown = CliRunner().invoke(app, ["eval", "clusters", "--data", str(path)])
    assert shown.exit_code == 0, shown.output
    lines = shown.stdout.splitlines()
    assert any(line.startswith("model:") for line in lines)
    assert any(line.startswith("baseline:") and "TF-IDF average link" in line for line in lines)
