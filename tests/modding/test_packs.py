"""Pack loading: explicit overrides, ordering, merged cross-checks located in pack files."""

import datetime as dt
from pathlib import Path

import pytest

from game.engine.campaign import Campaign
from game.engine.policies import POLICIES, play
from game.scenario.loader import ContentInvalid, load_scenario
from game.scenario.packs import check_packs, engine_satisfies, list_installed, load_with_packs

from .conftest import EXAMPLE, event_yaml


def test_example_pack_fires_in_a_seeded_historical_game():
    sc = load_with_packs(None, [EXAMPLE])
    assert sc.packs == ["hengyang_extra"]
    assert len(sc.events) == len(load_scenario().events) + 1
    c = play(Campaign.new(sc, 1), POLICIES["historical"])
    assert "extra_city_size" in c.state.fired
    assert c.state.choices["extra_city_size"] == "walk_the_ground"


def test_base_loader_unchanged():
    sc = load_scenario()
    assert sc.packs == [] and sc.meta.id == "hengyang1944"


def test_replace_delete_extend(make_pack):
    pack = make_pack("ops", {"events/ops.yaml": (
        "delete: [fangs_moats]\n"
        "replace:\n" + event_yaml("order_to_hold") +
        "extend:\n  - id: fang_deployment\n    choices:\n"
        "      - {id: extra_choice, label: An extra choice, outcome: Something happens.}\n")})
    sc = load_with_packs(None, [pack])
    by_id = {e.id: e for e in sc.events}
    assert "fangs_moats" not in by_id
    assert by_id["order_to_hold"].title == "Test event order_to_hold"
    assert by_id["fang_deployment"].choices[-1].id == "extra_choice"


def test_extend_errors_are_located_in_the_pack(make_pack):
    pack = make_pack("ext", {"events/ext.yaml": (
        "extend:\n  - id: fang_deployment\n    effects:\n      - {unit: r99, casualties: 1}\n")})
    with pytest.raises(ContentInvalid) as exc:
        load_with_packs(None, [pack])
    assert [str(e) for e in exc.value.errors] == [
        "ext/events/ext.yaml:4: extend[0].effects[0].unit: unknown unit 'r99' (did you mean 'r9'?)"]


def test_positions_units_roles_presets(make_pack):
    pack = make_pack("adds", {
        "positions.yaml": "add:\n  - {id: new_hill, name: New hill, terrain: hill, works: 2, line: outpost, "
                          "sector: south, x: 5, y: 5, adjacent: [mt_gao]}\n",
        "units.yaml": "add:\n  - {id: new_bn, name: New battalion, division: 10th, kind: infantry, strength: 300, "
                      "position: new_hill}\n",
        "roles.yaml": "add:\n  - {id: engineer, title: Engineer, person: Someone, briefing: Dig.}\n",
        "presets.yaml": "add:\n  - {id: short_game, title: Short, start: 1944-07-01}\n",
        "events/e.yaml": "add:\n" + event_yaml("engineer_event", trigger="{condition: {controls: new_hill}}",
                                                extra="    role: engineer\n"),
    })
    sc = load_with_packs(None, [pack])
    assert "new_hill" in {p.id for p in sc.positions} and "new_bn" in {u.id for u in sc.chinese}
    assert "engineer" in {r.id for r in sc.roles} and "short_game" in {p.id for p in sc.presets}
    play(Campaign.new(sc, 2), POLICIES["random"])


def test_formations_and_periods(make_pack, world):
    from game.rules.world import compile_world

    pack = make_pack("calendar", {
        "formations.yaml": "add:\n  - {id: extra_div, name: Extra division, kind: division, strength: 9000, "
                           "sector: north, arrives: 1944-07-05}\n",
        "periods.yaml": "replace:\n  - {id: second_offensive, name: A weaker second offensive, kind: offensive,\n"
                        "     start: 1944-07-11, end: 1944-07-20, air_raids: 1, intensity: {south: 0.2}}\n",
    })
    sc = load_with_packs(None, [pack])
    assert "extra_div" in {f.id for f in sc.japanese}
    mod = compile_world(sc)
    day = mod.day_of(dt.date(1944, 7, 12))
    assert mod.plan(day).intensity == {"south": 0.2} and mod.plan(day).air_raids == 1
    assert world.plan(day).air_raids == 3  # the base scenario is untouched
    assert sum(n for _sec, n, _name in mod.arrivals[mod.day_of(dt.date(1944, 7, 5))]) >= 9000
    play(Campaign.new(sc, 2), POLICIES["historical"])


