"""`EinsumDense`: a dense layer whose contraction is an einsum equation.

>>> import numpy as np
>>> layer = EinsumDense("abc,cde->abde", output_shape=(None, 4, 2),
...                     bias_axes="de")
>>> layer(np.ones((1, 3, 5))).shape
(1, 3, 4, 2)
>>> [w.shape for w in layer.weights]
[(5, 4, 2), (4, 2)]
"""

import copy
import re

from kerax import (
    activations,
    constraints,
    initializers,
    ops,
    quantizers,
    regularizers,
)
from kerax.initializers.random_initializers import VarianceScaling
from kerax.layers.core.lora import LoRAMixin
from kerax.layers.input_spec import InputSpec
from kerax.layers.layer import Layer
from kerax.layers.quantization.calibrated_layout import calibrated_codes
from kerax.layers.quantization.dense_quantization import calibrated_policy
from kerax.layers.quantization.einsum_quantization import (
    EinsumDenseQuantization,
)


class EinsumDense(EinsumDenseQuantization, LoRAMixin, Layer):
    """Computes `activation(einsum(equation, inputs, kernel) + bias)`.

    `equation` has the form `"<input>,<kernel>-><output>"` (letters, with
    an optional leading `...` on input and output, or a trailing one);
    the kernel's shape is read from the input shape and `output_shape`.

    Args:
        equation: the einsum equation, e.g. `"ab,bc->ac"` (a Dense layer).
        output_shape: the output shape without the batch axis (an int for
            one axis); `None` entries are taken from the input.
        activation: activation name or function (default: linear).
        bias_axes: letters of the output axes that get a bias (default
            None: no bias).
        kernel_initializer: default `"glorot_uniform"` (fans computed from
            the equation's input and output axes).
        bias_initializer: default `"zeros"`.
        kernel_regularizer, bias_regularizer, activity_regularizer:
            optional regularizers.
        kernel_constraint, bias_constraint: optional constraints.
        lora_rank, lora_alpha: LoRA of that rank (update scaled by
            `lora_alpha / lora_rank`) enabled when built; see
            `enable_lora`.
        quantization_config: a `kerax.quantizers.QuantizationConfig` used
            with a quantized dtype policy or by `quantize` ("int8", "int4",
            "float8").
        gptq_unpacked_column_size: accepted for Keras compatibility (the
            column count of a GPTQ kernel's 2-D view; kerax derives it).

    Input shape: matching the equation's input. Output: the full output
    shape.
    """

    def __init__(
        self,
        equation,
        output_shape,
        activation=None,
        bias_axes=None,
        kernel_initializer="glorot_uniform",
        bias_initializer="zeros",
        kernel_regularizer=None,
        bias_regularizer=None,
        kernel_constraint=None,
        bias_constraint=None,
        lora_rank=None,
        lora_alpha=None,
        gptq_unpacked_column_size=None,
        quantization_config=None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self._init_quantization_config(quantization_config)
        if not isinstance(equation, str) or _split_equation(equation) is None:
            raise ValueError(
                f"Invalid einsum equation '{equation}'. Equations must be in "
                "the form [X],[Y]->[Z], ...[X],[Y]->...[Z], or "
                f"[X]...,[Y]->[Z].... Received: equation={equation!r}"
            )
        if isinstance(output_shape, int) and not isinstance(
            output_shape, bool
        ):
            output_shape = (output_shape,)
        try:
            output_shape = tuple(output_shape)
        except TypeError:
            output_shape = None
        if output_shape is None or not all(
            d is None or (isinstance(d, int) and not isinstance(d, bool)
                          and d > 0)
            for d in output_shape
        ):
            raise ValueError(
                "Argument `output_shape` must be an int or a tuple of "
                f"positive ints or None. Received: output_shape={output_shape}"
            )
        self.equation = equation
        self.partial_output_shape = output_shape
        self.bias_axes = bias_axes
        self.activation = activations.get(activation)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self._init_lora(lora_rank, lora_alpha)
        self.gptq_unpacked_column_size = gptq_unpacked_column_size

    def _analyze(self, input_shape):
        try:
            return analyze_einsum_string(
                self.equation, self.bias_axes, tuple(input_shape),
                self.partial_output_shape,
            )
        except ValueError as error:
            raise ValueError(f"Layer '{self.name}': {error}") from None

    def build(self, input_shape):
        kernel_shape, bias_shape, _, input_axes, output_axes = self._analyze(
            input_shape
        )
        if None in kernel_shape or (bias_shape and None in bias_shape):
            raise ValueError(
                f"Layer '{self.name}': the weight shape {kernel_shape} "
                "depends on unknown input dimensions. Received: "
                f"input_shape={tuple(input_shape)}"
            )
        kernel_initializer = self.kernel_initializer
        if isinstance(kernel_initializer, VarianceScaling) and (
            kernel_initializer.input_axes is None
            or kernel_initializer.output_axes is None
        ):
            kernel_initializer = copy.copy(kernel_initializer)
            kernel_initializer.input_axes = input_axes
            kernel_initializer.output_axes = output_axes
        self._input_rank = len(input_shape)
        mode = self.quantization_mode
        if mode:
            self._quantized_build(tuple(kernel_shape), mode,
                                  self.quantization_config)
        if mode not in ("int8", "int4", "gptq", "awq"):
            self._kernel = self.add_weight(
                name="kernel",
                shape=tuple(kernel_shape),
                initializer=kernel_initializer,
                regularizer=self.kernel_regularizer,
                constraint=self.kernel_constraint,
                trainable=True,
            )
        if bias_shape is not None:
            self.bias = self.add_weight(
                name="bias",
                shape=tuple(bias_shape),
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
                trainable=True,
            )
        else:
            self.bias = None
        self.input_spec = InputSpec(ndim=len(input_shape))
        self.built = True
        if self.lora_rank:
            self.enable_lora(self.lora_rank, self.lora_alpha)

    @property
    def kernel(self):
        if not self.built:
            raise AttributeError(
                f"Layer '{self.name}': build it before reading `kernel`.")
        if self.quantization_mode in ("gptq", "awq"):
            return calibrated_codes(self, calibrated_policy(self)[0])
        return self._with_lora(self._kernel)

    @kernel.setter
    def kernel(self, value):
        self._kernel = value

    def call(self, inputs, training=None):
        if self.quantization_mode:
            return self._quantized_call(inputs, training)
        x = ops.einsum(self.equation, inputs, self.kernel)
        if self.bias is not None:
            x = ops.add(x, self.bias)
        return self.activation(x)

    def compute_output_shape(self, input_shape):
        return tuple(self._analyze(input_shape)[2])

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "output_shape": self.partial_output_shape,
                "equation": self.equation,
                "activation": activations.serialize(self.activation),
                "bias_axes": self.bias_axes,
                "kernel_initializer": initializers.serialize(
                    self.kernel_initializer
                ),
                "bias_initializer": initializers.serialize(
                    self.bias_initializer
                ),
                "kernel_regularizer": regularizers.serialize(
                    self.kernel_regularizer
                ),
                "bias_regularizer": regularizers.serialize(
                    self.bias_regularizer
                ),
                "activity_regularizer": regularizers.serialize(
                    self._activity_regularizer
                ),
                "kernel_constraint": constraints.serialize(
                    self.kernel_constraint
                ),
                "bias_constraint": constraints.serialize(self.bias_constraint),
                "quantization_config": quantizers.serialize(
                    self.quantization_config),
                **self._lora_config(),
            }
        )
        if self.quantization_mode == "gptq":
            config["gptq_unpacked_column_size"] = self.calibrated_column_size
        return config

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        config["quantization_config"] = quantizers.deserialize(
            config.get("quantization_config"))
        return super().from_config(config)


