"""Keras 1 argument names that Keras 2 still accepted, converted with a
warning, as Keras 2 did (`Dense(output_dim=10, init="uniform")`,
`Conv2D(32, 3, nb_col=3, border_mode="same")`, `Dropout(p=0.5)`, ...).

`convert(class_name, args, kwargs)` returns the Keras 2 arguments; the
layer constructors call it through `keras2_members` (only for the
classes named here, on the arguments they receive).

>>> import warnings
>>> with warnings.catch_warnings():
...     warnings.simplefilter("ignore")
...     convert("Conv2D", (32, 3), {"nb_col": 3, "border_mode": "same"})
((32, (3, 3)), {'padding': 'same'})
"""

from __future__ import annotations

import warnings

_ORDERING = {"tf": "channels_last", "th": "channels_first", "default": None}
_DIM = (("dim_ordering", "data_format"),)
_WEIGHTS = (
    ("init", "kernel_initializer"), ("W_regularizer", "kernel_regularizer"),
    ("b_regularizer", "bias_regularizer"),
    ("W_constraint", "kernel_constraint"),
    ("b_constraint", "bias_constraint"), ("bias", "use_bias"),
)
_CONV = (("nb_filter", "filters"), ("subsample", "strides"),
         ("border_mode", "padding")) + _DIM + _WEIGHTS
_RECURRENT = (
    ("output_dim", "units"), ("init", "kernel_initializer"),
    ("inner_init", "recurrent_initializer"),
    ("inner_activation", "recurrent_activation"),
    ("W_regularizer", "kernel_regularizer"),
    ("b_regularizer", "bias_regularizer"),
    ("U_regularizer", "recurrent_regularizer"),
    ("dropout_W", "dropout"), ("dropout_U", "recurrent_dropout"),
)


def _kernel_dims(names):
    """Keras 1's kernel given as separate ints (`nb_row`/`nb_col`,
    `kernel_dim1..3`, the first ones possibly positional after `filters`)
    -> `kernel_size`. Three positional ints, `Conv2D(32, 3, 3)`, keep
    their Keras 3 meaning (kernel 3, strides 3): the call is valid Keras 3
    code, and Keras 3's reading wins where the two differ."""
    rank = len(names)

    def handle(args, kwargs, notes):
        given = max(len(args) - 1, 0)
        if given < rank and all(n in kwargs for n in names[given:]):
            dims = list(args[1:]) + [kwargs.pop(n) for n in names[given:]]
            notes.append("kernel_size")
            if args:
                return (args[0], tuple(dims)), kwargs
            kwargs["kernel_size"] = tuple(dims)
        return args, kwargs

    return handle


def _sequence_input(args, kwargs, notes):
    if "input_dim" in kwargs:
        kwargs["input_shape"] = (kwargs.pop("input_length", None),
                                 kwargs.pop("input_dim"))
        notes.append("input_shape")
    return args, kwargs


def _forget_bias(args, kwargs, notes):
    if "forget_bias_init" in kwargs:
        if kwargs.pop("forget_bias_init") in ("one", "ones"):
            kwargs["unit_forget_bias"] = True
            notes.append("unit_forget_bias")
        else:
            warnings.warn("`forget_bias_init` is ignored; use "
                          "`unit_forget_bias=True` to start at ones.",
                          stacklevel=4)
    if "consume_less" in kwargs:  # a speed hint of Keras 1
        kwargs.pop("consume_less")
        notes.append("(consume_less dropped)")
    return args, kwargs


def _drop(name, message):
    def handle(args, kwargs, notes):
        if name in kwargs:
            kwargs.pop(name)
            warnings.warn(message, stacklevel=4)
        return args, kwargs

    return handle


def _separable_init(args, kwargs, notes):
    if "init" in kwargs:
        init = kwargs.pop("init")
        kwargs["depthwise_initializer"] = init
        kwargs["pointwise_initializer"] = init
        notes.append("depthwise_initializer/pointwise_initializer")
    return args, kwargs


def _batchnorm_mode(args, kwargs, notes):
    if "mode" in kwargs:
        if kwargs.pop("mode") != 0:
            raise TypeError(
                "BatchNormalization's Keras 1 `mode` 1 and 2 no longer "
                "exist; only mode=0 (the normal behaviour) is accepted.")
        notes.append("(mode dropped)")
    return args, kwargs


def _padding_dict(args, kwargs, notes):
    pads = kwargs.get("padding", args[0] if args else None)
    if isinstance(pads, dict):
        value = ((pads.get("top_pad", 0), pads.get("bottom_pad", 0)),
                 (pads.get("left_pad", 0), pads.get("right_pad", 0)))
        if "padding" in kwargs:
            kwargs["padding"] = value
        else:
            args = (value,) + tuple(args[1:])
        notes.append("padding")
    return args, kwargs


