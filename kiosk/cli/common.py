"""What every `kiosk` command shares: opening the shop, printing results, PINs, dates and the global options."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from kiosk.cli.usage import BadValue, UsageMistake, choice_mistake, said_mistake, value_mistake
from kiosk.domain.digits import arabic_digits, whole_number
from kiosk.domain.errors import KioskError, NotFound
from kiosk.domain.events import Message, Said
from kiosk.l10n.catalogue import render, say

if TYPE_CHECKING:  # names only: a screen's start loads the services' types after its first frame
    from kiosk.services.app import Services, UpgradeNote

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


GIVEN = "_options_given"  # on the parsed Namespace: each single-valued option's dest -> the options that set it
COMMAND = "_command_prog"  # on the Namespace while parsing: the innermost command given ("kiosk member show")


class _StoreOnce(argparse._StoreAction):
    """An option that takes one value. argparse keeps the last of `--amount 100 --amount 50` without a word; this
    notes every time the option is given, so the command can refuse a second one (`repeated_option`) before it
    runs. Options meant to repeat (`action="append"`: --item, --voucher) are other actions and stay as they are."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        if self.option_strings:  # a positional takes its place once anyway
            given: dict[str, list[str]] = namespace.__dict__.setdefault(GIVEN, {})
            given.setdefault(self.dest, []).append(self._name())
        super().__call__(parser, namespace, values, option_string)

    def _name(self) -> str:
        """The option's long name (--verbose rather than -v, whichever was typed)."""
        return max(self.option_strings, key=len)


