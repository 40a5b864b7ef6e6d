"""kerax's public API against the installed Keras 3's.

For every public module of Keras (`dir()` of each `keras.*` module reached
from `keras`, `keras.src` excluded) every public name must exist at the
same path in kerax, and every shared callable must take Keras's parameters
(names, order, kinds, defaults; kerax may add optional ones after them).
The public methods of shared classes are compared the same way, each
method once where it is defined. Deliberate differences are listed with
their reason; what is simply missing today is listed in the `NOT_YET`
sets, which only ever shrink: regenerate them with
`.venv/bin/python tests/test_keras3_names.py` (prints the current gaps).
"""

import os
import sys
import warnings

import pytest

sys.path.insert(0, os.path.dirname(__file__))
from keras3_api_walk import (
    kerax_object,
    public_modules,
    public_names,
    signature_problem,
)

# Keras names kerax does not provide, on purpose.
DELIBERATE = {
    "keras.layers.TFSMLayer": (
        "loads TensorFlow SavedModels; kerax has no TensorFlow"),
    "keras.layers.TorchModuleWrapper": (
        "wraps torch modules for Keras's torch backend; kerax runs on JAX"),
}

# Keras names missing today.
NOT_YET: set = set()

# Shared callables whose signature differs from Keras's on purpose.
SIG_DELIBERATE = {
    "keras.Operation": (
        "Keras's Operation.__new__(*args, **kwargs) hides its "
        "__init__(name=None); kerax's signature is that __init__"),
    "keras.Sequential": (
        "Keras's Model.__new__(*args, **kwargs) hides Sequential's "
        "__init__; kerax's signature is that __init__"),
    "keras.models.Sequential": "as keras.Sequential",
    "keras.regularizers.l1": (
        "Keras 2's factor name `l` kept for Keras 2 programs; `l1=` works"),
    "keras.regularizers.l2": (
        "Keras 2's factor name `l` kept for Keras 2 programs; `l2=` works"),
    "keras.preprocessing.image.load_img": (
        "Keras 2's `grayscale` argument kept before `color_mode`"),
    "keras.saving.CustomObjectScope": (
        "Keras 2's form: any number of dicts (`*args`)"),
    "keras.saving.custom_object_scope": (
        "Keras 2's form: any number of dicts (`*args`)"),
    "keras.utils.CustomObjectScope": (
        "Keras 2's form: any number of dicts (`*args`)"),
    "keras.utils.custom_object_scope": (
        "Keras 2's form: any number of dicts (`*args`)"),
    "keras.KerasTensor": (
        "Keras's **kwargs only take ragged_rank/row_splits_dtype, for "
        "TensorFlow's ragged tensors, which kerax does not have"),
    "keras.Variable": (
        "Keras accepts and ignores unknown keywords on the JAX backend; "
        "kerax names its parameters and refuses unknown ones"),
    "keras.preprocessing.image.smart_resize": (
        "Keras's **kwargs only carry an internal backend module for "
        "tf.data pipelines"),
    "keras.saving.save_weights": (
        "Keras's **kwargs only forward an internal objects_to_skip list"),
    "keras.optimizers.legacy.Adagrad": (
        "Keras 3's legacy optimizers only raise ImportError; kerax's are "
        "working optimizers taking Keras 2's arguments"),
    "keras.optimizers.legacy.Adam": (
        "Keras 3's legacy optimizers only raise ImportError; kerax's are "
        "working optimizers taking Keras 2's arguments"),
    "keras.optimizers.legacy.Ftrl": (
        "Keras 3's legacy optimizers only raise ImportError; kerax's are "
        "working optimizers taking Keras 2's arguments"),
    "keras.optimizers.legacy.Optimizer": (
        "Keras 3's legacy optimizers only raise ImportError; kerax's are "
        "working optimizers taking Keras 2's arguments"),
    "keras.optimizers.legacy.RMSprop": (
        "Keras 3's legacy optimizers only raise ImportError; kerax's are "
        "working optimizers taking Keras 2's arguments"),
    "keras.optimizers.legacy.SGD": (
        "Keras 3's legacy optimizers only raise ImportError; kerax's are "
        "working optimizers taking Keras 2's arguments"),
    "keras.export.ExportArchive": (
        "no TensorFlow: the default format is 'jax' (StableHLO), not "
        "'saved_model'"),
}

# Shared callables whose signature differs today.
SIG_NOT_YET: set = set()

