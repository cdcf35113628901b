"""The store follows upgrades (issue 21), on SQLite and PostgreSQL: each ledger records the analysis version
that made it; `reanalyze` redoes stored ledgers under a new analysis (a test extractor registered under a new
version), keeping a person's corrections and rebuilding story claims; `delete` removes articles and
re-derives what they touched; `stats` counts it all."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from spacy.tokens import Doc
from typer.testing import CliRunner

from claimledger import read_inputs
from claimledger.analysis import analysis_version
from claimledger.across.views import list_claims, store_counts
from claimledger.attribute import Extractor, extractors
from claimledger.attribute.rules import make_rules
from claimledger.cli import app
from claimledger.model import RawAttribution
from claimledger.options import Options
from claimledger.run.job import ingest
from claimledger.run.reanalyze import reanalyze
from claimledger.store import Repository, open_repository
from claimledger.store.corrections import Correction
from claimledger.store.tables import claim_links, corrections, origins, relations, story_claims

FIRST = Path(__file__).parent / "fixtures" / "story-claims" / "first"  # one contested gas request, one port story
OLD = Options(extractor="rules", relation_across="features")
NEW = Options(extractor="denial-blind", relation_across="features")
runner = CliRunner()


class DenialBlind(Extractor):
    """The rules, blind to the two denials of the gas request (a 'new analysis' that reads them differently)."""

    def __init__(self, options: Options) -> None:
        self.rules = make_rules(options)

    def extract(self, doc: Doc) -> list[RawAttribution]:
        return [r for r in self.rules.extract(doc) if r.source.text != "she" and "Berg" not in r.source.text]


extractors.register("denial-blind", version="2")(DenialBlind)


def _stored(repo: Repository) -> dict[str, str]:
    """File name -> article id."""
    return {Path(r.path).name: r.id for r in repo.articles()}


def _story_claims_consistent(repo: Repository) -> None:
    """Every story claim has a link, and every relation names an attribution its article's ledger holds."""
    linked = {r["story_claim_id"] for r in repo.table_rows(claim_links)}
    assert {r["id"] for r in repo.table_rows(story_claims)} == linked
    for row in repo.table_rows(relations):
        ledger = repo.get(row["article_id"], corrected=False)
        assert ledger is not None
        assert row["statement_id"] == "title" or row["statement_id"] in {a.id for a in ledger.attributions}


def test_reanalyze_rewrites_ledgers_keeps_corrections_and_rebuilds_story_claims(db_url: str) -> None:
    with open_repository(db_url) as repo:
        assert [o.status for o in ingest(read_inputs([str(FIRST)]), repo, OLD)] == ["new"] * 3
        old, new = analysis_version(OLD), analysis_version(NEW)
        assert old != new and "denial-blind@2" in new and "rules@1" in old
        assert repo.analysis_versions() == [(old, 3)]
        herald = _stored(repo)["harbour-herald.txt"]
        before = repo.get(herald, corrected=False)
        assert before is not None
        said = next(a for a in before.attributions if a.source.span.text == "two senior officials")
        she = next(a for a in before.attributions if a.source.span.text == "she")
        # One correction of an attribution the new analysis keeps, one of an attribution it no longer finds.
        repo.add_corrections([Correction(herald, said.content.start, said.content.end, "stance", "hedge"),
                              Correction(herald, she.content.start, she.content.end, "stance", "assert")])
        fixes = sorted((r["article_id"], r["start"], r["end"], r["field"], r["value"]) for r in repo.table_rows(corrections))
        assert store_counts(repo)["contested"] == 1
        assert sum(c.sides["denies"].statements for c in list_claims(repo)) == 2  # Berg on the gas request (hers corrected away), Ferri on the port
        origins_before = {r["article_id"]: r["origin"] for r in repo.table_rows(origins)}

        ids = repo.article_ids(version_not=new)
        assert len(ids) == 3
        outcomes = list(reanalyze(repo, ids, NEW))
        assert [o.status for o in outcomes] == ["reanalyzed"] * 3
        assert sum(o.unmatched for o in outcomes) == 1  # the correction of "she", kept for a later analysis

        assert repo.analysis_versions() == [(new, 3)]
        assert repo.article_ids(version_not=new) == []  # --older-than-version now has nothing to do
        after = repo.get(herald, corrected=False)
        assert after is not None and "she" not in {a.source.span.text for a in after.attributions}  # a new ledger
        corrected = repo.get(herald)
        assert corrected is not None
        kept = next(a for a in corrected.attributions if a.key == said.key)
        assert kept.stance == "hedge" and kept.corrected == ["stance"]  # the correction still lands
        assert sorted((r["article_id"], r["start"], r["end"], r["field"], r["value"])
                      for r in repo.table_rows(corrections)) == fixes  # and the corrections table is as it was
        # Story claims rebuilt from the new ledgers: no denial left, so the gas request is no longer contested.
        _story_claims_consistent(repo)
        assert store_counts(repo)["contested"] == 0
        assert sum(c.sides["denies"].statements for c in list_claims(repo)) == 1
        assert {r["article_id"]: r["origin"] for r in repo.table_rows(origins)} == origins_before


