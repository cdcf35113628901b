"""Exports for other tools (Parquet, ClaimReview JSON-LD, Label Studio), a person's corrections brought back
with `import-corrections`, and the CSV formula guard, on SQLite and PostgreSQL, with articles written for
these tests (tests/fixtures/exchange/feed.jsonl: a missed 'according to' source, a headline the writer
wrote, a quote that denies, an emoji before most offsets, a cell that would run as a formula)."""
from __future__ import annotations

import copy
import csv
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from claimledger import analyze_many, ledger_to_dict, read_inputs
from claimledger.cli import app
from claimledger.exchange import parquet
from claimledger.exchange.labelstudio import LABEL_CONFIG
from claimledger.store import open_repository
from claimledger.store.tables import metadata
from stored import as_dict, ledger_from_dict

FEED = Path(__file__).parent / "fixtures" / "exchange" / "feed.jsonl"
PAGES = Path(__file__).parent / "fixtures" / "pages"
runner = CliRunner()


def run(*args: str) -> Any:
    return runner.invoke(app, list(args))


@pytest.fixture(scope="module")
def analysed() -> list[dict[str, Any]]:
    """The two written articles, analysed once for the module: pier (0) and grain (1)."""
    return [ledger_to_dict(r) for r in analyze_many(read_inputs([str(FEED)]))]


@pytest.fixture
def stored(db_url: str, analysed: list[dict[str, Any]]) -> str:
    with open_repository(db_url) as repo:
        for ledger in analysed:
            assert repo.save(ledger_from_dict(ledger))
    return db_url


def _by_content(ledger: dict[str, Any], words: str) -> dict[str, Any]:
    (found,) = [a for a in ledger["attributions"] if a["content"]["text"].startswith(words)]
    return found


def _js(text: str, start: int, end: int) -> str:
    """What JavaScript's text.slice(start, end) gives: offsets in UTF-16 code units, as Label Studio counts."""
    return text.encode("utf-16-le")[2 * start:2 * end].decode("utf-16-le")


def _to16(text: str, index: int) -> int:
    return len(text[:index].encode("utf-16-le")) // 2


def _export_tasks(db: str, tmp_path: Path) -> list[dict[str, Any]]:
    out = tmp_path / "tasks.json"
    result = run("export", "--format", "labelstudio", "--db", db, "--output", str(out))
    assert result.exit_code == 0, result.output
    tasks: list[dict[str, Any]] = json.loads(out.read_text())
    return tasks


def _review(tasks: list[dict[str, Any]], edit: Callable[[dict[str, Any], list[dict[str, Any]]], None]) -> list[dict[str, Any]]:
    """What Label Studio exports after a person reviewed each task: an annotation begun from the prediction
    (same region ids), edited by `edit(task, result)`."""
    out = []
    for n, task in enumerate(copy.deepcopy(tasks), 1):
        result = copy.deepcopy(task["predictions"][0]["result"])
        edit(task, result)
        task.update(id=n, annotations=[{"id": 100 + n, "completed_by": 7, "was_cancelled": False, "result": result,
                                         "created_at": "2026-11-25T10:00:00Z", "updated_at": "2026-11-25T10:05:00Z"}])
        out.append(task)
    return out


def _region(task: dict[str, Any], rid: str, label: str, start: int, end: int) -> dict[str, Any]:
    text = task["data"]["text"]
    s, e = _to16(text, start), _to16(text, end)
    return {"id": rid, "from_name": "span", "to_name": "text", "type": "labels",
            "value": {"start": s, "end": e, "text": text[start:end], "labels": [label]}}


