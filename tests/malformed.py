"""Malformed inputs, generated (never committed): the battery of bench/battery.py and the robustness tests.

`write_battery(folder)` writes each case into `folder` and returns what a user must get for it: a
ledger (`good`: the article is readable, perhaps with a warning) or one error line with a given code.
Cases that need root (device nodes) or a big sparse file are made where the system allows them.
"""
from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path

GOOD_ARTICLES = [
    "Harbour officials said on Monday that the northern pier would stay closed until divers had checked "
    "its pilings. \"We will not take chances with the crews,\" said Lena Okafor, the port's operations "
    "director.\n\nThe shipping association denied that any vessel had been turned away.",
    "The city council voted to delay the tram extension, according to two members who attended the "
    "closed session.\n\nMayor Idris Banerjee said the delay would cost less than a rushed opening. "
    "\"Nobody wants a line that floods every spring,\" he told reporters.",
    "A spokesman for the regional water board said the reservoir was at 38 percent of capacity.\n\n"
    "Farmers' groups rejected the board's figures and said wells in the valley had run dry in August.",
    "Two officials familiar with the talks said the negotiators had agreed on a timetable for the prisoner "
    "exchange.\n\nThe foreign ministry declined to comment. \"Talks continue,\" a ministry statement said.",
]


@dataclass(frozen=True)
class Case:
    name: str  # file name inside the battery folder
    expect: str  # "good", or the error code ("E003") its one error line must carry; "|" between choices
    note: str
    alone: str | None = None  # what it must get when named on its own, where that differs


def _article(i: int) -> str:
    return GOOD_ARTICLES[i % len(GOOD_ARTICLES)]


def _deep_json(depth: int) -> str:
    return "[" * depth + "]" * depth


