"""Arrows between the project's modules point one way. The packages are layered, lowest first:
ingest, expectations, warehouse, bench; none imports a package above it. No module takes part
in an import cycle, inside a package or across them. In warehouse/, the folders follow the
build's flow (build, publish, serve): a module imports from its own phase, an earlier one or
the shared modules at the top of the package, never from a later phase or from the commands
that run them all (cli, steps, clean, generate). Imports inside functions count: they are
arrows too."""

import ast
import graphlib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("ingest", "expectations", "warehouse", "bench")  # lowest first
PHASES = ("build", "publish", "serve")  # warehouse's folders, in the order a build runs them
COMMANDS = ("__main__", "cli", "steps", "clean", "generate")  # warehouse's, above every phase


def modules(root: Path, packages: tuple[str, ...]) -> dict[str, Path]:
    """Every module of `packages` under `root`, by dotted name (a package by its own name)."""
    found = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            name = ".".join(path.relative_to(root).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


def imported(name: str, path: Path) -> set[str]:
    """The dotted names `path` imports, anywhere in it; `from a import b` gives a and a.b."""
    names = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the module's package, up level - 1
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}".rstrip(".")
            names |= {base} | {f"{base}.{alias.name}" for alias in node.names}
    return names


def graph(root: Path, packages: tuple[str, ...] = PACKAGES) -> dict[str, set[str]]:
    """module -> the project's modules it imports (each name mapped to its longest module)."""
    mods = modules(root, packages)
    edges = {}
    for name, path in mods.items():
        targets = set()
        for dotted in imported(name, path):
            parts = dotted.split(".")
            prefixes = (".".join(parts[:n]) for n in range(len(parts), 0, -1))
            if (target := next((p for p in prefixes if p in mods), None)) and target != name:
                targets.add(target)
        edges[name] = targets
    return edges


def cycle(edges: dict[str, set[str]]) -> list[str] | None:
    try:
        graphlib.TopologicalSorter(edges).prepare()
    except graphlib.CycleError as exc:
        return exc.args[1]
    return None


def phase_rank(module: str) -> int:
    """0 for warehouse's shared modules, then one per phase, the commands last."""
    if module.removeprefix("warehouse.") in COMMANDS:
        return len(PHASES) + 1
    parts = module.split(".")
    return PHASES.index(parts[1]) + 1 if len(parts) > 2 and parts[1] in PHASES else 0


def test_no_import_cycle():
    assert cycle(graph(REPO)) is None, f"import cycle: {' -> '.join(cycle(graph(REPO)) or [])}"


def test_packages_import_only_the_packages_below_them():
    rank = {package: i for i, package in enumerate(PACKAGES)}
    upward = [
        f"{module} imports {target}"
        for module, targets in graph(REPO).items()
        for target in sorted(targets)
        if rank[target.split(".")[0]] > rank[module.split(".")[0]]
    ]
    assert upward == []


def test_warehouse_phases_import_only_earlier_phases():
    edges = graph(REPO, ("warehouse",))
    assert {m.split(".")[1] for m in edges if m.count(".") > 1} == set(PHASES)
    backward = [
        f"{module} imports {target}"
        for module, targets in edges.items()
        for target in sorted(targets)
        if phase_rank(target) > phase_rank(module)
    ]
    assert backward == []


def test_the_checks_see_a_cycle_and_an_upward_arrow(tmp_path):
    """The checks on a made-up project: a cycle through a function-local relative import, and
    a lower package importing a higher one."""
    (tmp_path / "ingest").mkdir()
    (tmp_path / "ingest" / "__init__.py").write_text("")
    (tmp_path / "ingest" / "a.py").write_text("from ingest.b import x\n")
    (tmp_path / "ingest" / "b.py").write_text("def f():\n    from . import a\n\nx = 1\n")
    (tmp_path / "warehouse").mkdir()
    (tmp_path / "warehouse" / "__init__.py").write_text("")
    (tmp_path / "warehouse" / "w.py").write_text("import ingest.a\n")
    (tmp_path / "ingest" / "c.py").write_text("from warehouse import w\n")
    edges = graph(tmp_path, ("ingest", "warehouse"))
    assert sorted(cycle(edges) or []) in (
        ["ingest.a", "ingest.a", "ingest.b"],
        ["ingest.a", "ingest.b", "ingest.b"],
    )
    assert edges["ingest.c"] == {"warehouse", "warehouse.w"}
    assert edges["warehouse.w"] == {"ingest.a"}


@pytest.mark.parametrize(
    ("module", "rank"),
    [
        ("warehouse.settings", 0),
        ("warehouse.build.dbt", 1),
        ("warehouse.serve.bi", 3),
        ("warehouse.cli", 4),
    ],
)
def test_phase_rank(module, rank):
    assert phase_rank(module) == rank
