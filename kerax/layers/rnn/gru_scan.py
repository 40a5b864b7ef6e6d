"""The GRU recurrence (`reset_after=True`, `tanh`/`sigmoid`) as one scan
with a hand-written backward scan (private; used by `GRUCell`).

Same plan as `lstm_scan`: each forward step is one `[x_t, h] @ K`
product with the block kernel

    K = [[W_z, W_r, W_h, 0  ],
         [U_z, U_r, 0,   U_h]]      (features + units, 4 units)

whose four column blocks are the update and reset pre-activations, the
input part of the candidate and its recurrent part `h U_h + b'_h` (which
the reset gate multiplies), then one `sigmoid` over the whole product;
each backward step is elementwise work plus one product with `K.T`, and
`K`'s gradient is one matmul after the loop (autodiff maps it back to
`kernel` and `recurrent_kernel`).

>>> import jax.numpy as jnp
>>> x = jnp.ones((5, 2, 3))
>>> hs, h = gru_sequence(x, jnp.zeros((3, 12)), jnp.zeros((4, 12)),
...                      (None, None), jnp.zeros((2, 4)),
...                      return_sequences=True)
>>> hs.shape, h.shape
((5, 2, 4), (2, 4))
"""

from __future__ import annotations

from functools import partial

import jax
import jax.numpy as jnp


def _forward(inputs, kernel, bias, h0, reverse):
    units = h0.shape[-1]

    def step(h, x_t):
        x_h = jnp.concatenate([x_t, h], axis=-1)
        z_all = x_h @ kernel + bias
        gates = jax.nn.sigmoid(z_all)  # update, reset used; one pass
        z, r = gates[:, :units], gates[:, units:2 * units]
        recurrent_h = z_all[:, 3 * units:]
        candidate = jnp.tanh(z_all[:, 2 * units:3 * units]
                             + r * recurrent_h)
        h = z * h + (1 - z) * candidate
        return h, (h, x_h, gates, recurrent_h, candidate)

    h, saved = jax.lax.scan(step, h0, inputs, reverse=reverse)
    return h, saved


@partial(jax.custom_vjp, nondiff_argnums=(4, 5))
def _recurrence(inputs, kernel, bias, h0, reverse, return_sequences):
    h, saved = _forward(inputs, kernel, bias, h0, reverse)
    return (saved[0] if return_sequences else None), h


def _recurrence_fwd(inputs, kernel, bias, h0, reverse, return_sequences):
    h, saved = _forward(inputs, kernel, bias, h0, reverse)
    hs = saved[0] if return_sequences else None
    return (hs, h), (kernel, bias, h0, saved[1:])


def _recurrence_bwd(reverse, return_sequences, residuals, cotangents):
    kernel, bias, h0, (x_hs, gates, recurrent_hs, candidates) = residuals
    d_hs, d_h = cotangents
    units = h0.shape[-1]
    features = kernel.shape[0] - units
    kernel_t = kernel.T

    def step(d_h, scanned):
        d_h_t, x_h, a, recurrent_h, candidate = scanned
        if d_h_t is not None:
            d_h = d_h + d_h_t
        z, r = a[:, :units], a[:, units:2 * units]
        h_prev = x_h[:, features:]
        d_candidate = d_h * (1 - z) * (1 - candidate * candidate)
        d_all = jnp.concatenate([
            d_h * (h_prev - candidate) * z * (1 - z),
            d_candidate * recurrent_h * r * (1 - r),
            d_candidate,
            d_candidate * r,
        ], axis=-1)
        d_x_h = d_all @ kernel_t
        return d_x_h[:, features:] + d_h * z, (d_all, d_x_h[:, :features])

    scanned = (d_hs if return_sequences else None, x_hs, gates,
               recurrent_hs, candidates)
    d_h0, (d_all, d_x) = jax.lax.scan(step, d_h, scanned,
                                      reverse=not reverse)
    d_kernel = jnp.einsum("tbk,tbg->kg", x_hs, d_all)
    d_bias = jnp.sum(d_all, axis=(0, 1))
    return (d_x.astype(h0.dtype), d_kernel.astype(kernel.dtype),
            d_bias.astype(bias.dtype), d_h0.astype(h0.dtype))


_recurrence.defvjp(_recurrence_fwd, _recurrence_bwd)


def gru_sequence(inputs, kernel, recurrent_kernel, biases, h0,
                 reverse=False, return_sequences=False):
    """`(hs, h)` of the `reset_after` GRU over time-major `inputs`.

    `kernel (features, 3 units)`, `recurrent_kernel (units, 3 units)`
    (gates z, r, h), `biases`: `(input_bias, recurrent_bias)`, each
    `(3 units,)` or None; `reverse`: from the last timestep (`hs` stays
    in time order). One `jax.jit` (inlined where the caller is traced):
    an eager call compiles once per shape, where a fresh scan would
    compile each call.
    """
    biases = tuple(None if b is None else jnp.asarray(b) for b in biases)
    return _gru_jit(jnp.asarray(inputs), jnp.asarray(kernel),
                    jnp.asarray(recurrent_kernel), biases, jnp.asarray(h0),
                    reverse, return_sequences)


@partial(jax.jit, static_argnums=(5, 6), inline=True)
def _gru_jit(inputs, kernel, recurrent_kernel, biases, h0, reverse,
             return_sequences):
    dtype = h0.dtype
    kernel = kernel.astype(dtype)
    recurrent = recurrent_kernel.astype(dtype)
    units = recurrent.shape[0]
    top = jnp.concatenate(
        [kernel, jnp.zeros((kernel.shape[0], units), dtype)], axis=-1)
    bottom = jnp.concatenate([
        recurrent[:, :2 * units], jnp.zeros((units, units), dtype),
        recurrent[:, 2 * units:],
    ], axis=-1)
    block = jnp.concatenate([top, bottom], axis=0)
    zeros = jnp.zeros((3 * units,), dtype)
    input_bias, recurrent_bias = (
        zeros if b is None else b.astype(dtype) for b in biases)
    block_bias = jnp.concatenate([
        input_bias[:2 * units] + recurrent_bias[:2 * units],
        input_bias[2 * units:], recurrent_bias[2 * units:],
    ])
    return _recurrence(inputs.astype(dtype), block, block_bias, h0, reverse,
                       return_sequences)
