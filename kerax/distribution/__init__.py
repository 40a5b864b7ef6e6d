"""Distribution over devices (Keras's `keras.distribution`)."""

from kerax.distribution.distribution import DataParallel
from kerax.distribution.distribution import Distribution
from kerax.distribution.distribution import LayoutMap
from kerax.distribution.distribution import ModelParallel
from kerax.distribution.distribution import distribute_tensor
from kerax.distribution.distribution import distribution
from kerax.distribution.distribution import initialize
from kerax.distribution.distribution import set_distribution
from kerax.distribution.mesh import DeviceMesh
from kerax.distribution.mesh import TensorLayout
from kerax.distribution.mesh import list_devices
