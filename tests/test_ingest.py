"""ingest: the right documents come out of files, directories, JSONL and stdin; bad inputs get the
right numbered error and never stop the batch."""
from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

import pytest

from claimledger.ingest import read_bytes, read_inputs
from claimledger.model import Document, Failure

FIXTURES = Path(__file__).parent / "fixtures"


def read(*paths: str | Path) -> list[Document | Failure]:
    return list(read_inputs([str(p) for p in paths]))


def only_doc(*paths: str | Path) -> Document:
    items = read(*paths)
    assert len(items) == 1
    assert isinstance(items[0], Document), items[0]
    return items[0]


def codes(items: list[Document | Failure]) -> list[str | None]:
    return [item.error.code if isinstance(item, Failure) else None for item in items]


def test_plain_text_is_read_as_is() -> None:
    doc = only_doc(FIXTURES / "article.txt")
    assert doc.path == str(FIXTURES / "article.txt")
    assert doc.raw.startswith("Port authority denies dredging deal\n\nHARBORVIEW — The")
    assert '"No."' in doc.raw
    assert doc.meta["format"] == "text"


def test_html_keeps_article_and_drops_boilerplate() -> None:
    doc = only_doc(FIXTURES / "page.html")
    assert doc.title == "Water utility rejects contamination claims"
    assert doc.url == "https://courier.example/news/water-utility-rejects-claims"
    assert doc.outlet == "The Millbrook Courier"
    assert "Tomas Vehko, said at a news conference" in doc.raw
    assert 'Vehko said: "Not at this time."' in doc.raw
    for boilerplate in ("Sign in", "cookies", "Related stories", "Subscribe", "Privacy policy", "All rights"):
        assert boilerplate not in doc.raw
    # Paragraphs stay separate so sentence splitting and offsets see the article's structure.
    paragraphs = doc.raw.split("\n\n")
    assert len(paragraphs) == 4
    assert paragraphs[0].startswith("The Millbrook water utility")
    # The headline lives in `title`, not repeated at the top of the text.
    assert not doc.raw.startswith("Water utility rejects")


def test_html_is_sniffed_without_extension(tmp_path: Path) -> None:
    page = tmp_path / "download"
    shutil.copy(FIXTURES / "page.html", page)
    assert only_doc(page).meta["format"] == "html"


def test_prose_that_mentions_tags_stays_text(tmp_path: Path) -> None:
    f = tmp_path / "note.txt"
    f.write_text("The council said the <p> tag in its site was broken, officials said.\n", encoding="utf-8")
    doc = only_doc(f)
    assert doc.meta["format"] == "text"
    assert "<p>" in doc.raw


def test_jsonl_bad_line_is_one_failure_and_rest_carries_on() -> None:
    path = FIXTURES / "batch.jsonl"
    items = read(path)
    assert codes(items) == [None, "E007", None]
    first, bad, third = items
    assert isinstance(first, Document) and isinstance(third, Document) and isinstance(bad, Failure)
    assert first.path == f"{path}:1" and bad.path == f"{path}:2" and third.path == f"{path}:3"
    assert first.title == "Rail operator cuts evening trains"
    assert first.url == "https://example.org/rail"
    assert first.published == "2024-03-08"
    assert first.outlet == "Example Transit News"
    assert first.meta["id"] == "rail-1"  # extra fields survive so results can be joined back
    assert third.title == "Grain export ban may end" and third.url is None
    assert "Line 2" in str(bad.error)


def test_jsonl_records_without_text(tmp_path: Path) -> None:
    f = tmp_path / "x.jsonl"
    f.write_text('{"title": "no text"}\n\n[1, 2]\n{"text": 42}\n{"text": "   "}\n{"text": "Fine, she said."}\n')
    items = read(f)
    assert codes(items) == ["E007", "E007", "E007", "E002", None]
    # Blank lines are skipped but still counted, so LINE points at the right line in an editor.
    assert [i.path.rsplit(":", 1)[1] for i in items] == ["1", "3", "4", "5", "6"]


def test_jsonl_is_sniffed_from_content(tmp_path: Path) -> None:
    f = tmp_path / "export.txt"
    f.write_text('{"text": "One."}\n{"text": "Two."}\n', encoding="utf-8")
    items = read(f)
    assert [i.raw for i in items if isinstance(i, Document)] == ["One.", "Two."]


def test_json_file_object_and_list(tmp_path: Path) -> None:
    one = tmp_path / "one.json"
    one.write_text('{\n  "text": "A spokesman denied it.",\n  "title": "T"\n}\n')
    many = tmp_path / "many.json"
    many.write_text('[{"text": "A."}, {"nope": 1}]')
    doc = only_doc(one)
    assert doc.path == str(one) and doc.title == "T"
    items = read(many)
    assert codes(items) == [None, "E007"]
    assert items[0].path == f"{many}:1"


