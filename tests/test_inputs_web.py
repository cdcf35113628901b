"""URLs, feeds, sitemaps and URL lists, fetched from a real HTTP server on 127.0.0.1 (tests/webserver.py).

Every test but the refusals passes allow_private: the server is on loopback, which is refused otherwise.
"""
from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimledger.ingest import read_inputs
from claimledger.model import Document, Failure
from claimledger.options import Options

from webserver import FIXTURES, Site, gzip_bomb, page, redirect, serve, stall, stream_forever

HARBOUR = (FIXTURES / "harbour.html").read_bytes()
COUNCIL = (FIXTURES / "council.html").read_bytes()
FAST = Options(allow_private=True, host_delay=0, fetch_timeout=1.0, max_page_bytes=200_000)


def rss(base: str) -> bytes:
    items = "".join(f"<item><title>{t}</title><link>{base}{p}</link><pubDate>{d}</pubDate></item>" for t, p, d in [
        ("Harbour", "/news/harbour.html", "Tue, 13 Oct 2026 22:15:00 -0400"),
        ("Council", "/news/council.html", ""),
        ("Podcast", "/audio/episode.mp3", ""),
        ("Members", "/private/members.html", ""),
    ])
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Eastport Wire</title>{items}'
            f"<item><title>Local</title><link>file:///etc/passwd</link></item></channel></rss>").encode()


def atom(base: str) -> bytes:
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Gazette</title>'
            f'<entry><title>Council</title><link rel="alternate" href="/news/council.html"/>'
            f"<updated>2026-10-01T09:00:00Z</updated></entry></feed>").encode()


def sitemaps(base: str) -> dict[str, bytes]:
    index = (f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
             f"<sitemap><loc>{base}/sitemap-news.xml.gz</loc></sitemap>"
             f"<sitemap><loc>{base}/sitemap-index.xml</loc></sitemap></sitemapindex>").encode()  # a loop: read once
    news = (f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
            f"<url><loc>{base}/news/harbour.html</loc><news:news><news:publication><news:name>Eastport Ledger Online"
            f"</news:name></news:publication><news:publication_date>2026-10-13</news:publication_date></news:news></url>"
            f"<url><loc>{base}/news/council.html</loc></url></urlset>").encode()
    return {"/sitemap-index.xml": index, "/sitemap-news.xml.gz": gzip.compress(news)}


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    with serve({}) as site:
        base = site.base
        site.routes.update({
            "/robots.txt": page(b"User-agent: *\nDisallow: /private/\n", "text/plain"),
            "/news/harbour.html": page(HARBOUR),
            "/news/council.html": page(COUNCIL),
            "/private/members.html": page(HARBOUR),
            "/audio/episode.mp3": page(b"ID3\x03\x00\x00\x00" + bytes(2000), "audio/mpeg"),
            "/report.pdf": page(b"%PDF-1.7\n" + bytes(500), "application/pdf"),
            "/empty.html": page(b"<html><head></head><body>   </body></html>"),
            "/feed.xml": page(rss(base), "application/rss+xml"),
            "/atom.xml": page(atom(base), "application/atom+xml"),
            "/moved": redirect("/news/harbour.html", 301),
            "/to-private": redirect("/private/members.html"),
            "/to-file": redirect("file:///etc/passwd"),
            "/loop": redirect("/loop"),
            "/gone": lambda h: h.send_error(410),
            "/slow": stall(4.0),
            "/endless": stream_forever(0, b"endless words " * 1000),
            "/drip": stream_forever(0.3, b"x"),
            "/bomb": gzip_bomb(50_000_000),
            "/cut-gzip": page(gzip.compress(HARBOUR)[:-300], "text/html", **{"Content-Encoding": "gzip"}),
            "/brotli": page(b"\x1b\x00\x00\x00", "text/html", **{"Content-Encoding": "br"}),
            "/cyrillic.html": page("<html><body><p>Городской совет заявил, что библиотека останется открытой всю зиму."
                                   "</p></body></html>".encode("windows-1251"), "text/html; charset=windows-1251"),
            "/nested.html": page(b"<html><body>" + b"<div>" * 15_000 + b"<p>" + b"The port said the pier is shut. " * 8
                                 + b"</p>" + b"</div>" * 15_000 + b"</body></html>"),
            **{path: page(body, "application/xml") for path, body in sitemaps(base).items()},
        })
        yield site


