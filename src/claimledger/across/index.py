"""Approximate nearest neighbours over unit vectors (faiss HNSW, inner product = cosine), append-only.

Why faiss-cpu: measured here against usearch 2.26 and hnswlib 0.8 on the same 384-wide vectors added
100 at a time, one thread, HNSW M=16 / efConstruction=128 / efSearch=64 (loaded 2-core machine):
faiss 484 adds/s, 756 queries/s, recall@10 0.977; hnswlib 511, 714, 0.966; usearch 243, 250, 0.964.
faiss and hnswlib tie on speed; faiss is the one of the two still released (hnswlib's last is 2023).

Rows are numbered in the order they are added (0, 1, 2...); callers keep their own row -> id list. The
index is a cache: it can always be rebuilt from the stored vectors (`VectorIndex.build`), and `save_index` /
`load_index` keep it beside the store, checked against it, so a run does not re-insert every vector.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..embed import DIMENSIONS

M = 16  # graph degree: faiss' default for HNSW; 32 gained no recall on sentence vectors here
EF_CONSTRUCTION = 128
EF_SEARCH = 64
# Below this many rows a query is an exact matrix product: faster than walking a graph, and exact.
EXACT_BELOW = 4096


class VectorIndex:
    """Unit vectors in, the nearest rows (by cosine) out."""

    def __init__(self, dimensions: int = DIMENSIONS, *, threads: int = 1) -> None:
        import faiss

        # One thread unless asked: on a busy machine BLAS / OpenMP threads that spin cost 100x (a 2,000-row
        # numpy matrix-vector product took 28 ms instead of 0.1 ms here), so queries go through faiss.
        faiss.omp_set_num_threads(threads)
        self.dimensions = dimensions
        # A flat (exact) index while small: faster than walking a graph, and exact; HNSW past EXACT_BELOW.
        self._index: Any = faiss.IndexFlatIP(dimensions)

    def __len__(self) -> int:
        return int(self._index.ntotal)

    @property
    def exact(self) -> bool:
        return not hasattr(self._index, "hnsw")

    def add(self, vectors: np.ndarray) -> range:
        """Append vectors (n, dimensions); returns their row numbers."""
        vectors = _rows(vectors, self.dimensions)
        start = len(self)
        if len(vectors):
            self._index.add(vectors)
            if self.exact and len(self) >= EXACT_BELOW:
                self._index = _hnsw(self._index.reconstruct_n(0, len(self)))
        return range(start, len(self))

    def search(self, vectors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(similarities, rows), each (n, k), best first; rows are -1 where fewer than k exist."""
        vectors = _rows(vectors, self.dimensions)
        if len(self) == 0 or k <= 0:
            return np.zeros((len(vectors), max(k, 0)), np.float32), np.full((len(vectors), max(k, 0)), -1, np.int64)
        sims, rows = self._index.search(vectors, k)
        return sims, rows.astype(np.int64)

    def vectors(self) -> np.ndarray:
        """Every row's vector, in row order (both index kinds keep them whole)."""
        if len(self) == 0:
            return np.zeros((0, self.dimensions), np.float32)
        return np.asarray(self._index.reconstruct_n(0, len(self)), dtype=np.float32)

    def save(self, path: str | Path) -> None:
        import faiss

        faiss.write_index(self._index, str(path))

    @classmethod
    def load(cls, path: str | Path, *, threads: int = 1) -> VectorIndex:
        import faiss

        index = cls(threads=threads)
        index._index = faiss.read_index(str(path))
        index.dimensions = int(index._index.d)
        if not index.exact:
            index._index.hnsw.efSearch = EF_SEARCH
        return index

    @classmethod
    def build(cls, vectors: np.ndarray, *, threads: int = 1) -> VectorIndex:
        """An index over these vectors, rows in their order (a rebuild from stored vectors)."""
        array = np.asarray(vectors, dtype=np.float32)
        index = cls(array.shape[1] if array.ndim == 2 and array.shape[1] else DIMENSIONS, threads=threads)
        index.add(array)
        return index


def _hnsw(vectors: np.ndarray) -> Any:
    import faiss

    graph = faiss.IndexHNSWFlat(vectors.shape[1], M, faiss.METRIC_INNER_PRODUCT)
    graph.hnsw.efConstruction = EF_CONSTRUCTION
    graph.hnsw.efSearch = EF_SEARCH
    graph.add(vectors)
    return graph


def _rows(vectors: np.ndarray, dimensions: int) -> np.ndarray:
    array = np.ascontiguousarray(vectors, dtype=np.float32)
    if array.ndim == 1:
        array = array.reshape(1, -1)
    if array.size == 0:
        return array.reshape(0, dimensions)
    if array.shape[1] != dimensions:
        raise ValueError(f"vectors are {array.shape[1]} wide, the index {dimensions}")
    return array


