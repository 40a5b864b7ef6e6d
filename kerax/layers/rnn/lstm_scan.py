"""The LSTM recurrence as one scan with a hand-written backward scan
(private; used by `LSTMCell` for the usual `tanh`/`sigmoid` LSTM).

`lstm_sequence(inputs, kernel, recurrent_kernel, bias, h0, c0)` takes
time-major inputs `(time, batch, features)` and returns `(hs, h, c)`:
every step's `h` (None unless `return_sequences`) and the final states.

Why not `jax.lax.scan` and autodiff alone (measured on XLA CPU, IMDB
shape): a gate fusion that slices the `(batch, 4 units)` pre-activations
before `sigmoid` is not vectorized (~3x slower than one `sigmoid` over
the whole array), and the autodiff backward accumulates the kernel's
gradient inside the loop (an extra `(features + units, 4 units)` add per
step). Here each forward step is one `[x_t, h] @ [kernel;
recurrent_kernel]` product, one `sigmoid` over all four gates and the
cell update, and keeps the activations; each backward step is
elementwise work plus one `(batch, 4 units) @ (4 units, features +
units)` product, and the kernel gradient is one matmul over all steps
after the loop. (Projecting all inputs with one matmul before the loop
measured slower with an `Embedding` below.)

>>> import jax.numpy as jnp
>>> x = jnp.ones((5, 2, 3))
>>> hs, h, c = lstm_sequence(x, jnp.zeros((3, 16)), jnp.zeros((4, 16)),
...                          None, jnp.zeros((2, 4)), jnp.zeros((2, 4)),
...                          return_sequences=True)
>>> hs.shape, h.shape, c.shape
((5, 2, 4), (2, 4), (2, 4))
"""

from __future__ import annotations

from functools import partial

import jax
import jax.numpy as jnp


def _previous(first, sequence, reverse):
    """Each step's previous value: `first` for the first processed step."""
    if reverse:
        return jnp.concatenate([sequence[1:], first[None]], axis=0)
    return jnp.concatenate([first[None], sequence[:-1]], axis=0)


def _forward(inputs, kernel, bias, h0, c0, reverse):
    """The loop; saves what the backward needs: each step's `[x_t, h]`,
    `c_t`, the four sigmoids, `tanh(g)` and `tanh(c_t)`, plus `h_t`."""
    units = h0.shape[-1]

    def step(carry, x_t):
        h, c = carry
        x_h = jnp.concatenate([x_t, h], axis=-1)
        z = x_h @ kernel + bias
        gates = jax.nn.sigmoid(z)  # i, f, o used; one contiguous pass
        g = jnp.tanh(z[:, 2 * units:3 * units])
        c = gates[:, units:2 * units] * c + gates[:, :units] * g
        tanh_c = jnp.tanh(c)
        h = gates[:, 3 * units:] * tanh_c
        return (h, c), (h, x_h, c, gates, g, tanh_c)

    (h, c), saved = jax.lax.scan(step, (h0, c0), inputs, reverse=reverse)
    return h, c, saved


@partial(jax.custom_vjp, nondiff_argnums=(5, 6))
def _recurrence(inputs, kernel, bias, h0, c0, reverse, return_sequences):
    h, c, saved = _forward(inputs, kernel, bias, h0, c0, reverse)
    return (saved[0] if return_sequences else None), h, c


def _recurrence_fwd(inputs, kernel, bias, h0, c0, reverse,
                    return_sequences):
    h, c, saved = _forward(inputs, kernel, bias, h0, c0, reverse)
    hs = saved[0] if return_sequences else None
    residuals = (kernel, bias, h0, c0, saved[1:])
    return (hs, h, c), residuals


def _recurrence_bwd(reverse, return_sequences, residuals, cotangents):
    kernel, bias, h0, c0, saved = residuals
    x_hs, cs, gates, gs, tanh_cs = saved
    d_hs, d_h, d_c = cotangents
    units = h0.shape[-1]
    features = kernel.shape[0] - units
    kernel_t = kernel.T
    c_prev = _previous(c0, cs, reverse)

    def step(carry, scanned):
        d_h, d_c = carry
        d_h_t, a, g, tanh_c, c_before = scanned
        if d_h_t is not None:
            d_h = d_h + d_h_t
        i, f = a[:, :units], a[:, units:2 * units]
        o = a[:, 3 * units:]
        d_c = d_c + d_h * o * (1 - tanh_c * tanh_c)
        d_z = jnp.concatenate([
            d_c * g * i * (1 - i),
            d_c * c_before * f * (1 - f),
            d_c * i * (1 - g * g),
            d_h * tanh_c * o * (1 - o),
        ], axis=-1)
        d_x_h = d_z @ kernel_t
        return (d_x_h[:, features:], d_c * f), (d_z, d_x_h[:, :features])

    scanned = (d_hs if return_sequences else None, gates, gs, tanh_cs,
               c_prev)
    (d_h0, d_c0), (d_z, d_x) = jax.lax.scan(
        step, (d_h, d_c), scanned, reverse=not reverse)
    # The kernel's gradient: one matmul over every timestep and row.
    d_kernel = jnp.einsum("tbk,tbg->kg", x_hs, d_z)
    d_bias = jnp.sum(d_z, axis=(0, 1))
    return (d_x.astype(h0.dtype), d_kernel.astype(kernel.dtype),
            d_bias.astype(bias.dtype), d_h0.astype(h0.dtype),
            d_c0.astype(c0.dtype))


_recurrence.defvjp(_recurrence_fwd, _recurrence_bwd)


def lstm_sequence(inputs, kernel, recurrent_kernel, bias, h0, c0,
                  reverse=False, return_sequences=False):
    """`(hs, h, c)` of the `tanh`/`sigmoid` LSTM over time-major `inputs`
    (`reverse`: from the last timestep; `hs` then stays in time order).

    One `jax.jit` (inlined where the caller is traced): an eager call
    compiles once per shape, where a fresh scan would compile each call.
    """
    return _lstm_jit(jnp.asarray(inputs), jnp.asarray(kernel),
                     jnp.asarray(recurrent_kernel),
                     None if bias is None else jnp.asarray(bias),
                     jnp.asarray(h0), jnp.asarray(c0), reverse,
                     return_sequences)


@partial(jax.jit, static_argnums=(6, 7), inline=True)
def _lstm_jit(inputs, kernel, recurrent_kernel, bias, h0, c0, reverse,
              return_sequences):
    kernel = jnp.concatenate([kernel, recurrent_kernel], axis=0)
    if bias is None:
        bias = jnp.zeros(kernel.shape[-1], kernel.dtype)
    inputs = inputs.astype(h0.dtype)
    return _recurrence(inputs, kernel.astype(h0.dtype),
                       jnp.asarray(bias).astype(h0.dtype), h0, c0, reverse,
                       return_sequences)
