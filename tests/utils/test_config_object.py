"""`kerax.utils.Config` behaves as Keras 3's (dict and attribute access,
freezing, JSON, sorted iteration), and the `kerax.utils` names Keras 3
exports for saving are there."""

import copy
import json

import pytest

import kerax
from kerax.utils import Config


def test_config_matches_keras(keras):
    for cls in (Config, keras.utils.Config):
        config = cls(b=1, a=2)
        config.c = 3
        config["d"] = 4
        assert config.a == 2 and config["c"] == 3 and "d" in config
        assert list(config) == ["a", "b", "c", "d"]
        assert list(config.keys()) == ["b", "a", "c", "d"]
        assert config.as_dict() == {"b": 1, "a": 2, "c": 3, "d": 4}
        assert json.loads(config.to_json()) == config.as_dict()
        assert config.get("zz", 7) == 7 and len(config) == 4
        assert config.pop("d") == 4
        config.update(e=5)
        del config["e"]
        config.freeze()
        assert config.frozen
        for mutate in (lambda c: setattr(c, "x", 1),
                       lambda c: c.__setitem__("x", 1),
                       lambda c: c.update(x=1), lambda c: c.pop("a")):
            with pytest.raises(ValueError, match="frozen"):
                mutate(config)
        config.unfreeze()
        config.rate = 1
        assert config.rate == 1
        with pytest.raises(AttributeError, match="Did you mean 'rate'"):
            config.rates  # noqa: B018
        assert repr(config) == "<Config {'b': 1, 'a': 2, 'c': 3, 'rate': 1}>"


def test_config_copies():
    config = Config(a=[1])
    clone = copy.deepcopy(config)
    clone.a.append(2)
    assert config.a == [1] and clone.a == [1, 2]


def test_utils_saving_names(keras):
    for name in ("register_keras_serializable", "get_registered_name",
                 "get_registered_object", "is_keras_tensor",
                 "standardize_dtype", "Config", "legacy"):
        assert name in dir(kerax.utils), name
        assert hasattr(keras.utils, name), name
    assert kerax.utils.is_keras_tensor(kerax.Input((2,)))
    assert not kerax.utils.is_keras_tensor([1.0])
    for dtype in ("float16", int, float, bool, None, "bfloat16"):
        assert kerax.utils.standardize_dtype(dtype) == (
            keras.utils.standardize_dtype(dtype))

    @kerax.utils.register_keras_serializable(package="UtilsTest")
    def halve(x):
        return x / 2

    assert kerax.utils.get_registered_name(halve) == "UtilsTest>halve"
    assert kerax.utils.get_registered_object("UtilsTest>halve") is halve
