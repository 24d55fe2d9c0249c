"""The fast reader agrees with the exact one: what it accepts it reads to the very same values (types, key
order and all), and everything else it leaves to the exact reader, which refuses or explains it.

Checked on generated documents (every style the fast reader handles, the YAML surprises it must not get
wrong, and random damage), on every YAML file of the repository and on every file of the broken-pack corpus.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from game.scenario.fastyaml import Unsupported, read_simple
from game.scenario.safeyaml import YamlProblem, _exact, check_raw_text, load_yaml
from tests.modding.corpus import CASES

ROOT = Path(__file__).resolve().parents[2]


def same(a: Any, b: Any) -> bool:
    """Equal, and of the same types all the way down (True is not 1, 1.0 is not 1), keys in the same order."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return a == b or (a != a and b != b)  # NaN


def agree(text: str) -> str:
    """How the two readers took `text` ("fast", "exact" or "refused"); fails when they disagree."""
    try:
        check_raw_text(text)
    except YamlProblem:
        return "refused"  # refused before either reader runs
    try:
        fast = read_simple(text)
    except Unsupported:
        try:
            _exact(text)
        except YamlProblem:
            return "refused"
        return "exact"
    try:
        data, lines = _exact(text)
    except YamlProblem as exc:
        raise AssertionError(f"the fast reader accepted what the exact one refuses ({exc.message}):\n{text}") from None
    assert not lines.bad_text, text
    assert same(fast, data), f"the readers disagree on:\n{text}\nfast:  {fast!r}\nexact: {data!r}"
    return "fast"


# --------------------------------------------------------------------------- generated documents

#: Scalars YAML 1.1 reads in surprising ways, and texts holding YAML's indicators.
TRICKY = ["yes", "No", "ON", "off", "y", "n", "true", "False", "TRUE", "~", "null", "Null", "NULL", "", "0", "-0",
          "+1", "007", "0o17", "0x1F", "0b101", "1_000", "190:20:30", "1.5", "1.", ".5", "-.5", "+.5", "1e3",
          "1.0e+3", "6.8523015e+5", ".inf", "-.Inf", ".NaN", "1944-06-23", "1944-6-3", "2001-12-14t21:59:43.10-05:00",
          "12:30", "<<", "=", "a: b", "a:b", "a :b", "a:", "a #b", "a#b", "#x", "-x", "- x", "-", "--", "---",
          "...", "?x", "? x", ":x", ": x", "&a", "*a", "!x", "!!str x", "%x", "@x", "`x", "|", ">", "'q'", '"q"',
          "it's", 'say "hi"', "x\\y", "{a}", "[a]", "a, b", "a,b", "a]", "a}", "trailing ", " leading", "ü",
          "…", "a  b", "Fine text, with: punctuation; and more.", "bench_0", "chief_of_staff", "<", ">=", "!="]
KEYS = ["a", "id", "from", "not", "any", "x1", "_x", "1", "1944", "a-b", "a.b", "true", "no", "null", "a b",
        "-a", "a:", "é", "A", "trigger", "effects"]
words = st.sampled_from(TRICKY) | st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"], exclude_characters="\u2028\u2029\ufeff")
    | st.sampled_from(" :#-'\"{}[],&*!|>\\"), max_size=12)
keys = st.sampled_from(KEYS) | st.from_regex(r"[a-z_][a-z0-9_]{0,6}", fullmatch=True)
#: Documents shaped like real content (so that many are long and valid): word keys, mostly ordinary values.
tame_words = st.sampled_from(TRICKY[:40] + ["bench_0", "food", "<", "A city smaller than its name", "40", "-3",
                                            "0.5", "1944-06-23", "true", "it's", "say \"hi\""]) | st.from_regex(
    r"[A-Za-z][A-Za-z0-9 ,.;()'-]{0,30}[A-Za-z0-9.)]", fullmatch=True)
tame_keys = st.from_regex(r"[a-z][a-z0-9_]{1,8}", fullmatch=True)


