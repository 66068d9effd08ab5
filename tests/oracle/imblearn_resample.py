"""Oracle: imbalanced-learn 0.10's samplers. Reads a JSON request on stdin, prints JSON.

{"method": "smote" | "borderline-smote" | "adasyn" | "random-over" | "random-under" | "beta",
 "X": [[...], ...], "y": [...], "sampling_strategy": 0.5 | "auto" | {"0": 10, ...},
 "random_state": 0, "k": 5, "m": 10, "kind": 1, "replacement": false}
    -> {"X": [[...], ...], "y": [...], "sample_indices": [...] (random samplers only)}
       or {"error": "message"} when imbalanced-learn refuses the request.
{"method": "beta", "random_state": s, "a": 10, "b": 10} -> {"value": RandomState(s).beta(a, b)}
{"method": "kneighbors", "fit": [[...]], "query": [[...]], "k": 6} -> {"indices": [[...]]}
A list of requests gets the list of replies (one interpreter start for many questions).

scikit-learn's brute-force neighbour search orders tied neighbours differently with its OpenMP
thread count when it splits the work over the fitted rows; rarenet reproduces its one-thread
order, so the oracle runs on one thread.
"""
import os

os.environ["OMP_NUM_THREADS"] = "1"

import json  # noqa: E402
import sys  # noqa: E402
import warnings  # noqa: E402

import numpy as np  # noqa: E402
from imblearn.over_sampling import ADASYN, SMOTE, BorderlineSMOTE, RandomOverSampler  # noqa: E402
from imblearn.under_sampling import RandomUnderSampler  # noqa: E402
from sklearn.neighbors import NearestNeighbors  # noqa: E402


def strategy(s):
    if isinstance(s, dict):
        return {int(k): int(v) for k, v in s.items()}
    return s


def answer(req):
    method = req["method"]
    if method == "beta":
        rs = np.random.RandomState(req["random_state"])
        return {"value": float(rs.beta(req["a"], req["b"]))}
    if method == "kneighbors":
        nn = NearestNeighbors(n_neighbors=req["k"]).fit(np.asarray(req["fit"], dtype=np.float64))
        ind = nn.kneighbors(np.asarray(req["query"], dtype=np.float64), return_distance=False)
        return {"indices": ind.tolist(), "method": nn._fit_method}
    X = np.asarray(req["X"], dtype=np.float64)
    y = np.asarray(req["y"], dtype=np.int64)
    common = {"sampling_strategy": strategy(req.get("sampling_strategy", "auto")),
              "random_state": req.get("random_state", 0)}
    if method == "smote":
        s = SMOTE(k_neighbors=req.get("k", 5), **common)
    elif method == "borderline-smote":
        s = BorderlineSMOTE(k_neighbors=req.get("k", 5), m_neighbors=req.get("m", 10),
                            kind="borderline-%d" % req.get("kind", 1), **common)
    elif method == "adasyn":
        s = ADASYN(n_neighbors=req.get("k", 5), **common)
    elif method == "random-over":
        s = RandomOverSampler(**common)
    elif method == "random-under":
        s = RandomUnderSampler(replacement=req.get("replacement", False), **common)
    else:
        raise SystemExit("unknown method " + method)
    if common["sampling_strategy"] == "minority":
        # imbalanced-learn 0.10's parameter constraints list "majority" twice where "minority"
        # was meant; its sampling code handles "minority", so the check is skipped for it.
        s._validate_params = lambda: None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            Xr, yr = s.fit_resample(X, y)
    except (ValueError, RuntimeError, IndexError) as e:
        return {"error": str(e)}
    out = {"X": Xr.tolist(), "y": yr.tolist()}
    if hasattr(s, "sample_indices_"):
        out["sample_indices"] = np.asarray(s.sample_indices_).tolist()
    return out


req = json.load(sys.stdin)
json.dump([answer(r) for r in req] if isinstance(req, list) else answer(req), sys.stdout)
