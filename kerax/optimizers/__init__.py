"""Optimizers: Keras's API, optax transformations inside.

>>> from kerax import optimizers
>>> type(optimizers.get("rmsprop")).__name__
'RMSprop'
"""

from kerax.core.registry import OPTIMIZERS
from kerax.optimizers import legacy, schedules
from kerax.optimizers.adadelta import Adadelta
from kerax.optimizers.adafactor import Adafactor
from kerax.optimizers.adagrad import Adagrad
from kerax.optimizers.adam import Adam
from kerax.optimizers.adamax import Adamax
from kerax.optimizers.adamw import AdamW
from kerax.optimizers.ftrl import Ftrl
from kerax.optimizers.keras2_members import clip_norm
from kerax.optimizers.lamb import Lamb
from kerax.optimizers.lion import Lion
from kerax.optimizers.loss_scale_optimizer import LossScaleOptimizer
from kerax.optimizers.multi_optimizer import MultiOptimizer, OptimizerMap
from kerax.optimizers.muon import Muon
from kerax.optimizers.nadam import Nadam
from kerax.optimizers.optax_optimizer import OptaxOptimizer
from kerax.optimizers.optimizer import Optimizer
from kerax.optimizers.rmsprop import RMSprop
from kerax.optimizers.schedule_free_adamw import ScheduleFreeAdamW
from kerax.optimizers.serialization import deserialize, get, serialize
from kerax.optimizers.sgd import SGD

__all__ = [
    "ALL_OBJECTS",
    "ALL_OBJECTS_DICT",
    "SGD",
    "Adadelta",
    "Adafactor",
    "Adagrad",
    "Adam",
    "AdamW",
    "Adamax",
    "Ftrl",
    "Lamb",
    "Lion",
    "LossScaleOptimizer",
    "MultiOptimizer",
    "Muon",
    "Nadam",
    "OptaxOptimizer",
    "Optimizer",
    "OptimizerMap",
    "RMSprop",
    "ScheduleFreeAdamW",
    "deserialize",
    "get",
    "legacy",
    "schedules",
    "serialize",
]

# Keras 2 (up to 2.3) also spelled the classes in lower case, e.g.
# `optimizers.rmsprop(lr=0.0001, decay=1e-6)` in its CIFAR-10 example.
# These names replace the same-named submodules as attributes of this
# package (the submodules stay importable by their full dotted names).
sgd = SGD
rmsprop = RMSprop
adagrad = Adagrad
adadelta = Adadelta
adam = Adam
adamax = Adamax
nadam = Nadam

# Keras 2's `TFOptimizer` wrapped the backend's native optimizer; for JAX
# that is an optax transformation.
TFOptimizer = OptaxOptimizer

# Views of the optimizer family's table (`@register("optimizers")` at each
# class), by lower-case name as Keras 2 matched them.
ALL_OBJECTS = tuple(OPTIMIZERS.classes.values())
ALL_OBJECTS_DICT = {cls.__name__.lower(): cls for cls in ALL_OBJECTS}
