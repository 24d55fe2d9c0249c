"""The built-in scenario: valid, sourced, and faithful to its seeds."""

from game.scenario.loader import load_seed_manifest
from game.scenario.quotes import clean, quote_in_seed


def test_every_quote_appears_verbatim_in_its_seed(scenario):
    _, texts = load_seed_manifest()
    quotes = []
    for e in scenario.events:
        quotes += e.sources
    for p in scenario.positions:
        quotes += p.sources
    for u in scenario.chinese:
        quotes += u.sources
    for d in scenario.disputes:
        for c in d.claims:
            quotes += c.sources
    assert len(quotes) > 100
    cleaned = {k: clean(v) for k, v in texts.items()}
    for q in quotes:  # the loader's own rule: whitespace and the seeds' wiki artefacts aside, word for word
        assert quote_in_seed(q.quote, cleaned[q.seed]), (q.seed, q.quote)


def test_scenario_size_and_coverage(scenario):
    assert len(scenario.positions) >= 25
    assert len(scenario.events) >= 60
    offensives = [p for p in scenario.periods if p.kind == "offensive" and p.id.endswith("_offensive")]
    assert [(p.start.isoformat(), p.end.isoformat()) for p in offensives] == [
        ("1944-06-28", "1944-07-02"), ("1944-07-11", "1944-07-20"), ("1944-08-04", "1944-08-08")]
    assert len(scenario.disputes) >= 5


def test_sensitive_events_have_classroom_summaries(scenario):
    tagged = [e for e in scenario.events if e.tags]
    assert tagged, "gas, atrocities and suicide must be tagged"
    for e in tagged:
        assert e.summary


def test_choices_with_history_marked(scenario):
    with_choices = [e for e in scenario.events if e.choices]
    assert len(with_choices) >= 8
    assert all(sum(c.historical for c in e.choices) == 1 for e in with_choices)


def test_event_texts_are_short_and_vivid(scenario):
    for e in scenario.events:
        assert 40 <= len(e.text.split()) <= 150, e.id


def test_quotes_may_leave_out_the_seeds_artefacts_and_nothing_else():
    _, texts = load_seed_manifest()
    seed = clean(texts["hengyang_article"])
    assert "Xiaoxia Zang () ," in texts["hengyang_article"]
    assert quote_in_seed("Xiaoxia Zang, company", seed)          # the empty brackets and the stray space go
    assert quote_in_seed("Xiaoxia Zang () , company", seed)      # ... and the artefact reproduced still matches
    assert not quote_in_seed("Xiaoxia Zhang, company", seed)     # a changed word never does
    assert not quote_in_seed("Xiaoxia Zang company", seed)       # nor a dropped comma
