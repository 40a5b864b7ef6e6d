"""Convolution layers, and Keras 2's `keras.layers.convolutional` path.

Keras 2 code imports its layers from here; each name is read from
`kerax.layers` on first use (see `kerax.core.lazy_exports`).
"""

from kerax.core.lazy_exports import lazy_exports

_EXPORTS = {
    "kerax.layers": (
        "AtrousConv1D=AtrousConvolution1D "
        "AtrousConv2D=AtrousConvolution2D Conv1D Conv2D "
        "Conv2DTranspose Conv3D Conv3DTranspose Convolution1D "
        "Convolution2D Convolution2DTranspose Convolution3D Cropping1D "
        "Cropping2D Cropping3D Deconv2D=Conv2DTranspose "
        "Deconv3D=Conv3DTranspose Deconvolution2D Deconvolution3D "
        "DepthwiseConv2D SeparableConv1D SeparableConv2D "
        "SeparableConvolution1D SeparableConvolution2D UpSampling1D "
        "UpSampling2D UpSampling3D ZeroPadding1D ZeroPadding2D "
        "ZeroPadding3D"
    ),
}

__getattr__, __dir__ = lazy_exports(globals(), _EXPORTS)
