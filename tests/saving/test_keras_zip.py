"""The unzipped `.keras` directory (`save(..., zipped=False)`): a save
killed between its two renames still leaves a loadable model."""

import os
import textwrap

import numpy as np
import pytest

import kerax
from kerax import saving
from tests.saving.conftest import kill_when_flagged

# Saves once (weights 7), then saves again (weights 9), pausing right after
# the first rename moved the old directory aside.
_SCRIPT = textwrap.dedent("""
    import os, sys, time
    import numpy as np
    import kerax
    path, flag = sys.argv[1], sys.argv[2]
    model = kerax.Sequential([kerax.Input((3,)), kerax.layers.Dense(2)])
    model.layers[0].set_weights([np.full((3, 2), 7.0, "float32"),
                                 np.zeros(2, "float32")])
    model.save(path, zipped=False)
    model.layers[0].set_weights([np.full((3, 2), 9.0, "float32"),
                                 np.zeros(2, "float32")])
    rename = os.replace

    def paused(src, dst):
        rename(src, dst)
        if os.fspath(src) == path:
            open(flag, "w").close()
            time.sleep(60)

    os.replace = paused
    model.save(path, zipped=False)
""")


def test_killed_between_renames_loads_the_previous_save(tmp_path):
    path = str(tmp_path / "m.keras")
    flag = str(tmp_path / "renamed")
    kill_when_flagged(_SCRIPT, path, flag, "the second save", limit_s=90)
    assert not os.path.exists(path)
    with pytest.warns(UserWarning, match="interrupted"):
        model = saving.load_model(path)
    np.testing.assert_array_equal(model.layers[0].kernel.numpy(), 7.0)
    other = kerax.Sequential([kerax.Input((3,)), kerax.layers.Dense(2)])
    with pytest.warns(UserWarning, match="interrupted"):
        other.load_weights(path)
    np.testing.assert_array_equal(other.layers[0].kernel.numpy(), 7.0)
    # The next save puts a complete directory back in place.
    model.save(path, zipped=False)
    assert not os.path.exists(path + ".kerax-old")
    assert saving.load_model(path).layers[0].kernel.numpy()[0, 0] == 7.0


def test_missing_directory_without_leftover_is_not_found(tmp_path):
    with pytest.raises(FileNotFoundError):
        saving.load_model(str(tmp_path / "absent.keras"))