class _SubParsers(argparse._SubParsersAction):
    """Subcommands, keeping what the command line gave before the subcommand's name: argparse parses a subcommand
    into a namespace of its own and copies it over the first one, so `kiosk --data-dir A sale --data-dir B` would
    otherwise lose the first --data-dir without a word."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        before: dict[str, list[str]] = namespace.__dict__.pop(GIVEN, {})
        super().__call__(parser, namespace, values, option_string)
        after: dict[str, list[str]] = namespace.__dict__.pop(GIVEN, {})  # the subcommand's own, if it had any
        setattr(namespace, GIVEN, {dest: before.get(dest, []) + after.get(dest, [])
                                   for dest in dict.fromkeys([*before, *after])})
        # the innermost command (`kiosk member show`), whose words were left over if any were: set there first
        namespace.__dict__.setdefault(COMMAND, self._name_parser_map[values[0]].prog)


def repeated_option(args: argparse.Namespace) -> str | None:
    """The first single-valued option the command line gave more than once, or None."""
    return next((names[0] for names in getattr(args, GIVEN, {}).values() if len(names) > 1), None)


class KioskArgumentParser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one line on stderr (exit 2) in the command's language, like every other
    refusal, and a single-valued option given twice is noted (see _StoreOnce) for the command to refuse in the
    shop's language.

    Every mistake found while parsing, in this parser or a subcommand's, is raised as a UsageMistake (a catalogue
    code): parse_args, which has the whole command line, learns the language from it and prints the line.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # every subcommand's parser is this class too (add_subparsers makes its parsers of the parent's class)
        self.register("action", None, _StoreOnce)
        self.register("action", "store", _StoreOnce)
        self.register("action", "parsers", _SubParsers)

    # one signature for argparse's overloads (a Namespace subclass in, the same out): none is passed here
    def parse_args(self, args: Sequence[str] | None = None,  # type: ignore[override]
                   namespace: argparse.Namespace | None = None) -> argparse.Namespace:
        words = list(sys.argv[1:] if args is None else args)
        try:
            parsed, left_over = self.parse_known_args(words, namespace)
            command = parsed.__dict__.pop(COMMAND, self.prog)
            if left_over:  # said for the command that did not take them, not for `kiosk`
                raise UsageMistake("cli.usage.unrecognized", command, words=" ".join(left_over))
        except UsageMistake as mistake:
            given = _given(self, words)
            if given.get("json") == "":  # --json (not `--json=yes`, the mistake): the object, as for any refusal
                print(refusal_json(mistake.code, mistake.line("en"), mistake.params), file=sys.stderr)
            else:
                print(f"kiosk: {mistake.line(_language_given(given))}", file=sys.stderr)
            raise SystemExit(2) from None
        return parsed

    def error(self, message: str) -> NoReturn:
        raise said_mistake(self, message)

    # argparse's conversion of one value, with its English error, made a UsageMistake at the source
    def _get_value(self, action: argparse.Action, arg_string: str) -> Any:
        convert = self._registry_get("type", action.type, action.type)
        try:
            return convert(arg_string)
        except (argparse.ArgumentTypeError, TypeError, ValueError) as exc:
            raise value_mistake(self.prog, action, arg_string, exc) from None

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        if action.choices is not None and value not in action.choices:
            raise choice_mistake(self.prog, action, value)


def add_global_options(parser: argparse.ArgumentParser, *, suppress: bool = False) -> None:
    """--data-dir, --config, --json, --language and -v, accepted before or after the subcommand.

    On subcommands they default to SUPPRESS, so `kiosk --json member show X` and `kiosk member show X --json`
    both work and neither resets what the other set.
    """
    default: Any = argparse.SUPPRESS if suppress else None
    flag: Any = argparse.SUPPRESS if suppress else False
    taken = {o for action in parser._actions for o in action.option_strings}
    if "--data-dir" not in taken:
        parser.add_argument("--data-dir", type=Path, default=default,
                            help="where the shop's database lives (default: KIOSK_DATA_DIR or the user data dir)")
    if "--config" not in taken:
        parser.add_argument("--config", type=Path, default=default, help="an extra TOML settings file")
    if "--json" not in taken:
        parser.add_argument("--json", action="store_true", default=flag, help="print machine-readable JSON")
    if "--language" not in taken:
        parser.add_argument("--language", choices=("th", "en"), default=default, dest="cli_language",
                            help="the language the command speaks (default: the shop's, shop.language)")
    if "--verbose" not in taken:
        parser.add_argument("-v", "--verbose", action="store_true", default=flag, help="log what happens to stderr")


def language_of(args: argparse.Namespace, app: Services) -> str:
    """What the command's text is said in: --language, else the shop's configured language."""
    return getattr(args, "cli_language", None) or app.ctx.language


def shop_moment(app: Services, value: datetime | None) -> object:
    """A moment in the shop's time zone, or "never": the catalogue says either in the command's language."""
    return Message("status.never") if value is None else app.ctx.local(value)


def say_all(said: Iterable[Said], language: str, *, indent: str = "  ") -> list[str]:
    """Events and messages of a result, one line each, in the command's language."""
    return [indent + say(item, language) for item in said]


def load_app(args: argparse.Namespace, *, role: str = "counter", new_shop: bool = False) -> Services:
    """The shop's services, from the settings --data-dir and --config choose.

    A folder with no shop in it is refused, naming it, before anything is made there: opening the database would
    otherwise create an empty shop where a mistyped --data-dir (or KIOSK_DATA_DIR) points and sell into it.
    `new_shop` is for a command that sets a shop up (the first owner of `kiosk staff add`); the demo, a hub's
    init and join, restoring a backup and the screens' first-run set-up make their shops their own way.
    """
    from kiosk.bootstrap import build_app
    from kiosk.bootstrap.shop import missing_shop
    from kiosk.config import load_settings

    if not new_shop and (folder := missing_shop(data_dir=args.data_dir, config_file=args.config)) is not None:
        raise NotFound("cli.no_shop", folder=folder)
    app = build_app(load_settings(data_dir=args.data_dir, config_file=args.config), role=role)
    return announce_upgrade(app, language_of(args, app))


