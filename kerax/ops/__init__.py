"""`kerax.ops`: Keras's `keras.ops`, each op a thin call into JAX.

Every op accepts NumPy arrays, Python scalars, `jax.Array` and
`kerax.Variable`, and works on symbolic `KerasTensor`s (it then records a
node in the functional graph). Sub-namespaces: `kerax.ops.numpy`,
`kerax.ops.nn`, `kerax.ops.math`, `kerax.ops.linalg`, `kerax.ops.image`.

>>> from kerax import ops
>>> ops.softmax(ops.array([[0.0, 0.0]])).tolist()
[[0.5, 0.5]]
"""

from kerax.ops import (
    image,  # noqa: F401
    linalg,  # noqa: F401
    math,  # noqa: F401
    nn,  # noqa: F401
    numpy,  # noqa: F401
)
from kerax.ops.core import (
    associative_scan,  # noqa: F401
    cast,  # noqa: F401
    cond,  # noqa: F401
    convert_to_numpy,  # noqa: F401
    convert_to_tensor,  # noqa: F401
    custom_gradient,  # noqa: F401
    dtype,  # noqa: F401
    fori_loop,  # noqa: F401
    is_tensor,  # noqa: F401
    map,  # noqa: F401
    saturate_cast,  # noqa: F401
    scan,  # noqa: F401
    scatter,  # noqa: F401
    scatter_update,  # noqa: F401
    shape,  # noqa: F401
    slice,  # noqa: F401
    slice_update,  # noqa: F401
    stop_gradient,  # noqa: F401
    switch,  # noqa: F401
    unstack,  # noqa: F401
    vectorized_map,  # noqa: F401
    while_loop,  # noqa: F401
)
from kerax.ops.einops import rearrange  # noqa: F401
from kerax.ops.linalg import (
    cholesky,  # noqa: F401
    cholesky_inverse,  # noqa: F401
    det,  # noqa: F401
    eig,  # noqa: F401
    eigh,  # noqa: F401
    inv,  # noqa: F401
    jvp,  # noqa: F401
    lstsq,  # noqa: F401
    lu_factor,  # noqa: F401
    matrix_rank,  # noqa: F401
    norm,  # noqa: F401
    pinv,  # noqa: F401
    qr,  # noqa: F401
    solve,  # noqa: F401
    solve_triangular,  # noqa: F401
    svd,  # noqa: F401
)
from kerax.ops.math import (
    cdist,  # noqa: F401
    erf,  # noqa: F401
    erfc,  # noqa: F401
    erfinv,  # noqa: F401
    extract_sequences,  # noqa: F401
    fft,  # noqa: F401
    fft2,  # noqa: F401
    ifft2,  # noqa: F401
    in_top_k,  # noqa: F401
    irfft,  # noqa: F401
    istft,  # noqa: F401
    logdet,  # noqa: F401
    logsumexp,  # noqa: F401
    rfft,  # noqa: F401
    rsqrt,  # noqa: F401
    segment_max,  # noqa: F401
    segment_min,  # noqa: F401
    segment_prod,  # noqa: F401
    segment_sum,  # noqa: F401
    stft,  # noqa: F401
    top_k,  # noqa: F401
    view_as_complex,  # noqa: F401
    view_as_real,  # noqa: F401
)

# The nn ops, listed once in kerax/ops/nn.py.
from kerax.ops.nn import *

# The NumPy-style ops, listed once in kerax/ops/numpy.py.
from kerax.ops.numpy import *
