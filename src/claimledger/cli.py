"""The `claimledger` command: a thin shell over ingest.read_inputs -> pipeline.analyze_many -> export/render.

stdout carries only results (the ledger, JSON or JSON Lines) so it can be piped; progress and one line per
failed input go to stderr. Exit codes: 0 all inputs analysed, 1 some input failed, 2 usage error.
"""
from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from enum import Enum
from pathlib import Path
from typing import IO, Annotated, Any, Optional, TypeGuard

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import __version__
from .errors import ClaimledgerError
from .export import ledger_to_dict
from .errors import E
from .ingest import Entry, list_inputs, may_hold_many, read_entries
from .model import Failure, Ledger
from .options import Options
from .render import plain

app = typer.Typer(
    name="claimledger",
    help="A claim ledger for the news: who said what, on whose authority, asserting, denying or hedging.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_show_locals=False,  # locals would dump whole (hostile) articles into tracebacks
    context_settings={"help_option_names": ["-h", "--help"]},
)
eval_app = typer.Typer(
    help="Score the extractor and the claim-relation model against annotated corpora.",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(eval_app, name="eval")


class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"


class LongArticles(str, Enum):
    SPLIT = "split"
    REFUSE = "refuse"


class ExtractorName(str, Enum):
    rules = "rules"
    model = "model"
    tagger = "tagger"


ExtractorOption = Annotated[
    ExtractorName,
    typer.Option(
        "--extractor", "-x",
        help="How attributions are found: 'rules' (hand-written patterns on the spaCy parse), 'model' "
             "(the trained attribution tagger shipped with the package, refined by the rules: the most "
             "accurate, about half as fast) or 'tagger' (the trained tagger alone).",
        case_sensitive=False,
    ),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"claimledger {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[Optional[bool], typer.Option(
        "--version", callback=_version, is_eager=True, help="Print the version and exit.")] = None,
) -> None:
    """A claim ledger for the news: who said what, on whose authority, asserting, denying or hedging."""


