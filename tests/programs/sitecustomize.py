"""Training caps for the program tier (test-only; never part of kerax).

The harness puts this folder on `PYTHONPATH` and sets
`KERAX_PROGRAM_CAPS`, e.g. `"epochs=1,samples=1024,eval_samples=512,
steps=8"`. Python imports this module at start-up; when the variable is
set it wraps `Model.fit`, `evaluate`, `predict` and their Keras 2
`*_generator` spellings so that every call a program makes (including the
ones scikit-learn's `GridSearchCV` makes through the wrapper) runs:

- at most `epochs` epochs (counted from `initial_epoch`);
- on the first `samples` rows of array data (`eval_samples` for
  `evaluate` and validation data), rounded down to whole batches when a
  `batch_size` is given and fits (stateful RNNs need it);
- at most `steps` batches per epoch for generators, `Sequence`s and
  datasets (`steps_per_epoch`, `validation_steps`, `steps`).

`predict` on arrays is not cut (programs compare its rows with their own
labels); instead the datasets are: `kerax.datasets.<name>.load_data()`
returns the first `samples` training rows and the first `eval_samples`
test rows, so every array a program derives from them (and predicts on)
is short (`datasets=0` turns that off for programs that hard-code the
full sizes, e.g. `x_train.reshape(60000, 784)`). Nothing else changes, so a program's results are real results
of the shorter run.

The Keras 2.3.1 examples date from NumPy 1.17: the builtin-type aliases
NumPy 1.24 removed (`np.float`, `np.int`, ...) are restored here, as the
NumPy those programs were written for had them. kerax itself never adds
them.
"""

import functools
import inspect
import os

ENV = "KERAX_PROGRAM_CAPS"
DEFAULTS = {"epochs": 1, "samples": 1024, "eval_samples": 512, "steps": 8,
            "datasets": 1}


def parse_caps(text):
    """`{"epochs": int, ...}` from `"epochs=1,samples=1024"`."""
    caps = dict(DEFAULTS)
    for item in filter(None, (p.strip() for p in text.split(","))):
        key, _, value = item.partition("=")
        if key not in DEFAULTS:
            raise ValueError(
                f"{ENV}: unknown cap {key!r}; expected one of "
                f"{sorted(DEFAULTS)}. Received: {text!r}"
            )
        caps[key] = int(value)
    return caps


def _rows(data):
    """Row count of array-like data (array, list/tuple/dict of arrays,
    DataFrame); None for generators, Sequences and datasets."""
    if data is None:
        return None
    if isinstance(data, dict):
        counts = {_rows(v) for v in data.values()}
        return counts.pop() if len(counts) == 1 else None
    if isinstance(data, (list, tuple)):
        if data and all(hasattr(v, "shape") for v in data):
            counts = {_rows(v) for v in data}
            return counts.pop() if len(counts) == 1 else None
        return len(data)  # a plain list of rows
    shape = getattr(data, "shape", None)
    if shape is not None and len(shape) > 0 and hasattr(data, "__getitem__"):
        return int(shape[0])
    return None


def _head(data, n):
    """The first `n` rows of array-like `data` (same structure)."""
    if data is None:
        return None
    if isinstance(data, dict):
        return {k: _head(v, n) for k, v in data.items()}
    if isinstance(data, (list, tuple)) and all(
        hasattr(v, "shape") for v in data
    ):
        return type(data)(_head(v, n) for v in data)
    if hasattr(data, "iloc"):
        return data.iloc[:n]
    return data[:n]


def _limit(rows, cap, batch_size):
    """How many rows to keep: `cap`, in whole batches when batched."""
    if rows is None or rows <= cap:
        return None
    if batch_size and cap >= batch_size:
        return cap - cap % batch_size
    return cap


def _cap_arrays(args, names, cap, batch_size):
    rows = _rows(args.get(names[0]))
    keep = _limit(rows, cap, batch_size)
    if keep is None:
        return False
    for name in names:
        if args.get(name) is not None and _rows(args[name]) == rows:
            args[name] = _head(args[name], keep)
    return True


def _cap_steps(args, name, data, cap):
    if data is None:
        return
    steps = args.get(name)
    if steps is None and hasattr(data, "__len__"):
        try:
            steps = len(data)
        except TypeError:
            steps = None
    args[name] = cap if steps is None else min(int(steps), cap)


