"""The modding subcommands: skeleton, lint, random test, schema docs that cannot drift."""

import json
from pathlib import Path

import pytest

from game.cli import main
from game.engine.campaign import Campaign
from game.engine.policies import POLICIES, play
from game.modding.schemadocs import doc_section, schema_markdown
from game.scenario.packs import load_with_packs

from .conftest import EXAMPLE, event_yaml, hengyang

DOC = Path(__file__).resolve().parents[2] / "docs" / "modding.md"


@pytest.mark.parametrize("cmd", [["validate-pack"], ["new-pack"], ["lint"], ["test-pack"], ["schema-docs"],
                                 ["pack-schema"], ["packs"], ["try-event"], ["ids"], ["seeds"], ["seeds", "search"],
                                 ["seeds", "list"]])
def test_help(cmd, capsys):
    with pytest.raises(SystemExit) as exc:
        main([*cmd, "--help"])
    assert exc.value.code == 0


def test_new_pack_validates_and_fires(tmp_path, capsys):
    assert main(["new-pack", "my_pack", "--dir", str(tmp_path)]) == 0
    pack = tmp_path / "my_pack"
    assert main(["validate-pack", str(pack)]) == 0
    assert main(["lint", str(pack), "--json"]) == 0
    capsys.readouterr()
    sc = load_with_packs(None, [pack])
    c = play(Campaign.new(sc, 1), POLICIES["historical"])
    assert "my_pack_example" in c.state.fired
    assert main(["new-pack", "my_pack", "--dir", str(tmp_path)]) == 1
    assert main(["new-pack", "Bad-Name", "--dir", str(tmp_path)]) == 2


def test_lint_warnings(make_pack, capsys):
    pack = make_pack("lintme", {
        "positions.yaml": "add:\n  - {id: lonely, name: Lonely, terrain: hill, works: 1, line: rear, "
                          "sector: east, x: 1, y: 1, controller: japanese}\n",
        "events/l.yaml": "add:\n"
        + event_yaml("too_early", trigger="{from: 1944-01-01, until: 1944-01-02}")
        + event_yaml("flag_never_set", trigger="{condition: {flag: nobody_sets_this}}", note="''")
        + event_yaml("never_held", trigger="{condition: {controls: lonely, side: chinese}}",
                     extra="    choices:\n      - {id: a, label: Do nothing}\n      - {id: b, label: Other, "
                           "outcome: Fine.}\n"),
    })
    assert main(["lint", str(pack), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    msgs = "\n".join(f"{w['file']}:{w['line']}: {w['path']}: {w['message']}" for w in out["warnings"])
    assert "can never fire: its window 1944-01-01 to 1944-01-02 is outside" in msgs
    assert "tests flag 'nobody_sets_this', which no effect ever sets" in msgs
    assert "no historical_note" in msgs
    assert "choice 'a' has no effects and no outcome" in msgs
    assert "tests whether the chinese side holds 'lonely', which it can never hold" in msgs
    assert "'lonely' has no sources" in msgs
    assert "lintme/events/l.yaml:" in msgs


def test_example_pack_lints_clean(capsys):
    assert main(["lint", str(EXAMPLE), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["warnings"] == []


def test_test_pack_reports_fires_and_choices(capsys):
    assert main(["test-pack", str(EXAMPLE), "--runs", "3", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["games"] == 6 and out["crashes"] == [] and out["never_fired"] == []
    ev = out["events"]["extra_city_size"]
    assert ev["fired"] == 6 and sum(ev["choices"].values()) == 6


def test_test_pack_lists_never_fired_and_crashes(make_pack, capsys, monkeypatch):
    pack = make_pack("never", {"events/n.yaml": "add:\n" + event_yaml("never_fires",
                                                                      trigger="{from: 1944-06-25, chance: 0}")})
    assert main(["test-pack", str(pack), "--runs", "1", "--policy", "historical", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["never_fired"] == ["never_fires"]

    import game.modding.randomtest as rt

    def boom(c):
        if c.state.day == 3:
            raise ZeroDivisionError("pack made the rules divide by zero")
        return []

    monkeypatch.setitem(rt.POLICIES, "historical", boom)
    assert main(["test-pack", str(pack), "--runs", "2", "--seed", "7", "--policy", "historical", "--json"]) == 1
    crashes = json.loads(capsys.readouterr().out)["crashes"]
    assert [(c["seed"], c["day"]) for c in crashes] == [(7, 3), (8, 3)]
    assert "ZeroDivisionError" in crashes[0]["error"] and "--seed 7" in crashes[0]["rerun"]


def test_schema_docs_match_the_doc():
    doc = DOC.read_text(encoding="utf-8")
    assert doc_section(doc) == schema_markdown(), "docs/modding.md is stale: paste `hengyang schema-docs` into it"


def test_schema_docs_cover_every_condition_and_effect():
    md = schema_markdown()
    for name in ("StatCond", "ControlsCond", "NotCond", "StockEffect", "EndingEffect", "PackManifest", "EventPatch"):
        assert f"### {name}" in md


def test_pack_schema_is_json(capsys):
    assert main(["pack-schema", "--file", "events"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert set(schema["properties"]) == {"add", "replace", "extend", "delete"}


def test_cli_subprocess_test_pack_runs():
    r = hengyang("test-pack", str(EXAMPLE), "--runs", "1")
    assert r.returncode == 0 and "extra_city_size: fired in 2/2 games" in r.stdout


def test_test_pack_runs_below_one_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["test-pack", str(EXAMPLE), "--runs", "0", "--json"])
    assert exc.value.code == 2
    assert "argument --runs: must be at least 1" in capsys.readouterr().err


def test_lint_of_a_folder_that_is_not_a_pack_names_it_as_given(tmp_path, capsys):
    assert main(["lint", str(tmp_path)]) == 1
    assert capsys.readouterr().err.startswith(f"{tmp_path.as_posix()}/pack.yaml:1: pack manifest is missing")
