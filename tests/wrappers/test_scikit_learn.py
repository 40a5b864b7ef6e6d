import numpy as np
import pytest

import kerax
from kerax.wrappers.scikit_learn import KerasClassifier, KerasRegressor

# sklearn is imported after the skip check (E402 on purpose).
sklearn = pytest.importorskip("sklearn")
from sklearn.base import clone, is_classifier, is_regressor  # noqa: E402
from sklearn.model_selection import (  # noqa: E402
    GridSearchCV,
    cross_val_score,
)
from sklearn.pipeline import Pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402


def build_classifier(units=8, classes=3,
                     loss="sparse_categorical_crossentropy"):
    model = kerax.Sequential([
        kerax.Input((4,)),
        kerax.layers.Dense(units, activation="relu"),
        kerax.layers.Dense(classes, activation="softmax"),
    ])
    model.compile(kerax.optimizers.Adam(0.05), loss, metrics=["accuracy"])
    return model


def build_regressor(units=8):
    model = kerax.Sequential([kerax.Input((4,)),
                              kerax.layers.Dense(units, activation="relu"),
                              kerax.layers.Dense(1)])
    model.compile(kerax.optimizers.Adam(0.05), "mse")
    return model


@pytest.fixture(scope="module")
def blobs():
    rng = np.random.default_rng(0)
    centers = np.array([[3, 0, 0, 0], [0, 3, 0, 0], [0, 0, 3, 0]], "float32")
    labels = rng.integers(0, 3, size=60)
    x = centers[labels] + rng.normal(scale=0.3, size=(60, 4))
    names = np.array(["ant", "bee", "cat"])[labels]
    return x.astype("float32"), names


def test_classifier_contract(blobs):
    x, names = blobs
    clf = KerasClassifier(build_classifier, units=8, epochs=30,
                          batch_size=16, verbose=0)
    assert is_classifier(clf) and not is_regressor(clf)
    clf.fit(x, names)
    assert list(clf.classes_) == ["ant", "bee", "cat"]
    assert set(clf.predict(x[:5])) <= set(clf.classes_)
    probs = clf.predict_proba(x[:5])
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-5)
    assert clf.score(x, names) > 0.9
    assert (clf.predict(x) == names).mean() > 0.9


def test_categorical_crossentropy_gets_one_hot_labels(blobs):
    x, names = blobs
    clf = KerasClassifier(build_classifier, loss="categorical_crossentropy",
                          epochs=20, verbose=0)
    clf.fit(x, names)
    assert clf.score(x, names) > 0.8


def test_get_set_params_and_clone():
    clf = KerasClassifier(build_classifier, units=4, epochs=2)
    assert clf.get_params() == {"build_fn": build_classifier, "units": 4,
                                "epochs": 2}
    assert clf.set_params(units=6) is clf and clf.sk_params["units"] == 6
    copy = clone(clf)
    assert copy is not clf and copy.get_params() == clf.get_params()
    assert "KerasClassifier" in repr(clf)
    with pytest.raises(ValueError, match="bogus is not a legal parameter"):
        KerasClassifier(build_classifier, bogus=1)
    with pytest.raises(ValueError, match="not fitted"):
        KerasRegressor(build_regressor).predict(np.zeros((1, 4)))


def test_cross_val_score_and_grid_search(blobs):
    x, names = blobs
    clf = KerasClassifier(build_classifier, epochs=15, batch_size=16,
                          verbose=0)
    scores = cross_val_score(clf, x, names, cv=2)
    assert scores.shape == (2,) and scores.min() > 0.6
    grid = GridSearchCV(clf, {"units": [2, 8]}, cv=2)
    grid.fit(x, names)
    assert grid.best_params_["units"] in (2, 8)
    assert grid.best_estimator_.sk_params["units"] == grid.best_params_[
        "units"]
    assert grid.score(x, names) > 0.6


def test_regressor_in_a_pipeline(blobs):
    x, _ = blobs
    y = x @ np.array([1.0, -2.0, 0.5, 0.0], "float32") + 10.0
    pipe = Pipeline([("scale", StandardScaler()),
                     ("net", KerasRegressor(build_regressor, epochs=60,
                                            batch_size=16, verbose=0))])
    pipe.fit(x, y)
    assert pipe.predict(x).shape == (60,)
    baseline = -float(np.mean((y - y.mean()) ** 2))
    assert pipe.score(x, y) > baseline / 10  # minus the MSE, much better
    pipe.set_params(net__units=4)
    assert pipe.named_steps["net"].sk_params["units"] == 4
