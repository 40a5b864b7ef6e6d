"""`Optimizer`: Keras's optimizer API over an optax transformation.

The optimizer's state lives in `kerax.core.variable.Variable`s, in the order
Keras saves them: `iteration`, `learning_rate` (unless the rate is a
schedule or a callable), the EMA averages and gradient accumulators when
enabled, then the per-variable slots of the optimizer's algorithm. The
algorithm itself is an optax transformation (`_make_transform`) over the
slots the subclass declares (`_slot_groups`), or Keras 3's `update_step`.
Built, the optimizer holds a `SlotLayout` (`state_layout.py`: the flat list
of arrays <-> their meaning), and `stateless_apply` is the pure function
`stateless_step.apply(layout, hyperparams, ...)`, which serves both
`jax.jit`-ed training steps and the eager `apply`.

>>> import jax.numpy as jnp
>>> from kerax.core.variable import Variable
>>> from kerax.optimizers.sgd import SGD
>>> w = Variable(jnp.ones(2), name="w")
>>> opt = SGD(learning_rate=0.5)
>>> opt.apply([jnp.ones(2)], [w])
>>> w.numpy().tolist(), int(opt.iterations)
([0.5, 0.5], 1)
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from kerax.core import naming
from kerax.core.dtypes import standardize_dtype
from kerax.core.registry import register
from kerax.core.variable import Variable
from kerax.optimizers import schedules, stateless_step
from kerax.optimizers.custom_step import (
    CustomStepMixin,
    has_transform,
    run_update_steps,
    uses_update_step,
    wrap_model_variables,
)
from kerax.optimizers.eager_api import EagerApiMixin
from kerax.optimizers.keras2_members import Keras2OptimizerMembers
from kerax.optimizers.state_layout import (
    AllValues,
    DictSlots,
    SlotCodec,
    SlotLayout,
)
from kerax.optimizers.stateless_step import StepHyperparams

_LR_ERROR = (
    "Argument `learning_rate` should be float, or an instance of "
    "LearningRateSchedule, or a callable (that takes in the current "
    "iteration value and returns the corresponding learning rate value). "
    "Received: learning_rate={}"
)


def _int_dtype():
    return "int64" if jax.config.jax_enable_x64 else "int32"


def _check_learning_rate(value):
    if isinstance(value, (bool, str)) or value is None:
        raise ValueError(_LR_ERROR.format(value))
    try:
        array = np.asarray(value)
    except Exception:  # noqa: BLE001 - anything not array-like is rejected
        raise ValueError(_LR_ERROR.format(value)) from None
    if array.shape != () or array.dtype.kind not in "fiu":
        raise ValueError(_LR_ERROR.format(value))
    return float(array)


@register("optimizers")
class Optimizer(EagerApiMixin, CustomStepMixin, Keras2OptimizerMembers):
    """Base class of kerax optimizers (Keras 3 arguments and behaviour).

    Subclasses declare the slots (`_slot_groups`, `_global_slots`) and the
    optax transformation (`_make_transform`), or, as Keras 3 writes optimizers,
    `build(var_list)` (creating slots with `add_variable_from_reference`)
    and `update_step(gradient, variable, learning_rate)` (see
    `custom_step.py`); this class adds Keras's common
    features around it, in Keras's order: `loss_scale_factor` unscaling,
    gradient accumulation, clipping, weight decay, the update, EMA, the
    variables' constraints, then `iterations += 1`.

    Args:
        learning_rate: float, a `LearningRateSchedule`, or a callable
            taking no argument. `lr=` is accepted as a Keras 2 alias.
        weight_decay: float or None; decoupled decay
            `w -= w * weight_decay * lr` before each update.
        clipnorm: float or None; clip each gradient to this L2 norm.
        clipvalue: float or None; clip each gradient element to
            `[-clipvalue, clipvalue]`.
        global_clipnorm: float or None; clip all gradients jointly.
        use_ema: bool; keep an exponential moving average of the weights.
        ema_momentum: float in [0, 1] (default 0.99).
        ema_overwrite_frequency: int or None; copy the averages into the
            weights every this many updates.
        loss_scale_factor: float or None; gradients are divided by it.
        gradient_accumulation_steps: int >= 2 or None; update every this
            many steps with the mean of the accumulated gradients.
        name: str; default: the snake-case class name, made unique.
        decay: Keras 2 time-based decay: the step uses
            `lr / (1 + decay * iterations)`.

    >>> import jax.numpy as jnp
    >>> from kerax.core.variable import Variable
    >>> from kerax.optimizers.adam import Adam
    >>> w = Variable(jnp.zeros(3), name="w")
    >>> opt = Adam(learning_rate=0.1)
    >>> opt.build([w])
    >>> [v.name for v in opt.variables]
    ['iteration', 'learning_rate', 'w_momentum', 'w_velocity']
    >>> new_w, new_state = opt.stateless_apply(
    ...     [v.value for v in opt.variables], [jnp.ones(3)], [w.value])
    >>> [round(float(x), 4) for x in new_w[0]]
    [-0.1, -0.1, -0.1]
    """

    _supports_learning_rate = True

    def __init__(
        self,
        learning_rate,
        weight_decay=None,
        clipnorm=None,
        clipvalue=None,
        global_clipnorm=None,
        use_ema=False,
        ema_momentum=0.99,
        ema_overwrite_frequency=None,
        loss_scale_factor=None,
        gradient_accumulation_steps=None,
        name=None,
        **kwargs,
    ):
        if "lr" in kwargs:
            learning_rate = kwargs.pop("lr")
        decay = kwargs.pop("decay", None)
        if kwargs:
            raise ValueError(f"Argument(s) not recognized: {kwargs}")
        self.decay = float(decay) if decay else 0.0
        if self.decay < 0:
            raise ValueError(
                f"Argument `decay` must be >= 0. Received: decay={decay}"
            )
        self.name = name or naming.uniquify(
            naming.to_snake_case(self.__class__.__name__)
        )
        self.weight_decay = weight_decay
        self.clipnorm = clipnorm
        self.clipvalue = clipvalue
        self.global_clipnorm = global_clipnorm
        self.use_ema = use_ema
        self.ema_momentum = ema_momentum
        self.ema_overwrite_frequency = ema_overwrite_frequency
        self.loss_scale_factor = loss_scale_factor
        self.gradient_accumulation_steps = gradient_accumulation_steps
        self._validate_common()
        self.built = False
        self._variables = []
        self._trainable_variables = []
        self._var_index = {}
        self._exclude_ids = set()
        self._exclude_names = ()
        self._iterations = self._new_variable(
            np.zeros((), _int_dtype()), "iteration"
        )
        self._learning_rate = None
        if self._supports_learning_rate:
            self._set_initial_learning_rate(learning_rate)

    def _validate_common(self):
        steps = self.gradient_accumulation_steps
        if steps and not (isinstance(steps, int) and steps >= 2):
            raise ValueError(
                "`gradient_accumulation_steps` must be an integer >= 2. "
                f"Received: gradient_accumulation_steps={steps}"
            )
        if self.use_ema:
            if not 0 <= self.ema_momentum <= 1:
                raise ValueError(
                    "`ema_momentum` must be in the range [0, 1]. "
                    f"Received: ema_momentum={self.ema_momentum}"
                )
            freq = self.ema_overwrite_frequency
            if freq and (not isinstance(freq, int) or freq < 1):
                raise ValueError(
                    "`ema_overwrite_frequency` must be an integer >= 1 or "
                    f"None. Received: ema_overwrite_frequency={freq}"
                )
        clips = (self.clipnorm, self.clipvalue, self.global_clipnorm)
        if sum(c is not None for c in clips) > 1:
            raise ValueError(
                "Only one of `clipnorm`, `clipvalue` and `global_clipnorm` "
                f"can be set. Received: clipnorm={self.clipnorm}, "
                f"clipvalue={self.clipvalue}, "
                f"global_clipnorm={self.global_clipnorm}"
            )

    def _new_variable(self, value, name, track=True):
        value = jnp.asarray(value)
        variable = Variable(
            value,
            dtype=standardize_dtype(value.dtype),
            trainable=False,
            name=name,
        )
        variable._set_path(self.name)
        if track:
            self._variables.append(variable)
        return variable

    def _set_initial_learning_rate(self, learning_rate):
        if callable(learning_rate):
            self._learning_rate = learning_rate
            return
        value = _check_learning_rate(learning_rate)
        self._learning_rate = self._new_variable(
            jnp.asarray(value, standardize_dtype(None)), "learning_rate"
        )

    # ------------------------------------------------------------ properties
    @property
    def variables(self):
        """The optimizer's state, in Keras's saving order."""
        return self._variables[:]

    @property
    def iterations(self):
        """Update count (raw steps // accumulation steps when accumulating)."""
        if self.gradient_accumulation_steps:
            return self._iterations.value // self.gradient_accumulation_steps
        return self._iterations

    @property
    def learning_rate(self):
        """The rate Variable, or the schedule's value at `iterations`."""
        lr = self._learning_rate
        if isinstance(lr, schedules.LearningRateSchedule):
            return lr(self._iterations.value)
        if isinstance(lr, Variable) or lr is None:
            return lr
        return lr()

    @learning_rate.setter
    def learning_rate(self, learning_rate):
        current = self._learning_rate
        if callable(learning_rate) and not isinstance(learning_rate, Variable):
            if isinstance(current, Variable):
                self._variables = [
                    v for v in self._variables if v is not current
                ]
            self._learning_rate = learning_rate
            if self.built:  # the flat list lost its `learning_rate`
                self._layout = self._make_layout()
            return
        if not isinstance(current, Variable):
            raise TypeError(
                "This optimizer was created with a `LearningRateSchedule` "
                "or a callable as its `learning_rate`, hence its learning "
                "rate is not settable. Create the optimizer with a float "
                "`learning_rate` to be able to set it. Received: "
                f"learning_rate={learning_rate}"
            )
        if isinstance(learning_rate, Variable):
            learning_rate = learning_rate.value
        current.assign(_check_learning_rate(learning_rate))

    lr = learning_rate  # Keras 2 alias, readable and assignable.

    def build(self, var_list):
        """Creates the state for `var_list` (Variables, or shaped arrays)."""
        if self.built:
            return
        var_list = list(var_list)
        custom = uses_update_step(self)  # Keras 3's protocol
        models = wrap_model_variables(var_list) if custom else var_list
        self._trainable_variables = models
        self._var_index = {id(v): i for i, v in enumerate(models)}
        params = [_initial_value(v) for v in var_list]
        names = [_reference_name(v, i) for i, v in enumerate(var_list)]
        self._extras = {}
        if self.use_ema:
            self._extras["average"] = [
                self._new_variable(jnp.zeros_like(p), f"{n}_average")
                for p, n in zip(params, names)
            ]
        if self.gradient_accumulation_steps:
            self._extras["gradient_accumulator"] = [
                self._new_variable(
                    jnp.zeros_like(p), f"{n}_gradient_accumulator"
                )
                for p, n in zip(params, names)
            ]
        self._slot_codec: SlotCodec = DictSlots((), len(models))
        self._slot_vars: list[Variable] = []
        if not custom or has_transform(self):
            self._transform = self._make_transform()
            self._slot_codec, self._slot_vars = self._build_slots(
                models, params, names)
        self._layout = self._make_layout()
        self.built = True

    # ---------------------------------------------- slots (for subclasses)
    def _slot_groups(self) -> tuple[tuple[str, ...], ...]:
        """Per-variable slot names, group by group (created in this
        order, interleaved per model variable inside a group)."""
        return ()

    def _global_slots(self) -> tuple[str, ...]:
        """Slots shared by all model variables (created last)."""
        return ()

    def _slot_name(self, slot: str, reference_name: str, variable) -> str:
        """The Variable name of `slot` for a model variable (Keras's)."""
        return f"{reference_name}_{slot}"

    def _global_slot_name(self, slot: str) -> str:
        return slot

    def _make_transform(self):
        raise NotImplementedError(
            f"Optimizer '{self.__class__.__name__}' must implement "
            "`_make_transform()` returning an optax transformation."
        )

    _make_transform.no_algorithm = True

    def _build_slots(self, var_list: list, params: list,
                     names: list[str]) -> tuple[SlotCodec, list[Variable]]:
        """Creates the slot Variables from the transform's initial state
        `{slot: (array per variable,)}` / `{global_slot: array}`."""
        state = self._transform.init(params)
        entries, created = [], []
        for group in self._slot_groups():
            for i, (variable, name) in enumerate(zip(var_list, names)):
                for slot in group:
                    if state[slot][i] is None:  # slot unused for this one
                        continue
                    created.append(self._new_variable(
                        state[slot][i], self._slot_name(slot, name, variable)))
                    entries.append((slot, i))
        for slot in self._global_slots():
            created.append(self._new_variable(
                state[slot], self._global_slot_name(slot)))
            entries.append((slot, None))
        return DictSlots(tuple(entries), len(var_list)), created

    def _make_layout(self) -> SlotLayout:
        """The `SlotLayout` of the current variables (`update_step`
        optimizers' slots are all their values, as the scope maps them)."""
        codec = self._slot_codec
        if uses_update_step(self):
            where = {id(v): i for i, v in enumerate(self._variables)}
            per_variable = isinstance(codec, DictSlots) and all(
                i is not None for _, i in codec.entries)
            table = ()
            if isinstance(codec, DictSlots):
                table = tuple((slot, i, where[id(v)]) for (slot, i), v
                              in zip(codec.entries, self._slot_vars))
            codec = AllValues(table, per_variable)
        return SlotLayout.of_variables(
            self._variables, self._iterations, self._learning_rate,
            self._extras, codec)

    @property
    def _slot_entries(self) -> list[tuple[str, int | None]]:
        """`(slot, model index or None)` of a built-in algorithm's slots."""
        layout = self.__dict__.get("_layout")
        return [] if layout is None else [
            (slot, i) for slot, i, _ in layout.slot_entries()]

    @property
    def _slot_variables(self) -> list[Variable]:
        """The Variables of `_slot_entries`, in the same order."""
        layout = self.__dict__.get("_layout")
        return [] if layout is None else [
            self._variables[at] for _, _, at in layout.slot_entries()]

    # ------------------------------------------------------- the pure step
    def stateless_apply(self, optimizer_values: Sequence, grads: Sequence,
                        trainable_values: Sequence) -> tuple[Sequence,
                                                             Sequence]:
        """One pure, jittable update (`stateless_step.apply`).

        Args:
            optimizer_values: arrays in the order of `self.variables`.
            grads: gradients in the order of the built `var_list` (`None`
                leaves a variable and its slots untouched).
            trainable_values: arrays in the order of the built `var_list`.

        Returns:
            `(new_trainable_values, new_optimizer_values)`, in the same
            container types as the inputs.
        """
        self._check_stateless_args(optimizer_values, trainable_values)
        return stateless_step.apply(
            self._layout, self._hyperparams(), optimizer_values, grads,
            trainable_values)

    def _eager_step(self):
        """`stateless_apply`, jitted and cached while the hyperparameters
        (everything in the config but the learning-rate value) are the
        same; a plain callable learning rate runs uncompiled, as it may
        read Python state on each call."""
        lr = self._learning_rate
        if callable(lr) and not isinstance(
            lr, (Variable, schedules.LearningRateSchedule)
        ):
            return self.stateless_apply
        key = repr(
            (
                _without_lr(self.get_config()),
                self._exclude_names,
                sorted(self._exclude_ids),
                id(lr),
            )
        )
        cache = getattr(self, "_jit_cache", None)
        if cache is None or cache[0] != key:
            cache = (key, jax.jit(self.stateless_apply))
            self._jit_cache = cache
        return cache[1]

    def _hyperparams(self) -> StepHyperparams:
        """Everything but arrays that one step reads, as it is now."""
        models = self._trainable_variables
        if uses_update_step(self):
            update = functools.partial(
                run_update_steps, self, list(models), list(self._variables))
        else:
            update = self._transform_update
        return StepHyperparams(
            learning_rate=self._step_learning_rate,
            update=update,
            weight_decay=tuple(self._weight_decay_rates()),
            constraints=tuple(getattr(v, "constraint", None) for v in models),
            overwrite_with_gradient=tuple(
                bool(getattr(v, "overwrite_with_gradient", False))
                for v in models),
            clipnorm=self.clipnorm,
            global_clipnorm=self.global_clipnorm,
            clipvalue=self.clipvalue,
            loss_scale_factor=self.loss_scale_factor,
            accumulation_steps=self.gradient_accumulation_steps,
            ema_momentum=self.ema_momentum if self.use_ema else None,
            ema_overwrite_frequency=self.ema_overwrite_frequency,
        )

    def _transform_update(self, grads: list, params: list, slots: Any,
                          lr: Any, step: Any, missing: list
                          ) -> tuple[list, Any]:
        updates, slots = self._run_transform(grads, slots, params, lr, step)
        return [p + u.astype(p.dtype) for p, u in zip(params, updates)], slots

    def _run_transform(self, grads, state, params, lr, step):
        return self._transform.update(
            grads, state, params, learning_rate=lr, step=step
        )

    def _step_learning_rate(self, iteration, lr_value):
        """The rate of the step at raw `iteration` (`lr_value`: the stored
        rate), with Keras 2's time-based `decay`."""
        lr = self._learning_rate
        if isinstance(lr, schedules.LearningRateSchedule):
            rate = lr(iteration)
        elif isinstance(lr, Variable):
            rate = lr_value
        else:
            rate = lr()
        rate = jnp.asarray(rate)
        if self.decay:
            steps = iteration.astype(rate.dtype)
            rate = rate * (1.0 / (1.0 + self.decay * steps))
        return rate

    def _weight_decay_rates(self) -> list[float | None]:
        """Per model variable: the decay rate, or None for no decay."""
        if self.weight_decay is None:
            return [None] * len(self._trainable_variables)
        return [
            self.weight_decay if self._uses_weight_decay(v) else None
            for v in self._trainable_variables
        ]

    def _uses_weight_decay(self, variable) -> bool:
        name = getattr(variable, "name", "")
        return id(variable) not in self._exclude_ids and not any(
            n in name for n in self._exclude_names
        )

    def _check_stateless_args(self, optimizer_values, trainable_values):
        if not self.built:
            raise ValueError(
                f"To call `stateless_apply`, {self.__class__.__name__} must "
                "be built (i.e. its variables must have been created). "
                "You can build it via `optimizer.build(trainable_variables)`."
            )
        if len(optimizer_values) != len(self.variables):
            raise ValueError(
                "Argument `optimizer_variables` must be a list of arrays "
                f"corresponding 1:1 to {self.__class__.__name__}().variables. "
                f"Received: len(optimizer_variables)={len(optimizer_values)}, "
                f"expected {len(self.variables)}."
            )
        if len(trainable_values) != len(self._trainable_variables):
            raise ValueError(
                "Argument `trainable_variables` must correspond 1:1 to the "
                "variables the optimizer was built with. Received: "
                f"len(trainable_variables)={len(trainable_values)}, expected "
                f"{len(self._trainable_variables)}."
            )

    def exclude_from_weight_decay(self, var_list=None, var_names=None):
        """Excludes Variables (or names containing one of `var_names`)."""
        self._exclude_ids = {id(v) for v in var_list or ()}
        self._exclude_names = tuple(var_names or ())

    # ---------------------------------------------------------------- config
    def get_config(self):
        lr = self._learning_rate
        if isinstance(lr, schedules.LearningRateSchedule):
            lr = schedules.serialize(lr)
        elif isinstance(lr, Variable):
            lr = float(lr.numpy())
        config = {
            "name": self.name,
            "learning_rate": lr,
            "weight_decay": self.weight_decay,
            "clipnorm": self.clipnorm,
            "global_clipnorm": self.global_clipnorm,
            "clipvalue": self.clipvalue,
            "use_ema": self.use_ema,
            "ema_momentum": self.ema_momentum,
            "ema_overwrite_frequency": self.ema_overwrite_frequency,
            "loss_scale_factor": self.loss_scale_factor,
            "gradient_accumulation_steps": self.gradient_accumulation_steps,
        }
        if self.decay:
            config["decay"] = self.decay
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        if isinstance(config.get("learning_rate"), dict):
            config["learning_rate"] = schedules.deserialize(
                config["learning_rate"], custom_objects=custom_objects
            )
        return cls(**config)


def _initial_value(variable):
    if isinstance(variable, Variable):
        return variable.value
    if hasattr(variable, "value") and hasattr(variable, "shape"):
        return jnp.asarray(variable.value)
    return jnp.zeros(tuple(variable.shape), standardize_dtype(variable.dtype))


def _reference_name(variable, index):
    path = getattr(variable, "path", None) or getattr(variable, "name", None)
    if not path:
        return f"variable_{index}"
    return str(path).replace("/", "_").replace(":", "_")


def _without_lr(config):
    return {
        k: _without_lr(v) if isinstance(v, dict) else v
        for k, v in config.items()
        if not (k == "learning_rate" and isinstance(v, float))
    }
