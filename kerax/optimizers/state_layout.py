"""Maps an optimizer's optax state to and from its flat list of Variables.

Keras orders an optimizer's Variables as `iteration`, `learning_rate`, the
EMA averages, the gradient accumulators, then the algorithm's slots. Slots
are created group by group; inside a group they are interleaved per model
variable (Adam: `kernel_momentum, kernel_velocity, bias_momentum, ...`).
A subclass declares `_slot_groups()` (a tuple of tuples of slot names) and
optionally `_global_slots()` (slots shared by all model variables, created
last); the transform's state is `{slot: (array per variable,)}` plus
`{global_slot: array}`.

>>> from kerax.optimizers.adam import Adam
>>> Adam(amsgrad=True)._slot_groups()
(('momentum', 'velocity'), ('velocity_hat',))
"""


class StateLayoutMixin:
    """The flat-list <-> optax-state mapping used by `Optimizer`."""

    def _slot_groups(self):
        return ()

    def _global_slots(self):
        return ()

    def _slot_name(self, slot, reference_name, variable):
        """The Variable name of `slot` for a model variable (Keras's)."""
        return f"{reference_name}_{slot}"

    def _global_slot_name(self, slot):
        return slot

    def _make_transform(self):
        raise NotImplementedError(
            f"Optimizer '{self.__class__.__name__}' must implement "
            "`_make_transform()` returning an optax transformation."
        )

    # ------------------------------------------------------------ building
    def _build_slots(self, var_list, params, names):
        state = self._transform.init(params)
        self._slot_entries = []
        self._slot_variables = []
        for group in self._slot_groups():
            for i, (variable, name) in enumerate(zip(var_list, names)):
                for slot in group:
                    if state[slot][i] is None:  # slot unused for this one
                        continue
                    self._add_slot(
                        state[slot][i],
                        self._slot_name(slot, name, variable),
                        (slot, i),
                    )
        for slot in self._global_slots():
            self._add_slot(
                state[slot], self._global_slot_name(slot), (slot, None)
            )

    def _add_slot(self, value, name, entry):
        variable = self._new_variable(value, name)
        self._slot_entries.append(entry)
        self._slot_variables.append(variable)

    # ------------------------------------------------------ flat <-> state
    def _lr_tracked(self):
        lr = self._learning_rate
        return any(lr is v for v in self._variables)

    def _unpack(self, values):
        """`values` -> `(iteration, lr_value, extras, slot_state)`."""
        iteration = values[0]
        position = 1
        lr_value = None
        if self._lr_tracked():
            lr_value = values[1]
            position = 2
        n = len(self._trainable_variables)
        extras = {}
        for key in self._extras:
            extras[key] = list(values[position : position + n])
            position += n
        return iteration, lr_value, extras, self._state_from(values[position:])

    def _state_from(self, flat):
        state = {}
        n = len(self._trainable_variables)
        for (slot, index), value in zip(self._slot_entries, flat):
            if index is None:
                state[slot] = value
            else:
                state.setdefault(slot, [None] * n)[index] = value
        return {
            k: tuple(v) if isinstance(v, list) else v for k, v in state.items()
        }

    def _state_to_flat(self, state):
        return [
            state[slot] if index is None else state[slot][index]
            for slot, index in self._slot_entries
        ]

    def _pack(self, iteration, lr_value, extras, state):
        values = [iteration]
        if self._lr_tracked():
            values.append(lr_value)
        for key in self._extras:
            values.extend(extras[key])
        return values + self._state_to_flat(state)

    def _keep_missing(self, missing, params, state, new_params, new_state):
        """Leaves the variables without a gradient (and their slots) as-is."""
        if not any(missing):
            return new_params, new_state
        new_params = [
            old if m else new
            for old, new, m in zip(params, new_params, missing)
        ]
        kept = {}
        for key, value in new_state.items():
            if isinstance(value, tuple) and len(value) == len(missing):
                value = tuple(
                    old if m else new
                    for old, new, m in zip(state[key], value, missing)
                )
            kept[key] = value
        return new_params, kept
