"""How a plain (unquoted) YAML scalar is typed: YAML 1.1's rules, as PyYAML applies them, but dates stay text.

Shared by both readers (`safeyaml`, the exact one, and `fastyaml`), so that they cannot type a value
differently. Dates are left as text for the models to parse, so that an impossible date (`1944-02-30`) is
a located validation error rather than a crash inside the YAML library.
"""

from __future__ import annotations

import re
from typing import Any

import yaml  # type: ignore[import-untyped,unused-ignore]

__all__ = ["LONGEST_WORD", "TYPED_START", "plain_scalar"]

_CTOR = yaml.constructor.SafeConstructor()
_RESOLVERS = yaml.resolver.Resolver.yaml_implicit_resolvers
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"

_BOOLS = {w: w.lower() in ("yes", "true", "on") for base in ("yes", "no", "true", "false", "on", "off")
          for w in (base, base.capitalize(), base.upper())}
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
#: Only a plain scalar starting with one of these can be a number (or a date).
TYPED_START = frozenset("0123456789+-.")
#: The longest word YAML reads as a boolean or null ("false"): a plain scalar that does not start with one of
#: TYPED_START and is longer than this is always text, whatever else it holds.
LONGEST_WORD = max(len(w) for w in (*_BOOLS, *_NULLS))

_DATE = re.compile(r"\d{4}-\d\d?-\d\d?$")
_DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]*)?$")


def plain_scalar(value: str) -> Any:
    """The value of a plain (unquoted) scalar, typed as YAML 1.1 types it; dates stay text."""
    c = value[:1]
    if c not in TYPED_START:
        if len(value) <= LONGEST_WORD:
            if value in _BOOLS:
                return _BOOLS[value]
            if value in _NULLS:
                return None
        return value
    # the common cases first: a small whole number (no leading zero, which YAML 1.1 reads as octal), a date
    # (left as text), a plain decimal number
    if value.isdigit() and value.isascii() and (c != "0" or len(value) == 1):
        return int(value)
    if _DATE.match(value):
        return value
    if _DECIMAL.match(value):
        return float(value) if "." in value else int(value)
    for tag, rx in _RESOLVERS.get(c, ()):
        if rx.match(value):
            if tag == _INT:
                return _CTOR.construct_yaml_int(yaml.ScalarNode(tag, value))
            if tag == _FLOAT:
                return _CTOR.construct_yaml_float(yaml.ScalarNode(tag, value))
            return value  # timestamps (parsed by the models) are just text
    return value
