"""The hardened reader reads what PyYAML's safe loader reads (dates left as text), remembers the line of
every value, and never raises anything but YamlProblem."""

from __future__ import annotations

import datetime as dt

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from game.scenario.safeyaml import YamlProblem, load_yaml

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**30, 10**30),
    st.floats(allow_nan=False, allow_infinity=True),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=30),
    st.sampled_from(["no", "yes", "on", "off", "~", "1944-06-23", "012", "0x1f", "1:30", "1_000", ".5", "-.inf"]),
)
keys = st.text("abcdefghij_", min_size=1, max_size=8)
docs = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                     st.dictionaries(keys, inner, max_size=4)), max_leaves=25)


def _dates_as_text(x):
    if isinstance(x, dt.date):
        return x.isoformat()
    if isinstance(x, dict):
        return {str(k): _dates_as_text(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_dates_as_text(v) for v in x]
    return x


def _same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float) and a != a:
        return b != b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return a == b and type(a) is type(b)


@settings(max_examples=300, deadline=None)
@given(docs, st.booleans())
def test_reads_what_pyyaml_reads(doc, flow):
    text = yaml.safe_dump({"root": doc}, default_flow_style=flow, allow_unicode=True)
    want = _dates_as_text(yaml.safe_load(text))
    try:
        got, _ = load_yaml(text)
    except YamlProblem as exc:  # only for what the reader refuses on purpose
        assert "not allowed" in exc.message, exc.message
        return
    assert _same(got, want), (text, got, want)


@settings(max_examples=200, deadline=None)
@given(docs)
def test_every_value_has_its_line(doc):
    text = yaml.safe_dump({"root": doc}, default_flow_style=False, allow_unicode=True)
    try:
        data, lines = load_yaml(text)
    except YamlProblem:
        return
    node = yaml.compose(text)

    def walk(n, path):
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                p = (*path, k.value)
                assert lines.line_for(p) == k.start_mark.line + 1, (text, p)
                walk(v, p)
        elif isinstance(n, yaml.SequenceNode):
            for i, v in enumerate(n.value):
                p = (*path, i)
                assert lines.line_for(p) == v.start_mark.line + 1, (text, p)
                walk(v, p)

    walk(node, ())


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_is_read_or_refused_cleanly(text):
    try:
        load_yaml(text)
    except YamlProblem:
        pass


def _pyyaml_plain(value: str):
    """How PyYAML types a plain scalar (its own resolver and constructor), dates left as text."""
    tag = yaml.resolver.Resolver().resolve(yaml.ScalarNode, value, (True, False))
    node = yaml.ScalarNode(tag, value)
    ctor = yaml.constructor.SafeConstructor()
    if tag.endswith((":int", ":float", ":bool", ":null")):
        return ctor.construct_object(node)
    return value


@settings(max_examples=1000, deadline=None)
@given(st.from_regex(r"[0-9]{1,6}", fullmatch=True) | st.text(alphabet="0123456789+-._:eE٣xXoObB", min_size=1,
                                                             max_size=8))
def test_plain_scalars_are_typed_as_pyyaml_types_them(value: str) -> None:
    from game.scenario.scalars import plain_scalar

    want = _pyyaml_plain(value)
    assert _same(plain_scalar(value), want), (value, want)


def test_every_screened_character_is_unprintable() -> None:
    """load_yaml skips the screening expression for a text that is printable but for its line breaks: sound
    only while every character the expression looks for is one `str.isprintable` refuses."""
    from game.scenario.safeyaml import _SCREEN

    screened = [chr(c) for c in range(0x110000) if _SCREEN.match(chr(c))]
    assert len(screened) > 70  # the C0 and C1 controls, DEL, bidi controls, separators, BOM, non-characters
    assert not [c for c in screened if c.isprintable()]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab \n–衡\u00a0\t\r\u202e\u2028\ufeff\x85\x1b\ufffe"), max_size=12))
def test_the_screen_shortcut_agrees_with_the_expression(body: str) -> None:
    """A text with any screened character is refused or left to the exact reader whichever way it is screened."""
    text = f"a: x{body}y\n"
    try:
        _, lines = load_yaml(text)
    except YamlProblem:
        return  # refused: only for a screened character
    from game.scenario.safeyaml import _SCREEN

    fast = lines.source is not None  # read by the fast reader (its lines found later)
    assert not (fast and _SCREEN.search(text)), repr(text)
