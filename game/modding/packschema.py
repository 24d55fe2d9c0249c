"""JSON Schemas of pack and scenario files that an editor can use, and that agree with `validate-pack`.

Built from the pydantic models, then reshaped where a plain model schema would mislead an editor:

* conditions and effects are chosen by their leading key: each is an `if {required: [key]} then
  {$ref: variant}` rule, so an editor reports the errors of the one variant meant ("'op' must be one of
  ...") instead of "not valid under any of the given schemas";
* "exactly one of" rules the models check in code (`add` or `set` in a stock effect, `set_flag` or
  `clear_flag`, `period` or `period_kind`) are spelled out, and those keys may not be null;
* every property has a description (from the model's Field, else from `FIELD_DOCS`);
* with a scenario (`pack-schema --scenario DIR [--mod PACK]`) every field that names an id of a kind
  (a position, a unit, an event...) is an enum of the ids that scenario has.
"""

from __future__ import annotations

import copy
from typing import Any

from pydantic import BaseModel

from game.scenario import models as m
from game.scenario import packs as p

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

#: The files `pack-schema --file` knows: pack files, then the files of a whole scenario folder.
FILE_MODELS: dict[str, type[BaseModel]] = {
    "manifest": p.PackManifest, "scenario-manifest": p.ScenarioPackManifest,
    "events": p.PackEventsFile, "positions": p.PackPositionsFile, "units": p.PackUnitsFile,
    "roles": p.PackRolesFile, "presets": p.PackPresetsFile, "formations": p.PackFormationsFile,
    "periods": p.PackPeriodsFile, "endings": p.PackEndingsFile, "dates": p.PackDatesFile,
    "scenario": m.Meta, "map": m.MapFile, "forces": m.ForcesFile, "calendar": m.CalendarFile,
    "scenario-events": m.EventsFile, "history": m.HistoryFile,
}

