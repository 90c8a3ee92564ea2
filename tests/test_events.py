"""events.EventClusterer and build_events on hand-made vectors and articles."""

from __future__ import annotations

import numpy as np
import pytest

from narratives.events import EventClusterer, build_events
from narratives.types import Article, Claim, content_id


def near(axis: int, wobble: float, dim: int = 4) -> np.ndarray:
    vector = np.zeros(dim)
    vector[axis] = 1.0
    vector[(axis + 1) % dim] = wobble
    return vector / np.linalg.norm(vector)


def same(n: int) -> np.ndarray:
    return np.tile(near(0, 0.0), (n, 1))


def test_two_tight_groups_split() -> None:
    vectors = np.array([near(0, 0.0), near(0, 0.1), near(0, -0.1), near(2, 0.0), near(2, 0.1), near(2, -0.1)])
    dates = ["2023-05-22", "2023-05-23", "2023-05-23", "2023-06-06", "2023-06-06", "2023-06-07"]
    labels = EventClusterer().fit(vectors, dates).labels_
    assert labels.tolist() == [0, 0, 0, 1, 1, 1]


def test_labels_renumbered_by_first_appearance() -> None:
    vectors = np.array([near(2, 0.0), near(0, 0.0), near(2, 0.1), near(1, 0.0), near(0, 0.1)])
    labels = EventClusterer().fit(vectors, [None] * 5).labels_
    assert labels.tolist() == [0, 1, 0, 2, 1]


def test_single_and_empty_inputs() -> None:
    assert EventClusterer().fit(same(1), ["2023-05-23"]).labels_.tolist() == [0]
    assert EventClusterer().fit(np.zeros((0, 4)), []).labels_.tolist() == []


@pytest.mark.parametrize(("second", "together"), [("2023-03-01", True), ("2023-03-03", False)])
def test_max_days_apart_is_a_hard_limit(second: str, together: bool) -> None:
    # 2023-01-01 to 2023-03-01 is 59 days, to 2023-03-03 is 61 days
    labels = EventClusterer(max_days_apart=60).fit(same(2), ["2023-01-01", second]).labels_
    assert bool(labels[0] == labels[1]) is together


def test_far_apart_articles_with_one_bridge_stay_apart() -> None:
    labels = EventClusterer(max_days_apart=60).fit(same(3), ["2023-01-01", "2023-01-31", "2023-03-12"]).labels_
    assert labels[0] != labels[2]


def test_far_apart_articles_with_many_bridges_stay_apart() -> None:
    dates = ["2023-01-01"] + ["2023-01-31"] * 9 + ["2023-03-12"]
    labels = EventClusterer(max_days_apart=60).fit(same(11), dates).labels_
    assert labels[0] != labels[-1]


def test_undated_articles_can_join() -> None:
    labels = EventClusterer(max_days_apart=60).fit(same(3), [None, "2023-05-23", None]).labels_
    assert labels.tolist() == [0, 0, 0]
    labels = EventClusterer(max_days_apart=60).fit(same(3), ["2022-01-01", None, "2023-05-23"]).labels_
    assert labels[0] != labels[2]  # the undated one cannot bridge a hard limit between two dated ones


def test_day_penalty_can_split_borderline_articles() -> None:
    vectors = np.array([near(0, 0.0), near(0, 0.9)])  # cosine ≈ 0.74
    assert EventClusterer(min_similarity=0.7, day_penalty=0.001).fit(vectors, ["2023-01-01", "2023-01-31"]).labels_.tolist() == [0, 0]
    assert EventClusterer(min_similarity=0.7, day_penalty=0.01).fit(vectors, ["2023-01-01", "2023-01-31"]).labels_.tolist() == [0, 1]


# --- build_events ------------------------------------------------------------------------------

ARTICLES = [
    Article(id="belgorod-aj", text="", outlet="Al Jazeera", published="2023-05-23"),
    Article(id="kakhovka-wd", text="", outlet="Wire Desk", published="2023-06-06"),
    Article(id="belgorod-kyiv", text="", outlet="Kyiv Independent", published="2023-05-22"),
    Article(id="undated", text="", outlet="Blog"),
]
SENTENCES = {
    "belgorod-aj": ["Vyacheslav Gladkov said a sabotage group entered Graivoron.",
                    "Dmitry Peskov said the saboteurs would be pushed out of Graivoron."],
    "kakhovka-wd": ["The Kakhovka dam gave way and flooded Kherson."],
    "belgorod-kyiv": ["Mykhailo Podolyak said Ukraine had nothing to do with the Graivoron raid."],
    "undated": ["Commentators argued about the Nord Stream pipelines."],
}


