"""Our code builds on Textual's public API only (house rule): no private module, no
private name.

Two greps over the whole source (the core, the app, screens, widgets, tools, benchmarks and
the tests: a test that reads a private name breaks on an upgrade as surely):

- no import of a dependency's private module or name (``textual.widgets._data_table``,
  ``from textual.keys import _character_to_key``);
- in every file that imports Textual, no ``._name`` (attribute, ``getattr`` string or
  method definition) where ``_name`` is one Textual's own classes define: reading one
  leans on Textual's internals, and assigning or defining one in our subclass overrides
  them, so "we define it too" is no excuse. The names are computed from the classes
  themselves (their methods and the ``self._x`` they use), so a Textual upgrade keeps the
  list current. A module's own private function (``os._exit``) is not Textual's.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import re
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ("sekretariat", "tui", "screens", "widgets", "tools", "bench", "tests")
#: Our own packages, and the test modules tests import from each other (``conftest``,
#: ``test_terminal_gone``): a private name of ours is not a dependency's.
OURS = {"sekretariat", "tui", "screens", "widgets", "tools", "bench", "tests"} | {
    path.stem for path in (ROOT / "tests").glob("*.py")
}


def _files() -> list[Path]:
    files = [path for folder in SOURCE for path in sorted((ROOT / folder).rglob("*.py"))]
    assert len(files) > 50  # the source is where we think it is
    return files


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


@cache
def _names_of_class(cls: type) -> frozenset[str]:
    """The ``_names`` one Textual class defines (methods, class attributes) or uses on
    itself (``self._x`` in its source)."""
    names = {name for name in vars(cls) if _private(name)}
    try:
        source = inspect.getsource(cls)
    except (OSError, TypeError):
        return frozenset(names)
    return frozenset(names | {n for n in re.findall(r"self\.(_\w+)", source) if _private(n)})


def _textual_names_of(classes: list[type]) -> frozenset[str]:
    """The ``_names`` of these classes' Textual ancestors."""
    ancestors = {ancestor for root in classes for ancestor in root.__mro__}
    return frozenset().union(
        *(_names_of_class(cls) for cls in ancestors if cls.__module__.startswith("textual"))
    )


@cache
def _driven_names() -> frozenset[str]:
    """The ``_names`` of the Textual objects our code drives from outside (``app._x``,
    ``pilot._x``, ``screen._x``, ``table._x``)."""
    from textual.app import App
    from textual.pilot import Pilot
    from textual.screen import ModalScreen, Screen
    from textual.widget import Widget
    from textual.widgets import DataTable

    return _textual_names_of([App, Screen, ModalScreen, Widget, DataTable, Pilot])


def _private_imports(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
            names: list[str] = []
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [node.module]
            names = [alias.name for alias in node.names]
        else:
            continue
        for module in modules:
            if module.split(".")[0] in OURS:
                continue
            parts = module.split(".")
            found += [(node.lineno, module) for part in parts if _private(part)]
            found += [(node.lineno, f"{module}.{name}") for name in names if _private(name)]
    return found


def _module_names(tree: ast.AST) -> set[str]:
    """Names a file binds to modules (``import os``): ``os._exit`` is not Textual's."""
    return {
        (alias.asname or alias.name).split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }


def _on_self(node: ast.Attribute) -> bool:
    """``self._x``, ``cls._x`` or ``super()._x``: a name of the class's own ancestry."""
    value = node.value
    if isinstance(value, ast.Name):
        return value.id in ("self", "cls")
    return (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Name)
        and value.func.id == "super"
    )


def _string_names(node: ast.AST) -> list[tuple[int, str]]:
    """``getattr(x, "_name")`` and its kin: a private name reached by its string."""
    return [
        (call.lineno, call.args[1].value)
        for call in ast.walk(node)
        if isinstance(call, ast.Call)
        and isinstance(call.func, ast.Name)
        and call.func.id in ("getattr", "setattr", "hasattr", "delattr")
        and len(call.args) >= 2
        and isinstance(call.args[1], ast.Constant)
        and isinstance(call.args[1].value, str)
    ]


