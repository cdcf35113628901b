"""The claims stage: which attributions state, deny or hedge the same claim, and each one's stance.

`read` reads one statement, `relate` is the claim-relation model's interface (shared with the
cross-article ledger), `group` groups an article's statements. Stance is decided here and only here.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..model import Article, Attribution, Claim

if TYPE_CHECKING:  # the package imports without spaCy: across/ uses its relation model on stored text
    from spacy.tokens import Doc

    from .relate import RelationModel


def decide(article: Article, doc: Doc, attributions: Sequence[Attribution], relation: RelationModel | None = None,
           title_doc: Doc | None = None) -> tuple[list[Attribution], list[Claim]]:
    """New attributions, each with its stance toward its claim and its claim id, and the claims.

    `relation` None uses the ledger's rules alone (no model). `title_doc` is the parsed title when the
    title is not the text's first line (a page or feed title): the headline is a statement too.
    """
    from .group import group_claims

    return group_claims(article, doc, attributions, relation, title_doc)


__all__ = ["decide"]
