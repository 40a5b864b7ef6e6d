"""NASNet-A (Mobile and Large), as Keras builds it.

Reference: [Learning Transferable Architectures for Scalable Image
Recognition](https://arxiv.org/abs/1707.07012) (CVPR 2018).

The network is a stem convolution, two reduction cells, then three
stacks of `num_blocks` normal cells separated by reduction cells; each
cell takes the two previous cells' outputs. Layer names, auto-named
layers and name scopes (variable paths) follow Keras, so Keras's weight
files load. Inputs are scaled to [-1, 1] by `preprocess_input`.

>>> from kerax.applications import NASNetMobile
>>> model = NASNetMobile(weights=None, include_top=False,
...                      input_shape=(32, 32, 3), pooling="avg")
>>> model.output_shape
(None, 1056)
"""

from kerax import config, layers
from kerax.applications import imagenet_utils, pretrained
from kerax.layers.call_context import name_scope
from kerax.models.functional import Functional

BASE_WEIGHTS_PATH = ("https://storage.googleapis.com/tensorflow/"
                     "keras-applications/nasnet/")
# default_size -> (file name, url, md5) with the top, then without it.
_WEIGHTS = {
    224: (("nasnet_mobile.h5", "NASNet-mobile.h5",
           "020fb642bf7360b370c678b08e0adf61"),
          ("nasnet_mobile_no_top.h5", "NASNet-mobile-no-top.h5",
           "1ed92395b5b598bdda52abe5c0dbfd63")),
    331: (("nasnet_large.h5", "NASNet-large.h5",
           "11577c9a518f0070763c2b964a382f17"),
          ("nasnet_large_no_top.h5", "NASNet-large-no-top.h5",
           "d81d89dc07e6e56530c4e77faddd61b5")),
}

# NASNet's batch normalization everywhere.
_BN = {"axis": -1, "momentum": 0.9997, "epsilon": 1e-3}


def _nasnet(input_shape, penultimate_filters, num_blocks,
            stem_block_filters, skip_reduction, filter_multiplier,
            include_top, weights, input_tensor, pooling, classes,
            default_size, classifier_activation, name):
    if config.image_data_format() == "channels_first":
        raise ValueError(
            "NASNet does not support the `channels_first` image data "
            "format. Switch to `channels_last` with "
            "`kerax.config.set_image_data_format('channels_last')`.")
    pretrained.check_weights_argument(weights, include_top, classes)
    if (isinstance(input_shape, tuple) and None in input_shape
            and weights == "imagenet"):
        raise ValueError(
            "When specifying the input shape of a NASNet and loading "
            "`ImageNet` weights, the input_shape argument must be static "
            f"(no None entries). Got: `input_shape={input_shape}`.")
    input_shape = imagenet_utils.obtain_input_shape(
        input_shape, default_size=default_size, min_size=32,
        data_format=config.image_data_format(), require_flatten=include_top,
        weights=weights)
    if include_top:
        imagenet_utils.validate_activation(classifier_activation, weights)

    img_input = pretrained.image_input(input_tensor, input_shape)
    filters = penultimate_filters // 24
    x = layers.Conv2D(stem_block_filters, (3, 3), strides=(2, 2),
                      padding="valid", use_bias=False, name="stem_conv1",
                      kernel_initializer="he_normal")(img_input)
    x = layers.BatchNormalization(name="stem_bn1", **_BN)(x)

    p = None
    x, p = _reduction_a_cell(x, p, filters // (filter_multiplier ** 2),
                             block_id="stem_1")
    x, p = _reduction_a_cell(x, p, filters // filter_multiplier,
                             block_id="stem_2")
    # Three stacks of normal cells, widened by `filter_multiplier` after
    # each reduction cell; Keras numbers the cells 0..n-1, n+1..2n and
    # 2n+1..3n (the reduction cells are "reduce_n" and "reduce_2n").
    for stack in range(3):
        if stack:
            filters *= filter_multiplier
            x, p0 = _reduction_a_cell(
                x, p, filters, block_id=f"reduce_{stack * num_blocks}")
            p = p if skip_reduction else p0
        for i in range(num_blocks):
            block = stack * num_blocks + i + min(stack, 1)
            x, p = _normal_a_cell(x, p, filters, block_id=f"{block}")

    x = layers.Activation("relu")(x)
    if include_top:
        x = layers.GlobalAveragePooling2D()(x)
        x = layers.Dense(classes, activation=classifier_activation,
                         name="predictions")(x)
    else:
        x = pretrained.global_pool(x, pooling)
    model = Functional(pretrained.model_inputs(input_tensor, img_input), x,
                       name=name)

    if weights == "imagenet":
        # Keras's cache names differ from the remote names: get_file with
        # Keras's name finds a copy Keras already downloaded.
        fname, remote, file_hash = _WEIGHTS[default_size][
            0 if include_top else 1]
        from kerax.support.file_utils import get_file

        weights = get_file(fname, BASE_WEIGHTS_PATH + remote,
                           cache_subdir="models", file_hash=file_hash)
    pretrained.load_weights(model, weights)
    return model


