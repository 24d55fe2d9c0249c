"""Short game codes for a lesson: scenario + seed + preset, e.g. ``HY-04A5J-7VN08-5VW``.

A code carries a 16-bit fingerprint of the scenario id and of the preset id (SHA-256, the same on every
machine), the seed, and a 16-bit checksum, written in Crockford base32 (no I, L, O or U; typing is
case-insensitive, and O/I/L are read as 0/1/1). Decoding resolves the fingerprints against the scenarios
installed here (the built-in one by default), so the same code starts the same game on every machine
that has the same scenario.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Iterable, Mapping

PREFIX = "HY"
VERSION = 1
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32
_DECODE = {ch: i for i, ch in enumerate(ALPHABET)}
_DECODE.update({"O": 0, "I": 1, "L": 1})
_IDENT = re.compile(r"^[a-z][a-z0-9_]*$")
MAX_SEED = 2**40

#: scenario id -> preset ids; used to turn fingerprints back into names.
Catalog = Mapping[str, Iterable[str]]


def _fp(name: str) -> int:
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:2], "big")


def _b32(data: bytes) -> str:
    bits = "".join(f"{b:08b}" for b in data)
    bits += "0" * (-len(bits) % 5)
    return "".join(ALPHABET[int(bits[i:i + 5], 2)] for i in range(0, len(bits), 5))


def _unb32(text: str) -> bytes:
    bits = "".join(f"{_DECODE[ch]:05b}" for ch in text)
    n = len(bits) // 8
    return bytes(int(bits[i * 8:i * 8 + 8], 2) for i in range(n))


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def _unvarint(data: bytes) -> tuple[int, int]:
    n = shift = 0
    for i, b in enumerate(data):
        n |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            return n, i + 1
        if shift > 63:
            break
    raise ValueError("the seed part of the code is damaged")


def encode(scenario: str, seed: int, preset: str) -> str:
    """The game code for a scenario id, a seed and a preset id."""
    for what, name in (("scenario", scenario), ("preset", preset)):
        if not isinstance(name, str) or not _IDENT.match(name):
            raise ValueError(f"bad {what} id {name!r}: use lower-case letters, digits and _")
    if not isinstance(seed, int) or isinstance(seed, bool) or not -MAX_SEED < seed < MAX_SEED:
        raise ValueError(f"seed must be a whole number between {-MAX_SEED + 1} and {MAX_SEED - 1}")
    zigzag = seed * 2 if seed >= 0 else -seed * 2 - 1
    payload = bytes([VERSION]) + _fp(scenario).to_bytes(2, "big") + _fp(preset).to_bytes(2, "big") + _varint(zigzag)
    check = (zlib.crc32(payload) & 0xFFFF).to_bytes(2, "big")
    body = _b32(payload + check)
    return PREFIX + "-" + "-".join(body[i:i + 5] for i in range(0, len(body), 5))


def normalise(code: str) -> str:
    """Upper-case, without spaces or dashes and without the prefix."""
    text = re.sub(r"[\s\-_]", "", str(code)).upper()
    if not text.startswith(PREFIX):
        raise ValueError(f"not a game code: it should start with '{PREFIX}-' (got {code!r})")
    return text[len(PREFIX):]


def parse(code: str) -> tuple[int, int, int]:
    """Check a code's letters and checksum; return (scenario fingerprint, seed, preset fingerprint)."""
    body = normalise(code)
    if not body:
        raise ValueError("the game code is empty after 'HY-'")
    bad = sorted({ch for ch in body if ch not in _DECODE})
    if bad:
        raise ValueError(f"game code contains characters that are never used in codes: {' '.join(bad)}")
    body = "".join(ALPHABET[_DECODE[ch]] for ch in body)
    data = _unb32(body)
    if len(data) < 8:
        raise ValueError("game code is too short: check that no group of letters is missing")
    payload, check = data[:-2], data[-2:]
    if (zlib.crc32(payload) & 0xFFFF).to_bytes(2, "big") != check:
        raise ValueError("game code checksum does not match: a character was probably mistyped")
    if payload[0] != VERSION:
        raise ValueError(f"game code version {payload[0]} is not supported by this version of the game")
    zigzag, used = _unvarint(payload[5:])
    if body != _b32(data):
        raise ValueError("game code checksum does not match: the last character was probably mistyped")
    if 5 + used != len(payload):
        raise ValueError("game code has extra characters at the end")
    seed = zigzag // 2 if zigzag % 2 == 0 else -(zigzag + 1) // 2
    return int.from_bytes(payload[1:3], "big"), seed, int.from_bytes(payload[3:5], "big")


def builtin_catalog() -> dict[str, list[str]]:
    """The scenario and preset ids installed here (the built-in scenario)."""
    from game.scenario.loader import load_scenario

    sc = load_scenario()
    return {sc.meta.id: [p.id for p in sc.presets]}


def decode(code: str, catalog: Catalog | None = None) -> tuple[str, int, str]:
    """(scenario id, seed, preset id) of a game code; ValueError with a clear message on a bad code."""
    sfp, seed, pfp = parse(code)
    catalog = builtin_catalog() if catalog is None else catalog
    scenarios = [s for s in catalog if _fp(s) == sfp]
    if not scenarios:
        raise ValueError("game code is for a scenario that is not installed here "
                         f"(installed: {', '.join(sorted(catalog)) or 'none'})")
    if len(scenarios) > 1:
        raise ValueError(f"game code is ambiguous between scenarios {', '.join(sorted(scenarios))}")
    scenario = scenarios[0]
    presets = [p for p in catalog[scenario] if _fp(p) == pfp]
    if len(presets) != 1:
        raise ValueError(f"game code names a lesson preset that scenario '{scenario}' does not have"
                         if not presets else f"game code is ambiguous between presets {', '.join(presets)}")
    return scenario, seed, presets[0]
