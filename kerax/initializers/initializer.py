"""`Initializer`: the base class of weight initializers.

An initializer is a callable `init(shape, dtype=None)` returning an array
of that shape (float dtype defaulting to `floatx()`), with a
`get_config()` that rebuilds it.

>>> class Halves(Initializer):
...     def __call__(self, shape, dtype=None):
...         return jnp.full(shape, 0.5, dtype or "float32")
>>> Halves()((2,)).tolist()
[0.5, 0.5]
"""

from __future__ import annotations

import jax.numpy as jnp  # noqa: F401  (used by the doctest)

from kerax.core.registry import register


@register("initializers")
class Initializer:
    """Base class: subclasses implement `__call__(shape, dtype=None)` and,
    when they take arguments, `get_config()`.

    >>> Initializer().get_config()
    {}
    """

    def __call__(self, shape, dtype=None):
        raise NotImplementedError(
            "Initializer subclasses must implement the `__call__()` method."
        )

    def get_config(self):
        """Returns the constructor arguments as a JSON-friendly dict."""
        return {}

    @classmethod
    def from_config(cls, config):
        """Builds an initializer from `get_config()`'s output."""
        return cls(**config)

    def clone(self):
        """A new initializer with the same configuration."""
        return self.__class__.from_config(self.get_config())