def _bn(name):
    return layers.BatchNormalization(name=name, **_BN)


def _separable_conv_block(ip, filters, kernel_size=(3, 3), strides=(1, 1),
                          block_id=None):
    """Two [ReLU, separable conv, batch norm]; the first may be strided."""
    with name_scope(f"separable_conv_block_{block_id}"):
        x = layers.Activation("relu")(ip)
        if strides == (2, 2):
            x = layers.ZeroPadding2D(
                padding=imagenet_utils.correct_pad(x, kernel_size),
                name=f"separable_conv_1_pad_{block_id}")(x)
            conv_pad = "valid"
        else:
            conv_pad = "same"
        x = layers.SeparableConv2D(
            filters, kernel_size, strides=strides,
            name=f"separable_conv_1_{block_id}", padding=conv_pad,
            use_bias=False)(x)
        x = _bn(f"separable_conv_1_bn_{block_id}")(x)
        x = layers.Activation("relu")(x)
        x = layers.SeparableConv2D(
            filters, kernel_size, name=f"separable_conv_2_{block_id}",
            padding="same", use_bias=False)(x)
        x = _bn(f"separable_conv_2_bn_{block_id}")(x)
    return x


def _conv1x1(filters, name, strides=(1, 1)):
    return layers.Conv2D(filters, (1, 1), strides=strides, padding="same",
                         use_bias=False, name=name,
                         kernel_initializer="he_normal")


