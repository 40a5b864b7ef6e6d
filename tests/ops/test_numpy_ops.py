"""Parity of kerax.ops NumPy-style ops with real Keras 3 (JAX backend)."""

import jax
import numpy as np
import pytest

from kerax import ops

RNG = np.random.default_rng(0)
X = RNG.normal(size=(3, 4)).astype("float32")
Y = RNG.normal(size=(3, 4)).astype("float32")
POS = np.abs(X) + 0.5
UNIT = np.clip(X / 3.0, -0.9, 0.9)
I = RNG.integers(0, 5, size=(3, 4)).astype("int32")  # noqa: E741
I2 = RNG.integers(1, 5, size=(3, 4)).astype("int32")
SQ = RNG.normal(size=(3, 3)).astype("float32")
V = np.array([3.0, 1.0, 2.0, 2.0], "float32")
B = X > 0

UNARY = {
    "abs": X, "absolute": X, "arccos": UNIT, "arccosh": POS + 1,
    "arcsin": UNIT, "arcsinh": X, "arctan": X, "arctanh": UNIT, "cbrt": X,
    "ceil": X, "conj": X, "cos": X, "cosh": X, "deg2rad": X, "exp": X,
    "exp2": X, "expm1": X, "fabs": X, "floor": X, "i0": X, "imag": X,
    "real": X, "isfinite": X, "isinf": X, "isnan": X, "isneginf": X,
    "isposinf": X, "isreal": X, "log": POS, "log10": POS, "log1p": POS,
    "log2": POS, "logical_not": B, "negative": X, "rad2deg": X,
    "reciprocal": POS, "sign": X, "signbit": X, "sin": X, "sinc": X,
    "sinh": X, "sqrt": POS, "square": X, "tan": UNIT, "tanh": X,
    "trunc": X, "bitwise_invert": I, "bitwise_not": I, "angle": X,
    "round": X * 10, "nan_to_num": X, "ravel": X, "transpose": X,
    "fliplr": X, "flipud": X, "copy": X, "sort": X, "argsort": X,
    "diag": SQ, "diagflat": V, "tril": X, "triu": X, "nonzero": I,
    "ptp": X, "median": X, "std": X, "var": X, "mean": X, "sum": X,
    "prod": X, "max": X, "min": X, "amax": X, "amin": X, "all": B, "any": B,
    "argmax": X, "argmin": X, "cumsum": X, "cumprod": X, "nanmax": X,
    "nanmin": X, "nansum": X, "nanmean": X, "nanstd": X, "nanvar": X,
    "nanprod": X, "nanmedian": X, "nancumsum": X, "nancumprod": X,
    "nanargmax": X, "nanargmin": X, "count_nonzero": I, "average": X,
    "corrcoef": X, "trace": SQ, "diagonal": SQ, "zeros_like": X,
    "ones_like": X, "squeeze": X[None], "size": X, "ndim": X,
    "hamming": 5, "hanning": 5, "bartlett": 5, "blackman": 5,
    "vstack": [X, Y], "hstack": [X, Y], "dstack": [X, Y], "stack": [X, Y],
    "concatenate": [X, Y], "meshgrid": V, "logsumexp": X, "rsqrt": POS,
    "erf": X, "erfc": X, "erfinv": UNIT, "relu": X, "relu6": X * 5,
    "sigmoid": X, "sparse_sigmoid": X, "tanh_shrink": X, "softplus": X,
    "softsign": X, "soft_shrink": X, "hard_shrink": X, "sparse_plus": X,
    "silu": X, "swish": X, "squareplus": X, "log_sigmoid": X,
    "leaky_relu": X, "hard_sigmoid": X * 4, "hard_silu": X * 4,
    "hard_swish": X * 4, "hard_tanh": X * 2, "elu": X, "selu": X,
    "gelu": X, "celu": X, "glu": X, "softmax": X, "log_softmax": X,
    "det": SQ, "inv": SQ, "slogdet": SQ, "logdet": SQ @ SQ.T,
}

