"""The modder's commands added for issue 15: ids, seeds, explain, try-event, export --mod, play --start-date,
and saves that name an edited pack."""

from __future__ import annotations

import json

import pytest

from game.cli import main
from game.engine import saves
from game.engine.campaign import Campaign
from game.engine.policies import POLICIES, play
from game.modding.commands import FILE_KINDS, ID_KINDS
from game.modding.ids import KINDS
from game.modding.packschema import FILE_MODELS, ID_FIELDS
from game.rules.world import compile_world
from game.scenario.packs import load_with_packs

from .conftest import EXAMPLE, event_yaml


def test_the_parser_lists_match_the_modules():
    assert tuple(KINDS) == ID_KINDS
    assert set(FILE_KINDS) == set(FILE_MODELS)


def test_ids_lists_every_kind(capsys):
    assert main(["ids", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out["ids"]) == set(KINDS)
    empty = [k for k, v in out["ids"].items() if not v]
    assert empty == [], empty
    # every kind the schema enumerates is one `ids` lists
    assert {k for k in ID_FIELDS.values() if k != "choice_ids"} <= set(KINDS)
    assert any(x["id"] == "mt_gao" for x in out["ids"]["positions"])
    assert any(x["id"] == "ceasefire_night_talk.seek_ceasefire" for x in out["ids"]["choices"])


def test_ids_with_a_pack_includes_its_ids(make_pack, capsys):
    pack = make_pack("withpos", {"positions.yaml": "add:\n  - {id: new_hill, name: New hill, terrain: hill, "
                                                   "works: 2, line: rear, sector: south, x: 5, y: 5}\n"})
    assert main(["ids", "--mod", str(pack), "--kind", "positions"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("positions:") and "new_hill" in out and "roles:" not in out


def test_seeds_search_finds_and_explains(capsys):
    assert main(["seeds", "search", "strength", "of", "7", "regiments", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["hits"] and out["hits"][0]["seed"] == "hengyang_article" and out["hits"][0]["line"] > 1
    assert main(["seeds", "search", "the strength of seven regiments"]) == 1
    err = capsys.readouterr().err
    assert "not found verbatim" in err and "nearest in hengyang_article" in err and "'7'" in err
    assert main(["seeds", "list"]) == 0
    assert "hengyang_article" in capsys.readouterr().out


def test_explain_names_the_blocking_clause(make_pack, capsys):
    pack = make_pack("why", {"events/w.yaml": "add:\n" + event_yaml(
        "why_never", trigger="{from: 1944-07-01, until: 1944-07-10, condition: {all: [{controls: mt_gao}, "
                             "{stat: food, op: '<', value: 1}]}}")})
    assert main(["test-pack", str(pack), "--runs", "1", "--explain", "why_never", "--json"]) == 0
    ex = json.loads(capsys.readouterr().out)["explain"][0]
    assert ex["fired_in"] == 0 and ex["window_days"] == 10 and ex["checks"] > 0
    by = {c["clause"]: c for c in ex["clauses"]}
    assert by["condition.all[1]"]["false"] == by["condition.all[1]"]["checks"] > 0
    assert by["condition.all[1]"]["games_never_true"] == 2
    assert main(["test-pack", str(pack), "--runs", "1", "--explain", "why_never"]) == 0
    assert "-> never true on any day checked: condition.all[1]" in capsys.readouterr().out
    assert main(["test-pack", str(pack), "--runs", "1", "--explain", "why_nevr"]) == 1
    assert "did you mean 'why_never'" in capsys.readouterr().err


def test_try_event_shows_each_choice(capsys):
    assert main(["try-event", str(EXAMPLE), "--event", "extra_city_size", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    by = {c["id"]: c for c in out["choices"]}
    assert set(by) == {"walk_the_ground", "trust_the_maps"}
    assert "extra_ground_walked set" in by["walk_the_ground"]["flags"]
    assert by["walk_the_ground"]["changes"]["morale"][1] > by["walk_the_ground"]["changes"]["morale"][0]
    assert by["trust_the_maps"]["changes"] == {}
    assert all(h != c["label"] and c["label"] not in h for c in out["choices"] for h in c["happenings"])


def test_try_event_tells_the_moves_and_the_positions_a_choice_gives_up(capsys):
    """A move or a position given up changes no figure of the summary: the day's log lines say it instead."""
    assert main(["try-event", "--event", "roles_8th_regiment_to_zhangjia", "--json"]) == 0
    by = {c["id"]: c for c in json.loads(capsys.readouterr().out)["choices"]}
    assert any("moves to Mt. Zhangjia" in h for h in by["send_8th_1st"]["happenings"]), by["send_8th_1st"]
    assert any("Mt. Zhangjia is given up" in h for h in by["keep_8th_1st"]["happenings"]), by["keep_8th_1st"]
    assert main(["try-event", "--event", "roles_8th_regiment_to_zhangjia"]) == 0
    assert "happens: Mt. Zhangjia is given up" in capsys.readouterr().out
    assert main(["try-event", str(EXAMPLE), "--event", "extra_city_size", "--date", "1950-01-01"]) == 1
    assert "outside the scenario's calendar" in capsys.readouterr().err


def test_export_with_a_pack(capsys):
    assert main(["export", "--json", "--mod", str(EXAMPLE)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert "extra_city_size" in {e["id"] for e in data["events"]} and data["packs"] == ["hengyang_extra"]
    assert data["pack_versions"] == {"hengyang_extra": "1.0"} or data["pack_versions"]["hengyang_extra"]


def test_play_start_date_plays_the_days_before(monkeypatch):
    import game.tui.app as app

    seen = {}

    def fake_run_app(**kw):
        seen.update(kw)
        return 0

    monkeypatch.setattr(app, "run_app", fake_run_app)
    assert main(["play", "--start-date", "1944-07-10", "--mod", str(EXAMPLE)]) == 0
    c = seen["campaign"]
    assert c.world.date(c.state.day).isoformat() == "1944-07-10" and len(c.log) == c.state.day
    assert main(["play", "--start-date", "1950-01-01"]) == 1
    with pytest.raises(SystemExit) as exc:
        main(["play", "--start-date", "July"])
    assert exc.value.code == 2


def test_a_save_names_the_pack_that_changed(make_pack, tmp_path, capsys):
    pack = make_pack("edited", {"events/e.yaml": "add:\n" + event_yaml(
        "edited_event", trigger="{from: 1944-06-25, until: 1944-06-25}",
        extra="    effects: [{morale: -20}]\n")})
    sc = load_with_packs(None, [pack])
    assert sc.pack_versions == {"edited": "1.0"} and len(sc.pack_hashes["edited"]) == 64
    c = Campaign.new(compile_world(sc), 3)
    for _ in range(10):
        c.end_day(POLICIES["historical"](c))
    path = saves.save(c, tmp_path / "s.json")
    sf = saves.read_save(path)
    assert sf.pack_versions == {"edited": "1.0"} and sf.pack_hashes == sc.pack_hashes
    assert main(["replay", str(path), "--mod", str(pack)]) == 0  # unchanged: replays
    capsys.readouterr()
    ev = pack / "events" / "e.yaml"
    ev.write_text(ev.read_text().replace("morale: -20", "morale: 20"))
    assert main(["replay", str(path), "--mod", str(pack)]) == 1
    err = capsys.readouterr().err
    assert "pack 'edited' was edited since the game was saved" in err, err
    man = pack / "pack.yaml"
    man.write_text(man.read_text().replace('version: "1.0"', 'version: "1.1"'))
    assert main(["replay", str(path), "--mod", str(pack)]) == 1
    assert "version 1.0 then, 1.1 now" in capsys.readouterr().err
    # a text-only edit still replays
    ev.write_text(ev.read_text().replace("morale: 20", "morale: -20").replace("Test event", "Test Event"))
    man.write_text(man.read_text().replace('version: "1.1"', 'version: "1.0"'))
    assert main(["replay", str(path), "--mod", str(pack)]) == 0


def test_example_pack_fires_in_play():
    sc = load_with_packs(None, [EXAMPLE])
    assert "extra_city_size" in play(Campaign.new(sc, 1), POLICIES["historical"]).state.fired


def test_packs_change_endings_and_dates(make_pack):
    pack = make_pack("longer", {
        "dates.yaml": "last_date: 1944-08-31\n",
        "periods.yaml": "add:\n  - {id: late_lull, name: A late lull, kind: lull, start: 1944-08-21, end: 1944-08-31, "
                        "historical: false}\n",
        "endings.yaml": "replace:\n  - id: held\n    title: Held to the end of August\n    kind: held\n"
                        "    text: The corps still holds the city at the end of August, against history.\n"
                        "add:\n  - id: early_relief\n    title: An early relief\n    kind: relief\n    priority: 99\n"
                        "    condition: {after: 1944-07-01}\n"
                        "    text: A relief column reaches the city in early July, against history.\n",
    })
    sc = load_with_packs(None, [pack])
    assert sc.meta.last_date.isoformat() == "1944-08-31"
    assert sc.meta.historical_end.isoformat() == "1944-08-08"
    by_id = {e.id: e for e in sc.meta.endings}
    assert by_id["held"].title == "Held to the end of August" and "early_relief" in by_id
    world = compile_world(sc)
    assert world.date(world.last_day).isoformat() == "1944-08-31"
    c = play(Campaign.new(world, 1), POLICIES["historical"])
    assert c.state.ending == "early_relief" and world.date(c.state.ending_day).isoformat() == "1944-07-01"


@pytest.mark.parametrize("cmd", [["validate-pack"], ["lint"], ["test-pack", "--runs", "1"], ["simulate", "--mod"],
                                 ["try-event", "--event", "order_to_hold"], ["ids", "--mod"],
                                 ["export", "--mod"], ["pack-schema", "--mod"]])
def test_an_impossible_date_is_an_error_in_every_command(cmd, make_pack, capsys):
    pack = make_pack("baddate", {"events/d.yaml": "add:\n" + event_yaml("bad_date", trigger="{from: 1944-02-30}")})
    assert main([*cmd, str(pack)]) == 1
    captured = capsys.readouterr()
    out = captured.out + captured.err
    assert "baddate/events/d.yaml:4: add[0].trigger.from: '1944-02-30' is not a date" in out, out


def test_two_packs_cannot_both_move_a_date(make_pack, capsys):
    a = make_pack("aa_dates", {"dates.yaml": "last_date: 1944-08-25\n"})
    b = make_pack("bb_dates", {"dates.yaml": "relief_from: 1944-08-15\nlast_date: 1944-08-31\n"})
    assert main(["validate-pack", str(a), str(b)]) == 1
    err = capsys.readouterr().err
    assert "bb_dates/dates.yaml:2: last_date: 'last_date' is already moved to 1944-08-25 by pack 'aa_dates'" in err
