"""Attribution extraction: source / cue / content spans. Extractors are chosen by name."""
from __future__ import annotations

from typing import Protocol

from spacy.tokens import Doc

from ..model import RawAttribution
from ..registry import Registry


class Extractor(Protocol):
    """Finds attributions in a parsed article. `doc.text` is the clean article text."""

    def extract(self, doc: Doc) -> list[RawAttribution]: ...


extractors: Registry[Extractor] = Registry("extractor")


def get_extractor(name: str) -> Extractor:
    # Import for the side effect of registering; the model extractor loads lazily on create.
    from . import learned, rules  # noqa: F401

    return extractors.create(name)
