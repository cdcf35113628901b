"""Exports a researcher asks for in the first hour (issue 21), on SQLite and PostgreSQL: a CSV of the claims across
articles with their statements, --since / --outlet / --contested on every format, and Parquet's `published`
typed as a date."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from typer.testing import CliRunner

from claimledger.cli import app

GAS = Path(__file__).parent / "fixtures" / "across" / "gas-story.jsonl"  # written for these tests: six outlets, one dispute
runner = CliRunner()


def run(*args: str) -> Any:
    return runner.invoke(app, list(args))


def _outlets(jsonl: str) -> list[str]:
    return [json.loads(line)["article"]["outlet"] for line in jsonl.splitlines()]


def test_every_export_filters_and_claims_csv_lists_statements(db_url: str, tmp_path: Path) -> None:
    assert run("ingest", str(GAS), "--db", db_url).exit_code == 0
    everything = _outlets(run("export", "--db", db_url).stdout)
    assert len(everything) == 6

    # --outlet (case ignored) and --since (publication day) on the article formats.
    assert _outlets(run("export", "--db", db_url, "--outlet", "northern HERALD").stdout) == ["Northern Herald"]
    assert sorted(_outlets(run("export", "--db", db_url, "--since", "2026-11-03").stdout)) == [
        "Daily Roundup", "Valmora Daily Post"]
    contested = _outlets(run("export", "--db", db_url, "--contested").stdout)
    assert "Industry Weekly" not in contested and "Coastline News" in contested  # the rationing story is no party
    rows = list(csv.DictReader(io.StringIO(run("export", "-f", "csv", "--db", db_url, "--outlet", "Kestrel").stdout)))
    assert rows == []
    rows = list(csv.DictReader(io.StringIO(run("export", "-f", "csv", "--db", db_url, "--outlet",
                                               "Daily Roundup").stdout)))
    assert rows and {r["outlet"] for r in rows} == {"Daily Roundup"}
    tasks = json.loads(run("export", "-f", "labelstudio", "--db", db_url, "--since", "2026-11-03").stdout)
    assert len(tasks) == 2
    graph = json.loads(run("export", "-f", "claimreview", "--db", db_url, "--outlet", "Industry Weekly").stdout)
    assert graph["@graph"] and {item["appearance"][0]["headline"] for item in graph["@graph"]} == {
        "Northern factories brace for gas rationing"}
    bad = run("export", "--db", db_url, "--since", "last week")
    assert bad.exit_code == 1 and "E111" in bad.stderr

    # claims-csv: one row per statement on a claim across articles, contested ones with --contested.
    statements = list(csv.DictReader(io.StringIO(run("export", "-f", "claims-csv", "--db", db_url).stdout)))
    disputed = {c["id"] for c in json.loads(run("claims", "--contested", "--json", "--db", db_url).stdout)["claims"]}
    assert disputed and {int(r["story_claim_id"]) for r in statements} > disputed
    only = list(csv.DictReader(io.StringIO(run("export", "-f", "claims-csv", "--contested", "--db", db_url).stdout)))
    assert {int(r["story_claim_id"]) for r in only} == disputed
    assert {r["relation"] for r in only} >= {"supports", "denies"} and all(r["contested"] == "True" for r in only)
    assert all(r["sentence"] and r["article_id"] and r["independent_origin"] for r in only)
    herald = list(csv.DictReader(io.StringIO(run("export", "-f", "claims-csv", "--outlet", "Northern Herald",
                                                 "--db", db_url).stdout)))
    assert herald and {r["outlet"] for r in herald} == {"Northern Herald"}

    # Parquet: the same filters, and `published` a date (the value as given beside it).
    out = tmp_path / "herald"
    assert run("export", "-f", "parquet", "--out", str(out), "--outlet", "Northern Herald", "--db", db_url).exit_code == 0
    table = pq.read_table(out / "articles.parquet")
    assert table.schema.field("published").type == pa.date32()
    assert table.to_pylist()[0]["published"] == dt.date(2026, 11, 2)
    assert table.to_pylist()[0]["published_text"] == "2026-11-02T11:30:00+00:00"
    (herald_id,) = table.column("id").to_pylist()
    assert set(pq.read_table(out / "attributions.parquet").column("article_id").to_pylist()) == {herald_id}
    linked = set(pq.read_table(out / "claim_links.parquet").column("story_claim_id").to_pylist())
    assert set(pq.read_table(out / "story_claims.parquet").column("id").to_pylist()) == linked
