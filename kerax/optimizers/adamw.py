"""AdamW: Adam with decoupled weight decay (default `0.004`).

>>> AdamW().weight_decay
0.004
"""

from kerax.core.registry import register
from kerax.optimizers.adam import Adam
from kerax.optimizers.base_arguments import with_base_arguments


@register("optimizers")
@with_base_arguments()
class AdamW(Adam):
    """Adam with decoupled weight decay.

    Before each Adam update, `w -= w * weight_decay * lr` (the common
    `Optimizer` weight decay, here on by default).

    Args:
        learning_rate: float, schedule or callable (default `0.001`).
        weight_decay: float (default `0.004`); must not be None.
        beta_1, beta_2, epsilon, amsgrad: as in `Adam`.
        **kwargs: the common `Optimizer` arguments.

    >>> AdamW(weight_decay=0.01).get_config()["weight_decay"]
    0.01
    """

    def __init__(
        self,
        learning_rate=0.001,
        weight_decay=0.004,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-7,
        amsgrad=False,
        **kwargs,
    ):
        super().__init__(
            learning_rate=learning_rate,
            beta_1=beta_1,
            beta_2=beta_2,
            epsilon=epsilon,
            amsgrad=amsgrad,
            weight_decay=weight_decay,
            **kwargs,
        )
        if self.weight_decay is None:
            raise ValueError(
                "Argument `weight_decay` must be a float. Received: "
                "weight_decay=None"
            )