#: Descriptions for fields whose model gives none (kept here, away from the models, so that the story and
#: rules engineers' fields stay theirs; a test checks that every property ends up with one).
FIELD_DOCS: dict[str, dict[str, str]] = {
    "Event": {
        "id": "the event's id (lower case letters, digits and _); `fired:`/`chose:` refer to it",
        "title": "the headline the staff sees", "role": "the staff role that receives it (see `hengyang ids "
        "--kind roles`)", "trigger": "when it may fire", "priority": "0-100: higher fires first on the same day",
        "repeatable": "true: may fire again on later days", "text": "what the staff reads, in our own words",
        "tags": "content warnings: the classroom setting shows the summary instead",
        "effects": "applied when it fires, before any choice", "choices": "the decision asked of the staff; "
        "none: the event only informs", "historical_note": "what really happened, and how sure we are",
        "sources": "passages of the seeds that support it (at least one)",
    },
    "Variant": {"text": "what the staff reads in this telling, in our own words (placeholders allowed)"},
    "Trigger": {"from": "first day it may fire (YYYY-MM-DD)", "until": "last day it may fire (YYYY-MM-DD)",
                "condition": "a condition that must hold on the day", "chance": "0-1: the daily chance once "
                "the rest holds", "epilogue": "true: part of the ending sequence, told on the day the campaign ends "
                "(whatever the date), when its condition holds"},
    "Choice": {"id": "the choice's id within its event; `chose: EVENT, choice: ID` tests it",
               "label": "what the staff picks", "effects": "applied when chosen",
               "historical": "true for the choice the staff really made (at most one)",
               "asserts": "facts its label and outcome state once chosen (a unit moved, a position given up): "
               "its effects must make them true"},
    "SourceRef": {"note": "what the passage supports, when not obvious"},
    "Position": {"id": "the place's id", "name": "its name on the map", "pinyin": "the name in pinyin",
                 "terrain": "the ground", "line": "which defence line it belongs to", "sector": "the sector it "
                 "faces (see `hengyang ids --kind sectors`)", "adjacent": "neighbouring positions (adjacency "
                 "is two-way: listing it on one side is enough)", "controller": "who holds it at the start",
                 "description": "what the staff knows of it", "sources": "passages that place it"},
    "Unit": {"id": "the unit's id", "name": "its name", "division": "the division it belongs to",
             "kind": "what sort of unit", "commander": "its commander, if known", "strength": "men at the start",
             "morale": "0-100 at the start", "fatigue": "0-100 at the start", "note": "anything else",
             "sources": "passages that support it"},
    "Formation": {"id": "the formation's id", "name": "its name", "kind": "what sort of formation",
                  "commander": "its commander, if known", "strength": "men when it arrives",
                  "sector": "the sector whose pool it joins", "arrives": "the day it joins the battle",
                  "note": "anything else", "sources": "passages that support it"},
    "Period": {"id": "the period's id", "name": "its name", "kind": "preparation, opening, offensive or lull",
               "start": "first day (YYYY-MM-DD)", "end": "last day (YYYY-MM-DD)",
               "description": "what happens in it", "sources": "passages that date it"},
    "Role": {"id": "the role's id (events name it in `role`)", "title": "the post", "person": "who held it",
             "briefing": "what the role knows and decides"},
    "Preset": {"id": "the preset's id", "title": "its name", "start": "the day the lesson starts",
               "description": "what the lesson covers"},
    "Ending": {"id": "the ending's id (an `ending` effect names it)", "title": "its title",
               "kind": "defeat, ceasefire, breakout, relief or held", "priority": "0-100: checked highest first",
               "historical": "true for the way the battle really ended", "text": "what the debrief says",
               "sources": "passages that support it"},
    "Sector": {"id": "the sector's id", "name": "its name", "description": "what lies there"},
    "Stocks": {"mg_rounds": "machine-gun rounds", "mortar_shells": "mortar shells", "grenades": "hand grenades"},
    "Volunteers": {k: f"people in the {k} team" for k in ("transport", "repair", "firefighting", "stretcher",
                                                          "nursing", "burial")},
    "Meta": {"id": "the scenario's id", "title": "its title", "version": "its version, e.g. \"1.0\"",
             "description": "what it is about", "start_date": "the first day of the game",
             "battle_start": "the day the battle begins", "last_date": "the last day a game can run to",
             "historical_end": "the day the battle really ended", "headquarters": "the position of the HQ",
             "sectors": "the directions of attack", "stocks": "stocks at the start",
             "volunteers": "civilian volunteers at the start", "air_support": "0-3 at the start",
             "radio": "whether the radio link works at the start", "doctrine": "the fire doctrine at the start",
             "endings": "ways the campaign can end", "sources": "passages that support the whole"},
    "Claim": {"claim": "one side's account", "sources": "passages that make it"},
    "Dispute": {"id": "the dispute's id", "topic": "what the sources disagree on",
                "claims": "each side (at least two)", "comment": "what the game makes of it"},
    "StatCond": {"stat": "the number to read (see `hengyang ids --kind stats`)", "op": "how to compare",
                 "value": "the number to compare with"},
    "ControlsCond": {"side": "the side that must hold it"},
    "FlagCond": {"flag": "a flag set by a `set_flag` effect"},
    "ChoseCond": {"choice": "the choice's id"},
    "PeriodCond": {"period": "a period id (see `hengyang ids --kind periods`)",
                   "period_kind": "any period of this kind"},
    "DateCond": {"after": "true on and after this day", "before": "true on and before this day"},
    "ChanceCond": {"chance": "0-1: true with this probability each time it is checked"},
    "DoctrineCond": {"doctrine": "the doctrine that must be in force"},
    "EndingCond": {"ending": "the ending the campaign has reached (see `hengyang ids --kind endings`)",
                   "ending_kind": "any ending of this kind"},
    "UnitCond": {"unit": "a unit or regiment id", "op": "how to compare", "strength": "the men to compare with",
                 "reaches": "a position: count only the men who could move there tonight"},
    "AllCond": {"all": "conditions that must all hold"},
    "AnyCond": {"any": "conditions of which one must hold"},
    "NotCond": {"not": "a condition that must not hold"},
    "StockEffect": {"stock": "the stock", "add": "added (negative: taken away)", "set": "the new amount"},
    "MoraleEffect": {"morale": "points added to every unit's morale (-50 to 50)"},
    "UnitEffect": {"unit": "a unit or regiment id", "casualties": "men lost (killed and wounded)",
                   "wounded_share": "the share of casualties wounded rather than killed", "morale": "morale "
                   "points added", "fatigue": "fatigue points added",
                   "or_else": "units or regiments that take the effect, in order, if `unit` has too few men able",
                   "least": "the men a unit needs for the effect to fall on it"},
    "PositionEffect": {"position": "the position", "controller": "who holds it afterwards (a Chinese position "
                       "the Japanese take is captured)", "works": "fortification added (-5 to 5)"},
    "PressureEffect": {"add": "men added to the sector's pool (negative: Japanese casualties)"},
    "FlagEffect": {"set_flag": "a flag to set", "clear_flag": "a flag to clear"},
    "WoundedEffect": {"wounded": "died or recovered", "count": "how many"},
    "SickEffect": {"sick": "fall_ill, died or recovered", "count": "how many"},
    "VolunteersEffect": {"volunteers": "the team", "add": "people added (negative: lost; counted as civilian "
                         "deaths)"},
    "AirEffect": {"air_support": "levels added (-3 to 3)"},
    "RadioEffect": {"radio": "true restores the link, false cuts it"},
    "DoctrineEffect": {"set_doctrine": "the doctrine put in force"},
    "EndingEffect": {"ending": "the ending (see `hengyang ids --kind endings`)"},
    "PackPositionsFile": {}, "PackUnitsFile": {}, "PackRolesFile": {}, "PackPresetsFile": {},
    "PackFormationsFile": {}, "PackPeriodsFile": {}, "PackEndingsFile": {},
    "MapFile": {"positions": "the places on the map"}, "ForcesFile": {"chinese": "the Chinese units",
                                                                      "japanese": "the Japanese formations"},
    "CalendarFile": {"periods": "the periods of the campaign"}, "EventsFile": {"events": "the events"},
    "HistoryFile": {"disputes": "points on which the sources disagree", "roles": "staff roles",
                    "presets": "lesson presets"},
}

