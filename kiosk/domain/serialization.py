"""Plain-JSON encoding of frozen dataclasses (Money, dates, tuples) for queues and the command log."""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from datetime import date, datetime
from typing import Any, Union

from kiosk.domain.events import Event, event_types
from kiosk.domain.money import Money

EVENT_KEY = "event"  # an encoded event names its class, so a tuple of mixed events reads back


def encode(value: Any) -> Any:
    if isinstance(value, Money):
        return {"minor": value.minor, "currency": value.currency}
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Event) and dataclasses.is_dataclass(value):
        return {EVENT_KEY: type(value).__name__, "code": value.code,  # the code for readers of --json
                **{f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
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
        return decode(event_types()[value[EVENT_KEY]], value)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        return tp(**{f.name: decode(hints[f.name], value[f.name]) for f in dataclasses.fields(tp) if f.name in value})
    return value


def to_json(value: Any) -> str:
    return json.dumps(encode(value), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def from_json[T](tp: type[T], text: str) -> T:
    value: T = decode(tp, json.loads(text))  # decode walks tp's annotations at run time, hence its Any
    return value
