"""The command line as a user scripts it: outputs, exit codes, no tracebacks."""

import json
import subprocess
import sys

import pytest

from game.cli import main


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "game", *args], capture_output=True, text=True, timeout=120)


def test_simulate_json_is_deterministic():
    a, b = run("simulate", "--seed", "1", "--json"), run("simulate", "--seed", "1", "--json")
    assert a.returncode == 0 and a.stdout == b.stdout
    rec = json.loads(a.stdout)
    for key in ("seed", "ending", "days_held", "chinese_casualties", "japanese_casualties"):
        assert key in rec


def test_simulate_runs(capsys):
    assert main(["simulate", "--seed", "5", "--runs", "3", "--json", "--policy", "random"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(x)["seed"] for x in lines] == [5, 6, 7]


@pytest.mark.parametrize("cmd", ["play", "simulate", "validate", "schema", "export", "replay", "bench"])
def test_every_subcommand_has_help(cmd, capsys):
    with pytest.raises(SystemExit) as exc:
        main([cmd, "--help"])
    assert exc.value.code == 0


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["simulate", "--policy", "nonsense"])
    assert exc.value.code == 2


def test_validate_broken_file_reports_lines_without_traceback(tmp_path):
    import shutil

    from game.paths import content_dir

    dst = tmp_path / "sc"
    shutil.copytree(content_dir() / "hengyang1944", dst)
    (dst / "map.yaml").write_text("positions:\n  - id: x\n    name: X\n    terrain: lava\n")
    r = run("validate", str(dst))
    assert r.returncode == 1
    assert "map.yaml:4: positions[0].terrain" in r.stderr
    assert "Traceback" not in r.stderr + r.stdout
    rj = run("validate", str(dst), "--json")
    assert rj.returncode == 1 and json.loads(rj.stdout)["ok"] is False