#: "exactly one of" rules the models check in code.
_EXACTLY_ONE: dict[str, tuple[str, ...]] = {"StockEffect": ("add", "set"), "FlagEffect": ("set_flag", "clear_flag"),
                                            "PeriodCond": ("period", "period_kind"),
                                            "EndingCond": ("ending", "ending_kind")}

#: (model, field) -> the id kind (`hengyang ids`) it names; "[]" after the field: each item of a list;
#: "{}": each key of a mapping.
ID_FIELDS: dict[tuple[str, str], str] = {
    ("ControlsCond", "controls"): "positions", ("FiredCond", "fired"): "events", ("ChoseCond", "chose"): "events",
    ("UnitCond", "unit"): "units", ("UnitCond", "reaches"): "positions", ("PeriodCond", "period"): "periods",
    ("Event", "role"): "roles",
    ("Position", "sector"): "sectors", ("Position", "adjacent[]"): "positions", ("Unit", "position"): "positions",
    ("Formation", "sector"): "sectors", ("UnitEffect", "unit"): "units", ("UnitEffect", "arrive_at"): "positions",
    ("UnitEffect", "or_else[]"): "units",
    ("PositionEffect", "position"): "positions", ("PressureEffect", "pressure"): "sectors",
    ("EndingEffect", "ending"): "endings", ("SourceRef", "seed"): "seeds", ("Period", "intensity{}"): "sectors",
    ("EventPatch", "id"): "events", ("PackEventsFile", "delete[]"): "events", ("Meta", "headquarters"): "positions",
    ("ChoseCond", "choice"): "choice_ids", ("EndingCond", "ending"): "endings",
}


