"""A corpus of broken packs, written as a careless modder and a fuzzer would write them.

Each case is one pack (files given as text or bytes; a few built on the file system by `special`) and
what a modder must be told: the file and line (their own), the field, and the offending value. Cases
marked `ok=True` are packs that must load (editor lock files, a documented warning).

Line numbers: `ev()` writes an event whose lines are fixed (after `add:` on line 1):
  2 id, 3 title, 4 trigger, 5 text, 6 historical_note, 7 sources, 8 seed, 9 quote, 10+ extra lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field

QUOTE = "On paper, the corps had 4 divisions, but in reality it only had the strength of 7 regiments."


def ev(eid: str = "c_event", *, title: str = "A test event", trigger: str = "{from: 1944-06-25, until: 1944-06-26}",
       text: str = "This text is long enough to pass the length check here.", note: str = "A test.",
       seed: str = "hengyang_article", quote: str = f'"{QUOTE}"', extra: str = "") -> str:
    return (f"  - id: {eid}\n    title: {title}\n    trigger: {trigger}\n    text: {text}\n"
            f"    historical_note: {note}\n    sources:\n      - seed: {seed}\n        quote: {quote}\n{extra}")


def add(*events: str) -> str:
    return "add:\n" + "".join(events)


POS = ("  - {{id: {id}, name: New place, terrain: {terrain}, works: {works}, line: {line}, sector: {sector}, "
       "x: {x}, y: 5, adjacent: {adj}}}\n")


def pos(**kw: object) -> str:
    d = {"id": "new_place", "terrain": "hill", "works": 2, "line": "outpost", "sector": "south", "x": 5,
         "adj": "[mt_gao]"}
    d.update(kw)
    return POS.format(**d)


UNIT = "  - {{id: {id}, name: New battalion, division: 10th, kind: infantry, strength: {strength}, {where}}}\n"


def unit(**kw: object) -> str:
    d = {"id": "new_bn", "strength": 300, "where": "position: mt_gao"}
    d.update(kw)
    return UNIT.format(**d)


PERIOD = "  - {{id: {id}, name: A period, kind: {kind}, start: {start}, end: {end}, intensity: {intensity}}}\n"


def period(**kw: object) -> str:
    d = {"id": "new_lull", "kind": "lull", "start": "1944-07-03", "end": "1944-07-04", "intensity": "{south: 0.2}"}
    d.update(kw)
    return PERIOD.format(**d)


@dataclass
class Case:
    name: str
    files: dict[str, str | bytes]
    #: where the message must point: file (relative to the pack), line, field path
    file: str = "events/a.yaml"
    line: int = 1
    path: str = ""
    #: text the message must contain: the offending value (and, where it matters, what is allowed)
    value: str = ""
    severity: str = "error"
    #: a pack that must load (with `value` among its warnings when given)
    ok: bool = False
    #: "validate-pack" or "lint"
    tool: str = "validate-pack"
    #: the name of a file-system trick done by the test (fifo, symlink_out, ...)
    special: str = ""
    #: text the message must NOT contain (a wrong suggestion)
    not_value: str = ""
    manifest: str | None = None
    extra_manifest: str = ""
    tags: list[str] = field(default_factory=list)


def _ev_line(extra_line_no: int) -> int:
    return 9 + extra_line_no


A = "events/a.yaml"
NO_ENGINE = 'id: {id}\ntitle: A pack\nversion: "1.0"\nauthors: [t]\nextends: hengyang1944\n'  # engine: line 6

CASES: list[Case] = [
    # ---- crashes and hangs: impossible dates, non-finite and huge numbers, special files ------------------
    Case("date_feb30", {A: add(ev(trigger="{from: 1944-02-30}"))}, A, 4, "add[0].trigger.from", "1944-02-30"),
    Case("date_month13", {A: add(ev(trigger="{until: 1944-13-01}"))}, A, 4, "add[0].trigger.until", "1944-13-01"),
    Case("date_words", {A: add(ev(trigger="{from: tomorrow}"))}, A, 4, "add[0].trigger.from", "'tomorrow'"),
    Case("date_slashes", {A: add(ev(trigger="{from: 25/06/1944}"))}, A, 4, "add[0].trigger.from", "25/06/1944"),
    Case("date_in_after", {A: add(ev(trigger="{condition: {after: 1944-06-31}}"))}, A, 4,
         "add[0].trigger.condition.after", "1944-06-31"),
    Case("unit_arrives_bad_date", {"units.yaml": "add:\n" + unit(where="arrives: 1944-06-31")}, "units.yaml", 2,
         "add[0].arrives", "1944-06-31"),
    Case("period_bad_date", {"periods.yaml": "add:\n" + period(start="1944-07-32")}, "periods.yaml", 2,
         "add[0].start", "1944-07-32"),
    Case("inf_value", {A: add(ev(trigger="{condition: {stat: food, op: '<', value: .inf}}"))}, A, 4,
         "add[0].trigger.condition.value", ".inf"),
    Case("nan_chance", {A: add(ev(trigger="{from: 1944-06-25, chance: .nan}"))}, A, 4, "add[0].trigger.chance",
         ".nan"),
    Case("neg_inf_stock", {A: add(ev(extra="    effects: [{stock: food, add: -.inf}]\n"))}, A, 10,
         "add[0].effects[0].add", "-.inf"),
    Case("nan_in_string_float", {A: add(ev(extra="    effects: [{stock: food, set: 'NaN'}]\n"))}, A, 10,
         "add[0].effects[0].set", "NaN"),
    Case("huge_pressure", {A: add(ev(extra="    effects: [{pressure: south, add: 1000000000000000000000}]\n"))}, A,
         10, "add[0].effects[0].add", "1000000000000000000000"),
    Case("huge_exponent", {A: add(ev(trigger="{condition: {stat: food, op: '<', value: 1.0e400}}"))}, A, 4,
         "add[0].trigger.condition.value", "1.0e400"),
    Case("huge_unit_strength", {"units.yaml": "add:\n" + unit(strength=10**12)}, "units.yaml", 2,
         "add[0].strength", str(10**12)),
    Case("fifo_event_file", {A: add(ev())}, "events/pipe.yaml", 1, "", "FIFO", special="fifo:events/pipe.yaml"),
    Case("fifo_manifest", {}, "pack.yaml", 1, "", "FIFO", special="fifo:pack.yaml"),
    Case("fifo_positions", {}, "positions.yaml", 1, "", "FIFO", special="fifo:positions.yaml"),
    Case("symlink_to_dev_zero", {}, "events/zero.yaml", 1, "", "leaves the pack folder",
         special="symlink:events/zero.yaml:/dev/zero"),
    Case("symlink_out_of_pack", {}, "events/etc.yaml", 1, "", "leaves the pack folder",
         special="symlink:events/etc.yaml:/etc/hostname"),
    Case("raw_bel", {A: add(ev(text="This text rings\x07 a bell and is long enough."))}, A, 5, "", "U+0007"),
    Case("raw_esc", {A: add(ev(title="Red \x1b[31malert"))}, A, 3, "", "U+001B"),
    Case("raw_nul", {A: add(ev()) + "    priority: 5\x00\n"}, A, 10, "", "U+0000"),
    Case("raw_del", {A: add(ev(note="A test\x7f."))}, A, 6, "", "U+007F"),
    Case("raw_c1_csi", {A: add(ev(text="This text has a raw CSI \u009b in it, long enough."))}, A, 5, "", "U+009B"),
    Case("raw_bidi_override", {A: add(ev(title="Tit\u202eelt"))}, A, 3, "", "U+202E"),
    Case("raw_bidi_isolate_in_comment", {A: "# a comment \u2066hidden\u2069\n" + add(ev())}, A, 1, "", "U+2066"),
    Case("escaped_esc", {A: add(ev(title='"Red \\e[31m alert"'))}, A, 3, "add[0].title", "U+001B"),
    Case("escaped_c1", {A: add(ev(text='"This text has an escaped CSI \\x9b and is long enough."'))}, A, 5,
         "add[0].text", "U+009B"),
    Case("escaped_bidi", {A: add(ev(note='"A \\u202e test"'))}, A, 6, "add[0].historical_note", "U+202E"),
    Case("escaped_isolate_in_label", {A: add(ev(extra="    choices:\n      - {id: a, label: \"A \\u2067b\"}\n"
                                                      "      - {id: b, label: Other}\n"))}, A, 11,
         "add[0].choices[0].label", "U+2067"),
    Case("escaped_cr", {A: add(ev(title='"Over\\rwrite"'))}, A, 3, "add[0].title", "U+000D"),
    Case("escaped_esc_in_key", {A: 'add:\n  - "id\\e": x\n'}, A, 2, "", "U+001B"),
    Case("latin1_byte", {A: add(ev()).encode() + b"    priority: 5 # caf\xe9\n"}, A, 10, "", "0xe9"),
    Case("utf16_file", {A: add(ev()).encode("utf-16")}, A, 1, "", "UTF-8"),
    Case("escaped_esc_in_manifest", {}, "pack.yaml", 2, "title", "U+001B",
         manifest='id: {id}\ntitle: "Bad \\e title"\nversion: "1.0"\nauthors: [t]\nextends: hengyang1944\n'),
    # ---- accepted before, but invalid -------------------------------------------------------------------
    Case("unit_arrives_1950", {"units.yaml": "add:\n" + unit(where="arrives: 1950-01-01")}, "units.yaml", 2,
         "add[0].arrives", "1950-01-01"),
    Case("formation_arrives_1950", {"formations.yaml": "add:\n  - {id: late_div, name: Late, kind: division, "
                                                       "strength: 100, sector: north, arrives: 1950-01-01}\n"},
         "formations.yaml", 2, "add[0].arrives", "1950-01-01"),
    Case("period_in_1950", {"periods.yaml": "add:\n" + period(start="1950-01-01", end="1950-01-02")},
         "periods.yaml", 2, "add[0].start", "1950-01-01"),
    Case("nested_events_folder", {A: add(ev()), "events/more/b.yaml": add(ev("c_other"))}, "events/more", 1, "",
         "folder inside events/", severity="warning", ok=True),
    Case("yml_extension", {"events/a.yml": add(ev())}, "events/a.yml", 1, "", "a.yaml", severity="warning",
         ok=True),
    Case("editor_lock_symlink", {A: add(ev())}, ok=True, special="symlink:events/.#a.yaml:me@host.1234:1"),
    Case("editor_backup_tilde", {A: add(ev()), "events/a.yaml~": "add: [broken\n"}, ok=True),
    Case("vim_swap", {A: add(ev()), "events/.a.yaml.swp": b"\x00\x01binary swap"}, ok=True),
    Case("stray_top_level_yaml", {A: add(ev()), "event.yaml": add(ev("c_two"))}, "event.yaml", 1, "",
         "not a pack file", severity="warning", ok=True),
    Case("misnamed_positions_file", {"position.yaml": "add:\n" + pos()}, "position.yaml", 1, "",
         "rename it to positions.yaml", severity="warning", ok=True),
    Case("stray_text_file_in_events", {A: add(ev()), "events/notes.txt": "todo"}, "events/notes.txt", 1, "",
         "not a .yaml file", severity="warning", ok=True),
    # ---- errors that belong to the pack's own line ---------------------------------------------------------
    Case("delete_referenced_event", {A: "delete: [qingshan_and_white_flag]\n"}, A, 1, "delete[0]",
         "'qingshan_and_white_flag'"),
    Case("replace_drops_tested_choice", {A: "replace:\n" + ev("airfield_battalions_flee", extra=(
        "    choices:\n      - {id: talk_on, label: Talk on}\n      - {id: stop, label: Stop}\n"))}, A, 10,
         "replace[0].choices", "'send_570th'"),
    Case("duplicate_choice_ids", {A: add(ev(extra="    choices:\n      - {id: go, label: Go}\n"
                                                  "      - {id: go, label: Go again}\n"))}, A, 2, "add[0]", "'go'"),
    Case("intensity_above_one", {"periods.yaml": "add:\n" + period(intensity="{south: 1.5}")}, "periods.yaml", 2,
         "add[0].intensity.south", "1.5"),
    Case("intensity_negative", {"periods.yaml": "add:\n" + period(intensity="{west: -0.1}")}, "periods.yaml", 2,
         "add[0].intensity.west", "-0.1"),
    Case("delete_twice", {A: "delete: [fangs_moats, fangs_moats]\n"}, A, 1, "delete[1]", "'fangs_moats'"),
    Case("replace_twice", {A: "replace:\n" + ev("order_to_hold") + ev("order_to_hold")}, A, 10, "replace[1].id",
         "'order_to_hold'"),
    Case("two_historical_choices", {A: add(ev(extra="    choices:\n      - {id: a, label: Aa, historical: true}\n"
                                                    "      - {id: b, label: Bb, historical: true}\n"))}, A, 2,
         "add[0]", "a, b"),
    # ---- messages that must repeat the value and say what is allowed ------------------------------------------
    Case("op_regex", {A: add(ev(trigger="{condition: {stat: food, op: '=~', value: 3}}"))}, A, 4,
         "add[0].trigger.condition.op", "'=~'"),
    Case("stock_with_morale", {A: add(ev(extra="    effects: [{stock: food, add: 10, morale: 3}]\n"))}, A, 10,
         "add[0].effects[0].morale", "starts another effect"),
    Case("weather_condition", {A: add(ev(trigger="{condition: {weather: rain}}"))}, A, 4,
         "add[0].trigger.condition", "'weather'", not_value="did you mean"),
    Case("tab_indent", {A: "add:\n  - id: c_event\n\ttitle: x\n"}, A, 3, "", "tab"),
    Case("role_no", {A: add(ev(extra="    role: no\n"))}, A, 10, "add[0].role", "no"),
    Case("role_yes", {A: add(ev(extra="    role: Yes\n"))}, A, 10, "add[0].role", "Yes"),
    Case("title_on", {A: add(ev(title="on"))}, A, 3, "add[0].title", "on"),
    Case("title_null", {A: add(ev(title="~"))}, A, 3, "add[0].title", "null"),
    Case("title_number", {A: add(ev(title="1944"))}, A, 3, "add[0].title", "1944"),
    Case("version_float", {}, "pack.yaml", 3, "version", "1.0",
         manifest="id: {id}\ntitle: A pack\nversion: 1.0\nauthors: [t]\nextends: hengyang1944\n"),
    Case("version_pattern", {}, "pack.yaml", 3, "version", "'1.0beta'",
         manifest='id: {id}\ntitle: A pack\nversion: "1.0beta"\nauthors: [t]\nextends: hengyang1944\n'),
    Case("manifest_id_pattern", {}, "pack.yaml", 1, "id", "'My-Pack'",
         manifest='id: My-Pack\ntitle: A pack\nversion: "1.0"\nauthors: [t]\nextends: hengyang1944\n'),
    Case("event_id_pattern", {A: add(ev("Order-To-Hold"))}, A, 2, "add[0].id", "'Order-To-Hold'"),
    Case("delete_id_pattern", {A: "delete: [Bad Id]\n"}, A, 1, "delete[0]", "'Bad Id'"),
    Case("pack_kind_unknown", {}, "pack.yaml", 7, "kind", "'mod'", extra_manifest="kind: mod\n"),
    Case("stat_typo", {A: add(ev(trigger="{condition: {stat: granades, op: '<', value: 5}}"))}, A, 4,
         "add[0].trigger.condition.stat", "'granades'"),
    Case("doctrine_unknown", {A: add(ev(extra="    effects: [{set_doctrine: shoot_all}]\n"))}, A, 10,
         "add[0].effects[0].set_doctrine", "'shoot_all'"),
    Case("side_unknown", {A: add(ev(trigger="{condition: {controls: mt_gao, side: nationalist}}"))}, A, 4,
         "add[0].trigger.condition.side", "'nationalist'"),
    Case("terrain_unknown", {"positions.yaml": "add:\n" + pos(terrain="mountain")}, "positions.yaml", 2,
         "add[0].terrain", "'mountain'"),
    Case("line_unknown", {"positions.yaml": "add:\n" + pos(line="fourth")}, "positions.yaml", 2, "add[0].line",
         "'fourth'"),
    Case("tag_unknown", {A: add(ev(extra="    tags: [violence]\n    summary: A short summary of it.\n"))}, A, 10,
         "add[0].tags[0]", "'violence'"),
    Case("sick_kind_unknown", {A: add(ev(extra="    effects: [{sick: dead, count: 3}]\n"))}, A, 10,
         "add[0].effects[0].sick", "'dead'"),
    Case("wounded_kind_unknown", {A: add(ev(extra="    effects: [{wounded: healed, count: 3}]\n"))}, A, 10,
         "add[0].effects[0].wounded", "'healed'"),
    Case("team_unknown", {A: add(ev(extra="    effects: [{volunteers: cooks, add: 3}]\n"))}, A, 10,
         "add[0].effects[0].volunteers", "'cooks'"),
    Case("priority_too_high", {A: add(ev(extra="    priority: 150\n"))}, A, 10, "add[0].priority", "150"),
    Case("priority_words", {A: add(ev(extra="    priority: high\n"))}, A, 10, "add[0].priority", "'high'"),
    Case("priority_fraction", {A: add(ev(extra="    priority: 2.5\n"))}, A, 10, "add[0].priority", "2.5"),
    Case("chance_above_one", {A: add(ev(trigger="{from: 1944-06-25, chance: 2}"))}, A, 4, "add[0].trigger.chance",
         "2"),
    Case("works_too_high", {"positions.yaml": "add:\n" + pos(works=9)}, "positions.yaml", 2, "add[0].works", "9"),
    Case("x_off_the_map", {"positions.yaml": "add:\n" + pos(x=150)}, "positions.yaml", 2, "add[0].x", "150"),
    Case("morale_effect_too_big", {A: add(ev(extra="    effects: [{morale: 80}]\n"))}, A, 10,
         "add[0].effects[0].morale", "80"),
    Case("casualties_negative", {A: add(ev(extra="    effects: [{unit: r9_1, casualties: -5}]\n"))}, A, 10,
         "add[0].effects[0].casualties", "-5"),
    Case("air_support_too_big", {A: add(ev(extra="    effects: [{air_support: 5}]\n"))}, A, 10,
         "add[0].effects[0].air_support", "5"),
    Case("radio_words", {A: add(ev(extra="    effects: [{radio: cut}]\n"))}, A, 10, "add[0].effects[0].radio",
         "'cut'"),
    Case("title_too_short", {A: add(ev(title="X"))}, A, 3, "add[0].title", "'X'"),
    Case("text_too_short", {A: add(ev(text="Too short."))}, A, 5, "add[0].text", "'Too short.'"),
    Case("quote_too_short", {A: add(ev(quote="abc"))}, A, 9, "add[0].sources[0].quote", "'abc'"),
    Case("label_too_long", {A: add(ev(extra="    choices:\n      - {id: a, label: " + "L" * 130 + "}\n"
                                            "      - {id: b, label: Bb}\n"))}, A, 11, "add[0].choices[0].label",
         "130 characters"),
    Case("missing_title", {A: "add:\n  - id: c_event\n    trigger: {from: 1944-06-25}\n    text: This text is long "
                              "enough to pass the length check here.\n    sources:\n      - seed: hengyang_article\n"
                              f"        quote: \"{QUOTE}\"\n"}, A, 2, "add[0].title", "'title'"),
    Case("missing_trigger", {A: "add:\n  - id: c_event\n    title: No trigger\n    text: This text is long "
                                "enough to pass the length check here.\n    sources:\n      - seed: hengyang_article\n"
                                f"        quote: \"{QUOTE}\"\n"}, A, 2, "add[0].trigger", "'trigger'"),
    Case("missing_sources", {A: "add:\n  - id: c_event\n    title: No sources\n    trigger: {from: 1944-06-25}\n"
                                "    text: This text is long enough to pass the length check here.\n"}, A, 2,
         "add[0].sources", "'sources'"),
    Case("sources_empty", {A: add(ev()).replace(f"    sources:\n      - seed: hengyang_article\n        quote: "
                                                f"\"{QUOTE}\"\n", "    sources: []\n")}, A, 7, "add[0].sources",
         "at least 1"),
    Case("trigger_as_text", {A: add(ev(trigger="tomorrow"))}, A, 4, "add[0].trigger", "'tomorrow'"),
    Case("choices_as_mapping", {A: add(ev(extra="    choices: {a: b}\n"))}, A, 10, "add[0].choices", "{a: 'b'}"),
    Case("effects_as_text", {A: add(ev(extra="    effects: morale +3\n"))}, A, 10, "add[0].effects", "'morale +3'"),
    Case("condition_as_list", {A: add(ev(trigger="{condition: [{flag: x}]}"))}, A, 4, "add[0].trigger.condition",
         "[{flag: 'x'}]"),
    Case("unknown_field_typo", {A: add(ev(extra="    efects: []\n"))}, A, 10, "add[0].efects", "'effects'"),
    Case("unknown_field_far", {A: add(ev(extra="    colour: red\n"))}, A, 10, "add[0].colour", "'colour'",
         not_value="did you mean"),
    Case("scenario_style_events_key", {A: "events:\n" + ev()}, A, 1, "events", "'add'"),
    Case("manifest_licence", {}, "pack.yaml", 7, "licence", "'licence'", extra_manifest="licence: MIT\n",
         not_value="'line'"),
    Case("trigger_field_typo", {A: add(ev(trigger="{from: 1944-06-25, chanse: 0.5}"))}, A, 4,
         "add[0].trigger.chanse", "'chance'"),
    Case("stock_neither", {A: add(ev(extra="    effects: [{stock: food}]\n"))}, A, 10, "add[0].effects[0]",
         "'food'"),
    Case("stock_both", {A: add(ev(extra="    effects: [{stock: food, add: 1, set: 2}]\n"))}, A, 10,
         "add[0].effects[0]", "both"),
    Case("flag_null", {A: add(ev(extra="    effects: [{set_flag: null}]\n"))}, A, 10, "add[0].effects[0]",
         "null"),
    Case("period_cond_both", {A: add(ev(trigger="{condition: {period: second_offensive, period_kind: lull}}"))},
         A, 4, "add[0].trigger.condition", "'second_offensive'"),
    Case("until_before_from", {A: add(ev(trigger="{from: 1944-07-10, until: 1944-07-01}"))}, A, 4,
         "add[0].trigger.until", "1944-07-01"),
    Case("period_end_before_start", {"periods.yaml": "add:\n" + period(start="1944-07-04", end="1944-07-03")},
         "periods.yaml", 2, "add[0]", "1944-07-03"),
    Case("tags_without_summary", {A: add(ev(extra="    tags: [gas]\n"))}, A, 2, "add[0]", "gas"),
    Case("boolean_looking_key", {A: add(ev(trigger="{on: 1944-06-25}"))}, A, 4, "add[0].trigger.on", "'on'"),
    Case("number_key", {A: "1: x\n"}, A, 1, "1", "'1'"),
    Case("adjacent_as_text", {"positions.yaml": "add:\n" + pos(adj="mt_gao")}, "positions.yaml", 2,
         "add[0].adjacent", "'mt_gao'"),
    Case("summary_too_long", {A: add(ev(extra="    summary: " + "S" * 700 + "\n"))}, A, 10, "add[0].summary",
         "700 characters"),
    # ---- references -----------------------------------------------------------------------------------------
    Case("unknown_role", {A: add(ev(extra="    role: generalissimo\n"))}, A, 10, "add[0].role", "'generalissimo'"),
    Case("unknown_seed", {A: add(ev(seed="wikipedia"))}, A, 8, "add[0].sources[0].seed", "'wikipedia'"),
    Case("unknown_ending", {A: add(ev(extra="    effects: [{ending: victory}]\n"))}, A, 10,
         "add[0].effects[0].ending", "'victory'"),
    Case("unknown_sector", {A: add(ev(extra="    effects: [{pressure: sowth, add: -100}]\n"))}, A, 10,
         "add[0].effects[0].pressure", "'sowth'"),
    Case("unknown_period", {A: add(ev(trigger="{condition: {period: forth_offensive}}"))}, A, 4,
         "add[0].trigger.condition.period", "'forth_offensive'"),
    Case("unknown_choice", {A: add(ev(trigger="{condition: {chose: ceasefire_night_talk, choice: surrender}}"))},
         A, 4, "add[0].trigger.condition.choice", "'surrender'"),
    Case("unknown_fired", {A: add(ev(trigger="{condition: {fired: no_such_event}}"))}, A, 4,
         "add[0].trigger.condition.fired", "'no_such_event'"),
    Case("unknown_unit_cond", {A: add(ev(trigger="{condition: {unit: r999, strength: 100}}"))}, A, 4,
         "add[0].trigger.condition.unit", "'r999'"),
    Case("arrive_at_unknown", {A: add(ev(extra="    effects: [{unit: r8_1, arrive_at: atlantis}]\n"))}, A, 10,
         "add[0].effects[0].arrive_at", "'atlantis'"),
    Case("adjacent_self", {"positions.yaml": "add:\n" + pos(adj="[new_place]")}, "positions.yaml", 2,
         "add[0].adjacent[0]", "adjacent to itself"),
    Case("adjacent_unknown", {"positions.yaml": "add:\n" + pos(adj="[mt_gao, mt_nowhere]")}, "positions.yaml", 2,
         "add[0].adjacent[1]", "'mt_nowhere'"),
    Case("unit_position_unknown", {"units.yaml": "add:\n" + unit(where="position: mt_nowhere")}, "units.yaml", 2,
         "add[0].position", "'mt_nowhere'"),
    Case("unit_neither_position_nor_arrival", {"units.yaml": "add:\n" + unit(where="morale: 60")}, "units.yaml",
         2, "add[0]", "'arrives'"),
    Case("extend_missing", {A: "extend:\n  - id: no_such_event\n    effects: [{morale: 1}]\n"}, A, 2,
         "extend[0].id", "'no_such_event'"),
    Case("add_existing_position", {"positions.yaml": "add:\n" + pos(id="mt_gao")}, "positions.yaml", 2,
         "add[0].id", "'mt_gao'"),
    Case("replace_missing_position", {"positions.yaml": "replace:\n" + pos(id="mt_nowhere")}, "positions.yaml", 2,
         "replace[0].id", "'mt_nowhere'"),
    Case("same_event_in_two_files", {A: add(ev("twin")), "events/b.yaml": add(ev("twin"))}, "events/b.yaml", 2,
         "add[0].id", "'twin'"),
    Case("ending_replace_missing", {"endings.yaml": "replace:\n  - {id: victory, title: Victory, kind: held, text: "
                                                    "The city holds out and the Japanese withdraw.}\n"},
         "endings.yaml", 2, "replace[0].id", "'victory'"),
    Case("ending_add_existing", {"endings.yaml": "add:\n  - {id: city_falls, title: Falls, kind: defeat, text: "
                                                 "The city falls to the Japanese as it did.}\n"},
         "endings.yaml", 2, "add[0].id", "'city_falls'"),
    Case("comma_in_flow_text", {"endings.yaml": "add:\n  - {id: new_end, title: Falls, kind: defeat, text: "
                                                "The city falls to the Japanese, as it did.}\n"},
         "endings.yaml", 2, "add[0].as it did.", "in quotes"),
    Case("ending_unknown_position", {"endings.yaml": "add:\n  - {id: hill_lost, title: Lost, kind: defeat, text: "
                                                     "The hill falls and with it the city.,\n"
                                                     "     condition: {controls: mt_nowhere, side: japanese}}\n"},
         "endings.yaml", 3, "add[0].condition.controls", "'mt_nowhere'"),
    Case("dates_out_of_order", {"dates.yaml": "last_date: 1944-06-01\n"}, "dates.yaml", 1, "", "1944-06-01"),
    Case("dates_historical_end", {"dates.yaml": "historical_end: 1944-09-01\n"}, "dates.yaml", 1, "historical_end",
         "'historical_end'"),
    Case("load_after_self", {}, "pack.yaml", 7, "load_after[0]", "itself", extra_manifest="load_after: [{id}]\n"),
    Case("extends_wrong", {}, "pack.yaml", 5, "extends", "'stalingrad1942'",
         manifest='id: {id}\ntitle: A pack\nversion: "1.0"\nauthors: [t]\nextends: stalingrad1942\n'),
    Case("engine_unreadable", {}, "pack.yaml", 6, "engine", "'banana'", manifest=NO_ENGINE + "engine: banana\n"),
    Case("engine_future", {}, "pack.yaml", 6, "engine", ">=99", manifest=NO_ENGINE + "engine: '>=99'\n",
         severity="warning", ok=True),
    Case("quote_near_miss", {A: add(ev(quote='"On paper the corps had four divisions, but in reality it only had '
                                             'the strength of 7 regiments."'))}, A, 9, "add[0].sources[0].quote",
         "'4' where the quote has 'four'"),
    Case("quote_only_spaces", {A: add(ev(quote='"          "'))}, A, 9, "add[0].sources[0].quote", "too short"),
    Case("quote_only_artefacts", {A: add(ev(quote='"{{sfn, Bai, 1984}} ()"'))}, A, 9, "add[0].sources[0].quote",
         "too short"),
    Case("long_unknown_key", {A: add(ev(extra="    " + "k" * 300 + ": 1\n"))}, A, 10, "add[0]." + "k" * 300,
         "'" + "k" * 39 + "…'"),
    Case("quote_fiction_only", {A: add(ev(seed="changsha_1942_fiction", quote='"these two regiments"'))}, A, 7,
         "add[0].sources", "fictional"),
    # ---- YAML the reader refuses ---------------------------------------------------------------------------------
    Case("unclosed_bracket", {A: "add:\n  - id: x\n    trigger: {from: 1944-06-25\n    title: y\n"}, A, 4, "",
         "YAML syntax"),
    Case("colon_in_text", {A: add(ev(text="Note: the text has a colon: and no quotes at all here."))}, A, 5, "",
         "in quotes"),
    Case("duplicate_key", {A: add(ev(extra="    title: Again\n"))}, A, 10, "", "'title'"),
    Case("anchor", {A: "add:\n  - &e\n    id: x\n"}, A, 2, "", "anchors"),
    Case("alias", {A: "x: [1]\nadd: *x\n"}, A, 2, "", "aliases"),
    Case("python_tag", {A: "add: !!python/object/apply:os.system ['true']\n"}, A, 1, "", "explicit tags"),
    Case("local_tag", {A: "add: !event [1]\n"}, A, 1, "", "!event"),
    Case("two_documents", {A: "add: []\n---\nadd: []\n"}, A, 2, "", "one YAML document"),
    Case("deep_nesting", {A: "add:" + " [" * 60 + "]" * 60 + "\n"}, A, 1, "", "nesting"),
    Case("huge_file", {A: "add: []\n#" + "x" * 1_000_100 + "\n"}, A, 1, "", "larger than"),
    Case("empty_file", {A: ""}, A, 1, "", "empty"),
    Case("top_level_list", {A: "- id: x\n"}, A, 1, "", "mapping"),
    Case("too_many_event_files", {}, "events", 1, "", "too many event files", special="many_files"),
    Case("binary_garbage", {A: bytes(range(256))}, A, 2, "", "0x80"),
    Case("control_bytes_valid_utf8", {A: bytes(range(1, 40)) + b"\n"}, A, 1, "", "U+0001"),
    # ---- lint: valid packs that cannot do what their author meant -------------------------------------------------
    Case("lint_contradictory_stats", {A: add(ev(trigger="{condition: {all: [{stat: food, op: '<', value: 100}, "
                                                        "{stat: food, op: '>', value: 200}]}}"))}, A, 4,
         "add[0].trigger.condition", "food > 200 and < 100", severity="warning", tool="lint", ok=True),
    Case("lint_flag_and_not_flag", {A: add(ev(trigger="{condition: {all: [{flag: f}, {not: {flag: f}}]}}"))}, A, 4,
         "add[0].trigger.condition", "both set and not set", severity="warning", tool="lint", ok=True),
    Case("lint_after_past_until", {A: add(ev(trigger="{until: 1944-07-01, condition: {after: 1944-07-10}}"))}, A, 4,
         "add[0].trigger.condition", "1944-07-10", severity="warning", tool="lint", ok=True),
    Case("lint_window_outside_calendar", {A: add(ev(trigger="{from: 1945-01-01}"))}, A, 4, "add[0].trigger",
         "1945-01-01", severity="warning", tool="lint", ok=True),
    Case("lint_chance_zero", {A: add(ev(trigger="{from: 1944-06-25, chance: 0}"))}, A, 4, "add[0].trigger.chance",
         "chance is 0", severity="warning", tool="lint", ok=True),
    Case("lint_arrive_at_new_place", {"positions.yaml": "add:\n" + pos(),
                                      A: add(ev(extra="    effects: [{unit: r8_1, arrive_at: new_place}]\n"))}, A, 10,
         "add[0].effects[0].arrive_at", "'new_place'", severity="warning", tool="lint", ok=True),
    Case("lint_two_sides", {A: add(ev(trigger="{condition: {all: [{controls: mt_gao}, {controls: mt_gao, side: "
                                              "japanese}]}}"))}, A, 4, "add[0].trigger.condition",
         "held by both sides", severity="warning", tool="lint", ok=True),
]
