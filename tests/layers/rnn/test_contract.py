"""Layer contract (`run_layer_test`) for the recurrent layers."""

import numpy as np
import pytest

from kerax import layers
from kerax.testing import run_layer_test

SEQ = (2, 3, 4)


@pytest.mark.parametrize(
    "cls, kwargs, out_shape, n_weights",
    [
        (layers.SimpleRNN, {"units": 3, "return_sequences": True},
         (2, 3, 3), 3),
        (layers.GRU, {"units": 3, "reset_after": False}, (2, 3), 3),
        (layers.CuDNNGRU, {"units": 3}, (2, 3), 3),
        (layers.CuDNNLSTM, {"units": 3, "go_backwards": True}, (2, 3), 3),
    ],
)
def test_recurrent_layer_contract(cls, kwargs, out_shape, n_weights):
    run_layer_test(
        cls, kwargs, input_shape=SEQ, expected_output_shape=out_shape,
        expected_num_trainable_weights=n_weights,
        expected_num_non_trainable_weights=0,
        expected_num_seed_generators=1, supports_masking=True,
        run_training_check=False, atol=1e-5, rtol=1e-5,
    )


def test_lstm_contract_with_dropout_and_fit():
    run_layer_test(
        layers.LSTM,
        {"units": 3, "dropout": 0.5, "recurrent_dropout": 0.5, "seed": 1,
         "return_sequences": True},
        input_shape=SEQ, call_kwargs={"training": True},
        expected_output_shape=(2, 3, 3),
        expected_num_trainable_weights=3, expected_num_seed_generators=1,
        atol=1e-5, rtol=1e-5,
    )


def test_rnn_with_stacked_cells_return_state_contract():
    run_layer_test(
        layers.RNN,
        {"cell": [layers.LSTMCell(3), layers.GRUCell(2)],
         "return_state": True},
        input_shape=SEQ,
        expected_output_shape=[(2, 2), (2, 3), (2, 3), (2, 2)],
        expected_num_trainable_weights=6, expected_num_seed_generators=2,
        run_training_check=False, atol=1e-5, rtol=1e-5,
    )


def test_bidirectional_contract():
    run_layer_test(
        layers.Bidirectional,
        {"layer": layers.GRU(3, return_sequences=True), "merge_mode": "sum"},
        input_shape=SEQ, expected_output_shape=(2, 3, 3),
        expected_num_trainable_weights=6, expected_num_seed_generators=2,
        run_training_check=False, atol=1e-5, rtol=1e-5,
    )


def test_time_distributed_contract():
    run_layer_test(
        layers.TimeDistributed, {"layer": layers.Dense(2)},
        input_shape=SEQ, expected_output_shape=(2, 3, 2),
        expected_num_trainable_weights=2, run_training_check=False,
    )


@pytest.mark.parametrize(
    "cls, shape, out_shape",
    [
        (layers.ConvLSTM1D, (2, 3, 5, 2), (2, 3, 2)),
        (layers.ConvLSTM2D, (2, 3, 4, 4, 2), (2, 2, 2, 2)),
        (layers.ConvLSTM3D, (2, 2, 3, 3, 3, 1), (2, 1, 1, 1, 2)),
    ],
)
def test_conv_lstm_contract(cls, shape, out_shape):
    run_layer_test(
        cls, {"filters": 2, "kernel_size": 3}, input_shape=shape,
        expected_output_shape=out_shape, expected_num_trainable_weights=3,
        expected_num_seed_generators=1, run_training_check=False,
        atol=1e-5, rtol=1e-5,
    )


def test_stateful_states_are_variables_not_weights():
    layer = layers.LSTM(3, stateful=True)
    x = np.ones((2, 3, 4), "float32")
    layer(x)
    assert len(layer.weights) == 3
    assert len(layer.states) == 2
    paths = [v.path for v in layer.non_trainable_variables]
    assert sum("rnn_state" in p for p in paths) == 2
    values = [v.value for v in layer.trainable_variables]
    states = [v.value for v in layer.non_trainable_variables]
    out, new_states = layer.stateless_call(values, states, x)
    np.testing.assert_allclose(np.asarray(out), np.asarray(new_states[0]),
                               atol=1e-6)
    assert not np.allclose(np.asarray(new_states[0]), np.asarray(states[0]))
    np.testing.assert_array_equal(np.asarray(layer.states[0].value),
                                  np.asarray(states[0]))
    layer.reset_states()
    assert not np.asarray(layer.states[0].value).any()


def test_stateful_needs_a_fixed_batch():
    from kerax.core.keras_tensor import KerasTensor

    with pytest.raises(ValueError, match="batch size must be static"):
        layers.LSTM(3, stateful=True)(KerasTensor((None, 3, 4)))


@pytest.mark.parametrize(
    "make, match",
    [
        (lambda: layers.LSTM(0), "units"),
        (lambda: layers.GRU(2, use_cudnn="yes"), "use_cudnn"),
        (lambda: layers.RNN(object()), "call"),
        (lambda: layers.Bidirectional(layers.LSTM(2), merge_mode="max"),
         "merge mode"),
        (lambda: layers.Bidirectional("lstm"), "Layer"),
        (lambda: layers.TimeDistributed("dense"), "Layer"),
        (lambda: layers.ConvLSTM2D(2, 3, strides=2, dilation_rate=2),
         "dilation_rate"),
        (lambda: layers.SimpleRNN(2, dropout="a"), "dropout"),
    ],
)
def test_validation_errors(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_time_distributed_needs_3d_input():
    with pytest.raises(ValueError, match="at least 3 dimensions"):
        layers.TimeDistributed(layers.Dense(2))(np.ones((2, 3), "float32"))