def _conditions_and_effects() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """variant model name -> the keys that select it (its union tag's keys), for conditions and effects."""
    from game.modding.schemadocs import CONDITIONS, EFFECTS
    from game.scenario.explain import union_members

    def keys(table: dict[str, str], union: Any, members: list[type[BaseModel]]) -> dict[str, list[str]]:
        tags = {x.__name__: tag for tag, x in union_members(union)}
        return {model.__name__: [k for k, t in table.items() if t == tags[model.__name__] and not k.endswith("_")]
                for model in members}

    return keys(m.CONDITION_KEYS, m.Condition, CONDITIONS), keys(m.EFFECT_KEYS, m.Effect, EFFECTS)


def _union_rule(variants: dict[str, list[str]], defs: dict[str, Any], word: str) -> dict[str, Any]:
    """An if/then/else chain choosing the variant by its leading key, so that an editor reports the errors of
    the one variant meant. A variant whose key is also a field of another (`morale` is a field of a unit
    effect) is tried after that other, as the loader reads the first key (`{unit: r9, morale: 3}`)."""
    fields = {n: set(defs[n].get("properties", {})) for n in variants}
    order = sorted(variants, key=lambda n: sum(1 for o in variants if o != n and set(variants[n]) & fields[o]))
    every = [k for n in order for k in variants[n]]
    # none of the keys: name the key found, against the keys a variant starts with
    rule: dict[str, Any] = {"propertyNames": {"enum": every}, "minProperties": 1,
                            "description": f"not a {word}: start it with one of {', '.join(every)}"}
    for name in reversed(order):
        selecting = variants[name]
        cond = {"required": [selecting[0]]} if len(selecting) == 1 else {
            "anyOf": [{"required": [k]} for k in selecting]}
        rule = {"if": cond, "then": {"$ref": f"#/$defs/{name}"}, "else": rule}
    return {"type": "object", "description": f"a {word}, chosen by its first key: one of {', '.join(every)}",
            **rule}


def _walk(node: Any, fn) -> Any:
    if isinstance(node, dict):
        node = fn(node)
        return {k: _walk(v, fn) for k, v in node.items()}
    if isinstance(node, list):
        return [_walk(v, fn) for v in node]
    return node


def _describe(defs: dict[str, Any]) -> None:
    for name, d in defs.items():
        props = d.get("properties", {})
        docs = FIELD_DOCS.get(name, {})
        for key, prop in props.items():
            if not prop.get("description"):
                text = docs.get(key)
                if text is None and key == "sources":
                    text = "passages of the seeds that support it"
                if text is None and key == "add":
                    text = "new items (their ids must not exist yet)"
                if text is None and key == "replace":
                    text = "items that replace existing ones with the same id, whole"
                if text:
                    prop["description"] = text


def _exactly_one(defs: dict[str, Any]) -> None:
    for name, keys in _EXACTLY_ONE.items():
        d = defs.get(name)
        if d is None:
            continue
        for k in keys:
            prop = d["properties"].get(k)
            if prop and "anyOf" in prop:
                alts = [a for a in prop["anyOf"] if a.get("type") != "null"]
                rest = {kk: vv for kk, vv in prop.items() if kk not in ("anyOf", "default")}
                d["properties"][k] = {**(alts[0] if len(alts) == 1 else {"anyOf": alts}), **rest}
        a, b = keys
        d["allOf"] = [{"if": {"not": {"required": [b]}}, "then": {"required": [a]}},
                      {"not": {"required": [a, b]}, "description": f"give {a} or {b}, not both"}]
        d["description"] = (d.get("description", "") + f" Give exactly one of {' or '.join(keys)}.").strip()


