"""The analysis version stored with each ledger (issue 21): what made it, so the store can follow upgrades.

One short string: the package version, the extractor and relation models by registry name and registered
version, and a hash of the model files in use (the attribution tagger's and the sentence encoder's
folders as Options name them, and the shipped relation models), e.g.
`claimledger 0.1.0; combined@1 features@1 cross@1; models 3f2a9c0b7d1e`. Two ledgers with the same string
were made by the same analysis; `claimledger reanalyze --older-than-version` redoes those whose string
differs from the one the installed package makes now (strings are compared, not ordered: a downgrade is
"another version" too). Model files are hashed once per process (70 MB, about 0.1 s).
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from .options import Options

_DATA = Path(__file__).parent / "data"
MODEL_SUFFIXES = (".onnx", ".npz", ".json")  # the weights and their settings; model cards are not the model


def analysis_version(options: Options | None = None) -> str:
    """The analysis version of ledgers made with `options` (default Options())."""
    from . import __version__
    from .attribute import extractors
    from .claims.relate import relation_models

    options = options or Options()
    _register_all()
    parts = [f"{extractors.resolve(options.extractor)}@{extractors.version(options.extractor)}"]
    for name in (options.relation, options.relation_across):
        parts.append(f"{relation_models.resolve(name)}@{relation_models.version(name)}" if name else "none")
    return f"claimledger {__version__}; {' '.join(parts)}; models {models_hash(options)}"


def _register_all() -> None:
    from .attribute import combined, learned, rules  # noqa: F401
    from .claims import relation_cross, relation_model  # noqa: F401


def model_dirs(options: Options) -> tuple[Path, ...]:
    """The folders of the models an analysis with `options` reads."""
    attribution = Path(options.attribution_model_dir) if options.attribution_model_dir else _DATA / "attribution-model"
    embed = Path(options.embed_model_dir) if options.embed_model_dir else _DATA / "embed-model"
    return attribution, embed, _DATA / "relation-model"


def models_hash(options: Options) -> str:
    """12 hex digits of the sha256 over the model files of `model_dirs`, name by name."""
    digest = hashlib.sha256()
    for folder in model_dirs(options):
        for path in sorted(folder.glob("*")) if folder.is_dir() else ():
            if path.suffix in MODEL_SUFFIXES and path.is_file():
                digest.update(path.name.encode() + b"\0" + _file_hash(str(path), path.stat().st_size,
                                                                       path.stat().st_mtime_ns).encode())
    return digest.hexdigest()[:12]


@lru_cache(maxsize=64)
def _file_hash(path: str, _size: int, _mtime: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
