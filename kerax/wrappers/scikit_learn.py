"""Keras 2's scikit-learn wrappers: `KerasClassifier` and `KerasRegressor`.

`build_fn` returns a compiled model; every other constructor argument is
an `sk_param`, routed by name to `build_fn` and to the model's `fit`,
`predict` and `evaluate`. The wrappers work with scikit-learn's `clone`,
`cross_val_score`, `GridSearchCV` and `Pipeline`; when scikit-learn is
installed they are scikit-learn estimators (`BaseEstimator` with the
classifier/regressor mixin), so its tags and `is_classifier` apply.

>>> import numpy as np, kerax
>>> def build(units=4):
...     model = kerax.Sequential([kerax.Input((2,)),
...                               kerax.layers.Dense(units, "relu"),
...                               kerax.layers.Dense(1)])
...     model.compile("adam", "mse")
...     return model
>>> reg = KerasRegressor(build, units=3, epochs=1, verbose=0)
>>> reg.get_params()["units"]
3
>>> reg.fit(np.ones((8, 2)), np.ones(8)).history["loss"].__len__()
1
>>> reg.predict(np.ones((2, 2))).shape
(2,)
"""

import copy
import types

import numpy as np

from kerax.utils.generic_utils import has_arg, to_list

try:
    from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin
except ImportError:  # scikit-learn is optional
    BaseEstimator = ClassifierMixin = RegressorMixin = object


def _model_methods():
    from kerax.models import Sequential

    return {"fit": Sequential.fit, "predict": Sequential.predict,
            "predict_classes": Sequential.predict_classes,
            "evaluate": Sequential.evaluate}


class BaseWrapper(BaseEstimator):
    """Keras 2's base of the scikit-learn wrappers.

    Args:
        build_fn: a function (or callable object) returning a compiled
            model; None to use the subclass's own `__call__`.
        **sk_params: arguments of `build_fn` and of the model's `fit`,
            `predict`, `predict_classes` and `evaluate` (e.g. `epochs`,
            `batch_size`, `verbose`).
    """

    def __init__(self, build_fn=None, **sk_params):
        self.build_fn = build_fn
        self.sk_params = sk_params
        self.check_params(sk_params)

    def _build_target(self):
        if self.build_fn is None:
            return self.__call__
        if isinstance(self.build_fn, (types.FunctionType, types.MethodType)):
            return self.build_fn
        return self.build_fn.__call__

    def check_params(self, params):
        """ValueError for a parameter that no routed function takes."""
        targets = list(_model_methods().values()) + [self._build_target()]
        for name in params:
            if name == "nb_epoch":  # Keras 1's `epochs`, still accepted
                continue
            if not any(has_arg(fn, name) for fn in targets):
                raise ValueError(
                    f"{name} is not a legal parameter of {type(self).__name__}"
                    ": it is not an argument of `build_fn` nor of the "
                    "model's fit/predict/predict_classes/evaluate.")

    def get_params(self, deep=True, **params):
        """`sk_params` plus `build_fn` (scikit-learn's estimator API)."""
        result = dict(self.sk_params)
        result["build_fn"] = self.build_fn
        return result

    def set_params(self, **params):
        """Updates `sk_params` (checked like the constructor's); returns
        self."""
        build_fn = params.pop("build_fn", self.build_fn)
        self.build_fn = build_fn
        self.check_params(params)
        self.sk_params.update(params)
        return self

    def filter_sk_params(self, fn, override=None):
        """The `sk_params` that `fn` takes, updated with `override`."""
        result = {name: value for name, value in self.sk_params.items()
                  if has_arg(fn, name)}
        result.update(override or {})
        if "nb_epoch" in self.sk_params and has_arg(fn, "epochs"):
            result.setdefault("epochs", self.sk_params["nb_epoch"])
        return result

    def _loss_name(self):
        loss = getattr(self.model, "loss", None)
        return getattr(loss, "__name__", loss)

    def fit(self, x, y, **kwargs):
        """Builds a new model with `build_fn` and fits it on `(x, y)`;
        returns the `History`. With a categorical crossentropy loss,
        integer labels are one-hot encoded first."""
        target = self._build_target()
        self.model = target(**self.filter_sk_params(target))
        y = np.asarray(y)
        if self._loss_name() == "categorical_crossentropy" and y.ndim != 2:
            from kerax.utils.np_utils import to_categorical

            y = to_categorical(y)
        fit_args = copy.deepcopy(self.filter_sk_params(
            _model_methods()["fit"]))
        fit_args.update(kwargs)
        return self.model.fit(x, y, **fit_args)

    def __sklearn_is_fitted__(self):
        return hasattr(self, "model")

    def _check_fitted(self):
        if not hasattr(self, "model"):
            raise ValueError(
                f"This {type(self).__name__} is not fitted yet: call `fit` "
                "before predicting or scoring.")


