import os
import subprocess
import sys
import textwrap

import pytest
from xla_flags import with_devices

import kerax
from kerax.utils.multi_gpu_utils import multi_gpu_model


def test_one_device_is_refused_with_the_fix():
    model = kerax.Sequential([kerax.Input((3,)), kerax.layers.Dense(1)])
    with pytest.raises(ValueError, match="xla_force_host_platform"):
        multi_gpu_model(model, gpus=2 if len(
            __import__("jax").local_devices()) < 2 else 99)


_SCRIPT = textwrap.dedent("""
    import numpy as np
    import kerax
    from kerax.utils import multi_gpu_model
    kerax.utils.set_random_seed(0)
    model = kerax.Sequential([kerax.Input((3,)), kerax.layers.Dense(2)])
    parallel = multi_gpu_model(model, gpus=2)
    x = np.random.default_rng(0).normal(size=(8, 3)).astype("float32")
    y = x @ np.ones((3, 2), "float32")
    expected = model.predict(x, verbose=0)
    np.testing.assert_allclose(parallel.predict(x, batch_size=4, verbose=0),
                               expected, rtol=1e-5, atol=1e-6)
    parallel.compile("sgd", "mse")
    before = model.layers[0].kernel.numpy().copy()
    parallel.fit(x, y, batch_size=4, epochs=1, verbose=0)
    assert not np.allclose(model.layers[0].kernel.numpy(), before)
    assert parallel.template is model
    print("OK", len(parallel.distribution.device_mesh.devices.ravel()))
""")


def test_data_parallel_over_two_host_devices():
    env = dict(os.environ, JAX_PLATFORMS="cpu",
               XLA_FLAGS=with_devices(2))
    result = subprocess.run([sys.executable, "-c", _SCRIPT], env=env,
                            capture_output=True, text=True, timeout=300,
                            check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "OK 2" in result.stdout
