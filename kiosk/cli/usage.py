"""argparse's usage mistakes as catalogue codes (cli.usage.*), so the `kiosk` command says them in its language.

argparse words its errors in English and hands `error()` the sentence. KioskArgumentParser raises a UsageMistake
instead: a value of the wrong kind or not among the choices from its own conversion (`value_mistake`,
`choice_mistake`), and every other mistake argparse finds from the few sentences it says (`said_mistake`).
Its parse_args prints the mistake as one line once the command's language is known.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from typing import Any

from kiosk.l10n.catalogue import render


class UsageMistake(Exception):
    """A mistake in how the command was typed: a catalogue code and its values, in the command it was made in."""

    def __init__(self, code: str, command: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.command = command
        self.params: dict[str, object] = {"command": command, **params}

    def line(self, language: str) -> str:
        """The mistake and where to read how the command is used, on one line (a typed value may hold a newline)."""
        said = f"{render(self.code, self.params, language)} " \
               f"{render('cli.usage.see_help', {'command': self.command}, language)}"
        return " ".join(said.split())


class BadValue(argparse.ArgumentTypeError):
    """What a `type=` function of this CLI raises for text it cannot read: the code says what was expected."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def option_name(name: str) -> str:
    """An argument as the mistake names it: an option's long name (--verbose for -v/--verbose), else its name."""
    return max(name.split("/"), key=len)


def _action_name(action: argparse.Action) -> str:
    if action.option_strings:
        return max(action.option_strings, key=len)
    return str(action.metavar or action.dest)


# the conversions of argparse's plain `type=` callables; a BadValue names its own
_TYPE_CODES: dict[Any, str] = {int: "cli.usage.not_whole_number", float: "cli.usage.not_a_number"}


def value_mistake(command: str, action: argparse.Action, text: str, error: Exception) -> UsageMistake:
    """`text` given to `action` is not what its type reads."""
    code = error.code if isinstance(error, BadValue) else _TYPE_CODES.get(action.type, "cli.usage.bad_value")
    return UsageMistake(code, command, option=_action_name(action), value=repr(text))


def choice_mistake(command: str, action: argparse.Action, value: object) -> UsageMistake:
    """`value` is none of `action`'s choices: an unknown command, or a value not allowed."""
    choices = tuple(str(choice) for choice in action.choices or ())
    if isinstance(action, argparse._SubParsersAction):
        return UsageMistake("cli.usage.unknown_command", command, value=repr(value), choices=choices)
    return UsageMistake("cli.usage.invalid_choice", command, option=_action_name(action), value=repr(value),
                        choices=choices)


def _required(parser: argparse.ArgumentParser, found: re.Match[str]) -> UsageMistake:
    names = found["names"].split(", ")
    for action in parser._actions:  # a missing subcommand (`kiosk member`): name what can follow
        if isinstance(action, argparse._SubParsersAction) and str(action.metavar or action.dest) in names:
            return UsageMistake("cli.usage.command_missing", parser.prog, choices=tuple(action.choices or ()))
    return UsageMistake("cli.usage.required", parser.prog, names=tuple(option_name(n) for n in names))


_Reading = Callable[[argparse.ArgumentParser, "re.Match[str]"], UsageMistake]


def _as(code: str) -> _Reading:
    """A mistake whose values are the sentence's named parts, options among them by their long names."""
    def reading(parser: argparse.ArgumentParser, found: re.Match[str]) -> UsageMistake:
        parts: dict[str, object] = {}
        for key, text in found.groupdict().items():
            if key in ("option", "other"):
                parts[key] = option_name(text)
            elif key in ("names", "matches"):
                parts[key] = tuple(option_name(n) for n in re.split(r",? ", text))
            else:
                parts[key] = text
        return UsageMistake(code, parser.prog, **parts)
    return reading


# What argparse says (Python 3.12: argparse.py, which words them through gettext without a translation), each
# to its code. An error about one argument comes as "argument NAME: ..."; the others name no argument.
_SAID: tuple[tuple[re.Pattern[str], _Reading], ...] = (
    (re.compile(r"the following arguments are required: (?P<names>.+)"), _required),
    (re.compile(r"one of the arguments (?P<names>.+) is required"), _as("cli.usage.one_of")),
    (re.compile(r"ambiguous option: (?P<option>.+?) could match (?P<matches>.+)"), _as("cli.usage.ambiguous")),
    (re.compile(r"argument (?P<option>.+?): expected (one|at most one|at least one|\d+) arguments?"),
     _as("cli.usage.value_missing")),
    (re.compile(r"argument (?P<option>.+?): not allowed with argument (?P<other>.+)"),
     _as("cli.usage.not_allowed_with")),
    (re.compile(r"argument (?P<option>.+?): ignored explicit argument (?P<value>.+)"),
     _as("cli.usage.takes_no_value")),
)


def said_mistake(parser: argparse.ArgumentParser, message: str) -> UsageMistake:
    """The mistake behind what argparse said in `parser`; one it words otherwise keeps its English."""
    for sentence, reading in _SAID:
        if (found := sentence.fullmatch(message)) is not None:
            return reading(parser, found)
    return UsageMistake("cli.usage.other", parser.prog, message=message)