def scalar_style(value: str, draw: Any) -> str:
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
def flow(draw: Any, depth: int = 0, words: Any = words, keys: Any = keys) -> str:
    if depth >= 3 or draw(st.integers(0, 2)) == 0:
        return scalar_style(draw(words), draw)
    sep = draw(st.sampled_from([", ", ",", " , "]))
    items = draw(st.lists(flow(depth + 1, words, keys), max_size=3))
    if draw(st.booleans()):
        return "[" + sep.join(items) + "]"
    ks = draw(st.lists(keys, min_size=len(items), max_size=len(items)))
    colon = draw(st.sampled_from([": ", ": ", ":  ", ":"]))
    return "{" + sep.join(f"{k}{colon}{v}" for k, v in zip(ks, items, strict=True)) + "}"


@st.composite
def block_text(draw: Any, indent: int) -> list[str]:
    header = draw(st.sampled_from([">-", ">", "|", "|-", ">+", "|2", "> # c"]))
    width = indent + draw(st.integers(1, 3))
    lines = draw(st.lists(st.sampled_from(["word", "two words", "  more indented", "", "   ", "# not a comment",
                                           "key: value", "- item", "trailing ", "x"]), min_size=1, max_size=5))
    return [header] + [(" " * width + line) if line.strip() else line for line in lines]


@st.composite
def node(draw: Any, indent: int, depth: int = 0, words: Any = words, keys: Any = keys) -> list[str]:
    """The lines of a block node whose first line starts at column `indent` (without the indentation of the
    first line's own key, which the caller writes)."""
    kind = draw(st.sampled_from(["map", "seq"] if depth < 4 else ["map"]))
    step = draw(st.integers(1, 4))
    out: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        if draw(st.integers(0, 6)) == 0:
            out.append(" " * draw(st.integers(0, 6)) + draw(st.sampled_from(["# a comment", "", "#", "  "])))
        tame = keys is tame_keys
        if kind == "map":
            head = " " * indent + draw(keys) + (":" if tame else draw(st.sampled_from([":", ":", " :", "::"])))
        else:
            head = " " * indent + ("-" if tame else draw(st.sampled_from(["-", "-", "- -"])))
        choice = draw(st.integers(0, 5 if depth < 3 else 3))
        if choice <= 1:
            out.append(head + " " + scalar_style(draw(words), draw) + draw(st.sampled_from(["", "", " # c", "  "])))
        elif choice == 2:
            out.append(head + " " + draw(flow(0, words, keys)) + draw(st.sampled_from(["", " # c", " "])))
        elif choice == 3:
            first, *rest = draw(block_text(indent))
            out.append(head + " " + first)
            out.extend(rest)
        elif choice == 4:
            # a nested block on the next lines (a list may stand at the key's own indentation)
            same_indent = kind == "map" and draw(st.booleans())
            child = draw(node(indent if same_indent else indent + step, depth + 1, words, keys))
            out.append(head + draw(st.sampled_from(["", " # c", " "])))
            out.extend(child)
        else:
            # `- key: value` with the rest of the mapping under it
            child = draw(node(indent + 2, depth + 1, words, keys))
            first = child[0].lstrip(" ") if child else "k: v"
            out.append(head + " " + first)
            out.extend(child[1:])
    return out


@st.composite
def documents(draw: Any, damage: bool = True, tame: bool = False) -> str:
    lines = draw(node(0, 0, tame_words, tame_keys) if tame else node(0))
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


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
@example("a: 1\nb:\n- x\n- y\nc: z\n")
@example("a:\n  b: >-\n    one\n    two\n\n    three\n")
@example("- a: |\n    x\n      y\n\n  b: [1, {c: no}]\n")
@example('q: "say \\"hi\\" \\\\ now"\n')
@example("a: 1\na: 2\n")
@example("{a: 1}\n")
def test_the_readers_agree_on_generated_documents(text: str) -> None:
    agree(text)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(damage=False) | documents(damage=False, tame=True))
def test_the_readers_agree_on_undamaged_documents(text: str) -> None:
    agree(text)