def shop_language(args: argparse.Namespace) -> str:
    """The shop's configured language ('th' or 'en'), which the command's refusals are said in. When the settings
    are refused (the refusal is then about them), the language the files give, so a Thai shop reads in Thai what
    to fix; English when even the files cannot be read."""
    from kiosk.config import load_settings, read_settings

    try:
        settings = load_settings(data_dir=args.data_dir, config_file=args.config, install="cli-language")
    except (KioskError, OSError):
        try:
            _, raw, _ = read_settings(data_dir=args.data_dir, config_file=args.config)
        except (KioskError, OSError):
            return "en"
        shop = raw.get("shop")
        language = shop.get("language") if isinstance(shop, dict) else None
        return language if language in ("th", "en") else "en"
    return settings.context.language


def _language_given(given: dict[str, str]) -> str:
    if given.get("cli_language") in ("th", "en"):
        return given["cli_language"]
    folder = {dest: Path(given[dest]) if dest in given else None for dest in ("data_dir", "config")}
    return shop_language(argparse.Namespace(**folder))


def _given(parser: argparse.ArgumentParser, words: Sequence[str]) -> dict[str, str]:
    """The options `words` gives (each dest -> its first value; "" for a flag such as --json), read as argparse
    reads them, following the commands named, so it does not need the rest of the line to be right."""
    given: dict[str, str] = {}
    i = 0
    while i < len(words) and words[i] != "--":
        word, i = words[i], i + 1
        name, equals, value = word.partition("=") if word.startswith("--") else (word, "", "")
        action = _option(parser, name)
        if action is None:
            parser = _subcommand(parser, word) or parser
            continue
        if action.nargs != 0 and not equals:
            if i == len(words) or _option(parser, words[i].partition("=")[0]) is not None:
                continue  # argparse refuses it ("needs a value"): the next word is an option of its own
            value, i = words[i], i + 1
        given.setdefault(action.dest, value)
    return given


def _option(parser: argparse.ArgumentParser, name: str) -> argparse.Action | None:
    """The option `name` stands for in `parser`, by its name or, as argparse allows, the start of one long name."""
    if not name.startswith("-"):
        return None
    if (action := parser._option_string_actions.get(name)) is not None:
        return action
    if not name.startswith("--"):
        return None
    matches = {action for option, action in parser._option_string_actions.items() if option.startswith(name)}
    return matches.pop() if len(matches) == 1 else None


def _subcommand(parser: argparse.ArgumentParser, word: str) -> argparse.ArgumentParser | None:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) and word in action.choices:
            child: argparse.ArgumentParser = action.choices[word]
            return child
    return None


def refusal_fields(code: str, message: str, params: Mapping[str, Any] | None) -> dict[str, Any]:
    """A refusal for scripts (--json): its stable code, the English sentence and its values, `params` always
    there (empty when the refusal has none) so a script reads it without asking first."""
    return {"error": code, "message": message, "params": dict(params or {})}


def refusal_json(code: str, message: str, params: Mapping[str, Any] | None) -> str:
    """refusal_fields as the one JSON object a refused command writes to stderr."""
    return json.dumps(refusal_fields(code, message, params), ensure_ascii=False, default=str)


def print_refusal(args: argparse.Namespace, exc: KioskError, language: str | None = None) -> None:
    """A refusal on stderr: the JSON object with --json, else `kiosk: ` and one line in the command's language
    (`language`, else --language, else the shop's)."""
    if getattr(args, "json", False):
        print(refusal_json(exc.code, exc.message, exc.params), file=sys.stderr)
    else:
        language = language or getattr(args, "cli_language", None) or shop_language(args)
        print(f"kiosk: {refusal_line(exc, language)}", file=sys.stderr)


def refusal_line(exc: KioskError, language: str) -> str:
    """A refusal as the command prints it: one line in the shop's language (a typed value may hold a newline)."""
    return " ".join(render(exc.code, exc.params, language).split())