def claims_for(articles: list[Article]) -> list[Claim]:
    out = []
    for article in articles:
        for n, text in enumerate(SENTENCES[article.id]):
            out.append(Claim(id=content_id(article.id, str(n)), article_id=article.id, text=text, start=0,
                             end=len(text), speaker=None, outlet=article.outlet))
    return out


def test_build_events_groups_labels_and_orders() -> None:
    claims = claims_for(ARTICLES)
    events = build_events(ARTICLES, claims, [0, 1, 0, 2])
    assert [e.article_ids for e in events] == [("belgorod-aj", "belgorod-kyiv"), ("kakhovka-wd",), ("undated",)]
    belgorod, kakhovka, undated = events
    assert belgorod.first_date == "2023-05-22" and belgorod.last_date == "2023-05-23"
    assert belgorod.label.endswith("(2023-05-22 to 2023-05-23)")
    assert belgorod.label.startswith("Graivoron")  # the name every Belgorod claim shares ranks first
    assert "Graivoron" in belgorod.keywords
    assert kakhovka.label.endswith("(2023-06-06)")
    assert undated.first_date is None and undated.last_date is None
    assert set(belgorod.claim_ids) == {c.id for c in claims if c.article_id.startswith("belgorod")}
    assert belgorod.id == "E" + content_id("belgorod-aj", "belgorod-kyiv", length=10)


def test_undated_event_label_says_undated() -> None:
    (event,) = build_events(ARTICLES[3:], claims_for(ARTICLES[3:]), [0])
    assert event.label.endswith("(undated)")


def test_build_events_ids_are_stable_and_order_free() -> None:
    first = build_events(ARTICLES, claims_for(ARTICLES), [0, 1, 0, 2])
    again = build_events(ARTICLES, claims_for(ARTICLES), [0, 1, 0, 2])
    assert first == again
    order = [3, 2, 1, 0]
    moved = [ARTICLES[i] for i in order]
    relabelled = build_events(moved, claims_for(moved), [5, 0, 9, 0])  # other label numbers, same groups
    assert [(e.id, e.label, e.article_ids, set(e.claim_ids)) for e in relabelled] == \
           [(e.id, e.label, e.article_ids, set(e.claim_ids)) for e in first]


# --- memory: the clustering of many small articles ---------------------------------------------


def many_articles(n: int, seed: int = 0) -> tuple[np.ndarray, list[str | None], list[str]]:
    """n short articles on 20 topics and 10 towns, over four months, some undated, some duplicated."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(20, 64))
    vectors = np.vstack([centres[i % 20] + 0.5 * rng.normal(size=64) for i in range(n)]).astype(np.float32)
    vectors[5::11] = vectors[4::11][: len(vectors[5::11])]  # exact ties for the linkage
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    towns = ["Kherson", "Bakhmut", "Avdiivka", "Belgorod", "Kharkiv", "Odesa", "Lviv", "Sumy", "Donetsk", "Mariupol"]
    texts = [f"Officials in {towns[i % 10]} said {i % 50} people were hurt when a missile hit the centre."
             for i in range(n)]
    dates = [None if i % 9 == 0 else f"2023-{1 + i % 4:02d}-{1 + i % 28:02d}" for i in range(n)]
    return vectors, dates, texts


@pytest.mark.parametrize("with_texts", [True, False])
def test_labels_are_those_of_scikit_learns_average_linkage_on_the_same_distances(with_texts: bool) -> None:
    from sklearn.cluster import AgglomerativeClustering

    from narratives.events import _ordinals

    vectors, dates, texts = many_articles(600, seed=1)
    texts = texts if with_texts else None
    clusterer = EventClusterer(min_similarity=0.55)
    raw = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                  distance_threshold=0.45).fit_predict(clusterer.distances(vectors, dates, texts))
    order: dict = {}
    expected = [order.setdefault(label, len(order)) for label in clusterer._split_long_spans(raw, _ordinals(dates))]
    labels = clusterer.fit(vectors, dates, texts).labels_.tolist()
    assert labels == expected and 20 < len(set(labels)) < 600


def test_clustering_needs_about_twelve_bytes_per_pair_of_articles() -> None:
    import tracemalloc

    n = 2500
    vectors, dates, texts = many_articles(n)
    EventClusterer().fit(vectors[:50], dates[:50], texts[:50])  # imports outside the measurement
    tracemalloc.start()
    try:
        EventClusterer().fit(vectors, dates, texts)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # 33 bytes per pair through scikit-learn (its copies, n² index arrays, dense temporaries):
    # 3.3 GB for 10,000 articles. Now the float32 cosines and the condensed float64 distances.
    assert peak / n**2 < 18
