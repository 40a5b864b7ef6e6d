"""`LambdaCallback`: a callback assembled from plain functions."""

from kerax.callbacks.callback import Callback

_HOOKS = (
    "on_epoch_begin",
    "on_epoch_end",
    "on_train_begin",
    "on_train_end",
    "on_train_batch_begin",
    "on_train_batch_end",
    "on_batch_begin",
    "on_batch_end",
    "on_test_begin",
    "on_test_end",
    "on_test_batch_begin",
    "on_test_batch_end",
    "on_predict_begin",
    "on_predict_end",
    "on_predict_batch_begin",
    "on_predict_batch_end",
)


class LambdaCallback(Callback):
    """Runs the given functions at the matching hooks.

    Each keyword is a hook name and its function takes the hook's
    arguments: `on_epoch_begin/on_epoch_end(epoch, logs)`,
    `on_train_begin/on_train_end(logs)`,
    `on_train_batch_begin/on_train_batch_end(batch, logs)` (and Keras 2's
    `on_batch_begin/on_batch_end`), plus the `on_test_*` and
    `on_predict_*` hooks. Hooks not given do nothing. Other keywords become
    attributes of the callback, as in Keras.

    >>> seen = []
    >>> callback = LambdaCallback(
    ...     on_epoch_end=lambda epoch, logs: seen.append(epoch))
    >>> callback.on_epoch_end(0, {})
    >>> seen
    [0]
    """

    def __init__(
        self,
        on_epoch_begin=None,
        on_epoch_end=None,
        on_train_begin=None,
        on_train_end=None,
        on_train_batch_begin=None,
        on_train_batch_end=None,
        **kwargs,
    ):
        super().__init__()
        hooks = {
            "on_epoch_begin": on_epoch_begin,
            "on_epoch_end": on_epoch_end,
            "on_train_begin": on_train_begin,
            "on_train_end": on_train_end,
            "on_train_batch_begin": on_train_batch_begin,
            "on_train_batch_end": on_train_batch_end,
        }
        for name in _HOOKS:
            if name in kwargs:
                hooks[name] = kwargs.pop(name)
        for name, fn in hooks.items():
            if fn is None:
                continue
            if not callable(fn):
                raise ValueError(
                    f"Expected `{name}` to be callable. Received: "
                    f"{name}={fn!r}"
                )
            setattr(self, name, fn)
        self.__dict__.update(kwargs)
