"""`get`, `serialize` and `deserialize` for optimizers (Keras's formats).

>>> opt = get("adam")
>>> type(opt).__name__, serialize(opt)["module"]
('Adam', 'keras.optimizers')
>>> type(deserialize(serialize(opt))).__name__
'Adam'
"""

from kerax.optimizers.adadelta import Adadelta
from kerax.optimizers.adafactor import Adafactor
from kerax.optimizers.adagrad import Adagrad
from kerax.optimizers.adam import Adam
from kerax.optimizers.adamax import Adamax
from kerax.optimizers.adamw import AdamW
from kerax.optimizers.ftrl import Ftrl
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
from kerax.optimizers.sgd import SGD

ALL_OBJECTS = (
    Optimizer,
    Adam,
    SGD,
    RMSprop,
    Adadelta,
    AdamW,
    Adagrad,
    Adamax,
    Adafactor,
    Nadam,
    Ftrl,
    Lion,
    Lamb,
    Muon,
    MultiOptimizer,
    OptimizerMap,
    LossScaleOptimizer,
    ScheduleFreeAdamW,
)
ALL_OBJECTS_DICT = {cls.__name__.lower(): cls for cls in ALL_OBJECTS}
MODULE = "keras.optimizers"


def serialize(optimizer):
    """Returns `{"module", "class_name", "config", "registered_name"}`."""
    return {
        "module": MODULE,
        "class_name": optimizer.__class__.__name__,
        "config": optimizer.get_config(),
        "registered_name": None,
    }


def deserialize(config, custom_objects=None):
    """Rebuilds an optimizer from `serialize`'s (or Keras's) output.

    Built-in class names match case-insensitively (`"adam"`, `"Adam"`).
    """
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(
            "Could not interpret optimizer config: expected a dict with a "
            f"'class_name' key. Received: config={config}"
        )
    name = config["class_name"]
    custom_objects = custom_objects or {}
    cls = custom_objects.get(name) or custom_objects.get(
        config.get("registered_name")
    )
    if cls is None:
        cls = ALL_OBJECTS_DICT.get(str(name).lower())
    if cls is None:
        raise ValueError(
            f"Unknown optimizer: '{name}'. Please ensure you are using a "
            "kerax optimizer name, or pass the class in `custom_objects`."
        )
    inner = dict(config.get("config") or {})
    return cls.from_config(inner, custom_objects=custom_objects)


def get(identifier):
    """An Optimizer from a name, a config dict, an Optimizer, or an optax
    `GradientTransformation` (wrapped in an `OptaxOptimizer`)."""
    if identifier is None:
        return None
    if isinstance(identifier, Optimizer):
        return identifier
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str):
        return deserialize({"class_name": identifier, "config": {}})
    if hasattr(identifier, "init") and hasattr(identifier, "update"):
        return OptaxOptimizer(identifier)
    raise ValueError(f"Could not interpret optimizer identifier: {identifier}")