def _person(task: dict[str, Any], result: list[dict[str, Any]]) -> None:
    """The reviewer's edits. Pier: the headline is the writer's, not an attribution (a1 out); the chair's quote
    denies the sale (a3 deny); the anonymous 'according to' the machine missed is added. Grain: the
    ministry's statement is what resumed and when, without the halt's length."""
    text = task["data"]["text"]
    spans = task["data"]["claimledger"]
    if text.startswith("Harbour"):
        (headline,) = [aid for aid, s in spans.items() if s["content"][0] < text.index("\n")]
        result[:] = [r for r in result if not str(r.get("id", "")).startswith(f"{headline}-")
                     and not str(r.get("from_id", "")).startswith(f"{headline}-")]
        (quote,) = [aid for aid, s in spans.items() if text[s["content"][0]:].startswith('"There is no sale')]
        for r in result:
            if r.get("id") == f"{quote}-content" and r["type"] == "choices":
                r["value"]["choices"] = ["deny"]
        content = "The Westmarch Harbour Authority is preparing to sell Pier 9 to a cruise operator for about $40 million"
        who = "three people briefed on the talks"
        c0, s0, k0 = text.index(content), text.index(who), text.index("according to")
        result += [_region(task, "new-content", "Content", c0, c0 + len(content)),
                   _region(task, "new-source", "Source", s0, s0 + len(who)),
                   _region(task, "new-cue", "Cue", k0, k0 + len("according to")),
                   {"from_id": "new-source", "to_id": "new-content", "type": "relation", "direction": "right", "labels": ["says"]},
                   {"from_id": "new-cue", "to_id": "new-content", "type": "relation", "direction": "right", "labels": ["cue"]}]
    else:
        sentence = "Grain shipments from the northern terminals resumed on Monday"
        (statement,) = [aid for aid, s in spans.items() if text[s["content"][0]:s["content"][1]].startswith(sentence)]
        start = text.index(sentence)
        moved = _region(task, f"{statement}-content", "Content", start, start + len(sentence))
        for r in result:
            if r.get("id") == f"{statement}-content":
                r["value"].update({k: moved["value"][k] for k in ("start", "end", "text")})


def _import(db: str, path: Path, data: Any) -> Any:
    if isinstance(data, list) and data and isinstance(data[0], dict) and "data" in data[0]:
        path.write_text(json.dumps(data))
    else:
        path.write_text("".join(json.dumps(d) + "\n" for d in data))
    return run("import-corrections", str(path), "--db", db)


def _exported(db: str) -> list[dict[str, Any]]:
    """The exported ledgers without the store's `origin`, which analyze has not."""
    result = run("export", "--format", "jsonl", "--db", db)
    assert result.exit_code == 0, result.output
    ledgers = [json.loads(line) for line in result.stdout.splitlines()]
    for ledger in ledgers:
        assert "origin" in ledger  # stored here without ingest: null (test_across_views checks its value)
        del ledger["origin"]
    return ledgers


def _check_corrected(ledgers: list[dict[str, Any]]) -> None:
    pier, grain = ledgers
    text = pier["article"]["text"]
    assert all(a["content"]["start"] >= text.index("\n") for a in pier["attributions"]), "the headline is gone"
    quote = _by_content(pier, '"There is no sale')
    assert quote["stance"] == "deny" and quote["corrected"] == ["stance"] and quote["machine"] == {"stance": "assert"}
    added = _by_content(pier, "The Westmarch Harbour Authority is preparing")
    assert added["corrected"] == ["added"] and added["id"].startswith("p")
    assert added["source"]["text"] == "three people briefed on the talks" and added["cue"]["text"] == "according to"
    for ledger in ledgers:  # offsets still point at the words
        body = ledger["article"]["text"]
        for a in ledger["attributions"]:
            assert body[a["content"]["start"]:a["content"]["end"]] == a["content"]["text"]
            assert body[a["source"]["start"]:a["source"]["end"]] == a["source"]["text"]
    claim = next(c for c in pier["claims"] if c["id"] == quote["claim"])
    assert "Miriam Osei" in claim["denied_by"] and "Miriam Osei" not in claim["asserted_by"]
    assert pier["corrections"]["added"] == [added["id"]] and len(pier["corrections"]["removed"]) == 1
    statement = next(a for a in grain["attributions"] if a.get("corrected"))
    assert statement["content"]["text"] == "Grain shipments from the northern terminals resumed on Monday"
    assert statement["corrected"] == ["content"] and "nine-day halt" in statement["machine"]["content"]["text"]
    assert [a for a in grain["attributions"] if a.get("corrected")] == [statement]


