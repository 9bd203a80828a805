"""The build's shape, checked on the source: page builders see only the model and the page
helpers, nothing imports in a circle, and only the writer's side touches the build folders."""
from __future__ import annotations

import ast
from pathlib import Path

from conftest import REPO

GENERATOR = REPO / "generator"
PAGE_BUILDERS = sorted(GENERATOR.glob("pages/*.py")) + [GENERATOR / "search_docs.py"]
# slugs, plural and excerpt are leaves (pure functions of a string or a number, importing nothing).
PAGE_IMPORTS = {"generator.model", "generator.config", "generator.slugs", "generator.plural", "generator.excerpt",
                "generator.pages.common", "generator.pages.spec"}
# The writer's side: writing pages, keeping incremental state, staging and publishing the site.
# shards: MkDocs shards staged and merged; scaffold (python -m generator new) writes a new
# article into content/, never a build folder.
FOLDER_WRITERS = {"writer", "files", "incremental", "publish", "pagefind", "shards", "scaffold"}
WRITING_CALLS = {"write_text", "write_bytes", "atomic_write", "rmtree", "unlink", "mkdir", "makedirs", "rename",
                 "rmdir", "os.replace", "open:w"}


def writing_calls(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name == "replace" and isinstance(node.func, ast.Attribute) and getattr(node.func.value, "id", "") == "os":
            name = "os.replace"
        modes = [a.value for a in node.args[1:2] + [k.value for k in node.keywords if k.arg == "mode"]
                 if isinstance(a, ast.Constant)]
        if name == "open" and any(set(str(m)) & set("wax+") for m in modes):
            name = "open:w"
        found.add(name)
    return found & WRITING_CALLS


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """The generator modules `path` imports, anywhere in it (functions included)."""
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package
            for _ in range(node.level - 1):
                base = base.rpartition(".")[0]
            module = f"{base}.{node.module}" if node.level and node.module else (base if node.level else node.module)
            found.add(module)
            found.update(f"{module}.{a.name}" for a in node.names if (GENERATOR.parent / f"{module}.{a.name}".replace(".", "/")).with_suffix(".py").exists())
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return {m for m in found if m and m.startswith("generator")}


def test_page_builders_import_only_the_model_and_the_page_helpers():
    for path in PAGE_BUILDERS:
        own = {module_name(p) for p in PAGE_BUILDERS}
        strays = imports(path) - PAGE_IMPORTS - own - {"generator.pages"}
        assert not strays, f"{path.name} imports {sorted(strays)}"


def test_no_module_imports_in_a_circle():
    graph = {module_name(p): imports(p) for p in GENERATOR.rglob("*.py")}
    graph = {m: {i for i in deps if i in graph and i != m and not m.startswith(i + ".")} for m, deps in graph.items()}
    visiting, done = set(), set()

    def visit(module: str, trail: list[str]) -> None:
        assert module not in visiting, "import cycle: " + " -> ".join(trail[trail.index(module):] + [module])
        if module in done:
            return
        visiting.add(module)
        for dependency in sorted(graph[module]):
            visit(dependency, trail + [module])
        visiting.discard(module)
        done.add(module)

    for module in sorted(graph):
        visit(module, [])
    assert "generator.cli" not in graph["generator.serve"] and "generator.serve" not in graph["generator.pipeline"]


def test_only_the_writers_side_touches_the_build_folders():
    """Benchmark code (it writes invented archives) and the readers, which only read, aside."""
    for path in sorted(GENERATOR.glob("*.py")) + sorted(GENERATOR.glob("pages/*.py")):
        if path.stem in FOLDER_WRITERS:
            continue
        assert not writing_calls(path), f"{path.name} calls {sorted(writing_calls(path))}"


def test_the_folder_check_sees_writes():
    assert writing_calls(GENERATOR / "incremental.py") >= {"unlink", "rmtree", "atomic_write", "write_text"}
    assert "os.replace" in writing_calls(GENERATOR / "files.py")
