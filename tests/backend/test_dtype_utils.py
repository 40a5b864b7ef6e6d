"""kerax.backend's dtype helpers against keras.backend's."""

import itertools
import warnings

import numpy as np
import pytest

from kerax import backend as K

DTYPES = ["bool", "uint8", "uint16", "int8", "int16", "int32", "int64",
          "bfloat16", "float16", "float32", "float64", int, float, bool]


def test_result_type_matches_keras(keras):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        for a, b in itertools.product(DTYPES, DTYPES):
            assert K.result_type(a, b) == keras.backend.result_type(a, b), \
                (a, b)
    assert K.result_type() == keras.backend.result_type() == "float32"
    with pytest.raises(ValueError, match="float8"):
        K.result_type("float8_e4m3fn", "float32")


@pytest.mark.parametrize("dtype", [None, int, float, bool, complex, "int64",
                                   np.float32, np.dtype("uint8"),
                                   "bfloat16", "float8_e5m2"])
def test_standardize_and_predicates_match_keras(keras, dtype):
    assert K.standardize_dtype(dtype) == keras.backend.standardize_dtype(dtype)
    assert K.is_float_dtype(dtype) == keras.backend.is_float_dtype(dtype)
    assert K.is_int_dtype(dtype) == keras.backend.is_int_dtype(dtype)


def test_unknown_dtype():
    with pytest.raises(ValueError, match="not a dtype"):
        K.standardize_dtype("float")
