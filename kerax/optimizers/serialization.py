"""`get`, `serialize` and `deserialize` for optimizers (Keras's formats).

Each optimizer class joins the `"optimizers"` family with
`@register("optimizers")` where it is defined (`kerax.core.registry`);
built-in names match whatever their case (`"adam"`, `"Adam"`), and an
optax `GradientTransformation` given to `get` is wrapped in an
`OptaxOptimizer`.

>>> opt = get("adam")
>>> type(opt).__name__, serialize(opt)["module"]
('Adam', 'keras.optimizers')
>>> type(deserialize(serialize(opt))).__name__
'Adam'
"""

from kerax.core.registry import OPTIMIZERS, make_api
from kerax.optimizers.optax_optimizer import OptaxOptimizer
from kerax.optimizers.optimizer import Optimizer

MODULE = OPTIMIZERS.keras_module


def _is_optax(identifier) -> bool:
    return hasattr(identifier, "init") and hasattr(identifier, "update")


OPTIMIZERS.converters[:] = [
    (lambda obj: isinstance(obj, Optimizer), lambda obj: obj),
    (_is_optax, OptaxOptimizer),
]
get, serialize, deserialize = make_api(OPTIMIZERS, __name__, "optimizer")
