"""Element-wise NumPy-style math: unary functions, arithmetic, comparisons.

Each op is a thin call into `jax.numpy`. Python scalars stay weakly typed
(`add(x_bf16, 1.0)` stays bfloat16), as in Keras.

>>> add(jnp.ones(2), 1.0).tolist()
[2.0, 2.0]
"""

from __future__ import annotations

import jax.numpy as jnp

from kerax import config
from kerax.core.dtypes import standardize_dtype
from kerax.ops.core import _convert, unwrap
from kerax.ops.symbolic import symbolic_op


def _make_unary(name, fn, example):
    def op(x):
        return fn(_convert(x))

    op.__name__ = op.__qualname__ = name
    op.__doc__ = (
        f"Element-wise `{name}` (`jax.numpy`).\n\n"
        f"    >>> {example[0]}\n    {example[1]}\n"
    )
    return symbolic_op(op)


def _make_binary(name, fn, example, params=("x1", "x2")):
    if params == ("x", "y"):  # Keras's names for the bitwise ops
        def op(x, y):
            return fn(unwrap(x), unwrap(y))
    else:
        def op(x1, x2):
            return fn(unwrap(x1), unwrap(x2))

    op.__name__ = op.__qualname__ = name
    op.__doc__ = (
        f"Element-wise `{name}` of `{params[0]}` and `{params[1]}`, with "
        f"broadcasting.\n\n    >>> {example[0]}\n    {example[1]}\n"
    )
    return symbolic_op(op)


def _float_unary(fn):
    """`fn` computed in floatx for int/bool inputs (Keras's rule)."""

    def run(x):
        if not jnp.issubdtype(x.dtype, jnp.inexact):
            x = x.astype(config.floatx())
        return fn(x)

    return run


