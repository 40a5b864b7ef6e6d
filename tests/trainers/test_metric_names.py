"""Metrics given as strings are named as written (Keras 3): `"AUC"` logs
`AUC` and `val_AUC`, so callbacks can monitor them."""

import numpy as np

import kerax

RNG = np.random.default_rng(0)
X = RNG.random((32, 3)).astype("float32")
Y = (RNG.random(32) > 0.5).astype("float32")
NAMES = ["AUC", "Precision", "mae", "BinaryAccuracy", "binary_accuracy",
         "acc"]


def test_string_metric_names_match_keras(keras):
    logs = []
    for lib in (keras, kerax):
        model = lib.Sequential([lib.Input((3,)),
                                lib.layers.Dense(1, activation="sigmoid")])
        model.compile("sgd", "binary_crossentropy", metrics=NAMES)
        logs.append(model.evaluate(X, Y, verbose=0, return_dict=True))
    assert sorted(logs[1]) == sorted(logs[0])


def test_early_stopping_monitors_val_auc():
    model = kerax.Sequential([kerax.Input((3,)),
                              kerax.layers.Dense(1, activation="sigmoid")])
    model.compile(kerax.optimizers.SGD(0.0), "binary_crossentropy",
                  metrics=["AUC"])
    stop = kerax.callbacks.EarlyStopping(monitor="val_AUC", patience=1)
    history = model.fit(X, Y, validation_data=(X, Y), epochs=10, verbose=0,
                        callbacks=[stop])
    assert len(history.history["val_AUC"]) == 2  # no gain: stops at once
