"""What one `OrbaxCheckpoint` step holds, and how it is written and read.

A checkpoint directory holds one sub-directory per saved step (orbax's
`CheckpointManager` layout); orbax builds each step under a temporary name
and renames it when every item is written, so a killed writer leaves the
previous steps intact (its temporary directory is removed by the next
manager opened on the directory). One step holds these items:

- `pytree`: `model.get_state_tree()`, Keras's layout (groups
  `trainable_variables`, `non_trainable_variables`, `optimizer_variables`,
  `metrics_variables`, each nested by variable path), written shard by
  shard by orbax (each process writes the shards it owns);
- `kerax_position`: JSON with the training position: `epoch`, `step`
  (steps done within that epoch), `global_step`, the host random states
  (NumPy's global generator as it was before that epoch's row order was
  drawn, Python's `random`) and whether `kerax_order` holds a row order;
- `kerax_order`: that epoch's row order (array data, mid-epoch saves);
- `model_config`: `{"config": <the model's config as a JSON string>}`, a
  pytree as Keras writes it (not written with `save_weights_only=True`).

Reading builds the restore target from the live model: every array comes
back with the sharding of the variable it is assigned to, so a checkpoint
written on one device mesh loads onto another (orbax reads each target
shard from whatever shards were written).
"""

from __future__ import annotations

import json
import os
import random

import numpy as np

from kerax.support.archive_utils import links_outside
from kerax.tree.path_dict import flatten_paths, nest_paths

TREE = "pytree"
POSITION = "kerax_position"
ORDER = "kerax_order"
CONFIG = "model_config"
ITEMS = (TREE, POSITION, ORDER, CONFIG)
FORMAT = 1
GROUPS = ("trainable_variables", "non_trainable_variables",
          "optimizer_variables", "metrics_variables")
WEIGHT_GROUPS = GROUPS[:2]


def orbax():
    """The `orbax.checkpoint` module, or a clear ImportError."""
    try:
        import orbax.checkpoint as ocp
    except ImportError as error:
        raise ImportError(
            "OrbaxCheckpoint needs the `orbax-checkpoint` package: "
            "`pip install kerax[orbax]` (or `pip install "
            "orbax-checkpoint`).") from error
    return ocp


def open_manager(directory, max_to_keep=None, background=True,
                 create=True):
    """An orbax `CheckpointManager` on `directory` (an absolute path) that
    knows the handler of every item (so metadata reads need no args)."""
    ocp = orbax()
    options = ocp.CheckpointManagerOptions(
        max_to_keep=max_to_keep,
        enable_async_checkpointing=background,
        create=create,
        cleanup_tmp_directories=create,
    )
    handlers = {
        TREE: ocp.StandardCheckpointHandler(),
        POSITION: ocp.JsonCheckpointHandler(),
        ORDER: ocp.StandardCheckpointHandler(),
        CONFIG: ocp.PyTreeCheckpointHandler(),
    }
    return ocp.CheckpointManager(directory, options=options,
                                 item_handlers=handlers)


def is_checkpoint_directory(path) -> bool:
    """Whether `path` is a directory of orbax steps written by
    `OrbaxCheckpoint` (or one such step)."""
    path = os.fspath(path)
    if not os.path.isdir(path):
        return False
    if _is_step(path):
        return True
    return any(name.isdigit() and _is_step(os.path.join(path, name))
               for name in os.listdir(path))


def _is_step(path):
    return os.path.isdir(os.path.join(path, TREE)) and (
        os.path.exists(os.path.join(path, "_CHECKPOINT_METADATA"))
        or os.path.isdir(os.path.join(path, POSITION)))


# ------------------------------------------------------------------ write
def position(epoch, step, global_step, numpy_state, order):
    """The JSON-able training position (see the module docstring)."""
    _, keys, pos, has_gauss, gauss = numpy_state
    return {
        "format": FORMAT,
        "epoch": int(epoch),
        "step": int(step),
        "global_step": int(global_step),
        "numpy_random": [np.asarray(keys).tolist(), int(pos),
                         int(has_gauss), float(gauss)],
        "python_random": random.getstate(),
        "has_order": order is not None,
    }


