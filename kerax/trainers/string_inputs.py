"""The check that keeps string inputs out of the jitted steps.

A model built on `Input(dtype="string")` runs its string layers
(`StringLookup`, `TextVectorization`, `Hashing`) on the host when called
directly; `fit`/`evaluate`/`predict` compile their steps with JAX, which
has no strings. `check_string_inputs` names such inputs before anything
is traced.

>>> import kerax
>>> words = kerax.Input(shape=(1,), dtype="string", name="words")
>>> ids = kerax.layers.StringLookup(vocabulary=["a", "b"])(words)
>>> check_string_inputs(kerax.Model(words, ids))
Traceback (most recent call last):
  ...
ValueError: Model 'functional...' has string input 'words' ...
"""

from __future__ import annotations

from typing import Any


def string_input_names(model: Any) -> list[str]:
    """Names of `model`'s symbolic inputs of dtype string (none for
    subclassed models, which declare no inputs)."""
    names = []
    for tensor in getattr(model, "_graph_inputs", None) or []:
        if getattr(tensor, "dtype", None) == "string":
            history = getattr(tensor, "_keras_history", None)
            names.append(history[0].name if history else str(tensor))
    return names


def check_string_inputs(model: Any) -> None:
    """Raises a `ValueError` naming `model`'s string inputs, if any: the
    compiled loops cannot take them."""
    names = string_input_names(model)
    if not names:
        return
    listed = ", ".join(repr(n) for n in names)
    raise ValueError(
        f"Model {model.name!r} has string input {listed} (dtype "
        "'string'), which `fit`/`evaluate`/`predict` cannot feed to their "
        "compiled JAX steps (JAX has no string arrays). Run the string "
        "preprocessing in the data pipeline instead (e.g. map the "
        "dataset through the lookup layers, or use FeatureSpace's "
        "`get_encoded_features()` and train on the encoded features), "
        "or call the model directly (`model(x)`), which runs its string "
        "layers on the host."
    )
