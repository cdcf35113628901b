"""`claimledger serve` as a client sees it: the JSON API and the pages, on SQLite and PostgreSQL.

The store is the written gas story (tests/fixtures/across/gas-story.jsonl), ingested for real (spaCy, the
attribution and relation models, story claims), once per database. Most tests use FastAPI's TestClient;
test_real_server starts `claimledger serve` on 127.0.0.1 and talks to it over TCP.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from claimledger.cli import app as cli
from claimledger.serve import Settings, create_app
from claimledger.store import open_repository
from serve_helpers import HOSTILE, PAYLOADS, TOKEN, fill, hostile_jsonl, server

AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A store holding the ingested story (module-wide: read tests must not write to it)."""
    if request.param == "sqlite":
        url = str(tmp_path_factory.mktemp("serve") / "story.db")
        fill(url)
        yield url
        return
    import psycopg

    base = request.getfixturevalue("postgres_server")
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute('CREATE DATABASE "serve_story"')
    url = base.rsplit("/", 1)[0] + "/serve_story"
    fill(url)
    yield url
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute('DROP DATABASE IF EXISTS "serve_story" WITH (FORCE)')


@pytest.fixture(scope="module")
def client(store: str) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(db=store, token=TOKEN)), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def writable(db_url: str) -> Iterator[TestClient]:
    """A client on a fresh store of its own, holding the story, for tests that write."""
    fill(db_url)
    with TestClient(create_app(Settings(db=db_url, token=TOKEN)), raise_server_exceptions=False) as c:
        yield c


def _json(client: TestClient, path: str, status: int = 200, **kw: Any) -> Any:
    r = client.get(path, **kw)
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    return r.json()


# --- reading -------------------------------------------------------------------------------------------

def test_articles_list_pages_and_filters(client: TestClient) -> None:
    everything = _json(client, "/api/v1/articles")["articles"]
    assert len(everything) == 6
    first = _json(client, "/api/v1/articles?limit=4")
    rest = _json(client, f"/api/v1/articles?limit=4&offset={first['next_offset']}")
    assert first["next_offset"] == 4 and rest["next_offset"] is None
    assert [a["id"] for a in first["articles"] + rest["articles"]] == [a["id"] for a in everything]
    outlets = {a["outlet"] for a in everything}
    one = sorted(outlets)[0]
    found = _json(client, "/api/v1/articles", params={"outlet": one.upper()})["articles"]
    assert found and {a["outlet"] for a in found} == {one}
    dates = sorted(a["published"][:10] for a in everything)
    later = _json(client, "/api/v1/articles", params={"since": dates[-1]})["articles"]
    assert later and all(a["published"][:10] >= dates[-1] for a in later) and len(later) < len(everything)
    hits = _json(client, "/api/v1/articles", params={"q": "pipeline Kessel"})["articles"]
    assert hits and all("Kessel" in client.get(f"/api/v1/articles/{a['id']}").json()["article"]["text"] for a in hits)


def test_one_article_is_its_ledger_with_origin_and_story_claims(client: TestClient) -> None:
    row = _json(client, "/api/v1/articles?limit=1")["articles"][0]
    ledger = _json(client, f"/api/v1/articles/{row['id']}")
    assert ledger["schema"] == "claimledger.article/1" and ledger["article"]["id"] == row["id"]
    assert ledger["origin"] and ledger["story_claims"]
    assert _json(client, "/api/v1/articles/" + "0" * 64, 404)["error"]["message"]


def test_attributions_filter_by_stance_kind_and_source(client: TestClient) -> None:
    denials = _json(client, "/api/v1/attributions", params={"stance": "deny", "limit": 200})["attributions"]
    assert denials and {a["stance"] for a in denials} == {"deny"}
    anonymous = _json(client, "/api/v1/attributions", params={"source_kind": "anonymous"})["attributions"]
    assert anonymous and all(a["source_kind"] == "anonymous" for a in anonymous)
    reyes = _json(client, "/api/v1/attributions", params={"source": "reyes"})["attributions"]
    assert reyes and all("reyes" in (a["source_name"] or a["source_text"]).lower() for a in reyes)
    assert _json(client, "/api/v1/attributions", params={"source": "%_"})["attributions"] == []  # no wildcards


