#!/usr/bin/env python3
"""The reference for `zq complaint classifier`: scikit-learn's MultinomialNB on the same tokens.

Reads the labelled set of src/complaint/testdata/ (the `tokens` column, words joined by spaces as
`zq complaint classifier tokenize` writes them), fits CountVectorizer(tokenizer=str.split) +
MultinomialNB(alpha) on the training part, predicts the held-out part and writes
id,label,predicted_label (the fixture src/complaint/testdata/sklearn_predictions.csv that
classifier_reference_test.cc compares zq with, row by row). Prints the accuracy and the versions.
A reference for tests and benchmarks only: zq never runs it, and `make test` does not need
scikit-learn (Debian: apt-get install python3-sklearn). Usage:
  scripts/complaint_classifier_reference.py TRAIN.csv TEST.csv --out PREDICTIONS.csv [--bigrams]
"""

import argparse
import csv
import sys

import numpy
import sklearn
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.naive_bayes import MultinomialNB


def read(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("train")
    parser.add_argument("test")
    parser.add_argument("--out", required=True)
    parser.add_argument("--alpha", type=float, default=1.0)
    parser.add_argument("--bigrams", action="store_true",
                        help="also adjacent word pairs (zq's --bigrams)")
    args = parser.parse_args()
    train, test = read(args.train), read(args.test)
    # lowercase=False: zq's tokens are already lower-cased where it matters (Latin words).
    vectorizer = CountVectorizer(tokenizer=str.split, lowercase=False, token_pattern=None,
                                 ngram_range=(1, 2) if args.bigrams else (1, 1))
    x_train = vectorizer.fit_transform(r["tokens"] for r in train)
    model = MultinomialNB(alpha=args.alpha)  # fit_prior: log(class share), as zq
    model.fit(x_train, [r["label"] for r in train])
    # classes_ are sorted and argmax takes the first maximum: a tie goes to the first label in
    # code-point (= UTF-8 byte) order, as in zq.
    predicted = model.predict(vectorizer.transform(r["tokens"] for r in test))
    with open(args.out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "label", "predicted_label"])
        for r, p in zip(test, predicted):
            w.writerow([r["id"], r["label"], p])
    right = sum(r["label"] == p for r, p in zip(test, predicted))
    print(f"scikit-learn {sklearn.__version__}, numpy {numpy.__version__}, python "
          f"{sys.version.split()[0]}: MultinomialNB(alpha={args.alpha}), "
          f"{'unigrams+bigrams' if args.bigrams else 'unigrams'}, "
          f"{len(train)} training rows, vocabulary {len(vectorizer.vocabulary_)}")
    print(f"held-out accuracy: {right}/{len(test)} = {right / len(test):.4f}")


if __name__ == "__main__":
    main()
