"""GPTQ and AWQ configs: calibration settings for post-training
quantization (the arguments and saved form of Keras's).

>>> config = GPTQConfig(dataset=None, tokenizer=None, weight_bits=4)
>>> config.mode, config.dtype_policy_string()
('gptq', 'gptq/4/128')
"""

from __future__ import annotations

from kerax.quantizers.codec import register
from kerax.quantizers.quantization_config import QuantizationConfig


def _check_common(name, num_samples, sequence_length, group_size):
    if num_samples <= 0:
        raise ValueError(
            f"{name}: `num_samples` must be positive; got {num_samples}.")
    if sequence_length <= 0:
        raise ValueError(
            f"{name}: `sequence_length` must be positive; got "
            f"{sequence_length}.")
    if group_size < -1 or group_size == 0:
        raise ValueError(
            f"{name}: `group_size` must be -1 or a positive integer; got "
            f"{group_size}.")


@register
class GPTQConfig(QuantizationConfig):
    """GPTQ settings: `weight_bits` (2, 3, 4 or 8), `group_size`, the
    calibration `dataset`/`tokenizer` (not saved), ...

    >>> GPTQConfig(None, None, group_size=-1).get_config()["group_size"]
    -1
    """

    def __init__(self, dataset, tokenizer, *, weight_bits=4, num_samples=128,
                 per_channel=True, sequence_length=512, hessian_damping=0.01,
                 group_size=128, symmetric=False, activation_order=False,
                 quantization_layer_structure=None):
        super().__init__()
        if weight_bits not in (2, 3, 4, 8):
            raise ValueError(
                "GPTQConfig: `weight_bits` must be 2, 3, 4 or 8; got "
                f"{weight_bits}.")
        _check_common("GPTQConfig", num_samples, sequence_length, group_size)
        if not 0 <= hessian_damping <= 1:
            raise ValueError(
                "GPTQConfig: `hessian_damping` must be in [0, 1]; got "
                f"{hessian_damping}.")
        self.dataset = dataset
        self.tokenizer = tokenizer
        self.weight_bits = weight_bits
        self.num_samples = num_samples
        self.per_channel = per_channel
        self.sequence_length = sequence_length
        self.hessian_damping = hessian_damping
        self.group_size = group_size
        self.symmetric = symmetric
        self.activation_order = activation_order
        self.quantization_layer_structure = quantization_layer_structure

    @property
    def mode(self):
        return "gptq"

    def dtype_policy_string(self):
        return f"gptq/{self.weight_bits}/{self.group_size}"

    def get_config(self):
        return {
            "dataset": None, "tokenizer": None,
            "weight_bits": self.weight_bits,
            "num_samples": self.num_samples,
            "per_channel": self.per_channel,
            "sequence_length": self.sequence_length,
            "hessian_damping": self.hessian_damping,
            "group_size": self.group_size,
            "symmetric": self.symmetric,
            "activation_order": self.activation_order,
            "quantization_layer_structure":
                self.quantization_layer_structure,
        }

    @classmethod
    def from_config(cls, config):
        return cls(**config)


@register
class AWQConfig(QuantizationConfig):
    """AWQ settings (4-bit weights only): `group_size`, `num_grid_points`,
    the calibration `dataset`/`tokenizer` (not saved), ...

    >>> AWQConfig(None, None).dtype_policy_string()
    'awq/4/128'
    """

    def __init__(self, dataset, tokenizer, *, weight_bits=4, num_samples=128,
                 sequence_length=512, group_size=128, num_grid_points=20,
                 quantization_layer_structure=None):
        super().__init__()
        if weight_bits != 4:
            raise ValueError(
                f"AWQConfig: only 4-bit weights; got weight_bits="
                f"{weight_bits}.")
        _check_common("AWQConfig", num_samples, sequence_length, group_size)
        if num_grid_points <= 0:
            raise ValueError(
                "AWQConfig: `num_grid_points` must be positive; got "
                f"{num_grid_points}.")
        self.dataset = dataset
        self.tokenizer = tokenizer
        self.weight_bits = weight_bits
        self.num_samples = num_samples
        self.sequence_length = sequence_length
        self.group_size = group_size
        self.num_grid_points = num_grid_points
        self.quantization_layer_structure = quantization_layer_structure

    @property
    def mode(self):
        return "awq"

    def dtype_policy_string(self):
        return f"awq/{self.weight_bits}/{self.group_size}"

    def get_config(self):
        return {
            "dataset": None, "tokenizer": None,
            "weight_bits": self.weight_bits,
            "num_samples": self.num_samples,
            "sequence_length": self.sequence_length,
            "group_size": self.group_size,
            "num_grid_points": self.num_grid_points,
            "quantization_layer_structure":
                self.quantization_layer_structure,
        }

    @classmethod
    def from_config(cls, config):
        return cls(**config)