def save_args(model, where, order, weights_only, model_config=None):
    """orbax's `Composite` arguments of one step; `where` is `position()`,
    `order` the epoch's row order (or None)."""
    ocp = orbax()
    tree = model.get_state_tree()
    paths = variable_paths(model)
    if weights_only:
        tree = {key: tree[key] for key in WEIGHT_GROUPS}
        paths = {key: paths[key] for key in WEIGHT_GROUPS}
    items = {
        TREE: ocp.args.StandardSave(tree),
        POSITION: ocp.args.JsonSave({**where, "paths": paths}),
    }
    if order is not None:
        items[ORDER] = ocp.args.StandardSave(
            {"order": np.asarray(order, np.int32)})
    if model_config is not None:
        # Keras's layout: a pytree whose one leaf is the JSON string.
        items[CONFIG] = ocp.args.PyTreeSave({"config": model_config})
    return ocp.args.Composite(**items)


# ------------------------------------------------------------------- read
def resolve(path):
    """`(root, step)` for a checkpoint root (its newest step) or one step
    directory; raises ValueError when no finished step is found."""
    path = os.fspath(path)
    if "://" not in path:
        path = os.path.abspath(path)
    name = os.path.basename(path.rstrip("/"))
    if name.isdigit() and _is_step(path):
        return os.path.dirname(path), int(name)
    with open_manager(path, background=False, create=False) as manager:
        step = manager.latest_step()
    if step is None:
        raise ValueError(
            f"OrbaxCheckpoint: no finished checkpoint in '{path}' (a step "
            "still being written when its writer was killed does not "
            "count).")
    return path, step


def read(root, step, model, required=GROUPS, optional=(),
         with_order=True):
    """`(plan, where, order)` of step `step`.

    `plan` pairs each variable of `model`'s `required` groups (and of the
    `optional` groups that match) with its restored value, already placed
    with the variable's sharding; `where` is the position dict (None when
    the step has none); `order` the saved row order (or None).
    """
    ocp = orbax()
    source = os.path.join(root, str(step))
    if "://" not in source:  # a hostile step must not read other files
        for name, target in links_outside(source)[:1]:
            raise ValueError(
                f"OrbaxCheckpoint: refusing '{source}': its link '{name}' "
                f"resolves to {target}, outside the checkpoint.")
    with open_manager(root, background=False, create=False) as manager:
        metadata = manager.item_metadata(step)
        if metadata.get(TREE) is None:
            raise ValueError(
                f"OrbaxCheckpoint: '{source}' holds no `{TREE}` item: it "
                "was not written by OrbaxCheckpoint.")
        saved = {group: flatten_paths(tree)
                 for group, tree in dict(metadata[TREE].tree).items()}
        where = None
        if _has_item(source, POSITION):
            where = manager.restore(step, args=ocp.args.Composite(
                **{POSITION: ocp.args.JsonRestore()}))[POSITION]
        _build_optimizer(model, saved)
        matches = _match(model, saved, (where or {}).get("paths", {}),
                         required, optional, source)
        items = {TREE: ocp.args.StandardRestore(_abstract(saved, matches))}
        if with_order and where and where.get("has_order"):
            items[ORDER] = ocp.args.StandardRestore()
        restored = manager.restore(step, args=ocp.args.Composite(**items))
    values = {group: flatten_paths(tree)
              for group, tree in restored[TREE].items()}
    plan = [(variable, values[group][path])
            for group, pairs in matches.items()
            for path, variable in pairs.items()]
    order = None
    if ORDER in items:
        order = np.asarray(restored[ORDER]["order"]).astype(np.int64)
    return plan, where, order


def read_config(root, step):
    """The saved model config, or None when the step has none."""
    ocp = orbax()
    with open_manager(root, background=False, create=False) as manager:
        if not _has_item(os.path.join(root, str(step)), CONFIG):
            return None
        restored = manager.restore(
            step, args=ocp.args.Composite(
                **{CONFIG: ocp.args.PyTreeRestore()}))
    config = restored[CONFIG]["config"]
    return json.loads(config) if isinstance(config, str) else config


def _has_item(step_dir, name):
    return os.path.isdir(os.path.join(step_dir, name))


def _groups(model):
    optimizer = getattr(model, "optimizer", None)
    return dict(zip(GROUPS, (
        model.trainable_variables, model.non_trainable_variables,
        optimizer.variables if optimizer is not None else [],
        model.metrics_variables)))


