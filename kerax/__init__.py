"""kerax: Keras, rebuilt on JAX.

>>> import kerax
>>> model = kerax.Sequential([kerax.Input((4,)), kerax.layers.Dense(2)])
>>> model.count_params()
10
"""

from kerax import activations
from kerax import backend
from kerax import callbacks
from kerax import config
from kerax import constraints
from kerax import distribution
from kerax import initializers
from kerax import layers
from kerax import losses
from kerax import metrics
from kerax import mixed_precision
from kerax import models
from kerax import ops
from kerax import optimizers
from kerax import random
from kerax import regularizers
from kerax import saving
from kerax import utils
from kerax.core.variable import Variable
from kerax.layers import Input, InputLayer, Layer
from kerax.models import Model, Sequential

__version__ = "0.1.0"
version = __version__
