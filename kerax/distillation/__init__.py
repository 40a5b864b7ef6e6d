"""Knowledge distillation (`keras.distillation`): a frozen teacher model
guides a student through `Distiller`, with `LogitsDistillation`,
`FeatureDistillation` or a custom `DistillationLoss`.

>>> import kerax
>>> kerax.distillation.LogitsDistillation(temperature=2.0).temperature
2.0
"""

from kerax.distillation.distillation_loss import (
    DistillationLoss,
    FeatureDistillation,
    LogitsDistillation,
)
from kerax.distillation.distiller import Distiller

__all__ = [
    "DistillationLoss",
    "Distiller",
    "FeatureDistillation",
    "LogitsDistillation",
]