def test_period_errors_are_located_in_the_pack(make_pack):
    pack = make_pack("badcal", {
        "periods.yaml": "replace:\n  - {id: second_offensiv, name: X, kind: offensive, start: 1944-07-11, "
                        "end: 1944-07-20}\nadd:\n  - {id: overlap, name: Y, kind: lull,\n"
                        "     start: 1944-07-12, end: 1944-07-13, intensity: {nowhere: 0.5}}\n",
        "formations.yaml": "add:\n  - {id: extra_div, name: Extra, kind: division, strength: 100, sector: nrth, "
                           "arrives: 1944-07-05}\n",
    })
    with pytest.raises(ContentInvalid) as exc:
        load_with_packs(None, [pack])
    msgs = [str(e) for e in exc.value.errors]
    assert any(m.startswith("badcal/periods.yaml:2: replace[0].id: cannot replace period 'second_offensiv'")
               and "did you mean 'second_offensive'" in m for m in msgs), msgs
    assert any(m.startswith("badcal/periods.yaml:5: add[0].start: period 'overlap' overlaps") for m in msgs), msgs
    assert any(m.startswith("badcal/periods.yaml:5: add[0].intensity.nowhere: unknown sector") for m in msgs), msgs
    assert any(m.startswith("badcal/formations.yaml:2: add[0].sector: unknown sector 'nrth'") for m in msgs), msgs


def test_pack_position_errors_are_located(make_pack):
    pack = make_pack("badpos", {"positions.yaml": "add:\n  - {id: new_hill, name: New hill, terrain: hill, "
                                                  "works: 2, line: outpost,\n     sector: sowth, x: 5, y: 5}\n"})
    with pytest.raises(ContentInvalid) as exc:
        load_with_packs(None, [pack])
    assert "badpos/positions.yaml:3: add[0].sector: unknown sector 'sowth' (did you mean 'south'?)" in [
        str(e) for e in exc.value.errors]


def test_load_order_and_cross_pack_references(make_pack):
    a = make_pack("zz_first", {"events/a.yaml": "add:\n" + event_yaml("from_first")})
    b = make_pack("aa_second", {"events/b.yaml": "replace:\n" + event_yaml("from_first", note="Replaced.")},
                  manifest_extra="load_after: [zz_first]\n")
    sc = load_with_packs(None, [b, a])
    assert sc.packs == ["zz_first", "aa_second"]
    assert {e.id: e for e in sc.events}["from_first"].historical_note == "Replaced."
    # Without the dependency the replace has nothing to replace (aa_ sorts first).
    c = make_pack("aa_alone", {"events/b.yaml": "replace:\n" + event_yaml("from_first")})
    with pytest.raises(ContentInvalid, match="problem"):
        load_with_packs(None, [c, a])


def test_cycles_and_duplicate_pack_ids(make_pack, tmp_path):
    a = make_pack("cyc_a", {}, manifest_extra="load_after: [cyc_b]\n")
    b = make_pack("cyc_b", {}, manifest_extra="load_after: [cyc_a]\n")
    rep = check_packs(None, [a, b])
    assert any("cycle" in e.message for e in rep.errors)
    (tmp_path / "again").mkdir()
    (tmp_path / "again" / "pack.yaml").write_text((a / "pack.yaml").read_text())
    rep = check_packs(None, [a, tmp_path / "again"])
    assert any("two packs have the id 'cyc_a'" in e.message for e in rep.errors)


def test_engine_mismatch_is_a_warning(make_pack):
    pack = make_pack("future", {}, manifest_extra="")
    (pack / "pack.yaml").write_text((pack / "pack.yaml").read_text().replace(">=0.1", ">=5.0"))
    warnings = []
    sc = load_with_packs(None, [pack], warnings=warnings)
    assert sc.packs == ["future"]
    assert [w.severity for w in warnings] == ["warning"] and "engine" in warnings[0].message


@pytest.mark.parametrize("spec,ok", [(">=0.1", True), (">=0.1,<1", True), ("<0.1", False), ("==0.1", True),
                                     ("~=0.1", True), ("~=1.0", False), (">= 2", False), ("banana", None)])
def test_engine_specs(spec, ok):
    assert engine_satisfies(spec, "0.1.0") is ok


def test_unknown_field_did_you_mean(make_pack):
    pack = make_pack("typo", {"events/t.yaml": "add:\n" + event_yaml("typo_event", extra="    efects: []\n")})
    rep = check_packs(None, [pack])
    assert any("efects: unknown field 'efects' in this event (did you mean 'effects'?)" in str(e)
               for e in rep.errors), rep.errors



