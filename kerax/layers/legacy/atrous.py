"""Keras 1's `AtrousConvolution1D/2D`: in Keras 2 they build a `Conv1D` /
`Conv2D` whose `dilation_rate` is the `atrous_rate` argument.

>>> AtrousConvolution1D(4, 3, atrous_rate=2).dilation_rate
(2,)
"""

from kerax.layers.convolutional.conv1d import Conv1D
from kerax.layers.convolutional.conv2d import Conv2D


def AtrousConvolution1D(*args, atrous_rate=1, **kwargs):
    """A `Conv1D(*args, dilation_rate=atrous_rate, **kwargs)`."""
    return Conv1D(*args, dilation_rate=atrous_rate, **kwargs)


def AtrousConvolution2D(*args, atrous_rate=1, **kwargs):
    """A `Conv2D(*args, dilation_rate=atrous_rate, **kwargs)`."""
    return Conv2D(*args, dilation_rate=atrous_rate, **kwargs)
