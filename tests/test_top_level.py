"""The names `kerax` exports at the top level, as Keras does."""

import subprocess
import sys

import kerax


def test_keras_base_classes_and_types_at_the_top_level():
    from kerax.core.keras_tensor import KerasTensor
    from kerax.losses import Loss
    from kerax.optimizers import Optimizer

    assert kerax.KerasTensor is KerasTensor
    assert kerax.Loss is Loss and kerax.Optimizer is Optimizer
    assert isinstance(kerax.Input((3,)), kerax.KerasTensor)
    for name in ("InputSpec", "StatelessScope", "Metric", "Initializer",
                 "Regularizer", "DTypePolicy", "FloatDTypePolicy"):
        assert name in dir(kerax) and getattr(kerax, name) is not None


def test_heavy_modules_load_on_first_use():
    code = (
        "import sys, kerax\n"
        "assert 'kerax.optimizers' not in sys.modules\n"
        "assert 'optax' not in sys.modules and 'h5py' not in sys.modules\n"
        "kerax.Optimizer\n"
        "assert 'kerax.optimizers' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
