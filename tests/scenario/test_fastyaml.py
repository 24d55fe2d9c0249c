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

from game.scenario.fastyaml import Unsupported, read_simple
from game.scenario.safeyaml import YamlProblem, _exact, check_raw_text, load_yaml
from tests.modding.corpus import CASES
from tests.strategies import yaml_documents

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

@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(yaml_documents())
@example("a: 1\nb:\n- x\n- y\nc: z\n")
@example("a:\n  b: >-\n    one\n    two\n\n    three\n")
@example("- a: |\n    x\n      y\n\n  b: [1, {c: no}]\n")
@example('q: "say \\"hi\\" \\\\ now"\n')
@example('a: {b: "x \\" y \\\\ z"}\nc: [{d: no}, {e: \'x\'}]\nf: {g: c}#x\nh: { i:  0x1F  } # n\n')
@example("a: 'it''s'\nb: [{c: ''}, {d: 'e''f'}]\n")
@example("a: 1\na: 2\n")
@example("{a: 1}\n")
def test_the_readers_agree_on_generated_documents(text: str) -> None:
    agree(text)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(yaml_documents(damage=False) | yaml_documents(damage=False, tame=True))
def test_the_readers_agree_on_undamaged_documents(text: str) -> None:
    agree(text)


def test_the_generator_reaches_both_readers() -> None:
    """The generated documents are not all sent to the exact reader (the test above would prove nothing)."""
    seen: set[str] = set()

    @settings(max_examples=300, deadline=None, database=None)
    @given(yaml_documents(damage=False))
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
    "a: {b: {c: 1}, b: {c: 2}}\n", "a: {b: [1], b: 2}\n", "a: [{b: 1}, {c: 1, c: 2}]\n",  # ... in nested flows
    "a: {b: [{c: 1}], c: {d: 1, d: 2}}\n", "a: {b: {c: 1}} # note\n", "a: [[1, 2], [3], x: 1]\n",
    "a: {b: [{c: 1}, {d: [1]}]}\n".replace("[1]", "[" * 33 + "1" + "]" * 33),  # nested past the cap
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
