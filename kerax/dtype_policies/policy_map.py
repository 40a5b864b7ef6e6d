"""`DTypePolicyMap`: per-layer dtype policies keyed by layer path (exact
or a regular expression matched in full), with a default.

>>> policies = DTypePolicyMap("float32")
>>> policies["encoder/dense"] = "int8_from_float32"
>>> policies["encoder/dense"].name, policies["other"].name
('int8_from_float32', 'float32')
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping

from kerax.core import dtype_policy as core


class DTypePolicyMap(core.DTypePolicy, MutableMapping):
    """Maps layer paths to dtype policies; others get `default_policy`."""

    def __init__(self, default_policy=None, policy_map=None):
        if isinstance(default_policy, DTypePolicyMap):
            raise ValueError(
                "DTypePolicyMap: `default_policy` cannot itself be a "
                "DTypePolicyMap.")
        if policy_map is not None and not isinstance(policy_map, dict):
            raise TypeError(
                "DTypePolicyMap: `policy_map` must be a dict; got "
                f"{type(policy_map).__name__}.")
        self._default_policy_arg = default_policy
        self._default_policy = core.get(default_policy)
        self._policy_map = {}
        for key, policy in (policy_map or {}).items():
            self[key] = policy

    @property
    def name(self):
        return f"map_{self.default_policy.name}"

    @property
    def _name(self):
        return self.name

    @property
    def default_policy(self):
        return core.get(self._default_policy)

    @property
    def variable_dtype(self):
        return self.default_policy.variable_dtype

    @property
    def compute_dtype(self):
        return self.default_policy.compute_dtype

    @property
    def quantization_mode(self):
        return self.default_policy.quantization_mode

    def __getitem__(self, key):
        if key in self._policy_map:
            return self._policy_map[key]
        matches = [p for p in self._policy_map if re.fullmatch(p, key)]
        if len(matches) > 1:
            raise ValueError(
                f"DTypePolicyMap: path '{key}' matches several keys "
                f"{matches}; each path may match at most one.")
        if matches:
            return self._policy_map[matches[0]]
        return self.default_policy

    def __setitem__(self, key, policy):
        if key in self._policy_map:
            raise ValueError(
                f"DTypePolicyMap: '{key}' is already mapped to "
                f"{self._policy_map[key]}; keys must be unique.")
        self._policy_map[key] = core.get(policy)

    def __delitem__(self, key):
        return self._policy_map.pop(key)

    def __contains__(self, key):
        return key in self._policy_map

    def __len__(self):
        return len(self._policy_map)

    def __iter__(self):
        return iter(self._policy_map)

    def __eq__(self, other):
        return isinstance(other, DTypePolicyMap) and (
            self.get_config() == other.get_config())

    def __hash__(self):
        return id(self)

    def get_config(self):
        return {
            "default_policy": self._default_policy_arg,
            "policy_map": {k: core.serialize(v)
                           for k, v in self._policy_map.items()},
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        config["policy_map"] = {
            k: core.get(v) for k, v in (config.get("policy_map") or {}).items()
        }
        return cls(**config)

    def __repr__(self):
        mapping = [(k, v.name) for k, v in self._policy_map.items()]
        return (f"<DTypePolicyMap default_policy={self.default_policy.name}, "
                f"mapping={mapping}>")
