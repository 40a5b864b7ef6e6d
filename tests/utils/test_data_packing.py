"""`kerax.utils.pack_x_y_sample_weight` / `unpack_x_y_sample_weight`
against Keras's."""

import numpy as np
import pytest

from kerax import utils

X, Y, W = np.ones((2, 1)), np.zeros((2, 1)), np.ones(2)


@pytest.mark.parametrize("args", [(X,), ([X, X],), (X, Y), (X, Y, W),
                                  ((X,), Y)], ids=range(5))
def test_pack_matches_keras(keras, args):
    ours = utils.pack_x_y_sample_weight(*args)
    theirs = keras.utils.pack_x_y_sample_weight(*args)
    assert type(ours) is type(theirs)
    assert len(ours) == len(theirs)
    assert utils.unpack_x_y_sample_weight(ours)[0] is \
        keras.utils.unpack_x_y_sample_weight(theirs)[0]


def test_unpack_matches_keras(keras):
    for data in (X, (X,), [X, Y], (X, Y, W)):
        ours = utils.unpack_x_y_sample_weight(data)
        theirs = keras.utils.unpack_x_y_sample_weight(data)
        assert [a is b for a, b in zip(ours, theirs)] == [True] * 3
    with pytest.raises(ValueError, match="sample_weight"):
        utils.unpack_x_y_sample_weight((X, Y, W, W))