def _adjust_block(p, ip, filters, block_id=None):
    """Matches the previous cell's output `p` to `ip`: halves its size
    (two offset 1x1 paths, concatenated) when `ip` is smaller, or projects
    its channels to `filters`."""
    with name_scope("adjust_block"):
        if p is None:
            p = ip
        elif p.shape[-2] != ip.shape[-2]:
            with name_scope(f"adjust_reduction_block_{block_id}"):
                p = layers.Activation(
                    "relu", name=f"adjust_relu_1_{block_id}")(p)
                p1 = layers.AveragePooling2D(
                    (1, 1), strides=(2, 2), padding="valid",
                    name=f"adjust_avg_pool_1_{block_id}")(p)
                p1 = _conv1x1(filters // 2, f"adjust_conv_1_{block_id}")(p1)
                p2 = layers.ZeroPadding2D(padding=((0, 1), (0, 1)))(p)
                p2 = layers.Cropping2D(cropping=((1, 0), (1, 0)))(p2)
                p2 = layers.AveragePooling2D(
                    (1, 1), strides=(2, 2), padding="valid",
                    name=f"adjust_avg_pool_2_{block_id}")(p2)
                p2 = _conv1x1(filters // 2, f"adjust_conv_2_{block_id}")(p2)
                p = layers.concatenate([p1, p2], axis=-1)
                p = _bn(f"adjust_bn_{block_id}")(p)
        elif p.shape[-1] != filters:
            with name_scope(f"adjust_projection_block_{block_id}"):
                p = layers.Activation("relu")(p)
                p = _conv1x1(filters,
                             f"adjust_conv_projection_{block_id}")(p)
                p = _bn(f"adjust_bn_{block_id}")(p)
    return p


def _avg_pool(strides, padding, name):
    return layers.AveragePooling2D((3, 3), strides=strides, padding=padding,
                                   name=name)


def _normal_a_cell(ip, p, filters, block_id=None):
    """A NASNet-A normal cell (Fig. 4 of the paper): returns the cell's
    output and `ip` (the next cell's previous input)."""
    with name_scope(f"normal_A_block_{block_id}"):
        p = _adjust_block(p, ip, filters, block_id)
        h = layers.Activation("relu")(ip)
        h = _conv1x1(filters, f"normal_conv_1_{block_id}")(h)
        h = _bn(f"normal_bn_1_{block_id}")(h)

        with name_scope("block_1"):
            x1_1 = _separable_conv_block(
                h, filters, kernel_size=(5, 5),
                block_id=f"normal_left1_{block_id}")
            x1_2 = _separable_conv_block(
                p, filters, block_id=f"normal_right1_{block_id}")
            x1 = layers.add([x1_1, x1_2], name=f"normal_add_1_{block_id}")
        with name_scope("block_2"):
            x2_1 = _separable_conv_block(
                p, filters, (5, 5), block_id=f"normal_left2_{block_id}")
            x2_2 = _separable_conv_block(
                p, filters, (3, 3), block_id=f"normal_right2_{block_id}")
            x2 = layers.add([x2_1, x2_2], name=f"normal_add_2_{block_id}")
        with name_scope("block_3"):
            x3 = _avg_pool((1, 1), "same", f"normal_left3_{block_id}")(h)
            x3 = layers.add([x3, p], name=f"normal_add_3_{block_id}")
        with name_scope("block_4"):
            x4_1 = _avg_pool((1, 1), "same", f"normal_left4_{block_id}")(p)
            x4_2 = _avg_pool((1, 1), "same", f"normal_right4_{block_id}")(p)
            x4 = layers.add([x4_1, x4_2], name=f"normal_add_4_{block_id}")
        with name_scope("block_5"):
            x5 = _separable_conv_block(
                h, filters, block_id=f"normal_left5_{block_id}")
            x5 = layers.add([x5, h], name=f"normal_add_5_{block_id}")
        x = layers.concatenate([p, x1, x2, x3, x4, x5], axis=-1,
                               name=f"normal_concat_{block_id}")
    return x, ip


def _reduction_a_cell(ip, p, filters, block_id=None):
    """A NASNet-A reduction cell (Fig. 4 of the paper, stride 2): returns
    the cell's output and `ip`."""
    with name_scope(f"reduction_A_block_{block_id}"):
        p = _adjust_block(p, ip, filters, block_id)
        h = layers.Activation("relu")(ip)
        h = _conv1x1(filters, f"reduction_conv_1_{block_id}")(h)
        h = _bn(f"reduction_bn_1_{block_id}")(h)
        h3 = layers.ZeroPadding2D(
            padding=imagenet_utils.correct_pad(h, 3),
            name=f"reduction_pad_1_{block_id}")(h)

        with name_scope("block_1"):
            x1_1 = _separable_conv_block(
                h, filters, (5, 5), strides=(2, 2),
                block_id=f"reduction_left1_{block_id}")
            x1_2 = _separable_conv_block(
                p, filters, (7, 7), strides=(2, 2),
                block_id=f"reduction_right1_{block_id}")
            x1 = layers.add([x1_1, x1_2],
                            name=f"reduction_add_1_{block_id}")
        with name_scope("block_2"):
            x2_1 = layers.MaxPooling2D(
                (3, 3), strides=(2, 2), padding="valid",
                name=f"reduction_left2_{block_id}")(h3)
            x2_2 = _separable_conv_block(
                p, filters, (7, 7), strides=(2, 2),
                block_id=f"reduction_right2_{block_id}")
            x2 = layers.add([x2_1, x2_2],
                            name=f"reduction_add_2_{block_id}")
        with name_scope("block_3"):
            x3_1 = _avg_pool((2, 2), "valid",
                             f"reduction_left3_{block_id}")(h3)
            x3_2 = _separable_conv_block(
                p, filters, (5, 5), strides=(2, 2),
                block_id=f"reduction_right3_{block_id}")
            x3 = layers.add([x3_1, x3_2], name=f"reduction_add3_{block_id}")
        with name_scope("block_4"):
            x4 = _avg_pool((1, 1), "same",
                           f"reduction_left4_{block_id}")(x1)
            x4 = layers.add([x2, x4])
        with name_scope("block_5"):
            x5_1 = _separable_conv_block(
                x1, filters, (3, 3), block_id=f"reduction_left4_{block_id}")
            x5_2 = layers.MaxPooling2D(
                (3, 3), strides=(2, 2), padding="valid",
                name=f"reduction_right5_{block_id}")(h3)
            x5 = layers.add([x5_1, x5_2], name=f"reduction_add4_{block_id}")
        x = layers.concatenate([x2, x3, x4, x5], axis=-1,
                               name=f"reduction_concat_{block_id}")
    return x, ip


def NASNetMobile(input_shape=None, include_top=True, weights="imagenet",
                 input_tensor=None, pooling=None, classes=1000,
                 classifier_activation="softmax", name="nasnet_mobile"):
    """Instantiates NASNet-A Mobile (4 @ 1056), 5.3M parameters.

    Args:
        input_shape: optional `(height, width, 3)`, at least 32x32;
            `(224, 224, 3)` (the default) with `include_top=True` and
            ImageNet weights.
        include_top: whether to end in global average pooling and the
            `predictions` Dense layer. Default True.
        weights: `None` (random initialization), `"imagenet"` (default)
            or the path of a weights file.
        input_tensor: optional tensor (e.g. from `kerax.Input()`) to use
            as the model's image input.
        pooling: without the top, `None` (4D output), `"avg"` or `"max"`
            (2D output).
        classes: number of classes with `include_top=True` (1000 with
            ImageNet weights).
        classifier_activation: activation of the top layer; only `None`
            or `"softmax"` with pretrained weights.
        name: the model's name.

    Returns:
        A `Functional` model. Inputs should go through
        `kerax.applications.nasnet.preprocess_input` (pixels to [-1, 1]).
    """
    if not include_top and input_shape is None:
        input_shape = (224, 224, 3)
    return _nasnet(input_shape, penultimate_filters=1056, num_blocks=4,
                   stem_block_filters=32, skip_reduction=False,
                   filter_multiplier=2, include_top=include_top,
                   weights=weights, input_tensor=input_tensor,
                   pooling=pooling, classes=classes, default_size=224,
                   classifier_activation=classifier_activation, name=name)


def NASNetLarge(input_shape=None, include_top=True, weights="imagenet",
                input_tensor=None, pooling=None, classes=1000,
                classifier_activation="softmax", name="nasnet_large"):
    """Instantiates NASNet-A Large (6 @ 4032), 89M parameters.

    Args: as `NASNetMobile`, except that the default and ImageNet input
    shape (with `include_top=True`) is `(331, 331, 3)`, and without the
    top the default input shape is `(None, None, 3)`.

    Returns:
        A `Functional` model. Inputs should go through
        `kerax.applications.nasnet.preprocess_input` (pixels to [-1, 1]).
    """
    return _nasnet(input_shape, penultimate_filters=4032, num_blocks=6,
                   stem_block_filters=96, skip_reduction=True,
                   filter_multiplier=2, include_top=include_top,
                   weights=weights, input_tensor=input_tensor,
                   pooling=pooling, classes=classes, default_size=331,
                   classifier_activation=classifier_activation, name=name)


def preprocess_input(x, data_format=None):
    """Scales RGB pixels in [0, 255] to [-1, 1] (`mode="tf"`)."""
    return imagenet_utils.preprocess_input(x, data_format=data_format,
                                           mode="tf")


def decode_predictions(preds, top=5):
    """See `kerax.applications.imagenet_utils.decode_predictions`."""
    return imagenet_utils.decode_predictions(preds, top=top)
