"""The quantization modes (Keras's names). `kerax.quantizers` and
`kerax.dtype_policies` both check modes against them; they sit side by
side above core, so the tuple lives here.

>>> "int8" in QUANTIZATION_MODES
True
"""

QUANTIZATION_MODES = ("int8", "float8", "int4", "gptq", "awq")
