"""A newcomer's first hour (issue 21): the wording of `claims`, `claim`, `track` and `--help`, as a user reads it."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimledger.cli import app

STORY = Path(__file__).parent / "fixtures" / "story-claims"  # written for these tests: one dispute, four outlets
runner = CliRunner()
COMMANDS = [["analyze"], ["ingest"], ["export"], ["import-corrections"], ["claims"], ["claim"], ["sources"], ["track"],
            ["upgrade"], ["serve"], ["reanalyze"], ["delete"], ["stats"], ["datasette-metadata"], ["eval", "polnear"],
            ["eval", "emergent"], ["eval", "fnc1"], ["eval", "clusters"]]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = str(tmp_path_factory.mktemp("first-hour") / "ledgers.db")
    result = runner.invoke(app, ["ingest", str(STORY), "--db", db])
    assert result.exit_code == 0, result.output
    return db


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_names_values_in_words_not_python_types(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert not re.findall(r"<(?:list\[|int|str|float|file|dir|path|[a-z|]+\|model)[^>]*>", result.stdout), result.stdout


def test_track_relation_model_help_speaks_of_searching() -> None:
    track = " ".join(runner.invoke(app, ["track", "--help"]).stdout.split())
    assert "faster to search" in track and "ingest" not in track.split("--relation-model")[1]
    ingest = " ".join(runner.invoke(app, ["ingest", "--help"]).stdout.split())
    assert "faster to ingest" in ingest


def test_claim_takes_the_id_as_claims_prints_it(store: str) -> None:
    listed = runner.invoke(app, ["claims", "--db", store])
    first = re.search(r"#(\d+)", listed.stdout)
    assert first is not None
    plain, hashed = (runner.invoke(app, ["claim", value, "--db", store]) for value in (first.group(1), first.group(0)))
    assert hashed.exit_code == 0, hashed.output
    assert hashed.stdout == plain.stdout
    bad = runner.invoke(app, ["claim", "#one", "--db", store])
    assert bad.exit_code == 2 and "#12" in bad.output


def test_claims_explains_its_two_origin_counts_once(store: str) -> None:
    out = runner.invoke(app, ["claims", "--db", store]).stdout
    assert "independent origin(s) in all" in out and " 3 origin(s);" not in out
    flat = " ".join(out.split())
    assert flat.count("Independent origins: an article with its syndicated or reworded copies counts once") == 1


def test_claim_and_track_name_origins_alike_and_explain_p_once(store: str) -> None:
    claim = runner.invoke(app, ["claim", "1", "--db", store]).stdout
    track = runner.invoke(app, ["track", "the ministry asked Valdora for emergency gas", "--db", store]).stdout
    for out in (claim, track):
        flat = " ".join(out.split())
        assert flat.count("p: how sure the claim-relation model is") == 1
        assert "origin 1" in out and not re.search(r"origin [0-9a-f]{12}", out)
        # No side printed with a probability below what decides it ("denies p=0.02").
        assert all(float(p) >= 0.5 for p in re.findall(r"p=(\d\.\d\d)", out))
    assert "denies" in claim  # the denials are shown, without a p that would contradict them


def test_readme_first_hour_walks_from_the_demo_to_an_export(tmp_path: Path) -> None:
    """The README's "First hour" commands, run on the demo's own data, do what the section says."""
    import shlex

    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### First hour (issue 21)", 1)[1].split("\n### ", 1)[0]
    block = section.split("```\n", 2)[1]
    db = str(tmp_path / "demo.db")
    demo = Path(__file__).parents[1] / "examples" / "gas-story.jsonl"
    assert runner.invoke(app, ["ingest", str(demo), "--db", db]).exit_code == 0  # what `make demo` stores
    outputs = []
    for line in block.splitlines():
        words = shlex.split(line.split("  #", 1)[0].split(" > ", 1)[0])  # no comment, stdout kept here
        assert words[0] == "claimledger"
        result = runner.invoke(app, [w.replace(".venv/demo.db", db) for w in words[1:]])
        assert result.exit_code == 0, (line, result.output)
        outputs.append(result.stdout)
    stats, contested, timeline, export = outputs
    assert "contested            1" in stats and "*        4" in stats
    assert "#1  CONTESTED" in contested and timeline.startswith("Claim #1  CONTESTED")
    assert export.startswith("story_claim_id,story_claim_text,contested") and ",True,denies," in export
