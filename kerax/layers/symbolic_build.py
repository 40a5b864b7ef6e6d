"""Old path of the layers' symbolic build: re-exports
`kerax.graph.symbolic_build` (a module of the graph package's layers
tier)."""

from kerax.graph.symbolic_build import (
    attach_output_masks,
    build_by_run,
    build_shapes,
    context_mask_args,
    eval_output_spec,
    eval_symbolic,
    fill_context_masks,
    has_unbuilt_sublayers,
    input_masks,
    keeps_base_method,
    register_layer_base,
    symbolic_call,
    wrap_build,
)

__all__ = [
    "attach_output_masks",
    "build_by_run",
    "build_shapes",
    "context_mask_args",
    "eval_output_spec",
    "eval_symbolic",
    "fill_context_masks",
    "has_unbuilt_sublayers",
    "input_masks",
    "keeps_base_method",
    "register_layer_base",
    "symbolic_call",
    "wrap_build",
]
