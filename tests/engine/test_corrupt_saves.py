"""Every class of corrupt, tampered or hostile save is refused in one line naming the file, without a hang,
and the file is left exactly as it was (its bytes and its modification time)."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine import saves, umpire
from game.engine.campaign import Campaign
from game.fsio import short_name
from tests.corrupt_saves import build_cases, snapshot, special, umpired_save
from tests.deadline import within
from tests.strategies import built_in_world

WORLD = built_in_world()
DEADLINE = 20.0


@pytest.fixture(scope="module")
def cases(tmp_path_factory):
    return build_cases(tmp_path_factory.mktemp("corrupt"), WORLD)


def test_the_umpired_save_itself_loads(tmp_path):
    sf, c = umpire.load_save(umpired_save(WORLD, tmp_path / "ok.json"), WORLD)
    m = sf.typed_meta
    assert m.classroom and m.roles == ["logistics", "commander"] and m.seats
    assert [a.action for a in m.umpire] == ["inject"] and m.advice[0].advice[0].reason == "ammo"
    assert m.queued and sf.checksum == saves.checksum(json.loads((tmp_path / "ok.json").read_text()))
    # the same data as the file's JSON object, for the code that reads it as a dict
    assert sf.meta == json.loads((tmp_path / "ok.json").read_text())["meta"] and sf.meta["turn"] == 1


def test_every_corrupt_save_is_refused_in_one_line_and_left_unchanged(cases):
    wrong = []
    for case in cases:
        before = snapshot(case.path)
        try:
            within(DEADLINE, umpire.load_save, case.path, WORLD)
            error: BaseException | None = None
        except AssertionError:
            raise
        except BaseException as exc:  # noqa: BLE001 - any other exception is reported below
            error = exc
        msg = str(error)
        if not isinstance(error, saves.SaveError):
            wrong.append(f"{case.name}: {type(error).__name__ if error else 'loaded'}: {msg[:200]}")
        elif "\n" in msg or len(msg) > 600 or case.expect not in msg:
            wrong.append(f"{case.name}: expected {case.expect!r} in one line, got {msg[:300]!r}")
        elif not msg.startswith(short_name(str(case.path))[:90]):  # as fsio names it (a 300-byte name is cut)
            wrong.append(f"{case.name}: does not start with the file's name: {msg[:200]!r}")
        if snapshot(case.path) != before:
            wrong.append(f"{case.name}: the file changed")
        if not special(case.path):
            assert case.path.read_bytes() != (case.path.parent / "good.json").read_bytes(), case.name
    assert not wrong, "\n".join(wrong)


def test_a_format_1_save_whose_every_part_the_replay_checks_still_loads(tmp_path):
    """Old saves load when nothing in them is left unchecked (orders, umpire actions, the day's orders)."""
    c = Campaign.new(WORLD, 4)
    for _ in range(3):
        c.end_day([])
    data = json.loads(saves.save_json(saves.to_save(c, {"queued": [{"kind": "breakout"}]})))
    data["version"] = 1
    del data["checksum"]
    path = tmp_path / "v1.json"
    path.write_text(json.dumps(data))
    sf, again = umpire.load_save(path, WORLD)
    assert again.hash() == c.hash() and sf.version == 1 and len(sf.typed_meta.queued) == 1
    data["meta"]["roles"] = ["commander"]  # classroom data format 1 did not protect
    path.write_text(json.dumps(data))
    with pytest.raises(saves.SaveError, match="format 1"):
        saves.read_save(path)


def test_the_game_never_writes_a_save_it_would_refuse(tmp_path):
    c = Campaign.new(WORLD, 4)
    for meta in ({"lesson_start_day": float("inf")}, {"roles": 5}, {"advice": 7}, {"turn": "1"},
                 {"queued": [{"kind": "teleport"}]}, {"x": float("nan")}):
        with pytest.raises(saves.SaveError, match="nothing was written"):
            saves.save(c, tmp_path / "s.json", meta)
        assert not (tmp_path / "s.json").exists()


def test_unknown_meta_keys_are_kept_and_covered_by_the_checksum(tmp_path):
    c = Campaign.new(WORLD, 4)
    path = saves.save(c, tmp_path / "s.json", {"from_a_later_version": {"a": [1, 2]}})
    sf = saves.read_save(path)
    assert sf.typed_meta.model_extra == {"from_a_later_version": {"a": [1, 2]}}
    assert json.loads(saves.save_json(sf))["meta"] == {"from_a_later_version": {"a": [1, 2]}}
    data = json.loads(path.read_text())
    data["meta"]["from_a_later_version"]["a"].append(3)
    path.write_text(json.dumps(data))
    with pytest.raises(saves.SaveError, match="checksum"):
        saves.read_save(path)


# --------------------------------------------------------------------------- anything else: fuzzed

JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
                    | st.text(max_size=20),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                    max_leaves=12)