def test_unknown_field_suggestions_come_from_the_model_that_holds_it(make_pack):
    pack = make_pack("licensed", {}, manifest_extra="licence: MIT\n")
    msgs = [str(e) for e in check_packs(None, [pack]).errors]
    # The manifest has no licence field; 'line' (a field of another model) must not be offered.
    assert msgs == ["licensed/pack.yaml:7: licence: unknown field 'licence' in pack.yaml (allowed: authors, "
                    "description, engine, extends, id, load_after, title, version)"], msgs
    pack = make_pack("typos", {}, manifest_extra="autors: [x]\n")
    assert any("autors: unknown field 'autors' in pack.yaml (did you mean 'authors'?)" in str(e)
               for e in check_packs(None, [pack]).errors)


def test_fields_at_follows_lists_optionals_and_tagged_unions():
    from game.scenario import models as m
    from game.scenario.explain import fields_at as _fields_at
    from game.scenario.packs import PackEventsFile, PackManifest

    assert _fields_at(PackManifest, ("licence",)) == set(PackManifest.model_fields)
    assert _fields_at(PackEventsFile, ("add", 0, "trigger", "chancee")) == {"from", "until", "condition", "chance"}
    stock = {f.alias or n for n, f in m.StockEffect.model_fields.items()}
    assert _fields_at(PackEventsFile, ("add", 0, "choices", 1, "effects", 0, "stock", "x")) == stock
    # A location that cannot be followed offers nothing rather than fields of some other model.
    assert _fields_at(PackManifest, ("nowhere", 0, "x")) == set()

def test_list_installed(tmp_path, monkeypatch, make_pack):
    import shutil

    mods = tmp_path / "mods"
    mods.mkdir()
    shutil.copytree(EXAMPLE, mods / "hengyang_extra")
    (mods / "broken").mkdir()
    monkeypatch.setattr("game.scenario.packs.installed.user_mods_dir", lambda: mods)
    found = list_installed()
    assert [(x.path.name, x.id, x.problem) for x in found] == [
        ("broken", None, "no pack.yaml"), ("hengyang_extra", "hengyang_extra", None)]


def test_display_paths_of_packs_given_by_absolute_or_dot_path(make_pack, tmp_path, monkeypatch):
    from game.scenario.packs import read_pack

    empty = tmp_path / "not_a_pack"
    empty.mkdir()
    # A folder without pack.yaml is not a pack: it is named as given (an absolute path keeps its '/').
    _, errs = read_pack(empty)
    assert [e.file for e in errs] == [f"{empty.as_posix()}/pack.yaml"]
    # A pack's files are named as the folder was given, joined with their place: the path opens from the
    # current folder, also when the folder is given as '.' or '..'.
    pack = make_pack("dotted", {"stray.yaml": "x: 1\n", "sub/keep.txt": ""})
    assert [e.file for e in read_pack(pack)[1]] == ["dotted/stray.yaml"]
    monkeypatch.chdir(pack)
    assert [e.file for e in read_pack(".")[1]] == ["stray.yaml"]
    monkeypatch.chdir("sub")
    assert [e.file for e in read_pack("..")[1]] == ["../stray.yaml"]
    assert Path(read_pack("..")[1][0].file).is_file()


def test_a_check_leaves_no_garbage_cycles(make_pack):
    """What a check builds is freed as soon as its report is dropped. A reference cycle through it (a nested
    function calling itself holds its closure, and so everything the closure sees) would leave the whole
    merged scenario to the garbage collector, whose passes over it grow with the pack (0.2 s at exit at
    10,000 events)."""
    import gc

    from game.scenario.packs import check_packs

    events = "add:\n" + "".join(
        event_yaml(f"cycle_{i}", trigger=f"{{from: 1944-06-25, condition: {{any: [{{fired: cycle_{max(0, i - 1)}}}, "
                                         f"{{not: {{flag: f{i}}}}}]}}}}") for i in range(60))
    pack = make_pack("cycles", {"events/e.yaml": events})
    check_packs(None, [pack])  # caches filled once (seed texts, compiled patterns) are not garbage
    gc.collect()
    was = gc.isenabled()
    gc.disable()
    try:
        report = check_packs(None, [pack])
        assert report.ok, report.errors
        del report
        left = gc.collect()
    finally:
        if was:
            gc.enable()
    assert left < 200, f"{left} objects were only freed by the garbage collector"
