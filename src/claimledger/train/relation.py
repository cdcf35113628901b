"""`make train-relation`: train the claim-relation model on FNC-1 + Emergent train files, score the recipe
by grouped cross-validation, write relation.npz and MODEL_CARD.md.

    python -m claimledger.train.relation --fnc1 ../shared/data/fnc1 --emergent ../shared/data/emergent/train.csv \\
        --out src/claimledger/data/relation-model --cv 5
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import time
from collections import Counter
from dataclasses import asdict
from pathlib import Path
from typing import Any
from collections.abc import Sequence

import numpy as np
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..claims.relation_features import texts_to_embed
from ..claims.relation_model import MODEL_FILE, FeatureRelationModel
from ..eval.relation import cross_validate, emergent_scores, file_sha256, fnc1_scores
from ..embed import DIMENSIONS
from ..eval.stance_data import Pair, read_emergent, read_fnc1
from .features import Recipe, train


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=Console(stderr=True))


class CachedEmbed:
    """The shared encoder behind a cache of vectors on disk (train-work/, not in git): the 32,000
    sentences of FNC-1 and Emergent take about 5 minutes to encode on 2 shared cores, once."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.vectors: dict[str, np.ndarray] = {}
        if path.is_file():
            with np.load(path, allow_pickle=False) as z:
                self.vectors = dict(zip(z["texts"].tolist(), z["vectors"]))

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self.vectors]
        if missing:
            from ..embed import get_encoder

            encoder = get_encoder()
            with _progress() as bar:
                task = bar.add_task("sentence embeddings", total=len(missing))
                for start in range(0, len(missing), 256):
                    chunk = missing[start:start + 256]
                    self.vectors.update(zip(chunk, encoder.encode(chunk)))
                    bar.advance(task, len(chunk))
            self.path.parent.mkdir(parents=True, exist_ok=True)
            texts_ = list(self.vectors)
            np.savez(self.path, texts=np.array(texts_, dtype=str), vectors=np.stack([self.vectors[t] for t in texts_]))
        return np.stack([self.vectors[t] for t in texts]) if texts else np.zeros((0, DIMENSIONS), np.float32)


def _fit(pairs: list[Pair], recipe: Recipe, label: str, embed: CachedEmbed) -> FeatureRelationModel:
    with _progress() as bar:
        feat = bar.add_task(f"{label}: features", total=len(pairs))
        epochs = bar.add_task(f"{label}: epochs", total=recipe.fit.epochs * recipe.seeds * 2)  # two networks: short and body
        return train(pairs, recipe, on_featurized=lambda n: bar.advance(feat, n),
                     on_epoch=lambda _: bar.advance(epochs), on_pairs=lambda n: bar.update(feat, total=n), embed=embed)


