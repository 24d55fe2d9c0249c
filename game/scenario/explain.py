"""Validation errors told as a modder needs them: the field, the offending value, what is allowed.

Pydantic's own messages say what was expected ("Input should be a valid string") but not what was found,
not why (YAML read `no` as false), and not what would do. `explain` turns one pydantic error into one
`ContentError` at the file and line of the value, naming the value and what is allowed, with a "did you
mean" only when a known name is close.
"""

from __future__ import annotations

import difflib
import types
from collections.abc import Iterable, Mapping
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, Tag

from game.scenario import models as m
from game.scenario.errors import ContentError

IDENT_PATTERN = r"^[a-z][a-z0-9_]*$"
VERSION_PATTERN = r"^\d+\.\d+(\.\d+)?$"

#: The union tags pydantic adds to an error's location inside a condition or an effect.
TAG_NAMES = frozenset(m.CONDITION_KEYS.values()) | frozenset(m.EFFECT_KEYS.values())


def fmt_path(parts: Iterable[str | int]) -> str:
    """`add[0].trigger.condition`: a location as a modder reads it."""
    out = ""
    for p in parts:
        if isinstance(p, int):
            out += f"[{p}]"
        else:
            out += ("." if out else "") + str(p)
    return out


def close_match(name: str, options: Iterable[str]) -> str | None:
    """The one option close enough to be a typo of `name` (None when nothing is that close)."""
    if not isinstance(name, str) or not name:
        return None
    opts = sorted({o for o in options if isinstance(o, str)})
    got = difflib.get_close_matches(name, opts, n=1, cutoff=0.75)
    if got:
        return got[0]
    low = name.lower().replace("-", "_").replace(" ", "_")
    return low if low != name and low in opts else None


def near(name: str, options: Iterable[str]) -> str:
    """` (did you mean 'x'?)` when an option is close to `name`, else ''."""
    got = close_match(name, options)
    return f" (did you mean '{got}'?)" if got else ""


def show(value: Any, limit: int = 60) -> str:
    """A value as it would be written in YAML, short enough for a one-line message."""
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, str):
        text = value if len(value) <= limit else value[: limit - 1] + "…"
        return repr(text)
    if isinstance(value, dict):
        inner = ", ".join(f"{k}: {show(v, 20)}" for k, v in list(value.items())[:4])
        text = "{" + inner + (", …" if len(value) > 4 else "") + "}"
    elif isinstance(value, list):
        text = "[" + ", ".join(show(v, 20) for v in value[:4]) + (", …" if len(value) > 4 else "") + "]"
    else:
        text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return "nothing" if value is None else type(value).__name__


def _yaml_surprise(raw: str | None, value: Any) -> str:
    """Why YAML made `raw` into `value`, and how to write it as text."""
    if raw is None:
        return ""
    if isinstance(value, bool):
        return (f"YAML reads unquoted {raw} as {show(value)} (yes/no/on/off/true/false are booleans); "
                f"write it in quotes, \"{raw}\", to mean the text")
    if value is None:
        return f"YAML reads {raw or 'an empty value'} as null; write the text, in quotes if needed"
    if isinstance(value, (int, float)):
        return f"YAML reads unquoted {raw} as a number; write it in quotes, \"{raw}\", to mean the text"
    return ""


# --------------------------------------------------------------------------- the fields allowed at a place


def union_members(t: Any) -> list[tuple[str | None, Any]]:
    """The alternatives a type allows, each with its union tag (Annotated, Optional and unions unwrapped)."""
    origin = get_origin(t)
    if origin is Annotated:
        base, *meta = get_args(t)
        tag = next((x.tag for x in meta if isinstance(x, Tag)), None)
        return [(inner if inner is not None else tag, x) for inner, x in union_members(base)]
    if origin in (Union, types.UnionType):
        return [c for a in get_args(t) if a is not type(None) for c in union_members(a)]
    return [(None, t)]


def _step(t: Any, part: str | int) -> list[Any]:
    """The types reached from `t` by one step of a pydantic error location."""
    cands = union_members(t)
    if isinstance(part, str):
        tagged = [x for tag, x in cands if tag == part]
        if tagged:  # a tagged union (conditions, effects): the tag names the member
            return tagged
    out: list[Any] = []
    for _, x in cands:
        origin = get_origin(x)
        if isinstance(x, type) and issubclass(x, BaseModel):
            if x.__name__ == part:
                out.append(x)
            for name, info in x.model_fields.items():
                if part in (name, info.alias):
                    out.append(info.annotation)
        elif isinstance(part, int) and origin in (list, tuple, set, frozenset):
            out.extend(a for a in get_args(x) if a is not Ellipsis)
        elif origin is dict:
            out.append(get_args(x)[1])
    return out


