"""HTTP(S) downloads for `get_file`: resume, retries, timeouts, progress.

A download goes into `<target>.part` next to the target. An interrupted
transfer is resumed with an HTTP `Range` request (on the next attempt, or on
the next call after a crash); the caller moves the finished file into place
with `os.replace` once its hash is checked.

The knobs are module attributes (tests and impatient users may change them)
or environment variables: `KERAX_DOWNLOAD_TIMEOUT` (seconds without data
before a socket gives up, default 30), `KERAX_DOWNLOAD_RETRIES` (attempts,
default 4) and `KERAX_DOWNLOAD_BACKOFF` (first wait between attempts in
seconds, doubled each time, default 1).

>>> _retry_wait(0, base=1.0), _retry_wait(2, base=1.0)
(1.0, 4.0)
"""

import http.client
import os
import re
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import IO, Any

TIMEOUT = 30.0
RETRIES = 4
BACKOFF = 1.0
CHUNK_SIZE = 1 << 16
USER_AGENT = "kerax-get_file/1"


class DownloadError(OSError):
    """A file could not be fetched from its URL (after all retries)."""


class _Incomplete(OSError):
    """The server closed the connection before sending every byte."""


def _setting(name: str, default: Any, cast: Callable[[str], Any]) -> Any:
    value = os.environ.get(name)
    if value in (None, ""):
        return default
    try:
        return cast(value)
    except ValueError:
        raise ValueError(
            f"Environment variable {name} must be a number. "
            f"Received: {name}={value!r}"
        ) from None


def _retry_wait(attempt: int, base: float) -> float:
    """Seconds to wait before retry number `attempt + 1` (exponential)."""
    return float(base) * (2.0**attempt)


def _is_retryable(error: BaseException) -> bool:
    if isinstance(error, urllib.error.HTTPError):
        return error.code in (408, 425, 429) or error.code >= 500
    return isinstance(
        error,
        (
            urllib.error.URLError,
            _Incomplete,
            TimeoutError,
            ConnectionError,
            http.client.HTTPException,
        ),
    )


def _describe(error: BaseException) -> str:
    if isinstance(error, urllib.error.HTTPError):
        return f"HTTP error {error.code} {error.reason}"
    if isinstance(error, urllib.error.URLError):
        reason = error.reason
        if isinstance(reason, TimeoutError):
            return "connection timed out"
        return f"{type(reason).__name__}: {reason}"
    if isinstance(error, TimeoutError):
        return "connection timed out (no data received)"
    return f"{type(error).__name__}: {error}"


class _Progress:
    """Plain-text byte counter: redraws in place on a terminal, otherwise
    prints at most one line per 10% (or per 64 MiB when the size is
    unknown), so logs stay short."""

    def __init__(self, total: int | None, stream: IO[str] | None = None,
                 start: int = 0) -> None:
        self.total = total
        self.stream = stream if stream is not None else sys.stdout
        self.isatty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.last_draw = 0.0
        self.last_step = -1
        self.start_time = time.monotonic()
        self.start = start

    @staticmethod
    def _size(n: float) -> str:
        for unit in ("B", "KB", "MB", "GB"):
            if n < 1024 or unit == "GB":
                return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
            n /= 1024.0
        return f"{n:.1f} GB"

    def _line(self, done: int) -> str:
        elapsed = max(time.monotonic() - self.start_time, 1e-6)
        rate = self._size((done - self.start) / elapsed) + "/s"
        if self.total:
            frac = min(done / self.total, 1.0)
            bar = "=" * int(frac * 30)
            bar = (bar[:-1] + ">") if 0 < len(bar) < 30 else bar
            return (
                f"{self._size(done)}/{self._size(self.total)} "
                f"[{bar:<30}] {frac:4.0%} {rate}"
            )
        return f"{self._size(done)} {rate}"

    def update(self, done: int, final: bool = False) -> None:
        if self.isatty:
            now = time.monotonic()
            if final or now - self.last_draw >= 0.1:
                self.last_draw = now
                end = "\n" if final else ""
                self.stream.write("\r" + self._line(done) + end)
                self.stream.flush()
            return
        if self.total:
            step = int(10 * done / self.total)
        else:
            step = done // (64 << 20)
        if step != self.last_step or final:
            if final and step == self.last_step:
                return
            self.last_step = step
            self.stream.write(self._line(done) + "\n")
            self.stream.flush()


def _total_from(response: Any, offset: int) -> int | None:
    """Total file size from a (partial) response, or None if unknown."""
    content_range = response.headers.get("Content-Range")
    if content_range:
        match = re.match(r"bytes (\d+)-(\d+)/(\d+|\*)", content_range)
        if match and match.group(3) != "*":
            return int(match.group(3))
    length = response.headers.get("Content-Length")
    if length is not None and length.isdigit():
        return offset + int(length)
    return None


def _attempt(url: str, part_path: str, timeout: float,
             show_progress: bool) -> None:
    """One HTTP request: appends to `part_path`, resuming when it exists."""
    offset = os.path.getsize(part_path) if os.path.exists(part_path) else 0
    headers = {"User-Agent": USER_AGENT}
    if offset:
        headers["Range"] = f"bytes={offset}-"
    request = urllib.request.Request(url, headers=headers)
    try:
        response = urllib.request.urlopen(request, timeout=timeout)
    except urllib.error.HTTPError as e:
        e.close()  # release the socket now (no ResourceWarning later)
        if e.code == 416 and offset:
            # The partial file is unusable for this server: start over.
            os.remove(part_path)
            raise _Incomplete("range not satisfiable; restarting") from None
        raise
    with response:
        status = getattr(response, "status", 200)
        if offset and status != 206:
            offset = 0  # The server ignored `Range`: restart from zero.
        total = _total_from(response, offset)
        progress = _Progress(total, start=offset) if show_progress else None
        done = offset
        with open(part_path, "ab" if offset else "wb") as f:
            while True:
                chunk = response.read(CHUNK_SIZE)
                if not chunk:
                    break
                f.write(chunk)
                done += len(chunk)
                if progress:
                    progress.update(done)
        if progress:
            progress.update(done, final=True)
    if total is not None and done < total:
        raise _Incomplete(f"connection closed after {done} of {total} bytes")


def download(url: str, part_path: str, show_progress: bool = True) -> None:
    """Downloads `url` into `part_path`, resuming and retrying as needed.

    Raises `DownloadError` (with the last cause) when every attempt failed.
    The partial file is kept on network failure, so a later call resumes it.

    Example (needs a server, so not run here):
    `download("https://example.com/data.npz", "/tmp/data.npz.part")`.
    """
    timeout = _setting("KERAX_DOWNLOAD_TIMEOUT", TIMEOUT, float)
    retries = max(1, _setting("KERAX_DOWNLOAD_RETRIES", RETRIES, int))
    backoff = _setting("KERAX_DOWNLOAD_BACKOFF", BACKOFF, float)
    last_error = None
    for attempt in range(retries):
        try:
            _attempt(url, part_path, timeout, show_progress)
            return
        except Exception as e:  # noqa: BLE001 - classified below
            last_error = e
            if not _is_retryable(e) or attempt == retries - 1:
                break
            if show_progress:
                print(
                    f"Download interrupted ({_describe(e)}); retrying "
                    f"({attempt + 2}/{retries})..."
                )
            time.sleep(_retry_wait(attempt, backoff))
    assert last_error is not None  # retries >= 1 and none succeeded
    attempts = "1 attempt" if attempt == 0 else f"{attempt + 1} attempts"
    raise DownloadError(
        f"{_describe(last_error)} (after {attempts})"
    ) from last_error