@app.command()
def analyze(
    paths: Annotated[list[str], typer.Argument(
        metavar="PATH", show_default=False,
        help="Articles to analyse: text, HTML or JSON Lines files (one article per line, with a 'text' "
             "field), directories (read recursively, hidden files skipped), or - for stdin.")],
    output_format: Annotated[OutputFormat, typer.Option(
        "--format", "-f", case_sensitive=False,
        help="text: a readable ledger for the terminal. json: the claimledger.article/1 object, "
             "indented for one input; several inputs print one object a line. jsonl: always one "
             "compact object a line.")] = OutputFormat.text,
    extractor: ExtractorOption = ExtractorName.model,
    no_clean: Annotated[bool, typer.Option(
        "--no-clean",
        help="Keep every line of the input: do not drop other-language lines, boilerplate prompts "
             "or repeated lines. Offsets then refer to the text exactly as read.")] = False,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", dir_okay=False, writable=True,
        help="Write results to this file (UTF-8) instead of stdout.")] = None,
    progress: Annotated[Optional[bool], typer.Option(
        "--progress/--no-progress", show_default=False,
        help="Show a progress bar on stderr. Default: on when there is more than one input and "
             "stderr is a terminal.")] = None,
    time_limit: Annotated[float, typer.Option(
        "--time-limit", min=0, metavar="SECONDS",
        help="Give up on a document whose analysis takes longer than this (an error line for it; "
             "the batch carries on). 0: no limit.")] = Options.time_limit or 0,
    max_bytes: Annotated[int, typer.Option(
        "--max-bytes", min=1, metavar="BYTES",
        help="Refuse input files larger than this, before reading them.")] = Options.max_bytes,
    follow_links: Annotated[bool, typer.Option(
        "--follow-links",
        help="Follow symbolic links found in folders to files outside the folders given "
             "(by default such links are reported and not read).")] = False,
    long_articles: Annotated[LongArticles, typer.Option(
        "--long-articles", case_sensitive=False,
        help="split: parse an article longer than --section-chars in sections cut at paragraph breaks "
             "(offsets stay those of the whole text). refuse: an article over spaCy's limit of 1,000,000 "
             "characters is an error instead.")] = LongArticles(Options.long_articles),
    section_chars: Annotated[int, typer.Option(
        "--section-chars", min=100, metavar="N",
        help="Section length for --long-articles split.")] = Options.section_chars,
    threads: Annotated[int, typer.Option(
        "--threads", min=1, metavar="N",
        help="Threads of the ONNX models (the attribution tagger runs beside spaCy's parse; 1 is fastest "
             "on two cores).")] = Options.threads,
) -> None:
    """Analyse articles and print their ledger of who said what.

    For each article: what cleaning removed, the attributions (source, cue, content, quote type,
    stance) grouped by source, and the claims they assert, deny or hedge.

    Each input that cannot be read or analysed prints one line 'PATH: [CODE] message' on stderr and
    the rest carry on. Exit code 0 if every input was analysed, 1 if any failed, 2 for usage errors.
    """
    options = Options(extractor=extractor.value, clean=not no_clean, time_limit=time_limit or None,
                      max_bytes=max_bytes, follow_links=follow_links, long_articles=long_articles.value,
                      section_chars=section_chars, threads=threads)
    if paths.count("-") > 1:
        raise typer.BadParameter("stdin ('-') can be given only once.", param_hint="PATH")
    files = list_inputs(paths, options)
    # emoji=False: a file named ":skull:.txt" must print as itself.
    err = Console(stderr=True, highlight=False, emoji=False)
    # JSON Lines and stdin can hold any number of articles: then the bar counts without a total.
    open_ended = any(may_hold_many(f.path) for f in files if f.problem is None)
    total = None if open_ended else len(files)
    show = progress if progress is not None else (len(files) > 1 or open_ended) and err.is_terminal

    failed = 0
    try:
        with ExitStack() as stack:
            out = stack.enter_context(_open_output(output)) if output else None
            bar = _progress(err, redirect=output is None and sys.stdout.isatty()) if show else None
            task = None
            if bar is not None:
                stack.enter_context(bar)
                task = bar.add_task("analyse", total=total)
            writer = _Writer(out, output_format)
            try:
                for result in _analyze(files, options):
                    if isinstance(result, Failure):
                        failed += 1
                        # Paths and messages can carry input bytes: print them plain, on one line.
                        err.print(plain(f"{result.path}: {result.error}"), markup=False, soft_wrap=True)
                        writer.skip()
                    else:
                        for warning in result.article.warnings:
                            err.print(plain(f"{result.article.path}: {warning}"), markup=False, soft_wrap=True)
                        writer.write(result)
                    if bar is not None and task is not None:
                        bar.advance(task)
                writer.close()
            except ClaimledgerError as error:  # the run itself cannot start (model missing, ...)
                err.print(f"error: {error}", markup=False, soft_wrap=True)
                raise typer.Exit(1) from None
    except OSError as error:  # the output cannot be written (disk full, reader gone): stop now
        _output_failed(err, error, to_stdout=output is None)
    raise typer.Exit(1 if failed else 0)


def _output_failed(err: Console, error: OSError, *, to_stdout: bool) -> None:
    if to_stdout:
        # What is still buffered for stdout would fail again at exit, with a traceback: drop it.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    try:
        err.print(f"error: {E.E017.error(detail=error.strerror or str(error))}", markup=False, soft_wrap=True)
    except OSError:
        pass
    raise typer.Exit(1)


def _open_output(path: Path) -> IO[str]:
    try:
        return path.open("w", encoding="utf-8")
    except OSError as error:  # a bad --output is a usage error (exit 2), caught before any work
        raise typer.BadParameter(f"cannot write {path}: {error.strerror}", param_hint="--output") from None


def _analyze(entries: list[Entry], options: Options) -> Iterator[Ledger | Failure]:
    from .pipeline import analyze_many  # late: the pipeline loads spaCy, which --help should not wait for

    return analyze_many(read_entries(entries, options), options)


