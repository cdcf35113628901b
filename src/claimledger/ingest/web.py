"""Fetching pages politely and safely: httpx with timeouts, a size limit, checked redirects, robots.txt,
a per-host rate and an identifying User-Agent. Every problem is a numbered ClaimledgerError (E120-E136).

Defaults (Options): 15 s to connect and between two reads, and 60 s for a whole fetch, so a server that
drips one byte a second cannot hold a batch; 10 MiB a page (news pages are 0.1-2 MB; the body is
streamed and dropped at the limit, after decompression); 5 redirects (RFC 9309 asks robots.txt readers to
follow at least five); 1 s between requests to one host, or the Crawl-delay robots.txt asks (at most
MAX_CRAWL_DELAY). robots.txt that cannot be fetched (a 5xx, a timeout) disallows the host, as RFC 9309
says; one that does not exist (4xx) allows everything.
"""
from __future__ import annotations

import time
from importlib import metadata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from ..errors import ClaimledgerError, E
from ..options import Options
from .guard import GuardedTransport
from .unpack import Inflater



def _version() -> str:
    try:
        return metadata.version("claimledger")
    except metadata.PackageNotFoundError:
        return "0"


AGENT_TOKEN = "claimledger"  # what robots.txt names us by
USER_AGENT = f"{AGENT_TOKEN}/{_version()} (claim ledger for news research; +https://pypi.org/project/claimledger/)"
ROBOTS_BYTES = 512 * 1024  # Google reads the first 500 KiB of a robots.txt
MAX_CRAWL_DELAY = 30.0
DEADLINE_FACTOR = 4  # a whole fetch (every hop) may take this many --timeout
ACCEPT = ("text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,"
          "text/xml;q=0.9,text/plain;q=0.8,*/*;q=0.1")
_REDIRECTS = {301, 302, 303, 307, 308}


@dataclass(frozen=True)
class Page:
    """A fetched body and what the server said about it."""

    url: str  # after redirects
    requested: str
    body: bytes
    content_type: str  # the media type alone, lower case ("" when the server gave none)
    content_type_header: str  # as sent, with its charset
    fetched: str  # ISO 8601, UTC


def web_url(text: str) -> bool:
    """Whether an input names a web address (anything with a scheme other than a Windows drive letter)."""
    scheme = urlsplit(text).scheme
    return len(scheme) > 1 and "://" in text or scheme in ("file", "data", "javascript")


def check_url(url: str) -> str:
    """The URL if it is an http(s) URL with a host, else E120 (file:, ftp:, data:, no host...)."""
    try:
        parts = urlsplit(url)
    except ValueError as err:
        raise E.E120.error(detail=f"{url[:200]}: {err}") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise E.E120.error(detail=f"{parts.scheme or 'no'} scheme in {url[:200]}")
    if not parts.hostname:
        raise E.E120.error(detail=f"no host in {url[:200]}")
    return url


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