def _split_equation(equation):
    """`(input, kernel, output, left_elided)` letters, or None."""
    dotted = re.sub(r"\.\.\.", "0", equation)
    for pattern, left in (
        ("^([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)$", False),
        ("^0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)$", True),
        ("^([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0$", False),
    ):
        match = re.match(pattern, dotted)
        if match:
            return match.group(1), match.group(2), match.group(3), left
    return None


def analyze_einsum_string(equation, bias_axes, input_shape, output_shape):
    """`(kernel_shape, bias_shape, full_output_shape, input_axes,
    output_axes)` for an EinsumDense equation (Keras's rules)."""
    split = _split_equation(equation)
    if split is None:
        raise ValueError(f"Invalid einsum equation '{equation}'.")
    input_spec, weight_spec, output_spec, left_elided = split
    elided = len(input_shape) - len(input_spec)
    if elided < 0:
        raise ValueError(
            f"The input rank {len(input_shape)} is lower than the rank of "
            f"the equation's input '{input_spec}'. Received: "
            f"input_shape={input_shape}, equation={equation}"
        )
    full = [input_shape[0]] + list(output_shape)
    if elided > 0 and left_elided:
        for i in range(1, elided):
            full.insert(1, input_shape[i])
    elif elided > 0:
        full.extend(input_shape[len(input_shape) - elided:])
    if left_elided:
        input_map = {
            d: (i + elided) - len(input_shape)
            for i, d in enumerate(input_spec)
        }
        output_map = {d: i + elided for i, d in enumerate(output_spec)}
    else:
        input_map = {d: i for i, d in enumerate(input_spec)}
        output_map = {d: i for i, d in enumerate(output_spec)}
    if len(full) != len(output_spec) + elided:
        raise ValueError(
            f"Argument `output_shape` {tuple(output_shape)} does not match "
            f"the equation's output '{output_spec}' (expected "
            f"{len(output_spec) - 1} dims without the batch axis)."
        )
    for dim in input_spec:
        size = input_shape[input_map[dim]]
        if dim in output_map:
            expected = full[output_map[dim]]
            if expected is None:
                full[output_map[dim]] = size
            elif size is not None and expected != size:
                raise ValueError(
                    "Input shape and output shape do not match at shared "
                    f"dimension '{dim}'. Input shape is {size}, and output "
                    f"shape is {expected}."
                )
    for dim in output_spec:
        if dim not in input_spec and dim not in weight_spec:
            raise ValueError(
                f"Dimension '{dim}' was specified in the output "
                f"'{output_spec}' but has no corresponding dim in the input "
                f"spec '{input_spec}' or weight spec '{weight_spec}'"
            )
    kernel_shape, input_axes, output_axes = [], [], []
    for i, dim in enumerate(weight_spec):
        if dim in output_map:
            kernel_shape.append(full[output_map[dim]])
            output_axes.append(i)
        elif dim in input_map:
            kernel_shape.append(input_shape[input_map[dim]])
            input_axes.append(i)
        else:
            raise ValueError(
                f"Weight dimension '{dim}' did not have a match in either "
                f"the input spec '{input_spec}' or the output spec "
                f"'{output_spec}'. For this layer, the weight must be fully "
                "specified."
            )
    bias_shape = None
    if bias_axes is not None:
        offset = elided if left_elided else 0
        sizes = {c: full[i + offset] for i, c in enumerate(output_spec)}
        for char in bias_axes:
            if char not in output_spec:
                raise ValueError(
                    f"Bias dimension '{char}' was requested, but is not part "
                    f"of the output spec '{output_spec}'"
                )
        first = min(output_spec.find(c) for c in bias_axes)
        bias_shape = [
            sizes[c] if c in bias_axes else 1 for c in output_spec[first:]
        ]
        if not left_elided:
            bias_shape.extend([1] * elided)
    return kernel_shape, bias_shape, full, input_axes, output_axes