def _progress(console: Console, *, redirect: bool) -> Progress:
    # Only redirect stdout through the bar when stdout is the same terminal; when it is piped, the
    # results must go to the pipe untouched.
    return Progress(
        TextColumn("analysing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=console, transient=True, redirect_stdout=redirect, redirect_stderr=False,
    )


class _Writer:
    """Writes results in the chosen format. `json` holds back the first result: it is printed indented
    if it turns out to be the only one, and as JSON Lines otherwise (design.md)."""

    def __init__(self, out: IO[str] | None, fmt: OutputFormat) -> None:
        # out=None means stdout, looked up at each write so a progress bar's redirection applies.
        self.out = out
        self.fmt = fmt
        self.seen = 0
        self.held: dict[str, Any] | None = None
        self.console = (Console(file=out, color_system=None, width=100, highlight=False, emoji=False) if out
                        else Console(highlight=False, emoji=False))

    def skip(self) -> None:
        self.seen += 1
        self._release()

    def write(self, ledger: Ledger) -> None:
        self.seen += 1
        if self.fmt is OutputFormat.text:
            from .render import print_ledger

            print_ledger(ledger, self.console)
            return
        obj = ledger_to_dict(ledger)
        if self.fmt is OutputFormat.json and self.seen == 1:
            self.held = obj
            return
        self._release()
        self._line(json.dumps(obj, ensure_ascii=False))

    def close(self) -> None:
        if self.held is not None:
            self._line(json.dumps(self.held, ensure_ascii=False, indent=2 if self.seen == 1 else None))
            self.held = None

    def _release(self) -> None:
        if self.held is not None:
            self._line(json.dumps(self.held, ensure_ascii=False))
            self.held = None

    def _line(self, text: str) -> None:
        out = self.out or sys.stdout
        out.write(text + "\n")
        out.flush()  # a consumer of the pipe sees each article as soon as it is done


@eval_app.command("polnear")
def eval_polnear(
    data: Annotated[Path, typer.Option(
        "--data", exists=True, file_okay=False, show_default=False,
        help="The PolNeAR directory holding one folder per split, each with text/ and attributions/.")],
    split: Annotated[str, typer.Option(
        "--split", help="Which split to score: train or dev (the test split is held back).")] = "dev",
    extractors: Annotated[Optional[list[ExtractorName]], typer.Option(
        "--extractor", "-x", case_sensitive=False,
        help="Which extractor to score; repeat to score several. Default: all of them (rules, model, tagger).",
    )] = None,
    out: Annotated[Optional[Path], typer.Option(
        "--out", dir_okay=False, writable=True,
        help="Also write the predicted ledgers here, one claimledger.article/1 object a line "
             "(the input shared/tools/polnear_score.py reads); with several extractors, one file each "
             "named NAME-EXTRACTOR.jsonl.")] = None,
    as_json: Annotated[bool, typer.Option(
        "--json", help="Print the scores as one JSON object instead of a table.")] = False,
) -> None:
    """Analyse a PolNeAR split and print precision, recall and F1 for source, cue and content spans,
    matched exactly and by overlap."""
    from .eval.polnear import evaluate  # late: evaluation pulls in the whole pipeline

    names = [e.value for e in extractors] if extractors else [e.value for e in ExtractorName]
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
    "--cv", min=2, show_default=False,
    help="Grouped K-fold cross-validation on this file instead of scoring the shipped model: a fresh "
         "model per fold, trained with the shipped recipe; no headline, body or claim on both sides.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the scores as one JSON object instead of a table.")]
RelationModelOption = Annotated[str, typer.Option(
    "--model", metavar="NAME",
    help="Which relation model: 'cross' (the feature model deciding relatedness, a fine-tuned MiniLM "
         "cross-encoder the side; what the cross-article ledger and track use) or 'model' (the feature "
         "model alone; what the article ledger uses). With --cv, 'cross' fine-tunes MiniLM per fold and "
         "needs the training environment's torch.")]


