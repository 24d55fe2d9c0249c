"""pack.yaml: who made a pack, what kind it is, what it applies to, and which engine it needs."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field

from game import __version__ as ENGINE_VERSION
from game.scenario import models as m
from game.scenario.documents import Doc, validate_document
from game.scenario.errors import ContentError
from game.scenario.explain import near

__all__ = ["ENGINE_VERSION", "PACK_KINDS", "PackManifest", "ScenarioPackManifest", "check_engine",
           "engine_satisfies", "validate_manifest"]

_VERSION = r"^\d+\.\d+(\.\d+)?$"


class PackManifest(m.Strict):
    """pack.yaml: who made the pack, what it applies to and what it must load after."""

    id: m.Ident = Field(description="unique pack id (lower case letters, digits and _, starting with a letter)")
    title: str = Field(min_length=2, max_length=80, description="the pack's name as players see it")
    version: str = Field(pattern=_VERSION, description="the pack's own version, e.g. \"1.0\" (in quotes); saves "
                                                       "record it")
    authors: list[str] = Field(min_length=1, description="names of the authors")
    engine: str = Field(default=">=0.1", description="engine versions the pack needs, e.g. '>=0.1' or '>=0.1,<2'")
    extends: m.Ident = Field(description="id of the scenario the pack applies to, e.g. hengyang1944")
    load_after: list[m.Ident] = Field(default_factory=list, description="ids of packs that must apply first")
    description: str = Field(default="", max_length=1500, description="what the pack adds, and from which sources")


#: The kinds of pack a manifest may declare with `kind:` (missing means "extension").
PACK_KINDS: tuple[str, ...] = ("extension", "scenario")


class ScenarioPackManifest(m.Strict):
    """pack.yaml of a standalone scenario pack (`kind: scenario`): the folder is a whole scenario."""

    id: m.Ident = Field(description="unique pack id; must equal the id in the pack's scenario.yaml")
    title: str = Field(min_length=2, max_length=80, description="the scenario's name as players see it")
    version: str = Field(pattern=_VERSION, description="the pack's own version, e.g. \"1.0\" (in quotes)")
    authors: list[str] = Field(min_length=1, description="names of the authors")
    engine: str = Field(default=">=0.1", description="engine versions the pack needs, e.g. '>=0.1'")
    kind: Literal["scenario"] = Field(description="'scenario': a complete scenario folder, not an extension")
    description: str = Field(default="", max_length=1500, description="what the scenario is about")

    @property
    def extends(self) -> None:
        """A scenario pack extends nothing."""
        return None

    @property
    def load_after(self) -> list[str]:
        """A scenario pack is a base, never ordered after other packs."""
        return []


# --------------------------------------------------------------------------- engine versions

_SPEC = re.compile(r"^\s*(>=|<=|==|!=|~=|>|<)?\s*(\d+(?:\.\d+)*)\s*$")


def _vtuple(v: str) -> tuple[int, ...]:
    nums = [int(x) for x in re.findall(r"\d+", v.split("+")[0])[:3]]
    return tuple(nums + [0] * (3 - len(nums)))


def _bump(v: tuple[int, ...], i: int) -> tuple[int, ...]:
    out = list(v)
    out[i] += 1
    for j in range(i + 1, len(out)):
        out[j] = 0
    return tuple(out)


def engine_satisfies(spec: str, version: str = ENGINE_VERSION) -> bool | None:
    """True/False whether `version` meets a spec like '>=0.1,<2'; None when the spec cannot be read."""
    have = _vtuple(version)
    clauses = [c for c in spec.split(",") if c.strip()]
    if not clauses or len(spec) > 200:
        return None
    ok = True
    for clause in clauses:
        mt = _SPEC.match(clause)
        if not mt or len(mt.group(2)) > 30:
            return None
        op, want_s = mt.group(1) or "==", mt.group(2)
        want = _vtuple(want_s)
        if op == "~=":
            parts = want_s.split(".")
            if len(parts) < 2:
                return None
            ok &= want <= have < _bump(want, len(parts) - 2)
            continue
        ok &= {">=": have >= want, "<=": have <= want, ">": have > want, "<": have < want,
               "==": have == want, "!=": have != want}[op]
    return ok


def validate_manifest(doc: Doc) -> tuple[PackManifest | ScenarioPackManifest | None, list[ContentError]]:
    """Validate pack.yaml with the model its `kind` asks for (missing kind: an extension pack)."""
    data = doc.data
    if not isinstance(data, dict) or "kind" not in data:
        return validate_document(doc, PackManifest)
    kind = data["kind"]
    if kind == "scenario":
        return validate_document(doc, ScenarioPackManifest)
    if kind == "extension":
        # `kind: extension` is the default spelled out; the extension model itself has no such field.
        rest = Doc(doc.file, {k: v for k, v in data.items() if k != "kind"}, doc.lines)
        return validate_document(rest, PackManifest)
    shown = kind if isinstance(kind, str) else repr(kind)
    return None, [doc.error(("kind",), f"unknown pack kind '{shown}'{near(str(kind), PACK_KINDS)}: use "
                                       "'extension' (the default) or 'scenario'")]


def check_engine(manifest: PackManifest | ScenarioPackManifest, doc: Doc) -> list[ContentError]:
    """An error for a spec that cannot be read; a warning when this engine does not satisfy it."""
    ok = engine_satisfies(manifest.engine)
    if ok is None:
        return [doc.error(("engine",), f"cannot read engine version spec '{manifest.engine[:60]}': write e.g. "
                                       "'>=0.1' or '>=0.1,<2'")]
    if not ok:
        return [doc.error(("engine",), f"pack wants engine {manifest.engine} but this is {ENGINE_VERSION}; "
                                       "it may not work", "warning")]
    return []
