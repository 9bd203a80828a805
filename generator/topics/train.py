"""Train the kind model (`make model`): `python -m generator.topics.train [--corpora PATH]`.

Every candidate the extractor proposes in the training documents is labelled from the gold
annotations: the kind of the gold name it matches (as `evaluate.py` matches), 'other' for a
WikiGold MISC name, 'none' for a candidate no gold name covers in a fully annotated CoNLL text.
ECB+ annotates only the participants of its events, so its unmatched candidates are not used as
'none'. Training reads only the tuning part (UNER English-EWT train, WikiGold train, ECB+ topics
1-22) and the dev parts (EWT dev, WikiGold dev), which first choose the regularisation; the
held-out part is never read here.

The result is written as `kinds.json`: classes, intercepts and per-feature weights, rounded and
sorted, so the same data and versions give the same bytes.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .corpora import Document, conll, ecbplus
from .evaluate import DEFAULT_CORPORA, gold_names
from .extract import candidates, headings
from .kinds import CLASSES, MODEL
from .names import name_key

MIN_FEATURE_COUNT = 2  # a feature seen once teaches nothing and costs bytes
SEED = 12


def labelled(documents: list[Document], negatives: bool) -> tuple[list[dict], list[str]]:
    rows, labels = [], []
    for document in documents:
        text = document.article.body_text
        names = gold_names(document.gold, text)
        for group, feature_values in candidates(text, headings(document.article)):
            keys = {group.key} | {name_key(text[s:e]) for s, e, _ in group.spans}
            kind = next((kind for name_keys, kind in names if name_keys & keys), None)
            if kind == "facility":
                continue  # a place or an organisation: the gold does not say which
            if kind is None:
                if not negatives:
                    continue
                kind = "none"
            rows.append(feature_values)
            labels.append({"misc": "other"}.get(kind, kind))
    return rows, labels


def training_sets(root: Path):
    ner = root / "ner-train"
    train = [labelled(conll(ner / "uner-english" / "train.conll", "ewt-train"), True),
             labelled(conll(ner / "wikigold" / "train.conll", "wikigold-train"), True),
             labelled(ecbplus(root / "ecbplus", range(1, 23)), False)]
    dev = [labelled(conll(ner / "uner-english" / "dev.conll", "ewt-dev"), True),
           labelled(conll(ner / "wikigold" / "dev.conll", "wikigold-dev"), True)]
    join = lambda sets: ([r for rows, _ in sets for r in rows], [l for _, labels in sets for l in labels])  # noqa: E731
    return join(train), join(dev)


def fit(rows: list[dict], labels: list[str], c: float):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    counts: dict[str, int] = {}
    for row in rows:
        for name in row:
            counts[name] = counts.get(name, 0) + 1
    kept = [{k: v for k, v in row.items() if counts[k] >= MIN_FEATURE_COUNT} for row in rows]
    vectoriser = DictVectorizer(sort=True)
    matrix = vectoriser.fit_transform(kept)
    classifier = LogisticRegression(C=c, max_iter=3000, random_state=SEED)
    classifier.fit(matrix, labels)
    return vectoriser, classifier


def as_json(vectoriser, classifier) -> str:
    order = [list(classifier.classes_).index(c) for c in CLASSES if c in classifier.classes_]
    classes = [classifier.classes_[i] for i in order]
    weights = {}
    for column, name in enumerate(vectoriser.get_feature_names_out()):
        row = [round(float(classifier.coef_[i, column]), 4) for i in order]
        if any(abs(w) >= 1e-3 for w in row):
            weights[name] = row
    data = {"classes": classes, "intercept": [round(float(classifier.intercept_[i]), 4) for i in order],
            "weights": dict(sorted(weights.items()))}
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False, sort_keys=False) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.topics.train", description=__doc__.split("\n")[0])
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--output", type=Path, default=MODEL)
    args = parser.parse_args(argv)
    if not (args.corpora / "ner-train").is_dir():
        print(f"no corpora at {args.corpora}", file=sys.stderr)
        return 2
    (rows, labels), (dev_rows, dev_labels) = training_sets(args.corpora)
    print(f"{len(rows)} training candidates, {len(dev_rows)} dev candidates")
    best = None
    for c in (0.3, 1.0, 3.0):
        vectoriser, classifier = fit(rows, labels, c)
        accuracy = classifier.score(vectoriser.transform(dev_rows), dev_labels)
        print(f"C={c}: dev accuracy {accuracy:.3f}")
        if best is None or accuracy > best[0]:
            best = (accuracy, c, vectoriser, classifier)
    _, c, _, _ = best
    vectoriser, classifier = fit(rows + dev_rows, labels + dev_labels, c)  # the chosen C, all tuning data
    args.output.write_text(as_json(vectoriser, classifier), encoding="utf-8")
    print(f"C={c}: wrote {args.output} ({args.output.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