# Public methods of shared classes that kerax's class lacks today.
METHODS_NOT_YET = {
    "keras.DTypePolicy.convert_input",
    "keras.Function.from_config",
    "keras.Function.get_config",
    "keras.Function.quantized_call",
    "keras.Function.rematerialized_call",
    "keras.Function.symbolic_call",
    "keras.InputSpec.from_config",
    "keras.KerasTensor.squeeze",
    "keras.distribution.DataParallel.distribute_tf_dataset",
    "keras.distribution.DataParallel.get_tensor_layout",
    "keras.distribution.LayoutMap.clear",
    "keras.distribution.LayoutMap.get",
    "keras.distribution.LayoutMap.items",
    "keras.distribution.LayoutMap.keys",
    "keras.distribution.LayoutMap.pop",
    "keras.distribution.LayoutMap.popitem",
    "keras.distribution.LayoutMap.setdefault",
    "keras.distribution.LayoutMap.update",
    "keras.distribution.LayoutMap.values",
    "keras.distribution.ModelParallel.get_tensor_layout",
    "keras.layers.AugMix.convert_weight",
    "keras.layers.AugMix.transform_bounding_boxes",
    "keras.layers.AugMix.transform_segmentation_masks",
    "keras.layers.AugMix.transform_single_bounding_box",
    "keras.layers.AugMix.transform_single_image",
    "keras.layers.AugMix.transform_single_label",
    "keras.layers.AugMix.transform_single_segmentation_mask",
    "keras.layers.AutoContrast.transform_bounding_boxes",
    "keras.layers.AutoContrast.transform_segmentation_masks",
    "keras.layers.ContrastLimitedAdaptiveHistogramEqualization.transform_bounding_boxes",
    "keras.layers.ContrastLimitedAdaptiveHistogramEqualization.transform_segmentation_masks",
    "keras.layers.Conv1D.convolution_op",
    "keras.layers.CutMix.transform_bounding_boxes",
    "keras.layers.CutMix.transform_segmentation_masks",
    "keras.layers.Equalization.transform_bounding_boxes",
    "keras.layers.Equalization.transform_segmentation_masks",
    "keras.layers.MixUp.transform_bounding_boxes",
    "keras.layers.MixUp.transform_segmentation_masks",
    "keras.layers.RandAugment.transform_bounding_boxes",
    "keras.layers.RandAugment.transform_segmentation_masks",
    "keras.layers.RandomBrightness.transform_bounding_boxes",
    "keras.layers.RandomBrightness.transform_segmentation_masks",
    "keras.layers.RandomColorDegeneration.transform_bounding_boxes",
    "keras.layers.RandomColorDegeneration.transform_segmentation_masks",
    "keras.layers.RandomColorJitter.transform_bounding_boxes",
    "keras.layers.RandomColorJitter.transform_segmentation_masks",
    "keras.layers.RandomContrast.transform_bounding_boxes",
    "keras.layers.RandomContrast.transform_segmentation_masks",
    "keras.layers.RandomElasticTransform.get_elastic_transform_params",
    "keras.layers.RandomErasing.transform_bounding_boxes",
    "keras.layers.RandomErasing.transform_segmentation_masks",
    "keras.layers.RandomGaussianBlur.transform_bounding_boxes",
    "keras.layers.RandomGaussianBlur.transform_segmentation_masks",
    "keras.layers.RandomGrayscale.transform_bounding_boxes",
    "keras.layers.RandomGrayscale.transform_segmentation_masks",
    "keras.layers.RandomHue.transform_bounding_boxes",
    "keras.layers.RandomHue.transform_segmentation_masks",
    "keras.layers.RandomInvert.transform_bounding_boxes",
    "keras.layers.RandomInvert.transform_segmentation_masks",
    "keras.layers.RandomPosterization.transform_bounding_boxes",
    "keras.layers.RandomPosterization.transform_segmentation_masks",
    "keras.layers.RandomSaturation.transform_bounding_boxes",
    "keras.layers.RandomSaturation.transform_segmentation_masks",
    "keras.layers.RandomSharpness.transform_bounding_boxes",
    "keras.layers.RandomSharpness.transform_segmentation_masks",
    "keras.layers.RandomShear.get_shifted_bbox",
    "keras.layers.RandomShear.get_transformed_x_y",
    "keras.layers.RandomTranslation.get_shifted_bbox",
    "keras.layers.RandomTranslation.get_transformed_x_y",
    "keras.layers.RandomZoom.get_clipped_bbox",
    "keras.layers.RandomZoom.get_transformed_x_y",
    "keras.layers.Solarization.transform_bounding_boxes",
    "keras.layers.Solarization.transform_segmentation_masks",
    "keras.mixed_precision.LossScaleOptimizer.check_finite",
    "keras.optimizers.Muon.lr_adjust",
    "keras.optimizers.Muon.transpose_last_axis",
    "keras.optimizers.Muon.zeropower_via_newtonschulz5",
}

