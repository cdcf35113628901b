"""`claimledger eval polnear|emergent|fnc1|clusters`: thin shells over claimledger.eval.

Each scores a model against an annotated corpus and prints a table, or one JSON object with --json.
Added to the `eval` group by the cli package (`register(eval_app)`).
"""
from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Optional, TypeGuard

import typer
from rich.console import Console
from rich.table import Table

from ..errors import ClaimledgerError
from ..options import Options
from .render import plain
from ..text import ROLES
from ._common import ExtractorName, RelationName, choices, current


def eval_polnear(
    data: Annotated[Path, typer.Option(
        "--data", exists=True, file_okay=False, show_default=False, metavar="DIR",
        help="The PolNeAR directory holding one folder per split, each with text/ and attributions/.")],
    split: Annotated[str, typer.Option(
        "--split", metavar="train|dev", help="Which split to score: train or dev (the test split is held back).")] = "dev",
    extractors: Annotated[Optional[list[ExtractorName]], typer.Option(
        "--extractor", "-x", case_sensitive=False, metavar="combined|rules|tagger",
        help="Which extractor to score; repeat to score several. Default: all of them (combined, tagger, rules).",
    )] = None,
    out: Annotated[Optional[Path], typer.Option(
        "--out", dir_okay=False, writable=True, metavar="FILE",
        help="Also write the predicted ledgers here, one claimledger.article/1 object a line "
             "(the input shared/tools/polnear_score.py reads); with several extractors, one file each "
             "named NAME-EXTRACTOR.jsonl.")] = None,
    as_json: Annotated[bool, typer.Option(
        "--json", help="Print the scores as one JSON object instead of a table.")] = False,
) -> None:
    """Analyse a PolNeAR split and print precision, recall and F1 for source, cue and content spans,
    matched exactly and by overlap."""
    from ..eval.polnear import evaluate  # late: evaluation pulls in the whole pipeline

    names = [current(e) for e in extractors] if extractors else choices(ExtractorName)
    failed = False
    for name in names:
        target = out
        if out is not None and len(names) > 1:
            target = out.with_name(f"{out.stem}-{name}{out.suffix or '.jsonl'}")
        try:
            scores = evaluate(str(data), split, Options(extractor=name), str(target) if target else None)
        except ClaimledgerError as error:
            Console(stderr=True).print(f"error ({name}): {error}", markup=False, soft_wrap=True)
            failed = True
            continue
        if as_json:
            typer.echo(json.dumps({"extractor": name, **scores}))
            continue
        Console(highlight=False).print(scores_table(scores, title=f"PolNeAR {split} ({name})"))
        for key, value in scores.items():
            if not _is_prf(value):
                typer.echo(f"{key}: {_flat(value)}")
    if failed:
        raise typer.Exit(1)


CvOption = Annotated[Optional[int], typer.Option(
    "--cv", min=2, show_default=False, metavar="K",
    help="Grouped K-fold cross-validation on this file instead of scoring the shipped model: a fresh "
         "model per fold, trained with the shipped recipe; no headline, body or claim on both sides.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the scores as one JSON object instead of a table.")]
RelationModelOption = Annotated[RelationName, typer.Option(
    "--model", case_sensitive=False, metavar="cross|features",
    help="Which relation model: 'cross' (the feature model, with a fine-tuned MiniLM cross-encoder "
         "telling support from mere report; what the cross-article ledger and track use) or "
         "'features' (the feature model alone; what the article ledger uses; 'model' is its old name). "
         "With --cv, 'cross' fine-tunes MiniLM per fold and needs the training environment's torch.")]


def eval_emergent(
    data: Annotated[Path, typer.Option(
        "--data", exists=True, dir_okay=False, show_default=False, metavar="FILE",
        help="An Emergent CSV (claimHeadline, articleHeadline, articleHeadlineStance, claimId).")],
    cv: CvOption = None,
    fnc1: Annotated[Optional[Path], typer.Option(
        "--fnc1", exists=True, file_okay=False, show_default=False, metavar="DIR",
        help="With --cv: also train each fold on this FNC-1 folder (train_bodies.csv, train_stances.csv), "
             "as the shipped model is; groups span both datasets.")] = None,
    as_json: JsonOption = False,
    model: RelationModelOption = RelationName.cross,
) -> None:
    """Score the claim-relation model on Emergent claim/headline pairs (for -> supports, against ->
    denies, observing -> discusses): accuracy, macro-F1 and F1 per class."""
    from ..eval.relation import evaluate_emergent
    from ..train.folds import trainer

    extra = (str(fnc1 / "train_bodies.csv"), str(fnc1 / "train_stances.csv")) if fnc1 else None
    scores = _run_eval(lambda: evaluate_emergent(data, cv, extra, model=current(model), trainer=trainer))
    _print_relation_scores(scores, f"Emergent {data.name}", as_json)


