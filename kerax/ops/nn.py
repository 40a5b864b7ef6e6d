"""`kerax.ops.nn`: neural-network ops, as in `keras.ops.nn`.

Defined in `nn_activations` (activations, softmax), `nn_conv`
(convolution, pooling, patches), `nn_encodings` (one-hot, multi-hot,
polar), `nn_normalization`, `nn_losses` (cross-entropies, PSNR),
`nn_attention` and `nn_ctc`.

>>> from kerax.ops import nn
>>> nn.relu([-1.0, 2.0]).tolist()
[0.0, 2.0]
"""

from kerax.ops.nn_activations import (
    celu,  # noqa: F401
    elu,  # noqa: F401
    gelu,  # noqa: F401
    glu,  # noqa: F401
    hard_shrink,  # noqa: F401
    hard_sigmoid,  # noqa: F401
    hard_silu,  # noqa: F401
    hard_swish,  # noqa: F401
    hard_tanh,  # noqa: F401
    leaky_relu,  # noqa: F401
    log_sigmoid,  # noqa: F401
    log_softmax,  # noqa: F401
    relu,  # noqa: F401
    relu6,  # noqa: F401
    selu,  # noqa: F401
    sigmoid,  # noqa: F401
    silu,  # noqa: F401
    soft_shrink,  # noqa: F401
    softmax,  # noqa: F401
    softplus,  # noqa: F401
    softsign,  # noqa: F401
    sparse_plus,  # noqa: F401
    sparse_sigmoid,  # noqa: F401
    sparsemax,  # noqa: F401
    squareplus,  # noqa: F401
    swish,  # noqa: F401
    tanh_shrink,  # noqa: F401
    threshold,  # noqa: F401
)
from kerax.ops.nn_attention import (
    dot_product_attention,  # noqa: F401
)
from kerax.ops.nn_conv import (
    adaptive_average_pool,  # noqa: F401
    adaptive_max_pool,  # noqa: F401
    average_pool,  # noqa: F401
    conv,  # noqa: F401
    conv_transpose,  # noqa: F401
    depth_to_space,  # noqa: F401
    depthwise_conv,  # noqa: F401
    fold,  # noqa: F401
    max_pool,  # noqa: F401
    separable_conv,  # noqa: F401
    space_to_depth,  # noqa: F401
    unfold,  # noqa: F401
)
from kerax.ops.nn_ctc import (
    ctc_decode,  # noqa: F401
    ctc_loss,  # noqa: F401
)
from kerax.ops.nn_encodings import (
    multi_hot,  # noqa: F401
    one_hot,  # noqa: F401
    polar,  # noqa: F401
)
from kerax.ops.nn_losses import (
    binary_crossentropy,  # noqa: F401
    categorical_crossentropy,  # noqa: F401
    psnr,  # noqa: F401
    sparse_categorical_crossentropy,  # noqa: F401
)
from kerax.ops.nn_normalization import (
    batch_normalization,  # noqa: F401
    layer_normalization,  # noqa: F401
    moments,  # noqa: F401
    normalize,  # noqa: F401
    rms_normalization,  # noqa: F401
)
