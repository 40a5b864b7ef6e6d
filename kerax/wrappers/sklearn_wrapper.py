"""Keras 3's scikit-learn wrappers: `SKLearnClassifier`,
`SKLearnRegressor` and `SKLearnTransformer`.

Each wraps a compiled kerax `Model`, or a callable `model(X=X, y=y,
**model_kwargs)` returning one, as a scikit-learn estimator: it validates
its inputs the way scikit-learn does, works with `clone`, pipelines and
grid searches, and passes scikit-learn's estimator checks (those Keras
passes). scikit-learn must be installed to create one.
"""

import copy

import numpy as np

try:
    import sklearn
    from sklearn.base import (
        BaseEstimator,
        ClassifierMixin,
        RegressorMixin,
        TransformerMixin,
    )
except ImportError:  # the wrappers then refuse to be created
    sklearn = None
    BaseEstimator = ClassifierMixin = RegressorMixin = TransformerMixin = \
        object


def _require_sklearn(name):
    if sklearn is None:
        raise ImportError(
            f"{name} needs scikit-learn: `pip install scikit-learn`."
        )


def _validate(estimator, *args, **kwargs):
    from sklearn.utils.validation import validate_data

    return validate_data(estimator, *args, **kwargs)


def _target_type(y):
    from sklearn.utils.multiclass import type_of_target

    kind = type_of_target(y)
    if kind == "unknown":
        raise ValueError(f"Unknown label type for the targets: {y!r}")
    return kind


class _Reshape2D(TransformerMixin, BaseEstimator):
    """Makes 1-D targets 2-D (a column) and back."""

    def fit(self, y):
        self.ndim_ = np.ndim(y)
        return self

    def transform(self, y):
        y = np.asarray(y)
        return y.reshape(-1, 1) if y.ndim == 1 else y

    def inverse_transform(self, y):
        if self.ndim_ == 1 and y.ndim == 2:
            return np.squeeze(y, axis=1)
        return y


def _predict(model, X):
    """`model.predict(X)`; a model built as `Model(inputs, [output])`
    returns its one output as an array (as Keras 3's does)."""
    out = model.predict(X, verbose=0)
    if isinstance(out, (list, tuple)) and len(out) == 1:
        out = out[0]
    return out


def _model_to_bytes(model):
    import os
    import tempfile

    from kerax.saving import save_model

    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "model.keras")
        save_model(model, path)
        with open(path, "rb") as f:
            return f.read()


def _model_from_bytes(data):
    import os
    import tempfile

    from kerax.saving import load_model

    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "model.keras")
        with open(path, "wb") as f:
            f.write(data)
        return load_model(path)


def _check_compiled(model):
    if not getattr(model, "compiled", False) or not getattr(
            model, "loss", None) or not getattr(model, "optimizer", None):
        raise RuntimeError(
            "The wrapped model must be compiled with a loss and an "
            f"optimizer; {getattr(model, 'name', model)!r} is not."
        )


def _fresh_compile_config(model):
    """`model`'s compile arguments with a new optimizer of the same
    configuration (a clone must not share the optimizer's state)."""
    config = dict(model.get_compile_config() or {})
    optimizer = config.get("optimizer")
    if optimizer is not None and not isinstance(optimizer, str):
        config["optimizer"] = type(optimizer).from_config(
            optimizer.get_config())
    return config


class SKLBase(BaseEstimator):
    """The shared part of the three wrappers.

    Args:
        model: a compiled `Model` (cloned and recompiled for each fit
            unless `warm_start`), or a callable taking `X=`, `y=` and
            `**model_kwargs` and returning a compiled `Model`.
        warm_start: keep training the fitted model on the next `fit`.
        model_kwargs: keyword arguments for `model` when it is a callable.
        fit_kwargs: keyword arguments for the model's `fit` (those passed
            to the wrapper's `fit` take precedence).

    Attributes: `model_` (the fitted model), `history_` (its `History`).
    """

    def __init__(self, model, warm_start=False, model_kwargs=None,
                 fit_kwargs=None):
        _require_sklearn(type(self).__name__)
        self.model = model
        self.warm_start = warm_start
        self.model_kwargs = model_kwargs
        self.fit_kwargs = fit_kwargs

    def _more_tags(self):
        return {"non_deterministic": True}

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.non_deterministic = True
        return tags

    def __sklearn_clone__(self):
        model = self.model if callable(self.model) and not hasattr(
            self.model, "layers") else copy.deepcopy(self.model)
        return type(self)(model=model, warm_start=self.warm_start,
                          model_kwargs=self.model_kwargs,
                          fit_kwargs=self.fit_kwargs)

    def __getstate__(self):
        # A fitted model travels as its `.keras` file's bytes (kerax models
        # hold jitted functions that do not pickle); the history drops its
        # reference to the model.
        state = dict(self.__dict__)
        if "model_" in state:
            state["model_"] = _model_to_bytes(state["model_"])
        history = state.get("history_")
        if getattr(history, "_model", None) is not None:
            history = copy.copy(history)
            history._model = None
            state["history_"] = history
        return state

    def __setstate__(self, state):
        state = dict(state)
        if isinstance(state.get("model_"), bytes):
            state["model_"] = _model_from_bytes(state["model_"])
        self.__dict__.update(state)

    @property
    def epoch_(self):
        """The number of epochs the last `fit` ran."""
        history = getattr(self, "history_", None)
        return len(getattr(history, "epoch", ())) if history else 0

    def set_fit_request(self, **kwargs):
        """Requests metadata for `fit` (scikit-learn's metadata routing,
        which must be enabled); returns self."""
        from sklearn.utils.metadata_routing import MetadataRequest

        if not sklearn.get_config().get("enable_metadata_routing", False):
            raise RuntimeError(
                "set_fit_request needs metadata routing: call "
                "sklearn.set_config(enable_metadata_routing=True) first."
            )
        self._metadata_request = MetadataRequest(owner=type(self).__name__)
        for param, alias in kwargs.items():
            self._metadata_request.fit.add_request(param=param, alias=alias)
        return self

    def _get_model(self, X, y):
        from kerax.models import Model

        if self.warm_start and hasattr(self, "model_"):
            return self.model_
        if isinstance(self.model, Model):
            from kerax.models import clone_model

            _check_compiled(self.model)
            clone = clone_model(self.model)
            clone.compile(**_fresh_compile_config(self.model))
            return clone
        return self.model(X=X, y=y, **(self.model_kwargs or {}))

    def fit(self, X, y, **kwargs):
        """Trains a model on `X` (samples x features) and `y`; keyword
        arguments go to the model's `fit`. Returns self."""
        X, y = _validate(self, X, y)
        y = self._process_target(y, reset=True)
        model = self._get_model(X, y)
        _check_compiled(model)
        fit_kwargs = {"verbose": 0, **(self.fit_kwargs or {}), **kwargs}
        self.history_ = model.fit(X, y, **fit_kwargs)
        self.model_ = model
        return self

    def predict(self, X):
        """The fitted model's predictions for `X`, shaped like `y`."""
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self)
        X = _validate(self, X, reset=False)
        return self._reverse_process_target(_predict(self.model_, X))

    def _process_target(self, y, reset=False):
        _target_type(y)
        if reset:
            self._target_encoder = _Reshape2D().fit(y)
        return self._target_encoder.transform(y)

    def _reverse_process_target(self, y):
        return self._target_encoder.inverse_transform(y)


