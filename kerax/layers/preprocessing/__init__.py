"""Preprocessing layers (Keras's `keras.layers` preprocessing family).

Numeric layers (`Normalization`, `Rescaling`, image layers,
`Discretization`, `CategoryEncoding`, `IntegerLookup`, `Hashing` on ints)
run under `jax.jit`; string layers (`StringLookup`, `TextVectorization`,
`Hashing` on strings) process NumPy string arrays eagerly on the host.
"""

from kerax.layers.preprocessing.category_encoding import CategoryEncoding
from kerax.layers.preprocessing.center_crop import CenterCrop
from kerax.layers.preprocessing.discretization import Discretization
from kerax.layers.preprocessing.hashing import Hashing
from kerax.layers.preprocessing.integer_lookup import IntegerLookup
from kerax.layers.preprocessing.normalization import Normalization
from kerax.layers.preprocessing.random_brightness import RandomBrightness
from kerax.layers.preprocessing.random_contrast import RandomContrast
from kerax.layers.preprocessing.random_crop import RandomCrop
from kerax.layers.preprocessing.random_flip import RandomFlip
from kerax.layers.preprocessing.random_rotation import RandomRotation
from kerax.layers.preprocessing.random_translation import RandomTranslation
from kerax.layers.preprocessing.random_zoom import RandomZoom
from kerax.layers.preprocessing.rescaling import Rescaling
from kerax.layers.preprocessing.resizing import Resizing
from kerax.layers.preprocessing.string_lookup import StringLookup
from kerax.layers.preprocessing.text_vectorization import TextVectorization

__all__ = [
    "CategoryEncoding", "CenterCrop", "Discretization", "Hashing",
    "IntegerLookup", "Normalization", "RandomBrightness", "RandomContrast",
    "RandomCrop", "RandomFlip", "RandomRotation", "RandomTranslation",
    "RandomZoom", "Rescaling", "Resizing", "StringLookup",
    "TextVectorization",
]
