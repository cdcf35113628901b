"""WARC and WARC.gz archives, written here with warcio from the trafilatura sample pages (../shared)."""
from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claimledger.ingest import read_inputs
from claimledger.model import Document, Failure
from claimledger.options import Options

SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "data" / "trafilatura-sample" / "html"
FIXTURES = Path(__file__).parent / "fixtures" / "web"


def sample_pages(n: int) -> list[bytes]:
    return [p.read_bytes() for p in sorted(SAMPLE.glob("*.html"))[:n]]


def write_warc(path: Path, records: list[tuple[str, str, str, bytes]], *, gz: bool = True,
               extra: dict[str, str] | None = None) -> Path:
    """records: (url, status line, content type, body); each response follows its request, as crawlers write."""
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        for url, status, content_type, body in records:
            writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
            headers = StatusAndHeaders(status, [("Content-Type", content_type), *(extra or {}).items()],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers,
                                                          warc_headers_dict={"WARC-Date": "2026-10-20T06:00:00Z"}))
    return path


def sample_records(n: int) -> list[tuple[str, str, str, bytes]]:
    return [(f"https://news.example/{i}.html", "200 OK", "text/html; charset=utf-8", body)
            for i, body in enumerate(sample_pages(n))]


def code(item: Document | Failure) -> str | None:
    return item.error.code if isinstance(item, Failure) else None


@pytest.mark.parametrize("gz", [True, False])
def test_only_html_pages_answered_200_are_read_with_url_and_date(tmp_path: Path, gz: bool) -> None:
    records = sample_records(4)
    records.insert(1, ("https://news.example/missing", "404 Not Found", "text/html", b"<html><body>gone</body></html>"))
    records.insert(2, ("https://news.example/logo.png", "200 OK", "image/png", b"\x89PNG" + bytes(100)))
    path = write_warc(tmp_path / ("crawl.warc.gz" if gz else "crawl.warc"), records, gz=gz)
    items = list(read_inputs([str(path)]))
    assert [i.path for i in items] == [f"https://news.example/{i}.html" for i in range(4)]
    assert all(isinstance(i, Document) and i.url == i.path and len(i.raw) > 500 for i in items)
    assert all(i.meta["fetched"].startswith("2026-10-20") for i in items if isinstance(i, Document))
    assert all(i.meta["warc"].startswith(path.name + "@") for i in items if isinstance(i, Document))


def test_the_record_date_stands_in_when_the_page_has_none(tmp_path: Path) -> None:
    undated = b"<html><body><article><p>" + b"The ferry company said on Monday that crossings would resume. " * 8 + \
        b"</p></article></body></html>"
    dated = (FIXTURES / "harbour.html").read_bytes()
    path = write_warc(tmp_path / "two.warc.gz", [("https://a.example/undated", "200 OK", "text/html", undated),
                                                 ("https://a.example/dated", "200 OK", "text/html", dated)])
    undated_doc, dated_doc = read_inputs([str(path)])
    assert isinstance(undated_doc, Document) and undated_doc.published == "2026-10-20T06:00:00+00:00"
    assert isinstance(dated_doc, Document) and dated_doc.published == "2026-10-14T08:30:00Z"
    assert dated_doc.outlet == "The Eastport Ledger"


@pytest.mark.parametrize("gz", [True, False])
def test_a_truncated_archive_says_where_it_ends_and_the_next_input_goes_on(tmp_path: Path, gz: bool) -> None:
    whole = write_warc(tmp_path / ("w.warc.gz" if gz else "w.warc"), sample_records(6), gz=gz).read_bytes()
    cut = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    article = tmp_path / "after.txt"
    article.write_text("The mayor said on Friday that the bridge would reopen next week.\n")
    for size in (len(whole) // 2, len(whole) - 40, len(whole) * 3 // 4):
        cut.write_bytes(whole[:size])
        items = list(read_inputs([str(cut), str(article)]))
        codes = [code(i) for i in items]
        assert codes[-1] is None and items[-1].path == str(article)
        assert codes[:-1].count(None) < 6 and codes[-2] in ("E130", "E131", "E136"), codes
        assert all(c is None for c in codes[:-2])  # the pages before the cut are read


def test_damaged_and_empty_archives(tmp_path: Path) -> None:
    whole = write_warc(tmp_path / "w.warc.gz", sample_records(3)).read_bytes()
    corrupt = tmp_path / "corrupt.warc.gz"
    corrupt.write_bytes(whole[:3000] + b"\x00garbage\xff" * 50 + whole[3500:])
    only_404 = write_warc(tmp_path / "none.warc.gz", [("https://x.example/", "404 Not Found", "text/html", b"<html/>")])
    items = list(read_inputs([str(corrupt), str(only_404)]))
    assert [code(i) for i in items][-1] == "E134"
    assert {code(i) for i in items[:-1]} & {"E130", "E131", "E136"}


def test_a_record_over_the_page_limit_and_odd_encodings(tmp_path: Path) -> None:
    big = b"<html><body><p>" + b"word " * 100_000 + b"</p></body></html>"
    latin = ("<html><body><article><p>" + "The caf\u00e9 owner said the council had \u00abignored\u00bb the "
             "residents. " * 6 + "</p></article></body></html>").encode("cp1252")
    bomb = gzip.compress(b"<html><body><p>" + b"a" * 5_000_000)
    path = write_warc(tmp_path / "odd.warc.gz", [("https://x.example/big", "200 OK", "text/html", big),
                                                 ("https://x.example/latin", "200 OK", "text/html; charset=windows-1252",
                                                  latin)])
    zipped = write_warc(tmp_path / "zipped.warc.gz", [("https://x.example/bomb", "200 OK", "text/html", bomb)],
                        extra={"Content-Encoding": "gzip"})
    items = list(read_inputs([str(path), str(zipped)], Options(max_page_bytes=100_000)))
    assert [code(i) for i in items] == ["E127", None, "E127"]
    assert isinstance(items[1], Document) and "caf\u00e9 owner" in items[1].raw and "\u00abignored\u00bb" in items[1].raw


def test_a_warc_without_its_extension_is_still_read(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "crawl.bin", sample_records(2))
    assert [code(i) for i in read_inputs([str(path)])] == [None, None]


def test_ingest_a_warc_stores_its_pages_under_their_urls(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from claimledger.cli import app
    from claimledger.store import open_repository

    path = write_warc(tmp_path / "local.warc.gz", [
        ("https://eastport.example/harbour", "200 OK", "text/html", (FIXTURES / "harbour.html").read_bytes()),
        ("https://eastport.example/old", "301 Moved Permanently", "text/html", b""),
        ("https://westfield.example/council", "200 OK", "text/html", (FIXTURES / "council.html").read_bytes())])
    db = str(tmp_path / "warc.db")
    result = CliRunner().invoke(app, ["ingest", str(path), "--db", db, "--no-story-claims"])
    assert result.exit_code == 0, result.output
    assert "2 new, 0 unchanged, 0 failed" in result.stdout
    with open_repository(db, create=False, readonly=True) as repo:
        rows = {row.path: row for row in repo.articles()}
    assert set(rows) == {"https://eastport.example/harbour", "https://westfield.example/council"}
    harbour = rows["https://eastport.example/harbour"]
    assert harbour.url == harbour.path and harbour.outlet == "The Eastport Ledger"
    assert (harbour.published or "").startswith("2026-10-14")
