"""The small data and model that the data-source tests (torch, tf.data)
compare against the same rows given as NumPy arrays."""

import numpy as np

import kerax
from kerax import layers


def data(n=48, seed=0):
    """`(x, y)`: `n` rows of 5 features, integer labels 0/1."""
    rng = np.random.RandomState(seed)
    x = rng.rand(n, 5).astype("float32")
    y = (x.sum(axis=1) > 2.5).astype("int64")
    return x, y


def model():
    """Dense 8 -> softmax 2, SGD, seeded: two calls give equal weights."""
    kerax.utils.set_random_seed(3)
    classifier = kerax.Sequential([
        kerax.Input((5,)),
        layers.Dense(8, activation="relu"),
        layers.Dense(2, activation="softmax"),
    ])
    classifier.compile("sgd", "sparse_categorical_crossentropy",
                       metrics=["accuracy"])
    return classifier
