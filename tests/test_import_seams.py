"""The seams of docs/architecture.md ("Seams"), read from the source with the standard library's ``ast``.

Every ``import`` and ``from ... import`` of the four packages is read, the lazy ones inside functions too, and
checked against SEAMS: which module may not import which. A rule broken is named with its file and line, and
the last tests plant violations in a copy of the layout to show the check would see them.
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("articles", "geo", "timeline", "dashboard")

# (modules the rule is about, modules they may not import, modules exempt from the rule, why).
# A name covers its submodules: "timeline.store" is timeline/store/ and everything in it.
_BELOW_EVENTS = ("timeline.store", "timeline.dataset", "timeline.corpus", "timeline.imports", "timeline.ingest",
                 "timeline.evaluation", "timeline.cli", "timeline.export", "timeline.incidents")
SEAMS = (
    (("articles",), ("geo", "timeline", "dashboard"), (), "articles is the bottom layer"),
    (("geo",), ("timeline", "dashboard"), (), "geo knows nothing of dates and events"),
    (("timeline",), ("dashboard",), (), "nothing below the dashboard knows of a user interface"),
    (("timeline.records", "timeline.query", "timeline.errors"),
     ("timeline.events", "timeline.timex.tense") + _BELOW_EVENTS, (), "the records and the filter are plain data"),
    (("timeline.timex",), ("timeline.events",) + _BELOW_EVENTS, (), "the tagger is a model of its own"),
    (("timeline.events",), _BELOW_EVENTS, (), "events turn one article into records; they never store them"),
    (("timeline.store",), ("timeline.events", "timeline.corpus", "timeline.imports", "timeline.ingest",
                           "timeline.cli"), (), "the stores keep and answer; they never analyse"),
    (("timeline.dataset",), ("timeline.events", "timeline.store", "timeline.corpus", "timeline.imports",
                             "timeline.cli"), (), "the Parquet format knows only the records"),
    (("timeline.incidents",), ("timeline.store", "timeline.dataset", "timeline.corpus", "timeline.imports",
                               "timeline.ingest", "timeline.cli"), (),
     "incidents merge the leads of analyses they are given; the store and the build call them"),
    (("articles", "geo", "timeline", "dashboard"), ("timeline.cli",), ("timeline.cli", "timeline.__main__"),
     "a command is an edge: nothing imports one"),
    (("dashboard",), ("timeline.events", "timeline.store", "timeline.ingest", "timeline.corpus",
                      "timeline.imports.run", "timeline.dataset"), ("dashboard.backend",),
     "the dashboard reaches the pipeline and the stores only through its backend"),
)


def _under(name: str, prefixes) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(tree: ast.AST, module: str, is_package: bool) -> list[tuple[list[str], int]]:
    """(module names, line) of every import statement in ``tree``; ``from a import b`` names a and a.b (b may
    be a submodule), and a relative import is resolved against ``module``."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.append(([alias.name for alias in node.names], node.lineno))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = module.split(".")
                anchor = parts if is_package else parts[:-1]
                anchor = anchor[:len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            found.append(([base] + [f"{base}.{alias.name}" for alias in node.names], node.lineno))
    return sorted(found, key=lambda names_line: names_line[1])


def violations(root: Path) -> list[str]:
    """Every import under ``root``'s packages that breaks a rule of SEAMS, as 'path:line: a imports b (why)'."""
    out = []
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            module = module_name(path, root)
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for targets, line in imported(tree, module, path.name == "__init__.py"):
                broken = next(((target, why) for target in targets for subjects, forbidden, exempt, why in SEAMS
                               if _under(module, subjects) and not _under(module, exempt)
                               and _under(target, forbidden) and not _under(target, (module,))), None)
                if broken:  # one report per import statement
                    out.append(f"{path.relative_to(root)}:{line}: {module} imports {broken[0]} ({broken[1]})")
    return out


def test_the_tree_keeps_its_seams():
    assert violations(ROOT) == []


def _plant(tmp_path: Path, files: dict[str, str]) -> Path:
    for package in PACKAGES:
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("")
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        for folder in path.relative_to(tmp_path).parents:
            if str(folder) != ".":
                (tmp_path / folder / "__init__.py").touch()
        path.write_text(text)
    return tmp_path


def test_a_planted_violation_of_each_kind_is_caught(tmp_path):
    root = _plant(tmp_path, {
        "timeline/events/pipeline.py": "from timeline.store import Store\n",
        "timeline/store/sqlite.py": "def f():\n    from timeline.events.pipeline import analyse_article\n",
        "timeline/ingest.py": "import timeline.cli.ingest\n",
        "dashboard/map_view.py": "from timeline.events import analyse_article\n",
        "geo/parser.py": "from timeline.records import Event\n",
        "timeline/records.py": "from timeline.events.dating import clause_date\n",
        "timeline/events/types.py": "from . import dating\nfrom ..store import sqlite\n",
    })
    found = violations(root)
    assert [f.split(":")[0] for f in found] == [
        "geo/parser.py", "timeline/events/pipeline.py", "timeline/events/types.py", "timeline/ingest.py",
        "timeline/records.py", "timeline/store/sqlite.py", "dashboard/map_view.py"]
    assert "timeline.events.types imports timeline.store " in found[2]  # the relative import, resolved
    assert found[5].startswith("timeline/store/sqlite.py:2: ")  # a lazy import inside a function counts


def test_the_exempt_modules_may_cross(tmp_path):
    root = _plant(tmp_path, {
        "dashboard/backend.py": "from timeline.store import Store\nfrom timeline.events import analyse_article\n",
        "timeline/__main__.py": "from timeline.cli import main\n",
        "timeline/cli/ingest.py": "from timeline.cli.progress import ProgressLine\nfrom timeline.store import Store\n",
    })
    assert violations(root) == []


def path_edits(root: Path) -> list[str]:
    """Every ``sys.path`` change (``sys.path.insert/append/extend``, an assignment to it) in the packages, the
    benchmarks and the scripts: each finds its imports through the install or by being run from the root as a
    module (``python -m benchmarks.x``), so an import resolves to one file however the program is started."""
    out = []
    for folder in (*PACKAGES, "benchmarks", "scripts"):
        for path in sorted((root / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
                target = node.func.value if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    else next(iter(node.targets), None) if isinstance(node, ast.Assign) else None
                if isinstance(target, ast.Attribute) and target.attr == "path" \
                        and isinstance(target.value, ast.Name) and target.value.id == "sys":
                    out.append(f"{path.relative_to(root)}:{node.lineno}")
    return out


def test_nothing_edits_sys_path():
    assert path_edits(ROOT) == []


def test_a_planted_sys_path_edit_is_caught(tmp_path):
    root = _plant(tmp_path, {"benchmarks/x.py": "import sys\nsys.path.insert(0, '.')\n",
                             "scripts/y.py": "import sys\nsys.path = ['.']\n",
                             "geo/z.py": "import sys\nprint(sys.path)\n"})
    assert path_edits(root) == ["benchmarks/x.py:2", "scripts/y.py:2"]
