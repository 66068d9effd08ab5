"""Oracle: scikit-learn's make_multilabel_classification. Reads a JSON list of parameter objects
on stdin, prints a list of {"X": [[...]], "Y": [[...]]} (or {"error": message}) in the same order."""
import json
import sys

from sklearn.datasets import make_multilabel_classification


def answer(params):
    try:
        X, Y = make_multilabel_classification(**params)
    except ValueError as e:
        return {"error": str(e)}
    return {"X": X.tolist(), "Y": Y.tolist()}


print(json.dumps([answer(p) for p in json.load(sys.stdin)]))
