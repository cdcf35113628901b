"""`claimledger analyze`: a thin shell over ingest.read_inputs -> pipeline.analyze_many -> export/render.

stdout carries only results (the ledger, JSON or JSON Lines) so it can be piped; progress and one line per
failed input go to stderr. Exit codes: 0 all inputs analysed, 1 some input failed, 2 usage error.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from enum import Enum
from pathlib import Path
from typing import IO, Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..errors import ClaimledgerError, E
from ..exchange.jsonl import LedgerLines
from ..ingest import Entry, list_inputs, may_hold_many, read_entries
from ..model import Failure, Ledger
from ..options import Options
from .render import plain
from ._common import (INPUTS_HELP, AllowPrivateOption, DelayOption, ExtractorName, ExtractorOption,
                      MaxPageBytesOption, TimeoutOption, current)


class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"


class LongArticles(str, Enum):
    SPLIT = "split"
    REFUSE = "refuse"


def analyze(
    paths: Annotated[list[str], typer.Argument(
        metavar="PATH", show_default=False,
        help="Articles to analyse: " + INPUTS_HELP)],
    output_format: Annotated[OutputFormat, typer.Option(
        "--format", "-f", case_sensitive=False, metavar="text|json|jsonl",
        help="text: a readable ledger for the terminal. json: the claimledger.article/1 object, "
             "indented for one input; several inputs print one object a line. jsonl: always one "
             "compact object a line.")] = OutputFormat.text,
    extractor: ExtractorOption = ExtractorName.combined,
    no_clean: Annotated[bool, typer.Option(
        "--no-clean",
        help="Keep every line of the input: do not drop other-language lines, boilerplate prompts "
             "or repeated lines. Offsets then refer to the text exactly as read.")] = False,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", dir_okay=False, writable=True, metavar="FILE",
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
        "--long-articles", case_sensitive=False, metavar="split|refuse",
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
    allow_private: AllowPrivateOption = False,
    timeout: TimeoutOption = Options.fetch_timeout,
    delay: DelayOption = Options.host_delay,
    max_page_bytes: MaxPageBytesOption = Options.max_page_bytes,
) -> None:
    """Analyse articles and print their ledger of who said what.

    For each article: what cleaning removed, the attributions (source, cue, content, quote type,
    stance) grouped by source, and the claims they assert, deny or hedge.

    Each input that cannot be read or analysed prints one line 'PATH: [CODE] message' on stderr and
    the rest carry on. Exit code 0 if every input was analysed, 1 if any failed, 2 for usage errors.
    """
    options = Options(extractor=current(extractor), clean=not no_clean, time_limit=time_limit or None,
                      max_bytes=max_bytes, follow_links=follow_links, long_articles=long_articles.value,
                      section_chars=section_chars, threads=threads, allow_private=allow_private,
                      fetch_timeout=timeout, host_delay=delay, max_page_bytes=max_page_bytes)
    if paths.count("-") > 1:
        raise typer.BadParameter("stdin ('-') can be given only once.", param_hint="PATH")
    files = list_inputs(paths, options)
    # emoji=False: a file named ":skull:.txt" must print as itself.
    err = Console(stderr=True, highlight=False, emoji=False)
    # JSON Lines and stdin can hold any number of articles: then the bar counts without a total.
    open_ended = any(may_hold_many(f.path) for f in files if f.problem is None)
    total = None if open_ended else len(files)
    show = progress if progress is not None else (len(files) > 1 or open_ended) and err.is_terminal
    try:
        with ExitStack() as stack:
            out = stack.enter_context(_open_output(output)) if output else None
            bar = _progress(err, redirect=output is None and sys.stdout.isatty()) if show else None
            if bar is not None:
                stack.enter_context(bar)
            failed = _run(files, options, _Writer(out, output_format), err, bar, total)
    except OSError as error:  # the output cannot be written (disk full, reader gone): stop now
        _output_failed(err, error, to_stdout=output is None)
    raise typer.Exit(1 if failed else 0)


def _run(files: list[Entry], options: Options, writer: _Writer, err: Console, bar: Progress | None,
         total: int | None) -> int:
    """Analyse and write every input, one stderr line per failure and warning; returns the failures."""
    task = bar.add_task("analyse", total=total) if bar is not None else None
    failed = 0
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
    return failed


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
    from ..pipeline import analyze_many  # late: the pipeline loads spaCy, which --help should not wait for

    return analyze_many(read_entries(entries, options), options)


def _progress(console: Console, *, redirect: bool) -> Progress:
    # Only redirect stdout through the bar when stdout is the same terminal; when it is piped, the
    # results must go to the pipe untouched.
    return Progress(
        TextColumn("analysing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=console, transient=True, redirect_stdout=redirect, redirect_stderr=False,
    )


class _Writer:
    """Writes results in the chosen format: the readable ledger (render), or JSON (exchange.jsonl)."""

    def __init__(self, out: IO[str] | None, fmt: OutputFormat) -> None:
        # out=None means stdout, looked up at each write so a progress bar's redirection applies.
        self.out = out
        self.text = fmt is OutputFormat.text
        self.lines = LedgerLines(self._line, indent_single=fmt is OutputFormat.json)
        self.console = (Console(file=out, color_system=None, width=100, highlight=False, emoji=False) if out
                        else Console(highlight=False, emoji=False))

    def skip(self) -> None:
        self.lines.skip()

    def write(self, ledger: Ledger) -> None:
        if self.text:
            from .render import print_ledger

            print_ledger(ledger, self.console)
            return
        self.lines.add(ledger)

    def close(self) -> None:
        self.lines.close()

    def _line(self, text: str) -> None:
        out = self.out or sys.stdout
        out.write(text + "\n")
        out.flush()  # a consumer of the pipe sees each article as soon as it is done


def register(app: typer.Typer) -> None:
    """Add `analyze` to the claimledger command."""
    app.command("analyze")(analyze)
