"""The one-writer helpers and per-process batch assembly on one process
(the multi-process behaviour is checked by test_multi_process.py)."""

import jax
import numpy as np
import pytest

from kerax.distribution import DataParallel, process, process_data


def test_single_process_is_the_writer():
    assert process.process_index() == 0 and process.process_count() == 1
    assert process.is_writer() and not process.is_multi_process()
    process.barrier("test")


def test_one_writer_calls_through_and_nests():
    calls = []

    @process.one_writer("outer")
    def outer(model, path):
        calls.append(path)
        inner(model, path + ".inner")
        return path

    @process.one_writer("inner")
    def inner(model, path):
        calls.append(path)

    assert outer(None, "a") == "a"
    assert calls == ["a", "a.inner"]


def test_written_once_runs_the_write():
    out = []
    process.written_once("w", lambda: out.append(1))
    assert out == [1]


def test_null_writer_accepts_any_call():
    writer = process.NullWriter()
    assert writer.add_scalar("loss", 1.0, global_step=0) is None
    assert writer.close() is None


def test_to_host_and_host_values():
    assert process.to_host(jax.numpy.ones(3)).tolist() == [1.0, 1.0, 1.0]

    class V:
        _value = jax.numpy.zeros(2)

    v = V()
    before = v._value
    with process.host_values([v]):  # addressable: left as is
        assert v._value is before


def test_local_rows_cover_the_batch_on_one_process():
    dist = DataParallel()
    assert process_data.batch_rows_for(dist, 8) == (0, 8)
    shards = dist.batch_shards
    sharding = process_data.data_sharding(dist, 2, shards * 2)
    assert sharding.spec == jax.sharding.PartitionSpec("batch", None)
    # (a batch the axis does not divide is replicated: the 2-process
    # predict on 36 rows in batches of 16 covers it on 8 devices)
    assert process_data.global_rows_for_local(dist, 4 * shards) == 4 * shards


def test_global_batch_and_placement_check():
    dist = DataParallel()
    shards = dist.batch_shards
    x = np.arange(shards * 6, dtype="float32").reshape(shards * 2, 3)
    batch = process_data.global_batch(dist, {"x": x, "w": None}, len(x))
    assert batch["w"] is None
    np.testing.assert_array_equal(np.asarray(batch["x"]), x)
    process_data.check_placement(batch["x"], lambda s: x[s])
    with pytest.raises(AssertionError, match="does not hold the rows"):
        process_data.check_placement(batch["x"], lambda s: x[s] + 1)
