"""Quantized forms of kerax's layers (int8, int4, float8) and
`Model.quantize` (see `kerax.quantizers` for the configs)."""