def test_labelstudio_round_trip_overrides_the_machine_and_survives_reanalysis(
        stored: str, tmp_path: Path, analysed: list[dict[str, Any]]) -> None:
    before = _exported(stored)
    assert before == analysed  # nothing corrected yet: the export is the machine's ledger, unmarked
    tasks = _export_tasks(stored, tmp_path)
    result = _import(stored, tmp_path / "reviewed.json", _review(tasks, _person))
    assert result.exit_code == 0, result.output
    assert "4 correction(s) of 2 article(s)" in result.stdout
    _check_corrected(_exported(stored))

    # The searchable tables (CSV, Datasette) follow the person too.
    rows = list(csv.DictReader(io.StringIO(run("export", "--format", "csv", "--db", stored).stdout)))
    osei = [r for r in rows if r["content_text"].startswith('"There is no sale')]
    assert [r["stance"] for r in osei] == ["deny"]
    assert any(r["source_text"] == "three people briefed on the talks" for r in rows)

    # A re-analysis writes the machine's ledger again: the corrections stay over it.
    with open_repository(stored) as repo:
        for ledger in analysed:
            assert repo.save(ledger_from_dict(ledger), replace=True)
        again = [as_dict(repo.get(ledger["article"]["id"])) for ledger in analysed]
        machine = as_dict(repo.get(analysed[0]["article"]["id"], corrected=False))
    _check_corrected([l for l in again if l is not None])
    assert machine == analysed[0]
    rows = list(csv.DictReader(io.StringIO(run("export", "--format", "csv", "--db", stored).stdout)))
    assert [r["stance"] for r in rows if r["content_text"].startswith('"There is no sale')] == ["deny"]

    # Exporting the corrected ledgers and importing the untouched tasks changes nothing more.
    tasks = _export_tasks(stored, tmp_path)
    assert _import(stored, tmp_path / "same.json", _review(tasks, lambda t, r: None)).stdout.startswith("0 correction(s)")
    _check_corrected(_exported(stored))


