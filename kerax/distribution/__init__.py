"""Distribution over devices (Keras's `keras.distribution`)."""

from kerax.distribution.cluster import initialize
from kerax.distribution.distribution import (
    DataParallel,
    Distribution,
    LayoutMap,
    ModelParallel,
    distribute_tensor,
    distribution,
    get_device_count,
    set_distribution,
)
from kerax.distribution.mesh import DeviceMesh, TensorLayout, list_devices
