"""Stance per attribution from the cue and the content: deny, hedge, else assert.

Denials that only negate the content ("didn't ask China for help") are decided in `claims`, where the
proposition they negate is known.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc

from .attribute.lexicon import DENY, HEDGE_CUES
from .model import Attribution
from .nlp import text_of

# Content that is itself a denial: a bare "No" answer, "not true", "false".
DENIAL_CONTENT = re.compile(r"^\W*(no|nope|not true|false|absolutely not|that is false|that's false|"
                            r"fake news|untrue|nonsense)\W*$", re.I)
HEDGE_WORDS = re.compile(r"\b(may|might|possibly|perhaps|reportedly|allegedly|apparently|likely|unlikely|"
                         r"believed to|thought to|appears? to|seems? to|could have|probably)\b", re.I)


def label(doc: Doc, attributions: list[Attribution]) -> None:
    for a in attributions:
        cue = a.cue.span
        before_cue = text_of(doc)[max(0, cue.start - 25):cue.start].lower()
        if a.cue.lemma in DENY or DENIAL_CONTENT.match(a.content.text):
            a.stance = "deny"
        elif HEDGE_WORDS.search(a.content.text) or "reportedly" in before_cue or a.cue.lemma in HEDGE_CUES:
            a.stance = "hedge"
        else:
            a.stance = "assert"
