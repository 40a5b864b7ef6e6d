"""Connectionist Temporal Classification (CTC) loss, through optax.

>>> import numpy as np
>>> logits = np.zeros((1, 4, 3), "float32")
>>> [round(v, 4) for v in ctc([[1, 2]], logits).tolist()]
[1.6864]
"""

import jax.numpy as jnp

from kerax.core.registry import register
from kerax.losses.loss import loss_function, to_array
from kerax.losses.wrapper import BuiltinLoss


@register("losses")
@loss_function
def ctc(y_true, y_pred):
    """Per-sequence CTC loss.

    Args:
        y_true: integer labels, `(batch_size, max_label_length)`; 0 is the
            blank/padding class and is not counted in the label length.
        y_pred: logits, `(batch_size, max_length, num_classes)`; every
            time step is used.
    """
    y_true = to_array(y_true)
    y_pred = to_array(y_pred)
    if y_true.ndim != 2:
        raise ValueError(
            "Targets `y_true` are expected to be a tensor of shape "
            "`(batch_size, max_length)` in integer format. "
            f"Received: y_true.shape={y_true.shape}"
        )
    if y_pred.ndim != 3:
        raise ValueError(
            "Logits `y_pred` are expected to be a tensor of shape "
            "`(batch_size, max_length, num_classes)`. "
            f"Received: y_pred.shape={y_pred.shape}"
        )
    return _ctc(y_true, y_pred)


def _ctc(y_true, y_pred):
    labels = y_true.astype("int32")
    dtype = jnp.result_type(y_pred.dtype, jnp.float32)
    logits = y_pred.astype(dtype)
    label_length = jnp.sum(labels != 0, axis=-1, keepdims=True)
    positions = jnp.arange(labels.shape[1])[None, :]
    label_paddings = (positions >= label_length).astype(dtype)
    logit_paddings = jnp.zeros(logits.shape[:2], dtype)
    import optax  # imported on use: it costs ~0.3 s at start-up

    return optax.ctc_loss(
        logits, logit_paddings, labels, label_paddings, blank_id=0
    )


@register("losses")
class CTC(BuiltinLoss):
    """CTC loss between integer label sequences and per-step logits.

    Args:
        reduction, dtype: see `Loss`; name: default `"ctc"`.

    >>> import numpy as np
    >>> loss = CTC()
    >>> round(float(loss([[1, 2]], np.zeros((1, 4, 3), "float32"))), 4)
    1.6864
    """

    def __init__(self, reduction="sum_over_batch_size", name="ctc", dtype=None):
        super().__init__(ctc, name, reduction, dtype)