# ---------------------------------------------------------------- unary
abs = _make_unary("abs", jnp.abs, ("abs([-1, 2]).tolist()", "[1, 2]"))
absolute = _make_unary(
    "absolute", jnp.abs, ("absolute([-1.5]).tolist()", "[1.5]")
)
angle = _make_unary(
    "angle", _float_unary(jnp.angle), ("angle([-1.0]).tolist()", "[3.1415927410125732]")
)
arccos = _make_unary(
    "arccos", _float_unary(jnp.arccos), ("arccos([1.0]).tolist()", "[0.0]")
)
arccosh = _make_unary(
    "arccosh", _float_unary(jnp.arccosh), ("arccosh([1.0]).tolist()", "[0.0]")
)
arcsin = _make_unary(
    "arcsin", _float_unary(jnp.arcsin), ("arcsin([0.0]).tolist()", "[0.0]")
)
arcsinh = _make_unary(
    "arcsinh", _float_unary(jnp.arcsinh), ("arcsinh([0.0]).tolist()", "[0.0]")
)
arctan = _make_unary(
    "arctan", _float_unary(jnp.arctan), ("arctan([0.0]).tolist()", "[0.0]")
)
arctanh = _make_unary(
    "arctanh", _float_unary(jnp.arctanh), ("arctanh([0.0]).tolist()", "[0.0]")
)
cbrt = _make_unary(
    "cbrt", _float_unary(jnp.cbrt), ("cbrt([8.0]).tolist()", "[2.0]")
)
ceil = _make_unary(
    "ceil", _float_unary(jnp.ceil), ("ceil([1.2]).tolist()", "[2.0]")
)
conj = _make_unary("conj", jnp.conj, ("conj([1.0]).tolist()", "[1.0]"))
conjugate = _make_unary(
    "conjugate", jnp.conjugate, ("conjugate([1.0]).tolist()", "[1.0]")
)
cos = _make_unary("cos", _float_unary(jnp.cos), ("cos([0.0]).tolist()", "[1.0]"))
cosh = _make_unary(
    "cosh", _float_unary(jnp.cosh), ("cosh([0.0]).tolist()", "[1.0]")
)
deg2rad = _make_unary(
    "deg2rad", _float_unary(jnp.deg2rad), ("deg2rad([0.0]).tolist()", "[0.0]")
)
exp = _make_unary("exp", _float_unary(jnp.exp), ("exp([0.0]).tolist()", "[1.0]"))
exp2 = _make_unary(
    "exp2", _float_unary(jnp.exp2), ("exp2([3.0]).tolist()", "[8.0]")
)
expm1 = _make_unary(
    "expm1", _float_unary(jnp.expm1), ("expm1([0.0]).tolist()", "[0.0]")
)
fabs = _make_unary(
    "fabs", _float_unary(jnp.fabs), ("fabs([-2]).tolist()", "[2.0]")
)
floor = _make_unary(
    "floor", _float_unary(jnp.floor), ("floor([1.7]).tolist()", "[1.0]")
)
i0 = _make_unary("i0", _float_unary(jnp.i0), ("float(i0([0.0])[0]) > 0.99", "True"))
imag = _make_unary("imag", jnp.imag, ("imag([1.0]).tolist()", "[0.0]"))
real = _make_unary("real", jnp.real, ("real([1.0]).tolist()", "[1.0]"))
isfinite = _make_unary(
    "isfinite", jnp.isfinite, ("isfinite([1.0]).tolist()", "[True]")
)
isinf = _make_unary("isinf", jnp.isinf, ("isinf([1.0]).tolist()", "[False]"))
isnan = _make_unary("isnan", jnp.isnan, ("isnan([1.0]).tolist()", "[False]"))
isneginf = _make_unary(
    "isneginf", jnp.isneginf, ("isneginf([1.0]).tolist()", "[False]")
)
isposinf = _make_unary(
    "isposinf", jnp.isposinf, ("isposinf([1.0]).tolist()", "[False]")
)
isreal = _make_unary("isreal", jnp.isreal, ("isreal([1.0]).tolist()", "[True]"))
log = _make_unary("log", _float_unary(jnp.log), ("log([1.0]).tolist()", "[0.0]"))
log10 = _make_unary(
    "log10", _float_unary(jnp.log10), ("log10([10.0]).tolist()", "[1.0]")
)
log1p = _make_unary(
    "log1p", _float_unary(jnp.log1p), ("log1p([0.0]).tolist()", "[0.0]")
)
log2 = _make_unary(
    "log2", _float_unary(jnp.log2), ("log2([4.0]).tolist()", "[2.0]")
)
logical_not = _make_unary(
    "logical_not", jnp.logical_not, ("logical_not([True]).tolist()", "[False]")
)
negative = _make_unary(
    "negative", jnp.negative, ("negative([1.0]).tolist()", "[-1.0]")
)
rad2deg = _make_unary(
    "rad2deg", _float_unary(jnp.rad2deg), ("rad2deg([0.0]).tolist()", "[0.0]")
)
reciprocal = _make_unary(
    "reciprocal", _float_unary(jnp.reciprocal),
    ("reciprocal([4.0]).tolist()", "[0.25]"),
)
sign = _make_unary("sign", jnp.sign, ("sign([-3.0]).tolist()", "[-1.0]"))
signbit = _make_unary(
    "signbit", jnp.signbit, ("signbit([-3.0]).tolist()", "[True]")
)
sin = _make_unary("sin", _float_unary(jnp.sin), ("sin([0.0]).tolist()", "[0.0]"))
sinc = _make_unary(
    "sinc", _float_unary(jnp.sinc), ("sinc([0.0]).tolist()", "[1.0]")
)
sinh = _make_unary(
    "sinh", _float_unary(jnp.sinh), ("sinh([0.0]).tolist()", "[0.0]")
)
sqrt = _make_unary(
    "sqrt", _float_unary(jnp.sqrt), ("sqrt([4.0]).tolist()", "[2.0]")
)
square = _make_unary("square", jnp.square, ("square([3]).tolist()", "[9]"))
tan = _make_unary("tan", _float_unary(jnp.tan), ("tan([0.0]).tolist()", "[0.0]"))
tanh = _make_unary(
    "tanh", _float_unary(jnp.tanh), ("tanh([0.0]).tolist()", "[0.0]")
)
trunc = _make_unary(
    "trunc", jnp.trunc, ("trunc([-1.7]).tolist()", "[-1.0]")
)
bitwise_invert = _make_unary(
    "bitwise_invert", jnp.bitwise_invert,
    ("bitwise_invert([0]).tolist()", "[-1]"),
)
bitwise_not = _make_unary(
    "bitwise_not", jnp.bitwise_not, ("bitwise_not([0]).tolist()", "[-1]")
)


