"""The claim-relation interface: how a statement bears on a claim (one model behind one seam).

The article ledger and the cross-article ledger both call `get_relation_model(name).relate_many`;
implementations register by name, as extractors do.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

from ..options import Options
from ..registry import Registry

Relation = Literal["supports", "denies", "discusses", "unrelated"]
RELATIONS: tuple[Relation, ...] = ("supports", "denies", "discusses", "unrelated")
# The relations of a statement that bears on the claim: what a stored stance or a tracked article can be.
Side = Literal["supports", "denies", "discusses"]
SIDES: tuple[Side, ...] = ("supports", "denies", "discusses")


@dataclass(frozen=True)
class Judgement:
    """The relation of one statement to one claim, with its probability and the full distribution."""

    relation: Relation
    probability: float
    probabilities: dict[str, float] = field(default_factory=dict)


class RelationModel(Protocol):
    def relate_many(self, pairs: Sequence[tuple[str, str]]) -> list[Judgement]:
        """One Judgement per (claim, statement) pair, in order."""
        ...


relation_models: Registry[RelationModel] = Registry("relation model")
relation_models.alias("model", "features")  # its name in 0.1: deprecated, kept one release


def get_relation_model(name: str = "features", options: Options | None = None) -> RelationModel:
    """The relation model registered under `name`, made for `options` (its ONNX threads, the sentence
    encoder's folder), as extractors are: "features" is the shipped feature model, "cross" the same
    with the shipped cross-encoder telling supports from discusses."""
    # Import for the side effect of registering; the shipped model loads its weights on create.
    from . import relation_cross, relation_model  # noqa: F401

    return relation_models.create(name, options or Options())
