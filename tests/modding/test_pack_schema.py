"""The editor schema agrees with validate-pack: every shipped pack file is valid under it (checked by a real
JSON-Schema validator), the mistakes validate-pack refuses are refused, and each is reported at the variant
meant; every property has a description; ids are enums for a given scenario."""

from __future__ import annotations

import json

import jsonschema
import pytest

from game.cli import main
from game.modding.packschema import FILE_MODELS, file_schema, scenario_ids
from game.paths import content_dir
from game.scenario.loader import load_scenario
from game.scenario.safeyaml import load_yaml

PACKS = content_dir() / "packs"
SCENARIO_FILES = {"scenario.yaml": "scenario", "map.yaml": "map", "forces.yaml": "forces",
                  "calendar.yaml": "calendar", "history.yaml": "history"}


def _kind_of(pack_root, path) -> str:
    rel = path.relative_to(pack_root).as_posix()
    scenario_pack = (pack_root / "scenario.yaml").is_file()
    if rel == "pack.yaml":
        return "scenario-manifest" if scenario_pack else "manifest"
    if rel.startswith("events/"):
        return "scenario-events" if scenario_pack else "events"
    return SCENARIO_FILES.get(rel) or rel.removesuffix(".yaml")


def _shipped_files():
    out = []
    for pack in sorted(p for p in PACKS.iterdir() if p.is_dir()):
        for f in sorted(pack.rglob("*.yaml")):
            out.append((pack, f))
    for f in sorted((content_dir() / "hengyang1944").rglob("*.yaml")):
        out.append((content_dir() / "hengyang1944", f))
    return out


def _validator(kind: str, ids=None):
    schema = file_schema(FILE_MODELS[kind], ids)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def _jsonable(data):
    return json.loads(json.dumps(data))


@pytest.mark.parametrize("root,path", _shipped_files(), ids=lambda x: getattr(x, "name", str(x)))
def test_every_shipped_file_is_valid_under_its_schema(root, path):
    if (root / "pack.yaml").is_file() is False and path.name == "pack.yaml":
        pytest.skip("not a pack")
    kind = _kind_of(root, path) if (root / "pack.yaml").is_file() else (
        "scenario-events" if path.parent.name == "events" else SCENARIO_FILES[path.name])
    data, _ = load_yaml(path.read_text(encoding="utf-8"))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in _validator(kind).iter_errors(_jsonable(data))]
    assert errors == [], errors


def test_shipped_pack_is_valid_with_scenario_enums():
    sc = load_scenario()
    v = _validator("events", scenario_ids(sc))
    for f in (PACKS / "hengyang_extra" / "events").glob("*.yaml"):
        data, _ = load_yaml(f.read_text(encoding="utf-8"))
        assert list(v.iter_errors(_jsonable(data))) == []


BAD = {
    "op": ({"stat": "food", "op": "=~", "value": 1}, ["trigger", "condition", "op"], "'=~' is not one of"),
    "weather": ({"weather": "rain"}, ["trigger", "condition"], "'weather' is not one of"),
    "nested": ({"all": [{"controls": "mt_gao", "side": "reds"}]}, ["trigger", "condition", "all", 0, "side"],
               "'reds' is not one of"),
}


def _event(condition=None, effects=None):
    ev = {"id": "x_event", "title": "An event", "trigger": {"from": "1944-06-25"},
          "text": "This text is long enough to pass the length check.",
          "sources": [{"seed": "hengyang_article", "quote": "a quote of some length"}]}
    if condition is not None:
        ev["trigger"]["condition"] = condition
    if effects is not None:
        ev["effects"] = effects
    return {"add": [ev]}


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_bad_condition_is_reported_at_the_variant_meant(name):
    cond, where, text = BAD[name]
    errs = list(_validator("events").iter_errors(_event(condition=cond)))
    assert errs, "the schema accepted what validate-pack refuses"
    assert any(list(e.absolute_path) == ["add", 0, *where] and text in e.message for e in errs), [
        (list(e.absolute_path), e.message) for e in errs]


@pytest.mark.parametrize("effect,text", [
    ({"stock": "food"}, "'add' is a required property"),
    ({"stock": "food", "add": 1, "set": 2}, "should not be valid"),
    ({"set_flag": None}, "None is not of type 'string'"),
    ({"stock": "food", "add": 10, "morale": 3}, "Additional properties are not allowed ('morale'"),
    ({"unit": "r9_1", "morale": 3}, None),
    ({"morale": 3}, None),
    ({"set_flag": "x"}, None),
    ({"period": "second_offensive"}, "not one of"),
])
def test_effects_agree_with_validate_pack(effect, text):
    errs = list(_validator("events").iter_errors(_event(effects=[effect])))
    if text is None:
        assert errs == [], [e.message for e in errs]
    else:
        assert any(text in e.message for e in errs), [e.message for e in errs]


def _properties(node, where=""):
    if isinstance(node, dict):
        for k, v in (node.get("properties") or {}).items():
            yield f"{where}.{k}", v
        for k, v in node.items():
            yield from _properties(v, f"{where}/{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _properties(v, f"{where}[{i}]")


@pytest.mark.parametrize("kind", sorted(FILE_MODELS))
def test_every_property_has_a_description(kind):
    schema = file_schema(FILE_MODELS[kind])
    missing = sorted({w for w, p in _properties(schema) if not p.get("description")})
    assert missing == [], missing


def test_ids_are_enums_for_a_scenario(capsys):
    assert main(["pack-schema", "--file", "events", "--scenario", str(content_dir() / "hengyang1944")]) == 0
    schema = json.loads(capsys.readouterr().out)
    v = jsonschema.Draft202012Validator(schema)
    errs = list(v.iter_errors(_event(condition={"controls": "mt_nowhere"})))
    assert any("'mt_nowhere' is not one of" in e.message for e in errs)
    assert list(v.iter_errors(_event(condition={"controls": "mt_gao"}))) == []
    assert "commander" in schema["$defs"]["Event"]["properties"]["role"]["enum"]


def test_readme_recommends_the_pack_schema():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert "schema --file events > events.schema.json" not in readme
    assert "pack-schema" in readme
