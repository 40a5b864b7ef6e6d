"""Package namespaces whose names are imported on first use.

`kerax.layers` and `kerax.utils` export a few hundred names from as many
small modules. Importing them all made up most of `import kerax`'s own
time, so these packages map each public name to the module defining it
and import that module when the name is first read (PEP 562). Every
public name still resolves: `from kerax.layers import Dense`,
`kerax.layers.Dense`, `getattr`, `dir()` and deserialization by class
name all work as before.

`exports` maps a module path (relative ones, starting with ".", are
inside the package) to a space-separated string of the names it
provides; `Alias=Name` exports `Name` under another name.

>>> import types
>>> pkg = types.ModuleType("pkg")
>>> pkg.__getattr__, pkg.__dir__ = lazy_exports(
...     pkg.__dict__, {"json": "dumps encode=dumps"})
>>> pkg.encode({"a": 1})
'{"a": 1}'
>>> "dumps" in pkg.__dir__()
True
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def lazy_exports(
        namespace: dict[str, Any], exports: dict[str, str],
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """`(__getattr__, __dir__)` for a package namespace dict; see the
    module docstring for the `exports` format."""
    targets: dict[str, tuple[str, str]] = {}
    for module, names in exports.items():
        for entry in names.split():
            public, _, original = entry.partition("=")
            if public in targets:
                raise ValueError(f"Name exported twice: {public!r}")
            targets[public] = (module, original or public)

    def __getattr__(name: str) -> Any:
        target = targets.get(name)
        if target is None:
            raise AttributeError(
                f"module {namespace.get('__name__')!r} has no attribute "
                f"{name!r}"
            )
        module, original = target
        value = getattr(
            importlib.import_module(module, namespace.get("__name__")),
            original)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(set(namespace) | set(targets))

    return __getattr__, __dir__
