"""Plain-JSON encoding of frozen dataclasses (Money, dates, tuples) for queues and the command log."""

from __future__ import annotations

import dataclasses
import functools
import json
import types
import typing
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Union

from kiosk.domain.events import Event, Said, event_types
from kiosk.domain.money import Money
from kiosk.domain.text import Localized, Phrase

EVENT_KEY = "event"  # an encoded event names its class, so a tuple of mixed events reads back


_PLAIN = frozenset({str, int, float, bool, type(None)})  # what encode gives back as it is, asked first


_FIELD_NAMES: dict[type, tuple[str, ...] | None] = {}


def _field_names(tp: type) -> tuple[str, ...] | None:
    """The field names of a dataclass, in order, looked up once a class; None for any other class. (A sale
    encodes its receipt, a tree of ~100 dataclasses and values: dataclasses.fields on each was half of it.)"""
    if tp in _FIELD_NAMES:
        return _FIELD_NAMES[tp]
    names = tuple(f.name for f in dataclasses.fields(tp)) if dataclasses.is_dataclass(tp) else None
    _FIELD_NAMES[tp] = names
    return names


def encode(value: Any) -> Any:
    tp = type(value)
    if tp in _PLAIN:
        return value
    if isinstance(value, Money):
        return {"minor": value.minor, "currency": value.currency}
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    names = _field_names(tp)  # an instance of a dataclass (a dataclass itself is an instance of type)
    if names is not None:
        if isinstance(value, Event):
            return {EVENT_KEY: tp.__name__, "code": value.code,  # the code for readers of --json
                    **{name: encode(getattr(value, name)) for name in names}}
        return {name: encode(getattr(value, name)) for name in names}
    if isinstance(value, (tuple, list)):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {str(k): encode(v) for k, v in value.items()}
    return value


def decode(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        inner = [a for a in typing.get_args(tp) if a is not type(None)]
        return decode(inner[0], value)
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(decode(args[0], v) for v in value)
        return tuple(decode(a, v) for a, v in zip(args, value, strict=True))
    if origin in (dict, typing.Mapping) or tp is dict:
        args = typing.get_args(tp)
        vt = args[1] if len(args) == 2 else Any
        return {k: decode(vt, v) for k, v in value.items()}
    if tp is Money:
        return Money(int(value["minor"]), value["currency"])
    if tp is datetime:
        return datetime.fromisoformat(value)
    if tp is date:
        return date.fromisoformat(value)
    if tp is Event:
        return decode(_event_type(value[EVENT_KEY]), value)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = _hints(tp)
        return tp(**{f.name: decode(hints[f.name], value[f.name]) for f in dataclasses.fields(tp) if f.name in value})
    return value


@functools.cache
def _hints(tp: type) -> dict[str, Any]:
    """A dataclass's field types, resolved once (get_type_hints was most of the time a stored receipt took to
    read back: the print queue reads one per row it shows)."""
    return typing.get_type_hints(tp)


_EVENT_TYPES: dict[str, type[Event]] = {}


def _event_type(name: str) -> type[Event]:
    """The event class stored under `name`; the classes are looked up again only for a name not seen yet."""
    if name not in _EVENT_TYPES:
        _EVENT_TYPES.update(event_types())
    return _EVENT_TYPES[name]


def to_json(value: Any) -> str:
    return json.dumps(encode(value), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def from_json[T](tp: type[T], text: str) -> T:
    value: T = decode(tp, json.loads(text))  # decode walks tp's annotations at run time, hence its Any
    return value


# A message kept to be said later (a print job's last error): its values keep their kind, so it is said in the
# reader's language when read (Money with ฿, a Localized name in Thai, a phrase inside it) - not in whichever
# language was about when it was stored. Each value that plain JSON cannot tell apart is tagged by its kind.
_PHRASE, _LOCALIZED, _MONEY, _DATETIME, _DATE = "phrase", "localized", "money", "datetime", "date"


def _encode_value(value: object) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, Event):
        return encode(value)  # tagged by its class (EVENT_KEY)
    if isinstance(value, Localized):
        return {_LOCALIZED: {"en": value.en, "th": value.th}}
    if isinstance(value, Money):
        return {_MONEY: encode(value)}
    if isinstance(value, datetime):
        return {_DATETIME: value.isoformat()}
    if isinstance(value, date):
        return {_DATE: value.isoformat()}
    if isinstance(value, (tuple, list)):
        return [_encode_value(item) for item in value]
    if hasattr(value, "code") and hasattr(value, "params"):  # a Phrase, or a refusal inside the message
        return {_PHRASE: _encode_said(value.code, value.params)}
    return str(value)  # a path, a number type of a driver: said as its text


def _encode_said(code: str, params: Mapping[str, object]) -> dict[str, Any]:
    return {"code": code, "params": {str(name): _encode_value(value) for name, value in params.items()}}


def _decode_value(value: Any) -> object:
    if isinstance(value, list):
        return tuple(_decode_value(item) for item in value)
    if not isinstance(value, dict):
        return value
    if EVENT_KEY in value:
        return decode(Event, value)
    if _PHRASE in value:
        return _decode_said(value[_PHRASE])
    if _LOCALIZED in value:
        return Localized(value[_LOCALIZED]["en"], value[_LOCALIZED].get("th", ""))
    if _MONEY in value:
        return decode(Money, value[_MONEY])
    if _DATETIME in value:
        return datetime.fromisoformat(value[_DATETIME])
    if _DATE in value:
        return date.fromisoformat(value[_DATE])
    return {str(k): _decode_value(v) for k, v in value.items()}


def _decode_said(value: Mapping[str, Any]) -> Phrase:
    return Phrase(str(value["code"]), {str(k): _decode_value(v) for k, v in (value.get("params") or {}).items()})


def said_to_json(said: Said) -> str:
    """A message (a refusal, a phrase, an event) as JSON `{"code": ..., "params": ...}` to be said later."""
    return json.dumps(_encode_said(said.code, said.params), ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"))


def said_from_json(text: str) -> Phrase:
    """What said_to_json wrote, as a Phrase any edge says in its language; ValueError when it is not that."""
    value = json.loads(text)
    if not isinstance(value, dict) or not isinstance(value.get("code"), str):
        raise ValueError("not a stored message")
    return _decode_said(value)


def stored(message: Said | str) -> str:
    """A message as text for a column that used to hold a sentence (the Stripe sync's last error, a review row's
    error, a print job's): its code and values (said_to_json), said when read in the reader's language. A plain
    string is stored as it is."""
    return message if isinstance(message, str) else said_to_json(message)


def from_stored(text: str) -> Phrase | str:
    """What `stored` wrote, as the phrase again; any other text (a sentence an older version wrote) as it is."""
    if not text.startswith("{"):
        return text
    try:
        return said_from_json(text)
    except (ValueError, KeyError, TypeError, AttributeError):  # a sentence that happens to start with a brace
        return text
