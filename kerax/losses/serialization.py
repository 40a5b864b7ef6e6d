"""Loss look-up by name, and Keras-format (de)serialization.

Each loss class and function joins the `"losses"` family with
`@register("losses", *aliases)` where it is defined
(`kerax.core.registry`); importing the modules below fills the table.

>>> get("mse").__name__
'mean_squared_error'
>>> serialize(get("Huber"))["class_name"]
'Huber'
"""

from kerax.core.registry import LOSSES, make_api


def __getattr__(name):
    # Views of the loss family's table, built on access so that every loss
    # module registered first: ALL_OBJECTS (name -> loss class or
    # function) and ALIASES (short and Keras 2 names of the functions).
    if name == "ALL_OBJECTS":
        return {**LOSSES.classes, **LOSSES.functions}
    if name == "ALIASES":
        return {alias: fn.__name__ for alias, fn in LOSSES.functions.items()
                if alias != fn.__name__}
    raise AttributeError(
        f"module 'kerax.losses.serialization' has no attribute '{name}'")


get, serialize, deserialize = make_api(LOSSES, __name__, "loss", "name")
