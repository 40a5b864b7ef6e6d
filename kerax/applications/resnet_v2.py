"""ResNet50V2, ResNet101V2 and ResNet152V2 (He et al., "Identity Mappings
in Deep Residual Networks", ECCV 2016), as `keras.applications.resnet_v2`.

Pre-activation bottleneck blocks (batch normalization and ReLU before each
convolution); each stack downsamples in its last block, not its first.
Built by `kerax.applications.resnet.ResNet` with Keras's layer names, so
Keras's ImageNet weight files load into it. Inputs are scaled to [-1, 1]
(`preprocess_input`, mode `"tf"`).

>>> from kerax.applications import ResNet50V2
>>> model = ResNet50V2(weights=None, include_top=False,
...                    input_shape=(32, 32, 3), pooling="avg")
>>> model.output_shape
(None, 2048)
"""

from __future__ import annotations

from kerax.applications import imagenet_utils, resnet


def _v2(blocks_per_stack):
    def stack_fn(x):
        x = resnet.stack_residual_blocks_v2(x, 64, blocks_per_stack[0],
                                            name="conv2")
        x = resnet.stack_residual_blocks_v2(x, 128, blocks_per_stack[1],
                                            name="conv3")
        x = resnet.stack_residual_blocks_v2(x, 256, blocks_per_stack[2],
                                            name="conv4")
        return resnet.stack_residual_blocks_v2(
            x, 512, blocks_per_stack[3], stride1=1, name="conv5")
    return stack_fn


def ResNet50V2(include_top=True, weights="imagenet", input_tensor=None,
               input_shape=None, pooling=None, classes=1000,
               classifier_activation="softmax", name="resnet50v2"):
    """Instantiates the ResNet50V2 architecture (3, 4, 6, 3 blocks)."""
    return resnet.ResNet(
        _v2((3, 4, 6, 3)), True, True, name=name, weights_name="resnet50v2",
        include_top=include_top, weights=weights, input_tensor=input_tensor,
        input_shape=input_shape, pooling=pooling, classes=classes,
        classifier_activation=classifier_activation)


def ResNet101V2(include_top=True, weights="imagenet", input_tensor=None,
                input_shape=None, pooling=None, classes=1000,
                classifier_activation="softmax", name="resnet101v2"):
    """Instantiates the ResNet101V2 architecture (3, 4, 23, 3 blocks)."""
    return resnet.ResNet(
        _v2((3, 4, 23, 3)), True, True, name=name,
        weights_name="resnet101v2", include_top=include_top,
        weights=weights, input_tensor=input_tensor, input_shape=input_shape,
        pooling=pooling, classes=classes,
        classifier_activation=classifier_activation)


def ResNet152V2(include_top=True, weights="imagenet", input_tensor=None,
                input_shape=None, pooling=None, classes=1000,
                classifier_activation="softmax", name="resnet152v2"):
    """Instantiates the ResNet152V2 architecture (3, 8, 36, 3 blocks)."""
    return resnet.ResNet(
        _v2((3, 8, 36, 3)), True, True, name=name,
        weights_name="resnet152v2", include_top=include_top,
        weights=weights, input_tensor=input_tensor, input_shape=input_shape,
        pooling=pooling, classes=classes,
        classifier_activation=classifier_activation)


def preprocess_input(x, data_format=None):
    """Preprocesses a batch of RGB images (0-255) for ResNetV2: pixels
    scaled to [-1, 1] (`imagenet_utils.preprocess_input`, mode `"tf"`)."""
    return imagenet_utils.preprocess_input(x, data_format=data_format,
                                           mode="tf")


def decode_predictions(preds, top=5):
    """Decodes ImageNet predictions; see
    `kerax.applications.imagenet_utils.decode_predictions`."""
    return imagenet_utils.decode_predictions(preds, top=top)


DOC = resnet._DOC_TEMPLATE.format(
    reference="[Identity Mappings in Deep Residual Networks](\n"
              "    https://arxiv.org/abs/1603.05027) (ECCV 2016)",
    module="resnet_v2", preprocessing="pixels scaled to [-1, 1]")

for _builder in (ResNet50V2, ResNet101V2, ResNet152V2):
    _builder.__doc__ += "\n" + DOC
del _builder