def test_claims_contested_first_and_one_claim_timeline(client: TestClient) -> None:
    found = _json(client, "/api/v1/claims")
    claims = found["claims"]
    assert found["total"] == len(claims) and claims
    contested = _json(client, "/api/v1/claims?contested=true")["claims"]
    assert contested and all(c["contested"] for c in contested)
    assert claims[0]["id"] == contested[0]["id"]  # most disputed first
    one = _json(client, f"/api/v1/claims/{contested[0]['id']}")
    times = [e["when"] for e in one["timeline"]]
    assert times == sorted(times) and {e["relation"] for e in one["timeline"]} >= {"supports", "denies"}
    denies = _json(client, f"/api/v1/claims/{contested[0]['id']}?stance=denies")["timeline"]
    assert denies and {e["relation"] for e in denies} == {"denies"}
    with_denial = _json(client, "/api/v1/claims?stance=denies")["claims"]
    assert all(c["denies"]["statements"] for c in with_denial)
    assert _json(client, "/api/v1/claims/999999", 404)["error"]["code"] == "E075"


def test_sources_and_track(client: TestClient) -> None:
    profiles = _json(client, "/api/v1/sources?top=3")
    assert profiles["outlets"] and len(profiles["quoted"]) <= 3
    tracked = _json(client, "/api/v1/track", params={"claim": "Valmora asked Norway for emergency gas"})
    assert tracked["articles"] and {"supports", "denies"} & {a["stance"] for a in tracked["articles"]}
    assert _json(client, "/api/v1/track", 400, params={"claim": "the of and"})["error"]["code"] == "E086"


# --- errors, limits, guards ----------------------------------------------------------------------------

def test_errors_are_json_with_status_and_no_trace(client: TestClient) -> None:
    for path, status in (("/api/v1/articles?limit=0", 422), ("/api/v1/articles?limit=100000", 422),
                         ("/api/v1/claims/notanumber", 422), ("/api/v1/nothing", 404),
                         ("/api/v1/articles?since=yesterday", 422)):
        body = _json(client, path, status)
        assert body["error"]["status"] == status and "Traceback" not in json.dumps(body)
    r = client.delete("/api/v1/articles")
    assert r.status_code == 405 and r.json()["error"]["status"] == 405


def test_writes_need_the_token(client: TestClient, store: str) -> None:
    before = _json(client, "/api/v1/articles")["articles"]
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic " + TOKEN}):
        r = client.post("/api/v1/ingest", content=hostile_jsonl(), headers=headers)
        assert r.status_code == 401 and r.json()["error"]["status"] == 401
        r = client.post("/api/v1/corrections", json=[{"article": before[0]["id"], "attribution": "a1", "stance": "deny"}],
                        headers=headers)
        assert r.status_code == 401
    with TestClient(create_app(Settings(db=store, token=None))) as closed:  # no token configured: no writes
        r = closed.post("/api/v1/ingest", content=hostile_jsonl(), headers=AUTH)
        assert r.status_code == 401 and "CLAIMLEDGER_TOKEN" in r.json()["error"]["message"]
    assert _json(client, "/api/v1/articles")["articles"] == before


def test_body_over_the_limit_is_413(store: str) -> None:
    with TestClient(create_app(Settings(db=store, token=TOKEN, max_body=2048))) as small:
        big = json.dumps({"text": "Officials said gas was short. " * 200})
        r = small.post("/api/v1/analyze", content=big, headers={"content-type": "application/json"})
        assert r.status_code == 413 and r.json()["error"]["status"] == 413

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it streams
            for _ in range(10):
                yield b"x" * 1000

        r = small.post("/api/v1/ingest", content=chunks(), headers=AUTH)
        assert r.status_code == 413


def test_analyze_returns_a_ledger_and_stores_nothing(client: TestClient, store: str) -> None:
    with open_repository(store, create=False) as repo:
        before = repo.count()
    r = client.post("/api/v1/analyze", json={"title": "Port shut", "text": 'The port authority closed the harbour '
                    'to tankers on Monday, two shipping officials said. The authority denied the report. Its '
                    'spokesman, Ana Lind, said the harbour "has not been closed to anyone."'})
    assert r.status_code == 200, r.text
    ledger = r.json()
    assert ledger["schema"] == "claimledger.article/1" and ledger["attributions"]
    assert any(a["stance"] == "deny" for a in ledger["attributions"])
    with open_repository(store, create=False) as repo:
        assert repo.count() == before
    bad = client.post("/api/v1/analyze", json={"text": "Der Hafen wurde am Montag geschlossen, sagte der Hafenmeister "
                                                       "der Stadt, und die Regierung hat nichts dazu gesagt."})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "E005"
    assert client.post("/api/v1/analyze", json={"title": "no text"}).status_code == 422


