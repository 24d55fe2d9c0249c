"""Corrupt, damaged, tampered and hostile save files, one of every class, for every way of loading a save.

Each `Case` is a path (a file, or something at that path that is not a save file at all) and a fragment
the refusal must contain, so that a refusal for the wrong reason does not pass. Files of valid JSON
whose content is wrong are *sealed* (their checksum made to match, as a forger would) so that the check
behind the checksum is the one exercised; the unsealed ones test the checksum itself.
"""

from __future__ import annotations

import copy
import json
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.engine import saves, umpire
from game.engine.campaign import Campaign
from game.engine.policies import POLICIES, play
from game.rules.world import World


@dataclass(frozen=True, slots=True)
class Case:
    name: str
    path: Path
    expect: str  # a fragment of the one-line refusal


def umpired_save(world: World, path: Path) -> Path:
    """A classroom save with everything in its meta: roles, seats, turn, advice, umpire actions, queued orders."""
    s = umpire.UmpireSession(umpire.start_at_preset(world, 7, "first_offensive"))
    s.inject("grinding_mortar_bombs")
    s.campaign.end_day(POLICIES["historical"](s.campaign))
    day = s.campaign.state.day
    advice = [{"day": day, "date": world.date(day).isoformat(), "event": "three_dont_shoot", "title": "Fire",
               "decider": "commander", "decision": None,
               "advice": [{"role": "logistics", "choice": "conserve", "label": "Conserve", "reason": "ammo"}]}]
    meta = {"roles": ["logistics", "commander"], "hotseat": True, "seats": [["logistics"], ["commander"]], "turn": 1,
            "preset": "first_offensive", "code": "HY-TEST", "lesson_start_day": 3, "advice": advice,
            "queued": [{"kind": "set_doctrine", "doctrine": "conserve"}]}
    return s.save(path, meta)


def _is_special(p: Path) -> bool:
    try:
        return not stat.S_ISREG(os.lstat(p).st_mode)
    except OSError:
        return True


