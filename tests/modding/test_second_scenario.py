"""The second scenario, Changsha 1942, built only from the standalone scenario-pack format."""

from __future__ import annotations

import shutil
import statistics
from pathlib import Path

import pytest

from game.engine import saves
from game.engine.campaign import Campaign
from game.engine.policies import POLICIES, historical, passive, play
from game.rules.world import compile_world
from game.scenario.loader import ContentInvalid, load_scenario, load_seed_manifest, normalise
from game.scenario.packs import check_packs, list_installed, load_pack_scenario, load_with_packs, read_pack

from .conftest import hengyang

PACK = Path(__file__).resolve().parents[2] / "content" / "packs" / "changsha1942"
RELIABLE = {"hengyang_article", "defense_infobox", "taiyuan_1937"}


@pytest.fixture(scope="module")
def scenario():
    return load_pack_scenario(PACK)


@pytest.fixture(scope="module")
def world(scenario):
    return compile_world(scenario)


def _sourced_items(sc):
    yield "meta", sc.meta.sources
    for e in sc.meta.endings:
        yield f"ending {e.id}", e.sources
    for p in sc.positions:
        yield f"position {p.id}", p.sources
    for u in sc.chinese:
        yield f"unit {u.id}", u.sources
    for f in sc.japanese:
        yield f"formation {f.id}", f.sources
    for p in sc.periods:
        yield f"period {p.id}", p.sources
    for ev in sc.events:
        yield f"event {ev.id}", ev.sources


# --------------------------------------------------------------------------- loading and validation


def test_loads_as_a_scenario_pack(scenario):
    pack, problems = read_pack(PACK)
    assert pack is not None and pack.kind == "scenario"
    assert [e for e in problems if e.severity == "error"] == []
    assert scenario.meta.id == "changsha1942" == pack.id
    assert scenario.meta.start_date.isoformat() == "1941-12-29"
    assert scenario.meta.last_date.isoformat() == "1942-01-06"
    # The same folder through the ordinary loader (what `hengyang simulate --scenario` does).
    assert load_scenario(PACK).model_dump() == scenario.model_dump()


def test_size_and_shape(scenario):
    assert len(scenario.positions) >= 10
    assert 12 <= len(scenario.events) <= 20
    assert len(scenario.roles) >= 3 and {"commander", "regiment", "quartermaster"} <= {r.id for r in scenario.roles}
    assert len(scenario.presets) >= 1
    assert len(scenario.disputes) >= 2
    assert scenario.questions
    kinds = {e.id: e.kind for e in scenario.meta.endings}
    assert kinds["held"] == "held" and kinds["city_falls"] == "defeat"
    assert {f.sector for f in scenario.japanese} <= {s.id for s in scenario.meta.sectors}
    assert any("3rd Division" in f.name for f in scenario.japanese)
    assert any("6th Division" in f.name for f in scenario.japanese)
    for p in scenario.positions:
        assert 0 <= p.x <= 99 and 0 <= p.y <= 39


def test_every_quote_is_verbatim_and_counted(scenario):
    _, texts = load_seed_manifest()
    n = 0
    seeds_used = set()
    for _, sources in _sourced_items(scenario):
        for s in sources:
            assert normalise(s.quote) in texts[s.seed], s.quote
            seeds_used.add(s.seed)
            n += 1
    for d in scenario.disputes:
        for c in d.claims:
            for s in c.sources:
                assert normalise(s.quote) in texts[s.seed], s.quote
                n += 1
    assert n >= 60
    assert {"hengyang_article", "changsha_1942_fiction"} <= seeds_used


def test_fiction_is_never_the_only_support(scenario):
    for what, sources in _sourced_items(scenario):
        if sources:
            assert any(s.seed in RELIABLE for s in sources), what
        for s in sources:
            if s.seed == "changsha_1942_fiction":
                assert s.note and "fiction" in s.note.lower(), what


def test_a_changed_quote_is_refused(tmp_path):
    dst = tmp_path / "changsha1942"
    shutil.copytree(PACK, dst)
    p = dst / "events" / "part_a.yaml"
    week, month = "to hold his battle lines for a week", "to hold his battle lines for a month"
    p.write_text(p.read_text().replace(week, month, 1))
    with pytest.raises(ContentInvalid) as exc:
        load_pack_scenario(dst)
    assert any("not found verbatim" in e.message for e in exc.value.errors)


def test_manifest_id_must_match_the_scenario(tmp_path):
    dst = tmp_path / "changsha1942"
    shutil.copytree(PACK, dst)
    man = dst / "pack.yaml"
    man.write_text(man.read_text().replace("id: changsha1942", "id: someother", 1))
    with pytest.raises(ContentInvalid) as exc:
        load_pack_scenario(dst)
    assert any(e.path == "id" and "scenario id" in e.message for e in exc.value.errors)


def test_an_extension_pack_is_not_a_scenario():
    example = PACK.parent / "hengyang_extra"
    with pytest.raises(ContentInvalid) as exc:
        load_pack_scenario(example)
    assert "not a standalone scenario" in exc.value.errors[0].message


def test_unknown_kind_is_an_error(tmp_path):
    dst = tmp_path / "changsha1942"
    shutil.copytree(PACK, dst)
    man = dst / "pack.yaml"
    man.write_text(man.read_text().replace("\nkind: scenario", "\nkind: scenari", 1))
    pack, problems = read_pack(dst)
    assert pack is None
    assert any(e.path == "kind" and "did you mean 'scenario'" in e.message for e in problems)


