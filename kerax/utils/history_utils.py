"""`plot_history`: training curves of a `fit` run, with matplotlib.

>>> history = {"loss": [1.0, 0.5], "val_loss": [1.2, 0.7]}
>>> fig = plot_history(history)  # doctest: +SKIP
"""


def _history_dict(history):
    logs = getattr(history, "history", history)
    if not isinstance(logs, dict) or not logs:
        raise ValueError(
            "`history` must be the History object returned by `fit` (or its "
            "`.history` dict of metric name -> list of values). "
            f"Received: history={history!r}"
        )
    return logs


def plot_history(history, metrics=None, figsize=None, show=False):
    """Plots each metric per epoch, with its `val_` twin on the same axes.

    Args:
        history: The `History` returned by `model.fit`, or its `.history`.
        metrics: Names to plot (default: every metric not starting with
            `val_`).
        figsize: Matplotlib figure size (default: 4 inches per metric wide).
        show: Call `plt.show()` at the end.

    Returns:
        The matplotlib `Figure`.
    """
    logs = _history_dict(history)
    try:
        import matplotlib.pyplot as plt
    except ImportError:
        raise ImportError(
            "`plot_history` needs matplotlib, which is not installed. "
            "Install it with `pip install matplotlib`."
        ) from None
    if metrics is None:
        metrics = [k for k in logs if not k.startswith("val_")]
    missing = [m for m in metrics if m not in logs]
    if missing:
        raise ValueError(
            f"Unknown metrics {missing}; the history has {sorted(logs)}. "
            f"Received: metrics={metrics}"
        )
    figsize = figsize or (4 * len(metrics), 3)
    fig, axes = plt.subplots(1, len(metrics), figsize=figsize, squeeze=False)
    for ax, name in zip(axes[0], metrics):
        values = [float(v) for v in logs[name]]
        epochs = range(1, len(values) + 1)
        ax.plot(epochs, values, label=name)
        if "val_" + name in logs:
            ax.plot(epochs, [float(v) for v in logs["val_" + name]],
                    label="val_" + name)
        ax.set_xlabel("epoch")
        ax.set_title(name)
        ax.legend()
    fig.tight_layout()
    if show:
        plt.show()
    return fig