def _paths(node, here=()):
    yield here
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*here, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, (*here, i))


@pytest.fixture(scope="module")
def good_text(tmp_path_factory):
    return umpired_save(WORLD, tmp_path_factory.mktemp("fuzz") / "good.json").read_bytes()


def _load_bytes(raw: bytes):
    """Load as every front end does; a save that loads also makes its report (which reads its meta)."""
    from game.classroom.report import render, report_from

    sf = saves.parse_save(raw, "fuzzed.json")
    c = umpire.replay_save(sf, WORLD, name="fuzzed.json")
    rep = report_from(sf, c, "fuzzed.json")
    for fmt in ("md", "html"):
        render(rep, fmt)
    return c


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_value_anywhere_in_a_save_is_loaded_or_refused_in_one_line(good_text, data):
    """Replace any node of a real classroom save by any JSON value (with the checksum made to match, or not):
    the save loads, or is refused with a SaveError of one line; nothing else is ever raised."""
    doc = json.loads(good_text)
    where = data.draw(st.sampled_from(list(_paths(doc))[1:]), label="where")
    value = data.draw(JSON, label="value")
    node = doc
    for k in where[:-1]:
        node = node[k]
    node[where[-1]] = value
    if data.draw(st.booleans(), label="sealed"):
        doc = saves.seal(doc)
    raw = json.dumps(doc).encode()
    try:
        within(DEADLINE, _load_bytes, raw)
    except saves.SaveError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("fuzzed.json: ")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_damage_to_the_bytes_of_a_save_is_refused_in_one_line(good_text, data):
    raw = bytearray(good_text)
    for _ in range(data.draw(st.integers(1, 4), label="edits")):
        at = data.draw(st.integers(0, len(raw) - 1), label="at")
        match data.draw(st.sampled_from(["flip", "cut", "insert"]), label="how"):
            case "flip":
                raw[at] ^= 1 << data.draw(st.integers(0, 7))
            case "cut":
                del raw[at:at + data.draw(st.integers(1, 200))]
            case "insert":
                raw[at:at] = data.draw(st.binary(min_size=1, max_size=20))
    try:
        within(DEADLINE, _load_bytes, bytes(raw))
    except saves.SaveError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("fuzzed.json: ")


@pytest.mark.parametrize("key", ["\n", "a\tb", "\r", "x\u2028y", "\x85"])
def test_a_key_with_a_line_break_or_a_control_is_refused_in_one_line(tmp_path, key):
    """A key holding a line break (which a text may hold) is no key of a save: refused, the message one line."""
    path = tmp_path / "s.json"
    w = built_in_world()
    c = Campaign.new(w, 3)
    c.end_day([])
    saves.save(c, path)
    data = json.loads(path.read_text())
    data["scenario"] = {key: "\x1f"}
    raw = json.dumps(data).encode()
    with pytest.raises(saves.SaveError) as exc:
        saves.parse_save(raw, "s.json")
    assert "\n" not in str(exc.value) and "\r" not in str(exc.value) and str(exc.value).isprintable()


def test_a_save_error_is_one_line_whatever_it_quotes():
    assert str(saves.SaveError("bad\nname.json: not a usable save: x\x1fy")) == \
        "bad\\nname.json: not a usable save: x\\x1fy"