def test_delete_removes_an_article_and_rederives_what_it_touched(db_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(FIRST, folder)
    # A syndicated copy of the Herald's report, stored after it: its group of copies is named after the Herald.
    herald_text = (FIRST / "harbour-herald.txt").read_text()
    (folder / "zz-herald-copy.txt").write_text(herald_text.replace(
        "in a decade.", "in a decade. The Coastline wire desk could not reach the storage operator for comment."))
    with open_repository(db_url) as repo:
        list(ingest(read_inputs([str(folder)]), repo, OLD))
        ids = _stored(repo)
        herald, copy = ids["harbour-herald.txt"], ids["zz-herald-copy.txt"]
        assert repo.origin_of(copy) == herald
        repo.add_corrections([Correction(herald, 0, 10, "stance", "deny")])
        touched = {r["story_claim_id"] for r in repo.table_rows(claim_links) if r["article_id"] == herald}

        gone = repo.delete_articles([herald])

        assert gone["articles"] == 1 and gone["corrections"] == 1
        assert not repo.has(herald) and repo.count() == 3
        assert repo.origin_of(copy) == copy  # the group is named after its oldest remaining article
        assert not any(r["article_id"] == herald for table in (claim_links, relations, origins, corrections)
                       for r in repo.table_rows(table))
        _story_claims_consistent(repo)
        # Story claims the Herald shared with its copy go on; each is named by one of its remaining statements.
        left = {r["id"]: r["text"] for r in repo.table_rows(story_claims)}
        assert touched & set(left)
        for story, text in left.items():
            assert text in {r["text"] for r in repo.table_rows(claim_links) if r["story_claim_id"] == story}


def _cli(*args: str) -> object:
    return runner.invoke(app, list(args))


def test_cli_stats_reanalyze_and_delete(db_url: str) -> None:
    with open_repository(db_url) as repo:  # stored by an older analysis (the rules alone)
        list(ingest(read_inputs([str(FIRST / "port-gazette.txt")]), repo, OLD))
    assert _cli("ingest", str(FIRST / "harbour-herald.txt"), str(FIRST / "daily-courier.txt"),
                "--db", db_url).exit_code == 0
    current = analysis_version(Options())

    stats = _cli("stats", "--db", db_url)
    assert stats.exit_code == 0, stats.output
    for line in ("articles", "origins", "story claims", "contested", "corrections"):
        assert line in stats.stdout
    assert f"*        2  {current}" in stats.stdout and f"         1  {analysis_version(OLD)}" in stats.stdout

    as_json = json.loads(_cli("stats", "--json", "--db", db_url).stdout)
    assert as_json["counts"]["story_claims"] > 0 and as_json["current_version"] == current
    assert sorted(v["articles"] for v in as_json["versions"]) == [1, 2]

    again = _cli("reanalyze", "--db", db_url, "--older-than-version")
    assert again.exit_code == 0, again.output
    assert "1 article(s)" in again.stdout and "1 reanalyzed, 0 failed" in again.stdout
    assert _cli("reanalyze", "--db", db_url, "--older-than-version").stdout.startswith("0 article(s)")
    assert "3 article(s)" in _cli("reanalyze", "--db", db_url, "--no-progress").stdout
    assert _cli("reanalyze", "--db", db_url, "--since", "yesterday").exit_code == 1  # E111

    with open_repository(db_url) as repo:
        port = _stored(repo)["port-gazette.txt"]
    missing = _cli("delete", "f" * 64, port, "--db", db_url)
    assert missing.exit_code == 1 and "E110" in missing.stderr
    assert _cli("delete", "--db", db_url).exit_code == 2  # nothing chosen
    deleted = _cli("delete", port, "--db", db_url)
    assert deleted.exit_code == 0 and "deleted 1 article(s)" in deleted.stdout
    with open_repository(db_url) as repo:
        assert repo.count() == 2 and not repo.has(port)


def test_ingest_reanalyze_redoes_stored_inputs(db_url: str) -> None:
    path = str(FIRST / "port-gazette.txt")
    with open_repository(db_url) as repo:  # stored by an older analysis (the rules alone)
        list(ingest(read_inputs([path]), repo, OLD))
    plain = _cli("ingest", path, "--db", db_url, "--no-story-claims")
    assert "0 new, 1 unchanged, 0 failed" in plain.stdout
    assert "[W011] 1 unchanged article(s) were analysed by another version" in " ".join(plain.stderr.split())
    again = _cli("ingest", path, "--db", db_url, "--reanalyze", "--no-story-claims")
    assert again.exit_code == 0, again.output
    assert "0 new, 0 unchanged, 1 reanalyzed, 0 failed" in again.stdout
    assert "W011" not in _cli("ingest", path, "--db", db_url, "--no-story-claims").stderr  # now current


def test_plain_progress_lines_when_stderr_is_no_terminal() -> None:
    import io

    from rich.console import Console

    from claimledger.cli._common import progress

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=False)
    with progress(console, "ingesting", 5, None, every=2, seconds=3600) as advance:
        for _ in range(5):
            advance()
    lines = buffer.getvalue().splitlines()
    assert [line.split(",")[0] for line in lines] == ["ingesting: 2 of 5 article(s)", "ingesting: 4 of 5 article(s)"]
