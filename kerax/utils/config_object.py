"""`Config`: a dict of named values also read and written as attributes,
that can be frozen and written as JSON (Keras 3's `keras.utils.Config`).

>>> config = Config(learning_rate=0.1)
>>> config.momentum = 0.9
>>> config["seed"] = 1
>>> config.learning_rate, config["momentum"], sorted(config)
(0.1, 0.9, ['learning_rate', 'momentum', 'seed'])
>>> config.freeze()
>>> config.seed = 2
Traceback (most recent call last):
...
ValueError: This Config is frozen: cannot set 'seed'. Call `unfreeze()` first.
"""

from __future__ import annotations

import copy
import difflib
import json
from typing import Any

# Names that are the object's own (methods, properties, private state);
# every other attribute is an entry.
_OWN = frozenset({
    "_config", "_frozen", "frozen", "freeze", "unfreeze", "as_dict",
    "to_json", "keys", "values", "items", "pop", "update", "get",
})


class Config:
    """Named values, as a dict and as attributes.

    Args:
        **kwargs: the initial entries.

    Iteration yields the keys in sorted order; `keys()`, `values()` and
    `items()` follow insertion order, like a dict. A frozen config refuses
    every change (`unfreeze()` allows them again).
    """

    def __init__(self, **kwargs: Any):
        object.__setattr__(self, "_config", dict(kwargs))
        object.__setattr__(self, "_frozen", False)

    # ------------------------------------------------------------ freezing
    @property
    def frozen(self) -> bool:
        """Whether changes are refused."""
        return self._frozen

    def freeze(self) -> None:
        """Refuse any further change."""
        object.__setattr__(self, "_frozen", True)

    def unfreeze(self) -> None:
        """Allow changes again."""
        object.__setattr__(self, "_frozen", False)

    def _check_mutable(self, what: str) -> None:
        if self._frozen:
            raise ValueError(
                f"This Config is frozen: cannot {what}. Call `unfreeze()` "
                "first.")

    # ------------------------------------------------------------ dict API
    def as_dict(self) -> dict:
        """A shallow copy of the entries as a dict."""
        return copy.copy(self._config)

    def to_json(self) -> str:
        """The entries as a JSON string."""
        return json.dumps(self._config)

    def keys(self):
        return self._config.keys()

    def values(self):
        return self._config.values()

    def items(self):
        return self._config.items()

    def get(self, keyname, value=None):
        return self._config.get(keyname, value)

    def pop(self, *args):
        self._check_mutable(f"pop {args[0]!r}" if args else "pop")
        return self._config.pop(*args)

    def update(self, *args, **kwargs):
        self._check_mutable("update it")
        self._config.update(*args, **kwargs)

    def __getitem__(self, key):
        return self._config[key]

    def __setitem__(self, key, value):
        self._check_mutable(f"set {key!r}")
        self._config[key] = value

    def __delitem__(self, key):
        self._check_mutable(f"delete {key!r}")
        del self._config[key]

    def __contains__(self, key) -> bool:
        return key in self._config

    def __iter__(self):
        return iter(sorted(self._config))

    def __len__(self) -> int:
        return len(self._config)

    def __repr__(self) -> str:
        return f"<Config {self._config}>"

    # ---------------------------------------------------------- attributes
    def __getattr__(self, name):
        # Only called when normal lookup fails: an entry, or an error.
        if name.startswith("__") or name in _OWN:
            raise AttributeError(name)
        config = self.__dict__.get("_config", {})
        if name in config:
            return config[name]
        message = f"Config has no entry '{name}'."
        close = difflib.get_close_matches(name, list(config), n=1,
                                          cutoff=0.7)
        if close:
            message += f" Did you mean '{close[0]}'?"
        raise AttributeError(message)

    def __setattr__(self, name, value):
        if name in _OWN:
            raise AttributeError(
                f"'{name}' is a Config method or property, not an entry; "
                f"use config[{name!r}] = ... for an entry of that name.")
        self[name] = value

    def __delattr__(self, name):
        if name not in self._config:
            raise AttributeError(f"Config has no entry '{name}'.")
        del self[name]