def _deconv_output_shape(args, kwargs, notes):
    if "output_shape" in kwargs:
        kwargs.pop("output_shape")
        notes.append("(output_shape dropped)")
    elif len(args) == 4 and isinstance(args[3], tuple):
        args = args[:3]
        notes.append("(output_shape dropped)")
    return args, kwargs


_2D, _3D = _kernel_dims(("nb_row", "nb_col")), _kernel_dims(
    ("kernel_dim1", "kernel_dim2", "kernel_dim3"))
_POOL_1D = (("pool_length", "pool_size"), ("stride", "strides"),
            ("border_mode", "padding"))
_POOL_ND = (("border_mode", "padding"),) + _DIM

# class name -> (renames, preprocessors)
TABLE = {
    "Dense": ((("output_dim", "units"),) + _WEIGHTS, ()),
    "Dropout": ((("p", "rate"),), ()),
    "GaussianDropout": ((("p", "rate"),), ()),
    "SpatialDropout1D": ((("p", "rate"),), ()),
    "SpatialDropout2D": ((("p", "rate"),) + _DIM, ()),
    "SpatialDropout3D": ((("p", "rate"),) + _DIM, ()),
    "GaussianNoise": ((("sigma", "stddev"),), ()),
    "PReLU": ((("init", "alpha_initializer"),), ()),
    "Embedding": ((("init", "embeddings_initializer"),
                   ("W_regularizer", "embeddings_regularizer"),
                   ("W_constraint", "embeddings_constraint")),
                  (_drop("dropout", "Embedding's `dropout` argument is "
                         "gone: add a SpatialDropout1D layer after it."),)),
    "Conv1D": ((("nb_filter", "filters"), ("filter_length", "kernel_size"),
                ("subsample_length", "strides"), ("border_mode", "padding"))
               + _WEIGHTS, (_sequence_input,)),
    "Conv2D": (_CONV, (_2D,)),
    "Conv2DTranspose": (_CONV, (_deconv_output_shape, _2D)),
    "Conv3D": (_CONV, (_3D,)),
    "SeparableConv2D": (
        (("nb_filter", "filters"), ("subsample", "strides"),
         ("border_mode", "padding")) + _DIM + (
            ("b_regularizer", "bias_regularizer"),
            ("b_constraint", "bias_constraint"), ("bias", "use_bias")),
        (_separable_init, _2D)),
    "ConvLSTM2D": (_CONV + _RECURRENT[2:], (_forget_bias, _2D)),
    "SimpleRNN": (_RECURRENT, (_forget_bias, _sequence_input)),
    "GRU": (_RECURRENT, (_forget_bias, _sequence_input)),
    "LSTM": (_RECURRENT, (_forget_bias, _sequence_input)),
    "MaxPooling1D": (_POOL_1D, ()),
    "AveragePooling1D": (_POOL_1D, ()),
    "UpSampling1D": ((("length", "size"),), ()),
    "BatchNormalization": ((("beta_init", "beta_initializer"),
                            ("gamma_init", "gamma_initializer")),
                           (_batchnorm_mode,)),
    "ZeroPadding2D": (_DIM, (_padding_dict,)),
}
for _name in ("MaxPooling2D", "MaxPooling3D", "AveragePooling2D",
              "AveragePooling3D"):
    TABLE[_name] = (_POOL_ND, ())
for _name in ("GlobalMaxPooling1D", "GlobalMaxPooling2D",
              "GlobalMaxPooling3D", "GlobalAveragePooling1D",
              "GlobalAveragePooling2D", "GlobalAveragePooling3D",
              "UpSampling2D", "UpSampling3D", "ZeroPadding3D",
              "Cropping2D", "Cropping3D"):
    TABLE[_name] = (_DIM, ())


def convert(class_name, args, kwargs):
    """`(args, kwargs)` with Keras 1 names of `class_name`'s arguments
    renamed (a UserWarning says what changed); unchanged otherwise."""
    entry = TABLE.get(class_name)
    if entry is None:
        return args, kwargs
    renames, preprocessors = entry
    notes = []
    if "dim_ordering" in kwargs and kwargs["dim_ordering"] in _ORDERING:
        kwargs["dim_ordering"] = _ORDERING[kwargs["dim_ordering"]]
    for handle in preprocessors:
        args, kwargs = handle(tuple(args), kwargs, notes)
    for old, new in renames:
        if old in kwargs:
            if new in kwargs:
                raise TypeError(
                    f"{class_name} received both the Keras 1 argument "
                    f"`{old}` and the Keras 2 argument `{new}`; pass only "
                    f"`{new}`.")
            kwargs[new] = kwargs.pop(old)
            notes.append(f"{old} -> {new}")
    if notes:
        warnings.warn(
            f"`{class_name}` was called with Keras 1 arguments, converted "
            f"to the Keras 2 API: {', '.join(notes)}.", stacklevel=4)
    return tuple(args), kwargs
