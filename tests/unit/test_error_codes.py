"""Every refusal in kiosk/ is a catalogue code, never an English sentence: this walks the source with `ast` and
fails on a KioskError built from a sentence or from a code the catalogue does not word (issue 17)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import kiosk.l10n  # noqa: F401 - registers every catalogue group
from kiosk.domain.errors import KioskError
from kiosk.l10n.catalogue import CATALOGUE, render

PACKAGE = Path(__file__).resolve().parents[2] / "kiosk"
CODE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
# Helpers that build a KioskError from a code: setup's refuse(code, field) and the Phrase inside a refusal.
FACTORIES = {"refuse", "Phrase"}


def sources() -> dict[Path, ast.Module]:
    return {path: ast.parse(path.read_text(encoding="utf-8")) for path in sorted(PACKAGE.rglob("*.py"))}


def error_classes(trees: dict[Path, ast.Module]) -> dict[str, str]:
    """Every KioskError subclass defined in kiosk/, by name, with its class-level default code."""
    found = {"KioskError": KioskError.code}
    grew = True
    while grew:
        grew = False
        for tree in trees.values():
            for node in ast.walk(tree):
                if not isinstance(node, ast.ClassDef) or node.name in found:
                    continue
                bases = {b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases}
                parent = next((b for b in bases if b in found), None)
                if parent is None:
                    continue
                code = next((stmt.value.value for stmt in node.body
                             if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Constant)
                             and any(isinstance(t, ast.Name) and t.id == "code" for t in stmt.targets)),
                            found[parent])
                found[node.name] = code
                grew = True
    return found


def refusals() -> list[tuple[str, str, ast.Call]]:
    """(where, callee, call) for every construction of a KioskError subclass or a code factory in kiosk/."""
    trees = sources()
    classes = error_classes(trees)
    found = []
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name in classes or name in FACTORIES or name == "because":
                found.append((f"{path.relative_to(PACKAGE.parent)}:{node.lineno}", name, node))
    return found


def problem(callee: str, call: ast.Call, classes: dict[str, str]) -> str | None:
    """Why this refusal breaks the rule, or None."""
    first = call.args[0] if call.args else None
    if callee == "because":  # PrinterError.because(reason, ...): the code is printer.<reason>
        if isinstance(first, ast.Constant) and f"printer.{first.value}" not in CATALOGUE:
            return f"printer.{first.value} is not in the catalogue"
        return None
    if first is None:
        code = classes.get(callee)
        if code is not None and code not in CATALOGUE:
            return f"{callee}() uses its class code {code!r}, which the catalogue does not word"
        return None
    if isinstance(first, ast.Constant):
        text = first.value
        if not isinstance(text, str) or not CODE.match(text):
            return f"built from {text!r}, not a dotted code"
        if text not in CATALOGUE:
            return f"{text!r} is not in the catalogue"
        return None
    if isinstance(first, ast.JoinedStr):  # f"approval.{reason}": its fixed start must open catalogue codes
        start = first.values[0].value if first.values and isinstance(first.values[0], ast.Constant) else ""
        if not isinstance(start, str) or " " in start or "." not in start:
            return f"built from an f-string {ast.unparse(first)!r}, not a dotted code"
        if not any(code.startswith(start) for code in CATALOGUE):
            return f"no catalogue code starts with {start!r}"
        return None
    if isinstance(first, ast.BinOp):
        return f"built from text {ast.unparse(first)!r}"
    return None  # a code passed on (exc.code, a variable): its source is checked where it was written


def test_every_refusal_in_kiosk_is_a_catalogue_code() -> None:
    classes = error_classes(sources())
    found = refusals()
    assert len(found) > 300  # the walk sees the raise sites (about 240 raises, plus the helpers)
    problems = [f"{where}: {why}" for where, callee, call in found if (why := problem(callee, call, classes))]
    assert problems == []


@pytest.mark.parametrize("source, why", [
    ('raise InvalidInput("That is not an amount.")', "not a dotted code"),
    ('raise InvalidInput(f"Cash given ({cash}) is short.")', "not a dotted code"),
    ('raise InvalidInput("money.no_such_code")', "not in the catalogue"),
    ('raise InvalidInput("Program settings: " + problems)', "built from text"),
])
def test_the_walk_catches_a_sentence_or_an_unknown_code(source: str, why: str) -> None:
    call = ast.parse(source).body[0].exc  # type: ignore[attr-defined]
    assert why in (problem("InvalidInput", call, {"InvalidInput": "invalid_input"}) or "")


def test_a_refusal_inside_a_refusal_speaks_the_same_language() -> None:
    from kiosk.domain.errors import InvalidInput

    inner = InvalidInput("member.name_too_long", max=80)
    outer = InvalidInput("config.section", where="shop", refusal=inner)
    assert render(outer.code, outer.params, "en") == "Setting shop: The name is too long (at most 80 characters)."
    assert render(outer.code, outer.params, "th") == "ค่า shop: ชื่อยาวเกินไป (ไม่เกิน 80 ตัวอักษร)"
    assert str(outer) == outer.message == render(outer.code, outer.params, "en")