def pairs_per_second(model: FeatureRelationModel, pairs: list[Pair], n: int = 2000) -> dict[str, float]:
    """Run-time cost on short statements (Emergent headline pairs, as the ledger's are) and on whole
    FNC-1 bodies, single-threaded numpy as shipped."""
    out = {}
    for name in ("emergent", "fnc1"):
        sample = [(p.claim, p.statement) for p in pairs if p.dataset == name][:n]
        if sample:
            start = time.perf_counter()
            model.relate_many(sample)
            out[name] = round(len(sample) / (time.perf_counter() - start), 1)
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fnc1", required=True, help="FNC-1 folder with train_bodies.csv and train_stances.csv")
    ap.add_argument("--emergent", required=True, help="Emergent train.csv")
    ap.add_argument("--out", required=True, help="where relation.npz and MODEL_CARD.md go")
    ap.add_argument("--cv", type=int, default=0, help="also score the recipe by grouped K-fold CV (0: skip)")
    ap.add_argument("--embed-cache", default="train-work/relation-embeddings.npz",
                    help="sentence vectors kept between runs (encoded once)")
    args = ap.parse_args(argv)

    start = time.perf_counter()
    fnc1 = read_fnc1(Path(args.fnc1) / "train_bodies.csv", Path(args.fnc1) / "train_stances.csv")
    emergent = read_emergent(args.emergent)
    pairs = fnc1 + emergent
    recipe = Recipe()
    embed = CachedEmbed(Path(args.embed_cache))
    if recipe.embed:
        embed(texts_to_embed([(p.claim, p.statement) for p in pairs]))  # encode what is missing, once
    cv: dict[str, Any] = {}
    if args.cv:
        def fold_model(train_pairs: Any) -> Any:
            model = _fit(list(train_pairs), recipe, "fold", embed)
            return lambda test: model.probabilities([(p.claim, p.statement) for p in test])

        tested, probs, info = cross_validate(pairs, args.cv, "CV", fold_model)
        for name, scorer in (("fnc1", fnc1_scores), ("emergent", emergent_scores)):
            keep = [i for i, p in enumerate(tested) if p.dataset == name]
            cv[name] = {**scorer([tested[i] for i in keep], probs[keep]), "left_out":
                        sum(p.dataset == name for p in pairs) - len(keep)}
        cv["info"] = info
        cv["minutes"] = round((time.perf_counter() - start) / 60, 1)
    fit_start = time.perf_counter()
    model = _fit(pairs, recipe, "final", embed)
    fit_minutes = (time.perf_counter() - fit_start) / 60
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    model.save(out / MODEL_FILE)
    speed = pairs_per_second(FeatureRelationModel.load(out / MODEL_FILE), pairs)
    minutes = (time.perf_counter() - start) / 60
    data = {"fnc1": dict(Counter(p.relation for p in fnc1)), "emergent": dict(Counter(p.relation for p in emergent)),
            "fnc1_bodies": len({p.texts[1] for p in fnc1}), "emergent_claims": len({p.texts[2] for p in emergent}),
            "files": {"fnc1/train_bodies.csv": file_sha256(Path(args.fnc1) / "train_bodies.csv"),
                      "fnc1/train_stances.csv": file_sha256(Path(args.fnc1) / "train_stances.csv"),
                      "emergent/train.csv": file_sha256(args.emergent)}}
    write_card(out / "MODEL_CARD.md", recipe=recipe, cv=cv, data=data, minutes=minutes, fit_minutes=fit_minutes,
               speed=speed, size_mb=(out / MODEL_FILE).stat().st_size / 1e6)
    Console(stderr=True).print(json.dumps({"cv": {k: {m: v.get(m) for m in ("score", "accuracy", "macro_f1", "f1")}
                                                  for k, v in cv.items() if k in ("fnc1", "emergent")},
                                           "minutes": round(minutes, 1), "pairs_per_second": speed}), markup=False)


def _f1s(scores: dict[str, Any]) -> str:
    return ", ".join(f"{c} {v:.3f}" for c, v in scores["f1"].items())


