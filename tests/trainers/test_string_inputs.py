"""Models on `Input(dtype="string")`: called directly they run their
string layers on the host; the compiled loops refuse them, naming the
input, before anything is traced."""

import numpy as np
import pytest

import kerax
from kerax.trainers.string_inputs import string_input_names

WORDS = np.array([["a"], ["b"], ["z"]])


def _model():
    words = kerax.Input(shape=(1,), dtype="string", name="words")
    count = kerax.Input(shape=(1,), name="count")
    ids = kerax.layers.StringLookup(vocabulary=["a", "b"],
                                    output_mode="one_hot")(words)
    merged = kerax.layers.Concatenate()([ids, count])
    return kerax.Model([words, count], kerax.layers.Dense(1)(merged))


def test_loops_name_the_string_input():
    model = _model()
    model.compile(loss="mse", optimizer="sgd")
    count = np.ones((3, 1), "float32")
    assert string_input_names(model) == ["words"]
    assert model([WORDS, count]).shape == (3, 1)  # direct calls work
    for run in (lambda: model.predict([WORDS, count], verbose=0),
                lambda: model.evaluate([WORDS, count], np.zeros((3, 1)),
                                       verbose=0),
                lambda: model.fit([WORDS, count], np.zeros((3, 1)),
                                  verbose=0)):
        with pytest.raises(ValueError, match="string input 'words'.*"
                           "data pipeline"):
            run()


def test_numeric_models_have_no_string_inputs():
    inputs = kerax.Input(shape=(2,))
    assert string_input_names(kerax.Model(inputs, inputs * 2)) == []
