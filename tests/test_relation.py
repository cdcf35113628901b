"""The claim-relation model as shipped, its harnesses, and the grouped splits they rely on.

Every pair and CSV here is written for these tests (no text from ../shared/data)."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimledger.claims.relate import RELATIONS, Judgement, get_relation_model
from claimledger.cli import app
from claimledger.errors import ClaimledgerError
from claimledger.eval.relation import class_scores, fnc_score
from claimledger.eval.stance_data import assign_folds, crossing_texts, read_emergent, read_fnc1, split

runner = CliRunner()

CLAIM = "The port authority will close the container terminal at Halvering for six months from March"
SUPPORTS = ("The container terminal at Halvering is to shut for six months starting in March, the port "
            "authority confirmed on Monday.")
DENIES = ("The port authority denied reports that the Halvering container terminal would close, calling the "
          "story false.")
DISCUSSES = ("Local media reported that the Halvering container terminal may close for six months, citing "
             "unnamed sources.")
UNRELATED = "A late goal from the visiting side settled the derby in front of a crowd of 40,000 on Saturday."


@pytest.fixture(scope="module", params=["features", "cross"])
def model(request):  # type: ignore[no-untyped-def]
    # Both shipped models: the feature model (the article ledger's) and the cross-encoder on top of it
    # (the cross-article ledger's and track's).
    return get_relation_model(request.param)


def test_shipped_model_tells_the_four_relations_apart(model) -> None:  # type: ignore[no-untyped-def]
    got = model.relate_many([(CLAIM, SUPPORTS), (CLAIM, DENIES), (CLAIM, DISCUSSES), (CLAIM, UNRELATED)])
    assert [j.relation for j in got] == ["supports", "denies", "discusses", "unrelated"]
    for j in got:
        assert isinstance(j, Judgement)
        assert set(j.probabilities) == set(RELATIONS)
        assert abs(sum(j.probabilities.values()) - 1) < 1e-3
        assert j.probability == max(j.probabilities.values())


def test_denial_without_a_denial_verb_and_a_contradiction(model) -> None:  # type: ignore[no-untyped-def]
    claim = "Rebels seized two hundred rifles from the army depot at Kessa"
    pairs = [(claim, "There is no truth to the claim that rebels took rifles from the Kessa depot, the army said."),
             (claim, "The story that rebels seized rifles at Kessa is a hoax, the defence ministry said.")]
    assert [j.relation for j in model.relate_many(pairs)] == ["denies", "denies"]


def test_a_long_statement_is_judged_on_its_best_matching_sentences(model) -> None:  # type: ignore[no-untyped-def]
    filler = " ".join(f"Traffic on ring road {i} was light in the morning." for i in range(12))
    near = model.relate_many([(CLAIM, DENIES)])[0]
    far = model.relate_many([(CLAIM, filler + " " + DENIES + " " + filler)])[0]
    assert far.relation == near.relation == "denies"


def test_hearsay_discusses(model) -> None:  # type: ignore[no-untyped-def]
    statement = "Rumours are spreading that the port authority could shut the Halvering terminal from March."
    assert model.relate_many([(CLAIM, statement)])[0].relation == "discusses"


def test_a_report_with_a_refusal_to_comment_discusses(model) -> None:  # type: ignore[no-untyped-def]
    statement = ("Dock workers say they have heard the Halvering terminal could close for months; the port "
                 "authority would not comment.")
    assert model.relate_many([(CLAIM, statement)])[0].relation == "discusses"


def test_a_claim_longer_than_the_window_is_judged(model) -> None:  # type: ignore[no-untyped-def]
    # A story claim can be a long quote: the cross-encoder's window (96 word pieces) must cut it, not fail.
    long_claim = CLAIM + ", " + ", ".join(f"and the dredging of berth {i} will be put off" for i in range(40))
    got = model.relate_many([(long_claim, SUPPORTS), (long_claim, long_claim)])
    assert len(got) == 2 and all(abs(sum(j.probabilities.values()) - 1) < 1e-3 for j in got)


def test_no_pairs_no_work(model) -> None:  # type: ignore[no-untyped-def]
    assert model.relate_many([]) == []


def test_unknown_relation_model_is_a_numbered_error() -> None:
    with pytest.raises(ClaimledgerError) as info:
        get_relation_model("oracle")
    assert info.value.code == "E001"


def test_old_relation_model_name_is_the_feature_model_with_a_warning() -> None:
    with pytest.warns(DeprecationWarning, match="'model' is deprecated: use 'features'"):
        old = get_relation_model("model")
    pair = [(CLAIM, SUPPORTS)]
    assert old.relate_many(pair) == get_relation_model("features").relate_many(pair)


def test_fnc_score_counts_relatedness_and_the_exact_class() -> None:
    gold = ["agree", "disagree", "unrelated", "discuss"]
    # related right + class right (1.0), related right + class wrong (0.25), unrelated right (0.25),
    # related called unrelated (0): 1.5 of a best 3.25.
    pred = ["agree", "discuss", "unrelated", "unrelated"]
    assert fnc_score(gold, pred) == round(100 * 1.5 / 3.25, 2)
    scores = class_scores(gold, pred, ("agree", "disagree", "discuss", "unrelated"))
    assert scores["accuracy"] == 0.5
    assert scores["f1"]["agree"] == 1.0 and scores["f1"]["disagree"] == 0.0


# --- harnesses on CSVs written here -------------------------------------------------------------

EMERGENT_ROWS = [
    # claimHeadline, articleHeadline, stance, claimId
    (CLAIM, "Halvering container terminal to close for six months, port authority confirms", "for", "c1"),
    (CLAIM, "Port authority denies Halvering terminal closure story as false", "against", "c1"),
    (CLAIM, "Halvering terminal may shut for months, say unconfirmed reports", "observing", "c1"),
    ("A zoo keeper in Marrow taught a parrot to order groceries online",
     "Parrot taught to order groceries online by Marrow zoo keeper", "for", "c2"),
    ("A zoo keeper in Marrow taught a parrot to order groceries online",
     "Zoo says the online-shopping parrot story is a hoax", "against", "c2"),
    ("A zoo keeper in Marrow taught a parrot to order groceries online",
     "Parrot reportedly ordered groceries online, according to posts", "observing", "c2"),
]


def write_emergent(path: Path, rows: list[tuple[str, str, str, str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "claimHeadline", "articleHeadline", "articleHeadlineStance", "articleId", "claimId"])
        for i, (c, h, s, cid) in enumerate(rows):
            w.writerow([i, c, h, s, f"a{i}", cid])
    return path


def write_fnc1(tmp: Path) -> tuple[Path, Path]:
    bodies = tmp / "bodies.csv"
    stances = tmp / "stances.csv"
    with open(bodies, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Body ID", "articleBody"])
        w.writerow([1, "The port authority said on Monday it would close the Halvering container terminal for six "
                       "months from March. Repairs to the quay walls are overdue.\n\nShipping lines were told last week."])
        w.writerow([2, "A parrot at the Marrow zoo has not ordered anything online. Keepers said the viral story "
                       "was fabricated and that the bird cannot use a tablet."])
    with open(stances, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Headline", "Body ID", "Stance"])
        w.writerow(["Halvering container terminal to close for six months", 1, "agree"])
        w.writerow(["Zoo parrot orders groceries online", 2, "disagree"])
        w.writerow(["Zoo parrot orders groceries online", 1, "unrelated"])
        w.writerow(["Halvering container terminal to close for six months", 2, "unrelated"])
    return bodies, stances


def test_eval_emergent_json_keys_and_table(tmp_path: Path) -> None:
    data = write_emergent(tmp_path / "em.csv", EMERGENT_ROWS)
    result = runner.invoke(app, ["eval", "emergent", "--data", str(data), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert {"accuracy", "macro_f1", "f1"} <= set(scores)
    assert set(scores["f1"]) == {"for", "against", "observing"}
    assert scores["pairs"] == len(EMERGENT_ROWS)
    table = runner.invoke(app, ["eval", "emergent", "--data", str(data)])
    assert table.exit_code == 0 and "macro-F1" in table.stdout and "observing" in table.stdout


def test_eval_fnc1_json_keys(tmp_path: Path) -> None:
    bodies, stances = write_fnc1(tmp_path)
    result = runner.invoke(app, ["eval", "fnc1", "--bodies", str(bodies), "--stances", str(stances), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert {"score", "accuracy", "macro_f1", "f1"} <= set(scores)
    assert set(scores["f1"]) == {"agree", "disagree", "discuss", "unrelated"}
    assert 0 <= scores["score"] <= 100
    # The two unrelated pairs share no words with their bodies: the shipped model gets them.
    assert scores["confusion"]["unrelated"]["unrelated"] == 2


def test_eval_with_a_bad_label_is_a_numbered_error(tmp_path: Path) -> None:
    data = write_emergent(tmp_path / "bad.csv", [(CLAIM, "Terminal closes", "maybe", "c1")])
    result = runner.invoke(app, ["eval", "emergent", "--data", str(data), "--json"])
    assert result.exit_code == 1 and "E036" in result.output


def test_cross_validation_trains_per_fold_on_a_small_file(tmp_path: Path) -> None:
    rows = [(f"{c} number {k}", f"{h} number {k}", s, f"{cid}-{k}") for k in range(4) for c, h, s, cid in EMERGENT_ROWS]
    data = write_emergent(tmp_path / "em.csv", rows)
    result = runner.invoke(app, ["eval", "emergent", "--data", str(data), "--cv", "2", "--model", "features", "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["folds"] == 2 and scores["mode"] == "grouped cross-validation" and scores["model"] == "features"
    assert scores["tested"] == len(rows) and scores["left_out"] == 0


def test_cross_validating_the_cross_encoder_without_torch_says_where_to_run_it(tmp_path: Path) -> None:
    try:
        import torch  # noqa: F401
    except ImportError:
        pass
    else:
        pytest.skip("the training environment can fine-tune per fold")
    rows = [(f"{c} number {k}", f"{h} number {k}", s, f"{cid}-{k}") for k in range(2) for c, h, s, cid in EMERGENT_ROWS]
    data = write_emergent(tmp_path / "em.csv", rows)
    result = runner.invoke(app, ["eval", "emergent", "--data", str(data), "--cv", "2"])
    assert result.exit_code == 1 and "E096" in result.output and "make train-venv" in result.output
    assert "Traceback" not in result.output


def test_more_folds_than_groups_is_a_numbered_error(tmp_path: Path) -> None:
    data = write_emergent(tmp_path / "em.csv", EMERGENT_ROWS)
    result = runner.invoke(app, ["eval", "emergent", "--data", str(data), "--cv", "3"])
    assert result.exit_code == 1 and "E039" in result.output


# --- grouped splits -------------------------------------------------------------------------------

def test_grouped_folds_share_no_headline_across_datasets(tmp_path: Path) -> None:
    bodies, stances = write_fnc1(tmp_path)
    # The Emergent file repeats an FNC-1 headline under its own claim: the two must land in one fold.
    rows = EMERGENT_ROWS + [("A ferry operator will cut winter sailings", "Ferry operator cuts winter sailings",
                             "for", "c3"),
                            ("A ferry operator will cut winter sailings", "Halvering container terminal to close "
                             "for six months", "observing", "c3")]
    pairs = read_fnc1(bodies, stances) + read_emergent(write_emergent(tmp_path / "em.csv", rows))
    fold_of = assign_folds(pairs, 2)
    fnc_headline = next(p for p in pairs if p.dataset == "fnc1" and p.relation == "supports")
    ferry = next(p for p in pairs if p.dataset == "emergent" and "ferry" in p.claim.lower())
    assert fold_of[fnc_headline.texts[0]] == fold_of[ferry.texts[0]]
    tested = set()
    for k in range(2):
        train, test = split(pairs, fold_of, k)
        assert crossing_texts(pairs, train, test) == set()
        headlines = {t for i in test for t in pairs[i].texts if t.startswith("h:")}
        assert not headlines & {t for i in train for t in pairs[i].texts}
        tested |= set(test)
    related = {i for i, p in enumerate(pairs) if p.relation != "unrelated"}
    assert related <= tested  # every related pair is tested once; only fold-joining unrelated pairs may not be


def test_a_missing_cross_encoder_is_a_numbered_error(tmp_path: Path) -> None:
    from claimledger.claims.relation_cross import CrossRelationModel

    with pytest.raises(ClaimledgerError) as info:
        CrossRelationModel.load(tmp_path)
    assert info.value.code == "E038" and "make train-relation" in str(info.value)


def test_a_missing_or_foreign_model_file_is_a_numbered_error(tmp_path: Path) -> None:
    from claimledger.claims.relation_model import FeatureRelationModel

    for path in (tmp_path / "absent.npz", tmp_path / "junk.npz"):
        if path.name == "junk.npz":
            path.write_bytes(b"not a model")
        with pytest.raises(ClaimledgerError) as info:
            FeatureRelationModel.load(path)
        assert info.value.code == "E038" and "make train-relation" in str(info.value)


def test_eval_says_when_the_file_is_one_the_model_was_trained_on(tmp_path: Path) -> None:
    from claimledger.eval.relation import file_sha256, trained_on, training_files

    data = tmp_path / "emergent.csv"
    with open(data, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["claimHeadline", "articleHeadline", "articleHeadlineStance", "claimId"])
        writer.writerow([CLAIM, SUPPORTS, "for", "c1"])
        writer.writerow([CLAIM, DENIES, "against", "c1"])
    card = tmp_path / "MODEL_CARD.md"
    card.write_text(f"## Data\n\n- sha256 {file_sha256(data)}  emergent/train.csv\n- sha256 {'0' * 64}  other.csv\n")
    assert training_files(card) == {file_sha256(data): "emergent/train.csv", "0" * 64: "other.csv"}
    assert trained_on(data, card=card) == "emergent/train.csv"
    other = tmp_path / "held-out.csv"
    with open(other, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([["claimHeadline", "articleHeadline", "articleHeadlineStance", "claimId"],
                                  [CLAIM, DISCUSSES, "observing", "c2"], [CLAIM, DENIES, "against", "c2"]])
    assert trained_on(other, card=card) is None
    # The shipped card names the files the shipped model learned from.
    assert "emergent/train.csv" in training_files().values()
    result = CliRunner().invoke(app, ["eval", "emergent", "--data", str(other), "--model", "features"])
    assert result.exit_code == 0, result.output
    assert "trained on this file" not in result.stdout


SHARED_EMERGENT = Path(__file__).resolve().parents[2] / "shared" / "data" / "emergent" / "train.csv"


@pytest.mark.skipif(not SHARED_EMERGENT.is_file(), reason="Emergent's train.csv is not beside the checkout")
def test_eval_emergent_on_its_training_file_says_it_is_no_test() -> None:
    result = CliRunner().invoke(app, ["eval", "emergent", "--data", str(SHARED_EMERGENT), "--model", "features"])
    assert result.exit_code == 0, result.output
    assert "trained on this file: not a test" in result.stdout
