"""ResNet50, ResNet101 and ResNet152 (He et al., CVPR 2015), as
`keras.applications.resnet`, with the builder and residual blocks that
ResNetV2 (`kerax.applications.resnet_v2`) shares.

A 7x7 stride-2 stem and a 3x3 max pool, then four stacks of bottleneck
blocks (1x1, 3x3, 1x1 convolutions with batch normalization; 64, 128, 256,
512 bottleneck filters, 4x as many outputs) and, with the top, global
average pooling and the classifier. Layer names are Keras's, so Keras's
ImageNet weight files load into it.

>>> from kerax.applications import ResNet50
>>> model = ResNet50(weights=None, include_top=False,
...                  input_shape=(32, 32, 3), pooling="avg")
>>> model.output_shape
(None, 2048)
"""

from __future__ import annotations

from kerax import config
from kerax.applications import imagenet_utils, pretrained

BASE_WEIGHTS_PATH = (
    "https://storage.googleapis.com/tensorflow/keras-applications/resnet/")
# (with the top, without) md5s of Keras's ImageNet files, by weights name.
WEIGHTS_HASHES = {
    "resnet50": ("2cb95161c43110f7111970584f804107",
                 "4d473c1dd8becc155b73f8504c6f6626"),
    "resnet101": ("f1aeb4b969a6efcfb50fad2f0c20cfc5",
                  "88cf7a10940856eca736dc7b7e228a21"),
    "resnet152": ("100835be76be38e30d865e96f2aaae62",
                  "ee4c566cf9a93f14d82f913c2dc6dd0c"),
    "resnet50v2": ("3ef43a0b657b3be2300d5770ece849e0",
                   "fac2f116257151a9d068a22e544a4917"),
    "resnet101v2": ("6343647c601c52e1368623803854d971",
                    "c0ed64b8031c3730f411d2eb4eea35b5"),
    "resnet152v2": ("a49b44d1979771252814e80f8ec446f9",
                    "ed17cf2e0169df9d443503ef94b23b33"),
    "resnext50": ("67a5b30d522ed92f75a1f16eef299d1a",
                  "62527c363bdd9ec598bed41947b379fc"),
    "resnext101": ("34fb605428fcc7aa4d62f44404c11509",
                   "0f678c91647380debd923963594981b3"),
}

_EPSILON = 1.001e-5


def _bn_axis():
    return 3 if config.image_data_format() == "channels_last" else 1


def ResNet(stack_fn, preact, use_bias, include_top=True, weights="imagenet",
           input_tensor=None, input_shape=None, pooling=None, classes=1000,
           classifier_activation="softmax", name="resnet",
           weights_name=None):
    """Builds a ResNet (v1) or ResNetV2 around `stack_fn`.

    Args:
        stack_fn: Function from the stem's output tensor to the output of
            the stacked residual blocks.
        preact: True for ResNetV2 (pre-activation: no batch normalization
            after the stem, one after the last block).
        use_bias: Whether the stem convolution has a bias.
        weights_name: Key of `WEIGHTS_HASHES` whose ImageNet file
            `weights="imagenet"` loads (e.g. `"resnet50"`).
        The other arguments are those of `ResNet50`.

    Returns:
        A functional `Model`.
    """
    from kerax import layers
    from kerax.models import Model

    pretrained.check_weights_argument(weights, include_top, classes)
    pretrained.check_weights_name(weights, weights_name, WEIGHTS_HASHES)
    input_shape = imagenet_utils.obtain_input_shape(
        input_shape, default_size=224, min_size=32,
        data_format=config.image_data_format(),
        require_flatten=include_top, weights=weights)
    img_input = pretrained.image_input(input_tensor, input_shape)
    bn_axis = _bn_axis()

    x = layers.ZeroPadding2D(padding=((3, 3), (3, 3)),
                             name="conv1_pad")(img_input)
    x = layers.Conv2D(64, 7, strides=2, use_bias=use_bias,
                      name="conv1_conv")(x)
    if not preact:
        x = layers.BatchNormalization(axis=bn_axis, epsilon=_EPSILON,
                                      name="conv1_bn")(x)
        x = layers.Activation("relu", name="conv1_relu")(x)
    x = layers.ZeroPadding2D(padding=((1, 1), (1, 1)), name="pool1_pad")(x)
    x = layers.MaxPooling2D(3, strides=2, name="pool1_pool")(x)

    x = stack_fn(x)

    if preact:
        x = layers.BatchNormalization(axis=bn_axis, epsilon=_EPSILON,
                                      name="post_bn")(x)
        x = layers.Activation("relu", name="post_relu")(x)

    x = pretrained.pooled_classifier(
        x, include_top, pooling, classes, classifier_activation, weights,
        named_pools=True)

    model = Model(pretrained.model_inputs(input_tensor, img_input), x,
                  name=name)
    url = file_hash = None
    if weights == "imagenet":
        suffix = "" if include_top else "_notop"
        url = (f"{BASE_WEIGHTS_PATH}{weights_name}"
               f"_weights_tf_dim_ordering_tf_kernels{suffix}.h5")
        file_hash = WEIGHTS_HASHES[weights_name][0 if include_top else 1]
    pretrained.load_weights(model, weights, url, file_hash)
    return model