BINARY = [
    "add", "subtract", "multiply", "divide", "true_divide", "power",
    "maximum", "minimum", "fmax", "fmin", "arctan2", "hypot", "logaddexp",
    "logaddexp2", "heaviside", "nextafter", "equal", "not_equal",
    "greater", "greater_equal", "less", "less_equal", "divide_no_nan",
    "isclose", "allclose", "matmul_t", "inner", "outer", "vdot", "kron",
    "append", "floor_divide", "mod", "fmod",
]
INT_BINARY = [
    "gcd", "lcm", "bitwise_and", "bitwise_or", "bitwise_xor", "left_shift",
    "right_shift", "bitwise_left_shift", "bitwise_right_shift",
    "logical_and", "logical_or", "logical_xor", "floor_divide", "mod",
]

CALLS = {
    "reshape": ((X, (4, -1)), {}),
    "transpose_axes": ("transpose", (X[None], (2, 0, 1)), {}),
    "expand_dims": ((X, 1), {}),
    "expand_dims_tuple": ("expand_dims", (X, (0, 2)), {}),
    "squeeze_axis": ("squeeze", (X[:, None], 1), {}),
    "tile": ((X, (2, 1)), {}),
    "repeat": ((X, 2), {"axis": 1}),
    "pad": ((X, ((1, 2), (0, 1))), {}),
    "pad_reflect": ("pad", (X, ((1, 1), (2, 2))), {"mode": "reflect"}),
    "pad_value": ("pad", (X, ((1, 1), (0, 0))), {"constant_values": 3.0}),
    "take": ((X, np.array([0, 2, -1])), {"axis": 1}),
    "take_flat": ("take", (X, np.array([[0, 5], [7, 11]])), {}),
    "take_along_axis": ((X, np.argsort(X, axis=1)), {"axis": 1}),
    "where": ((B, X, Y), {}),
    "where_scalar": ("where", (B, X, 0.0), {}),
    "clip": ((X, -0.5, 0.5), {}),
    "clip_int": ("clip", (I, 1, 3), {}),
    "one_hot": ((np.array([0, 2, 1]), 3), {}),
    "one_hot_axis": ("one_hot", (np.array([0, 2, 1]), 3), {"axis": 0}),
    "multi_hot": ((np.array([[0, 2], [1, 1]]), 3), {}),
    "einsum": (("ij,kj->ik", X, Y), {}),
    "tensordot": ((X, Y.T), {"axes": 1}),
    "tensordot_pairs": ("tensordot", (X, Y), {"axes": ([1], [1])}),
    "dot": ((X, Y.T), {}),
    "matmul": ((X, Y.T), {}),
    "cross": ((X[:, :3], Y[:, :3]), {}),
    "sum_axis": ("sum", (X,), {"axis": 1, "keepdims": True}),
    "mean_axes": ("mean", (X[None],), {"axis": (1, 2)}),
    "max_axis": ("max", (X,), {"axis": 0}),
    "min_initial": ("min", (X,), {"axis": 0, "initial": -0.1}),
    "argmax_axis": ("argmax", (X,), {"axis": 1, "keepdims": True}),
    "var_axis": ("var", (X,), {"axis": 0}),
    "std_axis": ("std", (X,), {"axis": -1, "keepdims": True}),
    "quantile": ((X, 0.3), {"axis": 1}),
    "percentile": ((X, [10.0, 90.0]), {}),
    "nanquantile": ((X, 0.5), {}),
    "nanpercentile": ((X, 50.0), {"axis": 0}),
    "cumsum_axis": ("cumsum", (X,), {"axis": 1}),
    "split": ((X, 2), {"axis": 1}),
    "split_idx": ("split", (X, [1, 3]), {"axis": 1}),
    "array_split": ((X, 3), {"axis": 1}),
    "hsplit": ((X, 2), {}),
    "vsplit": ((X[:2], 2), {}),
    "dsplit": ((X[None], 2), {}),
    "roll": ((X, 2), {"axis": 1}),
    "roll_flat": ("roll", (X, -3), {}),
    "rot90": ((X,), {"k": 3}),
    "moveaxis": ((X[None], 0, -1), {}),
    "swapaxes": ((X, 0, 1), {}),
    "flip": ((X,), {"axis": 1}),
    "broadcast_to": ((V, (3, 4)), {}),
    "diff": ((X,), {"n": 2, "axis": 1}),
    "trapezoid": ((X,), {"dx": 0.5}),
    "vander": ((V,), {"N": 3}),
    "isin": ((I, np.array([1, 3])), {}),
    "searchsorted": ((np.sort(V), np.array([1.5, 2.5])), {}),
    "searchsorted_right": ("searchsorted", (np.sort(V), V), {"side": "right"}),
    "digitize": ((X, np.array([-1.0, 0.0, 1.0])), {}),
    "bincount": ((np.array([0, 1, 1, 4]),), {"minlength": 6}),
    "bincount_weights": ("bincount", (np.array([0, 1, 1]),),
                         {"weights": np.array([0.5, 1.0, 2.0])}),
    "histogram": ((V,), {"bins": 3}),
    "unique": ((np.array([3, 1, 3, 2]),), {}),
    "unravel_index": ((np.array([5, 7]), (3, 4)), {}),
    "select": (([B, ~B], [X, Y]), {}),
    "arange": ((2, 10, 3), {}),
    "arange_float": ("arange", (0.5, 3.0), {}),
    "linspace": ((0.0, 1.0, 5), {}),
    "linspace_noend": ("linspace", (0.0, 1.0, 4), {"endpoint": False}),
    "logspace": ((0.0, 2.0, 3), {}),
    "geomspace": ((1.0, 8.0, 4), {}),
    "eye": ((3, 4), {"k": 1}),
    "identity": ((3,), {}),
    "tri": ((3, 4), {"k": -1}),
    "zeros": (((2, 3),), {}),
    "ones": (((2,),), {"dtype": "int32"}),
    "full": (((2, 2), 7.0), {}),
    "full_like": ((X, 3), {}),
    "kaiser": ((6, 2.0), {}),
    "correlate": ((V, V[:2]), {"mode": "full"}),
    "diagonal_offset": ("diagonal", (X,), {"offset": 1}),
    "trace_offset": ("trace", (X,), {"offset": 1}),
    "round_decimals": ("round", (X,), {"decimals": 2}),
    "average_w": ("average", (X,), {"axis": 1, "weights": V}),
    "argpartition": ((V, 1), {}),
    "softmax_axis0": ("softmax", (X,), {"axis": 0}),
    "log_softmax_axis0": ("log_softmax", (X,), {"axis": 0}),
    "leaky_relu_slope": ("leaky_relu", (X,), {"negative_slope": 0.3}),
    "elu_alpha": ("elu", (X,), {"alpha": 0.5}),
    "gelu_exact": ("gelu", (X,), {"approximate": False}),
    "celu_alpha": ("celu", (X,), {"alpha": 2.0}),
    "threshold": ((X, 0.1, -5.0), {}),
    "squareplus_b": ("squareplus", (X,), {"b": 1.0}),
    "soft_shrink_t": ("soft_shrink", (X,), {"threshold": 0.3}),
    "hard_shrink_t": ("hard_shrink", (X,), {"threshold": 0.3}),
        "glu_axis0": ("glu", (X[:2],), {"axis": 0}),
    "top_k": ((X, 2), {}),
    "in_top_k": ((np.array([0, 1, 2]), X, 2), {}),
    "segment_sum": ((V, np.array([0, 0, 1, 2])), {"num_segments": 3}),
    "segment_max": ((V, np.array([0, 0, 1, 2])), {"num_segments": 3}),
    "logsumexp_axis": ("logsumexp", (X,), {"axis": 1}),
    "norm": ((X,), {}),
    "norm_axis": ("norm", (X,), {"axis": 1, "ord": 1}),
    "norm_fro": ("norm", (X,), {"ord": "fro", "axis": (0, 1)}),
    "normalize": ((X,), {}),
    "normalize_l1": ("normalize", (X,), {"order": 1, "axis": 0}),
    "moments": ((X, [0]), {}),
    "moments_keep": ("moments", (X, (0, 1)), {"keepdims": True}),
    "batch_normalization": ((X, V, POS[0], 1), {
        "offset": V * 0.1, "scale": V, "epsilon": 1e-3}),
    "layer_normalization": ((X,), {"gamma": V, "beta": V * 0.5}),
    "rms_normalization": ((X,), {"scale": V}),
    "binary_crossentropy": ((np.abs(np.sign(X)), np.clip(POS / 3, 0, 1)), {}),
    "binary_crossentropy_logits": ("binary_crossentropy", (
        (X > 0).astype("float32"), Y), {"from_logits": True}),
    "categorical_crossentropy": ((np.eye(4)[[0, 2, 3]], POS), {}),
    "categorical_crossentropy_logits": ("categorical_crossentropy", (
        np.eye(4)[[0, 2, 3]], X), {"from_logits": True}),
    "sparse_categorical_crossentropy": ((np.array([0, 2, 3]), POS), {}),
    "sparse_categorical_crossentropy_logits": (
        "sparse_categorical_crossentropy", (np.array([[0], [2], [3]]), X),
        {"from_logits": True}),
    "psnr": ((X, Y, 1.0), {}),
    "cast": ((X, "int32"), {}),
    "saturate_cast": ((X * 1000, "int8"), {}),
    "extract_sequences": ((np.arange(20.0).reshape(2, 10), 4, 3), {}),
    "cdist": ((X, Y), {}),
    "solve": ((SQ, X[:, :2]), {}),
    "solve_triangular": ((np.triu(SQ) + 3 * np.eye(3), X[:, :2]), {}),
    "cholesky": ((SQ @ SQ.T + np.eye(3),), {}),
    "cholesky_inverse": ((np.linalg.cholesky(SQ @ SQ.T + np.eye(3)),), {}),
    "pinv": ((X,), {}),
    "lstsq": ((X.T, V), {}),
    "matrix_rank": ((X,), {}),
    "svd": ((X,), {"compute_uv": False}),
    "eigh": ((SQ @ SQ.T,), {}),
    "lu_factor": ((SQ,), {}),
    "view_as_real": ((X + 1j * Y,), {}),
    "view_as_complex": ((np.stack([X, Y], -1),), {}),
    "polar": ((POS, X), {}),
    "rfft": ((X,), {}),
    "rfft_len": ("rfft", (X,), {"fft_length": 6}),
    "fft": (((X, Y),), {}),
    "fft2": (((X, Y),), {}),
    "ifft2": (((X, Y),), {}),
    "irfft": (((X, Y),), {"fft_length": 6}),
    "unstack": ((X,), {"axis": 1}),
    "get_item": ((X, (slice(1, None), 2)), {}),
    "slice": ((X, (1, 1), (2, 2)), {}),
    "slice_update": ((X, (1, 0), np.ones((1, 2), "float32")), {}),
    "scatter": ((np.array([[0, 1], [2, 3]]),
                 np.array([5.0, 6.0], "float32"), (3, 4)), {}),
    "scatter_update": ((X, np.array([[0, 1], [2, 3]]),
                        np.array([5.0, 6.0], "float32")), {}),
    "scatter_update_add": ("scatter_update", (
        X, np.array([[0, 1], [0, 1]]), np.array([5.0, 6.0], "float32")),
        {"reduction": "add"}),
}


