"""The config entries of a layer's weight arguments, in Keras's order.

Convolution-style layers write, after their own arguments, every
`<weight>_initializer`, then every `<weight>_regularizer`, then
`activity_regularizer`, then every `<weight>_constraint`.

>>> from kerax import layers
>>> conv = layers.Conv1D(2, 3)
>>> list(weight_arguments_config(conv, "kernel", "bias"))[:2]
['kernel_initializer', 'bias_initializer']
"""

from kerax import constraints, initializers, regularizers


def weight_arguments_config(layer, *weights):
    """Serialized initializers, regularizers and constraints of `weights`
    (attribute prefixes such as `"kernel"`, `"bias"`) of `layer`."""
    config = {}
    for name in weights:
        config[f"{name}_initializer"] = initializers.serialize(
            getattr(layer, f"{name}_initializer"))
    for name in weights:
        config[f"{name}_regularizer"] = regularizers.serialize(
            getattr(layer, f"{name}_regularizer"))
    config["activity_regularizer"] = regularizers.serialize(
        layer._activity_regularizer)
    for name in weights:
        config[f"{name}_constraint"] = constraints.serialize(
            getattr(layer, f"{name}_constraint"))
    return config
