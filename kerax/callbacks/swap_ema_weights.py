"""`SwapEMAWeights`: evaluate (and predict) with the optimizer's EMA weights.

>>> import numpy as np
>>> import kerax
>>> model = kerax.Sequential([kerax.Input((2,)), kerax.layers.Dense(1)])
>>> model.compile(kerax.optimizers.SGD(0.1, use_ema=True), "mse")
>>> x, y = np.ones((4, 2), "float32"), np.zeros((4, 1), "float32")
>>> history = model.fit(x, y, epochs=1, verbose=0, validation_data=(x, y),
...                     callbacks=[SwapEMAWeights()])
>>> sorted(history.history)
['loss', 'val_loss']
"""

import numpy as np

from kerax.callbacks.callback import Callback


def _ema_optimizers(model):
    """The optimizers of `model` that keep weight averages."""
    optimizer = getattr(model.optimizer, "inner_optimizer", model.optimizer)
    members = getattr(optimizer, "optimizers", None)
    if members is not None:
        found = [o for o in members if getattr(o, "use_ema", False)]
        if not found:
            raise ValueError(
                "SwapEMAWeights needs at least one sub-optimizer with "
                "`use_ema=True`; this MultiOptimizer has none.")
        return found
    if not getattr(optimizer, "use_ema", False):
        raise ValueError(
            "SwapEMAWeights needs an optimizer created with `use_ema=True`. "
            f"Received: use_ema={getattr(optimizer, 'use_ema', None)}")
    return [optimizer]


def _pairs(optimizer):
    averages = getattr(optimizer, "_extras", {}).get("average")
    if averages is None:
        raise ValueError(
            f"SwapEMAWeights: optimizer '{optimizer.name}' has no weight "
            "averages yet (it is not built); train before evaluating.")
    return zip(optimizer._trainable_variables, averages)


class SwapEMAWeights(Callback):
    """Swaps the model's weights with the optimizer's moving averages
    (`use_ema=True`) around `evaluate`/`predict` (validation included),
    and swaps them back afterwards; the swap is in place.

    Args:
        swap_on_epoch: bool (default False). Also swap at each epoch's end
            (so `ModelCheckpoint` and other epoch-end callbacks see the
            averages) and back at the next epoch's start; after the last
            epoch the averages are reset to the (averaged) weights.

    After `predict` the weights are swapped back as after `evaluate` (Keras
    3.15 leaves the averages in the model after `predict`, contrary to its
    documentation; kerax follows the documentation).
    """

    def __init__(self, swap_on_epoch=False):
        super().__init__()
        self.swap_on_epoch = swap_on_epoch
        self._ema_weights_in_model = False

    def _swap(self):
        for optimizer in _ema_optimizers(self.model):
            for variable, average in _pairs(optimizer):
                weights = np.asarray(variable.numpy())
                variable.assign(average.value)
                average.assign(weights)

    def _finalize(self):
        for optimizer in _ema_optimizers(self.model):
            for variable, average in _pairs(optimizer):
                average.assign(variable.value)

    def on_epoch_begin(self, epoch, logs=None):
        if self.swap_on_epoch and self._ema_weights_in_model:
            self._swap()
            self._ema_weights_in_model = False

    def on_epoch_end(self, epoch, logs=None):
        if self.swap_on_epoch and not self._ema_weights_in_model:
            self._swap()
            self._ema_weights_in_model = True
            if epoch == self.params.get("epochs", 0) - 1:
                self._finalize()

    def on_test_begin(self, logs=None):
        if not self._ema_weights_in_model:
            self._swap()
            self._ema_weights_in_model = True

    def on_test_end(self, logs=None):
        if self._ema_weights_in_model:
            self._swap()
            self._ema_weights_in_model = False

    def on_predict_begin(self, logs=None):
        if not self._ema_weights_in_model:
            self._swap()
            self._ema_weights_in_model = True

    def on_predict_end(self, logs=None):
        if self._ema_weights_in_model:
            self._swap()
            self._ema_weights_in_model = False
