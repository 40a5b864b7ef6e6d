"""Global settings: float type, fuzz factor, image data format.

>>> import kerax
>>> kerax.config.floatx()
'float32'
"""

# Persistent XLA compilation cache, on by default in `$KERAX_HOME/jax_cache`.
from kerax.support import output, safe_mode
from kerax.support.compilation_cache import (  # noqa: F401 (re-exported)
    compilation_cache_dir,
    disable_compilation_cache,
    enable_compilation_cache,
)

_FLOATX = "float32"
_EPSILON = 1e-7
_IMAGE_DATA_FORMAT = "channels_last"
_ALLOWED_FLOATX = ("float16", "bfloat16", "float32", "float64")


def floatx():
    """Returns the default float type, as a string (default `"float32"`)."""
    return _FLOATX


def set_floatx(value):
    """Sets the default float type (`"float16"`, `"bfloat16"`, `"float32"`,
    `"float64"`)."""
    global _FLOATX
    value = str(value)
    if value not in _ALLOWED_FLOATX:
        raise ValueError(
            f"Unknown `floatx` value. Expected one of {_ALLOWED_FLOATX}. "
            f"Received: floatx={value}"
        )
    _FLOATX = value


def epsilon():
    """Returns the fuzz factor used in numeric expressions (default 1e-7)."""
    return _EPSILON


def set_epsilon(value):
    """Sets the fuzz factor used in numeric expressions."""
    global _EPSILON
    _EPSILON = float(value)


def image_data_format():
    """Returns `"channels_last"` (default) or `"channels_first"`."""
    return _IMAGE_DATA_FORMAT


def set_image_data_format(data_format):
    """Sets the default image data format."""
    global _IMAGE_DATA_FORMAT
    data_format = str(data_format).lower()
    if data_format not in ("channels_first", "channels_last"):
        raise ValueError(
            "The `data_format` argument must be one of "
            "{'channels_first', 'channels_last'}. "
            f"Received: data_format={data_format}"
        )
    _IMAGE_DATA_FORMAT = data_format


def standardize_data_format(data_format):
    """Returns `data_format` validated, or the global default when None."""
    if data_format is None:
        return image_data_format()
    data_format = str(data_format).lower()
    if data_format not in ("channels_first", "channels_last"):
        raise ValueError(
            "The `data_format` argument must be one of "
            "{'channels_first', 'channels_last'}. "
            f"Received: data_format={data_format}"
        )
    return data_format


def backend():
    """Returns the name of the compute backend: always `"jax"`."""
    return "jax"


# ------------------------------------------------------------ dtype policy
# Registration point: `kerax.core.dtype_policy`, which sits above config
# (it reads `floatx`), adds its `"set"` and `"get"` functions when imported.
DTYPE_POLICY_FUNCTIONS: dict = {}


def set_dtype_policy(policy):
    """Sets the default dtype policy of layers created afterwards.

    `policy` is a `DTypePolicy` or its name (`"mixed_float16"`, ...).

    >>> import kerax
    >>> kerax.config.set_dtype_policy("mixed_bfloat16")
    >>> kerax.config.dtype_policy().name
    'mixed_bfloat16'
    >>> kerax.config.set_dtype_policy("float32")
    """
    DTYPE_POLICY_FUNCTIONS["set"](policy)


def dtype_policy():
    """Returns the default dtype policy (from `floatx()` unless set)."""
    return DTYPE_POLICY_FUNCTIONS["get"]()


# ------------------------------------------------------------ safe loading
def enable_unsafe_deserialization():
    """Lets every load run code stored in files (Python lambdas).

    Loading then behaves as if `safe_mode=False` were always passed.
    """
    safe_mode.set_default_safe_mode(False)


# ------------------------------------------------------- interactive logs
# The flag lives in kerax.support.output, which prints the messages.


def enable_interactive_logging():
    """Progress bars and messages go to stdout (the default)."""
    output.set_interactive_logging(True)


def disable_interactive_logging():
    """Progress bars and messages go to the `"kerax"` Python logger (at
    INFO level) instead of stdout, for jobs that run unattended."""
    output.set_interactive_logging(False)


def is_interactive_logging_enabled():
    """Whether progress bars and messages go to stdout.

    >>> import kerax
    >>> kerax.config.is_interactive_logging_enabled()
    True
    """
    return output.interactive_logging()


