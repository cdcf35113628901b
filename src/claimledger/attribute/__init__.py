"""Attribution extraction: source / cue / content spans. Extractors are chosen by name."""
from __future__ import annotations

import re

from spacy.tokens import Doc

from ..model import RawAttribution
from ..options import Options
from ..registry import Registry
from ..lexicon import AUXILIARIES, DETERMINERS, NON_SOURCES


class Extractor:
    """Finds attributions in a parsed article. `doc.text` is the clean article text. Every extractor
    subclasses this and defines `extract`; the other methods do nothing unless overridden.

    An extractor that needs only the text may override `prefetch(text)`: the pipeline calls it as each
    article leaves cleaning, before spaCy parses it, so the two can run at once. Such an extractor also
    overrides `forget(text)` (the document was given up: stop its work) and `close()` (the run is over:
    end its workers), which the pipeline calls so no work outlives its document or its run.
    """

    def extract(self, doc: Doc) -> list[RawAttribution]:
        raise NotImplementedError

    def prefetch(self, text: str) -> None:
        """Start work on an article's text before it is parsed (optional)."""

    def forget(self, text: str) -> None:
        """Stop the work `prefetch` started on a text that was given up (optional)."""

    def close(self) -> None:
        """End the extractor's workers at the end of a run (optional)."""


extractors: Registry[Extractor] = Registry("extractor")
extractors.alias("model", "combined")  # its name in 0.1: deprecated, kept one release


def get_extractor(name: str, options: Options | None = None) -> Extractor:
    # Import for the side effect of registering; the tagger loads lazily on create.
    from . import combined, learned, rules  # noqa: F401

    return extractors.create(name, options or Options())


# A modal perfect on the cue is the writer guessing at an act ("Russia may have asked for China's
# help"), not a source speaking: design.md keeps the writer's speculation out of the ledger.
# A cue that is only an auxiliary ("they are [asking]") is a tagging slip, never a reporting act.
SPECULATION = re.compile(r"\b(may|might|could|must)\s+(not\s+)?have\b", re.I)


def reported(raw: list[RawAttribution]) -> list[RawAttribution]:
    """The attributions that report a source, whichever extractor found them: no speculation, and no
    "source" that cannot speak ("according to the new schedule")."""
    return [r for r in raw if not SPECULATION.search(r.cue.text) and _head_word(r.source.text) not in NON_SOURCES
            and r.cue.text.strip().lower() not in AUXILIARIES and r.source.text.strip().lower() not in DETERMINERS]


def _head_word(phrase: str) -> str:
    words = phrase.lower().split()
    word = words[-1].strip(".,;:'\u2019") if words else ""
    return word[:-1] if word.endswith("s") and word[:-1] in NON_SOURCES else word
