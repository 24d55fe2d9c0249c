"""Shared hypothesis strategies: orders over the built-in scenario's ids (legal and illegal alike), and YAML
documents in the styles content files are written in (for the two YAML readers)."""

from __future__ import annotations

from functools import cache
from typing import Any

from hypothesis import strategies as st

from game.rules import orders as o
from game.rules.world import World, compile_world
from game.scenario.loader import load_scenario


@cache
def built_in_world() -> World:
    """The compiled built-in scenario (loaded once per test session)."""
    return compile_world(load_scenario())


def orders_strategy(world: World) -> st.SearchStrategy[object]:
    """Any order the staff could type, including ones the rules must refuse."""
    units = st.sampled_from(sorted(world.unit_names) + ["no_such_unit"])
    places = st.sampled_from(sorted(world.places) + ["nowhere"])
    sectors = st.sampled_from(list(world.sectors) + ["moon"])
    teams = st.sampled_from(list(o.TEAMS))
    events = st.sampled_from(sorted(world.event_by_id))
    return st.one_of(
        st.builds(o.Reinforce, units, places),
        st.builds(o.Withdraw, units, places),
        st.builds(o.Counterattack, units, places),
        st.builds(o.Raid, units, sectors),
        st.builds(o.Rest, units),
        st.builds(o.SetDoctrine, st.sampled_from(list(o.DOCTRINES))),
        st.builds(o.AssignVolunteers, teams, teams, st.integers(-10, 8000)),
        st.builds(o.RepairWorks, places),
        st.builds(o.RequestAirSupply, st.sampled_from(["drop", "strike"]), st.one_of(st.none(), sectors)),
        st.builds(o.Triage, st.sampled_from(["standard", "light_first"])),
        st.builds(o.Quarantine, st.booleans()),
        st.builds(o.Inspect, places),
        st.builds(o.Consult, st.sampled_from([r.id for r in world.scenario.roles] + ["nobody"])),
        st.builds(o.Choose, events, st.sampled_from(["a", "adopt", "soldier_on", "seek_ceasefire"])),
        st.just(o.Breakout()),
        st.just(o.Ceasefire()),
    )


#: Anything a strategy file might put in an order's field: the wrong type, NaN, a fraction, a list.
anything = st.one_of(st.none(), st.booleans(), st.integers(-3, 10_000), st.floats(allow_nan=True),
                     st.text(max_size=12), st.lists(st.integers(), max_size=2))


def malformed_orders(world: World) -> st.SearchStrategy[object]:
    """An order of any kind with one field replaced by anything at all (a strategy file is untyped)."""
    import dataclasses

    def swap(order: object, value: object, which: int) -> object:
        names = [f.name for f in dataclasses.fields(order) if f.name != "kind"]  # type: ignore[arg-type]
        if not names:
            return order
        return dataclasses.replace(order, **{names[which % len(names)]: value})  # type: ignore[type-var]

    return st.builds(swap, orders_strategy(world), anything, st.integers(0, 3))


def day_orders(world: World) -> st.SearchStrategy[list[object]]:
    """A day's worth of orders."""
    return st.lists(orders_strategy(world), max_size=6)


# --------------------------------------------------------------------------- YAML documents

#: Scalars YAML 1.1 reads in surprising ways, and texts holding YAML's indicators.
YAML_TRICKY = ["yes", "No", "ON", "off", "y", "n", "true", "False", "TRUE", "~", "null", "Null", "NULL", "", "0", "-0",
    "+1", "007", "0o17", "0x1F", "0b101", "1_000", "190:20:30", "1.5", "1.", ".5", "-.5", "+.5", "1e3",
    "1.0e+3", "6.8523015e+5", ".inf", "-.Inf", ".NaN", "1944-06-23", "1944-6-3", "2001-12-14t21:59:43.10-05:00",
    "12:30", "<<", "=", "a: b", "a:b", "a :b", "a:", "a #b", "a#b", "#x", "-x", "- x", "-", "--", "---",
    "...", "?x", "? x", ":x", ": x", "&a", "*a", "!x", "!!str x", "%x", "@x", "`x", "|", ">", "'q'", '"q"',
    "it's", 'say "hi"', "x\\y", "{a}", "[a]", "a, b", "a,b", "a]", "a}", "trailing ", " leading", "ü",
    "…", "a  b", "Fine text, with: punctuation; and more.", "bench_0", "chief_of_staff", "<", ">=", "!="]
YAML_KEYS = ["a", "id", "from", "not", "any", "x1", "_x", "1", "1944", "a-b", "a.b", "true", "no", "null", "a b",
    "-a", "a:", "é", "A", "trigger", "effects"]
yaml_words = st.sampled_from(YAML_TRICKY) | st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"], exclude_characters="\u2028\u2029\ufeff")
    | st.sampled_from(" :#-'\"{}[],&*!|>\\"), max_size=12)
yaml_keys = st.sampled_from(YAML_KEYS) | st.from_regex(r"[a-z_][a-z0-9_]{0,6}", fullmatch=True)
#: Documents shaped like real content (so that many are long and valid): word keys, mostly ordinary values.
yaml_tame_words = st.sampled_from(
    YAML_TRICKY[:40] + ["bench_0", "food", "<", "A city smaller than its name", "40", "-3", "0.5", "1944-06-23", "true",
                        "it's", "say \"hi\""]) | st.from_regex(r"[A-Za-z][A-Za-z0-9 ,.;()'-]{0,30}[A-Za-z0-9.)]",
                                                               fullmatch=True)
