"""The `claimledger` command as a user sees it: what lands on stdout and stderr, and the exit code.
Also the text renderer, checked on hand-built ledgers so it does not depend on the extractor."""
from __future__ import annotations

import io
import json
import os
import pty
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from typer.testing import CliRunner

from claimledger.cli import app
from claimledger.model import Article, Attribution, Claim, Cue, Ledger, Removed, Source, Span
from claimledger.cli.render import print_ledger, truncate

FIXTURES = Path(__file__).parent / "fixtures"
ARTICLE = str(FIXTURES / "article.txt")
PAGE = str(FIXTURES / "page.html")
runner = CliRunner()


def run(*args: str, input: str | None = None) -> Any:
    return runner.invoke(app, list(args), input=input)


def json_lines(stdout: str) -> list[dict[str, Any]]:
    lines = [line for line in stdout.splitlines() if line.strip()]
    return [json.loads(line) for line in lines]


def check_offsets(obj: dict[str, Any]) -> None:
    text = obj["article"]["text"]
    for a in obj["attributions"]:
        for role in ("source", "cue", "content"):
            span = a[role]
            assert text[span["start"]:span["end"]] == span["text"], (role, span)


# --- help and usage ---------------------------------------------------------------------------


@pytest.mark.parametrize("args", [["--help"], ["analyze", "--help"], ["eval", "polnear", "--help"]])
def test_help(args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 0
    assert "Usage" in result.stdout


def test_analyze_help_explains_options() -> None:
    out = run("analyze", "--help").stdout
    for option in ("--format", "--extractor", "--no-clean", "--output", "--progress", "stdin"):
        assert option in out


@pytest.mark.parametrize("args", [
    ["analyze"],
    ["analyze", ARTICLE, "--format", "xml"],
    ["analyze", ARTICLE, "--extractor", "magic"],
    ["eval", "polnear"],
    ["frobnicate"],
    ["analyze", "-", "-"],
    ["analyze", ARTICLE, "--output", "/nonexistent/dir/out.json"],
])
def test_usage_errors_exit_2(args: list[str]) -> None:
    assert run(*args).exit_code == 2


def test_old_extractor_name_still_works_and_says_it_is_old() -> None:
    old = run("analyze", ARTICLE, "--format", "json", "--extractor", "model")
    new = run("analyze", ARTICLE, "--format", "json", "--extractor", "combined")
    assert old.exit_code == 0 and old.stdout == new.stdout
    assert "'model' is now called 'combined'" in old.stderr and new.stderr == ""


def test_version() -> None:
    from importlib.metadata import version

    result = subprocess.run([sys.executable, "-m", "claimledger", "--version"], capture_output=True,
                            text=True, check=True)
    # The installed package's version, as pip and the Label Studio predictions name it.
    assert result.stdout.split() == ["claimledger", version("claimledger")]


# --- analyze: output formats ------------------------------------------------------------------


def test_json_one_input_is_one_object() -> None:
    result = run("analyze", ARTICLE, "--format", "json")
    assert result.exit_code == 0, result.stderr
    obj = json.loads(result.stdout)  # the whole stdout is one (indented) object
    assert obj["schema"] == "claimledger.article/1"
    assert obj["article"]["path"] == ARTICLE
    assert "Harborview Port Authority" in obj["article"]["text"]
    assert obj["attributions"], "a news article with quotes should have attributions"
    check_offsets(obj)
    assert result.stderr == ""


def test_json_several_inputs_is_one_object_a_line() -> None:
    result = run("analyze", ARTICLE, PAGE, "--format", "json")
    assert result.exit_code == 0, result.stderr
    objs = json_lines(result.stdout)
    assert [o["article"]["path"] for o in objs] == [ARTICLE, PAGE]
    assert objs[1]["article"]["title"] == "Water utility rejects contamination claims"
    for obj in objs:
        check_offsets(obj)


def test_jsonl_single_input_is_one_line() -> None:
    result = run("analyze", ARTICLE, "--format", "jsonl")
    assert result.exit_code == 0
    assert len(result.stdout.strip().splitlines()) == 1
    assert json.loads(result.stdout)["schema"] == "claimledger.article/1"


def test_text_format_is_a_readable_ledger() -> None:
    result = run("analyze", str(FIXTURES / "scraped.txt"))
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Ferry operator denies safety lapses" in out
    assert "Cleaning removed" in out and "language:tr" in out
    assert "Attributions (" in out
    assert "DENIES" in out  # "The Northsound Ferry Company ... denied that ..."
    assert "Ruth Kalman" in out


def test_output_file(tmp_path: Path) -> None:
    target = tmp_path / "ledger.jsonl"
    result = run("analyze", ARTICLE, PAGE, "--format", "jsonl", "--output", str(target))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert len(json_lines(target.read_text(encoding="utf-8"))) == 2


def test_stdin() -> None:
    text = Path(ARTICLE).read_text(encoding="utf-8")
    result = run("analyze", "-", "--format", "json", input=text)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["article"]["path"] == "<stdin>"


def test_no_clean_keeps_every_line() -> None:
    scraped = str(FIXTURES / "scraped.txt")
    cleaned = json.loads(run("analyze", scraped, "-f", "json").stdout)
    kept = json.loads(run("analyze", scraped, "-f", "json", "--no-clean").stdout)
    assert {r["reason"] for r in cleaned["article"]["removed"]} >= {"repeated", "language:tr"}
    assert kept["article"]["removed"] == []
    assert "giriş yapmanız" in kept["article"]["text"]
    assert "giriş yapmanız" not in cleaned["article"]["text"]


# --- analyze: failures ------------------------------------------------------------------------


def test_bad_inputs_one_line_each_and_batch_carries_on(tmp_path: Path) -> None:
    for name in ("article.txt", "blob.bin", "empty.txt", "batch.jsonl"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    missing = str(tmp_path / "missing.txt")
    result = run("analyze", str(tmp_path), missing, "--format", "jsonl")
    assert result.exit_code == 1
    paths = [o["article"]["path"] for o in json_lines(result.stdout)]
    assert paths == [str(tmp_path / "article.txt"), f"{tmp_path / 'batch.jsonl'}:1",
                     f"{tmp_path / 'batch.jsonl'}:3"]
    lines = result.stderr.strip().splitlines()
    # The records' "id" field, which nothing reads, is reported once (issue 18), on the first record.
    assert [w.split(": [", 1)[0] for w in lines if ": [W031]" in w] == [f"{tmp_path / 'batch.jsonl'}:1"]
    errors = [e for e in lines if ": [W031]" not in e]
    # One line per bad input, `path: [CODE] message`, in input order.
    assert [e.split(": [", 1)[1][:4] for e in errors] == ["E007", "E003", "E002", "E006"]
    assert [e.split(": [", 1)[0] for e in errors] == [
        f"{tmp_path / 'batch.jsonl'}:2", str(tmp_path / "blob.bin"), str(tmp_path / "empty.txt"), missing]
    assert errors[1].endswith("[E003] Input looks binary, not text.")


def test_failure_among_json_results_keeps_json_lines(tmp_path: Path) -> None:
    result = run("analyze", ARTICLE, str(FIXTURES / "empty.txt"), "--format", "json")
    assert result.exit_code == 1
    assert len(json_lines(result.stdout)) == 1  # compact, so a consumer can read it line by line
    assert "[E002]" in result.stderr


def test_only_failures_exit_1() -> None:
    result = run("analyze", "no/such/file.txt")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.strip() == "no/such/file.txt: [E006] No such file or directory: no/such/file.txt"


def test_progress_bar_goes_to_terminal_stderr_not_stdout() -> None:
    # stderr is a terminal (pty) and stdout a pipe, as in `claimledger analyze a b > out.jsonl`.
    leader, follower = pty.openpty()
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "100"}
    env.pop("NO_COLOR", None)
    chunks: list[bytes] = []

    def drain() -> None:  # read the terminal while the run goes on: a full pty buffer blocks its writer
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                return
            if not chunk:
                return
            chunks.append(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    proc = subprocess.run(
        [sys.executable, "-m", "claimledger", "analyze", ARTICLE, PAGE, "--format", "jsonl"],
        stdout=subprocess.PIPE, stderr=follower, env=env, timeout=300,
    )
    os.close(follower)
    reader.join(timeout=10)
    os.close(leader)
    assert proc.returncode == 0
    assert len(json_lines(proc.stdout.decode())) == 2
    assert b"analysing" not in proc.stdout and b"\x1b" not in proc.stdout
    assert b"analysing" in b"".join(chunks)


# --- eval polnear -----------------------------------------------------------------------------


def _tiny_polnear(root: Path) -> Path:
    """One article in the PolNeAR layout, annotated by hand: one attribution."""
    text = "The harbour master said the quay would reopen on Monday.\n"
    (root / "dev" / "text").mkdir(parents=True)
    (root / "dev" / "attributions").mkdir()
    (root / "dev" / "text" / "harbour.txt").write_text(text, encoding="utf-8")
    lines = []
    for n, (role, words) in enumerate(
            [("Source", "The harbour master"), ("Cue", "said"), ("Content", "the quay would reopen on Monday")], 1):
        start = text.index(words)
        lines.append(f"T{n}\t{role} {start} {start + len(words)}\t{words}\n")
    ann = "".join(lines) + "E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3\n"
    (root / "dev" / "attributions" / "harbour_a1.ann").write_text(ann, encoding="utf-8")
    return root


def test_eval_polnear_prints_table(tmp_path: Path) -> None:
    data = _tiny_polnear(tmp_path / "polnear")
    out = tmp_path / "preds.jsonl"
    result = run("eval", "polnear", "--data", str(data), "--split", "dev", "-x", "rules", "--out", str(out))
    assert result.exit_code == 0, result.output
    for word in ("PolNeAR dev (rules)", "source", "cue", "content", "exact", "overlap", "1.000"):
        assert word in result.stdout
    ledger = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert ledger["attributions"][0]["cue"]["text"] == "said"
    as_json = run("eval", "polnear", "--data", str(data), "--json", "-x", "rules")
    scores = json.loads(as_json.stdout)
    assert scores["extractor"] == "rules" and scores["cue_exact"]["f1"] == 1.0


def test_eval_polnear_missing_split(tmp_path: Path) -> None:
    result = run("eval", "polnear", "--data", str(tmp_path), "--split", "dev")
    assert result.exit_code == 1
    assert "[E011]" in result.stderr


# --- the text renderer ------------------------------------------------------------------------


def _ledger(text: str, title: str | None = "Harbor row") -> Ledger:
    def span(s: str) -> Span:
        i = text.index(s)
        return Span.of(text, i, i + len(s))

    official = Source(span("Two senior port officials"), "Two senior port officials", "anonymous", True,
                      count=2, affiliation="Harborview", role="official", seniority="senior")
    ortiz = Source(span("Ortiz"), "Lena Ortiz", "person")
    long_content = span("the draft had been circulated " + "widely " * 60 + "last week")
    attributions = [
        Attribution("a1", official, Cue(span("said"), "say"), long_content, "indirect", "assert", "c1"),
        Attribution("a2", ortiz, Cue(span("denied"), "deny"), span("the report"), "indirect", "deny", "c1"),
        Attribution("a3", ortiz, Cue(span("suggested"), "suggest"), span("[bold red]ALERT[/]\x1b[2J"),
                    "direct", "hedge", None),
    ]
    claim = Claim("c1", "the draft had been circulated", ["Two senior port officials"], ["Lena Ortiz"],
                  contested=True)
    article = Article("x", "in/harbor.txt", text, title,
                      removed=[Removed("Giriş yapın [link]", "language:tr")])
    return Ledger(article, attributions, [claim])


TEXT = ("Two senior port officials said the draft had been circulated " + "widely " * 60 + "last week. "
        "Ortiz denied the report. Ortiz suggested [bold red]ALERT[/]\x1b[2J later.")


def render(ledger: Ledger) -> str:
    buf = io.StringIO()
    print_ledger(ledger, Console(file=buf, width=160, color_system=None))
    return buf.getvalue()


def test_render_shows_sources_stances_and_claims() -> None:
    out = render(_ledger(TEXT))
    assert out.index("Two senior port officials") < out.index("Lena Ortiz")
    assert "count 2" in out and "affiliation Harborview" in out and "seniority senior" in out
    assert "DENIES" in out and "hedges" in out and "asserts" in out
    assert "CONTESTED" in out
    assert "asserted by: Two senior port officials" in out and "denied by: Lena Ortiz" in out
    assert "language:tr" in out
    assert "as “Ortiz”" in out  # how the text named a resolved source


def test_render_never_interprets_article_text() -> None:
    out = render(_ledger(TEXT, title="[red]Injected[/red] title"))
    assert "[red]Injected[/red] title" in out
    assert "[bold red]ALERT[/]" in out
    assert "Giriş yapın [link]" in out
    assert "\x1b" not in out  # no raw escape sequences from the article reach the terminal


def test_render_colours_denials_on_a_terminal() -> None:
    buf = io.StringIO()
    print_ledger(_ledger(TEXT), Console(file=buf, width=100, force_terminal=True, color_system="standard"))
    out = buf.getvalue()
    assert "\x1b[2J" not in out
    assert "DENIES" in out and "\x1b[" in out


def test_truncate_keeps_head_and_tail() -> None:
    long = "The minister said " + "very " * 100 + "clearly no."
    short = truncate(long, 120)
    assert len(short) <= 122 and short.startswith("The minister said") and short.endswith("clearly no.")
    assert " … " in short
    assert truncate("short enough") == "short enough"
    out = render(_ledger(TEXT))
    assert " … " in out and "last week" in out  # the 480-character content is shortened, tail kept


def test_render_lists_contested_claims_first() -> None:
    ledger = _ledger(TEXT)
    quiet = Claim("c0", "ferries run twice a day", ["Lena Ortiz"])
    ledger.claims.insert(0, quiet)
    out = render(ledger)
    assert "Claims (2, 1 contested)" in out
    assert out.index("c1 the draft had been circulated") < out.index("CONTESTED") < out.index("c0 ferries run")
    assert out.count("CONTESTED") == 1  # a claim only asserted is not flagged


def test_long_article_settings_reach_the_analysis(tmp_path: Path) -> None:
    # Two paragraphs with a claim each: cut into sections of 100 characters they give the same ledger.
    body = ("The port authority said the harbour would reopen on Monday after the strike ended.\n\n"
            "Union leaders said the dispute over night shifts was far from settled.\n")
    path = tmp_path / "port.txt"
    path.write_text(body, encoding="utf-8")
    whole = run("analyze", "-f", "json", str(path))
    cut = run("analyze", "-f", "json", "--section-chars", "100", "--threads", "2", str(path))
    assert whole.exit_code == cut.exit_code == 0, cut.output
    assert json.loads(whole.stdout)["attributions"] == json.loads(cut.stdout)["attributions"]
    assert len(json.loads(cut.stdout)["attributions"]) == 2
    bad = run("analyze", "--long-articles", "refuse", "--section-chars", "99", str(path))
    assert bad.exit_code == 2 and "section-chars" in bad.output
    huge = tmp_path / "huge.txt"  # over spaCy's 1,000,000 characters: refused at once, not parsed
    huge.write_text(("Officials said the port would reopen. " * 27_000), encoding="utf-8")
    refused = run("analyze", "--long-articles", "refuse", str(huge))
    assert refused.exit_code == 1 and "E030" in refused.output