@eval_app.command("emergent")
def eval_emergent(
    data: Annotated[Path, typer.Option(
        "--data", exists=True, dir_okay=False, show_default=False,
        help="An Emergent CSV (claimHeadline, articleHeadline, articleHeadlineStance, claimId).")],
    cv: CvOption = None,
    fnc1: Annotated[Optional[Path], typer.Option(
        "--fnc1", exists=True, file_okay=False, show_default=False,
        help="With --cv: also train each fold on this FNC-1 folder (train_bodies.csv, train_stances.csv), "
             "as the shipped model is; groups span both datasets.")] = None,
    as_json: JsonOption = False,
    model: RelationModelOption = "cross",
) -> None:
    """Score the claim-relation model on Emergent claim/headline pairs (for -> supports, against ->
    denies, observing -> discusses): accuracy, macro-F1 and F1 per class."""
    from .eval.relation import evaluate_emergent

    extra = (str(fnc1 / "train_bodies.csv"), str(fnc1 / "train_stances.csv")) if fnc1 else None
    scores = _run_eval(lambda: evaluate_emergent(data, cv, extra, model=model))
    _print_relation_scores(scores, f"Emergent {data.name}", as_json)


@eval_app.command("fnc1")
def eval_fnc1(
    bodies: Annotated[Path, typer.Option(
        "--bodies", exists=True, dir_okay=False, show_default=False, help="FNC-1 bodies CSV (Body ID, articleBody).")],
    stances: Annotated[Path, typer.Option(
        "--stances", exists=True, dir_okay=False, show_default=False, help="FNC-1 stances CSV (Headline, Body ID, Stance).")],
    cv: CvOption = None,
    emergent: Annotated[Optional[Path], typer.Option(
        "--emergent", exists=True, dir_okay=False, show_default=False,
        help="With --cv: also train each fold on this Emergent CSV, as the shipped model is; groups span "
             "both datasets.")] = None,
    as_json: JsonOption = False,
    model: RelationModelOption = "cross",
) -> None:
    """Score the claim-relation model on FNC-1 headline/body pairs: the official relative score (percent),
    accuracy, macro-F1 and F1 per class (agree, disagree, discuss, unrelated)."""
    from .eval.relation import evaluate_fnc1

    scores = _run_eval(lambda: evaluate_fnc1(bodies, stances, cv, str(emergent) if emergent else None,
                                             model=model))
    _print_relation_scores(scores, f"FNC-1 {stances.name}", as_json)


@eval_app.command("clusters")
def eval_clusters(
    data: Annotated[Path, typer.Option(
        "--data", exists=True, dir_okay=False, show_default=False,
        help="An Emergent CSV (articleHeadline, claimId): each headline is a claim mention.")],
    cv: Annotated[Optional[int], typer.Option(
        "--cv", min=2, show_default=False,
        help="Grouped K-fold cross-validation over claims: the threshold and word weight are tuned on the "
             "other folds, each held-out fold is clustered with them.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Cluster the article headlines as claim mentions (incrementally, in file order) and score the
    clusters against claimId: B-cubed precision, recall and F1."""
    from .eval.clusters import evaluate_clusters

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
        out.print(f"  fold {fold['fold']}: threshold {fold['threshold']:.2f}, word weight {fold['word_weight']:.2f} "
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
    table = Table(title=f"{title} ({scores['mode']}, {scores.get('model', 'model')})", title_justify="left")
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
    if "folds" in scores:
        console.print(f"{scores['folds']} folds; {scores['left_out']} pairs left out (their texts span two folds); "
                      f"trained on {', '.join(scores['trained_on']['datasets'])}", markup=False)


_ROLES = ("source", "cue", "content")
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
    for role in _ROLES:
        for mode in _MODES:
            prf = scores.get(f"{role}_{mode}")
            if _is_prf(prf):
                table.add_row(role, mode, *(f"{float(prf[k]):.3f}" for k in ("p", "r", "f1")))
    return table


from .cli_store import register as _register_store  # noqa: E402: commands of their own module
from .cli_across import register as _register_across  # noqa: E402

_register_store(app)
_register_across(app)

from .cli_track import register as _register_track  # noqa: E402: commands of their own module

_register_track(app)


def main() -> None:
    app(prog_name="claimledger")


if __name__ == "__main__":
    main()
