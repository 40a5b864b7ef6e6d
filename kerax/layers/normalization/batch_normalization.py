"""`BatchNormalization`: normalizes with batch statistics while training
and with moving averages at inference.

>>> import numpy as np
>>> layer = BatchNormalization()
>>> x = np.array([[0.0, 2.0], [2.0, 6.0]], "float32")
>>> y = layer(x, training=True)
>>> np.round(np.asarray(y), 2).tolist()
[[-1.0, -1.0], [1.0, 1.0]]
>>> [round(float(m), 2) for m in layer.moving_mean.numpy()]
[0.01, 0.04]
"""

from kerax import constraints, initializers, ops, regularizers
from kerax.core.dtypes import standardize_dtype
from kerax.layers.input_spec import InputSpec
from kerax.layers.layer import Layer

_KERAS2_ERRORS = ("virtual_batch_size", "adjustment")


class BatchNormalization(Layer):
    """`gamma * (x - mean) / sqrt(var + epsilon) + beta` over `axis`.

    With `training=True` (and a trainable layer), `mean`/`var` are the
    moments of the batch over every axis but `axis`, and the moving
    statistics are updated with `moving = moving * momentum + batch *
    (1 - momentum)` through `Variable.assign` (captured as new
    non-trainable state inside `stateless_call`). Otherwise the moving
    statistics are used and nothing is updated.

    Args:
        axis: int, the feature axis (default -1).
        momentum: moving-average momentum in [0, 1] (default 0.99).
        epsilon: small float added to the variance (default 1e-3).
        center: add the learned offset `beta` (default True).
        scale: multiply by the learned `gamma` (default True).
        beta_initializer, gamma_initializer, moving_mean_initializer,
            moving_variance_initializer: defaults zeros, ones, zeros, ones.
        beta_regularizer, gamma_regularizer: optional regularizers.
        beta_constraint, gamma_constraint: optional constraints.
        renorm: batch renormalization (adds `moving_stddev`, `renorm_mean`
            and `renorm_stddev` state), with `renorm_clipping` (dict with
            optional `rmax`, `rmin`, `dmax`) and `renorm_momentum`.
        synchronized: accepted; under `jax.jit` with sharded batches the
            moments are already global.
        fused: Keras 2 argument, accepted and ignored (an implementation
            detail). `virtual_batch_size` and `adjustment` are not
            supported.

    Input shape: any, `axis` known. Output shape: the input shape.
    Weights: `gamma`, `beta` (trainable), `moving_mean`, `moving_variance`.
    """

    def __init__(
        self,
        axis=-1,
        momentum=0.99,
        epsilon=1e-3,
        center=True,
        scale=True,
        beta_initializer="zeros",
        gamma_initializer="ones",
        moving_mean_initializer="zeros",
        moving_variance_initializer="ones",
        beta_regularizer=None,
        gamma_regularizer=None,
        beta_constraint=None,
        gamma_constraint=None,
        renorm=False,
        renorm_clipping=None,
        renorm_momentum=0.99,
        synchronized=False,
        **kwargs,
    ):
        kwargs.pop("fused", None)
        for arg_name in _KERAS2_ERRORS:
            value = kwargs.pop(arg_name, None)
            if value is not None:
                raise ValueError(
                    f"Argument `{arg_name}` (Keras 2) is not supported by "
                    f"BatchNormalization. Received: {arg_name}={value}"
                )
        super().__init__(**kwargs)
        if isinstance(axis, (list, tuple)) and len(axis) == 1:
            axis = axis[0]
        if isinstance(axis, bool) or not isinstance(axis, int):
            raise ValueError(
                "Argument `axis` of BatchNormalization must be an integer. "
                f"Received: axis={axis}"
            )
        if not 0.0 <= float(momentum) <= 1.0:
            raise ValueError(
                "Argument `momentum` must be a float in [0, 1]. "
                f"Received: momentum={momentum}"
            )
        if float(epsilon) < 0.0:
            raise ValueError(
                "Argument `epsilon` must be a non-negative float. "
                f"Received: epsilon={epsilon}"
            )
        self.axis = int(axis)
        self.momentum = float(momentum)
        self.epsilon = float(epsilon)
        self.center = center
        self.scale = scale
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.moving_mean_initializer = initializers.get(
            moving_mean_initializer
        )
        self.moving_variance_initializer = initializers.get(
            moving_variance_initializer
        )
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)
        self.synchronized = synchronized
        self.renorm = renorm
        if renorm:
            renorm_clipping = _validate_renorm_clipping(renorm_clipping)
        self.renorm_clipping = renorm_clipping
        self.renorm_momentum = renorm_momentum
        self.supports_masking = True
        self.gamma = None
        self.beta = None
        self.moving_mean = None
        self.moving_variance = None

    def build(self, input_shape):
        rank = len(input_shape)
        if not -rank <= self.axis < rank:
            raise ValueError(
                f"Layer '{self.name}': axis {self.axis} is out of bounds for "
                f"input shape {tuple(input_shape)}. Received: axis={self.axis}"
            )
        dim = input_shape[self.axis]
        if dim is None:
            raise ValueError(
                f"Layer '{self.name}': axis {self.axis} of the input must have "
                f"a known size. Received: input_shape={tuple(input_shape)}"
            )
        shape = (dim,)
        if self.scale:
            self.gamma = self.add_weight(
                name="gamma",
                shape=shape,
                initializer=self.gamma_initializer,
                regularizer=self.gamma_regularizer,
                constraint=self.gamma_constraint,
                trainable=True,
                autocast=False,
            )
        if self.center:
            self.beta = self.add_weight(
                name="beta",
                shape=shape,
                initializer=self.beta_initializer,
                regularizer=self.beta_regularizer,
                constraint=self.beta_constraint,
                trainable=True,
                autocast=False,
            )
        self.moving_mean = self.add_weight(
            name="moving_mean",
            shape=shape,
            initializer=self.moving_mean_initializer,
            trainable=False,
            autocast=False,
        )
        self.moving_variance = self.add_weight(
            name="moving_variance",
            shape=shape,
            initializer=self.moving_variance_initializer,
            trainable=False,
            autocast=False,
        )
        if self.renorm:
            stddev_init = _SqrtInitializer(self.moving_variance_initializer)
            self.moving_stddev = self.add_weight(
                name="moving_stddev", shape=shape, initializer=stddev_init,
                trainable=False, autocast=False,
            )
            self.renorm_mean = self.add_weight(
                name="renorm_mean", shape=shape,
                initializer=self.moving_mean_initializer,
                trainable=False, autocast=False,
            )
            self.renorm_stddev = self.add_weight(
                name="renorm_stddev", shape=shape, initializer=stddev_init,
                trainable=False, autocast=False,
            )
        self.input_spec = InputSpec(ndim=rank, axes={self.axis: dim})
        self._reduction_axes = [
            a for a in range(rank) if a != self.axis % rank
        ]
        self.built = True

    def call(self, inputs, training=None, mask=None):
        if mask is not None and len(mask.shape) != len(inputs.shape) - 1:
            raise ValueError(
                "The mask provided should be one dimension less than the "
                f"inputs. Received: mask.shape={tuple(mask.shape)}, "
                f"inputs.shape={tuple(inputs.shape)}"
            )
        dtype = _at_least_float32(inputs.dtype)
        inputs = ops.cast(inputs, dtype)
        gamma = None if self.gamma is None else ops.cast(self.gamma, dtype)
        beta = None if self.beta is None else ops.cast(self.beta, dtype)
        if training and self.trainable:
            mean, variance = self._moments(inputs, mask)
            if self.renorm:
                r, d = self._renorm_correction(mean, variance)
                r, d = ops.stop_gradient(r), ops.stop_gradient(d)
                if gamma is not None:
                    gamma, shift = r * gamma, d * gamma
                else:
                    gamma, shift = r, d
                beta = shift if beta is None else shift + beta
                self._update_renorm_statistics(mean, variance)
            else:
                self._update_moving(self.moving_mean, mean, self.momentum)
                self._update_moving(
                    self.moving_variance, variance, self.momentum
                )
        else:
            mean = ops.cast(self.moving_mean, dtype)
            variance = ops.cast(self.moving_variance, dtype)
        outputs = ops.batch_normalization(
            inputs, mean, variance, axis=self.axis, offset=beta,
            scale=gamma, epsilon=self.epsilon,
        )
        return ops.cast(outputs, self.compute_dtype)

    def _moments(self, inputs, mask):
        if mask is None:
            return ops.moments(inputs, axes=self._reduction_axes)
        weights = ops.cast(
            ops.broadcast_to(ops.expand_dims(mask, -1), ops.shape(inputs)),
            inputs.dtype,
        )
        from kerax.config import epsilon as fuzz

        count = ops.sum(weights, self._reduction_axes, keepdims=True)
        mean = ops.sum(inputs * weights, self._reduction_axes, keepdims=True)
        mean = mean / (count + fuzz())
        squared = ops.square((inputs - mean) * weights)
        variance = ops.sum(squared, self._reduction_axes, keepdims=True)
        variance = variance / (count + fuzz())
        return (
            ops.squeeze(mean, self._reduction_axes),
            ops.squeeze(variance, self._reduction_axes),
        )

    @staticmethod
    def _update_moving(variable, value, momentum):
        moving = ops.cast(variable, value.dtype)
        variable.assign(moving * momentum + value * (1.0 - momentum))

    def _renorm_correction(self, mean, variance):
        stddev = ops.sqrt(variance + self.epsilon)
        renorm_mean = ops.cast(self.renorm_mean, mean.dtype)
        renorm_stddev = ops.maximum(
            ops.cast(self.renorm_stddev, mean.dtype),
            ops.sqrt(ops.cast(self.epsilon, mean.dtype)),
        )
        r = stddev / renorm_stddev
        d = (mean - renorm_mean) / renorm_stddev
        clipping = self.renorm_clipping
        if clipping.get("rmin") is not None:
            r = ops.maximum(r, clipping["rmin"])
        if clipping.get("rmax") is not None:
            r = ops.minimum(r, clipping["rmax"])
        if clipping.get("dmax") is not None:
            d = ops.clip(d, -clipping["dmax"], clipping["dmax"])
        return r, d

    def _update_renorm_statistics(self, mean, variance):
        stddev = ops.sqrt(variance + self.epsilon)
        self._update_moving(self.renorm_mean, mean, self.renorm_momentum)
        self._update_moving(self.renorm_stddev, stddev, self.renorm_momentum)
        self._update_moving(self.moving_mean, mean, self.momentum)
        moving_stddev = ops.cast(self.moving_stddev, mean.dtype)
        new_stddev = moving_stddev * self.momentum + stddev * (
            1.0 - self.momentum
        )
        self.moving_stddev.assign(new_stddev)
        self.moving_variance.assign(
            ops.relu(new_stddev * new_stddev - self.epsilon)
        )

    def compute_output_shape(self, input_shape):
        rank = len(input_shape)
        if not -rank <= self.axis < rank:
            raise ValueError(
                f"Axis {self.axis} is out of bounds for input shape "
                f"{tuple(input_shape)}. Received: axis={self.axis}"
            )
        return tuple(input_shape)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "axis": self.axis,
                "momentum": self.momentum,
                "epsilon": self.epsilon,
                "center": self.center,
                "scale": self.scale,
                "beta_initializer": initializers.serialize(
                    self.beta_initializer
                ),
                "gamma_initializer": initializers.serialize(
                    self.gamma_initializer
                ),
                "moving_mean_initializer": initializers.serialize(
                    self.moving_mean_initializer
                ),
                "moving_variance_initializer": initializers.serialize(
                    self.moving_variance_initializer
                ),
                "beta_regularizer": regularizers.serialize(
                    self.beta_regularizer
                ),
                "gamma_regularizer": regularizers.serialize(
                    self.gamma_regularizer
                ),
                "beta_constraint": constraints.serialize(
                    self.beta_constraint
                ),
                "gamma_constraint": constraints.serialize(
                    self.gamma_constraint
                ),
                "synchronized": self.synchronized,
                "renorm": self.renorm,
                "renorm_clipping": self.renorm_clipping,
                "renorm_momentum": self.renorm_momentum,
            }
        )
        return config


