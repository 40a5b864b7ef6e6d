"""Configs of the convolution, pooling, reshaping and merging layers have
Keras's keys and values, and a Keras config rebuilds the kerax layer."""

import json

import pytest

from kerax import layers

CASES = {
    "Conv1D": {"filters": 2, "kernel_size": 3, "padding": "causal"},
    "Conv2D": {"filters": 2, "kernel_size": 3, "groups": 2},
    "Conv3D": {"filters": 2, "kernel_size": 3},
    "Conv1DTranspose": {"filters": 2, "kernel_size": 3},
    "Conv2DTranspose": {"filters": 2, "kernel_size": 3, "strides": 2,
                        "output_padding": 1},
    "Conv3DTranspose": {"filters": 2, "kernel_size": 3},
    "DepthwiseConv1D": {"kernel_size": 3},
    "DepthwiseConv2D": {"kernel_size": 3, "depth_multiplier": 2},
    "SeparableConv1D": {"filters": 2, "kernel_size": 3},
    "SeparableConv2D": {"filters": 2, "kernel_size": 3},
    "MaxPooling1D": {}, "MaxPooling2D": {"padding": "same"},
    "MaxPooling3D": {}, "AveragePooling1D": {"pool_size": 2},
    "AveragePooling2D": {"pool_size": 2, "strides": 1},
    "AveragePooling3D": {"pool_size": 2},
    "GlobalMaxPooling1D": {}, "GlobalMaxPooling2D": {"keepdims": True},
    "GlobalMaxPooling3D": {}, "GlobalAveragePooling1D": {},
    "GlobalAveragePooling2D": {}, "GlobalAveragePooling3D": {},
    "AdaptiveAveragePooling1D": {"output_size": 2},
    "AdaptiveAveragePooling2D": {"output_size": (2, 3)},
    "AdaptiveAveragePooling3D": {"output_size": 2},
    "AdaptiveMaxPooling1D": {"output_size": 2},
    "AdaptiveMaxPooling2D": {"output_size": 2},
    "AdaptiveMaxPooling3D": {"output_size": 2},
    "Permute": {"dims": (2, 1)}, "RepeatVector": {"n": 2},
    "Cropping1D": {}, "Cropping2D": {"cropping": 1}, "Cropping3D": {},
    "UpSampling1D": {}, "UpSampling2D": {"interpolation": "bilinear"},
    "UpSampling3D": {}, "ZeroPadding1D": {}, "ZeroPadding2D": {},
    "ZeroPadding3D": {"padding": (1, 2, 3)},
    "Add": {}, "Subtract": {}, "Multiply": {}, "Average": {},
    "Maximum": {}, "Minimum": {}, "Concatenate": {"axis": 1},
    "Dot": {"axes": (1, 2), "normalize": True},
}


def _plain(config):
    return {
        k: v for k, v in json.loads(json.dumps(config)).items()
        if k != "dtype"
    }


@pytest.mark.parametrize("name", sorted(CASES))
def test_config_matches_keras(keras, name):
    kwargs = CASES[name]
    ours = _plain(getattr(layers, name)(name="x", **kwargs).get_config())
    theirs = _plain(
        getattr(keras.layers, name)(name="x", **kwargs).get_config()
    )
    assert ours == theirs
    rebuilt = getattr(layers, name).from_config(theirs)
    assert _plain(rebuilt.get_config()) == theirs
