"""String hashes that match TensorFlow's (and so Keras's) hashing ops.

* `fingerprint64(data)`: FarmHash `Fingerprint64` (farmhashna `Hash64`),
  the hash behind `tf.strings.to_hash_bucket_fast` (Keras's `Hashing`
  without a salt, and the OOV hashing of the lookup layers).
* `siphash64(key, data)`: SipHash-2-4 with a 128-bit key given as two
  64-bit integers, the hash behind `tf.strings.to_hash_bucket_strong`
  (Keras's `Hashing(salt=...)`).

Both are written from the published algorithms in plain Python integers
(masked to 64 bits), and `hash_to_bins` applies them to a NumPy array of
strings/integers the way Keras does: integers (and floats cast to int) are
hashed as their decimal text, each distinct value is hashed once.

>>> fingerprint64(b"")
11160318154034397263
>>> int(hash_to_bins(np.array(["a", "a"]), 3)[0]) == fingerprint64(b"a") % 3
True
"""

from __future__ import annotations

import struct

import numpy as np

_MASK = (1 << 64) - 1
_K0 = 0xC3A5C85C97CB3127
_K1 = 0xB492B66FBE98F273
_K2 = 0x9AE16A3B2F90404F


def _fetch64(data, i):
    return struct.unpack_from("<Q", data, i)[0]


def _fetch32(data, i):
    return struct.unpack_from("<I", data, i)[0]


def _rotr(value, shift):
    if shift == 0:
        return value
    return ((value >> shift) | (value << (64 - shift))) & _MASK


def _shift_mix(value):
    return value ^ (value >> 47)


def _hash_len16(u, v, mul):
    a = ((u ^ v) * mul) & _MASK
    a ^= a >> 47
    b = ((v ^ a) * mul) & _MASK
    b ^= b >> 47
    return (b * mul) & _MASK


def _hash_len0to16(data, n):
    if n >= 8:
        mul = _K2 + n * 2
        a = (_fetch64(data, 0) + _K2) & _MASK
        b = _fetch64(data, n - 8)
        c = (_rotr(b, 37) * mul + a) & _MASK
        d = ((_rotr(a, 25) + b) * mul) & _MASK
        return _hash_len16(c, d, mul)
    if n >= 4:
        mul = _K2 + n * 2
        a = _fetch32(data, 0)
        return _hash_len16((n + (a << 3)) & _MASK, _fetch32(data, n - 4), mul)
    if n > 0:
        a, b, c = data[0], data[n >> 1], data[n - 1]
        y = (a + (b << 8)) & 0xFFFFFFFF
        z = (n + (c << 2)) & 0xFFFFFFFF
        return (_shift_mix(((y * _K2) ^ (z * _K0)) & _MASK) * _K2) & _MASK
    return _K2


def _hash_len17to32(data, n):
    mul = _K2 + n * 2
    a = (_fetch64(data, 0) * _K1) & _MASK
    b = _fetch64(data, 8)
    c = (_fetch64(data, n - 8) * mul) & _MASK
    d = (_fetch64(data, n - 16) * _K2) & _MASK
    return _hash_len16(
        (_rotr((a + b) & _MASK, 43) + _rotr(c, 30) + d) & _MASK,
        (a + _rotr((b + _K2) & _MASK, 18) + c) & _MASK,
        mul,
    )


def _hash_len33to64(data, n):
    mul = _K2 + n * 2
    a = (_fetch64(data, 0) * _K2) & _MASK
    b = _fetch64(data, 8)
    c = (_fetch64(data, n - 8) * mul) & _MASK
    d = (_fetch64(data, n - 16) * _K2) & _MASK
    y = (_rotr((a + b) & _MASK, 43) + _rotr(c, 30) + d) & _MASK
    z = _hash_len16(y, (a + _rotr((b + _K2) & _MASK, 18) + c) & _MASK, mul)
    e = (_fetch64(data, 16) * mul) & _MASK
    f = _fetch64(data, 24)
    g = ((y + _fetch64(data, n - 32)) * mul) & _MASK
    h = ((z + _fetch64(data, n - 24)) * mul) & _MASK
    return _hash_len16(
        (_rotr((e + f) & _MASK, 43) + _rotr(g, 30) + h) & _MASK,
        (e + _rotr((f + a) & _MASK, 18) + g) & _MASK,
        mul,
    )


def _weak_hash32(data, i, a, b):
    """WeakHashLen32WithSeeds over the 32 bytes at `data[i:]`."""
    w, x = _fetch64(data, i), _fetch64(data, i + 8)
    y, z = _fetch64(data, i + 16), _fetch64(data, i + 24)
    a = (a + w) & _MASK
    b = _rotr((b + a + z) & _MASK, 21)
    c = a
    a = (a + x + y) & _MASK
    b = (b + _rotr(a, 44)) & _MASK
    return (a + z) & _MASK, (b + c) & _MASK


