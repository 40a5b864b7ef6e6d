"""`RemoteMonitor`: POST each epoch's logs to an HTTP server."""

import json
import urllib.error
import urllib.parse
import urllib.request
import warnings

import numpy as np

from kerax.callbacks.callback import Callback


def _json_value(value):
    if isinstance(value, (str, bool, int, float)) or value is None:
        return value
    if isinstance(value, np.generic) or hasattr(value, "__array__"):
        return np.asarray(value).tolist()
    return value


class RemoteMonitor(Callback):
    """Sends the epoch logs to a server at the end of every epoch.

    The payload is `{"epoch": epoch, **logs}` with values as Python
    numbers (0-d arrays become floats, other arrays lists). By default it
    is sent form-encoded as one field, `field=<json>`; with
    `send_as_json=True` the JSON is the request body
    (`Content-Type: application/json`). Uses the standard library
    (`urllib`), no extra dependency. An unreachable server gives a warning,
    not an error; an HTTP error status is ignored, as in Keras.

    Args:
        root: server root URL. Defaults to `"http://localhost:9000"`.
        path: path appended to `root`. Defaults to
            `"/publish/epoch/end/"`.
        field: form field holding the JSON. Defaults to `"data"`.
        headers: optional dict of extra HTTP headers.
        send_as_json: send the JSON as the body. Defaults to `False`.

    >>> monitor = RemoteMonitor(root="http://127.0.0.1:9000")
    >>> model.fit(x, y, callbacks=[monitor])  # doctest: +SKIP
    """

    # Seconds to wait for the server before giving up (with a warning).
    timeout = 10.0

    def __init__(
        self,
        root="http://localhost:9000",
        path="/publish/epoch/end/",
        field="data",
        headers=None,
        send_as_json=False,
    ):
        super().__init__()
        self.root = root
        self.path = path
        self.field = field
        self.headers = headers
        self.send_as_json = send_as_json

    def _request(self, payload):
        headers = dict(self.headers or {})
        if self.send_as_json:
            body = json.dumps(payload).encode("utf-8")
            headers.setdefault("Content-Type", "application/json")
        else:
            form = {self.field: json.dumps(payload)}
            body = urllib.parse.urlencode(form).encode("utf-8")
            headers.setdefault(
                "Content-Type", "application/x-www-form-urlencoded"
            )
        return urllib.request.Request(
            self.root + self.path, data=body, headers=headers, method="POST"
        )

    def on_epoch_end(self, epoch, logs=None):
        payload = {"epoch": epoch}
        for name, value in (logs or {}).items():
            payload[name] = _json_value(value)
        request = self._request(payload)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as r:
                r.read()
        except urllib.error.HTTPError as error:
            error.close()  # The server answered; like Keras, ignore status.
        except (urllib.error.URLError, OSError):
            warnings.warn(
                f"Could not reach RemoteMonitor root server at {self.root}",
                stacklevel=2,
            )