def read(*urls: str, options: Options = FAST) -> list[Document | Failure]:
    return list(read_inputs(list(urls), options))


def code(item: Document | Failure) -> str | None:
    return item.error.code if isinstance(item, Failure) else None


def test_a_url_is_fetched_and_its_page_gives_date_and_outlet(site: Site) -> None:
    (doc,) = read(site.url("/news/harbour.html"))
    assert isinstance(doc, Document)
    assert "dredging of the main channel" in doc.raw and "All rights reserved" not in doc.raw
    assert doc.url == site.url("/news/harbour.html")
    assert doc.published == "2026-10-14T08:30:00Z" and doc.outlet == "The Eastport Ledger"
    assert doc.meta["fetched"][:2] == "20" and doc.meta["format"] == "html"
    agents = {agent for _, agent, _ in site.log}
    assert all(agent.startswith("claimledger/") for agent in agents)


def test_private_addresses_are_refused_without_the_option(site: Site) -> None:
    for url in (site.url("/news/harbour.html"), site.url("/news/harbour.html").replace("127.0.0.1", "localhost")):
        (item,) = read(url, options=Options(host_delay=0))
        assert code(item) == "E121", item
        assert "127.0.0.1" in str(item.error) and "--allow-private" in str(item.error)  # type: ignore[union-attr]


def test_file_and_other_schemes_are_never_fetched(site: Site, tmp_path: Path) -> None:
    assert [code(i) for i in read("file:///etc/passwd", "ftp://127.0.0.1/x")] == ["E120", "E120"]
    (item,) = read(site.url("/to-file"))
    assert code(item) == "E120"


def test_redirects_are_followed_checked_and_limited(site: Site) -> None:
    (moved,) = read(site.url("/moved"))
    assert isinstance(moved, Document) and moved.url == site.url("/news/harbour.html")
    assert moved.path == site.url("/moved")
    (private,) = read(site.url("/to-private"))  # robots.txt disallows where it leads
    assert code(private) == "E126"
    assert site.asked("/private/members.html") == 0
    (loop,) = read(site.url("/loop"))
    assert code(loop) == "E125"


def test_robots_txt_is_read_once_and_obeyed(site: Site) -> None:
    before = site.asked("/robots.txt")
    items = read(site.url("/private/members.html"), site.url("/news/harbour.html"), site.url("/news/council.html"))
    assert [code(i) for i in items] == ["E126", None, None]
    assert site.asked("/robots.txt") == before + 1


def test_bad_answers_each_get_one_error_and_the_rest_goes_on(site: Site) -> None:
    urls = ["/gone", "/report.pdf", "/empty.html", "/slow", "/endless", "/drip", "/bomb", "/cut-gzip", "/brotli",
            "/news/council.html"]
    items = read(*[site.url(u) for u in urls])
    assert [code(i) for i in items] == ["E124", "E128", "E002", "E123", "E127", "E123", "E127", "E136", "E136", None]
    assert "410" in str(items[0].error)  # type: ignore[union-attr]


def test_the_declared_charset_is_used(site: Site) -> None:
    (doc,) = read(site.url("/cyrillic.html"))
    assert isinstance(doc, Document) and "библиотека" in doc.raw


def test_a_page_nested_15000_deep_keeps_its_text(site: Site) -> None:
    (doc,) = read(site.url("/nested.html"))
    assert isinstance(doc, Document) and "pier is shut" in doc.raw


def test_an_rss_feed_fetches_its_links(site: Site) -> None:
    items = read(site.url("/feed.xml"))
    assert [(i.path.rsplit("/", 1)[-1], code(i)) for i in items] == [
        ("harbour.html", None), ("council.html", None), ("episode.mp3", "E128"), ("members.html", "E126")]
    harbour, council = items[0], items[1]
    assert isinstance(harbour, Document) and isinstance(council, Document)
    assert harbour.published == "2026-10-14T02:15:00+00:00"  # the feed's date, in UTC, over the page's
    assert harbour.meta["via"] == site.url("/feed.xml")
    assert council.published == "2026-09-30" and council.outlet == "Westfield Gazette"  # the page's own
    assert any("W021" in w for w in harbour.warnings)  # the file: link, skipped and told once


def test_an_atom_feed_resolves_relative_links(site: Site) -> None:
    (doc,) = read(site.url("/atom.xml"))
    assert isinstance(doc, Document) and doc.url == site.url("/news/council.html")
    assert doc.published == "2026-10-01T09:00:00Z"