@symbolic_op
def round(x, decimals=0):
    """Rounds half to even, to `decimals` places.

    >>> round([1.25, 2.5], decimals=1).tolist()
    [1.2000000476837158, 2.5]
    """
    x = _convert(x)
    if jnp.issubdtype(x.dtype, jnp.integer) and decimals < 0:
        factor = 10.0 ** decimals
        as_float = x.astype(config.floatx())
        return (jnp.round(as_float * factor) / factor).astype(x.dtype)
    return jnp.round(x, decimals=decimals)


@symbolic_op
def nan_to_num(x, nan=0.0, posinf=None, neginf=None):
    """Replaces NaN and infinities with finite numbers.

    >>> nan_to_num([float("nan"), 1.0]).tolist()
    [0.0, 1.0]
    """
    return jnp.nan_to_num(_convert(x), nan=nan, posinf=posinf, neginf=neginf)


@symbolic_op
def clip(x, x_min, x_max):
    """Clips values to `[x_min, x_max]` (bool inputs become int32).

    >>> clip([-2, 0, 5], 0, 3).tolist()
    [0, 0, 3]
    """
    x = _convert(x)
    if x.dtype == jnp.bool_:
        x = x.astype("int32")
    return jnp.clip(x, unwrap(x_min), unwrap(x_max))


# --------------------------------------------------------------- binary
add = _make_binary("add", jnp.add, ("add([1, 2], 3).tolist()", "[4, 5]"))
subtract = _make_binary(
    "subtract", jnp.subtract, ("subtract([3, 2], 1).tolist()", "[2, 1]")
)
multiply = _make_binary(
    "multiply", jnp.multiply, ("multiply([1, 2], 3).tolist()", "[3, 6]")
)
divide = _make_binary(
    "divide", jnp.true_divide, ("divide([1, 2], 2).tolist()", "[0.5, 1.0]")
)
true_divide = _make_binary(
    "true_divide", jnp.true_divide,
    ("true_divide([1, 2], 2).tolist()", "[0.5, 1.0]"),
)
floor_divide = _make_binary(
    "floor_divide", jnp.floor_divide,
    ("floor_divide([7, -7], 2).tolist()", "[3, -4]"),
)
mod = _make_binary("mod", jnp.mod, ("mod([7, -7], 3).tolist()", "[1, 2]"))
fmod = _make_binary("fmod", jnp.fmod, ("fmod([7, -7], 3).tolist()", "[1, -1]"))
power = _make_binary("power", jnp.power, ("power([2, 3], 2).tolist()", "[4, 9]"))
maximum = _make_binary(
    "maximum", jnp.maximum, ("maximum([1, 5], 3).tolist()", "[3, 5]")
)
minimum = _make_binary(
    "minimum", jnp.minimum, ("minimum([1, 5], 3).tolist()", "[1, 3]")
)
fmax = _make_binary("fmax", jnp.fmax, ("fmax([1, 5], 3).tolist()", "[3, 5]"))
fmin = _make_binary("fmin", jnp.fmin, ("fmin([1, 5], 3).tolist()", "[1, 3]"))
arctan2 = _make_binary(
    "arctan2", jnp.arctan2, ("arctan2([0.0], [1.0]).tolist()", "[0.0]")
)
hypot = _make_binary(
    "hypot", jnp.hypot, ("hypot([3.0], [4.0]).tolist()", "[5.0]")
)
logaddexp = _make_binary(
    "logaddexp", jnp.logaddexp,
    ("logaddexp([0.0], [0.0]).tolist()", "[0.6931471824645996]"),
)
logaddexp2 = _make_binary(
    "logaddexp2", jnp.logaddexp2, ("logaddexp2([1.0], [1.0]).tolist()", "[2.0]")
)
heaviside = _make_binary(
    "heaviside", jnp.heaviside,
    ("heaviside([-1.0, 0.0, 2.0], 0.5).tolist()", "[0.0, 0.5, 1.0]"),
)
nextafter = _make_binary(
    "nextafter", jnp.nextafter, ("nextafter([1.0], 1.0).tolist()", "[1.0]")
)
ldexp = _make_binary(
    "ldexp", jnp.ldexp, ("ldexp([1.0], [3]).tolist()", "[8.0]")
)
gcd = _make_binary("gcd", jnp.gcd, ("gcd([12], [18]).tolist()", "[6]"))
lcm = _make_binary("lcm", jnp.lcm, ("lcm([4], [6]).tolist()", "[12]"))
equal = _make_binary(
    "equal", jnp.equal, ("equal([1, 2], 2).tolist()", "[False, True]")
)
not_equal = _make_binary(
    "not_equal", jnp.not_equal, ("not_equal([1, 2], 2).tolist()", "[True, False]")
)
greater = _make_binary(
    "greater", jnp.greater, ("greater([1, 3], 2).tolist()", "[False, True]")
)
greater_equal = _make_binary(
    "greater_equal", jnp.greater_equal,
    ("greater_equal([1, 2], 2).tolist()", "[False, True]"),
)
less = _make_binary("less", jnp.less, ("less([1, 3], 2).tolist()", "[True, False]"))
less_equal = _make_binary(
    "less_equal", jnp.less_equal,
    ("less_equal([2, 3], 2).tolist()", "[True, False]"),
)
logical_and = _make_binary(
    "logical_and", jnp.logical_and,
    ("logical_and([True, True], [True, False]).tolist()", "[True, False]"),
)
logical_or = _make_binary(
    "logical_or", jnp.logical_or,
    ("logical_or([True, False], False).tolist()", "[True, False]"),
)
logical_xor = _make_binary(
    "logical_xor", jnp.logical_xor,
    ("logical_xor([True, False], True).tolist()", "[False, True]"),
)
bitwise_and = _make_binary(
    "bitwise_and", jnp.bitwise_and,
    ("bitwise_and([6], [3]).tolist()", "[2]"), params=("x", "y")
)
bitwise_or = _make_binary(
    "bitwise_or", jnp.bitwise_or,
    ("bitwise_or([6], [3]).tolist()", "[7]"), params=("x", "y")
)
bitwise_xor = _make_binary(
    "bitwise_xor", jnp.bitwise_xor,
    ("bitwise_xor([6], [3]).tolist()", "[5]"), params=("x", "y")
)
bitwise_left_shift = _make_binary(
    "bitwise_left_shift", jnp.left_shift,
    ("bitwise_left_shift([1], [3]).tolist()", "[8]"), params=("x", "y"),
)
left_shift = _make_binary(
    "left_shift", jnp.left_shift, ("left_shift([1], [3]).tolist()", "[8]"),
    params=("x", "y"),
)
bitwise_right_shift = _make_binary(
    "bitwise_right_shift", jnp.right_shift,
    ("bitwise_right_shift([8], [3]).tolist()", "[1]"), params=("x", "y"),
)
right_shift = _make_binary(
    "right_shift", jnp.right_shift, ("right_shift([8], [3]).tolist()", "[1]"),
    params=("x", "y"),
)