def eval_fnc1(
    bodies: Annotated[Path, typer.Option(
        "--bodies", exists=True, dir_okay=False, show_default=False, metavar="FILE", help="FNC-1 bodies CSV (Body ID, articleBody).")],
    stances: Annotated[Path, typer.Option(
        "--stances", exists=True, dir_okay=False, show_default=False, metavar="FILE", help="FNC-1 stances CSV (Headline, Body ID, Stance).")],
    cv: CvOption = None,
    emergent: Annotated[Optional[Path], typer.Option(
        "--emergent", exists=True, dir_okay=False, show_default=False, metavar="FILE",
        help="With --cv: also train each fold on this Emergent CSV, as the shipped model is; groups span "
             "both datasets.")] = None,
    as_json: JsonOption = False,
    model: RelationModelOption = RelationName.cross,
) -> None:
    """Score the claim-relation model on FNC-1 headline/body pairs: the official relative score (percent),
    accuracy, macro-F1 and F1 per class (agree, disagree, discuss, unrelated)."""
    from ..eval.relation import evaluate_fnc1
    from ..train.folds import trainer

    scores = _run_eval(lambda: evaluate_fnc1(bodies, stances, cv, str(emergent) if emergent else None,
                                             model=current(model), trainer=trainer))
    _print_relation_scores(scores, f"FNC-1 {stances.name}", as_json)


def eval_clusters(
    data: Annotated[Path, typer.Option(
        "--data", exists=True, dir_okay=False, show_default=False, metavar="FILE",
        help="An Emergent CSV (articleHeadline, claimId): each headline is a claim mention.")],
    cv: Annotated[Optional[int], typer.Option(
        "--cv", min=2, show_default=False, metavar="K",
        help="Grouped K-fold cross-validation over claims: the threshold and word weight are tuned on the "
             "other folds, each held-out fold is clustered with them.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Cluster the article headlines as claim mentions (incrementally, in file order) and score the
    clusters against claimId: B-cubed precision, recall and F1."""
    from ..eval.clusters import evaluate_clusters

    console = Console(stderr=True)
    scores = _run_eval(lambda: evaluate_clusters(data, cv, progress=lambda line: console.print(line, markup=False)))
    if as_json:
        typer.echo(json.dumps(scores))
        return
    out = Console(highlight=False, soft_wrap=True)
    out.print(f"Emergent {plain(data.name)} ({scores['mode']}): {scores['mentions']} mentions of {scores['claims']} claims",
              markup=False)
    out.print(f"B-cubed precision {scores['precision']:.3f}, recall {scores['recall']:.3f}, F1 {scores['f1']:.3f}",
              markup=False)
    for fold in scores.get("per_fold", []):
        out.print(f"  fold {fold['fold']}/{scores['folds']}: threshold {fold['threshold']:.2f}, word weight {fold['word_weight']:.2f} "
                  f"(train F1 {fold['train_f1']:.3f}); held out {fold['mentions']} mentions: F1 {fold['f1']:.3f}",
                  markup=False)


def _run_eval(run: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    try:
        return run()
    except ClaimledgerError as error:
        Console(stderr=True).print(f"error: {error}", markup=False, soft_wrap=True)
        raise typer.Exit(1) from None


def _print_relation_scores(scores: dict[str, Any], title: str, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(scores))
        return
    table = Table(title=f"{title} ({scores['mode']}, {scores.get('model', 'features')})", title_justify="left")
    table.add_column("gold \\ predicted")
    classes = list(scores["f1"])
    for c in classes:
        table.add_column(c, justify="right")
    table.add_column("F1", justify="right")
    for g in classes:
        table.add_row(g, *(str(scores["confusion"][g][p]) for p in classes), f"{scores['f1'][g]:.3f}")
    console = Console(highlight=False)
    console.print(table)
    head = [f"pairs {scores['pairs']}", f"accuracy {scores['accuracy']:.3f}", f"macro-F1 {scores['macro_f1']:.3f}"]
    if "score" in scores:
        head.insert(1, f"FNC-1 score {scores['score']:.2f}")
    console.print(", ".join(head), markup=False)
    if scores.get("training_file"):
        console.print(f"trained on this file: not a test (the shipped model learned from "
                      f"{scores['training_file']}; --cv K scores held-out folds instead)", markup=False)
    if "folds" in scores:
        console.print(f"{scores['folds']} folds; {scores['left_out']} pairs left out (their texts span two folds); "
                      f"trained on {', '.join(scores['trained_on']['datasets'])}", markup=False)


_MODES = ("exact", "overlap")


def _is_prf(value: object) -> TypeGuard[dict[str, Any]]:
    return isinstance(value, dict) and {"p", "r", "f1"} <= set(value)


def _flat(value: object) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k} {v}" for k, v in value.items())
    return str(value)


def scores_table(scores: dict[str, Any], *, title: str) -> Table:
    """Rows 'source exact', 'source overlap', ... from keys like 'source_exact': {p, r, f1}."""
    table = Table(title=title, title_justify="left")
    for column in ("span", "match", "P", "R", "F1"):
        table.add_column(column, justify="right" if len(column) <= 2 else "left")
    for role in ROLES:
        for mode in _MODES:
            prf = scores.get(f"{role}_{mode}")
            if _is_prf(prf):
                table.add_row(role, mode, *(f"{float(prf[k]):.3f}" for k in ("p", "r", "f1")))
    return table


def register(eval_app: typer.Typer) -> None:
    """Add `polnear`, `emergent`, `fnc1` and `clusters` to the `eval` group."""
    eval_app.command("polnear")(eval_polnear)
    eval_app.command("emergent")(eval_emergent)
    eval_app.command("fnc1")(eval_fnc1)
    eval_app.command("clusters")(eval_clusters)
