"""One cell of the workload matrix, run in a fresh subprocess.

Usage: python bench/matrix_worker.py FRAMEWORK CELL ROWS EPOCHS
  FRAMEWORK: kerax | keras (Keras 3 on JAX)
  CELL: one of `CELLS` below.
Prints one JSON line: `time_s` (the timed, steady part: compilation
excluded by a warm-up call of the same shape), `first_s` (the first call of
the cell's shape in this process, compilation included), `rows`, `epochs`
and `peak_rss_mb` (this process's peak resident set at the end).

The model is bench/workload.py's MNIST MLP (Dense 512 relu, Dropout 0.2,
Dense 512 relu, Dropout 0.2, Dense 10 softmax; RMSprop, categorical
cross-entropy, accuracy) on seeded synthetic MNIST-shaped data (784 floats
in [0, 1), 10 one-hot classes), batch 128. Nothing is downloaded.
"""

import json
import os
import resource
import statistics
import sys
import time

import numpy as np

BATCH = 128
# Calls timed for the one-batch predict cell (median per call).
BATCH_CALLS = 20
CELLS = ("fit_one", "fit_calls", "fit_callback", "fit_validation",
         "predict", "predict_batch", "predict_odd", "evaluate")


def make_data(rows: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.RandomState(seed)
    x = rng.rand(rows, 784).astype("float32")
    y = np.eye(10, dtype="float32")[rng.randint(0, 10, rows)]
    return x, y


def build(lib):
    layers = lib.layers
    model = lib.Sequential([
        lib.Input((784,)),
        layers.Dense(512, activation="relu"), layers.Dropout(0.2),
        layers.Dense(512, activation="relu"), layers.Dropout(0.2),
        layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy",
                  metrics=["accuracy"])
    return model


def timed(call) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def run_fit(lib, model, cell: str, rows: int, epochs: int) -> dict:
    x, y = make_data(rows)
    kwargs = {"batch_size": BATCH, "verbose": 0}
    if cell == "fit_callback":
        losses = []
        kwargs["callbacks"] = [lib.callbacks.LambdaCallback(
            on_epoch_end=lambda epoch, logs: losses.append(logs["loss"]))]
    elif cell == "fit_validation":
        kwargs["validation_data"] = make_data(max(1, rows // 5), seed=1)
    # The warm-up epoch compiles what the timed part runs.
    first = timed(lambda: model.fit(x, y, epochs=1, **kwargs))
    if cell == "fit_calls":
        def steady():
            for _ in range(epochs):
                model.fit(x, y, epochs=1, **kwargs)
    else:
        def steady():
            model.fit(x, y, epochs=epochs, **kwargs)
    return {"first_s": first, "time_s": timed(steady)}


def run_infer(model, cell: str, rows: int) -> dict:
    predict = {"batch_size": BATCH, "verbose": 0}
    if cell == "predict":
        x, _ = make_data(rows)
        first = timed(lambda: model.predict(x, **predict))
        return {"first_s": first,
                "time_s": timed(lambda: model.predict(x, **predict))}
    if cell == "predict_batch":
        x, _ = make_data(BATCH)
        first = timed(lambda: model.predict(x, **predict))
        calls = [timed(lambda: model.predict(x, **predict))
                 for _ in range(BATCH_CALLS)]
        return {"first_s": first, "time_s": statistics.median(calls)}
    if cell == "predict_odd":
        # Compiled for `rows` rows first; the cell's shape is rows + 1.
        x, _ = make_data(rows + 1)
        model.predict(x[:rows], **predict)
        first = timed(lambda: model.predict(x, **predict))
        return {"first_s": first,
                "time_s": timed(lambda: model.predict(x, **predict))}
    x, y = make_data(rows)
    first = timed(lambda: model.evaluate(x, y, batch_size=BATCH, verbose=0))
    return {"first_s": first, "time_s": timed(
        lambda: model.evaluate(x, y, batch_size=BATCH, verbose=0))}


def main(argv: list[str]) -> None:
    framework, cell, rows, epochs = argv[0], argv[1], int(argv[2]), int(
        argv[3])
    if cell not in CELLS:
        raise SystemExit(f"unknown cell {cell!r}; known: {CELLS}")
    if framework == "keras":
        os.environ["KERAS_BACKEND"] = "jax"
        import keras as lib
    elif framework == "kerax":
        import kerax as lib
    else:
        raise SystemExit(f"unknown framework {framework!r}: kerax or keras")
    lib.utils.set_random_seed(0)
    model = build(lib)
    if cell.startswith("fit"):
        result = run_fit(lib, model, cell, rows, epochs)
    else:
        result = run_infer(model, cell, rows)
    result.update(rows=rows, epochs=epochs, peak_rss_mb=resource.getrusage(
        resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
