"""Learning-rate schedules: `schedule(step) -> learning_rate`, jittable.

>>> from kerax.optimizers import schedules
>>> config = schedules.serialize(schedules.ExponentialDecay(0.1, 10, 0.9))
>>> config["class_name"], config["module"]
('ExponentialDecay', 'keras.optimizers.schedules')
>>> type(schedules.deserialize(config)).__name__
'ExponentialDecay'
"""

from kerax.optimizers.schedules.cosine_decay import (
    CosineDecay,
    CosineDecayRestarts,
)
from kerax.optimizers.schedules.exponential_decay import (
    ExponentialDecay,
    InverseTimeDecay,
)
from kerax.optimizers.schedules.learning_rate_schedule import (
    LearningRateSchedule,
)
from kerax.optimizers.schedules.piecewise_constant_decay import (
    PiecewiseConstantDecay,
)
from kerax.optimizers.schedules.polynomial_decay import PolynomialDecay

MODULE = "keras.optimizers.schedules"
ALL_OBJECTS = (
    LearningRateSchedule,
    ExponentialDecay,
    InverseTimeDecay,
    PiecewiseConstantDecay,
    PolynomialDecay,
    CosineDecay,
    CosineDecayRestarts,
)
ALL_OBJECTS_DICT = {cls.__name__: cls for cls in ALL_OBJECTS}
_CUSTOM = {}


def register(cls):
    """Makes a custom schedule class known to `deserialize` by name."""
    _CUSTOM[cls.__name__] = cls
    return cls


def serialize(learning_rate_schedule):
    """Returns a schedule as a Keras-format config dict."""
    return {
        "module": MODULE,
        "class_name": learning_rate_schedule.__class__.__name__,
        "config": learning_rate_schedule.get_config(),
        "registered_name": None,
    }


def deserialize(config, custom_objects=None):
    """Rebuilds a schedule from `serialize`'s output (or a Keras file's)."""
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(
            "Could not interpret learning rate schedule config. Expected a "
            f"dict with a 'class_name' key. Received: config={config}"
        )
    name = config["class_name"]
    known = dict(ALL_OBJECTS_DICT, **_CUSTOM, **(custom_objects or {}))
    cls = known.get(name) or known.get(config.get("registered_name"))
    if cls is None:
        raise ValueError(
            f"Unknown decay: '{name}'. Please ensure you are using a "
            "`kerax.optimizers.schedules.LearningRateSchedule` subclass, "
            "or pass it in `custom_objects`."
        )
    return cls.from_config(dict(config.get("config", {})))


__all__ = [cls.__name__ for cls in ALL_OBJECTS] + [
    "serialize",
    "deserialize",
    "register",
]