# ---------------------------------------------------- traceback filtering
def enable_traceback_filtering():
    """Hides JAX's internal frames from tracebacks (the default).

    kerax's errors surface through JAX; this sets JAX's
    `jax_traceback_filtering` to `"auto"`.
    """
    import jax

    jax.config.update("jax_traceback_filtering", "auto")


def disable_traceback_filtering():
    """Shows every frame in tracebacks (`jax_traceback_filtering="off"`)."""
    import jax

    jax.config.update("jax_traceback_filtering", "off")


def is_traceback_filtering_enabled():
    """Whether internal frames are hidden from tracebacks.

    >>> import kerax
    >>> kerax.config.is_traceback_filtering_enabled()
    True
    """
    import jax

    return jax.config.jax_traceback_filtering != "off"


# -------------------------------------------------------- flash attention
_FLASH_ATTENTION = None


def enable_flash_attention():
    """Lets attention use a fused flash kernel where one applies (the
    default): cuDNN's, through `jax.nn.dot_product_attention`, on a GPU
    with float16/bfloat16 inputs; elsewhere the plain XLA computation."""
    global _FLASH_ATTENTION
    _FLASH_ATTENTION = None


def disable_flash_attention():
    """Attention never uses a flash kernel."""
    global _FLASH_ATTENTION
    _FLASH_ATTENTION = False


def is_flash_attention_enabled():
    """`False` when disabled, else `None` ("where it applies"), as Keras.

    >>> import kerax
    >>> kerax.config.is_flash_attention_enabled() is None
    True
    """
    return _FLASH_ATTENTION


# ----------------------------------------------------------------- limits
def _limit_from_env(name):
    import os

    value = os.environ.get(name)
    return int(value) if value else None


_MAX_EPOCHS = _limit_from_env("KERAS_MAX_EPOCHS")
_MAX_STEPS_PER_EPOCH = _limit_from_env("KERAS_MAX_STEPS_PER_EPOCH")


def _check_limit(name, value):
    if value is not None and (
        isinstance(value, bool) or not isinstance(value, int) or value < 1
    ):
        raise ValueError(
            f"{name}: expected a positive int or None; received {value!r}."
        )
    return value


def set_max_epochs(max_epochs):
    """Caps the epochs of every `fit` (None: no cap), for quick debugging
    runs; also read from the `KERAS_MAX_EPOCHS` environment variable.

    >>> import kerax
    >>> kerax.config.set_max_epochs(2)
    >>> kerax.config.max_epochs()
    2
    >>> kerax.config.set_max_epochs(None)
    """
    global _MAX_EPOCHS
    _MAX_EPOCHS = _check_limit("set_max_epochs", max_epochs)


def set_max_steps_per_epoch(max_steps_per_epoch):
    """Caps the batches of each epoch of `fit` and of each `evaluate` and
    `predict` (None: no cap); also read from `KERAS_MAX_STEPS_PER_EPOCH`."""
    global _MAX_STEPS_PER_EPOCH
    _MAX_STEPS_PER_EPOCH = _check_limit(
        "set_max_steps_per_epoch", max_steps_per_epoch
    )


def max_epochs():
    """The cap on `fit`'s epochs, or None."""
    return _MAX_EPOCHS


def max_steps_per_epoch():
    """The cap on the batches per epoch, or None."""
    return _MAX_STEPS_PER_EPOCH


# -------------------------------------------------------------- backends
def set_backend(backend):
    """Keras switches backends here; kerax runs on JAX only, so `"jax"` is
    accepted (nothing to reload) and anything else is refused.

    >>> import kerax
    >>> kerax.config.set_backend("jax")
    """
    if backend != "jax":
        raise ValueError(
            "set_backend: kerax runs on JAX only; expected 'jax', "
            f"received {backend!r}."
        )


def is_nnx_enabled():
    """Whether Flax NNX variables back layers: never in kerax (`False`)."""
    return False


def cap(limit_name, value):
    """`value` lowered to the limit `limit_name` (`"max_epochs"` or
    `"max_steps_per_epoch"`) when one is set, with a warning; None (no
    count given) becomes the limit."""
    import warnings

    limit = {"max_epochs": _MAX_EPOCHS,
             "max_steps_per_epoch": _MAX_STEPS_PER_EPOCH}[limit_name]
    if limit is None or (value is not None and value <= limit):
        return value
    what = "epochs" if limit_name == "max_epochs" else "steps per epoch"
    warnings.warn(
        f"Limiting {what} to {limit} (kerax.config.{limit_name}).",
        stacklevel=3,
    )
    return limit
