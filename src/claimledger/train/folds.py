"""How `claimledger eval emergent|fnc1 --cv K` trains a relation model on each fold (training code, so
eval/ never imports train/; the CLI hands this to eval.relation)."""
from __future__ import annotations

from collections.abc import Sequence

from ..claims.relate import relation_models
from ..errors import E
from ..eval.relation import Predict, Train
from ..eval.stance_data import Pair


def _features(pairs: Sequence[Pair]) -> Predict:
    from .features import train

    model = train(pairs)
    return lambda test: model.probabilities([(p.claim, p.statement) for p in test])


def trainer(name: str) -> Train:
    """How CV trains the model registered as `name` on a fold: the feature model in numpy; the cross-encoder
    by fine-tuning MiniLM, which needs the training environment's torch."""
    name = relation_models.canonical(name)
    if name == "cross":
        try:
            from .relation_cross import train_predictor
        except ImportError:
            raise E.E096.error(model=name) from None
        return train_predictor
    if name == "features":
        return _features
    raise E.E001.error(kind="relation model", name=name, names=", ".join(relation_models.names()))