def variable_paths(model):
    """`{group: [variable paths in the model's order]}`, saved with each
    step so a model whose auto-generated names differ still matches."""
    return {group: [v.path for v in variables]
            for group, variables in _groups(model).items()}


def _build_optimizer(model, saved):
    optimizer = getattr(model, "optimizer", None)
    if (optimizer is not None and not getattr(optimizer, "built", True)
            and saved.get("optimizer_variables")
            and getattr(model, "built", False)):
        optimizer.build(model.trainable_variables)


def _match(model, saved, saved_paths, required, optional, source):
    """`{group: {saved path: variable}}`: by path when every path of the
    model is saved, else by position (equal counts); shapes must agree.
    A `required` group that does not match raises; an `optional` one is
    left out."""
    matches = {}
    for group, variables in _groups(model).items():
        if group not in required and group not in optional:
            continue
        if not variables:
            continue
        try:
            matches[group] = _match_group(
                variables, saved.get(group, {}), saved_paths.get(group),
                group, source, model.name)
        except ValueError:
            if group in required:
                raise
    return matches


def _match_group(variables, saved, saved_paths, group, source, name):
    by_tail = _by_tail(saved)
    if all(v.path in saved for v in variables):
        pairs = {v.path: v for v in variables}
    elif saved_paths is not None and len(saved_paths) == len(variables):
        pairs = dict(zip(saved_paths, variables))
    elif all(_tail(v.path) in by_tail for v in variables):
        # Written by Keras, or by another kerax process, where the model's
        # or optimizer's auto-generated name (the first part) differs.
        pairs = {by_tail[_tail(v.path)]: v for v in variables}
    else:
        missing = next(v.path for v in variables if v.path not in saved)
        raise ValueError(
            f"OrbaxCheckpoint: '{source}' holds {len(saved)} {group}, none "
            f"at '{missing}'; model '{name}' has {len(variables)}. It was "
            "written by a different model.")
    for path, variable in pairs.items():
        meta = saved.get(path)
        if meta is None or tuple(meta.shape) != tuple(variable.shape):
            got = None if meta is None else tuple(meta.shape)
            raise ValueError(
                f"OrbaxCheckpoint: '{source}' holds shape {got} for {group} "
                f"'{path}'; the model's '{variable.path}' has shape "
                f"{tuple(variable.shape)}.")
    return pairs


def _tail(path):
    return path.partition("/")[2] or path


def _by_tail(saved):
    """`{path without its first part: path}` for the saved paths, without
    the tails that two saved paths share."""
    tails = {}
    for path in saved:
        tails.setdefault(_tail(path), []).append(path)
    return {tail: paths[0] for tail, paths in tails.items()
            if len(paths) == 1}


def _abstract(saved, matches):
    """The restore target: saved shapes and dtypes, each with the layout of
    the variable it will be assigned to under the active distribution (or
    its current sharding; unmatched leaves: replicated)."""
    import jax

    from kerax.distribution import distribution

    mesh = jax.sharding.Mesh(np.array(jax.devices()), ("all",))
    replicated = jax.sharding.NamedSharding(
        mesh, jax.sharding.PartitionSpec())
    active = distribution()
    abstract = {}
    for group, flat in saved.items():
        pairs = matches.get(group, {})
        leaves = {}
        for path, meta in flat.items():
            variable = pairs.get(path)
            sharding = replicated
            if variable is not None and active is not None:
                # Straight onto the layout the trainer places it with (with
                # several processes, a process-local copy could not move).
                sharding = active.get_variable_layout(variable).sharding
            elif variable is not None:
                sharding = getattr(variable.value, "sharding", replicated)
            leaves[path] = jax.ShapeDtypeStruct(
                tuple(meta.shape), meta.dtype, sharding=sharding)
        abstract[group] = nest_paths(leaves)
    return abstract


# ---------------------------------------------------------------- restore
def assign(plan, where=None):
    """Assigns a `read` plan, then the host random states of `where`."""
    for variable, value in plan:
        variable.assign(value)
    if where is not None:
        keys, pos, has_gauss, gauss = where["numpy_random"]
        np.random.set_state(("MT19937", np.asarray(keys, np.uint32), pos,
                             has_gauss, gauss))
        version, internal, python_gauss = where["python_random"]
        random.setstate((version, tuple(internal), python_gauss))
