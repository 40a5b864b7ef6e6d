import threading

import numpy as np
import pytest

from kerax.utils import Sequence
from kerax.utils.data_utils import GeneratorEnqueuer, OrderedEnqueuer


class _Counting(Sequence):
    def __init__(self):
        super().__init__()
        self.epochs = 0

    def __len__(self):
        return 5

    def __getitem__(self, i):
        return np.full((2,), i)

    def on_epoch_end(self):
        self.epochs += 1


def test_ordered_enqueuer_keeps_order_across_epochs():
    sequence = _Counting()
    enqueuer = OrderedEnqueuer(sequence)
    enqueuer.start(workers=3, max_queue_size=2)
    batches = enqueuer.get()
    got = [int(next(batches)[0]) for _ in range(12)]
    enqueuer.stop()
    assert got == [0, 1, 2, 3, 4] * 2 + [0, 1]
    assert sequence.epochs >= 2 and not enqueuer.is_running()


def test_ordered_enqueuer_shuffle_covers_each_batch_once():
    enqueuer = OrderedEnqueuer(_Counting(), shuffle=True)
    enqueuer.start(workers=2)
    batches = enqueuer.get()
    got = sorted(int(next(batches)[0]) for _ in range(5))
    enqueuer.stop()
    assert got == [0, 1, 2, 3, 4]


def test_generator_enqueuer_drains_and_reraises():
    lock = threading.Lock()

    def numbers():
        for i in range(20):
            with lock:
                yield i

    enqueuer = GeneratorEnqueuer(numbers(), use_multiprocessing=True)
    enqueuer.start(workers=2)
    assert sorted(enqueuer.get()) == list(range(20))
    enqueuer.stop()

    def broken():
        yield 1
        raise RuntimeError("bad batch")

    enqueuer = GeneratorEnqueuer(broken())
    enqueuer.start()
    with pytest.raises(RuntimeError, match="bad batch"):
        list(enqueuer.get())
    enqueuer.stop()


def test_start_validates_workers():
    with pytest.raises(ValueError, match="workers"):
        OrderedEnqueuer(_Counting()).start(workers=0)
