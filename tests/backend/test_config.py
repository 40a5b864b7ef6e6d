"""K settings and names: uids, data formats, floatx casts, the
Keras 2 decorators, and the full Keras 2.3.1 name list."""

import json
import pathlib

import numpy as np
import pytest

import kerax
from kerax import backend as K

NAMES = (pathlib.Path(__file__).resolve().parents[3] / "shared" / "api"
         / "keras-2.3.1-names.json")


def test_every_keras_2_backend_name_is_present():
    if not NAMES.is_file():
        pytest.skip("../shared/api/keras-2.3.1-names.json is absent")
    names = json.loads(NAMES.read_text())["modules"]["keras.backend"]
    assert len(names) == 158
    missing = [n for n in names if not callable(getattr(K, n, None))]
    assert missing == []
    import kerax.backend as K2

    assert K2 is K


def test_uids():
    K.reset_uids()
    assert [K.get_uid("x"), K.get_uid("x"), K.get_uid()] == [1, 2, 1]
    K.clear_session()
    assert K.get_uid("x") == 1
    session = K.get_session()
    K.set_learning_phase(1)
    K.clear_session()
    assert kerax.layers.Dense(1).name == "dense"
    assert K.is_keras_tensor(K.learning_phase())
    assert K.get_session() is not session


def test_formats_and_casts():
    assert K.normalize_data_format(None) == K.image_data_format()
    assert K.normalize_data_format("Channels_First") == "channels_first"
    with pytest.raises(ValueError, match="data_format"):
        K.normalize_data_format("nchw")
    cast = K.cast_to_floatx([1, 2])
    assert isinstance(cast, np.ndarray) and cast.dtype == np.float32
    assert K.backend() == "jax"


def test_manual_initialization_and_decorators():
    with pytest.warns(UserWarning, match="initialized when it is created"):
        K.manual_variable_initialization(True)
    K.manual_variable_initialization(False)

    @K.symbolic
    def double(x):
        return x * 2

    assert double(3) == 6 and K.eager(len)([1, 2]) == 2


def test_name_scope_prefixes_variable_paths():
    with K.name_scope("block"):
        layer = kerax.layers.Dense(2, name="d")
        layer(np.ones((1, 3), "float32"))
    assert layer.kernel.path.startswith("block/")


def test_settings_round_trip():
    saved = (K.floatx(), K.epsilon(), K.image_data_format())
    try:
        K.set_floatx("float16")
        K.set_epsilon(1e-4)
        K.set_image_data_format("channels_first")
        assert K.variable(1.0).dtype == "float16"
        assert K.epsilon() == 1e-4
        assert K.conv3d(np.ones((1, 1, 3, 3, 3)), np.ones((3, 3, 3, 1, 2)),
                        ).shape == (1, 2, 1, 1, 1)
    finally:
        K.set_floatx(saved[0])
        K.set_epsilon(saved[1])
        K.set_image_data_format(saved[2])
