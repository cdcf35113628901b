"""The trained extractor ("tagger"): a MiniLM token tagger run with onnxruntime, no torch.

The network tags every wordpiece with three independent BIO labels (source, cue, content), because
attributions nest: the content of one attribution holds the source and cue of another. Long articles
are cut into overlapping windows and the logits of overlapping tokens are averaged. Spans are then
grouped into attributions, one per cue, each taking its nearest source and content.

The windowing, decoding and grouping here are also what training uses for dev scores, so the numbers
in the model card are the numbers of this module.
"""
from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import E
from ..model import QuoteType, RawAttribution, Span
from ..nlp import sections, text_of
from ..onnx import inference_session
from ..options import Options
from . import Extractor, extractors
from ..text import QUOTE_MARKS, ROLES, trim
from .intervals import Intervals

if TYPE_CHECKING:
    from spacy.tokens import Doc

WINDOW = 256  # wordpieces per window, [CLS] and [SEP] included
# Step between windows at inference: 254 = no overlap (only the last window overlaps the one before,
# where logits are averaged). With `--extractor combined` on dev it scores as 192 did (exact F1
# 0.719 / 0.684 / 0.557 vs 0.720 / 0.682 / 0.556) and the pipeline runs ~8% faster.
STRIDE = 254
CLS_ID, SEP_ID, PAD_ID = 101, 102, 0
MODEL_DIR = Path(__file__).resolve().parent.parent / "data" / "attribution-model"
MODEL_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"
# `trim` (text.SPAN_EDGES) is what the PolNeAR scorer trims from both ends of every span; trimming ours
# too keeps spans tidy.

# (input_ids, attention_mask) int64 [B, T] -> logits float32 [B, T, 9]
RunFn = Callable[[np.ndarray, np.ndarray], np.ndarray]


@dataclass(frozen=True)
class Encoded:
    ids: list[int]
    offsets: list[tuple[int, int]]


def windows(n: int, window: int = WINDOW, stride: int = STRIDE) -> list[tuple[int, int]]:
    """Token ranges [a, b) covering 0..n, each at most window-2 long (room for [CLS]/[SEP])."""
    size = window - 2
    if n <= size:
        return [(0, n)]
    starts = list(range(0, n - size, stride)) + [n - size]
    return [(a, a + size) for a in starts]


