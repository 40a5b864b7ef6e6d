"""The package's architecture rules that import-linter does not check.

The layer and cycle contracts live in pyproject.toml (`lint-imports` runs
them in `.ci/run`). This file adds:

- no import cycle of any length at module level, imports inside functions
  included, once the imports the acyclic contract lists as debt are
  removed (the contract compares the siblings inside each package, so a
  cycle between packages joined by `:` in the layers, or through a
  package's own `__init__`, escapes it);
- no `_private` name imported from another kerax package (or read off a
  module of another package);
- no `try: <import of kerax> ... except ImportError` (kerax's own packages
  are never optional);
- no `lazy_exports` table (module names as strings, invisible to grimp)
  naming a module that the layers place above its own.

Each known exception is listed below with its reason; the lists must match
the tree exactly, so fixing one means deleting its entry.
"""

from __future__ import annotations

import ast
import functools
import pathlib

import grimp

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: import-linter's TOML reader
    import tomli as tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "kerax"

# (importing module, imported module, name): private names that still cross
# a package boundary.
KNOWN_PRIVATE_IMPORTS: set[tuple[str, str, str]] = set()

# Modules with a `try: import kerax... except ImportError`.
KNOWN_OPTIONAL_KERAX_IMPORTS: set[str] = set()


def _contract(contract_id: str) -> dict:
    with open(ROOT / "pyproject.toml", "rb") as f:
        config = tomllib.load(f)["tool"]["importlinter"]
    return next(c for c in config["contracts"] if c["id"] == contract_id)


def _module_name(path: pathlib.Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@functools.cache
def _modules() -> tuple[tuple[str, pathlib.Path, ast.Module], ...]:
    """Every kerax module parsed once for the whole file (parsing is most
    of these tests' time); the trees are only read."""
    return tuple((_module_name(path), path, ast.parse(path.read_text()))
                 for path in sorted(PACKAGE.rglob("*.py")))


def _package(module: str) -> str:
    return ".".join(module.split(".")[:2])


def _absolute(module: str, path: pathlib.Path, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".")
    if path.name != "__init__.py":
        base = base[:-1]
    base = base[:len(base) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


def _strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative; components of two or more modules."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_import_cycles_beyond_the_listed_debt():
    graph = grimp.build_graph("kerax", include_external_packages=False,
                              cache_dir=None)
    for entry in _contract("acyclic").get("ignore_imports", []):
        importer, imported = (part.strip() for part in entry.split("->"))
        # A stale entry is lint-imports' to report.
        if {importer, imported} <= graph.modules and (
                graph.direct_import_exists(importer=importer,
                                           imported=imported)):
            graph.remove_import(importer=importer, imported=imported)
    edges = {module: set(graph.find_modules_directly_imported_by(module))
             for module in graph.modules}
    assert _strongly_connected(edges) == []


def test_grimp_counts_imports_inside_functions(tmp_path, monkeypatch):
    # The contracts rest on this: an import inside a function is an edge.
    package = tmp_path / "layering_probe"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "low.py").write_text(
        "def late():\n    from layering_probe import high\n    return high\n")
    (package / "high.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    graph = grimp.build_graph("layering_probe", cache_dir=None)
    assert graph.direct_import_exists(importer="layering_probe.low",
                                      imported="layering_probe.high")


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (
        name.startswith("__") and name.endswith("__"))


def test_no_private_names_across_packages():
    # `from kerax.x import _name`, and `module._name` on a kerax module
    # imported under a name (`from kerax.x import module`,
    # `import kerax.x as module`).
    module_names = {name for name, _, _ in _modules()}
    found = set()
    for module, path, tree in _modules():
        aliases = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                source = _absolute(module, path, node)
                if not source.startswith("kerax."):
                    continue
                for alias in node.names:
                    if f"{source}.{alias.name}" in module_names:
                        aliases[alias.asname or alias.name] = (
                            f"{source}.{alias.name}")
                    elif _is_private(alias.name) and (
                            _package(source) != _package(module)):
                        found.add((module, source, alias.name))
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname and alias.name.startswith("kerax."):
                        aliases[alias.asname] = alias.name
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute)
                    and isinstance(node.value, ast.Name)
                    and node.value.id in aliases
                    and _is_private(node.attr)):
                source = aliases[node.value.id]
                if _package(source) != _package(module):
                    found.add((module, source, node.attr))
    assert found == KNOWN_PRIVATE_IMPORTS


def _imports_kerax(statements: list[ast.stmt], module: str,
                   path: pathlib.Path) -> bool:
    for statement in statements:
        for node in ast.walk(statement):
            if isinstance(node, ast.Import) and any(
                    a.name == "kerax" or a.name.startswith("kerax.")
                    for a in node.names):
                return True
            if isinstance(node, ast.ImportFrom):
                source = _absolute(module, path, node)
                if source == "kerax" or source.startswith("kerax."):
                    return True
    return False


def _catches_import_error(handler: ast.ExceptHandler) -> bool:
    names = []
    if isinstance(handler.type, ast.Tuple):
        names = list(handler.type.elts)
    elif handler.type is not None:
        names = [handler.type]
    return any(isinstance(n, ast.Name)
               and n.id in ("ImportError", "ModuleNotFoundError")
               for n in names)


def test_no_optional_imports_of_kerax():
    found = set()
    for module, path, tree in _modules():
        for node in ast.walk(tree):
            if (isinstance(node, ast.Try)
                    and any(_catches_import_error(h) for h in node.handlers)
                    and _imports_kerax(node.body, module, path)):
                found.add(module)
    assert found == KNOWN_OPTIONAL_KERAX_IMPORTS


# (module, target): names a module re-exports on first use from a module
# the layers place above it (grimp cannot see these string imports).
KNOWN_UPWARD_LAZY_EXPORTS: set[tuple[str, str]] = set()


def _layer_ranks() -> tuple[dict[str, int], set[str]]:
    rows = _contract("layers")["layers"]
    ranks, independent = {}, set()
    for index, row in enumerate(rows):
        separator = "|" if "|" in row else ":"
        for tail in row.split(separator):
            tail = tail.strip().strip("()")
            ranks[tail] = len(rows) - index
            if separator == "|":
                independent.add(tail)
    return ranks, independent


def _layer_of(module: str, ranks: dict[str, int]) -> str | None:
    parts = module.split(".")[1:]
    for size in range(len(parts), 0, -1):
        tail = ".".join(parts[:size])
        if tail in ranks:
            return tail
    return None


def test_lazy_exports_respect_the_layers():
    # `lazy_exports` tables map module names (strings) to the names a
    # module re-exports on first use: imports the contracts cannot see.
    ranks, independent = _layer_ranks()
    found = set()
    for module, _, tree in _modules():
        mine = _layer_of(module, ranks)
        if mine is None:
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.Dict):
                continue
            for key in node.keys:
                if not (isinstance(key, ast.Constant)
                        and isinstance(key.value, str)
                        and key.value.startswith("kerax.")):
                    continue
                theirs = _layer_of(key.value, ranks)
                if theirs is None or theirs == mine:
                    continue
                if ranks[theirs] > ranks[mine] or (
                        ranks[theirs] == ranks[mine]
                        and mine in independent):
                    found.add((module, key.value))
    assert found == KNOWN_UPWARD_LAZY_EXPORTS