class _SqrtInitializer:
    """`sqrt(initializer(shape))`: the initial moving stddev of renorm."""

    def __init__(self, initializer):
        self.initializer = initializer

    def __call__(self, shape, dtype=None):
        return ops.sqrt(self.initializer(shape, dtype=dtype))


def _at_least_float32(dtype):
    dtype = standardize_dtype(dtype)
    if dtype == "float64":
        return dtype
    return "float32"


def _validate_renorm_clipping(renorm_clipping):
    renorm_clipping = dict(renorm_clipping or {})
    keys = ("rmax", "rmin", "dmax")
    if set(renorm_clipping) - set(keys):
        raise ValueError(
            "Received invalid keys for `renorm_clipping` argument: "
            f"{renorm_clipping}. Supported values: {list(keys)}."
        )
    rmax, rmin = renorm_clipping.get("rmax"), renorm_clipping.get("rmin")
    dmax = renorm_clipping.get("dmax")
    if rmax is not None and rmin is not None and rmax < rmin:
        raise ValueError(
            "rmax should be greater than rmin in the `renorm_clipping` "
            f"argument. Received: rmax={rmax}, rmin={rmin}."
        )
    if dmax is not None and dmax < 0:
        raise ValueError(
            "dmax should be non-negative in the `renorm_clipping` argument. "
            f"Received: dmax={dmax}."
        )
    return renorm_clipping