# --- Saved beside the store (issue 18) -------------------------------------------------------------------
# A run used to rebuild the graph from every stored vector before its first article (152 s at 100k mentions,
# one thread): the graph is the cost, so it is saved, and a run that finds it adds only the links stored
# since. Two files: the faiss index, and a manifest (JSON) naming the rows it holds, in row order, with two
# checksums: one of the index file (a damaged or swapped file) and the fingerprint of its rows (what the
# store must still hold, key for key and byte for byte). The manifest is written last, each file through a
# temporary file and a rename, so a run killed while saving leaves the old pair or a pair that fails its check.

FORMAT = "claimledger.story-index/1"
Key = tuple[str, str]  # (article id, claim id): one claim_links row


def fingerprint(keys: Sequence[Key], vectors: np.ndarray) -> str:
    """sha256 over each row's key and float32 vector bytes, in row order."""
    digest = hashlib.sha256()
    array = np.ascontiguousarray(vectors, dtype=np.float32)
    for (article_id, claim_id), row in zip(keys, array, strict=True):
        digest.update(f"{article_id}\x00{claim_id}\x00".encode())
        digest.update(row.tobytes())
    return digest.hexdigest()


def manifest_path(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def save_index(index: VectorIndex, keys: Sequence[Key], path: Path) -> None:
    """Write the index and its manifest (see above); OSError when the folder refuses."""
    if len(keys) != len(index):
        raise ValueError(f"{len(keys)} keys for {len(index)} rows")
    vectors = index.vectors()
    _replace(path, lambda tmp: index.save(tmp))
    manifest = {"format": FORMAT, "rows": len(keys), "dimensions": index.dimensions,
                "file_sha256": _file_sha256(path), "fingerprint": fingerprint(keys, vectors),
                "keys": [list(k) for k in keys]}
    _replace(manifest_path(path), lambda tmp: tmp.write_text(json.dumps(manifest), encoding="utf-8"))


def load_index(path: Path, stored: Mapping[Key, bytes], *, threads: int = 1) -> tuple[VectorIndex, list[Key]] | str:
    """The saved index and its row keys when it matches the store (`stored`: every claim_links key -> its vector
    bytes), else why not: the caller then rebuilds it. Keys the store holds beyond the index's are for the
    caller to add. Never trusts the file's rows before both checksums pass, so a stale or damaged index
    cannot join a claim to the wrong story claim."""
    manifest = _manifest(path)
    if isinstance(manifest, str):
        return manifest
    keys = [(str(k[0]), str(k[1])) for k in manifest["keys"]]
    if len(set(keys)) != len(keys):
        return "its rows name one link twice"
    if missing := sum(1 for k in keys if k not in stored):
        return f"{missing} of its rows are no longer in the store"
    vectors = [stored[k] for k in keys]
    if any(len(v) != 4 * manifest["dimensions"] for v in vectors):
        return "its vectors are not as wide as the store's"
    rows = np.frombuffer(b"".join(vectors), np.float32).reshape(len(keys), manifest["dimensions"]) if keys else \
        np.zeros((0, manifest["dimensions"]), np.float32)
    if fingerprint(keys, rows) != manifest["fingerprint"]:
        return "the store's vectors for its rows have changed"
    if _file_sha256(path) != manifest["file_sha256"]:
        return "the index file is not the one its manifest describes"
    try:
        index = VectorIndex.load(path, threads=threads)
    except RuntimeError as error:  # faiss' reading errors
        return f"faiss cannot read it ({str(error).splitlines()[0][:120]})"
    if len(index) != len(keys) or index.dimensions != manifest["dimensions"]:
        return "the index holds another number of rows than its manifest"
    return index, keys


def _manifest(path: Path) -> dict[str, Any] | str:
    try:
        found = json.loads(manifest_path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return "none saved yet"
    except (OSError, UnicodeDecodeError, ValueError) as error:
        return f"its manifest is unreadable ({type(error).__name__})"
    ok = (isinstance(found, dict) and found.get("format") == FORMAT and isinstance(found.get("keys"), list)
          and isinstance(found.get("dimensions"), int) and found["dimensions"] > 0
          and isinstance(found.get("fingerprint"), str) and isinstance(found.get("file_sha256"), str)
          and all(isinstance(k, list) and len(k) == 2 and all(isinstance(p, str) for p in k) for k in found["keys"]))
    return found if ok else "its manifest is not one this claimledger writes"


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _replace(path: Path, write: Callable[[Path], object]) -> None:
    """Write through a temporary file beside `path`, then rename it over `path` (atomic on one filesystem)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