def fingerprint64(data: bytes) -> int:
    """FarmHash Fingerprint64 of `data` (an unsigned 64-bit int)."""
    n = len(data)
    if n <= 16:
        return _hash_len0to16(data, n)
    if n <= 32:
        return _hash_len17to32(data, n)
    if n <= 64:
        return _hash_len33to64(data, n)
    seed = 81
    x = seed
    y = (seed * _K1 + 113) & _MASK
    z = (_shift_mix((y * _K2 + 113) & _MASK) * _K2) & _MASK
    v0 = v1 = w0 = w1 = 0
    x = (x * _K2 + _fetch64(data, 0)) & _MASK
    end = ((n - 1) // 64) * 64
    last64 = end + ((n - 1) & 63) - 63
    pos = 0
    while True:
        x = (_rotr((x + y + v0 + _fetch64(data, pos + 8)) & _MASK, 37)
             * _K1) & _MASK
        y = (_rotr((y + v1 + _fetch64(data, pos + 48)) & _MASK, 42)
             * _K1) & _MASK
        x ^= w1
        y = (y + v0 + _fetch64(data, pos + 40)) & _MASK
        z = (_rotr((z + w0) & _MASK, 33) * _K1) & _MASK
        v0, v1 = _weak_hash32(data, pos, (v1 * _K1) & _MASK, (x + w0) & _MASK)
        w0, w1 = _weak_hash32(data, pos + 32, (z + w1) & _MASK,
                              (y + _fetch64(data, pos + 16)) & _MASK)
        z, x = x, z
        pos += 64
        if pos == end:
            break
    mul = _K1 + ((z & 0xFF) << 1)
    pos = last64
    w0 = (w0 + ((n - 1) & 63)) & _MASK
    v0 = (v0 + w0) & _MASK
    w0 = (w0 + v0) & _MASK
    x = (_rotr((x + y + v0 + _fetch64(data, pos + 8)) & _MASK, 37)
         * mul) & _MASK
    y = (_rotr((y + v1 + _fetch64(data, pos + 48)) & _MASK, 42)
         * mul) & _MASK
    x ^= (w1 * 9) & _MASK
    y = (y + v0 * 9 + _fetch64(data, pos + 40)) & _MASK
    z = (_rotr((z + w0) & _MASK, 33) * mul) & _MASK
    v0, v1 = _weak_hash32(data, pos, (v1 * mul) & _MASK, (x + w0) & _MASK)
    w0, w1 = _weak_hash32(data, pos + 32, (z + w1) & _MASK,
                          (y + _fetch64(data, pos + 16)) & _MASK)
    z, x = x, z
    return _hash_len16(
        (_hash_len16(v0, w0, mul) + _shift_mix(y) * _K0 + z) & _MASK,
        (_hash_len16(v1, w1, mul) + x) & _MASK,
        mul,
    )


def _rotl(value, shift):
    return ((value << shift) | (value >> (64 - shift))) & _MASK


def siphash64(key, data: bytes) -> int:
    """SipHash-2-4 of `data` under `key = (k0, k1)` (two uint64)."""
    k0, k1 = (int(k) & _MASK for k in key)
    v = [k0 ^ 0x736F6D6570736575, k1 ^ 0x646F72616E646F6D,
         k0 ^ 0x6C7967656E657261, k1 ^ 0x7465646279746573]

    def rounds(count):
        v0, v1, v2, v3 = v
        for _ in range(count):
            v0 = (v0 + v1) & _MASK
            v1 = _rotl(v1, 13) ^ v0
            v0 = _rotl(v0, 32)
            v2 = (v2 + v3) & _MASK
            v3 = _rotl(v3, 16) ^ v2
            v0 = (v0 + v3) & _MASK
            v3 = _rotl(v3, 21) ^ v0
            v2 = (v2 + v1) & _MASK
            v1 = _rotl(v1, 17) ^ v2
            v2 = _rotl(v2, 32)
        v[:] = [v0, v1, v2, v3]

    n = len(data)
    full = n - n % 8
    for i in range(0, full, 8):
        m = _fetch64(data, i)
        v[3] ^= m
        rounds(2)
        v[0] ^= m
    tail = data[full:] + bytes(8 - (n - full))
    m = _fetch64(tail, 0) | ((n & 0xFF) << 56)
    v[3] ^= m
    rounds(2)
    v[0] ^= m
    v[2] ^= 0xFF
    rounds(4)
    return v[0] ^ v[1] ^ v[2] ^ v[3]


def to_text_bytes(value, encoding="utf-8") -> bytes:
    """The bytes Keras hashes for one value (ints as decimal text)."""
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode(encoding)
    if isinstance(value, (float, np.floating)):
        value = int(value)
    return str(int(value)).encode("ascii")


def hash_to_bins(values, num_bins, salt=None):
    """Hash bucket (`int64` array, shape of `values`) of every value.

    `salt=None` uses `fingerprint64`; a `[k0, k1]` salt uses `siphash64`.
    """
    values = np.asarray(values)
    if values.dtype.kind == "f":
        values = values.astype("int64")
    flat = values.reshape(-1)
    uniques, inverse = np.unique(flat, return_inverse=True)
    if salt is None:
        codes = [fingerprint64(to_text_bytes(u)) % num_bins for u in uniques]
    else:
        codes = [siphash64(salt, to_text_bytes(u)) % num_bins
                 for u in uniques]
    codes = np.asarray(codes, dtype="int64")
    return codes[inverse.reshape(-1)].reshape(values.shape)
