"""Loop rules that depend on the platform XLA compiles for.

One table, keyed by `jax.default_backend()`: a rule belongs here only with
the measurement it rests on.

`convolution_in_loops`: whether a step with a convolution may run fused
inside a `fori_loop` (`fit`'s multi-step loop, `predict`'s `collect` plan).
On XLA CPU it may not: measured 2026-11-27 on the MNIST CNN of
`bench/workload.py` (two 3x3 `Conv2D`s, batch 128; commit 4848708, "One
loop-compiled train function for any step count"), a train step inside
the loop ran ~15x slower than the same step dispatched alone, so such
steps run one per call there (`bench/RESULTS.md`: CNN fit 2.41-2.71x
Keras with single steps). Nothing was measured on GPU or TPU: they, and
any platform not listed, take `DEFAULT_RULES` (fused loops), the choice
that removes per-step dispatch.

>>> PLATFORM_RULES["cpu"].convolution_in_loops
False
>>> rules_for("some_new_backend") is DEFAULT_RULES
True
"""

from __future__ import annotations

from typing import Any, NamedTuple

import jax

from kerax.trainers import step as step_builders


class PlatformRules(NamedTuple):
    """What the loops may do on one platform."""

    convolution_in_loops: bool


DEFAULT_RULES = PlatformRules(convolution_in_loops=True)

PLATFORM_RULES: dict[str, PlatformRules] = {
    "cpu": PlatformRules(convolution_in_loops=False),  # ~15x slower fused
    "gpu": DEFAULT_RULES,  # not measured
    "tpu": DEFAULT_RULES,  # not measured
}


def rules_for(platform: str | None = None) -> PlatformRules:
    """The rules of `platform` (default: `jax.default_backend()`)."""
    if platform is None:
        platform = jax.default_backend()
    return PLATFORM_RULES.get(platform, DEFAULT_RULES)


def may_loop(jaxpr: Any) -> bool:
    """Whether the traced step (a `ClosedJaxpr`) may run fused inside a
    loop on this platform."""
    if rules_for().convolution_in_loops:
        return True
    return not step_builders.has_convolution(jaxpr)
