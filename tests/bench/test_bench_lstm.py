"""bench/bench_lstm.py at tiny sizes: every peer's workload runs and
reports its figures; options and ratios. No timing is checked."""

import pathlib
import sys

import pytest

BENCH = pathlib.Path(__file__).resolve().parents[2] / "bench"
sys.path.append(str(BENCH))

import bench_lstm  # noqa: E402 - found through the sys.path entry above

TINY = {"samples": 8, "epochs": 1, "length": 3, "vocab": 20, "units": 4,
        "batch": 4}


@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_kerax_workload_runs(cell):
    result = bench_lstm.workload("kerax", cell, **TINY)
    assert result["framework"] == "kerax" and result["cell"] == cell
    assert result["samples_per_s"] > 0 and result["warmup_s"] > 0


@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_torch_workload_runs(cell):
    pytest.importorskip("torch")
    result = bench_lstm.workload("torch", cell, **TINY)
    assert result["framework"] == "torch" and result["samples_per_s"] > 0


def test_bad_cell_and_framework_are_refused():
    with pytest.raises(ValueError, match="cell"):
        bench_lstm.workload("kerax", "rnn", **TINY)
    with pytest.raises(ValueError, match="framework"):
        bench_lstm.workload("jax", "lstm", **TINY)
    with pytest.raises(SystemExit):
        bench_lstm.parse_args(["--frameworks", "kerax,tf"])


def test_options_and_ratios():
    args = bench_lstm.parse_args(["--cell", "gru", "--frameworks",
                                  "kerax,torch"])
    assert args.cell == "gru" and args.frameworks == ["kerax", "torch"]
    assert bench_lstm.ratios({"kerax": 3.0, "keras": 2.0, "torch": 4.0}) == {
        "kerax/keras": 1.5, "kerax/torch": 0.75}
    assert bench_lstm.ratios({"kerax": 3.0}) == {}
    assert bench_lstm.ratios({"torch": 3.0}) == {}
