"""The functional graph: symbolic tensors, nodes, op layers, symbolic
build, graph walk, and the functional/Sequential config.

The package is layered inside (see docs/architecture.md, "Functional
graph (graph/)"); each module sits at one level of kerax's layering:

- core tier (imports nothing above `kerax.core`): `keras_tensor`
  (`KerasTensor`), `node` (`Node`), `dispatch` (the registration points
  for recording ops), `symbolic_op` (the ops' decorator), `topology`
  (`map_graph`: a graph's nodes in execution order).
- layers tier (with `kerax.layers`): `symbolic_build` (a layer's build,
  output spec, masks and node on KerasTensors; every Layer class uses it),
  `op_layer` (`OpLayer`; fills `dispatch`'s hooks when imported).
- graph tier (above `kerax.trainers`, below `kerax.models`): `run`
  (running a node list), `function` (`Function`), `config` (the Keras
  config of functional and Sequential models; `kerax.saving` fills its
  codec).

This file imports nothing, so that a core-tier module can be imported
without loading the higher tiers.
"""