def _check(actual, expected, rtol=1e-5, atol=1e-5):
    if isinstance(expected, (tuple, list)):
        assert isinstance(actual, (tuple, list)), type(actual)
        assert len(actual) == len(expected)
        for a, e in zip(actual, expected):
            _check(a, e, rtol, atol)
        return
    expected = np.asarray(expected)
    actual = np.asarray(actual)
    assert actual.shape == expected.shape, (actual.shape, expected.shape)
    assert actual.dtype == expected.dtype, (actual.dtype, expected.dtype)
    if actual.dtype.kind in "biu":
        np.testing.assert_array_equal(actual, expected)
    else:
        np.testing.assert_allclose(actual, expected, rtol=rtol, atol=atol)


def _both(keras, name, args, kwargs, rtol=1e-5, atol=1e-5):
    expected = getattr(keras.ops, name)(*args, **kwargs)
    actual = getattr(ops, name)(*args, **kwargs)
    _check(actual, expected, rtol, atol)


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_parity(keras, name):
    arg = UNARY[name]
    rtol = 2e-4 if name in ("inv", "det", "logdet", "erfinv") else 1e-5
    _both(keras, name, (arg,), {}, rtol=rtol, atol=rtol)


@pytest.mark.parametrize("name", BINARY)
def test_binary_parity(keras, name):
    if name == "matmul_t":
        _both(keras, "matmul", (X, Y.T), {})
        return
    _both(keras, name, (X, Y), {})
    if name not in ("inner", "outer", "vdot", "kron", "append"):
        _both(keras, name, (X, 2.0), {})


