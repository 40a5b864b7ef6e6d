"""One adapter protocol for every data source
(kerax/trainers/data_adapters/protocol.py)."""

import numpy as np

import kerax
from kerax import layers
from kerax.callbacks import CallbackList
from kerax.trainers import fit_loop
from kerax.trainers.data_adapters import (
    ArrayDataAdapter,
    DataAdapter,
    get_data_adapter,
)

X = np.arange(20, dtype="float32").reshape(10, 2)
Y = np.arange(10, dtype="float32")


class _Batches(kerax.utils.PyDataset):
    def __len__(self):
        return 2

    def __getitem__(self, i):
        return X[i * 5:(i + 1) * 5], Y[i * 5:(i + 1) * 5]


def test_every_source_is_a_data_adapter():
    sources = [(X, Y), ([X], Y), ({"a": X}, Y), (iter([(X, Y)]), None),
               (_Batches(), None)]
    for x, y in sources:
        assert isinstance(get_data_adapter(x, y), DataAdapter)
    assert get_data_adapter(X, Y).rows() is not None
    assert get_data_adapter(_Batches()).rows() is None
    assert get_data_adapter(_Batches()).restarts_each_epoch()
    assert not get_data_adapter(iter([(X, Y)])).restarts_each_epoch()


def test_array_batches_follow_the_epoch_order():
    adapter = ArrayDataAdapter(X, Y, batch_size=4, shuffle=True)
    np.random.seed(3)
    batches = list(adapter.batches())
    np.random.seed(3)
    order = adapter.epoch_order()
    assert [len(b[0]) for b in batches] == [4, 4, 2]
    np.testing.assert_array_equal(
        np.concatenate([np.asarray(b[0]) for b in batches]), X[order[:10]])
    ordered = ArrayDataAdapter(X, Y, batch_size=4)
    first = next(ordered.batches())
    np.testing.assert_array_equal(np.asarray(first[1]), Y[:4])
    np.testing.assert_array_equal(ordered.first_batch()[0], X[:4])


class _Doubles(DataAdapter):
    """A new kind of source: only `batches()` written."""

    num_batches = 2

    def batches(self):
        for i in range(2):
            yield X[i * 5:(i + 1) * 5], Y[i * 5:(i + 1) * 5]


def test_a_new_source_needs_no_change_to_the_loops():
    kerax.utils.set_random_seed(0)
    model = kerax.Sequential([kerax.Input((2,)), layers.Dense(1)])
    model.compile("sgd", "mse")
    callbacks = CallbackList([], model=model)
    new = fit_loop.run_evaluate(model, model._loop, _Doubles(), callbacks)
    old = model.evaluate(X, Y, batch_size=5, verbose=0, return_dict=True)
    np.testing.assert_allclose(float(new["loss"]), old["loss"], rtol=1e-6)
    assert _Doubles().description() == "the data (_Doubles)"
