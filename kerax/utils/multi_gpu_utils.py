"""Keras 2's `keras.utils.multi_gpu_utils.multi_gpu_model`: the model,
run data parallel over local devices with `kerax.distribution`.

Each batch is split over the devices along its first axis and the
weights are replicated; the result equals the single-device model's
(same weights, same numbers up to float rounding). The returned model
shares its layers and weights with `model`: save `model` itself.
"""

import jax

from kerax.models.functional import Functional

_TRAINER_METHODS = ("fit", "evaluate", "predict", "train_on_batch",
                    "test_on_batch", "predict_on_batch")


def _devices(gpus):
    available = jax.local_devices()
    if isinstance(gpus, (list, tuple)):
        wanted = list(gpus)
        if len(wanted) < 2:
            raise ValueError(
                "multi_gpu_model needs at least 2 devices. Received: "
                f"gpus={gpus}")
        if max(wanted) >= len(available) or min(wanted) < 0:
            raise ValueError(
                f"multi_gpu_model: device ids {wanted} are not all among "
                f"the {len(available)} local devices.")
        return [available[i] for i in wanted]
    count = len(available) if gpus is None else int(gpus)
    if count < 2 or count > len(available):
        raise ValueError(
            "multi_gpu_model needs `gpus` between 2 and the number of local "
            f"devices ({len(available)}: {[d.platform for d in available]})"
            f". Received: gpus={gpus}. On CPU, set XLA_FLAGS="
            "--xla_force_host_platform_device_count=N before importing "
            "JAX to get N devices.")
    return available[:count]


class DataParallelModel(Functional):
    """A Functional model around a template model whose training and
    inference run under a `DataParallel` distribution."""

    def __init__(self, template, devices, **kwargs):
        from kerax.distribution import DataParallel

        super().__init__(template.input, template.output,
                         name=kwargs.pop("name", None) or
                         f"{template.name}_data_parallel", **kwargs)
        self.template = template
        self.distribution = DataParallel(devices=devices)


def _in_distribution(name):
    def method(self, *args, **kwargs):
        with self.distribution.scope():
            return getattr(Functional, name)(self, *args, **kwargs)

    method.__name__ = name
    method.__doc__ = f"`Model.{name}` over the devices (data parallel)."
    return method


for _name in _TRAINER_METHODS:
    setattr(DataParallelModel, _name, _in_distribution(_name))


def multi_gpu_model(model, gpus=None, cpu_merge=True, cpu_relocation=False):
    """`model` run data parallel over `gpus` local devices (an int >= 2,
    a list of device indices, or None for all devices).

    `cpu_merge` and `cpu_relocation` are accepted for Keras 2
    compatibility: outputs are gathered by JAX, and the weights are the
    template's own.
    """
    if not getattr(model, "inputs", None):
        raise ValueError(
            "multi_gpu_model needs a built Functional or Sequential model "
            f"(with inputs). Received: {type(model).__name__} without "
            "inputs.")
    return DataParallelModel(model, _devices(gpus))
