"""Keras 2's `keras.utils.generic_utils`: custom objects, (de)serialization,
`Progbar`, function (un)marshalling and small list helpers.

>>> to_list(3)
[3]
>>> unpack_singleton([5])
5
>>> transpose_shape((1, 28, 28, 3), "channels_first", spatial_axes=(1, 2))
(1, 3, 28, 28)
"""

import inspect

from kerax.core.lazy_exports import lazy_exports

_EXPORTS = {
    "kerax.saving.registration": (
        "CustomObjectScope custom_object_scope get_custom_objects"
    ),
    "kerax.saving.serialization": (
        "serialize_keras_object deserialize_keras_object"
    ),
    "kerax.utils.progbar": "Progbar",
    # Keras 2's Lambda (un)marshalling: the Lambda layer's own functions.
    "kerax.layers.core.lambda_layer": "func_dump func_load",
}

__getattr__, __dir__ = lazy_exports(globals(), _EXPORTS)


def to_list(x, allow_tuple=False):
    """`x` if it is a list (a tuple too with `allow_tuple`), else `[x]`."""
    if isinstance(x, list):
        return x
    if allow_tuple and isinstance(x, tuple):
        return list(x)
    return [x]


def unpack_singleton(x):
    """The only element of a one-element list or tuple, else `x`."""
    if isinstance(x, (list, tuple)) and len(x) == 1:
        return x[0]
    return x


def is_all_none(iterable_or_element):
    """True when every element (or the element itself) is None."""
    return all(x is None for x in to_list(iterable_or_element,
                                          allow_tuple=True))


def object_list_uid(object_list):
    """A string naming the objects of the list by identity."""
    return ", ".join(str(abs(id(x))) for x in to_list(object_list,
                                                     allow_tuple=True))


def has_arg(fn, name, accept_all=False):
    """Whether `fn` takes an argument `name` (or any keyword argument,
    when `accept_all` and it has `**kwargs`)."""
    parameters = inspect.signature(fn).parameters
    if name in parameters:
        kind = parameters[name].kind
        return kind in (inspect.Parameter.POSITIONAL_OR_KEYWORD,
                        inspect.Parameter.KEYWORD_ONLY)
    return accept_all and any(p.kind == inspect.Parameter.VAR_KEYWORD
                              for p in parameters.values())


def slice_arrays(arrays, start=None, stop=None):
    """`arrays[start:stop]` for an array or each array of a list (None
    entries stay None); `start` may be an index array instead."""
    if arrays is None:
        return [None]
    indexed = hasattr(start, "__len__")
    if isinstance(arrays, list):
        return [None if x is None else (
            x[start] if indexed else x[start:stop]) for x in arrays]
    if indexed:
        return arrays[start]
    return arrays[start:stop]


def transpose_shape(shape, target_format, spatial_axes):
    """A channels-last `shape` rearranged for `target_format`
    (`"channels_first"` moves the last axis before `spatial_axes`)."""
    if target_format == "channels_last":
        return shape
    if target_format != "channels_first":
        raise ValueError(
            "`target_format` must be 'channels_first' or 'channels_last'. "
            f"Received: target_format={target_format}")
    values = tuple(shape[:spatial_axes[0]]) + (shape[-1],) + tuple(
        shape[x] for x in spatial_axes)
    return list(values) if isinstance(shape, list) else values


def check_for_unexpected_keys(name, input_dict, expected_values):
    """ValueError when `input_dict` has keys outside `expected_values`."""
    unknown = set(input_dict) - set(expected_values)
    if unknown:
        raise ValueError(
            f"Unknown entries in {name} dictionary: {sorted(unknown)}. "
            f"Only expected the following keys: {sorted(expected_values)}")