# Public methods whose signature differs from Keras's today.
METHOD_SIGNATURES_NOT_YET = {
    "keras.KerasTensor.reshape",
    "keras.Layer.add_metric",
    "keras.Layer.add_variable",
    "keras.Layer.add_weight",
    "keras.Layer.build",
    "keras.Layer.call",
    "keras.Layer.compute_mask",
    "keras.Model.build",
    "keras.Model.call",
    "keras.Model.compute_loss_and_updates",
    "keras.Optimizer.build",
    "keras.Optimizer.stateless_apply",
    "keras.Sequential.call",
    "keras.Sequential.compute_output_shape",
    "keras.Sequential.compute_output_spec",
    "keras.StatelessScope.add_update",
    "keras.distillation.Distiller.compute_loss_and_updates",
    "keras.layers.ActivityRegularization.compute_output_shape",
    "keras.layers.Add.compute_output_spec",
    "keras.layers.AdditiveAttention.compute_output_spec",
    "keras.layers.AugMix.build",
    "keras.layers.AugMix.call",
    "keras.layers.AutoContrast.transform_images",
    "keras.layers.Bidirectional.compute_mask",
    "keras.layers.CategoryEncoding.compute_output_spec",
    "keras.layers.CenterCrop.get_random_transformation",
    "keras.layers.CenterCrop.transform_images",
    "keras.layers.ContrastLimitedAdaptiveHistogramEqualization.transform_images",
    "keras.layers.ConvLSTM1D.compute_mask",
    "keras.layers.CutMix.transform_images",
    "keras.layers.Discretization.adapt",
    "keras.layers.Discretization.from_config",
    "keras.layers.Dropout.compute_output_shape",
    "keras.layers.Embedding.compute_output_spec",
    "keras.layers.Equalization.compute_output_spec",
    "keras.layers.Flatten.compute_output_shape",
    "keras.layers.Flatten.compute_output_spec",
    "keras.layers.GRU.compute_mask",
    "keras.layers.GRUCell.get_recurrent_dropout_mask",
    "keras.layers.GroupQueryAttention.compute_output_shape",
    "keras.layers.GroupQueryAttention.compute_output_spec",
    "keras.layers.HashedCrossing.compute_output_spec",
    "keras.layers.Identity.compute_output_shape",
    "keras.layers.Identity.compute_output_spec",
    "keras.layers.InputLayer.call",
    "keras.layers.IntegerLookup.adapt",
    "keras.layers.Lambda.compute_output_shape",
    "keras.layers.Lambda.compute_output_spec",
    "keras.layers.Masking.compute_output_shape",
    "keras.layers.MaxNumBoundingBoxes.get_random_transformation",
    "keras.layers.MaxNumBoundingBoxes.transform_images",
    "keras.layers.MaxNumBoundingBoxes.transform_labels",
    "keras.layers.MaxNumBoundingBoxes.transform_segmentation_masks",
    "keras.layers.MelSpectrogram.from_config",
    "keras.layers.MixUp.transform_images",
    "keras.layers.MultiHeadAttention.compute_output_shape",
    "keras.layers.MultiHeadAttention.compute_output_spec",
    "keras.layers.Permute.compute_output_spec",
    "keras.layers.Pipeline.call",
    "keras.layers.Pipeline.compute_output_shape",
    "keras.layers.RMSNormalization.call",
    "keras.layers.RandAugment.build",
    "keras.layers.RandomColorDegeneration.transform_images",
    "keras.layers.RandomColorJitter.build",
    "keras.layers.RandomCrop.compute_output_shape",
    "keras.layers.RandomCrop.get_random_transformation",
    "keras.layers.RandomErasing.transform_images",
    "keras.layers.RandomFlip.get_random_transformation",
    "keras.layers.RandomGaussianBlur.transform_images",
    "keras.layers.RandomGrayscale.compute_output_spec",
    "keras.layers.RandomGrayscale.get_random_transformation",
    "keras.layers.RandomGrayscale.transform_labels",
    "keras.layers.RandomHue.transform_images",
    "keras.layers.RandomPerspective.get_random_transformation",
    "keras.layers.RandomPosterization.transform_images",
    "keras.layers.RandomRotation.get_random_transformation",
    "keras.layers.RandomSaturation.transform_images",
    "keras.layers.RandomSharpness.transform_images",
    "keras.layers.RandomShear.get_random_transformation",
    "keras.layers.RandomTranslation.get_random_transformation",
    "keras.layers.RandomZoom.get_random_transformation",
    "keras.layers.Rescaling.from_config",
    "keras.layers.Reshape.compute_output_shape",
    "keras.layers.Reshape.compute_output_spec",
    "keras.layers.Resizing.get_random_transformation",
    "keras.layers.Resizing.transform_labels",
    "keras.layers.Resizing.transform_segmentation_masks",
    "keras.layers.ReversibleEmbedding.compute_output_spec",
    "keras.layers.STFTSpectrogram.from_config",
    "keras.layers.StringLookup.adapt",
    "keras.layers.TextVectorization.compute_output_spec",
    "keras.mixed_precision.LossScaleOptimizer.stateless_apply",
    "keras.optimizers.Adadelta.update_step",
    "keras.optimizers.MultiOptimizer.stateless_apply",
    "keras.optimizers.SGD.build",
}