class Fetcher:
    """One crawl's HTTP client: its robots.txt cache and the time of the last request to each host.

    `transport` is the seam for tests and embedding; the default is GuardedTransport (public addresses
    only unless options.allow_private)."""

    def __init__(self, options: Options, transport: httpx.BaseTransport | None = None) -> None:
        self.options = options
        timeout = httpx.Timeout(options.fetch_timeout)
        self.client = httpx.Client(transport=transport or GuardedTransport(options.allow_private), timeout=timeout,
                                   follow_redirects=False, trust_env=False,
                                   headers={"User-Agent": USER_AGENT, "Accept": ACCEPT,
                                            "Accept-Encoding": "gzip, deflate"})
        self.robots: dict[str, RobotFileParser | ClaimledgerError] = {}
        self.last: dict[str, float] = {}

    def close(self) -> None:
        self.client.close()

    def fetch(self, url: str, *, limit: int | None = None) -> Page:
        """GET `url`, following redirects (each hop checked: scheme, address, robots.txt); raises a
        ClaimledgerError for anything but a 200 answer within the limits."""
        limit = limit or self.options.max_page_bytes
        deadline = time.monotonic() + DEADLINE_FACTOR * self.options.fetch_timeout
        current = check_url(url)
        for _ in range(self.options.max_redirects + 1):
            self._obey_robots(current)
            page = self._get(current, url, limit, deadline)
            if isinstance(page, Page):
                return page
            current = check_url(urljoin(current, page))
        raise E.E125.error(limit=self.options.max_redirects, url=url)

    def _get(self, url: str, requested: str, limit: int, deadline: float) -> Page | str:
        """One request: the page, or the Location a redirect points to."""
        self._wait(url)
        try:
            with self.client.stream("GET", url) as response:
                if response.status_code in _REDIRECTS and "location" in response.headers:
                    return response.headers["location"]
                if response.status_code != 200:
                    raise StatusError(response.status_code, url)
                header = response.headers.get("content-type", "")
                body = _read(response, url, limit, deadline)
        except httpx.TimeoutException as err:
            raise E.E123.error(url=url, detail=f"no answer within {self.options.fetch_timeout:g} s "
                                                f"({type(err).__name__})") from None
        except httpx.HTTPError as err:  # E121 from the guarded connection is ours and passes through as it is
            raise E.E122.error(url=url, detail=f"{type(err).__name__}: {err}"[:300]) from None
        fetched = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
        return Page(url=url, requested=requested, body=body, content_type=header.split(";")[0].strip().lower(),
                    content_type_header=header, fetched=fetched)

    def _wait(self, url: str) -> None:
        """Sleep until this host may be asked again: the per-host delay, or robots.txt's Crawl-delay."""
        origin = _origin(url)
        host = (urlsplit(url).hostname or "").lower()  # http and https of one host share its clock
        delay = self.options.host_delay
        robots = self.robots.get(origin)
        if isinstance(robots, RobotFileParser):
            asked = robots.crawl_delay(AGENT_TOKEN)
            delay = max(delay, min(float(asked), MAX_CRAWL_DELAY)) if asked else delay
        last = self.last.get(host)
        if last is not None:
            time.sleep(max(0.0, last + delay - time.monotonic()))
        self.last[host] = time.monotonic()

    def _obey_robots(self, url: str) -> None:
        origin = _origin(url)
        if origin not in self.robots:
            self.robots[origin] = self._robots(origin)
        robots = self.robots[origin]
        if isinstance(robots, ClaimledgerError):
            raise robots
        if not robots.can_fetch(AGENT_TOKEN, url):
            raise E.E126.error(origin=origin, url=url)

    def _robots(self, origin: str) -> RobotFileParser | ClaimledgerError:
        parser = RobotFileParser(origin + "/robots.txt")
        deadline = time.monotonic() + DEADLINE_FACTOR * self.options.fetch_timeout
        url = origin + "/robots.txt"
        for _ in range(self.options.max_redirects + 1):
            try:
                got = self._get(check_url(url), url, ROBOTS_BYTES, deadline)
            except ClaimledgerError as err:
                if isinstance(err, StatusError) and 400 <= err.status < 500:
                    parser.parse([])  # no robots.txt (404, 410...): nothing is disallowed
                    return parser
                if err.code == "E121":  # the host itself is refused: say that, not "robots.txt unreadable"
                    return err
                return E.E133.error(origin=origin, detail=str(err)[len(err.code) + 3:][:200])
            if isinstance(got, Page):
                parser.parse(got.body.decode("utf-8", "replace").splitlines())
                return parser
            url = urljoin(url, got)
        return E.E133.error(origin=origin, detail="too many redirects")


class StatusError(ClaimledgerError):
    """E124 with the status kept: a 4xx for robots.txt means there is none (401 and 403 too: RFC 9309
    calls them 'unavailable', which allows everything)."""

    def __init__(self, status: int, url: str) -> None:
        error = E.E124.error(status=status, url=url)
        super().__init__(error.code, str(error)[len(error.code) + 3:])
        self.status = status


def _read(response: httpx.Response, url: str, limit: int, deadline: float) -> bytes:
    """The body, streamed: refused as soon as it passes `limit` (declared or received, after
    decompression) or the whole fetch passes its deadline (a server dripping bytes)."""
    too_big = E.E127.error(url=url, limit=limit)
    declared = response.headers.get("content-length", "")
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    if declared.isdigit() and int(declared) > limit and encoding == "identity":
        raise too_big
    if encoding not in ("identity", "", "gzip", "x-gzip", "deflate"):  # we ask for gzip and deflate only
        raise E.E136.error(what=f"the body of {url}", detail=f"content encoding '{encoding[:40]}' is not read")
    inflater = Inflater(encoding, limit, too_big, f"the body of {url}") if encoding in (
        "gzip", "x-gzip", "deflate") else None
    parts: list[bytes] = []
    size = 0
    for chunk in _chunks(response):
        part = inflater.feed(chunk) if inflater else chunk
        size += len(part)
        if size > limit:
            raise too_big
        parts.append(part)
        if time.monotonic() > deadline:
            raise E.E123.error(url=url, detail=f"the body was still coming after {DEADLINE_FACTOR}x the timeout")
    if inflater:
        inflater.finish()
    return b"".join(parts)


def _chunks(response: httpx.Response) -> Iterator[bytes]:
    # iter_raw: the bytes as sent, so decompression is ours and bounded (httpx would inflate unbounded);
    # no chunk size, which would wait for that many bytes before the deadline is looked at again.
    return response.iter_raw()
