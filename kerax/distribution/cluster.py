"""`initialize`: joins this process to a multi-process JAX run.

Arguments come from the call, else from Keras's environment variables
(`KERAS_DISTRIBUTION_JOB_ADDRESSES`, `KERAS_DISTRIBUTION_NUM_PROCESSES`,
`KERAS_DISTRIBUTION_PROCESS_ID`), else from JAX's own cluster detection
(SLURM, Open MPI, Kubernetes, Cloud TPU). CPU hosts exchange data through
gloo collectives, so the same script runs on CPUs, GPUs and TPUs.

After joining, every process seeds Python's and NumPy's generators with one
seed chosen by process 0, so that weights initialize identically and
shuffled orders agree everywhere (`kerax.utils.set_random_seed` called on
every process with one value afterwards does the same).
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from typing import Any

import jax
import numpy as np

# Seconds without a heartbeat after which JAX declares a process dead and
# the others fail (JAX's default is 100).
HEARTBEAT_ENV = "KERAX_DISTRIBUTION_HEARTBEAT_TIMEOUT"


def _from_env(value: Any, name: str, cast: Callable[[str], Any]) -> Any:
    if value is None and os.environ.get(name):
        raw = os.environ[name]
        try:
            return cast(raw)
        except ValueError:
            raise ValueError(
                f"Environment variable {name} must be an integer; got "
                f"{raw!r}."
            ) from None
    return value


def coordinator_address(job_addresses: str | None,
                        num_processes: int | None) -> str | None:
    """The coordinator (first) of comma-separated `job_addresses`.

    >>> coordinator_address("10.0.0.1:1234,10.0.0.2:2345", 2)
    '10.0.0.1:1234'
    """
    if not job_addresses:
        return None
    addresses = [a.strip() for a in job_addresses.split(",") if a.strip()]
    if num_processes is not None and len(addresses) > 1 and (
        len(addresses) != num_processes
    ):
        raise ValueError(
            f"initialize: job_addresses lists {len(addresses)} jobs "
            f"({addresses}) but num_processes is {num_processes}."
        )
    return addresses[0]


def initialize(job_addresses: str | None = None,
               num_processes: int | None = None,
               process_id: int | None = None) -> None:
    """Joins the multi-process run; call it first, before any JAX work.

    Args:
        job_addresses: comma-separated `host:port` of every job (only the
            first, the coordinator, is used), or None.
        num_processes: the number of processes, or None.
        process_id: this process's index in `[0, num_processes)`, or None.

    Run the same script in every process, e.g. on one machine:
    `KERAS_DISTRIBUTION_JOB_ADDRESSES=127.0.0.1:1234
    KERAS_DISTRIBUTION_NUM_PROCESSES=2 KERAS_DISTRIBUTION_PROCESS_ID=0
    python train.py` (and `..._PROCESS_ID=1` in the second).
    """
    job_addresses = _from_env(
        job_addresses, "KERAS_DISTRIBUTION_JOB_ADDRESSES", str)
    num_processes = _from_env(
        num_processes, "KERAS_DISTRIBUTION_NUM_PROCESSES", int)
    process_id = _from_env(process_id, "KERAS_DISTRIBUTION_PROCESS_ID", int)
    if (num_processes is not None and process_id is not None
            and not 0 <= process_id < num_processes):
        raise ValueError(
            f"initialize: process_id must be in [0, {num_processes}); got "
            f"process_id={process_id}."
        )
    heartbeat = _from_env(None, HEARTBEAT_ENV, int)
    options = {}
    if heartbeat is not None:
        options["heartbeat_timeout_seconds"] = heartbeat
    # CPU devices take part in cross-process collectives through gloo.
    jax.config.update("jax_cpu_collectives_implementation", "gloo")
    jax.distributed.initialize(
        coordinator_address=coordinator_address(job_addresses, num_processes),
        num_processes=num_processes, process_id=process_id, **options,
    )
    _agree_on_seed()


def _agree_on_seed() -> None:
    """Seeds Python and NumPy with process 0's seed, in every process."""
    if jax.process_count() == 1:
        return
    from jax.experimental import multihost_utils

    mine = np.asarray(random.SystemRandom().randrange(1, 2**31), "int32")
    seed = int(multihost_utils.broadcast_one_to_all(mine))
    random.seed(seed)
    np.random.seed(seed)