def write_card(path: Path, *, recipe: Recipe, cv: dict[str, Any], data: dict[str, Any], minutes: float,
               fit_minutes: float, speed: dict[str, float], size_mb: float) -> None:
    if cv:
        f, e = cv["fnc1"], cv["emergent"]
        scores = f"""Grouped {cv['info']['folds']}-fold cross-validation of this recipe over both datasets at once
(`claimledger.eval.stance_data`): groups join an FNC-1 headline with the bodies it is related to, an
Emergent claim with its article headlines, and any headline both datasets hold; a pair is tested in a
fold only if all its texts are in that fold and trained on only if none is. No headline, body or claim
sits on both sides of a split. Unrelated FNC-1 pairs whose headline and body fall in different folds
are tested in no fold ({f['left_out']} of {sum(data['fnc1'].values())}), so the tested FNC-1 pairs hold fewer unrelated
pairs than the file (the easy class: the relative score is the lower for it). Training pairs per fold:
{cv['info']['trained_on']['pairs_per_fold']}. {cv['minutes']} minutes.

| data | pairs tested | FNC-1 score | accuracy | macro-F1 | F1 per class |
|---|---|---|---|---|---|
| FNC-1 | {f['pairs']} | {f['score']:.2f} | {f['accuracy']:.3f} | {f['macro_f1']:.3f} | {_f1s(f)} |
| Emergent | {e['pairs']} | | {e['accuracy']:.3f} | {e['macro_f1']:.3f} | {_f1s(e)} |

Emergent is scored 3-way (every pair is related): the most likely of supports / denies / discusses.
Reproduce: `claimledger eval fnc1 --bodies ... --stances ... --cv {cv['info']['folds']} --emergent ...` and
`claimledger eval emergent --data ... --cv {cv['info']['folds']} --fnc1 ...` (their fold draws differ slightly).
"""
    else:
        scores = "Not scored in this build (run with `--cv K`)."
    text = f"""# claimledger claim-relation model

How a statement bears on a claim: `supports`, `denies`, `discusses` (reports it without taking a side) or
`unrelated`, with probabilities. Used through `claimledger.claims.relate.get_relation_model("features")`.
Built {dt.date.today().isoformat()} by `make train-relation` (`python -m claimledger.train.relation`).

## Model

- Features (`claimledger.claims.relation_features`): the statement's sentences most similar to the claim
  (at most 3, TF-IDF cosine) are kept; then similarity and word/bigram/number overlap with the claim,
  counts of refutation, negation, hedging, confirming and reporting words in claim and statement,
  negation and refutation words next to a word the claim shares, question marks and quotes;
  {"sentence embeddings (`claimledger.embed`, all-MiniLM-L6-v2 int8 ONNX): cosines of the claim with the statement's sentences (best, top 3, first, mean, gap to the second), the best cosine times the refutation / negation / hedging counts, and the claim vector times the best-matching sentence's vector and their absolute difference (768 columns)" if recipe.embed else "no sentence embeddings"};
  {f"length-normalised bags of words of claim and statement over a {recipe.vocab_size}-word vocabulary" if recipe.vocab_size else "no bags of words"}.
- Measured and left out (grouped 5-fold CV, FNC-1 score / macro-F1 / disagree F1; Emergent accuracy /
  macro-F1): the previous build with bags of words over 6,000 words (balance 0.8): 74.66 / 0.592 / 0.168;
  0.716 / 0.722. The same without the bags (an experiment harness: 6 epochs, idf from all pairs): 76.33 /
  0.633 / 0.258; 0.739 / 0.737. With sentence embeddings and no bags (`make train-relation` with
  `embed` on, 12 epochs, balance 0.5): 76.62 / 0.611 / 0.189; 0.707 / 0.711, at 20x the run time (253
  short pairs/s): left off.
- Two networks over these features (`claimledger.claims.relation_net`, numpy only): `short` judges a
  statement of one sentence (a headline, a quote, an attribution's content: what the ledger relates),
  trained on the one-sentence pairs only; `body` judges longer statements, trained on all pairs.
  Trained together, the 50,000 FNC-1 bodies drowned Emergent's headlines. Each: one hidden layer of
  {recipe.fit.hidden} ReLU units, dropout {recipe.fit.dropout}, softmax over the four relations; Adam (lr {recipe.fit.lr}, L2 {recipe.fit.l2}),
  {recipe.fit.epochs} epochs, batch {recipe.fit.batch}; loss weighted by class share ** -{recipe.balance} and by dataset
  {dict(recipe.dataset_weight)}; {recipe.seeds} network(s) averaged.
- Generated training pairs (unrelated only, honest by construction, as FNC-1 made its own): each
  Emergent claim with another claim's headline ({recipe.shuffled_per_pair} per pair), and {recipe.sentence_share:.0%} of the unrelated
  FNC-1 pairs cut to the body sentence that best matches the headline. Without them every one-sentence
  statement read as related (no dataset has short unrelated pairs). Built from a fold's training side only.
- Shipped as `relation.npz` ({size_mb:.1f} MB; first-layer weights in float16), run with numpy{"; the sentence encoder is the package's own (`data/embed-model`)" if recipe.embed else ""}.
- Recipe: `{json.dumps(asdict(recipe))}`

## Data

- FNC-1 training set (headline, body, stance): {sum(data['fnc1'].values())} pairs over {data['fnc1_bodies']} bodies:
  {data['fnc1']} (agree -> supports, disagree -> denies, discuss -> discusses).
- Emergent train.csv (claim, article headline, stance): {sum(data['emergent'].values())} pairs over
  {data['emergent_claims']} claims: {data['emergent']} (for -> supports, against -> denies, observing -> discusses).
- The shipped model is trained on all of both files; neither dataset's held-back test split was used.
  Training files (`claimledger eval` says "trained on this file" when given one of them):
{chr(10).join(f"- sha256 {h}  {name}" for name, h in data.get("files", {}).items())}

## Scores

{scores}
## Cost

Training: {minutes:.1f} minutes in all on this machine (2 shared CPU cores), {fit_minutes:.1f} of them for the
final fit. Run time (one process, numpy, same machine, shared): {speed.get('emergent', 0)} pairs/s on
short statements (Emergent headlines), {speed.get('fnc1', 0)} pairs/s on whole FNC-1 bodies.

## Licences

Data: research use only, licences as stated by their sources (`../shared/data/README.md`): FNC-1
(FakeNewsChallenge/fnc-1, built from Emergent) and Emergent (Ferreira & Vlachos, NAACL 2016). The
weights are derived from these data and carry their terms.
"""
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