def _keras():
    os.environ.setdefault("KERAS_BACKEND", "jax")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import keras

    return keras


def _owner_function(cls, attr):
    for base in cls.__mro__:
        if attr in base.__dict__:
            return base.__dict__[attr]
    return None


def survey():
    """`(total, missing, signature_gaps, missing_methods, method_gaps)`
    of kerax against the installed Keras."""
    import inspect

    keras = _keras()
    total, missing, signatures = 0, [], {}
    methods_missing, method_gaps = [], {}
    seen_classes, seen_methods = set(), set()
    for path, module in sorted(public_modules(keras).items()):
        for name in sorted(public_names(module)):
            total += 1
            full = f"{path}.{name}"
            try:
                ours = kerax_object(full)
            except LookupError:
                missing.append(full)
                continue
            theirs = getattr(module, name)
            if not callable(theirs) or inspect.ismodule(theirs):
                continue
            problem = signature_problem(theirs, ours)
            if problem:
                signatures[full] = problem
            if not (isinstance(theirs, type) and isinstance(ours, type)):
                continue
            if id(theirs) in seen_classes:
                continue
            seen_classes.add(id(theirs))
            for attr in sorted(dir(theirs)):
                if attr.startswith("_"):
                    continue
                raw = inspect.getattr_static(theirs, attr, None)
                if isinstance(raw, property) or not callable(
                        getattr(theirs, attr, None)):
                    continue
                key = (id(_owner_function(theirs, attr)),
                       id(_owner_function(ours, attr)))
                if key in seen_methods:
                    continue
                seen_methods.add(key)
                method = f"{full}.{attr}"
                if not hasattr(ours, attr):
                    methods_missing.append(method)
                    continue
                problem = signature_problem(getattr(theirs, attr),
                                            getattr(ours, attr))
                if problem:
                    method_gaps[method] = problem
    return total, missing, signatures, methods_missing, method_gaps


@pytest.fixture(scope="module")
def gaps():
    pytest.importorskip("keras")
    return survey()


def test_every_keras_name_exists(gaps):
    total, missing, _, _, _ = gaps
    unexpected = sorted(set(missing) - NOT_YET - set(DELIBERATE))
    assert not unexpected, (
        f"Keras names missing from kerax: {unexpected}")
    assert (total - len(missing)) / total >= 0.99


def test_shared_callables_take_keras_arguments(gaps):
    _, _, signatures, _, _ = gaps
    unexpected = {k: v for k, v in signatures.items()
                  if k not in SIG_NOT_YET and k not in SIG_DELIBERATE}
    assert not unexpected, "\n".join(
        f"{k}: {v}" for k, v in sorted(unexpected.items()))


def test_shared_classes_have_keras_methods(gaps):
    _, _, _, methods_missing, method_gaps = gaps
    absent = sorted(set(methods_missing) - METHODS_NOT_YET)
    assert not absent, f"methods missing from kerax: {absent}"
    unexpected = {k: v for k, v in method_gaps.items()
                  if k not in METHOD_SIGNATURES_NOT_YET}
    assert not unexpected, "\n".join(
        f"{k}: {v}" for k, v in sorted(unexpected.items()))


def test_deliberate_entries_have_reasons():
    for table in (DELIBERATE, SIG_DELIBERATE):
        for name, reason in table.items():
            assert name.startswith("keras.") and len(reason) > 10, name


if __name__ == "__main__":
    total, missing, signatures, methods_missing, method_gaps = survey()
    present = total - len(missing)
    print(f"{present}/{total} Keras names present "
          f"({100 * present / total:.1f}%)")
    for title, items in (
            ("NOT_YET", sorted(set(missing) - set(DELIBERATE))),
            ("SIG_NOT_YET", sorted(set(signatures) - set(SIG_DELIBERATE))),
            ("METHODS_NOT_YET", sorted(methods_missing)),
            ("METHOD_SIGNATURES_NOT_YET", sorted(method_gaps))):
        print(f"{title} = {{")
        for item in items:
            print(f'    "{item}",')
        print("}")
