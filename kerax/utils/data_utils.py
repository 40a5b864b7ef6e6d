"""Keras 2's `keras.utils.data_utils`: `Sequence`, `get_file`, and the
enqueuers that fill a bounded queue with batches from worker threads.

`use_multiprocessing=True` is accepted; the workers are threads in
either case (the batches are the same; JAX arrays and NumPy release the
GIL for the heavy work).

>>> from kerax.utils import Sequence
>>> class Numbers(Sequence):
...     def __len__(self):
...         return 3
...     def __getitem__(self, i):
...         return i
>>> enqueuer = OrderedEnqueuer(Numbers())
>>> enqueuer.start(workers=2)
>>> batches = enqueuer.get()
>>> [next(batches) for _ in range(4)]
[0, 1, 2, 0]
>>> enqueuer.stop()
"""

import concurrent.futures
import queue
import random
import threading

import numpy as np

from kerax.core.lazy_exports import lazy_exports

_EXPORTS = {
    "kerax.utils.py_dataset": "Sequence",
    "kerax.utils.file_utils": "get_file validate_file",
    "urllib.request": "urlretrieve",
}

__getattr__, __dir__ = lazy_exports(globals(), _EXPORTS)

# Keras 2 shared its sequences with worker processes through this global.
_SHARED_SEQUENCES = {}
_DONE = object()


def init_pool(seqs):
    """Makes the `{uid: sequence}` mapping visible to `get_index`."""
    global _SHARED_SEQUENCES
    _SHARED_SEQUENCES = seqs


def get_index(uid, i):
    """Item `i` of the shared sequence `uid`."""
    return _SHARED_SEQUENCES[uid][i]


def init_pool_generator(gens, random_seed=None):
    """Shares generators (`{uid: generator}`) and seeds Python's and
    NumPy's random generators when `random_seed` is given."""
    init_pool(gens)
    if random_seed is not None:
        random.seed(random_seed)
        np.random.seed(random_seed)


def next_sample(uid):
    """The next item of the shared generator `uid`."""
    return next(_SHARED_SEQUENCES[uid])


class SequenceEnqueuer:
    """Base of the enqueuers: `start(workers, max_queue_size)` runs the
    producer, `get()` yields what it produces, `stop()` ends it.
    Subclasses write `_produce(put, stopped)`."""

    def __init__(self, sequence, use_multiprocessing=False):
        self.sequence = sequence
        self.use_multiprocessing = use_multiprocessing
        self.workers = 0
        self.queue = None
        self._thread = None
        self._stop_event = threading.Event()

    def is_running(self):
        return self._thread is not None and not self._stop_event.is_set()

    def start(self, workers=1, max_queue_size=10):
        """Starts filling a queue of at most `max_queue_size` items."""
        if workers < 1:
            raise ValueError(f"`workers` must be >= 1. Received: {workers}")
        self.workers = workers
        self.queue = queue.Queue(max(1, max_queue_size))
        self._stop_event.clear()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _put(self, item):
        while not self._stop_event.is_set():
            try:
                self.queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _run(self):
        try:
            self._produce()
        except BaseException as error:  # noqa: BLE001 - handed to get()
            self._put(("error", error))
        self._put(("done", _DONE))

    def stop(self, timeout=None):
        """Stops the producer and waits for it (at most `timeout` s)."""
        self._stop_event.set()
        if self._thread is not None:
            self._thread.join(timeout)
        self._thread = None

    def get(self):
        """Yields the produced items in order; re-raises a worker's
        error; ends when the producer is exhausted or stopped."""
        while self.is_running() or (self.queue and not self.queue.empty()):
            try:
                kind, value = self.queue.get(timeout=0.1)
            except queue.Empty:
                continue
            if kind == "error":
                raise value
            if value is _DONE:
                return
            yield value.result() if kind == "future" else value

    def _produce(self):
        raise NotImplementedError(
            f"{type(self).__name__} must implement `_produce`.")


class OrderedEnqueuer(SequenceEnqueuer):
    """Loads a `Sequence`'s batches with `workers` threads, in order (or
    shuffled each epoch with `shuffle=True`), epoch after epoch, calling
    `on_epoch_end` between epochs."""

    def __init__(self, sequence, use_multiprocessing=False, shuffle=False):
        super().__init__(sequence, use_multiprocessing)
        self.shuffle = shuffle

    def _produce(self):
        with concurrent.futures.ThreadPoolExecutor(self.workers) as pool:
            while not self._stop_event.is_set():
                order = list(range(len(self.sequence)))
                if self.shuffle:
                    random.shuffle(order)
                futures = []
                for i in order:
                    futures.append(pool.submit(self.sequence.__getitem__, i))
                    if not self._put(("future", futures[-1])):
                        return
                concurrent.futures.wait(futures)
                on_epoch_end = getattr(self.sequence, "on_epoch_end", None)
                if on_epoch_end is not None:
                    on_epoch_end()


class GeneratorEnqueuer(SequenceEnqueuer):
    """Pulls items from a Python generator with `workers` threads (one at
    a time, under a lock) until it is exhausted; `random_seed` seeds
    Python's and NumPy's generators first."""

    def __init__(self, sequence, use_multiprocessing=False,
                 random_seed=None):
        super().__init__(sequence, use_multiprocessing)
        self.random_seed = random_seed
        self._lock = threading.Lock()

    def _produce(self):
        if self.random_seed is not None:
            random.seed(self.random_seed)
            np.random.seed(self.random_seed)
        with concurrent.futures.ThreadPoolExecutor(self.workers) as pool:
            futures = [pool.submit(self._pull) for _ in range(self.workers)]
            for future in futures:
                future.result()

    def _pull(self):
        while not self._stop_event.is_set():
            with self._lock:
                try:
                    item = next(self.sequence)
                except StopIteration:
                    return
            if not self._put(("item", item)):
                return
