"""`kerax.backend`: Keras 2's `keras.backend` functions on JAX.

Every function takes arrays, NumPy arrays, Variables, and symbolic
KerasTensors (then it records a graph node, so it works in `Lambda`
layers, custom losses and metrics, and on a model's tensors). Keras 2
argument names and defaults are kept (`axis=None`, `keepdims=False`,
`data_format=None`, `from_logits=False`). Graph idioms (`function`,
`gradients`, `learning_phase`, `get_session`) evaluate symbolic tensors
with `jax.jit` and `jax.grad`.

Modules: `config` (settings, names), `variables` and `updates` (state),
`math`, `products`, `arrays`, `images` (padding, resizing), `nn`,
`conv`, `local_conv`, `random`, `control`, `ctc`, `learning`,
`function` and `session` (graph idioms).

>>> from kerax import backend as K
>>> float(K.sum(K.variable([[1.0, 2.0], [3.0, 4.0]])))
10.0
"""

# Registers itself with `Lambda`: K.gradients inside a Lambda's function.
from kerax.backend import lambda_graph as _lambda_graph
from kerax.backend.arrays import (
    arange,
    batch_flatten,
    cast,
    concatenate,
    expand_dims,
    flatten,
    gather,
    identity,
    one_hot,
    ones_like,
    permute_dimensions,
    repeat,
    repeat_elements,
    reshape,
    reverse,
    size,
    slice,
    squeeze,
    stack,
    tile,
    zeros_like,
)
from kerax.backend.config import (
    backend,
    cast_to_floatx,
    clear_session,
    eager,
    epsilon,
    floatx,
    get_uid,
    image_data_format,
    manual_variable_initialization,
    name_scope,
    normalize_data_format,
    reset_uids,
    set_epsilon,
    set_floatx,
    set_image_data_format,
    symbolic,
)
from kerax.backend.control import (
    control_dependencies,
    foldl,
    foldr,
    map_fn,
    print_tensor,
    rnn,
    switch,
)
from kerax.backend.conv import (
    conv1d,
    conv2d,
    conv2d_transpose,
    conv3d,
    conv3d_transpose,
    depthwise_conv2d,
    pool2d,
    pool3d,
    separable_conv1d,
    separable_conv2d,
)
from kerax.backend.ctc import (
    ctc_batch_cost,
    ctc_decode,
    ctc_label_dense_to_sparse,
)
from kerax.backend.dtype_utils import (
    is_float_dtype,
    is_int_dtype,
    result_type,
    standardize_dtype,
)
from kerax.backend.function import (
    Function,
    function,
    gradients,
    stop_gradient,
)
from kerax.backend.images import (
    resize_images,
    resize_volumes,
    spatial_2d_padding,
    spatial_3d_padding,
    temporal_padding,
)
from kerax.backend.learning import (
    in_test_phase,
    in_train_phase,
    learning_phase,
    set_learning_phase,
)
from kerax.backend.local_conv import local_conv1d, local_conv2d
from kerax.backend.math import (
    abs,
    all,
    any,
    argmax,
    argmin,
    clip,
    cos,
    cumprod,
    cumsum,
    equal,
    exp,
    greater,
    greater_equal,
    less,
    less_equal,
    log,
    logsumexp,
    max,
    maximum,
    mean,
    min,
    minimum,
    not_equal,
    pow,
    prod,
    round,
    sign,
    sin,
    sqrt,
    square,
    std,
    sum,
    var,
)
from kerax.backend.nn import (
    batch_normalization,
    bias_add,
    binary_crossentropy,
    categorical_crossentropy,
    dropout,
    elu,
    hard_sigmoid,
    normalize_batch_in_training,
    relu,
    sigmoid,
    softmax,
    softplus,
    softsign,
    sparse_categorical_crossentropy,
    tanh,
)
from kerax.backend.products import (
    batch_dot,
    dot,
    in_top_k,
    l2_normalize,
    transpose,
)
from kerax.backend.random import (
    random_binomial,
    random_normal,
    random_normal_variable,
    random_uniform,
    random_uniform_variable,
    truncated_normal,
)
from kerax.backend.session import (
    Session,
    eval,
    get_session,
    set_session,
)
from kerax.backend.updates import (
    Update,
    moving_average_update,
    update,
    update_add,
    update_sub,
)
from kerax.backend.variables import (
    batch_get_value,
    batch_set_value,
    constant,
    count_params,
    dtype,
    eye,
    get_value,
    int_shape,
    is_keras_tensor,
    is_placeholder,
    is_sparse,
    is_tensor,
    is_variable,
    ndim,
    ones,
    placeholder,
    set_value,
    shape,
    to_dense,
    variable,
    zeros,
)
