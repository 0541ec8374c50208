"""The layer rules of ARCHITECTURE.md, enforced by walking every module's imports: inner layers never see outer ones."""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "kiosk"
STDLIB = set(sys.stdlib_module_names) | {"__future__"}
ADAPTER_ONLY = ("sqlalchemy", "alembic", "stripe", "escpos", "qrcode", "PIL", "zxingcpp")


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, e.g. kiosk.services.checkout
    target: str  # the imported module, absolute, e.g. kiosk.domain.money
    path: Path
    line: int

    def where(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> Iterator[Import]:
    """Every import in the file, wherever it sits (top level, inside functions, under TYPE_CHECKING)."""
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(module, alias.name, path, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names = [f"{target}.{a.name}" for a in node.names] if not node.module else [target]
            for name in names:
                yield Import(module, name, path, node.lineno)
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
                "import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant) \
                and isinstance(node.args[0].value, str):
            yield Import(module, node.args[0].value, path, node.lineno)


def all_imports() -> list[Import]:
    return [imp for path in sorted(PACKAGE.rglob("*.py")) for imp in imports_of(path)]


def top(name: str) -> str:
    return name.split(".", 1)[0]


def within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def violation(imp: Import) -> str | None:
    """Why this import breaks a layer rule, or None."""
    m, target = imp.module, imp.target
    if top(target) == "PySide6" and not within(m, "kiosk.ui"):
        return "only kiosk.ui may import PySide6"
    if within(target, "kiosk.adapters") and not (within(m, "kiosk.adapters") or within(m, "kiosk.bootstrap")):
        return "only kiosk.bootstrap (and adapters themselves) may import kiosk.adapters"
    if top(target) in ADAPTER_ONLY and not (within(m, "kiosk.adapters") or within(m, "kiosk.bootstrap")):
        return f"only kiosk.adapters (and the composition root) may import {top(target)}"
    if within(m, "kiosk.domain"):
        if top(target) in STDLIB or within(target, "kiosk.domain"):
            return None
        return "kiosk.domain may import only the standard library and kiosk.domain"
    if within(m, "kiosk.services"):
        if top(target) in STDLIB or within(target, "kiosk.domain") or within(target, "kiosk.services"):
            return None
        return "kiosk.services may import only the standard library, kiosk.domain and kiosk.services"
    if within(m, "kiosk.l10n"):
        if top(target) in STDLIB or top(target) == "babel" or within(target, "kiosk.domain") \
                or within(target, "kiosk.l10n"):
            return None
        return "kiosk.l10n may import only the standard library, babel, kiosk.domain and kiosk.l10n"
    if m in ("kiosk.config", "kiosk.settings_file"):
        if (within(target, "kiosk.adapters") or within(target, "kiosk.ui") or within(target, "kiosk.cli")
                or within(target, "kiosk.bootstrap")):
            return "the settings modules must not import adapters, the ui, the cli or bootstrap"
        return None
    if within(m, "kiosk.adapters"):
        if within(target, "kiosk.ui") or within(target, "kiosk.cli") or within(target, "kiosk.bootstrap") \
                or target == "kiosk.config":
            return "kiosk.adapters must not import the ui, the cli, bootstrap or config"
        return None
    if within(m, "kiosk.bootstrap"):
        if within(target, "kiosk.ui") or within(target, "kiosk.cli"):
            return "kiosk.bootstrap builds services; it must not import the ui or the cli"
        return None
    if within(m, "kiosk.ui"):
        if within(target, "kiosk.cli") or within(target, "kiosk.bootstrap") or target == "kiosk.config":
            return "kiosk.ui is handed its Services; it must not import bootstrap, config or the cli"
    return None


# What each layer must never reach, directly or through any chain of kiosk modules it imports.
FORBIDDEN_REACH = {
    "kiosk.domain": ("kiosk.services", "kiosk.adapters", "kiosk.ui", "kiosk.config", "kiosk.bootstrap",
                     "kiosk.cli", *ADAPTER_ONLY, "PySide6"),
    "kiosk.services": ("kiosk.adapters", "kiosk.ui", "kiosk.config", "kiosk.bootstrap", "kiosk.cli",
                       *ADAPTER_ONLY, "PySide6"),
    "kiosk.ui": ("kiosk.adapters", "kiosk.config", "kiosk.bootstrap", "kiosk.cli", *ADAPTER_ONLY),
    "kiosk.l10n": ("kiosk.services", "kiosk.adapters", "kiosk.ui", "PySide6", *ADAPTER_ONLY),
}


def reach(imports: list[Import]) -> dict[str, set[str]]:
    """Every module each kiosk module reaches through kiosk imports (and the outside packages at the ends)."""
    modules = {imp.module for imp in imports}
    edges: dict[str, set[str]] = {}
    for imp in imports:
        target = imp.target
        while target not in modules and "." in target and within(target, "kiosk"):
            target = target.rsplit(".", 1)[0]  # `from kiosk.x import name` names kiosk.x
        edges.setdefault(imp.module, set()).add(target)
    closure: dict[str, set[str]] = {}
    for start in modules:
        seen: set[str] = set()
        todo = [start]
        while todo:
            for nxt in edges.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    if nxt in modules:
                        todo.append(nxt)
        closure[start] = seen
    return closure


def test_the_walker_sees_every_package() -> None:
    modules = {imp.module for imp in all_imports()}
    for layer in ("kiosk.domain", "kiosk.services", "kiosk.adapters", "kiosk.ui"):
        assert any(within(m, layer) for m in modules), layer


def test_the_walker_resolves_relative_and_nested_imports() -> None:
    ledger = PACKAGE / "adapters" / "db" / "repositories" / "ledger.py"
    targets = {imp.target for imp in imports_of(ledger)}
    assert "kiosk.adapters.db.tables" in targets  # `from .. import tables as t`
    assert "kiosk.adapters.db.repositories.common" in targets  # `from .common import upsert`
    assert "kiosk.domain.ledger" in targets


@pytest.mark.parametrize("module, target, broken", [
    ("kiosk.domain.money", "sqlalchemy", True),
    ("kiosk.domain.money", "kiosk.services.common", True),
    ("kiosk.domain.money", "decimal", False),
    ("kiosk.services.checkout", "kiosk.adapters.db.uow", True),
    ("kiosk.services.checkout", "PySide6.QtCore", True),
    ("kiosk.services.checkout", "stripe", True),
    ("kiosk.services.checkout", "kiosk.domain.ledger", False),
    ("kiosk.adapters.db.uow", "kiosk.ui.tasks", True),
    ("kiosk.adapters.db.uow", "kiosk.bootstrap", True),
    ("kiosk.adapters.db.uow", "kiosk.cli.sales", True),
    ("kiosk.adapters.db.uow", "kiosk.config", True),
    ("kiosk.adapters.db.uow", "sqlalchemy", False),
    ("kiosk.ui.app", "kiosk.adapters.db.uow", True),
    ("kiosk.ui.app", "PIL.Image", True),
    ("kiosk.ui.app", "zxingcpp", True),
    ("kiosk.ui.app", "PySide6.QtWidgets", False),
    ("kiosk.cli.sales", "PySide6.QtWidgets", True),
    ("kiosk.cli.sales", "kiosk.adapters.db.uow", True),
    ("kiosk.cli.sales", "sqlalchemy", True),
    ("kiosk.cli.sales", "kiosk.bootstrap", False),
    ("kiosk.cli.gui", "kiosk.ui.counter", False),
    ("kiosk.config", "kiosk.adapters.printing.settings", True),
    ("kiosk.config", "kiosk.services.context", False),
    ("kiosk.bootstrap", "kiosk.adapters.db.uow", False),
    ("kiosk.bootstrap", "kiosk.ui.app", True),
    ("kiosk.ui.app", "kiosk.bootstrap", True),
    ("kiosk.ui.app", "kiosk.config", True),
    ("kiosk.ui.app", "kiosk.l10n.formats", False),
    ("kiosk.l10n.formats", "babel.numbers", False),
    ("kiosk.l10n.formats", "kiosk.services.app", True),
])
def test_rules_catch_what_they_should(module: str, target: str, broken: bool) -> None:
    assert (violation(Import(module, target, PACKAGE / "x.py", 1)) is not None) == broken


def test_no_inner_layer_imports_an_outer_one() -> None:
    problems = [f"{imp.where()}: {imp.module} imports {imp.target} ({why})"
                for imp in all_imports() if (why := violation(imp))]
    assert not problems, "layer rules broken:\n" + "\n".join(problems)


def test_no_layer_reaches_an_outer_one_through_another_module() -> None:
    closure = reach(all_imports())
    problems = []
    for module, reached in sorted(closure.items()):
        for layer, forbidden in FORBIDDEN_REACH.items():
            if within(module, layer):
                bad = sorted(t for t in reached if any(within(t, f) or top(t) == f for f in forbidden))
                if bad:
                    problems.append(f"{module} reaches {', '.join(bad[:4])}")
    assert not problems, "layers reached through other modules:\n" + "\n".join(problems)


def test_the_reach_check_follows_chains() -> None:
    chain = [Import("kiosk.ui.a", "kiosk.services.b", PACKAGE / "a.py", 1),
             Import("kiosk.services.b", "kiosk.services.c", PACKAGE / "b.py", 1),
             Import("kiosk.services.c", "sqlalchemy", PACKAGE / "c.py", 1)]
    assert "sqlalchemy" in reach(chain)["kiosk.ui.a"]