class KerasClassifier(ClassifierMixin, BaseWrapper):
    """scikit-learn classifier around a Keras model (Keras 2's contract).

    Labels may be any sortable values (`classes_`), one-hot rows, or a
    column; `predict` returns labels, `predict_proba` class probabilities
    (two columns for a single sigmoid output), `score` the model's
    accuracy (the model must be compiled with `metrics=["accuracy"]`).
    """

    def fit(self, x, y, sample_weight=None, **kwargs):
        y = np.asarray(y)
        if y.ndim == 2 and y.shape[1] > 1:
            self.classes_ = np.arange(y.shape[1])
        elif y.ndim == 1 or (y.ndim == 2 and y.shape[1] == 1):
            self.classes_ = np.unique(y)
            y = np.searchsorted(self.classes_, y)
        else:
            raise ValueError(
                "KerasClassifier expects labels of shape (n,), (n, 1) or "
                f"one-hot (n, classes). Received: y.shape={y.shape}")
        self.n_classes_ = len(self.classes_)
        if sample_weight is not None:
            kwargs["sample_weight"] = sample_weight
        return super().fit(x, y, **kwargs)

    def _probabilities(self, x, kwargs):
        kwargs = self.filter_sk_params(_model_methods()["predict"], kwargs)
        kwargs.setdefault("verbose", 0)
        return np.asarray(self.model.predict(x, **kwargs))

    def predict(self, x, **kwargs):
        """The predicted labels, one per sample."""
        self._check_fitted()
        probs = self._probabilities(x, kwargs)
        if probs.shape[-1] > 1:
            classes = probs.argmax(axis=-1)
        else:
            classes = (probs[..., 0] > 0.5).astype("int32")
        return self.classes_[classes]

    def predict_proba(self, x, **kwargs):
        """Class probabilities `(n, classes)`."""
        self._check_fitted()
        probs = self._probabilities(x, kwargs)
        if probs.shape[1] == 1:
            probs = np.hstack([1 - probs, probs])
        return probs

    def score(self, x, y, sample_weight=None, **kwargs):
        """The model's accuracy on `(x, y)`."""
        self._check_fitted()
        y = np.asarray(y)
        if y.ndim == 1 or (y.ndim == 2 and y.shape[1] == 1):
            y = np.searchsorted(self.classes_, y)
        if self._loss_name() == "categorical_crossentropy" and y.ndim != 2:
            from kerax.utils.np_utils import to_categorical

            y = to_categorical(y, num_classes=self.n_classes_)
        kwargs = self.filter_sk_params(_model_methods()["evaluate"], kwargs)
        kwargs.setdefault("verbose", 0)
        if sample_weight is not None:
            kwargs["sample_weight"] = sample_weight
        outputs = to_list(self.model.evaluate(x, y, **kwargs))
        for name, value in zip(self.model.metrics_names, outputs):
            if name in ("accuracy", "acc"):
                return float(value)
        for name, value in self.model.evaluate(
                x, y, return_dict=True, **kwargs).items():
            if name.endswith(("accuracy", "acc")):
                return float(value)
        raise ValueError(
            "KerasClassifier.score needs an accuracy: compile the model "
            "with `metrics=['accuracy']`.")


class KerasRegressor(RegressorMixin, BaseWrapper):
    """scikit-learn regressor around a Keras model (Keras 2's contract):
    `predict` drops a last axis of size 1; `score` is minus the loss."""

    def predict(self, x, **kwargs):
        self._check_fitted()
        kwargs = self.filter_sk_params(_model_methods()["predict"], kwargs)
        kwargs.setdefault("verbose", 0)
        predictions = np.asarray(self.model.predict(x, **kwargs))
        if predictions.shape[-1] == 1:
            return np.squeeze(predictions, axis=-1)
        return predictions

    def score(self, x, y, sample_weight=None, **kwargs):
        """Minus the model's loss on `(x, y)` (higher is better)."""
        self._check_fitted()
        kwargs = self.filter_sk_params(_model_methods()["evaluate"], kwargs)
        kwargs.setdefault("verbose", 0)
        if sample_weight is not None:
            kwargs["sample_weight"] = sample_weight
        loss = self.model.evaluate(x, y, **kwargs)
        return -float(to_list(loss)[0])


