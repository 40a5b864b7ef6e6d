"""Layers (Keras's `keras.layers`)."""

from kerax.layers.core.dense import Dense
from kerax.layers.core.input_layer import Input, InputLayer
from kerax.layers.input_spec import InputSpec
from kerax.layers.layer import Layer
