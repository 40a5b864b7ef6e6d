"""Dtype policies: the dtype of a layer's variables and of its computation.

`"mixed_float16"` and `"mixed_bfloat16"` keep variables in float32 and
compute in the half type.

>>> DTypePolicy("mixed_bfloat16").compute_dtype
'bfloat16'
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kerax import config
from kerax.core.dtypes import standardize_dtype

_GLOBAL_POLICY: DTypePolicy | None = None

# Registration point filled by `kerax.dtype_policies` when imported: the
# other policy classes by saved class name, and the parser of quantized
# policy names such as "int8_from_float32".
_EXTENSIONS: dict = {"classes": {}, "from_string": None}


def register_policies(classes: dict[str, type],
                      from_string: Callable[[str], DTypePolicy]) -> None:
    """Lets `get` rebuild the policies of `classes` (saved class name ->
    class) and read the names `from_string` parses (those with
    `"_from_"`)."""
    _EXTENSIONS["classes"].update(classes)
    _EXTENSIONS["from_string"] = from_string


class DTypePolicy:
    """A dtype policy: `name` is a dtype or `"mixed_float16"`/`"mixed_bfloat16"`."""

    def __init__(self, name: str | None = None) -> None:
        if name is None:
            name = config.floatx()
        if not isinstance(name, str):
            raise TypeError(
                "`name` must be a string such as 'float32' or "
                f"'mixed_float16'. Received: name={name!r}"
            )
        self._name = name
        if name.startswith("mixed_"):
            half = name[len("mixed_"):]
            if half not in ("float16", "bfloat16"):
                raise ValueError(
                    "Mixed policies must be 'mixed_float16' or "
                    f"'mixed_bfloat16'. Received: name={name}"
                )
            self._compute = half
            self._variable = "float32"
        else:
            try:
                dtype = standardize_dtype(name)
            except ValueError:
                raise ValueError(
                    f"Cannot convert '{name}' to a DTypePolicy. Valid "
                    "policies are dtype names, 'mixed_float16' and "
                    "'mixed_bfloat16'."
                ) from None
            self._compute = dtype
            self._variable = dtype

    @property
    def name(self) -> str:
        return self._name

    @property
    def compute_dtype(self) -> str:
        return self._compute

    @property
    def variable_dtype(self) -> str:
        return self._variable

    @property
    def quantization_mode(self) -> str | None:
        """None here; quantized policies name their mode."""
        return None

    def get_config(self) -> dict[str, Any]:
        return {"name": self._name}

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> DTypePolicy:
        return cls(**config)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DTypePolicy) and other.name == self.name

    def __hash__(self) -> int:
        return hash(self._name)

    def __repr__(self) -> str:
        return f'<DTypePolicy "{self._name}">'


class FloatDTypePolicy(DTypePolicy):
    """Keras 3 alias of `DTypePolicy`."""


def get(identifier: Any) -> DTypePolicy:
    """Returns a DTypePolicy for a policy, name, dict config or None."""
    if identifier is None:
        return global_policy()
    if isinstance(identifier, DTypePolicy):
        return identifier
    if isinstance(identifier, dict):
        return _from_dict(identifier)
    if isinstance(identifier, str):
        if "_from_" in identifier:
            return _extension("from_string", identifier)(identifier)
        return DTypePolicy(identifier)
    return DTypePolicy(standardize_dtype(identifier))


def _from_dict(identifier: dict[str, Any]) -> DTypePolicy:
    """A policy from its saved form (any of Keras's policy classes)."""
    config = identifier.get("config", identifier)
    class_name = identifier.get("class_name", "DTypePolicy")
    if class_name in ("DTypePolicy", "FloatDTypePolicy", "Policy"):
        return DTypePolicy(config.get("name"))
    cls = _extension("classes", class_name).get(class_name)
    if cls is None:
        raise ValueError(
            f"Cannot interpret the dtype policy class '{class_name}' "
            f"(config {identifier!r}).")
    return cls.from_config(dict(config))


def _extension(kind: str, what: str) -> Any:
    found = _EXTENSIONS[kind]
    if not found:
        raise ValueError(
            f"Cannot interpret the dtype policy {what!r}: quantized "
            "policies are defined by `kerax.dtype_policies`, which is not "
            "imported.")
    return found


def serialize(policy: DTypePolicy) -> dict[str, Any]:
    """Keras 3's config form of a policy."""
    if type(policy) in (DTypePolicy, FloatDTypePolicy):
        return {
            "module": "keras",
            "class_name": "DTypePolicy",
            "config": {"name": policy.name},
            "registered_name": None,
        }
    return {
        "module": "keras.dtype_policies",
        "class_name": type(policy).__name__,
        "config": policy.get_config(),
        "registered_name": None,
    }


def set_global_policy(policy: Any) -> None:
    """Sets the default policy for layers created afterwards."""
    global _GLOBAL_POLICY
    _GLOBAL_POLICY = None if policy is None else get(policy)


def set_global_policy_from_config(policy: str | DTypePolicy) -> None:
    """`kerax.config.set_dtype_policy`: a policy or a policy name only."""
    if not isinstance(policy, (str, DTypePolicy)):
        raise ValueError(
            "set_dtype_policy: `policy` must be a string or a DTypePolicy; "
            f"received {policy!r} of type {type(policy).__name__}."
        )
    set_global_policy(policy)


def global_policy() -> DTypePolicy:
    """Returns the default policy (`floatx()` unless set)."""
    if _GLOBAL_POLICY is not None:
        return _GLOBAL_POLICY
    return DTypePolicy()


config.DTYPE_POLICY_FUNCTIONS.update(
    set=set_global_policy_from_config, get=global_policy)