@pytest.mark.parametrize("name", INT_BINARY)
def test_int_binary_parity(keras, name):
    a, b = (I > 2, I2 > 2) if name.startswith("logical") else (I, I2)
    _both(keras, name, (a, b), {})


@pytest.mark.parametrize("case", sorted(CALLS))
def test_call_parity(keras, case):
    spec = CALLS[case]
    name, args, kwargs = spec if len(spec) == 3 else (case,) + spec
    tol = 2e-4 if name in ("stft", "pinv", "lstsq", "cholesky_inverse",
                           "solve_triangular", "eigh", "solve") else 1e-5
    _both(keras, name, args, kwargs, rtol=tol, atol=tol)


@pytest.mark.parametrize("name", ["add", "matmul", "where", "mean",
                                  "softmax", "reshape", "concatenate"])
def test_jit(name):
    fns = {
        "add": lambda a, b: ops.add(a, b),
        "matmul": lambda a, b: ops.matmul(a, b.T),
        "where": lambda a, b: ops.where(a > 0, a, b),
        "mean": lambda a, b: ops.mean(a * b, axis=0),
        "softmax": lambda a, b: ops.softmax(a + b),
        "reshape": lambda a, b: ops.reshape(a - b, (2, -1)),
        "concatenate": lambda a, b: ops.concatenate([a, b], axis=1),
    }
    fn = fns[name]
    np.testing.assert_allclose(jax.jit(fn)(X, Y), fn(X, Y), rtol=1e-6)


