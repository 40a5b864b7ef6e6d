import numpy as np
import pytest

import kerax
from kerax.utils import generic_utils as gu


def test_list_helpers():
    assert gu.to_list(1) == [1] and gu.to_list([1]) == [1]
    assert gu.to_list((1, 2)) == [(1, 2)]
    assert gu.to_list((1, 2), allow_tuple=True) == [1, 2]
    assert gu.unpack_singleton([4]) == 4 and gu.unpack_singleton([1, 2]) == [
        1, 2]
    assert gu.is_all_none([None, None]) and not gu.is_all_none([None, 0])
    a, b = object(), object()
    assert gu.object_list_uid([a, b]) == f"{abs(id(a))}, {abs(id(b))}"


def test_has_arg():
    def f(x, y=1, **kwargs):
        return x

    assert gu.has_arg(f, "y") and not gu.has_arg(f, "z")
    assert gu.has_arg(f, "z", accept_all=True)
    assert not gu.has_arg(lambda x: x, "z", accept_all=True)


def test_slice_arrays():
    x, y = np.arange(6), np.arange(6) * 10
    np.testing.assert_array_equal(gu.slice_arrays([x, None, y], 1, 3)[2],
                                  [10, 20])
    assert gu.slice_arrays([x, None], 1, 3)[1] is None
    np.testing.assert_array_equal(gu.slice_arrays(x, [4, 0]), [4, 0])
    assert gu.slice_arrays(None) == [None]


def test_transpose_shape_and_unexpected_keys():
    assert gu.transpose_shape([1, 5, 5, 3], "channels_first", (1, 2)) == [
        1, 3, 5, 5]
    assert gu.transpose_shape((1, 5, 3), "channels_last", (1,)) == (1, 5, 3)
    with pytest.raises(ValueError, match="target_format"):
        gu.transpose_shape((1, 2), "nchw", (1,))
    with pytest.raises(ValueError, match="'c'"):
        gu.check_for_unexpected_keys("x", {"a": 1, "c": 2}, ["a", "b"])


def test_func_dump_and_load_round_trip():
    offset = 3

    def shifted(x, scale=2):
        return x * scale + offset

    restored = gu.func_load(gu.func_dump(shifted))
    assert restored(1) == 5 and restored(1, scale=10) == 13


def test_reexports_are_the_saving_objects():
    assert gu.CustomObjectScope is kerax.saving.CustomObjectScope
    assert gu.serialize_keras_object is kerax.saving.serialize_keras_object
    assert gu.Progbar is kerax.utils.Progbar
