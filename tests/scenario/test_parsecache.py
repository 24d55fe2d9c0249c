"""The parse cache gives the same documents as a full parse, and never lets a tampered entry through."""

from __future__ import annotations

from pathlib import Path

from game.scenario import parsecache
from game.scenario.documents import read_document

TEXT = 'add:\n  - id: x\n    title: "A title"\n    when: 1944-06-25\n    n: [1, 2.5, no]\n'


def test_warm_parse_equals_cold(tmp_path, monkeypatch):
    monkeypatch.setenv("HENGYANG_CACHE_DIR", str(tmp_path / "cache"))
    f = tmp_path / "a.yaml"
    f.write_text(TEXT, encoding="utf-8")
    cold, cold_errs = read_document(f, "a.yaml")
    assert parsecache.get(f.read_bytes(), f.read_text(encoding="utf-8")) is not None
    warm, warm_errs = read_document(f, "a.yaml")
    assert warm.data == cold.data and [str(e) for e in warm_errs] == [str(e) for e in cold_errs]
    assert warm_errs == []
    for path in [("add", 0, "n", 2), ("add", 0, "when"), ("add", 0)]:
        assert warm.lines.line_for(path) == cold.lines.line_for(path)
    assert warm.lines.raw_for(("add", 0, "n", 2)) == "no" == cold.lines.raw_for(("add", 0, "n", 2))


def test_a_file_with_refused_text_is_never_cached(tmp_path, monkeypatch):
    monkeypatch.setenv("HENGYANG_CACHE_DIR", str(tmp_path / "cache"))
    f = tmp_path / "e.yaml"
    f.write_text('title: "A \\e title"\n', encoding="utf-8")
    for _ in range(2):
        _, errs = read_document(f, "e.yaml")
        assert [str(e) for e in errs] == ["e.yaml:1: title: character U+001B (ESC) is not allowed in text"]
    assert parsecache.get(f.read_bytes(), f.read_text(encoding="utf-8")) is None


def test_tampered_or_broken_entries_are_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("HENGYANG_CACHE_DIR", str(tmp_path / "cache"))
    f = tmp_path / "b.yaml"
    f.write_text("title: plain\n", encoding="utf-8")
    read_document(f, "b.yaml")
    entry = next(Path(tmp_path / "cache").rglob("*.json"))
    body = entry.read_text(encoding="ascii")
    entry.write_text(body.replace("plain", "\\u001b[31mred"), encoding="ascii")
    doc, errs = read_document(f, "b.yaml")
    assert doc.data == {"title": "plain"} and errs == []
    entry.write_text(body.replace("plain", "\u202eplain"), encoding="utf-8")  # a raw bidi override, not escaped
    doc, errs = read_document(f, "b.yaml")
    assert doc.data == {"title": "plain"} and errs == []
    entry.write_text("not json", encoding="ascii")
    assert read_document(f, "b.yaml")[0].data == {"title": "plain"}


def test_no_cache_means_no_entries(tmp_path, monkeypatch):
    monkeypatch.setenv("HENGYANG_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("HENGYANG_NO_CACHE", "1")
    f = tmp_path / "c.yaml"
    f.write_text("title: plain\n", encoding="utf-8")
    read_document(f, "c.yaml")
    assert not (tmp_path / "cache").exists()
