"""The GPTQ calibrator of one Dense or EinsumDense layer: what
`kerax.layers.quantization.calibration` records while the block runs, then
the quantized kernel (`kerax.quantizers.gptq_calibration`) installed in the
layer.
"""

from __future__ import annotations

import jax.numpy as jnp

from kerax.layers.quantization.calibrated_layout import calibration_matrix
from kerax.layers.quantization.calibration import install_calibrated
from kerax.quantizers.gptq_calibration import gptq_quantize_matrix
from kerax.quantizers.quantizers import pack_int4


class GPTQCalibrator:
    """Accumulates one Dense/EinsumDense layer's Hessian (over the rows
    of its kernel's 2-D view), then quantizes it."""

    def __init__(self, layer, config):
        self.layer = layer
        self.config = config
        self.matrix = calibration_matrix(layer)
        self.rows = int(self.matrix.shape[0])
        self.hessian = jnp.zeros((self.rows, self.rows), "float32")
        self.count = 0

    def record(self, x):
        """Adds a `(n, in_features)` batch to the running mean Hessian."""
        x = jnp.asarray(x, "float32")
        if x.shape[-1] != self.rows:
            raise ValueError(
                f"GPTQ '{self.layer.name}': inputs have {x.shape[-1]} "
                f"features; the kernel expects {self.rows}.")
        gram = jnp.matmul(x.T, x)
        gram = (gram + gram.T) / 2.0
        total = self.count + x.shape[0]
        if self.count > 0:
            self.hessian = self.hessian * (
                jnp.asarray(self.count) / jnp.asarray(total))
        self.hessian = self.hessian + (2.0 / jnp.asarray(total)) * gram
        self.count = total

    def quantize_layer(self):
        """Runs GPTQ on the layer's kernel and installs the result."""
        config = self.config
        hessian = self.hessian
        diagonal = jnp.diagonal(hessian)
        dead = diagonal == 0.0
        diagonal = jnp.where(dead, 1.0, diagonal)
        hessian = hessian + jnp.diag(jnp.where(dead, 1.0, 0.0))
        diagonal = diagonal + config.hessian_damping * jnp.mean(diagonal)
        hessian = hessian - jnp.diag(jnp.diagonal(hessian)) + jnp.diag(
            diagonal)
        codes, scale, zero, g_idx = gptq_quantize_matrix(
            jnp.transpose(self.matrix), jnp.linalg.inv(hessian),
            bits=config.weight_bits, group_size=config.group_size,
            symmetric=config.symmetric, per_channel=config.per_channel,
            activation_order=config.activation_order,
            order_metric=jnp.diagonal(hessian))
        codes = codes.astype("uint8")
        if config.weight_bits == 4:
            codes = pack_int4(codes, axis=0, dtype="uint8")[0]
        install_calibrated(self.layer, config, {
            "quantized_kernel": codes, "kernel_scale": scale,
            "kernel_zero": zero, "g_idx": g_idx})
