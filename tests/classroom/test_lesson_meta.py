"""The lesson's data lives in the save's typed meta (`game.engine.saves.SaveMeta`): seats, the turn, the
timer, the seats briefed, the staff meetings, who gave each queued order, the umpire's log and PIN lock. It is
written, validated whole when read, and covered by the checksum: a hand edit is refused, a resealed edit with
the wrong types or an impossible umpire record is refused too, and a good save gives the same classroom back."""

from __future__ import annotations

import json

import pytest

from game.classroom.meta import LESSON_FIELDS, LessonMeta
from game.classroom.seats import Classroom, restore_classroom
from game.engine import saves
from game.engine.session import Session
from game.rules import orders as o

ROLES = ["commander", "div10", "logistics"]


@pytest.fixture
def saved(world, tmp_path):
    s = Session.new(world, 3)
    s.lock_umpire("2468")
    cr = Classroom.make(list(world.scenario.roles), ROLES, False, [["div10", "logistics"], ["commander"]],
                        preset="first_offensive", code="HY-TEST", lesson_start_day=0, timer_minutes=7,
                        briefing=True)
    cr.attach(s)
    cr.new_day()
    cr.briefed_now(cr.seat)
    assert s.give(o.RequestAirSupply("drop")).ok  # the grouped seat's order
    s.toggle_pause()
    s.toggle_pause()
    s.set_sensitivity("summary")
    path = s.save(tmp_path / "lesson.json")
    return s, cr, path


def test_the_lesson_is_in_the_typed_meta_and_comes_back(world, saved):
    s, cr, path = saved
    sf = saves.read_save(path)
    m = sf.typed_meta
    assert isinstance(m, LessonMeta) and sf.checksum
    assert m.roles == cr.in_play and m.seats == [["div10", "logistics"], ["commander"]] and m.timer_minutes == 7
    assert m.briefed == ["div10+logistics"] and m.preset == "first_offensive" and m.code == "HY-TEST"
    assert m.queued_seats == ["div10+logistics"] and [a.action for a in m.umpire] == [
        "pause", "resume", "sensitivity"]
    assert m.umpire_pin is not None and "2468" not in path.read_text()
    assert {"roles", "hotseat", "seats", "turn", "preset", "code", "timer_minutes", "briefed"} <= set(sf.meta)
    assert set(sf.meta) - {"umpire", "queued", "queued_seats", "umpire_pin", "sensitivity"} <= LESSON_FIELDS
    got = Session.load(path, world)
    back = restore_classroom(list(world.scenario.roles), got.session.loaded_meta)
    assert [x.ids for x in back.seats] == [x.ids for x in cr.seats] and back.timer.minutes == 7
    assert back.briefed == {"div10+logistics"} and back.preset == "first_offensive"
    assert got.session.umpire_pin is not None and got.session.umpire_pin.opens("2468")
    assert got.session.sensitivity == "summary"
    assert [e.seat for e in got.session.book.entries] == ["div10+logistics"]


@pytest.mark.parametrize(("edit", "why"), [
    (lambda m: m.update(timer_minutes=60), "checksum"),
    (lambda m: m.update(seats=[["commander", "div10", "logistics"]]), "checksum"),
    (lambda m: m.update(briefed=["commander"]), "checksum"),
])
def test_a_hand_edit_of_the_lesson_is_refused(world, saved, edit, why):
    _s, _cr, path = saved
    data = json.loads(path.read_text())
    edit(data["meta"])
    path.write_text(json.dumps(data))
    before = path.read_bytes()
    with pytest.raises(saves.SaveError, match=why):
        Session.load(path, world)
    assert path.read_bytes() == before


@pytest.mark.parametrize(("edit", "why"), [
    (lambda m: m.update(timer_minutes=999), "meta.timer_minutes"),
    (lambda m: m.update(timer_minutes="7"), "meta.timer_minutes"),
    (lambda m: m.update(briefed="div10"), "meta.briefed"),
    (lambda m: m.update(queued_seats=["a", "b"]), "queued_seats"),
    (lambda m: m["umpire"].append({"at": 0, "day": 0, "action": "jump"}), "jump"),
    (lambda m: m["umpire"].append({"at": 0, "day": 0, "action": "teleport"}), "meta.umpire"),
    (lambda m: m.update(umpire_pin={"algo": "pbkdf2_sha256", "iterations": 10, "salt": "x", "hash": "y"}),
     "meta.umpire_pin"),
])
def test_a_resealed_edit_with_wrong_data_is_refused(world, saved, edit, why):
    _s, _cr, path = saved
    data = json.loads(path.read_text())
    edit(data["meta"])
    path.write_text(json.dumps(saves.seal(data)))
    with pytest.raises(saves.SaveError, match=why):
        Session.load(path, world)


@pytest.mark.parametrize("pin", ["12", "x" * 13, "12 34", "../pin", ""])
def test_a_bad_umpire_pin_on_the_command_line_is_a_usage_error(pin, capsys):
    from game.cli import main

    assert main(["play", "--umpire-pin", pin]) == 2
    err = capsys.readouterr().err
    assert "--umpire-pin" in err and "4 to 12 letters or digits" in err and "Traceback" not in err
