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
    image,
    linalg,
    math,
    nn,
    numpy,
)
from kerax.ops.core import (
    associative_scan,
    cast,
    cond,
    convert_to_numpy,
    convert_to_tensor,
    custom_gradient,
    dtype,
    fori_loop,
    is_tensor,
    map,
    saturate_cast,
    scan,
    scatter,
    scatter_update,
    shape,
    slice,
    slice_update,
    stop_gradient,
    switch,
    unstack,
    vectorized_map,
    while_loop,
)
from kerax.ops.einops import rearrange
from kerax.ops.linalg import (
    cholesky,
    cholesky_inverse,
    det,
    eig,
    eigh,
    inv,
    jvp,
    lstsq,
    lu_factor,
    matrix_rank,
    norm,
    pinv,
    qr,
    solve,
    solve_triangular,
    svd,
)
from kerax.ops.math import (
    cdist,
    erf,
    erfc,
    erfinv,
    extract_sequences,
    fft,
    fft2,
    ifft2,
    in_top_k,
    irfft,
    istft,
    logdet,
    logsumexp,
    rfft,
    rsqrt,
    segment_max,
    segment_min,
    segment_prod,
    segment_sum,
    stft,
    top_k,
    view_as_complex,
    view_as_real,
)

# The nn ops, listed once in kerax/ops/nn.py.
from kerax.ops.nn import *

# The NumPy-style ops, listed once in kerax/ops/numpy.py.
from kerax.ops.numpy import *