def _cases() -> list[tuple[str, bytes, str, str]]:
    a0, a1, a2 = (_article(i).encode() for i in range(3))
    paragraphs = "\n\n".join(f"Paragraph {i}: the clerk said the files were in order." for i in range(10_000))
    out: list[tuple[str, bytes, str, str]] = [
        ("good-1.txt", a0, "good", "a plain article"),
        ("good-2.txt", a1, "good", "a plain article"),
        ("good-3.md", a2, "good", "an article with an unknown extension"),
        ("empty.txt", b"", "E002", "empty file"),
        ("blank.txt", b" \n\t\n  \r\n", "E002", "white space only"),
        ("bom-only.txt", b"\xef\xbb\xbf", "E002", "a UTF-8 BOM and nothing else"),
        ("random.bin", bytes((i * 7919 + 13) % 256 for i in range(4096)), "E003", "binary noise"),
        ("controls.txt", b"abc\x01\x02\x03\x04\x05\x06\x07def" * 50, "E003", "mostly control characters"),
        ("doc.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "E012", "a PDF"),
        ("doc.docx", b"PK\x03\x04\x14\x00\x06\x00", "E012", "an Office document"),
        ("doc.txt.gz", b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "E012", "gzip"),
        ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "E012", "PNG"),
        ("image.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF", "E012", "JPEG"),
        ("archive.warc", b"WARC/1.1\r\nWARC-Type: response\r\n", "E130", "a WARC cut in its first header"),
        ("utf16-bom.txt", "\ufeff".encode("utf-16-le") + _article(0).encode("utf-16-le"), "good", "UTF-16 with BOM"),
        ("utf16-nobom.txt", _article(1).encode("utf-16-le"), "good", "UTF-16 without BOM"),
        ("utf16be.txt", _article(2).encode("utf-16-be"), "good", "UTF-16 BE without BOM"),
        ("utf16-odd.txt", b"\xff\xfe" + "ok".encode("utf-16-le") + b"\x00\xd8", "E004", "UTF-16 lone surrogate"),
        ("stray-byte.txt", a0.replace(b"pier", b"pi\xffer"), "good", "one stray byte in UTF-8"),
        ("stray-bytes-utf8.txt", _article(3).replace("officials", "offici\u00e9ls").encode() + b"\x80\x81", "good",
         "UTF-8 with accents and two stray bytes"),
        ("nul-byte.txt", a1.replace(b"tram", b"tr\x00am"), "good", "one NUL byte"),
        ("cp1252.txt", "The minister\u2019s aide said \u201cthe port is closed\u201d on Monday, "
                       "and the harbour master confirmed it.".encode("cp1252"), "good", "Windows-1252"),
        ("latin1-heavy.txt", "\u00e9\u00e8\u00ea\u00eb\u00e0\u00e2".encode("latin-1") * 300, "E004", "no text"),
        ("sjis.txt", "東京都の報道官は否定した。".encode("shift_jis") * 20, "E004", "Shift-JIS"),
        ("crlf.txt", a2.replace(b"\n", b"\r\n"), "good", "CRLF line ends"),
        ("cr-only.txt", a0.replace(b"\n", b"\r"), "good", "old Mac line ends"),
        ("surrogate.jsonl", (json.dumps({"text": _article(0) + " \ud800 end."}) + "\n").encode(), "good",
         "a lone surrogate in a JSON string"),
        ("deep.jsonl", (_deep_json(200_000) + "\n").encode(), "E007", "JSON nested 200,000 deep"),
        ("deep-first-line.txt", (_deep_json(200_000) + "\n").encode(), "E005|E008|good",
         "a .txt whose first line is deep JSON"),
        ("deep.json", ('{"text": ' + _deep_json(100_000) + "}").encode(), "E007", "a .json nested deep"),
        ("list-of-junk.jsonl", b"[1, 2]\n\"text\"\nnull\n", "E007", "JSON lines that are not objects"),
        ("no-text.jsonl", b'{"title": "no text here"}\n', "E007", "a record without text"),
        ("text-number.jsonl", b'{"text": 42}\n', "E007", "text that is a number"),
        ("empty-text.jsonl", b'{"text": "   "}\n', "E002", "text that is blank"),
        ("bad-json.json", b'{"text": "unterminated', "E007", "broken JSON"),
        ("huge-number.jsonl", b'{"text": "x", "n": 1' + b"0" * 5000 + b"}\n", "E007|E005|E008|good",
         "a 5000-digit number"),
        ("control-entity.html", (f"<html><head><title>Pier closed</title></head><body><article><p>{_article(0)}"
                                 "</p><p>Odd &#8; entity &#x1; here.</p></article></body></html>").encode(), "good",
         "HTML with control-character entities"),
        ("deep-divs.html", ("<html><body>" + "<div>" * 100_000 + f"<p>{_article(1)}</p>" + "</div>" * 100_000
                            + "</body></html>").encode(), "good", "100,000 nested divs"),
        ("script-only.html", b"<html><head><script>var a = 1;</script></head><body></body></html>", "E002",
         "a page with no text"),
        ("not-closed.html", f"<html><body><p>{_article(2)}".encode(), "good", "HTML never closed"),
        ("ansi.txt", ("\x1b[31mRED\x1b[0m \x1b]0;pwned\x07 " + _article(3)).encode(), "good",
         "terminal escape sequences in the text"),
        ("bidi.txt", ("\u202e" + _article(0) + "\u202c").encode(), "good", "bidirectional overrides"),
        ("zero-width.txt", _article(1).replace(" ", " \u200b").encode(), "good", "zero-width spaces"),
        ("nonchars.txt", (_article(2) + " \uffff\ufffe").encode(), "good", "Unicode non-characters"),
        ("punctuation.txt", b"!!! ??? ... ;;; --- ''' \"\"\" ,,, " * 20, "E005|E008|good", "only punctuation"),
        ("numbers.txt", b"12 345 6789 0.5 1e9 " * 40, "E005|E008|good", "only numbers"),
        ("emoji.txt", "\U0001f480\U0001f525\U0001f4a5 ".encode() * 50, "E005|E008|good", "only emoji"),
        ("unbalanced-quotes.txt", ('"' * 200 + " the minister said \u201c\u201c\u201c " + _article(0)).encode(),
         "good", "hundreds of unbalanced quote marks"),
        ("long-word.txt", b"a" * 300_000, "E005|E008|good", "one 300,000-character word"),
        ("ten-thousand-paragraphs.txt", paragraphs.encode(), "good", "10,000 short paragraphs (190 KB)"),
        ("arabic.txt", "قال المتحدث باسم وزارة الخارجية يوم الأربعاء إن الحكومة لم تطلب أي مساعدة عسكرية من أي دولة، "
                       "ووصف التقرير بأنه كاذب تماما.".encode(), "E005", "Arabic"),
        ("chinese.txt", "外交部发言人周三表示，中方从未向任何一方提供军事援助。他说，有关报道完全是捏造的，没有任何事实依据。".encode(),
         "E005", "Chinese"),
        ("russian.txt", "Представитель министерства заявил в среду, что правительство не просило о военной помощи, "
                        "и назвал сообщение ложным.".encode(), "E005", "Russian"),
        ("turkish.txt", "Bakanlık sözcüsü çarşamba günü yaptığı açıklamada hükümetin hiçbir ülkeden askeri yardım "
                        "istemediğini söyledi.".encode(), "E005", "Turkish"),
        (":skull: name.txt", b"\x00\x01\x02\x03" * 100, "E003", "an emoji code in the file name"),
        ("name\x1b[31m-escape.txt", b"", "E002", "an escape sequence in the file name"),
        ("prose-with-tags.txt", b"The memo said <p> tags were stripped from the minister's statement, an aide "
                                b"told reporters on Tuesday.", "good", "prose that mentions HTML"),
        ("xml-feed.xml", b"<?xml version='1.0'?><rss><channel><item><title>Pier closed</title></item></channel></rss>",
         "E002|E005|E008|good", "an RSS document"),
    ]
    return out