yaml_tame_keys = st.from_regex(r"[a-z][a-z0-9_]{1,8}", fullmatch=True)


def yaml_scalar_style(value: str, draw: Any) -> str:
    """`value` written plain, single- or double-quoted (plain may well not be valid YAML: then both readers
    must still agree)."""
    style = draw(st.sampled_from(["plain", "plain", "plain", "single", "double", "double_esc"]))
    if style == "single":
        return "'" + value.replace("'", "''") + "'"
    if style == "double":
        return '"' + value.replace('"', "") + '"'
    if style == "double_esc":
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return value


@st.composite
def yaml_flow(draw: Any, depth: int = 0, words: Any = yaml_words, keys: Any = yaml_keys) -> str:
    """A flow collection (or a scalar), up to three deep."""
    if depth >= 3 or draw(st.integers(0, 2)) == 0:
        return yaml_scalar_style(draw(words), draw)
    sep = draw(st.sampled_from([", ", ",", " , "]))
    items = draw(st.lists(yaml_flow(depth + 1, words, keys), max_size=3))
    if draw(st.booleans()):
        return "[" + sep.join(items) + "]"
    ks = draw(st.lists(keys, min_size=len(items), max_size=len(items)))
    colon = draw(st.sampled_from([": ", ": ", ":  ", ":"]))
    return "{" + sep.join(f"{k}{colon}{v}" for k, v in zip(ks, items, strict=True)) + "}"


@st.composite
def yaml_block_text(draw: Any, indent: int) -> list[str]:
    """A block text's header and lines, kept or not, some of them wrong on purpose."""
    header = draw(st.sampled_from([">-", ">", "|", "|-", ">+", "|2", "> # c"]))
    width = indent + draw(st.integers(1, 3))
    lines = draw(st.lists(st.sampled_from(["word", "two words", "  more indented", "", "   ", "# not a comment",
                                           "key: value", "- item", "trailing ", "x"]), min_size=1, max_size=5))
    return [header] + [(" " * width + line) if line.strip() else line for line in lines]


@st.composite
def yaml_node(draw: Any, indent: int, depth: int = 0, words: Any = yaml_words, keys: Any = yaml_keys) -> list[str]:
    """The lines of a block node whose first line starts at column `indent` (without the indentation of the
    first line's own key, which the caller writes)."""
    kind = draw(st.sampled_from(["map", "seq"] if depth < 4 else ["map"]))
    step = draw(st.integers(1, 4))
    out: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        if draw(st.integers(0, 6)) == 0:
            out.append(" " * draw(st.integers(0, 6)) + draw(st.sampled_from(["# a comment", "", "#", "  "])))
        tame = keys is yaml_tame_keys
        if kind == "map":
            head = " " * indent + draw(keys) + (":" if tame else draw(st.sampled_from([":", ":", " :", "::"])))
        else:
            head = " " * indent + ("-" if tame else draw(st.sampled_from(["-", "-", "- -"])))
        choice = draw(st.integers(0, 5 if depth < 3 else 3))
        if choice <= 1:
            tail = draw(st.sampled_from(["", "", " # c", "  ", "#c"]))
            out.append(head + " " + yaml_scalar_style(draw(words), draw) + tail)
        elif choice == 2:
            out.append(head + " " + draw(yaml_flow(0, words, keys)) + draw(st.sampled_from(["", " # c", " ", "#c"])))
        elif choice == 3:
            first, *rest = draw(yaml_block_text(indent))
            out.append(head + " " + first)
            out.extend(rest)
        elif choice == 4:
            # a nested block on the next lines (a list may stand at the key's own indentation)
            same_indent = kind == "map" and draw(st.booleans())
            child = draw(yaml_node(indent if same_indent else indent + step, depth + 1, words, keys))
            out.append(head + draw(st.sampled_from(["", " # c", " "])))
            out.extend(child)
        else:
            # `- key: value` with the rest of the mapping under it
            child = draw(yaml_node(indent + 2, depth + 1, words, keys))
            first = child[0].lstrip(" ") if child else "k: v"
            out.append(head + " " + first)
            out.extend(child[1:])
    return out


@st.composite
def yaml_documents(draw: Any, damage: bool = True, tame: bool = False) -> str:
    """A YAML document in the styles content is written in (block mappings and lists, plain, quoted,
    block and flow values, comments), the scalars YAML 1.1 reads in surprising ways, and, with `damage`,
    random damage: for comparing the fast reader with the exact one (tests/scenario/test_fastyaml.py)."""
    lines = draw(yaml_node(0, 0, yaml_tame_words, yaml_tame_keys) if tame else yaml_node(0))
    text = "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n", "\n# end\n"]))
    if draw(st.integers(0, 4)) == 0:
        text = text.replace("\n", "\r\n")
    if not damage:
        return text
    if draw(st.integers(0, 2)) == 0:  # a line moved left or right
        rows = text.split("\n")
        at = draw(st.integers(0, len(rows) - 1))
        shift = draw(st.integers(-2, 3))
        rows[at] = " " * shift + rows[at] if shift > 0 else rows[at][-shift:]
        text = "\n".join(rows)
    for _ in range(draw(st.integers(0, 2))):  # random damage
        if text:
            at = draw(st.integers(0, len(text) - 1))
            text = text[:at] + draw(st.sampled_from(" :-#'\"{}[],\n>|&*!\t\\ ")) + text[at + draw(st.integers(0, 1)):]
    return text