def build_cases(folder: Path, world: World) -> list[Case]:
    """Write every case under `folder` (which must be empty) and return them."""
    folder.mkdir(parents=True, exist_ok=True)
    good = umpired_save(world, folder / "good.json")
    base: dict[str, Any] = json.loads(good.read_text())
    out: list[Case] = []

    def raw(name: str, data: bytes, expect: str) -> None:
        p = folder / f"{name}.json"
        p.write_bytes(data)
        out.append(Case(name, p, expect))

    def edit(name: str, change: Callable[[dict[str, Any]], Any], expect: str, *, seal: bool = True) -> None:
        data = copy.deepcopy(base)
        change(data)
        raw(name, json.dumps(saves.seal(data) if seal else data).encode(), expect)

    def setter(*path_and_value: Any) -> Callable[[dict[str, Any]], None]:
        *where, value = path_and_value

        def change(d: dict[str, Any]) -> None:
            for k in where[:-1]:
                d = d[k]
            d[where[-1]] = value
        return change

    text = good.read_bytes()
    # ---- not a file at all, or not one we may read
    fifo = folder / "fifo.json"
    os.mkfifo(fifo)
    out.append(Case("fifo", fifo, "FIFO"))
    (folder / "folder.json").mkdir()
    out.append(Case("folder", folder / "folder.json", "folder"))
    zero = Path("/dev/zero")
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # a device of our own: nothing here may touch the machine's
        zero = folder / "zero"
        os.mknod(zero, stat.S_IFCHR | 0o666, os.makedev(1, 5))
    out.append(Case("dev_zero", zero, "character device"))
    (folder / "to_zero.json").symlink_to(zero)
    out.append(Case("link_to_dev_zero", folder / "to_zero.json", "character device"))
    (folder / "loop_a.json").symlink_to(folder / "loop_b.json")
    (folder / "loop_b.json").symlink_to(folder / "loop_a.json")
    out.append(Case("symlink_loop", folder / "loop_a.json", "symbolic links"))
    out.append(Case("missing", folder / "no_such_save.json", "no such file"))
    out.append(Case("long_name", folder / ("n" * 5000), "too long"))
    # ---- bytes that are not JSON, or JSON no save is
    raw("empty", b"", "empty")
    raw("blank", b" \n\t\n", "empty")
    raw("truncated", text[: len(text) // 2], "not valid JSON")
    raw("binary_junk", bytes(range(256)) * 8, "not UTF-8")
    raw("not_utf8", text.replace(b'"HY-TEST"', b'"HY-T\xe9ST"'), "not UTF-8")
    raw("bom", b"\xef\xbb\xbf" + text, "byte-order mark")
    raw("too_large", b" " * (saves.MAX_SAVE_BYTES + 1), "too large")
    raw("deep_array", b"[" * 100_000 + b"]" * 100_000, "nested")
    raw("deep_in_meta", text.replace(b'"code": "HY-TEST"', b'"code": ' + b"[" * 100_000 + b"]" * 100_000), "nested")
    raw("deep_but_parses", text.replace(b'"code": "HY-TEST"', b'"x": ' + b"[" * 200 + b"]" * 200), "nested")
    raw("top_list", b"[]", "not a JSON object")
    raw("top_string", b'"hengyang-save"', "not a JSON object")
    raw("top_null", b"null", "not a JSON object")
    raw("duplicate_key", text.replace(b'"seed": 7', b'"seed": 7, "seed": 8'), "twice")
    raw("nan", text.replace(b'"lesson_start_day": 3', b'"lesson_start_day": NaN'), "NaN")
    raw("infinity", text.replace(b'"lesson_start_day": 3', b'"lesson_start_day": Infinity'), "Infinity")
    raw("minus_infinity", text.replace(b'"turn": 1', b'"turn": -Infinity'), "Infinity")
    raw("overflowing_float", text.replace(b'"lesson_start_day": 3', b'"lesson_start_day": 1e999'), "too large")
    raw("digits_5000_seed", text.replace(b'"seed": 7', b'"seed": 7' + b"0" * 5000), "digits")
    raw("digits_5000_meta", text.replace(b'"turn": 1', b'"turn": 1' + b"9" * 5000), "digits")
    raw("long_float", text.replace(b'"turn": 1', b'"turn": 1.' + b"5" * 5000), "characters")
    # ---- not a save, or a save of another version
    edit("wrong_format", setter("format", "sqlite"), "not a Hengyang 1944 save")
    edit("no_format", lambda d: d.pop("format"), "not a Hengyang 1944 save")
    edit("version_0", setter("version", 0), "version")
    edit("version_string", setter("version", "2"), "version")
    edit("version_bool", setter("version", True), "version")
    edit("version_newer", setter("version", 99), "newer version")
    # ---- damaged or edited after it was written (the checksum)
    edit("no_checksum", lambda d: d.pop("checksum", None), "checksum", seal=False)
    edit("tampered_roles", setter("meta", "roles", ["commander"]), "checksum does not match", seal=False)
    edit("tampered_advice", setter("meta", "advice", []), "checksum does not match", seal=False)
    edit("tampered_lesson", setter("meta", "lesson_start_day", 0), "checksum does not match", seal=False)
    edit("tampered_seed", setter("seed", 8), "checksum does not match", seal=False)
    edit("bad_checksum_type", setter("checksum", 5), "checksum", seal=False)
    edit("old_format_with_classroom_data", lambda d: (d.__setitem__("version", 1), d.pop("checksum", None)),
         "format 1", seal=False)
    # ---- wrong types at every level (sealed: the model must refuse them)
    for name, where, value, expect in [
        ("seed_string", ("seed",), "7", "seed"), ("seed_float", ("seed",), 7.0, "seed"),
        ("seed_bool", ("seed",), True, "seed"), ("seed_huge", ("seed",), 2**70, "seed"),
        ("scenario_number", ("scenario",), 5, "scenario"), ("packs_string", ("packs",), "x", "packs"),
        ("packs_numbers", ("packs",), [1], "packs[0]"), ("days_object", ("days",), {}, "days"),
        ("day_object", ("days",), [{}], "days[0]"), ("order_number", ("days",), [[5]], "days[0][0]"),
        ("order_unknown_kind", ("days",), [[{"kind": "teleport"}]], "unknown kind 'teleport'"),
        ("order_missing_field", ("days",), [[{"kind": "reinforce", "unit": "r28_1"}]], "days[0][0]"),
        ("order_count_string", ("days",), [[{"kind": "assign_volunteers", "from_team": "repair",
                                              "to_team": "burial", "count": "5"}]], "count"),
        ("order_extra_field", ("days",), [[{"kind": "breakout", "and": "more"}]], "days[0][0]"),
        ("hash_number", ("hash",), 5, "hash"), ("hash_not_hex", ("hash",), "z" * 64, "hash"),
        ("saved_at_number", ("saved_at",), 5, "saved_at"), ("meta_list", ("meta",), [], "meta"),
        ("roles_number", ("meta", "roles"), 5, "meta.roles"), ("roles_numbers", ("meta", "roles"), [5], "roles[0]"),
        ("hotseat_string", ("meta", "hotseat"), "yes", "meta.hotseat"),
        ("seats_string", ("meta", "seats"), "x", "meta.seats"),
        ("seats_mixed", ("meta", "seats"), [["logistics"], "commander"], "meta.seats[1]"),
        ("turn_negative", ("meta", "turn"), -1, "meta.turn"), ("turn_string", ("meta", "turn"), "1", "meta.turn"),
        ("turn_bool", ("meta", "turn"), True, "meta.turn"),
        ("lesson_string", ("meta", "lesson_start_day"), "x", "lesson_start_day"),
        ("lesson_float", ("meta", "lesson_start_day"), 1.5, "lesson_start_day"),
        ("lesson_after_the_log", ("meta", "lesson_start_day"), 10_000, "lesson_start_day"),
        ("advice_number", ("meta", "advice"), 7, "meta.advice"),
        ("advice_entry_number", ("meta", "advice"), [7], "meta.advice[0]"),
        ("advice_day_string", ("meta", "advice"), [{"day": "x", "event": "e"}], "meta.advice[0].day"),
        ("advice_role_number", ("meta", "advice"), [{"day": 1, "event": "e", "advice": [{"role": 5}]}],
         "advice[0].role"),
        ("umpire_number", ("meta", "umpire"), 5, "meta.umpire"),
        ("umpire_at_string", ("meta", "umpire"), [{"at": "x", "day": 1, "action": "end"}], "meta.umpire[0].at"),
        ("umpire_unknown_action", ("meta", "umpire"), [{"at": 1, "day": 1, "action": "explode"}], "action"),
        ("umpire_without_event", ("meta", "umpire"), [{"at": 1, "day": 1, "action": "inject"}], "needs an event"),
        ("queued_number", ("meta", "queued"), 5, "meta.queued"),
        ("queued_unknown_kind", ("meta", "queued"), [{"kind": "teleport"}], "meta.queued[0]"),
        ("sensitivity_unknown", ("meta", "sensitivity"), "loud", "meta.sensitivity"),
        ("control_character", ("meta", "advice"), [{"day": 1, "event": "e", "advice": [
            {"role": "logistics", "reason": "\x1b[31mred"}]}], "U+001B"),
        ("bidi_override", ("meta", "code"), "HY-\u202eTSET", "U+202E"),
        ("lone_surrogate", ("meta", "code"), "HY-\ud800", "U+D800"),
        ("unknown_top_level_key", ("extra",), 1, "extra"),
    ]:
        edit(name, setter(*where, value), expect)
    # ---- huge arrays
    edit("orders_100000_in_a_day", setter("days", [[{"kind": "breakout"}] * 100_000]), "days[0]")
    edit("days_20000", setter("days", [[]] * 20_000), "days")
    edit("umpire_actions_out_of_order", lambda d: d["meta"]["umpire"].insert(0, {"at": 9, "day": 9,
                                                                                  "action": "end"}), "order")
    # ---- valid in form, wrong in sense: the replay refuses them
    edit("umpire_after_the_last_day", setter("meta", "umpire", [{"at": 999, "day": 999, "action": "end"}]),
         "after the last day")
    edit("umpire_unknown_event", setter("meta", "umpire", [{"at": 1, "day": 1, "action": "inject",
                                                            "event": "no_such_event"}]), "no_such_event")
    edit("umpire_day_mismatch", lambda d: d["meta"]["umpire"][0].__setitem__("day", 2), "umpire action dated")
    edit("wrong_state_hash", setter("hash", "0" * 64), "does not reproduce")
    edit("another_seed", setter("seed", 8), "does not reproduce")
    edit("unknown_scenario", setter("scenario", "atlantis1944"), "atlantis1944")
    edit("pack_not_loaded", setter("packs", ["ghost_pack"]), "ghost_pack")
    over = play(Campaign.new(world, 3), POLICIES["historical"])
    finished = json.loads(saves.save_json(saves.to_save(over)))
    finished["days"].append([])
    raw("orders_after_the_end", json.dumps(saves.seal(finished)).encode(), "after the end")
    assert len({c.name for c in out}) == len(out)
    return out


def snapshot(p: Path) -> tuple[Any, ...]:
    """What must not change on disk: the kind of file, its bytes and its modification time."""
    try:
        st = os.lstat(p)
    except OSError as exc:
        return ("absent", exc.errno)
    if stat.S_ISREG(st.st_mode):
        return ("file", p.read_bytes(), st.st_mtime_ns)
    return (stat.S_IFMT(st.st_mode), st.st_mtime_ns, os.readlink(p) if stat.S_ISLNK(st.st_mode) else None)


def special(p: Path) -> bool:
    """Not a regular file (a FIFO, a folder, a device, a link): nothing but its name is to be checked."""
    return _is_special(p)