def residual_block_v1(x, filters, kernel_size=3, stride=1,
                      conv_shortcut=True, name=None):
    """A ResNet (v1) bottleneck block: `x` plus 1x1 (stride `stride`), 3x3
    and 1x1 (4 * `filters`) convolutions, each batch-normalized, then ReLU.

    Args:
        x: Input tensor.
        filters: Filters of the bottleneck layers.
        kernel_size: Kernel size of the middle convolution (default 3).
        stride: Stride of the first convolution (default 1).
        conv_shortcut: True: the shortcut is a 1x1 convolution with batch
            normalization; False: the identity.
        name: Prefix of the layer names.

    Returns:
        The block's output tensor.
    """
    from kerax import layers

    bn_axis = _bn_axis()
    if conv_shortcut:
        shortcut = layers.Conv2D(4 * filters, 1, strides=stride,
                                 name=f"{name}_0_conv")(x)
        shortcut = layers.BatchNormalization(
            axis=bn_axis, epsilon=_EPSILON, name=f"{name}_0_bn")(shortcut)
    else:
        shortcut = x

    x = layers.Conv2D(filters, 1, strides=stride, name=f"{name}_1_conv")(x)
    x = layers.BatchNormalization(axis=bn_axis, epsilon=_EPSILON,
                                  name=f"{name}_1_bn")(x)
    x = layers.Activation("relu", name=f"{name}_1_relu")(x)
    x = layers.Conv2D(filters, kernel_size, padding="SAME",
                      name=f"{name}_2_conv")(x)
    x = layers.BatchNormalization(axis=bn_axis, epsilon=_EPSILON,
                                  name=f"{name}_2_bn")(x)
    x = layers.Activation("relu", name=f"{name}_2_relu")(x)
    x = layers.Conv2D(4 * filters, 1, name=f"{name}_3_conv")(x)
    x = layers.BatchNormalization(axis=bn_axis, epsilon=_EPSILON,
                                  name=f"{name}_3_bn")(x)
    x = layers.Add(name=f"{name}_add")([shortcut, x])
    return layers.Activation("relu", name=f"{name}_out")(x)


def stack_residual_blocks_v1(x, filters, blocks, stride1=2, name=None):
    """`blocks` ResNet (v1) blocks named `{name}_block1...`; the first has
    a convolution shortcut and stride `stride1` (default 2)."""
    x = residual_block_v1(x, filters, stride=stride1, name=f"{name}_block1")
    for i in range(2, blocks + 1):
        x = residual_block_v1(x, filters, conv_shortcut=False,
                              name=f"{name}_block{i}")
    return x


def residual_block_v2(x, filters, kernel_size=3, stride=1,
                      conv_shortcut=False, name=None):
    """A ResNetV2 (pre-activation) bottleneck block: batch normalization
    and ReLU first, then 1x1, 3x3 (stride `stride`) and 1x1 (4 * `filters`)
    convolutions, added to the shortcut.

    Args:
        x: Input tensor.
        filters: Filters of the bottleneck layers.
        kernel_size: Kernel size of the middle convolution (default 3).
        stride: Stride of the middle convolution (default 1).
        conv_shortcut: True: the shortcut is a 1x1 convolution of the
            pre-activation; False (default): the identity (a 1x1 max pool
            of stride `stride` when `stride > 1`).
        name: Prefix of the layer names.

    Returns:
        The block's output tensor.
    """
    from kerax import layers

    bn_axis = _bn_axis()
    preact = layers.BatchNormalization(axis=bn_axis, epsilon=_EPSILON,
                                       name=f"{name}_preact_bn")(x)
    preact = layers.Activation("relu", name=f"{name}_preact_relu")(preact)
    if conv_shortcut:
        shortcut = layers.Conv2D(4 * filters, 1, strides=stride,
                                 name=f"{name}_0_conv")(preact)
    elif stride > 1:
        shortcut = layers.MaxPooling2D(1, strides=stride)(x)  # Keras: unnamed
    else:
        shortcut = x

    x = layers.Conv2D(filters, 1, strides=1, use_bias=False,
                      name=f"{name}_1_conv")(preact)
    x = layers.BatchNormalization(axis=bn_axis, epsilon=_EPSILON,
                                  name=f"{name}_1_bn")(x)
    x = layers.Activation("relu", name=f"{name}_1_relu")(x)
    x = layers.ZeroPadding2D(padding=((1, 1), (1, 1)),
                             name=f"{name}_2_pad")(x)
    x = layers.Conv2D(filters, kernel_size, strides=stride, use_bias=False,
                      name=f"{name}_2_conv")(x)
    x = layers.BatchNormalization(axis=bn_axis, epsilon=_EPSILON,
                                  name=f"{name}_2_bn")(x)
    x = layers.Activation("relu", name=f"{name}_2_relu")(x)
    x = layers.Conv2D(4 * filters, 1, name=f"{name}_3_conv")(x)
    return layers.Add(name=f"{name}_out")([shortcut, x])