def batch_inputs(ids: Sequence[int], spans: Sequence[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
    """Pad windows of `ids` into one batch with [CLS] ... [SEP]."""
    width = max(b - a for a, b in spans) + 2
    input_ids = np.full((len(spans), width), PAD_ID, dtype=np.int64)
    mask = np.zeros((len(spans), width), dtype=np.int64)
    for row, (a, b) in enumerate(spans):
        piece = [CLS_ID, *ids[a:b], SEP_ID]
        input_ids[row, : len(piece)] = piece
        mask[row, : len(piece)] = 1
    return input_ids, mask


class Cancelled(Exception):
    """The document was given up (failed elsewhere, timed out): its tagging stops between batches."""


def article_logits(enc: Encoded, run: RunFn, batch_size: int = 8, stop: threading.Event | None = None) -> np.ndarray:
    """Logits [n_tokens, 3 roles, 3 BIO] for a whole article, averaged over overlapping windows."""
    n = len(enc.ids)
    total = np.zeros((n, 9), dtype=np.float32)
    count = np.zeros((n, 1), dtype=np.float32)
    spans = windows(n)
    for i in range(0, len(spans), batch_size):
        if stop is not None and stop.is_set():
            raise Cancelled()
        chunk = spans[i : i + batch_size]
        input_ids, mask = batch_inputs(enc.ids, chunk)
        out = run(input_ids, mask)
        for row, (a, b) in enumerate(chunk):
            total[a:b] += out[row, 1 : 1 + b - a]
            count[a:b] += 1
    return (total / np.maximum(count, 1)).reshape(n, 3, 3)


# Added to the B and I log-probabilities of (source, cue, content) before decoding: fewer, tighter
# cues ("said" rather than "said Monday") and a little more room for sources. Chosen on dev, where
# they gain 1.7 cue and 0.7 content exact F1 over no bias (with the rules merged in).
LABEL_BIAS = (0.3, -1.0, 0.0)


def viterbi(logp: list[list[float]]) -> list[int]:
    """The most likely BIO sequence (0 = O, 1 = B, 2 = I) where I follows only B or I.

    Per-token argmax lets one doubtful wordpiece split a long content in two (I I O I I), and both
    halves are then wrong; the best valid sequence keeps it whole unless the O is confident."""
    if not logp:
        return []
    neg = float("-inf")
    so, sb, si = logp[0][0], logp[0][1], neg
    back: list[tuple[int, int]] = []  # per step: best previous state overall, best of (B, I)
    for o, b, i in logp[1:]:
        best = _best(so, sb, si)
        m = (so, sb, si)[best]
        into_i = 1 if sb >= si else 2
        back.append((best, into_i))
        so, sb, si = m + o, m + b, (sb if into_i == 1 else si) + i
    state = _best(so, sb, si)
    path = [state]
    for best, into_i in reversed(back):
        state = into_i if state == 2 else best
        path.append(state)
    return path[::-1]


def _best(o: float, b: float, i: float) -> int:
    """The state with the highest score; ties go to O, then B."""
    return 0 if o >= b and o >= i else (1 if b >= i else 2)


def decode(text: str, enc: Encoded, logits: np.ndarray) -> dict[str, list[tuple[int, int]]]:
    """BIO per role (Viterbi on log-softmax, `LABEL_BIAS` applied) -> char spans."""
    x = logits.astype(np.float64)
    x -= x.max(-1, keepdims=True)
    x -= np.log(np.exp(x).sum(-1, keepdims=True))
    out: dict[str, list[tuple[int, int]]] = {}
    for r, role in enumerate(ROLES):
        lp = x[:, r].copy()
        lp[:, 1:] += LABEL_BIAS[r]
        found: list[tuple[int, int]] = []
        cur: list[int] | None = None
        for t, lab in enumerate(viterbi(lp.tolist())):
            if lab == 1:
                if cur:
                    found.append((cur[0], cur[1]))
                cur = [enc.offsets[t][0], enc.offsets[t][1]]
            elif lab == 2 and cur is not None:
                cur[1] = enc.offsets[t][1]
            elif cur is not None:
                found.append((cur[0], cur[1]))
                cur = None
        if cur:
            found.append((cur[0], cur[1]))
        spans = [trim(text, *_whole_words(text, a, b)) for a, b in found]
        out[role] = _merge_adjacent(text, [s for s in spans if s[1] > s[0]], MERGE_GAP[role])
    out["content"] = [_keep_mark(text, s) for s in out["content"] if s[1] - s[0] >= MIN_CONTENT]
    return out


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span cut inside a word ("ld" of "Veldria": one wordpiece tagged) to the whole word."""
    while 0 < start < len(text) and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while 0 < end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    return start, end


def _keep_mark(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """Gold contents keep a final '?' or '!' (the scorer trims only '.,;:'); the tagger drops it."""
    a, b = span
    while b < len(text) and text[b] in "?!":
        b += 1
    return a, b


# Spans of one role separated only by white space (or one character) are joined: the tagger often
# opens a new span on each word of a multi-word cue ("has" + "said"); two real cues never touch.
# Wider gaps for contents were measured on dev: they join neighbouring contents and lose F1.
MERGE_GAP = {"source": 1, "cue": 1, "content": 1}
# Shorter contents are nearly always stray pieces ("the", "s", "the report"): dropping them gains content F1
# on dev (0.01 at 8 characters with the first model, 0.002 more at 12 with the current one).
MIN_CONTENT = 12


def _merge_adjacent(text: str, spans: list[tuple[int, int]], gap: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        between = text[out[-1][1] : a] if out else ""
        if out and (not between.strip() or (len(between) <= gap and "\n" not in between)):
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


def _holds(outer: tuple[int, int], inner: tuple[int, int]) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, a[0] - b[1], b[0] - a[1])


class _Cost:
    """How unlikely a span belongs to a cue: distance, plus penalties for crossing things.

    `cues` are sorted and disjoint (as `decode` gives them), so the cues between two spans are counted
    by bisection rather than by a scan of all cues for every pair."""

    def __init__(self, text: str, cues: list[tuple[int, int]]) -> None:
        self.text = text
        self.starts = [c[0] for c in cues]
        self.ends = [c[1] for c in cues]

    def __call__(self, cue: tuple[int, int], span: tuple[int, int]) -> float:
        if _holds(span, cue):
            # A quote interrupted by its own cue ("My hope," he said, "is ...") is one content in the gold
            # data, from its first piece to its last; a content quoting someone else's cue is much rarer
            # (6 of 2066 on dev), so a content around a cue, with words on both sides, is that cue's own.
            return 0.0 if span[0] < cue[0] - 3 and span[1] > cue[1] + 3 else float("inf")
        lo, hi = min(span[1], cue[1]), max(span[0], cue[0])
        cost = float(_gap(cue, span))
        cost += 400 * self.text.count("\n", lo, hi)  # paragraph breaks rarely separate the roles
        # The cues lying wholly in [lo, hi): never `cue` itself, which reaches outside that stretch.
        between = max(0, bisect_right(self.ends, hi) - bisect_left(self.starts, lo))
        return cost + 300 * between  # another cue in between usually owns that span


MAX_COST = 5000.0


class _Near:
    """The spans of one role, looked up outward from a cue. A span wholly after the cue costs more the
    later it starts, one wholly before costs more the earlier it ends: each walk stops at the first
    span over MAX_COST, so a cue looks at a few neighbours, never at the whole article."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans
        self.by_start = sorted(range(len(spans)), key=lambda j: spans[j][0])
        self.starts = [spans[j][0] for j in self.by_start]
        self.by_end = sorted(range(len(spans)), key=lambda j: spans[j][1])
        self.ends = [spans[j][1] for j in self.by_end]
        self.around = Intervals(spans)

    def costs(self, cue: tuple[int, int], cost: _Cost) -> list[tuple[float, int]]:
        """(cost, index) of every span within MAX_COST of `cue`, cheapest first, then by index."""
        found = [(cost(cue, self.spans[j]), j) for j in self.around.overlapping(*cue)]
        for p in range(bisect_left(self.starts, cue[1]), len(self.by_start)):
            c = cost(cue, self.spans[self.by_start[p]])
            if c > MAX_COST:
                break
            found.append((c, self.by_start[p]))
        for p in range(bisect_right(self.ends, cue[0]) - 1, -1, -1):
            c = cost(cue, self.spans[self.by_end[p]])
            if c > MAX_COST:
                break
            found.append((c, self.by_end[p]))
        return sorted((c, j) for c, j in found if c <= MAX_COST)


def group(text: str, spans: dict[str, list[tuple[int, int]]]) -> list[tuple[tuple[int, int], ...]]:
    """One (source, cue, content) per cue. Contents go one-to-one, cheapest pairs first, and a cue
    left without a content is dropped (sharing contents measured worse on dev); sources may repeat
    (one speaker, several cues), as in the gold data. Spans of one role are disjoint (see `decode`)."""
    cues = sorted(spans["cue"])
    contents, sources = _Near(spans["content"]), _Near(spans["source"])
    cost = _Cost(text, cues)
    pairs = sorted((c, i, j) for i, cue in enumerate(cues) for c, j in contents.costs(cue, cost))
    content_of: dict[int, int] = {}
    used: set[int] = set()
    for _, i, j in pairs:
        if i not in content_of and j not in used:
            content_of[i] = j
            used.add(j)
    out: list[tuple[tuple[int, int], ...]] = []
    for i, cue in enumerate(cues):
        if i not in content_of:
            continue
        content = contents.spans[content_of[i]]
        interrupted = _holds(content, cue)
        # The cheapest source, the first one listed on a tie.
        best = next((sources.spans[j] for _, j in sources.costs(cue, cost)
                     # a source inside someone else's content speaks in a nested attribution
                     if not (_holds(sources.spans[j], cue) or _holds(content, sources.spans[j]) and not interrupted)),
                    None)
        if best is not None:
            out.append((best, cue, content))
    return out


def quote_type(text: str, content: tuple[int, int]) -> QuoteType:
    """Direct when the content (or the character just outside it) is a quote mark."""
    a, b = content
    inside = text[a : a + 1] + text[b - 1 : b] if b > a else ""
    outside = text[max(a - 1, 0) : a] + text[b : b + 1]
    return "direct" if any(ch in QUOTE_MARKS for ch in inside + outside) else "indirect"


def to_raw(text: str, triples: list[tuple[tuple[int, int], ...]]) -> list[RawAttribution]:
    return [
        RawAttribution(source=Span.of(text, *s), cue=Span.of(text, *c), content=Span.of(text, *k),
                       quote=quote_type(text, k))
        for s, c, k in triples
    ]


def load_tokenizer(path: Path) -> Any:
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(path))
    tok.no_truncation()  # windows are cut here, over the whole article
    tok.no_padding()
    return tok


# The tokenizer's own structures for a whole 1M-character article took ~150 MB at their peak; pieces cut
# at white space (where BERT's pre-tokenizer splits anyway) give the same wordpieces for a fraction.
ENCODE_CHARS = 100_000


def encode(tok: Any, text: str) -> Encoded:
    ids: list[int] = []
    offsets: list[tuple[int, int]] = []
    for a, b in sections(text, ENCODE_CHARS):
        e = tok.encode(text[a:b], add_special_tokens=False)
        ids.extend(e.ids)
        offsets.extend((start + a, end + a) for start, end in e.offsets)
    return Encoded(ids, offsets)


class ModelExtractor(Extractor):
    """Runs the shipped ONNX tagger. One session per process (see `_session`)."""

    def __init__(self, model_dir: Path = MODEL_DIR, *, threads: int = 1) -> None:
        self.session, self.tokenizer = _session(model_dir, threads)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="claimledger-tagger")
        self._pending: dict[str, tuple[Future[list[RawAttribution]], threading.Event]] = {}

    def prefetch(self, text: str) -> None:
        """Start tagging `text` on a worker thread. The tagger needs no parse, and onnxruntime releases
        the GIL, so it runs on the second core while spaCy parses the batch on the first."""
        if text not in self._pending:
            stop = threading.Event()
            self._pending[text] = (self._pool.submit(self.extract_text, text, stop), stop)

    def forget(self, text: str) -> None:
        """Drop the tagging of a document given up elsewhere: queued, it never starts; running, it
        stops at its next batch of windows."""
        pending = self._pending.pop(text, None)
        if pending is not None:
            pending[0].cancel()
            pending[1].set()

    def close(self) -> None:
        """End the worker with the run: nothing queued starts, what runs stops at its next batch."""
        for text in list(self._pending):
            self.forget(text)
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _run(self, input_ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        return self.session.run(["logits"], {"input_ids": input_ids, "attention_mask": mask})[0]

    def extract_text(self, text: str, stop: threading.Event | None = None) -> list[RawAttribution]:
        if not text.strip():
            return []
        enc = encode(self.tokenizer, text)
        if not enc.ids:
            return []
        spans = decode(text, enc, article_logits(enc, self._run, stop=stop))
        return to_raw(text, group(text, spans))

    def extract(self, doc: Doc) -> list[RawAttribution]:
        text = text_of(doc)
        pending = self._pending.pop(text, None)
        if pending is None:
            return self.extract_text(text)
        future, stop = pending
        try:
            return future.result()
        except BaseException:  # the time limit fired while waiting: the worker gives up too
            stop.set()
            future.cancel()
            raise


_CACHE: dict[tuple[Path, int], tuple[Any, Any]] = {}
_LOCK = threading.Lock()


def _session(model_dir: Path, threads: int) -> tuple[Any, Any]:
    """Load the ONNX session and tokenizer once per directory and thread count (loading takes ~0.3 s)."""
    model_dir = Path(model_dir)
    with _LOCK:
        if (model_dir, threads) not in _CACHE:
            onnx_path, tok_path = model_dir / MODEL_FILE, model_dir / TOKENIZER_FILE
            if not onnx_path.is_file() or not tok_path.is_file():
                raise E.E010.error(path=model_dir)
            session = inference_session(onnx_path, threads)
            _CACHE[model_dir, threads] = (session, load_tokenizer(tok_path))
        return _CACHE[model_dir, threads]


@extractors.register("tagger")
def make_model_extractor(options: Options) -> ModelExtractor:
    model_dir = Path(options.attribution_model_dir) if options.attribution_model_dir else MODEL_DIR
    return ModelExtractor(model_dir, threads=options.threads)