def test_ingest_and_corrections_reach_every_read(writable: TestClient) -> None:
    r = writable.post("/api/v1/ingest", content=hostile_jsonl(), headers=AUTH)
    assert r.status_code == 200, r.text
    assert r.json()["counts"] == {"new": 1, "unchanged": 0, "failed": 0}
    again = writable.post("/api/v1/ingest", content=hostile_jsonl(), headers={**AUTH, "content-type": "application/x-ndjson"})
    assert again.json()["counts"]["unchanged"] == 1
    article_id = r.json()["articles"][0]["article_id"]
    ledger = _json(writable, f"/api/v1/articles/{article_id}")
    target = next(a for a in ledger["attributions"] if a["stance"] != "hedge")
    fix = [{"article": article_id, "attribution": target["id"], "stance": "hedge", "author": "desk"}]
    r = writable.post("/api/v1/corrections", json=fix, headers=AUTH)
    assert r.status_code == 200 and r.json()["stored"] == 1
    ledger = _json(writable, f"/api/v1/articles/{article_id}")
    fixed = next(a for a in ledger["attributions"] if a["id"] == target["id"])
    assert fixed["stance"] == "hedge" and "stance" in fixed["corrected"]
    rows = _json(writable, "/api/v1/attributions", params={"article": article_id, "stance": "hedge"})["attributions"]
    assert target["id"] in {a["attribution_id"] for a in rows}
    assert target["id"] in writable.get(f"/articles/{article_id}").text
    bad = writable.post("/api/v1/corrections", json=[{"article": article_id, "attribution": "a999", "stance": "deny"}],
                        headers=AUTH)
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "E092"


# --- pages ---------------------------------------------------------------------------------------------

def _html(client: TestClient, path: str, status: int = 200) -> str:
    r = client.get(path, headers={"accept": "text/html"})
    assert r.status_code == status, r.text[:500]
    assert r.headers["content-type"].startswith("text/html")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert r.headers["x-content-type-options"] == "nosniff" and r.headers["x-frame-options"] == "DENY"
    return r.text


def test_pages_show_the_ledger(client: TestClient) -> None:
    contested = _json(client, "/api/v1/claims?contested=true")["claims"][0]
    claim_page = _html(client, f"/claims/{contested['id']}")
    assert "<svg" in claim_page and claim_page.count("<circle") == len(_json(client, f"/api/v1/claims/{contested['id']}")["timeline"])
    assert "Who denies" in claim_page and "Why denies" in claim_page
    article_link = re.search(r'href="/articles/([0-9a-f]{64})#(a\d+|title)"', claim_page)
    assert article_link
    article_page = _html(client, f"/articles/{article_link.group(1)}")
    assert f'id="{article_link.group(2)}"' in article_page
    for role in ("source", "cue", "content"):
        assert f"hl role-{role}" in article_page
    assert 'class="tip"' in article_page and "Removed lines" in article_page
    for page in ("/", "/claims?contested=true", "/sources", "/search?q=gas", "/analyze"):
        assert "<script>" not in _html(client, page)
    assert "<rect" in _html(client, "/sources")
    not_found = _html(client, "/claims/999999", 404)
    assert "E075" in not_found and "Traceback" not in not_found
    for link in re.findall(r"<a [^>]*class=\"ext\"[^>]*>", article_page):
        assert 'rel="noopener noreferrer"' in link and 'href="http' in link


def test_hostile_article_is_escaped_in_every_page(writable: TestClient) -> None:
    r = writable.post("/api/v1/ingest", content=hostile_jsonl(), headers=AUTH)
    article_id = r.json()["articles"][0]["article_id"]
    pages = [f"/articles/{article_id}", "/search?q=gas", "/", "/sources", "/claims"]
    pages += [f"/claims/{c['id']}" for c in _json(writable, "/api/v1/claims?q=gas")["claims"]]
    for path in pages:
        page = _html(writable, path)
        for payload in PAYLOADS:
            assert payload not in page.replace('<script src="/static/app.js" defer></script>', ""), (path, payload)
    assert "&lt;script&gt;" in _html(writable, f"/articles/{article_id}")
    pasted = writable.post("/analyze", data={"text": HOSTILE["text"], "title": HOSTILE["title"]},
                           headers={"accept": "text/html"})
    assert pasted.status_code == 200 and "</textarea><script>" not in pasted.text
    empty = writable.post("/analyze", data={"text": "</textarea><script>x</script>" * 0 + " "})
    assert empty.status_code in (400, 422)