def stack_residual_blocks_v2(x, filters, blocks, stride1=2, name=None):
    """`blocks` ResNetV2 blocks named `{name}_block1...`: the first with a
    convolution shortcut, the last with stride `stride1` (default 2)."""
    x = residual_block_v2(x, filters, conv_shortcut=True,
                          name=f"{name}_block1")
    for i in range(2, blocks):
        x = residual_block_v2(x, filters, name=f"{name}_block{i}")
    return residual_block_v2(x, filters, stride=stride1,
                             name=f"{name}_block{blocks}")


# Keras 2 names of the blocks and stacks.
block1, stack1 = residual_block_v1, stack_residual_blocks_v1
block2, stack2 = residual_block_v2, stack_residual_blocks_v2


def _v1(blocks_per_stack):
    def stack_fn(x):
        x = stack_residual_blocks_v1(x, 64, blocks_per_stack[0], stride1=1,
                                     name="conv2")
        x = stack_residual_blocks_v1(x, 128, blocks_per_stack[1],
                                     name="conv3")
        x = stack_residual_blocks_v1(x, 256, blocks_per_stack[2],
                                     name="conv4")
        return stack_residual_blocks_v1(x, 512, blocks_per_stack[3],
                                        name="conv5")
    return stack_fn


def ResNet50(include_top=True, weights="imagenet", input_tensor=None,
             input_shape=None, pooling=None, classes=1000,
             classifier_activation="softmax", name="resnet50"):
    """Instantiates the ResNet50 architecture (3, 4, 6, 3 blocks)."""
    return ResNet(_v1((3, 4, 6, 3)), preact=False, use_bias=True,
                  weights_name="resnet50", name=name,
                  include_top=include_top, weights=weights,
                  input_tensor=input_tensor, input_shape=input_shape,
                  pooling=pooling, classes=classes,
                  classifier_activation=classifier_activation)


def ResNet101(include_top=True, weights="imagenet", input_tensor=None,
              input_shape=None, pooling=None, classes=1000,
              classifier_activation="softmax", name="resnet101"):
    """Instantiates the ResNet101 architecture (3, 4, 23, 3 blocks)."""
    return ResNet(_v1((3, 4, 23, 3)), preact=False, use_bias=True,
                  weights_name="resnet101", name=name,
                  include_top=include_top, weights=weights,
                  input_tensor=input_tensor, input_shape=input_shape,
                  pooling=pooling, classes=classes,
                  classifier_activation=classifier_activation)


def ResNet152(include_top=True, weights="imagenet", input_tensor=None,
              input_shape=None, pooling=None, classes=1000,
              classifier_activation="softmax", name="resnet152"):
    """Instantiates the ResNet152 architecture (3, 8, 36, 3 blocks)."""
    return ResNet(_v1((3, 8, 36, 3)), preact=False, use_bias=True,
                  weights_name="resnet152", name=name,
                  include_top=include_top, weights=weights,
                  input_tensor=input_tensor, input_shape=input_shape,
                  pooling=pooling, classes=classes,
                  classifier_activation=classifier_activation)


def preprocess_input(x, data_format=None):
    """Preprocesses a batch of RGB images (0-255) for ResNet: RGB to BGR,
    then each channel zero-centered with ImageNet's means, no scaling
    (`imagenet_utils.preprocess_input` with `mode="caffe"`)."""
    return imagenet_utils.preprocess_input(x, data_format=data_format,
                                           mode="caffe")


def decode_predictions(preds, top=5):
    """Decodes ImageNet predictions; see
    `kerax.applications.imagenet_utils.decode_predictions`."""
    return imagenet_utils.decode_predictions(preds, top=top)


_DOC_TEMPLATE = """
    Reference: {reference}.

    Call `kerax.applications.{module}.preprocess_input` on the images
    first: {preprocessing}.

    Args:
        include_top: Whether to include the classifier on top (default
            True).
        weights: `None` (random initialization), `"imagenet"` (default)
            or the path of a weights file.
        input_tensor: Optional Keras tensor (e.g. the output of `Input()`)
            to use as the image input.
        input_shape: Optional shape tuple; must be `(224, 224, 3)` with
            `include_top=True` and ImageNet weights. Exactly 3 channels for
            ImageNet weights; each side at least 32.
        pooling: Without the top: `None` (the 4D output of the last
            block), `"avg"` or `"max"` (global pooling to a 2D output).
        classes: Number of classes with the top; 1000 for ImageNet
            weights.
        classifier_activation: Activation of the `"predictions"` layer (a
            string or callable; `None` returns logits). With pretrained
            weights only `None` or `"softmax"`.
        name: The model's name.

    Returns:
        A functional `Model`.
"""

DOC = _DOC_TEMPLATE.format(
    reference="[Deep Residual Learning for Image Recognition](\n"
              "    https://arxiv.org/abs/1512.03385) (CVPR 2015)",
    module="resnet",
    preprocessing="RGB to BGR, then each channel zero-centered\n"
                  "    with ImageNet's means, without scaling")

for _builder in (ResNet50, ResNet101, ResNet152):
    _builder.__doc__ += "\n" + DOC
del _builder