def _cap_validation(args, caps):
    val = args.get("validation_data")
    if val is None:
        return
    if isinstance(val, (tuple, list)) and 2 <= len(val) <= 3 and (
        _rows(val[0]) is not None
    ):
        rows = _rows(val[0])
        keep = _limit(rows, caps["eval_samples"],
                      args.get("validation_batch_size")
                      or args.get("batch_size"))
        if keep is not None:
            args["validation_data"] = type(val)(
                _head(v, keep) if _rows(v) == rows else v for v in val
            )
        return
    if "validation_steps" in args or hasattr(val, "__next__") or hasattr(
        val, "__len__"
    ):
        _cap_steps(args, "validation_steps", val, caps["steps"])


def cap_fit(args, caps):
    """Caps a bound `fit` / `fit_generator` call's arguments in place."""
    if "nb_epoch" in args:
        args["epochs"] = args.pop("nb_epoch")
    start = args.get("initial_epoch") or 0
    epochs = args.get("epochs", 1)
    if epochs is not None:
        args["epochs"] = min(int(epochs), start + caps["epochs"])
    data_name = "x" if "x" in args else "generator"
    capped = _cap_arrays(args, [data_name, "y", "sample_weight"],
                         caps["samples"], args.get("batch_size"))
    if not capped and _rows(args.get(data_name)) is None:
        _cap_steps(args, "steps_per_epoch", args.get(data_name),
                   caps["steps"])
    _cap_validation(args, caps)


def cap_evaluate(args, caps):
    """Caps a bound `evaluate` / `evaluate_generator` call in place."""
    data_name = "x" if "x" in args else "generator"
    capped = _cap_arrays(args, [data_name, "y", "sample_weight"],
                         caps["eval_samples"], args.get("batch_size"))
    if not capped and _rows(args.get(data_name)) is None:
        _cap_steps(args, "steps", args.get(data_name), caps["steps"])


def cap_predict(args, caps):
    """Caps a bound `predict` / `predict_generator` call: generators only."""
    data_name = "x" if "x" in args else "generator"
    if _rows(args.get(data_name)) is None:
        _cap_steps(args, "steps", args.get(data_name), caps["steps"])


def _wrap(method, capper, caps):
    signature = inspect.signature(method)
    var_keyword = next(
        (p.name for p in signature.parameters.values()
         if p.kind is inspect.Parameter.VAR_KEYWORD), None)

    @functools.wraps(method)
    def capped(self, *args, **kwargs):
        arguments = dict(signature.bind(self, *args, **kwargs).arguments)
        extra = dict(arguments.pop(var_keyword, None) or {})
        arguments.pop("self")
        arguments.update(extra)
        capper(arguments, caps)
        return method(self, **arguments)

    capped.__wrapped_for_caps__ = True
    return capped


CAPPERS = {
    "fit": cap_fit, "fit_generator": cap_fit,
    "evaluate": cap_evaluate, "evaluate_generator": cap_evaluate,
    "predict": cap_predict, "predict_generator": cap_predict,
}


NUMPY_ALIASES = {"bool": bool, "int": int, "float": float,
                 "complex": complex, "object": object, "str": str}


def restore_numpy_aliases():
    """`np.float` and the other builtin aliases NumPy 1.24 removed."""
    import numpy as np

    for name, value in NUMPY_ALIASES.items():
        if name not in np.__dict__:
            setattr(np, name, value)


DATASETS = ("mnist", "fashion_mnist", "cifar10", "cifar100", "imdb",
            "reuters", "boston_housing", "california_housing")


def _capped_loader(load_data, caps):
    @functools.wraps(load_data)
    def capped(*args, **kwargs):
        (x, y), (x_test, y_test) = load_data(*args, **kwargs)
        train, test = caps["samples"], caps["eval_samples"]
        return (x[:train], y[:train]), (x_test[:test], y_test[:test])

    capped.__wrapped_for_caps__ = True
    return capped


def install(caps, model=None, datasets=None):
    """Wraps the training entry points of `model` (default `kerax.Model`)
    and the `load_data` of `datasets` (modules; default kerax's)."""
    import importlib

    if model is None:
        from kerax.models import Model as model
    if datasets is None and not caps["datasets"]:
        datasets = []
    if datasets is None:
        datasets = [importlib.import_module(f"kerax.datasets.{name}")
                    for name in DATASETS]
    for module in datasets:
        if not getattr(module.load_data, "__wrapped_for_caps__", False):
            module.load_data = _capped_loader(module.load_data, caps)
    for name, capper in CAPPERS.items():
        method = getattr(model, name, None)
        if method is None or getattr(method, "__wrapped_for_caps__", False):
            continue
        setattr(model, name, _wrap(method, capper, caps))


if os.environ.get(ENV) is not None:
    restore_numpy_aliases()
    install(parse_caps(os.environ[ENV]))
