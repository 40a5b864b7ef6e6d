"""`kerax.losses`: the Keras 3 losses, as classes and as functions.

>>> import kerax.losses as losses
>>> loss = losses.get("CategoricalCrossentropy")
>>> round(float(loss([[0.0, 1.0]], [[0.2, 0.8]])), 4)
0.2231
"""

from kerax.losses.crossentropy import BinaryCrossentropy
from kerax.losses.crossentropy import CategoricalCrossentropy
from kerax.losses.crossentropy import SparseCategoricalCrossentropy
from kerax.losses.crossentropy import binary_crossentropy
from kerax.losses.crossentropy import categorical_crossentropy
from kerax.losses.crossentropy import sparse_categorical_crossentropy
from kerax.losses.focal import BinaryFocalCrossentropy
from kerax.losses.focal import CategoricalFocalCrossentropy
from kerax.losses.focal import binary_focal_crossentropy
from kerax.losses.focal import categorical_focal_crossentropy
from kerax.losses.hinges import CategoricalHinge
from kerax.losses.hinges import Hinge
from kerax.losses.hinges import SquaredHinge
from kerax.losses.hinges import categorical_hinge
from kerax.losses.hinges import hinge
from kerax.losses.hinges import squared_hinge
from kerax.losses.keras2_names import is_categorical_crossentropy
from kerax.losses.loss import Loss
from kerax.losses.probabilistic import CategoricalGeneralizedCrossEntropy
from kerax.losses.probabilistic import KLDivergence
from kerax.losses.probabilistic import Poisson
from kerax.losses.probabilistic import categorical_generalized_cross_entropy
from kerax.losses.probabilistic import kl_divergence
from kerax.losses.probabilistic import poisson
from kerax.losses.regression import Huber
from kerax.losses.regression import LogCosh
from kerax.losses.regression import MeanAbsoluteError
from kerax.losses.regression import MeanAbsolutePercentageError
from kerax.losses.regression import MeanSquaredError
from kerax.losses.regression import MeanSquaredLogarithmicError
from kerax.losses.regression import huber
from kerax.losses.regression import log_cosh
from kerax.losses.regression import mean_absolute_error
from kerax.losses.regression import mean_absolute_percentage_error
from kerax.losses.regression import mean_squared_error
from kerax.losses.regression import mean_squared_logarithmic_error
from kerax.losses.segmentation import Dice
from kerax.losses.segmentation import Tversky
from kerax.losses.segmentation import dice
from kerax.losses.segmentation import tversky
from kerax.losses.sequence import CTC
from kerax.losses.sequence import ctc
from kerax.losses.serialization import deserialize
from kerax.losses.serialization import get
from kerax.losses.serialization import serialize
from kerax.losses.similarity import Circle
from kerax.losses.similarity import CosineSimilarity
from kerax.losses.similarity import circle
from kerax.losses.similarity import cosine_similarity
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
