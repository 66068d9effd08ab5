"""Oracle: scikit-learn's preprocessing of mixed tables. Reads a JSON request on stdin, prints JSON.

Tables are {"columns": [{"name", "kind": "numeric" | "categorical" | "code", "values": [...]}]}
with null for a missing cell; "code" columns are numbers treated as categories (pandas reads them
as numbers, so their categories sort by value).

{"op": "column_transformer", "train": TABLE, "test": TABLE, "impute": "median" | "mean" |
 "most_frequent" | "constant:V" | "none", "add_indicator", "min_frequency", "max_categories"}
    -> {"train": [[...]], "test": [[...]], "names": [...]}
    ColumnTransformer([("num", SimpleImputer(...) or "passthrough", numeric),
                       ("cat", OneHotEncoder(handle_unknown="ignore", ...), categorical)],
                      verbose_feature_names_out=False)
{"op": "simple_imputer", "fit": [[...]], "transform": [[...]], "strategy", "fill_value",
 "add_indicator"}                                    -> {"statistics": [...], "Z": [[...]]}
{"op": "label_encoder", "y": [...], "transform": [...]}  -> {"classes": [...], "codes": [...]}
A list of requests gets the list of replies.
"""
import json
import sys

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.preprocessing import LabelEncoder, OneHotEncoder


def frame(table):
    data = {}
    for c in table["columns"]:
        if c["kind"] == "categorical":
            data[c["name"]] = pd.Series([np.nan if v is None else v for v in c["values"]],
                                        dtype=object)
        else:
            data[c["name"]] = pd.Series([np.nan if v is None else v for v in c["values"]],
                                        dtype=float)
    return pd.DataFrame(data)


def imputer(spec, add_indicator):
    if spec.startswith("constant:"):
        return SimpleImputer(strategy="constant", fill_value=float(spec[9:]),
                             add_indicator=add_indicator)
    return SimpleImputer(strategy=spec, add_indicator=add_indicator)


def matrix(a):
    a = np.asarray(a, dtype=float)
    return [[None if np.isnan(v) else v for v in row] for row in a]


def answer(req):
    op = req["op"]
    if op == "column_transformer":
        train, test = frame(req["train"]), frame(req["test"])
        numeric = [c["name"] for c in req["train"]["columns"] if c["kind"] == "numeric"]
        categorical = [c["name"] for c in req["train"]["columns"] if c["kind"] != "numeric"]
        num = "passthrough" if req["impute"] == "none" else imputer(req["impute"],
                                                                   req["add_indicator"])
        mf = req["min_frequency"]
        mf = None if mf == 0 else (int(mf) if mf >= 1 else mf)
        mc = req["max_categories"] or None
        enc = OneHotEncoder(handle_unknown="ignore", min_frequency=mf, max_categories=mc,
                            sparse_output=False)
        ct = ColumnTransformer([("num", num, numeric), ("cat", enc, categorical)],
                               verbose_feature_names_out=False)
        Ztrain = ct.fit_transform(train)
        Ztest = ct.transform(test)
        return {"train": matrix(Ztrain), "test": matrix(Ztest),
                "names": [str(n) for n in ct.get_feature_names_out()]}
    if op == "simple_imputer":
        X = np.array([[np.nan if v is None else v for v in r] for r in req["fit"]], dtype=float)
        Z = np.array([[np.nan if v is None else v for v in r] for r in req["transform"]],
                     dtype=float)
        imp = imputer(req["strategy"], req["add_indicator"]).fit(X)
        return {"statistics": [None if np.isnan(s) else s for s in imp.statistics_],
                "Z": matrix(imp.transform(Z))}
    if op == "label_encoder":
        e = LabelEncoder().fit(req["y"])
        return {"classes": [str(c) for c in e.classes_],
                "codes": e.transform(req["transform"]).tolist()}
    raise SystemExit("unknown op " + op)


import warnings  # noqa: E402  (all-missing columns warn; the reply shows what happened)

warnings.simplefilter("ignore")
req = json.load(sys.stdin)
json.dump([answer(r) for r in req] if isinstance(req, list) else answer(req), sys.stdout)
