"""get_session().run, set_session and K.eval."""

import numpy as np
import pytest

from kerax import backend as K


def test_session_run_evaluates_fetches():
    x = K.placeholder((None, 3))
    v = K.variable([1.0, 2.0, 3.0])
    y = K.sum(x * v, axis=1)
    session = K.get_session()
    feed = np.ones((2, 3), "float32")
    assert session.run(y, feed_dict={x: feed}).tolist() == [6.0, 6.0]
    out = session.run({"y": y, "v": v, "both": [y, K.mean(x)]},
                      feed_dict={x: feed})
    assert out["v"].tolist() == [1.0, 2.0, 3.0]
    assert out["both"][1] == 1.0 and out["y"].tolist() == [6.0, 6.0]
    assert len(session._functions) == 2
    session.run(y, feed_dict={x: feed * 2})
    assert len(session._functions) == 2  # reused
    session.run([K.update_add(v, K.mean(x, axis=0))], feed_dict={x: feed})
    assert K.get_value(v).tolist() == [2.0, 3.0, 4.0]


def test_session_management_and_eval():
    session = K.get_session()
    assert K.get_session() is session
    K.set_session(K.Session())
    assert K.get_session() is not session
    with pytest.raises(TypeError, match="TensorFlow"):
        K.set_session(object())
    with pytest.raises(TypeError, match="feed_dict"):
        K.get_session().run(K.variable(1.0), feed_dict={"x": 1})
    assert K.eval(K.variable([[1.0]])).tolist() == [[1.0]]
    assert K.eval(np.float32(2.0)) == 2.0
    with pytest.raises(ValueError, match="No value was given"):
        K.eval(K.sum(K.placeholder((2,))))
