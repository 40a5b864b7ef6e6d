"""Arguments shared by the built-in recurrent cells and layers (private).

`set_cell_args` validates and stores the usual cell arguments,
`cell_config` serializes them back (Keras's keys), and `delegate_to_cell`
gives a layer (`LSTM`, ...) read-only properties that forward to its
cell (`layer.units` is `layer.cell.units`), as Keras does.
"""

from __future__ import annotations

from kerax import activations, constraints, initializers, ops, regularizers
from kerax.layers.rnn.dropout_rnn_cell import validate_rate, validate_units
from kerax.random.seed_generator import SeedGenerator

_INITIALIZERS = ("kernel_initializer", "recurrent_initializer",
                 "bias_initializer")
_REGULARIZERS = ("kernel_regularizer", "recurrent_regularizer",
                 "bias_regularizer")
_CONSTRAINTS = ("kernel_constraint", "recurrent_constraint",
                "bias_constraint")


def set_cell_args(cell, units=None, units_name="units", **args):
    """Stores `args` on `cell`, converted (`activations.get`, ...)."""
    if units is not None:
        setattr(cell, units_name, validate_units(units, units_name))
    for name in ("activation", "recurrent_activation"):
        if name in args:
            setattr(cell, name, activations.get(args.pop(name)))
    for name in _INITIALIZERS:
        setattr(cell, name, initializers.get(args.pop(name)))
    for name in _REGULARIZERS:
        setattr(cell, name, regularizers.get(args.pop(name)))
    for name in _CONSTRAINTS:
        setattr(cell, name, constraints.get(args.pop(name)))
    cell.dropout = validate_rate(args.pop("dropout"), "dropout")
    cell.recurrent_dropout = validate_rate(
        args.pop("recurrent_dropout"), "recurrent_dropout"
    )
    seed = args.pop("seed")
    if seed is not None and (isinstance(seed, bool) or not isinstance(
            seed, int)):
        raise ValueError(
            f"Argument `seed` must be an integer or None. Received: "
            f"seed={seed}"
        )
    cell.seed = seed
    cell.seed_generator = SeedGenerator(seed)
    for name, value in args.items():
        setattr(cell, name, value)


def cell_config(obj, keys):
    """`{key: serialized value}` for the cell arguments named in `keys`."""
    config = {}
    for key in keys:
        value = getattr(obj, key)
        if value is None:
            pass
        elif key in ("activation", "recurrent_activation"):
            value = activations.serialize(value)
        elif key in _INITIALIZERS:
            value = initializers.serialize(value)
        elif key in _REGULARIZERS or key == "activity_regularizer":
            value = regularizers.serialize(value)
        elif key in _CONSTRAINTS:
            value = constraints.serialize(value)
        config[key] = value
    return config


def delegate_to_cell(cls, names):
    """Adds read-only properties `cls.<name>` -> `self.cell.<name>`."""
    for name in names:
        setattr(cls, name, property(
            lambda self, name=name: getattr(self.cell, name)
        ))
    return cls


def gate_matmul(x, kernel, masks):
    """`x @ kernel`; with a list of per-gate dropout masks, each gate's
    columns multiply its own masked copy of `x`."""
    if masks is None:
        return ops.matmul(x, kernel)
    parts = ops.split(kernel, len(masks), axis=-1)
    return ops.concatenate(
        [ops.matmul(x * m, k) for m, k in zip(masks, parts)], axis=-1
    )


def forget_bias_initializer(base, units):
    """Keras's `unit_forget_bias`: zeros-like `base` with ones on the
    forget gate (the second quarter)."""

    def initialize(shape, dtype=None):
        return ops.concatenate([
            base((units,), dtype=dtype),
            initializers.get("ones")((units,), dtype=dtype),
            base((units * 2,), dtype=dtype),
        ])

    return initialize
