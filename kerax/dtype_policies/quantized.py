"""Quantized dtype policies: a layer's quantization mode plus the float
policy it was quantized from (`"int8_from_float32"`, ...).

>>> policy = QuantizedDTypePolicy("int8", "mixed_bfloat16")
>>> policy.name, policy.compute_dtype, policy.variable_dtype
('int8_from_mixed_bfloat16', 'bfloat16', 'float32')
"""

from __future__ import annotations

from kerax.core.dtype_policy import DTypePolicy, global_policy
from kerax.core.quantization_modes import QUANTIZATION_MODES


class QuantizedDTypePolicy(DTypePolicy):
    """Policy of a quantized layer: `mode` and the source float policy."""

    def __init__(self, mode, source_name=None):
        if source_name is None:
            source_name = global_policy().name
        source = DTypePolicy(source_name)
        if mode not in QUANTIZATION_MODES:
            raise ValueError(
                f"Invalid quantization mode: expected one of "
                f"{QUANTIZATION_MODES}; got mode={mode!r}.")
        if mode == "int8" and source.compute_dtype == "float16":
            raise ValueError(
                "Quantization mode 'int8' does not work with "
                "compute_dtype='float16'; quantize from 'float32' or "
                "'mixed_bfloat16'.")
        self._name = f"{mode}_from_{source_name}"
        self._compute = source.compute_dtype
        self._variable = source.variable_dtype
        self._source_name = source_name
        self._quantization_mode = mode

    @property
    def quantization_mode(self):
        return self._quantization_mode

    def get_config(self):
        return {"mode": self._quantization_mode,
                "source_name": self._source_name}

    def __eq__(self, other):
        return type(other) is type(self) and (
            other.get_config() == self.get_config())

    def __hash__(self):
        return hash((type(self).__name__, self.name))

    def __repr__(self):
        return f'<{type(self).__name__} "{self.name}">'


class QuantizedFloat8DTypePolicy(QuantizedDTypePolicy):
    """float8 policy; `amax_history_length` sizes the scaling history.

    >>> QuantizedFloat8DTypePolicy("float8", "float32").amax_history_length
    1024
    """

    default_amax_history_length = 1024

    def __init__(self, mode, source_name=None, amax_history_length=1024):
        super().__init__(mode, source_name)
        if not isinstance(amax_history_length, int):
            raise TypeError(
                "QuantizedFloat8DTypePolicy: `amax_history_length` must be "
                f"an int; got {amax_history_length!r}.")
        self._amax_history_length = amax_history_length

    @property
    def amax_history_length(self):
        return self._amax_history_length

    def get_config(self):
        config = super().get_config()
        config["amax_history_length"] = self._amax_history_length
        return config


def _parse_mode(cls_name, mode, base, n_parts):
    parts = mode.split("/")
    if len(parts) != n_parts or parts[0] != base:
        raise ValueError(
            f"{cls_name}: `mode` must look like "
            f"'{base}/{'/'.join(['<int>'] * (n_parts - 1))}'; got '{mode}'.")
    try:
        return [int(part) for part in parts[1:]]
    except ValueError:
        raise ValueError(
            f"{cls_name}: the numbers in mode '{mode}' must be integers."
        ) from None


def _check_group(cls_name, value, what):
    if value < -1 or value == 0:
        raise ValueError(
            f"{cls_name}: {what} must be -1 or a positive integer; got "
            f"{value}.")


class Int4DTypePolicy(QuantizedDTypePolicy):
    """int4 policy with a block size: mode `"int4/<block_size>"` (-1 is
    per channel).

    >>> Int4DTypePolicy("int4/128", "float32").name
    'int4/128_from_float32'
    """

    def __init__(self, mode, source_name=None):
        (block_size,) = _parse_mode("Int4DTypePolicy", mode, "int4", 2)
        _check_group("Int4DTypePolicy", block_size, "block_size")
        super().__init__("int4", source_name)
        self._name = f"{mode}_from_{self._source_name}"
        self.mode = "int4"
        self.block_size = block_size

    def get_config(self):
        config = super().get_config()
        config["mode"] = f"int4/{self.block_size}"
        return config


class GPTQDTypePolicy(QuantizedDTypePolicy):
    """GPTQ policy: mode `"gptq/<weight_bits>/<group_size>"`.

    >>> GPTQDTypePolicy("gptq/4/128", "float32").weight_bits
    4
    """

    def __init__(self, mode, source_name=None):
        bits, group = _parse_mode("GPTQDTypePolicy", mode, "gptq", 3)
        if bits not in (2, 3, 4, 8):
            raise ValueError(
                "GPTQDTypePolicy: weight_bits must be 2, 3, 4 or 8; got "
                f"{bits}.")
        _check_group("GPTQDTypePolicy", group, "group_size")
        super().__init__("gptq", source_name)
        self._name = f"{mode}_from_{self._source_name}"
        self.mode = "gptq"
        self.weight_bits = bits
        self.group_size = group

    def get_config(self):
        config = super().get_config()
        config["mode"] = f"gptq/{self.weight_bits}/{self.group_size}"
        return config


class AWQDTypePolicy(QuantizedDTypePolicy):
    """AWQ policy: mode `"awq/4/<group_size>"`.

    >>> AWQDTypePolicy("awq/4/-1", "float32").group_size
    -1
    """

    def __init__(self, mode, source_name=None):
        bits, group = _parse_mode("AWQDTypePolicy", mode, "awq", 3)
        if bits != 4:
            raise ValueError(
                f"AWQDTypePolicy: only 4-bit weights; got weight_bits={bits}.")
        _check_group("AWQDTypePolicy", group, "group_size")
        super().__init__("awq", source_name)
        self._name = f"{mode}_from_{self._source_name}"
        self.mode = "awq"
        self.weight_bits = bits
        self.group_size = group

    def get_config(self):
        config = super().get_config()
        config["mode"] = f"awq/{self.weight_bits}/{self.group_size}"
        return config


def policy_from_string(name):
    """`"int8_from_float32"`-style names to their policy."""
    mode, sep, source = name.partition("_from_")
    if not sep or not source:
        raise ValueError(
            f"Cannot read a quantized dtype policy from '{name}': expected "
            "'<mode>_from_<source policy>', e.g. 'int8_from_float32'.")
    if mode.startswith("int4/"):
        return Int4DTypePolicy(mode, source)
    if mode.startswith("gptq"):
        return GPTQDTypePolicy(mode, source)
    if mode.startswith("awq"):
        return AWQDTypePolicy(mode, source)
    if mode == "float8":
        return QuantizedFloat8DTypePolicy(mode, source)
    return QuantizedDTypePolicy(mode, source)


CLASSES = {cls.__name__: cls for cls in (
    QuantizedDTypePolicy, QuantizedFloat8DTypePolicy, Int4DTypePolicy,
    GPTQDTypePolicy, AWQDTypePolicy)}
