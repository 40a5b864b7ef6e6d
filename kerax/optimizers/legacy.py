"""`kerax.optimizers.legacy`: tf.keras 2.11+'s names for Keras 2's optimizers.

In tf.keras 2.11 to 2.15, `tf.keras.optimizers.legacy.Adam` and friends were
the Keras 2 optimizers (`lr=`, `decay=` time-based decay). Keras 3 keeps the
names but every one raises `ImportError` when instantiated (it points to the
`tf_keras` package). kerax runs Keras 2 code, so here the names are the
working kerax optimizers, which accept Keras 2's `lr=` and `decay=`
(a deliberate difference from Keras 3).

>>> from kerax.optimizers import legacy
>>> opt = legacy.Adam(lr=0.01, decay=1e-4)
>>> type(opt).__name__, opt.get_config()["decay"]
('Adam', 0.0001)
"""

from kerax.optimizers.adagrad import Adagrad
from kerax.optimizers.adam import Adam
from kerax.optimizers.ftrl import Ftrl
from kerax.optimizers.optimizer import Optimizer
from kerax.optimizers.rmsprop import RMSprop
from kerax.optimizers.sgd import SGD

__all__ = ["SGD", "Adagrad", "Adam", "Ftrl", "Optimizer", "RMSprop"]