def test_the_generator_reaches_both_readers() -> None:
    """The generated documents are not all sent to the exact reader (the test above would prove nothing)."""
    seen: set[str] = set()

    @settings(max_examples=300, deadline=None, database=None)
    @given(documents(damage=False))
    def probe(text: str) -> None:
        seen.add(agree(text))

    probe()
    assert {"fast", "exact"} <= seen


# --------------------------------------------------------------------------- real files

def _repo_yaml() -> list[Path]:
    return sorted(p for p in ROOT.rglob("*.yaml") if ".venv" not in p.parts and ".git" not in p.parts)


@pytest.mark.parametrize("path", _repo_yaml(), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_readers_agree_on_every_yaml_file_of_the_repository(path: Path) -> None:
    try:
        text = path.read_text(encoding="utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        pytest.skip("not UTF-8 (refused before either reader runs)")
    agree(text)


def test_the_shipped_content_takes_the_fast_path() -> None:
    """Speed is a feature: the built-in scenario's files stay inside the subset the fast reader handles."""
    for path in sorted((ROOT / "content").rglob("*.yaml")):
        assert agree(path.read_text(encoding="utf-8")) == "fast", path


def test_the_readers_agree_on_every_file_of_the_broken_pack_corpus() -> None:
    took: dict[str, int] = {}
    for case in CASES:
        for body in case.files.values():
            text = body if isinstance(body, str) else body.decode("utf-8", "replace")
            kind = agree(text.removeprefix("\ufeff"))
            took[kind] = took.get(kind, 0) + 1
    assert took.get("fast", 0) and took.get("exact", 0)


# --------------------------------------------------------------------------- what the fast reader leaves alone

@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n",                 # anchors and aliases
    "a: !!python/object/apply:os.system [ls]\n",  # tags
    "a: [*x]\n", "a: {b: &y c}\n",
    "a: 1\na: 2\n", "a: {b: 1, b: 2}\n",  # duplicate keys
    "a:\n\tb: 1\n", "a: 'x\ty'\n",      # tabs
    'a: "\\e[31m"\n', 'a: "\\u202e"\n',  # escapes (the exact reader refuses the characters, at their field)
    "a: b: c\n", "a: x\n  y\n",          # colon in plain text, text over two lines
    "a: x\n  b: y\n", "- x\n  - y\n", "a:\n  - x\n   - y\n",  # a deeper line after a value
    "--- \na: 1\n", "%YAML 1.1\n---\na: 1\n",
    "a: [1, 2\n", "a: {b: 1,}\n", "a: [1,]\n", "a: {b: }\n", "a: [{b: }]\n", "a: [{b: 1, c: }]\n",
    "a: |+\n  x\n", "a: >2\n   x\n",
    "  a: 1\n",
    "".join(" " * i + f"k{i}:\n" for i in range(35)) + " " * 35 + "x: 1\n",  # deep (the exact reader's cap)
])
def test_what_the_fast_reader_leaves_to_the_exact_one(text: str) -> None:
    with pytest.raises(Unsupported):
        read_simple(text)
    agree(text)


def test_lines_of_a_fast_document_come_from_the_exact_reader_when_asked() -> None:
    text = "add:\n  - id: x\n    trigger: {from: 1944-06-25}\n    n: [1, 2.5, no]\n    t: >-\n      a\n      b\n"
    data, lines = load_yaml(text)
    assert lines.source == text and lines.root is None  # nothing parsed twice until a line is needed
    assert data == {"add": [{"id": "x", "trigger": {"from": "1944-06-25"}, "n": [1, 2.5, False], "t": "a b"}]}
    assert lines.line_for(("add", 0, "n", 2)) == 4 and lines.line_for(("add", 0, "t")) == 5
    assert lines.raw_for(("add", 0, "n", 2)) == "no"
    exact_lines = _exact(text)[1]
    for path in [("add",), ("add", 0), ("add", 0, "trigger", "from"), ("add", 0, "n", 1)]:
        assert lines.line_for(path) == exact_lines.line_for(path)
