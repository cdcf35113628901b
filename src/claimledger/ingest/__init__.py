"""ingest: paths -> Documents. Plain text, HTML (trafilatura) and JSONL, sniffed by content and extension.

Every bad input becomes one `Failure` with a numbered error and the stream carries on, so one broken
file never stops a batch. Files are read one at a time, lazily, in a stable (sorted) order.
Modules: `files` (paths, directories, stdin), `decoding` (bytes -> text), `formats` (sniffing, JSON
Lines), `html` (pages); from the web and archives (issue 18): `warc` (FastWARC), `web` (fetching: robots,
rate, limits), `guard` (public addresses only), `feeds` (RSS, Atom, sitemaps, URL lists), `links`
(following them), `pages` (a fetched or archived page -> Document), `unpack` (bounded gunzip).
"""
from __future__ import annotations

from .decoding import decode
from .files import STDIN, STDIN_PATH, Entry, list_inputs, may_hold_many, read_bytes, read_entries, read_file, read_inputs
from .formats import Format, sniff_format

__all__ = ["STDIN", "STDIN_PATH", "Entry", "Format", "decode", "list_inputs", "may_hold_many", "read_bytes",
           "read_entries", "read_file", "read_inputs", "sniff_format"]
