"""Model methods and `kerax.models` names that higher packages implement.

`kerax.saving`, `kerax.export` and the Keras 2 `kerax.engine` sit above
`kerax.models` in the package layers (docs/architecture.md), so the model
classes may not import them. This module is the registration point they
fill when they are imported (`import kerax` imports them all):

- `provide_method(name, function)` implements a `ProvidedMethod` that a
  model class declares, e.g. `save = ProvidedMethod("kerax.saving")`;
- `provide_name(name, loader)` makes `kerax.models.<name>` resolve, on
  first use, to what `loader()` returns (the loader imports the provider's
  module then, so `import kerax` does not load h5py).

>>> import kerax
>>> kerax.Model.save is provided_method("save")
True
>>> kerax.models.load_model is kerax.saving.load_model
True
"""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any

_METHODS: dict[str, Callable[..., Any]] = {}
_NAME_LOADERS: dict[str, Callable[[], Any]] = {}


def provide_method(name: str, function: Callable[..., Any]) -> None:
    """Registers `function(model, ...)` as the model method `name`."""
    _METHODS[name] = function


def provide_name(name: str, loader: Callable[[], Any]) -> None:
    """Registers `kerax.models.<name>` as the value `loader()` returns."""
    _NAME_LOADERS[name] = loader


def provided_method(name: str) -> Callable[..., Any]:
    """The function registered for the model method `name`."""
    return _METHODS[name]


def provided_names() -> frozenset[str]:
    """The `kerax.models` names registered by higher packages."""
    return frozenset(_NAME_LOADERS)


def load_name(name: str) -> Any:
    """The value of the registered `kerax.models.<name>`; `KeyError` if no
    package registered it."""
    return _NAME_LOADERS[name]()


class ProvidedMethod:
    """A method whose body a higher package registers.

    On the class it reads as the registered function (its signature and
    docstring); on an instance, as that function bound to the instance.
    Subclasses override it like any method.
    """

    def __init__(self, provider: str) -> None:
        self.provider = provider
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def _function(self) -> Callable[..., Any]:
        function = _METHODS.get(self.name)
        if function is None:
            raise AttributeError(
                f"Model.{self.name} is implemented by {self.provider}, "
                "which has not registered it: import kerax (it imports "
                f"{self.provider}) before calling Model.{self.name}."
            )
        return function

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        function = self._function()
        if instance is None:
            return function
        return types.MethodType(function, instance)
