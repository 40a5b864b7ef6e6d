"""Keras 2's `keras.objectives`: the old name of `keras.losses`. Each name
is read from `kerax.losses` on first use.

>>> from kerax.objectives import mse
>>> mse.__name__
'mean_squared_error'
"""

from kerax.core.lazy_exports import lazy_exports

_EXPORTS = {
    "kerax.losses": (
        "BinaryCrossentropy CategoricalCrossentropy CategoricalHinge Hinge "
        "Huber KLD KLDivergence LogCosh Loss LossFunctionWrapper MAE MAPE "
        "MSE MSLE MeanAbsoluteError MeanAbsolutePercentageError "
        "MeanSquaredError MeanSquaredLogarithmicError Poisson "
        "SparseCategoricalCrossentropy SquaredHinge binary_crossentropy "
        "categorical_crossentropy categorical_hinge cosine "
        "cosine_proximity cosine_similarity deserialize get hinge "
        "huber_loss is_categorical_crossentropy kld "
        "kullback_leibler_divergence logcosh mae mape mean_absolute_error "
        "mean_absolute_percentage_error mean_squared_error "
        "mean_squared_logarithmic_error mse msle poisson serialize "
        "sparse_categorical_crossentropy squared_hinge"
    ),
    "kerax.saving.serialization": (
        "serialize_keras_object deserialize_keras_object"
    ),
}

__getattr__, __dir__ = lazy_exports(globals(), _EXPORTS)