def write_battery(folder: Path) -> list[Case]:
    """Write every case into `folder` (created) and return the expectations, in file-name order."""
    folder.mkdir(parents=True, exist_ok=True)
    cases: list[Case] = []
    for name, data, expect, note in _cases():
        (folder / name).write_bytes(data)
        cases.append(Case(name, expect, note))
    outside = folder.parent / f"{folder.name}-outside.txt"
    outside.write_bytes(GOOD_ARTICLES[0].encode())
    os.symlink(outside, folder / "link-outside.txt")
    # Named on its own, a link is the user's choice and is read; found in a folder, it is not followed.
    cases.append(Case("link-outside.txt", "E019", "a symbolic link to a file outside the folder", alone="good"))
    os.symlink("/etc/passwd", folder / "link-passwd.txt")
    cases.append(Case("link-passwd.txt", "E019", "a symbolic link to a system file", alone="E005|E008|good"))
    os.symlink(folder / "good-1.txt", folder / "link-inside.txt")
    cases.append(Case("link-inside.txt", "good", "a symbolic link inside the folder"))
    os.symlink(folder / "missing.txt", folder / "link-dangling.txt")
    cases.append(Case("link-dangling.txt", "E006", "a dangling link"))
    os.mkfifo(folder / "fifo.txt")
    cases.append(Case("fifo.txt", "E018", "a named pipe nobody writes to"))
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.bind(str(folder / "socket.txt"))
        cases.append(Case("socket.txt", "E018", "a socket"))
    except OSError:
        pass  # socket paths are limited to ~100 bytes
    finally:
        sock.close()
    if os.geteuid() == 0:
        os.mknod(folder / "zero-device.txt", 0o600 | 0o020000, os.makedev(1, 5))  # like /dev/zero
        cases.append(Case("zero-device.txt", "E018", "a character device that never ends"))
    with open(folder / "sparse-huge.txt", "wb") as fh:
        fh.truncate(64 * 1024 * 1024)  # 64 MiB of holes: refused by size before a byte is read
    cases.append(Case("sparse-huge.txt", "E020", "a file over the size limit"))
    (folder / "empty-dir").mkdir()  # inside a folder given: nothing to read, nothing to report
    (folder / "loop").mkdir()
    os.symlink(folder / "loop", folder / "loop" / "again")  # a link cycle must not hang the walk
    (folder / ".hidden.txt").write_bytes(b"ignored")
    return sorted(cases, key=lambda c: c.name)


def good_names(cases: list[Case]) -> set[str]:
    return {c.name for c in cases if c.expect == "good"}
