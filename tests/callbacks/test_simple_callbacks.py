"""CSVLogger, TerminateOnNaN, LambdaCallback and RemoteMonitor."""

import http.server
import json
import socket
import threading
import urllib.parse

import pytest
from callback_fakes import run_fit

from kerax import callbacks

EPOCHS = [
    {"loss": 0.75, "accuracy": 0.5},
    {"loss": 0.5, "accuracy": 0.625},
    {"loss": 0.25, "accuracy": 0.875},
]


def _keras_csv(keras, path, logs_per_epoch, **kwargs):
    logger = keras.callbacks.CSVLogger(str(path), **kwargs)
    logger.on_train_begin()
    for epoch, logs in enumerate(logs_per_epoch):
        logger.on_epoch_end(epoch, dict(sorted(logs.items())))
    logger.on_train_end()
    return path.read_text()


@pytest.mark.parametrize("separator", [",", ";"])
def test_csv_logger_matches_keras(keras, model, tmp_path, separator):
    ours = tmp_path / "ours.csv"
    run_fit(model, [callbacks.CSVLogger(ours, separator=separator)], EPOCHS)
    expected = _keras_csv(keras, tmp_path / "keras.csv", EPOCHS,
                          separator=separator)
    assert ours.read_text() == expected
    assert ours.read_text().splitlines()[1] == separator.join(
        ["0", "0.5", "0.75", "NA", "NA"]
    )


def test_csv_logger_with_validation_and_append(keras, model, tmp_path):
    logs = [dict(e, val_loss=e["loss"] + 1) for e in EPOCHS]
    ours = tmp_path / "ours.csv"
    run_fit(model, [callbacks.CSVLogger(ours)], logs[:2])
    run_fit(model, [callbacks.CSVLogger(ours, append=True)], logs[:2])
    theirs = tmp_path / "keras.csv"
    _keras_csv(keras, theirs, logs[:2])
    expected = _keras_csv(keras, theirs, logs[:2], append=True)
    assert ours.read_text() == expected
    assert ours.read_text().count("epoch,") == 1
    with pytest.raises(ValueError, match="separator=''"):
        callbacks.CSVLogger(ours, separator="")


def test_terminate_on_nan(model, capsys):
    def batch_logs(epoch, batch):
        return {"loss": float("nan") if (epoch, batch) == (1, 1) else 1.0}

    cbs = run_fit(model, [callbacks.TerminateOnNaN()], EPOCHS,
                  batch_logs=batch_logs)
    assert model.stop_training
    assert cbs._history.epoch == [0, 1]
    assert capsys.readouterr().out == (
        "Batch 1: Invalid loss, terminating training\n"
    )
    with pytest.raises(RuntimeError, match="NaN or Inf loss .* batch 0"):
        run_fit(model, [callbacks.TerminateOnNaN(raise_error=True)], EPOCHS,
                batch_logs=lambda e, b: {"loss": float("inf")})


def test_lambda_callback(model):
    events = []
    callback = callbacks.LambdaCallback(
        on_train_begin=lambda logs: events.append("begin"),
        on_epoch_end=lambda epoch, logs: events.append(
            (epoch, round(float(logs["loss"]), 2))),
        on_batch_end=lambda batch, logs: events.append(batch),
        on_train_end=lambda logs: events.append("end"),
        extra="attribute",
    )
    run_fit(model, [callback], EPOCHS[:2], steps=2)
    assert events == ["begin", 0, 1, (0, 0.75), 0, 1, (1, 0.5), "end"]
    assert callback.extra == "attribute"
    with pytest.raises(ValueError, match="on_epoch_end=3"):
        callbacks.LambdaCallback(on_epoch_end=3)


class _Recorder(http.server.BaseHTTPRequestHandler):
    received = []  # noqa: RUF012 - shared by every handler on purpose

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        body = self.rfile.read(length).decode()
        self.received.append((self.path, self.headers["Content-Type"],
                              self.headers.get("X-Run"), body))
        self.send_response(200 if self.path != "/broken" else 500)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    _Recorder.received = []
    httpd = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", _Recorder.received
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def test_remote_monitor_form_and_json(model, server):
    root, received = server
    form = callbacks.RemoteMonitor(root=root, headers={"X-Run": "7"})
    run_fit(model, [form], EPOCHS[:2])
    assert len(received) == 2
    path, ctype, run, body = received[1]
    assert path == "/publish/epoch/end/" and run == "7"
    assert ctype == "application/x-www-form-urlencoded"
    payload = json.loads(urllib.parse.parse_qs(body)["data"][0])
    assert payload == {"epoch": 1, "accuracy": 0.625, "loss": 0.5}
    as_json = callbacks.RemoteMonitor(root=root, path="/j",
                                      send_as_json=True)
    run_fit(model, [as_json], EPOCHS[:1])
    path, ctype, _, body = received[2]
    assert (path, ctype) == ("/j", "application/json")
    assert json.loads(body) == {"epoch": 0, "accuracy": 0.5, "loss": 0.75}
    # An error status from the server is ignored, as in Keras.
    run_fit(model, [callbacks.RemoteMonitor(root=root, path="/broken")],
            EPOCHS[:1])
    assert received[-1][0] == "/broken"


def test_remote_monitor_unreachable_warns(model):
    with socket.socket() as sock:  # a port nobody listens on any more
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    dead = f"http://127.0.0.1:{port}"
    with pytest.warns(UserWarning, match="Could not reach RemoteMonitor"):
        run_fit(model, [callbacks.RemoteMonitor(root=dead)], EPOCHS[:1])
