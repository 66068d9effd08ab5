"""Oracle: scikit-learn's data functions. Reads a JSON request on stdin, prints JSON.

{"op": "make_classification", "params": {...}}            -> {"X": [[...]], "y": [...]}
{"op": "train_test_split", "n": N, "params": {...}, "y": [...] or null}
                                                          -> {"train": [...], "test": [...]}
{"op": "stratified_kfold", "y": [...], "n_splits", "shuffle", "random_state"}
                                                          -> {"folds": [fold of each row]}
{"op": "compute_class_weight", "classes": [...], "y": [...]} -> {"weights": [...]}
{"op": "standard_scaler", "X": [[...]], "Z": [[...]]}     -> {"mean", "scale", "Z"}
{"op": ..., ...} that scikit-learn rejects                -> {"error": "<message>"}
A list of requests gets the list of replies (one interpreter start for many questions).
"""
import json
import sys

import numpy as np
from sklearn.datasets import make_classification
from sklearn.model_selection import StratifiedKFold, train_test_split
from sklearn.preprocessing import StandardScaler
from sklearn.utils.class_weight import compute_class_weight



def answer(req):
    op = req["op"]
    try:
        if op == "make_classification":
            X, y = make_classification(**req["params"])
            out = {"X": X.tolist(), "y": y.tolist()}
        elif op == "train_test_split":
            idx = np.arange(req["n"])
            params = dict(req["params"])
            if req.get("y") is not None:
                params["stratify"] = np.asarray(req["y"])
            train, test = train_test_split(idx, **params)
            out = {"train": train.tolist(), "test": test.tolist()}
        elif op == "stratified_kfold":
            y = np.asarray(req["y"])
            folds = np.zeros(len(y), dtype=int)
            skf = StratifiedKFold(
                n_splits=req["n_splits"],
                shuffle=req["shuffle"],
                random_state=req["random_state"] if req["shuffle"] else None,
            )
            for k, (_, test) in enumerate(skf.split(np.zeros(len(y)), y)):
                folds[test] = k
            out = {"folds": folds.tolist()}
        elif op == "compute_class_weight":
            classes = np.asarray(req["classes"])
            w = compute_class_weight("balanced", classes=classes, y=np.asarray(req["y"]))
            out = {"weights": w.tolist()}
        elif op == "standard_scaler":
            s = StandardScaler().fit(np.asarray(req["X"]))
            out = {"mean": s.mean_.tolist(), "scale": s.scale_.tolist(),
                   "Z": s.transform(np.asarray(req["Z"])).tolist()}
        else:
            raise SystemExit("unknown op " + op)
    except ValueError as e:
        out = {"error": str(e)}
    return out


req = json.load(sys.stdin)
json.dump([answer(r) for r in req] if isinstance(req, list) else answer(req), sys.stdout)
