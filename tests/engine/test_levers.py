"""The lever table: properties, never today's figures (the model changes under it)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from game.cli import main
from game.engine import levers as lv
from game.engine.api import Game, order_kinds, play
from game.rules.world import compile_world
from game.scenario.packs import load_with_packs
from tests.strategies import built_in_world

ROOT = Path(__file__).resolve().parents[2]
SETUP = lv.Setup(None, (), "historical")


def _changsha():
    return compile_world(load_with_packs(ROOT / "content" / "packs" / "changsha1942", []))


@pytest.mark.parametrize("make_world", [built_in_world, _changsha], ids=["hengyang", "changsha"])
def test_the_table_covers_every_order_kind_and_every_decision_option(make_world):
    w = make_world()
    levers = lv.all_levers(w)
    kinds = {k.kind for k in order_kinds()} - {"choose"}
    assert kinds <= {x.kind for x in levers if x.group == "orders"}
    options = {(e.id, c.id) for e in w.events for c in e.choices}
    assert options == {(x.event, x.option) for x in levers if x.group == "decision"}
    assert any(x.id == "no_orders" for x in levers)
    ids = [x.id for x in levers]
    assert len(ids) == len(set(ids))


def test_each_doctrine_is_a_lever_of_its_own():
    from typing import get_args, get_type_hints

    from game.rules import orders as o

    doctrines = set(get_args(get_type_hints(o.SetDoctrine)["doctrine"]))
    assert {x.id.split(":")[1] for x in lv.all_levers(built_in_world()) if x.id.startswith("doctrine:")} == doctrines


def test_a_lever_that_is_the_baseline_has_zero_effect():
    w = built_in_world()
    identity = lv.Lever("identity", "policy", "the baseline itself")
    table = lv.lever_table(SETUP, [1, 2, 3], 1, w, levers=[identity])
    row = table.rows[0]
    assert row.identical == 3
    assert all(e.diff == 0 and e.lo == 0 and e.hi == 0 and not e.beyond_noise for e in row.effects.values())
    assert not row.moved and not row.free_lunch


def test_forcing_the_option_the_baseline_takes_changes_nothing():
    w = built_in_world()
    same = [x for x in lv.decision_levers(w) if x.historical][:2]
    table = lv.lever_table(SETUP, [4, 5], 1, w, levers=same)
    for row in table.rows:
        assert row.identical == 2
        assert not row.moved


def test_results_are_deterministic_for_a_seed():
    w = built_in_world()
    lev = next(x for x in lv.all_levers(w) if x.id == "order:counterattack")
    names = lv.metric_names(w)
    base = lv.baseline_strategy("historical")
    a = play(Game.new(7, w), lev.apply(base))
    b = play(Game.new(7, w), lev.apply(base))
    assert lv.outcome(a, names) == lv.outcome(b, names)
    assert a.campaign.hash() == b.campaign.hash()


def test_parallel_and_serial_runs_agree():
    w = built_in_world()
    tasks = [("", 1), ("", 2), ("no_orders", 1), ("no_orders", 2)]
    assert lv.run_tasks(SETUP, tasks, 2, w) == lv.run_tasks(SETUP, tasks, 1, w)


def test_paired_effect_statistics():
    same = lv.paired_effect([1.0, 2.0, 3.0], [1.0, 2.0, 3.0])
    assert (same.diff, same.lo, same.hi, same.beyond_noise) == (0.0, 0.0, 0.0, False)
    shifted = lv.paired_effect([1.0, 2.0, 3.0, 4.0], [2.0, 3.0, 4.0, 5.0])
    assert shifted.diff == 1.0 and shifted.beyond_noise and shifted.lo == shifted.hi == 1.0
    noisy = lv.paired_effect([0.0] * 6, [1.0, -1.0, 1.0, -1.0, 1.0, -1.0])
    assert noisy.lo < 0 < noisy.hi and not noisy.beyond_noise
    clear = lv.paired_effect([0.0] * 50, [1.0 + 0.1 * (i % 3) for i in range(50)])
    assert clear.beyond_noise and clear.lo > 0
    one = lv.paired_effect([1.0], [2.0])
    assert not one.beyond_noise and math.isinf(one.hi)
    with pytest.raises(ValueError):
        lv.paired_effect([1.0], [1.0, 2.0])
    assert lv.t975(1) > lv.t975(10) > lv.t975(30) > lv.t975(200) > 1.96


def test_seed_sets_parse():
    assert lv.parse_seeds("1-3") == [1, 2, 3]
    assert lv.parse_seeds("5") == [1, 2, 3, 4, 5]
    assert lv.parse_seeds("1-2,9") == [1, 2, 9]
    assert lv.seeds_label([1, 2, 3]) == "1-3"
    for bad in ("x", "3-1", "0", "1-", ""):
        with pytest.raises(ValueError):
            lv.parse_seeds(bad)


def test_levers_command_smoke(capsys):
    assert main(["levers", "--seeds", "1-2", "--only", "doctrine:", "--only", "no_orders", "--jobs", "1",
                 "--search", "3", "--search-seeds", "1-2", "--json", "-q"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["format"] == lv.FORMAT and data["games"] == 2 and data["baseline"] == "historical"
    ids = {r["id"] for r in data["levers"]}
    assert "no_orders" in ids and all(i == "no_orders" or i.startswith("doctrine:") for i in ids)
    for r in data["levers"]:
        assert set(r["effects"]) == set(data["metrics"])
    assert data["search"]["candidates"] == 3 and len(data["search"]["all"]) == 3
    assert main(["levers", "--seeds", "2", "--only", "no_orders", "--jobs", "1", "--search", "0", "--md", "-q"]) == 0
    out = capsys.readouterr().out
    assert "| `no_orders` |" in out


def test_levers_command_refuses_bad_input(capsys, tmp_path):
    with pytest.raises(SystemExit) as exc:
        main(["levers", "--seeds", "9-1"])
    assert exc.value.code == 2
    capsys.readouterr()
    assert main(["levers", "--seeds", "1", "--search", "0", "--baseline", str(tmp_path / "missing.py:policy"),
                 "-q"]) == 1
    err = capsys.readouterr().err
    assert "missing.py" in err and len(err.strip().splitlines()) == 1


def test_the_exploit_search_is_reproducible_and_covers_the_features():
    from game.engine import exploits

    w = built_in_world()
    a, b = exploits.candidates(w, 200, 0), exploits.candidates(w, 200, 0)
    assert a == b and len(a) == 200
    assert exploits.candidates(w, 50, 1) != a[:50]
    used = {k for c in a for k, _v in c.params}
    assert set(exploits.FEATURES) <= used
    for c in a[:20]:
        assert c.describe() and c.get("base") in ("historical", "no_orders")


def test_the_exploit_search_ranks_what_it_played():
    from game.engine import exploits

    w = built_in_world()
    rep = exploits.search(SETUP, 4, [1, 2], 0, 1, w, top=3, holdout=[1001])
    assert len(rep.scored) == 4 and len(rep.by_relief) == 3 and len(rep.by_days) == 3
    for s in rep.scored:
        assert s.games == 2 and abs(sum(s.rates.values()) - 1.0) < 1e-9
    days = [s.days_mean for s in rep.by_days]
    assert days == sorted(days, reverse=True)
    assert set(rep.holdout_scores) <= {s.candidate.id for s in rep.scored}
    text = exploits.render(rep)
    assert "exploit search" in text and str(rep.by_days[0].candidate.id) in text


def test_a_students_strategy_is_compared_with_history_paired_by_seed(capsys):
    example = ROOT / "examples" / "policies" / "hold_and_rest.py"
    assert main(["levers", "--seeds", "1-2", "--versus", f"{example}:policy", "--versus", "passive",
                 "--only", "versus:", "--search", "0", "--jobs", "1", "--json", "-q"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in data["levers"]] == ["versus:hold_and_rest.py:policy", "versus:passive"]


def _small_data(tmp_path):
    w = built_in_world()
    table = lv.lever_table(SETUP, [1, 2], 1, w, only=["decision:recall_8th", "no_orders"])
    path = tmp_path / "levers.json"
    path.write_text(json.dumps(lv.to_json(table)))
    return w, table, path


def test_lever_data_round_trips_and_covers_the_decisions_it_ran(tmp_path):
    w, table, path = _small_data(tmp_path)
    data = lv.read_lever_data(path)
    assert data.fingerprint == table.fingerprint == lv.fingerprint(w)
    ev = next(e for e in w.events if e.id == "recall_8th")
    assert set(data.decisions["recall_8th"]) == {c.id for c in ev.choices}
    hist = next(c.id for c in ev.choices if c.historical)
    other = next(c.id for c in ev.choices if not c.historical)
    assert data.decisions["recall_8th"][hist].same_game == data.games
    assert "baseline" in lv.effect_lines(data, "recall_8th", hist)[0]
    lines = lv.effect_lines(data, "recall_8th", other)
    assert len(lines) > 1 and all("noise" in x for x in lines[1:])
    assert lv.effect_lines(data, "no_such_event", "x") == []


@pytest.mark.parametrize("text,needle", [
    ("{", "not JSON"), ("[]", "not a lever table"), ('{"kind": "hengyang-levers", "format": 99}', "format 99"),
    ('{"kind": "hengyang-levers", "format": 1}', "scenario"),
])
def test_a_bad_lever_data_file_is_one_line(tmp_path, text, needle):
    p = tmp_path / "levers.json"
    p.write_text(text)
    with pytest.raises(lv.LeverDataError) as exc:
        lv.read_lever_data(p)
    assert needle in str(exc.value) and "\n" not in str(exc.value)


def test_the_shipped_lever_data_is_readable_and_knows_when_it_is_stale():
    w = built_in_world()
    got = lv.lever_data_for(w)
    if got is None:
        pytest.skip("no content/hengyang1944/levers.json yet (python benchmarks/levers.py)")
    data, stale = got
    assert data.scenario == w.scenario_id
    assert stale == (data.fingerprint != lv.fingerprint(w, data.baseline))
    for event, options in data.decisions.items():
        for option in options:
            assert lv.effect_lines(data, event, option)


def test_levers_has_help(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["levers", "--help"])
    assert exc.value.code == 0
    assert "--seeds" in capsys.readouterr().out


def test_the_generator_is_idempotent_and_writes_only_where_told(tmp_path):
    from benchmarks import levers as gen

    outs = []
    for i in (1, 2):
        md, data = tmp_path / f"levers{i}.md", tmp_path / f"levers{i}.json"
        assert gen.main(["--seeds", "1-2", "--search", "2", "--search-seeds", "1", "--jobs", "1",
                         "--md", str(md), "--data", str(data)]) == 0
        outs.append((md.read_text(), data.read_text()))
    assert outs[0] == outs[1]
    assert "## Lever table" in outs[0][0] and "Exploit search" in outs[0][0]
    assert lv.read_lever_data(tmp_path / "levers1.json").games == 2
    lines = gen.calibration_lines(tmp_path / "levers1.json")
    assert any("levers.md" in x for x in lines)


def test_a_decision_only_a_refusal_opens_is_played_down_that_road():
    """The last offer of terms comes only after the ceasefire was refused: its options are compared with
    the baseline that refused too, so that the choice is measured where it is made (never against a baseline
    in which the question never comes up, where every option would look like no change)."""
    w = built_in_world()
    roads = lv.gates(w)
    refusal = roads.get("ceasefire_last_offer")
    assert refusal and all(not next(c for c in w.event_by_id[e].choices if c.id == o).historical
                           for e, o in refusal)
    # no decision history reaches is given a road
    hist_events = {e.id for e in w.events if e.choices} - set(roads)
    assert "ceasefire_night_talk" in hist_events
    levers = [x for x in lv.decision_levers(w) if x.event == "ceasefire_last_offer"]
    # 40 seeds: after a refusal the city often falls before the last offer can be answered
    table = lv.lever_table(SETUP, list(range(1, 41)), 1, w, levers=levers)
    uses = {r.lever.option: r.uses for r in table.rows}
    assert all(u > 0 for u in uses.values()), uses  # offered in the games it is measured on
    assert all(r.identical < 40 for r in table.rows if not r.lever.historical)  # and refusing again changes games
    hist = next(r for r in table.rows if r.lever.historical)
    assert hist.identical == 40 and not hist.moved  # the option the reference takes is the reference


def test_the_dead_are_measured_apart_from_the_wounded():
    w = built_in_world()
    names = lv.metric_names(w)
    assert "chinese_dead" in names and lv.directions(w, names)["chinese_dead"] == -1
    g = play(Game.new(3, w), lv.baseline_strategy("historical"))
    got = dict(zip(names, lv.outcome(g, names), strict=True))
    r = g.result()
    assert got["chinese_dead"] == r["chinese_killed"] < got["chinese_casualties"] == r["chinese_casualties"]
