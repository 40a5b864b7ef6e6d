"""`kerax.losses`: the Keras 3 losses, as classes and as functions.

>>> import kerax.losses as losses
>>> loss = losses.get("CategoricalCrossentropy")
>>> round(float(loss([[0.0, 1.0]], [[0.2, 0.8]])), 4)
0.2231
"""

from kerax.losses.crossentropy import (
    BinaryCrossentropy,
    CategoricalCrossentropy,
    SparseCategoricalCrossentropy,
    binary_crossentropy,
    categorical_crossentropy,
    sparse_categorical_crossentropy,
)
from kerax.losses.focal import (
    BinaryFocalCrossentropy,
    CategoricalFocalCrossentropy,
    binary_focal_crossentropy,
    categorical_focal_crossentropy,
)
from kerax.losses.hinges import (
    CategoricalHinge,
    Hinge,
    SquaredHinge,
    categorical_hinge,
    hinge,
    squared_hinge,
)
from kerax.losses.keras2_names import is_categorical_crossentropy
from kerax.losses.loss import Loss
from kerax.losses.probabilistic import (
    CategoricalGeneralizedCrossEntropy,
    KLDivergence,
    Poisson,
    categorical_generalized_cross_entropy,
    kl_divergence,
    poisson,
)
from kerax.losses.regression import (
    Huber,
    LogCosh,
    MeanAbsoluteError,
    MeanAbsolutePercentageError,
    MeanSquaredError,
    MeanSquaredLogarithmicError,
    huber,
    log_cosh,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_error,
    mean_squared_logarithmic_error,
)
from kerax.losses.segmentation import Dice, Tversky, dice, tversky
from kerax.losses.sequence import CTC, ctc
from kerax.losses.serialization import deserialize, get, serialize
from kerax.losses.similarity import (
    Circle,
    CosineSimilarity,
    circle,
    cosine_similarity,
)
from kerax.losses.wrapper import LossFunctionWrapper

# Short and Keras 2 names.
mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error
mape = MAPE = mean_absolute_percentage_error
msle = MSLE = mean_squared_logarithmic_error
kld = KLD = kullback_leibler_divergence = kl_divergence
logcosh = log_cosh
huber_loss = huber
bce = BCE = binary_crossentropy
cosine_proximity = cosine = cosine_similarity