def models_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[type[BaseModel]]:
    """The models that may hold the value at `loc` inside `model` (lists, optionals and tagged unions
    followed)."""
    types_: list[Any] = [model]
    for part in loc:
        if isinstance(part, str) and part.startswith("function-"):
            continue
        types_ = [y for t in types_ for y in _step(t, part)]
    return [x for t in types_ for _, x in union_members(t) if isinstance(x, type) and issubclass(x, BaseModel)]


def fields_of(model: type[BaseModel]) -> set[str]:
    """The keys a model accepts (aliases where set)."""
    return {info.alias or name for name, info in model.model_fields.items()}


def fields_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> set[str]:
    """The field names allowed where an unknown key at `loc` was found."""
    models = models_at(model, loc[:-1])
    return set().union(*(fields_of(x) for x in models)) if models else set()


_WHAT = {"Event": "in this event", "Trigger": "in this trigger", "Choice": "in this choice",
         "SourceRef": "in this source", "Position": "in this position", "Unit": "in this unit",
         "Formation": "in this formation", "Period": "in this period", "Role": "in this role",
         "Preset": "in this preset", "Ending": "in this ending", "EventPatch": "in this extend entry",
         "PackManifest": "in pack.yaml", "ScenarioPackManifest": "in pack.yaml", "Meta": "in scenario.yaml"}


def _what(model_names: list[str]) -> str:
    for name in model_names:
        if name.endswith("Cond"):
            return "in this condition"
        if name.endswith("Effect"):
            return "in this effect"
    if len(model_names) == 1 and model_names[0] in _WHAT:
        return _WHAT[model_names[0]]
    if len(model_names) == 1 and model_names[0].startswith("Pack") and model_names[0].endswith("File"):
        return "at the top of this file"
    return "here"


# --------------------------------------------------------------------------- one error


def clean_loc(data: Any, loc: Iterable[str | int], typ: str = "") -> tuple[str | int, ...]:
    """The error's location with the union tags and validator names pydantic adds dropped, so that it
    follows the keys of the document. A model's own check (`value_error`) ends at the model: a tag last in
    its location is the union's, not a field."""
    out: list[str | int] = []
    parts = list(loc)
    if typ == "value_error" and parts and isinstance(parts[-1], str) and parts[-1] in TAG_NAMES:
        parts = parts[:-1]
    for i, part in enumerate(parts):
        if isinstance(part, str) and part in TAG_NAMES:
            # a union tag, unless it is the key the next step goes into
            nxt = parts[i + 1] if i + 1 < len(parts) else None
            is_key = isinstance(data, dict) and part in data
            if not is_key or (nxt is not None and isinstance(data, dict) and nxt in data and nxt != part
                              and not isinstance(data.get(part), (dict, list))):
                continue
            if nxt == part:
                continue
        if isinstance(part, str) and part.startswith("function-"):
            continue
        out.append(part)
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            data = None
    return tuple(out)


