"""kerax.graph.symbolic_build: the Layer base class it compares with."""
import kerax
from kerax.graph import symbolic_build


class _Masked(kerax.layers.Layer):
    def call(self, x):
        return x

    def compute_mask(self, x, mask=None):
        return mask


def test_base_methods_are_recognised():
    dense = kerax.layers.Dense(2)
    assert symbolic_build.keeps_base_method(dense, "compute_mask")
    assert not symbolic_build.keeps_base_method(_Masked(), "compute_mask")
    assert not symbolic_build.keeps_base_method(dense,
                                                "compute_output_shape")