def test_labelstudio_tasks_are_valid_for_the_config(stored: str, tmp_path: Path) -> None:
    config = ET.fromstring(LABEL_CONFIG)
    assert (Path(__file__).parents[1] / "docs" / "labelstudio.xml").read_text() == LABEL_CONFIG
    controls = {el.get("name"): el for el in config.iter() if el.get("toName")}
    values = {name: {c.get("value") for c in el} for name, el in controls.items()}
    relations = {el.get("value") for el in config.iter("Relation")}
    text_name = next(el.get("name") for el in config.iter("Text"))
    tasks = _export_tasks(stored, tmp_path)
    assert len(tasks) == 2
    for task in tasks:
        text = task["data"]["text"]
        assert set(task) == {"data", "predictions"} and text_name == "text"
        (prediction,) = task["predictions"]
        regions = {r["id"] for r in prediction["result"] if r["type"] == "labels"}
        assert len(regions) == sum(r["type"] == "labels" for r in prediction["result"])  # ids unique
        for r in prediction["result"]:
            if r["type"] == "relation":
                assert {r["from_id"], r["to_id"]} <= regions and set(r["labels"]) <= relations
                continue
            assert r["to_name"] == text_name and r["from_name"] in controls
            chosen = r["value"].get("labels") or r["value"].get("choices")
            assert set(chosen) <= values[r["from_name"]]
            # Label Studio slices the text in UTF-16 units; the emoji makes those differ from Python's.
            assert _js(text, r["value"]["start"], r["value"]["end"]) == r["value"]["text"]
        assert len(regions) >= 3 * len(task["data"]["claimledger"]) - 1
    assert any(len(t["data"]["text"].encode("utf-16-le")) // 2 != len(t["data"]["text"]) for t in tasks)


def test_a_bad_review_file_stores_nothing(stored: str, tmp_path: Path) -> None:
    tasks = _export_tasks(stored, tmp_path)

    def wrong_offsets(task: dict[str, Any], result: list[dict[str, Any]]) -> None:
        _person(task, result)
        if task["data"]["text"].startswith("Ministry"):  # Python offsets where Label Studio's are expected
            text = task["data"]["text"]
            for r in result:
                if r["type"] == "labels":
                    start = text.index(r["value"]["text"])
                    r["value"].update(start=start, end=start + len(r["value"]["text"]))
    result = _import(stored, tmp_path / "bad.json", _review(tasks, wrong_offsets))
    assert result.exit_code == 1 and "[E092]" in result.stderr and "task 2" in result.stderr
    assert "Nothing was imported" in result.stderr
    assert all("corrections" not in l for l in _exported(stored)), "the good first task was not stored either"

    fresh = _review(tasks, lambda t, r: r.clear())  # annotations begun without the predictions
    result = _import(stored, tmp_path / "empty.json", fresh)
    assert result.exit_code == 1 and "none of the predicted regions" in result.stderr

    edited = _review(tasks, _person)
    edited[0]["data"]["claimledger"]["a2"]["key"] = "the chair's quote"
    result = _import(stored, tmp_path / "edited.json", edited)
    assert result.exit_code == 1 and "[E092]" in result.stderr and "data.claimledger" in result.stderr

    (tmp_path / "junk.json").write_text("[{not json")
    result = run("import-corrections", str(tmp_path / "junk.json"), "--db", stored)
    assert result.exit_code == 1 and "[E091]" in result.stderr


def test_unknown_articles_are_reported_and_the_rest_stored(stored: str, tmp_path: Path) -> None:
    pier = _exported(stored)[0]
    quote = _by_content(pier, '"There is no sale')
    lines = [{"article": "0" * 64, "attribution": "a1", "stance": "deny"},
             {"article": pier["article"]["id"], "attribution": quote["id"], "stance": "deny", "author": "desk"}]
    result = _import(stored, tmp_path / "fixes.jsonl", lines)
    assert result.exit_code == 0, result.output
    assert "[E093] line 1" in result.stderr and "1 skipped" in result.stdout
    assert _by_content(_exported(stored)[0], '"There is no sale')["stance"] == "deny"


def test_a_review_of_an_article_not_stored_is_reported_and_the_rest_stored(
        stored: str, tmp_path: Path, analysed: list[dict[str, Any]]) -> None:
    reviewed = _review(_export_tasks(stored, tmp_path), _person)
    other = str(tmp_path / "only-the-pier.db")
    with open_repository(other) as repo:
        repo.save(ledger_from_dict(analysed[0]))
    result = _import(other, tmp_path / "reviewed.json", reviewed)
    assert result.exit_code == 0, result.output
    assert "[E093] task 2 (id 2): no stored article" in result.stderr
    assert "3 correction(s) of 1 article(s)" in result.stdout and "1 skipped" in result.stdout
    (pier,) = _exported(other)
    assert _by_content(pier, '"There is no sale')["stance"] == "deny"


def test_jsonl_corrections_by_id_span_and_addition(stored: str, tmp_path: Path) -> None:
    pier, grain = _exported(stored)
    text = pier["article"]["text"]
    brandt = _by_content(pier, "the plan had been discussed")
    strike = _by_content(pier, "that members would strike")
    content = "The Westmarch Harbour Authority is preparing to sell Pier 9 to a cruise operator for about $40 million"
    who = "three people briefed on the talks"
    c0, s0 = text.index(content), text.index(who)
    lines = [
        {"article": pier["article"]["id"], "attribution": brandt["id"], "stance": "hedge",
         "source": {"start": text.index("Tomas Brandt"), "end": text.index("Tomas Brandt") + 12}},
        {"article": pier["article"]["id"], "at": {"start": strike["content"]["start"], "end": strike["content"]["end"]},
         "remove": True},
        {"article": pier["article"]["id"],
         "add": {"source": {"start": s0, "end": s0 + len(who), "kind": "anonymous"}, "cue": None,
                 "content": {"start": c0, "end": c0 + len(content)}, "stance": "assert"}},
    ]
    result = _import(stored, tmp_path / "fixes.jsonl", lines)
    assert result.exit_code == 0, result.output
    corrected = _exported(stored)[0]
    fixed = _by_content(corrected, "the plan had been discussed")
    assert fixed["stance"] == "hedge" and fixed["corrected"] == ["source", "stance"]
    assert fixed["source"]["text"] == "Tomas Brandt" and fixed["source"]["name"] == "Tomas Brandt"
    assert not [a for a in corrected["attributions"] if a["content"]["text"].startswith("that members would strike")]
    added = _by_content(corrected, "The Westmarch Harbour Authority")
    assert added["source"]["kind"] == "anonymous" and added["cue"] is None

    for bad, message in [({"article": pier["article"]["id"], "attribution": brandt["id"], "stance": "sarcastic"},
                          "unknown stance"),
                         ({"article": pier["article"]["id"], "attribution": "a999", "stance": "deny"},
                          "no attribution"),
                         ({"article": pier["article"]["id"], "at": {"start": 5, "end": 10 ** 6}, "stance": "deny"},
                          "outside the article")]:
        result = _import(stored, tmp_path / "bad.jsonl", [lines[0], bad])
        assert result.exit_code == 1 and "[E092] " not in result.stdout and message in result.stderr, result.output
        assert "line 2" in result.stderr
    assert _exported(stored)[0] == corrected  # none of the bad files stored its good first line


def test_parquet_holds_the_same_rows_as_the_database(stored: str, tmp_path: Path) -> None:
    out = tmp_path / "archive"
    assert run("export", "--format", "parquet", "--db", stored).exit_code == 1  # no folder given
    result = run("export", "--format", "parquet", "--db", stored, "--out", str(out))
    assert result.exit_code == 0, result.output
    with open_repository(stored) as repo:
        for table in metadata.sorted_tables:
            read = pq.read_table(out / f"{table.name}.parquet").to_pylist()
            rows = list(repo.table_rows(table))
            assert [[k for k in r if k != "published_text"] for r in read] == [list(r) for r in rows]
            if table.name == "articles":
                for r in rows:
                    del r["ledger"]  # the machine's; the export has the corrected one
                assert [json.loads(r.pop("ledger")) for r in read] == [as_dict(repo.get(r["id"])) for r in rows]
                # `published` is a date in Parquet, the value as given beside it (issue 21).
                days = [(r.pop("published"), r.pop("published_text")) for r in read]
                assert days == [(parquet.publication_day(r["published"]), r.pop("published")) for r in rows]
                assert all(isinstance(day, date) for day, _ in days)  # both written articles give a date
                # SQLite gives naive UTC datetimes, Parquet keeps them as UTC.
                assert read == [{k: v.replace(tzinfo=timezone.utc) if isinstance(v, datetime) and v.tzinfo is None
                                 else v for k, v in r.items()} for r in rows]
            else:
                assert read == rows
        assert len(pq.read_table(out / "attributions.parquet")) == sum(len(l["attributions"]) for l in map(ledger_to_dict, repo.ledgers())) > 0
    assert not [p for p in out.iterdir() if p.name.startswith(".")], "no partial files left"
    with open_repository(stored) as repo:  # written two rows at a time, the same tables come out
        counts = parquet.write(repo, tmp_path / "small-batches", batch=2)
        for table in metadata.sorted_tables:
            small = pq.read_table(tmp_path / "small-batches" / f"{table.name}.parquet")
            assert small.equals(pq.read_table(out / f"{table.name}.parquet")) and len(small) == counts[table.name]
        assert counts["attributions"] > 2
    file = tmp_path / "a-file"
    file.write_text("x")
    result = run("export", "--format", "parquet", "--db", stored, "--out", str(file))
    assert result.exit_code == 1 and "[E090]" in result.stderr


def test_claimreview_claims_carry_sources_and_appearance_and_reviews_only_from_pages(
        stored: str, tmp_path: Path) -> None:
    doc = json.loads(run("export", "--format", "claimreview", "--db", stored).stdout)
    assert doc["@context"]["@vocab"] == "https://schema.org/"
    graph = doc["@graph"]
    assert graph and {item["@type"] for item in graph} == {"Claim"}  # no fact-check on these pages: no verdicts
    pier = next(c for c in graph if c["text"].startswith("The plan had been discussed"))
    assert pier["author"] == [{"@type": "Person", "name": "Tomas Brandt"}]
    assert pier["appearance"][0]["url"] == "https://news.example/westmarch/pier-9"
    assert pier["appearance"][0]["publisher"] == {"@type": "Organization", "name": "Westmarch Courier"}
    assert pier["datePublished"] == "2026-03-03" and pier["firstAppearance"] == pier["appearance"][0]

    with open_repository(stored) as repo:
        (page,) = analyze_many(read_inputs([str(PAGES / "factcheck-jsonld.html")]))
        repo.save(page)
    graph = json.loads(run("export", "--format", "claimreview", "--db", stored).stdout)["@graph"]
    reviews = [item for item in graph if item["@type"] == "ClaimReview"]
    assert len(reviews) == 2
    first = reviews[0]
    assert first["author"] == {"@type": "Organization", "name": "Tidewater Verify"}
    assert first["reviewRating"]["alternateName"] == "False" and first["reviewRating"]["bestRating"] == 5.0
    assert first["itemReviewed"]["author"] == {"@type": "Person", "name": "Harlan Okoro"}  # the text reports him
    assert reviews[1]["itemReviewed"]["author"]["@type"] == "Thing"  # only in the markup: kind unknown
    ids = {item["@id"] for item in graph if item["@type"] == "Claim"}
    assert first["claimledger:claims"] and set(first["claimledger:claims"]) <= ids


def test_csv_cells_never_start_a_formula(stored: str) -> None:
    table = run("export", "--format", "csv", "--db", stored).stdout
    rows = list(csv.DictReader(io.StringIO(table)))
    hostile = [r for r in rows if "HYPERLINK" in r["content_text"]]
    assert hostile and all(r["content_text"].startswith("'=HYPERLINK") for r in hostile)
    assert any(r["source_text"].startswith("'@WestmarchPort") for r in rows)
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@")), value
        assert row["content_start"].isdigit()


def test_the_sqlite_file_opens_in_datasette_with_foreign_keys_and_full_text_search(
        tmp_path: Path, analysed: list[dict[str, Any]]) -> None:
    import asyncio

    from datasette.app import Datasette

    path = tmp_path / "news.db"
    with open_repository(str(path)) as repo:
        for ledger in analysed:
            repo.save(ledger_from_dict(ledger))
    pier = analysed[0]

    async def ask() -> tuple[Any, ...]:
        ds = Datasette(files=[str(path)])  # the file as ingest left it: no metadata, no plugins
        await ds.invoke_startup()
        tables = {t["name"]: t for t in (await ds.client.get("/news.json")).json()["tables"]}
        found = (await ds.client.get("/news/articles_fts.json?_search=cruise+operator&_shape=array")).json()
        claims = (await ds.client.get("/news/claims_fts.json?_search=board+meetings&_shape=array")).json()
        rows = (await ds.client.get("/news/attributions.json?_shape=array&_size=max")).json()
        return tables, found, claims, rows

    tables, found, claims, rows = asyncio.run(ask())
    assert {t.name for t in metadata.sorted_tables} <= set(tables)
    for child in ("attributions", "claims", "origins", "claim_links", "relations"):
        assert {"other_table": "articles", "column": "article_id", "other_column": "id"} in tables[child]["foreign_keys"]["outgoing"]
    for fts in ("articles_fts", "claims_fts", "story_claims_fts"):
        assert tables[fts]["fts_table"] == fts  # Datasette offers its search on them
    assert [r["article_id"] for r in found] == [pier["article"]["id"]]
    assert [(r["article_id"], r["claim_id"]) for r in claims] == [
        (pier["article"]["id"], c["id"]) for c in pier["claims"] if "board meetings" in c["text"]]
    assert len(rows) == sum(len(l["attributions"]) for l in analysed)


@given(st.lists(st.sampled_from(["a", " ", "é", "\n", "🚢", "𝔘", "中"]), max_size=30), st.data())
def test_offsets_convert_both_ways_as_javascript_counts(chars: list[str], data: st.DataObject) -> None:
    from claimledger.exchange.labelstudio import Offsets

    text = "".join(chars)
    off = Offsets(text)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    s16, e16 = off.to16(start), off.to16(end)
    assert _js(text, s16, e16) == text[start:end]
    assert (off.from16(s16), off.from16(e16)) == (start, end)


def test_a_correction_follows_its_attribution_through_a_shifted_span(analysed: list[dict[str, Any]]) -> None:
    """A re-analysis may give the attribution a slightly different content span: the correction goes to the
    one overlapping its key by at least half; one that overlaps nothing waits, counted as unmatched."""
    from claimledger.store.corrections import Correction, apply

    pier = analysed[0]
    target = _by_content(pier, "the plan had been discussed")
    start, end = target["content"]["start"], target["content"]["end"]
    shifted = Correction(pier["article"]["id"], start + 4, end + 2, "stance", "deny")
    elsewhere = Correction(pier["article"]["id"], 0, 3, "stance", "deny")
    out = as_dict(apply(ledger_from_dict(pier), [shifted, elsewhere]))
    assert _by_content(out, "the plan had been discussed")["stance"] == "deny"
    assert out["corrections"] == {"applied": 1, "unmatched": 1, "added": [], "removed": []}
    assert [a["stance"] for a in out["attributions"] if not a.get("corrected")] == [
        a["stance"] for a in pier["attributions"] if a["id"] != target["id"]]
    assert pier == analysed[0] and "corrected" not in _by_content(pier, "the plan had been discussed")