def test_a_symlink_out_of_the_pack_is_refused(tmp_path):
    dst = tmp_path / "changsha1942"
    shutil.copytree(PACK, dst)
    outside = tmp_path / "elsewhere.yaml"
    shutil.copy(dst / "history.yaml", outside)
    (dst / "history.yaml").unlink()
    (dst / "history.yaml").symlink_to(outside)
    with pytest.raises(ContentInvalid) as exc:
        load_pack_scenario(dst)
    assert any("leaves the pack folder" in e.message for e in exc.value.errors)


def test_check_packs_reports_the_scenario_pack_as_its_own():
    rep = check_packs(None, [PACK])
    assert rep.ok, rep.errors
    assert rep.scenario is not None and rep.scenario.meta.id == "changsha1942"
    assert [p.id for p in rep.packs] == ["changsha1942"]
    assert set(rep.event_origin) == {e.id for e in rep.scenario.events}
    assert set(rep.event_origin.values()) == {"changsha1942"}


def test_an_extension_pack_can_extend_the_scenario_pack(make_pack):
    ext = make_pack("changsha_extra", {"events/x.yaml": (
        "add:\n  - id: extra_changsha\n    title: An extra event\n    trigger: {from: 1942-01-01, until: 1942-01-01}\n"
        "    text: This text is long enough to pass the length check here.\n"
        "    historical_note: A test.\n"
        "    sources:\n      - seed: hengyang_article\n"
        "        quote: \"to hold his battle lines for a week\"\n")},
    )
    man = ext / "pack.yaml"
    man.write_text(man.read_text().replace("extends: hengyang1944", "extends: changsha1942"))
    sc = load_with_packs(None, [PACK, ext])
    assert sc.meta.id == "changsha1942" and "extra_changsha" in {e.id for e in sc.events}
    assert sc.packs == ["changsha_extra"]
    # Named by id alone, the base is found among the shipped scenario packs.
    assert load_with_packs(None, [ext]).meta.id == "changsha1942"


def test_two_scenario_packs_cannot_be_stacked(tmp_path):
    other = tmp_path / "changsha_copy"
    shutil.copytree(PACK, other)
    rep = check_packs(None, [PACK, other])
    assert not rep.ok
    assert any(e.path == "kind" and "complete scenario" in e.message for e in rep.errors)


def test_list_installed_reports_the_kind(tmp_path, monkeypatch):
    mods = tmp_path / "mods"
    mods.mkdir()
    shutil.copytree(PACK, mods / "changsha1942")
    shutil.copytree(PACK.parent / "hengyang_extra", mods / "hengyang_extra")
    monkeypatch.setattr("game.scenario.packs.installed.user_mods_dir", lambda: mods)
    found = {x.id: x for x in list_installed()}
    assert found["changsha1942"].kind == "scenario" and found["changsha1942"].extends is None
    assert found["hengyang_extra"].kind == "extension" and found["hengyang_extra"].extends == "hengyang1944"


# --------------------------------------------------------------------------- play


def _endings(world, policy, seeds):
    return [play(Campaign.new(world, s), policy).result() for s in seeds]


def test_historical_mostly_holds_the_week(world):
    res = _endings(world, historical, range(1, 41))
    held = [r for r in res if r["ending"] == "held"]
    assert len(held) >= 30
    assert statistics.median(r["days_held"] for r in res) == 7
    assert all(r["end_date"] == "1942-01-06" and r["days_held"] == 7 for r in held)
    # Pinned seeds (the content is deterministic for a given seed and policy).
    assert [r["ending"] for r in res[:4]] == ["held", "held", "held", "held"]


def test_passive_does_clearly_worse(world):
    # Forty seeds: a week's fighting is short, so single seeds swing either way.
    hist = _endings(world, historical, range(1, 41))
    pas = _endings(world, passive, range(1, 41))
    held_h = sum(r["ending"] == "held" for r in hist)
    held_p = sum(r["ending"] == "held" for r in pas)
    assert held_h >= 30
    assert held_p <= held_h - 12
    assert statistics.median(r["days_held"] for r in pas) < 7
    assert {r["ending"] for r in pas} <= {"held", "lines_broken", "city_falls", "collapse"}


@pytest.mark.parametrize("policy", sorted(POLICIES))
def test_every_policy_finishes(world, policy):
    for seed in (1, 2):
        r = play(Campaign.new(world, seed), POLICIES[policy]).result()
        assert r["ending"] is not None and r["scenario"] == "changsha1942"


def test_historical_choices_are_taken(world):
    c = play(Campaign.new(world, 2), historical)  # a seed on which the week is held to the end
    assert c.state.ending == "held"
    assert c.state.choices["promise_a_week"] == "give_your_word"
    assert c.state.choices["fang_letter"] == "send_it"
    assert {"xue_trap", "changsha_daily", "retreat_order", "mount_tai"} <= c.state.fired


def test_save_and_replay_reproduce_the_hash(world, tmp_path):
    c = play(Campaign.new(world, 7), historical)
    path = saves.save(c, tmp_path / "changsha.json")
    sf = saves.read_save(path)
    assert sf.scenario == "changsha1942"
    again = saves.replay(sf, world)
    assert again.hash() == c.hash() == sf.hash
    assert again.result() == c.result()


def test_a_partial_game_round_trips(world, tmp_path):
    c = Campaign.new(world, 3)
    for _ in range(4):
        c.end_day(passive(c))
    path = saves.save(c, tmp_path / "partial.json")
    assert saves.replay(saves.read_save(path), compile_world(load_scenario(PACK))).hash() == c.hash()


# --------------------------------------------------------------------------- command line


def test_cli_validate_and_simulate():
    r = hengyang("validate", str(PACK))
    assert r.returncode == 0, r.stderr
    assert "changsha1942" in r.stdout
    r = hengyang("simulate", "--scenario", str(PACK), "--runs", "2", "--policy", "historical")
    assert r.returncode == 0, r.stderr
    assert "A week held" in r.stdout
