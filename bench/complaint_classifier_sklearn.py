#!/usr/bin/env python3
"""make bench, section 11: scikit-learn's MultinomialNB timed on the same data as zq's classifier.

The same labelled set (src/complaint/testdata/: 1,500 training rows, 500 held out) and the same
model as scripts/complaint_classifier_reference.py: CountVectorizer(tokenizer=str.split) +
MultinomialNB(alpha=1) over the `tokens` column, the words zq's ICU tokenizer gave each text. So
scikit-learn is spared the segmentation that zq's figures include (ICU words + naive Bayes). Prints
the median of several rounds for training and for classifying the held-out texts, as one batch
(scikit-learn's best case) and one text at a time (as intake classifies a case), and the accuracy.
Runs with Debian's python3-sklearn (/usr/bin/python3). Usage:
  bench/complaint_classifier_sklearn.py TRAIN.csv TEST.csv [ROUNDS]
"""

import csv
import statistics
import sys
import time

import sklearn
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.naive_bayes import MultinomialNB


def read(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def median_seconds(rounds, run):
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    train, test = read(sys.argv[1]), read(sys.argv[2])
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    tokens = [r["tokens"] for r in train]
    labels = [r["label"] for r in train]
    held_out = [r["tokens"] for r in test]
    fitted = {}

    def fit():
        vectorizer = CountVectorizer(tokenizer=str.split, lowercase=False, token_pattern=None)
        model = MultinomialNB(alpha=1.0).fit(vectorizer.fit_transform(tokens), labels)
        fitted["v"], fitted["m"] = vectorizer, model

    train_s = median_seconds(rounds, fit)
    vectorizer, model = fitted["v"], fitted["m"]
    batch_s = median_seconds(rounds, lambda: model.predict(vectorizer.transform(held_out)))
    one_s = median_seconds(max(1, rounds // 4),
                           lambda: [model.predict(vectorizer.transform([t])) for t in held_out])
    predicted = model.predict(vectorizer.transform(held_out))
    right = sum(r["label"] == p for r, p in zip(test, predicted))
    n = len(held_out)
    print(f"scikit-learn {sklearn.__version__} MultinomialNB on the tokens column "
          f"(median of {rounds} rounds):")
    print(f"  training on {len(train)} rows: {train_s * 1e3:.1f} ms")
    print(f"  classifying {n} texts as one batch: {n / batch_s / 1e3:.1f} k texts/s")
    print(f"  classifying {n} texts one at a time: {n / one_s / 1e3:.2f} k texts/s")
    print(f"  held-out accuracy: {right}/{n} = {right / n:.4f}")


if __name__ == "__main__":
    main()