def announce_upgrade(app: Services, language: str | None = None) -> Services:
    """One line on stderr when opening the shop upgraded its database, naming the copy made before, in the
    command's language (the shop's by default)."""
    if app.upgrade_note is not None:
        print(upgrade_line(app.upgrade_note, language or app.ctx.language), file=sys.stderr)
    return app


def upgrade_line(note: UpgradeNote, language: str) -> str:
    return render("cli.upgraded", {"from_revision": note.from_revision, "to_revision": note.to_revision,
                                   "backup": note.backup}, language)


def emit(args: argparse.Namespace, data: Any, text: str | Callable[[], str]) -> None:
    """Print `data` as JSON with --json, else the human text."""
    if args.json:
        from kiosk.domain.serialization import encode

        print(json.dumps(encode(data), ensure_ascii=False, indent=2, default=str))
    else:
        print(text() if callable(text) else text)


def manager_approval(app: Services, pin: str | None, action: str) -> str | None:
    """The staff id behind --manager-pin or KIOSK_MANAGER_PIN (checked, audited, counted towards lockout);
    None when no PIN was given, so the service can say that a manager is needed."""
    pin = pin or os.environ.get("KIOSK_MANAGER_PIN")
    if not pin:
        return None
    return app.staff.authorize(pin, action=action).staff_id


def manager_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument("--manager-pin", help="a manager's or owner's PIN (or set KIOSK_MANAGER_PIN)")


def owner_approval(app: Services, pin: str | None, action: str) -> str | None:
    """The owner behind --owner-pin or KIOSK_OWNER_PIN (checked, audited, counted towards lockout); None when
    no PIN was given, so the service can say that an owner is needed (or allow a new shop's first owner)."""
    from kiosk.domain.staff import Role

    pin = pin or os.environ.get("KIOSK_OWNER_PIN")
    if not pin:
        return None
    return app.staff.authorize(pin, min_role=Role.OWNER, action=action).staff_id


def owner_flag(p: argparse.ArgumentParser, *, help: str | None = None) -> None:
    p.add_argument("--owner-pin", help=help or "an owner's PIN (or set KIOSK_OWNER_PIN); not needed for a new "
                                               "shop's first owner")


def iso_date(text: str) -> date | None:
    """YYYY-MM-DD in Arabic or Thai digits (๒๐๒๖-๐๑-๓๑), or None: fromisoformat alone also takes 20261126 and
    2026-W48-4."""
    digits = arabic_digits(text).strip()
    if not _ISO_DATE.fullmatch(digits):
        return None
    try:
        return date.fromisoformat(digits)
    except ValueError:
        return None


def date_arg(text: str) -> date:
    """A --date, --until or --since (iso_date)."""
    day = iso_date(text)
    if day is None:
        raise BadValue("cli.usage.not_a_date")
    return day


def whole_arg(text: str) -> int:
    """A whole number argument of 0 or more (a quantity, points, --limit, --days): in Arabic or Thai digits only,
    as every number a person types (kiosk.domain.digits); int() also read other scripts' digits and "1_000"."""
    number = whole_number(text)
    if number is None:
        raise BadValue("cli.usage.not_negative" if signed_whole_number(text) is not None
                       else "cli.usage.not_whole_number")
    return number


def signed_whole_number(text: str) -> int | None:
    """whole_number with one sign before it ("-50", "+๕๐"), or None."""
    digits = arabic_digits(text).strip()
    sign, rest = (digits[0], digits[1:]) if digits[:1] in ("-", "+") else ("", digits)
    number = whole_number(rest) if rest[:1].isascii() and rest[:1].isdigit() else None
    return None if number is None else -number if sign == "-" else number


def signed_whole_arg(text: str) -> int:
    """A whole number argument that may be negative (`adjust PHONE -50`), digits as whole_arg's."""
    number = signed_whole_number(text)
    if number is None:
        raise BadValue("cli.usage.not_whole_number")
    return number

