"""kerasgan's modules import each other without a cycle (at any depth, lazy imports included)."""

import ast
import pathlib

PACKAGE = pathlib.Path(__file__).resolve().parents[1] / "kerasgan"


def _module_name(path):
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


MODULES = {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def _resolve(node, current):
    """The kerasgan modules an import statement names (a package counts as its __init__)."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name in MODULES]
    if node.level:
        base = current.split(".")
        package = base if MODULES[current].name == "__init__.py" else base[:-1]
        package = package[: len(package) - node.level + 1]
        module = ".".join(package + ([node.module] if node.module else []))
    else:
        module = node.module or ""
    found = []
    for alias in node.names:
        child = f"{module}.{alias.name}"
        if child in MODULES:
            found.append(child)
        elif module in MODULES:
            found.append(module)
    return found


def import_graph():
    graph = {}
    for name, path in MODULES.items():
        edges = set()
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                edges.update(m for m in _resolve(node, name) if m != name)
        graph[name] = edges
    return graph


def find_cycle(graph):
    """One cycle as a list of modules, or None (depth-first search)."""
    state, stack = {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                cycle = visit(nxt)
                if cycle:
                    return cycle
        state[node] = "done"
        stack.pop()
        return None

    for node in sorted(graph):
        if node not in state:
            cycle = visit(node)
            if cycle:
                return cycle
    return None


def test_no_import_cycle_in_kerasgan():
    cycle = find_cycle(import_graph())
    assert cycle is None, "Import cycle: " + " -> ".join(cycle)


def test_the_walk_sees_lazy_imports_and_finds_a_planted_cycle():
    graph = import_graph()
    assert "kerasgan.objective" in graph["kerasgan._compile"]
    assert "kerasgan.procedure" in graph["kerasgan._backend.tensorflow"]
    planted = {**graph, "kerasgan.step": graph["kerasgan.step"] | {"kerasgan.procedure"}}
    cycle = find_cycle(planted)
    assert cycle is not None and "kerasgan.step" in cycle and "kerasgan.procedure" in cycle
