"""DataParallel on 8 simulated CPU devices matches a single-device run.

XLA's device count is fixed at JAX start-up, so the check runs in a
subprocess with `--xla_force_host_platform_device_count=8`.
"""

import os
import subprocess
import sys
import textwrap

from xla_flags import with_devices

SCRIPT = textwrap.dedent(
    """
    import json
    import numpy as np
    import jax
    import kerax
    from kerax import layers

    assert len(jax.devices()) == 8

    def run(dist):
        kerax.utils.set_random_seed(3)
        rng = np.random.RandomState(0)
        x = rng.rand(128, 8).astype("float32")
        y = x @ np.ones((8, 1), "float32")
        kerax.distribution.set_distribution(dist)
        try:
            model = kerax.Sequential([
                kerax.Input((8,)), layers.Dense(16, activation="relu"),
                layers.Dense(1)])
            model.compile("sgd", "mse")
            history = model.fit(x, y, batch_size=32, epochs=3, verbose=0,
                                shuffle=False)
            shardings = [str(v.value.sharding) for v in model.weights]
            return history.history["loss"], model.get_weights(), shardings
        finally:
            kerax.distribution.set_distribution(None)

    single_loss, single_w, _ = run(None)
    dp = kerax.distribution.DataParallel()
    dp_loss, dp_w, shardings = run(dp)
    error = None
    kerax.distribution.set_distribution(dp)
    try:
        model = kerax.Sequential([kerax.Input((8,)), layers.Dense(1)])
        model.compile("sgd", "mse")
        model.fit(np.ones((30, 8)), np.ones((30, 1)), batch_size=10,
                  verbose=0)
    except ValueError as e:
        error = str(e)
    print(json.dumps({
        "single_loss": single_loss, "dp_loss": dp_loss,
        "max_weight_diff": max(float(np.abs(a - b).max())
                               for a, b in zip(single_w, dp_w)),
        "shardings": shardings, "error": error,
    }))
    """
)


def test_data_parallel_matches_single_device():
    env = dict(os.environ)
    env["XLA_FLAGS"] = with_devices(8)
    out = subprocess.run([sys.executable, "-c", SCRIPT], env=env,
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    import json

    result = json.loads(out.stdout.strip().splitlines()[-1])
    for a, b in zip(result["single_loss"], result["dp_loss"]):
        assert abs(a - b) <= 1e-4 * max(1.0, abs(a))
    assert result["max_weight_diff"] < 1e-5
    # variables are replicated (no named axis in their spec) on 8 devices
    for text in result["shardings"]:
        assert "'batch': 8" in text, text
        spec = text.split("spec=P(")[1].split(")")[0]
        assert "batch" not in spec, text