def test_weak_python_scalars_keep_dtype():
    x = np.ones(2, "float16")
    assert ops.add(x, 1.0).dtype == "float16"
    assert ops.multiply(np.ones(2, "int32"), 2).dtype == "int32"
    assert ops.add(np.ones(2, "int32"), 0.5).dtype == "float32"
    assert ops.convert_to_tensor(1.5).dtype == "float32"
    assert ops.convert_to_tensor([1, 2]).dtype == "int32"


def test_integer_inputs_give_float_results(keras):
    for name in ("sqrt", "exp", "mean", "var", "std", "log", "tanh"):
        expected = getattr(keras.ops, name)(I2)
        assert str(getattr(ops, name)(I2).dtype) == str(expected.dtype), name


def _sparsemax_reference(z):
    """Sparsemax of each row of a 2D NumPy array (Martins & Astudillo)."""
    out = np.zeros_like(z)
    for i, row in enumerate(z):
        ranked = np.sort(row)[::-1]
        cumulative = np.cumsum(ranked)
        k = np.arange(1, len(row) + 1)
        support = k[1 + k * ranked > cumulative].max()
        tau = (cumulative[support - 1] - 1) / support
        out[i] = np.maximum(row - tau, 0)
    return out


def test_sparsemax_is_a_projection_onto_the_simplex():
    # Keras 3.15's sparsemax miscomputes the threshold when more than one
    # entry is in the support; kerax follows the paper.
    np.testing.assert_allclose(ops.sparsemax(X), _sparsemax_reference(X),
                               rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(ops.sparsemax(X, axis=0),
                               _sparsemax_reference(X.T).T, rtol=1e-5,
                               atol=1e-6)
    np.testing.assert_allclose(np.sum(ops.sparsemax(X), axis=-1), 1.0,
                               rtol=1e-5)


def test_stft_matches_framed_rfft_and_istft_inverts():
    signal = RNG.normal(size=(2, 32)).astype("float32")
    real, imag = ops.stft(signal, 8, 4, 8, window="hann", center=False)
    window = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(8) / 8)
    frames = np.stack([signal[:, i:i + 8] for i in range(0, 25, 4)], 1)
    expected = np.fft.rfft(frames * window, axis=-1)
    np.testing.assert_allclose(real, expected.real, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(imag, expected.imag, rtol=1e-4, atol=1e-4)
    real, imag = ops.stft(signal, 8, 2, 8)
    restored = ops.istft((real, imag), 8, 2, 8, length=32)
    np.testing.assert_allclose(restored, signal, rtol=1e-4, atol=1e-4)
