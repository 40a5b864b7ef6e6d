"""Keras Applications: ImageNet models, one module per family.

Each builder takes Keras's arguments (`include_top`, `weights`,
`input_tensor`, `input_shape`, `pooling`, `classes`,
`classifier_activation`, ...) and builds the same layers, with the same
names, as Keras, so Keras's weight files load into it. `weights` is
`"imagenet"` (downloaded once, or found in Keras's own cache), `None`
(random initialization) or the path of a weights file.

>>> from kerax.applications import MobileNetV2
>>> model = MobileNetV2(weights=None, input_shape=(32, 32, 3), alpha=0.35,
...                     include_top=False, pooling="avg")
>>> model.output_shape
(None, 1280)

Modules and names are imported on first use (see kerax.core.lazy_exports).
"""

import importlib
import inspect

from kerax.core.lazy_exports import lazy_exports
from kerax.saving.serialization import register_module_resolver

_SUBMODULES = frozenset({
    "convnext", "densenet", "efficientnet", "efficientnet_v2",
    "imagenet_utils", "inception_resnet_v2", "inception_v3", "mobilenet",
    "mobilenet_v2", "mobilenet_v3", "nasnet", "resnet", "resnet50",
    "resnet_v2", "vgg16", "vgg19", "xception",
})

_EXPORTS = {
    ".convnext": "ConvNeXtTiny ConvNeXtSmall ConvNeXtBase ConvNeXtLarge "
                 "ConvNeXtXLarge",
    ".densenet": "DenseNet121 DenseNet169 DenseNet201",
    ".efficientnet": "EfficientNetB0 EfficientNetB1 EfficientNetB2 "
                     "EfficientNetB3 EfficientNetB4 EfficientNetB5 "
                     "EfficientNetB6 EfficientNetB7",
    ".efficientnet_v2": "EfficientNetV2B0 EfficientNetV2B1 EfficientNetV2B2 "
                        "EfficientNetV2B3 EfficientNetV2S EfficientNetV2M "
                        "EfficientNetV2L",
    ".inception_resnet_v2": "InceptionResNetV2",
    ".inception_v3": "InceptionV3",
    ".mobilenet": "MobileNet",
    ".mobilenet_v2": "MobileNetV2",
    ".mobilenet_v3": "MobileNetV3Small MobileNetV3Large",
    ".nasnet": "NASNetMobile NASNetLarge",
    ".resnet": "ResNet50 ResNet101 ResNet152",
    ".resnet_v2": "ResNet50V2 ResNet101V2 ResNet152V2",
    ".vgg16": "VGG16",
    ".vgg19": "VGG19",
    ".xception": "Xception",
}

_export_getattr, _export_dir = lazy_exports(globals(), _EXPORTS)


def __getattr__(name):
    if name in _SUBMODULES:
        module = importlib.import_module(f"{__name__}.{name}")
        globals()[name] = module
        return module
    return _export_getattr(name)


def __dir__():
    return sorted(set(_export_dir()) | _SUBMODULES)


_KERAS_PREFIX = "keras.src.applications."


def _keras_class(module, class_name):
    """The kerax twin of a layer a Keras application defines for itself
    (`keras.src.applications.convnext` `LayerScale`): the class of that
    name in the kerax.applications module of the same name, when it
    declares that Keras module as its `_keras_module`."""
    submodule = module[len(_KERAS_PREFIX):]
    if submodule not in _SUBMODULES:
        return None
    namespace = importlib.import_module(f"{__name__}.{submodule}")
    obj = getattr(namespace, class_name, None)
    if inspect.isclass(obj) and obj.__dict__.get("_keras_module") == module:
        return obj
    return None


# Configs naming those layers load through kerax.saving.
register_module_resolver(_KERAS_PREFIX, _keras_class)
