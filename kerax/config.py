"""Global settings: float type, fuzz factor, image data format.

>>> import kerax
>>> kerax.config.floatx()
'float32'
"""

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
