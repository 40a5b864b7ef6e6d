"""`keras.wrappers`: Keras 3's `SKLearnClassifier`, `SKLearnRegressor`
and `SKLearnTransformer`, and Keras 2's `scikit_learn` module (each
imported on first use, so scikit-learn loads only when needed)."""

import importlib

_SUBMODULES = frozenset({"scikit_learn"})
_KERAS3 = frozenset({"SKLearnClassifier", "SKLearnRegressor",
                     "SKLearnTransformer"})


def __getattr__(name):
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    if name in _KERAS3:
        module = importlib.import_module(f"{__name__}.sklearn_wrapper")
        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | _SUBMODULES | _KERAS3)
