"""Loss look-up by name, and Keras-format (de)serialization.

>>> get("mse").__name__
'mean_squared_error'
>>> serialize(get("Huber"))["class_name"]
'Huber'
"""

import inspect

from kerax.losses import (
    crossentropy,
    focal,
    hinges,
    probabilistic,
    regression,
    segmentation,
    sequence,
    similarity,
)
from kerax.losses.loss import Loss
from kerax.losses.wrapper import LossFunctionWrapper

_MODULES = (
    regression,
    probabilistic,
    crossentropy,
    focal,
    hinges,
    segmentation,
    similarity,
    sequence,
)


def _public_objects():
    objects = {"Loss": Loss, "LossFunctionWrapper": LossFunctionWrapper}
    for module in _MODULES:
        for name, obj in vars(module).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != (
                module.__name__
            ):
                continue
            is_class = inspect.isclass(obj) and issubclass(obj, Loss)
            if is_class or name in _LOSS_FUNCTIONS:
                objects[name] = obj
    return objects


_LOSS_FUNCTIONS = frozenset(
    [
        "mean_squared_error",
        "mean_absolute_error",
        "mean_absolute_percentage_error",
        "mean_squared_logarithmic_error",
        "huber",
        "log_cosh",
        "kl_divergence",
        "poisson",
        "categorical_generalized_cross_entropy",
        "binary_crossentropy",
        "categorical_crossentropy",
        "sparse_categorical_crossentropy",
        "binary_focal_crossentropy",
        "categorical_focal_crossentropy",
        "hinge",
        "squared_hinge",
        "categorical_hinge",
        "dice",
        "tversky",
        "cosine_similarity",
        "circle",
        "ctc",
    ]
)

ALL_OBJECTS = _public_objects()

# Short names (Keras 3) and Keras 2 spellings of the functions.
ALIASES = {
    "mse": "mean_squared_error",
    "MSE": "mean_squared_error",
    "mae": "mean_absolute_error",
    "MAE": "mean_absolute_error",
    "mape": "mean_absolute_percentage_error",
    "MAPE": "mean_absolute_percentage_error",
    "msle": "mean_squared_logarithmic_error",
    "MSLE": "mean_squared_logarithmic_error",
    "kld": "kl_divergence",
    "KLD": "kl_divergence",
    "bce": "binary_crossentropy",
    "BCE": "binary_crossentropy",
    "kullback_leibler_divergence": "kl_divergence",
    "logcosh": "log_cosh",
    "huber_loss": "huber",
    "cosine_proximity": "cosine_similarity",
    "cosine": "cosine_similarity",
}

ALL_OBJECTS.update({alias: ALL_OBJECTS[n] for alias, n in ALIASES.items()})


def _lookup(name, custom_objects=None):
    if custom_objects and name in custom_objects:
        return custom_objects[name]
    return ALL_OBJECTS.get(name)


def serialize(loss):
    """Returns a Keras-format config dict of a `Loss` or loss function
    (strings and None pass through)."""
    if loss is None or isinstance(loss, str):
        return loss
    if isinstance(loss, Loss):
        cls = type(loss)
        if ALL_OBJECTS.get(cls.__name__) is cls and cls is not (
            LossFunctionWrapper
        ):
            module, registered = "keras.losses", None
        elif cls is LossFunctionWrapper:
            module, registered = "keras.src.losses.losses", cls.__name__
        else:
            module, registered = cls.__module__, cls.__name__
        return {
            "module": module,
            "class_name": cls.__name__,
            "config": loss.get_config(),
            "registered_name": registered,
        }
    if inspect.isfunction(loss) or callable(loss):
        return {
            "module": "builtins",
            "class_name": "function",
            "config": getattr(loss, "__name__", type(loss).__name__),
            "registered_name": "function",
        }
    raise ValueError(f"Cannot serialize loss object. Received: loss={loss!r}")


def deserialize(name, custom_objects=None):
    """Returns the `Loss` instance or loss function that `name` (a name or
    a config dict from `serialize`, Keras 3 or Keras 2 format) describes."""
    config = name
    if config is None:
        return None
    if isinstance(config, str):
        obj = _lookup(config, custom_objects)
        if obj is None:
            raise ValueError(
                f"Unknown loss: '{config}'. Please ensure you are using a "
                "`kerax.losses` name or pass it in `custom_objects`. "
                f"Received: config={config!r}"
            )
        return obj
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(
            "Could not deserialize loss: expected a string or a dict with "
            f"'class_name'. Received: config={config!r}"
        )
    class_name = config["class_name"]
    inner = config.get("config", {})
    if class_name == "function":
        return deserialize(inner, custom_objects)
    cls = _lookup(class_name, custom_objects)
    if cls is None and config.get("registered_name"):
        cls = _lookup(config["registered_name"], custom_objects)
    if not (inspect.isclass(cls) and issubclass(cls, Loss)):
        raise ValueError(
            f"Unknown loss class: '{class_name}'. Please ensure it is a "
            "`kerax.losses.Loss` subclass, or pass it in `custom_objects`. "
            f"Received: config={config!r}"
        )
    return cls.from_config(dict(inner))


def get(identifier):
    """Returns a loss from a name, a config dict, a `Loss` class or
    instance, or a function (None gives None). Classes are instantiated
    with their defaults."""
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        obj = deserialize(identifier)
    elif isinstance(identifier, str):
        obj = ALL_OBJECTS.get(identifier)
    else:
        obj = identifier
    if inspect.isclass(obj) and issubclass(obj, Loss):
        return obj()
    if callable(obj) and not inspect.isclass(obj):
        return obj
    raise ValueError(f"Could not interpret loss identifier: {identifier!r}")
