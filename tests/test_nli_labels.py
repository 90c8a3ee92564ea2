"""nli.label_columns: the model's id2label decides which output column is which, in any order or case."""

from __future__ import annotations

import numpy as np
import pytest

from narratives.errors import ModelError
from narratives.nli import LABELS, label_columns


def test_labels_order_is_entailment_neutral_contradiction() -> None:
    assert LABELS == ("entailment", "neutral", "contradiction")


@pytest.mark.parametrize(("id2label", "columns"), [
    ({0: "entailment", 1: "neutral", 2: "contradiction"}, [0, 1, 2]),
    ({0: "contradiction", 1: "neutral", 2: "entailment"}, [2, 1, 0]),  # cross-encoder/nli-* order
    ({0: "CONTRADICTION", 1: "NEUTRAL", 2: "ENTAILMENT"}, [2, 1, 0]),  # roberta-large-mnli
    ({0: "Entailment", 1: "Contradiction", 2: "Neutral"}, [0, 2, 1]),
    ({"0": "neutral", "1": "entailment", "2": "contradiction"}, [1, 0, 2]),  # keys as strings, as in config.json
    ({0: " entailment ", 1: "neutral", 2: "contradiction "}, [0, 1, 2]),
    ({0: "ENTAIL", 1: "NEUTRAL", 2: "CONTRADICT"}, [0, 1, 2]),
])
def test_columns_follow_id2label(id2label: dict, columns: list[int]) -> None:
    assert label_columns(id2label) == columns


def test_columns_reorder_logits_into_labels_order() -> None:
    columns = label_columns({0: "contradiction", 1: "neutral", 2: "entailment"})
    model_row = np.array([0.7, 0.2, 0.1])  # the model's own order: contradiction first
    assert dict(zip(LABELS, model_row[columns])) == {"entailment": 0.1, "neutral": 0.2, "contradiction": 0.7}


def test_two_way_entailment_contradiction_has_no_neutral_column() -> None:
    assert label_columns({0: "entailment", 1: "contradiction"}) == [0, -1, 1]


@pytest.mark.parametrize(("id2label", "missing"), [
    ({0: "entailment", 1: "not_entailment"}, "contradiction"),
    ({0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"}, "entailment"),
    ({0: "neutral", 1: "contradiction"}, "entailment"),
])
def test_missing_label_raises_model_error_naming_it(id2label: dict, missing: str) -> None:
    with pytest.raises(ModelError, match=missing) as raised:
        label_columns(id2label)
    assert str(raised.value).startswith("[N200]")
    assert "id2label" in str(raised.value)


def test_two_way_error_lists_the_labels_the_model_has() -> None:
    with pytest.raises(ModelError) as raised:
        label_columns({0: "entailment", 1: "not_entailment"})
    message = str(raised.value)
    assert "not_entailment" in message
    assert "['contradiction']" in message