def test_export_lists_places_events_and_offensives(capsys):
    assert main(["export", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["positions"]) >= 25 and len(data["events"]) >= 60
    assert all(e["sources"] for e in data["events"])
    assert {o["id"] for o in data["offensives"]} >= {"first_offensive", "second_offensive", "third_offensive"}


def test_schema_is_json(capsys):
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert "events" in schema and "$defs" in schema["events"]


def test_replay_and_corrupt_save(tmp_path, world):
    from game.engine import saves
    from game.engine.campaign import Campaign

    c = Campaign.new(world, 4)
    for _ in range(3):
        c.end_day([])
    path = saves.save(c, tmp_path / "g.json")
    r = run("replay", str(path))
    assert r.returncode == 0 and "hash matches" in r.stdout
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    r = run("replay", str(bad))
    assert r.returncode == 1 and "Traceback" not in r.stderr and bad.read_text() == "{not json"


def test_replay_accepts_a_classroom_save_with_umpire_actions(tmp_path, world, capsys):
    from game.engine import umpire
    from game.engine.policies import POLICIES

    s = umpire.UmpireSession(umpire.start_at_preset(world, 5, "second_offensive"), meta={"preset": "x"})
    s.inject("grinding_mortar_bombs")
    s.campaign.end_day(POLICIES["historical"](s.campaign))
    s.end()
    path = s.save(tmp_path / "lesson.json")
    assert main(["replay", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] and out["umpire_actions"] == 2 and out["ending"] == "umpire"
    assert main(["replay", str(path)]) == 0
    assert "with 2 umpire action(s); hash matches" in capsys.readouterr().out


def test_policy_names_match_the_engine():
    from game.cli import POLICY_NAMES
    from game.engine.policies import POLICIES

    assert tuple(sorted(POLICIES)) == POLICY_NAMES


@pytest.mark.parametrize("argv", [
    ["bench", "--campaigns", "0"], ["bench", "--campaigns", "-3"], ["bench", "--repeat", "0"],
    ["bench", "--loads", "0"], ["bench", "--campaigns", "many"], ["simulate", "--runs", "0"],
])
def test_counts_below_one_are_usage_errors(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert f"argument {argv[1]}:" in err and "Traceback" not in err


def test_replay_of_a_tampered_save_names_the_file(tmp_path, world, capsys):
    from game.engine import saves
    from game.engine.campaign import Campaign

    c = Campaign.new(world, 4)
    c.end_day([])
    path = saves.save(c, tmp_path / "tampered.json")
    data = json.loads(path.read_text())
    data["seed"] = 5
    path.write_text(json.dumps(data))
    assert main(["replay", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {path}: ") and "checksum does not match" in err
    path.write_text(json.dumps(saves.seal(data)))  # a checksum made to match: the replay still tells
    assert main(["replay", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {path}: ") and "does not reproduce" in err


@pytest.mark.parametrize("argv", [
    ["simulate", "--scenario", "{nope}"], ["simulate", "--mod", "{nope}"], ["validate", "{nope}"],
    ["export", "--scenario", "{nope}"], ["replay", "{bad}"], ["replay", "{tampered}"],
    ["replay", "{good}", "--scenario", "{nope}"], ["classroom", "start", "HY-BAD"],
    ["classroom", "start", "HY-04A5J-Q5033-R0E", "--scenario", "{nope}"],
    ["validate-pack", "{nope}"], ["lint", "{nope}"], ["test-pack", "{nope}"],
])
def test_every_json_failure_is_one_json_object(argv, tmp_path, world, capsys):
    """With --json, a failure prints one object shaped like `validate --json`'s, and still exits 1."""
    from game.engine import saves
    from game.engine.campaign import Campaign

    good = saves.save(Campaign.new(world, 4), tmp_path / "good.json")
    tampered = tmp_path / "tampered.json"
    tampered.write_text(good.read_text().replace('"seed": 4', '"seed": 5'))
    (tmp_path / "bad.json").write_text("{}")
    names = {"nope": str(tmp_path / "nope"), "bad": str(tmp_path / "bad.json"), "good": str(good),
             "tampered": str(tampered)}
    assert main([a.format(**names) for a in argv] + ["--json"]) == 1
    out = capsys.readouterr().out
    rec = json.loads(out)
    assert out.count("\n") == 1 and rec["ok"] is False and rec["errors"]
    for e in rec["errors"]:
        assert set(e) == {"file", "line", "path", "message", "severity"} and e["message"]


def test_replay_errors_in_json_name_the_save(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    assert main(["replay", str(bad), "--json"]) == 1
    cap = capsys.readouterr()
    err = json.loads(cap.out)["errors"][0]
    assert err["file"] == str(bad) and err["message"].startswith("not a usable save: it is not a Hengyang 1944 save")
    assert main(["replay", str(bad)]) == 1
    cap = capsys.readouterr()
    assert cap.out == "" and cap.err.startswith(f"error: {bad}: not a usable save: it is not a Hengyang 1944 save")


def test_export_errors_are_text_without_json(tmp_path, capsys):
    assert main(["export", "--scenario", str(tmp_path / "nope")]) == 1
    cap = capsys.readouterr()
    assert cap.out == "" and "scenario folder not found" in cap.err


def test_replay_of_a_save_played_with_a_pack_names_the_pack(tmp_path, capsys):
    from game.engine import saves
    from game.engine.campaign import Campaign
    from game.paths import content_dir
    from game.rules.world import compile_world
    from game.scenario.packs import load_with_packs

    pack = content_dir() / "packs" / "hengyang_extra"
    c = Campaign.new(compile_world(load_with_packs(None, [pack])), 3)
    for _ in range(3):
        c.end_day([])
    path = saves.save(c, tmp_path / "modded.json")
    assert main(["replay", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}: this save was played with pack(s) hengyang_extra" in err and "does not reproduce" not in err
    assert main(["replay", str(path), "--mod", str(pack)]) == 0
    assert "hash matches" in capsys.readouterr().out