def message(err: Mapping[str, Any], loc: tuple[str | int, ...], model: type[BaseModel] | None,
            raw: str | None) -> str:
    """One pydantic error as a sentence that names the value found and what is allowed."""
    typ = err["type"]
    value = err.get("input")
    ctx = err.get("ctx") or {}
    field = next((p for p in reversed(loc) if isinstance(p, str)), "")
    found = raw if raw is not None else show(value)
    surprise = _yaml_surprise(raw, value)

    if typ == "extra_forbidden":
        key = loc[-1] if loc else ""
        if isinstance(key, str) and len(key) > 40:
            key = key[:39] + "…"
        full = tuple(err["loc"])
        holders = models_at(model, full[:-1]) if model is not None else []
        allowed = set().union(*(fields_of(x) for x in holders)) - {key} if holders else set()
        where = _what([h.__name__ for h in holders])
        msg = f"unknown field '{key}' {where}"
        if isinstance(key, str) and where == "in this effect" and key in m.EFFECT_KEYS:
            return msg + f": '{key}' starts another effect; write {{{key}: …}} as its own item of the list"
        if isinstance(key, str) and where == "in this condition" and key in m.CONDITION_KEYS:
            return msg + (f": '{key}' starts another condition; to test both, write "
                          f"{{all: [{{…}}, {{{key}: …}}]}}")
        if isinstance(key, str) and (" " in key.strip() or key != key.strip()):
            return msg + (": a comma inside {…} ends a value and starts a new key; put text with commas or "
                          "colons in quotes")
        if key == "events" and "add" in allowed and "delete" in allowed:
            return msg + (": a pack's event files list events under 'add' (new ids), 'replace', 'extend' or "
                          "'delete'; 'events:' is for a whole scenario's files")
        hint = near(str(key), allowed)
        if hint:
            return msg + hint
        if 0 < len(allowed) <= 14:
            return msg + f" (allowed: {', '.join(sorted(allowed))})"
        return msg
    if typ == "missing":
        return f"required field '{field}' is missing"
    if typ in ("unknown_condition", "unknown_effect"):
        word = "condition" if typ == "unknown_condition" else "effect"
        table = m.CONDITION_KEYS if word == "condition" else m.EFFECT_KEYS
        keys = [k for k in table if not k.endswith("_")]
        if isinstance(value, dict) and value:
            first = next(iter(value))
            hint = next((near(str(k), keys) for k in value if near(str(k), keys)), "")
            return (f"unknown {word} {show(value)}: '{first}' is not a {word} key{hint}; "
                    f"a {word} starts with one of {', '.join(keys)}")
        return f"a {word} must be a mapping such as {{{keys[0]}: …}}, not {_kind(value)} {show(value)}"
    if typ == "literal_error":
        expected = ctx.get("expected", "")
        options = [o.strip("'") for o in expected.replace(" or ", ", ").split(", ")]
        msg = f"{found} is not allowed for '{field}': use {expected}" if field else f"{found}: use {expected}"
        if surprise:
            return msg + f" ({surprise})"
        return msg + (near(value, options) if isinstance(value, str) else "")
    if typ == "string_pattern_mismatch":
        pattern = ctx.get("pattern", "")
        if pattern == IDENT_PATTERN:
            fix = "".join(ch if ch.isalnum() or ch == "_" else "_" for ch in str(value).lower()).strip("_")
            eg = f" (e.g. '{fix}')" if fix and fix[0].isalpha() and fix.isascii() else ""
            what = "" if field == "id" else f" for '{field}'"
            return (f"{found} is not a valid id{what}: use lower case letters, digits and _, "
                    f"starting with a letter{eg}")
        if pattern == VERSION_PATTERN:
            return f"{found} is not a version for '{field}': write two or three numbers, e.g. \"1.0\" or \"1.2.3\""
        return f"{found} does not have the form '{field}' needs (pattern {pattern})"
    if typ == "string_too_short" or (typ == "too_short" and isinstance(value, str)):
        return (f"{found} is too short for '{field}': {len(value) if isinstance(value, str) else 0} character(s), "
                f"at least {ctx.get('min_length')}")
    if typ == "string_too_long" or (typ == "too_long" and isinstance(value, str)):
        n = len(value) if isinstance(value, str) else 0
        return f"'{field}' is too long: {n} characters, at most {ctx.get('max_length')}"
    if typ == "string_type":
        if surprise:
            return f"'{field}' must be text: {surprise}"
        return f"'{field}' must be text, not {_kind(value)} {found}"
    if typ in ("int_parsing", "int_type", "int_from_float"):
        if surprise and isinstance(value, (bool, type(None))):
            return f"'{field}' must be a whole number: {surprise}"
        return f"{found} is not a whole number (for '{field}')"
    if typ in ("float_parsing", "float_type"):
        if isinstance(value, int) and not isinstance(value, bool):
            return f"{found} is too large a number for '{field}'"
        return f"{found} is not a number (for '{field}')" + (f": {surprise}" if surprise else "")
    if typ == "finite_number":
        return f"{found} is not allowed for '{field}': .inf and .nan are not numbers a game can use"
    if typ in ("bool_parsing", "bool_type"):
        return f"{found} is not true or false (for '{field}')"
    if typ in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = {"greater_than_equal": ("at least", "ge"), "greater_than": ("more than", "gt"),
                 "less_than_equal": ("at most", "le"), "less_than": ("less than", "lt")}[typ]
        return f"{found} is out of range for '{field}': it must be {bound[0]} {ctx.get(bound[1])}"
    if typ.startswith("date") or typ.startswith("datetime"):
        why = ctx.get("error", "")
        why = f" ({why})" if why else ""
        return f"{found} is not a date{why} (for '{field}'): write YYYY-MM-DD, e.g. 1944-06-25"
    if typ == "too_short":
        return (f"'{field}' needs at least {ctx.get('min_length')} item(s), has {ctx.get('actual_length')}")
    if typ == "too_long":
        return f"'{field}' has {ctx.get('actual_length')} items, at most {ctx.get('max_length')}"
    if typ in ("list_type", "tuple_type", "set_type"):
        return f"'{field}' must be a list ([a, b] or lines starting with '- '), not {_kind(value)} {found}"
    if typ in ("dict_type", "model_type", "model_attributes_type"):
        return f"'{field or 'this item'}' must be a mapping (key: value lines), not {_kind(value)} {found}"
    if typ == "value_error":
        return str(err["msg"]).removeprefix("Value error, ")
    return f"{err['msg']} (found {found})"


def explain(doc_file: str, lines: Any, data: Any, err: Mapping[str, Any],
            model: type[BaseModel] | None, severity: str = "error") -> ContentError:
    """A pydantic error (from `ValidationError.errors()`) as a located ContentError."""
    loc = clean_loc(data, err["loc"], err["type"])
    raw = lines.raw_for(loc) if hasattr(lines, "raw_for") and loc else None
    return ContentError(doc_file, lines.line_for(loc), fmt_path(loc), message(err, loc, model, raw), severity)
