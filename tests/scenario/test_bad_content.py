"""Malformed content gets file:line errors, all at once, never a traceback."""

import shutil
from pathlib import Path

import pytest

from game.paths import content_dir
from game.scenario.loader import ContentInvalid, load_scenario
from game.scenario.safeyaml import YamlProblem, load_yaml


@pytest.fixture
def copy(tmp_path) -> Path:
    dst = tmp_path / "hengyang1944"
    shutil.copytree(content_dir() / "hengyang1944", dst)
    return dst


def errors_for(folder: Path) -> list[str]:
    with pytest.raises(ContentInvalid) as exc:
        load_scenario(folder)
    return [str(e) for e in exc.value.errors]


@pytest.mark.parametrize("text,needle", [
    ("a: &x [1]\nb: *x\n", "anchors"),
    ("a: !!python/object/apply:os.system ['ls']\n", "explicit tags"),
    ("a: 1\na: 2\n", "duplicate key"),
    ("a: [\n", "YAML syntax"),
    ("a:" + " [" * 60 + "]" * 60 + "\n", "nesting"),
])
def test_safe_yaml_refuses(text, needle):
    with pytest.raises(YamlProblem, match=needle):
        load_yaml(text)


def test_errors_name_file_line_and_field(copy):
    events = copy / "events" / "bad.yaml"
    events.write_text(
        "events:\n"
        "  - id: bad_one\n"
        "    title: A bad event\n"
        "    trigger: {from: 1944-06-23, condition: {stat: granades, op: '<', value: 5}}\n"
        "    text: This text is long enough to pass the length check here.\n"
        "    colour: red\n"
        "    sources:\n"
        "      - seed: hengyang_article\n"
        "        quote: this sentence is not in the article at all\n"
    )
    errs = errors_for(copy)
    joined = "\n".join(errs)
    assert "events/bad.yaml:4: events[0].trigger.condition.stat:" in joined
    assert "did you mean 'grenades'" in joined
    assert "events/bad.yaml:6: events[0].colour: unknown field" in joined


def test_cross_reference_errors_are_all_reported(copy):
    events = copy / "events" / "refs.yaml"
    events.write_text(
        "events:\n"
        "  - id: refs\n"
        "    title: References\n"
        "    trigger: {condition: {controls: mt_zhangija}}\n"
        "    text: This text is long enough to pass the length check here.\n"
        "    effects: [{unit: r99, casualties: 3}]\n"
        "    sources:\n"
        "      - seed: hengyang_article\n"
        "        quote: this sentence is not in the article at all\n"
    )
    joined = "\n".join(errors_for(copy))
    assert "refs.yaml:4:" in joined and "did you mean 'mt_zhangjia'" in joined
    assert "refs.yaml:6:" in joined and "unknown unit 'r99'" in joined
    assert "refs.yaml:9:" in joined and "quote not found verbatim" in joined


def test_control_characters_and_huge_files(copy):
    (copy / "events" / "ctl.yaml").write_text("events: []\nnote: \"\\e[31mred\"\n")
    (copy / "events" / "huge.yaml").write_text("events: []\n#" + "x" * 1_100_000 + "\n")
    joined = "\n".join(errors_for(copy))
    assert "huge.yaml:1: file is larger" in joined


def test_special_files_in_a_scenario_folder_are_refused_not_waited_on(copy, tmp_path):
    import os
    import subprocess
    import sys

    os.mkfifo(copy / "events" / "pipe.yaml")
    errs = errors_for(copy)
    fifo = "events/pipe.yaml:1: the file is a FIFO (named pipe), not a regular file"
    assert any(e.endswith(fifo) for e in errs), errs
    for cmd in (["validate", str(copy)], ["simulate", "--scenario", str(copy)], ["export", "--scenario", str(copy)]):
        r = subprocess.run([sys.executable, "-m", "game", *cmd], capture_output=True, text=True, timeout=60)
        assert r.returncode == 1 and "FIFO" in r.stderr and "Traceback" not in r.stderr, (cmd, r.stderr)


def test_impossible_dates_and_non_finite_numbers_in_a_scenario(copy):
    cal = copy / "calendar.yaml"
    text = cal.read_text(encoding="utf-8")
    cal.write_text(text.replace("start: 1944-06-23", "start: 1944-06-31", 1), encoding="utf-8")
    errs = errors_for(copy)
    assert any("calendar.yaml" in e and "'1944-06-31' is not a date" in e for e in errs), errs
    cal.write_text(text, encoding="utf-8")
    meta = copy / "scenario.yaml"
    m_text = meta.read_text(encoding="utf-8")
    meta.write_text(m_text.replace("air_support: ", "air_support: .nan #", 1), encoding="utf-8")
    errs = errors_for(copy)
    assert any("scenario.yaml" in e and "air_support" in e and ".nan" in e for e in errs), errs
