"""One storage package: no import circle anywhere in rebound/, and the app reaches the backends only
through the package's face (``rebound.storage``).

Negative control: ``import_cycles`` run on the tree before the move (rebound/store.py imported
rebound/pgstore.py inside ``open_workspace``, pgstore imported store at the top) reports
``rebound.store -> rebound.pgstore -> rebound.store``; ``test_the_checker_sees_a_circle_inside_a_function``
keeps that kind of circle caught.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BACKENDS = ("rebound.storage.files", "rebound.storage.postgres", "rebound.storage.migrate")


def _module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(root: Path, path: Path, package: str) -> set[str]:
    """Every module of ``package`` this file imports, at the top or inside a function."""
    known = {_module_name(root, p) for p in (root / package).rglob("*.py")}
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for a in node.names:  # ``from a.b import c``: the module a.b.c when there is one, else a.b
                sub = f"{node.module}.{a.name}"
                found.add(sub if sub in known else node.module)
    return {m for m in found if m in known}


def import_graph(root: Path, package: str = "rebound") -> dict[str, set[str]]:
    return {
        _module_name(root, p): _imports(root, p, package) - {_module_name(root, p)}
        for p in sorted((root / package).rglob("*.py"))
    }


def import_cycles(root: Path, package: str = "rebound") -> list[list[str]]:
    """Each import circle once, as a path that comes back to where it started."""
    graph = import_graph(root, package)
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(mod: str) -> None:
        state[mod] = 1
        path.append(mod)
        for dep in sorted(graph.get(mod, ())):
            if state.get(dep) == 1:
                cycles.append(path[path.index(dep) :] + [dep])
            elif dep not in state:
                visit(dep)
        path.pop()
        state[mod] = 2

    for mod in sorted(graph):
        if mod not in state:
            visit(mod)
    return cycles


@pytest.mark.parametrize("package", ["rebound", "components"])
def test_no_import_circle(package):
    assert import_cycles(ROOT, package) == []


def test_the_checker_sees_a_circle_inside_a_function(tmp_path):
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "store.py").write_text("def open_workspace():\n    from pkg import pgstore\n    return pgstore\n")
    (pkg / "pgstore.py").write_text("from pkg import store\nfrom pkg.store import open_workspace\n")
    assert import_cycles(tmp_path, "pkg") == [["pkg.pgstore", "pkg.store", "pkg.pgstore"]]


def _app_files() -> list[Path]:
    files = [*ROOT.glob("*.py"), *(ROOT / "components").rglob("*.py"), *(ROOT / "pages").rglob("*.py")]
    return files + [p for p in (ROOT / "rebound").rglob("*.py") if "storage" not in p.relative_to(ROOT).parts]


def test_the_app_reaches_the_backends_only_through_the_package_face():
    offenders = {}
    for path in _app_files():
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.ImportFrom) and node.module:
                found.update(f"{node.module}.{a.name}" for a in node.names)
                found.add(node.module)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
        bad = sorted(m for m in found if m.startswith(BACKENDS) or m in ("rebound.store", "rebound.pgstore"))
        if bad:
            offenders[str(path.relative_to(ROOT))] = bad
    assert offenders == {}


@pytest.mark.parametrize(
    "module", sorted(_module_name(ROOT, p) for p in (ROOT / "rebound" / "storage").glob("*.py")), ids=str
)
def test_each_storage_module_imports_first_in_a_fresh_interpreter(module):
    # Whatever is imported first, no half-initialised module is met on the way.
    done = subprocess.run(
        [sys.executable, "-c", f"import {module}"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
