"""Serve `import keras` (and every `keras.*` module) from kerax.

`install()` puts a finder first on `sys.meta_path` that answers every
import of `keras` or `keras.<sub>` with the module object kerax already has
for `kerax` or `kerax.<sub>`: no copy is made, so `keras.layers.Dense is
kerax.layers.Dense`. Being first, it wins over a real Keras installed in
the same environment (modules of a real Keras imported before `install()`
are dropped from `sys.modules`).

Example (it changes the process's imports, so it is not a doctest):

    from kerax.cli import keras_alias
    keras_alias.install()
    import keras.layers, kerax.layers
    assert keras.layers.Dense is kerax.layers.Dense
"""

import importlib
import importlib.abc
import importlib.machinery
import sys
import types

ALIAS = "keras"
TARGET = "kerax"


def _target_name(fullname):
    """`kerax.x.y` for `keras.x.y`; None for names outside `keras`."""
    if fullname == ALIAS:
        return TARGET
    if fullname.startswith(ALIAS + "."):
        return TARGET + fullname[len(ALIAS):]
    return None


def _resolve(target):
    """The kerax module named `target`, imported if needed; None if kerax
    has no such module. A lazily exported submodule attribute counts."""
    try:
        return importlib.import_module(target)
    except ModuleNotFoundError as error:
        if error.name != target:
            raise  # kerax.x exists but failed importing something else.
    parent_name, _, leaf = target.rpartition(".")
    if not parent_name:
        return None
    parent = _resolve(parent_name)
    value = getattr(parent, leaf, None) if parent is not None else None
    return value if isinstance(value, types.ModuleType) else None


class _AliasLoader(importlib.abc.Loader):
    """Puts the kerax module itself in `sys.modules` under the keras name.

    The import system reads the module back from `sys.modules` after
    `exec_module`, so the name is bound to kerax's object; the placeholder
    from `create_module` is dropped and kerax's `__spec__` stays intact.
    """

    def __init__(self, module):
        self.module = module

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        sys.modules[module.__name__] = self.module


class KerasAliasFinder(importlib.abc.MetaPathFinder):
    """Maps `keras` and `keras.*` imports onto `kerax` and `kerax.*`."""

    def find_spec(self, fullname, path=None, target=None):
        name = _target_name(fullname)
        if name is None:
            return None
        module = _resolve(name)
        if module is None:
            raise ModuleNotFoundError(
                f"No module named {fullname!r}: kerax serves `keras` "
                f"imports and has no module {name!r}.",
                name=fullname,
            )
        return importlib.machinery.ModuleSpec(
            fullname, _AliasLoader(module),
            is_package=hasattr(module, "__path__"),
        )


def _is_alias(finder):
    return isinstance(finder, KerasAliasFinder)


def _forget_keras_modules():
    """Drops real-Keras modules already imported, so later imports of
    `keras` go through the alias."""
    for name in list(sys.modules):
        if _target_name(name) is None:
            continue
        module = sys.modules[name]
        if module is None or not getattr(module, "__name__", "").startswith(
            TARGET
        ):
            del sys.modules[name]


def install():
    """Makes `import keras` resolve to kerax from now on (idempotent)."""
    if not any(_is_alias(f) for f in sys.meta_path):
        sys.meta_path.insert(0, KerasAliasFinder())
    _forget_keras_modules()


def uninstall():
    """Removes the alias and the `keras` names it bound in `sys.modules`."""
    sys.meta_path[:] = [f for f in sys.meta_path if not _is_alias(f)]
    for name in list(sys.modules):
        if _target_name(name) is not None:
            module = sys.modules[name]
            if getattr(module, "__name__", "").startswith(TARGET):
                del sys.modules[name]


def installed():
    """Whether the alias is on `sys.meta_path`."""
    return any(_is_alias(f) for f in sys.meta_path)
