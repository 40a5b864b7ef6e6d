"""Preprocessing layers (Keras's `keras.layers` preprocessing family).

Numeric layers (`Normalization`, `Rescaling`, image layers,
`Discretization`, `CategoryEncoding`, `IntegerLookup`, `Hashing` on ints)
run under `jax.jit`; string layers (`StringLookup`, `TextVectorization`,
`Hashing` on strings) process NumPy string arrays eagerly on the host."""

from kerax.core.lazy_exports import lazy_exports

# Public names and the modules defining them, imported on first use
# (see kerax.core.lazy_exports).
_EXPORTS = {
    ".category_encoding": "CategoryEncoding",
    ".center_crop": "CenterCrop",
    ".discretization": "Discretization",
    ".hashing": "Hashing",
    ".hashed_crossing": "HashedCrossing",
    ".integer_lookup": "IntegerLookup",
    ".mel_spectrogram": "MelSpectrogram",
    ".normalization": "Normalization",
    ".random_brightness": "RandomBrightness",
    ".random_contrast": "RandomContrast",
    ".random_crop": "RandomCrop",
    ".random_flip": "RandomFlip",
    ".random_rotation": "RandomRotation",
    ".random_translation": "RandomTranslation",
    ".random_zoom": "RandomZoom",
    ".random_perspective": "RandomPerspective",
    ".random_shear": "RandomShear",
    ".max_num_bounding_boxes": "MaxNumBoundingBoxes",
    ".rescaling": "Rescaling",
    ".resizing": "Resizing",
    ".stft_spectrogram": "STFTSpectrogram",
    ".string_lookup": "StringLookup",
    ".text_vectorization": "TextVectorization",
    ".aug_mix": "AugMix",
    ".auto_contrast": "AutoContrast",
    ".clahe": "ContrastLimitedAdaptiveHistogramEqualization",
    ".cut_mix": "CutMix",
    ".equalization": "Equalization",
    ".mix_up": "MixUp",
    ".pipeline": "Pipeline",
    ".rand_augment": "RandAugment",
    ".random_color_degeneration": "RandomColorDegeneration",
    ".random_color_jitter": "RandomColorJitter",
    ".random_elastic_transform": "RandomElasticTransform",
    ".random_erasing": "RandomErasing",
    ".random_gaussian_blur": "RandomGaussianBlur",
    ".random_grayscale": "RandomGrayscale",
    ".random_hue": "RandomHue",
    ".random_invert": "RandomInvert",
    ".random_posterization": "RandomPosterization",
    ".random_saturation": "RandomSaturation",
    ".random_sharpness": "RandomSharpness",
    ".solarization": "Solarization",
}

__getattr__, __dir__ = lazy_exports(globals(), _EXPORTS)

__all__ = [
    "AugMix", "AutoContrast", "CategoryEncoding", "CenterCrop",
    "ContrastLimitedAdaptiveHistogramEqualization", "CutMix",
    "Discretization", "Equalization", "HashedCrossing", "Hashing",
    "IntegerLookup", "MaxNumBoundingBoxes", "MelSpectrogram", "MixUp",
    "Normalization", "Pipeline", "RandAugment", "RandomBrightness",
    "RandomColorDegeneration", "RandomColorJitter", "RandomContrast",
    "RandomCrop", "RandomElasticTransform", "RandomErasing", "RandomFlip",
    "RandomGaussianBlur", "RandomGrayscale", "RandomHue", "RandomInvert",
    "RandomPerspective", "RandomPosterization", "RandomRotation",
    "RandomSaturation", "RandomSharpness", "RandomShear",
    "RandomTranslation", "RandomZoom", "Rescaling", "Resizing",
    "STFTSpectrogram", "Solarization", "StringLookup", "TextVectorization",
]
