"""`initialize`: Keras's arguments and environment variables, passed on to
`jax.distributed.initialize` with gloo CPU collectives (JAX itself is
replaced by a recorder: a real join needs a second process, see
test_multi_process.py)."""

import jax
import pytest

from kerax.distribution import cluster


@pytest.fixture
def recorded(monkeypatch):
    calls = {}
    monkeypatch.setattr(jax.distributed, "initialize",
                        lambda **kw: calls.setdefault("init", kw))
    monkeypatch.setattr(jax.config, "update",
                        lambda name, value: calls.setdefault(name, value))
    for name in ("KERAS_DISTRIBUTION_JOB_ADDRESSES",
                 "KERAS_DISTRIBUTION_NUM_PROCESSES",
                 "KERAS_DISTRIBUTION_PROCESS_ID", cluster.HEARTBEAT_ENV):
        monkeypatch.delenv(name, raising=False)
    return calls


def test_arguments_reach_jax(recorded):
    cluster.initialize("10.0.0.1:1234,10.0.0.2:2345", 2, 1)
    assert recorded["init"] == {"coordinator_address": "10.0.0.1:1234",
                                "num_processes": 2, "process_id": 1}
    assert recorded["jax_cpu_collectives_implementation"] == "gloo"


def test_environment_variables(recorded, monkeypatch):
    monkeypatch.setenv("KERAS_DISTRIBUTION_JOB_ADDRESSES", "127.0.0.1:99")
    monkeypatch.setenv("KERAS_DISTRIBUTION_NUM_PROCESSES", "4")
    monkeypatch.setenv("KERAS_DISTRIBUTION_PROCESS_ID", "3")
    monkeypatch.setenv(cluster.HEARTBEAT_ENV, "7")
    cluster.initialize()
    assert recorded["init"] == {
        "coordinator_address": "127.0.0.1:99", "num_processes": 4,
        "process_id": 3, "heartbeat_timeout_seconds": 7}


def test_cluster_detection_when_nothing_is_given(recorded):
    cluster.initialize()
    assert recorded["init"] == {"coordinator_address": None,
                                "num_processes": None, "process_id": None}


def test_bad_values_are_named(recorded, monkeypatch):
    with pytest.raises(ValueError, match="3 jobs.*num_processes is 2"):
        cluster.initialize("a:1,b:2,c:3", 2, 0)
    with pytest.raises(ValueError, match=r"process_id must be in \[0, 2\)"):
        cluster.initialize("a:1", 2, 2)
    monkeypatch.setenv("KERAS_DISTRIBUTION_NUM_PROCESSES", "two")
    with pytest.raises(ValueError, match="KERAS_DISTRIBUTION_NUM_PROCESSES"):
        cluster.initialize()
    assert "init" not in recorded
