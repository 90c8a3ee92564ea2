"""Hypothesis-only bias check for the NLI training mix.

    python -m models.hypothesis_only --data ../shared/data/nli

A bag-of-words classifier that never sees the premise is trained on the mix's hypotheses and
scored on MultiNLI dev-matched hypotheses. Accuracy far above 1/3 means labels leak through
wording alone ("not", "never" → contradiction), which a fine-tuned model can learn instead of
inference; the per-source table shows which parts of the mix carry most of that leak.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

from models.data_root import add_data_argument
from models.nli_data import build_training_mix, mnli_matched


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_data_argument(parser)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split

    train, _ = build_training_mix(args.data, seed=args.seed)
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    features = vectorizer.fit_transform([p.hypothesis for p in train])
    labels = [p.label for p in train]
    held = list(range(len(train)))
    fit_rows, held_rows = train_test_split(held, test_size=0.1, random_state=args.seed)
    classifier = LogisticRegression(max_iter=1000).fit(features[fit_rows], [labels[i] for i in fit_rows])
    # Per source: accuracy on held-out rows of the mix, i.e. how guessable each source's labels are.
    predicted = classifier.predict(features[held_rows])
    per_source: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row, guess in zip(held_rows, predicted):
        per_source[train[row].source][0] += guess == labels[row]
        per_source[train[row].source][1] += 1
    matched = mnli_matched(args.data)
    mnli_accuracy = float((classifier.predict(vectorizer.transform([p.hypothesis for p in matched]))
                           == [p.label for p in matched]).mean())
    report = {
        "mnli_dev_matched_hypothesis_only_accuracy": round(mnli_accuracy, 4),
        "held_out_mix_accuracy_by_source": {k: round(c / n, 3) for k, (c, n) in sorted(per_source.items())},
    }
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
