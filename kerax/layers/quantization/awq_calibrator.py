"""The AWQ calibrator of one Dense or EinsumDense layer: what
`kerax.layers.quantization.calibration` records while the block runs, then
the quantized kernel (`kerax.quantizers.awq_calibration`) installed in the
layer.
"""

from __future__ import annotations

import jax.numpy as jnp

from kerax.layers.quantization.calibrated_layout import calibration_matrix
from kerax.layers.quantization.calibration import install_calibrated
from kerax.quantizers.awq_calibration import awq_quantize_matrix
from kerax.quantizers.quantizers import pack_int4


class AWQCalibrator:
    """Tracks one Dense/EinsumDense layer's input magnitudes (over the
    rows of its kernel's 2-D view), then quantizes it."""

    def __init__(self, layer, config):
        self.layer = layer
        self.config = config
        self.matrix = calibration_matrix(layer)
        self.rows = int(self.matrix.shape[0])
        self.magnitudes = jnp.zeros((self.rows,), "float32")

    def record(self, x):
        """Folds a `(n, in_features)` batch into the per-feature max."""
        x = jnp.asarray(x, "float32")
        self.magnitudes = jnp.maximum(self.magnitudes,
                                      jnp.max(jnp.abs(x), axis=0))

    def quantize_layer(self):
        """Runs AWQ on the layer's kernel and installs the result."""
        codes, scale, zero, awq_scales, g_idx = awq_quantize_matrix(
            jnp.transpose(self.matrix), self.magnitudes,
            num_grid_points=self.config.num_grid_points,
            group_size=self.config.group_size)
        packed = pack_int4(codes.astype("uint8"), axis=0, dtype="uint8")[0]
        install_calibrated(self.layer, self.config, {
            "quantized_kernel": packed, "kernel_scale": scale,
            "kernel_zero": zero, "awq_scales": awq_scales, "g_idx": g_idx})
