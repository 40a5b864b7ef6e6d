import jax
import jax.numpy as jnp
import numpy as np

from kerax.core.keras_tensor import KerasTensor
from kerax.core.masking import get_keras_mask, input_mask, set_keras_mask


def test_arrays_and_keras_tensors_carry_masks():
    x = jnp.ones((2, 3))
    assert get_keras_mask(x) is None
    mask = jnp.array([[True, False, True]] * 2)
    set_keras_mask(x, mask)
    assert get_keras_mask(x) is mask
    set_keras_mask(x, None)
    assert get_keras_mask(x) is None
    t = KerasTensor((None, 3))
    set_keras_mask(t, KerasTensor((None, 3), "bool"))
    assert get_keras_mask(t).shape == (None, 3)


def test_tracers_carry_masks_inside_a_trace():
    def f(x):
        y = x * 2
        set_keras_mask(y, x > 1)
        return jnp.where(get_keras_mask(y), y, 0.0)

    out = jax.jit(f)(jnp.array([1.0, 2.0, 3.0]))
    assert out.tolist() == [0.0, 4.0, 6.0]


def test_values_without_attributes_are_ignored():
    set_keras_mask(np.float32(1.0), np.array(True))
    assert get_keras_mask(np.ones(2)) is None


def test_input_mask_of_a_call():
    a, b = jnp.ones((1, 2)), jnp.ones((1, 2))
    assert input_mask(()) is None
    assert input_mask((a,)) is None
    set_keras_mask(a, jnp.array([[True, False]]))
    assert input_mask((a,)).tolist() == [[True, False]]
    masks = input_mask(([a, b],))
    assert masks[0] is get_keras_mask(a) and masks[1] is None
