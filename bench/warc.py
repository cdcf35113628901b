"""Reading pages from a WARC archive against reading the same pages as files, as ratios in one run.

    python bench/warc.py [--data ../shared/data/trafilatura-sample/html] [--repeat 5]

The trafilatura sample's pages are written (with warcio) into a WARC.gz and a plain WARC, one request and
one response record a page, as a crawler writes them. Timed, in alternation so that both sides see the
same machine drift, each side's best of --repeat passes: `read_inputs` over the folder of files, and over
each archive (read, decode, extract with trafilatura, page metadata: every Document made). Also timed:
the archive alone (every record's payload read, nothing extracted) with FastWARC and with warcio, the
figure design.md gives as 2.1x.
"""
from __future__ import annotations

import argparse
import io
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator as WarcioIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claimledger.ingest import read_inputs
from claimledger.model import Document

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "trafilatura-sample" / "html"


def write_warc(pages: list[Path], path: Path, gz: bool) -> None:
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        for page in pages:
            url = f"https://sample.example/{page.name}"
            writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(page.read_bytes()),
                                                          http_headers=headers))


def documents(path: Path) -> int:
    return sum(isinstance(item, Document) for item in read_inputs([str(path)]))


def fastwarc_records(path: Path) -> int:
    from fastwarc.warc import ArchiveIterator

    with path.open("rb") as fh:
        return sum(len(r.reader.read()) > 0 for r in ArchiveIterator(fh))


def warcio_records(path: Path) -> int:
    with path.open("rb") as fh:
        return sum(len(r.content_stream().read()) > 0 for r in WarcioIterator(fh))


def best(work: dict[str, Callable[[], int]], repeat: int) -> dict[str, tuple[float, int]]:
    """Each job's fastest of `repeat` passes (jobs alternate within a pass) and what it returned."""
    times = {name: float("inf") for name in work}
    counts = {name: 0 for name in work}
    for _ in range(repeat):
        for name, job in work.items():
            start = time.perf_counter()
            counts[name] = job()
            times[name] = min(times[name], time.perf_counter() - start)
    return {name: (times[name], counts[name]) for name in work}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(DEFAULT_DATA))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    folder = Path(args.data)
    pages = sorted(folder.glob("*.html"))
    with tempfile.TemporaryDirectory() as tmp:
        gz, plain = Path(tmp) / "sample.warc.gz", Path(tmp) / "sample.warc"
        write_warc(pages, gz, True)
        write_warc(pages, plain, False)
        size = gz.stat().st_size
        documents(folder)  # warm-up: imports, trafilatura's first page
        read = best({"files": lambda: documents(folder), "warc.gz": lambda: documents(gz),
                     "warc": lambda: documents(plain)}, args.repeat)
        raw = best({"fastwarc": lambda: fastwarc_records(gz), "warcio": lambda: warcio_records(gz)}, args.repeat)
    files_s, files_n = read["files"]
    print(f"{len(pages)} sample pages; WARC.gz {size / 1e6:.1f} MB; "
          f"best of {args.repeat}")
    print(f"  files     {files_n} documents  {files_n / files_s:7.1f} pages/s")
    for name in ("warc.gz", "warc"):
        seconds, n = read[name]
        print(f"  {name:8}  {n} documents  {n / seconds:7.1f} pages/s  = {files_s / seconds:.2f}x the files "
              f"(per page)" if n == files_n else f"  {name}: {n} documents, not {files_n}")
    (fast_s, fast_n), (slow_s, slow_n) = raw["fastwarc"], raw["warcio"]
    print(f"  archive alone (WARC.gz, every payload read): FastWARC {fast_n / fast_s:,.0f} records/s, "
          f"warcio {slow_n / slow_s:,.0f} records/s = {slow_s / fast_s:.1f}x")


if __name__ == "__main__":
    main()
