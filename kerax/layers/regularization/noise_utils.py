"""Argument checks shared by the noise layers (private)."""


def check_unit_interval(name, value):
    """Raises unless `value` is a real number in `[0, 1]`."""
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not 0 <= value <= 1
    ):
        raise ValueError(
            f"Invalid value received for argument `{name}`. Expected a "
            f"float value between 0 and 1. Received: {name}={value}"
        )


def check_seed(seed):
    """Raises unless `seed` is None or an int."""
    if seed is not None and (
        isinstance(seed, bool) or not isinstance(seed, int)
    ):
        raise ValueError(
            f"Argument `seed` must be an integer or None. Received: seed={seed}"
        )
