"""Packs a fuzzer would write: a valid event with fields removed, retyped or replaced by random values and
keys. Whatever it is, checking never raises, and every problem is located in the pack's own file, at a
line of it, as one line of text."""

from __future__ import annotations

import copy
import string

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.scenario.packs import check_packs

from .conftest import MANIFEST, QUOTE

BASE = {
    "id": "fuzz_event", "title": "A fuzzed event", "role": "commander",
    "trigger": {"from": "1944-06-25", "until": "1944-06-27", "condition": {"stat": "food", "op": "<", "value": 5}},
    "text": "This text is long enough to pass the length check here.", "priority": 50,
    "effects": [{"stock": "food", "add": -10}, {"set_flag": "fuzzed"}],
    "choices": [{"id": "a", "label": "Choice a", "effects": [{"morale": 2}]}, {"id": "b", "label": "Choice b"}],
    "historical_note": "A test.", "sources": [{"seed": "hengyang_article", "quote": QUOTE}],
}

values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-10**25, 10**25), st.floats(), st.text(max_size=20),
              st.sampled_from(["1944-02-30", "1944-07-01", "no", ".inf", "mt_gao", "r9_1", "food", "<", "=~",
                               "commander", "hengyang_article", "\x1b[31m", "\u202e", "fired"])),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.text(string.ascii_lowercase + "_", min_size=1, max_size=8), inner,
                                            max_size=3)),
    max_leaves=8)

PATHS = [("id",), ("title",), ("role",), ("trigger",), ("trigger", "from"), ("trigger", "condition"),
         ("trigger", "condition", "op"), ("trigger", "condition", "value"), ("text",), ("priority",),
         ("effects",), ("effects", 0), ("effects", 0, "add"), ("effects", 1), ("choices",), ("choices", 0, "id"),
         ("choices", 1), ("choices", 0, "effects", 0), ("sources",), ("sources", 0, "quote"),
         ("sources", 0, "seed"), ("historical_note",)]


def _set(doc, path, value, delete):
    node = doc
    for p in path[:-1]:
        node = node[p]
    if delete:
        del node[path[-1]]
    else:
        node[path[-1]] = value


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(PATHS), values, st.booleans()), min_size=1, max_size=3),
       st.dictionaries(st.text(string.ascii_lowercase, min_size=1, max_size=6), values, max_size=2))
def test_fuzzed_packs_give_located_errors(tmp_path_factory, edits, extra):
    ev = copy.deepcopy(BASE)
    for path, value, delete in edits:
        try:
            _set(ev, path, value, delete)
        except (KeyError, IndexError, TypeError):
            continue
    ev.update(extra)
    root = tmp_path_factory.mktemp("fuzz")
    pack = root / "fuzz"
    (pack / "events").mkdir(parents=True)
    (pack / "pack.yaml").write_text(MANIFEST.format(id="fuzz", extra=""))
    text = yaml.safe_dump({"add": [ev]}, allow_unicode=True)
    (pack / "events" / "f.yaml").write_text(text, encoding="utf-8")
    n_lines = text.count("\n") + 1
    rep = check_packs(None, [pack])
    for e in rep.errors + rep.warnings:
        assert "\n" not in e.message
        if e.file.endswith("events/f.yaml"):
            assert 1 <= e.line <= n_lines, (e, text)
        else:
            assert str(pack) in e.file or e.file.startswith("content/"), e