class SKLearnClassifier(ClassifierMixin, SKLBase):
    """A kerax model as a scikit-learn classifier: labels are one-hot
    encoded for training (`classes_` holds them) and `predict` returns the
    label of the largest output; `decision_function` the raw outputs.

    >>> import numpy as np, kerax
    >>> def build(X, y):
    ...     model = kerax.Sequential([kerax.Input((X.shape[1],)),
    ...                               kerax.layers.Dense(y.shape[1], "softmax")])
    ...     model.compile("adam", "categorical_crossentropy")
    ...     return model
    >>> clf = kerax.wrappers.SKLearnClassifier(build, fit_kwargs={"epochs": 1})
    >>> clf.fit(np.eye(4), ["a", "b", "a", "b"]).classes_.tolist()
    ['a', 'b']
    >>> clf.predict(np.eye(4)).shape
    (4,)
    """

    def decision_function(self, X):
        """The fitted model's raw outputs for `X`."""
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self)
        X = _validate(self, X, reset=False)
        return _predict(self.model_, X)

    def _process_target(self, y, reset=False):
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import OneHotEncoder

        kind = _target_type(y)
        if kind not in ("binary", "multiclass"):
            raise ValueError(
                "SKLearnClassifier supports binary and multiclass targets "
                f"only; these targets are {kind}."
            )
        if reset:
            self._target_encoder = make_pipeline(
                _Reshape2D(), OneHotEncoder(sparse_output=False)).fit(y)
            self.classes_ = np.unique(y)
            if len(self.classes_) == 1:
                raise ValueError(
                    "SKLearnClassifier needs at least two classes; the "
                    f"targets hold 1 class ({self.classes_[0]!r})."
                )
        return self._target_encoder.transform(y)

    def _more_tags(self):
        return {"poor_score": True}

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.poor_score = True
        return tags


class SKLearnRegressor(RegressorMixin, SKLBase):
    """A kerax model as a scikit-learn regressor (`score` is R^2).

    >>> import numpy as np, kerax
    >>> def build(X, y):
    ...     model = kerax.Sequential([kerax.Input((X.shape[1],)),
    ...                               kerax.layers.Dense(1)])
    ...     model.compile("sgd", "mse")
    ...     return model
    >>> reg = kerax.wrappers.SKLearnRegressor(build)
    >>> reg.fit(np.ones((4, 2)), np.arange(4.0)).predict(np.ones((2, 2))).shape
    (2,)
    """

    def _more_tags(self):
        return {"poor_score": True}

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.regressor_tags.poor_score = True
        return tags


class SKLearnTransformer(TransformerMixin, SKLBase):
    """A kerax model as a scikit-learn transformer: `fit` trains it on
    `(X, y)`, `transform(X)` returns its outputs (e.g. embeddings).

    >>> import numpy as np, kerax
    >>> def build(X, y):
    ...     model = kerax.Sequential([kerax.Input((X.shape[1],)),
    ...                               kerax.layers.Dense(3)])
    ...     model.compile("sgd", "mse")
    ...     return model
    >>> trs = kerax.wrappers.SKLearnTransformer(build)
    >>> trs.fit(np.ones((4, 2)), np.ones(4)).transform(np.ones((2, 2))).shape
    (2, 3)
    """

    def transform(self, X):
        """The fitted model's outputs for `X`."""
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self)
        X = _validate(self, X, reset=False)
        return _predict(self.model_, X)

    def _more_tags(self):
        return {"preserves_dtype": []}

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.transformer_tags.preserves_dtype = []
        return tags