def test_correction_form_needs_the_token(writable: TestClient) -> None:
    contested = _json(writable, "/api/v1/claims?contested=true")["claims"][0]
    entry = next(e for e in _json(writable, f"/api/v1/claims/{contested['id']}")["timeline"]
                 if e["relation"] == "supports" and e["statement_id"] != "title")
    form = {"article": entry["article_id"], "attribution": entry["statement_id"], "stance": "deny"}
    r = writable.post("/corrections", data={**form, "token": "nope"}, headers={"accept": "text/html"})
    assert r.status_code == 401
    r = writable.post("/corrections", data={**form, "token": TOKEN}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith(f"/articles/{entry['article_id']}")
    ledger = _json(writable, f"/api/v1/articles/{entry['article_id']}")
    assert next(a for a in ledger["attributions"] if a["id"] == entry["statement_id"])["stance"] == "deny"
    # The person's reading reaches the claim's timeline and its page, in this server's next answer.
    timeline = _json(writable, f"/api/v1/claims/{contested['id']}")["timeline"]
    mine = [e for e in timeline if (e["article_id"], e["statement_id"]) == (entry["article_id"], entry["statement_id"])]
    assert [e["relation"] for e in mine] == ["denies"]
    page = _html(writable, f"/claims/{contested['id']}")
    denies = page[page.index('id="side-denies"'):page.index('id="side-discusses"')]
    assert f'/articles/{entry["article_id"]}#{entry["statement_id"]}"' in denies


# --- the command and a real server ------------------------------------------------------------------------

def test_real_server_on_loopback(store: str) -> None:
    with server(store) as base:
        r = httpx.get(base + "/api/v1/claims?contested=true&limit=5")
        assert r.status_code == 200 and r.json()["claims"]
        assert r.headers["x-frame-options"] == "DENY"
        r = httpx.post(base + "/api/v1/ingest", content=b'{"text": "x"}')
        assert r.status_code == 401
        assert httpx.get(base + "/openapi.json").json()["paths"]["/api/v1/claims/{claim_id}"]
    with server(store, extra=("--workers", "2")) as base:  # worker processes get the settings and the token
        assert httpx.get(base + "/api/v1/sources").status_code == 200
        assert httpx.post(base + "/api/v1/ingest", content=b'{"text": "x"}').status_code == 401
        r = httpx.post(base + "/api/v1/ingest", content=b'{"text": " "}', headers=AUTH)  # stores nothing
        assert r.status_code == 200 and r.json()["articles"][0]["error"]["code"] == "E002"  # the token reached it


def test_serve_help_and_open_host_warning(tmp_path: Path) -> None:
    out = CliRunner().invoke(cli, ["serve", "--help"])
    assert out.exit_code == 0 and "CLAIMLEDGER_TOKEN" in out.stdout
    missing = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 1 and "E064" in missing.stderr
    proc = subprocess.Popen([sys.executable, "-m", "claimledger", "serve", "--db", str(tmp_path / "none.db"),
                             "--host", "0.0.0.0"], stderr=subprocess.PIPE, text=True,
                            env={k: v for k, v in __import__("os").environ.items() if k != "CLAIMLEDGER_TOKEN"})
    _, err = proc.communicate(timeout=60)
    assert "warning" in err and "CLAIMLEDGER_TOKEN" in err and proc.returncode == 1


def test_an_unexpected_failure_is_a_plain_500(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "broken.db"
    open_repository(str(path)).close()
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE attributions")  # the database changed under the server
    conn.execute("DROP TABLE story_claims")
    conn.close()
    with TestClient(create_app(Settings(db=str(path))), raise_server_exceptions=False) as c:
        r = c.get("/api/v1/attributions")
        assert r.status_code == 500 and r.json() == {"error": {
            "status": 500, "message": "Internal error: the server could not answer this request."}}
        assert r.headers["x-frame-options"] == "DENY" and "script-src 'self'" in r.headers["content-security-policy"]
        page = c.get("/claims/1", headers={"accept": "text/html"})
        assert page.status_code == 500 and "Internal error" in page.text and "Traceback" not in page.text
        page = c.get("/attributions-not-a-page", headers={"accept": "text/html"})
        assert page.status_code == 404 and "Traceback" not in page.text


def test_serve_without_the_web_packages_says_what_to_install(tmp_path: Path) -> None:
    code = ("import sys; sys.modules['fastapi'] = None\n"  # as if the serve extra were not installed
            "from claimledger.cli import main; sys.argv = ['claimledger', 'serve', '--db', sys.argv[1]]; main()")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "x.db")], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 1 and "E100" in done.stderr and "claimledger[serve]" in done.stderr
    assert "Traceback" not in done.stderr