def _enums(defs: dict[str, Any], ids: dict[str, list[str]]) -> None:
    for (model, spec), kind in ID_FIELDS.items():
        d = defs.get(model)
        values = ids.get(kind)
        if d is None or not values:
            continue
        fname = spec.rstrip("[]{}")
        prop = d.get("properties", {}).get(fname)
        if prop is None:
            continue
        enum = {"enum": sorted(set(values))}
        if spec.endswith("[]"):
            items = prop.get("items", {})
            items.update(enum)
            prop["items"] = items
        elif spec.endswith("{}"):
            prop["propertyNames"] = enum
        elif "anyOf" in prop:
            prop["anyOf"] = [({**a, **enum} if a.get("type") == "string" else a) for a in prop["anyOf"]]
        else:
            prop.update(enum)


def file_schema(model: type[BaseModel], ids: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """The editor schema of one kind of file (`ids`: kind -> ids, for enums)."""
    schema = copy.deepcopy(model.model_json_schema(by_alias=True, mode="validation"))
    defs: dict[str, Any] = schema.setdefault("$defs", {})
    body = {k: v for k, v in schema.items() if k != "$defs"}
    defs_with_root = {**defs, model.__name__: body}
    cond_vars, eff_vars = _conditions_and_effects()
    _describe(defs_with_root)
    _exactly_one(defs_with_root)
    if ids:
        _enums(defs_with_root, ids)
    cond_names, eff_names = set(cond_vars), set(eff_vars)

    def reshape(node: dict[str, Any]) -> dict[str, Any]:
        alts = node.get("anyOf")
        if isinstance(alts, list) and len(alts) == 2 and {"type": "null"} in alts:
            other = next(a for a in alts if a != {"type": "null"})
            if other.get("$ref") == "#/$defs/Condition" or (
                    {x.get("$ref", "").rsplit("/", 1)[-1] for x in other.get("oneOf", [])} <= cond_names
                    and other.get("oneOf")):
                rest = {k: v for k, v in node.items() if k != "anyOf"}
                return {**rest, "if": {"type": "null"}, "then": True, "else": {"$ref": "#/$defs/Condition"}}
        for key in ("oneOf", "anyOf"):
            alts = node.get(key)
            if not isinstance(alts, list):
                continue
            refs = {a.get("$ref", "").rsplit("/", 1)[-1] for a in alts if isinstance(a, dict)}
            if refs and refs <= cond_names and len(refs) > 3:
                rest = {k: v for k, v in node.items() if k not in (key, "discriminator")}
                return {**rest, "$ref": "#/$defs/Condition"}
            if refs and refs <= eff_names and len(refs) > 3:
                rest = {k: v for k, v in node.items() if k not in (key, "discriminator")}
                return {**rest, "$ref": "#/$defs/Effect"}
        return node

    body = _walk(defs_with_root.pop(model.__name__), reshape)
    defs = {k: _walk(v, reshape) for k, v in defs_with_root.items()}
    if any(n in defs for n in cond_names):
        defs["Condition"] = _union_rule({n: k for n, k in cond_vars.items() if n in defs}, defs, "condition")
    if any(n in defs for n in eff_names):
        defs["Effect"] = _union_rule({n: k for n, k in eff_vars.items() if n in defs}, defs, "effect")
    for name in cond_names | eff_names:
        if name in defs:
            key = (cond_vars.get(name) or eff_vars.get(name) or ["?"])[0]
            defs[name]["title"] = f"{key} {'condition' if name in cond_names else 'effect'}"
    out = {"$schema": SCHEMA_DIALECT, **body}
    if defs:
        out["$defs"] = defs
    return out


def scenario_ids(sc: m.Scenario) -> dict[str, list[str]]:
    """kind -> ids for enums, from a loaded scenario."""
    from game.modding.ids import id_table

    table = id_table(sc)
    ids = {k: [i for i, _ in v] for k, v in table.items()}
    ids["choice_ids"] = sorted({c.id for e in sc.events for c in e.choices})
    return ids


def all_schemas(ids: dict[str, list[str]] | None = None) -> dict[str, Any]:
    return {name: file_schema(model, ids) for name, model in FILE_MODELS.items()}
