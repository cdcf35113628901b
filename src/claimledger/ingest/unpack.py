"""Bounded decompression: gzip and deflate bodies (HTTP Content-Encoding, sitemap.xml.gz, WARC payloads)
inflated up to a limit, so a 1 MB "zip bomb" that inflates to gigabytes stops at the limit instead of
filling memory. zlib's `max_length` caps each step; nothing is inflated past limit + 1 bytes."""
from __future__ import annotations

import zlib

from ..errors import ClaimledgerError, E

GZIP_MAGIC = b"\x1f\x8b"


class Inflater:
    """Feed compressed chunks, get plain bytes; raises `too_big` once more than `limit` bytes come out.
    Multi-member gzip (each WARC record is a member) is read member after member."""

    def __init__(self, encoding: str, limit: int, too_big: ClaimledgerError, what: str) -> None:
        # wbits: 16+ reads a gzip header, negative a raw deflate stream; "deflate" in HTTP is zlib-wrapped
        # by the standard and raw in practice, so 32+ (auto-detect zlib or gzip) is tried first.
        self.wbits = 31 if encoding in ("gzip", "x-gzip") else 47
        self.raw_deflate = encoding == "deflate"
        self.limit, self.too_big, self.what = limit, too_big, what
        self.out = 0
        self.started = False
        self.inflater = zlib.decompressobj(self.wbits)

    def feed(self, chunk: bytes) -> bytes:
        parts: list[bytes] = []
        data = chunk
        while data:
            try:
                if not self.started and self.raw_deflate and data[:1] and (data[0] & 0x0F) != 8:
                    self.inflater = zlib.decompressobj(-15)  # not a zlib header: a raw deflate stream
                self.started = True
                part = self.inflater.decompress(data, self.limit + 1 - self.out)
            except zlib.error as err:
                raise E.E136.error(what=self.what, detail=str(err)) from None
            self.out += len(part)
            parts.append(part)
            if self.out > self.limit:
                raise self.too_big
            if self.inflater.unconsumed_tail:
                data = self.inflater.unconsumed_tail
            elif self.inflater.eof and self.inflater.unused_data.strip(b"\x00"):
                data = self.inflater.unused_data  # the next gzip member
                self.inflater = zlib.decompressobj(self.wbits)
            else:
                data = b""
        return b"".join(parts)

    def finish(self) -> bytes:
        """Whatever is left; a stream cut before its end is an error (a truncated download or file)."""
        if self.started and not self.inflater.eof:
            raise E.E136.error(what=self.what, detail="the compressed data ends before its end marker (truncated)")
        return b""


def inflate(data: bytes, encoding: str, limit: int, too_big: ClaimledgerError, what: str) -> bytes:
    """All of `data` inflated (at most `limit` bytes, else `too_big`)."""
    inflater = Inflater(encoding, limit, too_big, what)
    out = inflater.feed(data)
    inflater.finish()
    return out
