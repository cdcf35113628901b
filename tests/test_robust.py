"""Issue 8: any input gets one ledger or one numbered error line, never a traceback or a hang; nothing is
read that was not asked for and nothing is written but the output."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
from spacy.tokens import Doc

from claimledger import Document, Failure, Ledger, Options, analyze_many
from claimledger.attribute import Extractor, extractors
from claimledger.ingest import read_bytes, read_inputs

from malformed import GOOD_ARTICLES, write_battery

CLI = [sys.executable, "-m", "claimledger", "analyze", "--no-progress"]


def codes(items: list[Document | Failure | Ledger]) -> list[str | None]:
    return [item.error.code if isinstance(item, Failure) else None for item in items]


def cli(*args: str, timeout: float = 300, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL, **kwargs)  # type: ignore[call-overload]


# --- each document isolated ---------------------------------------------------------------------


class _Exploding(Extractor):
    """A real extractor (the rules) that fails on one marked article: any stage may hit a bug."""

    def __init__(self, options: Options) -> None:
        self.rules = extractors.create("rules", options)

    def extract(self, doc: Doc) -> list:  # type: ignore[type-arg]
        if "KABOOM" in doc.text:
            raise ZeroDivisionError("a bug in a stage")
        return self.rules.extract(doc)


class _Slow(_Exploding):
    def extract(self, doc: Doc) -> list:  # type: ignore[type-arg]
        if "DAWDLE" in doc.text:
            time.sleep(30)
        return self.rules.extract(doc)


extractors.register("test-exploding")(_Exploding)
extractors.register("test-slow")(_Slow)


def _docs(*marks: str) -> list[Document]:
    return [Document(path=f"doc{i}", raw=GOOD_ARTICLES[i % len(GOOD_ARTICLES)] + (f" {mark}." if mark else ""))
            for i, mark in enumerate(marks)]


def test_a_crash_in_one_document_keeps_its_batch_mates() -> None:
    out = list(analyze_many(_docs("", "KABOOM", "", ""), Options(extractor="test-exploding")))
    assert codes(out) == [None, "E015", None, None]
    assert "ZeroDivisionError" in str(out[1].error)  # type: ignore[union-attr]
    assert all(isinstance(item, Ledger) and item.attributions for i, item in enumerate(out) if i != 1)


def test_a_runaway_document_hits_the_time_limit_and_the_rest_carry_on() -> None:
    started = time.monotonic()
    out = list(analyze_many(_docs("", "DAWDLE", ""), Options(extractor="test-slow", time_limit=1)))
    assert codes(out) == [None, "E016", None]
    assert time.monotonic() - started < 25  # the 30 s sleep was cut short


def test_the_tagger_worker_ends_with_the_run() -> None:
    out = list(analyze_many(_docs("", ""), Options(extractor="combined")))
    assert codes(out) == [None, None]
    deadline = time.monotonic() + 10
    while any(t.name.startswith("claimledger-tagger") for t in threading.enumerate()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [t.name for t in threading.enumerate() if t.name.startswith("claimledger-tagger")]


# --- limits before work -------------------------------------------------------------------------


def test_fifo_device_and_links_out_are_refused_and_the_batch_carries_on(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    cases = {c.name: c.expect for c in write_battery(folder)}
    got = {}
    for item in read_inputs([str(folder)]):
        name = Path(item.path.split(".jsonl:")[0] + (".jsonl" if ".jsonl:" in item.path else "")).name
        got.setdefault(name, item.error.code if isinstance(item, Failure) else "good")
    for name in ("fifo.txt", "socket.txt", "zero-device.txt"):
        if name in cases:
            assert got[name] == "E018", name
    assert got["link-outside.txt"] == got["link-passwd.txt"] == "E019"
    assert got["link-inside.txt"] == "good"
    assert got["sparse-huge.txt"] == "E020"
    assert got["good-1.txt"] == got["good-2.txt"] == "good"
    assert "loop" not in got and "empty-dir" not in got


def test_follow_links_reads_outside_when_asked(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "out.txt").write_text(GOOD_ARTICLES[1])
    os.symlink(tmp_path / "out.txt", tmp_path / "in" / "link.txt")
    assert codes(list(read_inputs([str(tmp_path / "in")]))) == ["E019"]
    assert codes(list(read_inputs([str(tmp_path / "in")], Options(follow_links=True)))) == [None]


def test_a_fifo_given_directly_does_not_block(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    done = cli(str(fifo), timeout=60)
    assert done.returncode == 1
    assert "[E018]" in done.stderr and "Traceback" not in done.stderr


def test_size_cap(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(GOOD_ARTICLES[0])
    assert codes(list(read_inputs([str(f)], Options(max_bytes=100)))) == ["E020"]
    assert codes(list(read_inputs([str(f)], Options(max_bytes=10_000)))) == [None]


def test_empty_folder_is_reported(tmp_path: Path) -> None:
    done = cli(str(tmp_path))
    assert done.returncode == 1
    assert "[E021]" in done.stderr


def test_unreadable_folder_is_reported() -> None:
    # Root reads every folder whatever its mode: a forked child drops to an unprivileged user to see the
    # refusal, under a folder that user can reach (pytest's tmp_path is private to root).
    base = Path(tempfile.mkdtemp(prefix="claimledger-"))
    try:
        os.chmod(base, 0o755)
        root = base / "news"
        (root / "locked").mkdir(parents=True)
        (root / "locked" / "a.txt").write_text(GOOD_ARTICLES[0])
        (root / "b.txt").write_text(GOOD_ARTICLES[1])
        os.chmod(root / "locked", 0)
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: report what it could read, then leave without pytest's clean-up
            try:
                if os.geteuid() == 0:
                    os.setgid(65534)
                    os.setuid(65534)
                lines = [f"{getattr(getattr(i, 'error', None), 'code', 'ok')} {i.path}" for i in read_inputs([str(root)])]
                os.write(write, "\n".join(lines).encode())
            finally:
                os._exit(0)
        os.close(write)
        with os.fdopen(read) as pipe:
            lines = pipe.read().splitlines()
        os.waitpid(pid, 0)
        assert f"ok {root / 'b.txt'}" in lines
        assert f"E022 {root / 'locked'}" in lines
    finally:
        os.chmod(base / "news" / "locked", 0o755)
        shutil.rmtree(base)


# --- encodings and language ---------------------------------------------------------------------


def test_a_stray_byte_or_a_nul_is_replaced_with_a_warning() -> None:
    text = GOOD_ARTICLES[0].replace('"', "\u201c", 1).encode()  # UTF-8: it has a curly quote
    for data, warning in ((text.replace(b"pier", b"pi\xffer"), "W001"), (text.replace(b"pier", b"pi\x00er"), "W002")):
        (doc,) = read_bytes(data, "x.txt")
        assert isinstance(doc, Document)
        assert "pi\ufffder" in doc.raw
        assert doc.warnings and doc.warnings[0].startswith(f"[{warning}]")


def test_lone_surrogate_in_jsonl_is_analysed_with_a_warning(tmp_path: Path) -> None:
    f = tmp_path / "a.jsonl"
    f.write_text(json.dumps({"text": GOOD_ARTICLES[2] + " \ud800", "title": "Dry \udfff wells"}) + "\n")
    done = cli(str(f), "--format", "json", "-x", "rules")
    assert done.returncode == 0, done.stderr
    obj = json.loads(done.stdout)
    assert obj["article"]["warnings"] and "[W002]" in done.stderr
    assert obj["article"]["title"] == "Dry \ufffd wells"


def test_deeply_nested_json_is_an_error_line_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text("[" * 200_000 + "]" * 200_000 + "\n")
    (tmp_path / "b.txt").write_text("[" * 200_000 + "]" * 200_000 + "\n")
    items = list(read_inputs([str(tmp_path / "a.jsonl"), str(tmp_path / "b.txt")]))
    assert codes(items) == ["E007", None]  # the .txt is text that happens to start with brackets


@pytest.mark.parametrize("text,lang", [
    ("قال المتحدث باسم وزارة الخارجية يوم الأربعاء إن الحكومة لم تطلب أي مساعدة عسكرية من أي دولة.", "ar"),
    ("外交部发言人周三表示，中方从未向任何一方提供军事援助。他说，有关报道完全是捏造的。", "zh"),
])
def test_uncased_scripts_are_refused_as_not_english(text: str, lang: str) -> None:
    (out,) = analyze_many([Document(path="x", raw=text)], Options(extractor="rules"))
    assert isinstance(out, Failure) and out.error.code == "E005" and f"'{lang}'" in str(out.error)


def test_html_with_a_control_entity_or_deep_nesting_keeps_its_text() -> None:
    para = GOOD_ARTICLES[0].replace("\n\n", " ")
    pages = [f"<html><body><article><p>{para}</p><p>A stray &#8; here.</p></article></body></html>",
             "<html><body>" + "<div>" * 100_000 + f"<p>{para}</p>" + "</div>" * 100_000 + "</body></html>"]
    for page in pages:
        (doc,) = read_bytes(page.encode(), "page.html")
        assert isinstance(doc, Document), doc
        assert "northern pier would stay closed" in doc.raw


# --- output and what a run leaves behind --------------------------------------------------------


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_disk_ends_the_run_with_a_clear_message(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(GOOD_ARTICLES[0])
    done = cli(str(article), "-x", "rules", "-o", "/dev/full")
    assert done.returncode == 1
    assert "[E017]" in done.stderr and "Traceback" not in done.stderr
    with open("/dev/full", "w") as full:
        done = subprocess.run([*CLI, str(article), "-x", "rules"], stdout=full, stderr=subprocess.PIPE, text=True,
                              timeout=300)
    assert done.returncode == 1
    assert "[E017]" in done.stderr and "Traceback" not in done.stderr


def test_a_closed_pipe_is_not_a_traceback(tmp_path: Path) -> None:
    for i in range(3):
        (tmp_path / f"a{i}.txt").write_text(GOOD_ARTICLES[i])
    reader = subprocess.Popen(["head", "-c", "10"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    done = subprocess.run([*CLI, str(tmp_path), "-x", "rules", "--format", "jsonl"], stdout=reader.stdin,
                          stderr=subprocess.PIPE, text=True, timeout=300)
    assert reader.stdin is not None
    reader.stdin.close()
    reader.wait()
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr


def test_file_names_print_as_they_are(tmp_path: Path) -> None:
    (tmp_path / ":skull: report.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    (tmp_path / "esc\x1b[31mred.txt").write_bytes(b"")
    done = cli(str(tmp_path))
    assert ":skull: report.txt: [E003]" in done.stderr
    assert "\x1b" not in done.stderr and "\U0001f480" not in done.stderr


def test_a_run_leaves_nothing_but_its_output(tmp_path: Path) -> None:
    home, work, temp = tmp_path / "home", tmp_path / "work", tmp_path / "tmp"
    for d in (home, work, temp):
        d.mkdir()
    (work / "article.txt").write_text(GOOD_ARTICLES[1])
    env = {**os.environ, "HOME": str(home), "TMPDIR": str(temp), "XDG_CACHE_HOME": str(home / ".cache")}
    done = subprocess.run([*CLI, "article.txt", "-o", "ledger.json", "--format", "json"], cwd=work, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert list(home.rglob("*")) == [] and list(temp.rglob("*")) == []
    assert sorted(p.name for p in work.iterdir()) == ["article.txt", "ledger.json"]
