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
}

__getattr__, __dir__ = lazy_exports(globals(), _EXPORTS)

__all__ = [
    "CategoryEncoding", "CenterCrop", "Discretization", "HashedCrossing",
    "Hashing", "IntegerLookup", "MaxNumBoundingBoxes", "MelSpectrogram",
    "Normalization", "RandomBrightness", "RandomContrast", "RandomCrop",
    "RandomFlip", "RandomPerspective", "RandomRotation", "RandomShear",
    "RandomTranslation", "RandomZoom", "Rescaling", "Resizing",
    "STFTSpectrogram", "StringLookup", "TextVectorization",
]