def test_a_sitemap_index_is_followed_once_each(site: Site) -> None:
    items = read(site.url("/sitemap-index.xml"))
    assert [(i.path.rsplit("/", 1)[-1], code(i)) for i in items] == [("harbour.html", None), ("council.html", None)]
    harbour = items[0]
    assert isinstance(harbour, Document)
    assert harbour.published == "2026-10-13" and harbour.outlet == "The Eastport Ledger"  # page's outlet first


def test_feed_sitemap_and_url_list_files(site: Site, tmp_path: Path) -> None:
    feed = tmp_path / "wire.rss"
    feed.write_bytes(rss(site.base))
    urls = tmp_path / "urls.txt"
    urls.write_text(f"# today's reading\n{site.url('/news/harbour.html')}\n\nnot-a-url\n{site.url('/gone')}\n")
    items = read(str(feed), str(urls))
    assert [code(i) for i in items] == [None, None, "E128", "E126", "E132", None, "E124"]
    assert items[4].path == f"{urls}:4"


def test_the_per_host_rate_spaces_requests(site: Site) -> None:
    start = len(site.log)
    read(site.url("/news/harbour.html"), site.url("/news/council.html"),
         options=Options(allow_private=True, host_delay=0.4))
    times = [t for _, _, t in site.log[start:]]
    assert len(times) == 3  # robots.txt and the two pages, each at least the delay after the one before
    assert all(b - a >= 0.39 for a, b in zip(times, times[1:]))


# --- the commands -------------------------------------------------------------------------------


def test_analyze_a_url(site: Site) -> None:
    import json

    from typer.testing import CliRunner

    from claimledger.cli import app

    url = site.url("/news/harbour.html")
    result = CliRunner().invoke(app, ["analyze", url, site.url("/cyrillic.html"), "--allow-private", "--delay", "0",
                                      "--format", "json", "--extractor", "rules"])
    assert result.exit_code == 1, result.output  # the Russian page fails, the English one is analysed
    assert "cyrillic.html: [E005]" in result.stderr
    (ledger,) = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert ledger["article"]["path"] == url and "dredging" in ledger["article"]["text"]
    assert any(a["source"]["text"] == "Two shipping agents" for a in ledger["attributions"])
    refused = CliRunner().invoke(app, ["analyze", url, "--delay", "0"])
    assert refused.exit_code == 1 and "[E121]" in refused.stderr and "--allow-private" in refused.stderr


def test_ingest_a_feed_counts_its_pages_and_failures(site: Site, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from claimledger.cli import app

    db = str(tmp_path / "feed.db")
    result = CliRunner().invoke(app, ["ingest", site.url("/feed.xml"), "--db", db, "--allow-private", "--delay", "0",
                                      "--no-story-claims"])
    assert result.exit_code == 1, result.output
    assert "2 new, 0 unchanged, 2 failed" in result.stdout
    assert "episode.mp3: [E128]" in result.stderr and "members.html: [E126]" in result.stderr


def test_help_explains_the_new_inputs() -> None:
    from typer.testing import CliRunner

    from claimledger.cli import app

    for command in ("analyze", "ingest"):
        out = CliRunner().invoke(app, [command, "--help"], terminal_width=200).stdout
        for word in ("WARC", "feeds", "URLs", "--allow-private", "--timeout", "--delay", "--max-page-bytes"):
            assert word in out, (command, word)


def test_a_robots_txt_that_fails_keeps_the_host_closed() -> None:
    with serve({"/robots.txt": lambda h: h.send_error(503), "/a.html": page(HARBOUR)}) as down, \
            serve({"/a.html": page(HARBOUR)}) as none:  # no robots.txt at all (404): everything allowed
        items = read(down.url("/a.html"), none.url("/a.html"))
        assert [code(i) for i in items] == ["E133", None]
        assert down.asked("/a.html") == 0 and "503" in str(items[0].error)  # type: ignore[union-attr]


@pytest.mark.parametrize("field,value", [("fetch_timeout", 0), ("host_delay", -1), ("max_redirects", -1),
                                         ("max_page_bytes", 0)])
def test_fetching_options_are_checked(field: str, value: float) -> None:
    from claimledger.errors import ClaimledgerError

    with pytest.raises(ClaimledgerError, match=f"E031.*{field}"):
        Options(**{field: value})  # type: ignore[arg-type]