def _touches(
    tree: ast.AST, ancestry: dict[str, frozenset[str]], driven: frozenset[str]
) -> list[tuple[int, str]]:
    """Private Textual names this file uses, defines or overrides.

    ``ancestry`` gives, for each class of the file (by its qualified name), the names of
    its Textual ancestors: ``self._x``, ``super()._x`` and ``def _x`` in its body are
    checked against those. Anything else (``app._x``, ``getattr(app, "_x")``) against
    the names of the Textual objects we drive.
    """
    modules = _module_names(tree)
    found: list[tuple[int, str]] = []
    inside: set[int] = set()

    def visit_class(node: ast.ClassDef, qualname: str) -> None:
        own = ancestry.get(qualname, frozenset())
        for item in node.body:
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.name in own:
                found.append((item.lineno, f"def {item.name}"))
        for child in ast.walk(node):
            if isinstance(child, ast.ClassDef) and child is not node:
                continue  # nested classes are visited on their own
            if isinstance(child, ast.Attribute) and _on_self(child):
                inside.add(id(child))
                if child.attr in own:
                    found.append((child.lineno, f".{child.attr}"))
        for child in node.body:
            if isinstance(child, ast.ClassDef):
                visit_class(child, f"{qualname}.{child.name}")

    for node in getattr(tree, "body", []):
        if isinstance(node, ast.ClassDef):
            visit_class(node, node.name)
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and id(node) not in inside
            and node.attr in driven
            and not (isinstance(node.value, ast.Name) and node.value.id in modules)
        ):
            found.append((node.lineno, f".{node.attr}"))
    for line, name in _string_names(tree):
        if name in driven or any(name in names for names in ancestry.values()):
            found.append((line, f'getattr(…, "{name}")'))
    return found


def _ancestry(path: Path, tree: ast.AST) -> dict[str, frozenset[str]]:
    """For each class of a package module, the private names of its Textual ancestors.

    Classes outside our packages (a script's) count as descending from everything we
    drive, which is stricter.
    """
    qualnames: list[str] = []

    def collect(body: list[ast.stmt], prefix: str) -> None:
        for node in body:
            if isinstance(node, ast.ClassDef):
                qualnames.append(prefix + node.name)
                collect(node.body, f"{prefix}{node.name}.")

    collect(getattr(tree, "body", []), "")
    relative = path.relative_to(ROOT).with_suffix("")
    if relative.parts[0] not in ("tui", "screens", "widgets", "sekretariat"):
        return dict.fromkeys(qualnames, _driven_names())
    module = importlib.import_module(".".join(p for p in relative.parts if p != "__init__"))
    out = {}
    for qualname in qualnames:
        cls: object = module
        for part in qualname.split("."):
            cls = getattr(cls, part)
        assert isinstance(cls, type), qualname
        out[qualname] = _textual_names_of([cls])
    return out


def _imports_textual(tree: ast.AST) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(
            alias.name.split(".")[0] == "textual" for alias in node.names
        ):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "textual":
            return True
    return False


def test_no_private_module_or_name_of_a_dependency_is_imported() -> None:
    found = []
    for path in _files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [
            f"{path.relative_to(ROOT)}:{line}: {what}" for line, what in _private_imports(tree)
        ]
    assert found == []


def test_no_private_textual_name_is_used_defined_or_overridden() -> None:
    # The names are Textual's own, with those the app once leaned on.
    assert {"_css_update_count", "_init_mode", "_render_cell", "_wait_for_screen"} <= (
        _driven_names()
    )
    found = []
    for path in _files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if not _imports_textual(tree):
            continue
        touched = _touches(tree, _ancestry(path, tree), _driven_names())
        found += [f"{path.relative_to(ROOT)}:{line}: {what}" for line, what in touched]
    assert found == []


def test_the_greps_find_what_they_are_for() -> None:
    """Each kind of use the greps forbid, in a small sample: found, with the line; our
    own names and a module's private function are not."""
    from textual.widgets import DataTable

    sample = ast.parse(
        "import os\n"
        "from textual._context import active_app\n"
        "from textual.keys import _character_to_key\n"
        "from textual.widgets import DataTable\n"
        "class T(DataTable):\n"
        "    def _render_cell(self):\n"
        "        return super()._update_dimensions(())\n"
        "    def _mine(self, app):\n"
        "        self._cell_render_cache = None\n"
        "        getattr(app, '_init_mode', None)\n"
        "        self._shown = app._driver\n"
        "        os._exit(0)\n"
    )
    assert _private_imports(sample) == [
        (2, "textual._context"),
        (3, "textual.keys._character_to_key"),
    ]
    ancestry = {"T": _textual_names_of([DataTable])}
    assert sorted(_touches(sample, ancestry, _driven_names())) == [
        (6, "def _render_cell"),
        (7, "._update_dimensions"),
        (9, "._cell_render_cache"),
        (10, 'getattr(…, "_init_mode")'),
        (11, "._driver"),
    ]