@symbolic_op
def divide_no_nan(x1, x2):
    """`x1 / x2`, with 0 where `x2 == 0`.

    >>> divide_no_nan([1.0, 2.0], [0.0, 4.0]).tolist()
    [0.0, 0.5]
    """
    x1, x2 = unwrap(x1), unwrap(x2)
    zero = jnp.equal(x2, 0)
    return jnp.where(zero, 0, jnp.true_divide(x1, jnp.where(zero, 1, x2)))


@symbolic_op
def isclose(x1, x2, rtol=1e-5, atol=1e-8, equal_nan=False):
    """Element-wise `|x1 - x2| <= atol + rtol * |x2|`.

    >>> isclose([1.0, 2.0], [1.0, 2.1]).tolist()
    [True, False]
    """
    return jnp.isclose(
        unwrap(x1), unwrap(x2), rtol=rtol, atol=atol, equal_nan=equal_nan
    )


@symbolic_op
def allclose(x1, x2, rtol=1e-5, atol=1e-8, equal_nan=False):
    """True when every element of `x1` is close to `x2`.

    >>> bool(allclose([1.0], [1.0 + 1e-9]))
    True
    """
    return jnp.allclose(
        unwrap(x1), unwrap(x2), rtol=rtol, atol=atol, equal_nan=equal_nan
    )


def _result_float(*xs):
    dtype = jnp.result_type(*xs)
    if not jnp.issubdtype(dtype, jnp.inexact):
        dtype = standardize_dtype(config.floatx())
    return dtype