def test_empty_file_is_e002() -> None:
    assert codes(read(FIXTURES / "empty.txt")) == ["E002"]


def test_whitespace_only_is_e002(tmp_path: Path) -> None:
    f = tmp_path / "blank.txt"
    f.write_text("  \n\n \t\n")
    assert codes(read(f)) == ["E002"]


def test_binary_file_is_e003() -> None:
    assert codes(read(FIXTURES / "blob.bin")) == ["E003"]


def test_control_characters_without_nul_are_binary() -> None:
    data = bytes(range(1, 9)) * 200 + b"some words"
    assert codes(list(read_bytes(data, "x"))) == ["E003"]


def test_known_binary_formats_are_named(tmp_path: Path) -> None:
    f = tmp_path / "report.pdf"
    f.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    [item] = read(f)
    assert isinstance(item, Failure) and item.error.code == "E012"
    assert "PDF" in str(item.error)


def test_utf16_with_bom_is_decoded() -> None:
    doc = only_doc(FIXTURES / "utf16.txt")
    assert doc.raw == only_doc(FIXTURES / "article.txt").raw
    assert doc.meta["encoding"] == "utf-16"


def test_utf16_without_bom_is_decoded(tmp_path: Path) -> None:
    f = tmp_path / "le.txt"
    f.write_bytes("The mayor said no.".encode("utf-16-le"))
    assert only_doc(f).raw == "The mayor said no."


def test_utf8_bom_and_crlf_are_normalised(tmp_path: Path) -> None:
    f = tmp_path / "win.txt"
    f.write_bytes(b"\xef\xbb\xbfFirst line.\r\nSecond line.\r\n")
    assert only_doc(f).raw == "First line.\nSecond line.\n"


def test_windows_1252_text_is_accepted(tmp_path: Path) -> None:
    f = tmp_path / "old.txt"
    f.write_bytes("The minister\u2019s aide said \u201cno\u201d \u2014 twice.".encode("cp1252"))
    doc = only_doc(f)
    assert doc.raw == "The minister\u2019s aide said \u201cno\u201d \u2014 twice."
    assert doc.meta["encoding"] == "cp1252"


def test_undecodable_is_e004(tmp_path: Path) -> None:
    f = tmp_path / "sjis.txt"
    f.write_bytes("東京都の報道官は否定した。".encode("shift_jis") * 5)
    assert codes(read(f)) == ["E004"]
    broken = tmp_path / "broken16.txt"
    broken.write_bytes(b"\xff\xfe" + "ok".encode("utf-16-le") + b"\x00\xd8")  # lone surrogate
    assert codes(read(broken)) == ["E004"]


def test_missing_path_is_e006_and_batch_carries_on() -> None:
    items = read("does/not/exist.txt", FIXTURES / "article.txt")
    assert codes(items) == ["E006", None]
    assert items[0].path == "does/not/exist.txt"


def test_directory_mixed_files(tmp_path: Path) -> None:
    for name in ("article.txt", "page.html", "empty.txt", "blob.bin", "batch.jsonl"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    (tmp_path / ".hidden.txt").write_text("A secret note, she said.")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main")
    sub = tmp_path / "b-sub"
    sub.mkdir()
    (sub / "nested.txt").write_text("Nested article, he said.")
    items = read(tmp_path)
    names = [Path(i.path).name for i in items]
    # Sorted by path (like `find | sort`), recursive, hidden entries skipped; one failure per bad file.
    assert names == ["article.txt", "nested.txt", "batch.jsonl:1", "batch.jsonl:2", "batch.jsonl:3",
                     "blob.bin", "empty.txt", "page.html"]
    by_name = dict(zip(names, codes(items)))
    assert by_name == {
        "article.txt": None, "batch.jsonl:1": None, "batch.jsonl:2": "E007", "batch.jsonl:3": None,
        "blob.bin": "E003", "empty.txt": "E002", "page.html": None, "nested.txt": None,
    }


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = io.TextIOWrapper(io.BytesIO("From stdin, the senator said.".encode()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    [doc] = read("-")
    assert isinstance(doc, Document)
    assert doc.path == "<stdin>" and doc.raw == "From stdin, the senator said."


def test_reading_is_lazy(tmp_path: Path) -> None:
    # A later missing path must not be touched before the first document is consumed.
    it = read_inputs([str(FIXTURES / "article.txt"), str(tmp_path / "later.txt")])
    assert isinstance(next(it), Document)
    (tmp_path / "later.txt").write_text("Created late, she said.")
    assert isinstance(next(it), Document)
