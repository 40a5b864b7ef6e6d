import numpy as np
import pytest

from kerax import metrics
from kerax.metrics.keras2_metrics import Reduce, clone_metric, clone_metrics
from kerax.utils.metrics_utils import Reduction


@pytest.mark.parametrize("reduction,expected", [
    ("sum", 10.0),                    # 1*1 + 3*3
    ("sum_over_batch_size", 5.0),     # 10 / 2 values
    (Reduction.WEIGHTED_MEAN, 2.5),   # 10 / (1 + 3)
])
def test_reduce(reduction, expected):
    m = Reduce(reduction, name="r")
    m.update_state([1.0, 3.0], sample_weight=[1.0, 3.0])
    assert float(m.result()) == pytest.approx(expected)
    m.reset_state()
    assert float(m.result()) == 0.0
    assert Reduce.from_config(m.get_config()).reduction == m.reduction


def test_reduce_rejects_unknown_reductions():
    with pytest.raises(ValueError, match="reduction='max'"):
        Reduce("max", name="r")


def test_clone_metric_gives_fresh_state():
    m = metrics.Mean(name="m")
    m.update_state([4.0])
    copy = clone_metric(m)
    assert copy is not m and copy.name == "m" and float(copy.result()) == 0
    assert clone_metric("mse") == "mse"
    cloned = clone_metrics({"out": m})
    assert isinstance(cloned["out"], metrics.Mean) and cloned["out"] is not m
    assert clone_metrics(None) is None
    assert [type(x) for x in clone_metrics([m])] == [metrics.Mean]


def test_keras2_function_names():
    y, p = np.array([[0.0, 1.0]]), np.array([[0.5, 0.5]])
    assert metrics.mse is metrics.MSE is metrics.mean_squared_error
    assert metrics.mae is metrics.mean_absolute_error
    assert metrics.mape is metrics.mean_absolute_percentage_error
    assert metrics.msle is metrics.mean_squared_logarithmic_error
    assert metrics.logcosh is metrics.log_cosh
    assert metrics.kullback_leibler_divergence is metrics.kl_divergence
    assert metrics.cosine is metrics.cosine_proximity
    assert float(metrics.cosine_proximity(y, p)[0]) == pytest.approx(
        2 ** -0.5)
    assert issubclass(metrics.SensitivityAtSpecificity,
                      metrics.SensitivitySpecificityBase)
    assert issubclass(metrics.MeanIoU, metrics.BaseMeanIoU)
